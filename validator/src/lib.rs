//! hs20check: reproduces offline what Apple devices check when a Passpoint (Hotspot 2.0) network
//! with EAP-TLS is configured through NEHotspotConfiguration or a `.mobileconfig`, and explains
//! every problem with a rule id, the device-side consequence and the fix.

pub mod apple;
pub mod check;
pub mod finding;
pub mod pkcs12;
pub mod report;
pub mod rules;
pub mod x509;
