//! `/items`.

use rocket::http::{CookieJar, Status};
use rocket::serde::json::{json, Json, Value};

use crate::guards::ApiKey;
use crate::util::{self, JsonResponse};

#[get("/items")]
pub fn list(_key: ApiKey<'_>) -> Json<Value> {
    Json(json!([]))
}

#[get("/items/<id>")]
pub fn show(id: u64, cookies: &CookieJar<'_>) -> Result<Json<Value>, Status> {
    if cookies.get("session").is_none() {
        // ok(missing-www-authenticate): answered by the crate's `#[catch(401)]`
        return Err(Status::Unauthorized);
    }
    if id == 0 {
        return Err(Status::NotFound);
    }
    Ok(Json(json!({ "id": id })))
}

#[delete("/items/<id>")]
pub fn remove(id: u64, _key: ApiKey<'_>) -> JsonResponse {
    if id == 0 {
        // ok(body-not-allowed): a 404 may have a body
        return util::reply(Status::NotFound, json!({ "error": "no such item" }));
    }

    util::reply(Status::NoContent, json!({ "deleted": id }))
//                                 ^^^^^^^^^^^^^^^^^^^^^^^^ body-not-allowed
//   note: built by util::reply at src/util.rs:14
}
