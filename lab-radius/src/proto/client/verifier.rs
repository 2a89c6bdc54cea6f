//! The probe's server-certificate verifier: it records the chain exactly as the server sent it
//! and the signature scheme of the server's handshake signature, and asks the caller's judge
//! (hs20check's server-certificate and trustedServerNames rules) whether to go on. Signatures
//! are verified with the crypto provider, as any client does.

use std::fmt;
use std::sync::{Arc, Mutex};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, Error, SignatureScheme};

/// Decides whether a server chain (leaf first, DER, as sent) is acceptable at `now`; an error
/// makes the client abort the handshake with the matching TLS alert.
pub type ChainJudge = Arc<dyn Fn(&[Vec<u8>], UnixTime) -> Result<(), Error> + Send + Sync>;

/// What the verifier saw.
#[derive(Debug, Clone, Default)]
pub struct ServerRecord {
    /// The server's certificates as sent, leaf first.
    pub chain: Vec<Vec<u8>>,
    /// The scheme of the server's CertificateVerify / ServerKeyExchange signature.
    pub signature_scheme: Option<SignatureScheme>,
    /// The judge's verdict.
    pub verdict: Option<Result<(), Error>>,
}

pub type ServerSlot = Arc<Mutex<ServerRecord>>;

pub struct JudgingVerifier {
    judge: ChainJudge,
    algorithms: WebPkiSupportedAlgorithms,
    /// None: nothing is recorded (one verifier shared by many sessions).
    slot: Option<ServerSlot>,
}

impl fmt::Debug for JudgingVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JudgingVerifier")
    }
}

impl JudgingVerifier {
    pub fn new(judge: ChainJudge, algorithms: WebPkiSupportedAlgorithms) -> (Self, ServerSlot) {
        let slot = ServerSlot::default();
        (
            JudgingVerifier {
                judge,
                algorithms,
                slot: Some(slot.clone()),
            },
            slot,
        )
    }

    /// A verifier that judges and checks signatures but records nothing.
    pub fn unrecorded(judge: ChainJudge, algorithms: WebPkiSupportedAlgorithms) -> Self {
        JudgingVerifier {
            judge,
            algorithms,
            slot: None,
        }
    }

    fn record_scheme(&self, scheme: SignatureScheme) {
        if let Some(Ok(mut r)) = self.slot.as_ref().map(|s| s.lock()) {
            r.signature_scheme = Some(scheme);
        }
    }
}

impl ServerCertVerifier for JudgingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        let chain: Vec<Vec<u8>> = std::iter::once(end_entity)
            .chain(intermediates)
            .map(|c| c.as_ref().to_vec())
            .collect();
        let verdict = (self.judge)(&chain, now);
        if let Some(Ok(mut r)) = self.slot.as_ref().map(|s| s.lock()) {
            r.chain = chain;
            r.verdict = Some(verdict.clone());
        }
        verdict.map(|()| ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.record_scheme(dss.scheme);
        verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.record_scheme(dss.scheme);
        verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}
