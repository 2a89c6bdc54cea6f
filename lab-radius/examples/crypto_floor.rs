//! The public-key work of one full EAP-TLS authentication on the server side, with lab-radius's
//! crypto provider and nothing else around it: one signature with the server key (TLS 1.3
//! CertificateVerify or TLS 1.2 ServerKeyExchange), two verifications with the client's key type
//! (the client certificate's signature by its CA, which has the client's key type in the bench
//! PKI, and the client's CertificateVerify) and one X25519 exchange (key generation and
//! agreement). bench/probe_bench.py prints it beside each server's CPU per authentication: what
//! is left above it is the server's own overhead (RADIUS, EAP, TLS records, hashing, the kernel).
//!
//!     cargo run --release -p lab-radius --example crypto_floor -- \
//!         SERVER_KEY.pem CLIENT_KEY.pem CLIENT_CERT.pem [ROUNDS]
//!
//! Prints one line: `floor_ms F sign_ms S verify_ms V x25519_ms X` (milliseconds per operation;
//! F = S + 2 V + X).

use std::time::Instant;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::sign::SigningKey;
use rustls::{NamedGroup, SignatureScheme};

/// The schemes a server picks from for each key type (what rustls signs with in the bench).
const SCHEMES: [SignatureScheme; 4] = [
    SignatureScheme::ECDSA_NISTP256_SHA256,
    SignatureScheme::ECDSA_NISTP384_SHA384,
    SignatureScheme::RSA_PSS_SHA256,
    SignatureScheme::ED25519,
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: crypto_floor SERVER_KEY.pem CLIENT_KEY.pem CLIENT_CERT.pem [ROUNDS]");
        std::process::exit(2);
    }
    let rounds: u32 = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(2000);
    let provider = lab_radius::proto::tls::setup::crypto_provider();
    let server_key = load_key(&provider, &args[1]);
    let client_key = load_key(&provider, &args[2]);
    let cert = CertificateDer::from_pem_file(&args[3]).unwrap_or_else(|e| fail(&args[3], e));
    let ee = webpki::EndEntityCert::try_from(&cert).unwrap_or_else(|e| fail(&args[3], e));

    // A TLS 1.3 CertificateVerify input is 64 spaces, a context string, 0 and a transcript hash.
    let message = [0x20u8; 130];
    let server_signer = server_key
        .choose_scheme(&SCHEMES)
        .unwrap_or_else(|| fail(&args[1], "no signature scheme for this key"));
    let sign_ms = per_op(rounds, || {
        server_signer.sign(&message).expect("the server key signs");
    });

    let client_signer = client_key
        .choose_scheme(&SCHEMES)
        .unwrap_or_else(|| fail(&args[2], "no signature scheme for this key"));
    let scheme = client_signer.scheme();
    let signature = client_signer.sign(&message).expect("the client key signs");
    let algorithms = provider
        .signature_verification_algorithms
        .mapping
        .iter()
        .find(|(s, _)| *s == scheme)
        .map(|(_, algs)| *algs)
        .unwrap_or_else(|| fail(&args[2], format!("{scheme:?} cannot be verified")));
    let verify = || {
        algorithms
            .iter()
            .any(|alg| ee.verify_signature(*alg, &message, &signature).is_ok())
    };
    if !verify() {
        fail(
            &args[3],
            "the client key does not belong to this certificate",
        );
    }
    let verify_ms = per_op(rounds, || {
        assert!(verify());
    });

    let x25519 = provider
        .kx_groups
        .iter()
        .find(|g| g.name() == NamedGroup::X25519)
        .expect("the provider has X25519");
    let peer_public = x25519.start().expect("a key pair").pub_key().to_vec();
    let x25519_ms = per_op(rounds, || {
        x25519
            .start()
            .expect("a key pair")
            .complete(&peer_public)
            .expect("an agreement");
    });
    let floor = sign_ms + 2.0 * verify_ms + x25519_ms;
    println!(
        "floor_ms {floor:.4} sign_ms {sign_ms:.4} verify_ms {verify_ms:.4} x25519_ms {x25519_ms:.4}"
    );
}

fn load_key(
    provider: &rustls::crypto::CryptoProvider,
    path: &str,
) -> std::sync::Arc<dyn SigningKey> {
    let der = PrivateKeyDer::from_pem_file(path).unwrap_or_else(|e| fail(path, e));
    provider
        .key_provider
        .load_private_key(der)
        .unwrap_or_else(|e| fail(path, e))
}

/// Milliseconds per call of `f`, after a tenth as many warm-up calls.
fn per_op(rounds: u32, mut f: impl FnMut()) -> f64 {
    for _ in 0..rounds / 10 {
        f();
    }
    let start = Instant::now();
    for _ in 0..rounds {
        f();
    }
    start.elapsed().as_secs_f64() * 1000.0 / f64::from(rounds)
}

fn fail(path: &str, e: impl std::fmt::Display) -> ! {
    eprintln!("crypto_floor: {path}: {e}");
    std::process::exit(2);
}
