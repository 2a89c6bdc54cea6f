//! hs20-core's PKCS#12 reader: structure and algorithms without the password, then opening with
//! the fixtures' password (key derivation capped under cfg(fuzzing), see core/src/pkcs12/crypto.rs).
#![no_main]
use hs20_core::pkcs12::{inspect, key_algorithm, open_with, OpenOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = inspect(data);
    let options = OpenOptions {
        max_kdf_iterations: 100_000,
    };
    if let Ok(opened) = open_with(data, "corpus-Pw-4711", &options) {
        for k in &opened.keys {
            let _ = key_algorithm(&k.pkcs8_der);
        }
    }
});
