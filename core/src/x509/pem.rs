//! Reading certificates from PEM (or DER) files given on the command line.

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;

/// Reads every certificate in a PEM file; a file holding one DER certificate also works.
pub fn certificates(bytes: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    if bytes.first() == Some(&0x30) {
        return Ok(vec![bytes.to_vec()]);
    }
    let certs: Result<Vec<_>, _> = CertificateDer::pem_slice_iter(bytes).collect();
    let certs = certs.map_err(|e| format!("unreadable PEM ({e})"))?;
    if certs.is_empty() {
        return Err("no CERTIFICATE block found (expected PEM or DER X.509 certificates)".into());
    }
    Ok(certs.into_iter().map(|c| c.as_ref().to_vec()).collect())
}
