//! Certificates: facts, private-key matching, PEM input and chain verification.

pub mod chain;
pub mod facts;
pub mod keymatch;
pub mod pem;

pub use facts::{CertFacts, KeyKind, SignatureHash};
