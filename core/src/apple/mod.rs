//! What Apple does, as pure functions.

pub mod names;
pub mod shapes;
