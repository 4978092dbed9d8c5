//! Route handlers, one module per resource.

pub mod admin;
pub mod carts;
pub mod orders;
pub mod session;
