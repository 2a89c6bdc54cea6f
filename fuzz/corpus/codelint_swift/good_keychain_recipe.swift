// Good: the field recipe. Import, delete this app's old identity by label, add identity and chain
// to the networkextensionsharing group (AfterFirstUnlock, no kSecClass), accept duplicates, fetch
// the identity back with kSecReturnRef, check setIdentity, pin the CA from the keychain.
import Foundation
import NetworkExtension
import Security

enum ProvisioningError: Error {
    case importFailed(OSStatus)
    case keychain(OSStatus)
    case rejected
}

func installPasspoint(p12: Data, passphrase: String, teamPrefix: String, caDER: Data) throws -> NEHotspotConfiguration {
    let group = "\(teamPrefix).com.apple.networkextensionsharing"
    let itemLabel = "campus-wifi"
    var rawItems: CFArray?
    let imported = SecPKCS12Import(p12 as CFData, [kSecImportExportPassphrase as String: passphrase] as CFDictionary, &rawItems)
    guard imported == errSecSuccess, let entries = rawItems as? [[String: Any]], let entry = entries.first else {
        throw ProvisioningError.importFailed(imported)
    }
    let memoryIdentity = entry[kSecImportItemIdentity as String] as! SecIdentity
    let certificateChain = entry[kSecImportItemCertChain as String] as? [SecCertificate] ?? []

    SecItemDelete([kSecClass as String: kSecClassIdentity, kSecAttrAccessGroup as String: group, kSecAttrLabel as String: itemLabel] as CFDictionary)

    var attributes: [String: Any] = [:]
    attributes[kSecValueRef as String] = memoryIdentity
    attributes[kSecAttrAccessGroup as String] = group
    attributes[kSecAttrAccessible as String] = kSecAttrAccessibleAfterFirstUnlock
    attributes[kSecAttrLabel as String] = itemLabel
    let status = SecItemAdd(attributes as CFDictionary, nil)
    if status != errSecSuccess && status != errSecDuplicateItem {
        throw ProvisioningError.keychain(status)
    }
    for intermediate in certificateChain.dropFirst() {
        let certStatus = SecItemAdd([
            kSecValueRef as String: intermediate,
            kSecAttrAccessGroup as String: group,
            kSecAttrAccessible as String: kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly,
        ] as CFDictionary, nil)
        if certStatus != errSecSuccess && certStatus != errSecDuplicateItem {
            throw ProvisioningError.keychain(certStatus)
        }
    }

    guard let caCertificate = SecCertificateCreateWithData(nil, caDER as CFData) else {
        throw ProvisioningError.rejected
    }
    // Label by CN, falling back to the subject summary for a CA without one.
    var caName: CFString?
    SecCertificateCopyCommonName(caCertificate, &caName)
    let caLabel = (caName as String?) ?? (SecCertificateCopySubjectSummary(caCertificate) as String?) ?? "campus-wifi CA"
    let caStatus = SecItemAdd([
        kSecValueRef as String: caCertificate,
        kSecAttrAccessGroup as String: group,
        kSecAttrAccessible as String: kSecAttrAccessibleAfterFirstUnlock,
        kSecAttrLabel as String: caLabel,
    ] as CFDictionary, nil)
    if caStatus != errSecSuccess && caStatus != errSecDuplicateItem {
        throw ProvisioningError.keychain(caStatus)
    }

    var found: CFTypeRef?
    let query: [String: Any] = [
        kSecClass as String: kSecClassIdentity,
        kSecAttrAccessGroup as String: group,
        kSecAttrLabel as String: itemLabel,
        kSecReturnRef as String: true,
    ]
    guard SecItemCopyMatching(query as CFDictionary, &found) == errSecSuccess, let keychainItem = found else {
        throw ProvisioningError.rejected
    }
    let keychainIdentity = keychainItem as! SecIdentity

    let eap = NEHotspotEAPSettings()
    eap.supportedEAPTypes = [NEHotspotEAPSettings.EAPType.EAPTLS.rawValue as NSNumber]
    eap.trustedServerNames = ["radius.campus.example.edu", "*.eduroam.example.edu"]
    guard eap.setIdentity(keychainIdentity) else {
        throw ProvisioningError.rejected
    }
    guard eap.setTrustedServerCertificates([caCertificate]) else {
        throw ProvisioningError.rejected
    }
    let hs20 = NEHotspotHS20Settings(domainName: "campus.example.edu", roamingEnabled: true)
    hs20.naiRealmNames = ["campus.example.edu"]
    hs20.roamingConsortiumOIs = ["001BC50460", "5A03BA0000"]
    hs20.mccAndMNCs = ["310026"]
    return NEHotspotConfiguration(hs20Settings: hs20, eapSettings: eap)
}
