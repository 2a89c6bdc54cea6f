//! The commands as library functions: each takes a request (bytes already read, `now` already
//! decided) and returns an outcome; the CLI only parses arguments, reads files and the clock
//! once, renders and sets the exit status. `check` is `hs20_core::check::run`.

pub mod lint;
pub mod probe;
pub mod profile;
pub mod selection;

pub use hs20_core::check::{run as check, CheckRequest, InputError, Report};
