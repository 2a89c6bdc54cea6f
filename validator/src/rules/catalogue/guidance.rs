//! Keychain and entitlement pitfalls no file shows (API-09/10/11/19/20/21). Printed once as
//! guidance, never as errors.

use crate::rules::{Rule, Severity::*, Subject::Guidance};

pub static KEYCHAIN_IMPORT: Rule = Rule {
    id: "guidance-keychain-import",
    severity: Info,
    subject: Guidance,
    title: "SecPKCS12Import does not put the identity in the keychain on iOS",
    consequence: "setIdentity then returns false (\"failed to find persistent reference for identity\"); if the return value is ignored, applyConfiguration fails with error 4 (\"identity not provided\").",
    fix: "After SecPKCS12Import, SecItemAdd the SecIdentity with kSecValueRef (no kSecClass), kSecAttrAccessGroup \"<TeamID>.com.apple.networkextensionsharing\", kSecAttrAccessible kSecAttrAccessibleAfterFirstUnlock; then SecItemAdd every kSecImportItemCertChain certificate into the same group.",
    sources: &["API-09", "API-11", "API-20", "P12-01"],
    explanation: "On iOS SecPKCS12Import imports into process memory; a kSecAttrAccessGroup option to it has no documented effect.",
};

pub static SET_IDENTITY: Rule = Rule {
    id: "guidance-set-identity",
    severity: Info,
    subject: Guidance,
    title: "check setIdentity's return value and pass a SecIdentity fetched back from the keychain",
    consequence: "Passing a persistent-ref Data, or an identity not in the keychain, makes setIdentity return false and applyConfiguration fail with error 4.",
    fix: "Read the identity back with SecItemCopyMatching(kSecReturnRef: true) in the networkextensionsharing group; abort if setIdentity(_:) returns false.",
    sources: &["API-10", "API-20"],
    explanation: "setIdentity looks the identity up with kSecValueRef + kSecReturnPersistentRef; geteduroam records that persistent refs cause invalid EAP config.",
};

pub static ENTITLEMENTS: Rule = Rule {
    id: "guidance-entitlements",
    severity: Info,
    subject: Guidance,
    title: "the app needs the Hotspot Configuration entitlement and the networkextensionsharing keychain group",
    consequence: "Without keychain-access-groups containing $(AppIdentifierPrefix)com.apple.networkextensionsharing, SecItemAdd fails with errSecMissingEntitlement (-34018).",
    fix: "Enable com.apple.developer.networking.HotspotConfiguration and add $(AppIdentifierPrefix)com.apple.networkextensionsharing to keychain-access-groups (`hs20check lint App.entitlements` checks it).",
    sources: &["API-19"],
    explanation: "The group must be in the app's entitlements for SecItemAdd to write into it.",
};

pub static DUPLICATES: Rule = Rule {
    id: "guidance-duplicate-items",
    severity: Info,
    subject: Guidance,
    title: "re-importing returns errSecDuplicateItem; stale identities linger",
    consequence: "SecItemAdd returns -25299 on the second run; iOS may keep using an old identity.",
    fix: "Treat -25299 as success and fetch the existing item with kSecReturnRef; delete your own labelled items before re-provisioning (never the whole shared group).",
    sources: &["API-21"],
    explanation: "geteduroam accepts the duplicate and re-queries; Helium deletes only items with its own label prefix.",
};

pub static ALL: &[&Rule] = &[&KEYCHAIN_IMPORT, &SET_IDENTITY, &ENTITLEMENTS, &DUPLICATES];
