//! `/login` and `/logout`.

use poem::{handler, http::StatusCode, IntoResponse, Request, Response};

use crate::error::AuthError;
use crate::util::{problem, session_expired};

#[handler]
pub fn login(req: &Request) -> Response {
    match req.header("authorization") {
        // ok(missing-www-authenticate): `AuthError`'s `into_response` adds the challenge on a 401
        None => AuthError {
            status: StatusCode::UNAUTHORIZED,
            reason: "token required",
        }
        .into_response(),
        // ok(missing-www-authenticate): `problem` sends the challenge on a 401
        Some(t) if t.is_empty() => problem(StatusCode::UNAUTHORIZED, "empty token"),
        Some(_) => Response::builder().status(StatusCode::OK).finish(),
    }
}

#[handler]
pub fn logout(req: &Request) -> Response {
    if req.header("cookie").is_none() {
        // ok(missing-www-authenticate): reported once, in `util::session_expired`
        return session_expired();
    }
    Response::builder().status(StatusCode::NO_CONTENT).finish()
}
