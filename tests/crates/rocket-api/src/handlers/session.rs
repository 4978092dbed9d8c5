//! `/session`.

use rocket::http::{CookieJar, Status};
use rocket::serde::json::json;

use crate::util::{json_error, login_required, reply, JsonResponse};

#[get("/session")]
pub fn current(cookies: &CookieJar<'_>) -> JsonResponse {
    match cookies.get("session") {
        Some(c) if c.value() == "expired" => json_error(Status::Unauthorized, "session expired"),
//                                                              ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by util::json_error at src/util.rs:10
        Some(c) => reply(Status::Ok, json!({ "session": c.value() })),
        // ok(missing-www-authenticate): reported once, in `util::login_required`
        None => login_required(),
    }
}
