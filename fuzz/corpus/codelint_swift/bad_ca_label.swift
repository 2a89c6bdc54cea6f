// Bad: CA certificates are stored under their common name, and a root without a CN has none.
// (No fallback to the subject summary.)
import NetworkExtension
import Security

func pin(eap: NEHotspotEAPSettings, caDER: Data, group: String) -> Bool {
    guard let ca = SecCertificateCreateWithData(nil, caDER as CFData) else { return false }
    var commonName: CFString?
    SecCertificateCopyCommonName(ca, &commonName) // expect: code-ca-label-needs-cn
    let attributes: [String: Any] = [
        kSecValueRef as String: ca,
        kSecAttrAccessGroup as String: group,
        kSecAttrAccessible as String: kSecAttrAccessibleAfterFirstUnlock,
        kSecAttrLabel as String: commonName as String? ?? "",
    ]
    SecItemAdd(attributes as CFDictionary, nil)
    eap.trustedServerNames = ["radius.example.com"]
    return eap.setTrustedServerCertificates([ca])
}
