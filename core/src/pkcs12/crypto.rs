//! Key derivation and decryption for PKCS#12 with the RustCrypto crates: the PKCS#12 KDF
//! (RFC 7292 appendix B.2), PBKDF2 (RFC 8018 §5.2), the PBES1-style PKCS#12 ciphers (RC2, RC4,
//! 2-key/3-key 3DES) and the PBES2 ciphers (AES-CBC, 3DES-CBC, DES-CBC, Camellia-CBC).
//! Every derivation is charged to a [`Budget`] before it starts, so a hostile iteration count
//! ends with an error at once instead of running for hours.

use cbc::cipher::{
    block_padding::Pkcs7, BlockDecryptMut, InnerIvInit, KeyInit, KeyIvInit, StreamCipher,
};
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};

/// Default bound on the key-derivation work spent on one file, in hash iterations summed over
/// every derivation (MAC, each encrypted part, each password encoding tried). Real exporters
/// stay far below (OpenSSL 2 048, keytool 10 000, NIST-style 600 000 per derivation); a few
/// seconds of work at most.
pub const DEFAULT_MAX_ITERATIONS: u64 = 10_000_000;

/// The CLI option that raises [`Budget`]'s bound; named in the error.
pub const MAX_ITERATIONS_OPTION: &str = "--max-kdf-iterations";

/// Work left for key derivation on one file.
#[derive(Debug, Clone)]
pub struct Budget {
    pub limit: u64,
    pub spent: u64,
}

impl Budget {
    pub fn new(limit: u64) -> Self {
        // Under the fuzzer every input must run in milliseconds: a few hundred thousand
        // iterations would make each execution slow without reaching any new code.
        #[cfg(fuzzing)]
        let limit = limit.min(FUZZING_MAX_ITERATIONS);
        Budget { limit, spent: 0 }
    }

    /// Charges `work` hash iterations; Err(total needed) when the bound would be passed.
    pub fn charge(&mut self, work: u64) -> Result<(), u64> {
        let total = self.spent.saturating_add(work);
        if total > self.limit {
            return Err(total);
        }
        self.spent = total;
        Ok(())
    }
}

/// The key-derivation bound of fuzz builds (`cfg(fuzzing)`, set by cargo-fuzz).
#[cfg(fuzzing)]
pub const FUZZING_MAX_ITERATIONS: u64 = 50_000;

/// The digests PKCS#12 uses for its KDF and MAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hash {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    pub fn name(self) -> &'static str {
        match self {
            Hash::Sha1 => "SHA-1",
            Hash::Sha224 => "SHA-224",
            Hash::Sha256 => "SHA-256",
            Hash::Sha384 => "SHA-384",
            Hash::Sha512 => "SHA-512",
        }
    }

    pub fn output_len(self) -> usize {
        match self {
            Hash::Sha1 => 20,
            Hash::Sha224 => 28,
            Hash::Sha256 => 32,
            Hash::Sha384 => 48,
            Hash::Sha512 => 64,
        }
    }

    /// From a digest OID (MacData) .
    pub fn from_digest_oid(oid: &str) -> Option<Hash> {
        Some(match oid {
            "1.3.14.3.2.26" => Hash::Sha1,
            "2.16.840.1.101.3.4.2.4" => Hash::Sha224,
            "2.16.840.1.101.3.4.2.1" => Hash::Sha256,
            "2.16.840.1.101.3.4.2.2" => Hash::Sha384,
            "2.16.840.1.101.3.4.2.3" => Hash::Sha512,
            _ => return None,
        })
    }

    /// From an HMAC OID (PBKDF2 PRF, PBMAC1 messageAuthScheme).
    pub fn from_hmac_oid(oid: &str) -> Option<Hash> {
        Some(match oid {
            "1.2.840.113549.2.7" => Hash::Sha1,
            "1.2.840.113549.2.8" => Hash::Sha224,
            "1.2.840.113549.2.9" => Hash::Sha256,
            "1.2.840.113549.2.10" => Hash::Sha384,
            "1.2.840.113549.2.11" => Hash::Sha512,
            _ => return None,
        })
    }
}

/// RFC 7292 B.2 for one digest: `id` 1 = key, 2 = IV, 3 = MAC key. `password` is already
/// encoded (BMPString with its two-zero terminator, or nothing for the zero-length form).
fn pkcs12_kdf_with<D: Digest + sha2::digest::core_api::BlockSizeUser>(
    password: &[u8],
    salt: &[u8],
    iterations: u64,
    id: u8,
    len: usize,
) -> Vec<u8> {
    let v = <D as sha2::digest::core_api::BlockSizeUser>::block_size();
    let u = <D as Digest>::output_size();
    let fill = |src: &[u8]| -> Vec<u8> {
        if src.is_empty() {
            return Vec::new();
        }
        let n = v * src.len().div_ceil(v);
        src.iter().cycle().take(n).copied().collect()
    };
    let mut i_block: Vec<u8> = fill(salt);
    i_block.extend(fill(password));
    let d = vec![id; v];
    let mut out = Vec::with_capacity(len + u);
    while out.len() < len {
        let first = D::new().chain_update(&d).chain_update(&i_block).finalize();
        let a = rehash::<D>(first.to_vec(), iterations);
        out.extend_from_slice(&a);
        if out.len() >= len {
            break;
        }
        let b: Vec<u8> = a.iter().cycle().take(v).copied().collect();
        for chunk in i_block.chunks_mut(v) {
            let mut carry = 1u16;
            for k in (0..v).rev() {
                let sum = u16::from(chunk[k]) + u16::from(b[k]) + carry;
                chunk[k] = sum as u8;
                carry = sum >> 8;
            }
        }
    }
    out.truncate(len);
    out
}

/// Hashes `a` again `iterations - 1` times. The hot loop of the PKCS#12 KDF runs in ring's
/// optimised code where ring has the digest (debug builds stay fast), else in RustCrypto's.
fn rehash<D: Digest>(mut a: Vec<u8>, iterations: u64) -> Vec<u8> {
    let ring_alg: Option<&'static ring::digest::Algorithm> = match <D as Digest>::output_size() {
        20 => Some(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY),
        32 => Some(&ring::digest::SHA256),
        48 => Some(&ring::digest::SHA384),
        64 => Some(&ring::digest::SHA512),
        _ => None,
    };
    match ring_alg {
        Some(alg) => {
            for _ in 1..iterations {
                a = ring::digest::digest(alg, &a).as_ref().to_vec();
            }
        }
        None => {
            for _ in 1..iterations {
                a = D::digest(&a).to_vec();
            }
        }
    }
    a
}

/// The PKCS#12 KDF, charged to `budget` (iterations × output blocks).
pub fn pkcs12_kdf(
    hash: Hash,
    password: &[u8],
    salt: &[u8],
    iterations: u64,
    id: u8,
    len: usize,
    budget: &mut Budget,
) -> Result<Vec<u8>, u64> {
    let blocks = len.div_ceil(hash.output_len()) as u64;
    budget.charge(iterations.max(1).saturating_mul(blocks))?;
    let iterations = iterations.max(1);
    Ok(match hash {
        Hash::Sha1 => pkcs12_kdf_with::<Sha1>(password, salt, iterations, id, len),
        Hash::Sha224 => pkcs12_kdf_with::<Sha224>(password, salt, iterations, id, len),
        Hash::Sha256 => pkcs12_kdf_with::<Sha256>(password, salt, iterations, id, len),
        Hash::Sha384 => pkcs12_kdf_with::<Sha384>(password, salt, iterations, id, len),
        Hash::Sha512 => pkcs12_kdf_with::<Sha512>(password, salt, iterations, id, len),
    })
}

/// PBKDF2 with HMAC-`prf`, charged to `budget` (iterations × output blocks × 2 hashes).
pub fn pbkdf2(
    prf: Hash,
    password: &[u8],
    salt: &[u8],
    iterations: u64,
    len: usize,
    budget: &mut Budget,
) -> Result<Vec<u8>, u64> {
    let blocks = len.div_ceil(prf.output_len()) as u64;
    budget.charge(iterations.saturating_mul(blocks).saturating_mul(2))?;
    // RFC 8018 requires at least one iteration; 0 is read as 1 rather than failing.
    let rounds = u32::try_from(iterations.max(1)).map_err(|_| u64::MAX)?;
    let mut out = vec![0u8; len];
    // ring's PBKDF2 (optimised even in debug builds) where it has the PRF.
    let ring_prf = match prf {
        Hash::Sha1 => Some(ring::pbkdf2::PBKDF2_HMAC_SHA1),
        Hash::Sha256 => Some(ring::pbkdf2::PBKDF2_HMAC_SHA256),
        Hash::Sha384 => Some(ring::pbkdf2::PBKDF2_HMAC_SHA384),
        Hash::Sha512 => Some(ring::pbkdf2::PBKDF2_HMAC_SHA512),
        Hash::Sha224 => None,
    };
    if let (Some(alg), Some(n)) = (ring_prf, std::num::NonZeroU32::new(rounds)) {
        ring::pbkdf2::derive(alg, n, salt, password, &mut out);
        return Ok(out);
    }
    match prf {
        Hash::Sha1 => pbkdf2::pbkdf2_hmac::<Sha1>(password, salt, rounds, &mut out),
        Hash::Sha224 => pbkdf2::pbkdf2_hmac::<Sha224>(password, salt, rounds, &mut out),
        Hash::Sha256 => pbkdf2::pbkdf2_hmac::<Sha256>(password, salt, rounds, &mut out),
        Hash::Sha384 => pbkdf2::pbkdf2_hmac::<Sha384>(password, salt, rounds, &mut out),
        Hash::Sha512 => pbkdf2::pbkdf2_hmac::<Sha512>(password, salt, rounds, &mut out),
    }
    Ok(out)
}

/// HMAC-`hash` of `data`, compared in constant time with `expected`.
pub fn hmac_verify(hash: Hash, key: &[u8], data: &[u8], expected: &[u8]) -> bool {
    // A mutated file never carries a matching MAC: fuzz builds accept any so that mutations
    // reach the decryption and bag parsers behind it (the checksum-bypass every fuzzer uses).
    if cfg!(fuzzing) {
        return true;
    }
    fn run<M: Mac + KeyInit>(key: &[u8], data: &[u8], expected: &[u8]) -> bool {
        let Ok(mut m) = <M as KeyInit>::new_from_slice(key) else {
            return false;
        };
        m.update(data);
        m.verify_slice(expected).is_ok()
    }
    match hash {
        Hash::Sha1 => run::<Hmac<Sha1>>(key, data, expected),
        Hash::Sha224 => run::<Hmac<Sha224>>(key, data, expected),
        Hash::Sha256 => run::<Hmac<Sha256>>(key, data, expected),
        Hash::Sha384 => run::<Hmac<Sha384>>(key, data, expected),
        Hash::Sha512 => run::<Hmac<Sha512>>(key, data, expected),
    }
}

/// The symmetric ciphers PKCS#12 files use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cipher {
    /// RC2-CBC with this many key bits (40 or 128), effective key bits equal.
    Rc2 {
        bits: usize,
    },
    /// RC4 with this many key bits (40 or 128).
    Rc4 {
        bits: usize,
    },
    /// Two-key triple DES (K1, K2, K1).
    Des2,
    /// Three-key triple DES.
    Des3,
    Des,
    Aes {
        bits: usize,
    },
    Camellia {
        bits: usize,
    },
}

impl Cipher {
    pub fn key_len(self) -> usize {
        match self {
            Cipher::Rc2 { bits } | Cipher::Rc4 { bits } => bits / 8,
            Cipher::Des2 => 16,
            Cipher::Des3 => 24,
            Cipher::Des => 8,
            Cipher::Aes { bits } | Cipher::Camellia { bits } => bits / 8,
        }
    }

    /// IV (block) length; 0 for the stream cipher.
    pub fn iv_len(self) -> usize {
        match self {
            Cipher::Rc4 { .. } => 0,
            Cipher::Rc2 { .. } | Cipher::Des2 | Cipher::Des3 | Cipher::Des => 8,
            Cipher::Aes { .. } | Cipher::Camellia { .. } => 16,
        }
    }

    pub fn name(self) -> String {
        match self {
            Cipher::Rc2 { bits } => format!("RC2-{bits}-CBC"),
            Cipher::Rc4 { bits } => format!("RC4-{bits}"),
            Cipher::Des2 => "2-key 3DES-CBC".into(),
            Cipher::Des3 => "3-key 3DES-CBC".into(),
            Cipher::Des => "DES-CBC".into(),
            Cipher::Aes { bits } => format!("AES-{bits}-CBC"),
            Cipher::Camellia { bits } => format!("Camellia-{bits}-CBC"),
        }
    }

    /// Decrypts; None when the key is the wrong length or the padding does not check (the
    /// usual sign of a wrong password).
    pub fn decrypt(self, key: &[u8], iv: &[u8], data: &[u8]) -> Option<Vec<u8>> {
        fn cbc_dec<C>(key: &[u8], iv: &[u8], data: &[u8]) -> Option<Vec<u8>>
        where
            C: cbc::cipher::BlockDecrypt + cbc::cipher::BlockCipher + KeyInit,
        {
            cbc::Decryptor::<C>::new_from_slices(key, iv)
                .ok()?
                .decrypt_padded_vec_mut::<Pkcs7>(data)
                .ok()
        }
        match self {
            Cipher::Rc2 { bits } => {
                let cipher = rc2::Rc2::new_with_eff_key_len(key, bits);
                let iv = <&[u8; 8]>::try_from(iv).ok()?;
                cbc::Decryptor::<rc2::Rc2>::inner_iv_init(cipher, iv.into())
                    .decrypt_padded_vec_mut::<Pkcs7>(data)
                    .ok()
            }
            Cipher::Rc4 { bits } => {
                let mut out = data.to_vec();
                match bits {
                    40 => rc4::Rc4::<rc4::consts::U5>::new_from_slice(key)
                        .ok()?
                        .apply_keystream(&mut out),
                    128 => rc4::Rc4::<rc4::consts::U16>::new_from_slice(key)
                        .ok()?
                        .apply_keystream(&mut out),
                    _ => return None,
                }
                Some(out)
            }
            Cipher::Des2 => cbc_dec::<des::TdesEde2>(key, iv, data),
            Cipher::Des3 => cbc_dec::<des::TdesEde3>(key, iv, data),
            Cipher::Des => cbc_dec::<des::Des>(key, iv, data),
            Cipher::Aes { bits: 128 } => cbc_dec::<aes::Aes128>(key, iv, data),
            Cipher::Aes { bits: 192 } => cbc_dec::<aes::Aes192>(key, iv, data),
            Cipher::Aes { bits: 256 } => cbc_dec::<aes::Aes256>(key, iv, data),
            Cipher::Camellia { bits: 128 } => cbc_dec::<camellia::Camellia128>(key, iv, data),
            Cipher::Camellia { bits: 192 } => cbc_dec::<camellia::Camellia192>(key, iv, data),
            Cipher::Camellia { bits: 256 } => cbc_dec::<camellia::Camellia256>(key, iv, data),
            Cipher::Aes { .. } | Cipher::Camellia { .. } => None,
        }
    }
}

/// The password as the PKCS#12 KDF takes it: UTF-16BE (BMPString) with a two-zero-byte
/// terminator (RFC 7292 B.1); `zero_length` gives the other empty-password form (no bytes).
pub fn bmp_password(password: &str, zero_length: bool) -> Vec<u8> {
    if zero_length {
        return Vec::new();
    }
    let mut out: Vec<u8> = password.encode_utf16().flat_map(u16::to_be_bytes).collect();
    out.extend_from_slice(&[0, 0]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_refuses_before_work() {
        let mut b = Budget::new(1000);
        assert!(pkcs12_kdf(Hash::Sha1, b"\0a\0\0", b"salt", u64::MAX / 4, 1, 24, &mut b).is_err());
        assert_eq!(b.spent, 0);
    }

    #[test]
    fn pkcs12_kdf_matches_known_vector() {
        // RFC 7292-style vector used by OpenSSL's and BouncyCastle's tests: password "smeg",
        // salt 0A58CF64530D823F, 1 iteration, id 1, 24 bytes.
        let mut b = Budget::new(u64::MAX);
        let key = pkcs12_kdf(
            Hash::Sha1,
            &bmp_password("smeg", false),
            &hex::decode("0A58CF64530D823F").unwrap(),
            1,
            1,
            24,
            &mut b,
        )
        .unwrap();
        assert_eq!(
            hex::encode_upper(key),
            "8AAAE6297B6CB04642AB5B077851284EB7128F1A2A7FBCA3"
        );
    }
}
