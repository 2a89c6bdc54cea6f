//! EAP family: the conversation around TLS: how it starts (Identity, Nak), its framing, its
//! length, and a peer that stops answering.

use hs20_core::rules::catalogue;
use std::net::SocketAddr;

use super::Diagnosis;
use crate::proto::eap::packet;

pub fn no_identity(source: SocketAddr) -> Diagnosis {
    Diagnosis::new(
        &catalogue::EAP_NO_IDENTITY,
        format!(
            "Access-Request from {source} starts with an EAP packet that is not Response/Identity and has no State"
        ),
        "the NAS must start each EAP conversation with the client's Identity",
    )
}

/// The client answered EAP-TLS with a Nak listing `wanted` (EAP types; type 0: nothing).
pub fn nak(wanted: &[u8]) -> Diagnosis {
    if wanted.iter().all(|t| *t == 0) {
        return Diagnosis::new(
            &catalogue::EAP_CLIENT_CANNOT_START_EAP_TLS,
            "the client refused EAP-TLS and proposed no other method (Nak type 0): wpa_supplicant does this when its network has no client certificate or private key (\"EAP-TLS: Private key not configured\")",
            "configure client_cert and private_key (or a .p12 in private_key) on the supplicant; EAP-TLS needs a client certificate",
        );
    }
    let wanted: Vec<String> = wanted.iter().map(|t| packet::type_name(*t)).collect();
    Diagnosis::new(
        &catalogue::EAP_METHOD_REFUSED,
        format!(
            "the client refused EAP-TLS (Nak; it wants {})",
            if wanted.is_empty() {
                "nothing".into()
            } else {
                wanted.join(", ")
            }
        ),
        "configure the supplicant for EAP-TLS (wpa_supplicant: eap=TLS) — lab-radius offers only EAP-TLS",
    )
}

/// RFC 5216 framing (or the EAP method) broken by the supplicant or the NAS.
pub fn protocol_error(cause: String) -> Diagnosis {
    Diagnosis::new(
        &catalogue::EAP_PROTOCOL_ERROR,
        cause,
        "the supplicant or NAS violates RFC 5216 framing: capture the exchange (tcpdump -i lo udp port 1812) and report it",
    )
}

pub fn too_many_rounds(max_rounds: u32) -> Diagnosis {
    Diagnosis::new(
        &catalogue::EAP_TOO_MANY_ROUNDS,
        format!("the exchange took more than {max_rounds} rounds"),
        "raise --fragment-size or shorten the certificate chains",
    )
}

/// Where an EAP-TLS session was when the client stopped answering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stall {
    /// No answer to EAP-TLS Start.
    Start,
    /// Mid-handshake, after our certificate chain went out.
    AfterServerChain { rounds: u32 },
    /// Mid-handshake, before our certificate chain went out.
    Handshake { rounds: u32 },
    /// The handshake finished but the client did not acknowledge our final flight.
    FinalFlight,
    /// We sent a TLS alert for this diagnosis and the client did not acknowledge it.
    AfterAlert(Diagnosis),
}

pub fn timeout(stall: &Stall) -> Diagnosis {
    let (cause, fix) = match stall {
        Stall::Start => (
            "the client never answered EAP-TLS Start".to_string(),
            "check that the supplicant is configured for EAP-TLS (eap=TLS) and that the NAS forwards EAP",
        ),
        Stall::AfterServerChain { rounds } => (
            format!(
                "the client stopped answering after receiving our certificate chain ({rounds} round trips)"
            ),
            "the client probably refused our certificate without sending an alert: check its CA and server-name settings, and whether the NAS drops large or fragmented packets (try --fragment-size 1000)",
        ),
        Stall::Handshake { rounds } => (
            format!("the client stopped answering mid-handshake ({rounds} round trips)"),
            "check the supplicant's log and the path MTU between NAS and client (try --fragment-size 1000)",
        ),
        Stall::FinalFlight => (
            "the client did not acknowledge the final TLS flight".to_string(),
            "check the supplicant's log; with TLS 1.3 make sure it supports RFC 9190",
        ),
        Stall::AfterAlert(d) => (d.cause.clone(), "see the diagnosis above"),
    };
    Diagnosis::new(&catalogue::EAP_TIMEOUT, cause, fix)
}
