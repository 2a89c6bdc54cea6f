//! EAP-TLS reassembly and the TLS handshake behind it: one session fed a sequence of EAP
//! payloads (records of the input), with time moving forward.
#![no_main]
use std::time::Duration;

use hs20_fuzz::{records, start_time, tls_setup};
use lab_radius::proto::eap::{EapTlsSession, Outcome, SessionLimits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = SessionLimits {
        fragment_size: 512,
        ..SessionLimits::default()
    };
    let mut now = start_time();
    let (mut session, _start) = EapTlsSession::start(tls_setup(), 1, limits, now);
    for (control, eap) in records(data) {
        now += Duration::from_millis(u64::from(control) * 10);
        let outcome = session.handle(now, eap);
        let _ = session.drain_events();
        let _ = session.stall();
        if matches!(outcome, Outcome::Success { .. } | Outcome::Failure { .. }) {
            let _ = session.stalled_diagnosis();
            break;
        }
    }
});
