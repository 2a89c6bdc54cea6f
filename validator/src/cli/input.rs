//! Reading the files and secrets named on the command line, with errors that name the file.

use hs20check::check::Password;
use hs20check::input as bounded;
use hs20check::x509::pem;
use std::path::Path;

/// Reads a whole file within hs20-core's bound for handed files (4 MiB); the error names the
/// file and the reason (too large, not a file, the OS error).
pub fn read(path: &Path, what: &str) -> Result<Vec<u8>, String> {
    bounded::read_file(path, what, bounded::Limits::default()).map_err(|e| e.to_string())
}

/// Reads a password or secret file within the bound for secrets (64 KiB).
pub fn read_secret_file(path: &Path, what: &str) -> Result<Vec<u8>, String> {
    bounded::read_file(path, what, bounded::Limits::bytes(bounded::SECRET_LIMIT))
        .map_err(|e| e.to_string())
}

/// Reads every certificate of a PEM (or DER) file.
pub fn certificates(path: &Path, what: &str) -> Result<Vec<Vec<u8>>, String> {
    let bytes = read(path, what)?;
    pem::certificates(&bytes).map_err(|e| format!("{}: {what}: {e}", path.display()))
}

/// Where the PKCS#12 password comes from.
#[derive(Debug, Clone, Default, clap::Args)]
#[group(multiple = false)]
pub struct PasswordSource {
    /// Read the PKCS#12 password from this environment variable.
    #[arg(long, value_name = "VAR")]
    pub password_env: Option<String>,
    /// Read the PKCS#12 password from the first line of this file.
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<std::path::PathBuf>,
    /// The PKCS#12 password itself (visible in the process list; prefer the other two).
    // allow_hyphen_values: a password starting with '-' must not be parsed (and echoed) as a flag.
    #[arg(long, value_name = "P", allow_hyphen_values = true)]
    pub password: Option<String>,
}

impl PasswordSource {
    /// Resolves the password; prompts only on a terminal. Never puts the password in an error.
    pub fn resolve(&self, p12: &Path) -> Result<Password, String> {
        if let Some(var) = &self.password_env {
            return std::env::var(var).map(Password::new).map_err(|_| {
                format!("--password-env: environment variable {var} is not set (or not UTF-8)")
            });
        }
        if let Some(file) = &self.password_file {
            let bytes = read_secret_file(file, "the password file")?;
            let text = String::from_utf8(bytes)
                .map_err(|_| format!("{}: the password file is not UTF-8 text", file.display()))?;
            let line = text.lines().next().unwrap_or("");
            return Ok(Password::new(line));
        }
        if let Some(p) = &self.password {
            return Ok(Password::new(p.clone()));
        }
        use std::io::IsTerminal;
        if !std::io::stdin().is_terminal() {
            return Err(format!(
                "{}: no password given and no terminal to ask on: use --password-env VAR, --password-file FILE or --password P",
                p12.display()
            ));
        }
        rpassword::prompt_password(format!("Password for {}: ", p12.display()))
            .map(Password::new)
            .map_err(|e| format!("could not read the password from the terminal: {e}"))
    }
}

/// How the PKCS#12 is read: which Apple platform's importer is modelled, and how much
/// key-derivation work one file may take.
#[derive(Debug, Clone, clap::Args)]
pub struct P12Options {
    /// The Apple platform whose PKCS#12 importer is modelled (they differ on the empty password).
    #[arg(long, value_enum, default_value = "ios")]
    pub platform: PlatformArg,
    /// Bound on PKCS#12 key-derivation work, in hash iterations for the whole file; raise it
    /// for a trusted file with very high iteration counts.
    #[arg(long, value_name = "N", default_value_t = hs20check::pkcs12::DEFAULT_MAX_ITERATIONS)]
    pub max_kdf_iterations: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PlatformArg {
    Ios,
    Macos,
}

impl P12Options {
    pub fn platform(&self) -> hs20check::check::Platform {
        match self.platform {
            PlatformArg::Ios => hs20check::check::Platform::Ios,
            PlatformArg::Macos => hs20check::check::Platform::Macos,
        }
    }
}
