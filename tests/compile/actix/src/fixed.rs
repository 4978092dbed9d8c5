//! actix-web handlers with the mistakes statuslint fixes, one fix shape each.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpResponse, Responder};

/// A 204 builder with a body: the body goes, the builder is finished.
pub async fn delete_item() -> HttpResponse {
    HttpResponse::NoContent().finish()
}

/// A challenge on a builder chain.
pub async fn login() -> HttpResponse {
    HttpResponse::Unauthorized()
        .insert_header((header::WWW_AUTHENTICATE, "Bearer"))
        .body("log in first")
}

/// A builder bound by `let`: the header goes in a statement after it.
pub async fn login_later() -> HttpResponse {
    let mut builder = HttpResponse::Unauthorized();
    builder.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
    builder.body("log in first")
}

/// A `(body, status)` responder: its body is emptied in place.
pub async fn delete_tuple() -> impl Responder {
    ("", StatusCode::NO_CONTENT)
}

/// A customized responder.
pub async fn create(item: web::Json<serde_json::Value>) -> impl Responder {
    web::Json(item.into_inner())
        .customize()
        .insert_header((header::LOCATION, "/items/{id}"))
        .with_status(StatusCode::CREATED)
}

/// A redirect without `Location`.
pub async fn moved() -> HttpResponse {
    HttpResponse::Found()
        .insert_header((header::LOCATION, "/"))
        .finish()
}

/// The header module is used as it is already.
pub async fn wrong_method() -> HttpResponse {
    HttpResponse::MethodNotAllowed()
        .insert_header((header::ALLOW, "GET"))
        .insert_header(header::ContentType::plaintext())
        .body("use GET")
}

/// The routes the `Allow` and `Location` placeholders are read from.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/items/{id}")
            .route(web::get().to(moved))
            .route(web::delete().to(wrong_method)),
    )
    .route("/items", web::post().to(create));
}
