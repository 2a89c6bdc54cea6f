//! The replies: Access-Challenge, -Reject and -Accept (with the MPPE keys), and the
//! Status-Server answer, each echoing the request's Proxy-State and signed with the secret.

use crate::proto::diagnose::Diagnosis;
use crate::proto::eap::Keys;
use crate::proto::radius::attr::*;
use crate::proto::radius::auth;
use crate::proto::radius::mppe;
use crate::proto::radius::packet::split_attribute;
use crate::proto::radius::{Attribute, Packet};

/// Builds replies to one request.
pub(super) struct Replier<'a> {
    request: &'a Packet,
    secret: &'a [u8],
    proxy_state: Vec<Attribute>,
}

impl<'a> Replier<'a> {
    pub(super) fn new(request: &'a Packet, secret: &'a [u8]) -> Self {
        Replier {
            request,
            secret,
            proxy_state: request
                .all(PROXY_STATE)
                .map(|v| Attribute::new(PROXY_STATE, v.to_vec()))
                .collect(),
        }
    }

    fn build(&self, code: u8, mut attrs: Vec<Attribute>) -> Vec<u8> {
        attrs.extend(self.proxy_state.iter().cloned());
        auth::build_reply(code, self.request, attrs, self.secret)
    }

    /// RFC 5997: Status-Server gets an Access-Accept.
    pub(super) fn status_server(&self) -> Vec<u8> {
        let attrs = vec![Attribute::new(REPLY_MESSAGE, b"lab-radius is up".to_vec())];
        self.build(ACCESS_ACCEPT, attrs)
    }

    /// The next EAP-Request, with the session's State.
    pub(super) fn challenge(&self, eap: &[u8], state: &[u8; 16]) -> Vec<u8> {
        let mut attrs = split_attribute(EAP_MESSAGE, eap);
        attrs.push(Attribute::new(STATE, state.to_vec()));
        self.build(ACCESS_CHALLENGE, attrs)
    }

    /// Access-Reject with the EAP-Failure (if a session got that far) and the cause as
    /// Reply-Message.
    pub(super) fn reject(&self, eap: Option<&[u8]>, diagnosis: &Diagnosis) -> Vec<u8> {
        let mut attrs = eap
            .map(|eap| split_attribute(EAP_MESSAGE, eap))
            .unwrap_or_default();
        attrs.push(Attribute::new(
            REPLY_MESSAGE,
            truncate(&format!("lab-radius: {}", diagnosis.cause)),
        ));
        self.build(ACCESS_REJECT, attrs)
    }

    /// Access-Accept with EAP-Success, User-Name, MS-MPPE-Recv-Key and -Send-Key (RFC 2548,
    /// salted with `salts`) and, when the NAS asked for it, EAP-Key-Name. Returns the reply and
    /// whether EAP-Key-Name is in it.
    pub(super) fn accept(
        &self,
        eap: &[u8],
        identity: &str,
        keys: &Keys,
        salts: [u8; 4],
    ) -> (Vec<u8>, bool) {
        let request_auth = &self.request.authenticator;
        let recv_salt = [salts[0], salts[1]];
        let mut send_salt = [salts[2], salts[3]];
        if send_salt[1] == recv_salt[1] && (send_salt[0] | 0x80) == (recv_salt[0] | 0x80) {
            send_salt[1] ^= 1; // RFC 2548: salts in one packet must differ
        }
        let mut attrs = split_attribute(EAP_MESSAGE, eap);
        attrs.push(Attribute::new(USER_NAME, truncate(identity)));
        attrs.push(mppe::microsoft_vsa(
            MS_MPPE_RECV_KEY,
            &mppe::encrypt_key(&keys.msk[..32], self.secret, request_auth, recv_salt),
        ));
        attrs.push(mppe::microsoft_vsa(
            MS_MPPE_SEND_KEY,
            &mppe::encrypt_key(&keys.msk[32..], self.secret, request_auth, send_salt),
        ));
        let key_name = self.request.has(EAP_KEY_NAME);
        if key_name {
            attrs.push(Attribute::new(EAP_KEY_NAME, keys.session_id.clone()));
        }
        (self.build(ACCESS_ACCEPT, attrs), key_name)
    }
}

/// A text attribute value cut to the 253 bytes RADIUS allows, on a character boundary.
fn truncate(s: &str) -> Vec<u8> {
    let mut end = s.len().min(253);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.as_bytes()[..end].to_vec()
}
