//! Certificate inputs (--ca, --server-cert): PEM or DER certificates, then hs20-core's facts.
#![no_main]
use hs20_core::x509::{pem, CertFacts};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(ders) = pem::certificates(data) {
        for der in ders {
            if let Ok(facts) = CertFacts::from_der(&der) {
                let _ = facts.label();
                let _ = facts.is_ca_cert();
            }
        }
    }
    if let Ok(facts) = CertFacts::from_der(data) {
        let _ = facts.label();
    }
});
