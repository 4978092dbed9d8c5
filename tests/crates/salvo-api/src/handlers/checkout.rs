//! `/checkout`.

use salvo::http::StatusCode;
use salvo::prelude::*;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::helpers::*;

#[handler]
pub async fn pay(req: &mut Request) -> Result<Json<Value>, ApiError> {
    let Some(token) = req.header::<String>("authorization") else {
        return Err(ApiError::new("bad token", StatusCode::UNAUTHORIZED));
//                                                        ^^^^^^^^^^^^ missing-www-authenticate
    };
    if token.is_empty() {
        return Err(ApiError::new("empty token", StatusCode::BAD_REQUEST).with_status(StatusCode::UNAUTHORIZED));
//                                                                                               ^^^^^^^^^^^^ missing-www-authenticate
    }
    if token.len() > 4096 {
        return Err(ApiError {
            status: StatusCode::UNAUTHORIZED,
//                              ^^^^^^^^^^^^ missing-www-authenticate
            message: "token too long".into(),
        });
    }
    if token.starts_with("Basic ") {
        // ok(missing-www-authenticate): reported once, in `ApiError::unauthorized`
        return Err(ApiError::unauthorized("use a bearer token"));
    }
    let amount: u64 = req.query("amount").unwrap_or_default();
    Ok(Json(json!({ "paid": amount })))
}

#[handler]
pub async fn receipt(req: &mut Request, res: &mut Response) {
    if req.header::<String>("authorization").is_none() {
        // ok(missing-www-authenticate): reported once, in `helpers::token_required`
        token_required(res);
        return;
    }
    reply(res, StatusCode::OK, json!({ "receipt": [] }));
}
