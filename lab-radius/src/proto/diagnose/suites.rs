//! Cipher-suite family: no suite both sides can use (often: the client's suites need the other
//! key type than our certificate's).

use hs20_core::rules::catalogue;
use rustls::{Error, PeerIncompatible};

use super::{Diagnosis, TlsContext};
use crate::proto::tls::hello::{self, ClientHello, TLS13};
use crate::proto::tls::setup::TlsSetup;

pub(super) fn diagnose(error: &Error, ctx: &TlsContext<'_>) -> Option<Diagnosis> {
    let (Error::PeerIncompatible(p), Some(h)) = (error, ctx.hello) else {
        return None;
    };
    match p {
        PeerIncompatible::NoCipherSuitesInCommon => Some(no_common_suite(ctx.setup, h)),
        // rustls' name for a static-RSA / DHE-only client.
        PeerIncompatible::NoKxGroupsInCommon if !ecdhe_capable(h) => {
            Some(no_common_suite(ctx.setup, h))
        }
        _ => None,
    }
}

/// The client offers an ECDHE suite or TLS 1.3: a missing group is then really about groups.
pub(super) fn ecdhe_capable(h: &ClientHello) -> bool {
    h.suites
        .iter()
        .any(|s| hello::suite_name(*s).contains("ECDHE"))
        || h.offers(TLS13)
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
        &catalogue::TLS_NO_COMMON_CIPHER_SUITE,
        format!(
            "no common cipher suite{key_hint}: client offers [{}], server supports [{}]",
            suites_text(&offered),
            suites_text(&ours)
        ),
        fix,
    )
}
