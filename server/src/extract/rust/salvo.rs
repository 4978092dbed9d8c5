//! salvo: handlers write to `res: &mut Response` with statements: `res.status_code(S);`,
//! `res.add_header(k, v, true)`, `res.render(body)`.

use tree_sitter::Node;

use super::syntax::*;
use super::{edit, Cx, Flavor, MapOp, Resp};
use crate::model::{Body, HeaderInsert, HeaderStyle, Span};

/// Finds `res.status_code(S)` calls on a `&mut Response` parameter and what else the function does
/// to `res`.
pub(super) fn function(cx: &mut Cx<'_, '_>, f: Node<'_>) {
    let Some(name) = response_param(cx, f) else {
        return;
    };
    let uses: Vec<Node<'_>> = cx
        .scope
        .idents
        .get(name.as_str())
        .cloned()
        .unwrap_or_default();
    let mut headers = crate::model::Headers::empty();
    let mut found = Vec::new();
    for use_site in &uses {
        let call = use_site
            .parent()
            .filter(|p| p.kind() == "field_expression")
            .and_then(|p| p.parent())
            .filter(|c| c.kind() == "call_expression");
        let Some(call) = call else {
            headers.complete = false;
            continue;
        };
        let Some((_, method)) = method_call(call, cx.src) else {
            headers.complete = false;
            continue;
        };
        let args = call_args(call);
        match method {
            "status_code" => found.push(call),
            "add_header" | "append_header" if args.len() >= 2 => {
                headers.add(cx.header_name(args[0]), span(call))
            }
            "headers_mut" => match cx.headers_mut_op(call) {
                Some(MapOp::Add(name, at)) => headers.add(name, at),
                // Unlike a response variable, a read of `res`'s map is not treated as harmless here.
                _ => headers.complete = false,
            },
            "render" | "write_body" | "body" | "status" | "headers" | "stuff" => {}
            _ => headers.complete = false,
        }
    }
    for call in found {
        let Some(arg) = call_args(call).into_iter().next() else {
            continue;
        };
        let Some(st) = cx.status_arg(arg, 0) else {
            continue;
        };
        let mut resp = Resp::new(Flavor::Value);
        resp.status = Some(st);
        resp.headers = headers.clone();
        let (body, removal) = body_after(cx, call, &name);
        resp.body = body;
        resp.remove_body = removal;
        if let Some(stmt) = super::call_statement(call) {
            resp.header_insert = Some(HeaderInsert {
                at: stmt.end_byte(),
                style: HeaderStyle::SalvoAddHeader {
                    receiver: name.clone(),
                    indent: indent_at(cx.src, stmt.start_byte()),
                },
            });
        }
        cx.push(resp, span(call));
    }
}

/// The name of a `&mut Response` parameter.
fn response_param(cx: &Cx<'_, '_>, f: Node<'_>) -> Option<String> {
    let params = f.child_by_field_name("parameters")?;
    named_children(params).into_iter().find_map(|p| {
        if p.kind() != "parameter" {
            return None;
        }
        let ty = cx.text(p.child_by_field_name("type")?);
        let pattern = p.child_by_field_name("pattern")?;
        (ty.starts_with("&mut")
            && ty.trim_end().ends_with("Response")
            && pattern.kind() == "identifier")
            .then(|| cx.text(pattern).to_string())
    })
}

/// The body rendered after `status_call`: chained (`res.status_code(S).render(b)`) or the next
/// `res.render(b);` statement in the same block (stopping at a `return`).
fn body_after(
    cx: &Cx<'_, '_>,
    status_call: Node<'_>,
    name: &str,
) -> (Body, Option<Vec<crate::lint::Edit>>) {
    // Chained.
    if let Some(outer) = status_call
        .parent()
        .filter(|p| p.kind() == "field_expression")
        .and_then(|p| p.parent())
    {
        if let Some((_, "render")) = method_call(outer, cx.src) {
            let Some(arg) = call_args(outer).into_iter().next() else {
                return (Body::Unknown, None);
            };
            let info = cx.body_of(arg, 0);
            let removal = matches!(info.body, Body::Present { .. }).then(|| {
                vec![edit(
                    Span::new(status_call.end_byte(), outer.end_byte()),
                    "",
                )]
            });
            return (info.body, removal);
        }
    }
    let Some(stmt) = super::call_statement(status_call) else {
        return (Body::Unknown, None);
    };
    let mut next = stmt.next_named_sibling();
    for _ in 0..64 {
        let Some(s) = next else { break };
        let expr = if s.kind() == "expression_statement" {
            s.named_child(0)
        } else {
            None
        };
        let Some(expr) = expr else { break };
        if expr.kind() == "return_expression" {
            break;
        }
        if let Some((receiver, method)) = method_call(expr, cx.src) {
            if receiver.kind() == "identifier"
                && cx.text(receiver) == name
                && matches!(method, "render" | "write_body")
            {
                let Some(arg) = call_args(expr).into_iter().next() else {
                    return (Body::Unknown, None);
                };
                let info = cx.body_of(arg, 0);
                // Remove the whole statement line.
                let line_start = cx.src[..s.start_byte()].rfind('\n').map_or(0, |i| i + 1);
                let removal = matches!(info.body, Body::Present { .. }).then(|| {
                    vec![edit(
                        Span::new(
                            line_start,
                            s.end_byte() + usize::from(cx.src[s.end_byte()..].starts_with('\n')),
                        ),
                        "",
                    )]
                });
                return (info.body, removal);
            }
        }
        next = s.next_named_sibling();
    }
    (Body::Unknown, None)
}
