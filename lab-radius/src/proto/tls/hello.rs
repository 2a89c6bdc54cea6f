//! Just enough TLS record and handshake parsing to describe a ClientHello (rustls does not
//! expose what the client offered) and to read the randoms for the TLS 1.2 Session-Id
//! (RFC 5216 §2.3). Works on plaintext records only, which is all a first flight is.

use rustls::{CipherSuite, NamedGroup, ProtocolVersion, SignatureScheme};

const CONTENT_HANDSHAKE: u8 = 22;
const CONTENT_ALERT: u8 = 21;
const HS_CLIENT_HELLO: u8 = 1;
const HS_SERVER_HELLO: u8 = 2;
const EXT_SERVER_NAME: u16 = 0;
const EXT_SUPPORTED_GROUPS: u16 = 10;
const EXT_SIGNATURE_ALGORITHMS: u16 = 13;
const EXT_SUPPORTED_VERSIONS: u16 = 43;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientHello {
    pub random: [u8; 32],
    /// Versions the client offers: supported_versions if present, else legacy_version (which
    /// also implies the older ones, but rustls cares only about 1.2 and 1.3).
    pub versions: Vec<u16>,
    pub suites: Vec<u16>,
    pub groups: Vec<u16>,
    pub signature_schemes: Vec<u16>,
    pub server_name: Option<String>,
}

pub const TLS12: u16 = 0x0303;
pub const TLS13: u16 = 0x0304;

impl ClientHello {
    pub fn offers(&self, version: u16) -> bool {
        self.versions.contains(&version)
    }

    pub fn summary(&self) -> String {
        format!(
            "versions [{}] suites [{}] groups [{}] signature schemes [{}]{}",
            join(&self.versions, version_name),
            join(&self.suites, suite_name),
            join(&self.groups, group_name),
            join(&self.signature_schemes, scheme_name),
            self.server_name
                .as_ref()
                .map(|n| format!(" server_name {n}"))
                .unwrap_or_default()
        )
    }
}

pub fn join(values: &[u16], name: fn(u16) -> String) -> String {
    values
        .iter()
        .map(|v| name(*v))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn version_name(v: u16) -> String {
    match v {
        0x0300 => "SSL 3.0".into(),
        0x0301 => "TLS 1.0".into(),
        0x0302 => "TLS 1.1".into(),
        TLS12 => "TLS 1.2".into(),
        TLS13 => "TLS 1.3".into(),
        v if v & 0x0f0f == 0x0a0a => "GREASE".into(),
        v => format!("{:?}", ProtocolVersion::from(v)),
    }
}

pub fn suite_name(v: u16) -> String {
    if v & 0x0f0f == 0x0a0a {
        return "GREASE".into();
    }
    if v == 0x00ff {
        return "TLS_EMPTY_RENEGOTIATION_INFO_SCSV".into();
    }
    match legacy_suite_name(v) {
        Some(name) => name.into(),
        None => format!("{:?}", CipherSuite::from(v)),
    }
}

/// IANA names of the static-RSA and DHE suites that real supplicants offer and rustls does not
/// name (it prints `CipherSuite(0x2f)`): exactly the suites a "no common cipher suite" diagnosis
/// must name for an older client.
fn legacy_suite_name(v: u16) -> Option<&'static str> {
    Some(match v {
        0x0004 => "TLS_RSA_WITH_RC4_128_MD5",
        0x0005 => "TLS_RSA_WITH_RC4_128_SHA",
        0x000a => "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
        0x0016 => "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA",
        0x002f => "TLS_RSA_WITH_AES_128_CBC_SHA",
        0x0033 => "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
        0x0035 => "TLS_RSA_WITH_AES_256_CBC_SHA",
        0x0039 => "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
        0x003c => "TLS_RSA_WITH_AES_128_CBC_SHA256",
        0x003d => "TLS_RSA_WITH_AES_256_CBC_SHA256",
        0x0067 => "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256",
        0x006b => "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256",
        0x009c => "TLS_RSA_WITH_AES_128_GCM_SHA256",
        0x009d => "TLS_RSA_WITH_AES_256_GCM_SHA384",
        0x009e => "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
        0x009f => "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
        0xccaa => "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        _ => return None,
    })
}

pub fn group_name(v: u16) -> String {
    format!("{:?}", NamedGroup::from(v))
}

pub fn scheme_name(v: u16) -> String {
    // TLS 1.2 hash/signature pairs (RFC 5246 §7.4.1.4.1) and rsa_pss_pss_* (RFC 8446) that
    // OpenSSL clients offer and rustls does not name.
    let name = match v {
        0x0301 => "RSA_PKCS1_SHA224",
        0x0302 => "DSA_SHA224",
        0x0303 => "ECDSA_SHA224",
        0x0402 => "DSA_SHA256",
        0x0502 => "DSA_SHA384",
        0x0602 => "DSA_SHA512",
        0x0809 => "RSA_PSS_PSS_SHA256",
        0x080a => "RSA_PSS_PSS_SHA384",
        0x080b => "RSA_PSS_PSS_SHA512",
        _ => return format!("{:?}", SignatureScheme::from(v)),
    };
    name.into()
}

/// Concatenated handshake-layer bytes from the leading plaintext handshake records.
fn handshake_bytes(records: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = records;
    while rest.len() >= 5 && rest[0] == CONTENT_HANDSHAKE {
        let len = u16::from_be_bytes([rest[3], rest[4]]) as usize;
        let end = (5 + len).min(rest.len());
        out.extend_from_slice(&rest[5..end]);
        rest = &rest[end..];
    }
    out
}

/// A fatal alert record at the start of `records`, as (level, description).
pub fn leading_alert(records: &[u8]) -> Option<(u8, u8)> {
    (records.len() >= 7 && records[0] == CONTENT_ALERT).then(|| (records[5], records[6]))
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Some(head)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|b| u16::from_be_bytes([b[0], b[1]]))
    }
    fn vec8(&mut self) -> Option<&'a [u8]> {
        let n = self.u8()? as usize;
        self.take(n)
    }
    fn vec16(&mut self) -> Option<&'a [u8]> {
        let n = self.u16()? as usize;
        self.take(n)
    }
}

fn u16_list(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks_exact(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect()
}

fn handshake_body(records: &[u8], expected_type: u8) -> Option<Vec<u8>> {
    let hs = handshake_bytes(records);
    let mut r = Reader(&hs);
    if r.u8()? != expected_type {
        return None;
    }
    let len_bytes = r.take(3)?;
    let len = u32::from_be_bytes([0, len_bytes[0], len_bytes[1], len_bytes[2]]) as usize;
    Some(r.take(len)?.to_vec())
}

/// Parses the ClientHello at the start of a client's first flight.
pub fn parse_client_hello(records: &[u8]) -> Option<ClientHello> {
    let body = handshake_body(records, HS_CLIENT_HELLO)?;
    let mut r = Reader(&body);
    let legacy_version = r.u16()?;
    let random: [u8; 32] = r.take(32)?.try_into().ok()?;
    r.vec8()?; // legacy_session_id
    let suites = u16_list(r.vec16()?);
    r.vec8()?; // compression methods
    let mut hello = ClientHello {
        random,
        versions: Vec::new(),
        suites,
        groups: Vec::new(),
        signature_schemes: Vec::new(),
        server_name: None,
    };
    if let Some(extensions) = r.vec16() {
        let mut ext = Reader(extensions);
        while let (Some(kind), Some(data)) = (ext.u16(), ext.vec16()) {
            let mut d = Reader(data);
            match kind {
                EXT_SUPPORTED_VERSIONS => {
                    hello.versions = d.vec8().map(u16_list).unwrap_or_default();
                }
                EXT_SUPPORTED_GROUPS => hello.groups = d.vec16().map(u16_list).unwrap_or_default(),
                EXT_SIGNATURE_ALGORITHMS => {
                    hello.signature_schemes = d.vec16().map(u16_list).unwrap_or_default()
                }
                EXT_SERVER_NAME => {
                    if let Some(list) = d.vec16() {
                        let mut l = Reader(list);
                        if l.u8() == Some(0) {
                            hello.server_name =
                                l.vec16().map(|n| String::from_utf8_lossy(n).into_owned());
                        }
                    }
                }
                _ => {}
            }
        }
    }
    hello.versions.retain(|v| v & 0x0f0f != 0x0a0a);
    if hello.versions.is_empty() {
        // No supported_versions: the client offers legacy_version and everything below it.
        hello.versions = [TLS12, 0x0302, 0x0301]
            .into_iter()
            .filter(|v| *v <= legacy_version)
            .collect();
    }
    Some(hello)
}

/// The server random from a ServerHello at the start of a server's flight.
pub fn parse_server_random(records: &[u8]) -> Option<[u8; 32]> {
    let body = handshake_body(records, HS_SERVER_HELLO)?;
    let mut r = Reader(&body);
    r.u16()?;
    r.take(32)?.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hand-built TLS 1.2-only ClientHello: two suites (one CBC), groups, sig algs, SNI.
    fn sample() -> Vec<u8> {
        let mut ext = Vec::new();
        // server_name "radius.example.com"
        let name = b"radius.example.com";
        let mut sn = vec![0u8];
        sn.extend_from_slice(&(name.len() as u16).to_be_bytes());
        sn.extend_from_slice(name);
        let mut sn_list = (sn.len() as u16).to_be_bytes().to_vec();
        sn_list.extend_from_slice(&sn);
        ext.extend_from_slice(&0u16.to_be_bytes());
        ext.extend_from_slice(&(sn_list.len() as u16).to_be_bytes());
        ext.extend_from_slice(&sn_list);
        // supported_groups: secp256r1
        ext.extend_from_slice(&[0, 10, 0, 4, 0, 2, 0, 23]);
        // signature_algorithms: ecdsa_secp256r1_sha256
        ext.extend_from_slice(&[0, 13, 0, 4, 0, 2, 4, 3]);
        let mut body = vec![3, 3];
        body.extend_from_slice(&[7u8; 32]);
        body.push(0);
        body.extend_from_slice(&[0, 4, 0xc0, 0x2b, 0xc0, 0x09]);
        body.extend_from_slice(&[1, 0]);
        body.extend_from_slice(&(ext.len() as u16).to_be_bytes());
        body.extend_from_slice(&ext);
        let mut hs = vec![1, 0];
        hs.extend_from_slice(&(body.len() as u16).to_be_bytes());
        hs.extend_from_slice(&body);
        // Split across two records to exercise reassembly.
        let (a, b) = hs.split_at(10);
        let mut records = vec![22, 3, 1];
        records.extend_from_slice(&(a.len() as u16).to_be_bytes());
        records.extend_from_slice(a);
        records.extend_from_slice(&[22, 3, 1]);
        records.extend_from_slice(&(b.len() as u16).to_be_bytes());
        records.extend_from_slice(b);
        records
    }

    #[test]
    fn parses_a_tls12_client_hello() {
        let hello = parse_client_hello(&sample()).unwrap();
        assert_eq!(hello.random, [7u8; 32]);
        assert_eq!(hello.versions, [TLS12, 0x0302, 0x0301]);
        assert!(!hello.offers(TLS13));
        assert_eq!(hello.suites, [0xc02b, 0xc009]);
        assert_eq!(hello.groups, [23]);
        assert_eq!(hello.signature_schemes, [0x0403]);
        assert_eq!(hello.server_name.as_deref(), Some("radius.example.com"));
        let s = hello.summary();
        assert!(s.contains("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"), "{s}");
        assert!(s.contains("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"), "{s}");
        assert!(s.contains("secp256r1"), "{s}");
    }

    #[test]
    fn names_what_older_clients_offer() {
        // eapol_test with openssl_ciphers="AES128-SHA:DHE-RSA-AES128-GCM-SHA256"
        assert_eq!(
            join(&[0x002f, 0x009e, 0xc02b], suite_name),
            "TLS_RSA_WITH_AES_128_CBC_SHA, TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"
        );
        assert_eq!(
            join(&[0x0809, 0x0303, 0x0403], scheme_name),
            "RSA_PSS_PSS_SHA256, ECDSA_SHA224, ECDSA_NISTP256_SHA256"
        );
        assert_eq!(suite_name(0x1234), "CipherSuite(0x1234)");
    }

    #[test]
    fn garbage_is_not_a_hello() {
        assert_eq!(parse_client_hello(&[22, 3, 1, 0, 2, 1, 0]), None);
        assert_eq!(parse_client_hello(&[]), None);
        assert_eq!(leading_alert(&[21, 3, 3, 0, 2, 2, 48]), Some((2, 48)));
    }
}
