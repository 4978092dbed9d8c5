//! The standard library's `net/http`: handlers take `(w http.ResponseWriter, r *http.Request)`
//! and build their response by statements on `w`, read in order along each path through the
//! body (`if`/`else` branches and `switch` cases split a path, `return` ends one):
//!
//! - `w.Header().Set/Add/Del("Name", ..)` before the header is sent changes the response's
//!   headers; after it, the change has no effect (kept as a late header);
//! - `w.WriteHeader(code)` sends the status; a body write (`w.Write`, `fmt.Fprint*(w, ..)`,
//!   `io.Copy(w, ..)`, `io.WriteString(w, ..)`, `json.NewEncoder(w).Encode(..)`) sends a 200
//!   first when nothing was sent;
//! - `http.Error(w, msg, code)` sends `code` with a text body, `http.Redirect(w, r, url, code)`
//!   sends `code` with `Location`, `http.NotFound(w, r)` a 404 with a body.
//!
//! Any other use of `w` (a helper it is passed to, a wrapper, a loop writing to it) may write
//! anything: a response sent after one is not reported, and a body after one is unknown.

use tree_sitter::Node;

use super::{span_of, text_of};
use crate::extract::Field;
use crate::model::{
    Body, FixPlan, Header, HeaderInsert, HeaderStyle, Headers, Response, Span, Status, StatusForm,
    StatusStyle,
};

/// The type every handler read takes.
pub(super) const TOKEN: &str = "ResponseWriter";

/// Paths followed through one handler at most: past them, the handler is not read.
const MAX_PATHS: usize = 64;

/// Nodes a walk visits at most, so that no input makes one run long.
const MAX_NODES: usize = 200_000;

/// `net/http`'s status constants (`http.StatusTeapot`): Go's names, not the registry's.
const CONSTANTS: &[(&str, u16)] = &[
    ("Continue", 100),
    ("SwitchingProtocols", 101),
    ("Processing", 102),
    ("EarlyHints", 103),
    ("OK", 200),
    ("Created", 201),
    ("Accepted", 202),
    ("NonAuthoritativeInfo", 203),
    ("NoContent", 204),
    ("ResetContent", 205),
    ("PartialContent", 206),
    ("MultiStatus", 207),
    ("AlreadyReported", 208),
    ("IMUsed", 226),
    ("MultipleChoices", 300),
    ("MovedPermanently", 301),
    ("Found", 302),
    ("SeeOther", 303),
    ("NotModified", 304),
    ("UseProxy", 305),
    ("TemporaryRedirect", 307),
    ("PermanentRedirect", 308),
    ("BadRequest", 400),
    ("Unauthorized", 401),
    ("PaymentRequired", 402),
    ("Forbidden", 403),
    ("NotFound", 404),
    ("MethodNotAllowed", 405),
    ("NotAcceptable", 406),
    ("ProxyAuthRequired", 407),
    ("RequestTimeout", 408),
    ("Conflict", 409),
    ("Gone", 410),
    ("LengthRequired", 411),
    ("PreconditionFailed", 412),
    ("RequestEntityTooLarge", 413),
    ("RequestURITooLong", 414),
    ("UnsupportedMediaType", 415),
    ("RequestedRangeNotSatisfiable", 416),
    ("ExpectationFailed", 417),
    ("Teapot", 418),
    ("MisdirectedRequest", 421),
    ("UnprocessableEntity", 422),
    ("Locked", 423),
    ("FailedDependency", 424),
    ("TooEarly", 425),
    ("UpgradeRequired", 426),
    ("PreconditionRequired", 428),
    ("TooManyRequests", 429),
    ("RequestHeaderFieldsTooLarge", 431),
    ("UnavailableForLegalReasons", 451),
    ("InternalServerError", 500),
    ("NotImplemented", 501),
    ("BadGateway", 502),
    ("ServiceUnavailable", 503),
    ("GatewayTimeout", 504),
    ("HTTPVersionNotSupported", 505),
    ("VariantAlsoNegotiates", 506),
    ("InsufficientStorage", 507),
    ("LoopDetected", 508),
    ("NotExtended", 510),
    ("NetworkAuthenticationRequired", 511),
];

/// Reads the handlers in `item` (a top-level declaration) into `out`.
pub(super) fn read(item: Node<'_>, text: &str, out: &mut Vec<Response>) {
    let mut stack = vec![item];
    let mut seen = 0usize;
    while let Some(node) = stack.pop() {
        seen += 1;
        if seen > MAX_NODES {
            return;
        }
        if matches!(
            node.kind_str(),
            "function_declaration" | "method_declaration" | "func_literal"
        ) {
            if let (Some(w), Some(body)) = (writer(node, text), node.field("body")) {
                handler(w, body, text, out);
            }
        }
        if node.child_count() > 0 && text_of(node, text).contains(TOKEN) {
            stack.extend(node.named_children(&mut node.walk()));
        }
    }
}

/// The name of the `http.ResponseWriter` parameter of a function that also takes an
/// `*http.Request`: a handler.
fn writer<'t>(function: Node<'_>, text: &'t str) -> Option<&'t str> {
    let parameters = function.field("parameters")?;
    let mut w = None;
    let mut request = false;
    for parameter in parameters.named_children(&mut parameters.walk()) {
        if parameter.kind_str() != "parameter_declaration" {
            continue;
        }
        let Some(ty) = parameter.field("type") else {
            continue;
        };
        let written: String = text_of(ty, text)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let names: Vec<Node<'_>> = parameter
            .children_by_field_name("name", &mut parameter.walk())
            .collect();
        match written.as_str() {
            "http.ResponseWriter" if names.len() == 1 => {
                w = Some(text_of(names[0], text)).filter(|n| *n != "_");
            }
            "*http.Request" => request = true,
            _ => {}
        }
    }
    w.filter(|_| request)
}

/// The response as sent on one path.
#[derive(Clone)]
struct Sent {
    /// `None`: a status not known.
    status: Option<Status>,
    /// The call that sent it.
    at: Span,
    headers: Headers,
    body: Body,
    /// Something not read may have sent the header before it.
    tainted: bool,
    insert: Option<HeaderInsert>,
}

/// One path through a handler so far.
#[derive(Clone)]
struct State {
    /// Something not read may have written to the response.
    tainted: bool,
    /// The headers set so far (before the header is sent).
    headers: Headers,
    sent: Option<Sent>,
}

struct Flow<'a> {
    w: &'a str,
    text: &'a str,
    /// Paths ended by `return`.
    finished: Vec<State>,
    /// Paths ended by `break` in the innermost `switch`.
    broken: Vec<State>,
    switches: usize,
    gave_up: bool,
}

fn handler(w: &str, body: Node<'_>, text: &str, out: &mut Vec<Response>) {
    let mut flow = Flow {
        w,
        text,
        finished: Vec::new(),
        broken: Vec::new(),
        switches: 0,
        gave_up: false,
    };
    let start = State {
        tainted: false,
        headers: Headers::empty(),
        sent: None,
    };
    let end = flow.block(body, vec![start]);
    flow.finished.extend(end);
    if flow.gave_up {
        return;
    }
    // One response per sending call: what every path through it gives.
    let mut merged: Vec<(Sent, bool)> = Vec::new();
    for sent in flow.finished.into_iter().filter_map(|s| s.sent) {
        match merged.iter_mut().find(|(m, _)| m.at == sent.at) {
            Some((m, dropped)) => {
                *dropped |= sent.tainted || m.status != sent.status;
                m.headers.complete &= sent.headers.complete;
                m.headers.known.retain(|h| sent.headers.has(&h.name));
                for late in sent.headers.late {
                    if !m.headers.late.iter().any(|l| l.span == late.span) {
                        m.headers.late.push(late);
                    }
                }
                m.body = match (&m.body, sent.body) {
                    (Body::Present { .. }, _) => m.body.clone(),
                    (_, present @ Body::Present { .. }) => present,
                    (Body::Unknown, _) | (_, Body::Unknown) => Body::Unknown,
                    (_, other) => other,
                };
            }
            None => {
                let tainted = sent.tainted;
                merged.push((sent, tainted));
            }
        }
    }
    for (sent, dropped) in merged {
        let (Some(status), false) = (sent.status, dropped) else {
            continue;
        };
        let status_style = match status.form {
            StatusForm::Number => Some(StatusStyle::Number),
            _ => None,
        };
        let mut headers = sent.headers;
        headers.late.sort_by_key(|h| h.span.start);
        out.push(Response {
            status,
            headers,
            body: sent.body,
            span: sent.at,
            method: None,
            route: None,
            fix_plan: FixPlan {
                add_header: sent.insert,
                status_style,
                ..FixPlan::default()
            },
            runtime: None,
            related: Vec::new(),
        });
    }
}

impl Flow<'_> {
    fn block(&mut self, block: Node<'_>, mut states: Vec<State>) -> Vec<State> {
        for child in block.named_children(&mut block.walk()) {
            states = if child.kind_str() == "statement_list" {
                self.block(child, states)
            } else {
                self.statement(child, states)
            };
            if states.len() > MAX_PATHS || self.finished.len() > MAX_PATHS {
                self.gave_up = true;
            }
            if states.is_empty() || self.gave_up {
                break;
            }
        }
        states
    }

    fn statement(&mut self, node: Node<'_>, states: Vec<State>) -> Vec<State> {
        match node.kind_str() {
            "comment" | "empty_statement" => states,
            "return_statement" => {
                let states = self.other(node, states);
                self.finished.extend(states);
                Vec::new()
            }
            "block" | "statement_list" => self.block(node, states),
            "expression_statement" => match node.named_child(0) {
                Some(call) if call.kind_str() == "call_expression" => self.call(call, node, states),
                _ => self.other(node, states),
            },
            "if_statement" => {
                let mut states = states;
                for part in ["initializer", "condition"] {
                    if let Some(part) = node.field(part) {
                        states = self.other(part, states);
                    }
                }
                let mut out = match node.field("consequence") {
                    Some(consequence) => self.block(consequence, states.clone()),
                    None => states.clone(),
                };
                match node.field("alternative") {
                    Some(alternative) => out.extend(self.statement(alternative, states)),
                    None => out.extend(states),
                }
                out
            }
            "expression_switch_statement" | "type_switch_statement" => self.switch(node, states),
            "break_statement" if self.switches > 0 && node.named_child_count() == 0 => {
                self.broken.extend(states);
                Vec::new()
            }
            "break_statement"
            | "continue_statement"
            | "goto_statement"
            | "fallthrough_statement" => {
                self.gave_up = true;
                Vec::new()
            }
            _ => self.other(node, states),
        }
    }

    /// A `switch`: each case is a path; without a `default`, so is skipping them all.
    fn switch(&mut self, node: Node<'_>, mut states: Vec<State>) -> Vec<State> {
        let mut out = Vec::new();
        let mut has_default = false;
        let outer = std::mem::take(&mut self.broken);
        self.switches += 1;
        for child in node.named_children(&mut node.walk()) {
            match child.kind_str() {
                "expression_case" | "type_case" | "default_case" => {
                    has_default |= child.kind_str() == "default_case";
                    let value = child.field("value").or_else(|| child.field("type"));
                    let mut case = states.clone();
                    for part in child.named_children(&mut child.walk()) {
                        if Some(part) == value || case.is_empty() || self.gave_up {
                            continue;
                        }
                        case = self.statement(part, case);
                    }
                    out.extend(case);
                }
                "comment" => {}
                // The initializer, the value switched on.
                _ => states = self.other(child, states),
            }
        }
        self.switches -= 1;
        out.append(&mut self.broken);
        self.broken = outer;
        if !has_default {
            out.extend(states);
        }
        out
    }

    /// A call statement: one of the shapes read, else any other statement.
    fn call(&mut self, call: Node<'_>, statement: Node<'_>, states: Vec<State>) -> Vec<State> {
        let (text, w) = (self.text, self.w);
        let Some(function) = call.field("function") else {
            return self.other(statement, states);
        };
        let args: Vec<Node<'_>> = call
            .field("arguments")
            .map(|a| {
                a.named_children(&mut a.walk())
                    .filter(|n| n.kind_str() != "comment")
                    .collect()
            })
            .unwrap_or_default();
        let is_w = |n: Option<&Node<'_>>| {
            n.is_some_and(|n| n.kind_str() == "identifier" && text_of(*n, text) == w)
        };
        if function.kind_str() == "identifier" && text_of(function, text) == "panic" {
            let states = self.other(statement, states);
            self.finished.extend(states);
            return Vec::new();
        }
        if function.kind_str() != "selector_expression" {
            return self.other(statement, states);
        }
        let (Some(operand), Some(field)) = (function.field("operand"), function.field("field"))
        else {
            return self.other(statement, states);
        };
        let method = text_of(field, text);
        let object = text_of(operand, text);
        let insert = insert_before(statement, w, text);
        // Arguments are read only where the shape says what they are: any other mention of `w`
        // makes the statement unreadable.
        let mentions_w_beyond = |from: usize| args.iter().skip(from).any(|a| mentions(*a, w, text));
        if is_w(Some(&operand)) {
            match method {
                "WriteHeader" if args.len() == 1 && !mentions_w_beyond(0) => {
                    let status = status_of(args[0], text);
                    return send(states, status, call, insert, &[]);
                }
                "Write" if args.len() == 1 && !mentions_w_beyond(0) => {
                    return write(states, call, Some(args[0]), insert);
                }
                _ => return self.other(statement, states),
            }
        }
        // `w.Header().Set("Name", value)`
        if matches!(method, "Set" | "Add" | "Del")
            && operand.kind_str() == "call_expression"
            && !mentions_w_beyond(0)
        {
            let header_of_w = operand
                .field("function")
                .filter(|f| f.kind_str() == "selector_expression")
                .is_some_and(|f| {
                    is_w(f.field("operand").as_ref())
                        && f.field("field")
                            .is_some_and(|n| text_of(n, text) == "Header")
                })
                && operand
                    .field("arguments")
                    .is_some_and(|a| a.named_child_count() == 0);
            if header_of_w && !args.is_empty() {
                let name = string_value(args[0], text).map(str::to_ascii_lowercase);
                return header(states, method, name, span_of(call), span_of(args[0]));
            }
        }
        match (object, method) {
            ("http", "Error") if args.len() == 3 && is_w(args.first()) && !mentions_w_beyond(1) => {
                let status = status_of(args[2], text);
                let set = ["content-type", "x-content-type-options"];
                let mut states = send(states, status, call, insert, &set);
                body(&mut states, Some(args[1]), call);
                states
            }
            ("http", "Redirect")
                if args.len() == 4 && is_w(args.first()) && !mentions_w_beyond(1) =>
            {
                let status = status_of(args[3], text);
                let mut states = send(states, status, call, insert, &["location"]);
                for state in &mut states {
                    if let Some(sent) = &mut state.sent {
                        if sent.at == span_of(call) {
                            sent.body = Body::Unknown;
                        }
                    }
                }
                states
            }
            ("http", "NotFound")
                if args.len() == 2 && is_w(args.first()) && !mentions_w_beyond(1) =>
            {
                let status = Some(Some(Status {
                    code: 404,
                    span: span_of(field),
                    form: StatusForm::Helper,
                }));
                let set = ["content-type", "x-content-type-options"];
                let mut states = send(states, status, call, insert, &set);
                body(&mut states, None, call);
                states
            }
            ("fmt", "Fprint" | "Fprintf" | "Fprintln") | ("io", "WriteString" | "Copy")
                if args.len() >= 2 && is_w(args.first()) && !mentions_w_beyond(1) =>
            {
                write(states, call, args.get(1).copied(), insert)
            }
            (_, "Encode")
                if operand.kind_str() == "call_expression"
                    && operand
                        .field("function")
                        .is_some_and(|f| text_of(f, text) == "json.NewEncoder")
                    && operand.field("arguments").is_some_and(|a| {
                        a.named_child_count() == 1 && is_w(a.named_child(0).as_ref())
                    })
                    && !mentions_w_beyond(0) =>
            {
                write(states, call, args.first().copied(), insert)
            }
            _ => self.other(statement, states),
        }
    }

    /// A statement not read: if it names `w`, it may have written anything.
    fn other(&mut self, node: Node<'_>, mut states: Vec<State>) -> Vec<State> {
        if mentions(node, self.w, self.text) {
            for state in &mut states {
                match &mut state.sent {
                    None => state.tainted = true,
                    Some(sent) => {
                        if !matches!(sent.body, Body::Present { .. }) {
                            sent.body = Body::Unknown;
                        }
                    }
                }
            }
        }
        states
    }
}

/// Whether `node` names the writer `w` anywhere (a node too large to look through does).
fn mentions(node: Node<'_>, w: &str, text: &str) -> bool {
    if !text_of(node, text).contains(w) {
        return false;
    }
    let mut stack = vec![node];
    let mut seen = 0usize;
    while let Some(n) = stack.pop() {
        seen += 1;
        if seen > MAX_NODES {
            return true;
        }
        if n.kind_str() == "identifier" && text_of(n, text) == w {
            return true;
        }
        if n.child_count() > 0 {
            stack.extend(n.named_children(&mut n.walk()));
        }
    }
    false
}

/// Sends the status (`None`: a 1xx, which sends nothing final) on every path that has sent
/// nothing yet, with `set` headers added by the call.
fn send(
    mut states: Vec<State>,
    status: Option<Option<Status>>,
    call: Node<'_>,
    insert: Option<HeaderInsert>,
    set: &[&str],
) -> Vec<State> {
    let Some(status) = status else {
        return states;
    };
    for state in &mut states {
        if state.sent.is_some() {
            // A superfluous `WriteHeader`: net/http logs it and keeps the first status.
            continue;
        }
        let mut headers = state.headers.clone();
        for name in set {
            headers.add(Some((*name).to_string()), span_of(call));
        }
        state.sent = Some(Sent {
            status: status.clone(),
            at: span_of(call),
            headers,
            body: Body::Empty,
            tainted: state.tainted,
            insert: insert.clone(),
        });
    }
    states
}

/// A body write: sends a 200 first on paths that sent nothing.
fn write(
    states: Vec<State>,
    call: Node<'_>,
    content: Option<Node<'_>>,
    insert: Option<HeaderInsert>,
) -> Vec<State> {
    let span = call
        .field("function")
        .and_then(|f| f.field("field"))
        .map(span_of)
        .unwrap_or_else(|| span_of(call));
    let ok = Status {
        code: 200,
        span,
        form: StatusForm::Helper,
    };
    let mut states = send(states, Some(Some(ok)), call, insert, &[]);
    body(&mut states, content, call);
    states
}

/// Records a body written by `call` (its content, when an argument says it).
fn body(states: &mut [State], content: Option<Node<'_>>, call: Node<'_>) {
    let span = span_of(content.unwrap_or(call));
    for sent in states.iter_mut().filter_map(|s| s.sent.as_mut()) {
        if !matches!(sent.body, Body::Present { .. }) {
            sent.body = Body::Present { span, pure: false };
        }
    }
}

/// `w.Header().Set/Add/Del(name, ..)` on every path.
fn header(
    mut states: Vec<State>,
    method: &str,
    name: Option<String>,
    span: Span,
    name_span: Span,
) -> Vec<State> {
    for state in &mut states {
        match (&mut state.sent, method) {
            (Some(sent), "Set" | "Add") => {
                if let Some(name) = &name {
                    sent.headers.late.push(Header {
                        name: name.clone(),
                        span: name_span,
                    });
                }
            }
            (Some(_), _) => {}
            (None, "Del") => match &name {
                Some(name) => state.headers.known.retain(|h| &h.name != name),
                None => state.headers.complete = false,
            },
            (None, _) => state.headers.add(name.clone(), span),
        }
    }
    states
}

/// A status argument: `Some(None)` when not known, `None` for a 1xx (which sends no final
/// response).
fn status_of(node: Node<'_>, text: &str) -> Option<Option<Status>> {
    let written = text_of(node, text);
    let known = match node.kind_str() {
        "int_literal" => written
            .parse::<u16>()
            .ok()
            .filter(|c| (100..=999).contains(c))
            .map(|code| (code, StatusForm::Number)),
        "selector_expression" => written
            .strip_prefix("http.Status")
            .and_then(|name| CONSTANTS.iter().find(|(n, _)| *n == name))
            .map(|(_, code)| (*code, StatusForm::Named)),
        _ => None,
    };
    match known {
        Some((code, _)) if (100..200).contains(&code) => None,
        Some((code, form)) => Some(Some(Status {
            code,
            span: span_of(node),
            form,
        })),
        None => Some(None),
    }
}

/// The value of a string literal without escapes.
fn string_value<'t>(node: Node<'_>, text: &'t str) -> Option<&'t str> {
    let written = text_of(node, text);
    match node.kind_str() {
        "interpreted_string_literal" if !written.contains('\\') => {
            written.strip_prefix('"')?.strip_suffix('"')
        }
        "raw_string_literal" => written.strip_prefix('`')?.strip_suffix('`'),
        _ => None,
    }
}

/// Where a header set goes so that it takes effect: a statement of its own before `statement`,
/// indented as it is (gofmt: tabs).
fn insert_before(statement: Node<'_>, w: &str, text: &str) -> Option<HeaderInsert> {
    let start = statement.start_byte();
    let line_start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    let indent = text.get(line_start..start)?;
    if !indent.chars().all(|c| c == '\t' || c == ' ') {
        return None;
    }
    Some(HeaderInsert {
        at: start,
        style: HeaderStyle::Text {
            before: format!("{w}.Header().Set("),
            between: ", ",
            after: format!(")\n{indent}"),
        },
    })
}
