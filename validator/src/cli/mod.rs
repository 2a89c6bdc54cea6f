//! Command-line front end: argument parsing, file reading, exit codes. Messages for people
//! live here; the library returns typed errors.

pub mod capture;
pub mod check;
pub mod codelint;
pub mod input;
pub mod lint;
pub mod load;
pub mod logs;
pub mod probe;
pub mod profile;
pub mod selection;

use std::process::ExitCode;

/// 0 = no error findings; 1 = at least one error finding; 2 = input could not be evaluated.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_INPUT: u8 = 2;

/// Prints one clear line for input that cannot be evaluated and returns exit status 2.
pub fn input_error(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("hs20check: {message}");
    ExitCode::from(EXIT_INPUT)
}

/// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
pub fn use_color() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

/// "Now" for every command, read once: `HS20CHECK_NOW` (RFC 3339) when set, else the clock.
pub fn now() -> Result<time::OffsetDateTime, String> {
    let value = std::env::var(hs20check::time::NOW_VARIABLE).ok();
    hs20check::time::now_or_override(value.as_deref(), time::OffsetDateTime::now_utc())
        .map_err(|e| e.to_string())
}
