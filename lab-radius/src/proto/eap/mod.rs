//! EAP (RFC 3748) and EAP-TLS (RFC 5216, RFC 9190): framing and the server state machine.
//! Sans-IO: EAP packets in, EAP packets and events out.

pub mod event;
pub mod frame;
pub mod packet;
pub mod session;

pub use event::{DiscardReason, EapEvent};
pub use packet::EapPacket;
pub use session::{EapTlsSession, Keys, Outcome, SessionLimits};
