//! `hs20check capture`: the pcap/pcapng reader, the per-station model and the diagnosis.
#![no_main]
use hs20_air::diagnose::{diagnose, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok((capture, summary)) = hs20_air::model::read("fuzz.pcap", data, |_| {}) {
        let _ = diagnose(&capture, summary, &Options::default());
    }
});
