//! EAP packets and EAP-TLS framing (flags, TLS Message Length) on any bytes.
#![no_main]
use lab_radius::proto::eap::frame::{flags_text, TlsFrame};
use lab_radius::proto::eap::EapPacket;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(p) = EapPacket::parse(data) {
        let _ = format!("{p:?}");
    }
    if let Ok(f) = TlsFrame::parse(data) {
        let _ = (f.more(), f.is_ack(), flags_text(f.flags));
    }
});
