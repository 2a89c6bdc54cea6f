//! Rules about the RADIUS server certificate and trustedServerNames (TRUST-*).

use crate::rules::{Rule, Severity::*, Subject::Server};

pub static NAME_MISMATCH: Rule = Rule {
    id: "server-name-mismatch",
    severity: Error,
    subject: Server,
    title: "no trusted server name matches the RADIUS server certificate",
    consequence: "At connect time iOS rejects the server certificate (SecPolicyCheckCertEAPTrustedServerNames fails); the join fails silently and the app is never told.",
    fix: "Put a name the certificate presents into trustedServerNames / TLSTrustedServerNames (the report names one), or reissue the server certificate with that name as SAN dNSName.",
    sources: &["TRUST-01", "TRUST-02", "API-12"],
    explanation: "Apple compares each trusted name with the server's SAN dNSNames (or, only when there is no SAN dNSName, DNS-shaped CNs), label by label, case-insensitively, with the same number of labels. `trustedServerNames=[realm]` works only if the certificate literally names the realm.",
};

pub static WILDCARD_MISMATCH: Rule = Rule {
    id: "server-name-wildcard-mismatch",
    severity: Warning,
    subject: Server,
    title: "the trusted server names match the certificate only under wildcard rules Apple does not apply",
    consequence: "Under Apple's SecDNSMatch (Security-59754) the names do not match, so the join would fail silently; whether current iOS still matches this strictly is unconfirmed.",
    fix: "Use the exact name the certificate presents (the report names it), or a trusted name whose only wildcard is the whole leftmost label.",
    sources: &["TRUST-02"],
    explanation: "Apple treats `*` only in trusted names, only as the whole leftmost label; partial wildcards (`wpa*.example.com`), inner wildcards (`wpa.*.example.com`, Apple's own schema example) and wildcard certificates (`*.example.com` vs `radius.example.com`) do not match.",
};

pub static TRUSTED_NAME_INVALID: Rule = Rule {
    id: "trusted-name-invalid-wildcard",
    severity: Warning,
    subject: Server,
    title: "a trusted server name uses a wildcard Apple never matches",
    consequence: "That entry matches no certificate at all under Apple's SecDNSMatch; it gives a false sense of configuration.",
    fix: "Use `*` only as the whole leftmost label of a name with at least three labels (e.g. *.example.com), or list exact names.",
    sources: &["TRUST-02"],
    explanation: "The leftmost-label-only rule comes from Apple's Security source (iOS 14 era); current behaviour is unconfirmed, hence a warning.",
};

pub static TRUSTED_NAME_NOT_DNS: Rule = Rule {
    id: "trusted-name-not-dns-name",
    severity: Warning,
    subject: Server,
    title: "a trusted server name is not a DNS name",
    consequence: "Apple compares trusted names with the certificate's DNS names label by label; an entry with spaces, an empty label or a trailing dot (which adds an empty label) never matches any certificate.",
    fix: "List the server certificate's DNS name exactly, e.g. radius.example.com (no spaces, no trailing dot).",
    sources: &["TRUST-01", "TRUST-02"],
    explanation: "SecDNSMatch strips a trailing dot only from the certificate's name, then requires the same number of labels; a trusted name like \"RADIUS Server\" (a CN people copy from the certificate) or \"radius.example.com.\" cannot match.",
};

pub static NO_DNS_NAME: Rule = Rule {
    id: "server-no-dns-name",
    severity: Error,
    subject: Server,
    title: "the RADIUS server certificate presents no DNS name Apple can match",
    consequence: "With no SAN dNSName and no DNS-shaped CN (e.g. CN=\"RADIUS Server\"), Apple has nothing to compare with trustedServerNames and rejects the server at connect time.",
    fix: "Reissue the server certificate with subjectAltName DNS:<server FQDN> (and the same name as CN).",
    sources: &["TRUST-01", "TRUST-07"],
    explanation: "SecCertificateCopyDNSNames returns SAN dNSNames, else only CNs that parse as DNS names.",
};

pub static CN_IGNORED: Rule = Rule {
    id: "server-cn-ignored",
    severity: Info,
    subject: Server,
    title: "the server certificate has SAN dNSNames, so its CN is not used for matching",
    consequence: "A trusted name equal only to the CN does not match.",
    fix: "Make the CN also a SAN dNSName (CN == SAN is the federation norm).",
    sources: &["TRUST-01", "TRUST-07"],
    explanation: "If a SAN dNSName exists, Apple ignores the subject CN.",
};

pub static CN_SAN_CASE: Rule = Rule {
    id: "server-cn-san-case-differs",
    severity: Warning,
    subject: Server,
    title: "the server certificate's CN and SAN dNSName differ only in letter case",
    consequence:
        "Apple matches case-insensitively, but Android 12 is known to be picky about this.",
    fix: "Reissue with CN and SAN dNSName spelled identically (lowercase).",
    sources: &["TRUST-07"],
    explanation: "GÉANT's server-certificate guidance: one CN, CN == SAN dNSName, same case.",
};

pub static EKU_NO_SERVER_AUTH: Rule = Rule {
    id: "server-eku-missing-server-auth",
    severity: Error,
    subject: Server,
    title: "the RADIUS server certificate's Extended Key Usage lacks serverAuth",
    consequence: "Apple's EAP policy rejects a server certificate whose EKU lacks serverAuth (rdar://22206018); Windows refuses it too. The join fails silently.",
    fix: "Reissue with extendedKeyUsage = serverAuth.",
    sources: &["TRUST-03"],
    explanation: "Accepted EKUs: serverAuth, anyExtendedKeyUsage, Microsoft/Netscape SGC; an absent EKU extension is accepted.",
};

pub static CHAIN_UNTRUSTED: Rule = Rule {
    id: "server-chain-untrusted",
    severity: Error,
    subject: Server,
    title: "the RADIUS server certificate does not chain to the given CA",
    consequence: "With the CA as anchor (PayloadCertificateAnchorUUID / setTrustedServerCertificates) the device rejects the server; the join fails silently.",
    fix: "Give the device the CA that issued the server certificate, and make the server send its intermediates (devices never fetch them: no network during evaluation).",
    sources: &["TRUST-06", "TRUST-04"],
    explanation: "When anchors are set, only those anchors are used; intermediates must come from the server's Certificate message or the profile.",
};

pub static CHAIN_UNVERIFIABLE: Rule = Rule {
    id: "server-chain-unverifiable",
    severity: Warning,
    subject: Server,
    title: "the server chain's signatures could not be verified (weak algorithm)",
    consequence: "Apple accepts SHA-1 on private CAs but rejects MD5 (except on self-signed roots); other clients (Android, Windows, wpa_supplicant with OpenSSL 3) may reject SHA-1 or small RSA keys.",
    fix: "Reissue the server chain with SHA-256 signatures and RSA-2048+ or ECDSA.",
    sources: &["TRUST-05"],
    explanation: "hs20check verifies signatures with rustls-webpki, which refuses SHA-1, MD5 and RSA below 2048 bits; names were compared instead.",
};

pub static EXPIRED: Rule = Rule {
    id: "server-expired",
    severity: Error,
    subject: Server,
    title: "the RADIUS server certificate has expired (or is not valid yet)",
    consequence: "Every client rejects the server at connect time; on iOS the join fails silently.",
    fix: "Renew the server certificate (keep the same name and CA so clients keep trusting it).",
    sources: &["TRUST-06"],
    explanation: "Apple checks the validity period of every certificate on the path.",
};

pub static EXPIRING_SOON: Rule = Rule {
    id: "server-expiring-soon",
    severity: Warning,
    subject: Server,
    title: "the RADIUS server certificate expires within 30 days",
    consequence: "All devices stop connecting on that date.",
    fix: "Renew it now, same name and same CA.",
    sources: &["TRUST-06"],
    explanation: "Server certificate rollover is the classic eduroam outage.",
};

pub static KEY_WEAK: Rule = Rule {
    id: "server-key-weak",
    severity: Warning,
    subject: Server,
    title: "the RADIUS server key is weak (RSA below 2048 bits)",
    consequence: "Apple rejects it when chained to a public root; Android, Windows and OpenSSL 3 clients reject it regardless.",
    fix: "Reissue with RSA-2048+ or ECDSA P-256/P-384.",
    sources: &["TRUST-05"],
    explanation: "Apple's EAP policy checks weak keys only for system-trusted roots (\"enterprise PKIs are the absolute worst\"); other platforms are stricter.",
};

pub static SIGNATURE_MD5: Rule = Rule {
    id: "server-signature-md5",
    severity: Error,
    subject: Server,
    title: "the RADIUS server certificate is signed with MD5",
    consequence: "Apple rejects MD5 signatures on non-self-signed certificates (SecPolicyCheckCertWeakSignature); the join fails.",
    fix: "Reissue with SHA-256 or stronger.",
    sources: &["TRUST-05"],
    explanation: "MD2/MD4/MD5 are disallowed for every non-root certificate.",
};

pub static SIGNATURE_SHA1: Rule = Rule {
    id: "server-signature-sha1",
    severity: Warning,
    subject: Server,
    title: "the RADIUS server certificate is signed with SHA-1",
    consequence: "Apple tolerates it only on private CAs; Android, Windows and OpenSSL 3 clients may reject it.",
    fix: "Reissue with SHA-256 or stronger.",
    sources: &["TRUST-05"],
    explanation: "Whether iOS 17+ still exempts private CAs is unconfirmed.",
};

pub static NOT_CHECKED: Rule = Rule {
    id: "server-not-checked",
    severity: Info,
    subject: Server,
    title: "no RADIUS server certificate given: trustedServerNames were not compared",
    consequence: "The most common silent connect-time failure (name mismatch) was not checked.",
    fix: "Pass --server-cert <server chain PEM> (eapol_test -o server.pem dumps what a server sends).",
    sources: &["TRUST-01", "TRUST-02"],
    explanation: "The names in trustedServerNames must match the RADIUS server certificate; without it hs20check can only check their syntax.",
};

pub static ALL: &[&Rule] = &[
    &NAME_MISMATCH,
    &WILDCARD_MISMATCH,
    &TRUSTED_NAME_INVALID,
    &TRUSTED_NAME_NOT_DNS,
    &NO_DNS_NAME,
    &CN_IGNORED,
    &CN_SAN_CASE,
    &EKU_NO_SERVER_AUTH,
    &CHAIN_UNTRUSTED,
    &CHAIN_UNVERIFIABLE,
    &EXPIRED,
    &EXPIRING_SOON,
    &KEY_WEAK,
    &SIGNATURE_MD5,
    &SIGNATURE_SHA1,
    &NOT_CHECKED,
];
