//! Client-certificate verification that remembers verified intermediate→anchor paths.
//!
//! Clients of one server send the same intermediates again and again; verifying them (a
//! signature per link, P-384 or RSA at that) is repeated work. A path that verified once is kept
//! in a bounded cache keyed by the SHA-256 of the intermediates as sent (the bytes themselves are
//! kept too and compared, so a hash collision cannot stand in for a verified path). On a hit only
//! the leaf is verified, against the cached issuer of the leaf as its anchor: its signature,
//! validity at the supplied time, EKU clientAuth, and the issuer's name constraints. The cached
//! intermediates' validity is re-checked at the supplied time as well.
//!
//! Paths whose upper certificates (above the leaf's issuer) carry name constraints are never
//! cached: those constraints apply to the leaf, and a leaf-only check would skip them.
//! Every failure, cached path or not, is decided again by rustls' own verifier, so the errors
//! (and the diagnoses made from them) are exactly rustls' errors.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use rustls::client::danger::HandshakeSignatureValid;
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::{CertificateDer, TrustAnchor, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{DigitallySignedStruct, DistinguishedName, Error, RootCertStore, SignatureScheme};

use super::certfacts;

/// Distinct intermediate sets kept; the least recently used goes when full.
pub const PATH_CACHE_ENTRIES: usize = 256;

#[derive(Debug)]
struct CachedPath {
    /// The intermediates exactly as the client sent them.
    intermediates: Vec<Vec<u8>>,
    /// The leaf's issuer in the verified path, as an anchor for the leaf-only check.
    issuer: Arc<TrustAnchor<'static>>,
    /// The intersection of the path intermediates' validity periods (Unix seconds).
    not_before: i64,
    not_after: i64,
    last_used: u64,
}

#[derive(Debug, Default)]
struct PathCache {
    paths: HashMap<[u8; 32], CachedPath>,
    tick: u64,
}

/// Verifies client certificates like rustls' `WebPkiClientVerifier` (which it wraps and asks
/// about every failure), with verified paths cached.
#[derive(Debug)]
pub struct PathCachingVerifier {
    inner: Arc<dyn ClientCertVerifier>,
    roots: Arc<RootCertStore>,
    algorithms: WebPkiSupportedAlgorithms,
    cache: Mutex<PathCache>,
    capacity: usize,
    hits: AtomicU64,
}

fn key(intermediates: &[CertificateDer<'_>]) -> [u8; 32] {
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
    for c in intermediates {
        ctx.update(&(c.len() as u64).to_be_bytes());
        ctx.update(c.as_ref());
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(ctx.finish().as_ref());
    out
}

impl PathCachingVerifier {
    /// `inner` must be rustls' WebPki verifier built from the same `roots` and `algorithms`,
    /// with no CRLs (this verifier repeats its checks and defers to it on every failure).
    pub fn new(
        inner: Arc<dyn ClientCertVerifier>,
        roots: Arc<RootCertStore>,
        algorithms: WebPkiSupportedAlgorithms,
    ) -> Self {
        Self::with_capacity(inner, roots, algorithms, PATH_CACHE_ENTRIES)
    }

    pub fn with_capacity(
        inner: Arc<dyn ClientCertVerifier>,
        roots: Arc<RootCertStore>,
        algorithms: WebPkiSupportedAlgorithms,
        capacity: usize,
    ) -> Self {
        PathCachingVerifier {
            inner,
            roots,
            algorithms,
            cache: Mutex::default(),
            capacity: capacity.max(1),
            hits: AtomicU64::new(0),
        }
    }

    /// Paths in the cache now.
    pub fn cached_paths(&self) -> usize {
        self.cache.lock().map(|c| c.paths.len()).unwrap_or(0)
    }

    /// Authentications whose intermediates were not verified again (a cached path served).
    pub fn hits(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
    }

    /// The leaf checked against a cached path; None when there is no usable cached path or the
    /// leaf does not pass (the caller then verifies the whole chain).
    fn verify_cached(
        &self,
        key: &[u8; 32],
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> Option<()> {
        let issuer = {
            let mut cache = self.cache.lock().ok()?;
            cache.tick += 1;
            let tick = cache.tick;
            let path = cache.paths.get_mut(key)?;
            let same = path.intermediates.len() == intermediates.len()
                && path
                    .intermediates
                    .iter()
                    .zip(intermediates)
                    .all(|(a, b)| a.as_slice() == b.as_ref());
            let secs = i64::try_from(now.as_secs()).ok()?;
            if !same || secs < path.not_before || secs > path.not_after {
                return None;
            }
            path.last_used = tick;
            path.issuer.clone()
        };
        let leaf = webpki::EndEntityCert::try_from(end_entity).ok()?;
        leaf.verify_for_usage(
            self.algorithms.all,
            std::slice::from_ref(&*issuer),
            &[],
            now,
            webpki::KeyUsage::client_auth(),
            None,
            None,
        )
        .ok()?;
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(())
    }

    /// The whole chain against the roots; a verified path goes into the cache.
    fn verify_full(
        &self,
        key: [u8; 32],
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> Option<()> {
        let leaf = webpki::EndEntityCert::try_from(end_entity).ok()?;
        let path = leaf
            .verify_for_usage(
                self.algorithms.all,
                &self.roots.roots,
                intermediates,
                now,
                webpki::KeyUsage::client_auth(),
                None,
                None,
            )
            .ok()?;
        if let Some(entry) = cacheable(&path, intermediates) {
            self.insert(key, entry);
        }
        Some(())
    }

    fn insert(&self, key: [u8; 32], mut entry: CachedPath) {
        let Ok(mut cache) = self.cache.lock() else {
            return;
        };
        cache.tick += 1;
        entry.last_used = cache.tick;
        if !cache.paths.contains_key(&key) && cache.paths.len() >= self.capacity {
            if let Some(oldest) = cache
                .paths
                .iter()
                .min_by_key(|(_, p)| p.last_used)
                .map(|(k, _)| *k)
            {
                cache.paths.remove(&oldest);
            }
        }
        cache.paths.insert(key, entry);
    }
}

/// The cache entry for a verified path, or None when a leaf-only check would not be equivalent
/// (name constraints above the leaf's issuer) or a certificate cannot be read.
fn cacheable(path: &webpki::VerifiedPath<'_>, sent: &[CertificateDer<'_>]) -> Option<CachedPath> {
    if path.anchor().name_constraints.is_some() {
        return None;
    }
    let mut chain = path.intermediate_certificates();
    let issuer = match chain.next() {
        Some(first) => webpki::anchor_from_trusted_cert(&first.der())
            .ok()?
            .to_owned(),
        None => path.anchor().to_owned(),
    };
    let issuer = Arc::new(issuer);
    let (mut not_before, mut not_after) = (i64::MIN, i64::MAX);
    for (i, cert) in path.intermediate_certificates().enumerate() {
        let der = cert.der();
        if i > 0
            && webpki::anchor_from_trusted_cert(&der)
                .ok()?
                .name_constraints
                .is_some()
        {
            return None;
        }
        let facts = certfacts::parse(&der)?;
        not_before = not_before.max(facts.not_before.unix_timestamp());
        not_after = not_after.min(facts.not_after.unix_timestamp());
    }
    Some(CachedPath {
        intermediates: sent.iter().map(|c| c.as_ref().to_vec()).collect(),
        issuer,
        not_before,
        not_after,
        last_used: 0,
    })
}

impl ClientCertVerifier for PathCachingVerifier {
    fn offer_client_auth(&self) -> bool {
        self.inner.offer_client_auth()
    }

    fn client_auth_mandatory(&self) -> bool {
        self.inner.client_auth_mandatory()
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        self.inner.root_hint_subjects()
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> Result<ClientCertVerified, Error> {
        // A leaf sent alone has no path to remember: one signature either way.
        if !intermediates.is_empty() {
            let key = key(intermediates);
            if self
                .verify_cached(&key, end_entity, intermediates, now)
                .or_else(|| self.verify_full(key, end_entity, intermediates, now))
                .is_some()
            {
                return Ok(ClientCertVerified::assertion());
            }
        }
        // rustls decides (and words) every failure, and every leaf-only chain.
        self.inner
            .verify_client_cert(end_entity, intermediates, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::tls::setup::{crypto_provider, pem_certificates, Input};
    use hs20_core::der::ber::write_tlv;
    use hs20_core::der::reader::{Reader, TAG_SEQUENCE};
    use rustls::server::WebPkiClientVerifier;
    use rustls::CertificateError;
    use std::time::Duration;

    macro_rules! demo {
        ($name:literal) => {
            pem_certificates(
                include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../certs/", $name)),
                Input::Ca,
            )
            .unwrap()
        };
    }

    /// Unix seconds of 1 January of `year` (the demo PKI: issued 2026, alice until 2036, the
    /// CAs until 2046).
    fn at(year: u64) -> UnixTime {
        let days = (1970..year)
            .map(|y| if y % 4 == 0 { 366 } else { 365 })
            .sum::<u64>();
        UnixTime::since_unix_epoch(Duration::from_secs(days * 86_400))
    }

    fn verifier(capacity: usize) -> PathCachingVerifier {
        let provider = Arc::new(crypto_provider());
        let mut roots = RootCertStore::empty();
        roots.add(demo!("root-ca.pem").remove(0)).unwrap();
        let roots = Arc::new(roots);
        let inner = WebPkiClientVerifier::builder_with_provider(roots.clone(), provider.clone())
            .build()
            .unwrap();
        PathCachingVerifier::with_capacity(
            inner,
            roots,
            provider.signature_verification_algorithms,
            capacity,
        )
    }

    /// alice's certificate re-signed with alice's own key instead of the issuing CA's (same
    /// names, same ecdsa-with-SHA256 algorithm, a valid signature by the wrong key).
    fn alice_signed_by_another_key() -> CertificateDer<'static> {
        let alice = demo!("alice.pem").remove(0);
        let mut outer = Reader::new(alice.as_ref());
        let cert = outer.next_expect(TAG_SEQUENCE, "Certificate").unwrap();
        let mut parts = cert.children();
        let tbs = parts.next_expect(TAG_SEQUENCE, "TBSCertificate").unwrap();
        let alg = parts
            .next_expect(TAG_SEQUENCE, "AlgorithmIdentifier")
            .unwrap();
        let mut tbs_der = Vec::new();
        write_tlv(&mut tbs_der, &[TAG_SEQUENCE], tbs.value);
        let key = crate::proto::tls::setup::pem_private_key(include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../certs/alice.key"
        )))
        .unwrap();
        let signer = crypto_provider()
            .key_provider
            .load_private_key(key)
            .unwrap()
            .choose_scheme(&[SignatureScheme::ECDSA_NISTP256_SHA256])
            .expect("alice has a P-256 key");
        let signature = signer.sign(&tbs_der).unwrap();
        let mut bits = vec![0u8];
        bits.extend_from_slice(&signature);
        let mut body = tbs_der;
        write_tlv(&mut body, &[TAG_SEQUENCE], alg.value);
        write_tlv(&mut body, &[0x03], &bits);
        let mut out = Vec::new();
        write_tlv(&mut out, &[TAG_SEQUENCE], &body);
        CertificateDer::from(out)
    }

    #[test]
    fn a_cached_path_still_checks_the_leaf_every_time() {
        let v = verifier(PATH_CACHE_ENTRIES);
        let alice = demo!("alice.pem").remove(0);
        let issuing = demo!("issuing-ca.pem");
        v.verify_client_cert(&alice, &issuing, at(2030)).unwrap();
        assert_eq!((v.cached_paths(), v.hits()), (1, 0));
        v.verify_client_cert(&alice, &issuing, at(2031)).unwrap();
        assert_eq!(
            (v.cached_paths(), v.hits()),
            (1, 1),
            "the second one is served by the cache"
        );

        // alice expired in 2036, the issuing CA is valid until 2046: the cached path is usable,
        // the leaf is not.
        let expired = v
            .verify_client_cert(&alice, &issuing, at(2040))
            .unwrap_err();
        assert!(
            matches!(
                expired,
                Error::InvalidCertificate(
                    CertificateError::Expired | CertificateError::ExpiredContext { .. }
                )
            ),
            "{expired:?}"
        );
        let forged = v
            .verify_client_cert(&alice_signed_by_another_key(), &issuing, at(2030))
            .unwrap_err();
        assert!(
            matches!(
                forged,
                Error::InvalidCertificate(CertificateError::BadSignature)
            ),
            "{forged:?}"
        );
        // After the CAs expire the cached path no longer counts either.
        assert!(v.verify_client_cert(&alice, &issuing, at(2050)).is_err());
        assert_eq!(v.hits(), 1, "no rejected leaf was accepted from the cache");
        v.verify_client_cert(&alice, &issuing, at(2030)).unwrap();
        assert_eq!(v.hits(), 2);
    }

    #[test]
    fn the_errors_are_rustls_own() {
        // Same answers as rustls' verifier alone, cached path or not.
        let v = verifier(PATH_CACHE_ENTRIES);
        let alice = demo!("alice.pem").remove(0);
        let issuing = demo!("issuing-ca.pem");
        let forged = alice_signed_by_another_key();
        for (leaf, year) in [
            (&alice, 2030),
            (&alice, 2040),
            (&alice, 2020),
            (&forged, 2030),
        ] {
            let cached = v.verify_client_cert(leaf, &issuing, at(year)).map(|_| ());
            let plain = v
                .inner
                .verify_client_cert(leaf, &issuing, at(year))
                .map(|_| ());
            assert_eq!(cached, plain, "{year}");
        }
        // No intermediates sent: the leaf cannot chain to the root.
        assert!(v.verify_client_cert(&alice, &[], at(2030)).is_err());
    }

    #[test]
    fn the_cache_is_bounded() {
        let v = verifier(2);
        let alice = demo!("alice.pem").remove(0);
        let issuing = demo!("issuing-ca.pem").remove(0);
        let root = demo!("root-ca.pem").remove(0);
        // Distinct intermediate lists that all verify.
        let lists = [
            vec![issuing.clone()],
            vec![issuing.clone(), root.clone()],
            vec![root.clone(), issuing.clone()],
            vec![issuing.clone(), issuing.clone()],
        ];
        for list in &lists {
            v.verify_client_cert(&alice, list, at(2030)).unwrap();
            assert!(v.cached_paths() <= 2);
        }
        assert_eq!(v.cached_paths(), 2);
        // The most recent ones are kept.
        v.verify_client_cert(&alice, &lists[3], at(2030)).unwrap();
        assert_eq!(v.hits(), 1);
    }
}
