//! Statements read in order along each path through a Go handler's body (`if`/`else` branches
//! and `switch` cases split a path, `return` ends one), whatever the framework: each framework
//! file turns a call on the handler's writer or context into `Effect`s, and this applies them.
//!
//! A path's response is chosen (a status, pending), then sent (the header section written:
//! later header changes are late and dropped), or, where the framework buffers the whole
//! response (fiber), only chosen, and read as it stands when the handler returns. Any use of the
//! context the framework file does not read may write anything: a response chosen or sent after
//! it is not reported, and a body after it is unknown.

use tree_sitter::Node;

use super::helpers::Function;
use super::syntax::{any_under, indent_of, span_of, text_of, StatusArg, MAX_NODES};
use super::{Framework, Handler};
use crate::extract::{Field, View};
use crate::index::HANDED;
use crate::model::{
    Accepts, Body, Edit, FileFacts, FixPlan, Header, HeaderInsert, Headers, LateHeader, Related,
    Response, Runtime, Span, Status, StatusForm, StatusStyle,
};

/// Paths followed through one handler at most: past them, the handler is not read.
const MAX_PATHS: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HeaderOp {
    Set,
    Add,
    Del,
}

/// What one call does to the response.
#[derive(Debug, Clone)]
pub(super) enum Effect {
    /// A header set, added or removed; `name: None` when it cannot be read. `name_span` is where
    /// the name is written; `pure` when the call's arguments have no side effects.
    Header {
        op: HeaderOp,
        name: Option<String>,
        span: Span,
        pure: bool,
    },
    /// Chooses the status without sending it (gin's and fiber's `c.Status`).
    Status { status: StatusArg, at: Span },
    /// The status chosen or sent by the call at `at` is one its caller decides (a helper being
    /// summarized).
    StatusParam { param: CallerStatus, at: Span },
    /// Sends the header section with `status` (where the framework sends; else chooses it),
    /// adding the headers `set`.
    Send {
        status: StatusArg,
        at: Span,
        set: &'static [&'static str],
    },
    /// Writes content, sending the header section first if nothing was sent (with the chosen
    /// status, else 200 at `at`).
    Body(BodyWrite),
    /// The call may write content we cannot say (`http.Redirect`'s note).
    BodyUnknown,
    /// The sending call accepts only these statuses, and what it does with the others.
    Accepts(Accepts, &'static str),
    /// An error handed to the framework's error handler: `Some(status)` when known and rendered
    /// by the default handler (with `set` headers, a body we do not read), `None` when it may be
    /// anything.
    Error {
        status: Option<StatusArg>,
        at: Span,
        set: &'static [&'static str],
    },
}

/// A status a helper's caller decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CallerStatus {
    /// The function's parameter at this position.
    Arg(usize),
    /// What the value of a parameter reports: `StatusCode()` of the function's binding at this
    /// index (see `errors::bindings`).
    Reported(usize),
}

#[derive(Debug, Clone)]
pub(super) struct BodyWrite {
    /// The content, `None` when the call writes it all (`http.NotFound`).
    pub content: Option<Span>,
    /// `nil` or `""`: nothing is written.
    pub empty: bool,
    pub pure: bool,
    /// The call writing it: where an implied 200 is reported.
    pub at: Span,
    /// The content is the function's parameter at this position, as its caller passes it.
    pub param: Option<usize>,
    /// Edits that remove it (`c.JSON(code, x)` -> `c.Status(code)`), when they build.
    pub removal: Option<Vec<Edit>>,
    /// What the framework does with a body on a status that cannot carry one.
    pub dropped_by: &'static str,
}

/// The response as chosen or sent on one path.
#[derive(Clone)]
pub(super) struct Sent {
    /// `None`: a status not known.
    pub status: Option<Status>,
    /// The status its caller decides.
    pub param: Option<CallerStatus>,
    pub at: Span,
    /// Which response of a helper called at `at` it is (0 for any other call).
    pub outcome: usize,
    /// Headers the sending call adds itself.
    pub set: Vec<Header>,
    /// The header section when it was sent (`committed`).
    pub headers: Headers,
    pub committed: bool,
    pub body: Body,
    /// Something not read may have written to the response before it was sent.
    pub tainted: bool,
    pub insert: Option<HeaderInsert>,
    /// The statement that sent it: its start and its block's id, for moving late headers.
    pub statement: (usize, usize),
    pub remove_body: Option<Vec<Edit>>,
    pub dropped_by: Option<&'static str>,
    pub accepts: Option<(Accepts, &'static str)>,
    pub move_late: Vec<(Span, Vec<Edit>)>,
    /// Where a helper built it.
    pub related: Vec<Related>,
}

/// One path through a handler so far.
#[derive(Clone)]
pub(super) struct State {
    /// Something not read may have written to the response.
    pub tainted: bool,
    /// The headers set so far (before the header section is sent).
    pub headers: Headers,
    pub sent: Option<Sent>,
}

pub(super) struct Flow<'a> {
    pub handler: Handler<'a>,
    /// What the function's signature says (its parameters, receiver, name).
    pub fun: &'a Function<'a>,
    pub text: &'a str,
    /// The handler's function node (for whether a removal still builds).
    pub function: Node<'a>,
    pub settings: Settings<'a>,
    /// The index, for helpers of other files.
    pub view: Option<View<'a>>,
    /// Names looked up in the index, where, and whether they resolved.
    pub lookups: Vec<(String, usize, bool)>,
    /// Functions handed the writer after headers were set on it, by name, with where.
    pub handed: Vec<(String, usize)>,
    /// Where the body's text has the writer's or context's name as a word, in order (in strings
    /// and comments too: a node without one certainly does not name it).
    ctx_at: Vec<usize>,
    /// Paths ended by `return`.
    finished: Vec<State>,
    /// Paths ended by `panic`: they never return to a caller.
    panicked: Vec<State>,
    /// Paths ended by `break` in the innermost `switch`.
    broken: Vec<State>,
    switches: usize,
    gave_up: bool,
    /// The names whose `StatusCode()` a caller's value reports, read when a status is one.
    bindings: std::cell::OnceCell<Vec<super::errors::Binding<'a>>>,
}

/// What the rest of the file says about a handler's responses.
#[derive(Debug, Clone, Copy)]
pub(super) struct Settings<'a> {
    /// The file installs its own error handler: errors handed to the framework are unknown.
    pub custom_errors: bool,
    /// The headers the file's middleware set (they may be on every response), `None` when one
    /// is not known: then no response's headers are complete.
    pub middleware_headers: Option<&'a [String]>,
    /// A function of the file hands the writer or context to this one (a `Helper`
    /// registration): its callers may have set headers.
    pub helper: bool,
}

/// Reads one function's body: its responses into `facts.responses`, and, for a helper handed the
/// writer, what it writes into `facts.index` (see `helpers`). Calls to helpers of other files
/// resolve through `view`; each lookup is recorded.
pub(super) fn read_handler<'a>(
    fun: &'a Function<'a>,
    function: Node<'a>,
    body: Node<'a>,
    text: &'a str,
    settings: Settings<'a>,
    view: Option<View<'a>>,
    facts: &mut FileFacts,
) {
    let handler = fun.handler;
    let mut flow = Flow {
        handler,
        fun,
        text,
        function,
        settings,
        view,
        lookups: Vec::new(),
        handed: Vec::new(),
        ctx_at: super::syntax::words(text, body.start_byte(), body.end_byte(), handler.ctx),
        finished: Vec::new(),
        panicked: Vec::new(),
        broken: Vec::new(),
        switches: 0,
        gave_up: false,
        bindings: std::cell::OnceCell::new(),
    };
    let start = State {
        tainted: false,
        headers: match settings.middleware_headers {
            None => Headers::unknown(),
            Some(names) => {
                // Where the handler starts: the middleware is elsewhere.
                let at = Span::new(body.start_byte(), body.start_byte());
                let mut headers = Headers::empty();
                names.iter().for_each(|n| headers.add(Some(n.clone()), at));
                headers
            }
        },
        sent: None,
    };
    let end = flow.block(body, vec![start]);
    flow.finished.extend(end);
    // A function that takes no request, or that a function of the file or the package hands
    // the writer to after setting a header, may send headers it does not set itself.
    let named = matches!(
        function.kind_str(),
        "function_declaration" | "method_declaration"
    );
    let mut complete = fun.request && !settings.helper;
    if let (true, true, Some(name)) = (complete && fun.summarized(), named, fun.name) {
        let handed = view.and_then(|v| v.handed(name));
        flow.lookups
            .push((HANDED.to_string(), function.start_byte(), handed.is_some()));
        complete = handed != Some(true);
    }
    for (name, at, found) in flow.lookups.drain(..) {
        if !found {
            facts.index.unresolved.push((name.clone(), at));
        }
        facts.index.references.push((name, at));
    }
    facts.index.handed.append(&mut flow.handed);
    if flow.gave_up {
        return;
    }
    let every_path_sends = flow
        .finished
        .iter()
        .all(|s| s.sent.as_ref().is_some_and(|s| !s.tainted && s.committed));
    flow.finished.append(&mut flow.panicked);
    // One response per sending call (and per response of a helper it calls): what every path
    // through it gives.
    let mut merged: Vec<(Sent, bool)> = Vec::new();
    for state in flow.finished {
        let Some(mut sent) = state.sent else {
            continue;
        };
        if !sent.committed {
            // Sent when the handler returns, with the headers set by then.
            sent.headers = state.headers.clone();
            sent.tainted |= state.tainted;
        }
        for header in std::mem::take(&mut sent.set) {
            sent.headers.known.push(header);
        }
        match merged
            .iter_mut()
            .find(|(m, _)| m.at == sent.at && m.outcome == sent.outcome)
        {
            Some((m, dropped)) => {
                *dropped |= sent.tainted || m.status != sent.status || m.param != sent.param;
                m.headers.complete &= sent.headers.complete;
                m.headers.known.retain(|h| sent.headers.has(&h.name));
                for late in sent.headers.late {
                    if !m.headers.late.iter().any(|l| l.span == late.span) {
                        m.headers.late.push(late);
                    }
                }
                for moved in sent.move_late {
                    if !m.move_late.iter().any(|(s, _)| *s == moved.0) {
                        m.move_late.push(moved);
                    }
                }
                m.body = match (&m.body, sent.body) {
                    (Body::Present { .. }, _) => m.body.clone(),
                    (_, present @ Body::Present { .. }) => {
                        m.remove_body = sent.remove_body;
                        m.dropped_by = sent.dropped_by;
                        present
                    }
                    (a, b) if *a == b => b,
                    _ => Body::Unknown,
                };
            }
            None => {
                let tainted = sent.tainted;
                merged.push((sent, tainted));
            }
        }
    }
    if every_path_sends && named {
        let bindings = flow.bindings.get().map_or(&[][..], Vec::as_slice);
        if let Some(summary) = super::helpers::summary(function, fun, &merged, bindings, text) {
            facts.index.summaries.push(summary);
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
        headers.complete &= complete;
        let null_body = sent
            .dropped_by
            .filter(|_| matches!(status.code, 100..=199 | 204 | 304));
        let runtime = match (null_body, sent.accepts) {
            (None, None) => None,
            (null_body, accepts) => Some(Runtime { null_body, accepts }),
        };
        facts.responses.push(Response {
            status,
            headers,
            body: sent.body,
            span: sent.at,
            method: None,
            route: None,
            fix_plan: FixPlan {
                add_header: sent.insert,
                status_style,
                remove_body: sent.remove_body,
                move_late: sent.move_late,
                ..FixPlan::default()
            },
            runtime,
            related: sent.related,
        });
    }
}

impl<'a> Flow<'a> {
    fn block(&mut self, block: Node<'a>, mut states: Vec<State>) -> Vec<State> {
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

    fn statement(&mut self, node: Node<'a>, states: Vec<State>) -> Vec<State> {
        match node.kind_str() {
            "comment" | "empty_statement" => states,
            "return_statement" => {
                let states = self.returned(node, states);
                self.finished.extend(states);
                Vec::new()
            }
            "block" | "statement_list" => self.block(node, states),
            // A deferred call runs once the body is done: what it sent stays sent (fiber sends
            // only after it, so there it may still change the response).
            "defer_statement" if self.handler.framework.commits() => states,
            "expression_statement" => match node.named_child(0) {
                Some(call) if call.kind_str() == "call_expression" => {
                    if is_panic(call, self.text) {
                        let states = self.other(node, states);
                        self.panicked.extend(states);
                        return Vec::new();
                    }
                    self.call(call, node, states)
                }
                _ => self.other(node, states),
            },
            // `_, err := w.Write(b)`, `err = writeJSON(w, 200, v)`: the call, when the names
            // assigned are not the writer or context.
            "short_var_declaration" | "assignment_statement" => {
                let left = node.field("left");
                match only_call(node.field("right")) {
                    Some(call) if !left.is_some_and(|l| self.names_ctx(l)) => {
                        self.call(call, node, states)
                    }
                    _ => self.other(node, states),
                }
            }
            "if_statement" => {
                let mut states = states;
                if let Some(initializer) = node.field("initializer") {
                    states = self.statement(initializer, states);
                }
                if let Some(condition) = node.field("condition") {
                    states = self.other(condition, states);
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
    fn switch(&mut self, node: Node<'a>, mut states: Vec<State>) -> Vec<State> {
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

    /// A `return`: a handler returning an error (echo, fiber) hands it to the framework, which
    /// renders it when nothing was sent; a send call returned is read as a statement.
    fn returned(&mut self, node: Node<'a>, states: Vec<State>) -> Vec<State> {
        let values: Vec<Node<'a>> = node
            .named_child(0)
            .map(|list| {
                list.named_children(&mut list.walk())
                    .filter(|n| n.kind_str() != "comment")
                    .collect()
            })
            .unwrap_or_default();
        if !self.handler.framework.returns_error() {
            // `return writeJSON(w, ..)` in a function returning what the helper returns.
            return match only_call(node.named_child(0)) {
                Some(call) => self.call(call, node, states),
                None => self.other(node, states),
            };
        }
        let [value] = values.as_slice() else {
            let states = self.other(node, states);
            return self.unknown_error(node, states);
        };
        match self.handler.framework.returned(self, *value) {
            Some(effects) => self.apply(&effects, node, states),
            None => {
                let states = self.other(node, states);
                self.unknown_error(node, states)
            }
        }
    }

    fn unknown_error(&mut self, node: Node<'a>, states: Vec<State>) -> Vec<State> {
        let error = Effect::Error {
            status: None,
            at: span_of(node),
            set: &[],
        };
        self.apply(&[error], node, states)
    }

    /// A call statement: what the framework file reads of it, else a helper handed the writer
    /// (see `helpers`), else a statement not read.
    fn call(&mut self, call: Node<'a>, statement: Node<'a>, states: Vec<State>) -> Vec<State> {
        // Every call a framework file reads, and every helper handed the writer, names it.
        if !self.names_ctx(call) {
            return states;
        }
        if let Some(effects) = self.handler.framework.call(self, call) {
            return self.apply(&effects, statement, states);
        }
        match self.helper(call, statement, states) {
            Ok(states) => states,
            Err(states) => self.other(statement, states),
        }
    }

    /// Whether `node` (in the body) may name the writer or context: its text has the name as a
    /// word (maybe in a string or comment, so callers that need more look at the nodes).
    pub(super) fn names_ctx(&self, node: Node<'_>) -> bool {
        let at = &self.ctx_at;
        let first = at.partition_point(|a| *a < node.start_byte());
        at.get(first).is_some_and(|a| *a < node.end_byte())
    }

    /// The function's status parameter `node` names, if it names one (see `Function::statuses`).
    pub(super) fn status_param(&self, node: Node<'_>) -> Option<usize> {
        if node.kind_str() != "identifier" {
            return None;
        }
        let name = text_of(node, self.text);
        self.fun
            .statuses
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, i)| *i)
    }

    /// A status argument, with an `Effect::StatusParam` after `effect` when it is the
    /// function's status parameter.
    pub(super) fn with_param(&self, effect: Effect, code: Node<'_>, at: Span) -> Vec<Effect> {
        let mut effects = vec![effect];
        let param = self
            .status_param(code)
            .map(CallerStatus::Arg)
            .or_else(|| self.reported_status(code).map(CallerStatus::Reported));
        if let Some(param) = param {
            effects.push(Effect::StatusParam { param, at });
        }
        effects
    }

    /// The names of the function whose `StatusCode()` a caller's value reports, read once.
    pub(super) fn bindings(&self) -> &[super::errors::Binding<'a>] {
        self.bindings
            .get_or_init(|| super::errors::bindings(self.fun, self.function, self.text))
    }

    /// A statement not read: if it may write to the response, anything may have been sent.
    fn other(&mut self, node: Node<'_>, mut states: Vec<State>) -> Vec<State> {
        if self.writes(node) {
            for state in &mut states {
                match &mut state.sent {
                    Some(sent) if sent.committed => {
                        if !matches!(sent.body, Body::Present { .. }) {
                            sent.body = Body::Unknown;
                        }
                    }
                    _ => state.tainted = true,
                }
            }
        }
        states
    }

    /// Whether `node` uses the handler's writer or context other than to read the request
    /// (`c.Param("id")`, `c.ShouldBindJSON(&x)`); a node too large to look through does.
    pub(super) fn writes(&self, node: Node<'_>) -> bool {
        let (ctx, text) = (self.handler.ctx, self.text);
        if !self.names_ctx(node) {
            return false;
        }
        let mut stack = vec![node];
        let mut seen = 0usize;
        while let Some(n) = stack.pop() {
            seen += 1;
            if seen > MAX_NODES {
                return true;
            }
            if n.kind_str() == "selector_expression" {
                let reads = n
                    .field("operand")
                    .is_some_and(|o| o.kind_str() == "identifier" && text_of(o, text) == ctx)
                    && n.field("field")
                        .is_some_and(|f| self.handler.framework.reads_only(text_of(f, text)));
                if reads {
                    // Its arguments are the call's siblings, read on their own.
                    continue;
                }
            }
            if n.kind_str() == "identifier" && text_of(n, text) == ctx {
                return true;
            }
            if n.child_count() > 0 {
                stack.extend(n.named_children(&mut n.walk()));
            }
        }
        false
    }

    /// `c.M(code, ..)`: sends `code` (adding `set`) with the content `args[from..]` (`bytes`:
    /// written as given, so `nil` and `""` are no content). Removing the content turns the
    /// call into `c.<bare>(code)`, when that still builds.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn send_with_body(
        &self,
        call: Node<'_>,
        field: Node<'_>,
        args: &[Node<'_>],
        from: usize,
        bare: &str,
        bytes: bool,
        set: &'static [&'static str],
        dropped_by: &'static str,
    ) -> Vec<Effect> {
        let text = self.text;
        let at = span_of(call);
        let send = Effect::Send {
            status: super::syntax::status_of(args[0], text, None),
            at,
            set,
        };
        let mut effects = self.with_param(send, args[0], at);
        let content = args.get(from..).unwrap_or_default();
        let (Some(first), Some(last)) = (content.first(), content.last()) else {
            return effects;
        };
        let removed = &args[1..];
        let removal = super::syntax::removal_builds(removed, self.function, text).then(|| {
            vec![
                Edit {
                    span: span_of(field),
                    new_text: bare.to_string(),
                },
                Edit {
                    span: Span::new(args[0].end_byte(), last.end_byte()),
                    new_text: String::new(),
                },
            ]
        });
        effects.push(Effect::Body(BodyWrite {
            content: Some(Span::new(first.start_byte(), last.end_byte())),
            empty: bytes && content.len() == 1 && super::syntax::is_empty_content(*first, text),
            pure: removed.iter().all(|a| super::syntax::is_pure(*a, text)),
            at,
            param: None,
            removal,
            dropped_by,
        }));
        effects
    }

    /// Whether any of `nodes` writes (see `writes`).
    pub(super) fn any_writes(&self, nodes: &[Node<'_>]) -> bool {
        nodes.iter().any(|n| self.writes(*n))
    }

    /// Applies `effects` of `statement` on every path.
    fn apply(
        &mut self,
        effects: &[Effect],
        statement: Node<'a>,
        mut states: Vec<State>,
    ) -> Vec<State> {
        let framework = self.handler.framework;
        let insert =
            super::syntax::insert_before(statement, framework.setter(self.handler.ctx), self.text);
        let block = statement.parent().map_or(0, |p| p.id());
        let place = (statement.start_byte(), block);
        for state in &mut states {
            for effect in effects {
                self.apply_one(state, effect, statement, place, &insert);
            }
        }
        states
    }

    fn apply_one(
        &self,
        state: &mut State,
        effect: &Effect,
        statement: Node<'a>,
        place: (usize, usize),
        insert: &Option<HeaderInsert>,
    ) {
        let commits = self.handler.framework.commits();
        let committed = state.sent.as_ref().is_some_and(|s| s.committed);
        let choose =
            |state: &mut State, status: &StatusArg, at: Span, set: &[&str], commit: bool| {
                // A 1xx sends an interim response; a second status once sent is superfluous.
                let (Some(status), false) = (status, committed) else {
                    return;
                };
                let set = set
                    .iter()
                    .map(|name| Header {
                        name: (*name).to_string(),
                        span: at,
                    })
                    .collect();
                let previous = state.sent.take();
                let headers = state.headers.clone();
                let mut body = Body::Empty;
                let (mut remove_body, mut dropped_by) = (None, None);
                if let Some(previous) = previous {
                    // Only fiber chooses again after content: the content stays.
                    body = previous.body;
                    remove_body = previous.remove_body;
                    dropped_by = previous.dropped_by;
                }
                state.sent = Some(Sent {
                    status: status.clone(),
                    param: None,
                    at,
                    outcome: 0,
                    set,
                    headers,
                    committed: commit,
                    body,
                    tainted: state.tainted,
                    insert: insert.clone(),
                    statement: place,
                    remove_body,
                    dropped_by,
                    accepts: None,
                    move_late: Vec::new(),
                    related: Vec::new(),
                });
            };
        match effect {
            Effect::Header {
                op,
                name,
                span,
                pure,
            } => {
                if let Some(sent) = state.sent.as_mut().filter(|s| s.committed) {
                    if let (HeaderOp::Set | HeaderOp::Add, Some(name)) = (op, name) {
                        let moved = self.move_before(statement, sent, *pure);
                        let safe_to_move = moved.as_ref().is_some_and(|(_, safe)| *safe);
                        if let Some((edits, _)) = moved {
                            sent.move_late.push((*span, edits));
                        }
                        sent.headers.late.push(LateHeader {
                            name: name.clone(),
                            span: *span,
                            safe_to_move,
                        });
                    }
                    return;
                }
                match (op, name) {
                    (HeaderOp::Del, Some(name)) => state.headers.known.retain(|h| &h.name != name),
                    (HeaderOp::Del, None) => state.headers.complete = false,
                    (_, name) => state.headers.add(name.clone(), *span),
                }
            }
            Effect::Status { status, at } => choose(state, status, *at, &[], false),
            Effect::StatusParam { param, at } => {
                let sent = state.sent.as_mut();
                if let Some(sent) = sent.filter(|s| s.at == *at && s.status.is_none()) {
                    sent.param = Some(*param);
                }
            }
            Effect::Send { status, at, set } => choose(state, status, *at, set, commits),
            Effect::Body(write) => {
                if state.sent.is_none() {
                    let ok = Status {
                        code: 200,
                        span: write.at,
                        form: StatusForm::Helper,
                    };
                    choose(state, &Some(Some(ok)), write.at, &[], commits);
                } else if commits && !committed {
                    // The chosen status is sent now, with the headers set by then.
                    if let Some(sent) = state.sent.as_mut() {
                        sent.committed = true;
                        sent.headers = state.headers.clone();
                        sent.tainted |= state.tainted;
                    }
                }
                if write.empty {
                    return;
                }
                if let (Some(sent), Some(param)) = (state.sent.as_mut(), write.param) {
                    // What the caller passes: content written here wins, two passes agree.
                    sent.body = match sent.body {
                        Body::Present { .. } => return,
                        Body::Empty => Body::Param(param),
                        Body::Param(p) if p == param => return,
                        _ => Body::Unknown,
                    };
                    sent.dropped_by = Some(write.dropped_by);
                    return;
                }
                if let Some(sent) = state.sent.as_mut() {
                    if !matches!(sent.body, Body::Present { .. }) || !commits {
                        let span = write.content.unwrap_or(write.at);
                        sent.body = Body::Present {
                            span,
                            pure: write.pure,
                        };
                        sent.remove_body = write.removal.clone();
                        sent.dropped_by = Some(write.dropped_by);
                    }
                }
            }
            Effect::Accepts(accepts, consequence) => {
                if let Some(sent) = state.sent.as_mut() {
                    sent.accepts = Some((*accepts, consequence));
                }
            }
            Effect::BodyUnknown => {
                if let Some(sent) = state.sent.as_mut() {
                    if !matches!(sent.body, Body::Present { .. }) {
                        sent.body = Body::Unknown;
                    }
                }
            }
            Effect::Error { status, at, set } => {
                if committed {
                    // The default handlers render an error only when nothing was sent.
                    return;
                }
                match status.as_ref().filter(|_| !self.settings.custom_errors) {
                    Some(status) => {
                        choose(state, status, *at, set, commits);
                        if let Some(sent) = state.sent.as_mut() {
                            sent.body = Body::Unknown;
                            sent.remove_body = None;
                        }
                    }
                    None => {
                        state.tainted = true;
                        if let Some(sent) = state.sent.as_mut() {
                            sent.tainted = true;
                        }
                    }
                }
            }
        }
    }

    /// The edits moving `statement` (setting a late header) to just before the statement that
    /// sent the response, and whether that is safe: only within one block, the sending statement
    /// first, each on lines of its own, nothing in between declaring a name it uses. Safe when
    /// its arguments are pure and nothing in between may leave the block.
    fn move_before(
        &self,
        statement: Node<'_>,
        sent: &Sent,
        pure: bool,
    ) -> Option<(Vec<Edit>, bool)> {
        let text = self.text;
        let (send_start, block) = sent.statement;
        let parent = statement.parent()?;
        if parent.id() != block || send_start >= statement.start_byte() {
            return None;
        }
        let indent = indent_of(statement, text)?;
        let line_start = statement.start_byte() - indent.len();
        let end = statement.end_byte();
        let line_end = match text[end..].find('\n') {
            Some(i) if text[end..end + i].trim().is_empty() => end + i + 1,
            _ => return None,
        };
        let moved = text_of(statement, text);
        let mut safe = pure;
        for sibling in parent.named_children(&mut parent.walk()) {
            let inside = sibling.start_byte() >= send_start && sibling.end_byte() <= line_start;
            if !inside {
                continue;
            }
            match sibling.kind_str() {
                "short_var_declaration" | "var_declaration" | "const_declaration"
                    if declares_any(sibling, statement, text) =>
                {
                    return None
                }
                // A name it uses may change in between: moved, it would see the old value.
                "assignment_statement" | "inc_statement" | "dec_statement" => {
                    safe &= !declares_any(sibling, statement, text);
                }
                _ => {}
            }
            safe &= !may_leave(sibling);
        }
        let send_indent = &text[..send_start].rsplit('\n').next().unwrap_or("");
        if !send_indent.chars().all(|c| c == '\t' || c == ' ') {
            return None;
        }
        Some((
            vec![
                Edit {
                    span: Span::new(send_start, send_start),
                    new_text: format!("{moved}\n{send_indent}"),
                },
                Edit {
                    span: Span::new(line_start, line_end),
                    new_text: String::new(),
                },
            ],
            safe,
        ))
    }
}

/// Whether `sibling` declares or assigns a name `statement` uses.
fn declares_any(sibling: Node<'_>, statement: Node<'_>, text: &str) -> bool {
    let declared: Vec<&str> = match sibling.kind_str() {
        "inc_statement" | "dec_statement" => sibling
            .named_child(0)
            .map(|n| vec![text_of(n, text)])
            .unwrap_or_default(),
        "short_var_declaration" | "assignment_statement" => sibling
            .field("left")
            .map(|l| {
                l.named_children(&mut l.walk())
                    .map(|n| text_of(n, text))
                    .collect()
            })
            .unwrap_or_default(),
        "var_declaration" | "const_declaration" => {
            let mut names = Vec::new();
            let mut stack = vec![sibling];
            while let Some(n) = stack.pop() {
                if matches!(n.kind_str(), "var_spec" | "const_spec") {
                    for name in n.children_by_field_name("name", &mut n.walk()) {
                        names.push(text_of(name, text));
                    }
                } else {
                    stack.extend(n.named_children(&mut n.walk()));
                }
            }
            names
        }
        _ => return false,
    };
    any_under(vec![statement], |n| {
        n.kind_str() == "identifier" && declared.contains(&text_of(n, text))
    })
    .unwrap_or(true)
}

/// Whether a statement may end the path or branch (so a header moved above it would be set on
/// paths it was not set on before).
fn may_leave(node: Node<'_>) -> bool {
    let mut stack = vec![node];
    let mut seen = 0usize;
    while let Some(n) = stack.pop() {
        seen += 1;
        if seen > MAX_NODES {
            return true;
        }
        match n.kind_str() {
            "return_statement"
            | "goto_statement"
            | "break_statement"
            | "continue_statement"
            | "if_statement"
            | "expression_switch_statement"
            | "type_switch_statement"
            | "select_statement"
            | "for_statement" => return true,
            "func_literal" => continue,
            _ => {}
        }
        stack.extend(n.named_children(&mut n.walk()));
    }
    false
}

/// The call an expression list (or expression) is made of alone: `x, err := f(..)` -> `f(..)`.
fn only_call(node: Option<Node<'_>>) -> Option<Node<'_>> {
    let node = node?;
    let expression = match node.kind_str() {
        "expression_list" if node.named_child_count() == 1 => node.named_child(0)?,
        "expression_list" => return None,
        _ => node,
    };
    (expression.kind_str() == "call_expression").then_some(expression)
}

fn is_panic(call: Node<'_>, text: &str) -> bool {
    call.field("function")
        .is_some_and(|f| f.kind_str() == "identifier" && text_of(f, text) == "panic")
}

impl Framework {
    /// Whether sending writes the header section at once (fiber buffers the whole response
    /// until the handler returns).
    pub(super) fn commits(self) -> bool {
        !matches!(self, Framework::Fiber)
    }

    /// Whether handlers return an `error` the framework renders.
    fn returns_error(self) -> bool {
        matches!(self, Framework::Echo | Framework::Fiber)
    }
}

/// What returning `value` from a handler whose errors the framework renders (echo, fiber) does:
/// `nil` nothing; an error built in place (`error_status`) is sent by the default error handler;
/// a call does what `call` reads of it.
pub(super) fn returned_error(
    flow: &Flow<'_>,
    value: Node<'_>,
    error_status: fn(&Flow<'_>, Node<'_>) -> Option<StatusArg>,
    call: fn(&Flow<'_>, Node<'_>) -> Option<Vec<Effect>>,
) -> Option<Vec<Effect>> {
    if super::syntax::is_nil(value, flow.text) {
        return Some(Vec::new());
    }
    if let Some(status) = error_status(flow, value) {
        return Some(vec![Effect::Error {
            status: Some(status),
            at: span_of(value),
            set: &["content-type"],
        }]);
    }
    if value.kind_str() == "call_expression" {
        return call(flow, value);
    }
    None
}
