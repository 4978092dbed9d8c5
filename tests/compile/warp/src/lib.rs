//! The handlers as written (`handlers.rs`) and as `statuslint check --unsafe-fixes` leaves them
//! (`fixed.rs`, written by tests/compile/run.sh): both must build.
#![allow(dead_code)]

mod fixed;
mod handlers;
