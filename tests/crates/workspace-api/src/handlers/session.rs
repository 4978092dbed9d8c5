//! `/session`: the browser's login status.

use actix_web::{HttpRequest, HttpResponse};
use shop_session::state::LoginStatus;

pub async fn status(req: HttpRequest) -> HttpResponse {
    if req.cookie("session").is_none() {
        // `Set-Login` says the browser is logged out; it is no challenge.
        return HttpResponse::Unauthorized()
//                           ^^^^^^^^^^^^ missing-www-authenticate
            .insert_header(LoginStatus::LoggedOut.as_header_pair())
            .finish();
    }
    HttpResponse::Ok()
        .insert_header(LoginStatus::LoggedIn.as_header_pair())
        .finish()
}
