//! The RADIUS server core, sans-IO: `handle(now, source, datagram)` returns the reply to send
//! (if any) and typed events for the log (`event::Event`). Owns the duplicate cache (RFC 5080 §2.2.2) and the EAP
//! session table (keyed by State). The caller supplies randomness and time: one `now`
//! (wall-clock `SystemTime`) drives session timeouts, the duplicate cache and the validity
//! check of client certificates in rustls (see `proto::tls::clock`), so a test can run the
//! whole server at any fixed date.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::proto::diagnose::Diagnosis;
use crate::proto::eap::packet::{EapPacket, TYPE_IDENTITY};
use crate::proto::eap::session::SessionLimits;
use crate::proto::eap::{EapTlsSession, Outcome};
use crate::proto::radius::attr::*;
use crate::proto::radius::auth::{self, MessageAuthenticator};
use crate::proto::radius::mppe;
use crate::proto::radius::packet::split_attribute;
use crate::proto::radius::{Attribute, Packet};
use crate::proto::tls::setup::TlsSetup;

pub mod clients;
pub mod event;

use clients::ClientTable;
pub use event::{DropReason, Event, SessionInfo};

/// Fills a buffer with unpredictable bytes (State values, MPPE salts); the caller supplies it.
pub type RandomSource = Box<dyn FnMut(&mut [u8]) + Send>;

#[derive(Debug, Clone)]
pub struct EngineConfig {
    pub limits: SessionLimits,
    /// A session with no request for this long is dropped (and diagnosed).
    pub session_timeout: Duration,
    /// How long replies stay in the duplicate cache.
    pub duplicate_ttl: Duration,
    pub max_sessions: usize,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            limits: SessionLimits::default(),
            session_timeout: Duration::from_secs(30),
            duplicate_ttl: Duration::from_secs(10),
            max_sessions: 4096,
        }
    }
}

/// What one datagram led to.
#[derive(Debug, Default)]
pub struct Handled {
    /// The datagram to send back to the source, if any.
    pub reply: Option<Vec<u8>>,
    pub events: Vec<Event>,
}

struct SessionEntry {
    eap: EapTlsSession,
    info: SessionInfo,
    last_seen: SystemTime,
}

struct CachedReply {
    authenticator: [u8; 16],
    reply: Vec<u8>,
    expires: SystemTime,
}

pub struct Engine {
    config: EngineConfig,
    setup: Arc<TlsSetup>,
    clients: ClientTable,
    sessions: HashMap<[u8; 16], SessionEntry>,
    cache: HashMap<(SocketAddr, u8), CachedReply>,
    next_session: u64,
    random: RandomSource,
}

fn failure(session: Option<&SessionInfo>, diagnosis: Diagnosis) -> Event {
    Event::Failure {
        session: session.cloned(),
        diagnosis,
    }
}

impl Engine {
    pub fn new(
        config: EngineConfig,
        setup: Arc<TlsSetup>,
        clients: ClientTable,
        random: RandomSource,
    ) -> Self {
        Engine {
            config,
            setup,
            clients,
            sessions: HashMap::new(),
            cache: HashMap::new(),
            next_session: 1,
            random,
        }
    }

    pub fn session_count(&self) -> usize {
        self.sessions.len()
    }

    pub fn handle(&mut self, now: SystemTime, source: SocketAddr, datagram: &[u8]) -> Handled {
        // An IPv4 NAS seen through a dual-stack socket ([::]:1812) arrives as ::ffff:a.b.c.d;
        // logs and the suggested --client must name the IPv4 address the operator knows.
        let source = SocketAddr::new(source.ip().to_canonical(), source.port());
        let mut out = Handled::default();
        let request = match Packet::decode(datagram) {
            Ok(p) => p,
            Err(e) => {
                out.events.push(Event::Dropped {
                    source,
                    reason: DropReason::NotRadius(e),
                });
                return out;
            }
        };
        out.events.push(Event::RequestReceived {
            source,
            code: request.code,
            identifier: request.identifier,
        });
        let Some(client) = self.clients.lookup(source.ip()) else {
            out.events.push(failure(
                None,
                Diagnosis::new(
                    "radius.unknown-client",
                    format!(
                        "{} from {source}, which is not a configured client ({})",
                        code_name(request.code),
                        self.clients.prefixes().join(", ")
                    ),
                    format!(
                        "add --client {}/{}=SECRET",
                        source.ip(),
                        if source.is_ipv4() { 32 } else { 128 }
                    ),
                ),
            ));
            return out;
        };
        let secret = client.secret.clone();
        if request.code != ACCESS_REQUEST && request.code != STATUS_SERVER {
            out.events.push(Event::Dropped {
                source,
                reason: DropReason::NotAnswered { code: request.code },
            });
            return out;
        }
        match auth::verify_request(datagram, &secret) {
            MessageAuthenticator::Valid => {}
            MessageAuthenticator::Missing => {
                out.events.push(failure(
                    None,
                    Diagnosis::new(
                        "radius.no-message-authenticator",
                        format!(
                            "{} id {} from {source} has no Message-Authenticator; dropped (required against Blast-RADIUS, CVE-2024-3596)",
                            code_name(request.code),
                            request.identifier
                        ),
                        "enable Message-Authenticator on the NAS (hostapd and eapol_test always send it; radclient needs Message-Authenticator = 0x00 in its input)",
                    ),
                ));
                return out;
            }
            MessageAuthenticator::Invalid | MessageAuthenticator::Malformed => {
                out.events.push(failure(
                    None,
                    Diagnosis::new(
                        "radius.bad-secret",
                        format!(
                            "wrong shared secret from {}: Message-Authenticator did not verify ({} id {} dropped)",
                            source.ip(),
                            code_name(request.code),
                            request.identifier
                        ),
                        format!(
                            "make the NAS's RADIUS secret equal to the one configured for {} (--secret or --client)",
                            client.prefix
                        ),
                    ),
                ));
                return out;
            }
        }
        // RFC 5080 §2.2.2: same source, ID and authenticator → the same reply, not a new round.
        let key = (source, request.identifier);
        if let Some(cached) = self.cache.get(&key) {
            if cached.authenticator == request.authenticator && cached.expires > now {
                out.events.push(Event::DuplicateAnswered {
                    source,
                    code: request.code,
                    identifier: request.identifier,
                });
                out.reply = Some(cached.reply.clone());
                return out;
            }
        }
        let reply = if request.code == STATUS_SERVER {
            out.events.push(Event::StatusServerAnswered { source });
            // RFC 5997 §3: not cached; a fresh answer each time.
            let mut attrs = vec![Attribute::new(REPLY_MESSAGE, b"lab-radius is up".to_vec())];
            attrs.extend(
                request
                    .all(PROXY_STATE)
                    .map(|v| Attribute::new(PROXY_STATE, v.to_vec())),
            );
            out.reply = Some(auth::build_reply(ACCESS_ACCEPT, &request, attrs, &secret));
            return out;
        } else {
            self.access_request(now, source, &request, &secret, &mut out.events)
        };
        if let Some(reply) = &reply {
            if self.cache.len() > 65536 {
                self.cache.retain(|_, c| c.expires > now);
            }
            self.cache.insert(
                key,
                CachedReply {
                    authenticator: request.authenticator,
                    reply: reply.clone(),
                    expires: now + self.config.duplicate_ttl,
                },
            );
        }
        out.reply = reply;
        out
    }

    fn access_request(
        &mut self,
        now: SystemTime,
        source: SocketAddr,
        request: &Packet,
        secret: &[u8],
        events: &mut Vec<Event>,
    ) -> Option<Vec<u8>> {
        let proxy_state: Vec<Attribute> = request
            .all(PROXY_STATE)
            .map(|v| Attribute::new(PROXY_STATE, v.to_vec()))
            .collect();
        let reject = |events: &mut Vec<Event>, session: Option<&SessionInfo>, d: Diagnosis| {
            let mut attrs = vec![Attribute::new(
                REPLY_MESSAGE,
                truncate(&format!("lab-radius: {}", d.cause)),
            )];
            attrs.extend(proxy_state.iter().cloned());
            events.push(failure(session, d));
            Some(auth::build_reply(ACCESS_REJECT, request, attrs, secret))
        };
        let Some(eap) = request.eap_message() else {
            return reject(
                events,
                None,
                Diagnosis::new(
                    "radius.no-eap",
                    format!(
                        "Access-Request from {source} for '{}' carries no EAP-Message",
                        request.text(USER_NAME).unwrap_or_default()
                    ),
                    "lab-radius only does EAP-TLS: configure the NAS for 802.1X/EAP (WPA-Enterprise), not PAP/CHAP",
                ),
            );
        };
        let state: Option<[u8; 16]> = request.first(STATE).and_then(|s| s.try_into().ok());
        let (entry_key, start_request) = match state {
            Some(state) => {
                if !self.sessions.contains_key(&state) {
                    return reject(
                        events,
                        None,
                        Diagnosis::new(
                            "radius.unknown-state",
                            format!(
                                "Access-Request from {source} continues a session lab-radius does not know (State expired after {} s, or the server restarted)",
                                self.config.session_timeout.as_secs()
                            ),
                            "retry the authentication from the start",
                        ),
                    );
                }
                (state, None)
            }
            None => {
                let parsed = match EapPacket::parse(&eap) {
                    Ok(p) => p,
                    Err(e) => {
                        events.push(Event::Dropped {
                            source,
                            reason: DropReason::BadEapMessage(e),
                        });
                        return None;
                    }
                };
                let Some((TYPE_IDENTITY, identity)) = parsed.method else {
                    return reject(
                        events,
                        None,
                        Diagnosis::new(
                            "eap.no-identity",
                            format!(
                                "Access-Request from {source} starts with an EAP packet that is not Response/Identity and has no State"
                            ),
                            "the NAS must start each EAP conversation with the client's Identity",
                        ),
                    );
                };
                if self.sessions.len() >= self.config.max_sessions {
                    return reject(
                        events,
                        None,
                        Diagnosis::new(
                            "radius.too-many-sessions",
                            format!(
                                "{} EAP sessions are open (the limit); refused a new one from {source}",
                                self.sessions.len()
                            ),
                            "wait for sessions to finish or time out",
                        ),
                    );
                }
                let identity = String::from_utf8_lossy(identity).into_owned();
                let info = SessionInfo {
                    id: self.next_session,
                    source,
                    nas: request
                        .text(NAS_IDENTIFIER)
                        .or_else(|| request.first(NAS_IP_ADDRESS).and_then(ipv4_text))
                        .unwrap_or_else(|| source.ip().to_string()),
                    station: request.text(CALLING_STATION_ID).unwrap_or_default(),
                    identity: identity.clone(),
                };
                self.next_session += 1;
                let mut limits = self.config.limits;
                if let Some(mtu) = request.first(FRAMED_MTU).and_then(u32_value) {
                    // Framed-MTU is the link MTU; EAP (4) + EAP-TLS type, flags and length (6)
                    // + EAPOL (4) ride in it (as FreeRADIUS computes it).
                    let allowed = (mtu as usize).saturating_sub(14).max(64);
                    if allowed < limits.fragment_size {
                        events.push(Event::FragmentSizeLimited {
                            session: info.clone(),
                            mtu,
                            fragment_size: allowed,
                        });
                        limits.fragment_size = allowed;
                    }
                }
                let (session, start) =
                    EapTlsSession::start(self.setup.clone(), parsed.identifier, limits, now);
                let mut state = [0u8; 16];
                (self.random)(&mut state);
                events.push(Event::SessionStarted {
                    session: info.clone(),
                });
                self.sessions.insert(
                    state,
                    SessionEntry {
                        eap: session,
                        info,
                        last_seen: now,
                    },
                );
                (state, Some(start))
            }
        };
        let entry = self.sessions.get_mut(&entry_key).expect("present");
        entry.last_seen = now;
        let outcome = match start_request {
            Some(start) => Outcome::Challenge(start),
            None => entry.eap.handle(now, &eap),
        };
        let info = entry.info.clone();
        let rounds = entry.eap.rounds();
        events.extend(
            entry
                .eap
                .drain_events()
                .into_iter()
                .map(|event| Event::Eap {
                    session: info.clone(),
                    event,
                }),
        );
        match outcome {
            Outcome::Challenge(eap) => {
                let mut attrs = split_attribute(EAP_MESSAGE, &eap);
                attrs.push(Attribute::new(STATE, entry_key.to_vec()));
                attrs.extend(proxy_state);
                Some(auth::build_reply(ACCESS_CHALLENGE, request, attrs, secret))
            }
            Outcome::Discard(reason) => {
                events.push(Event::EapDiscarded {
                    session: info,
                    reason,
                });
                None
            }
            Outcome::Failure { eap, diagnosis } => {
                self.sessions.remove(&entry_key);
                let mut attrs = split_attribute(EAP_MESSAGE, &eap);
                attrs.push(Attribute::new(
                    REPLY_MESSAGE,
                    truncate(&format!("lab-radius: {}", diagnosis.cause)),
                ));
                attrs.extend(proxy_state);
                events.push(failure(Some(&info), diagnosis));
                Some(auth::build_reply(ACCESS_REJECT, request, attrs, secret))
            }
            Outcome::Success { eap, keys } => {
                self.sessions.remove(&entry_key);
                let mut salts = [0u8; 4];
                (self.random)(&mut salts);
                let recv_salt = [salts[0], salts[1]];
                let mut send_salt = [salts[2], salts[3]];
                if send_salt[1] == recv_salt[1] && (send_salt[0] | 0x80) == (recv_salt[0] | 0x80) {
                    send_salt[1] ^= 1; // RFC 2548: salts in one packet must differ
                }
                let mut attrs = split_attribute(EAP_MESSAGE, &eap);
                attrs.push(Attribute::new(USER_NAME, truncate(&info.identity)));
                attrs.push(mppe::microsoft_vsa(
                    MS_MPPE_RECV_KEY,
                    &mppe::encrypt_key(&keys.msk[..32], secret, &request.authenticator, recv_salt),
                ));
                attrs.push(mppe::microsoft_vsa(
                    MS_MPPE_SEND_KEY,
                    &mppe::encrypt_key(&keys.msk[32..], secret, &request.authenticator, send_salt),
                ));
                let key_name = request.has(EAP_KEY_NAME);
                if key_name {
                    attrs.push(Attribute::new(EAP_KEY_NAME, keys.session_id.clone()));
                }
                attrs.extend(proxy_state);
                events.push(Event::Success {
                    session: info,
                    key_name,
                    rounds,
                });
                Some(auth::build_reply(ACCESS_ACCEPT, request, attrs, secret))
            }
        }
    }

    /// Drops idle sessions and stale cache entries; each dropped session gets a diagnosis.
    pub fn expire(&mut self, now: SystemTime) -> Vec<Event> {
        let ttl = self.config.duplicate_ttl;
        // An entry further in the future than its lifetime means the clock went back: drop it.
        self.cache
            .retain(|_, c| c.expires > now && c.expires <= now + ttl);
        let timeout = self.config.session_timeout;
        for entry in self.sessions.values_mut() {
            // The clock went back: count idleness from now rather than freezing it.
            entry.last_seen = entry.last_seen.min(now);
        }
        let stale: Vec<[u8; 16]> = self
            .sessions
            .iter()
            .filter(|(_, e)| {
                now.duration_since(e.last_seen)
                    .is_ok_and(|idle| idle >= timeout)
            })
            .map(|(k, _)| *k)
            .collect();
        stale
            .into_iter()
            .filter_map(|k| self.sessions.remove(&k))
            .map(|e| failure(Some(&e.info), e.eap.stalled_diagnosis()))
            .collect()
    }
}

fn u32_value(v: &[u8]) -> Option<u32> {
    let bytes: [u8; 4] = v.try_into().ok()?;
    Some(u32::from_be_bytes(bytes))
}

fn ipv4_text(v: &[u8]) -> Option<String> {
    let bytes: [u8; 4] = v.try_into().ok()?;
    Some(std::net::Ipv4Addr::from(bytes).to_string())
}

fn truncate(s: &str) -> Vec<u8> {
    let mut end = s.len().min(253);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.as_bytes()[..end].to_vec()
}
