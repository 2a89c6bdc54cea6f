//! hs20check: reproduces offline what Apple devices check when a Passpoint (Hotspot 2.0) network
//! with EAP-TLS is configured through NEHotspotConfiguration or a `.mobileconfig`, and explains
//! every problem with a rule id, the device-side consequence and the fix. The checks themselves
//! live in `hs20-core`; this crate holds the commands (as library functions) and the renderers.

pub use hs20_core::{apple, check, finding, input, pkcs12, rules, time, x509};

pub mod commands;
pub mod report;
