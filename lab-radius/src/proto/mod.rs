//! The protocol part of lab-radius, sans-IO: RADIUS, EAP, EAP-TLS, TLS setup from bytes,
//! diagnosis, and the engine. Bytes and time go in; bytes and events come out. Nothing here
//! opens files or sockets, reads a clock, spawns tasks or prints (tests/layering.rs checks).

pub mod client;
pub mod diagnose;
pub mod eap;
pub mod engine;
pub mod radius;
pub mod tls;
pub mod untrusted;
