//! The one PKCS#12 reader against the producer corpus (tests/validator/fixtures/p12-corpus,
//! made by tests/validator/make-p12-corpus.sh): every file opens with its password (or says
//! which bound stopped it), its structure is readable without the password, and what
//! `pkcs12::write` produces from it opens again as 3DES with a SHA-1 MAC.

use hs20_core::pkcs12::{self, write, P12Error};
use std::path::PathBuf;

fn corpus() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/validator/fixtures"
    ))
}

fn password() -> String {
    std::fs::read_to_string(corpus().join("password.txt"))
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string()
}

/// (file, empty password?) of every EXPECTED row, once per file.
fn files() -> Vec<(String, bool)> {
    let text = std::fs::read_to_string(corpus().join("p12-corpus/EXPECTED")).unwrap();
    let mut out: Vec<(String, bool)> = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        let name = f[0].to_string();
        if !out.iter().any(|(n, _)| *n == name) {
            out.push((name, f[3] == "empty"));
        }
    }
    out
}

#[test]
fn every_corpus_file_opens_and_rewrites() {
    let pw = password();
    let files = files();
    assert!(files.len() >= 40);
    for (name, empty) in files {
        let bytes = std::fs::read(corpus().join(format!("p12-corpus/{name}.p12"))).unwrap();
        let inv = pkcs12::inspect(&bytes).unwrap_or_else(|e| panic!("{name}: inspect: {e}"));
        assert!(inv.all_pbe().count() + inv.plain_key_bags > 0, "{name}");
        let password = if empty { "" } else { pw.as_str() };
        let opened = match pkcs12::open(&bytes, password) {
            Ok(o) => o,
            Err(P12Error::TooMuchWork { .. }) if name.contains("iter-2000000") => continue,
            Err(e) => panic!("{name}: {e}"),
        };
        assert_eq!(opened.keys.len(), 1, "{name}: keys");
        if !opened.inventory.undecrypted.is_empty() {
            continue; // the certificates sit in a part hs20check does not decrypt (named)
        }
        assert!(!opened.certs.is_empty(), "{name}: certificates");
        let certs: Vec<Vec<u8>> = opened.certs.iter().map(|c| c.der.clone()).collect();
        let written = write::legacy_3des_sha1(
            &write::IdentityParts {
                pkcs8_der: &opened.keys[0].pkcs8_der,
                certs: &certs,
                alias: "alice",
                local_key_id: &[1],
            },
            "rewritten",
        )
        .unwrap_or_else(|e| panic!("{name}: write: {e}"));
        let again = pkcs12::open(&written, "rewritten").unwrap();
        assert_eq!(again.keys[0].pkcs8_der, opened.keys[0].pkcs8_der, "{name}");
        assert_eq!(again.certs.len(), certs.len(), "{name}");
        assert_eq!(again.inventory.mac.as_ref().unwrap().algorithm, "SHA-1");
        assert!(again
            .inventory
            .all_pbe()
            .all(|p| p.name == "pbeWithSHAAnd3-KeyTripleDES-CBC"));
    }
}

#[test]
fn a_wrong_password_is_a_wrong_password_in_every_scheme() {
    for name in [
        "openssl3-legacy",
        "openssl3-default",
        "nss-default",
        "lookalike-openssl34-pbmac1",
        "openssl3-rc4-128",
    ] {
        let bytes = std::fs::read(corpus().join(format!("p12-corpus/{name}.p12"))).unwrap();
        let e = pkcs12::open(&bytes, "not-the-password").unwrap_err();
        assert!(matches!(e, P12Error::WrongPassword), "{name}: {e}");
        assert!(!e.to_string().contains("not-the-password"));
    }
    // No MAC: the decryption itself tells.
    let bytes = std::fs::read(corpus().join("p12-corpus/openssl3-nomac.p12")).unwrap();
    let e = pkcs12::open(&bytes, "not-the-password").unwrap_err();
    assert!(matches!(e, P12Error::DecryptionFailed(_)), "{e}");
}
