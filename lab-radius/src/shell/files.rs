//! Reads the TLS files named by the settings and hands their bytes to the sans-IO setup.
//! Every error names the file and the option it came from, so it says which setting to fix.

use std::path::{Path, PathBuf};

use thiserror::Error;

use super::config::Settings;
use crate::proto::tls::setup::{MaterialError, TlsSetup, TlsSetupBuilder, TlsVersion};

#[derive(Debug, Error)]
pub enum SetupError {
    /// The file is missing, unreadable, too large or not a file (hs20-core's bounded reader).
    #[error("{source}")]
    Read {
        source: hs20_core::input::InputError,
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
    /// Errors that are about no file (the version range, no CA, rustls' own refusal).
    #[error("{0}")]
    Material(MaterialError),
}

/// `flag` names the option the file came from.
fn read(path: &Path, flag: &'static str) -> Result<Vec<u8>, SetupError> {
    let what = format!("the file given as {flag}");
    hs20_core::input::read_file(path, &what, hs20_core::input::Limits::default())
        .map_err(|source| SetupError::Read { source })
}

/// Puts the file and option back into an error about one input.
fn in_file(e: MaterialError, flag: &'static str, path: &Path, cert: &Path) -> SetupError {
    let path = path.to_owned();
    match e {
        MaterialError::NoCertificate(_) => SetupError::NoCertificate { flag, path },
        MaterialError::NoKey => SetupError::NoKey { path },
        MaterialError::EncryptedKey => SetupError::EncryptedKey { path },
        MaterialError::BadKey { reason } => SetupError::BadKey { path, reason },
        MaterialError::KeyMismatch { reason } => SetupError::KeyMismatch {
            key: path,
            cert: cert.to_owned(),
            reason,
        },
        MaterialError::BadCa { reason } => SetupError::BadCa { path, reason },
        other => SetupError::Material(other),
    }
}

/// Loads the server chain, its key and the CA files, in that order (the first problem wins).
pub fn load_tls(
    server_cert: &Path,
    server_key: &Path,
    ca_files: &[PathBuf],
    tls_min: TlsVersion,
    tls_max: TlsVersion,
) -> Result<TlsSetup, SetupError> {
    let mut builder = TlsSetup::builder(tls_min, tls_max).map_err(SetupError::Material)?;
    type Add = fn(&mut TlsSetupBuilder, &[u8]) -> Result<(), MaterialError>;
    let mut feed = |flag: &'static str, path: &Path, add: Add| {
        let bytes = read(path, flag)?;
        add(&mut builder, &bytes).map_err(|e| in_file(e, flag, path, server_cert))
    };
    feed(
        "--server-cert",
        server_cert,
        TlsSetupBuilder::server_chain_pem,
    )?;
    feed("--server-key", server_key, TlsSetupBuilder::server_key_pem)?;
    for path in ca_files {
        feed("--ca", path, TlsSetupBuilder::ca_pem)?;
    }
    builder.build().map_err(SetupError::Material)
}

/// [`load_tls`] with the files and versions from the settings.
pub fn load_settings_tls(settings: &Settings) -> Result<TlsSetup, SetupError> {
    load_tls(
        &settings.server_cert,
        &settings.server_key,
        &settings.ca,
        settings.tls_min,
        settings.tls_max,
    )
}
