//! Reading plist values the way every rule does: a value of the wrong type reads as absent
//! (Apple's schema check reports the type).

use plist::{Dictionary, Value};
use time::OffsetDateTime;

/// The string at `key`.
pub(super) fn string(dict: &Dictionary, key: &str) -> Option<String> {
    dict.get(key).and_then(Value::as_string).map(String::from)
}

/// The strings of the array at `key`.
pub(super) fn strings(dict: &Dictionary, key: &str) -> Vec<String> {
    match dict.get(key) {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_string)
            .map(String::from)
            .collect(),
        _ => vec![],
    }
}

/// A plist date as the time the checks compare with.
pub(super) fn plist_date(d: plist::Date) -> OffsetDateTime {
    OffsetDateTime::from(std::time::SystemTime::from(d))
}
