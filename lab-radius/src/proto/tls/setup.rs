//! Loads the server identity and trust anchors from PEM files and makes a rustls
//! ServerConfig per EAP session (each with its own recording verifier).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::danger::ClientCertVerifier;
use rustls::server::{NoServerSessionStorage, WebPkiClientVerifier};
use rustls::sign::{CertifiedKey, SingleCertAndKey};
use rustls::{RootCertStore, ServerConfig, SupportedProtocolVersion};
use thiserror::Error;

use super::certfacts::{self, CertFacts};
use super::verifier::{RecordSlot, RecordingVerifier};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TlsVersion {
    Tls12,
    Tls13,
}

impl TlsVersion {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "1.2" | "tls1.2" | "TLS1.2" => Some(TlsVersion::Tls12),
            "1.3" | "tls1.3" | "TLS1.3" => Some(TlsVersion::Tls13),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            TlsVersion::Tls12 => "1.2",
            TlsVersion::Tls13 => "1.3",
        }
    }
    pub fn wire(self) -> u16 {
        match self {
            TlsVersion::Tls12 => super::hello::TLS12,
            TlsVersion::Tls13 => super::hello::TLS13,
        }
    }
}

#[derive(Debug, Error)]
pub enum SetupError {
    #[error("cannot read {path} (given as {flag}): {source}")]
    Read {
        flag: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} (given as {flag}): no PEM certificate found (expected -----BEGIN CERTIFICATE-----; a DER file converts with `openssl x509 -inform DER -in FILE -out FILE.pem`)")]
    NoCertificate { flag: &'static str, path: PathBuf },
    #[error("{path}: no PEM private key found (expected PKCS#8, SEC1 EC or PKCS#1 RSA key; a DER file converts with `openssl pkey -inform DER -in FILE -out FILE.pem`)")]
    NoKey { path: PathBuf },
    #[error("{path}: the private key is encrypted and lab-radius takes no key password: write an unencrypted copy with `openssl pkey -in {path} -out server-plain.key` (and keep it private)")]
    EncryptedKey { path: PathBuf },
    #[error("{path}: unsupported private key: {reason}")]
    BadKey { path: PathBuf, reason: String },
    #[error("{key} does not belong to the first certificate in {cert}: {reason}: give the key made with that certificate (compare `openssl x509 -noout -pubkey -in CERT` with `openssl pkey -pubout -in KEY`)")]
    KeyMismatch {
        key: PathBuf,
        cert: PathBuf,
        reason: String,
    },
    #[error("{path}: certificate not usable as a trust anchor: {reason}")]
    BadCa { path: PathBuf, reason: String },
    #[error("no CA given: the server must verify client certificates (use --ca FILE)")]
    NoCa,
    #[error("--tls-min {min} is above --tls-max {max}")]
    VersionRange {
        min: &'static str,
        max: &'static str,
    },
    #[error("TLS configuration rejected by rustls: {0}")]
    Rustls(String),
}

#[derive(Debug)]
pub struct TlsSetup {
    provider: Arc<CryptoProvider>,
    versions: Vec<&'static SupportedProtocolVersion>,
    certified_key: Arc<CertifiedKey>,
    inner_verifier: Arc<dyn ClientCertVerifier>,
    pub tls_min: TlsVersion,
    pub tls_max: TlsVersion,
    pub server_chain: Vec<CertFacts>,
    pub cas: Vec<CertFacts>,
    pub ca_files: Vec<PathBuf>,
}

/// `flag` names the option the file came from, so the message says which setting to fix.
fn read(path: &Path, flag: &'static str) -> Result<Vec<u8>, SetupError> {
    std::fs::read(path).map_err(|source| SetupError::Read {
        flag,
        path: path.to_owned(),
        source,
    })
}

fn certs(path: &Path, flag: &'static str) -> Result<Vec<CertificateDer<'static>>, SetupError> {
    let pem = read(path, flag)?;
    let certs: Vec<_> = CertificateDer::pem_slice_iter(&pem)
        .filter_map(Result::ok)
        .collect();
    if certs.is_empty() {
        return Err(SetupError::NoCertificate {
            flag,
            path: path.to_owned(),
        });
    }
    Ok(certs)
}

impl TlsSetup {
    pub fn load(
        server_cert: &Path,
        server_key: &Path,
        ca_files: &[PathBuf],
        tls_min: TlsVersion,
        tls_max: TlsVersion,
    ) -> Result<TlsSetup, SetupError> {
        if tls_min > tls_max {
            return Err(SetupError::VersionRange {
                min: tls_min.label(),
                max: tls_max.label(),
            });
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let chain = certs(server_cert, "--server-cert")?;
        let key_pem = read(server_key, "--server-key")?;
        let key = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|_| {
            // "BEGIN ENCRYPTED PRIVATE KEY" (PKCS#8) or "Proc-Type: 4,ENCRYPTED" (legacy PEM)
            if key_pem.windows(9).any(|w| w == b"ENCRYPTED") {
                SetupError::EncryptedKey {
                    path: server_key.to_owned(),
                }
            } else {
                SetupError::NoKey {
                    path: server_key.to_owned(),
                }
            }
        })?;
        let signing_key =
            provider
                .key_provider
                .load_private_key(key)
                .map_err(|e| SetupError::BadKey {
                    path: server_key.to_owned(),
                    reason: e.to_string(),
                })?;
        let certified_key = CertifiedKey::new(chain.clone(), signing_key);
        certified_key
            .keys_match()
            .map_err(|e| SetupError::KeyMismatch {
                key: server_key.to_owned(),
                cert: server_cert.to_owned(),
                reason: match e {
                    rustls::Error::InconsistentKeys(rustls::InconsistentKeys::KeyMismatch) => {
                        "its public key is not the certificate's".to_string()
                    }
                    other => other.to_string(),
                },
            })?;
        if ca_files.is_empty() {
            return Err(SetupError::NoCa);
        }
        let mut roots = RootCertStore::empty();
        let mut cas = Vec::new();
        for path in ca_files {
            for der in certs(path, "--ca")? {
                if let Some(facts) = certfacts::parse(&der) {
                    cas.push(facts);
                }
                roots.add(der).map_err(|e| SetupError::BadCa {
                    path: path.clone(),
                    reason: e.to_string(),
                })?;
            }
        }
        let inner_verifier =
            WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                .build()
                .map_err(|e| SetupError::Rustls(e.to_string()))?;
        let versions = [TlsVersion::Tls12, TlsVersion::Tls13]
            .into_iter()
            .filter(|v| (tls_min..=tls_max).contains(v))
            .map(|v| match v {
                TlsVersion::Tls12 => &rustls::version::TLS12,
                TlsVersion::Tls13 => &rustls::version::TLS13,
            })
            .collect();
        Ok(TlsSetup {
            provider,
            versions,
            certified_key: Arc::new(certified_key),
            inner_verifier,
            tls_min,
            tls_max,
            server_chain: chain.iter().filter_map(|c| certfacts::parse(c)).collect(),
            cas,
            ca_files: ca_files.to_vec(),
        })
    }

    /// A fresh config for one EAP session: no session resumption, no tickets (a lab server
    /// should show full handshakes), and a verifier that records into the returned slot.
    pub fn session_config(&self) -> (Arc<ServerConfig>, RecordSlot) {
        let (verifier, slot) = RecordingVerifier::new(self.inner_verifier.clone());
        let mut config = ServerConfig::builder_with_provider(self.provider.clone())
            .with_protocol_versions(&self.versions)
            .expect("versions and ring provider are compatible")
            .with_client_cert_verifier(Arc::new(verifier))
            .with_cert_resolver(Arc::new(SingleCertAndKey::from(self.certified_key.clone())));
        config.session_storage = Arc::new(NoServerSessionStorage {});
        config.send_tls13_tickets = 0;
        (Arc::new(config), slot)
    }

    /// Cipher suites this server can negotiate with its certificate and versions.
    pub fn suites(&self) -> Vec<u16> {
        let ecdsa = self.server_key_is_ecdsa();
        self.provider
            .cipher_suites
            .iter()
            .filter(|s| {
                self.versions.contains(&s.version())
                    && match s {
                        // An ECDHE_RSA suite signs with RSA schemes; an ECDHE_ECDSA suite with
                        // ECDSA (and Ed25519) schemes, so "has an RSA scheme" tells them apart.
                        rustls::SupportedCipherSuite::Tls12(t) => {
                            let rsa_suite = t
                                .sign
                                .iter()
                                .any(|scheme| format!("{scheme:?}").starts_with("RSA"));
                            rsa_suite != ecdsa
                        }
                        rustls::SupportedCipherSuite::Tls13(_) => true,
                    }
            })
            .map(|s| u16::from(s.suite()))
            .collect()
    }

    pub fn groups(&self) -> Vec<u16> {
        self.provider
            .kx_groups
            .iter()
            .map(|g| u16::from(g.name()))
            .collect()
    }

    pub fn server_key_is_ecdsa(&self) -> bool {
        self.server_chain
            .first()
            .is_some_and(|c| c.key.starts_with("ECDSA"))
    }

    pub fn supports(&self, version: u16) -> bool {
        [TlsVersion::Tls12, TlsVersion::Tls13]
            .into_iter()
            .filter(|v| (self.tls_min..=self.tls_max).contains(v))
            .any(|v| v.wire() == version)
    }

    pub fn ca_subjects(&self) -> String {
        self.cas
            .iter()
            .map(|c| format!("'{}'", c.subject))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
