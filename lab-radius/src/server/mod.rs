//! The server: a sans-IO engine (clients, duplicate cache, session table, RADIUS ↔ EAP) and the
//! thin tokio shell that feeds it datagrams and time and prints its reports.

pub mod clients;
pub mod config;
pub mod engine;
pub mod logging;
pub mod shell;
