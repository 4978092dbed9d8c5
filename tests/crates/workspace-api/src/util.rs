use actix_web::http::header::{HeaderName, HeaderValue};

/// The header that says how many items a listing has in all.
pub fn total_pair(total: usize) -> (HeaderName, HeaderValue) {
    (HeaderName::from_static("x-total-count"), HeaderValue::from(total))
}
