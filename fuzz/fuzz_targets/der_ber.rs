//! hs20-core's BER→DER normaliser and DER reader, walked to the bottom of what they accept.
#![no_main]
use hs20_core::der::ber;
use hs20_core::der::reader::Reader;
use libfuzzer_sys::fuzz_target;

/// Walks every constructed element; depth bounded like the callers' (ber::MAX_DEPTH).
fn walk(bytes: &[u8], depth: usize) {
    if depth > ber::MAX_DEPTH {
        return;
    }
    let mut r = Reader::new(bytes);
    while !r.is_empty() {
        let Ok(tlv) = r.next_tlv() else { return };
        let _ = tlv.as_u64();
        let _ = tlv.as_oid();
        if tlv.tag & 0x20 != 0 {
            walk(tlv.value, depth + 1);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(der) = ber::to_der(data) {
        walk(&der, 0);
        // DER is a fixed point of the normaliser.
        assert_eq!(ber::to_der(&der).expect("DER normalises"), der);
    }
    walk(data, 0);
});
