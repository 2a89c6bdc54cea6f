//! TLS 1.3 inside EAP-TLS, decrypted with a key log: the NSS key-log format (SSLKEYLOGFILE,
//! `LABEL <client_random hex> <secret hex>` lines, `#` comments) gives each handshake's traffic
//! secrets, matched to an attempt by its ClientHello's client_random. Records are opened per
//! RFC 8446 §5.2–5.3 with the traffic keys of §7.1/§7.3 (HKDF-Expand-Label), all crypto from
//! `ring`. Secrets are never printed, and an error in the file names the line, not its content.

use ring::{aead, hkdf};
use std::collections::HashMap;

/// The secrets of one handshake, by the labels of the NSS key-log format.
#[derive(Clone, Default)]
pub struct Secrets {
    pub client_handshake: Option<Vec<u8>>,
    pub server_handshake: Option<Vec<u8>>,
    pub client_application: Option<Vec<u8>>,
    pub server_application: Option<Vec<u8>>,
}

/// A key-log file: secrets by client_random.
#[derive(Clone, Default)]
pub struct KeyLog {
    entries: HashMap<Vec<u8>, Secrets>,
}

impl std::fmt::Debug for KeyLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // never the secrets
        write!(f, "KeyLog({} handshake(s))", self.entries.len())
    }
}

/// What is wrong with a key-log file: a line number and what, never the line's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyLogError {
    pub line: usize,
    pub what: &'static str,
}

impl std::fmt::Display for KeyLogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.what)
        } else {
            write!(f, "line {}: {}", self.line, self.what)
        }
    }
}

impl std::error::Error for KeyLogError {}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

impl KeyLog {
    /// Reads a key log. Labels other than the four TLS 1.3 traffic secrets (CLIENT_RANDOM of
    /// TLS 1.2, EXPORTER_SECRET, early secrets) are accepted and not used.
    pub fn parse(bytes: &[u8]) -> Result<KeyLog, KeyLogError> {
        let text = std::str::from_utf8(bytes).map_err(|_| KeyLogError {
            line: 0,
            what: "not a text file (NSS key-log lines: LABEL <client_random hex> <secret hex>)",
        })?;
        let mut log = KeyLog::default();
        let mut lines = 0;
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |what| KeyLogError { line: n + 1, what };
            let fields: Vec<&str> = line.split_ascii_whitespace().collect();
            let [label, random, secret] = fields[..] else {
                return Err(err(
                    "expected three fields: LABEL <client_random hex> <secret hex>",
                ));
            };
            if !label
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
            {
                return Err(err("the label is not an NSS key-log label"));
            }
            let random = unhex(random)
                .filter(|r| r.len() == 32)
                .ok_or_else(|| err("the client_random is not 32 bytes of hex"))?;
            let secret = unhex(secret)
                .filter(|s| (16..=64).contains(&s.len()))
                .ok_or_else(|| err("the secret is not 16 to 64 bytes of hex"))?;
            lines += 1;
            let e = log.entries.entry(random).or_default();
            let slot = match label {
                "CLIENT_HANDSHAKE_TRAFFIC_SECRET" => &mut e.client_handshake,
                "SERVER_HANDSHAKE_TRAFFIC_SECRET" => &mut e.server_handshake,
                "CLIENT_TRAFFIC_SECRET_0" => &mut e.client_application,
                "SERVER_TRAFFIC_SECRET_0" => &mut e.server_application,
                _ => continue,
            };
            *slot = Some(secret);
        }
        if lines == 0 {
            return Err(KeyLogError {
                line: 0,
                what: "no key-log lines (LABEL <client_random hex> <secret hex>)",
            });
        }
        log.entries.retain(|_, s| {
            s.client_handshake.is_some()
                || s.server_handshake.is_some()
                || s.client_application.is_some()
                || s.server_application.is_some()
        });
        Ok(log)
    }

    /// Handshakes with at least one TLS 1.3 traffic secret.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, client_random: &[u8]) -> Option<&Secrets> {
        self.entries.get(client_random)
    }
}

/// The TLS 1.3 cipher suites (RFC 8446 §B.4) this reader opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suite {
    Aes128GcmSha256,
    Aes256GcmSha384,
    Chacha20Poly1305Sha256,
}

impl Suite {
    pub fn from_id(id: u16) -> Option<Suite> {
        match id {
            0x1301 => Some(Suite::Aes128GcmSha256),
            0x1302 => Some(Suite::Aes256GcmSha384),
            0x1303 => Some(Suite::Chacha20Poly1305Sha256),
            _ => None,
        }
    }
    fn hkdf(self) -> hkdf::Algorithm {
        match self {
            Suite::Aes256GcmSha384 => hkdf::HKDF_SHA384,
            _ => hkdf::HKDF_SHA256,
        }
    }
    fn aead(self) -> &'static aead::Algorithm {
        match self {
            Suite::Aes128GcmSha256 => &aead::AES_128_GCM,
            Suite::Aes256GcmSha384 => &aead::AES_256_GCM,
            Suite::Chacha20Poly1305Sha256 => &aead::CHACHA20_POLY1305,
        }
    }
}

struct Len(usize);

impl hkdf::KeyType for Len {
    fn len(&self) -> usize {
        self.0
    }
}

/// HKDF-Expand-Label (RFC 8446 §7.1) with the hash of `alg`; `None` when `len` is too long
/// for the hash or the secret does not fit it.
pub fn hkdf_expand_label(
    alg: hkdf::Algorithm,
    secret: &[u8],
    label: &str,
    context: &[u8],
    len: usize,
) -> Option<Vec<u8>> {
    let full = format!("tls13 {label}");
    let length = u16::try_from(len).ok()?.to_be_bytes();
    let label_len = [u8::try_from(full.len()).ok()?];
    let context_len = [u8::try_from(context.len()).ok()?];
    let info: [&[u8]; 5] = [&length, &label_len, full.as_bytes(), &context_len, context];
    let prk = hkdf::Prk::new_less_safe(alg, secret);
    let okm = prk.expand(&info, Len(len)).ok()?;
    let mut out = vec![0u8; len];
    okm.fill(&mut out).ok()?;
    Some(out)
}

/// The per-record nonce (RFC 8446 §5.3): the IV XOR the sequence number, left-padded to 12 bytes.
pub fn nonce(iv: &[u8; 12], seq: u64) -> [u8; 12] {
    let mut n = *iv;
    for (b, s) in n[4..].iter_mut().zip(seq.to_be_bytes()) {
        *b ^= s;
    }
    n
}

/// One direction's record protection under one traffic secret (§7.3), sequence from 0.
pub struct RecordKeys {
    key: aead::LessSafeKey,
    iv: [u8; 12],
    seq: u64,
}

impl RecordKeys {
    pub fn new(suite: Suite, secret: &[u8]) -> Option<RecordKeys> {
        let alg = suite.aead();
        let key = hkdf_expand_label(suite.hkdf(), secret, "key", b"", alg.key_len())?;
        let iv: [u8; 12] = hkdf_expand_label(suite.hkdf(), secret, "iv", b"", 12)?
            .try_into()
            .ok()?;
        let key = aead::LessSafeKey::new(aead::UnboundKey::new(alg, &key).ok()?);
        Some(RecordKeys { key, iv, seq: 0 })
    }

    /// Opens one TLSCiphertext record (5-byte header included): the inner content type and the
    /// content with its zero padding stripped (§5.2), or `None` when it does not authenticate.
    /// The sequence number advances only on success.
    pub fn open(&mut self, record: &[u8]) -> Option<(u8, Vec<u8>)> {
        let (header, body) = record.split_at_checked(5)?;
        let mut buf = body.to_vec();
        let plain = self
            .key
            .open_in_place(
                aead::Nonce::assume_unique_for_key(nonce(&self.iv, self.seq)),
                aead::Aad::from(header),
                &mut buf,
            )
            .ok()?;
        let end = plain.iter().rposition(|b| *b != 0)?;
        let content_type = plain[end];
        let content = plain[..end].to_vec();
        self.seq += 1;
        Some((content_type, content))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Vec<u8> {
        unhex(&s.split_whitespace().collect::<String>()).unwrap()
    }

    /// RFC 8448 §3 (Simple 1-RTT Handshake), TLS_AES_128_GCM_SHA256: the server handshake
    /// traffic secret, its write key and IV, and the server's first protected record.
    #[test]
    fn hkdf_expand_label_and_nonce_match_rfc8448() {
        let secret = h("b6 7b 7d 69 0c c1 6c 4e 75 e5 42 13 cb 2d 37 b4
                        e9 c9 12 bc de d9 10 5d 42 be fd 59 d3 91 ad 38");
        assert_eq!(
            hkdf_expand_label(hkdf::HKDF_SHA256, &secret, "key", b"", 16).unwrap(),
            h("3f ce 51 60 09 c2 17 27 d0 f2 e4 e8 6e e4 03 bc")
        );
        let iv = hkdf_expand_label(hkdf::HKDF_SHA256, &secret, "iv", b"", 12).unwrap();
        assert_eq!(iv, h("5d 31 3e b2 67 12 76 ee 13 00 0b 30"));
        let iv: [u8; 12] = iv.try_into().unwrap();
        assert_eq!(nonce(&iv, 0), iv);
        assert_eq!(
            nonce(&iv, 0x0102).to_vec(),
            h("5d 31 3e b2 67 12 76 ee 13 00 0a 32")
        );
        let mut keys = RecordKeys::new(Suite::Aes128GcmSha256, &secret).unwrap();
        // the record RFC 8448 §3 shows the server sending (EncryptedExtensions .. Finished)
        let record = h(RFC8448_SERVER_RECORD);
        let (content_type, plain) = keys.open(&record).unwrap();
        assert_eq!(content_type, 22);
        assert_eq!(plain[0], 8, "EncryptedExtensions first");
        assert_eq!(keys.seq, 1);
        // the same record again does not open with sequence number 1
        assert!(keys.open(&record).is_none());
    }

    /// Each suite's key schedule and AEAD: records sealed with ring under the derived key and
    /// nonce open, padding stripped, sequence numbers advancing per record.
    #[test]
    fn every_suite_opens_its_records_in_sequence() {
        for (suite, alg, hash, len) in [
            (
                Suite::Aes128GcmSha256,
                &aead::AES_128_GCM,
                hkdf::HKDF_SHA256,
                32,
            ),
            (
                Suite::Aes256GcmSha384,
                &aead::AES_256_GCM,
                hkdf::HKDF_SHA384,
                48,
            ),
            (
                Suite::Chacha20Poly1305Sha256,
                &aead::CHACHA20_POLY1305,
                hkdf::HKDF_SHA256,
                32,
            ),
        ] {
            let secret = vec![7u8; len];
            let key = hkdf_expand_label(hash, &secret, "key", b"", alg.key_len()).unwrap();
            let iv: [u8; 12] = hkdf_expand_label(hash, &secret, "iv", b"", 12)
                .unwrap()
                .try_into()
                .unwrap();
            let sealer = aead::LessSafeKey::new(aead::UnboundKey::new(alg, &key).unwrap());
            let mut keys = RecordKeys::new(suite, &secret).unwrap();
            for seq in 0..3u64 {
                // an alert (fatal unknown_ca), its inner content type, two bytes of padding
                let mut inner = vec![2, 48, 21, 0, 0];
                let n = inner.len() + alg.tag_len();
                let header = [23, 3, 3, (n >> 8) as u8, n as u8];
                sealer
                    .seal_in_place_append_tag(
                        aead::Nonce::assume_unique_for_key(nonce(&iv, seq)),
                        aead::Aad::from(header),
                        &mut inner,
                    )
                    .unwrap();
                let record = [header.to_vec(), inner].concat();
                assert_eq!(
                    keys.open(&record),
                    Some((21, vec![2, 48])),
                    "{suite:?} {seq}"
                );
                // the header is authenticated
                let mut other = record.clone();
                other[1] = 1;
                assert!(keys.open(&other).is_none());
            }
        }
    }

    const RFC8448_SERVER_RECORD: &str = "
         17 03 03 02 a2 d1 ff 33 4a 56 f5 bf
         f6 59 4a 07 cc 87 b5 80 23 3f 50 0f 45 e4 89 e7 f3 3a f3 5e df
         78 69 fc f4 0a a4 0a a2 b8 ea 73 f8 48 a7 ca 07 61 2e f9 f9 45
         cb 96 0b 40 68 90 51 23 ea 78 b1 11 b4 29 ba 91 91 cd 05 d2 a3
         89 28 0f 52 61 34 aa dc 7f c7 8c 4b 72 9d f8 28 b5 ec f7 b1 3b
         d9 ae fb 0e 57 f2 71 58 5b 8e a9 bb 35 5c 7c 79 02 07 16 cf b9
         b1 18 3e f3 ab 20 e3 7d 57 a6 b9 d7 47 76 09 ae e6 e1 22 a4 cf
         51 42 73 25 25 0c 7d 0e 50 92 89 44 4c 9b 3a 64 8f 1d 71 03 5d
         2e d6 5b 0e 3c dd 0c ba e8 bf 2d 0b 22 78 12 cb b3 60 98 72 55
         cc 74 41 10 c4 53 ba a4 fc d6 10 92 8d 80 98 10 e4 b7 ed 1a 8f
         d9 91 f0 6a a6 24 82 04 79 7e 36 a6 a7 3b 70 a2 55 9c 09 ea d6
         86 94 5b a2 46 ab 66 e5 ed d8 04 4b 4c 6d e3 fc f2 a8 94 41 ac
         66 27 2f d8 fb 33 0e f8 19 05 79 b3 68 45 96 c9 60 bd 59 6e ea
         52 0a 56 a8 d6 50 f5 63 aa d2 74 09 96 0d ca 63 d3 e6 88 61 1e
         a5 e2 2f 44 15 cf 95 38 d5 1a 20 0c 27 03 42 72 96 8a 26 4e d6
         54 0c 84 83 8d 89 f7 2c 24 46 1a ad 6d 26 f5 9e ca ba 9a cb bb
         31 7b 66 d9 02 f4 f2 92 a3 6a c1 b6 39 c6 37 ce 34 31 17 b6 59
         62 22 45 31 7b 49 ee da 0c 62 58 f1 00 d7 d9 61 ff b1 38 64 7e
         92 ea 33 0f ae ea 6d fa 31 c7 a8 4d c3 bd 7e 1b 7a 6c 71 78 af
         36 87 90 18 e3 f2 52 10 7f 24 3d 24 3d c7 33 9d 56 84 c8 b0 37
         8b f3 02 44 da 8c 87 c8 43 f5 e5 6e b4 c5 e8 28 0a 2b 48 05 2c
         f9 3b 16 49 9a 66 db 7c ca 71 e4 59 94 26 f7 d4 61 e6 6f 99 88
         2b d8 9f c5 08 00 be cc a6 2d 6c 74 11 6d bd 29 72 fd a1 fa 80
         f8 5d f8 81 ed be 5a 37 66 89 36 b3 35 58 3b 59 91 86 dc 5c 69
         18 a3 96 fa 48 a1 81 d6 b6 fa 4f 9d 62 d5 13 af bb 99 2f 2b 99
         2f 67 f8 af e6 7f 76 91 3f a3 88 cb 56 30 c8 ca 01 e0 c6 5d 11
         c6 6a 1e 2a c4 c8 59 77 b7 c7 a6 99 9b bf 10 dc 35 ae 69 f5 51
         56 14 63 6c 0b 9b 68 c1 9e d2 e3 1c 0b 3b 66 76 30 38 eb ba 42
         f3 b3 8e dc 03 99 f3 a9 f2 3f aa 63 97 8c 31 7f c9 fa 66 a7 3f
         60 f0 50 4d e9 3b 5b 84 5e 27 55 92 c1 23 35 ee 34 0b bc 4f dd
         d5 02 78 40 16 e4 b3 be 7e f0 4d da 49 f4 b4 40 a3 0c b5 d2 af
         93 98 28 fd 4a e3 79 4e 44 f9 4d f5 a6 31 ed e4 2c 17 19 bf da
         bf 02 53 fe 51 75 be 89 8e 75 0e dc 53 37 0d 2b";

    #[test]
    fn key_log_lines_comments_and_errors() {
        let r = "00".repeat(32);
        let s = "11".repeat(32);
        let text = format!(
            "# comment\n\nCLIENT_RANDOM {r} {}\nSERVER_HANDSHAKE_TRAFFIC_SECRET {r} {s}\nCLIENT_TRAFFIC_SECRET_0 {r} {s}\n",
            "22".repeat(48)
        );
        let log = KeyLog::parse(text.as_bytes()).unwrap();
        assert_eq!(log.len(), 1);
        let e = log.get(&[0u8; 32]).unwrap();
        assert!(e.server_handshake.is_some() && e.client_application.is_some());
        assert!(e.client_handshake.is_none());
        let bad = format!("SERVER_HANDSHAKE_TRAFFIC_SECRET {r} zz{}\n", "1".repeat(62));
        let err = KeyLog::parse(bad.as_bytes()).unwrap_err();
        assert_eq!(err.line, 1);
        assert!(!err.to_string().contains("111111"), "{err}");
        assert!(KeyLog::parse(b"# only a comment\n").is_err());
        assert!(KeyLog::parse(b"\xff\xfe").is_err());
        assert!(format!("{log:?}").starts_with("KeyLog(1"));
    }
}
