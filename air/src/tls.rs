//! The EAP-TLS handshake in the clear: TLS records (RFC 5246 / RFC 8446) reassembled from EAP-TLS
//! fragments and parsed with the `tls-parser` crate. TLS 1.3 encrypts the server's Certificate
//! and later alerts; what the air shows then is said so.

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
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ServerHello {
    pub frame: u64,
    pub version: String,
    pub suite: String,
    pub tls13: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Alert {
    pub frame: u64,
    pub from_station: bool,
    pub fatal: bool,
    pub code: u8,
    pub description: String,
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
                }),
                _ => {}
            }
        }
    }

    pub fn tls13(&self) -> bool {
        self.server_hello.as_ref().is_some_and(|h| h.tls13)
    }

    pub fn truncated(&self) -> bool {
        self.client.truncated || self.server.truncated
    }
}
