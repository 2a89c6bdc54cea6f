//! `hs20check probe … --count N`: many independent authentications.

use super::probe::{ProbeArgs, Setup};
use std::process::ExitCode;

pub fn run(_args: &ProbeArgs, _setup: Setup) -> ExitCode {
    super::input_error("load mode is not implemented yet")
}
