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
    pub chain: Vec<CertFacts>,
    pub verdict: Result<(), Error>,
    pub now: time::OffsetDateTime,
}

pub type RecordSlot = Arc<Mutex<Option<ClientCertRecord>>>;

#[derive(Debug)]
pub struct RecordingVerifier {
    inner: Arc<dyn ClientCertVerifier>,
    slot: RecordSlot,
}

impl RecordingVerifier {
    pub fn new(inner: Arc<dyn ClientCertVerifier>) -> (Self, RecordSlot) {
        let slot = RecordSlot::default();
        (
            RecordingVerifier {
                inner,
                slot: slot.clone(),
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
            .filter_map(|der| certfacts::parse(der))
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
