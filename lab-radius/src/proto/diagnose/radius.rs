//! RADIUS family: who may talk to us (client table, Message-Authenticator) and what an
//! Access-Request must carry (EAP-Message, a known State, room for one more session).

use hs20_core::rules::catalogue;
use std::net::SocketAddr;

use super::Diagnosis;
use crate::proto::engine::clients::IpPrefix;
use crate::proto::radius::attr::code_name;

/// A source address that matches no configured client.
pub fn unknown_client(code: u8, source: SocketAddr, configured: &[String]) -> Diagnosis {
    Diagnosis::new(
        &catalogue::RADIUS_UNKNOWN_CLIENT,
        format!(
            "{} from {source}, which is not a configured client ({})",
            code_name(code),
            configured.join(", ")
        ),
        format!(
            "add --client {}/{}=SECRET",
            source.ip(),
            if source.is_ipv4() { 32 } else { 128 }
        ),
    )
}

pub fn no_message_authenticator(code: u8, identifier: u8, source: SocketAddr) -> Diagnosis {
    Diagnosis::new(
        &catalogue::RADIUS_NO_MESSAGE_AUTHENTICATOR,
        format!(
            "{} id {identifier} from {source} has no Message-Authenticator; dropped (required against Blast-RADIUS, CVE-2024-3596)",
            code_name(code),
        ),
        "enable Message-Authenticator on the NAS (hostapd and eapol_test always send it; radclient needs Message-Authenticator = 0x00 in its input)",
    )
}

/// The Message-Authenticator did not verify with the secret of the client `prefix`.
pub fn bad_secret(code: u8, identifier: u8, source: SocketAddr, prefix: &IpPrefix) -> Diagnosis {
    Diagnosis::new(
        &catalogue::RADIUS_BAD_SECRET,
        format!(
            "wrong shared secret from {}: Message-Authenticator did not verify ({} id {identifier} dropped)",
            source.ip(),
            code_name(code),
        ),
        format!(
            "make the NAS's RADIUS secret equal to the one configured for {prefix} (--secret or --client)"
        ),
    )
}

pub fn no_eap(source: SocketAddr, user_name: &str) -> Diagnosis {
    Diagnosis::new(
        &catalogue::RADIUS_NO_EAP,
        format!(
            "Access-Request from {source} for '{}' carries no EAP-Message",
            crate::proto::untrusted::field(user_name)
        ),
        "lab-radius only does EAP-TLS: configure the NAS for 802.1X/EAP (WPA-Enterprise), not PAP/CHAP",
    )
}

pub fn unknown_state(source: SocketAddr, session_timeout_secs: u64) -> Diagnosis {
    Diagnosis::new(
        &catalogue::RADIUS_UNKNOWN_STATE,
        format!(
            "Access-Request from {source} continues a session lab-radius does not know (State expired after {session_timeout_secs} s, or the server restarted)"
        ),
        "retry the authentication from the start",
    )
}

pub fn too_many_sessions(open: usize, source: SocketAddr) -> Diagnosis {
    Diagnosis::new(
        &catalogue::RADIUS_TOO_MANY_SESSIONS,
        format!("{open} EAP sessions are open (the limit); refused a new one from {source}"),
        "wait for sessions to finish or time out",
    )
}
