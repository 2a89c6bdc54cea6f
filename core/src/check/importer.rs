//! Apple's verdict on the container: what its published PKCS#12 importer (p12import.c,
//! p12pbegen.c, SecImportExport.c; docs/apple-importer.md) refuses. Every refusal is an error.

use super::Platform;
use crate::finding::Finding;
use crate::pkcs12::inventory::{EmptyPassword, Inventory};
use crate::rules::catalogue::*;

pub fn check(inv: &Inventory, platform: Platform, out: &mut Vec<Finding>) {
    match &inv.mac {
        None => out.push(Finding::new(&P12_IMPORT_NO_MAC, "the file has no MacData")),
        Some(mac) => {
            let known = matches!(
                mac.algorithm.as_str(),
                "SHA-1" | "SHA-224" | "SHA-256" | "SHA-384" | "SHA-512"
            );
            if !known {
                let detail = match (&mac.prf, &mac.hmac) {
                    (Some(prf), Some(hmac)) => format!(
                        "MAC: PBMAC1 (PBKDF2-{prf}, {hmac}, {} iterations, {}-byte salt)",
                        mac.iterations, mac.salt_len
                    ),
                    _ => format!(
                        "MAC: {} ({} iterations, {}-byte salt; hs20check does not verify this digest either)",
                        mac.algorithm, mac.iterations, mac.salt_len
                    ),
                };
                out.push(Finding::new(&P12_IMPORT_MAC_ALGORITHM, detail));
            }
        }
    }
    for (what, pbes) in [
        ("certificates", &inv.certificate_encryption),
        ("key", &inv.key_encryption),
    ] {
        for p in pbes {
            let Some(why) = &p.apple_refuses else {
                continue;
            };
            let rule = if p.oid == "1.2.840.113549.1.12.1.4" {
                &P12_IMPORT_2KEY_3DES
            } else if p.kdf == "PBKDF2" {
                &P12_IMPORT_PBES2_VARIANT
            } else {
                &P12_IMPORT_UNKNOWN_SCHEME
            };
            let mut detail = format!("{what}: {}; {why}", p.describe());
            if !p.unsupported.is_empty() {
                detail.push_str(&format!(
                    " (hs20check does not decrypt it either: {}; that part was not read)",
                    p.unsupported
                ));
            }
            // One finding per rule: the parts it concerns joined.
            match out.iter_mut().find(|f| std::ptr::eq(f.rule, rule)) {
                Some(f) => f.detail = format!("{}; {detail}", f.detail),
                None => out.push(Finding::new(rule, detail)),
            }
        }
    }
    let shrouded = inv
        .keys
        .iter()
        .filter(|k| k.bag == "pkcs8ShroudedKeyBag")
        .count();
    if shrouded == 0 && inv.plain_key_bags > 0 {
        out.push(Finding::new(
            &P12_IMPORT_PLAIN_KEY_ONLY,
            format!(
                "{} plain keyBag(s), no pkcs8ShroudedKeyBag",
                inv.plain_key_bags
            ),
        ));
    }
    for key in inv.keys.iter().filter(|k| k.bag == "pkcs8ShroudedKeyBag") {
        if let (Some(alg), false) = (&key.algorithm, key.apple_key_type) {
            out.push(Finding::new(
                &P12_IMPORT_KEY_TYPE,
                format!("private key: {alg}"),
            ));
        }
    }
    if let Some(enc) = inv.empty_password_encoding {
        let expected = match platform {
            Platform::Ios => EmptyPassword::TwoZeroBytes,
            Platform::Macos => EmptyPassword::ZeroLength,
        };
        if enc != expected {
            out.push(Finding::new(
                &P12_IMPORT_EMPTY_PASSWORD_ENCODING,
                format!(
                    "the file opens with an empty password in the {enc} encoding; {platform} uses the {expected} encoding"
                ),
            ));
        }
    }
    if !inv.other_bags.is_empty() {
        out.push(Finding::new(
            &P12_IMPORT_SKIPPED_BAGS,
            inv.other_bags.join(", "),
        ));
    }
}
