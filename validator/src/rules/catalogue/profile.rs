//! Rules of `hs20check lint` and `hs20check profile`: Apple's profile schema, the MC-* cross
//! references of .mobileconfig files, CMS signatures and app entitlements (API-19). The ids are
//! emitted by the hs20-profiles crate (`hs20_profiles::RULE_IDS`); a test keeps both lists equal.

use crate::rules::{Rule, Severity::*, Subject::Profile};

macro_rules! rules {
    ($($name:ident: $id:literal, $sev:ident, $title:literal, $consequence:literal, $fix:literal, [$($src:literal),+], $explanation:literal;)*) => {
        $(pub static $name: Rule = Rule {
            id: $id,
            severity: $sev,
            subject: Profile,
            title: $title,
            consequence: $consequence,
            fix: $fix,
            sources: &[$($src),+],
            explanation: $explanation,
        };)*
        /// Every profile/lint rule, in report order.
        pub static PROFILE_RULES: &[&Rule] = &[$(&$name),*];
    };
}

rules! {
    SCHEMA_MISSING_REQUIRED_KEY: "schema-missing-required-key", Error,
        "a key Apple's schema marks as required is missing",
        "iOS refuses to install the profile (\"The profile is missing a required field\") or ignores the payload.",
        "Add the key; every payload needs PayloadIdentifier, PayloadUUID, PayloadType and PayloadVersion, and EAPClientConfiguration needs AcceptEAPTypes.",
        ["MC-01", "MC-02"],
        "Required keys come from Apple's device-management schema (TopLevel.yaml, CommonPayloadKeys.yaml and each payload's YAML, copied into profiles/schema/). A misspelled key (keys are case-sensitive) shows up as this finding plus schema-unknown-key.";
    SCHEMA_WRONG_TYPE: "schema-wrong-type", Error,
        "a key has the wrong plist type",
        "The device rejects the profile or ignores the key (e.g. IsHotspot as the string \"true\" is not a boolean, so the network is not a hotspot).",
        "Write the value with the plist type the schema names: <true/>/<false/> for booleans, <integer> for numbers, <array> for lists.",
        ["MC-01"],
        "Types come from Apple's schema YAML: <string>, <integer>, <boolean>, <array>, <dictionary>, <data>, <date>, <real>. Hand-edited plists often quote numbers (<string>13</string> in AcceptEAPTypes) or booleans.";
    SCHEMA_VALUE_NOT_ALLOWED: "schema-value-not-allowed", Error,
        "a value is outside the list or range Apple's schema allows",
        "The device rejects the profile or the setting (e.g. EncryptionType \"WPA2-Enterprise\", TLSMaximumVersion \"1.4\", EAP type 99).",
        "Use one of the values the schema lists for the key.",
        ["MC-01", "MC-09"],
        "Allowed values come from the schema's rangelist/range: PayloadType Configuration, PayloadVersion 1, EncryptionType WEP/WPA/WPA2/WPA3/Any/None, AcceptEAPTypes 13/17/18/21/23/25/43, TLS versions 1.0–1.3.";
    SCHEMA_FORMAT_MISMATCH: "schema-format-mismatch", Error,
        "a value does not match the format Apple's schema gives",
        "The device cannot resolve the value (e.g. a UUID reference that is not UUID-shaped).",
        "Write the value in the format the schema gives (UUID references: 8-4-4-4-12).",
        ["MC-02", "MC-03"],
        "Formats are the schema's regular expressions. The RoamingConsortiumOI regex in Apple's schema is unreliable (API-07); mc-invalid-oi checks OIs instead.";
    SCHEMA_UNKNOWN_KEY: "schema-unknown-key", Warning,
        "a key is not defined in Apple's schema for this dictionary",
        "The device ignores the key, so the setting it was meant to make does not happen.",
        "Check the spelling (keys are case-sensitive) or remove the key.",
        ["MC-01", "MC-08"],
        "CAT and letswifi add an undocumented _UsingHotspot20 key (MC-08); its effect is unconfirmed and it is safe to omit. Typos such as AcceptEapTypes also land here.";
    SCHEMA_KEY_NOT_ON_IOS: "schema-key-not-on-ios", Warning,
        "a key or payload is not available on the targeted iOS versions",
        "Devices older than the version that introduced the key, or any iOS device for macOS-only or removed keys, ignore it.",
        "Remove the key, or raise --min-ios if every device is new enough.",
        ["MC-01", "TRUST-08"],
        "Availability comes from supportedOS.iOS in Apple's schema (introduced, removed, n/a). Example: TLSAllowTrustExceptions was removed in iOS 8; AllowAllAppsAccess is macOS only.";
    SCHEMA_UNKNOWN_PAYLOAD_TYPE: "schema-unknown-payload-type", Info,
        "a payload type this tool has no schema for",
        "Nothing for Wi-Fi; its keys were not checked beyond the common payload keys.",
        "None needed if the payload is intended.",
        ["MC-01"],
        "hs20check carries the schema of the Wi-Fi, certificate and 802.1X payloads only.";
    MC_INVALID_UUID: "mc-invalid-uuid", Warning,
        "a PayloadUUID is not a UUID",
        "Installs, but a value that is not globally unique lets one profile replace another's payloads.",
        "Generate the UUID with uuidgen.",
        ["MC-02"],
        "PayloadUUID identifies the payload across profiles; during replacement iOS matches payloads by PayloadIdentifier and PayloadUUID.";
    MC_DUPLICATE_UUID: "mc-duplicate-uuid", Error,
        "two payloads (or the profile and a payload) share a PayloadUUID",
        "The profile fails to install or a payload silently replaces another; UUID references become ambiguous.",
        "Give every payload its own UUID (uuidgen).",
        ["MC-02"],
        "Every PayloadUUID must be unique; PayloadCertificateUUID and PayloadCertificateAnchorUUID resolve by it.";
    MC_DUPLICATE_IDENTIFIER: "mc-duplicate-identifier", Error,
        "two payloads share a PayloadIdentifier",
        "The profile fails to install or one payload replaces the other.",
        "Make each payload's PayloadIdentifier unique within the profile (e.g. append .identity, .ca.0, .passpoint).",
        ["MC-02"],
        "Apple: the payload identifier must be unique within the profile.";
    MC_DANGLING_CERTIFICATE_UUID: "mc-dangling-certificate-uuid", Error,
        "PayloadCertificateUUID names no payload in the profile",
        "The network has no client identity: EAP-TLS cannot authenticate (the device asks the user to pick an identity or fails).",
        "Set PayloadCertificateUUID to the PayloadUUID of the profile's com.apple.security.pkcs12 payload.",
        ["MC-03", "API-09"],
        "The identity for EAP-TLS is the pkcs12 payload referenced by PayloadCertificateUUID in the same profile.";
    MC_CERTIFICATE_UUID_NOT_IDENTITY: "mc-certificate-uuid-not-identity", Error,
        "PayloadCertificateUUID points to a payload that is not an identity",
        "A CA certificate has no private key: EAP-TLS cannot authenticate.",
        "Point PayloadCertificateUUID to the com.apple.security.pkcs12 payload; list CA payloads in PayloadCertificateAnchorUUID instead.",
        ["MC-03"],
        "A common mix-up of the two UUID references.";
    MC_DANGLING_ANCHOR_UUID: "mc-dangling-anchor-uuid", Error,
        "a PayloadCertificateAnchorUUID entry names no payload in the profile",
        "The RADIUS server's CA is not trusted: authentication fails or the user gets a trust prompt the auto-join path cannot show.",
        "List the PayloadUUIDs of the profile's com.apple.security.root / pkcs1 payloads.",
        ["MC-03", "TRUST-06"],
        "Anchors must be certificate payloads in the same profile.";
    MC_ANCHOR_NOT_CERTIFICATE: "mc-anchor-not-certificate", Error,
        "a PayloadCertificateAnchorUUID entry points to a payload that is not a certificate",
        "The anchor is ignored; the server's CA is not trusted.",
        "Reference com.apple.security.root, pkcs1 or pem payloads only.",
        ["MC-03"],
        "The identity payload (pkcs12) is not a trust anchor.";
    MC_NO_WIFI_PAYLOAD: "mc-no-wifi-payload", Warning,
        "the profile configures no Wi-Fi network",
        "Certificates are installed but the device joins nothing.",
        "Add a com.apple.wifi.managed payload (hs20check profile generates one).",
        ["MC-06"],
        "A Passpoint or SSID network needs a com.apple.wifi.managed payload.";
    MC_ENCRYPTED_PROFILE: "mc-encrypted-profile", Info,
        "the profile's payloads are encrypted",
        "Only the device it was encrypted for can read them; lint checked the outer keys only.",
        "Lint the unencrypted profile before encrypting it.",
        ["MC-01"],
        "IsEncrypted profiles carry EncryptedPayloadContent instead of PayloadContent.";
    MC_EAP_TLS_WITHOUT_IDENTITY: "mc-eap-tls-without-identity", Warning,
        "an EAP-TLS network has no PayloadCertificateUUID",
        "No identity is bound to the network: the user must choose one in the 802.1X dialog, and auto-join of a Passpoint network cannot prompt.",
        "Add a com.apple.security.pkcs12 payload and reference it with PayloadCertificateUUID.",
        ["MC-03", "MC-04"],
        "Apple's schema: for EAP-TLS without a network payload the user selects the identity in the 802.1X credentials dialog.";
    MC_MIXED_EAP_TYPES: "mc-mixed-eap-types", Warning,
        "EAP-TLS is combined with other EAP types in one network",
        "With EAP-TLS present the identity is mandatory and the username/password path is skipped; mixed configurations failed in the field (geteduroam issue #81).",
        "Use AcceptEAPTypes [13] alone; make a separate payload for another method.",
        ["MC-04", "API-08"],
        "geteduroam hit \"Invalid EAP settings\" with EAP-TLS and PEAP together and fixed it by using exactly one outer type.";
    MC_NO_SERVER_TRUST: "mc-no-server-trust", Warning,
        "neither TLSTrustedServerNames nor certificate anchors are set",
        "Any server certificate the user accepts is trusted (evil-twin risk); a System-scope or auto-join connection fails because nobody can answer the trust prompt.",
        "Add TLSTrustedServerNames with the RADIUS certificate's DNS name and PayloadCertificateAnchorUUID with its root CA payload.",
        ["MC-04", "TRUST-08", "API-12"],
        "Apple HT207866: if trust is not configured, authentication fails in System mode and a trust dialog appears in User mode.";
    MC_ANCHORS_WITHOUT_SERVER_NAMES: "mc-anchors-without-server-names", Warning,
        "CA anchors are set but TLSTrustedServerNames is not",
        "Any certificate issued by the anchor CA is accepted as the RADIUS server, including other services' certificates from the same CA.",
        "Add TLSTrustedServerNames with the RADIUS server certificate's DNS name.",
        ["MC-04", "TRUST-01"],
        "Pinning both the CA and the name is what CAT and geteduroam do.";
    MC_SERVER_NAMES_WITHOUT_ANCHORS: "mc-server-names-without-anchors", Warning,
        "TLSTrustedServerNames are set but no CA anchor is",
        "The server certificate must chain to a root the device already trusts; a private RADIUS CA is refused.",
        "Add the RADIUS CA as a com.apple.security.root payload and list it in PayloadCertificateAnchorUUID.",
        ["MC-04", "TRUST-06"],
        "Without anchors iOS evaluates the chain against system and user-trusted roots only.";
    MC_SERVER_NAME_WILDCARD: "mc-server-name-wildcard", Error,
        "a TLSTrustedServerNames wildcard iOS never matches",
        "The server certificate is refused: authentication fails.",
        "Use the server's exact name, or a wildcard only as the whole leftmost label of a name with at least three labels (*.example.com).",
        ["TRUST-02"],
        "SecDNSMatch accepts '*' only as the entire leftmost label of the trusted name, with at least three labels; partial-label wildcards and Apple's own example wpa.*.example.com do not match (Security-59754 source; newer iOS unconfirmed).";
    MC_SERVER_NAME_NOT_DNS: "mc-server-name-not-dns", Error,
        "a TLSTrustedServerNames entry is not a DNS name",
        "iOS compares trusted names with the certificate's DNS names only, so this entry never matches and the server is refused.",
        "Use the DNS name from the RADIUS certificate's subjectAltName (e.g. radius.example.com).",
        ["TRUST-01"],
        "Names are taken from SAN dNSName entries, or DNS-shaped CNs when there is no SAN; a CN such as \"RADIUS Server\" can never match.";
    MC_TLS13_WITHOUT_OUTER_IDENTITY: "mc-tls13-without-outer-identity", Error,
        "TLSMinimumVersion is 1.3 but OuterIdentity is missing",
        "Apple's schema makes OuterIdentity required with TLS 1.3 as minimum; the profile is invalid for that network.",
        "Add OuterIdentity, e.g. anonymous@<realm>.",
        ["MC-05"],
        "Apple's schema (iOS 17.5 release): OuterIdentity \"is required if TLSMinimumVersion is 1.3\".";
    MC_TLS_MIN_ABOVE_MAX: "mc-tls-min-above-max", Error,
        "TLSMinimumVersion is above TLSMaximumVersion",
        "No TLS version is allowed: authentication cannot start. TLSMaximumVersion defaults to 1.2, so TLSMinimumVersion 1.3 alone is this mistake.",
        "Set TLSMaximumVersion to 1.3 (or lower the minimum).",
        ["MC-05"],
        "TLSMaximumVersion defaults to 1.2: TLS 1.3 is only negotiated when it is set to 1.3.";
    MC_TLS13_NEEDS_IOS17: "mc-tls13-needs-ios17", Warning,
        "TLS 1.3 for EAP is configured but the targeted iOS is older than 17",
        "Devices before iOS 17 / macOS 14 do not know the value 1.3; they stay on TLS 1.2 or reject the setting.",
        "Raise --min-ios to 17, or keep TLS 1.2 for older devices.",
        ["MC-05", "API-16"],
        "The value 1.3 first appears in Apple's schema with iOS 17.0; NEHotspotEAPSettings has no TLS 1.3 at all.";
    MC_HOTSPOT_WITHOUT_DOMAIN_NAME: "mc-hotspot-without-domain-name", Error,
        "a Passpoint network (IsHotspot) has no DomainName",
        "The device has no home domain to match the hotspot's ANQP Domain Name list and no SSID: the network never joins.",
        "Set DomainName to the home realm.",
        ["MC-06", "API-03"],
        "iOS and Android require the domain for Hotspot 2.0 although the spec makes it optional (ionic-app issue #10).";
    MC_HOTSPOT_WITHOUT_IDENTIFIER: "mc-hotspot-without-identifier", Error,
        "a Passpoint network has no RoamingConsortiumOIs, NAIRealmNames or MCCAndMNCs",
        "Nothing in the hotspots' ANQP data can match: the device never selects the network.",
        "Add NAIRealmNames with the realm or the roaming consortium OI(s).",
        ["MC-06", "API-05"],
        "Passpoint selection matches RCOIs, NAI realms or 3GPP PLMN ids advertised by the access point.";
    MC_HOTSPOT_KEYS_WITHOUT_ISHOTSPOT: "mc-hotspot-keys-without-ishotspot", Warning,
        "Hotspot 2.0 keys are set but IsHotspot is not true",
        "The device treats the payload as a plain SSID network and ignores DomainName, RCOIs and realms.",
        "Add IsHotspot = true.",
        ["MC-06"],
        "IsHotspot defaults to false.";
    MC_LOWERCASE_OI: "mc-lowercase-oi", Warning,
        "a RoamingConsortiumOI has lowercase hex digits",
        "Around iOS 16.3 lowercase RCOIs did not match (fixed in 16.4.1); devices on affected versions never join.",
        "Write OIs in uppercase (5A03BA0000).",
        ["MC-06", "API-07"],
        "geteduroam, CAT, letswifi and hgot07 all uppercase RCOIs.";
    MC_INVALID_OI: "mc-invalid-oi", Error,
        "a RoamingConsortiumOI is not 6 or 10 hex digits",
        "The OI cannot match any hotspot's Roaming Consortium element.",
        "Use the 3-octet (6 hex digits) or 5-octet (10 hex digits) OI, e.g. 5A03BA0000 (OpenRoaming), 001BC50460 (eduroam).",
        ["MC-06", "API-07"],
        "Apple's schema regex for this key is unreliable; real OIs are OUI-24 or OUI-36 values.";
    MC_INVALID_MCC_MNC: "mc-invalid-mcc-mnc", Error,
        "an MCCAndMNCs entry is not six digits",
        "The entry is rejected; through NEHotspotConfiguration the same value gives error 5 (invalid HS2.0 configuration).",
        "Write MCC (3 digits) + MNC (3 digits; pad a 2-digit MNC with a leading 0), e.g. 310410.",
        ["MC-06", "API-06"],
        "Apple's schema: ^[0-9]{6}$. MCC/MNC matching is not supported on macOS.";
    MC_NAI_REALM_WITH_RCOI: "mc-nai-realm-with-rcoi", Warning,
        "NAIRealmNames and RoamingConsortiumOIs are in the same Passpoint payload",
        "Field tests (CAT): with both set, hotspots that advertise only the RCOI are not joined.",
        "Use one payload for the RCOIs and another for the NAI realms (hs20check profile does this).",
        ["MC-07"],
        "CAT: \"if Roaming consortium OI and NAIRealmNames are both set, connecting to a hotspot with just RCOI does not work\". Unconfirmed by Apple.";
    MC_SSID_MISSING: "mc-ssid-missing", Error,
        "a non-Passpoint Wi-Fi payload has no SSID_STR",
        "The payload names no network; the profile is rejected or configures nothing.",
        "Add SSID_STR, or make it a Passpoint payload (IsHotspot + DomainName).",
        ["MC-06", "API-23"],
        "Apple's schema: the SSID is optional only when DomainName is given (Hotspot 2.0).";
    MC_ENCRYPTION_TYPE_NO_EAP: "mc-encryption-type-no-eap", Error,
        "EncryptionType None or WEP with an EAPClientConfiguration",
        "802.1X/EAP does not run on open or WEP networks: the enterprise settings are ignored.",
        "Use EncryptionType WPA2 (joins WPA2 and WPA3 on iOS 16+).",
        ["MC-09"],
        "EAP needs WPA/WPA2/WPA3-Enterprise (or Any).";
    MC_ENCRYPTION_TYPE_WPA3_ONLY: "mc-encryption-type-wpa3-only", Warning,
        "EncryptionType WPA3 joins WPA3-only networks",
        "Since iOS 16 WPA3 no longer joins WPA2 or WPA2/WPA3 transition networks.",
        "Use WPA2 unless every access point is WPA3-only.",
        ["MC-09"],
        "iOS 16+: WPA2 joins WPA2 or WPA3, WPA3 joins WPA3 only (hgot07: keep WPA2 even for WPA3 networks).";
    MC_CERTIFICATE_UNREADABLE: "mc-certificate-unreadable", Error,
        "a certificate payload holds no readable certificate",
        "The device refuses the profile (\"invalid certificate\").",
        "Put the DER certificate (root/pkcs1) or PEM text (pem) into PayloadContent.",
        ["MC-03"],
        "com.apple.security.root and pkcs1 carry DER; com.apple.security.pem carries PEM.";
    MC_ANCHOR_NOT_CA: "mc-anchor-not-ca", Warning,
        "a certificate payload is not a CA certificate",
        "Anchoring the RADIUS leaf breaks at the next server certificate renewal; Android and other clients refuse non-CA anchors.",
        "Ship the root CA (basicConstraints CA:TRUE) that issued the RADIUS certificate.",
        ["TRUST-07"],
        "CAs supplied to clients must be CA certificates; geteduroam filters non-CA certs out and CAT refuses server certs as CA uploads.";
    MC_NO_ROOT_ANCHOR: "mc-no-root-anchor", Info,
        "the anchors are intermediate CAs only",
        "Works while the RADIUS certificate stays under that intermediate; a CA rollover breaks authentication.",
        "Ship the root CA as well.",
        ["TRUST-07"],
        "GÉANT/CAT guidance: include the root CA, not only the intermediate; multiple roots allow rollover.";
    MC_REMOVAL_DATE_AFTER_EXPIRY: "mc-removal-date-after-expiry", Warning,
        "RemovalDate is after the client certificate expires",
        "Between the two dates the device keeps retrying an expired certificate and fails to authenticate.",
        "Set RemovalDate to the client certificate's notAfter.",
        ["MC-10", "CERT-03"],
        "CAT, letswifi and hgot07 set RemovalDate to the client certificate's expiry.";
    MC_NO_REMOVAL_DATE: "mc-no-removal-date", Info,
        "the profile has no RemovalDate",
        "After the client certificate expires the network keeps failing until the user removes the profile.",
        "Set RemovalDate to the client certificate's notAfter (hs20check profile does).",
        ["MC-10", "CERT-03"],
        "iOS keeps trying an expired client certificate (ionic-app issue #13).";
    MC_PKCS12_PASSWORD_IN_PROFILE: "mc-pkcs12-password-in-profile", Info,
        "the PKCS#12 password is stored in the profile",
        "Installs without a prompt, but anyone holding the file holds the private key.",
        "Serve the profile only over an authenticated channel, or omit Password and tell the user the PIN.",
        ["P12-03", "MC-11"],
        "CAT omits the Password deliberately and shows the PIN on screen.";
    MC_PKCS12_NO_PASSWORD: "mc-pkcs12-no-password", Info,
        "the PKCS#12 password is not in the profile",
        "The device asks the user for it during installation.",
        "Tell the user the password, or embed it (--embed-password) if the delivery channel is trusted.",
        ["P12-03"],
        "The pkcs12 payload's Password key is optional; without it iOS prompts.";
    MC_UNSIGNED: "mc-unsigned", Info,
        "the profile is not signed",
        "iOS shows it as \"Not Verified\" during installation; it still installs.",
        "Sign it: hs20check profile --sign-cert C.pem --sign-key K.pem --sign-chain CHAIN.pem.",
        ["5.7 Signing"],
        "Signed profiles are CMS SignedData with the plist attached; unsigned profiles install but are shown as not verified.";
    MC_SIGNED: "mc-signed", Info,
        "the profile is signed and the signature verifies",
        "iOS shows the signer; it shows \"Verified\" only if the signer chains to a root the device trusts.",
        "None.",
        ["5.7 Signing"],
        "hs20check verifies the CMS digest and signature; trust in the signer is the device's decision.";
    MC_SIGNATURE_INVALID: "mc-signature-invalid", Error,
        "the profile's signature does not verify",
        "iOS refuses to install the profile (\"The profile could not be verified\" / invalid signature).",
        "Sign the final file again; do not edit a signed profile.",
        ["5.7 Signing"],
        "The message digest or signature does not match the content: the plist was altered after signing, or the container is damaged.";
    MC_SIGNATURE_UNSUPPORTED: "mc-signature-unsupported", Warning,
        "the profile's signature uses an algorithm hs20check cannot verify",
        "Unknown: the device may accept it.",
        "Verify with `openssl smime -verify -inform der -noverify -in FILE` or Apple's `security cms -D -i FILE`.",
        ["5.7 Signing"],
        "hs20check verifies RSA PKCS#1 v1.5 and ECDSA P-256/P-384 with SHA-1/SHA-2.";
    MC_SIGNER_CHAIN_INCOMPLETE: "mc-signer-chain-incomplete", Warning,
        "the signature lacks the signer's issuing certificate",
        "The device cannot build a chain to a trusted root and shows the profile as \"Not Verified\".",
        "Sign with the intermediate chain (--sign-chain, or openssl smime -certfile).",
        ["5.7 Signing"],
        "Generators pass -certfile so devices can verify to a trusted root.";
    MC_SIGNER_EXPIRED: "mc-signer-expired", Warning,
        "the signing certificate has expired",
        "The device shows the profile as not verified.",
        "Sign again with a valid certificate.",
        ["5.7 Signing"],
        "Validity is checked at install time.";
    ENTITLEMENT_MISSING_HOTSPOT: "entitlement-missing-hotspot", Error,
        "the app lacks the Hotspot Configuration entitlement",
        "NEHotspotConfigurationManager.apply fails (reported as error 8 internal in the field); no network is configured.",
        "Enable the Hotspot Configuration capability: com.apple.developer.networking.HotspotConfiguration = true.",
        ["API-19"],
        "The entitlement must be the boolean true in the app's entitlements and its provisioning profile.";
    ENTITLEMENT_MISSING_KEYCHAIN_GROUP: "entitlement-missing-keychain-group", Error,
        "keychain-access-groups lacks <prefix>.com.apple.networkextensionsharing",
        "SecItemAdd into that group fails with errSecMissingEntitlement (-34018); setIdentity then fails and apply returns error 4 (invalid EAP settings).",
        "Add $(AppIdentifierPrefix)com.apple.networkextensionsharing to keychain-access-groups (Keychain Sharing capability).",
        ["API-19", "API-10"],
        "The identity for NEHotspotEAPSettings must be stored in the networkextensionsharing access group of the app's prefix. A provisioning profile's \"<prefix>.*\" group covers it.";
    ENTITLEMENT_APP_PREFIX: "entitlement-app-prefix", Info,
        "the App ID prefix the app must use for the keychain group",
        "The access group string in SecItemAdd must use exactly this prefix.",
        "Pass kSecAttrAccessGroup = \"<prefix>.com.apple.networkextensionsharing\".",
        ["API-19", "API-20"],
        "Reported so the developer writes the right kSecAttrAccessGroup.";
    ENTITLEMENT_PREFIX_DIFFERS_FROM_TEAM: "entitlement-prefix-differs-from-team", Warning,
        "the App ID prefix differs from the team ID",
        "Apple's documentation names $(TeamIdentifierPrefix); with a legacy App ID prefix the two groups differ (which one NetworkExtension reads is unconfirmed).",
        "Test both, or migrate the App ID to the team prefix.",
        ["API-19"],
        "Modern App IDs use the team ID as prefix; legacy ones do not.";
    ENTITLEMENT_UNEXPANDED_VARIABLE: "entitlement-unexpanded-variable", Info,
        "the entitlements use $(AppIdentifierPrefix) / $(TeamIdentifierPrefix)",
        "None: Xcode substitutes them when signing; the real prefix is only visible in the built app.",
        "Lint the built app's embedded.mobileprovision to see the prefix.",
        ["API-19"],
        "Source .entitlements files carry build variables.";
    PROVISION_EXPIRED: "provision-expired", Error,
        "the provisioning profile has expired",
        "The app no longer installs or launches on devices.",
        "Regenerate the provisioning profile in the developer portal and rebuild.",
        ["API-19"],
        "ExpirationDate in embedded.mobileprovision.";
    PROVISION_SIGNATURE_INVALID: "provision-signature-invalid", Error,
        "the provisioning profile's signature does not verify",
        "The device refuses the app; the file was altered or damaged.",
        "Download the provisioning profile again.",
        ["API-19"],
        "embedded.mobileprovision is a CMS SignedData with the plist attached, signed by Apple.";
}

#[cfg(test)]
mod tests {
    use super::PROFILE_RULES;

    #[test]
    fn catalogue_matches_the_ids_hs20_profiles_emits() {
        let ours: Vec<&str> = PROFILE_RULES.iter().map(|r| r.id).collect();
        assert_eq!(ours, hs20_profiles::RULE_IDS);
    }
}
