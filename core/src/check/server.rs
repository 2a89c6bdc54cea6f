//! RADIUS server certificate rules (TRUST-*): names as Apple matches them, EKU, chain,
//! validity, key and signature strength.

use super::certs::{self, ValidityRules};
use super::ServerSummary;
use crate::apple::names::{
    apple_match, is_dns_name, lenient_match, presented_names, trusted_name_problem,
};
use crate::finding::Finding;
use crate::rules::catalogue::*;
use crate::x509::{CertFacts, KeyKind};
use time::OffsetDateTime;

/// TRUST-01/02 on one trusted-name entry by itself (trustedServerNames, TLSTrustedServerNames,
/// a Swift literal): every delivery path asks this one function. `*.example.com` is fine.
pub fn trusted_name_finding(name: &str) -> Option<Finding> {
    if let Some(problem) = trusted_name_problem(name) {
        Some(Finding::new(&TRUSTED_NAME_INVALID_WILDCARD, problem))
    } else if name.ends_with('.') || !is_dns_name(name) {
        Some(Finding::new(
            &TRUSTED_NAME_NOT_DNS_NAME,
            format!("'{name}' is not a DNS name (letters, digits, '-' in dot-separated labels, no trailing dot)"),
        ))
    } else {
        None
    }
}

pub fn check(
    chain_certs: Option<&[CertFacts]>,
    trusted_names: &[String],
    anchors: &[CertFacts],
    now: OffsetDateTime,
    out: &mut Vec<Finding>,
) -> Option<ServerSummary> {
    for name in trusted_names {
        out.extend(trusted_name_finding(name));
    }
    let Some((leaf, intermediates)) = chain_certs.and_then(|c| c.split_first()) else {
        out.push(Finding::new(
            &SERVER_NOT_CHECKED,
            format!("trustedServerNames {trusted_names:?} were not compared with a certificate"),
        ));
        return None;
    };

    let presented = presented_names(&leaf.dns_names, &leaf.common_names);
    let mut matches = Vec::new();
    for pattern in trusted_names {
        for name in &presented.names {
            if apple_match(name, pattern) {
                matches.push((pattern.clone(), name.clone()));
            }
        }
    }
    if presented.names.is_empty() {
        out.push(Finding::new(
            &SERVER_NO_DNS_NAME,
            format!(
                "no SAN dNSName; subject CN(s) {:?} are not DNS names",
                presented.ignored_cns
            ),
        ));
    } else if matches.is_empty() && !trusted_names.is_empty() {
        name_mismatch(
            leaf,
            &presented.names,
            presented.from_san,
            trusted_names,
            out,
        );
    }
    if presented.from_san {
        for cn in &leaf.common_names {
            let same_ci = leaf.dns_names.iter().find(|d| d.eq_ignore_ascii_case(cn));
            match same_ci {
                Some(d) if d != cn => out.push(Finding::new(
                    &SERVER_CN_SAN_CASE_DIFFERS,
                    format!("CN '{cn}' vs SAN dNSName '{d}'"),
                )),
                Some(_) => {}
                None => out.push(Finding::new(
                    &SERVER_CN_IGNORED,
                    format!(
                        "CN '{cn}' is not among the SAN dNSNames {:?}",
                        leaf.dns_names
                    ),
                )),
            }
        }
    }

    if let Some(eku) = &leaf.eku {
        if !eku.server_auth && !eku.any {
            out.push(Finding::new(
                &SERVER_EKU_MISSING_SERVER_AUTH,
                format!("EKU: {}", eku.purposes.join(", ")),
            ));
        }
    }
    certs::validity(
        leaf,
        now,
        &ValidityRules {
            expired: &SERVER_EXPIRED,
            not_yet_valid: &SERVER_EXPIRED,
            expiring_soon: &SERVER_EXPIRING_SOON,
        },
        out,
    );
    if let KeyKind::Rsa { bits } = leaf.key {
        if bits < 2048 {
            out.push(Finding::new(&SERVER_KEY_WEAK, format!("RSA-{bits}")));
        }
    }
    certs::weak_signatures(
        std::iter::once(leaf).chain(intermediates),
        &SERVER_SIGNATURE_MD5,
        &SERVER_SIGNATURE_SHA1,
        out,
    );
    let chain = if anchors.is_empty() {
        None
    } else {
        certs::chain_to_anchor(
            leaf,
            intermediates,
            anchors,
            now,
            &SERVER_CHAIN_UNTRUSTED,
            &SERVER_CHAIN_UNVERIFIABLE,
            out,
        )
    };

    Some(ServerSummary {
        certificate: leaf.clone(),
        presented_names: presented.names,
        trusted_server_names: trusted_names.to_vec(),
        matches,
        chain,
    })
}

fn name_mismatch(
    leaf: &CertFacts,
    presented: &[String],
    from_san: bool,
    trusted_names: &[String],
    out: &mut Vec<Finding>,
) {
    let fix = mismatch_fix(presented, trusted_names);
    let lenient = trusted_names
        .iter()
        .any(|t| presented.iter().any(|n| lenient_match(n, t)));
    let mut detail = format!(
        "trusted names {trusted_names:?}; the certificate presents {presented:?} ({})",
        if from_san {
            "SAN dNSName"
        } else {
            "subject CN, no SAN dNSName"
        }
    );
    if from_san
        && trusted_names.iter().any(|t| {
            leaf.common_names
                .iter()
                .any(|cn| cn.eq_ignore_ascii_case(t))
        })
    {
        detail.push_str("; a trusted name equals the CN, but the CN is ignored because the certificate has SAN dNSNames");
    }
    let rule = if lenient {
        &SERVER_NAME_WILDCARD_MISMATCH
    } else {
        &SERVER_NAME_MISMATCH
    };
    out.push(Finding::new(rule, detail).with_fix(fix));
}

/// The fix for a name mismatch: the presented name closest to what the app trusts (most common
/// rightmost labels; a non-wildcard name first), and, only when a trusted entry can be a
/// certificate name at all, the certificate that would match it.
fn mismatch_fix(presented: &[String], trusted_names: &[String]) -> String {
    let labels = |n: &str| -> Vec<String> {
        n.trim_end_matches('.')
            .split('.')
            .rev()
            .map(str::to_ascii_lowercase)
            .collect()
    };
    let closeness = |name: &str| {
        let c = labels(name);
        trusted_names
            .iter()
            .map(|t| {
                c.iter()
                    .zip(labels(t))
                    .take_while(|(a, b)| **a == *b)
                    .count()
            })
            .max()
            .unwrap_or(0)
    };
    let mut best: Option<(&String, (bool, usize))> = None;
    for name in presented {
        let score = (!name.contains('*'), closeness(name));
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((name, score));
        }
    }
    let suggestion = best.map(|(n, _)| n.as_str()).unwrap_or_default();
    let mut fix =
        format!("Use trustedServerNames = [\"{suggestion}\"] (a name the certificate presents)");
    // A name that only differs by its trailing dot is already presented: reissuing won't help.
    let literal = trusted_names.iter().find(|t| {
        !t.contains('*')
            && is_dns_name(t)
            && !presented
                .iter()
                .any(|p| p.eq_ignore_ascii_case(t.trim_end_matches('.')))
    });
    let wildcard = trusted_names
        .iter()
        .find(|t| t.starts_with("*.") && trusted_name_problem(t).is_none());
    if let Some(name) = literal {
        fix.push_str(&format!(
            ", or reissue the server certificate with SAN dNSName = {}",
            name.trim_end_matches('.')
        ));
    } else if let Some(pattern) = wildcard {
        let parent = &pattern[2..];
        fix.push_str(&format!(
            ", or reissue the server certificate with a SAN dNSName exactly one label below {parent} (e.g. radius.{parent}), which {pattern} matches"
        ));
    }
    fix.push('.');
    fix
}

#[cfg(test)]
mod tests {
    use super::mismatch_fix;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn trailing_dot_fix_does_not_ask_for_a_name_the_certificate_already_has() {
        let fix = mismatch_fix(&s(&["radius.example.com"]), &s(&["radius.example.com."]));
        assert!(
            fix.contains("Use trustedServerNames = [\"radius.example.com\"]"),
            "{fix}"
        );
        assert!(!fix.contains("reissue"), "{fix}");
    }

    #[test]
    fn fix_never_asks_for_a_certificate_named_after_an_unmatchable_pattern() {
        for pattern in [
            "*.com",
            "rad*.example.com",
            "wpa.*.example.com",
            "RADIUS Server",
        ] {
            let fix = mismatch_fix(&s(&["radius.example.com"]), &s(&[pattern]));
            assert!(
                !fix.contains("reissue"),
                "{pattern}: a certificate cannot be issued for it: {fix}"
            );
            assert!(fix.contains("[\"radius.example.com\"]"), "{fix}");
        }
    }

    #[test]
    fn fix_reissues_for_a_literal_trusted_name_without_its_trailing_dot() {
        // (When the certificate already presents that name, only the dot is wrong: see
        // trailing_dot_fix_does_not_ask_for_a_name_the_certificate_already_has.)
        let fix = mismatch_fix(&s(&["eap.example.com"]), &s(&["RADIUS.example.com."]));
        assert!(fix.ends_with("SAN dNSName = RADIUS.example.com."), "{fix}");
        assert!(!fix.contains(".com.."), "{fix}");
        let fix = mismatch_fix(&s(&["radius.example.com"]), &s(&["*.com", "example.com"]));
        assert!(fix.contains("SAN dNSName = example.com."), "{fix}");
    }

    #[test]
    fn fix_for_a_valid_wildcard_names_a_certificate_it_would_match() {
        let fix = mismatch_fix(&s(&["radius.example.net"]), &s(&["*.corp.example.com"]));
        assert!(
            fix.contains("exactly one label below corp.example.com (e.g. radius.corp.example.com)"),
            "{fix}"
        );
    }

    #[test]
    fn suggestion_is_the_presented_name_closest_to_the_trusted_one() {
        let fix = mismatch_fix(
            &s(&["aaa.example.net", "radius2.example.com"]),
            &s(&["radius.example.com"]),
        );
        assert!(
            fix.starts_with("Use trustedServerNames = [\"radius2.example.com\"]"),
            "{fix}"
        );
        let fix = mismatch_fix(
            &s(&["*.example.com", "x.example.org"]),
            &s(&["radius.example.com"]),
        );
        assert!(
            fix.starts_with("Use trustedServerNames = [\"x.example.org\"]"),
            "a non-wildcard name first: {fix}"
        );
        let fix = mismatch_fix(&s(&["*.example.com"]), &s(&["radius.example.com"]));
        assert!(
            fix.starts_with("Use trustedServerNames = [\"*.example.com\"]"),
            "{fix}"
        );
    }
}
