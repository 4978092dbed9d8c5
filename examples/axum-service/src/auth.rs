use axum::{
    extract::Request,
    http::{header, HeaderMap, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    Json,
};
use serde::Deserialize;
use serde_json::json;

const TOKEN: &str = "let-me-in";

/// Correct: the 401 names the scheme the client must use.
pub async fn require_token(request: Request, next: Next) -> Response {
    let authorized = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value == format!("Bearer {TOKEN}"));
    if !authorized {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, r#"Bearer realm="notes""#)],
            "a bearer token is required",
        )
            .into_response();
    }
    next.run(request).await
}

#[derive(Deserialize)]
pub struct Login {
    pub user: String,
    pub password: String,
}

/// Mistake: a 401 without a `WWW-Authenticate` challenge.
pub async fn login(headers: HeaderMap, Json(login): Json<Login>) -> Response {
    if headers.get(header::CONTENT_TYPE).is_none() || login.password != "hunter2" {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({ "error": "bad credentials" })),
        )
            .into_response();
    }
    Json(json!({ "token": TOKEN, "user": login.user })).into_response()
}
