// Good: one builder per EAP method, as apps that serve several institutions have. The TLS builder
// gets its identity from a helper in this file that stores it and reads it back; variable names
// repeat across functions (each is its own scope); username/password belong to the PEAP builder.
import NetworkExtension
import Security

final class Provisioner {
    private let group = "ABCDE12345.com.apple.networkextensionsharing"
    private let label = "Identity example-app"

    private func storedIdentity(pkcs12: Data, passphrase: String) throws -> SecIdentity {
        var rawItems: CFArray?
        let status = SecPKCS12Import(pkcs12 as CFData, [kSecImportExportPassphrase as String: passphrase] as CFDictionary, &rawItems)
        guard status == errSecSuccess, let items = rawItems as? [[String: Any]], let item = items.first else {
            throw NSError(domain: "p12", code: Int(status))
        }
        let identity = item[kSecImportItemIdentity as String] as! SecIdentity
        let chain = item[kSecImportItemCertChain as String] as? [SecCertificate] ?? []
        SecItemDelete([kSecClass as String: kSecClassIdentity, kSecAttrLabel as String: label, kSecAttrAccessGroup as String: group] as CFDictionary)
        var query: [String: Any] = [kSecValueRef as String: identity]
        query[kSecAttrLabel as String] = label
        query[kSecAttrAccessGroup as String] = group
        query[kSecAttrAccessible as String] = kSecAttrAccessibleAfterFirstUnlock
        var added = SecItemAdd(query as CFDictionary, nil)
        guard added == errSecSuccess || added == errSecDuplicateItem else { throw NSError(domain: "add", code: Int(added)) }
        for certificate in chain {
            var query: [String: Any] = [kSecValueRef as String: certificate]
            query[kSecAttrAccessGroup as String] = group
            query[kSecAttrAccessible as String] = kSecAttrAccessibleAfterFirstUnlock
            added = SecItemAdd(query as CFDictionary, nil)
            guard added == errSecSuccess || added == errSecDuplicateItem else { throw NSError(domain: "chain", code: Int(added)) }
        }
        var ref: CFTypeRef?
        let found = SecItemCopyMatching([
            kSecClass as String: kSecClassIdentity,
            kSecAttrLabel as String: label,
            kSecAttrAccessGroup as String: group,
            kSecReturnRef as String: true,
        ] as CFDictionary, &ref)
        guard found == errSecSuccess, let ref else { throw NSError(domain: "fetch", code: Int(found)) }
        return ref as! SecIdentity
    }

    func tlsSettings(pkcs12: Data, passphrase: String) throws -> NEHotspotEAPSettings {
        let settings = NEHotspotEAPSettings()
        settings.supportedEAPTypes = [NSNumber(value: NEHotspotEAPSettings.EAPType.EAPTLS.rawValue)]
        settings.trustedServerNames = ["radius.example.ac.uk"]
        let identity = try storedIdentity(pkcs12: pkcs12, passphrase: passphrase)
        guard settings.setIdentity(identity) else { throw NSError(domain: "identity", code: 0) }
        return settings
    }

    func peapSettings(username: String, password: String) -> NEHotspotEAPSettings {
        let settings = NEHotspotEAPSettings()
        settings.supportedEAPTypes = [NSNumber(value: NEHotspotEAPSettings.EAPType.EAPPEAP.rawValue)]
        settings.trustedServerNames = ["radius.example.ac.uk"]
        settings.username = username
        settings.password = password
        settings.outerIdentity = "anonymous@example.ac.uk"
        return settings
    }
}
