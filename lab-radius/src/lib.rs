//! lab-radius: a RADIUS server with EAP-TLS (TLS 1.2 and 1.3) that explains every failed
//! negotiation. The protocol layers (`radius`, `eap`, `tls`, `diagnose`, `server::engine`) are
//! sans-IO; `server::shell` is the only place with sockets and clocks.

pub mod diagnose;
pub mod eap;
pub mod radius;
pub mod server;
pub mod tls;
