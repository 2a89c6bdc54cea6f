//! The NEHotspot provisioning pitfalls, checked on a [`Model`] of one file. Every finding is a
//! rule of the one catalogue (`core/rules/code.toml`, plus the settings-shape, trusted-name and
//! entitlement rules reused from the other families).

use crate::model::{Call, Entry, Language, Model};
use crate::shapes::{domain_name_finding, mcc_mnc_finding, oi_finding};
use crate::LintOptions;
use hs20_core::apple::names::{apple_match, trusted_name_problem};
use hs20_core::finding::Finding;
use hs20_core::rules::catalogue::*;
use tree_sitter::Node;

/// A finding at a syntax node.
pub struct Hit<'t> {
    pub finding: Finding,
    pub node: Node<'t>,
}

const SHARING_GROUP: &str = "com.apple.networkextensionsharing";
/// setTrustedServerCertificates takes at most ten certificates (API-13; `check`'s limit too).
const MAX_TRUSTED_CERTIFICATES: usize = 10;
/// The only SecPKCS12Import options with an effect on iOS.
const P12_OPTIONS_OK: &[&str] = &["kSecImportExportPassphrase", "kSecImportToMemoryOnly"];

/// Where a value comes from, as far as one file shows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Origin {
    /// `kSecImportItemIdentity` of SecPKCS12Import's result: in memory, not in the keychain.
    Import,
    /// The out-parameter of SecItemCopyMatching; `persistent` when the query asks only for
    /// kSecReturnPersistentRef.
    CopyMatching { persistent: bool },
    /// The out-parameter of SecItemAdd with kSecReturnPersistentRef.
    AddPersistentRef,
    /// A parameter, a property or a helper function's result: not followed.
    NotFollowed(String),
}

struct Checker<'m, 't> {
    m: &'m Model<'t>,
    opts: &'m LintOptions,
    hits: Vec<Hit<'t>>,
}

pub fn check<'t>(m: &Model<'t>, opts: &LintOptions) -> Vec<Hit<'t>> {
    let mut c = Checker {
        m,
        opts,
        hits: Vec::new(),
    };
    c.parse_errors();
    c.keychain();
    c.set_identity();
    c.eap_settings();
    c.too_many_certificates();
    c.hs20();
    c.hits
        .sort_by_key(|h| (h.node.start_byte(), h.finding.rule.id));
    c.hits
}

fn has_key(entries: &[Entry], key: &str) -> bool {
    entries.iter().any(|e| e.key == key)
}

fn get<'a, 't>(entries: &'a [Entry<'t>], key: &str) -> Option<&'a Entry<'t>> {
    entries.iter().find(|e| e.key == key)
}

impl<'m, 't> Checker<'m, 't> {
    fn hit(&mut self, node: Node<'t>, finding: Finding) {
        self.hits.push(Hit { finding, node });
    }

    fn parse_errors(&mut self) {
        // One finding per line, at most five per file.
        let mut lines = Vec::new();
        for n in &self.m.errors {
            let line = n.start_position().row;
            if lines.contains(&line) {
                continue;
            }
            if lines.len() == 5 {
                break;
            }
            lines.push(line);
            let what = if n.is_missing() {
                format!("expected {} here", n.kind())
            } else {
                let t: String = self.m.text(*n).chars().take(40).collect();
                let (first, last) = (n.start_position().row + 1, n.end_position().row + 1);
                let span = if last > first {
                    format!(" (lines {first}–{last})")
                } else {
                    String::new()
                };
                format!("cannot parse `{}`{span}", t.replace('\n', " "))
            };
            let lang = match self.m.lang {
                Language::Swift => "Swift",
                Language::ObjC => "Objective-C",
            };
            self.hit(
                *n,
                Finding::new(&CODE_UNPARSABLE, format!("{lang}: {what}")),
            );
        }
    }

    /// Follows a value back through local bindings, casts and subscripts.
    fn origin(&self, n: Node<'t>) -> Option<Origin> {
        self.origin_depth(n, 0)
    }

    fn origin_depth(&self, n: Node<'t>, depth: usize) -> Option<Origin> {
        if depth > 8 {
            return None;
        }
        let m = self.m;
        let n = m.strip(n);
        let text = m.text(n);
        if text.contains("kSecImportItemIdentity") {
            return Some(Origin::Import);
        }
        if let Some(name) = m.ident(n) {
            if let Some(call) = m.out_param_call(&name, n) {
                let query = call.args.first().and_then(|(_, a)| m.dict(*a));
                match call.name.as_str() {
                    "SecItemCopyMatching" => {
                        let persistent = query.as_ref().is_some_and(|q| {
                            has_key(q, "kSecReturnPersistentRef") && !has_key(q, "kSecReturnRef")
                        });
                        return Some(Origin::CopyMatching { persistent });
                    }
                    "SecItemAdd"
                        if query
                            .as_ref()
                            .is_some_and(|q| has_key(q, "kSecReturnPersistentRef")) =>
                    {
                        return Some(Origin::AddPersistentRef)
                    }
                    _ => {}
                }
            }
            let bound = m.lookup(&name, n);
            if let Some(b) = bound {
                if let Some(o) = self.origin_depth(b, depth + 1) {
                    return Some(o);
                }
            }
            if m.params.contains(&name) {
                return Some(Origin::NotFollowed(format!("the parameter `{name}`")));
            }
            if bound.is_none() {
                return Some(Origin::NotFollowed(format!("`{name}`, defined elsewhere")));
            }
            return None;
        }
        match n.kind() {
            // `items[0][key]`, `dict[key] as! SecIdentity`, `x.first`, `x!`
            "call_expression"
            | "navigation_expression"
            | "subscript_expression"
            | "field_expression"
            | "postfix_expression"
            | "message_expression" => {
                // A helper's result: `loadIdentity()` / `[self identity]`.
                if let Some(call) = m.calls.iter().find(|c| c.node == n) {
                    if !matches!(
                        call.name.as_str(),
                        "first" | "firstObject" | "objectForKey" | "object" | "lastObject"
                    ) && n.kind() != "navigation_expression"
                    {
                        let callee_is_var = n
                            .named_child(0)
                            .and_then(|c| m.ident(c))
                            .is_some_and(|v| m.lookup(&v, n).is_some());
                        if !callee_is_var {
                            return Some(self.helper_origin(&call.name));
                        }
                    }
                }
                let inner = n
                    .named_child(0)
                    .or_else(|| n.child_by_field_name("argument"))?;
                self.origin_depth(inner, depth + 1)
            }
            _ => None,
        }
    }

    /// The result of a helper: followed when the helper is defined in this file and fetches
    /// the identity with SecItemCopyMatching (or returns SecPKCS12Import's in-memory identity).
    fn helper_origin(&self, name: &str) -> Origin {
        let m = self.m;
        let Some(def) = m.functions.get(name) else {
            return Origin::NotFollowed(format!("the result of `{name}`, defined in another file"));
        };
        let range = def.byte_range();
        let inside = |n: Node| range.contains(&n.start_byte());
        if let Some(call) = m
            .calls_named(&["SecItemCopyMatching"])
            .find(|c| inside(c.node))
        {
            let persistent = call
                .args
                .first()
                .and_then(|(_, a)| m.dict(*a))
                .is_some_and(|q| {
                    has_key(&q, "kSecReturnPersistentRef") && !has_key(&q, "kSecReturnRef")
                });
            return Origin::CopyMatching { persistent };
        }
        if m.text(*def).contains("kSecImportItemIdentity") {
            return Origin::Import;
        }
        Origin::NotFollowed(format!(
            "the result of `{name}`, which does not fetch it with SecItemCopyMatching"
        ))
    }

    /// SecPKCS12Import options; SecItemAdd of identity and chain; duplicates; stale items.
    fn keychain(&mut self) {
        let m = self.m;
        // Keychain code for other purposes (a URLSession client certificate, passwords) is not
        // judged: only files that touch NEHotspot or the sharing group are provisioning code.
        let provisioning = m.src.contains("NEHotspot") || m.src.contains(SHARING_GROUP);
        if !provisioning {
            return;
        }
        let imports: Vec<&Call> = m.calls_named(&["SecPKCS12Import"]).collect();
        for call in &imports {
            let Some((_, opts)) = call.args.get(1) else {
                continue;
            };
            if let Some(entries) = m.dict(*opts) {
                for e in entries {
                    if !P12_OPTIONS_OK.contains(&e.key.as_str()) {
                        self.hit(
                            e.key_node,
                            Finding::new(
                                &CODE_P12IMPORT_OPTIONS_IGNORED,
                                format!("SecPKCS12Import option {} has no effect on iOS", e.key),
                            ),
                        );
                    }
                }
            }
        }

        // Every SecItemAdd: its attributes, classified by what kSecValueRef holds.
        let mut identity_adds: Vec<(&Call, Vec<Entry>)> = Vec::new();
        let mut cert_adds: Vec<(&Call, Vec<Entry>)> = Vec::new();
        let mut unresolved_adds: Vec<&Call> = Vec::new();
        for call in m.calls_named(&["SecItemAdd"]) {
            let Some(entries) = call.args.first().and_then(|(_, a)| m.dict(*a)) else {
                unresolved_adds.push(call);
                continue;
            };
            let Some(value) = get(&entries, "kSecValueRef") else {
                continue;
            };
            if self.is_identity_value(value.value, &entries) {
                identity_adds.push((call, entries));
            } else {
                cert_adds.push((call, entries));
            }
        }

        for (call, entries) in &identity_adds {
            if let Some(class) = get(entries, "kSecClass") {
                self.hit(
                    class.key_node,
                    Finding::new(
                        &CODE_ADD_IDENTITY_WITH_CLASS,
                        format!(
                            "SecItemAdd of the identity passes kSecClass = {}",
                            m.text(m.strip(class.value))
                        ),
                    ),
                );
            }
            self.check_group(call, entries, "identity");
        }
        for (call, entries) in &cert_adds {
            self.check_group(call, entries, "certificate");
        }

        if let Some(import) = imports.first() {
            if identity_adds.is_empty() {
                if let Some(add) = unresolved_adds.first() {
                    self.hit(
                        add.node,
                        Finding::new(
                            &CODE_NOT_FOLLOWED,
                            "the attributes of this SecItemAdd are built where the linter cannot see them, so whether the imported identity reaches the keychain was not checked",
                        ),
                    );
                } else {
                    self.hit(
                        import.node,
                        Finding::new(
                            &CODE_IDENTITY_NOT_IN_KEYCHAIN,
                            "SecPKCS12Import's identity is never passed to SecItemAdd (kSecValueRef) in this file",
                        ),
                    );
                }
            } else {
                let chain_added = cert_adds.iter().any(|(_, e)| {
                    get(e, "kSecValueRef").is_some_and(|v| self.is_chain_value(v.value))
                });
                if !chain_added {
                    self.hit(
                        identity_adds[0].0.node,
                        Finding::new(
                            &CODE_CHAIN_NOT_ADDED,
                            "the identity is added, but no certificate of kSecImportItemCertChain is",
                        ),
                    );
                }
            }
        }

        if let Some((first, _)) = identity_adds.first() {
            let handles_duplicate = m.mentions("errSecDuplicateItem")
                || m.src.contains("-25299")
                || m.src.contains("duplicateItem");
            let checks_status = m.mentions("errSecSuccess") || m.mentions("noErr");
            if checks_status && !handles_duplicate {
                self.hit(
                    first.node,
                    Finding::new(
                        &CODE_DUPLICATE_ITEM_FAILURE,
                        "the SecItemAdd status is compared with errSecSuccess, and errSecDuplicateItem (-25299) is never handled",
                    ),
                );
            }
            let deletes_by_label = m.calls_named(&["SecItemDelete"]).any(|d| {
                d.args
                    .first()
                    .and_then(|(_, a)| m.dict(*a))
                    .is_some_and(|q| {
                        // Deleting certificates by label does not remove an old identity.
                        has_key(&q, "kSecAttrLabel")
                            && get(&q, "kSecClass")
                                .is_none_or(|c| m.text(c.value).contains("Identity"))
                    })
            });
            if !deletes_by_label {
                self.hit(
                    first.node,
                    Finding::new(
                        &CODE_STALE_IDENTITY_NOT_DELETED,
                        "no SecItemDelete with kSecAttrLabel removes the previous identity before this SecItemAdd",
                    ),
                );
            }
        }
    }

    /// Access group and accessibility of one SecItemAdd.
    fn check_group(&mut self, call: &Call<'t>, entries: &[Entry<'t>], what: &str) {
        let m = self.m;
        match get(entries, "kSecAttrAccessGroup") {
            None => self.hit(
                call.node,
                Finding::new(
                    &CODE_KEYCHAIN_GROUP_MISSING,
                    format!("SecItemAdd of the {what} has no kSecAttrAccessGroup"),
                ),
            ),
            Some(e) => {
                if let Some(group) = self.string_value(e.value) {
                    if !group.ends_with(SHARING_GROUP) {
                        self.hit(
                            e.value,
                            Finding::new(
                                &CODE_KEYCHAIN_GROUP_MISSING,
                                format!("SecItemAdd of the {what} uses access group \"{group}\""),
                            ),
                        );
                    }
                }
            }
        }
        let accessible = get(entries, "kSecAttrAccessible");
        let ok = accessible.is_some_and(|e| m.text(e.value).contains("AfterFirstUnlock"));
        if !ok {
            let (node, detail) = match accessible {
                Some(e) => (
                    e.value,
                    format!(
                        "SecItemAdd of the {what} uses kSecAttrAccessible = {}",
                        m.text(m.strip(e.value))
                    ),
                ),
                None => (
                    call.node,
                    format!("SecItemAdd of the {what} has no kSecAttrAccessible (default: WhenUnlocked)"),
                ),
            };
            self.hit(node, Finding::new(&CODE_KEYCHAIN_ACCESSIBLE_LOCKED, detail));
        }
    }

    /// A string literal, directly or through a `let` binding.
    fn string_value(&self, n: Node<'t>) -> Option<String> {
        let m = self.m;
        if let Some(s) = m.string_literal(n) {
            return Some(s);
        }
        let name = m.ident(m.strip(n))?;
        m.string_literal(m.lookup(&name, m.strip(n))?)
    }

    fn is_identity_value(&self, value: Node<'t>, entries: &[Entry<'t>]) -> bool {
        if get(entries, "kSecClass").is_some_and(|c| self.m.text(c.value).contains("Identity")) {
            return true;
        }
        if get(entries, "kSecClass").is_some_and(|c| self.m.text(c.value).contains("Certificate")) {
            return false;
        }
        if self.origin(value) == Some(Origin::Import) {
            return true;
        }
        let text = self.m.text(self.m.strip(value)).to_ascii_lowercase();
        text.contains("identity")
    }

    fn is_chain_value(&self, value: Node<'t>) -> bool {
        let m = self.m;
        let mut n = m.strip(value);
        for _ in 0..6 {
            let text = m.text(n);
            if text.contains("kSecImportItemCertChain")
                || text.to_ascii_lowercase().contains("chain")
            {
                return true;
            }
            let Some(name) = m.ident(n) else { break };
            let Some(b) = m.lookup(&name, n) else {
                break;
            };
            n = m.strip(b);
        }
        false
    }

    /// setIdentity: where the identity comes from, and whether the result is checked.
    fn set_identity(&mut self) {
        let m = self.m;
        let calls: Vec<&Call> = m.calls_named(&["setIdentity"]).collect();
        for call in calls {
            if !call.result_used {
                self.hit(
                    call.node,
                    Finding::new(
                        &CODE_SET_IDENTITY_RESULT_IGNORED,
                        "the Bool returned by setIdentity is not checked",
                    ),
                );
            }
            let Some((_, arg)) = call.args.first() else {
                continue;
            };
            match self.origin(*arg) {
                Some(Origin::Import) => self.hit(
                    *arg,
                    Finding::new(
                        &CODE_SET_IDENTITY_NOT_FROM_KEYCHAIN,
                        format!(
                            "`{}` is SecPKCS12Import's kSecImportItemIdentity, not an identity fetched back with kSecReturnRef",
                            m.text(*arg)
                        ),
                    ),
                ),
                Some(Origin::CopyMatching { persistent: true }) | Some(Origin::AddPersistentRef) => {
                    self.hit(
                        *arg,
                        Finding::new(
                            &CODE_PERSISTENT_REF_AS_IDENTITY,
                            format!(
                                "`{}` comes from a kSecReturnPersistentRef result (Data), not a SecIdentity",
                                m.text(*arg)
                            ),
                        ),
                    )
                }
                Some(Origin::CopyMatching { persistent: false }) => {}
                Some(Origin::NotFollowed(what)) => self.hit(
                    *arg,
                    Finding::new(
                        &CODE_NOT_FOLLOWED,
                        format!(
                            "setIdentity is given {what}; the linter cannot see whether it was stored in and fetched back from the keychain"
                        ),
                    ),
                ),
                None => self.hit(
                    *arg,
                    Finding::new(
                        &CODE_NOT_FOLLOWED,
                        format!(
                            "the linter cannot follow where `{}` comes from",
                            m.text(*arg)
                        ),
                    ),
                ),
            }
        }
    }

    fn eap_settings(&mut self) {
        let m = self.m;
        let creations: Vec<Node> = m
            .calls
            .iter()
            .filter(|c| {
                c.name == "NEHotspotEAPSettings"
                    || (matches!(c.name.as_str(), "init" | "new")
                        && m.text(c.node).contains("NEHotspotEAPSettings"))
            })
            .map(|c| c.node)
            .collect();

        // EAP types.
        // The functions that build EAP-TLS settings (credentials elsewhere are for PEAP/TTLS).
        let mut tls_functions = Vec::new();
        for a in m
            .assigns
            .iter()
            .filter(|a| a.property == "supportedEAPTypes")
        {
            let Some(elements) = m.array_elements(a.value) else {
                continue;
            };
            let mut types = Vec::new();
            for e in elements {
                match self.eap_type(e) {
                    Some(t) if [13, 21, 25, 43].contains(&t) => types.push(t),
                    Some(t) => self.hit(
                        e,
                        Finding::new(
                            &CODE_EAP_TYPE_INVALID,
                            format!("supportedEAPTypes contains {t}"),
                        ),
                    ),
                    None => {}
                }
            }
            if types.contains(&13) {
                tls_functions.push(crate::model::function_of(a.node));
                let others: Vec<&str> = types
                    .iter()
                    .filter_map(|t| match t {
                        21 => Some("TTLS"),
                        25 => Some("PEAP"),
                        43 => Some("EAP-FAST"),
                        _ => None,
                    })
                    .collect();
                if !others.is_empty() {
                    self.hit(
                        a.node,
                        Finding::new(
                            &CODE_EAP_TLS_COMBINED,
                            format!(
                                "supportedEAPTypes has EAP-TLS together with {}",
                                others.join(", ")
                            ),
                        ),
                    );
                }
            }
        }
        if !tls_functions.is_empty() {
            for a in m.assigns.iter().filter(|a| {
                matches!(
                    a.property.as_str(),
                    "outerIdentity" | "username" | "password"
                ) && tls_functions.contains(&crate::model::function_of(a.node))
            }) {
                self.hit(
                    a.node,
                    Finding::new(
                        &CODE_EAP_TLS_CREDENTIALS_IGNORED,
                        format!("{} is set on EAP-TLS settings", a.property),
                    ),
                );
            }
        }

        // Trust.
        let names: Vec<_> = m
            .assigns
            .iter()
            .filter(|a| a.property == "trustedServerNames")
            .collect();
        let cert_calls: Vec<&Call> = m.calls_named(&["setTrustedServerCertificates"]).collect();
        let mut any_name = false;
        for a in &names {
            let Some(elements) = m.array_elements(a.value) else {
                any_name = true; // built elsewhere: not judged
                continue;
            };
            any_name |= !elements.is_empty();
            for e in elements {
                self.trusted_name(e);
            }
        }
        if !any_name && cert_calls.is_empty() {
            if let Some(n) = creations.first() {
                self.hit(
                    *n,
                    Finding::new(
                        &CODE_NO_SERVER_TRUST,
                        if names.is_empty() {
                            "trustedServerNames is never set and setTrustedServerCertificates is never called".to_string()
                        } else {
                            "trustedServerNames is set to an empty list and setTrustedServerCertificates is never called".to_string()
                        },
                    ),
                );
            }
        }
        let certs_in_keychain = m.calls_named(&["SecItemAdd"]).any(|c| {
            c.args
                .first()
                .and_then(|(_, a)| m.dict(*a))
                .is_some_and(|e| {
                    get(&e, "kSecValueRef").is_some_and(|v| !self.is_identity_value(v.value, &e))
                        && !get(&e, "kSecValueRef").is_some_and(|v| self.is_chain_value(v.value))
                })
        });
        for call in cert_calls {
            if !certs_in_keychain {
                self.hit(
                    call.node,
                    Finding::new(
                        &CODE_TRUSTED_CERTIFICATES_NOT_IN_KEYCHAIN,
                        "no SecItemAdd in this file stores the CA certificate(s) passed to setTrustedServerCertificates",
                    ),
                );
            } else if !call.result_used {
                self.hit(
                    call.node,
                    Finding::new(
                        &CODE_TRUSTED_CERTIFICATES_RESULT_IGNORED,
                        "the Bool returned by setTrustedServerCertificates is not checked",
                    ),
                );
            }
        }
    }

    /// The EAP type number of one supportedEAPTypes element.
    fn eap_type(&self, e: Node<'t>) -> Option<i64> {
        let m = self.m;
        let text = m.text(e);
        for (name, t) in [("TTLS", 21), ("PEAP", 25), ("FAST", 43), ("TLS", 13)] {
            let suffix_ok = text.contains(&format!("EAP{name}"))
                || text.contains(&format!("EAPType{name}"))
                || text.contains(&format!(".{}", name.to_ascii_lowercase()));
            if suffix_ok {
                return Some(t);
            }
        }
        let digits: String = text
            .chars()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(|c| c.is_ascii_digit())
            .collect();
        digits.parse().ok()
    }

    fn trusted_name(&mut self, e: Node<'t>) {
        let m = self.m;
        if let Some(name) = m.string_literal(e) {
            if let Some(problem) = trusted_name_problem(&name) {
                self.hit(e, Finding::new(&TRUSTED_NAME_INVALID_WILDCARD, problem));
                return;
            }
            if let Some(presented) = &self.opts.server_names {
                if !presented.iter().any(|p| apple_match(p, &name)) {
                    self.hit(
                        e,
                        Finding::new(
                            &SERVER_NAME_MISMATCH,
                            format!(
                                "trustedServerNames has \"{name}\"; the server certificate presents {}",
                                quote_list(presented)
                            ),
                        )
                        .with_fix(format!(
                            "Use trustedServerNames = [{}].",
                            quote_list(presented)
                        )),
                    );
                }
            } else if !self.opts.trusted_server_names.is_empty()
                && !self
                    .opts
                    .trusted_server_names
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case(&name))
            {
                self.hit(
                    e,
                    Finding::new(
                        &SERVER_NAME_MISMATCH,
                        format!(
                            "trustedServerNames has \"{name}\", not the --trusted-server-name {}",
                            quote_list(&self.opts.trusted_server_names)
                        ),
                    )
                    .with_fix(format!(
                        "Use trustedServerNames = [{}].",
                        quote_list(&self.opts.trusted_server_names)
                    )),
                );
            } else if self
                .realm_literals()
                .iter()
                .any(|r| r.eq_ignore_ascii_case(&name))
            {
                self.hit(
                    e,
                    Finding::new(
                        &CODE_TRUSTED_NAMES_REALM,
                        format!(
                            "trustedServerNames has \"{name}\", the Hotspot 2.0 domain / NAI realm; a RADIUS certificate usually presents a host name such as \"radius.{name}\""
                        ),
                    )
                    .with_fix("Set trustedServerNames to the SAN dNSName of the RADIUS server certificate (run with --server-cert to check it)."),
                );
            }
            return;
        }
        let Some(var) = m.ident(m.strip(e)).or_else(|| m.member_name(e)) else {
            return;
        };
        let lower = var.to_ascii_lowercase();
        if !(lower.contains("realm") || lower.contains("domain")) {
            return;
        }
        let (detail, fix) = match (&self.opts.server_names, self.opts.trusted_server_names.is_empty()) {
            (Some(p), _) => (
                format!(
                    "trustedServerNames = [{var}]; the server certificate presents {}",
                    quote_list(p)
                ),
                format!("Use trustedServerNames = [{}].", quote_list(p)),
            ),
            (None, false) => (
                format!(
                    "trustedServerNames = [{var}]; the server presents {}",
                    quote_list(&self.opts.trusted_server_names)
                ),
                format!(
                    "Use trustedServerNames = [{}].",
                    quote_list(&self.opts.trusted_server_names)
                ),
            ),
            (None, true) => (
                format!(
                    "trustedServerNames = [{var}]; a RADIUS certificate usually presents a host name such as \"radius.<{var}>\", not the {}",
                    if lower.contains("realm") { "realm" } else { "domain" }
                ),
                "Set trustedServerNames to the SAN dNSName of the RADIUS server certificate (run with --server-cert to get it).".to_string(),
            ),
        };
        self.hit(
            e,
            Finding::new(&CODE_TRUSTED_NAMES_REALM, detail).with_fix(fix),
        );
    }

    /// String literals used as the Hotspot 2.0 domain name or NAI realms.
    fn realm_literals(&self) -> Vec<String> {
        let m = self.m;
        let mut out = Vec::new();
        for call in &m.calls {
            let domain = match call.name.as_str() {
                "NEHotspotHS20Settings" => call
                    .args
                    .iter()
                    .find(|(l, _)| l.as_deref() == Some("domainName")),
                "initWithDomainName" => call.args.first(),
                _ => None,
            };
            out.extend(domain.and_then(|(_, d)| m.string_literal(*d)));
        }
        for a in m.assigns.iter().filter(|a| a.property == "naiRealmNames") {
            for e in m.array_elements(a.value).unwrap_or_default() {
                out.extend(m.string_literal(e));
            }
        }
        out
    }

    /// setTrustedServerCertificates with more than ten certificates in an array literal.
    fn too_many_certificates(&mut self) {
        let m = self.m;
        for call in m.calls_named(&["setTrustedServerCertificates"]) {
            let Some((_, arg)) = call.args.first() else {
                continue;
            };
            let Some(elements) = m.array_elements(*arg) else {
                continue;
            };
            if elements.len() > MAX_TRUSTED_CERTIFICATES {
                self.hit(
                    call.node,
                    Finding::new(
                        &SETTINGS_TOO_MANY_TRUSTED_CERTIFICATES,
                        format!(
                            "setTrustedServerCertificates is given {} certificates",
                            elements.len()
                        ),
                    ),
                );
            }
        }
    }

    fn hs20(&mut self) {
        let m = self.m;
        let hs20_used = m.mentions("NEHotspotHS20Settings");
        let eap_used = m.mentions("NEHotspotEAPSettings");
        for call in &m.calls {
            let domain = match (m.lang, call.name.as_str()) {
                (Language::Swift, "NEHotspotHS20Settings") => call
                    .args
                    .iter()
                    .find(|(l, _)| l.as_deref() == Some("domainName")),
                (Language::ObjC, "initWithDomainName") => call.args.first(),
                _ => None,
            };
            if let Some((_, d)) = domain {
                if let Some(s) = m.string_literal(*d) {
                    if let Some(f) = domain_name_finding(&s) {
                        self.hit(*d, f);
                    }
                }
            }
        }
        for a in &m.assigns {
            let shape: fn(&str) -> Option<Finding> = match a.property.as_str() {
                "roamingConsortiumOIs" => oi_finding,
                "MCCAndMNCs" | "mccAndMNCs" => mcc_mnc_finding,
                "joinOnce" => {
                    let t = m.text(m.strip(a.value));
                    if (t == "true" || t == "YES") && (hs20_used || eap_used) {
                        self.hit(
                            a.node,
                            Finding::new(
                                &CODE_JOIN_ONCE_HS20,
                                format!(
                                    "joinOnce = {t} on a configuration built from {}",
                                    if hs20_used {
                                        "NEHotspotHS20Settings"
                                    } else {
                                        "NEHotspotEAPSettings"
                                    }
                                ),
                            ),
                        );
                    }
                    continue;
                }
                _ => continue,
            };
            for e in m.array_elements(a.value).unwrap_or_default() {
                if let Some(s) = m.string_literal(e) {
                    if let Some(f) = shape(&s) {
                        self.hit(e, f);
                    }
                }
            }
        }
        let fallback = [
            "SecCertificateCopySubjectSummary",
            "SecCertificateCopyNormalizedSubjectSequence",
        ]
        .iter()
        .any(|f| m.mentions(f));
        if !fallback {
            if let Some(call) = m.calls_named(&["SecCertificateCopyCommonName"]).next() {
                self.hit(
                    call.node,
                    Finding::new(
                        &CODE_CA_LABEL_NEEDS_CN,
                        "SecCertificateCopyCommonName names the certificate, and nothing falls back when there is no CN",
                    ),
                );
            }
        }
        if let Some((_, n)) = m.identifiers.iter().find(|(n, _)| n == "NEHotspotHelper") {
            self.hit(
                *n,
                Finding::new(
                    &CODE_HOTSPOT_HELPER_DEPRECATED,
                    "NEHotspotHelper is referenced",
                ),
            );
        }
    }
}

fn quote_list(v: &[String]) -> String {
    v.iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}
