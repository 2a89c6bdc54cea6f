//! RADIUS over UDP (RFC 2865), EAP carriage (RFC 3579), Status-Server (RFC 5997) and the
//! Microsoft MPPE key attributes (RFC 2548). Sans-IO: bytes in, bytes out.

pub mod attr;
pub mod auth;
pub mod mppe;
pub mod packet;

pub use packet::{Attribute, DecodeError, Packet};
