//! Header pairs the services add to their responses.

use actix_web::http::header::{HeaderName, HeaderValue};

/// Where a paginated listing continues.
pub struct Cursor {
    pub id: u64,
}

impl Cursor {
    pub fn into_header_pair(self) -> (HeaderName, HeaderValue) {
        let name = HeaderName::from_static("x-next-cursor");
        let value = HeaderValue::from(self.id);
        (name, value)
    }

    /// Which header it goes in depends on the caller: no fixed name.
    pub fn header_for(&self, name: HeaderName) -> (HeaderName, HeaderValue) {
        (name, HeaderValue::from(self.id))
    }
}

/// The challenge for the shop's bearer tokens.
pub struct Challenge;

impl Challenge {
    pub fn as_pair(&self) -> (&'static str, &'static str) {
        ("WWW-Authenticate", "Bearer realm=\"shop\"")
    }
}

/// Two types answer `pair()`: a call on a value of unknown type cannot tell them apart.
pub struct Trace(pub String);

impl Trace {
    pub fn pair(&self) -> (&'static str, String) {
        ("x-trace", self.0.clone())
    }
}

pub struct Region(pub String);

impl Region {
    pub fn pair(&self) -> (&'static str, String) {
        ("Content-Range", self.0.clone())
    }
}
