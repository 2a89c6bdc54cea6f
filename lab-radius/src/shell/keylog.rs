//! LAB ONLY: `--tls-keylog FILE` appends every session's TLS secrets to FILE in the NSS key-log
//! format (the SSLKEYLOGFILE lines browsers write), so that a capture of the lab's RADIUS traffic
//! can be decrypted (`hs20check capture --keylog FILE`). Never on by default: whoever holds the
//! file can read every TLS 1.3 session in the capture, including the client's certificate.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Appends `LABEL <client_random hex> <secret hex>` lines to one file.
pub struct FileKeyLog {
    path: PathBuf,
    file: Mutex<File>,
}

impl std::fmt::Debug for FileKeyLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FileKeyLog({})", self.path.display())
    }
}

impl FileKeyLog {
    /// Opens (creates, owner-only on Unix) `path` for appending.
    pub fn open(path: &Path) -> std::io::Result<FileKeyLog> {
        let mut options = std::fs::OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        Ok(FileKeyLog {
            path: path.to_owned(),
            file: Mutex::new(options.open(path)?),
        })
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

impl rustls::KeyLog for FileKeyLog {
    fn log(&self, label: &str, client_random: &[u8], secret: &[u8]) {
        let line = format!("{label} {} {}\n", hex(client_random), hex(secret));
        if let Ok(mut f) = self.file.lock() {
            if let Err(e) = f.write_all(line.as_bytes()).and_then(|_| f.flush()) {
                tracing::warn!("--tls-keylog {}: {e}", self.path.display());
            }
        }
    }
}
