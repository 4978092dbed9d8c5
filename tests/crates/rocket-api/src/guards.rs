//! The API-key request guard.

use rocket::http::Status;
use rocket::request::{FromRequest, Outcome, Request};

use crate::error::AuthError;

pub struct ApiKey<'r>(pub &'r str);

fn is_valid(key: &str) -> bool {
    key.len() == 32
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for ApiKey<'r> {
    type Error = AuthError;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        match req.headers().get_one("x-api-key") {
            None => Outcome::Error((Status::Unauthorized, AuthError::Missing)),
//                                          ^^^^^^^^^^^^ missing-www-authenticate
            Some(key) if is_valid(key) => Outcome::Success(ApiKey(key)),
            Some(_) => Outcome::Error((Status::Forbidden, AuthError::Invalid)),
        }
    }
}

/// An API key allowed to write: the key guard first, then a check of its scope in the closure
/// chained onto its outcome.
pub struct WriteKey<'r>(pub &'r str);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for WriteKey<'r> {
    type Error = AuthError;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        req.guard::<ApiKey<'r>>().await.and_then(|key| {
            if key.0.starts_with("w_") {
                Outcome::Success(WriteKey(key.0))
            } else {
                Outcome::Error((Status::Unauthorized, AuthError::Invalid))
//                                      ^^^^^^^^^^^^ missing-www-authenticate
            }
        })
    }
}

/// The closure's outcome is only logged here; what the guard returns is the key's own.
pub struct LoggedKey<'r>(pub &'r str);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for LoggedKey<'r> {
    type Error = AuthError;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let checked = req.guard::<ApiKey<'r>>().await.and_then(|key| {
            // ok(missing-www-authenticate): this outcome is not what the guard returns
            Outcome::Error((Status::Unauthorized, AuthError::Invalid))
        });
        log(&checked);
        Outcome::Forward(Status::NotFound)
    }
}

fn log<T, E>(_outcome: &Outcome<T, E>) {}
