//! Client identity rules: key/certificate pairing, key and signature strength, EKU/KU,
//! validity, the CN as EAP identity, intermediates in the file and the chain to --ca.

use super::certs::{self, ValidityRules};
use super::{CheckRequest, IdentitySummary, InputError};
use crate::finding::Finding;
use crate::pkcs12::Opened;
use crate::rules::catalogue::*;
use crate::x509::keymatch;
use crate::x509::{CertFacts, KeyKind};

const VALIDITY: ValidityRules = ValidityRules {
    expired: &IDENTITY_EXPIRED,
    not_yet_valid: &IDENTITY_NOT_YET_VALID,
    expiring_soon: &IDENTITY_EXPIRING_SOON,
};

pub fn check(
    opened: &Opened,
    req: &CheckRequest,
    anchors: &[CertFacts],
    out: &mut Vec<Finding>,
) -> Result<IdentitySummary, InputError> {
    let certs: Vec<CertFacts> = opened
        .certs
        .iter()
        .enumerate()
        .map(|(i, c)| {
            CertFacts::from_der(&c.der).map_err(|e| InputError::Certificate {
                what: "the PKCS#12",
                index: i + 1,
                reason: e.0,
            })
        })
        .collect::<Result<_, _>>()?;

    let mut summary = IdentitySummary {
        container: opened.inventory.clone(),
        certificate: None,
        private_key: None,
        eap_identity: None,
        other_certificates: Vec::new(),
        chain: None,
    };

    match opened.keys.len() {
        0 => out.push(Finding::new(
            &IDENTITY_NO_PRIVATE_KEY,
            format!("{} certificate(s), no key bag", certs.len()),
        )),
        1 => {}
        n => out.push(Finding::new(
            &IDENTITY_MULTIPLE_KEYS,
            format!("{n} private keys in one file"),
        )),
    }

    let half = opened
        .keys
        .first()
        .and_then(|k| keymatch::public_half(&k.pkcs8_der));
    summary.private_key = half.as_ref().map(|h| h.kind.clone());
    let matching = half
        .as_ref()
        .and_then(|h| certs.iter().position(|c| keymatch::matches(h, c)));
    let leaf_index = match (matching, &half) {
        (Some(i), _) => Some(i),
        // The public half cannot be derived (Ed448 without its public key): no mismatch can
        // be claimed; take the certificate with the same key type.
        // Or the certificates sit in a part hs20check could not decrypt (named by the
        // importer finding): a mismatch cannot be claimed either.
        (None, Some(h)) if !keymatch::derivable(h) || !opened.inventory.undecrypted.is_empty() => {
            certs
                .iter()
                .position(|c| c.key == h.kind && !c.is_ca_cert())
                .or_else(|| certs.iter().position(|c| !c.is_ca_cert()))
        }
        (None, Some(h)) => {
            out.push(Finding::new(
                &IDENTITY_KEY_CERTIFICATE_MISMATCH,
                format!(
                    "private key is {}; certificates in the file: {}",
                    h.kind,
                    if certs.is_empty() {
                        "none".to_string()
                    } else {
                        certs
                            .iter()
                            .map(|c| format!("'{}' ({})", c.label(), c.key))
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                ),
            ));
            certs.iter().position(|c| !c.is_ca_cert())
        }
        (None, None) => certs.iter().position(|c| !c.is_ca_cert()),
    };
    let Some(leaf_index) = leaf_index else {
        return Ok(summary);
    };
    let leaf = certs[leaf_index].clone();
    let others: Vec<CertFacts> = certs
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != leaf_index)
        .map(|(_, c)| c.clone())
        .collect();
    summary.other_certificates = others.iter().map(|c| c.subject.clone()).collect();

    key_strength(&leaf.key, out);
    certs::weak_signatures(
        std::iter::once(&leaf).chain(&others),
        &IDENTITY_SIGNATURE_MD5,
        &IDENTITY_SIGNATURE_SHA1,
        out,
    );
    usages(&leaf, out);
    certs::validity(&leaf, req.now, &VALIDITY, out);
    summary.eap_identity = eap_identity(&leaf, req, out);

    if others.iter().any(|c| c.self_issued && c.is_ca_cert()) {
        out.push(Finding::new(
            &IDENTITY_ROOT_CA_INSIDE,
            format!(
                "root(s) in the file: {}",
                others
                    .iter()
                    .filter(|c| c.self_issued)
                    .map(|c| c.subject.clone())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        ));
    }

    let issuer_in_file = others.iter().any(|c| c.subject_raw == leaf.issuer_raw);
    let issuer_is_anchor = anchors.iter().any(|a| a.subject_raw == leaf.issuer_raw);
    let issuer_is_root_anchor = anchors
        .iter()
        .any(|a| a.subject_raw == leaf.issuer_raw && a.self_issued);
    // API-11: iOS sends the client chain it finds in the keychain, i.e. what this file holds.
    if !leaf.self_issued && !issuer_in_file && !issuer_is_root_anchor {
        out.push(Finding::new(
            &IDENTITY_INTERMEDIATES_MISSING,
            if issuer_is_anchor || anchors.is_empty() {
                format!("issuer '{}' is not in the PKCS#12", leaf.issuer)
            } else {
                format!(
                    "issuer '{}' is neither in the PKCS#12 nor one of the --ca certificates, so the chain cannot be built",
                    leaf.issuer
                )
            },
        ));
    }
    if anchors.is_empty() {
        out.push(Finding::new(
            &IDENTITY_CHAIN_NOT_CHECKED,
            "pass --ca to verify the client chain",
        ));
    } else if issuer_in_file || issuer_is_anchor || leaf.self_issued {
        summary.chain = certs::chain_to_anchor(
            &leaf,
            &others,
            anchors,
            req.now,
            &IDENTITY_CHAIN_UNTRUSTED,
            &IDENTITY_CHAIN_UNVERIFIABLE,
            out,
        );
    }
    summary.certificate = Some(leaf);
    Ok(summary)
}

fn key_strength(key: &KeyKind, out: &mut Vec<Finding>) {
    match key {
        KeyKind::Rsa { bits } if *bits < 2048 => {
            out.push(Finding::new(&IDENTITY_KEY_WEAK, format!("RSA-{bits}")))
        }
        KeyKind::Rsa { .. } => {}
        KeyKind::Ec { curve } if curve == "P-256" || curve == "P-384" => {}
        // Key types a SecIdentity cannot hold are the importer's error (p12-import-key-type).
        KeyKind::Ed25519 | KeyKind::Ed448 | KeyKind::Other { .. } => {}
        other => out.push(Finding::new(&IDENTITY_KEY_UNUSUAL, other.to_string())),
    }
}

fn usages(leaf: &CertFacts, out: &mut Vec<Finding>) {
    if let Some(eku) = &leaf.eku {
        if !eku.client_auth && !eku.any {
            out.push(Finding::new(
                &IDENTITY_EKU_MISSING_CLIENT_AUTH,
                format!("EKU: {}", eku.purposes.join(", ")),
            ));
        }
    }
    if leaf.key_usage_digital_signature == Some(false) {
        out.push(Finding::new(
            &IDENTITY_KEY_USAGE_MISSING_DIGITAL_SIGNATURE,
            "keyUsage is present without digitalSignature",
        ));
    }
}

/// API-17 / CERT-02: the CN is what the device sends as EAP identity.
fn eap_identity(leaf: &CertFacts, req: &CheckRequest, out: &mut Vec<Finding>) -> Option<String> {
    let Some(cn) = leaf.common_names.first().cloned() else {
        out.push(Finding::new(
            &IDENTITY_NO_COMMON_NAME,
            format!("subject: {}", leaf.subject),
        ));
        return None;
    };
    match cn.rsplit_once('@') {
        Some((user, realm)) if !user.is_empty() && !realm.is_empty() => {
            let realms: Vec<&str> = std::iter::once(req.realm.as_str())
                .chain(req.nai_realms.iter().map(String::as_str))
                .collect();
            // A realm routes to us when it equals a configured realm or is a subdomain of it.
            let routed = realms.iter().any(|r| {
                realm.eq_ignore_ascii_case(r)
                    || realm
                        .to_ascii_lowercase()
                        .ends_with(&format!(".{}", r.to_ascii_lowercase()))
            });
            if !routed {
                out.push(
                    Finding::new(
                        &IDENTITY_CN_REALM_MISMATCH,
                        format!(
                            "CN '{cn}' has realm '{realm}'; configured: {}",
                            realms.join(", ")
                        ),
                    )
                    .with_fix(format!(
                        "Reissue the certificate with CN = {user}@{}, or use --realm {realm}.",
                        req.realm
                    )),
                );
            }
        }
        _ => out.push(
            Finding::new(&IDENTITY_CN_NOT_NAI, format!("CN '{cn}' has no '@realm'"))
                .with_fix(nai_fix(&cn, &req.realm)),
        ),
    }
    Some(cn)
}

/// The CN to reissue with. An NAI user name (RFC 7542 utf8-atext and dots) has no spaces, commas
/// or the like, so a CN such as "Carol Smith" cannot simply get "@realm" appended.
fn nai_fix(cn: &str, realm: &str) -> String {
    let atext = |c: char| c.is_alphanumeric() || !c.is_ascii() || "!#$%&'*+-/=?^_`{|}~".contains(c);
    let valid = !cn.is_empty()
        && cn
            .split('.')
            .all(|label| !label.is_empty() && label.chars().all(atext));
    if valid {
        return format!("Reissue the certificate with CN = {cn}@{realm}.");
    }
    let user: String = cn
        .split(|c: char| !atext(c))
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(".")
        .to_lowercase();
    let user = if user.is_empty() {
        "user".to_string()
    } else {
        user
    };
    format!(
        "Reissue the certificate with CN = <user>@{realm}, e.g. {user}@{realm} (an NAI user name has no spaces or punctuation such as ',' or '@', RFC 7542)."
    )
}

#[cfg(test)]
mod tests {
    use super::nai_fix;

    #[test]
    fn a_plain_user_name_gets_the_realm_appended() {
        assert_eq!(
            nai_fix("alice", "example.com"),
            "Reissue the certificate with CN = alice@example.com."
        );
        assert!(nai_fix("first.last", "example.com").contains("CN = first.last@example.com."));
    }

    #[test]
    fn a_cn_that_is_no_nai_user_name_is_not_proposed_as_one() {
        let fix = nai_fix("Carol Smith", "example.com");
        assert!(!fix.contains("Carol Smith@"), "{fix}");
        assert!(fix.contains("e.g. carol.smith@example.com"), "{fix}");
        let fix = nai_fix("Smith, Carol (IT)", "example.com");
        assert!(fix.contains("e.g. smith.carol.it@example.com"), "{fix}");
        assert!(nai_fix("  ", "example.com").contains("e.g. user@example.com"));
    }
}
