//! The cart service's own error: `status_code` in one impl, the response built from it in the
//! conversion.

use actix_web::{
    http::{header, StatusCode},
    HttpResponse, ResponseError,
};

#[derive(Debug)]
pub enum CartError {
    NotYours,
    Expired,
    Gone,
    Challenge(String),
}

impl CartError {
    pub fn status_code(&self) -> StatusCode {
        match self {
            CartError::NotYours => StatusCode::UNAUTHORIZED,
//                                             ^^^^^^^^^^^^ missing-www-authenticate
            CartError::Expired => StatusCode::GONE,
            CartError::Gone => StatusCode::NOT_FOUND,
            // ok(missing-www-authenticate): the conversion answers `Challenge` before, with its header
            CartError::Challenge(_) => StatusCode::UNAUTHORIZED,
        }
    }
}

impl std::fmt::Display for CartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

impl actix_web::Responder for CartError {
    type Body = actix_web::body::BoxBody;

    fn respond_to(self, _req: &actix_web::HttpRequest) -> HttpResponse {
        if let CartError::Challenge(realm) = self {
            return HttpResponse::Unauthorized()
                .insert_header((header::WWW_AUTHENTICATE, format!("Bearer realm=\"{realm}\"")))
                .finish();
        }
        HttpResponse::build(self.status_code()).body(self.to_string())
    }
}

/// The same shape, but the conversion adds the challenge to whatever 401 it builds: silent.
#[derive(Debug)]
pub enum LoginError {
    BadPassword,
    Locked,
}

impl LoginError {
    pub fn status_code(&self) -> StatusCode {
        match self {
            // ok(missing-www-authenticate): `respond_to` adds the challenge when the status is 401
            LoginError::BadPassword => StatusCode::UNAUTHORIZED,
            LoginError::Locked => StatusCode::FORBIDDEN,
        }
    }
}

impl actix_web::Responder for LoginError {
    type Body = actix_web::body::BoxBody;

    fn respond_to(self, _req: &actix_web::HttpRequest) -> HttpResponse {
        if self.status_code() == StatusCode::UNAUTHORIZED {
            return HttpResponse::Unauthorized()
                .insert_header((header::WWW_AUTHENTICATE, "Basic"))
                .finish();
        }
        HttpResponse::build(self.status_code()).finish()
    }
}

/// Named like `shop_errors::Refusal`.
#[derive(Debug)]
pub struct Refusal {
    status: StatusCode,
}

impl Refusal {
    pub fn new(status: StatusCode) -> Self {
        Self { status }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "refused")
    }
}

impl ResponseError for Refusal {
    fn status_code(&self) -> StatusCode {
        self.status
    }
}
