//! The EAP-TLS handshake in the clear: TLS records (RFC 5246 / RFC 8446) reassembled from EAP-TLS
//! fragments and parsed with the `tls-parser` crate. TLS 1.3 encrypts the server's Certificate
//! and later alerts; what the air shows then is said so, unless a key log opens those records
//! ([`Handshake::decrypt`], [`crate::keylog`]).

use serde::Serialize;
use tls_parser::{
    parse_tls_extensions, parse_tls_plaintext, TlsExtension, TlsMessage, TlsMessageHandshake,
};

#[derive(Debug, Clone, Default, Serialize)]
pub struct ClientHello {
    pub frame: u64,
    pub legacy_version: String,
    pub versions: Vec<String>,
    pub suites: Vec<String>,
    pub groups: Vec<String>,
    #[serde(skip)]
    pub suite_ids: Vec<u16>,
    /// The 32-byte client_random: what a key log's lines are matched by.
    #[serde(skip)]
    pub random: Vec<u8>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ServerHello {
    pub frame: u64,
    pub version: String,
    pub suite: String,
    pub tls13: bool,
    #[serde(skip)]
    pub suite_id: u16,
}

#[derive(Debug, Clone, Serialize)]
pub struct Alert {
    pub frame: u64,
    pub from_station: bool,
    pub fatal: bool,
    pub code: u8,
    pub description: String,
    /// Read from a TLS 1.3 record decrypted with the key log.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub decrypted: bool,
}

/// A protected record kept for the key log: direction, frame, the whole record.
#[derive(Debug, Clone)]
struct Sealed {
    from_station: bool,
    frame: u64,
    record: Vec<u8>,
}

/// What the key log did for this handshake.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Decryption {
    /// The key log holds secrets for this ClientHello's client_random.
    pub matched: bool,
    /// Records opened, and records that did not open with the key log's secrets.
    pub records: u32,
    pub failed: u32,
    /// The negotiated suite is not one of the three TLS 1.3 AEAD suites read here.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unsupported_suite: bool,
}

/// What one direction's TLS stream said, accumulated over the records seen.
#[derive(Debug, Clone, Default)]
pub struct Stream {
    buf: Vec<u8>,
    pub truncated: bool,
}

/// Largest TLS stream kept per direction and attempt (a certificate chain is a few KB).
const MAX_STREAM: usize = 256 * 1024;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Handshake {
    pub client_hello: Option<ClientHello>,
    pub server_hello: Option<ServerHello>,
    /// DER certificates of the server's chain, leaf first (TLS 1.2 and earlier only).
    #[serde(skip)]
    pub server_chain: Vec<Vec<u8>>,
    pub server_chain_frame: Option<u64>,
    #[serde(skip)]
    pub client_chain: Vec<Vec<u8>>,
    pub client_chain_frame: Option<u64>,
    pub alerts: Vec<Alert>,
    /// The server's ChangeCipherSpec (TLS 1.2: it accepted the client's flight).
    pub server_ccs_frame: Option<u64>,
    /// Records after ChangeCipherSpec / TLS 1.3 encryption: counted, not read.
    pub encrypted_records: u32,
    /// With a key log (`--keylog`): what it decrypted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decryption: Option<Decryption>,
    #[serde(skip)]
    sealed: Vec<Sealed>,
    #[serde(skip)]
    client: Stream,
    #[serde(skip)]
    server: Stream,
}

impl Handshake {
    /// Feeds TLS bytes from one EAP-TLS message (fragments already stripped of their headers).
    pub fn feed(&mut self, from_station: bool, data: &[u8], frame: u64) {
        let s = if from_station {
            &mut self.client
        } else {
            &mut self.server
        };
        if s.buf.len() + data.len() > MAX_STREAM {
            s.truncated = true;
            return;
        }
        s.buf.extend_from_slice(data);
        let buf = std::mem::take(&mut s.buf);
        let mut rest: &[u8] = &buf;
        loop {
            if rest.len() < 5 {
                break;
            }
            let rec_len = u16::from_be_bytes([rest[3], rest[4]]) as usize;
            if rest.len() < 5 + rec_len {
                break;
            }
            let (rec, next) = rest.split_at(5 + rec_len);
            self.record(from_station, rec, frame);
            rest = next;
        }
        let left = rest.to_vec();
        let s = if from_station {
            &mut self.client
        } else {
            &mut self.server
        };
        s.buf = left;
    }

    fn record(&mut self, from_station: bool, rec: &[u8], frame: u64) {
        let content_type = rec[0];
        let encrypted = match content_type {
            23 => true,
            21 => rec.len() != 7,
            // a TLS 1.2 Finished after ChangeCipherSpec is encrypted under type 22: it fails to parse
            _ => false,
        };
        if encrypted {
            self.encrypted_records += 1;
            // kept for a key log: TLS 1.3 protected records only (bounded by MAX_STREAM)
            if content_type == 23 && self.tls13() {
                self.sealed.push(Sealed {
                    from_station,
                    frame,
                    record: rec.to_vec(),
                });
            }
            return;
        }
        let Ok((_, plain)) = parse_tls_plaintext(rec) else {
            return;
        };
        for msg in plain.msg {
            match msg {
                TlsMessage::Handshake(TlsMessageHandshake::ClientHello(ch)) if from_station => {
                    let mut out = ClientHello {
                        frame,
                        legacy_version: crate::names::tls_version(ch.version.0),
                        suites: ch
                            .ciphers
                            .iter()
                            .map(|c| crate::names::tls_suite(c.0))
                            .collect(),
                        suite_ids: ch.ciphers.iter().map(|c| c.0).collect(),
                        random: ch.random.to_vec(),
                        ..ClientHello::default()
                    };
                    if let Some(Ok((_, exts))) = ch.ext.map(parse_tls_extensions) {
                        for e in exts {
                            match e {
                                TlsExtension::SupportedVersions(v) => {
                                    out.versions = v
                                        .iter()
                                        .filter(|v| v.0 & 0x0f0f != 0x0a0a)
                                        .map(|v| crate::names::tls_version(v.0))
                                        .collect()
                                }
                                TlsExtension::EllipticCurves(g) => {
                                    out.groups =
                                        g.iter().map(|g| crate::names::tls_group(g.0)).collect()
                                }
                                _ => {}
                            }
                        }
                    }
                    if out.versions.is_empty() {
                        out.versions = vec![out.legacy_version.clone()];
                    }
                    self.client_hello = Some(out);
                }
                TlsMessage::Handshake(TlsMessageHandshake::ServerHello(sh)) if !from_station => {
                    let mut version = sh.version.0;
                    if let Some(Ok((_, exts))) = sh.ext.map(parse_tls_extensions) {
                        for e in exts {
                            if let TlsExtension::SupportedVersions(v) = e {
                                if let Some(v) = v.first() {
                                    version = v.0;
                                }
                            }
                        }
                    }
                    self.server_hello = Some(ServerHello {
                        frame,
                        version: crate::names::tls_version(version),
                        suite: crate::names::tls_suite(sh.cipher.0),
                        tls13: version == 0x0304,
                        suite_id: sh.cipher.0,
                    });
                }
                TlsMessage::Handshake(TlsMessageHandshake::Certificate(c)) => {
                    let chain: Vec<Vec<u8>> =
                        c.cert_chain.iter().map(|c| c.data.to_vec()).collect();
                    if from_station {
                        self.client_chain = chain;
                        self.client_chain_frame = Some(frame);
                    } else {
                        self.server_chain = chain;
                        self.server_chain_frame = Some(frame);
                    }
                }
                TlsMessage::ChangeCipherSpec if !from_station => {
                    self.server_ccs_frame.get_or_insert(frame);
                }
                TlsMessage::Alert(a) => self.alerts.push(Alert {
                    frame,
                    from_station,
                    fatal: a.severity.0 == 2,
                    code: a.code.0,
                    description: crate::names::tls_alert(a.code.0),
                    decrypted: false,
                }),
                _ => {}
            }
        }
    }

    pub fn tls13(&self) -> bool {
        self.server_hello.as_ref().is_some_and(|h| h.tls13)
    }

    /// TLS 1.3 whose protected records the key log opened, all of them.
    pub fn decrypted(&self) -> bool {
        self.decryption
            .as_ref()
            .is_some_and(|d| d.matched && d.records > 0 && d.failed == 0)
    }

    /// Opens the TLS 1.3 records with the key log's secrets for this ClientHello (RFC 8446
    /// §5.2): each direction under its handshake traffic secret, then, after its Finished (or
    /// when a record opens only so), under its first application traffic secret. Certificates
    /// and alerts found go where the clear TLS 1.2 ones go.
    pub fn decrypt(&mut self, keylog: &crate::keylog::KeyLog) {
        use crate::keylog::{RecordKeys, Suite};
        let (Some(ch), Some(sh)) = (&self.client_hello, &self.server_hello) else {
            return;
        };
        if !sh.tls13 {
            return;
        }
        let mut out = Decryption::default();
        let Some(secrets) = keylog.get(&ch.random) else {
            self.decryption = Some(out);
            return;
        };
        out.matched = true;
        let Some(suite) = Suite::from_id(sh.suite_id) else {
            out.unsupported_suite = true;
            out.failed = self.sealed.len() as u32;
            self.decryption = Some(out);
            return;
        };
        let sealed = std::mem::take(&mut self.sealed);
        for from_station in [false, true] {
            let (hs, app) = if from_station {
                (&secrets.client_handshake, &secrets.client_application)
            } else {
                (&secrets.server_handshake, &secrets.server_application)
            };
            let mut keys = hs.as_deref().and_then(|s| RecordKeys::new(suite, s));
            let mut app = app.as_deref().and_then(|s| RecordKeys::new(suite, s));
            let mut messages: Vec<u8> = Vec::new();
            let mut first_frame = None;
            for r in sealed.iter().filter(|r| r.from_station == from_station) {
                let mut opened = keys.as_mut().and_then(|k| k.open(&r.record));
                if opened.is_none() {
                    if let Some(mut a) = app.take() {
                        opened = a.open(&r.record);
                        if opened.is_some() {
                            keys = Some(a);
                        } else {
                            app = Some(a);
                        }
                    }
                }
                let Some((content_type, content)) = opened else {
                    out.failed += 1;
                    continue;
                };
                out.records += 1;
                match content_type {
                    22 => {
                        first_frame.get_or_insert(r.frame);
                        messages.extend_from_slice(&content);
                        let finished = self.handshake_messages(
                            from_station,
                            &mut messages,
                            r.frame,
                            &mut first_frame,
                        );
                        if finished {
                            if let Some(a) = app.take() {
                                keys = Some(a);
                            }
                        }
                    }
                    21 if content.len() == 2 => self.alerts.push(Alert {
                        frame: r.frame,
                        from_station,
                        fatal: content[0] == 2,
                        code: content[1],
                        description: crate::names::tls_alert(content[1]),
                        decrypted: true,
                    }),
                    _ => {}
                }
            }
        }
        self.sealed = sealed;
        self.alerts.sort_by_key(|a| a.frame);
        self.decryption = Some(out);
    }

    /// Reads the complete TLS 1.3 handshake messages in `buf` (consumed), each attributed to
    /// the frame its first byte came in; true when one of them is Finished.
    fn handshake_messages(
        &mut self,
        from_station: bool,
        buf: &mut Vec<u8>,
        frame: u64,
        first_frame: &mut Option<u64>,
    ) -> bool {
        let mut finished = false;
        let mut at = 0;
        while let Some(head) = buf.get(at..at + 4) {
            let len = u32::from_be_bytes([0, head[1], head[2], head[3]]) as usize;
            let Some(body) = buf.get(at + 4..at + 4 + len) else {
                break;
            };
            let started = first_frame.take().unwrap_or(frame);
            match head[0] {
                11 => {
                    let chain = tls13_certificates(body);
                    if from_station {
                        self.client_chain = chain;
                        self.client_chain_frame = Some(started);
                    } else {
                        self.server_chain = chain;
                        self.server_chain_frame = Some(started);
                    }
                }
                20 => finished = true,
                _ => {}
            }
            at += 4 + len;
        }
        buf.drain(..at);
        if !buf.is_empty() {
            first_frame.get_or_insert(frame);
        }
        finished
    }

    pub fn truncated(&self) -> bool {
        self.client.truncated || self.server.truncated
    }
}

/// The certificates of a TLS 1.3 Certificate message (RFC 8446 §4.4.2): a request context,
/// then entries of a DER certificate and its extensions.
fn tls13_certificates(body: &[u8]) -> Vec<Vec<u8>> {
    let u24 = |b: &[u8], at: usize| {
        b.get(at..at + 3)
            .map(|x| u32::from_be_bytes([0, x[0], x[1], x[2]]) as usize)
    };
    let mut out = Vec::new();
    let Some(ctx) = body.first().map(|c| *c as usize) else {
        return out;
    };
    let Some(list_len) = u24(body, 1 + ctx) else {
        return out;
    };
    let Some(list) = body.get(4 + ctx..4 + ctx + list_len) else {
        return out;
    };
    let mut at = 0;
    while let Some(len) = u24(list, at) {
        let Some(cert) = list.get(at + 3..at + 3 + len) else {
            break;
        };
        out.push(cert.to_vec());
        at += 3 + len;
        let Some(ext) = list.get(at..at + 2) else {
            break;
        };
        at += 2 + u16::from_be_bytes([ext[0], ext[1]]) as usize;
    }
    out
}
