//! Opening a PKCS#12 file: BER normalisation, algorithm inventory, then decryption with
//! p12-keystore. Errors say what is wrong with the file without ever echoing the password.

pub mod inventory;

use crate::der::reader;
use inventory::{Inventory, MAX_ITERATIONS};
use p12_keystore::{error::Error as KsError, Pkcs12Archive};
use thiserror::Error;

/// No real identity file is this large; refusing bigger input bounds memory use.
pub const MAX_FILE_SIZE: usize = 4 * 1024 * 1024;

#[derive(Debug, Error)]
pub enum P12Error {
    #[error("not a PKCS#12 file ({0})")]
    NotPkcs12(String),
    #[error("file is larger than {MAX_FILE_SIZE} bytes; not a PKCS#12 identity")]
    TooLarge,
    #[error("wrong password: the PKCS#12 MAC did not verify (Apple reports errSecAuthFailed -25293 / errSecPkcs12VerifyFailure -25264)")]
    WrongPassword,
    #[error("wrong password or damaged file: decryption failed ({0})")]
    DecryptionFailed(String),
    #[error("iteration count {0} exceeds the limit of {MAX_ITERATIONS}; refusing to spend unbounded time on key derivation")]
    TooManyIterations(u64),
    #[error("unsupported algorithm: {0}")]
    Unsupported(String),
}

/// A private key from the file, still PKCS#8 DER.
#[derive(Debug, Clone)]
pub struct KeyEntry {
    pub pkcs8_der: Vec<u8>,
    pub friendly_name: Option<String>,
}

#[derive(Debug, Clone)]
pub struct CertEntry {
    pub der: Vec<u8>,
    pub friendly_name: Option<String>,
}

/// A decrypted PKCS#12 file.
#[derive(Debug, Clone)]
pub struct Opened {
    pub inventory: Inventory,
    pub keys: Vec<KeyEntry>,
    pub certs: Vec<CertEntry>,
    /// DER bytes actually decoded (normalised when the input was BER).
    pub der: Vec<u8>,
}

/// Decodes and decrypts a PKCS#12 file.
pub fn open(bytes: &[u8], password: &str) -> Result<Opened, P12Error> {
    let (der, inventory) = decode(bytes)?;
    let archive =
        Pkcs12Archive::from_pkcs12(&der, password).map_err(|e| classify(e, &inventory))?;
    Ok(Opened {
        keys: archive
            .keys
            .into_iter()
            .map(|k| KeyEntry {
                pkcs8_der: k.key.as_der().to_vec(),
                friendly_name: k.friendly_name,
            })
            .collect(),
        certs: archive
            .certs
            .into_iter()
            .map(|c| CertEntry {
                der: c.cert.as_der().to_vec(),
                friendly_name: c.friendly_name,
            })
            .collect(),
        inventory,
        der,
    })
}

/// What can be learnt without the password: the structure and the algorithms (a profile's
/// embedded PKCS#12 often comes without its password).
pub fn inspect(bytes: &[u8]) -> Result<Inventory, P12Error> {
    decode(bytes).map(|(_, inventory)| inventory)
}

/// Structure, BER normalisation and algorithm inventory: everything before decryption.
fn decode(bytes: &[u8]) -> Result<(Vec<u8>, Inventory), P12Error> {
    if bytes.len() > MAX_FILE_SIZE {
        return Err(P12Error::TooLarge);
    }
    if bytes.is_empty() {
        return Err(P12Error::NotPkcs12("the file is empty".into()));
    }
    if bytes.trim_ascii_start().starts_with(b"-----BEGIN") {
        return Err(P12Error::NotPkcs12(
            "this is a PEM file; bundle key and certificates with `openssl pkcs12 -export -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1 -inkey key.pem -in cert.pem -certfile chain.pem -out identity.p12`".into(),
        ));
    }
    if bytes[0] != reader::TAG_SEQUENCE {
        return Err(P12Error::NotPkcs12(format!(
            "it does not start with an ASN.1 SEQUENCE (first byte 0x{:02x}); a PKCS#12/PFX file always does",
            bytes[0]
        )));
    }
    let der = crate::der::ber::to_der(bytes).map_err(|e| P12Error::NotPkcs12(e.to_string()))?;
    let mut inventory = inventory::inventory(&der).map_err(|e| match e {
        reader::Asn1Error::Unsupported(what) => P12Error::Unsupported(what.to_string()),
        other => P12Error::NotPkcs12(other.to_string()),
    })?;
    inventory.ber_encoded = der != bytes;

    let max = inventory.max_iterations();
    if max > MAX_ITERATIONS {
        return Err(P12Error::TooManyIterations(max));
    }
    if let Some(mac) = &inventory.mac {
        if mac.algorithm == "PBMAC1" {
            return Err(P12Error::Unsupported(
                "PBMAC1 integrity (RFC 9579, OpenSSL 3.4+ `-pbmac1_pbkdf2`); no Apple OS is known to import it: re-export with `-macalg sha1`".into(),
            ));
        }
    }
    if let Some(unknown) = inventory.all_pbe().find(|p| {
        p.name.starts_with("unknown") || p.name.contains("scrypt") || p.name.contains("KDF ")
    }) {
        return Err(P12Error::Unsupported(format!(
            "encryption scheme {}",
            unknown.name
        )));
    }

    Ok((der, inventory))
}

fn classify(error: KsError, inventory: &Inventory) -> P12Error {
    match error {
        KsError::MacError(_) => P12Error::WrongPassword,
        KsError::UnsupportedEncryptionScheme | KsError::UnsupportedMacAlgorithm => {
            P12Error::Unsupported(error.to_string())
        }
        KsError::InvalidParameters => P12Error::Unsupported(
            "algorithm parameters p12-keystore refuses (iteration count or key size)".into(),
        ),
        KsError::UnpadError | KsError::InvalidPrivateKey | KsError::Pkcs5Error(_)
            if inventory.mac.is_none() =>
        {
            P12Error::DecryptionFailed(error.to_string())
        }
        KsError::UnpadError | KsError::InvalidPrivateKey | KsError::Pkcs5Error(_) => {
            P12Error::NotPkcs12(format!("damaged encrypted content ({error})"))
        }
        other => P12Error::NotPkcs12(other.to_string()),
    }
}
