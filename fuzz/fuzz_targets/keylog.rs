//! `capture --keylog`: NSS key log files.
#![no_main]
use hs20_air::keylog::KeyLog;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(k) = KeyLog::parse(data) {
        let _ = k.len();
    }
});
