//! MS-MPPE-Send-Key / MS-MPPE-Recv-Key (RFC 2548 §2.4.2, §2.4.3).

use md5::{Digest, Md5};

use super::attr::{VENDOR_MICROSOFT, VENDOR_SPECIFIC};
use super::packet::Attribute;

/// Encrypts `key` for a MS-MPPE-*-Key attribute value: Salt (2 bytes, high bit set) followed by
/// the String. Plaintext P = key length (1 byte) || key || zero padding to a multiple of 16;
/// b(1) = MD5(secret || Request-Authenticator || Salt), c(i) = p(i) xor b(i),
/// b(i) = MD5(secret || c(i-1)).
pub fn encrypt_key(key: &[u8], secret: &[u8], request_auth: &[u8; 16], salt: [u8; 2]) -> Vec<u8> {
    assert!(key.len() < 256 - 17, "MPPE keys are short");
    let salt = [salt[0] | 0x80, salt[1]];
    let mut plain = Vec::with_capacity(key.len() + 16);
    plain.push(key.len() as u8);
    plain.extend_from_slice(key);
    while plain.len() % 16 != 0 {
        plain.push(0);
    }
    let mut out = Vec::with_capacity(2 + plain.len());
    out.extend_from_slice(&salt);
    let mut previous: Vec<u8> = [&request_auth[..], &salt[..]].concat();
    for block in plain.chunks(16) {
        let b: [u8; 16] = Md5::new()
            .chain_update(secret)
            .chain_update(&previous)
            .finalize()
            .into();
        let cipher: Vec<u8> = block.iter().zip(b).map(|(p, b)| p ^ b).collect();
        out.extend_from_slice(&cipher);
        previous = cipher;
    }
    out
}

/// Inverse of [`encrypt_key`]; used by tests and by anything that plays the NAS.
pub fn decrypt_key(value: &[u8], secret: &[u8], request_auth: &[u8; 16]) -> Option<Vec<u8>> {
    if value.len() < 18 || (value.len() - 2) % 16 != 0 {
        return None;
    }
    let (salt, cipher) = value.split_at(2);
    let mut previous: Vec<u8> = [&request_auth[..], salt].concat();
    let mut plain = Vec::with_capacity(cipher.len());
    for block in cipher.chunks(16) {
        let b: [u8; 16] = Md5::new()
            .chain_update(secret)
            .chain_update(&previous)
            .finalize()
            .into();
        plain.extend(block.iter().zip(b).map(|(c, b)| c ^ b));
        previous = block.to_vec();
    }
    let len = plain[0] as usize;
    (len < plain.len()).then(|| plain[1..1 + len].to_vec())
}

/// A Microsoft Vendor-Specific attribute (RFC 2548 §2: Vendor-Id 311, then type/length/value).
pub fn microsoft_vsa(vendor_type: u8, value: &[u8]) -> Attribute {
    let mut data = Vec::with_capacity(6 + value.len());
    data.extend_from_slice(&VENDOR_MICROSOFT.to_be_bytes());
    data.push(vendor_type);
    data.push((value.len() + 2) as u8);
    data.extend_from_slice(value);
    Attribute::new(VENDOR_SPECIFIC, data)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Vector computed independently (Python hashlib, straight from the RFC 2548 §2.4.2 text):
    // secret "testing123", Request-Authenticator 00..0f, salt 0x8001, key = 32 bytes 0x00..0x1f.
    const EXPECTED: &str = "800112a4054f091e203ec82fb961b9b618fd8f15c5905da6d786c76711ebfbf9b14b8303667ce1e1c225c3924927cd3f0bce";

    #[test]
    fn encrypts_as_rfc2548_describes() {
        let auth: [u8; 16] = core::array::from_fn(|i| i as u8);
        let key: Vec<u8> = (0..32).collect();
        let value = encrypt_key(&key, b"testing123", &auth, [0x00, 0x01]);
        assert_eq!(value.len(), 2 + 48);
        assert_eq!(value[0] & 0x80, 0x80, "salt high bit must be set");
        assert_eq!(hex::encode(&value), EXPECTED);
        assert_eq!(decrypt_key(&value, b"testing123", &auth).unwrap(), key);
        assert_ne!(decrypt_key(&value, b"wrong", &auth), Some(key));
    }

    #[test]
    fn vsa_layout() {
        let a = microsoft_vsa(17, &[1, 2, 3]);
        assert_eq!(a.kind, 26);
        assert_eq!(a.value, [0, 0, 1, 0x37, 17, 5, 1, 2, 3]);
    }
}
