//! Rocket: `status::Custom(Status, r)`, `status::Created::new(loc)`, `status::NoContent`,
//! `status::Unauthorized(r)` and friends, and `Response::build()`.

use crate::extract::Field;
use tree_sitter::Node;

use super::syntax::*;
use super::{Cx, Flavor, Resp, St, Val};
use crate::model::{Body, Header, StatusForm};
use crate::status;

pub(super) fn path_call(
    cx: &Cx<'_, '_>,
    node: Node<'_>,
    segments: &[&str],
    depth: u32,
) -> Option<Val> {
    let args = call_args(node);
    let function = node.field("function")?;
    let mut resp = Resp::new(Flavor::Rocket);
    match segments {
        [.., "Response", "build"] => {}
        [.., "Custom"] if args.len() == 2 => {
            let st = cx.status_arg(args[0], depth)?;
            resp = cx.body_resp(args[1], Flavor::Rocket, "()", depth);
            // `Custom<T>` takes its body's type: `()` keeps it only where the signature says
            // `Custom<()>`; elsewhere (`Custom<String>`, a sibling return) it may not compile.
            let signature = cx
                .site
                .and_then(|s| s.node.field("return_type"))
                .map(|t| text(t, cx.src).replace(' ', ""));
            if !signature.is_some_and(|t| t.contains("Custom<()>")) {
                resp.remove_body_changes_type = true;
            }
            resp.status = Some(st);
        }
        [.., "status", "Created", "new"] => {
            // The location is a required argument: a `Location` header is always sent.
            let mut created = St {
                symbol: None,
                code: 201,
                span: span(function),
                form: StatusForm::Helper,
                style: None,
            };
            if let Some(name) = function.field("path").and_then(|p| p.field("name")) {
                created.span = span(name);
            }
            resp.status = Some(created);
            resp.headers.known.push(Header {
                name: "location".into(),
                span: span(node),
            });
            resp.body = Body::Empty;
        }
        [.., "status", name @ ("Accepted" | "BadRequest" | "Unauthorized" | "Forbidden" | "NotFound"
        | "Conflict")]
            if args.len() == 1 =>
        {
            resp.status = Some(St {
                symbol: None,
                code: status::code_from_name(name)?,
                span: span(function.field("name")?),
                form: StatusForm::Helper,
                style: None,
            });
            let info = cx.body_of(args[0], depth + 1);
            resp.headers.complete = info.headers_complete;
            resp.body = info.body;
        }
        _ => return None,
    }
    Some(Val::Resp(Box::new(resp)))
}

/// The status literal of a catcher attribute, `#[catch(401)]` (not `#[catch(default)]`).
pub(super) fn catch_code<'t>(attribute: Node<'t>, src: &str) -> Option<Node<'t>> {
    let (path, arguments) = super::derive::attribute_parts(attribute, src)?;
    if path.rsplit("::").next() != Some("catch") {
        return None;
    }
    let [literal] = named_children(arguments)[..] else {
        return None;
    };
    (literal.kind_str() == "integer_literal").then_some(literal)
}

/// The response a catcher sends: what it returns, with the status it catches. Its body stays (the
/// catcher's return type needs one), so there is no body-removal fix.
pub(super) fn caught(mut resp: Resp, status: Option<St>) -> Resp {
    resp.status = status;
    resp.remove_body = None;
    resp
}
