// Good: the identity comes from a helper defined in the same file, which stores it in the
// sharing group and fetches it back with kSecReturnRef; the linter follows it.
import NetworkExtension
import Security

private let sharingGroup = "ABCDE12345.com.apple.networkextensionsharing"

func keychainIdentity(importing pkcs12: Data, password: String, label: String) -> SecIdentity? {
    var items: CFArray?
    guard SecPKCS12Import(pkcs12 as CFData, [kSecImportExportPassphrase as String: password] as CFDictionary, &items) == errSecSuccess,
          let first = (items as? [[String: Any]])?.first else { return nil }
    let imported = first[kSecImportItemIdentity as String] as! SecIdentity
    let chain = first[kSecImportItemCertChain as String] as? [SecCertificate] ?? []
    SecItemDelete([kSecClass as String: kSecClassIdentity, kSecAttrAccessGroup as String: sharingGroup, kSecAttrLabel as String: label] as CFDictionary)
    let added = SecItemAdd([
        kSecValueRef as String: imported,
        kSecAttrAccessGroup as String: sharingGroup,
        kSecAttrAccessible as String: kSecAttrAccessibleAfterFirstUnlock,
        kSecAttrLabel as String: label,
    ] as CFDictionary, nil)
    guard added == errSecSuccess || added == errSecDuplicateItem else { return nil }
    for chainCertificate in chain.dropFirst() {
        _ = SecItemAdd([
            kSecValueRef as String: chainCertificate,
            kSecAttrAccessGroup as String: sharingGroup,
            kSecAttrAccessible as String: kSecAttrAccessibleAfterFirstUnlock,
        ] as CFDictionary, nil)
    }
    var result: CFTypeRef?
    let query: [String: Any] = [
        kSecClass as String: kSecClassIdentity,
        kSecAttrAccessGroup as String: sharingGroup,
        kSecAttrLabel as String: label,
        kSecReturnRef as String: true,
    ]
    guard SecItemCopyMatching(query as CFDictionary, &result) == errSecSuccess else { return nil }
    return (result as! SecIdentity)
}

func eapSettings(pkcs12: Data, password: String) -> NEHotspotEAPSettings? {
    let eap = NEHotspotEAPSettings()
    eap.supportedEAPTypes = [NEHotspotEAPSettings.EAPType.EAPTLS.rawValue as NSNumber]
    eap.trustedServerNames = ["radius.example.net"]
    guard let identity = keychainIdentity(importing: pkcs12, password: password, label: "example-net"),
          eap.setIdentity(identity) else { return nil }
    return eap
}
