// Bad for the linter: the identity comes from a helper in another file, and the CA certificate
// is created from bytes but never stored in the keychain before setTrustedServerCertificates.
import NetworkExtension

func eapSettings(caData: Data) -> NEHotspotEAPSettings? {
    let eap = NEHotspotEAPSettings()
    eap.supportedEAPTypes = [NEHotspotEAPSettings.EAPType.EAPTLS.rawValue as NSNumber]
    guard let ca = SecCertificateCreateWithData(nil, caData as CFData) else { return nil }
    guard eap.setTrustedServerCertificates([ca]) else { return nil } // expect: code-trusted-certificates-not-in-keychain
    guard eap.setIdentity(KeychainHelper.loadIdentity()) else { return nil } // expect: code-not-followed
    return eap
}

// A helper in this file that never stores the identity: followed, and reported.
func memoryIdentity(_ p12: Data, _ password: String) -> SecIdentity? {
    var items: CFArray?
    _ = SecPKCS12Import(p12 as CFData, [kSecImportExportPassphrase as String: password] as CFDictionary, &items) // expect: code-identity-not-in-keychain
    return ((items as? [[String: Any]])?.first?[kSecImportItemIdentity as String] as! SecIdentity)
}

func configure(eap: NEHotspotEAPSettings, p12: Data) -> Bool {
    return eap.setIdentity(memoryIdentity(p12, "secret")!) // expect: code-set-identity-not-from-keychain
}
