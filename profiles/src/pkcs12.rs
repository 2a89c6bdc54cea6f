//! Opening the user's PKCS#12 and writing the forms devices accept, both through hs20-core's
//! one PKCS#12 implementation (`hs20_core::pkcs12`): every encoding real exporters write is read
//! (BER at any depth, legacy and PBES2 ciphers, both empty-password forms), and the output is
//! 3DES + SHA-1 MAC for Apple (P12-02, P12-IMPORT-03/04) or a passwordless single-entry file for
//! Android's x-wifi-config (AND-05).

use hs20_core::pkcs12::{self as core_p12, write::IdentityParts};
use hs20_core::x509::{keymatch, CertFacts};

use crate::error::{ProfileError, Result};
use crate::secret::Secret;

/// The client identity read from a PKCS#12 file.
#[derive(Clone)]
pub struct Identity {
    /// The file as given.
    pub original: Vec<u8>,
    pub password: Secret,
    key_pkcs8: Vec<u8>,
    local_key_id: Vec<u8>,
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
        Self::open_with(bytes, password, what, &core_p12::OpenOptions::default())
    }

    /// [`Identity::open`] with an explicit key-derivation bound.
    pub fn open_with(
        bytes: &[u8],
        password: &Secret,
        what: &str,
        options: &core_p12::OpenOptions,
    ) -> Result<Self> {
        let opened = core_p12::open_with(bytes, password.expose(), options).map_err(|e| {
            ProfileError::Pkcs12Open {
                what: what.into(),
                reason: e.to_string(),
            }
        })?;
        let certs: Vec<(Vec<u8>, Option<CertFacts>)> = opened
            .certs
            .iter()
            .map(|c| (c.der.clone(), CertFacts::from_der(&c.der).ok()))
            .collect();
        // One key that has a certificate: matched by public key, else by localKeyId.
        let paired: Vec<(usize, usize)> = opened
            .keys
            .iter()
            .enumerate()
            .filter_map(|(ki, k)| {
                let half = keymatch::public_half(&k.pkcs8_der);
                let by_key = half.as_ref().and_then(|h| {
                    certs
                        .iter()
                        .position(|(_, f)| f.as_ref().is_some_and(|f| keymatch::matches(h, f)))
                });
                let by_id = || {
                    k.local_key_id.as_ref().and_then(|id| {
                        opened
                            .certs
                            .iter()
                            .position(|c| c.local_key_id.as_ref() == Some(id))
                    })
                };
                by_key.or_else(by_id).map(|ci| (ki, ci))
            })
            .collect();
        if paired.len() != 1 {
            return Err(ProfileError::Pkcs12KeyCount {
                what: what.into(),
                found: paired.len(),
            });
        }
        let (ki, ci) = paired[0];
        let key = &opened.keys[ki];
        let leaf_der = certs[ci].0.clone();
        let leaf = CertFacts::from_der(&leaf_der).map_err(|e| ProfileError::BadCertificate {
            what: format!("{what} (client certificate)"),
            reason: e.0,
        })?;
        // The chain after the leaf: follow issuer links, then whatever else the file holds.
        let mut rest: Vec<usize> = (0..certs.len()).filter(|i| *i != ci).collect();
        let mut chain_der = Vec::new();
        let mut current = certs[ci].1.clone();
        while let Some(cur) = current.take() {
            if cur.self_issued {
                break;
            }
            if let Some(pos) = rest.iter().position(|i| {
                certs[*i]
                    .1
                    .as_ref()
                    .is_some_and(|f| f.subject_raw == cur.issuer_raw)
            }) {
                let i = rest.remove(pos);
                chain_der.push(certs[i].0.clone());
                current = certs[i].1.clone();
            }
        }
        chain_der.extend(rest.into_iter().map(|i| certs[i].0.clone()));
        Ok(Identity {
            original: bytes.to_vec(),
            password: password.clone(),
            key_pkcs8: key.pkcs8_der.clone(),
            local_key_id: key
                .local_key_id
                .clone()
                .or_else(|| opened.certs[ci].local_key_id.clone())
                .unwrap_or_else(|| vec![1]),
            alias: key
                .friendly_name
                .clone()
                .or_else(|| opened.certs[ci].friendly_name.clone())
                .unwrap_or_else(|| leaf.subject.clone()),
            leaf_der,
            leaf,
            chain_der,
        })
    }

    /// The identity as PKCS#12 with 3DES (keys and certificates) and an HMAC-SHA-1 MAC, the
    /// combination every iOS/macOS version imports (P12-02). A self-signed root in the chain is
    /// left out: it belongs in a root payload, not in the identity (P12-04).
    pub fn to_legacy_pkcs12(&self, password: &Secret) -> Result<Vec<u8>> {
        let mut certs = vec![self.leaf_der.clone()];
        certs.extend(
            self.chain_der
                .iter()
                .filter(|c| {
                    !CertFacts::from_der(c)
                        .map(|s| s.self_issued)
                        .unwrap_or(false)
                })
                .cloned(),
        );
        core_p12::write::legacy_3des_sha1(
            &IdentityParts {
                pkcs8_der: &self.key_pkcs8,
                certs: &certs,
                alias: &self.alias,
                local_key_id: &self.local_key_id,
            },
            password.expose(),
        )
        .map_err(write_error)
    }

    /// The identity as a passwordless PKCS#12 holding exactly one key entry (AND-05): Android's
    /// keystore counts every distinct friendlyName of the file as an entry, so only the key and
    /// its certificate go in, both named by the certificate's subject.
    pub fn to_passwordless_android_pkcs12(&self) -> Result<Vec<u8>> {
        let certs = vec![self.leaf_der.clone()];
        core_p12::write::passwordless(&IdentityParts {
            pkcs8_der: &self.key_pkcs8,
            certs: &certs,
            alias: &self.leaf.subject,
            local_key_id: &self.local_key_id,
        })
        .map_err(write_error)
    }

    /// PKCS#8 DER of the private key.
    pub fn private_key_pkcs8(&self) -> &[u8] {
        &self.key_pkcs8
    }
}

fn write_error(e: core_p12::write::WriteError) -> ProfileError {
    ProfileError::Pkcs12Write {
        what: "client identity".into(),
        reason: e.to_string(),
    }
}
