// Bad: the identity is added, but with kSecClass (errSecInternal), into the app's default group,
// readable only while unlocked; the chain is dropped, a duplicate is an error, old identities
// stay, and the identity is read back as a persistent reference cast to SecIdentity.
// lint-options: server-names=radius.example.com
import NetworkExtension
import Security

func store(pkcs12: Data, password: String) -> NEHotspotEAPSettings? {
    var items: CFArray?
    guard SecPKCS12Import(pkcs12 as CFData, [kSecImportExportPassphrase as String: password] as CFDictionary, &items) == errSecSuccess else { return nil }
    let dict = (items as! [[String: Any]])[0]
    let imported = dict[kSecImportItemIdentity as String] as! SecIdentity
    let add: [String: Any] = [
        kSecClass as String: kSecClassIdentity, // expect: code-add-identity-with-class
        kSecValueRef as String: imported,
        kSecAttrLabel as String: "wifi",
    ]
    let status = SecItemAdd(add as CFDictionary, nil) // expect: code-keychain-group-missing, code-keychain-accessible-locked, code-chain-not-added, code-duplicate-item-failure, code-stale-identity-not-deleted
    if status != errSecSuccess { return nil }
    let query: [String: Any] = [
        kSecClass as String: kSecClassIdentity,
        kSecAttrLabel as String: "wifi",
        kSecReturnPersistentRef as String: true,
    ]
    var ref: CFTypeRef?
    SecItemCopyMatching(query as CFDictionary, &ref)
    let eap = NEHotspotEAPSettings()
    eap.supportedEAPTypes = [13]
    eap.trustedServerNames = ["radius.example.com", "aaa.example.com"] // expect: server-name-mismatch
    guard eap.setIdentity(ref as! SecIdentity) else { return nil } // expect: code-persistent-ref-as-identity
    return eap
}
