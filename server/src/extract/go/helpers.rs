//! Helpers that write the response a caller hands them: `writeError(w, status, msg)` with
//! `w.WriteHeader(status)` inside. A named function or method taking an `http.ResponseWriter`
//! whose every path sends one response is summarized as `Returns::Writes`: per sending call,
//! its status (a constant, or an `int` parameter the caller decides), the headers it adds and its
//! body. A handler's call `writeError(w, http.StatusUnauthorized, "no")` then sends, per outcome,
//! the caller's status with the caller's headers plus the helper's, reported at the status the
//! caller wrote with where the helper builds it as related information.
//!
//! The summary is made from what `flow` found along the helper's paths, and a call is read by
//! `flow` as one more sending statement, so nothing here knows net/http but `Function::of` (which
//! functions take the writer) and the frameworks a summary is read for (`summarized`).
//!
//! Resolved through the index (`View`): a bare name in the file's package (its folder), a
//! method on the caller's own receiver in that package, or `pkg.Name` through the file's imports
//! (see `package`). What does not resolve to one summary stays an unknown use of `w`.
//!
//! Precision: a helper is not summarized when a path may send nothing or something unread
//! touches `w`, when it tests its status parameter where a branch touches `w` (its headers
//! would depend on the status), or when it deletes headers (the caller's would be gone).

use tree_sitter::Node;

use super::errors::Binding;
use super::flow::{CallerStatus, Flow, Sent, State};
use super::syntax::{
    any_under, arguments, insert_before, is_empty_content, span_of, status_of, text_of, MAX_NODES,
};
use super::{nethttp, Framework, Handler};
use crate::extract::{Field, View};
use crate::index::{BodySource, Found, Lookup, Outcome, Returns, StatusSource, Summary};
use crate::model::{Body, HeaderInsert, Related, Status};

/// How far a climb to the enclosing `if` or `switch` goes.
const MAX_DEPTH: usize = 512;

/// A function read for responses, as its signature says.
pub(super) struct Function<'t> {
    /// Its framework and the name of its writer or context.
    pub handler: Handler<'t>,
    /// The writer's position among the parameters.
    pub position: usize,
    /// Whether it takes the request too (a handler). Any other function may be called after its
    /// caller set headers, so its responses' headers are not known to be complete.
    pub request: bool,
    /// Its name (`None` for a function literal).
    pub name: Option<&'t str>,
    /// Its parameters by name, with their positions.
    pub params: Vec<(&'t str, usize)>,
    /// Its `int` parameters that stand for a status its caller decides: never assigned, and
    /// tested only where no branch touches `w` (see `untested`).
    pub statuses: Vec<(&'t str, usize)>,
    /// The receiver of the method it is (or is inside): its name and type.
    pub receiver: Option<(&'t str, &'t str)>,
    /// The text of the top-level declaration it is (or is inside), where local names are
    /// declared.
    pub scope: &'t str,
}

impl<'t> Function<'t> {
    /// A function of a framework whose helpers are not summarized: its writer or context alone.
    pub(super) fn plain(handler: Handler<'t>, name: Option<&'t str>, scope: &'t str) -> Self {
        Function {
            handler,
            position: 0,
            request: true,
            name,
            params: Vec::new(),
            statuses: Vec::new(),
            receiver: None,
            scope,
        }
    }

    /// A function taking an `http.ResponseWriter` (the first one, named): its parameters, and
    /// the `int` ones that stay its caller's status.
    pub(super) fn of(
        function: Node<'_>,
        text: &'t str,
        receiver: Option<(&'t str, &'t str)>,
        scope: &'t str,
    ) -> Option<Self> {
        let parameters = function.field("parameters")?;
        let mut w = None;
        let mut request = false;
        let mut params = Vec::new();
        let mut ints = Vec::new();
        let mut position = 0usize;
        for parameter in parameters.named_children(&mut parameters.walk()) {
            if !matches!(
                parameter.kind_str(),
                "parameter_declaration" | "variadic_parameter_declaration"
            ) {
                continue;
            }
            let written: String = parameter
                .field("type")
                .map(|ty| text_of(ty, text))
                .unwrap_or("")
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let variadic = parameter.kind_str() == "variadic_parameter_declaration";
            let names: Vec<&'t str> = parameter
                .children_by_field_name("name", &mut parameter.walk())
                .map(|n| text_of(n, text))
                .collect();
            match written.as_str() {
                "http.ResponseWriter" if names.len() == 1 && names[0] != "_" && w.is_none() => {
                    w = Some((names[0], position));
                }
                "*http.Request" => request = true,
                "int" if !variadic => {
                    ints.extend(names.iter().enumerate().map(|(i, n)| (*n, position + i)))
                }
                _ => {}
            }
            params.extend(names.iter().enumerate().map(|(i, n)| (*n, position + i)));
            position += names.len().max(1);
        }
        let (w, position) = w?;
        let body = function.field("body");
        let statuses = ints
            .into_iter()
            .filter(|(n, _)| body.is_some_and(|b| untested(b, n, w, text)))
            .collect();
        // A function literal inside a method sees the method's receiver.
        let receiver = match function.kind_str() {
            "method_declaration" => receiver,
            "func_literal" => receiver.filter(|(n, _)| !params.iter().any(|(p, _)| p == n)),
            _ => None,
        };
        Some(Function {
            handler: Handler {
                framework: Framework::NetHttp,
                ctx: w,
            },
            position,
            request,
            name: function.field("name").map(|n| text_of(n, text)),
            params,
            statuses,
            receiver,
            scope,
        })
    }

    /// The position of the parameter named `name`.
    pub(super) fn param(&self, name: &str) -> Option<usize> {
        self.params
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, i)| *i)
    }

    /// Whether helpers handed its writer are read (net/http's; the frameworks' contexts not yet).
    pub(super) fn summarized(&self) -> bool {
        self.handler.framework == Framework::NetHttp
    }
}

/// A method declaration's receiver: its name and its type's name (`(h *Handler)` -> `h`,
/// `Handler`).
pub(super) fn receiver<'t>(item: Node<'_>, text: &'t str) -> Option<(&'t str, &'t str)> {
    if item.kind_str() != "method_declaration" {
        return None;
    }
    let list = item.field("receiver")?;
    let parameter = list
        .named_children(&mut list.walk())
        .find(|p| p.kind_str() == "parameter_declaration")?;
    let name = text_of(parameter.field("name")?, text);
    let ty = text_of(parameter.field("type")?, text);
    let ty = ty.trim_start_matches('*').trim();
    let ty = ty.split('[').next().unwrap_or(ty).trim();
    Some((name, ty)).filter(|(n, t)| *n != "_" && !t.is_empty())
}

/// The summary of what `node` (a named function or method, read as `fun`) writes to its writer,
/// from its responses (`merged`, one per sending call, every path sending one).
pub(super) fn summary(
    node: Node<'_>,
    fun: &Function<'_>,
    merged: &[(Sent, bool)],
    bindings: &[Binding<'_>],
    text: &str,
) -> Option<Summary> {
    if !fun.summarized() {
        return None;
    }
    let name = fun.name?;
    // A header the helper deletes may be one its caller set.
    let deletes = text_of(node, text).contains(".Del(");
    let mut outcomes = Vec::new();
    for (sent, dropped) in merged {
        if *dropped {
            return None;
        }
        let status = match (&sent.status, sent.param) {
            (Some(s), _) => StatusSource::Const {
                code: s.code,
                span: s.span,
            },
            (None, Some(CallerStatus::Arg(i))) => StatusSource::Param(i),
            (None, Some(CallerStatus::Reported(k))) => {
                let binding = bindings.get(k)?;
                StatusSource::Reported {
                    param: binding.param,
                    ty: binding.ty.as_deref().map(Box::from),
                }
            }
            (None, None) => return None,
        };
        let body = match &sent.body {
            Body::Empty => BodySource::Empty,
            Body::Present { span, .. } => {
                let written = text.get(span.start..span.end).unwrap_or("");
                match fun.param(written) {
                    Some(i) if i != fun.position => BodySource::AroundParam(i),
                    _ => BodySource::Present(*span),
                }
            }
            Body::Param(i) => BodySource::Param(*i),
            Body::Unknown => BodySource::Unknown,
        };
        outcomes.push(Outcome {
            status,
            headers: sent.headers.known.iter().map(|h| h.name.clone()).collect(),
            headers_complete: sent.headers.complete && !deletes,
            body,
            built: sent.at,
            builder: false,
            flavor: 0,
            variant: None,
        });
    }
    // A helper sending only statuses of its own changes nothing at its callers: the response
    // is sent either way, and its statuses are reported in it.
    if !outcomes.iter().any(|o| {
        matches!(
            o.status,
            StatusSource::Param(_) | StatusSource::Reported { .. }
        )
    }) {
        return None;
    }
    let owner = match node.kind_str() {
        "method_declaration" => Some(fun.receiver?.1.to_string()),
        _ => None,
    };
    Some(Summary {
        module: Vec::new(),
        owner,
        name: name.to_string(),
        span: span_of(node),
        returns: Returns::Writes {
            param: fun.position,
            outcomes,
        },
    })
}

/// Whether the `int` parameter `name` stands for a status the caller decides throughout `body`:
/// never assigned, shadowed or addressed, and compared only in an `if` or `switch` that does not
/// touch `w` (`if status >= 500 { log.Print(..) }`).
fn untested(body: Node<'_>, name: &str, w: &str, text: &str) -> bool {
    if !text_of(body, text).contains(name) {
        return true;
    }
    let mut stack = vec![body];
    let mut seen = 0usize;
    while let Some(n) = stack.pop() {
        seen += 1;
        if seen > MAX_NODES {
            return false;
        }
        if n.kind_str() == "identifier" && text_of(n, text) == name && !plain_use(n, w, text) {
            return false;
        }
        if n.child_count() > 0 && text_of(n, text).contains(name) {
            stack.extend(n.named_children(&mut n.walk()));
        }
    }
    true
}

/// Whether this use of a status parameter leaves it the caller's.
fn plain_use(id: Node<'_>, w: &str, text: &str) -> bool {
    let Some(parent) = id.parent() else {
        return false;
    };
    match parent.kind_str() {
        "binary_expression" => {
            let comparison = parent
                .field("operator")
                .is_some_and(|o| matches!(o.kind_str(), "==" | "!=" | "<" | "<=" | ">" | ">="));
            !comparison || deciding(parent).is_some_and(|s| !mentions(s, w, text))
        }
        "expression_switch_statement" => !mentions(parent, w, text),
        "expression_list" => {
            let assigned = parent.parent().is_some_and(|p| {
                matches!(
                    p.kind_str(),
                    "assignment_statement" | "short_var_declaration" | "range_clause"
                ) && p.field("left") == Some(parent)
            });
            let case = parent
                .parent()
                .is_some_and(|p| p.kind_str() == "expression_case");
            !assigned && !case
        }
        "inc_statement" | "dec_statement" | "unary_expression" | "var_spec" => false,
        "assignment_statement" | "short_var_declaration" => parent.field("left") != Some(id),
        _ => true,
    }
}

/// The `if` or `switch` whose condition (or case) `test` is part of.
fn deciding(test: Node<'_>) -> Option<Node<'_>> {
    let mut node = test;
    for _ in 0..MAX_DEPTH {
        let parent = node.parent()?;
        match parent.kind_str() {
            "binary_expression" | "parenthesized_expression" | "unary_expression" => node = parent,
            "if_statement" if parent.field("condition") == Some(node) => return Some(parent),
            "expression_list" => node = parent,
            "expression_case" => return parent.parent(),
            _ => return None,
        }
    }
    None
}

/// Whether `node` names `w` anywhere (a node too large to look through does).
fn mentions(node: Node<'_>, w: &str, text: &str) -> bool {
    if !text_of(node, text).contains(w) {
        return false;
    }
    any_under(vec![node], |n| {
        n.kind_str() == "identifier" && text_of(n, text) == w
    })
    .unwrap_or(true)
}

/// Whether `name` is declared in `scope` (the top-level declaration a call is in): a local
/// variable or function value shadows the package's function of that name.
pub(super) fn declared_locally(scope: &str, name: &str) -> bool {
    let declares = |after: &str| {
        scope.match_indices(name).any(|(i, _)| {
            let before = scope[..i].chars().next_back();
            let word = !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
            word && scope[i + name.len()..].starts_with(after)
        })
    };
    [" :=", " =", ","].into_iter().any(declares)
        || scope.contains(&format!("var {name} "))
        || scope.contains(&format!("func {name}("))
}

/// Content written at `node`.
fn present(node: Node<'_>) -> Body {
    Body::Present {
        span: span_of(node),
        pure: false,
    }
}

impl<'a> Flow<'a> {
    /// A call handing the writer to a helper summarized as writing to it: each of its responses
    /// on every path that sent nothing yet. `Err` gives the paths back when the call is not one.
    pub(super) fn helper(
        &mut self,
        call: Node<'a>,
        statement: Node<'a>,
        states: Vec<State>,
    ) -> Result<Vec<State>, Vec<State>> {
        if !self.fun.summarized() {
            return Err(states);
        }
        let (text, w) = (self.text, self.handler.ctx);
        let args = arguments(call);
        let is_w = |a: &Node<'_>| a.kind_str() == "identifier" && text_of(*a, text) == w;
        let Some(position) = args.iter().position(is_w) else {
            return Err(states);
        };
        let beyond = args
            .iter()
            .enumerate()
            .any(|(i, a)| i != position && self.names_ctx(*a));
        let Some(function) = call.field("function").filter(|_| !beyond) else {
            return Err(states);
        };
        let writes = |r: &Returns| matches!(r, Returns::Writes { .. });
        // Headers set before the call are on the response the function sends.
        let set_before = states
            .iter()
            .any(|s| s.sent.is_none() && (!s.headers.known.is_empty() || !s.headers.complete));
        let named = match function.kind_str() {
            "identifier" => Some(function),
            "selector_expression" => function.field("field"),
            _ => None,
        };
        if let Some(name) = named.filter(|_| set_before) {
            self.handed
                .push((text_of(name, text).to_string(), call.start_byte()));
        }
        let found = match function.kind_str() {
            "identifier" => {
                let name = text_of(function, text);
                if self.fun.param(name).is_some() {
                    return Err(states);
                }
                let found = self.look_up(name, call, |view| view.function(&[], &[name]));
                // A package function's own declaration in `scope` is `func name(`, not a local.
                found.filter(|_| !declared_locally(self.fun.scope, name))
            }
            "selector_expression" => {
                let (Some(operand), Some(field)) =
                    (function.field("operand"), function.field("field"))
                else {
                    return Err(states);
                };
                if operand.kind_str() != "identifier" {
                    return Err(states);
                }
                let (object, name) = (text_of(operand, text), text_of(field, text));
                match self.fun.receiver {
                    Some((receiver, ty)) if receiver == object => {
                        self.look_up(name, call, |view| view.module_method(ty, name, writes))
                    }
                    _ if self.fun.param(object).is_some() => return Err(states),
                    _ => self
                        .look_up(name, call, |view| view.function(&[], &[object, name]))
                        .filter(|_| !declared_locally(self.fun.scope, object)),
                }
            }
            _ => return Err(states),
        };
        let Some(found) = found else {
            return Err(states);
        };
        let Returns::Writes { param, outcomes } = &found.summary.returns else {
            return Err(states);
        };
        // A function calling itself: the summary found is an earlier reading's.
        let itself = found.path.is_none()
            && self.fun.name == Some(found.summary.name.as_str())
            && found.summary.owner.as_deref() == self.fun.receiver.map(|(_, ty)| ty);
        if *param != position || itself {
            return Err(states);
        }
        let setter = self.handler.framework.setter(w);
        let insert = insert_before(statement, setter, text);
        let place = (
            statement.start_byte(),
            statement.parent().map_or(0, |p| p.id()),
        );
        // What the values handed to the helper report, per outcome that renders one.
        let reported: Vec<Option<(Status, Vec<Related>)>> = outcomes
            .iter()
            .map(|o| match &o.status {
                StatusSource::Reported { param, ty } => args
                    .get(*param)
                    .and_then(|a| self.status_reported(*a, ty.as_deref(), call)),
                _ => None,
            })
            .collect();
        let mut out = Vec::new();
        for mut state in states {
            if let Some(sent) = state.sent.as_mut() {
                // Written after a response was sent: its content is not known.
                if !matches!(sent.body, Body::Present { .. }) {
                    sent.body = Body::Unknown;
                }
                out.push(state);
                continue;
            }
            for (k, outcome) in outcomes.iter().enumerate() {
                let mut next = state.clone();
                let call = Call {
                    node: call,
                    args: &args,
                    insert: insert.clone(),
                    place,
                };
                let reported = reported.get(k).and_then(Option::as_ref);
                next.sent = Some(self.instance(&found, outcome, k, &call, &state, reported));
                out.push(next);
            }
        }
        Ok(out)
    }

    /// What `outcome` (the `k`th) of the helper `found` sends at `call`, on a path in `state`.
    fn instance(
        &self,
        found: &Found,
        outcome: &Outcome,
        k: usize,
        call: &Call<'_, '_>,
        state: &State,
        reported: Option<&(Status, Vec<Related>)>,
    ) -> Sent {
        let args = call.args;
        // Go names a package's function `web.Error`, a method `server.fail`.
        let related = found.location(outcome.built).map(|location| Related {
            message: format!("built by {}", found.display.replace("::", ".")),
            location,
        });
        let (mut status, mut param): (Option<Status>, Option<CallerStatus>) = (None, None);
        // A status of the helper's own is the helper's to report.
        if let (StatusSource::Param(i), Some(_)) = (&outcome.status, &related) {
            if let Some(arg) = args.get(*i) {
                match status_of(*arg, self.text, None) {
                    Some(Some(known)) => status = Some(known),
                    Some(None) => param = self.status_param(*arg).map(CallerStatus::Arg),
                    // A 1xx sends no final response.
                    None => {}
                }
            }
        }
        let mut related: Vec<Related> = related.into_iter().collect();
        if let (StatusSource::Reported { .. }, Some((known, notes)), false) =
            (&outcome.status, reported, related.is_empty())
        {
            status = Some(known.clone());
            related.extend(notes.iter().cloned());
        }
        let mut headers = state.headers.clone();
        for name in &outcome.headers {
            if !headers.has(name) {
                headers.add(Some(name.clone()), span_of(call.node));
            }
        }
        headers.complete &= outcome.headers_complete;
        let body = match &outcome.body {
            BodySource::Empty => Body::Empty,
            // Content the helper writes itself: reported at the status the caller chose.
            BodySource::Present(_) => match &outcome.status {
                StatusSource::Param(i) => present(args.get(*i).copied().unwrap_or(call.node)),
                _ => present(call.node),
            },
            BodySource::AroundParam(i) => args.get(*i).map_or(Body::Unknown, |a| present(*a)),
            BodySource::Param(i) => args.get(*i).map_or(Body::Unknown, |a| self.passed(*a)),
            BodySource::Unknown => Body::Unknown,
        };
        let dropped_by = matches!(body, Body::Present { .. }).then_some(nethttp::DROPS);
        Sent {
            status,
            param,
            at: span_of(call.node),
            outcome: k + 1,
            set: Vec::new(),
            headers,
            committed: true,
            body,
            tainted: state.tainted,
            insert: call.insert.clone(),
            statement: call.place,
            remove_body: None,
            dropped_by,
            accepts: None,
            move_late: Vec::new(),
            related,
        }
    }

    /// A body the caller passes: none for `nil`, `""` or `[]byte{}`, content for a non-empty
    /// literal, the caller's own parameter, else unknown.
    fn passed(&self, arg: Node<'_>) -> Body {
        let inner = conversion_operand(arg, self.text).unwrap_or(arg);
        if is_empty_content(inner, self.text) {
            return Body::Empty;
        }
        match inner.kind_str() {
            "interpreted_string_literal" | "raw_string_literal" | "composite_literal" => {
                present(arg)
            }
            "identifier" => match self.fun.param(text_of(inner, self.text)) {
                Some(i) if i != self.fun.position => Body::Param(i),
                _ => Body::Unknown,
            },
            _ => Body::Unknown,
        }
    }

    /// The function's parameter that content written at `node` is (`msg`, `[]byte(msg)`): what
    /// its caller passes.
    pub(super) fn content_param(&self, node: Node<'_>) -> Option<usize> {
        let inner = conversion_operand(node, self.text).unwrap_or(node);
        if inner.kind_str() != "identifier" {
            return None;
        }
        self.fun
            .param(text_of(inner, self.text))
            .filter(|i| *i != self.fun.position)
    }

    /// Looks `name` up through the view, recording the lookup.
    pub(super) fn look_up(
        &mut self,
        name: &str,
        call: Node<'_>,
        lookup: impl FnOnce(View<'_>) -> Lookup,
    ) -> Option<Box<Found>> {
        let found = match self.view.map(lookup) {
            Some(Lookup::Found(found)) => Some(found),
            _ => None,
        };
        self.lookups
            .push((name.to_string(), call.start_byte(), found.is_some()));
        found
    }
}

/// A call to a helper, as its responses are placed in the caller.
struct Call<'n, 'r> {
    node: Node<'n>,
    args: &'r [Node<'n>],
    insert: Option<HeaderInsert>,
    place: (usize, usize),
}

/// The value `[]byte(x)` or `string(x)` converts.
pub(super) fn conversion_operand<'t>(node: Node<'t>, text: &str) -> Option<Node<'t>> {
    if !matches!(
        node.kind_str(),
        "call_expression" | "type_conversion_expression"
    ) {
        return None;
    }
    let ty = node.field("function").or_else(|| node.field("type"))?;
    if !matches!(text_of(ty, text), "[]byte" | "string") {
        return None;
    }
    let args = arguments(node);
    match args.as_slice() {
        [one] => Some(*one),
        _ => node.field("operand"),
    }
}
