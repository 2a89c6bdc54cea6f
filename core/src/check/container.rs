//! P12-* rules on the container's algorithms and password.

use super::Password;
use crate::finding::Finding;
use crate::pkcs12::inventory::Inventory;
use crate::rules::catalogue::*;

pub fn check(inv: &Inventory, password: &Password, out: &mut Vec<Finding>) {
    algorithms(inv, true, out);
    if password.expose().is_empty() {
        out.push(Finding::new(
            &P12_EMPTY_PASSWORD,
            "the file opened with an empty password",
        ));
    }
}

/// The rules that need no password: encryption, MAC, unencrypted bags, BER.
/// `mac_verified`: the file was opened with its password (so a BER file's MAC was checked).
pub fn algorithms(inv: &Inventory, mac_verified: bool, out: &mut Vec<Finding>) {
    let modern: Vec<String> = [
        ("certificates", &inv.certificate_encryption),
        ("key", &inv.key_encryption),
    ]
    .into_iter()
    .flat_map(|(what, pbes)| {
        pbes.iter()
            // PBES2 that Apple's current importer refuses is an importer error instead.
            .filter(|p| !p.legacy && p.apple_refuses.is_none())
            .map(move |p| format!("{what}: {}", p.describe()))
    })
    .collect();
    if !modern.is_empty() {
        out.push(Finding::new(&P12_MODERN_ENCRYPTION, modern.join("; ")));
    }
    match &inv.mac {
        // No MAC, PBMAC1 and unknown digests are importer errors (check::importer).
        None => {}
        Some(mac)
            if !matches!(
                mac.algorithm.as_str(),
                "SHA-224" | "SHA-256" | "SHA-384" | "SHA-512"
            ) => {}
        Some(mac) => out.push(Finding::new(
            &P12_MAC_NOT_SHA1,
            format!(
                "MAC: {} ({} iterations, {}-byte salt)",
                mac.algorithm, mac.iterations, mac.salt_len
            ),
        )),
    }
    if inv.plain_key_bags > 0 {
        out.push(Finding::new(
            &P12_UNENCRYPTED_KEY,
            format!("{} unencrypted key bag(s)", inv.plain_key_bags),
        ));
    }
    if inv.ber_encoded {
        out.push(Finding::new(
            &P12_BER_ENCODED,
            if mac_verified {
                "re-encoded to DER before decoding; the MAC still verified"
            } else {
                "re-encoded to DER before decoding"
            },
        ));
    }
}
