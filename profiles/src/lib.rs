//! Passpoint / EAP-TLS profiles: the `.mobileconfig` model, emitters for Apple, Android and
//! wpa_supplicant, and lint. Issue #5 fills this crate; `hs20check profile` and `hs20check lint`
//! are its front end.
