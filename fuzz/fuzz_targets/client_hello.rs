//! The TLS record parsers the diagnoses use: ClientHello, ServerHello random, leading alert.
#![no_main]
use lab_radius::proto::tls::hello::{leading_alert, parse_client_hello, parse_server_random};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(hello) = parse_client_hello(data) {
        let _ = hello.summary();
        let _ = hello.offers(0x0304);
    }
    let _ = parse_server_random(data);
    let _ = leading_alert(data);
});
