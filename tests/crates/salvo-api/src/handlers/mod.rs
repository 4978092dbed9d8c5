//! Handlers.

pub mod checkout;
pub mod orders;
