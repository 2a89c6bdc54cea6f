//! Rules about the PKCS#12 container itself (P12-*).

use crate::rules::{Rule, Severity::*, Subject::Container};

pub static MODERN_ENCRYPTION: Rule = Rule {
    id: "p12-modern-encryption",
    severity: Warning,
    subject: Container,
    title: "PKCS#12 uses PBES2/AES encryption, which older iOS and macOS cannot import",
    consequence: "SecPKCS12Import fails with errSecAuthFailed (-25293, \"The user name or passphrase you entered is not correct\") on iOS 17 and earlier and macOS 12–13 even with the right password; the app never gets an identity and NEHotspotConfigurationManager later answers error 4 (invalid EAP settings).",
    fix: "Re-export with the legacy algorithms: openssl pkcs12 -export -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1 -inkey key.pem -in cert.pem -certfile chain.pem -out identity.p12 (or `-legacy` on OpenSSL 3).",
    sources: &["P12-02", "P12-01"],
    explanation: "OpenSSL 3, Python cryptography and recent Java default to PBES2 with PBKDF2 and AES-256-CBC. Many reports (openssl#19871, pyca/cryptography#7293, xca#474, tauri#15844) show Apple platforms rejecting these files with a password error; the first iOS version that accepts them is not confirmed, so this stays a warning. 3DES (pbeWithSHAAnd3-KeyTripleDES-CBC) with a SHA-1 MAC imports everywhere.",
};

pub static MAC_NOT_SHA1: Rule = Rule {
    id: "p12-mac-not-sha1",
    severity: Warning,
    subject: Container,
    title: "PKCS#12 integrity MAC is not HMAC-SHA1",
    consequence: "SecPKCS12Import reports errSecPkcs12VerifyFailure (-25264, \"MAC verification failed during PKCS12 import (wrong password?)\") on older iOS and macOS, although the password is right.",
    fix: "Re-export with `-macalg sha1` (openssl pkcs12 -export … -macalg sha1), or `-legacy`.",
    sources: &["P12-02"],
    explanation: "The MAC protects the whole file and proves the password. OpenSSL 3 uses HMAC-SHA256 by default; Apple radar FB8988319 and several field reports tie SHA-256 MACs to import failures on Apple platforms.",
};

pub static NO_MAC: Rule = Rule {
    id: "p12-no-mac",
    severity: Warning,
    subject: Container,
    title: "PKCS#12 has no password MAC",
    consequence: "SecPKCS12Import supports only password-based PKCS#12 blobs; without a MAC the import may fail with errSecDecode (-26275), and a wrong password is not detected.",
    fix: "Re-export with a password and a SHA-1 MAC: openssl pkcs12 -export -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1 ….",
    sources: &["P12-01"],
    explanation: "Apple's header says \"Only password-based PKCS12 blobs are currently supported\". Files written with `-nomac` (or by some HSM tools) lack the integrity MAC.",
};

pub static EMPTY_PASSWORD: Rule = Rule {
    id: "p12-empty-password",
    severity: Warning,
    subject: Container,
    title: "PKCS#12 password is empty",
    consequence: "iOS and macOS each accept only one of the two empty-password encodings, and SecPKCS12Import has been seen to fail with errSecPkcs12VerifyFailure (-25264) for password-less files; the identity never reaches the keychain.",
    fix: "Re-export with a non-empty password (letswifi uses \"pkcs12\"; geteduroam refuses password-less files). Android's x-wifi-config needs the opposite: hs20check profile --format android writes a password-less copy for it.",
    sources: &["P12-03", "AND-05"],
    explanation: "RFC 7292 allows an empty password to be encoded as two zero bytes (B.1) or as nothing (B.2); zeroc-ice measured that iOS and macOS each accept one form only. Apple-focused tools require a passphrase.",
};

pub static BER_ENCODED: Rule = Rule {
    id: "p12-ber-encoded",
    severity: Info,
    subject: Container,
    title: "PKCS#12 uses BER encoding (indefinite lengths or constructed strings)",
    consequence: "None on Apple devices, which read BER; some tools (and Rust's p12-keystore) only read DER.",
    fix: "Nothing to do for Apple. To normalise: openssl pkcs12 -in in.p12 -out tmp.pem -nodes, then re-export.",
    sources: &["P12-02"],
    explanation: "Keychain Access, Java keytool and Windows export BER. hs20check re-encodes the file to DER before decoding; the MAC covers the content octets, so it still verifies.",
};

pub static UNENCRYPTED_KEY: Rule = Rule {
    id: "p12-unencrypted-key",
    severity: Warning,
    subject: Container,
    title: "the private key is stored without encryption (keyBag)",
    consequence: "Anyone who copies the file has the key; some importers refuse plain key bags in a password-protected file.",
    fix: "Re-export so the key is in a shrouded (encrypted) key bag: openssl pkcs12 -export -keypbe PBE-SHA1-3DES ….",
    sources: &["P12-01", "P12-04"],
    explanation: "PKCS#12 allows a plain keyBag. Apple expects a password-protected identity (\"Password-protected identity certificate\" in the pkcs12 payload schema).",
};

pub static ALL: &[&Rule] = &[
    &MODERN_ENCRYPTION,
    &MAC_NOT_SHA1,
    &NO_MAC,
    &EMPTY_PASSWORD,
    &UNENCRYPTED_KEY,
    &BER_ENCODED,
];
