//! Authenticators: Message-Authenticator (RFC 3579 §3.2, RFC 2869 §5.14), Response
//! Authenticator (RFC 2865 §3), reply construction with Message-Authenticator first
//! (Blast-RADIUS, CVE-2024-3596).

use hmac::{Hmac, Mac};
use md5::{Digest, Md5};

use super::attr::MESSAGE_AUTHENTICATOR;
use super::packet::{Attribute, Packet, HEADER_LEN};

type HmacMd5 = Hmac<Md5>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageAuthenticator {
    Missing,
    Valid,
    Invalid,
    /// More than one Message-Authenticator (RFC 3579 §3.2 allows exactly one).
    Duplicate,
    /// A Message-Authenticator whose attribute length is not 18 (16 bytes of value).
    WrongLength(u8),
    /// The attribute list itself does not hold together.
    Malformed,
}

pub fn hmac_md5(secret: &[u8], data: &[u8]) -> [u8; 16] {
    let mut mac = HmacMd5::new_from_slice(secret).expect("HMAC accepts any key length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// Verifies the Message-Authenticator of a request datagram (already decoded once so the
/// structure is known to be sound): HMAC-MD5 over the packet with the attribute zeroed.
pub fn verify_request(datagram: &[u8], secret: &[u8]) -> MessageAuthenticator {
    // Found by fuzzing (fuzz/ radius_packet): a datagram that never decoded must not panic.
    let Some(length) = declared_length(datagram) else {
        return MessageAuthenticator::Malformed;
    };
    let packet = &datagram[..length];
    let mut offset = HEADER_LEN;
    let mut found = None;
    while offset + 2 <= length {
        let kind = packet[offset];
        let attr_len = packet[offset + 1] as usize;
        if attr_len < 2 || offset + attr_len > length {
            return MessageAuthenticator::Malformed;
        }
        if kind == MESSAGE_AUTHENTICATOR {
            if found.is_some() {
                return MessageAuthenticator::Duplicate;
            }
            if attr_len != 18 {
                return MessageAuthenticator::WrongLength(attr_len as u8);
            }
            found = Some(offset + 2);
        }
        offset += attr_len;
    }
    let Some(value_at) = found else {
        return MessageAuthenticator::Missing;
    };
    let mut zeroed = packet.to_vec();
    zeroed[value_at..value_at + 16].fill(0);
    let expected = hmac_md5(secret, &zeroed);
    if constant_time_eq(&expected, &packet[value_at..value_at + 16]) {
        MessageAuthenticator::Valid
    } else {
        MessageAuthenticator::Invalid
    }
}

/// The RADIUS Length field when it covers at least the header and no more than the datagram.
fn declared_length(datagram: &[u8]) -> Option<usize> {
    let length = u16::from_be_bytes([*datagram.get(2)?, *datagram.get(3)?]) as usize;
    (HEADER_LEN..=datagram.len())
        .contains(&length)
        .then_some(length)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Builds a signed reply. Message-Authenticator goes first; it is computed over the reply
/// with the Request Authenticator in the authenticator field (RFC 3579 §3.2), then the
/// Response Authenticator = MD5(Code|ID|Length|RequestAuth|Attributes|Secret) is filled in.
pub fn build_reply(
    code: u8,
    request: &Packet,
    attributes: Vec<Attribute>,
    secret: &[u8],
) -> Vec<u8> {
    let mut all = Vec::with_capacity(attributes.len() + 1);
    all.push(Attribute::new(MESSAGE_AUTHENTICATOR, [0u8; 16]));
    all.extend(attributes);
    let reply = Packet {
        code,
        identifier: request.identifier,
        authenticator: request.authenticator,
        attributes: all,
    };
    let mut bytes = reply.encode();
    let mac = hmac_md5(secret, &bytes);
    bytes[HEADER_LEN + 2..HEADER_LEN + 18].copy_from_slice(&mac);
    let response_auth = response_authenticator(&bytes, &request.authenticator, secret);
    bytes[4..20].copy_from_slice(&response_auth);
    bytes
}

/// RFC 2865 §3 Response Authenticator over `reply` (whose authenticator field is ignored).
pub fn response_authenticator(reply: &[u8], request_auth: &[u8; 16], secret: &[u8]) -> [u8; 16] {
    let mut md5 = Md5::new();
    md5.update(&reply[..4]);
    md5.update(request_auth);
    md5.update(&reply[HEADER_LEN..]);
    md5.update(secret);
    md5.finalize().into()
}

/// Builds a signed request (Access-Request or Status-Server, RFC 2865 §3, RFC 3579 §3.2): the
/// caller's random Request Authenticator, Message-Authenticator first (computed over the packet
/// with its value zeroed), then `attributes`.
pub fn build_request(
    code: u8,
    identifier: u8,
    authenticator: [u8; 16],
    attributes: Vec<Attribute>,
    secret: &[u8],
) -> Vec<u8> {
    let mut all = Vec::with_capacity(attributes.len() + 1);
    all.push(Attribute::new(MESSAGE_AUTHENTICATOR, [0u8; 16]));
    all.extend(attributes);
    let request = Packet {
        code,
        identifier,
        authenticator,
        attributes: all,
    };
    let mut bytes = request.encode();
    let mac = hmac_md5(secret, &bytes);
    bytes[HEADER_LEN + 2..HEADER_LEN + 18].copy_from_slice(&mac);
    bytes
}

/// What a client learns from checking a reply against the request it answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplyCheck {
    /// RFC 2865 §3 Response Authenticator matches.
    pub response_authenticator: bool,
    pub message_authenticator: MessageAuthenticator,
}

impl ReplyCheck {
    /// Both authenticators verify (a missing Message-Authenticator is not accepted).
    pub fn is_valid(&self) -> bool {
        self.response_authenticator && self.message_authenticator == MessageAuthenticator::Valid
    }

    /// Valid for a reply that does (`carries_eap`) or does not carry EAP-Message: RFC 3579 §3.2
    /// requires Message-Authenticator with EAP; without EAP (a Status-Server answer, RFC 5997
    /// §6) a reply may omit it, but one that is present must verify.
    pub fn is_valid_for(&self, carries_eap: bool) -> bool {
        self.response_authenticator
            && match self.message_authenticator {
                MessageAuthenticator::Valid => true,
                MessageAuthenticator::Missing => !carries_eap,
                _ => false,
            }
    }
}

/// Verifies a reply datagram (already decoded once) against the Request Authenticator of the
/// request it answers: the Response Authenticator, and the Message-Authenticator computed with
/// the Request Authenticator in the authenticator field (RFC 3579 §3.2).
pub fn verify_reply(datagram: &[u8], request_auth: &[u8; 16], secret: &[u8]) -> ReplyCheck {
    let Some(length) = declared_length(datagram) else {
        return ReplyCheck {
            response_authenticator: false,
            message_authenticator: MessageAuthenticator::Malformed,
        };
    };
    let reply = &datagram[..length];
    let expected = response_authenticator(reply, request_auth, secret);
    let response_ok = constant_time_eq(&expected, &reply[4..20]);
    let mut with_request_auth = reply.to_vec();
    with_request_auth[4..20].copy_from_slice(request_auth);
    ReplyCheck {
        response_authenticator: response_ok,
        message_authenticator: verify_request(&with_request_auth, secret),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::radius::attr::*;

    const SECRET: &[u8] = b"xyzzy5461";
    // RFC 5997 §6: Status-Server with Message-Authenticator, and its Access-Accept.
    const RFC5997_STATUS_SERVER: &str =
        "0cda00268a54f4686fb394c52866e302185d062350125a665e2e1e8411f3e243822097c84fa3";
    const RFC5997_ACCEPT: &str = "02da0014ef0d552a4bf2d693ec2b6fe8b5411d66";
    // RFC 2865 §7.1: Access-Request and the Access-Accept answering it.
    const RFC2865_REQUEST: &str = "010000380f403f9473978057bd83d5cb98f4227a01066e656d6f02120dbe708d93d413ce3196e43f782a0aee0406c0a80110050600000003";
    const RFC2865_ACCEPT: &str =
        "0200002686fe220e7624ba2a1005f6bf9b55e0b2060600000001 0f0600000000 0e06c0a80103";

    fn unhex(s: &str) -> Vec<u8> {
        hex::decode(s.replace(' ', "")).unwrap()
    }

    /// fuzz/ radius_packet found these: datagrams shorter than their header or their Length.
    #[test]
    fn undecodable_datagrams_are_malformed_not_a_panic() {
        for bytes in [&[][..], &[1, 2], &[1, 2, 0, 40], &[1, 2, 0, 3, 0, 0]] {
            assert_eq!(
                verify_request(bytes, SECRET),
                MessageAuthenticator::Malformed
            );
            assert!(!verify_reply(bytes, &[0; 16], SECRET).is_valid());
        }
    }

    #[test]
    fn rfc5997_message_authenticator_verifies() {
        let bytes = unhex(RFC5997_STATUS_SERVER);
        assert_eq!(verify_request(&bytes, SECRET), MessageAuthenticator::Valid);
        assert_eq!(
            verify_request(&bytes, b"wrong"),
            MessageAuthenticator::Invalid
        );
        let mut tampered = bytes.clone();
        tampered[5] ^= 1;
        assert_eq!(
            verify_request(&tampered, SECRET),
            MessageAuthenticator::Invalid
        );
    }

    #[test]
    fn rfc5997_response_authenticator() {
        let request = unhex(RFC5997_STATUS_SERVER);
        let accept = unhex(RFC5997_ACCEPT);
        let mut auth = [0u8; 16];
        auth.copy_from_slice(&request[4..20]);
        assert_eq!(
            response_authenticator(&accept, &auth, SECRET)[..],
            accept[4..20]
        );
    }

    #[test]
    fn rfc2865_response_authenticator() {
        let request = Packet::decode(&unhex(RFC2865_REQUEST)).unwrap();
        let accept = unhex(RFC2865_ACCEPT);
        assert_eq!(
            response_authenticator(&accept, &request.authenticator, SECRET)[..],
            accept[4..20]
        );
        assert_eq!(
            verify_request(&unhex(RFC2865_REQUEST), SECRET),
            MessageAuthenticator::Missing
        );
    }

    #[test]
    fn reply_puts_message_authenticator_first_and_signs_both() {
        let request = Packet::decode(&unhex(RFC5997_STATUS_SERVER)).unwrap();
        let reply = build_reply(
            ACCESS_ACCEPT,
            &request,
            vec![Attribute::new(REPLY_MESSAGE, b"ok".to_vec())],
            SECRET,
        );
        assert_eq!(reply[20], MESSAGE_AUTHENTICATOR);
        assert_eq!(reply[21], 18);
        // Response Authenticator.
        assert_eq!(
            response_authenticator(&reply, &request.authenticator, SECRET)[..],
            reply[4..20]
        );
        // Message-Authenticator computed with the Request Authenticator in place.
        let mut check = reply.clone();
        check[4..20].copy_from_slice(&request.authenticator);
        check[22..38].fill(0);
        assert_eq!(hmac_md5(SECRET, &check)[..], reply[22..38]);
    }

    #[test]
    fn duplicate_or_short_message_authenticator_is_named_exactly() {
        let mut p = Packet::decode(&unhex(RFC5997_STATUS_SERVER)).unwrap();
        p.attributes
            .push(Attribute::new(MESSAGE_AUTHENTICATOR, [0u8; 16]));
        assert_eq!(
            verify_request(&p.encode(), SECRET),
            MessageAuthenticator::Duplicate
        );
        p.attributes.truncate(1);
        p.attributes[0].value.truncate(4);
        assert_eq!(
            verify_request(&p.encode(), SECRET),
            MessageAuthenticator::WrongLength(6)
        );
    }

    #[test]
    fn a_signed_request_verifies_and_its_reply_checks() {
        let auth = [7u8; 16];
        let req = build_request(
            ACCESS_REQUEST,
            9,
            auth,
            vec![Attribute::new(USER_NAME, b"alice".to_vec())],
            SECRET,
        );
        assert_eq!(req[20], MESSAGE_AUTHENTICATOR);
        assert_eq!(verify_request(&req, SECRET), MessageAuthenticator::Valid);
        let request = Packet::decode(&req).unwrap();
        let reply = build_reply(ACCESS_ACCEPT, &request, vec![], SECRET);
        assert!(verify_reply(&reply, &auth, SECRET).is_valid());
        let wrong = verify_reply(&reply, &auth, b"other");
        assert!(!wrong.response_authenticator);
        assert_eq!(wrong.message_authenticator, MessageAuthenticator::Invalid);
        // RFC 5997 §6's Accept carries no Message-Authenticator: not valid for an EAP client.
        let rfc = unhex(RFC5997_ACCEPT);
        let mut ss = [0u8; 16];
        ss.copy_from_slice(&unhex(RFC5997_STATUS_SERVER)[4..20]);
        let check = verify_reply(&rfc, &ss, SECRET);
        assert!(check.response_authenticator);
        assert_eq!(check.message_authenticator, MessageAuthenticator::Missing);
        assert!(check.is_valid_for(false) && !check.is_valid_for(true));
    }
}
