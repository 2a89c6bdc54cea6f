//! `hs20check logs`: hostapd / wpa_supplicant / lab-radius log text → diagnosis. The first byte
//! chooses the role the text is read as.
#![no_main]
use hs20_air::logs::{diagnose, Logs};
use libfuzzer_sys::fuzz_target;

const ROLES: [&str; 7] = [
    "hostapd.log",
    "wpas.log",
    "as.log",
    "events.log",
    "ap.conf",
    "sta.conf",
    "wpa_cli-status.txt",
];

fuzz_target!(|data: &[u8]| {
    let Some((&role, text)) = data.split_first() else {
        return;
    };
    let mut logs = Logs::default();
    logs.add(
        ROLES[role as usize % ROLES.len()],
        &String::from_utf8_lossy(text),
    );
    let _ = diagnose(&logs, Some(10.0));
});
