//! Why a request guard refused.

#[derive(Debug)]
pub enum AuthError {
    Missing,
    Invalid,
}

/// A refusal that builds its own response, with Rocket's builder.
pub struct Refused(pub &'static str);

impl<'r> rocket::response::Responder<'r, 'static> for Refused {
    fn respond_to(self, _req: &'r rocket::Request<'_>) -> rocket::response::Result<'static> {
        rocket::Response::build()
            .status(rocket::http::Status::Unauthorized)
//                                        ^^^^^^^^^^^^ missing-www-authenticate
            .sized_body(self.0.len(), std::io::Cursor::new(self.0))
            .ok()
    }
}

/// The same refusal with its challenge.
pub struct Challenged;

impl<'r> rocket::response::Responder<'r, 'static> for Challenged {
    fn respond_to(self, _req: &'r rocket::Request<'_>) -> rocket::response::Result<'static> {
        // ok(missing-www-authenticate): the builder adds the challenge
        rocket::Response::build()
            .status(rocket::http::Status::Unauthorized)
            .raw_header("WWW-Authenticate", "Bearer")
            .ok()
    }
}
