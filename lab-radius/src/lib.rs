//! lab-radius: a RADIUS server with EAP-TLS (TLS 1.2 and 1.3) that explains every failed
//! negotiation.
//!
//! - [`proto`] is sans-IO (like quinn-proto and rustls): RADIUS, EAP, EAP-TLS, diagnosis and the
//!   engine take bytes and the current time, and return bytes and typed events.
//! - [`shell`] is everything else: the command line, `lab.toml`, files, the blocking UDP socket
//!   and the once-a-second tick, and rendering the engine's events as log lines.

pub mod proto;
pub mod shell;
