// Bad: the code most often posted when an iPhone answers "invalid EAP settings". The access
// group is given to SecPKCS12Import (no effect on iOS), nothing is added to the keychain, the
// in-memory identity goes to setIdentity whose result is ignored, and trustedServerNames is
// the realm.
import NetworkExtension

func configure(certificate: Data, password: String, realm: String) {
    let options: [String: Any] = [
        kSecImportExportPassphrase as String: password,
        kSecAttrAccessGroup as String: "ABCDE12345.com.apple.networkextensionsharing", // expect: code-p12import-options-ignored
    ]
    var items: CFArray?
    let status = SecPKCS12Import(certificate as CFData, options as CFDictionary, &items) // expect: code-identity-not-in-keychain
    guard status == errSecSuccess, let array = items as? [[String: Any]], let first = array.first else { return }
    let identity = first[kSecImportItemIdentity as String] as! SecIdentity

    let hs = NEHotspotHS20Settings(domainName: realm, roamingEnabled: false)
    hs.naiRealmNames = [realm]
    let eap = NEHotspotEAPSettings()
    eap.supportedEAPTypes = [NEHotspotEAPSettings.EAPType.EAPTLS.rawValue as NSNumber]
    eap.isTLSClientCertificateRequired = true
    eap.trustedServerNames = [realm] // expect: code-trusted-names-realm
    eap.outerIdentity = "anonymous" // expect: code-eap-tls-credentials-ignored
    eap.setIdentity(identity) // expect: code-set-identity-result-ignored, code-set-identity-not-from-keychain
    let configuration = NEHotspotConfiguration(hs20Settings: hs, eapSettings: eap)
    NEHotspotConfigurationManager.shared.apply(configuration) { error in
        print(error?.localizedDescription ?? "ok")
    }
}
