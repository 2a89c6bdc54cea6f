//! How Apple matches `trustedServerNames` / `TLSTrustedServerNames` against the RADIUS server
//! certificate (TRUST-01, TRUST-02), as in Security's `SecPolicyCheckCertEAPTrustedServerNames`,
//! `SecCertificateCopyDNSNames` and `SecDNSMatch`:
//! - the certificate's names are its SAN dNSNames if it has any, otherwise those subject CNs
//!   that are DNS-shaped (a CN like "RADIUS Server" gives nothing to match);
//! - a trusted name may use `*` only as the whole leftmost label, with at least three labels,
//!   not directly over a public suffix; partial-label wildcards never match;
//! - both names must have the same number of labels; labels compare case-insensitively;
//! - the certificate's own names are never treated as wildcards, so a `*.example.com`
//!   certificate matches only the trusted name `*.example.com` (or a wildcard entry).

/// Which names the device compares, and where they came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresentedNames {
    pub names: Vec<String>,
    /// True when the names are SAN dNSNames (CNs are then ignored).
    pub from_san: bool,
    /// CNs ignored because they are not DNS-shaped.
    pub ignored_cns: Vec<String>,
}

/// TRUST-01: SAN dNSName entries if at least one exists, else DNS-shaped subject CNs.
pub fn presented_names(dns_names: &[String], common_names: &[String]) -> PresentedNames {
    if !dns_names.is_empty() {
        return PresentedNames {
            names: dns_names.to_vec(),
            from_san: true,
            ignored_cns: Vec::new(),
        };
    }
    let (names, ignored): (Vec<String>, Vec<String>) =
        common_names.iter().cloned().partition(|cn| is_dns_name(cn));
    PresentedNames {
        names,
        from_san: false,
        ignored_cns: ignored,
    }
}

/// `SecFrameworkIsDNSName`: at most 255 characters, labels of 1..63 letters, digits, `-` or
/// `*`, no label starting or ending with `-`, and a rightmost label containing a letter.
/// A single trailing dot is allowed.
pub fn is_dns_name(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    if name.is_empty() || name.len() > 255 {
        return false;
    }
    let labels: Vec<&str> = name.split('.').collect();
    for label in &labels {
        if label.is_empty()
            || label.len() > 63
            || label.starts_with('-')
            || label.ends_with('-')
            || !label
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '*')
        {
            return false;
        }
    }
    labels
        .last()
        .is_some_and(|l| l.chars().any(|c| c.is_ascii_alphabetic()))
}

/// `SecDNSMatch(certificate_name, trusted_name)` — true when the device accepts the pair.
pub fn apple_match(certificate_name: &str, trusted_name: &str) -> bool {
    let reference = certificate_name
        .strip_suffix('.')
        .unwrap_or(certificate_name);
    if reference.is_empty() {
        return false;
    }
    let cert_labels: Vec<&str> = reference.split('.').collect();
    let pattern_labels: Vec<&str> = trusted_name.split('.').collect();
    if cert_labels.len() != pattern_labels.len() {
        return false;
    }
    let count = pattern_labels.len();
    for ix in (0..count).rev() {
        let (c, p) = (cert_labels[ix], pattern_labels[ix]);
        if p == "*" {
            if ix != 0 || count <= 2 || is_public_suffix(&pattern_labels[1..].join(".")) {
                return false;
            }
        } else if p.contains('*') || !c.eq_ignore_ascii_case(p) {
            return false;
        }
    }
    true
}

/// The looser matching most people expect (RFC 6125 on the certificate side, partial wildcards
/// anywhere on the trusted side). Used only to tell "Apple's wildcard rules differ here" apart
/// from "the names are simply different".
pub fn lenient_match(certificate_name: &str, trusted_name: &str) -> bool {
    let c: Vec<String> = certificate_name
        .trim_end_matches('.')
        .split('.')
        .map(str::to_ascii_lowercase)
        .collect();
    // Like Apple, only the certificate side's trailing dot is ignored.
    let p: Vec<String> = trusted_name
        .split('.')
        .map(str::to_ascii_lowercase)
        .collect();
    c.len() == p.len() && c.iter().zip(&p).all(|(a, b)| glob(a, b) || glob(b, a))
}

fn glob(text: &str, pattern: &str) -> bool {
    match pattern.split_once('*') {
        None => text == pattern,
        Some((pre, post)) => {
            text.len() >= pre.len() + post.len() && text.starts_with(pre) && text.ends_with(post)
        }
    }
}

/// Multi-label public suffixes a wildcard must not sit directly over (`*.co.uk`). Apple uses
/// the full public-suffix list; this short list covers the suffixes seen in RADIUS deployments.
fn is_public_suffix(suffix: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        "co.uk", "ac.uk", "gov.uk", "org.uk", "com.au", "edu.au", "net.au", "org.au", "co.jp",
        "ac.jp", "ne.jp", "or.jp", "co.nz", "ac.nz", "com.br", "com.cn", "edu.cn", "co.za",
        "ac.za", "co.in", "ac.in", "com.mx", "co.kr", "ac.kr", "com.tw", "edu.tw", "com.sg",
        "edu.sg", "com.hk", "edu.hk",
    ];
    SUFFIXES.iter().any(|s| s.eq_ignore_ascii_case(suffix))
}

/// Problems with a trusted-name entry itself (it can never match anything under TRUST-02).
pub fn trusted_name_problem(trusted_name: &str) -> Option<String> {
    let labels: Vec<&str> = trusted_name.split('.').collect();
    for (ix, label) in labels.iter().enumerate() {
        if label.contains('*') && *label != "*" {
            return Some(format!(
                "'{trusted_name}' has a partial-label wildcard ('{label}'); Apple never matches those"
            ));
        }
        if *label == "*" && ix != 0 {
            return Some(format!(
                "'{trusted_name}' has '*' in a label other than the leftmost; Apple matches '*' only as the whole leftmost label"
            ));
        }
    }
    if labels.first() == Some(&"*") {
        if labels.len() <= 2 {
            return Some(format!(
                "'{trusted_name}' puts '*' directly over a top-level domain; Apple needs at least three labels"
            ));
        }
        if is_public_suffix(&labels[1..].join(".")) {
            return Some(format!(
                "'{trusted_name}' puts '*' directly over the public suffix '{}'",
                labels[1..].join(".")
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn san_dns_names_win_and_cn_is_ignored() {
        let p = presented_names(&s(&["radius.example.com"]), &s(&["other.example.com"]));
        assert_eq!(p.names, s(&["radius.example.com"]));
        assert!(p.from_san);
    }

    #[test]
    fn dns_shaped_cn_is_used_without_san() {
        let p = presented_names(&[], &s(&["radius.example.com"]));
        assert_eq!(p.names, s(&["radius.example.com"]));
        assert!(!p.from_san);
    }

    #[test]
    fn cn_with_spaces_gives_nothing_to_match() {
        let p = presented_names(&[], &s(&["RADIUS Server"]));
        assert!(p.names.is_empty());
        assert_eq!(p.ignored_cns, s(&["RADIUS Server"]));
    }

    #[test]
    fn dns_name_shape() {
        assert!(is_dns_name("radius.example.com"));
        assert!(is_dns_name("radius.example.com."));
        assert!(is_dns_name("*.example.com"));
        assert!(!is_dns_name("RADIUS Server"));
        assert!(!is_dns_name("-radius.example.com"));
        assert!(!is_dns_name("radius-.example.com"));
        assert!(!is_dns_name("radius..example.com"));
        assert!(
            !is_dns_name("10.0.0.1"),
            "rightmost label must contain a letter"
        );
        assert!(!is_dns_name(&format!("{}.com", "a".repeat(64))));
        assert!(!is_dns_name("alice@example.com"));
    }

    #[test]
    fn exact_names_match_case_insensitively() {
        assert!(apple_match("radius.example.com", "radius.example.com"));
        assert!(apple_match("RADIUS.Example.COM", "radius.example.com"));
        assert!(!apple_match("radius.example.com", "radius2.example.com"));
    }

    #[test]
    fn trailing_dot_on_certificate_name_is_ignored() {
        assert!(apple_match("radius.example.com.", "radius.example.com"));
    }

    #[test]
    fn label_count_must_be_equal() {
        assert!(!apple_match("radius.example.com", "example.com"));
        assert!(!apple_match("a.radius.example.com", "*.example.com"));
        assert!(!apple_match("example.com", "*.example.com"));
    }

    #[test]
    fn leftmost_whole_label_wildcard_matches_one_label() {
        assert!(apple_match("radius.example.com", "*.example.com"));
        assert!(apple_match("eap.example.com", "*.example.com"));
    }

    #[test]
    fn wildcard_needs_three_labels() {
        assert!(!apple_match("example.com", "*.com"));
    }

    #[test]
    fn wildcard_not_over_public_suffix() {
        assert!(!apple_match("example.co.uk", "*.co.uk"));
        assert!(apple_match("radius.example.co.uk", "*.example.co.uk"));
    }

    #[test]
    fn partial_label_wildcards_never_match() {
        assert!(!apple_match("wpa1.example.com", "wpa*.example.com"));
        assert!(!apple_match("radius.example.com", "r*.example.com"));
        assert!(lenient_match("wpa1.example.com", "wpa*.example.com"));
    }

    #[test]
    fn wildcard_in_inner_label_never_matches() {
        // Apple's own schema example `wpa.*.example.com` does not work under SecDNSMatch.
        assert!(!apple_match("wpa.corp.example.com", "wpa.*.example.com"));
        assert!(lenient_match("wpa.corp.example.com", "wpa.*.example.com"));
    }

    #[test]
    fn wildcard_certificate_matches_only_literal_or_wildcard_entry() {
        assert!(!apple_match("*.example.com", "radius.example.com"));
        assert!(apple_match("*.example.com", "*.example.com"));
        assert!(lenient_match("*.example.com", "radius.example.com"));
    }

    #[test]
    fn trailing_dot_on_trusted_name_never_matches() {
        assert!(!apple_match("radius.example.com", "radius.example.com."));
        assert!(!lenient_match("radius.example.com", "radius.example.com."));
    }

    #[test]
    fn empty_certificate_name_never_matches() {
        assert!(!apple_match("", "*.example.com"));
        assert!(!apple_match(".", "example.com"));
    }

    #[test]
    fn trusted_name_problems_are_named() {
        assert!(trusted_name_problem("radius.example.com").is_none());
        assert!(trusted_name_problem("*.example.com").is_none());
        assert!(trusted_name_problem("wpa*.example.com")
            .unwrap()
            .contains("partial-label"));
        assert!(trusted_name_problem("wpa.*.example.com")
            .unwrap()
            .contains("leftmost"));
        assert!(trusted_name_problem("*.com")
            .unwrap()
            .contains("three labels"));
        assert!(trusted_name_problem("*.co.uk")
            .unwrap()
            .contains("public suffix"));
    }
}
