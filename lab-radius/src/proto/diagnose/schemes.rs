//! Signature-scheme family: our key cannot make a signature the client accepts (a Suite B
//! client against a P-256 or RSA server, typically).

use hs20_core::rules::catalogue;
use rustls::{Error, PeerIncompatible};

use super::{Diagnosis, TlsContext};
use crate::proto::tls::hello::{self, ClientHello};

pub(super) fn diagnose(error: &Error, ctx: &TlsContext<'_>) -> Option<Diagnosis> {
    let hello = ctx.hello?;
    match error {
        Error::PeerIncompatible(PeerIncompatible::NoSignatureSchemesInCommon) => {
            Some(no_common_scheme(ctx, hello))
        }
        // rustls' name when our key cannot make any signature the client accepts.
        Error::General(msg) if msg.contains("incompatible signing key") => {
            Some(no_common_scheme(ctx, hello))
        }
        _ => None,
    }
}

fn no_common_scheme(ctx: &TlsContext<'_>, h: &ClientHello) -> Diagnosis {
    let key = ctx
        .setup
        .server_chain
        .first()
        .map(|c| c.key.to_string())
        .unwrap_or_default();
    let suite_b = h.signature_schemes == [0x0503] || h.groups == [24];
    Diagnosis::new(
        &catalogue::TLS_NO_COMMON_SIGNATURE_SCHEME,
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
