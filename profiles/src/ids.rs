//! Stable rule ids this crate can emit. Texts (title, severity, consequence, fix, sources) live
//! in the validator's catalogue (`validator/src/rules/catalogue/profile.rs`); a test there checks
//! that every id here has exactly one entry.

macro_rules! rule_ids {
    ($($name:ident = $id:literal,)*) => {
        $(pub const $name: &str = $id;)*
        /// Every rule id lint can emit, in catalogue order.
        pub const RULE_IDS: &[&str] = &[$($id),*];
    };
}

rule_ids! {
    // Apple's published schema (apple-schema/*.yaml)
    SCHEMA_MISSING_REQUIRED_KEY = "schema-missing-required-key",
    SCHEMA_WRONG_TYPE = "schema-wrong-type",
    SCHEMA_VALUE_NOT_ALLOWED = "schema-value-not-allowed",
    SCHEMA_FORMAT_MISMATCH = "schema-format-mismatch",
    SCHEMA_UNKNOWN_KEY = "schema-unknown-key",
    SCHEMA_KEY_NOT_ON_IOS = "schema-key-not-on-ios",
    SCHEMA_UNKNOWN_PAYLOAD_TYPE = "schema-unknown-payload-type",
    // Structure and cross references (MC-01..MC-03)
    MC_INVALID_UUID = "mc-invalid-uuid",
    MC_DUPLICATE_UUID = "mc-duplicate-uuid",
    MC_DUPLICATE_IDENTIFIER = "mc-duplicate-identifier",
    MC_DANGLING_CERTIFICATE_UUID = "mc-dangling-certificate-uuid",
    MC_CERTIFICATE_UUID_NOT_IDENTITY = "mc-certificate-uuid-not-identity",
    MC_DANGLING_ANCHOR_UUID = "mc-dangling-anchor-uuid",
    MC_ANCHOR_NOT_CERTIFICATE = "mc-anchor-not-certificate",
    MC_NO_WIFI_PAYLOAD = "mc-no-wifi-payload",
    MC_ENCRYPTED_PROFILE = "mc-encrypted-profile",
    // EAP (MC-04, MC-05, TRUST-*)
    MC_EAP_TLS_WITHOUT_IDENTITY = "mc-eap-tls-without-identity",
    MC_MIXED_EAP_TYPES = "mc-mixed-eap-types",
    MC_NO_SERVER_TRUST = "mc-no-server-trust",
    MC_ANCHORS_WITHOUT_SERVER_NAMES = "mc-anchors-without-server-names",
    MC_SERVER_NAMES_WITHOUT_ANCHORS = "mc-server-names-without-anchors",
    MC_SERVER_NAME_WILDCARD = "mc-server-name-wildcard",
    MC_SERVER_NAME_NOT_DNS = "mc-server-name-not-dns",
    MC_TLS13_WITHOUT_OUTER_IDENTITY = "mc-tls13-without-outer-identity",
    MC_TLS_MIN_ABOVE_MAX = "mc-tls-min-above-max",
    MC_TLS13_NEEDS_IOS17 = "mc-tls13-needs-ios17",
    // Hotspot 2.0 (MC-06, MC-07) and network (MC-09)
    MC_HOTSPOT_WITHOUT_DOMAIN_NAME = "mc-hotspot-without-domain-name",
    MC_HOTSPOT_WITHOUT_IDENTIFIER = "mc-hotspot-without-identifier",
    MC_HOTSPOT_KEYS_WITHOUT_ISHOTSPOT = "mc-hotspot-keys-without-ishotspot",
    MC_LOWERCASE_OI = "mc-lowercase-oi",
    MC_INVALID_OI = "mc-invalid-oi",
    MC_INVALID_MCC_MNC = "mc-invalid-mcc-mnc",
    MC_NAI_REALM_WITH_RCOI = "mc-nai-realm-with-rcoi",
    MC_SSID_MISSING = "mc-ssid-missing",
    MC_ENCRYPTION_TYPE_NO_EAP = "mc-encryption-type-no-eap",
    MC_ENCRYPTION_TYPE_WPA3_ONLY = "mc-encryption-type-wpa3-only",
    // Certificates and identity payloads (MC-10, P12-*, TRUST-07)
    MC_CERTIFICATE_UNREADABLE = "mc-certificate-unreadable",
    MC_ANCHOR_NOT_CA = "mc-anchor-not-ca",
    MC_NO_ROOT_ANCHOR = "mc-no-root-anchor",
    MC_REMOVAL_DATE_AFTER_EXPIRY = "mc-removal-date-after-expiry",
    MC_NO_REMOVAL_DATE = "mc-no-removal-date",
    MC_PKCS12_PASSWORD_IN_PROFILE = "mc-pkcs12-password-in-profile",
    MC_PKCS12_NO_PASSWORD = "mc-pkcs12-no-password",
    // Signature (5.7)
    MC_UNSIGNED = "mc-unsigned",
    MC_SIGNED = "mc-signed",
    MC_SIGNATURE_INVALID = "mc-signature-invalid",
    MC_SIGNATURE_UNSUPPORTED = "mc-signature-unsupported",
    MC_SIGNER_CHAIN_INCOMPLETE = "mc-signer-chain-incomplete",
    MC_SIGNER_EXPIRED = "mc-signer-expired",
    // App entitlements (API-19)
    ENTITLEMENT_MISSING_HOTSPOT = "entitlement-missing-hotspot",
    ENTITLEMENT_MISSING_KEYCHAIN_GROUP = "entitlement-missing-keychain-group",
    ENTITLEMENT_APP_PREFIX = "entitlement-app-prefix",
    ENTITLEMENT_PREFIX_DIFFERS_FROM_TEAM = "entitlement-prefix-differs-from-team",
    ENTITLEMENT_UNEXPANDED_VARIABLE = "entitlement-unexpanded-variable",
    PROVISION_EXPIRED = "provision-expired",
    PROVISION_SIGNATURE_INVALID = "provision-signature-invalid",
}
