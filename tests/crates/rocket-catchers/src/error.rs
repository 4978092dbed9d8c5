//! Why a request guard refused.

#[derive(Debug)]
pub enum AuthError {
    Missing,
    Invalid,
}
