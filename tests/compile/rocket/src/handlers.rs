//! Rocket responders with the mistakes statuslint fixes, one fix shape each.

use rocket::http::Status;
use rocket::response::status;
use rocket::Response;

/// A `(Status, &str)` responder: its body is emptied in place.
pub fn delete_item() -> (Status, &'static str) {
    (Status::NoContent, "deleted")
}

/// A `status::Custom` already empty (a `Custom<String>` body's removal changes its type: unsafe).
pub fn delete_custom() -> status::Custom<()> {
    status::Custom(Status::NoContent, ())
}

/// A built response: the header goes in the builder chain, one call per line.
pub fn wrong_method() -> Response<'static> {
    Response::build()
        .status(Status::MethodNotAllowed)
        .finalize()
}
