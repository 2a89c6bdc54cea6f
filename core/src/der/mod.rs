//! The one DER/BER reader: a bounded DER element reader ([`reader`]) and a BER→DER normaliser
//! ([`ber`]) that every path (PKCS#12, CMS-signed profiles) runs before decoding.

pub mod ber;
pub mod reader;
