//! Routes kept for old clients.

use axum::{
    extract::Path,
    http::{header, StatusCode},
    response::{IntoResponse, Redirect, Response},
};

/// Correct: `Redirect` sets `Location`.
pub async fn old_note(Path(id): Path<u64>) -> Redirect {
    Redirect::permanent(&format!("/api/notes/{id}"))
}

/// Mistake: a redirect that does not say where to go.
pub async fn v1() -> impl IntoResponse {
    (StatusCode::MOVED_PERMANENTLY, "the v1 API moved to /api")
}

/// Correct: a plain CSV export.
pub async fn export() -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/csv")],
        "id,text\n",
    )
        .into_response()
}

/// Mistake: 405 without `Allow`.
pub async fn export_wrong_method() -> StatusCode {
    StatusCode::METHOD_NOT_ALLOWED
}

/// Mistake: 509 ("Bandwidth Limit Exceeded") was never registered; clients see a plain 500.
pub async fn download(Path(id): Path<u64>) -> Response {
    if id > 100 {
        let over_quota = StatusCode::from_u16(509).unwrap();
        return (over_quota, "monthly transfer quota exceeded").into_response();
    }
    (StatusCode::OK, format!("note {id}")).into_response()
}

/// Correct.
pub async fn not_found() -> impl IntoResponse {
    (StatusCode::NOT_FOUND, "nothing here")
}
