//! Key-exchange-group family: the client can do ECDHE (or TLS 1.3) but with no group we have.

use hs20_core::rules::catalogue;
use rustls::{Error, PeerIncompatible};

use super::suites::ecdhe_capable;
use super::{Diagnosis, TlsContext};
use crate::proto::tls::hello;

pub(super) fn diagnose(error: &Error, ctx: &TlsContext<'_>) -> Option<Diagnosis> {
    match (error, ctx.hello) {
        (Error::PeerIncompatible(PeerIncompatible::NoKxGroupsInCommon), Some(h))
            if ecdhe_capable(h) =>
        {
            Some(Diagnosis::new(
                &catalogue::TLS_NO_COMMON_GROUP,
                format!(
                    "no common key-exchange group: client offers [{}], server supports [{}]",
                    hello::join(&h.groups, hello::group_name),
                    hello::join(&ctx.setup.groups(), hello::group_name)
                ),
                "enable x25519, secp256r1 or secp384r1 on the supplicant",
            ))
        }
        _ => None,
    }
}
