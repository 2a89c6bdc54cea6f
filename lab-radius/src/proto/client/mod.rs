//! The client side, beside the server's: an EAP-TLS peer ([`peer`]) whose server-certificate
//! verifier records the chain and asks the caller's judge ([`verifier`]), and the NAS that
//! carries it over RADIUS ([`nas`]). Same codec, same EAP framing, same key derivation as the
//! server; sans-IO like the rest of `proto` (bytes, time and randomness come from the caller).

pub mod nas;
pub mod peer;
pub mod verifier;

pub use nas::{Exchange, MppeCheck, NasSettings, NoAnswer, Outcome, StopAfter};
pub use peer::{Alert, EapTlsPeer, PeerSetup, SharedPeers, Stage, TlsInfo};
pub use verifier::{ChainJudge, ServerRecord};
