//! PKCS#12 for the whole workspace: one reader (`decode`: BER at every level, every PBE scheme
//! real exporters write, both empty-password encodings, bounded key derivation), the algorithm
//! inventory, and the writer (`write`) for the files devices are handed. Errors say what is
//! wrong with the file without ever echoing the password.

pub mod crypto;
mod decode;
pub mod inventory;
pub mod write;

use crate::der::reader;
pub use crypto::{DEFAULT_MAX_ITERATIONS, MAX_ITERATIONS_OPTION};
pub use decode::key_algorithm;
use inventory::Inventory;
use thiserror::Error;

/// No real identity file is this large; refusing bigger input bounds memory use.
pub const MAX_FILE_SIZE: usize = crate::input::DEFAULT_LIMIT as usize;

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
    #[error("key derivation would need {needed} hash iterations, above the bound of {limit} per file; if the file is trusted, raise it with {MAX_ITERATIONS_OPTION} {needed} (Apple's importer has no bound, it only takes longer)")]
    TooMuchWork { needed: u64, limit: u64 },
    #[error("unsupported algorithm: {0}")]
    Unsupported(String),
}

/// A private key from the file, still PKCS#8 DER.
#[derive(Debug, Clone)]
pub struct KeyEntry {
    pub pkcs8_der: Vec<u8>,
    pub friendly_name: Option<String>,
    pub local_key_id: Option<Vec<u8>>,
    /// From a pkcs8ShroudedKeyBag (false: a plain keyBag, which Apple's importer skips).
    pub shrouded: bool,
}

#[derive(Debug, Clone)]
pub struct CertEntry {
    pub der: Vec<u8>,
    pub friendly_name: Option<String>,
    pub local_key_id: Option<Vec<u8>>,
}

/// A decrypted PKCS#12 file.
#[derive(Debug, Clone)]
pub struct Opened {
    pub inventory: Inventory,
    pub keys: Vec<KeyEntry>,
    pub certs: Vec<CertEntry>,
    /// DER bytes of the PFX (normalised when the input was BER).
    pub der: Vec<u8>,
}

/// How much work opening may take.
#[derive(Debug, Clone, Copy)]
pub struct OpenOptions {
    /// Bound on key-derivation hash iterations for the whole file.
    pub max_kdf_iterations: u64,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            max_kdf_iterations: DEFAULT_MAX_ITERATIONS,
        }
    }
}

/// Decodes and decrypts a PKCS#12 file with the default work bound.
pub fn open(bytes: &[u8], password: &str) -> Result<Opened, P12Error> {
    open_with(bytes, password, &OpenOptions::default())
}

/// Decodes, verifies the MAC and decrypts a PKCS#12 file.
pub fn open_with(bytes: &[u8], password: &str, options: &OpenOptions) -> Result<Opened, P12Error> {
    precheck(bytes)?;
    // Hostile iteration counts end here, before any work: the derivations visible without the
    // password already exceed the bound.
    let visible = inspect(bytes)?;
    let needed = visible_work(&visible);
    if needed > options.max_kdf_iterations {
        return Err(P12Error::TooMuchWork {
            needed,
            limit: options.max_kdf_iterations,
        });
    }
    let w = decode::walk(bytes, Some(password), options.max_kdf_iterations)?;
    Ok(Opened {
        inventory: w.inventory,
        keys: w.keys,
        certs: w.certs,
        der: w.der,
    })
}

/// What can be learnt without the password: the structure and the algorithms (a profile's
/// embedded PKCS#12 often comes without its password).
pub fn inspect(bytes: &[u8]) -> Result<Inventory, P12Error> {
    precheck(bytes)?;
    decode::walk(bytes, None, 0).map(|w| w.inventory)
}

/// Hash iterations the MAC and the encryption schemes visible without the password need (a
/// lower bound: bags inside encrypted SafeContents are not visible yet).
fn visible_work(inv: &Inventory) -> u64 {
    let mac = inv.mac.as_ref().map_or(0, |m| {
        if m.algorithm == "PBMAC1" {
            m.iterations.saturating_mul(2)
        } else {
            m.iterations
        }
    });
    inv.all_pbe().fold(mac, |sum, p| {
        let per = if p.kdf == "PBKDF2" {
            2 * (p.key_bits as u64).div_ceil(160).max(1)
        } else {
            (p.key_bits as u64).div_ceil(160) + u64::from(!p.name.contains("RC4"))
        };
        sum.saturating_add(p.iterations.saturating_mul(per))
    })
}

fn precheck(bytes: &[u8]) -> Result<(), P12Error> {
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
    Ok(())
}
