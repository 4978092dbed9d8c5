//! `/keys`: API keys. This file names no status: the 401 is in the error helper's name.

use actix_web::error::{ErrorForbidden, ErrorUnauthorized};
use actix_web::{get, Error, HttpRequest};

#[get("/keys")]
pub async fn list(req: HttpRequest) -> Result<String, Error> {
    let key = req
        .headers()
        .get("x-api-key")
        .ok_or(())
        .map_err(ErrorUnauthorized)?;
//               ^^^^^^^^^^^^^^^^^ missing-www-authenticate
    if key.len() != 32 {
        // ok(missing-www-authenticate): a 403 needs no challenge
        return Err(ErrorForbidden("malformed key"));
    }
    Ok(format!("{} keys", 1))
}
