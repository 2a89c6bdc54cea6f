//! Time, supplied by the caller: the core never reads a clock. Commands read it once at the edge
//! (or take `HS20CHECK_NOW` for reproducible reports) and pass `now` down.

use std::time::{Duration, SystemTime};

use thiserror::Error;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The environment variable that replaces the clock for every hs20check command.
pub const NOW_VARIABLE: &str = "HS20CHECK_NOW";

#[derive(Debug, Error, PartialEq, Eq)]
#[error("{NOW_VARIABLE}={value:?} is not an RFC 3339 time like 2030-01-01T00:00:00Z")]
pub struct NowError {
    pub value: String,
}

/// `now`: the override when one is given (it must parse), else the clock reading passed in.
pub fn now_or_override(
    override_value: Option<&str>,
    clock: OffsetDateTime,
) -> Result<OffsetDateTime, NowError> {
    match override_value {
        None => Ok(clock),
        Some(v) => OffsetDateTime::parse(v.trim(), &Rfc3339).map_err(|_| NowError {
            value: v.to_string(),
        }),
    }
}

/// The same instant as a `SystemTime` (for APIs that take one).
pub fn to_system_time(t: OffsetDateTime) -> SystemTime {
    let unix = t.unix_timestamp();
    let nanos = Duration::from_nanos(u64::from(t.nanosecond()));
    if unix >= 0 {
        SystemTime::UNIX_EPOCH + Duration::from_secs(unix as u64) + nanos
    } else {
        SystemTime::UNIX_EPOCH - Duration::from_secs(unix.unsigned_abs()) + nanos
    }
}

/// `YYYY-MM-DDThh:mm:ssZ` (UTC), the form reports and PPS-MO use.
pub fn iso8601(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_override_wins_and_must_parse() {
        let clock = datetime!(2026-11-29 00:00 UTC);
        assert_eq!(now_or_override(None, clock), Ok(clock));
        assert_eq!(
            now_or_override(Some("2030-01-01T00:00:00Z"), clock),
            Ok(datetime!(2030-01-01 00:00 UTC))
        );
        let e = now_or_override(Some("tomorrow"), clock).unwrap_err();
        assert!(e.to_string().contains("HS20CHECK_NOW=\"tomorrow\""), "{e}");
    }

    #[test]
    fn system_time_and_iso8601_round_trip() {
        let t = datetime!(1999-12-31 23:59:58 UTC);
        assert_eq!(OffsetDateTime::from(to_system_time(t)), t);
        assert_eq!(iso8601(t), "1999-12-31T23:59:58Z");
        let before_epoch = datetime!(1960-01-01 00:00 UTC);
        assert_eq!(
            OffsetDateTime::from(to_system_time(before_epoch)),
            before_epoch
        );
    }
}
