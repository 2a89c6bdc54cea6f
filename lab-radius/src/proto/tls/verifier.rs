//! A client-certificate verifier that delegates to rustls-webpki and records what the client
//! presented and what the verdict was, so the diagnosis can name dates, issuers and EKUs.

use std::sync::{Arc, Mutex};

use rustls::client::danger::HandshakeSignatureValid;
use rustls::pki_types::{CertificateDer, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{DigitallySignedStruct, DistinguishedName, Error, SignatureScheme};

use super::certfacts::{self, CertFacts};

#[derive(Debug, Clone)]
pub struct ClientCertRecord {
    /// Shared: the record is copied into events and diagnoses, the facts are not.
    pub chain: Arc<[CertFacts]>,
    pub verdict: Result<(), Error>,
    pub now: time::OffsetDateTime,
}

pub type RecordSlot = Arc<Mutex<Option<ClientCertRecord>>>;

/// Certificate facts by DER bytes, shared by every session of one server: a client sends the
/// same certificates again and again, and parsing them for the log and the diagnosis is the
/// costliest thing the verifier does besides the signatures. Bounded: emptied when full.
#[derive(Debug, Default)]
pub struct FactsCache {
    map: Mutex<std::collections::HashMap<Vec<u8>, CertFacts>>,
}

/// Distinct certificates kept by [`FactsCache`].
pub const FACTS_CACHE_ENTRIES: usize = 1024;

impl FactsCache {
    pub fn facts(&self, der: &[u8]) -> Option<CertFacts> {
        if let Some(f) = self.map.lock().ok().and_then(|m| m.get(der).cloned()) {
            return Some(f);
        }
        let facts = certfacts::parse(der)?;
        if let Ok(mut m) = self.map.lock() {
            if m.len() >= FACTS_CACHE_ENTRIES {
                m.clear();
            }
            m.insert(der.to_vec(), facts.clone());
        }
        Some(facts)
    }
}

#[derive(Debug)]
pub struct RecordingVerifier {
    inner: Arc<dyn ClientCertVerifier>,
    slot: RecordSlot,
    facts: Arc<FactsCache>,
}

impl RecordingVerifier {
    pub fn new(inner: Arc<dyn ClientCertVerifier>, facts: Arc<FactsCache>) -> (Self, RecordSlot) {
        let slot = RecordSlot::default();
        (
            RecordingVerifier {
                inner,
                slot: slot.clone(),
                facts,
            },
            slot,
        )
    }
}

impl ClientCertVerifier for RecordingVerifier {
    fn offer_client_auth(&self) -> bool {
        true
    }

    fn client_auth_mandatory(&self) -> bool {
        true
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
        let verdict = self
            .inner
            .verify_client_cert(end_entity, intermediates, now);
        let chain = std::iter::once(end_entity)
            .chain(intermediates)
            .filter_map(|der| self.facts.facts(der))
            .collect();
        let record = ClientCertRecord {
            chain,
            verdict: verdict.as_ref().map(|_| ()).map_err(Clone::clone),
            now: time::OffsetDateTime::from_unix_timestamp(now.as_secs() as i64)
                .unwrap_or(time::OffsetDateTime::UNIX_EPOCH),
        };
        if let Ok(mut slot) = self.slot.lock() {
            *slot = Some(record);
        }
        verdict
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
