//! Rules about the client identity inside the PKCS#12 (CERT-*, API-09/11/17, P12-04/05).

use crate::rules::{Rule, Severity::*, Subject::Identity};

pub static NO_PRIVATE_KEY: Rule = Rule {
    id: "identity-no-private-key",
    severity: Error,
    subject: Identity,
    title: "the PKCS#12 holds no private key",
    consequence: "SecPKCS12Import returns no SecIdentity; setIdentity cannot be called and applyConfiguration fails with error 4 (invalid EAP settings: \"identity not provided\").",
    fix: "Export the certificate together with its private key: openssl pkcs12 -export -inkey client.key -in client.pem -certfile chain.pem ….",
    sources: &["API-09", "P12-04"],
    explanation: "EAP-TLS needs an identity (key + certificate). A PKCS#12 with certificates only is a trust bundle, not an identity.",
};

pub static MULTIPLE_KEYS: Rule = Rule {
    id: "identity-multiple-keys",
    severity: Error,
    subject: Identity,
    title: "the PKCS#12 holds more than one private key",
    consequence: "SecPKCS12Import returns several identities and apps take the first; the com.apple.security.pkcs12 payload allows only one certificate. The device may present the wrong certificate.",
    fix: "Export exactly one key and its certificate chain per file.",
    sources: &["P12-04"],
    explanation: "\"Password-protected identity certificate. Only one certificate may be included.\" (com.apple.security.pkcs12 schema). geteduroam takes the first imported item.",
};

pub static KEY_CERT_MISMATCH: Rule = Rule {
    id: "identity-key-certificate-mismatch",
    severity: Error,
    subject: Identity,
    title: "no certificate in the PKCS#12 matches the private key",
    consequence: "The device signs TLS CertificateVerify with a key that does not belong to the certificate it sends; the RADIUS server aborts the handshake (decrypt_error / bad signature) and the join fails without a message on the phone.",
    fix: "Re-export with the certificate that was issued for this key (compare `openssl x509 -noout -pubkey -in cert.pem` with `openssl pkey -pubout -in key.pem`).",
    sources: &["P12-04", "CERT-01"],
    explanation: "PKCS#12 links key and certificate by the localKeyId attribute only; nothing forces the certificate's public key to be the key's. hs20check compares the public keys.",
};

pub static KEY_ED25519: Rule = Rule {
    id: "identity-key-ed25519",
    severity: Warning,
    subject: Identity,
    title: "the client key is Ed25519",
    consequence: "SecPKCS12Import failed for Ed25519 identities in reports from 2019–2020 (owntracks/ios#639, keychain error -50); current support is unconfirmed, and most RADIUS servers cannot use Ed25519 client certificates for EAP-TLS 1.2.",
    fix: "Issue the client certificate on ECDSA P-256/P-384 or RSA-2048+.",
    sources: &["P12-05", "CERT-04"],
    explanation: "Apple platforms and EAP-TLS deployments use RSA or ECDSA. Treat Ed25519 as unsupported until Apple documents it.",
};

pub static KEY_RSA_WEAK: Rule = Rule {
    id: "identity-key-weak",
    severity: Warning,
    subject: Identity,
    title: "the client key is weak (RSA below 2048 bits)",
    consequence: "Modern RADIUS servers (OpenSSL security level 2, rustls) reject RSA keys below 2048 bits during the TLS handshake.",
    fix: "Reissue the client certificate with RSA-2048 or larger, or ECDSA P-256/P-384.",
    sources: &["CERT-04", "P12-05"],
    explanation: "CAT warns \"Many recent operating systems consider this unacceptable\" for keys below 2048 bits.",
};

pub static KEY_UNUSUAL: Rule = Rule {
    id: "identity-key-unusual",
    severity: Warning,
    subject: Identity,
    title: "the client key uses an algorithm or curve with unconfirmed Apple support",
    consequence: "Import or the EAP-TLS handshake may fail on the device; support for P-521 and non-NIST curves is unconfirmed.",
    fix: "Use RSA-2048+ or ECDSA P-256 / P-384 (CAT issues P-384 for Apple).",
    sources: &["P12-05", "CERT-04"],
    explanation: "RSA-2048 and ECDSA P-256/P-384 are in field use with Apple EAP-TLS. Others are not confirmed.",
};

pub static SIGNATURE_MD5: Rule = Rule {
    id: "identity-signature-md5",
    severity: Error,
    subject: Identity,
    title: "the client certificate (or its issuer) is signed with MD5",
    consequence: "RADIUS servers built on OpenSSL 3 or rustls reject MD5-signed certificates; authentication fails.",
    fix: "Reissue the certificate with a SHA-256 (or stronger) signature.",
    sources: &["CERT-04", "TRUST-05"],
    explanation: "MD5 signatures are forgeable; no current TLS stack accepts them.",
};

pub static SIGNATURE_SHA1: Rule = Rule {
    id: "identity-signature-sha1",
    severity: Warning,
    subject: Identity,
    title: "the client certificate (or its issuer) is signed with SHA-1",
    consequence: "Many RADIUS servers (OpenSSL 3 at security level 1+, rustls) reject SHA-1 signatures; authentication fails depending on the server.",
    fix: "Reissue with SHA-256 or stronger.",
    sources: &["CERT-04", "TRUST-05"],
    explanation: "SHA-1 collisions are practical. Apple's EAP policy tolerates SHA-1 on private CAs, but the server side usually does not.",
};

pub static EKU_NO_CLIENT_AUTH: Rule = Rule {
    id: "identity-eku-missing-client-auth",
    severity: Error,
    subject: Identity,
    title: "the client certificate's Extended Key Usage lacks clientAuth",
    consequence: "Apple's EAP client policy and RADIUS servers (FreeRADIUS, NPS, lab-radius) refuse a client certificate whose EKU does not include clientAuth (1.3.6.1.5.5.7.3.2); the server sends alert unsupported_certificate and the join fails.",
    fix: "Reissue with extendedKeyUsage = clientAuth (or drop the EKU extension).",
    sources: &["CERT-01", "TRUST-03"],
    explanation: "An EKU extension restricts the purposes; with it present, clientAuth or anyExtendedKeyUsage is required for TLS client authentication.",
};

pub static KU_NO_DIGITAL_SIGNATURE: Rule = Rule {
    id: "identity-key-usage-missing-digital-signature",
    severity: Error,
    subject: Identity,
    title: "the client certificate's Key Usage lacks digitalSignature",
    consequence: "The client proves possession of its key by signing CertificateVerify; servers enforcing keyUsage reject the certificate and the handshake fails.",
    fix: "Reissue with keyUsage = digitalSignature (plus keyEncipherment for RSA if you like).",
    sources: &["CERT-01", "TRUST-03"],
    explanation: "RFC 5280 §4.2.1.3: a certificate whose keyUsage lacks digitalSignature must not be used to verify signatures other than on certificates and CRLs.",
};

pub static EXPIRED: Rule = Rule {
    id: "identity-expired",
    severity: Error,
    subject: Identity,
    title: "the client certificate has expired",
    consequence: "The RADIUS server rejects it (alert certificate_expired); iOS keeps retrying the expired certificate silently.",
    fix: "Issue a new client certificate and re-provision it; set the profile's RemovalDate to the certificate's notAfter.",
    sources: &["CERT-05", "CERT-03"],
    explanation: "Every EAP-TLS server checks the client certificate's validity period.",
};

pub static NOT_YET_VALID: Rule = Rule {
    id: "identity-not-yet-valid",
    severity: Error,
    subject: Identity,
    title: "the client certificate is not valid yet",
    consequence: "The RADIUS server rejects it until notBefore (alert certificate_expired or bad_certificate).",
    fix: "Wait until notBefore, or reissue with notBefore in the past (check the CA's clock).",
    sources: &["CERT-05"],
    explanation: "A CA with a fast clock, or a certificate backdated wrongly, produces this.",
};

pub static EXPIRING_SOON: Rule = Rule {
    id: "identity-expiring-soon",
    severity: Warning,
    subject: Identity,
    title: "the client certificate expires within 30 days",
    consequence:
        "Authentication stops working on that date; iOS keeps trying the expired certificate.",
    fix: "Plan re-enrolment before notAfter; set RemovalDate in profiles.",
    sources: &["CERT-03"],
    explanation: "Give users time to renew.",
};

pub static NO_CN: Rule = Rule {
    id: "identity-no-common-name",
    severity: Warning,
    subject: Identity,
    title: "the client certificate has no subject Common Name",
    consequence: "Apple supplicants use the certificate CN as the EAP-Response/Identity; without one the identity is empty and RADIUS proxies cannot route the request.",
    fix: "Reissue with CN = user@realm.",
    sources: &["API-17", "CERT-02"],
    explanation: "Apple deployment guide: \"By default, iOS and macOS supplicants use the certificate identity common name for the EAP Response Identity\".",
};

pub static CN_NOT_NAI: Rule = Rule {
    id: "identity-cn-not-nai",
    severity: Warning,
    subject: Identity,
    title: "the client certificate's CN is not an NAI (user@realm)",
    consequence: "The device sends the CN as EAP identity; roaming federations and RADIUS proxies route by the realm after '@', so a CN without a realm is not routed to the home server (Access-Reject from the visited network).",
    fix: "Reissue with CN = user@<realm> (or anonymous@<realm>).",
    sources: &["API-17", "CERT-02"],
    explanation: "The rule is inferred from Apple's use of the CN as identity and from how Passpoint/eduroam proxies route; Helium issues CN anonymous@<id>.<realm> for this reason.",
};

pub static CN_REALM_MISMATCH: Rule = Rule {
    id: "identity-cn-realm-mismatch",
    severity: Warning,
    subject: Identity,
    title: "the realm in the client certificate's CN differs from the configured realm",
    consequence: "The EAP identity the device sends routes to a different home server than the Passpoint realm the device matches; authentication is rejected by the visited network's proxy or by the wrong home server.",
    fix: "Reissue with CN = user@<realm>, or configure the realm that the certificate names.",
    sources: &["API-17", "CERT-02"],
    explanation: "Passpoint selects the network by NAI realm / domain; the RADIUS path then routes on the identity's realm. Both must agree.",
};

pub static INTERMEDIATES_MISSING: Rule = Rule {
    id: "identity-intermediates-missing",
    severity: Error,
    subject: Identity,
    title: "the PKCS#12 lacks the intermediate CA certificate(s) of the client certificate",
    consequence: "iOS builds the client chain from the keychain; with the intermediate missing it logs \"failed to find the trust chain for the client certificate\" and the connection fails (the RADIUS server cannot build the path either).",
    fix: "Re-export including the chain: openssl pkcs12 -export … -certfile issuing-ca.pem, and SecItemAdd every kSecImportItemCertChain certificate into the networkextensionsharing group.",
    sources: &["API-11", "P12-04"],
    explanation: "NEHotspotEAPSettings stores a clientTrustChainReference built from the keychain. geteduroam had to add every chain certificate to fix connects.",
};

pub static CHAIN_UNTRUSTED: Rule = Rule {
    id: "identity-chain-untrusted",
    severity: Error,
    subject: Identity,
    title: "the client certificate does not chain to the given CA",
    consequence: "The RADIUS server (configured with that CA) rejects the client: alert unknown_ca, Access-Reject.",
    fix: "Use the CA that issued the client certificate on the RADIUS server (--ca here), or reissue from the right CA; include intermediates in the PKCS#12.",
    sources: &["CERT-01", "API-11"],
    explanation: "EAP-TLS servers verify the client certificate path to their configured client CA(s).",
};

pub static CHAIN_UNVERIFIABLE: Rule = Rule {
    id: "identity-chain-unverifiable",
    severity: Warning,
    subject: Identity,
    title: "the client chain's signatures could not be verified (weak algorithm)",
    consequence: "The chain uses SHA-1, MD5 or RSA below 2048 bits; servers with modern policies reject it.",
    fix: "Reissue the chain with SHA-256 signatures and RSA-2048+ or ECDSA keys.",
    sources: &["CERT-04", "TRUST-05"],
    explanation: "hs20check verifies signatures with rustls-webpki, which refuses those algorithms; names were compared instead.",
};

pub static CHAIN_NOT_CHECKED: Rule = Rule {
    id: "identity-chain-not-checked",
    severity: Info,
    subject: Identity,
    title: "no CA given: the client chain was not verified",
    consequence: "Nothing on the device; but the RADIUS server's CA was not compared with the client certificate.",
    fix: "Pass --ca <root.pem> (the CA your RADIUS server trusts for clients).",
    sources: &["CERT-01"],
    explanation: "The check uses the --ca certificates as anchors for both the client chain and the server chain.",
};

pub static CA_INSIDE: Rule = Rule {
    id: "identity-root-ca-inside",
    severity: Info,
    subject: Identity,
    title: "the PKCS#12 includes a self-signed root CA",
    consequence: "In a .mobileconfig the root imported with the identity can become trusted for more than Wi-Fi on macOS; letswifi removes it for that reason.",
    fix: "Ship the root as a separate com.apple.security.root payload and leave only the leaf and intermediates in the PKCS#12.",
    sources: &["P12-04"],
    explanation: "letswifi-portal removes the CA from the PKCS#12 \"because otherwise MacOS would trust that CA for HTTPS traffic\".",
};

pub static ALL: &[&Rule] = &[
    &NO_PRIVATE_KEY,
    &MULTIPLE_KEYS,
    &KEY_CERT_MISMATCH,
    &KEY_ED25519,
    &KEY_RSA_WEAK,
    &KEY_UNUSUAL,
    &SIGNATURE_MD5,
    &SIGNATURE_SHA1,
    &EKU_NO_CLIENT_AUTH,
    &KU_NO_DIGITAL_SIGNATURE,
    &EXPIRED,
    &NOT_YET_VALID,
    &EXPIRING_SOON,
    &NO_CN,
    &CN_NOT_NAI,
    &CN_REALM_MISMATCH,
    &INTERMEDIATES_MISSING,
    &CHAIN_UNTRUSTED,
    &CHAIN_UNVERIFIABLE,
    &CHAIN_NOT_CHECKED,
    &CA_INSIDE,
];
