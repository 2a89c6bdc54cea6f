//! Writing PKCS#12 for devices (with p12-keystore's encoder): 3DES + HMAC-SHA-1 for Apple,
//! the combination every iOS/macOS version imports (P12-02, P12-IMPORT-03), and a password-less
//! single-entry file for Android's x-wifi-config (AND-05). Input is what [`super::open`] read.

use p12_keystore::{
    Certificate, EncryptionAlgorithm, KeyStore, KeyStoreEntry, MacAlgorithm, PrivateKey,
    PrivateKeyChain,
};
use thiserror::Error;

/// Iteration count of the files we write: what OpenSSL's legacy mode and
/// `certs/make-demo-pki.sh` use.
pub const ITERATIONS: u32 = 2048;

#[derive(Debug, Error)]
#[error("{0}")]
pub struct WriteError(String);

/// One key with its certificates (leaf first).
pub struct IdentityParts<'a> {
    pub pkcs8_der: &'a [u8],
    pub certs: &'a [Vec<u8>],
    /// friendlyName of the entry.
    pub alias: &'a str,
    pub local_key_id: &'a [u8],
}

/// PKCS#12 with 3DES for keys and certificates and an HMAC-SHA-1 MAC (2048 iterations each).
/// An empty `password` is written in the two-zero-byte form (RFC 7292 B.1).
pub fn legacy_3des_sha1(parts: &IdentityParts<'_>, password: &str) -> Result<Vec<u8>, WriteError> {
    let key = PrivateKey::from_der(parts.pkcs8_der)
        .map_err(|e| WriteError(format!("private key: {e}")))?;
    let certs = parts
        .certs
        .iter()
        .map(|c| Certificate::from_der(c).map_err(|e| WriteError(format!("certificate: {e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    let local_key_id = if parts.local_key_id.is_empty() {
        vec![1]
    } else {
        parts.local_key_id.to_vec()
    };
    let chain = PrivateKeyChain::new(local_key_id, key, certs);
    let mut store = KeyStore::new();
    store.add_entry(parts.alias, KeyStoreEntry::PrivateKeyChain(chain));
    store
        .writer(password)
        .encryption_algorithm(EncryptionAlgorithm::PbeWithShaAnd3KeyTripleDesCbc)
        .encryption_iterations(ITERATIONS)
        .mac_algorithm(MacAlgorithm::HmacSha1)
        .mac_iterations(ITERATIONS)
        .write()
        .map_err(|e| WriteError(e.to_string()))
}

/// The password-less form Android's x-wifi-config needs (AND-05): same algorithms, empty
/// password.
pub fn passwordless(parts: &IdentityParts<'_>) -> Result<Vec<u8>, WriteError> {
    legacy_3des_sha1(parts, "")
}
