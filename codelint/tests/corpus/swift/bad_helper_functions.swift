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
