//! The one bounded reader of the workspace: every file a user names (certificates, PKCS#12,
//! profiles, entitlements, passwords and secrets, configuration, app code, logs) is read through
//! here, so a hostile or mistaken input can take neither all memory nor the process forever.
//!
//! - At most `limit + 1` bytes are ever read; one byte more than the limit is the proof that
//!   the input is too large, and the error says so.
//! - Directories, character and block devices (`/dev/zero`, `/dev/urandom`) and sockets are
//!   refused by type before a byte is read.
//! - Pipes and FIFOs are allowed (`--password-file <(pass show wifi)` is a pipe), but they are
//!   opened without blocking, so `open` never hangs on a FIFO nobody writes to; the read then
//!   waits for a writer (and for data) at most the idle timeout and ends with an error.
//!
//! This is the only file access in hs20-core; the protocol and check code stays pure.

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use thiserror::Error;

/// The default bound for files a person hands the tools (a PKCS#12, a certificate, a profile):
/// no real one comes near it (`pkcs12::MAX_FILE_SIZE` is this figure).
pub const DEFAULT_LIMIT: u64 = 4 * 1024 * 1024;
/// Passwords and shared secrets: their first line is all that is used.
pub const SECRET_LIMIT: u64 = 64 * 1024;
/// How long a pipe may stay silent before the read gives up.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum InputError {
    #[error("{path}: cannot read {what}: {reason}")]
    Io {
        path: PathBuf,
        what: String,
        reason: String,
    },
    #[error("{path}: {what} is too large: more than {limit} bytes (a {what} is far smaller; is this the right file?)")]
    TooLarge {
        path: PathBuf,
        what: String,
        limit: u64,
    },
    #[error("{path}: {what} is {kind}, not a file: give the path of a regular file")]
    NotAFile {
        path: PathBuf,
        what: String,
        kind: &'static str,
    },
    #[error(
        "{path}: {what}: nothing written to the pipe for {seconds} s (no writer, or a stuck one)"
    )]
    Stalled {
        path: PathBuf,
        what: String,
        seconds: u64,
    },
}

/// How much may be read, and how long a pipe may stay silent.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_bytes: u64,
    pub idle_timeout: Duration,
}

impl Limits {
    pub fn bytes(max_bytes: u64) -> Limits {
        Limits {
            max_bytes,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::bytes(DEFAULT_LIMIT)
    }
}

/// Reads the whole of `path` (`what` names it in errors: "the PKCS#12 file", "--ca") within
/// `limits`.
pub fn read_file(path: &Path, what: &str, limits: Limits) -> Result<Vec<u8>, InputError> {
    let file = open(path, what)?;
    let is_pipe = is_fifo(&file);
    read_limited(file, is_pipe, path, what, limits)
}

#[cfg(unix)]
fn is_fifo(file: &File) -> bool {
    use std::os::unix::fs::FileTypeExt;
    file.metadata().is_ok_and(|m| m.file_type().is_fifo())
}

#[cfg(not(unix))]
fn is_fifo(_file: &File) -> bool {
    false
}

/// Reads a whole file as UTF-8 text within `limits`.
pub fn read_text(path: &Path, what: &str, limits: Limits) -> Result<String, InputError> {
    let bytes = read_file(path, what, limits)?;
    String::from_utf8(bytes).map_err(|e| InputError::Io {
        path: path.to_owned(),
        what: what.to_owned(),
        reason: format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ),
    })
}

/// Opens `path` for streaming (a capture): refuses what is not a file or a pipe, never blocks
/// in `open`, and returns a handle whose reads block as usual (a live `tcpdump -w -` pipe).
pub fn open_stream(path: &Path, what: &str) -> Result<File, InputError> {
    let file = open(path, what)?;
    set_nonblocking(&file, false).map_err(|e| io_error(path, what, &e))?;
    Ok(file)
}

/// Opens without blocking and checks the type of what was opened (not of what the path named
/// a moment before).
fn open(path: &Path, what: &str) -> Result<File, InputError> {
    // stat first: opening a device or a directory must not even be attempted.
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, what, &e))?;
    refuse_non_file(&meta, path, what)?;
    let file = open_nonblocking(path).map_err(|e| io_error(path, what, &e))?;
    let meta = file.metadata().map_err(|e| io_error(path, what, &e))?;
    refuse_non_file(&meta, path, what)?;
    Ok(file)
}

fn refuse_non_file(meta: &std::fs::Metadata, path: &Path, what: &str) -> Result<(), InputError> {
    let kind = file_kind(meta);
    match kind {
        None => Ok(()),
        Some(kind) => Err(InputError::NotAFile {
            path: path.to_owned(),
            what: what.to_owned(),
            kind,
        }),
    }
}

/// None for a regular file or a pipe; otherwise what it is, in words.
#[cfg(unix)]
fn file_kind(meta: &std::fs::Metadata) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_file() || t.is_fifo() {
        None
    } else if t.is_dir() {
        Some("a directory")
    } else if t.is_char_device() {
        Some("a character device")
    } else if t.is_block_device() {
        Some("a block device")
    } else if t.is_socket() {
        Some("a socket")
    } else {
        Some("not a regular file")
    }
}

#[cfg(not(unix))]
fn file_kind(meta: &std::fs::Metadata) -> Option<&'static str> {
    if meta.is_file() {
        None
    } else if meta.is_dir() {
        Some("a directory")
    } else {
        Some("not a regular file")
    }
}

/// Reads at most `limits.max_bytes + 1` bytes from `input`.
fn read_limited(
    mut input: File,
    is_pipe: bool,
    path: &Path,
    what: &str,
    limits: Limits,
) -> Result<Vec<u8>, InputError> {
    let cap = limits.max_bytes.saturating_add(1);
    let mut out = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    // A FIFO opened before its writer reads as end-of-file: wait once for a writer to come.
    let mut awaiting_writer = is_pipe;
    loop {
        let room = cap - out.len() as u64;
        if room == 0 {
            return Err(InputError::TooLarge {
                path: path.to_owned(),
                what: what.to_owned(),
                limit: limits.max_bytes,
            });
        }
        let want = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        match input.read(&mut buf[..want]) {
            Ok(0) if awaiting_writer && out.is_empty() => {
                awaiting_writer = false;
                if !wait_readable(&input, limits.idle_timeout) {
                    return Err(stalled(path, what, limits));
                }
            }
            Ok(0) => return Ok(out),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                if !wait_readable(&input, limits.idle_timeout) {
                    return Err(stalled(path, what, limits));
                }
            }
            Err(e) => return Err(io_error(path, what, &e)),
        }
    }
}

fn stalled(path: &Path, what: &str, limits: Limits) -> InputError {
    InputError::Stalled {
        path: path.to_owned(),
        what: what.to_owned(),
        seconds: limits.idle_timeout.as_secs(),
    }
}

fn io_error(path: &Path, what: &str, e: &std::io::Error) -> InputError {
    let reason = match e.kind() {
        ErrorKind::NotFound => "no such file".to_owned(),
        ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    };
    InputError::Io {
        path: path.to_owned(),
        what: what.to_owned(),
        reason,
    }
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

#[cfg(unix)]
fn set_nonblocking(file: &File, on: bool) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on a descriptor this File owns; F_GETFL/F_SETFL only change status flags.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 {
        return Err(std::io::Error::last_os_error());
    }
    let flags = if on {
        flags | libc::O_NONBLOCK
    } else {
        flags & !libc::O_NONBLOCK
    };
    // SAFETY: as above.
    if unsafe { libc::fcntl(fd, libc::F_SETFL, flags) } < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(not(unix))]
fn set_nonblocking(_file: &File, _on: bool) -> std::io::Result<()> {
    Ok(())
}

/// Waits until `file` has data (or its writer closed it); false after `timeout` of silence.
#[cfg(unix)]
fn wait_readable(file: &File, timeout: Duration) -> bool {
    use std::os::fd::AsRawFd;
    let mut pfd = libc::pollfd {
        fd: file.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    let ms = i32::try_from(timeout.as_millis()).unwrap_or(i32::MAX);
    loop {
        // SAFETY: one valid pollfd for a descriptor this File owns.
        let n = unsafe { libc::poll(&mut pfd, 1, ms) };
        if n < 0 && std::io::Error::last_os_error().kind() == ErrorKind::Interrupted {
            continue;
        }
        return n > 0;
    }
}

#[cfg(not(unix))]
fn wait_readable(_file: &File, _timeout: Duration) -> bool {
    false
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_file_within_the_limit_is_read_whole() {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(b"0123456789").unwrap();
        let got = read_file(f.path(), "the test file", Limits::bytes(10)).unwrap();
        assert_eq!(got, b"0123456789");
    }

    #[test]
    fn one_byte_over_the_limit_is_too_large() {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(b"0123456789A").unwrap();
        let e = read_file(f.path(), "the test file", Limits::bytes(10)).unwrap_err();
        assert!(matches!(e, InputError::TooLarge { limit: 10, .. }), "{e}");
        assert!(e.to_string().contains("too large"), "{e}");
    }

    #[test]
    fn devices_and_directories_are_refused_by_type() {
        let e = read_file(
            Path::new("/dev/zero"),
            "the PKCS#12 file",
            Limits::default(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("/dev/zero"), "{e}");
        assert!(e.to_string().contains("character device"), "{e}");
        let dir = tempfile::tempdir().unwrap();
        let e = read_file(dir.path(), "the PKCS#12 file", Limits::default()).unwrap_err();
        assert!(e.to_string().contains("a directory"), "{e}");
    }

    #[test]
    fn a_fifo_without_a_writer_ends_after_the_idle_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let limits = Limits {
            max_bytes: 16,
            idle_timeout: Duration::from_millis(300),
        };
        let started = std::time::Instant::now();
        let e = read_file(&fifo, "the password file", limits).unwrap_err();
        assert!(matches!(e, InputError::Stalled { .. }), "{e}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn a_fifo_whose_writer_comes_later_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let writer_path = fifo.clone();
        let writer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            std::fs::write(writer_path, b"secret\n").unwrap();
        });
        let got = read_file(&fifo, "the password file", Limits::bytes(16)).unwrap();
        writer.join().unwrap();
        assert_eq!(got, b"secret\n");
    }

    #[test]
    fn an_endless_pipe_stops_at_the_limit() {
        let mut child = std::process::Command::new("cat")
            .arg("/dev/zero")
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let fd = {
            use std::os::fd::AsRawFd;
            child.stdout.as_ref().unwrap().as_raw_fd()
        };
        let path = PathBuf::from(format!("/proc/self/fd/{fd}"));
        let e = read_file(&path, "the password file", Limits::bytes(1000)).unwrap_err();
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(matches!(e, InputError::TooLarge { limit: 1000, .. }), "{e}");
    }

    #[test]
    fn a_silent_writer_ends_in_an_error_not_a_hang() {
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let fd = {
            use std::os::fd::AsRawFd;
            child.stdout.as_ref().unwrap().as_raw_fd()
        };
        let path = PathBuf::from(format!("/proc/self/fd/{fd}"));
        let limits = Limits {
            max_bytes: 100,
            idle_timeout: Duration::from_millis(200),
        };
        let e = read_file(&path, "the password file", limits).unwrap_err();
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(matches!(e, InputError::Stalled { .. }), "{e}");
    }
}
