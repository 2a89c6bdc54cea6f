//! Payload UUIDs. Stable by default — derived from the inputs, so regenerating a profile for the
//! same identity and network replaces the installed one instead of adding a second copy — or fresh.

use sha2::{Digest, Sha256};

/// How payload UUIDs are made.
#[derive(Debug, Clone)]
pub enum UuidSource {
    /// SHA-256 of a seed (the inputs) and a role label, formatted as an RFC 9562 version-8 UUID.
    Stable { seed: Vec<u8> },
    /// New UUIDs each run.
    Fresh { seed: Vec<u8> },
}

impl UuidSource {
    pub fn fresh() -> Self {
        // Uniqueness, not secrecy, is needed: time, process id and an address are enough.
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        let marker = 0u8;
        let mut seed = now.as_nanos().to_be_bytes().to_vec();
        seed.extend(std::process::id().to_be_bytes());
        seed.extend((&marker as *const u8 as usize).to_be_bytes());
        UuidSource::Fresh { seed }
    }

    /// The UUID for one role (`"profile"`, `"pkcs12"`, `"ca/0"`, …).
    pub fn uuid(&self, role: &str) -> String {
        let seed = match self {
            UuidSource::Stable { seed } | UuidSource::Fresh { seed } => seed,
        };
        let mut h = Sha256::new();
        h.update(b"hs20-profiles payload uuid\0");
        h.update((seed.len() as u64).to_be_bytes());
        h.update(seed);
        h.update(role.as_bytes());
        let d = h.finalize();
        let mut b = [0u8; 16];
        b.copy_from_slice(&d[..16]);
        b[6] = (b[6] & 0x0f) | 0x80; // version 8 (custom)
        b[8] = (b[8] & 0x3f) | 0x80; // RFC 9562 variant
        let hex = hex::encode_upper(b);
        format!(
            "{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )
    }
}

/// True for the 8-4-4-4-12 shape Apple's schema asks for (hex digits only, which every real UUID has).
pub fn is_uuid_shaped(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_uuids_repeat_and_differ_by_role() {
        let a = UuidSource::Stable {
            seed: b"x".to_vec(),
        };
        let b = UuidSource::Stable {
            seed: b"x".to_vec(),
        };
        assert_eq!(a.uuid("pkcs12"), b.uuid("pkcs12"));
        assert_ne!(a.uuid("pkcs12"), a.uuid("ca/0"));
        assert!(is_uuid_shaped(&a.uuid("profile")));
        assert_ne!(UuidSource::fresh().uuid("p"), a.uuid("p"));
    }

    #[test]
    fn uuid_shape() {
        assert!(is_uuid_shaped("8C2F1B0E-4E7D-4B52-9A3C-0F1E2D3C4B5A"));
        assert!(!is_uuid_shaped("8C2F1B0E4E7D4B529A3C0F1E2D3C4B5A"));
        assert!(!is_uuid_shaped("ZZ2F1B0E-4E7D-4B52-9A3C-0F1E2D3C4B5A"));
    }
}
