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

/// Two Message-Authenticators in one request: malformed, not a wrong secret.
pub fn duplicate_message_authenticator(code: u8, identifier: u8, source: SocketAddr) -> Diagnosis {
    Diagnosis::new(
        &catalogue::RADIUS_DUPLICATE_MESSAGE_AUTHENTICATOR,
        format!(
            "{} id {identifier} from {source} carries more than one Message-Authenticator; dropped (RFC 3579 §3.2 allows one)",
            code_name(code),
        ),
        "not a shared-secret problem: find the NAS feature or proxy that appends a second Message-Authenticator",
    )
}

/// A Message-Authenticator attribute of the wrong length: malformed, not a wrong secret.
pub fn message_authenticator_length(
    code: u8,
    identifier: u8,
    source: SocketAddr,
    length: u8,
) -> Diagnosis {
    Diagnosis::new(
        &catalogue::RADIUS_MESSAGE_AUTHENTICATOR_LENGTH,
        format!(
            "{} id {identifier} from {source} has a Message-Authenticator of attribute length {length}, not 18; dropped",
            code_name(code),
        ),
        "not a shared-secret problem: the NAS or a proxy builds Message-Authenticator wrongly; update or fix it",
    )
}

/// A request from `source` carried the State of a session that `owner` started.
pub fn session_other_client(source: SocketAddr, owner: SocketAddr) -> Diagnosis {
    Diagnosis::new(
        &catalogue::RADIUS_SESSION_OTHER_CLIENT,
        format!(
            "Access-Request from {source} continues an EAP session that the RADIUS client at {} started; rejected, the session stays with that client",
            owner.ip()
        ),
        format!("send every round of a conversation from the NAS address that started it; if {} is not such a NAS, it is replaying another NAS's State", source.ip()),
    )
}

pub fn eap_request_from_nas(source: SocketAddr) -> Diagnosis {
    Diagnosis::new(
        &catalogue::RADIUS_EAP_REQUEST_FROM_NAS,
        format!(
            "Access-Request from {source} carries an EAP-Request, not an EAP-Response; rejected without a session (RFC 3579 §2.6.2: no role reversal)"
        ),
        "configure the NAS to pass the station's EAP-Responses to the server; it must not act as an EAP server itself",
    )
}

pub fn state_wrong_length(source: SocketAddr, length: usize) -> Diagnosis {
    Diagnosis::new(
        &catalogue::RADIUS_STATE_WRONG_LENGTH,
        format!(
            "Access-Request from {source} carries a State of {length} bytes; lab-radius issues 16-byte States, so this continues no session of ours; rejected without a new session"
        ),
        "make the NAS return the State of the last Access-Challenge unchanged, and send no other server's conversations here",
    )
}

pub fn tls_memory_budget(budget: usize) -> Diagnosis {
    Diagnosis::new(
        &catalogue::RADIUS_TLS_MEMORY_BUDGET,
        format!(
            "the EAP-TLS sessions together hold the whole memory budget for buffered TLS data ({} MiB); this session needed more and was ended",
            budget / (1024 * 1024)
        ),
        "raise --tls-memory-budget, or find the stations that open many EAP-TLS conversations without finishing them",
    )
}
