//! All rules, one file per subject.

use super::Rule;

/// Every rule hs20check knows, in report order.
pub static ALL: &[&Rule] = &[];
