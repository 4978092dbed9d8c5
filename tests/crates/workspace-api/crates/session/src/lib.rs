//! Login state, announced to the browser in a header of its own.

pub mod state;
