//! `hs20check lint` on any file: PEM-armoured or DER CMS, XML or binary plist, profiles,
//! entitlements and provisioning profiles.
#![no_main]
use hs20_profiles::lint::{lint, LintOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = LintOptions {
        now: time::OffsetDateTime::from_unix_timestamp(1_780_000_000).unwrap(),
        ..LintOptions::default()
    };
    if let Ok(outcome) = lint(data, "fuzz.mobileconfig", &options) {
        let _ = outcome.observations.len();
    }
});
