//! hs20-core: the bottom layer every tool of this workspace stands on. One implementation per
//! concept — DER/BER reading, PKCS#12 inspection and opening, X.509 facts and PEM, Apple's name
//! matching and settings shapes, the checks that turn them into findings, the one rule catalogue
//! (hs20check checks, lint rules, lab-radius FAILURE codes), secrets and time. Pure functions
//! over bytes and a caller-supplied `now`: no clock, no printing, and no files except the one
//! bounded reader (`input`) every binary reads user-named files with.

pub mod apple;
pub mod check;
pub mod der;
pub mod finding;
pub mod input;
pub mod pkcs12;
pub mod rules;
pub mod secret;
pub mod time;
pub mod x509;

pub use secret::Secret;
