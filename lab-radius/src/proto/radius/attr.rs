//! Codes and attribute types used by lab-radius (IANA RADIUS registry).

pub const ACCESS_REQUEST: u8 = 1;
pub const ACCESS_ACCEPT: u8 = 2;
pub const ACCESS_REJECT: u8 = 3;
pub const ACCOUNTING_REQUEST: u8 = 4;
pub const ACCESS_CHALLENGE: u8 = 11;
pub const STATUS_SERVER: u8 = 12;

pub const USER_NAME: u8 = 1;
pub const NAS_IP_ADDRESS: u8 = 4;
pub const FRAMED_MTU: u8 = 12;
pub const REPLY_MESSAGE: u8 = 18;
pub const STATE: u8 = 24;
pub const VENDOR_SPECIFIC: u8 = 26;
pub const CALLED_STATION_ID: u8 = 30;
pub const CALLING_STATION_ID: u8 = 31;
pub const NAS_IDENTIFIER: u8 = 32;
pub const PROXY_STATE: u8 = 33;
pub const NAS_IPV6_ADDRESS: u8 = 95;
pub const EAP_MESSAGE: u8 = 79;
pub const MESSAGE_AUTHENTICATOR: u8 = 80;
pub const EAP_KEY_NAME: u8 = 102;

/// Microsoft's SMI enterprise number (RFC 2548 §2).
pub const VENDOR_MICROSOFT: u32 = 311;
pub const MS_MPPE_SEND_KEY: u8 = 16;
pub const MS_MPPE_RECV_KEY: u8 = 17;

pub fn code_name(code: u8) -> &'static str {
    match code {
        ACCESS_REQUEST => "Access-Request",
        ACCESS_ACCEPT => "Access-Accept",
        ACCESS_REJECT => "Access-Reject",
        ACCOUNTING_REQUEST => "Accounting-Request",
        ACCESS_CHALLENGE => "Access-Challenge",
        STATUS_SERVER => "Status-Server",
        _ => "unknown",
    }
}
