//! Renders fix intents into edits from the `FixPlan` an extractor attached to a response: how a
//! header is added or a status spelled is the framework's business, not the rule's. The styles of
//! `model::HeaderStyle` are data; the Rust and TypeScript/JavaScript extractors both render with
//! this (`Spec::fixes`), a language with other idioms gives its own renderer.

use crate::model::{Edit, FixIntent, HeaderInsert, HeaderStyle, Response, Span, StatusStyle};
use crate::status;

use super::{layout, scope};

/// Runs `f` with the scans of `text` that fixes share done once.
pub(crate) fn memoized(text: &str, f: &mut dyn FnMut()) {
    scope::memoized(text, f)
}

fn insert(at: usize, text: String) -> Edit {
    Edit {
        span: Span::new(at, at),
        new_text: text,
    }
}

/// Renders `intent` for `response` in its framework's idiom, or `None` when that framework (or this
/// particular construction) has no way to express it.
/// The fix title when the framework's idiom does not take the intent's value: a poem-openapi header
/// field is declared once and given its value wherever the variant is built.
pub(crate) fn retitle(intent: &FixIntent, response: &Response, text: &str) -> Option<String> {
    if let Some(FixIntent::ReplaceStatus { to }) = refit(intent, response, text) {
        return Some(format!(
            "Change status {} to {} (the handler reads no `Range`: a 206 answers a range \
             request, and a `Content-Range` here would be invented; unsafe)",
            crate::rules::describe(response.status.code),
            crate::rules::describe(to)
        ));
    }
    if let FixIntent::AddHeader { name, value } = intent {
        let chosen = placeholder(name, value, response, text);
        if *name == "Allow" && chosen.is_empty() {
            return Some(
                "Add an empty `Allow` (the handler refuses the method it is routed for: no \
                 method is allowed now, RFC 9110 §10.2.1; review it; unsafe)"
                    .to_string(),
            );
        }
        if chosen != *value {
            let from = if route_value(name, response).is_some() {
                "the routes in this file"
            } else {
                "the handler"
            };
            return Some(format!(
                "Add `{name}: {chosen}` (placeholder value chosen from {from}: review it; unsafe)"
            ));
        }
    }
    if *intent == FixIntent::RemoveBody {
        let edits = response.fix_plan.remove_body.as_deref().unwrap_or_default();
        let unused = scope::imports_left_unused(text, edits);
        let (_, removed) = scope::remove_imports(text, &unused);
        let quoted = |names: Vec<&String>| -> String {
            let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            names.join(", ")
        };
        let (gone, kept): (Vec<&String>, Vec<&String>) =
            unused.iter().partition(|n| removed.contains(n));
        let mut notes = Vec::new();
        if !gone.is_empty() {
            notes.push(format!("and the now unused import of {}", quoted(gone)));
        }
        if !kept.is_empty() {
            notes.push(format!("leaves the import of {} unused", quoted(kept)));
        }
        if response.fix_plan.remove_body_changes_type {
            notes.push(
                "changes the response's type: the signature or the other returns must change \
                 too; unsafe"
                    .to_string(),
            );
        }
        if !notes.is_empty() {
            let side_effects = matches!(
                response.body,
                crate::model::Body::Present { pure: false, .. }
            );
            if side_effects {
                notes.push("unsafe: the body expression may have side effects".to_string());
            }
            return Some(format!("Remove the body ({})", notes.join("; ")));
        }
    }
    match (intent, &response.fix_plan.add_header) {
        (
            FixIntent::AddHeader { name, .. },
            Some(HeaderInsert {
                style: HeaderStyle::OaiHeaderField { .. },
                ..
            }),
        ) => Some(format!(
            "Add a `{name}` header field (give it a value where the variant is built; unsafe)"
        )),
        _ => None,
    }
}

/// The header value a fix inserts: the rule's placeholder, or one the handler's code points to
/// (a handler that reads `Basic` credentials challenges with `Basic`, not `Bearer`).
/// `Allow` from the methods the handler's route is registered with, `Location` from the route
/// that reads what it creates.
fn placeholder(name: &str, value: &str, response: &Response, text: &str) -> String {
    if name == "WWW-Authenticate" && scope::auth_scheme(text, response.span.start) == Some("Basic")
    {
        return "Basic realm=\"app\"".to_string();
    }
    let chosen = route_value(name, response).unwrap_or(value);
    match response.method {
        // A 405 from a handler whose one method is known refuses that very method: `Allow`
        // lists the others its path is routed with (or the placeholder's), never that one; when
        // none is left it is empty: no method is allowed now (a feature turned off).
        Some(own) if name == "Allow" && response.status.code == 405 => chosen
            .split(',')
            .map(str::trim)
            .filter(|m| !m.is_empty() && !m.eq_ignore_ascii_case(own))
            .collect::<Vec<_>>()
            .join(", "),
        _ => chosen.to_string(),
    }
}

/// The intent a fix is rendered as when the rule's would not fit the code: a 206 from a function
/// that reads no `Range` (pagination, partial success) gets no invented `Content-Range`, but the
/// status that fits it, 200.
fn refit(intent: &FixIntent, response: &Response, text: &str) -> Option<FixIntent> {
    match intent {
        FixIntent::AddHeader { name, .. }
            if *name == "Content-Range"
                && response.status.code == 206
                && scope::mentions_range(text, response.span.start) == Some(false) =>
        {
            Some(FixIntent::ReplaceStatus { to: 200 })
        }
        _ => None,
    }
}

/// The value the handler's routes give header `name`, if they give one.
fn route_value<'r>(name: &str, response: &'r Response) -> Option<&'r str> {
    let created = response.status.code == 201;
    let applies = name == "Allow" || name == "Location" && created;
    response
        .fix_plan
        .route_values
        .iter()
        .find(|(header, _)| applies && *header == name)
        .map(|(_, value)| value.as_str())
}

pub(crate) fn render(intent: &FixIntent, response: &Response, text: &str) -> Option<Vec<Edit>> {
    render_quoted(intent, response, text, '"')
}

/// `render`, writing the strings of `HeaderStyle::Text` idioms in `quote` (a language whose files
/// choose their quote passes the file's).
pub(crate) fn render_quoted(
    intent: &FixIntent,
    response: &Response,
    text: &str,
    quote: char,
) -> Option<Vec<Edit>> {
    if let Some(refitted) = refit(intent, response, text) {
        return render_quoted(&refitted, response, text, quote);
    }
    let plan = &response.fix_plan;
    match intent {
        FixIntent::AddHeader { name, value } => {
            let value = &placeholder(name, value, response, text);
            let insert_plan = plan.add_header.as_ref()?;
            let at = insert_plan.at;
            // `HeaderName::from_static` (behind `IntoHeaderName` for `&'static str`) rejects upper case.
            let lower = name.to_ascii_lowercase();
            // The constant the file has in scope, else the literal (which needs no `use`).
            let constant = scope::header_constant(text, at, &scope::constant_name(name));
            let key = constant.clone().unwrap_or_else(|| format!("{name:?}"));
            let lower_key = constant.unwrap_or_else(|| format!("{lower:?}"));
            let edits = match &insert_plan.style {
                HeaderStyle::TupleElement => vec![insert(at, format!("[({key}, {value:?})], "))],
                HeaderStyle::TupleLayout {
                    span,
                    elements,
                    indent,
                } => {
                    let element = format!("[({key}, {value:?})]");
                    let before_body = elements.len().saturating_sub(1);
                    layout::insert_item(
                        text,
                        *span,
                        "(",
                        ")",
                        elements,
                        &element,
                        before_body,
                        indent,
                    )
                }
                HeaderStyle::ArrayPair {
                    span,
                    pairs,
                    indent,
                    constant_keys,
                } => {
                    let key = match constant_keys {
                        // One array holds one type: a `HeaderName` next to `HeaderName`s.
                        true if !key.starts_with('"') => key,
                        true => format!("axum::http::header::{}", scope::constant_name(name)),
                        false => format!("{name:?}"),
                    };
                    let pair = format!("({key}, {value:?})");
                    layout::insert_item(text, *span, "[", "]", pairs, &pair, pairs.len(), indent)
                }
                HeaderStyle::BuilderHeader => {
                    layout::insert_call(text, at, &format!(".header({key}, {value:?})"))
                }
                HeaderStyle::ActixInsertHeader => {
                    layout::insert_call(text, at, &format!(".insert_header(({key}, {value:?}))"))
                }
                HeaderStyle::RocketRawHeader => {
                    layout::insert_call(text, at, &format!(".raw_header({name:?}, {value:?})"))
                }
                HeaderStyle::PoemWithHeader => {
                    layout::insert_call(text, at, &format!(".with_header({key}, {value:?})"))
                }
                HeaderStyle::WarpWrap { end } => layout::wrap_call(
                    text,
                    at,
                    *end,
                    "warp::reply::with_header(",
                    &[key, format!("{value:?}")],
                ),
                HeaderStyle::HeadersMutInsert { receiver, indent } => {
                    let calls = [
                        ".headers_mut()".to_string(),
                        format!(".insert({lower_key}, {value:?}.parse().unwrap())"),
                    ];
                    let statement = layout::chain_statement(indent, receiver, &calls);
                    vec![insert(at, format!("\n{indent}{statement}"))]
                }
                HeaderStyle::OaiHeaderField { new_list } => {
                    let field = format!("#[oai(header = {name:?})] String");
                    let text = if *new_list {
                        format!("({field})")
                    } else {
                        format!(", {field}")
                    };
                    vec![insert(at, text)]
                }
                HeaderStyle::ActixInsertHeaderStatement { receiver, indent } => vec![insert(
                    at,
                    format!("\n{indent}{receiver}.insert_header(({key}, {value:?}));"),
                )],
                HeaderStyle::SalvoAddHeader { receiver, indent } => {
                    let calls = [
                        format!(".add_header({lower_key}, {value:?}, true)"),
                        ".ok()".to_string(),
                    ];
                    let statement = layout::chain_statement(indent, receiver, &calls);
                    vec![insert(at, format!("\n{indent}{statement}"))]
                }
                HeaderStyle::Text {
                    before,
                    between,
                    after,
                } => {
                    let (name, value) = (string_literal(name, quote), string_literal(value, quote));
                    vec![insert(at, format!("{before}{name}{between}{value}{after}"))]
                }
            };
            Some(edits)
        }
        FixIntent::RemoveBody => {
            let removal = plan.remove_body.as_deref()?;
            let unused = scope::imports_left_unused(text, removal);
            let mut edits = layout::keep_chain_layout(text, removal.to_vec());
            edits.extend(scope::remove_imports(text, &unused).0);
            Some(edits)
        }
        FixIntent::MoveLateHeader { span } => plan
            .move_late
            .iter()
            .find(|(late, _)| late == span)
            .map(|(_, edits)| edits.clone()),
        FixIntent::ReplaceStatus { to } => {
            let new_text = match plan.status_style.as_ref()? {
                StatusStyle::UpperConst => status::http_const_name(*to)?.to_string(),
                StatusStyle::CamelConst | StatusStyle::CamelHelper => status::camel_name(*to)?,
                StatusStyle::Number => to.to_string(),
            };
            let span = response.status.span;
            (span.end <= text.len()).then(|| vec![Edit { span, new_text }])
        }
    }
}

/// `value` as a string literal in `quote`, its backslashes, newlines and that quote escaped.
fn string_literal(value: &str, quote: char) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push(quote);
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod quote_tests {
    use super::string_literal;

    #[test]
    fn literals_escape_their_quote() {
        assert_eq!(string_literal("Bearer", '\''), "'Bearer'");
        assert_eq!(string_literal("it's", '\''), "'it\\'s'");
        assert_eq!(string_literal("a\"b", '"'), "\"a\\\"b\"");
        assert_eq!(string_literal("a\\b", '\''), "'a\\\\b'");
    }
}
