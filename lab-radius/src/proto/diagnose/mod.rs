//! Turns what happened (rustls error, parsed ClientHello, the client's chain, the server's own
//! setup) into one cause in plain words and one fix. Every failed negotiation ends with one of
//! these; the shell prints it as the final `FAILURE code=… cause=… fix=…` line.

use std::fmt;

use rustls::{AlertDescription, CertificateError, Error, PeerIncompatible};

use crate::proto::tls::hello::{self, ClientHello, TLS12, TLS13};
use crate::proto::tls::setup::TlsSetup;
use crate::proto::tls::verifier::ClientCertRecord;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    /// Stable identifier, e.g. `tls.client-cert-expired`.
    pub code: &'static str,
    pub cause: String,
    pub fix: String,
}

impl Diagnosis {
    pub fn new(code: &'static str, cause: impl Into<String>, fix: impl Into<String>) -> Self {
        Diagnosis {
            code,
            cause: cause.into(),
            fix: fix.into(),
        }
    }
}

impl fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.cause, self.fix)
    }
}

/// What the EAP-TLS session knew when the TLS library failed.
pub struct TlsContext<'a> {
    pub setup: &'a TlsSetup,
    pub hello: Option<&'a ClientHello>,
    pub client_cert: Option<&'a ClientCertRecord>,
    /// The server's certificate flight has been sent to the client.
    pub server_certificate_sent: bool,
}

fn version_list(versions: &[u16]) -> String {
    let modern: Vec<&str> = [(TLS12, "1.2"), (TLS13, "1.3")]
        .iter()
        .filter(|(v, _)| versions.contains(v))
        .map(|(_, name)| *name)
        .collect();
    match modern.as_slice() {
        [] if versions.iter().any(|v| *v == 0x0301 || *v == 0x0302) => "only TLS 1.0/1.1".into(),
        [] => "no known TLS version".into(),
        [one] => format!("only TLS {one}"),
        _ => "TLS 1.2 and 1.3".into(),
    }
}

fn server_range(setup: &TlsSetup) -> String {
    if setup.tls_min == setup.tls_max {
        format!("requires {}", setup.tls_min.label())
    } else {
        format!(
            "allows {} to {}",
            setup.tls_min.label(),
            setup.tls_max.label()
        )
    }
}

/// The version disagreement, if there is one, from the parsed ClientHello.
fn version_mismatch(setup: &TlsSetup, hello: &ClientHello) -> Option<Diagnosis> {
    if hello.versions.iter().any(|v| setup.supports(*v)) {
        return None;
    }
    let client_max = hello.versions.iter().copied().max().unwrap_or(0);
    let offered = version_list(&hello.versions);
    let cause = format!(
        "client offers {offered} but the server {}",
        server_range(setup)
    );
    let fix = if client_max < setup.tls_min.wire() {
        if client_max < TLS12 {
            "the supplicant speaks only TLS 1.0/1.1, which lab-radius (rustls) never allows: enable TLS 1.2 on the supplicant (Windows 7/8: enable TLS 1.2 for EAP)".to_string()
        } else {
            "lower --tls-min or enable TLS 1.3 on the supplicant (wpa_supplicant: phase1=\"tls_disable_tlsv1_3=0\")".to_string()
        }
    } else {
        "raise --tls-max or enable TLS 1.2 on the supplicant".to_string()
    };
    Some(Diagnosis::new("tls.version-mismatch", cause, fix))
}

fn suites_text(suites: &[u16]) -> String {
    hello::join(suites, hello::suite_name)
}

fn no_common_suite(setup: &TlsSetup, hello: &ClientHello) -> Diagnosis {
    let ours = setup.suites();
    let offered: Vec<u16> = hello
        .suites
        .iter()
        .copied()
        .filter(|s| *s != 0x00ff && s & 0x0f0f != 0x0a0a)
        .collect();
    let all_ecdsa_or_rsa = |prefix: &str| {
        offered
            .iter()
            .all(|s| hello::suite_name(*s).starts_with(prefix))
    };
    let key_hint = if setup.server_key_is_ecdsa() && all_ecdsa_or_rsa("TLS_ECDHE_RSA") {
        " (the client wants RSA-signed suites but our certificate is ECDSA)"
    } else if !setup.server_key_is_ecdsa() && all_ecdsa_or_rsa("TLS_ECDHE_ECDSA") {
        " (the client wants ECDSA-signed suites but our certificate is RSA)"
    } else {
        ""
    };
    // When only the key type is wrong, the fix is the server certificate, not the client.
    let suite_b = offered == [0xc02c];
    let fix = if key_hint.is_empty() {
        "enable an ECDHE suite with AES-GCM or ChaCha20 on the supplicant (lab-radius, like rustls, has no CBC, static-RSA or DHE suites), or use a server certificate of the key type the client's suites need"
    } else if suite_b {
        "this is a WPA3-Enterprise 192-bit (Suite B) client: give lab-radius an ECDSA P-384 server certificate signed with SHA-384 (--server-cert/--server-key)"
    } else if setup.server_key_is_ecdsa() {
        "give lab-radius an RSA server certificate, or enable ECDHE-ECDSA suites on the supplicant"
    } else {
        "give lab-radius an ECDSA server certificate, or enable ECDHE-RSA suites on the supplicant"
    };
    Diagnosis::new(
        "tls.no-common-cipher-suite",
        format!(
            "no common cipher suite{key_hint}: client offers [{}], server supports [{}]",
            suites_text(&offered),
            suites_text(&ours)
        ),
        fix,
    )
}

fn chain_text(setup: &TlsSetup) -> String {
    setup
        .server_chain
        .iter()
        .map(|c| format!("'{}'", c.subject))
        .collect::<Vec<_>>()
        .join(" <- ")
}

fn alert_name(alert: &AlertDescription) -> String {
    let debug = format!("{alert:?}");
    // CamelCase -> snake_case, the name TLS specs and OpenSSL logs use.
    let mut out = String::new();
    let mut previous_lower = false;
    for ch in debug.chars() {
        if ch.is_uppercase() && previous_lower {
            out.push('_');
        }
        previous_lower = ch.is_lowercase();
        out.push(ch.to_ascii_lowercase());
    }
    out
}

fn certificate_problem(
    err: &CertificateError,
    record: Option<&ClientCertRecord>,
    setup: &TlsSetup,
) -> Diagnosis {
    let leaf = record.and_then(|r| r.chain.first());
    let now = record.map(|r| r.now).unwrap_or(0);
    let who = leaf
        .map(|l| format!("client certificate '{}'", l.subject))
        .unwrap_or_else(|| "client certificate".into());
    use crate::proto::tls::certfacts::date;
    match err {
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            // The leaf, or whichever certificate in the chain has expired.
            let expired = record
                .and_then(|r| r.chain.iter().find(|c| c.not_after < now))
                .or(leaf);
            let what = match (expired, leaf) {
                (Some(e), Some(l)) if e.subject != l.subject => {
                    format!("certificate '{}' in the client's chain", e.subject)
                }
                _ => who.clone(),
            };
            Diagnosis::new(
                "tls.client-cert-expired",
                format!(
                    "{what} expired on {} (now {})",
                    expired.map(|c| date(c.not_after)).unwrap_or_default(),
                    date(now)
                ),
                "reissue it",
            )
        }
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
            let early = record
                .and_then(|r| r.chain.iter().find(|c| c.not_before > now))
                .or(leaf);
            Diagnosis::new(
                "tls.client-cert-not-yet-valid",
                format!(
                    "{who} is not valid before {} (now {})",
                    early.map(|c| date(c.not_before)).unwrap_or_default(),
                    date(now)
                ),
                "check the clocks of the CA, this server and the client, or wait until it becomes valid",
            )
        }
        CertificateError::InvalidPurpose | CertificateError::InvalidPurposeContext { .. } => {
            Diagnosis::new(
                "tls.client-cert-wrong-eku",
                format!(
                    "{who} is not allowed for client authentication: its extended key usage is {}",
                    leaf.map(|l| l.eku_text()).unwrap_or_else(|| "unknown".into())
                ),
                "reissue it with extendedKeyUsage=clientAuth",
            )
        }
        CertificateError::UnknownIssuer => {
            let top = record.and_then(|r| r.chain.last());
            let issuer = top.map(|c| c.issuer.clone()).unwrap_or_default();
            Diagnosis::new(
                "tls.client-cert-unknown-ca",
                format!(
                    "unknown CA: issuer '{issuer}' is not one of the configured CAs ({})",
                    setup.ca_subjects()
                ),
                "add that CA to --ca, or reissue the client certificate from a configured CA (and make the supplicant send its intermediate CA)",
            )
        }
        CertificateError::BadSignature => Diagnosis::new(
            "tls.client-cert-bad-signature",
            format!("{who} has a signature that does not verify against its issuer"),
            "the chain was altered or the issuer's key changed: reissue the certificate",
        ),
        CertificateError::Revoked => Diagnosis::new(
            "tls.client-cert-revoked",
            format!("{who} is revoked"),
            "issue a new certificate",
        ),
        other => Diagnosis::new(
            "tls.client-cert-rejected",
            format!("{who} was rejected: {other:?}"),
            "check the certificate against the configured CA with `openssl verify -CAfile CA.pem -untrusted chain.pem cert.pem`",
        ),
    }
}

/// Explains a failure reported by rustls while serving one EAP-TLS session.
pub fn tls_failure(error: &Error, ctx: &TlsContext<'_>) -> Diagnosis {
    // Version and suite disagreements show up under several (sometimes misleading) rustls
    // names; the ClientHello tells what really happened.
    if let (Error::PeerIncompatible(_), Some(hello)) = (error, ctx.hello) {
        if let Some(d) = version_mismatch(ctx.setup, hello) {
            return d;
        }
    }
    match error {
        Error::NoCertificatesPresented => Diagnosis::new(
            "tls.no-client-cert",
            "client sent no certificate",
            "configure a client certificate and key on the supplicant (wpa_supplicant: client_cert and private_key); EAP-TLS requires one",
        ),
        Error::InvalidCertificate(e) => certificate_problem(e, ctx.client_cert, ctx.setup),
        // Not a trust or name problem: the client read our validity dates (or has a wrong clock).
        Error::AlertReceived(AlertDescription::CertificateExpired) if ctx.server_certificate_sent => {
            use crate::proto::tls::certfacts::date;
            Diagnosis::new(
                "tls.client-rejected-server",
                format!(
                    "the client rejected our certificate as expired (alert certificate_expired); we sent {}",
                    ctx.setup
                        .server_chain
                        .iter()
                        .map(|c| format!(
                            "'{}' valid {} .. {}",
                            c.subject,
                            date(c.not_before),
                            date(c.not_after)
                        ))
                        .collect::<Vec<_>>()
                        .join(" <- ")
                ),
                "if a date is past, reissue the server certificate (lab-radius check-config shows it); if not, set the client's clock right",
            )
        }
        Error::AlertReceived(alert) if ctx.server_certificate_sent => Diagnosis::new(
            "tls.client-rejected-server",
            format!(
                "the client rejected our certificate (alert {}); we sent {}",
                alert_name(alert),
                chain_text(ctx.setup)
            ),
            format!(
                "check the client's CA and server-name settings: it must trust the root that issued our chain and expect one of our names ({})",
                ctx.setup
                    .server_chain
                    .first()
                    .map(|c| c.dns_names.join(", "))
                    .unwrap_or_default()
            ),
        ),
        Error::AlertReceived(alert) => Diagnosis::new(
            "tls.client-aborted",
            format!(
                "the client aborted the handshake with alert {}",
                alert_name(alert)
            ),
            "read the supplicant's log for why it gave up",
        ),
        Error::PeerIncompatible(p) => match (p, ctx.hello) {
            (PeerIncompatible::NoCipherSuitesInCommon, Some(h)) => no_common_suite(ctx.setup, h),
            (PeerIncompatible::NoKxGroupsInCommon, Some(h)) => {
                let ecdhe = h
                    .suites
                    .iter()
                    .any(|s| hello::suite_name(*s).contains("ECDHE"));
                if !ecdhe && !h.offers(TLS13) {
                    // rustls' name for a static-RSA / DHE-only client.
                    no_common_suite(ctx.setup, h)
                } else {
                    Diagnosis::new(
                        "tls.no-common-group",
                        format!(
                            "no common key-exchange group: client offers [{}], server supports [{}]",
                            hello::join(&h.groups, hello::group_name),
                            hello::join(&ctx.setup.groups(), hello::group_name)
                        ),
                        "enable x25519, secp256r1 or secp384r1 on the supplicant",
                    )
                }
            }
            (PeerIncompatible::NoSignatureSchemesInCommon, Some(h)) => no_common_scheme(ctx, h),
            (PeerIncompatible::SignatureAlgorithmsExtensionRequired, Some(h))
                if h.versions.iter().all(|v| *v < TLS12) =>
            {
                version_mismatch(ctx.setup, h).unwrap_or_else(|| generic(error))
            }
            _ => generic(error),
        },
        // rustls' name when our key cannot make any signature the client accepts.
        Error::General(msg) if msg.contains("incompatible signing key") && ctx.hello.is_some() => {
            no_common_scheme(ctx, ctx.hello.expect("checked"))
        }
        Error::DecryptError | Error::PeerMisbehaved(_) if ctx.client_cert.is_some() => {
            Diagnosis::new(
                "tls.client-proof-failed",
                format!(
                    "the client's proof of key possession (CertificateVerify) failed: {error}"
                ),
                "the client's private key does not match its certificate, or it signed with an algorithm it did not offer: check the supplicant's key file",
            )
        }
        _ => generic(error),
    }
}

fn no_common_scheme(ctx: &TlsContext<'_>, h: &ClientHello) -> Diagnosis {
    let key = ctx
        .setup
        .server_chain
        .first()
        .map(|c| c.key.clone())
        .unwrap_or_default();
    let suite_b = h.signature_schemes == [0x0503] || h.groups == [24];
    Diagnosis::new(
        "tls.no-common-signature-scheme",
        format!(
            "our {key} server key cannot make a signature the client accepts: client offers signature schemes [{}]{}",
            hello::join(&h.signature_schemes, hello::scheme_name),
            if suite_b { " (a WPA3-Enterprise 192-bit / Suite B client)" } else { "" }
        ),
        if suite_b {
            "a 192-bit (SUITEB192) client needs an ECDSA P-384 server certificate signed with SHA-384: reissue the server certificate on P-384"
        } else {
            "use a server certificate whose key type the client accepts, or widen the supplicant's signature algorithms"
        },
    )
}

fn generic(error: &Error) -> Diagnosis {
    Diagnosis::new(
        "tls.handshake-failed",
        format!("TLS handshake failed: {error}"),
        "compare the ClientHello summary above with the server's settings and read the supplicant's log",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alert_names_are_snake_case() {
        assert_eq!(alert_name(&AlertDescription::UnknownCA), "unknown_ca");
        assert_eq!(
            alert_name(&AlertDescription::BadCertificate),
            "bad_certificate"
        );
    }
}
