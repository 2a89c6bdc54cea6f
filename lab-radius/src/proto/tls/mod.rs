//! TLS side of EAP-TLS: rustls setup from PEM or DER bytes, the caller's time as rustls' clock,
//! a client-certificate verifier that records what it saw, one that caches verified
//! intermediate paths, Hello parsing for diagnostics, and certificate facts.

pub mod certfacts;
pub mod clock;
pub mod hello;
pub mod path_cache;
pub mod setup;
pub mod verifier;
