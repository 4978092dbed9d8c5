//! Reply helpers, re-exported: callers name them as `crate::replies::deny` or `crate::refuse`,
//! never by the module that defines them.

mod build;

pub use build::refuse as deny;
pub use build::*;
// A helper from a crate the index cannot read: unknown.
pub use shop_legacy::reply as legacy_reply;
