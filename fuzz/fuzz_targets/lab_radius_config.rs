//! lab-radius configuration files (lab.toml) and --client specifications.
#![no_main]
use lab_radius::proto::engine::clients::Client;
use lab_radius::shell::config::parse_file_config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = parse_file_config(text, std::path::Path::new("fuzz.toml"));
    for line in text.lines().take(16) {
        let _ = Client::parse_spec(line);
    }
});
