//! Version family: the client and the server share no TLS version.

use hs20_core::rules::catalogue;
use rustls::Error;

use super::{Diagnosis, TlsContext};
use crate::proto::tls::hello::{ClientHello, TLS12, TLS13};
use crate::proto::tls::setup::TlsSetup;

/// Version disagreements show up under several (sometimes misleading) rustls names (a TLS 1.1
/// client shows as a missing extension), all `PeerIncompatible`; the ClientHello tells.
pub(super) fn diagnose(error: &Error, ctx: &TlsContext<'_>) -> Option<Diagnosis> {
    match (error, ctx.hello) {
        (Error::PeerIncompatible(_), Some(hello)) => version_mismatch(ctx.setup, hello),
        _ => None,
    }
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
    Some(Diagnosis::new(&catalogue::TLS_VERSION_MISMATCH, cause, fix))
}
