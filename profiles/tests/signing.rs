//! CMS signing interop with the openssl CLI: openssl accepts our signature and rejects a one-byte
//! tamper; our verifier accepts openssl's signatures (DER and streamed BER) and flags tampering.

mod common;

use std::path::Path;

use common::*;
use hs20_core::rules::catalogue;
use hs20_profiles::cms::Signer;
use hs20_profiles::lint::{lint, LintOptions};
use hs20_profiles::mobileconfig;

/// A CA and a signer issued by it, made with the openssl CLI (`key_args` picks RSA or EC).
fn make_signer(dir: &Path, key_args: &[&str]) {
    let p = |f: &str| dir.join(f).to_str().unwrap().to_string();
    let sub = |cn: &str| format!("/O=Example/CN={cn}");
    let mut args = vec!["req", "-x509", "-newkey"];
    args.extend(key_args);
    let ca_key = p("ca.key");
    let ca_pem = p("ca.pem");
    let ca_sub = sub("Profile Signing CA");
    args.extend([
        "-nodes", "-keyout", &ca_key, "-out", &ca_pem, "-days", "30", "-subj", &ca_sub,
    ]);
    args.extend([
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign",
    ]);
    ok(&openssl(&args), "openssl req CA");
    let mut args = vec!["req", "-new", "-newkey"];
    args.extend(key_args);
    let s_key = p("signer.key");
    let s_csr = p("signer.csr");
    let s_sub = sub("profiles.example.com");
    args.extend(["-nodes", "-keyout", &s_key, "-out", &s_csr, "-subj", &s_sub]);
    ok(&openssl(&args), "openssl req signer");
    std::fs::write(
        dir.join("ext.cnf"),
        "keyUsage=critical,digitalSignature\nextendedKeyUsage=emailProtection,codeSigning\n",
    )
    .unwrap();
    ok(
        &openssl(&[
            "x509",
            "-req",
            "-in",
            &s_csr,
            "-CA",
            &ca_pem,
            "-CAkey",
            &ca_key,
            "-CAcreateserial",
            "-days",
            "30",
            "-extfile",
            &p("ext.cnf"),
            "-out",
            &p("signer.pem"),
        ]),
        "openssl x509 -req",
    );
}

fn signer(dir: &Path) -> Signer {
    let r = |f: &str| std::fs::read(dir.join(f)).unwrap();
    Signer::load(
        &r("signer.pem"),
        "signer.pem",
        &r("signer.key"),
        "signer.key",
        &r("ca.pem"),
        "ca.pem",
    )
    .unwrap()
}

fn openssl_verify(dir: &Path, signed: &Path) -> std::process::Output {
    let out = dir.join("verified.plist");
    openssl(&[
        "smime",
        "-verify",
        "-inform",
        "der",
        "-in",
        signed.to_str().unwrap(),
        "-CAfile",
        dir.join("ca.pem").to_str().unwrap(),
        "-purpose",
        "any",
        "-out",
        out.to_str().unwrap(),
    ])
}

fn roundtrip(key_args: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    make_signer(dir.path(), key_args);
    let xml = mobileconfig::to_xml(&mobileconfig::build(&demo_spec()).unwrap());
    let signed = signer(dir.path()).sign(&xml).unwrap();
    let path = dir.path().join("signed.mobileconfig");
    std::fs::write(&path, &signed).unwrap();

    let o = openssl_verify(dir.path(), &path);
    ok(&o, "openssl smime -verify");
    assert_eq!(
        std::fs::read(dir.path().join("verified.plist")).unwrap(),
        xml,
        "openssl returns the plist unchanged"
    );

    let out = lint(&signed, "signed.mobileconfig", &LintOptions::default()).unwrap();
    assert!(out.signature.as_ref().unwrap().valid, "{:?}", out.signature);
    assert!(
        out.has(catalogue::MC_SIGNED.id)
            && !out.has(catalogue::MC_UNSIGNED.id)
            && !out.has(catalogue::MC_SIGNER_CHAIN_INCOMPLETE.id)
    );
    let signer = &out.signature.as_ref().unwrap().signers[0];
    assert!(signer
        .subject
        .as_deref()
        .unwrap()
        .contains("profiles.example.com"));

    // One byte of the plist changed inside the signed container.
    let at = signed
        .windows(11)
        .position(|w| w == b"example.com")
        .unwrap();
    let mut tampered = signed.clone();
    tampered[at] ^= 0x01;
    let tpath = dir.path().join("tampered.mobileconfig");
    std::fs::write(&tpath, &tampered).unwrap();
    let o = openssl_verify(dir.path(), &tpath);
    assert!(!o.status.success(), "openssl accepted a tampered profile");
    let out = lint(&tampered, "tampered.mobileconfig", &LintOptions::default()).unwrap();
    assert!(
        out.has(catalogue::MC_SIGNATURE_INVALID.id),
        "{:?}",
        out.observations
    );
    assert!(!out.signature.unwrap().valid);

    // One byte of the signature itself changed (the last bytes of the DER are the signature value).
    let mut sig_tampered = signed.clone();
    let n = sig_tampered.len();
    sig_tampered[n - 5] ^= 0x01;
    let out = lint(&sig_tampered, "sig.mobileconfig", &LintOptions::default()).unwrap();
    assert!(
        out.has(catalogue::MC_SIGNATURE_INVALID.id),
        "{:?}",
        out.observations
    );
}

#[test]
fn ecdsa_p256_signature_verifies_with_openssl_and_tamper_is_rejected() {
    roundtrip(&["ec", "-pkeyopt", "ec_paramgen_curve:P-256"]);
}

#[test]
fn ecdsa_p384_signature_verifies_with_openssl_and_tamper_is_rejected() {
    roundtrip(&["ec", "-pkeyopt", "ec_paramgen_curve:P-384"]);
}

#[test]
fn rsa_signature_verifies_with_openssl_and_tamper_is_rejected() {
    roundtrip(&["rsa:2048"]);
}

#[test]
fn openssl_signed_profiles_verify_in_der_and_streamed_ber() {
    let dir = tempfile::tempdir().unwrap();
    make_signer(dir.path(), &["rsa:2048"]);
    let xml = mobileconfig::to_xml(&mobileconfig::build(&demo_spec()).unwrap());
    let plain = dir.path().join("p.mobileconfig");
    std::fs::write(&plain, &xml).unwrap();
    let d = |f: &str| dir.path().join(f).to_str().unwrap().to_string();
    for (name, outform, extra) in [
        ("der", "der", vec![]),
        ("ber", "der", vec!["-stream"]),
        ("pem", "PEM", vec![]),
    ] {
        let out_path = d(&format!("{name}.mobileconfig"));
        let mut args = vec![
            "cms",
            "-sign",
            "-nodetach",
            "-outform",
            outform,
            "-binary",
            "-in",
        ];
        let (plain_s, signer_s, key_s, ca_s) = (
            d("p.mobileconfig"),
            d("signer.pem"),
            d("signer.key"),
            d("ca.pem"),
        );
        args.extend([
            plain_s.as_str(),
            "-signer",
            &signer_s,
            "-inkey",
            &key_s,
            "-certfile",
            &ca_s,
            "-out",
            &out_path,
        ]);
        args.extend(extra.iter().copied());
        ok(&openssl(&args), "openssl cms -sign");
        let signed = std::fs::read(&out_path).unwrap();
        if name == "ber" {
            assert_eq!(
                signed[1], 0x80,
                "openssl -stream writes indefinite lengths (BER)"
            );
        }
        let out = lint(&signed, &out_path, &LintOptions::default()).unwrap();
        assert!(
            out.signature.as_ref().unwrap().valid,
            "{name}: {:?}",
            out.signature
        );
        assert!(out.has(catalogue::MC_SIGNED.id));
        if name == "pem" {
            // Armoured output is read like DER; tampering is covered by the DER case.
            assert!(signed.starts_with(b"-----BEGIN CMS-----"));
            continue;
        }
        let at = signed
            .windows(11)
            .position(|w| w == b"example.com")
            .unwrap();
        let mut tampered = signed.clone();
        tampered[at] ^= 0x01;
        let out = lint(&tampered, "t", &LintOptions::default()).unwrap();
        assert!(
            out.has(catalogue::MC_SIGNATURE_INVALID.id),
            "{name}: {:?}",
            out.observations
        );
    }
}

#[test]
fn signer_without_chain_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    make_signer(dir.path(), &["ec", "-pkeyopt", "ec_paramgen_curve:P-256"]);
    let r = |f: &str| std::fs::read(dir.path().join(f)).unwrap();
    let s = Signer::load(
        &r("signer.pem"),
        "signer.pem",
        &r("signer.key"),
        "signer.key",
        &[],
        "",
    )
    .unwrap();
    let signed = s.sign(b"<?xml version=\"1.0\"?><plist version=\"1.0\"><dict><key>PayloadContent</key><array/></dict></plist>").unwrap();
    let out = lint(&signed, "x", &LintOptions::default()).unwrap();
    assert!(
        out.has(catalogue::MC_SIGNER_CHAIN_INCOMPLETE.id),
        "{:?}",
        out.observations
    );
}

#[test]
fn wrong_key_for_certificate_is_refused() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    make_signer(a.path(), &["ec", "-pkeyopt", "ec_paramgen_curve:P-256"]);
    make_signer(b.path(), &["ec", "-pkeyopt", "ec_paramgen_curve:P-256"]);
    let cert = std::fs::read(a.path().join("signer.pem")).unwrap();
    let key = std::fs::read(b.path().join("signer.key")).unwrap();
    let e = Signer::load(&cert, "signer.pem", &key, "other.key", &[], "").unwrap_err();
    assert!(e.to_string().contains("does not belong"), "{e}");
}

#[test]
fn demo_pki_keys_in_sec1_form_can_sign() {
    // certs/*.key are SEC1 "EC PRIVATE KEY" files (openssl ecparam -genkey -noout).
    let r = |f: &str| std::fs::read(certs_dir().join(f)).unwrap();
    let s = Signer::load(
        &r("issuing-ca.pem"),
        "issuing-ca.pem",
        &r("issuing-ca.key"),
        "issuing-ca.key",
        &r("root-ca.pem"),
        "root-ca.pem",
    )
    .unwrap();
    let signed = s.sign(b"hello").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.der");
    std::fs::write(&path, signed).unwrap();
    let o = openssl(&[
        "cms",
        "-verify",
        "-inform",
        "der",
        "-in",
        path.to_str().unwrap(),
        "-CAfile",
        certs_dir().join("root-ca.pem").to_str().unwrap(),
        "-purpose",
        "any",
    ]);
    ok(&o, "openssl cms -verify");
    assert_eq!(o.stdout, b"hello");
}
