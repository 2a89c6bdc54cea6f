// Bad: the realm written out as the trusted server name, and eleven CA certificates.
import NetworkExtension

func settings(identity: SecIdentity, cas: [SecCertificate]) -> NEHotspotConfiguration? {
    let eap = NEHotspotEAPSettings()
    eap.supportedEAPTypes = [NEHotspotEAPSettings.EAPType.EAPTLS.rawValue as NSNumber]
    eap.trustedServerNames = ["example.org", "radius.example.org"] // expect: code-trusted-names-realm
    let group = "ABCDE12345.com.apple.networkextensionsharing"
    for ca in cas {
        let status = SecItemAdd([kSecValueRef as String: ca, kSecAttrAccessGroup as String: group, kSecAttrAccessible as String: kSecAttrAccessibleAfterFirstUnlock] as CFDictionary, nil)
        if status != errSecSuccess && status != errSecDuplicateItem { return nil }
    }
    guard eap.setTrustedServerCertificates([cas[0], cas[1], cas[2], cas[3], cas[4], cas[5], cas[6], cas[7], cas[8], cas[9], cas[10]]) else { return nil } // expect: settings-too-many-trusted-certificates
    guard eap.setIdentity(identity) else { return nil } // expect: code-not-followed
    let hs = NEHotspotHS20Settings(domainName: "example.org", roamingEnabled: true)
    hs.naiRealmNames = ["example.org"]
    return NEHotspotConfiguration(hs20Settings: hs, eapSettings: eap)
}
