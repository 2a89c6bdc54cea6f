//! ANQP elements (IEEE 802.11-2020 9.4.5) as they travel in a GAS Query Response: a list of
//! (Info ID u16 LE, length u16 LE, payload). Every decoder is bounded by its input and returns
//! None for a truncated element rather than guessing.

use super::{Anqp, EapMethod, NaiRealm};

pub const VENUE_NAME: u16 = 258;
pub const ROAMING_CONSORTIUM: u16 = 261;
pub const NAI_REALM: u16 = 263;
pub const CELLULAR_3GPP: u16 = 264;
pub const DOMAIN_NAME: u16 = 268;
pub const VENDOR_SPECIFIC: u16 = 56797;

/// Adds every ANQP element of a Query Response to `into`.
pub fn parse_response(mut b: &[u8], into: &mut Anqp) {
    while b.len() >= 4 {
        let id = u16::from_le_bytes([b[0], b[1]]);
        let len = u16::from_le_bytes([b[2], b[3]]) as usize;
        let Some(payload) = b.get(4..4 + len) else {
            return;
        };
        apply(id, payload, into);
        b = &b[4 + len..];
    }
}

/// One element's payload into the model (unknown ids are ignored).
pub fn apply(id: u16, payload: &[u8], into: &mut Anqp) {
    match id {
        NAI_REALM => {
            if let Some(r) = nai_realm_list(payload) {
                into.nai_realms = Some(r);
            }
        }
        ROAMING_CONSORTIUM => into.roaming_consortium = Some(duples(payload)),
        DOMAIN_NAME => {
            into.domain_names = Some(
                duples(payload)
                    .into_iter()
                    .map(|d| String::from_utf8_lossy(&d).into_owned())
                    .collect(),
            )
        }
        CELLULAR_3GPP => into.plmns = Some(plmn_list(payload)),
        VENUE_NAME => into.venue_names = names_with_language(payload.get(2..).unwrap_or_default()),
        // Wi-Fi Alliance HS 2.0 ANQP: OI 50:6F:9A, type 0x11, subtype 3 = Operator Friendly Name
        VENDOR_SPECIFIC
            if payload.len() >= 6
                && payload[..4] == [0x50, 0x6f, 0x9a, 0x11]
                && payload[4] == 3 =>
        {
            into.operator_names = names_with_language(&payload[6..]);
        }
        _ => {}
    }
}

/// NAI Realm list: count (u16 LE), then per entry: length (u16 LE), encoding, realm length, realm
/// (';'-separated realms), EAP method count, per method: length, method, parameter count, per
/// parameter: id, length, value.
pub fn nai_realm_list(b: &[u8]) -> Option<Vec<NaiRealm>> {
    let count = u16::from_le_bytes([*b.first()?, *b.get(1)?]);
    let mut pos = 2;
    let mut out = Vec::new();
    for _ in 0..count {
        let len = u16::from_le_bytes([*b.get(pos)?, *b.get(pos + 1)?]) as usize;
        let entry = b.get(pos + 2..pos + 2 + len)?;
        pos += 2 + len;
        let realm_len = *entry.get(1)? as usize;
        let realm = String::from_utf8_lossy(entry.get(2..2 + realm_len)?).into_owned();
        let mut p = 2 + realm_len;
        let eap_count = *entry.get(p)?;
        p += 1;
        let mut eap_methods = Vec::new();
        for _ in 0..eap_count {
            let mlen = *entry.get(p)? as usize;
            let m = entry.get(p + 1..p + 1 + mlen)?;
            p += 1 + mlen;
            let method = *m.first()?;
            let params = *m.get(1)?;
            let mut q = 2;
            let mut auth_params = Vec::new();
            for _ in 0..params {
                let id = *m.get(q)?;
                let l = *m.get(q + 1)? as usize;
                auth_params.push((id, m.get(q + 2..q + 2 + l)?.to_vec()));
                q += 2 + l;
            }
            eap_methods.push(EapMethod {
                method,
                auth_params,
            });
        }
        out.push(NaiRealm {
            realms: realm.split(';').map(str::to_string).collect(),
            eap_methods,
        });
    }
    Some(out)
}

/// Length-prefixed values (Roaming Consortium list, Domain Name list).
pub fn duples(mut b: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    while let Some((&len, rest)) = b.split_first() {
        let Some(v) = rest.get(..len as usize) else {
            break;
        };
        out.push(v.to_vec());
        b = &rest[len as usize..];
    }
    out
}

/// 3GPP Cellular Network information: GUD version, UDHL, then information elements; IEI 0 is the
/// PLMN list (count, then 3 octets of BCD per PLMN, 3GPP TS 24.234 8.1.4 / TS 24.302).
pub fn plmn_list(b: &[u8]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut pos = 2;
    while let (Some(&iei), Some(&len)) = (b.get(pos), b.get(pos + 1)) {
        let Some(body) = b.get(pos + 2..pos + 2 + len as usize) else {
            break;
        };
        if iei == 0 {
            let n = *body.first().unwrap_or(&0) as usize;
            for i in 0..n {
                let Some(p) = body.get(1 + 3 * i..4 + 3 * i) else {
                    break;
                };
                let d = |x: u8| char::from_digit(u32::from(x), 10);
                let mcc: String = [p[0] & 0x0f, p[0] >> 4, p[1] & 0x0f]
                    .into_iter()
                    .filter_map(d)
                    .collect();
                let mnc: String = [p[2] & 0x0f, p[2] >> 4, p[1] >> 4]
                    .into_iter()
                    .filter_map(d)
                    .collect();
                out.push((mcc, mnc));
            }
        }
        pos += 2 + len as usize;
    }
    out
}

/// Venue Name / Operator Friendly Name duples: length, 3-octet language code, UTF-8 name.
fn names_with_language(b: &[u8]) -> Vec<String> {
    duples(b)
        .into_iter()
        .filter(|d| d.len() >= 3)
        .map(|d| String::from_utf8_lossy(&d[3..]).into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nai_realm_list_with_methods_and_credential_types() {
        // one entry: realm "example.com", EAP-TLS with credential type 6 (certificate)
        let mut entry = vec![0u8, 11];
        entry.extend_from_slice(b"example.com");
        entry.extend_from_slice(&[1, 5, 13, 1, 5, 1, 6]);
        let mut b = vec![1, 0, entry.len() as u8, 0];
        b.extend_from_slice(&entry);
        let r = nai_realm_list(&b).unwrap();
        assert_eq!(r[0].realms, vec!["example.com"]);
        assert_eq!(r[0].eap_methods[0].method, 13);
        assert_eq!(r[0].eap_methods[0].auth_params, vec![(5, vec![6])]);
        // truncated: None, not a guess
        assert_eq!(nai_realm_list(&b[..b.len() - 2]), None);
    }

    #[test]
    fn plmn_bcd_two_and_three_digit_mnc() {
        // 244,91 (MNC 2 digits: filler F) and 310,026
        let b = [0, 7, 0, 7, 2, 0x42, 0xf4, 0x19, 0x13, 0x60, 0x20];
        assert_eq!(
            plmn_list(&b),
            vec![("244".into(), "91".into()), ("310".into(), "026".into())]
        );
    }

    #[test]
    fn response_list_fills_the_model() {
        let mut b = Vec::new();
        let dom = [11u8]
            .iter()
            .copied()
            .chain(*b"example.com")
            .collect::<Vec<_>>();
        b.extend_from_slice(&DOMAIN_NAME.to_le_bytes());
        b.extend_from_slice(&(dom.len() as u16).to_le_bytes());
        b.extend_from_slice(&dom);
        b.extend_from_slice(&ROAMING_CONSORTIUM.to_le_bytes());
        b.extend_from_slice(&6u16.to_le_bytes());
        b.extend_from_slice(&[5, 0x5a, 0x03, 0xba, 0, 0]);
        let mut a = Anqp::default();
        parse_response(&b, &mut a);
        assert_eq!(a.domain_names, Some(vec!["example.com".to_string()]));
        assert_eq!(
            a.roaming_consortium,
            Some(vec![vec![0x5a, 0x03, 0xba, 0, 0]])
        );
    }
}
