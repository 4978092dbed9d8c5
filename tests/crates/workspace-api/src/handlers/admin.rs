//! `/admin`: answers built by helpers that `src/replies/mod.rs` and the crate root re-export.

use actix_web::{http::StatusCode, HttpRequest, HttpResponse};

use crate::replies::{deny, legacy_reply};

pub async fn stats(req: HttpRequest) -> HttpResponse {
    if !req.headers().contains_key("authorization") {
        // Through the crate root's `pub use replies::refuse;`.
        return crate::refuse(StatusCode::UNAUTHORIZED, "log in first");
//                                       ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by build::refuse at src/replies/build.rs:5
    }
    if req.method() != "GET" {
        // Through an aliased re-export, imported under its new name.
        return deny(StatusCode::METHOD_NOT_ALLOWED, "GET only");
//                              ^^^^^^^^^^^^^^^^^^ missing-allow
//   note: built by build::refuse at src/replies/build.rs:5
    }
    if req.headers().contains_key("x-legacy") {
        // ok(missing-www-authenticate): re-exported from a crate the index does not read
        return legacy_reply(StatusCode::UNAUTHORIZED, "legacy");
    }
    // ok(missing-www-authenticate): re-exported through `pub use build::*;`, and it challenges
    crate::replies::refuse_with_challenge(StatusCode::UNAUTHORIZED, "no session")
}
