//! poem: `body.with_status(status)` on any `IntoResponse` value (headers via `.with_header`); its
//! `Response::builder()` is the `http` builder's shape. Errors that become responses:
//! `Error::from_status(s)`, `Error::from_string(msg, s)`, the `poem::error::Unauthorized(e)`-style
//! helpers, and `impl ResponseError` blocks whose `status` is sent by the default `as_response`.

use crate::extract::Field;
use tree_sitter::Node;

use super::syntax::*;
use super::{Cx, Flavor, Resp, Site, St, Val};
use crate::model::{Body, StatusForm};
use crate::status;

/// `"text".with_status(StatusCode::X)`: the receiver is the body.
pub(super) fn with_status_on_body(cx: &Cx<'_, '_>, receiver: Node<'_>, depth: u32) -> Resp {
    cx.body_resp(receiver, Flavor::Poem, "()", depth)
}

/// `Error::from_status(s)`, `Error::from_string(msg, s)`, `poem::error::Unauthorized(e)`.
pub(super) fn path_call(
    cx: &Cx<'_, '_>,
    node: Node<'_>,
    segments: &[&str],
    depth: u32,
) -> Option<Val> {
    let args = call_args(node);
    let mut resp = Resp::new(Flavor::Poem);
    match (segments, &args[..]) {
        ([.., "Error", "from_status"], [status]) => {
            resp.status = Some(cx.status_arg(*status, depth)?);
            // poem writes a text of its own for the status.
            resp.body = Body::Unknown;
        }
        ([.., "Error", "from_string"], [message, status]) => {
            resp.status = Some(cx.status_arg(*status, depth)?);
            resp.body = cx.body_of(*message, depth + 1).body;
        }
        (_, [_]) => {
            resp = helper_response(cx, node.field("function")?, segments)?;
        }
        _ => return None,
    }
    resp.error_value = true;
    Some(Val::Resp(Box::new(resp)))
}

/// `poem::error::Unauthorized`, called or passed uncalled (`.map_err(poem::error::Unauthorized)?`):
/// the response it makes of an error, whose `Display` text is the body.
pub(super) fn error_helper_ref(cx: &Cx<'_, '_>, path: Node<'_>) -> Option<Val> {
    let segments = path_segments(path, cx.src)?;
    Some(Val::Resp(Box::new(helper_response(cx, path, &segments)?)))
}

fn helper_response(cx: &Cx<'_, '_>, path: Node<'_>, segments: &[&str]) -> Option<Resp> {
    // `error::X` in a file that uses poem, or spelled out as `poem::error::X`.
    let [prefix @ .., "error", name] = segments else {
        return None;
    };
    if !(cx.uses_poem || prefix.first() == Some(&"poem")) {
        return None;
    }
    if !name.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let st = St {
        symbol: None,
        code: status::code_from_name(name)?,
        span: span(path.field("name")?),
        form: StatusForm::Helper,
        style: None,
    };
    let mut resp = error_response(st);
    resp.body = Body::Unknown;
    resp.error_value = true;
    Some(resp)
}

/// Whether `site` is `fn status` of an `impl ResponseError for T` that keeps poem's default
/// `as_response`, which sends that status with the error's `Display` text as the body.
pub(super) fn default_error_response(cx: &Cx<'_, '_>, site: &Site<'_>) -> bool {
    super::actix::default_error_impl(cx, site, "status", "as_response")
}

/// The response poem's default `as_response` makes of a status.
pub(super) fn error_response(status: St) -> Resp {
    Resp::error_text(Flavor::Poem, status)
}
