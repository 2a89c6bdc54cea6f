//! All rules, one file per subject.

pub mod container;
pub mod guidance;
pub mod identity;
pub mod profile;
pub mod server;
pub mod settings;

use super::Rule;
use std::sync::LazyLock;

/// Every rule hs20check knows, in report order.
pub static ALL: LazyLock<Vec<&'static Rule>> = LazyLock::new(|| {
    [
        container::ALL,
        identity::ALL,
        server::ALL,
        settings::ALL,
        profile::PROFILE_RULES,
        guidance::ALL,
    ]
    .into_iter()
    .flatten()
    .copied()
    .collect()
});
