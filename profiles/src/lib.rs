//! Passpoint / EAP-TLS profiles: the `.mobileconfig` model, emitters for Apple, Android and
//! wpa_supplicant, CMS signing and verification, and lint of profiles and app entitlements.
//! `hs20check profile` and `hs20check lint` are its front end; the validator turns lint
//! observations (rules of the one catalogue in hs20-core) into findings.

pub mod android;
pub mod cms;
pub mod error;
pub mod lint;
pub mod mobileconfig;
pub mod pkcs12;
pub mod schema;
pub mod spec;
pub mod uuid;
pub mod wpa_supplicant;

pub use error::{ProfileError, Result};
pub use hs20_core::der::ber;
pub use hs20_core::secret::{self, Secret};
pub use lint::{lint, LintOptions, LintOutcome, Observation};
pub use pkcs12::Identity;
pub use spec::{Pkcs12Form, ProfileSpec, TlsVersion};
