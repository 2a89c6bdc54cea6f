//! Rules about NEHotspotHS20Settings / NEHotspotEAPSettings (API-*). Each names the
//! NEHotspotConfigurationError code `applyConfiguration` would return.

use crate::rules::{Rule, Severity::*, Subject::Settings};

pub static DOMAIN_NAME_INVALID: Rule = Rule {
    id: "settings-domain-name-invalid",
    severity: Error,
    subject: Settings,
    title: "the Hotspot 2.0 domain name is empty or longer than 128 characters",
    consequence: "applyConfiguration fails with NEHotspotConfigurationError 6 (invalidHS20DomainName, \"invalid HS2.0 domain name.\").",
    fix: "Set NEHotspotHS20Settings(domainName:) to your home domain (usually the realm), 1–128 characters.",
    sources: &["API-03", "API-01"],
    explanation: "-[NEHotspotConfiguration validate] checks only that the domain name is non-empty and at most 128 UTF-16 units; no DNS syntax check.",
};

pub static ROAMING_WITHOUT_ID: Rule = Rule {
    id: "settings-roaming-without-identifier",
    severity: Error,
    subject: Settings,
    title: "roaming is enabled but no roaming consortium OI or NAI realm is set",
    consequence: "applyConfiguration fails with NEHotspotConfigurationError 5 (invalidHS20Settings, \"roaming consortium OIs/NAI realms not provided\").",
    fix: "Set naiRealmNames = [realm] and/or roamingConsortiumOIs, or create the settings with roamingEnabled: false.",
    sources: &["API-05", "API-01"],
    explanation: "With roamingEnabled == true validation requires at least one OI or realm; with false nothing is required.",
};

pub static MCC_MNC_INVALID: Rule = Rule {
    id: "settings-mcc-mnc-invalid",
    severity: Error,
    subject: Settings,
    title: "an MCC/MNC entry is not six digits",
    consequence: "applyConfiguration fails with NEHotspotConfigurationError 5 (invalidHS20Settings, \"invalid HS2.0 configuration.\").",
    fix: "Write each entry as exactly six digits: MCC (3) + MNC (3), padding a two-digit MNC with a leading 0 (e.g. 310026, 234015).",
    sources: &["API-06", "API-01"],
    explanation: "Header: \"Each string must contain exactly six digits\"; the schema regex is ^[0-9]{6}$.",
};

pub static MCC_MNC_PADDING_F: Rule = Rule {
    id: "settings-mcc-mnc-f-padding",
    severity: Warning,
    subject: Settings,
    title: "an MCC/MNC entry uses 'F' padding for a two-digit MNC",
    consequence: "iOS 26.1's validate() accepts 'F' as the fourth character, but the documented format is six digits; other versions and MDM schema validation may reject it (error 5).",
    fix: "Use digit padding (e.g. 234015 instead of 234F15).",
    sources: &["API-06"],
    explanation: "The 'F' allowance is only seen in decompiled iOS 26.1 code.",
};

pub static OI_INVALID: Rule = Rule {
    id: "settings-oi-invalid",
    severity: Error,
    subject: Settings,
    title: "a roaming consortium OI is not 6 or 10 hexadecimal digits",
    consequence: "iOS does not validate OIs, so the configuration installs, but an OI that is not a 3- or 5-octet hex string never matches a hotspot's ANQP Roaming Consortium list: the device never selects the network.",
    fix: "Write OIs as 6 or 10 uppercase hex digits without separators (eduroam 001BC50460, OpenRoaming 5A03BA0000).",
    sources: &["API-07"],
    explanation: "OIs are OUI-24 (3 octets) or OUI-36 carried in 5 octets; CAT, letswifi and geteduroam all emit 6 or 10 hex digits.",
};

pub static OI_LOWERCASE: Rule = Rule {
    id: "settings-oi-lowercase",
    severity: Warning,
    subject: Settings,
    title: "a roaming consortium OI uses lowercase hex",
    consequence: "On iOS 16.3 (status of 16.4.0 unknown, fixed in 16.4.1) lowercase OIs did not match and the device never joined.",
    fix: "Uppercase the OI (e.g. 5A03BA0000).",
    sources: &["API-07"],
    explanation: "geteduroam, CAT, letswifi and hgot07 all uppercase OIs for this reason.",
};

pub static TLS13_UNAVAILABLE: Rule = Rule {
    id: "settings-tls13-unavailable",
    severity: Warning,
    subject: Settings,
    title: "TLS 1.3 cannot be selected through NEHotspotEAPSettings",
    consequence: "The initializer resets preferredTLSVersion to 1.2; a RADIUS server that requires TLS 1.3 rejects the device (protocol_version alert) and the join fails silently.",
    fix: "Allow TLS 1.2 on the RADIUS server, or deploy with a .mobileconfig that sets TLSMaximumVersion 1.3 (iOS 17+; OuterIdentity is then required).",
    sources: &["API-16", "MC-05"],
    explanation: "NEHotspotConfigurationEAPTLSVersion has only 1.0, 1.1 and 1.2; values set by the app are overwritten.",
};

pub static TLS_VERSION_COSMETIC: Rule = Rule {
    id: "settings-tls-version-ignored",
    severity: Info,
    subject: Settings,
    title: "preferredTLSVersion set by the app is overwritten",
    consequence: "initWithHS20Settings:eapSettings: sets preferredTLSVersion to 1.2 on its copy; the app's value has no effect.",
    fix: "Nothing to do; do not rely on it to force TLS 1.0/1.1.",
    sources: &["API-16"],
    explanation: "Decompiled NetworkExtension (iOS 26.1) shows the overwrite in both initializers.",
};

pub static NO_SERVER_TRUST: Rule = Rule {
    id: "settings-no-server-trust",
    severity: Error,
    subject: Settings,
    title: "neither trusted server names nor trusted server certificates are set",
    consequence: "applyConfiguration fails with NEHotspotConfigurationError 4 (invalidEAPSettings, \"EAP settings must have either trusted server certificates or trusted server names configured.\").",
    fix: "Set trustedServerNames to the RADIUS server certificate's DNS name and/or call setTrustedServerCertificates with its CA.",
    sources: &["API-12", "API-01"],
    explanation: "Validation requires at least one of the two.",
};

pub static TOO_MANY_TRUSTED_CERTS: Rule = Rule {
    id: "settings-too-many-trusted-certificates",
    severity: Error,
    subject: Settings,
    title: "more than 10 trusted server certificates",
    consequence: "setTrustedServerCertificates accepts at most 10; validation fails with NEHotspotConfigurationError 4 (\"too many trusted server certificates\").",
    fix: "Pass only the root (and if needed intermediate) CA(s) of the RADIUS server, at most 10.",
    sources: &["API-13"],
    explanation: "Documented limit of setTrustedServerCertificates.",
};

pub static IOS15_TRUSTED_CERTS: Rule = Rule {
    id: "settings-ios15-trusted-certificates",
    severity: Warning,
    subject: Settings,
    title: "setTrustedServerCertificates breaks the configuration on iOS 15.0 and 15.1",
    consequence: "On iOS 15.0–15.1 the configuration becomes invalid when trusted server certificates are set; fixed in 15.2.",
    fix: "Skip setTrustedServerCertificates on iOS 15.0–15.1 (rely on trustedServerNames), or raise the deployment target to 15.2.",
    sources: &["API-14"],
    explanation: "geteduroam works around it exactly so.",
};

pub static TRUSTED_NAMES_ASSUMED: Rule = Rule {
    id: "settings-trusted-names-assumed",
    severity: Info,
    subject: Settings,
    title: "no --trusted-server-name given: assumed trustedServerNames = [realm]",
    consequence: "This is what most apps write; it works only if the RADIUS certificate names the realm itself.",
    fix: "Pass --trusted-server-name with the value your app really uses.",
    sources: &["API-12", "TRUST-01"],
    explanation: "The default models the common app code `trustedServerNames = [realm]`.",
};

pub static OUTER_IDENTITY_IGNORED: Rule = Rule {
    id: "settings-outer-identity-ignored",
    severity: Info,
    subject: Settings,
    title: "outerIdentity is not used by validation for EAP-TLS",
    consequence: "The header says outerIdentity is only relevant to TTLS, PEAP and EAP-FAST; Apple supplicants send the certificate CN as identity by default. Whether NEHotspot EAP-TLS sends outerIdentity instead is unconfirmed.",
    fix: "Make the certificate CN an NAI (user@realm) so routing works either way.",
    sources: &["API-17"],
    explanation: "Not a cause of error 4.",
};

pub static ALL: &[&Rule] = &[
    &DOMAIN_NAME_INVALID,
    &ROAMING_WITHOUT_ID,
    &MCC_MNC_INVALID,
    &MCC_MNC_PADDING_F,
    &OI_INVALID,
    &OI_LOWERCASE,
    &NO_SERVER_TRUST,
    &TOO_MANY_TRUSTED_CERTS,
    &IOS15_TRUSTED_CERTS,
    &TLS13_UNAVAILABLE,
    &TLS_VERSION_COSMETIC,
    &TRUSTED_NAMES_ASSUMED,
    &OUTER_IDENTITY_IGNORED,
];
