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
            // ok(missing-www-authenticate): answered by the crate's `#[catch(401)]`
            None => Outcome::Error((Status::Unauthorized, AuthError::Missing)),
            Some(key) if is_valid(key) => Outcome::Success(ApiKey(key)),
            Some(_) => Outcome::Error((Status::Forbidden, AuthError::Invalid)),
        }
    }
}
