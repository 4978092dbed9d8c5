//! Routes.

pub mod items;
pub mod session;
