//! Middleware: the API key in front of `/notes`.

use actix_web::{
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    http::header,
    middleware::Next,
    Error, HttpResponse,
};

pub async fn require_key(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    if req.headers().get("x-api-key").is_none() {
        let refused = HttpResponse::Unauthorized().finish();
//                                  ^^^^^^^^^^^^ missing-www-authenticate
        return Ok(req.into_response(refused).map_into_right_body());
    }
    if req.headers().get("x-api-key").is_some_and(|k| k.len() != 32) {
        let (req, _) = req.into_parts();
        // ok(missing-www-authenticate): the response handed over carries the challenge
        let resp = HttpResponse::Unauthorized()
            .insert_header((header::WWW_AUTHENTICATE, "Bearer"))
            .finish();
        return Ok(ServiceResponse::new(req, resp).map_into_right_body());
    }
    next.call(req).await.map(ServiceResponse::map_into_left_body)
}
