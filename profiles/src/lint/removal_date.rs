//! The profile's RemovalDate against the client certificate's expiry (MC-10, CERT-03): a profile
//! that outlives its certificate keeps a network the device can no longer join.

use plist::{Dictionary, Value};
use time::OffsetDateTime;

use super::values::plist_date;
use super::Observation;
use hs20_core::rules::catalogue;
use hs20_core::time::iso8601;

/// For profiles that carry an identity; `leaf_not_after` is the first identity's expiry that
/// could be read.
pub(super) fn check(
    root: &Dictionary,
    leaf_not_after: Option<OffsetDateTime>,
    out: &mut Vec<Observation>,
) {
    match (
        root.get("RemovalDate").and_then(Value::as_date),
        leaf_not_after,
    ) {
        (None, _) => out.push(
            Observation::new(
                &catalogue::MC_NO_REMOVAL_DATE,
                None,
                "no RemovalDate: the profile stays installed after the client certificate expires",
            )
            .with_fix(match leaf_not_after {
                Some(t) => format!(
                    "set RemovalDate to the certificate's notAfter, {}",
                    iso8601(t)
                ),
                None => "set RemovalDate to the client certificate's notAfter".to_string(),
            }),
        ),
        (Some(d), Some(na)) if plist_date(d) > na => out.push(Observation::new(
            &catalogue::MC_REMOVAL_DATE_AFTER_EXPIRY,
            Some("profile › RemovalDate".into()),
            format!(
                "RemovalDate {} is after the client certificate's expiry {}",
                iso8601(plist_date(d)),
                iso8601(na)
            ),
        )),
        _ => {}
    }
}
