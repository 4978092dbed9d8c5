//! The admin tool's server: its modules are the files beside it (`mod reply;` is `bin/reply.rs`).

mod reply;

use actix_web::{http::StatusCode, HttpRequest, HttpResponse};

pub async fn purge(req: HttpRequest) -> HttpResponse {
    if !req.headers().contains_key("x-admin-token") {
        return reply::plain(StatusCode::UNAUTHORIZED);
//                                      ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by reply::plain at bin/reply.rs:5
    }
    // ok(missing-www-authenticate): this helper sends a challenge
    reply::challenged(StatusCode::UNAUTHORIZED)
}
