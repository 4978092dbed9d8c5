//! `/carts/{id}`: errors whose status is chosen by `CartError::status_code`.

use actix_web::{web, HttpRequest};

use crate::error::{CartError, LoginError};

pub async fn show(req: HttpRequest, id: web::Path<u64>) -> Result<String, CartError> {
    if req.cookie("cart").is_none() {
        return Err(CartError::NotYours);
    }
    if req.cookie("challenge").is_some() {
        return Err(CartError::Challenge("shop".into()));
    }
    if *id == 0 {
        return Err(CartError::Expired);
    }
    Ok(format!("cart {id}"))
}

pub async fn login(req: HttpRequest) -> Result<String, LoginError> {
    match req.cookie("pw") {
        Some(_) => Ok("welcome".into()),
        None => Err(LoginError::BadPassword),
    }
}

pub async fn remove(req: HttpRequest) -> Result<String, crate::error::Refusal> {
    if req.cookie("cart").is_none() {
        // ok(missing-www-authenticate): `Refusal` is a type of this crate and of `shop_errors`
        return Err(crate::error::Refusal::new(actix_web::http::StatusCode::UNAUTHORIZED));
    }
    Ok("removed".into())
}
