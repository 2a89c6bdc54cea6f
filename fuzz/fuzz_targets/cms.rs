//! CMS SignedData (signed profiles and provisioning profiles): opening and signature facts.
#![no_main]
use hs20_profiles::cms;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = cms::looks_like_cms(data);
    let _ = cms::open(data);
});
