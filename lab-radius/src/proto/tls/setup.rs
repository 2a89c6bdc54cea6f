//! The server identity and trust anchors from PEM or DER bytes (the caller reads the files),
//! and a rustls ServerConfig per EAP session (each with its own recording verifier).

use std::sync::Arc;

use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{NoServerSessionStorage, WebPkiClientVerifier};
use rustls::sign::{CertifiedKey, SingleCertAndKey};
use rustls::{RootCertStore, ServerConfig, SupportedProtocolVersion};
use thiserror::Error;

use super::certfacts::{self, CertFacts};
use super::clock::SuppliedTime;
use super::path_cache::PathCachingVerifier;
use super::verifier::{FactsCache, RecordSlot, RecordingVerifier};

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

/// The crypto provider: aws-lc-rs (the default `aws-lc-rs` feature, chosen by measurement:
/// bench/README.md), or ring when built with `--no-default-features`.
pub fn crypto_provider() -> CryptoProvider {
    #[cfg(feature = "aws-lc-rs")]
    {
        rustls::crypto::aws_lc_rs::default_provider()
    }
    #[cfg(not(feature = "aws-lc-rs"))]
    {
        rustls::crypto::ring::default_provider()
    }
}

/// What is wrong with the TLS material. The bytes came from the caller, so these name the
/// role of the input (server chain, server key, a CA) and leave naming files to the caller.
#[derive(Debug, Error)]
pub enum MaterialError {
    #[error("--tls-min {min} is above --tls-max {max}")]
    VersionRange {
        min: &'static str,
        max: &'static str,
    },
    #[error("{0}: no PEM certificate found (expected -----BEGIN CERTIFICATE-----; a DER file converts with `openssl x509 -inform DER -in FILE -out FILE.pem`)")]
    NoCertificate(Input),
    #[error("server key: no PEM private key found (expected PKCS#8, SEC1 EC or PKCS#1 RSA key; a DER file converts with `openssl pkey -inform DER -in FILE -out FILE.pem`)")]
    NoKey,
    #[error("server key: the private key is encrypted and lab-radius takes no key password")]
    EncryptedKey,
    #[error("server key: unsupported private key: {reason}")]
    BadKey { reason: String },
    #[error(
        "the server key does not belong to the first certificate of the server chain: {reason}"
    )]
    KeyMismatch { reason: String },
    #[error("CA certificate not usable as a trust anchor: {reason}")]
    BadCa { reason: String },
    #[error("no server certificate chain and key given")]
    NoServerIdentity,
    #[error("no CA given: the server must verify client certificates (use --ca FILE)")]
    NoCa,
    #[error("TLS configuration rejected by rustls: {0}")]
    Rustls(String),
}

/// Which input a [`MaterialError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    ServerChain,
    Ca,
}

impl std::fmt::Display for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Input::ServerChain => "server certificate chain",
            Input::Ca => "CA certificates",
        })
    }
}

#[derive(Debug)]
pub struct TlsSetup {
    provider: Arc<CryptoProvider>,
    versions: Vec<&'static SupportedProtocolVersion>,
    certified_key: Arc<CertifiedKey>,
    inner_verifier: Arc<PathCachingVerifier>,
    facts: Arc<FactsCache>,
    pub tls_min: TlsVersion,
    pub tls_max: TlsVersion,
    pub server_chain: Vec<CertFacts>,
    /// The same facts for every session's ServerChainSent event, shared instead of copied.
    shared_server_chain: Arc<[CertFacts]>,
    pub cas: Vec<CertFacts>,
    /// Lab only: where rustls hands every session's TLS secrets (`--tls-keylog`); none by default.
    key_log: Option<Arc<dyn rustls::KeyLog>>,
}

/// Every certificate in a PEM text (other PEM sections are skipped).
pub fn pem_certificates(
    pem: &[u8],
    input: Input,
) -> Result<Vec<CertificateDer<'static>>, MaterialError> {
    let certs: Vec<_> = CertificateDer::pem_slice_iter(pem)
        .filter_map(Result::ok)
        .collect();
    if certs.is_empty() {
        return Err(MaterialError::NoCertificate(input));
    }
    Ok(certs)
}

/// The first private key in a PEM text.
pub fn pem_private_key(pem: &[u8]) -> Result<PrivateKeyDer<'static>, MaterialError> {
    PrivateKeyDer::from_pem_slice(pem).map_err(|_| {
        // "BEGIN ENCRYPTED PRIVATE KEY" (PKCS#8) or "Proc-Type: 4,ENCRYPTED" (legacy PEM)
        if pem.windows(9).any(|w| w == b"ENCRYPTED") {
            MaterialError::EncryptedKey
        } else {
            MaterialError::NoKey
        }
    })
}

/// Builds a [`TlsSetup`] from bytes, one input at a time, so the caller knows which input an
/// error is about: [`TlsSetup::builder`], then the server chain, the server key, each CA.
pub struct TlsSetupBuilder {
    provider: Arc<CryptoProvider>,
    tls_min: TlsVersion,
    tls_max: TlsVersion,
    chain: Vec<CertificateDer<'static>>,
    certified_key: Option<CertifiedKey>,
    roots: RootCertStore,
    cas: Vec<CertFacts>,
}

impl TlsSetupBuilder {
    /// The server certificate chain in PEM: leaf first, then intermediates.
    pub fn server_chain_pem(&mut self, pem: &[u8]) -> Result<(), MaterialError> {
        self.server_chain_der(pem_certificates(pem, Input::ServerChain)?)
    }

    pub fn server_chain_der(
        &mut self,
        chain: Vec<CertificateDer<'static>>,
    ) -> Result<(), MaterialError> {
        if chain.is_empty() {
            return Err(MaterialError::NoCertificate(Input::ServerChain));
        }
        self.chain = chain;
        Ok(())
    }

    /// The server's private key in PEM (PKCS#8, SEC1 or PKCS#1); give the chain first.
    pub fn server_key_pem(&mut self, pem: &[u8]) -> Result<(), MaterialError> {
        self.server_key_der(pem_private_key(pem)?)
    }

    pub fn server_key_der(&mut self, key: PrivateKeyDer<'static>) -> Result<(), MaterialError> {
        if self.chain.is_empty() {
            return Err(MaterialError::NoServerIdentity);
        }
        let signing_key = self
            .provider
            .key_provider
            .load_private_key(key)
            .map_err(|e| MaterialError::BadKey {
                reason: e.to_string(),
            })?;
        let certified_key = CertifiedKey::new(self.chain.clone(), signing_key);
        certified_key
            .keys_match()
            .map_err(|e| MaterialError::KeyMismatch {
                reason: match e {
                    rustls::Error::InconsistentKeys(rustls::InconsistentKeys::KeyMismatch) => {
                        "its public key is not the certificate's".to_string()
                    }
                    other => other.to_string(),
                },
            })?;
        self.certified_key = Some(certified_key);
        Ok(())
    }

    /// CA certificates (PEM, one or more) that client certificates must chain to.
    pub fn ca_pem(&mut self, pem: &[u8]) -> Result<(), MaterialError> {
        for der in pem_certificates(pem, Input::Ca)? {
            self.ca_der(der)?;
        }
        Ok(())
    }

    pub fn ca_der(&mut self, der: CertificateDer<'static>) -> Result<(), MaterialError> {
        if let Some(facts) = certfacts::parse(&der) {
            self.cas.push(facts);
        }
        self.roots.add(der).map_err(|e| MaterialError::BadCa {
            reason: e.to_string(),
        })
    }

    pub fn build(self) -> Result<TlsSetup, MaterialError> {
        let certified_key = self.certified_key.ok_or(MaterialError::NoServerIdentity)?;
        if self.roots.is_empty() {
            return Err(MaterialError::NoCa);
        }
        let server_chain: Vec<CertFacts> = self
            .chain
            .iter()
            .filter_map(|c| certfacts::parse(c))
            .collect();
        let strength = server_chain.first().and_then(|c| c.key.security_bits());
        let provider = Arc::new(suites_for_strength(&self.provider, strength));
        let roots = Arc::new(self.roots);
        let webpki_verifier =
            WebPkiClientVerifier::builder_with_provider(roots.clone(), provider.clone())
                .build()
                .map_err(|e| MaterialError::Rustls(e.to_string()))?;
        let inner_verifier = Arc::new(PathCachingVerifier::new(
            webpki_verifier,
            roots,
            provider.signature_verification_algorithms,
        ));
        let (tls_min, tls_max) = (self.tls_min, self.tls_max);
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
            facts: Arc::default(),
            tls_min,
            tls_max,
            shared_server_chain: server_chain.clone().into(),
            server_chain,
            cas: self.cas,
            key_log: None,
        })
    }
}

/// The provider with its cipher suites in the server's order of preference for a server key of
/// `strength` bits (SP 800-57): up to 128 bits AES-128-GCM with SHA-256 first, above it (P-384,
/// the WPA3-Enterprise 192-bit key) AES-256-GCM with SHA-384 first, as rustls lists them. The
/// session keys are then as strong as the signature that authenticates them; an AES-256 suite
/// under a P-256 or RSA-2048 signature costs a SHA-384 key schedule (on CPUs without SHA-512
/// instructions much slower than SHA-256) and adds no strength. Sessions pick from this order
/// (`ignore_client_order`), so every client with an AES-128 suite gets the same answer.
pub fn suites_for_strength(provider: &CryptoProvider, strength: Option<u16>) -> CryptoProvider {
    use rustls::CipherSuite as S;
    let mut provider = provider.clone();
    if strength.is_some_and(|bits| bits <= 128) {
        let aes_128 = |s: &rustls::SupportedCipherSuite| {
            matches!(
                s.suite(),
                S::TLS13_AES_128_GCM_SHA256
                    | S::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
                    | S::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
            )
        };
        // stable: the other suites keep rustls' order
        provider.cipher_suites.sort_by_key(|s| !aes_128(s));
    }
    provider
}

impl TlsSetup {
    /// Lab only: every later session hands its TLS secrets to `key_log` (NSS key-log lines).
    pub fn set_key_log(&mut self, key_log: Arc<dyn rustls::KeyLog>) {
        self.key_log = Some(key_log);
    }

    /// Starts a setup for TLS versions `tls_min..=tls_max`.
    pub fn builder(
        tls_min: TlsVersion,
        tls_max: TlsVersion,
    ) -> Result<TlsSetupBuilder, MaterialError> {
        if tls_min > tls_max {
            return Err(MaterialError::VersionRange {
                min: tls_min.label(),
                max: tls_max.label(),
            });
        }
        Ok(TlsSetupBuilder {
            provider: Arc::new(crypto_provider()),
            tls_min,
            tls_max,
            chain: Vec::new(),
            certified_key: None,
            roots: RootCertStore::empty(),
            cas: Vec::new(),
        })
    }

    /// The whole setup from PEM texts: the server chain, its key, and one or more CA texts.
    pub fn from_pem(
        server_chain: &[u8],
        server_key: &[u8],
        cas: &[&[u8]],
        tls_min: TlsVersion,
        tls_max: TlsVersion,
    ) -> Result<TlsSetup, MaterialError> {
        let mut builder = TlsSetup::builder(tls_min, tls_max)?;
        builder.server_chain_pem(server_chain)?;
        builder.server_key_pem(server_key)?;
        for ca in cas {
            builder.ca_pem(ca)?;
        }
        builder.build()
    }

    /// A fresh config for one EAP session: no session resumption, no tickets (a lab server
    /// should show full handshakes), a verifier that records into the returned slot, and
    /// `clock` as rustls' only source of time (client certificates are checked against it).
    pub fn session_config(&self, clock: Arc<SuppliedTime>) -> (Arc<ServerConfig>, RecordSlot) {
        let (verifier, slot) =
            RecordingVerifier::new(self.inner_verifier.clone(), self.facts.clone());
        let mut config = ServerConfig::builder_with_details(self.provider.clone(), clock)
            .with_protocol_versions(&self.versions)
            .expect("versions and provider are compatible")
            .with_client_cert_verifier(Arc::new(verifier))
            .with_cert_resolver(Arc::new(SingleCertAndKey::from(self.certified_key.clone())));
        config.ignore_client_order = true; // see suites_for_strength
        config.session_storage = Arc::new(NoServerSessionStorage {});
        config.send_tls13_tickets = 0;
        if let Some(key_log) = &self.key_log {
            config.key_log = key_log.clone();
        }
        (Arc::new(config), slot)
    }

    /// The server chain's facts, shared (one allocation for every session that logs them).
    pub fn shared_server_chain(&self) -> Arc<[CertFacts]> {
        self.shared_server_chain.clone()
    }

    /// Client authentications whose intermediates were not verified again (a cached path).
    pub fn cached_path_hits(&self) -> u64 {
        self.inner_verifier.hits()
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
        self.server_chain.first().is_some_and(certfacts::is_ecdsa)
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

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! demo {
        ($name:literal) => {
            include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../certs/", $name)).as_slice()
        };
    }

    fn setup(chain: &[u8], key: &[u8], cas: &[&[u8]]) -> Result<TlsSetup, MaterialError> {
        TlsSetup::from_pem(chain, key, cas, TlsVersion::Tls12, TlsVersion::Tls13)
    }

    #[test]
    fn suite_order_follows_the_server_keys_strength() {
        use rustls::CipherSuite as S;
        let first = |strength, version: u16| {
            suites_for_strength(&crypto_provider(), strength)
                .cipher_suites
                .iter()
                .find(|s| u16::from(s.version().version) == version)
                .map(|s| s.suite())
        };
        // P-256, RSA-2048/3072: AES-128-GCM first, for both versions
        for strength in [Some(112), Some(128)] {
            assert_eq!(first(strength, 0x0304), Some(S::TLS13_AES_128_GCM_SHA256));
            assert_eq!(
                first(strength, 0x0303),
                Some(S::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)
            );
        }
        // P-384 (192-bit) and unknown keys: rustls' order, AES-256-GCM first
        for strength in [Some(192), None] {
            assert_eq!(first(strength, 0x0304), Some(S::TLS13_AES_256_GCM_SHA384));
            assert_eq!(
                first(strength, 0x0303),
                Some(S::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384)
            );
        }
    }

    #[test]
    fn the_demo_pki_from_bytes() {
        let s = setup(
            demo!("server-chain.pem"),
            demo!("server.key"),
            &[demo!("root-ca.pem")],
        )
        .unwrap();
        assert!(s.server_chain[0].subject.contains("radius.example.com"));
        assert_eq!(s.ca_subjects(), "'O=Example, CN=Example Root CA'");
    }

    #[test]
    fn errors_name_the_input() {
        let chain = demo!("server-chain.pem");
        let key = demo!("server.key");
        let ca = demo!("root-ca.pem");
        assert!(matches!(
            setup(b"not pem", key, &[ca]),
            Err(MaterialError::NoCertificate(Input::ServerChain))
        ));
        assert!(matches!(
            setup(chain, b"not pem", &[ca]),
            Err(MaterialError::NoKey)
        ));
        assert!(matches!(
            setup(chain, demo!("alice.key"), &[ca]),
            Err(MaterialError::KeyMismatch { .. })
        ));
        assert!(matches!(
            setup(chain, key, &[b"not pem"]),
            Err(MaterialError::NoCertificate(Input::Ca))
        ));
        assert!(matches!(setup(chain, key, &[]), Err(MaterialError::NoCa)));
        assert!(matches!(
            TlsSetup::builder(TlsVersion::Tls13, TlsVersion::Tls12),
            Err(MaterialError::VersionRange { .. })
        ));
    }
}
