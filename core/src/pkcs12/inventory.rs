//! Which algorithms a PKCS#12 file uses, with their parameters, and what it holds. Filled by
//! the walk in `decode` (without a password: the structure and the algorithms; with one: also
//! the key types and the empty-password encoding that matched).

use super::crypto::{Cipher, Hash};
use crate::der::reader::{Asn1Error, Tlv, TAG_INTEGER, TAG_OCTET_STRING, TAG_OID, TAG_SEQUENCE};
use serde::Serialize;

const OID_PBES2: &str = "1.2.840.113549.1.5.13";
const OID_PBKDF2: &str = "1.2.840.113549.1.5.12";
pub(crate) const OID_PBMAC1: &str = "1.2.840.113549.1.5.14";

/// The MAC protecting the file's integrity (and proving the password).
#[derive(Debug, Clone, Serialize)]
pub struct MacInfo {
    /// "SHA-1", "SHA-256", … or "PBMAC1" (RFC 9579).
    pub algorithm: String,
    /// Iterations of the key derivation (PBKDF2's for PBMAC1).
    pub iterations: u64,
    pub salt_len: usize,
    /// PBMAC1 only: the PBKDF2 PRF and the HMAC, e.g. "HMAC-SHA256".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prf: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hmac: Option<String>,
}

/// A password-based encryption scheme as it appears in the file.
#[derive(Debug, Clone, Serialize)]
pub struct PbeInfo {
    /// Human name, e.g. "pbeWithSHAAnd3-KeyTripleDES-CBC" or "PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)".
    pub name: String,
    /// True for the PKCS#12 PBE schemes (RFC 7292 appendix C: RC2, RC4, 3DES with SHA-1).
    pub legacy: bool,
    pub iterations: u64,
    pub salt_len: usize,
    /// "PKCS#12 KDF (SHA-1)", "PBKDF2", "scrypt", …
    pub kdf: String,
    /// PBKDF2's PRF, e.g. "HMAC-SHA256".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prf: Option<String>,
    /// e.g. "AES-256-CBC"; None when the scheme is not understood.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cipher: Option<String>,
    pub key_bits: usize,
    /// The algorithm OID (PBES2 for every PBES2 variant).
    pub oid: String,
    /// Empty when hs20check can decrypt it; else why not.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub unsupported: String,
    /// What Apple's importer does with it: None = decrypts; Some(why not).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub apple_refuses: Option<String>,
}

impl PbeInfo {
    /// One line with every parameter, for reports.
    pub fn describe(&self) -> String {
        format!(
            "{} ({} iterations, {}-byte salt, {}-bit key)",
            self.name, self.iterations, self.salt_len, self.key_bits
        )
    }
}

/// A private key found in the file.
#[derive(Debug, Clone, Serialize)]
pub struct KeyInfo {
    /// "pkcs8ShroudedKeyBag" or "keyBag".
    pub bag: &'static str,
    /// "RSA-2048", "EC P-256", "Ed25519", "Ed448", or the OID; None until decrypted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub algorithm: Option<String>,
    /// RSA or EC: the key types a SecIdentity can hold.
    pub apple_key_type: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Inventory {
    /// The file was BER (indefinite lengths or constructed strings) at some level and was
    /// normalised to DER.
    pub ber_encoded: bool,
    pub mac: Option<MacInfo>,
    /// Encryption of each encrypted SafeContents (usually the certificates).
    pub certificate_encryption: Vec<PbeInfo>,
    /// Encryption of each shrouded private-key bag.
    pub key_encryption: Vec<PbeInfo>,
    /// Private keys stored without any encryption (keyBag).
    pub plain_key_bags: usize,
    /// Certificate bags stored without encryption.
    pub plain_cert_bags: usize,
    /// Every key found (shrouded ones only once the file is decrypted).
    pub keys: Vec<KeyInfo>,
    /// Bags Apple's importer skips (CRL, secret, nested SafeContents, unknown).
    pub other_bags: Vec<String>,
    /// With an empty password: which encoding matched, "two zero bytes (RFC 7292 B.1)" or
    /// "zero-length".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub empty_password_encoding: Option<EmptyPassword>,
    /// Hash iterations spent on key derivation.
    pub kdf_work: u64,
    /// Parts hs20check could not decrypt (an encryption scheme it does not implement), named
    /// with the scheme; the rest of the file is still read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub undecrypted: Vec<String>,
}

/// The two encodings of an empty PKCS#12 password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EmptyPassword {
    /// BMPString terminator only: two zero bytes (RFC 7292 B.1; OpenSSL, NSS, iOS).
    TwoZeroBytes,
    /// No bytes at all (Windows, pyca "no password", node-forge; macOS).
    ZeroLength,
}

impl std::fmt::Display for EmptyPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            EmptyPassword::TwoZeroBytes => "two zero bytes (RFC 7292 B.1)",
            EmptyPassword::ZeroLength => "zero-length",
        })
    }
}

impl Inventory {
    pub fn all_pbe(&self) -> impl Iterator<Item = &PbeInfo> {
        self.certificate_encryption
            .iter()
            .chain(self.key_encryption.iter())
    }

    pub fn max_iterations(&self) -> u64 {
        self.all_pbe()
            .map(|p| p.iterations)
            .chain(self.mac.iter().map(|m| m.iterations))
            .max()
            .unwrap_or(0)
    }
}

/// A parsed encryption AlgorithmIdentifier: what to run to decrypt.
#[derive(Debug, Clone)]
pub(crate) enum Scheme {
    Pkcs12 {
        cipher: Cipher,
        salt: Vec<u8>,
        iterations: u64,
    },
    Pbes2 {
        prf: Hash,
        salt: Vec<u8>,
        iterations: u64,
        cipher: Cipher,
        iv: Vec<u8>,
    },
    /// Not decryptable here; the PbeInfo says why.
    Unsupported,
}

pub(crate) fn digest_name(oid: &str) -> String {
    match Hash::from_digest_oid(oid) {
        Some(h) => h.name().to_string(),
        None => match oid {
            "1.2.840.113549.2.5" => "MD5".into(),
            "2.16.840.1.101.3.4.2.5" => "SHA-512/224".into(),
            "2.16.840.1.101.3.4.2.6" => "SHA-512/256".into(),
            other => format!("digest {other}"),
        },
    }
}

pub(crate) fn hmac_name(oid: &str) -> String {
    match Hash::from_hmac_oid(oid) {
        Some(h) => format!("HMAC-{}", h.name().replace('-', "")),
        None => match oid {
            "1.2.840.113549.2.12" => "HMAC-SHA512/224".into(),
            "1.2.840.113549.2.13" => "HMAC-SHA512/256".into(),
            other => format!("PRF {other}"),
        },
    }
}

fn pkcs12_pbe(oid: &str) -> Option<(&'static str, Cipher)> {
    Some(match oid {
        "1.2.840.113549.1.12.1.1" => ("pbeWithSHAAnd128BitRC4", Cipher::Rc4 { bits: 128 }),
        "1.2.840.113549.1.12.1.2" => ("pbeWithSHAAnd40BitRC4", Cipher::Rc4 { bits: 40 }),
        "1.2.840.113549.1.12.1.3" => ("pbeWithSHAAnd3-KeyTripleDES-CBC", Cipher::Des3),
        "1.2.840.113549.1.12.1.4" => ("pbeWithSHAAnd2-KeyTripleDES-CBC", Cipher::Des2),
        "1.2.840.113549.1.12.1.5" => ("pbeWithSHAAnd128BitRC2-CBC", Cipher::Rc2 { bits: 128 }),
        "1.2.840.113549.1.12.1.6" => ("pbeWithSHAAnd40BitRC2-CBC", Cipher::Rc2 { bits: 40 }),
        _ => return None,
    })
}

fn pbes2_cipher(oid: &str) -> Option<Cipher> {
    Some(match oid {
        "2.16.840.1.101.3.4.1.2" => Cipher::Aes { bits: 128 },
        "2.16.840.1.101.3.4.1.22" => Cipher::Aes { bits: 192 },
        "2.16.840.1.101.3.4.1.42" => Cipher::Aes { bits: 256 },
        "1.2.840.113549.3.7" => Cipher::Des3,
        "1.3.14.3.2.7" => Cipher::Des,
        "1.2.392.200011.61.1.1.1.2" => Cipher::Camellia { bits: 128 },
        "1.2.392.200011.61.1.1.1.3" => Cipher::Camellia { bits: 192 },
        "1.2.392.200011.61.1.1.1.4" => Cipher::Camellia { bits: 256 },
        _ => return None,
    })
}

fn other_cipher_name(oid: &str) -> String {
    match oid {
        "1.2.840.113549.3.2" => "RC2-CBC".into(),
        "2.16.840.1.101.3.4.1.6" => "AES-128-GCM".into(),
        "2.16.840.1.101.3.4.1.46" => "AES-256-GCM".into(),
        other => format!("cipher {other}"),
    }
}

/// Parses an encryption AlgorithmIdentifier (PKCS#12 PBE or PBES2).
pub(crate) fn parse_scheme(alg: Tlv<'_>) -> Result<(PbeInfo, Scheme), Asn1Error> {
    let mut fields = alg.children();
    let oid = fields.next_expect(TAG_OID, "algorithm OID")?.as_oid()?;
    if let Some((name, cipher)) = pkcs12_pbe(&oid) {
        let params = fields.next_expect(TAG_SEQUENCE, "PKCS#12 PBE parameters")?;
        let mut params = params.children();
        let salt = params.next_expect(TAG_OCTET_STRING, "salt")?.value.to_vec();
        let iterations = params.next_expect(TAG_INTEGER, "iterations")?.as_u64()?;
        let apple_refuses = (cipher == Cipher::Des2).then(|| {
            "Apple's importer has no 2-key 3DES (pbeWithSHAAnd2-KeyTripleDES-CBC is marked unsupported in p12import.c)".to_string()
        });
        return Ok((
            PbeInfo {
                name: name.to_string(),
                legacy: true,
                iterations,
                salt_len: salt.len(),
                kdf: "PKCS#12 KDF (SHA-1)".into(),
                prf: None,
                cipher: Some(cipher.name()),
                key_bits: cipher.key_len() * 8,
                oid,
                unsupported: String::new(),
                apple_refuses,
            },
            Scheme::Pkcs12 {
                cipher,
                salt,
                iterations,
            },
        ));
    }
    if oid != OID_PBES2 {
        let info = PbeInfo {
            name: format!("encryption scheme {oid}"),
            legacy: false,
            iterations: 0,
            salt_len: 0,
            kdf: "unknown".into(),
            prf: None,
            cipher: None,
            key_bits: 0,
            unsupported: format!("encryption scheme {oid} is neither a PKCS#12 PBE nor PBES2"),
            apple_refuses: Some(format!(
                "Apple's importer knows only the PKCS#12 PBE schemes and PBES2, not {oid}"
            )),
            oid,
        };
        return Ok((info, Scheme::Unsupported));
    }
    let params = fields.next_expect(TAG_SEQUENCE, "PBES2 parameters")?;
    let mut params = params.children();
    let kdf = params.next_expect(TAG_SEQUENCE, "keyDerivationFunc")?;
    let scheme = params.next_expect(TAG_SEQUENCE, "encryptionScheme")?;
    let mut scheme_fields = scheme.children();
    let cipher_oid = scheme_fields.next_expect(TAG_OID, "cipher OID")?.as_oid()?;
    let iv = match scheme_fields.peek_tag() {
        Some(TAG_OCTET_STRING) => scheme_fields.next_tlv()?.value.to_vec(),
        _ => Vec::new(),
    };
    let cipher = pbes2_cipher(&cipher_oid);
    let cipher_name = cipher
        .map(Cipher::name)
        .unwrap_or_else(|| other_cipher_name(&cipher_oid));

    let mut kdf = kdf.children();
    let kdf_oid = kdf.next_expect(TAG_OID, "KDF OID")?.as_oid()?;
    let mut info = PbeInfo {
        name: String::new(),
        legacy: false,
        iterations: 0,
        salt_len: 0,
        kdf: String::new(),
        prf: None,
        cipher: Some(cipher_name.clone()),
        key_bits: cipher.map_or(0, |c| c.key_len() * 8),
        oid: oid.clone(),
        unsupported: String::new(),
        apple_refuses: None,
    };
    if kdf_oid != OID_PBKDF2 {
        let kdf_name = if kdf_oid == "1.3.6.1.4.1.11591.4.11" {
            "scrypt".to_string()
        } else {
            format!("KDF {kdf_oid}")
        };
        info.name = format!("PBES2 ({kdf_name}, {cipher_name})");
        info.kdf = kdf_name.clone();
        // scrypt-params (RFC 7914 §7.1): salt, cost N (reported as the iteration count), …
        if let Ok(p) = kdf.next_expect(TAG_SEQUENCE, "KDF parameters") {
            let mut p = p.children();
            if let Ok(salt) = p.next_expect(TAG_OCTET_STRING, "salt") {
                info.salt_len = salt.value.len();
            }
            if let Ok(cost) = p.next_expect(TAG_INTEGER, "cost") {
                info.iterations = cost.as_u64().unwrap_or(0);
            }
        }
        info.unsupported = format!("PBES2 key derivation {kdf_name}");
        info.apple_refuses = Some(format!(
            "Apple's importer derives PBES2 keys with PBKDF2-HMAC-SHA256 only, not {kdf_name}"
        ));
        return Ok((info, Scheme::Unsupported));
    }
    let p = kdf.next_expect(TAG_SEQUENCE, "PBKDF2 parameters")?;
    let mut p = p.children();
    let salt = p
        .next_expect(TAG_OCTET_STRING, "PBKDF2 salt")?
        .value
        .to_vec();
    let iterations = p.next_expect(TAG_INTEGER, "iterationCount")?.as_u64()?;
    let mut key_len = None;
    if p.peek_tag() == Some(TAG_INTEGER) {
        key_len = Some(p.next_tlv()?.as_u64()?);
    }
    let (prf_name, prf) = if p.peek_tag() == Some(TAG_SEQUENCE) {
        let prf = p.next_tlv()?;
        let oid = prf.children().next_expect(TAG_OID, "PRF OID")?.as_oid()?;
        (hmac_name(&oid), Hash::from_hmac_oid(&oid))
    } else {
        ("HMAC-SHA1".to_string(), Some(Hash::Sha1))
    };
    info.name = format!("PBES2 (PBKDF2-{prf_name}, {cipher_name})");
    info.iterations = iterations;
    info.salt_len = salt.len();
    info.kdf = "PBKDF2".into();
    info.prf = Some(prf_name.clone());
    if cipher != Some(Cipher::Aes { bits: 256 }) || prf != Some(Hash::Sha256) {
        info.apple_refuses = Some(format!(
            "Apple's importer decrypts PBES2 only as AES-256-CBC with a PBKDF2-HMAC-SHA256 key (p12import.c, p12pbegen.c); this file uses {cipher_name} with PBKDF2-{prf_name}, so the derived key is wrong and the import fails"
        ));
    }
    let (Some(prf), Some(cipher)) = (prf, cipher) else {
        info.unsupported = format!("PBES2 with PBKDF2-{prf_name} and {cipher_name}");
        return Ok((info, Scheme::Unsupported));
    };
    if key_len.is_some_and(|k| k as usize != cipher.key_len()) || iv.len() != cipher.iv_len() {
        info.unsupported = format!(
            "PBES2 {cipher_name} with a {}-byte key length field and a {}-byte IV",
            key_len.unwrap_or(0),
            iv.len()
        );
        return Ok((info, Scheme::Unsupported));
    }
    Ok((
        info,
        Scheme::Pbes2 {
            prf,
            salt,
            iterations,
            cipher,
            iv,
        },
    ))
}
