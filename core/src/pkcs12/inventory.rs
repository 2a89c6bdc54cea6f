//! Which algorithms a PKCS#12 file uses (p12-keystore decodes but does not report them).
//! Walks PFX → MacData and AuthenticatedSafe → ContentInfo → EncryptedData / SafeContents →
//! shrouded key bags (RFC 7292 §4, RFC 8018 for PBES2). Works on DER (normalise BER first).

use crate::der::reader::{
    Asn1Error, Reader, Tlv, TAG_CONTEXT_0, TAG_INTEGER, TAG_OCTET_STRING, TAG_OID, TAG_SEQUENCE,
};
use serde::Serialize;

/// Above this, key derivation would take too long (p12-keystore applies the same bound);
/// real exporters use 1 to 600 000.
pub const MAX_ITERATIONS: u64 = 1_000_000;

const OID_DATA: &str = "1.2.840.113549.1.7.1";
const OID_ENCRYPTED_DATA: &str = "1.2.840.113549.1.7.6";
const OID_SHROUDED_KEY_BAG: &str = "1.2.840.113549.1.12.10.1.2";
const OID_KEY_BAG: &str = "1.2.840.113549.1.12.10.1.1";
const OID_CERT_BAG: &str = "1.2.840.113549.1.12.10.1.3";
const OID_PBES2: &str = "1.2.840.113549.1.5.13";
const OID_PBKDF2: &str = "1.2.840.113549.1.5.12";
const OID_PBMAC1: &str = "1.2.840.113549.1.5.14";

/// The MAC protecting the file's integrity (and proving the password).
#[derive(Debug, Clone, Serialize)]
pub struct MacInfo {
    /// "SHA-1", "SHA-256", … or "PBMAC1" (RFC 9579).
    pub algorithm: String,
    pub iterations: u64,
    pub salt_len: usize,
}

/// A password-based encryption scheme as it appears in the file.
#[derive(Debug, Clone, Serialize)]
pub struct PbeInfo {
    /// Human name, e.g. "pbeWithSHAAnd3-KeyTripleDES-CBC" or "PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)".
    pub name: String,
    /// True for the legacy PKCS#12 PBE schemes (3DES, RC2) that every Apple OS imports.
    pub legacy: bool,
    pub iterations: u64,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Inventory {
    /// The file was BER (indefinite lengths or constructed strings) and was normalised to DER.
    pub ber_encoded: bool,
    pub mac: Option<MacInfo>,
    /// Encryption of each encrypted SafeContents (usually the certificates).
    pub certificate_encryption: Vec<PbeInfo>,
    /// Encryption of each shrouded private-key bag found in plain SafeContents.
    pub key_encryption: Vec<PbeInfo>,
    /// Private keys stored without any encryption (keyBag).
    pub plain_key_bags: usize,
    /// Certificate bags stored without encryption.
    pub plain_cert_bags: usize,
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

/// Reads the algorithm inventory of a DER PKCS#12 file.
pub fn inventory(der: &[u8]) -> Result<Inventory, Asn1Error> {
    let mut inv = Inventory::default();
    let pfx = Reader::new(der).next_expect(TAG_SEQUENCE, "PFX SEQUENCE")?;
    let mut pfx_fields = pfx.children();
    let version = pfx_fields.next_expect(TAG_INTEGER, "PFX version")?;
    if version.as_u64()? != 3 {
        return Err(Asn1Error::Unexpected {
            expected: "PFX version 3",
        });
    }
    let auth_safe = pfx_fields.next_expect(TAG_SEQUENCE, "authSafe ContentInfo")?;
    if !pfx_fields.is_empty() {
        inv.mac = Some(mac_info(pfx_fields.next_expect(TAG_SEQUENCE, "MacData")?)?);
    }

    let mut ci = auth_safe.children();
    let content_type = ci.next_expect(TAG_OID, "content type")?.as_oid()?;
    if content_type != OID_DATA {
        return Err(Asn1Error::Unsupported(
            "authSafe is not of type data (public-key integrity mode)",
        ));
    }
    let wrapped = ci.next_expect(TAG_CONTEXT_0, "[0] content")?;
    let octets = wrapped
        .children()
        .next_expect(TAG_OCTET_STRING, "authSafe OCTET STRING")?;
    let safes = Reader::new(octets.value).next_expect(TAG_SEQUENCE, "AuthenticatedSafe")?;
    let mut safes = safes.children();
    while !safes.is_empty() {
        let content_info = safes.next_expect(TAG_SEQUENCE, "ContentInfo")?;
        let mut fields = content_info.children();
        let kind = fields.next_expect(TAG_OID, "content type")?.as_oid()?;
        let body = fields.next_expect(TAG_CONTEXT_0, "[0] content")?;
        match kind.as_str() {
            OID_DATA => {
                let octets = body
                    .children()
                    .next_expect(TAG_OCTET_STRING, "SafeContents OCTET STRING")?;
                walk_safe_contents(octets.value, &mut inv)?;
            }
            OID_ENCRYPTED_DATA => {
                let enc = body.children().next_expect(TAG_SEQUENCE, "EncryptedData")?;
                let mut enc = enc.children();
                enc.next_expect(TAG_INTEGER, "EncryptedData version")?;
                let eci = enc.next_expect(TAG_SEQUENCE, "EncryptedContentInfo")?;
                let mut eci = eci.children();
                eci.next_expect(TAG_OID, "content type")?;
                let alg = eci.next_expect(TAG_SEQUENCE, "contentEncryptionAlgorithm")?;
                inv.certificate_encryption.push(pbe_info(alg)?);
            }
            _ => return Err(Asn1Error::Unsupported("ContentInfo of unknown type")),
        }
    }
    Ok(inv)
}

fn walk_safe_contents(bytes: &[u8], inv: &mut Inventory) -> Result<(), Asn1Error> {
    let contents = Reader::new(bytes).next_expect(TAG_SEQUENCE, "SafeContents")?;
    let mut bags = contents.children();
    while !bags.is_empty() {
        let bag = bags.next_expect(TAG_SEQUENCE, "SafeBag")?;
        let mut fields = bag.children();
        let bag_id = fields.next_expect(TAG_OID, "bagId")?.as_oid()?;
        let value = fields.next_expect(TAG_CONTEXT_0, "[0] bagValue")?;
        match bag_id.as_str() {
            OID_SHROUDED_KEY_BAG => {
                let epki = value
                    .children()
                    .next_expect(TAG_SEQUENCE, "EncryptedPrivateKeyInfo")?;
                let alg = epki
                    .children()
                    .next_expect(TAG_SEQUENCE, "encryptionAlgorithm")?;
                inv.key_encryption.push(pbe_info(alg)?);
            }
            OID_KEY_BAG => inv.plain_key_bags += 1,
            OID_CERT_BAG => inv.plain_cert_bags += 1,
            _ => {}
        }
    }
    Ok(())
}

fn mac_info(mac_data: Tlv<'_>) -> Result<MacInfo, Asn1Error> {
    let mut fields = mac_data.children();
    let digest_info = fields.next_expect(TAG_SEQUENCE, "DigestInfo")?;
    let alg = digest_info
        .children()
        .next_expect(TAG_SEQUENCE, "digestAlgorithm")?;
    let oid = alg
        .children()
        .next_expect(TAG_OID, "digest OID")?
        .as_oid()?;
    let salt = fields.next_expect(TAG_OCTET_STRING, "macSalt")?;
    let iterations = if fields.peek_tag() == Some(TAG_INTEGER) {
        fields.next_tlv()?.as_u64()?
    } else {
        1
    };
    let algorithm = if oid == OID_PBMAC1 {
        "PBMAC1".to_string()
    } else {
        digest_name(&oid)
    };
    Ok(MacInfo {
        algorithm,
        iterations,
        salt_len: salt.value.len(),
    })
}

fn pbe_info(alg: Tlv<'_>) -> Result<PbeInfo, Asn1Error> {
    let mut fields = alg.children();
    let oid = fields.next_expect(TAG_OID, "algorithm OID")?.as_oid()?;
    if let Some(name) = pkcs12_pbe_name(&oid) {
        let params = fields.next_expect(TAG_SEQUENCE, "PKCS#12 PBE parameters")?;
        let mut params = params.children();
        params.next_expect(TAG_OCTET_STRING, "salt")?;
        let iterations = params.next_expect(TAG_INTEGER, "iterations")?.as_u64()?;
        return Ok(PbeInfo {
            name: name.to_string(),
            legacy: true,
            iterations,
        });
    }
    if oid != OID_PBES2 {
        return Ok(PbeInfo {
            name: format!("unknown scheme {oid}"),
            legacy: false,
            iterations: 0,
        });
    }
    let params = fields.next_expect(TAG_SEQUENCE, "PBES2 parameters")?;
    let mut params = params.children();
    let kdf = params.next_expect(TAG_SEQUENCE, "keyDerivationFunc")?;
    let scheme = params.next_expect(TAG_SEQUENCE, "encryptionScheme")?;
    let cipher_oid = scheme
        .children()
        .next_expect(TAG_OID, "cipher OID")?
        .as_oid()?;
    let mut kdf = kdf.children();
    let kdf_oid = kdf.next_expect(TAG_OID, "KDF OID")?.as_oid()?;
    let (kdf_name, iterations) = if kdf_oid == OID_PBKDF2 {
        let p = kdf.next_expect(TAG_SEQUENCE, "PBKDF2 parameters")?;
        let mut p = p.children();
        p.next_tlv()?; // salt (specified OCTET STRING; otherSource never seen)
        let iterations = p.next_expect(TAG_INTEGER, "iterationCount")?.as_u64()?;
        if p.peek_tag() == Some(TAG_INTEGER) {
            p.next_tlv()?; // keyLength
        }
        let prf = if p.peek_tag() == Some(TAG_SEQUENCE) {
            let prf = p.next_tlv()?;
            let oid = prf.children().next_expect(TAG_OID, "PRF OID")?.as_oid()?;
            hmac_name(&oid)
        } else {
            "HMAC-SHA1".to_string()
        };
        (format!("PBKDF2-{prf}"), iterations)
    } else if kdf_oid == "1.3.6.1.4.1.11591.4.11" {
        ("scrypt".to_string(), 0)
    } else {
        (format!("KDF {kdf_oid}"), 0)
    };
    Ok(PbeInfo {
        name: format!("PBES2 ({kdf_name}, {})", cipher_name(&cipher_oid)),
        legacy: false,
        iterations,
    })
}

fn pkcs12_pbe_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "1.2.840.113549.1.12.1.1" => "pbeWithSHAAnd128BitRC4",
        "1.2.840.113549.1.12.1.2" => "pbeWithSHAAnd40BitRC4",
        "1.2.840.113549.1.12.1.3" => "pbeWithSHAAnd3-KeyTripleDES-CBC",
        "1.2.840.113549.1.12.1.4" => "pbeWithSHAAnd2-KeyTripleDES-CBC",
        "1.2.840.113549.1.12.1.5" => "pbeWithSHAAnd128BitRC2-CBC",
        "1.2.840.113549.1.12.1.6" => "pbeWithSHAAnd40BitRC2-CBC",
        _ => return None,
    })
}

fn digest_name(oid: &str) -> String {
    match oid {
        "1.2.840.113549.2.5" => "MD5".into(),
        "1.3.14.3.2.26" => "SHA-1".into(),
        "2.16.840.1.101.3.4.2.4" => "SHA-224".into(),
        "2.16.840.1.101.3.4.2.1" => "SHA-256".into(),
        "2.16.840.1.101.3.4.2.2" => "SHA-384".into(),
        "2.16.840.1.101.3.4.2.3" => "SHA-512".into(),
        other => format!("digest {other}"),
    }
}

fn hmac_name(oid: &str) -> String {
    match oid {
        "1.2.840.113549.2.7" => "HMAC-SHA1".into(),
        "1.2.840.113549.2.8" => "HMAC-SHA224".into(),
        "1.2.840.113549.2.9" => "HMAC-SHA256".into(),
        "1.2.840.113549.2.10" => "HMAC-SHA384".into(),
        "1.2.840.113549.2.11" => "HMAC-SHA512".into(),
        other => format!("PRF {other}"),
    }
}

fn cipher_name(oid: &str) -> String {
    match oid {
        "2.16.840.1.101.3.4.1.2" => "AES-128-CBC".into(),
        "2.16.840.1.101.3.4.1.22" => "AES-192-CBC".into(),
        "2.16.840.1.101.3.4.1.42" => "AES-256-CBC".into(),
        "1.2.840.113549.3.7" => "DES-EDE3-CBC".into(),
        "1.3.14.3.2.7" => "DES-CBC".into(),
        "1.2.840.113549.3.2" => "RC2-CBC".into(),
        other => format!("cipher {other}"),
    }
}
