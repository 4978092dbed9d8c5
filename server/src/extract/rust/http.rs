//! The `http` crate (axum, hyper, warp, poem): `Response::builder()`, and header constants.

use tree_sitter::Node;

use super::syntax::*;
use super::{Cx, Flavor, Resp, Val};

pub(super) fn path_call(
    cx: &Cx<'_, '_>,
    node: Node<'_>,
    segments: &[&str],
    depth: u32,
) -> Option<Val> {
    match segments {
        // `Response::new(body)`: a 200 until `*res.status_mut() = ..` says otherwise.
        [.., "Response", "new"] => {
            let args = call_args(node);
            let [body] = args[..] else {
                return None;
            };
            // `Default::default()` keeps the body type; every body type in use implements it.
            let resp = cx.body_resp(body, Flavor::Value, "Default::default()", depth);
            Some(Val::Resp(Box::new(resp)))
        }
        // `Response::default()`: an empty 200 (http, poem and Rocket alike).
        [.., "Response", "default"] if call_args(node).is_empty() => {
            let mut resp = Resp::new(Flavor::Value);
            resp.body = crate::model::Body::Empty;
            Some(Val::Resp(Box::new(resp)))
        }
        [.., "Response" | "Builder", "builder"] | [.., "Builder", "new"] => {
            Some(Val::Resp(Box::new(Resp::new(Flavor::HttpBuilder))))
        }
        _ => None,
    }
}

/// The `http::header` constants that name a header (`WWW_AUTHENTICATE` -> `www-authenticate`).
/// Other upper-case names may be the user's own constants with any value: unknown.
pub(super) fn known_header_const(name: &str) -> Option<String> {
    const KNOWN: &[&str] = &[
        "ACCEPT",
        "ACCEPT_CHARSET",
        "ACCEPT_ENCODING",
        "ACCEPT_LANGUAGE",
        "ACCEPT_RANGES",
        "ACCESS_CONTROL_ALLOW_CREDENTIALS",
        "ACCESS_CONTROL_ALLOW_HEADERS",
        "ACCESS_CONTROL_ALLOW_METHODS",
        "ACCESS_CONTROL_ALLOW_ORIGIN",
        "ACCESS_CONTROL_EXPOSE_HEADERS",
        "ACCESS_CONTROL_MAX_AGE",
        "AGE",
        "ALLOW",
        "ALT_SVC",
        "AUTHORIZATION",
        "CACHE_CONTROL",
        "CONNECTION",
        "CONTENT_DISPOSITION",
        "CONTENT_ENCODING",
        "CONTENT_LANGUAGE",
        "CONTENT_LENGTH",
        "CONTENT_LOCATION",
        "CONTENT_RANGE",
        "CONTENT_SECURITY_POLICY",
        "CONTENT_TYPE",
        "COOKIE",
        "DATE",
        "ETAG",
        "EXPIRES",
        "LAST_MODIFIED",
        "LINK",
        "LOCATION",
        "PRAGMA",
        "PROXY_AUTHENTICATE",
        "PROXY_AUTHORIZATION",
        "REFERRER_POLICY",
        "REFRESH",
        "RETRY_AFTER",
        "SERVER",
        "SET_COOKIE",
        "STRICT_TRANSPORT_SECURITY",
        "TRAILER",
        "TRANSFER_ENCODING",
        "UPGRADE",
        "VARY",
        "VIA",
        "WARNING",
        "WWW_AUTHENTICATE",
        "X_CONTENT_TYPE_OPTIONS",
        "X_FRAME_OPTIONS",
    ];
    KNOWN
        .contains(&name)
        .then(|| name.to_ascii_lowercase().replace('_', "-"))
}
