//! Opening the user's PKCS#12 and writing the forms devices accept: 3DES + SHA-1 MAC for Apple
//! (P12-02; OpenSSL 3's default AES-256/SHA-256 fails on older iOS) and a passwordless single-entry
//! file for Android's x-wifi-config (AND-05).

use p12_keystore::{
    EncryptionAlgorithm, KeyStore, KeyStoreEntry, MacAlgorithm, Pkcs12ImportPolicy, PrivateKeyChain,
};

use crate::error::{ProfileError, Result};
use crate::secret::Secret;
use hs20_core::x509::CertFacts;

/// Iteration count for the re-encrypted file: what `certs/make-demo-pki.sh` and OpenSSL's legacy mode use.
const ITERATIONS: u32 = 2048;

/// The client identity read from a PKCS#12 file.
#[derive(Clone)]
pub struct Identity {
    /// The file as given.
    pub original: Vec<u8>,
    pub password: Secret,
    chain: PrivateKeyChain,
    alias: String,
    /// Client certificate (leaf) DER.
    pub leaf_der: Vec<u8>,
    pub leaf: CertFacts,
    /// Certificates after the leaf in the file's chain (intermediates, maybe the root).
    pub chain_der: Vec<Vec<u8>>,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity")
            .field("subject", &self.leaf.subject)
            .field("chain", &self.chain_der.len())
            .finish()
    }
}

impl Identity {
    /// Opens `bytes` (named `what` in errors) with `password`; exactly one key with its certificate is required.
    pub fn open(bytes: &[u8], password: &Secret, what: &str) -> Result<Self> {
        let store = KeyStore::from_pkcs12(bytes, password.expose(), Pkcs12ImportPolicy::Strict)
            .map_err(|e| ProfileError::Pkcs12Open {
                what: what.into(),
                reason: describe_p12_error(&e),
            })?;
        let chains: Vec<(&String, &PrivateKeyChain)> = store
            .entries()
            .filter_map(|(alias, e)| match e {
                KeyStoreEntry::PrivateKeyChain(c) if !c.certs().is_empty() => Some((alias, c)),
                _ => None,
            })
            .collect();
        if chains.len() != 1 {
            return Err(ProfileError::Pkcs12KeyCount {
                what: what.into(),
                found: chains.len(),
            });
        }
        let (alias, chain) = chains[0];
        let leaf_der = chain.certs()[0].as_der().to_vec();
        let leaf = CertFacts::from_der(&leaf_der).map_err(|e| ProfileError::BadCertificate {
            what: format!("{what} (client certificate)"),
            reason: e.0,
        })?;
        let chain_der = chain.certs()[1..]
            .iter()
            .map(|c| c.as_der().to_vec())
            .collect();
        Ok(Identity {
            original: bytes.to_vec(),
            password: password.clone(),
            chain: chain.clone(),
            alias: alias.clone(),
            leaf_der,
            leaf,
            chain_der,
        })
    }

    /// The identity as PKCS#12 with 3DES (keys and certificates) and an HMAC-SHA-1 MAC, the
    /// combination every iOS/macOS version imports (P12-02). A self-signed root in the chain is
    /// left out: it belongs in a root payload, not in the identity (P12-04).
    pub fn to_legacy_pkcs12(&self, password: &Secret) -> Result<Vec<u8>> {
        self.write(password, true)
    }

    /// The identity as a passwordless PKCS#12 holding exactly one key entry (AND-05): Android's
    /// keystore counts every distinct friendlyName of the file as an entry, so only the key and
    /// its certificate go in, both named by the certificate's subject.
    pub fn to_passwordless_android_pkcs12(&self) -> Result<Vec<u8>> {
        let leaf = self.chain.certs()[0].clone();
        let alias = leaf.subject().to_string();
        let chain = PrivateKeyChain::new(
            self.chain.local_key_id().as_ref().to_vec(),
            self.chain.key().clone(),
            [leaf],
        );
        Self::write_store(chain, &alias, &Secret::new(""))
    }

    fn write(&self, password: &Secret, drop_root: bool) -> Result<Vec<u8>> {
        let certs: Vec<p12_keystore::Certificate> = self
            .chain
            .certs()
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                *i == 0
                    || !drop_root
                    || !CertFacts::from_der(c.as_der())
                        .map(|s| s.self_issued)
                        .unwrap_or(false)
            })
            .map(|(_, c)| c.clone())
            .collect();
        let chain = PrivateKeyChain::new(
            self.chain.local_key_id().as_ref().to_vec(),
            self.chain.key().clone(),
            certs,
        );
        Self::write_store(chain, &self.alias, password)
    }

    fn write_store(chain: PrivateKeyChain, alias: &str, password: &Secret) -> Result<Vec<u8>> {
        let mut store = KeyStore::new();
        store.add_entry(alias, KeyStoreEntry::PrivateKeyChain(chain));
        store
            .writer(password.expose())
            .encryption_algorithm(EncryptionAlgorithm::PbeWithShaAnd3KeyTripleDesCbc)
            .encryption_iterations(ITERATIONS)
            .mac_algorithm(MacAlgorithm::HmacSha1)
            .mac_iterations(ITERATIONS)
            .write()
            .map_err(|e| ProfileError::Pkcs12Write {
                what: "client identity".into(),
                reason: e.to_string(),
            })
    }

    /// PKCS#8 DER of the private key.
    pub fn private_key_pkcs8(&self) -> &[u8] {
        self.chain.key().as_der()
    }
}

fn describe_p12_error(e: &p12_keystore::error::Error) -> String {
    use p12_keystore::error::Error as E;
    match e {
        E::MacError(_) => "MAC verification failed: wrong password or damaged file".into(),
        E::DerError(d) => {
            format!("DER decoding failed ({d}); BER-encoded files must be re-exported")
        }
        E::UnsupportedEncryptionScheme | E::UnsupportedMacAlgorithm => {
            format!("unsupported algorithm ({e})")
        }
        other => other.to_string(),
    }
}
