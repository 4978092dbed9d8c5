//! Handlers.

pub mod login;
pub mod uploads;
