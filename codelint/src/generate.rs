//! `hs20check profile … --format swift|objc`: a Swift (or Objective-C) function that provisions
//! exactly the settings `check` validated, the way that works on devices — SecPKCS12Import, SecItemAdd of the identity
//! and its chain into the networkextensionsharing group (AfterFirstUnlock, labelled, old items
//! deleted by label, errSecDuplicateItem accepted), the identity fetched back with kSecReturnRef,
//! setIdentity / setTrustedServerCertificates checked, and every NEHotspotConfigurationError
//! mapped to the hs20check rule that explains it. The PKCS#12 and its password are parameters,
//! never embedded; the CA certificates (public) are.

use base64::Engine as _;

/// The settings to provision.
#[derive(Debug, Clone)]
pub struct ProvisioningSpec {
    /// Name of the generated Swift function.
    pub function_name: String,
    pub realm: String,
    pub domain_name: String,
    pub nai_realms: Vec<String>,
    /// Uppercase hex (API-07).
    pub roaming_consortium_ois: Vec<String>,
    pub mcc_mncs: Vec<String>,
    pub roaming_enabled: bool,
    /// Names the RADIUS server certificate presents (what `check` matched).
    pub trusted_server_names: Vec<String>,
    /// DER CA certificates for setTrustedServerCertificates (at most 10, API-13).
    pub ca_certificates: Vec<Vec<u8>>,
    /// kSecAttrLabel prefix of the keychain items this app owns.
    pub label: String,
}

impl ProvisioningSpec {
    pub fn new(realm: &str) -> Self {
        ProvisioningSpec {
            function_name: "provisionHotspot".into(),
            realm: realm.into(),
            domain_name: realm.into(),
            nai_realms: vec![realm.into()],
            roaming_consortium_ois: vec![],
            mcc_mncs: vec![],
            roaming_enabled: true,
            trusted_server_names: vec![],
            ca_certificates: vec![],
            label: format!("hs20check {realm}"),
        }
    }
}

/// A Swift string literal.
fn lit(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// How one language writes the settings assignments both generators emit.
struct Dialect {
    list: fn(&[String]) -> String,
    /// Statement terminator (`""` in Swift, `";"` in Objective-C).
    end: &'static str,
    /// The MCC/MNC property as the language imports it.
    mcc_mncs: &'static str,
}

const SWIFT: Dialect = Dialect {
    list: lit_list,
    end: "",
    mcc_mncs: "mccAndMNCs",
};

const OBJC: Dialect = Dialect {
    list: objc_list,
    end: ";",
    mcc_mncs: "MCCAndMNCs",
};

/// The optional NEHotspotHS20Settings assignments and the trustedServerNames assignment, in the
/// generator's language: the same settings `check` validated, whichever language is written.
fn settings_lines(spec: &ProvisioningSpec, d: &Dialect) -> (String, String) {
    let mut hs20 = String::new();
    for (property, values) in [
        ("naiRealmNames", &spec.nai_realms),
        ("roamingConsortiumOIs", &spec.roaming_consortium_ois),
        (d.mcc_mncs, &spec.mcc_mncs),
    ] {
        if !values.is_empty() {
            hs20.push_str(&format!(
                "    hs20Settings.{property} = {}{}\n",
                (d.list)(values),
                d.end
            ));
        }
    }
    let trusted_names = if spec.trusted_server_names.is_empty() {
        String::new()
    } else {
        format!(
            "    // The names the RADIUS server certificate presents (SAN dNSName), as hs20check matched them.\n    eapSettings.trustedServerNames = {}{}\n",
            (d.list)(&spec.trusted_server_names),
            d.end
        )
    };
    (hs20, trusted_names)
}

fn lit_list(v: &[String]) -> String {
    format!(
        "[{}]",
        v.iter().map(|s| lit(s)).collect::<Vec<_>>().join(", ")
    )
}

/// A Swift identifier from a user-supplied function name (letters, digits, `_`).
fn ident(name: &str) -> String {
    let mut s: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, "provision");
    }
    s
}

/// The Swift source (one file: an error type and one function).
pub fn swift(spec: &ProvisioningSpec) -> String {
    let f = ident(&spec.function_name);
    let b64 = base64::engine::general_purpose::STANDARD;
    let cas: Vec<String> = spec
        .ca_certificates
        .iter()
        .map(|der| format!("        {},", lit(&b64.encode(der))))
        .collect();
    let trusted_certificates = if spec.ca_certificates.is_empty() {
        String::new()
    } else {
        format!(
            r#"
    // The RADIUS server's CA: stored in the sharing group, then pinned (API-13).
    let caCertificatesDER = [
{cas}
    ]
    var anchors: [SecCertificate] = []
    for (index, encoded) in caCertificatesDER.enumerated() {{
        guard let der = Data(base64Encoded: encoded),
              let anchor = SecCertificateCreateWithData(nil, der as CFData) else {{
            throw HotspotProvisioningError.invalidCACertificate(index)
        }}
        // Labelled by index: a CA without a CN has no name to label it by.
        let anchorLabel = "\(label) CA \(index)"
        _ = SecItemDelete([
            kSecClass as String: kSecClassCertificate,
            kSecAttrAccessGroup as String: accessGroup,
            kSecAttrLabel as String: anchorLabel,
        ] as CFDictionary)
        let anchorAttributes: [String: Any] = [
            kSecValueRef as String: anchor,
            kSecAttrAccessGroup as String: accessGroup,
            kSecAttrAccessible as String: kSecAttrAccessibleAfterFirstUnlock,
            kSecAttrLabel as String: anchorLabel,
        ]
        let anchorStatus = SecItemAdd(anchorAttributes as CFDictionary, nil)
        guard anchorStatus == errSecSuccess || anchorStatus == errSecDuplicateItem else {{
            throw HotspotProvisioningError.keychain("CA certificate \(index)", anchorStatus)
        }}
        anchors.append(anchor)
    }}
    guard eapSettings.setTrustedServerCertificates(anchors) else {{
        throw HotspotProvisioningError.setTrustedServerCertificatesFailed
    }}
"#,
            cas = cas.join("\n")
        )
    };
    let (hs20, trusted_names) = settings_lines(spec, &SWIFT);

    format!(
        r#"// Generated by `hs20check profile --format swift` for the realm {realm_comment}.
// It provisions exactly the settings hs20check checked; `hs20check lint --server-cert <the RADIUS
// server's chain>` on this file reports nothing.
//
// The app needs, in its .entitlements:
//   com.apple.developer.networking.HotspotConfiguration = true
//   keychain-access-groups: $(AppIdentifierPrefix)com.apple.networkextensionsharing
// Call it from the foreground; pass the PKCS#12 and its password at run time (never embed them).

import Foundation
import NetworkExtension
import Security

/// Why provisioning failed; each case names the hs20check rule that explains it
/// (`hs20check explain <rule>`).
enum HotspotProvisioningError: Error, CustomStringConvertible {{
    case pkcs12Import(OSStatus)
    case noIdentityInPKCS12
    case keychain(String, OSStatus)
    case identityNotFound(OSStatus)
    case setIdentityFailed
    case invalidCACertificate(Int)
    case setTrustedServerCertificatesFailed
    case configuration(NEHotspotConfigurationError?, Error)

    var description: String {{
        switch self {{
        case .pkcs12Import(let status):
            return "SecPKCS12Import failed (\(status)); errSecAuthFailed means a wrong password or an encryption iOS does not read [p12-modern-encryption]"
        case .noIdentityInPKCS12:
            return "the PKCS#12 holds no identity (certificate + private key) [identity-no-private-key]"
        case .keychain(let item, let status):
            return "SecItemAdd of the \(item) failed (\(status)); -34018 means keychain-access-groups lacks the networkextensionsharing group [entitlement-missing-keychain-group]"
        case .identityNotFound(let status):
            return "the identity is not in the networkextensionsharing group (\(status)) [code-identity-not-in-keychain]"
        case .setIdentityFailed:
            return "setIdentity returned false: the identity is not in the networkextensionsharing keychain group [code-set-identity-not-from-keychain]"
        case .invalidCACertificate(let index):
            return "CA certificate \(index) is not DER [code-trusted-certificates-not-in-keychain]"
        case .setTrustedServerCertificatesFailed:
            return "setTrustedServerCertificates returned false [code-trusted-certificates-not-in-keychain]"
        case .configuration(let code, let error):
            switch code {{
            case .invalidEAPSettings?:
                return "NEHotspotConfigurationError 4 invalidEAPSettings [code-identity-not-in-keychain, code-no-server-trust, code-eap-tls-combined]: \(error)"
            case .invalidHS20Settings?:
                return "NEHotspotConfigurationError 5 invalidHS20Settings [settings-mcc-mnc-invalid, settings-roaming-without-identifier]: \(error)"
            case .invalidHS20DomainName?:
                return "NEHotspotConfigurationError 6 invalidHS20DomainName [settings-domain-name-invalid]: \(error)"
            case .joinOnceNotSupported?:
                return "NEHotspotConfigurationError 12 joinOnceNotSupported [code-join-once-hs20]: \(error)"
            case .internal?:
                return "NEHotspotConfigurationError 8 internal; check the HotspotConfiguration entitlement [entitlement-missing-hotspot]: \(error)"
            case .applicationIsNotInForeground?:
                return "NEHotspotConfigurationError 14: call from the foreground: \(error)"
            case .userDenied?:
                return "NEHotspotConfigurationError 7: the user declined: \(error)"
            default:
                return "applyConfiguration failed: \(error)"
            }}
        }}
    }}
}}

/// Provisions the Passpoint network for {realm_comment}.
/// - Parameters:
///   - pkcs12: the client identity (PKCS#12, 3DES/SHA-1 MAC for iOS before 17)
///   - password: its password
///   - appIdentifierPrefix: the App ID prefix (Team ID), e.g. "ABCDE12345"
///   - completion: nil on success (also when already associated), else a HotspotProvisioningError
func {f}(pkcs12: Data, password: String, appIdentifierPrefix: String,
{pad}completion: @escaping (Error?) -> Void) {{
    let hotspotConfiguration: NEHotspotConfiguration
    do {{
        hotspotConfiguration = try {f}Configuration(pkcs12: pkcs12, password: password,
{pad2}appIdentifierPrefix: appIdentifierPrefix)
    }} catch {{
        completion(error)
        return
    }}
    NEHotspotConfigurationManager.shared.apply(hotspotConfiguration) {{ error in
        guard let error = error else {{
            completion(nil)
            return
        }}
        let nsError = error as NSError
        let code = nsError.domain == NEHotspotConfigurationErrorDomain
            ? NEHotspotConfigurationError(rawValue: nsError.code) : nil
        if code == .alreadyAssociated {{
            completion(nil)
        }} else {{
            completion(HotspotProvisioningError.configuration(code, error))
        }}
    }}
}}

private func {f}Configuration(pkcs12: Data, password: String,
{pad3}appIdentifierPrefix: String) throws -> NEHotspotConfiguration {{
    let accessGroup = "\(appIdentifierPrefix).com.apple.networkextensionsharing"
    let label = {label}

    // 1. Import: on iOS this only decodes into memory (P12-01).
    let importOptions: [String: Any] = [kSecImportExportPassphrase as String: password]
    var importedItems: CFArray?
    let importStatus = SecPKCS12Import(pkcs12 as CFData, importOptions as CFDictionary, &importedItems)
    guard importStatus == errSecSuccess,
          let items = importedItems as? [[String: Any]],
          let first = items.first,
          first[kSecImportItemIdentity as String] != nil else {{
        throw importStatus == errSecSuccess
            ? HotspotProvisioningError.noIdentityInPKCS12
            : HotspotProvisioningError.pkcs12Import(importStatus)
    }}
    let importedIdentity = first[kSecImportItemIdentity as String] as! SecIdentity
    let chain = first[kSecImportItemCertChain as String] as? [SecCertificate] ?? []

    // 2. Remove this app's previous identity (by label only: the group is shared, API-21).
    _ = SecItemDelete([
        kSecClass as String: kSecClassIdentity,
        kSecAttrAccessGroup as String: accessGroup,
        kSecAttrLabel as String: label,
    ] as CFDictionary)

    // 3. Store the identity in the sharing group, readable after first unlock; no kSecClass (API-20).
    let identityAttributes: [String: Any] = [
        kSecValueRef as String: importedIdentity,
        kSecAttrAccessGroup as String: accessGroup,
        kSecAttrAccessible as String: kSecAttrAccessibleAfterFirstUnlock,
        kSecAttrLabel as String: label,
    ]
    let addStatus = SecItemAdd(identityAttributes as CFDictionary, nil)
    guard addStatus == errSecSuccess || addStatus == errSecDuplicateItem else {{
        throw HotspotProvisioningError.keychain("identity", addStatus)
    }}

    // 4. The chain certificates, so the device can send the intermediates (API-11).
    for certificate in chain.dropFirst() {{
        let certificateAttributes: [String: Any] = [
            kSecValueRef as String: certificate,
            kSecAttrAccessGroup as String: accessGroup,
            kSecAttrAccessible as String: kSecAttrAccessibleAfterFirstUnlock,
            kSecAttrLabel as String: label,
        ]
        let certificateStatus = SecItemAdd(certificateAttributes as CFDictionary, nil)
        guard certificateStatus == errSecSuccess || certificateStatus == errSecDuplicateItem else {{
            throw HotspotProvisioningError.keychain("chain certificate", certificateStatus)
        }}
    }}

    // 5. Fetch the stored identity back as a reference (never a persistent reference, API-20).
    let identityQuery: [String: Any] = [
        kSecClass as String: kSecClassIdentity,
        kSecAttrAccessGroup as String: accessGroup,
        kSecAttrLabel as String: label,
        kSecReturnRef as String: true,
    ]
    var storedItem: CFTypeRef?
    let fetchStatus = SecItemCopyMatching(identityQuery as CFDictionary, &storedItem)
    guard fetchStatus == errSecSuccess, let stored = storedItem else {{
        throw HotspotProvisioningError.identityNotFound(fetchStatus)
    }}
    let identity = stored as! SecIdentity

    // 6. EAP-TLS only (API-08), the identity (API-10) and the server trust (API-12).
    let eapSettings = NEHotspotEAPSettings()
    eapSettings.supportedEAPTypes = [NEHotspotEAPSettings.EAPType.EAPTLS.rawValue as NSNumber]
{trusted_names}    guard eapSettings.setIdentity(identity) else {{
        throw HotspotProvisioningError.setIdentityFailed
    }}
{trusted_certificates}
    // 7. Hotspot 2.0 matching (API-03..API-07). No joinOnce (API-04).
    let hs20Settings = NEHotspotHS20Settings(domainName: {domain}, roamingEnabled: {roaming})
{hs20}
    return NEHotspotConfiguration(hs20Settings: hs20Settings, eapSettings: eapSettings)
}}
"#,
        realm_comment = spec.realm.replace(['\n', '\r'], " "),
        pad = " ".repeat(f.len() + 6),
        pad2 = " ".repeat(f.len() + 39),
        pad3 = " ".repeat(f.len() + 27),
        label = lit(&spec.label),
        domain = lit(&spec.domain_name),
        roaming = spec.roaming_enabled,
    )
}

/// An Objective-C string literal (`@"…"`; control characters as three-digit octal escapes).
fn objc_lit(s: &str) -> String {
    let mut out = String::from("@\"");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\{:03o}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn objc_list(v: &[String]) -> String {
    format!(
        "@[ {} ]",
        v.iter().map(|s| objc_lit(s)).collect::<Vec<_>>().join(", ")
    )
}

/// The Objective-C variant: `void <name>(NSData *pkcs12, NSString *password,
/// NSString *appIdentifierPrefix, void (^completion)(NSError *error))`, the same steps as
/// [`swift`].
pub fn objc(spec: &ProvisioningSpec) -> String {
    let f = ident(&spec.function_name);
    let b64 = base64::engine::general_purpose::STANDARD;
    let cas: Vec<String> = spec
        .ca_certificates
        .iter()
        .map(|der| format!("        {},", objc_lit(&b64.encode(der))))
        .collect();
    let trusted_certificates = if spec.ca_certificates.is_empty() {
        String::new()
    } else {
        format!(
            r#"
    // The RADIUS server's CA: stored in the sharing group, then pinned (API-13).
    NSArray *caCertificatesDER = @[
{cas}
    ];
    NSMutableArray *anchors = [NSMutableArray array];
    for (NSUInteger index = 0; index < caCertificatesDER.count; index++) {{
        NSData *der = [[NSData alloc] initWithBase64EncodedString:caCertificatesDER[index] options:0];
        SecCertificateRef anchor = der ? SecCertificateCreateWithData(NULL, (__bridge CFDataRef)der) : NULL;
        if (anchor == NULL) {{
            return HSFail(error, @"CA certificate is not DER [code-trusted-certificates-not-in-keychain]", errSecParam);
        }}
        // Labelled by index: a CA without a CN has no name to label it by.
        NSString *anchorLabel = [NSString stringWithFormat:@"%@ CA %lu", label, (unsigned long)index];
        NSDictionary *staleAnchor = @{{ (__bridge id)kSecClass: (__bridge id)kSecClassCertificate,
                                       (__bridge id)kSecAttrAccessGroup: accessGroup,
                                       (__bridge id)kSecAttrLabel: anchorLabel }};
        SecItemDelete((__bridge CFDictionaryRef)staleAnchor);
        NSDictionary *anchorAttributes = @{{ (__bridge id)kSecValueRef: (__bridge id)anchor,
                                            (__bridge id)kSecAttrAccessGroup: accessGroup,
                                            (__bridge id)kSecAttrAccessible: (__bridge id)kSecAttrAccessibleAfterFirstUnlock,
                                            (__bridge id)kSecAttrLabel: anchorLabel }};
        OSStatus anchorStatus = SecItemAdd((__bridge CFDictionaryRef)anchorAttributes, NULL);
        [anchors addObject:(__bridge_transfer id)anchor];
        if (anchorStatus != errSecSuccess && anchorStatus != errSecDuplicateItem) {{
            return HSFail(error, @"SecItemAdd of a CA certificate failed [entitlement-missing-keychain-group]", anchorStatus);
        }}
    }}
    if (![eapSettings setTrustedServerCertificates:anchors]) {{
        return HSFail(error, @"setTrustedServerCertificates returned NO [code-trusted-certificates-not-in-keychain]", errSecItemNotFound);
    }}
"#,
            cas = cas.join("\n")
        )
    };
    let (hs20, trusted_names) = settings_lines(spec, &OBJC);
    format!(
        r#"// Generated by `hs20check profile --format objc` for the realm {realm_comment}.
// It provisions exactly the settings hs20check checked; `hs20check lint --server-cert <the RADIUS
// server's chain>` on this file reports nothing.
//
// The app needs, in its .entitlements:
//   com.apple.developer.networking.HotspotConfiguration = true
//   keychain-access-groups: $(AppIdentifierPrefix)com.apple.networkextensionsharing
// Call it from the foreground; pass the PKCS#12 and its password at run time (never embed them).

#import <Foundation/Foundation.h>
#import <NetworkExtension/NetworkExtension.h>
#import <Security/Security.h>

static NSString *const HSProvisioningErrorDomain = @"HotspotProvisioning";

static id HSFail(NSError **error, NSString *message, OSStatus status) {{
    if (error != NULL) {{
        *error = [NSError errorWithDomain:HSProvisioningErrorDomain
                                     code:status
                                 userInfo:@{{ NSLocalizedDescriptionKey: message }}];
    }}
    return nil;
}}

/// Each NEHotspotConfigurationError with the hs20check rules that explain it.
static NSString *HSExplainConfigurationError(NSError *applyError) {{
    if (![applyError.domain isEqualToString:NEHotspotConfigurationErrorDomain]) {{
        return applyError.localizedDescription;
    }}
    switch (applyError.code) {{
    case NEHotspotConfigurationErrorInvalidEAPSettings:
        return @"NEHotspotConfigurationError 4 invalidEAPSettings [code-identity-not-in-keychain, code-no-server-trust, code-eap-tls-combined]";
    case NEHotspotConfigurationErrorInvalidHS20Settings:
        return @"NEHotspotConfigurationError 5 invalidHS20Settings [settings-mcc-mnc-invalid, settings-roaming-without-identifier]";
    case NEHotspotConfigurationErrorInvalidHS20DomainName:
        return @"NEHotspotConfigurationError 6 invalidHS20DomainName [settings-domain-name-invalid]";
    case NEHotspotConfigurationErrorJoinOnceNotSupported:
        return @"NEHotspotConfigurationError 12 joinOnceNotSupported [code-join-once-hs20]";
    case NEHotspotConfigurationErrorInternal:
        return @"NEHotspotConfigurationError 8 internal; check the HotspotConfiguration entitlement [entitlement-missing-hotspot]";
    case NEHotspotConfigurationErrorApplicationIsNotInForeground:
        return @"NEHotspotConfigurationError 14: call from the foreground";
    case NEHotspotConfigurationErrorUserDenied:
        return @"NEHotspotConfigurationError 7: the user declined";
    default:
        return applyError.localizedDescription;
    }}
}}

static NEHotspotConfiguration *{f}Configuration(NSData *pkcs12, NSString *password,
                                                NSString *appIdentifierPrefix, NSError **error) {{
    NSString *accessGroup = [appIdentifierPrefix stringByAppendingString:@".com.apple.networkextensionsharing"];
    NSString *label = {label};

    // 1. Import: on iOS this only decodes into memory (P12-01).
    NSDictionary *importOptions = @{{ (__bridge id)kSecImportExportPassphrase: password }};
    CFArrayRef importedItems = NULL;
    OSStatus importStatus = SecPKCS12Import((__bridge CFDataRef)pkcs12, (__bridge CFDictionaryRef)importOptions, &importedItems);
    if (importStatus != errSecSuccess) {{
        return HSFail(error, @"SecPKCS12Import failed: wrong password or an encryption iOS does not read [p12-modern-encryption]", importStatus);
    }}
    NSArray *items = CFBridgingRelease(importedItems);
    NSDictionary *first = items.firstObject;
    id importedIdentity = first[(__bridge id)kSecImportItemIdentity];
    NSArray *chain = first[(__bridge id)kSecImportItemCertChain];
    if (importedIdentity == nil) {{
        return HSFail(error, @"the PKCS#12 holds no identity [identity-no-private-key]", errSecItemNotFound);
    }}

    // 2. Remove this app's previous identity (by label only: the group is shared, API-21).
    NSDictionary *stale = @{{ (__bridge id)kSecClass: (__bridge id)kSecClassIdentity,
                             (__bridge id)kSecAttrAccessGroup: accessGroup,
                             (__bridge id)kSecAttrLabel: label }};
    SecItemDelete((__bridge CFDictionaryRef)stale);

    // 3. Store the identity in the sharing group, readable after first unlock; no kSecClass (API-20).
    NSDictionary *identityAttributes = @{{ (__bridge id)kSecValueRef: importedIdentity,
                                          (__bridge id)kSecAttrAccessGroup: accessGroup,
                                          (__bridge id)kSecAttrAccessible: (__bridge id)kSecAttrAccessibleAfterFirstUnlock,
                                          (__bridge id)kSecAttrLabel: label }};
    OSStatus addStatus = SecItemAdd((__bridge CFDictionaryRef)identityAttributes, NULL);
    if (addStatus != errSecSuccess && addStatus != errSecDuplicateItem) {{
        return HSFail(error, @"SecItemAdd of the identity failed; -34018 means keychain-access-groups lacks the sharing group [entitlement-missing-keychain-group]", addStatus);
    }}

    // 4. The chain certificates, so the device can send the intermediates (API-11).
    for (NSUInteger index = 1; index < chain.count; index++) {{
        id chainCertificate = chain[index];
        NSDictionary *chainAttributes = @{{ (__bridge id)kSecValueRef: chainCertificate,
                                           (__bridge id)kSecAttrAccessGroup: accessGroup,
                                           (__bridge id)kSecAttrAccessible: (__bridge id)kSecAttrAccessibleAfterFirstUnlock,
                                           (__bridge id)kSecAttrLabel: label }};
        OSStatus chainStatus = SecItemAdd((__bridge CFDictionaryRef)chainAttributes, NULL);
        if (chainStatus != errSecSuccess && chainStatus != errSecDuplicateItem) {{
            return HSFail(error, @"SecItemAdd of a chain certificate failed [entitlement-missing-keychain-group]", chainStatus);
        }}
    }}

    // 5. Fetch the stored identity back as a reference (never a persistent reference, API-20).
    NSDictionary *identityQuery = @{{ (__bridge id)kSecClass: (__bridge id)kSecClassIdentity,
                                     (__bridge id)kSecAttrAccessGroup: accessGroup,
                                     (__bridge id)kSecAttrLabel: label,
                                     (__bridge id)kSecReturnRef: @YES }};
    CFTypeRef storedItem = NULL;
    OSStatus fetchStatus = SecItemCopyMatching((__bridge CFDictionaryRef)identityQuery, &storedItem);
    if (fetchStatus != errSecSuccess || storedItem == NULL) {{
        return HSFail(error, @"the identity is not in the networkextensionsharing group [code-identity-not-in-keychain]", fetchStatus);
    }}
    SecIdentityRef identity = (SecIdentityRef)storedItem;

    // 6. EAP-TLS only (API-08), the identity (API-10) and the server trust (API-12).
    NEHotspotEAPSettings *eapSettings = [[NEHotspotEAPSettings alloc] init];
    eapSettings.supportedEAPTypes = @[ @(NEHotspotConfigurationEAPTypeEAPTLS) ];
{trusted_names}    BOOL identitySet = [eapSettings setIdentity:identity];
    CFRelease(storedItem);
    if (!identitySet) {{
        return HSFail(error, @"setIdentity returned NO [code-set-identity-not-from-keychain]", errSecItemNotFound);
    }}
{trusted_certificates}
    // 7. Hotspot 2.0 matching (API-03..API-07). No joinOnce (API-04).
    NEHotspotHS20Settings *hs20Settings = [[NEHotspotHS20Settings alloc] initWithDomainName:{domain} roamingEnabled:{roaming}];
{hs20}
    return [[NEHotspotConfiguration alloc] initWithHS20Settings:hs20Settings eapSettings:eapSettings];
}}

/// Provisions the Passpoint network for {realm_comment}. completion gets nil on success (also
/// when already associated), else an NSError whose description names the hs20check rule.
void {f}(NSData *pkcs12, NSString *password, NSString *appIdentifierPrefix,
         void (^completion)(NSError *error)) {{
    NSError *error = nil;
    NEHotspotConfiguration *configuration = {f}Configuration(pkcs12, password, appIdentifierPrefix, &error);
    if (configuration == nil) {{
        completion(error);
        return;
    }}
    [[NEHotspotConfigurationManager sharedManager] applyConfiguration:configuration
                                                    completionHandler:^(NSError *applyError) {{
        if (applyError == nil
            || ([applyError.domain isEqualToString:NEHotspotConfigurationErrorDomain]
                && applyError.code == NEHotspotConfigurationErrorAlreadyAssociated)) {{
            completion(nil);
        }} else {{
            completion([NSError errorWithDomain:applyError.domain
                                           code:applyError.code
                                       userInfo:@{{ NSLocalizedDescriptionKey: HSExplainConfigurationError(applyError),
                                                   NSUnderlyingErrorKey: applyError }}]);
        }}
    }}];
}}
"#,
        realm_comment = spec.realm.replace(['\n', '\r'], " "),
        label = objc_lit(&spec.label),
        domain = objc_lit(&spec.domain_name),
        roaming = if spec.roaming_enabled { "YES" } else { "NO" },
    )
}

/// The provisioning code for the settings of a profile spec (what `hs20check profile`
/// checked), linted: a finding in our own output is a bug, returned as `Err`. Trusted names: the
/// ones given, else the names `server_chain`'s leaf presents (SAN dNSNames, else DNS-shaped
/// CNs), else the realm (which `check` reports when it does not match).
pub fn for_profile(
    spec: &hs20_profiles::ProfileSpec,
    server_chain: Option<&[Vec<u8>]>,
    lang: crate::SourceLanguage,
) -> Result<String, String> {
    let mut p = ProvisioningSpec::new(&spec.realm);
    p.domain_name = spec.domain().to_string();
    p.nai_realms = spec.effective_nai_realms();
    p.roaming_consortium_ois = spec.rcois_upper();
    p.mcc_mncs = spec.mcc_mnc.clone();
    p.roaming_enabled = spec.roaming_enabled;
    p.ca_certificates = spec.ca_certs.clone();
    p.trusted_server_names = if !spec.trusted_server_names.is_empty() {
        spec.trusted_server_names.clone()
    } else {
        server_chain
            .and_then(|c| c.first())
            .and_then(|leaf| hs20_core::x509::CertFacts::from_der(leaf).ok())
            .map(|f| hs20_core::apple::names::presented_names(&f.dns_names, &f.common_names).names)
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| vec![spec.realm.clone()])
    };
    let (code, name) = match lang {
        crate::SourceLanguage::Swift => (swift(&p), "HotspotProvisioning.swift"),
        crate::SourceLanguage::ObjC => (objc(&p), "HotspotProvisioning.m"),
    };
    // The names were matched against the server certificate by `check`: lint against them.
    let opts = crate::LintOptions {
        server_names: Some(p.trusted_server_names.clone()),
        trusted_server_names: Vec::new(),
    };
    let findings = crate::lint_source(name, &code, &opts).map_err(|e| e.to_string())?;
    if let Some(f) = findings.first() {
        return Err(format!(
            "{}:{}: [{}] {}",
            f.location.line, f.location.column, f.finding.rule.id, f.finding.detail
        ));
    }
    Ok(code)
}
