//! RADIUS decoding and authenticator checks on any datagram.
#![no_main]
use lab_radius::proto::radius::auth::{verify_reply, verify_request};
use lab_radius::proto::radius::mppe::decrypt_key;
use lab_radius::proto::radius::Packet;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(p) = Packet::decode(data) {
        // The authenticator checks take datagrams that decoded (their documented contract,
        // which the engine and the NAS keep).
        let _ = verify_request(data, b"fuzz-secret");
        let check = verify_reply(data, &[7u8; 16], b"fuzz-secret");
        let _ = check.is_valid_for(true);
        let _ = p.eap_message();
        for kind in [1u8, 24, 31, 32, 79, 80] {
            let _ = p.text(kind);
            let _ = p.all(kind).count();
        }
        for a in &p.attributes {
            let _ = decrypt_key(&a.value, b"fuzz-secret", &p.authenticator);
        }
        // What decodes re-encodes to a datagram that decodes to the same packet.
        let again = Packet::decode(&p.encode()).expect("an encoded packet decodes");
        assert_eq!(again.attributes.len(), p.attributes.len());
    }
});
