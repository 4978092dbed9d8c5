//! Python across functions and modules, through the index (issue 18):
//!
//! - imports as index paths (`package.rs`), so a name resolves to its one definition in the
//!   package;
//! - `Depends(f)` / `Security(f)` recorded as routes of `f` (`index::Route`, no method): the file
//!   defining `f` reads it as a dependency when some file of the package names it so
//!   (`View::routes_of`), as a file does for its own `Depends`;
//! - helpers that build a response from a status parameter (`return jsonify(..), status`,
//!   `JSONResponse(status_code=status)`, `abort(status)`, `raise HTTPException(status)`) as
//!   summaries instantiated where a handler calls them with a status it names (reported at that
//!   argument, with the helper as a note);
//! - `HTTPException` subclasses with a fixed status (`super().__init__(status_code=401)`,
//!   Werkzeug's `code = 401`), reported where a handler raises them, unless an exception handler
//!   or an HTTP middleware of the package may answer them (`index::Renderer`, which also needs
//!   the file to be in a package: other files may register one).

use crate::extract::Field;
use std::cell::RefCell;

use tree_sitter::Node;

use super::flask;
use super::handlers;
use super::{callee, headers_of, push_children, span_of, status_of, text_of, Args};
use crate::index::{
    self, instantiate, Caller, Found, Import, Lookup, Outcome, Renderer, Returns, Route,
    StatusSource, Summary, View,
};
use crate::model::{Header, Headers, Related, StatusForm};

/// What a FastAPI file that builds no response itself is spelled with when its routes use the
/// package's dependencies, helpers or exception classes (other frameworks' files are read
/// through their own tokens).
pub(super) const TOKENS: &[&str] = &["Depends", "Security", "fastapi"];

/// How the calls registering an exception handler or an HTTP middleware are spelled (the walk
/// gathering calls enters only the nodes holding one: `WALKED` has them all).
#[cfg(test)]
pub(super) const RENDERER_TOKENS: &[&str] = &[
    "exception_handler",
    "errorhandler",
    "error_handler",
    ".middleware(",
];

/// A helper whose response the caller returns (a Flask tuple, a response object).
pub(super) const RETURNED: u8 = 0x50;
/// A helper that raises (or aborts with) an HTTP error where it is called.
pub(super) const RAISED: u8 = 0x51;
/// An `HTTPException` subclass with a fixed status, raised by name.
pub(super) const EXCEPTION: u8 = 0x52;
/// The renderer flavor of exception handlers and HTTP middlewares.
const HANDLERS: u8 = 0x50;

/// The base classes an exception handler may be registered for that also take a custom
/// `HTTPException`.
const BASES: &[&str] = &[
    "HTTPException",
    "StarletteHTTPException",
    "Exception",
    "BaseException",
];

/// Names looked up, each with where.
type Names = Vec<(String, usize)>;

/// What a file's read asks the package, and the lookups it made (for the index's dependents).
pub(super) struct Package<'v> {
    view: Option<View<'v>>,
    lookups: RefCell<(Names, Names)>,
    /// Functions a handler context calls: what they raise is raised in that context.
    calls: RefCell<Vec<Route>>,
}

impl<'v> Package<'v> {
    pub(super) fn new(view: Option<View<'v>>) -> Package<'v> {
        Package {
            view,
            lookups: RefCell::new((Vec::new(), Vec::new())),
            calls: RefCell::new(Vec::new()),
        }
    }

    /// A call made in a handler context (not in the body of a `try` that may catch what it
    /// raises): the function it names raises its errors to that handler, as a dependency does.
    pub(super) fn called(&self, call: Node<'_>, text: &str) {
        if let Some(route) = call
            .field("function")
            .and_then(|f| dependency_route(f, text, call.start_byte()))
        {
            self.calls.borrow_mut().push(route);
        }
    }

    fn note(&self, name: &str, at: usize, found: bool) {
        let mut lookups = self.lookups.borrow_mut();
        lookups.0.push((name.to_string(), at));
        if !found {
            lookups.1.push((name.to_string(), at));
        }
    }

    /// How many lookups and calls are recorded (to drop those of a read that is thrown away).
    pub(super) fn mark(&self) -> (usize, usize, usize) {
        let lookups = self.lookups.borrow();
        (lookups.0.len(), lookups.1.len(), self.calls.borrow().len())
    }

    pub(super) fn drop_since(&self, mark: (usize, usize, usize)) {
        let mut lookups = self.lookups.borrow_mut();
        lookups.0.truncate(mark.0);
        lookups.1.truncate(mark.1);
        self.calls.borrow_mut().truncate(mark.2);
    }

    /// The references and unresolved names recorded, and the calls made in handler contexts.
    pub(super) fn into_facts(self) -> (Names, Names, Vec<Route>) {
        let (references, unresolved) = self.lookups.into_inner();
        (references, unresolved, self.calls.into_inner())
    }

    /// Whether a file of the package gives the top-level function `name` (defined at `at`) to
    /// `Depends`/`Security`, or calls it from a handler context.
    pub(super) fn used_as_dependency(&self, name: &str, at: usize) -> bool {
        let used = self
            .view
            .is_some_and(|v| !v.routes_of(&[], name).is_empty());
        self.note(&index::route_key(name), at, used);
        used
    }

    /// The one summary of flavor `flavors` the path names, with its one outcome.
    fn summary(&self, path: &[&str], at: usize, flavors: &[u8]) -> Option<(Found, Outcome)> {
        let name = *path.last()?;
        let accept = |r: &Returns| matches!(r, Returns::Responses(o) if o.len() == 1 && flavors.contains(&o[0].flavor));
        let found = match self.view.map(|v| v.function_where(&[], path, accept)) {
            Some(Lookup::Found(found)) => Some(*found),
            _ => None,
        };
        self.note(name, at, found.is_some());
        let found = found?;
        let Returns::Responses(outcomes) = &found.summary.returns else {
            return None;
        };
        let outcome = outcomes.first()?.clone();
        Some((found, outcome))
    }

    /// Whether an error raised with `code` (of the class `class`) may be answered by an
    /// exception handler or middleware of the package: `None` when the file is not in a package.
    fn handled(&self, class: Option<&str>, code: u16, at: usize) -> Option<bool> {
        let renderers = self.view.and_then(|v| v.renderers(HANDLERS));
        self.note(index::RENDERERS, at, renderers.is_some());
        let code = code.to_string();
        Some(renderers?.iter().any(|(r, _)| match r.error.as_deref() {
            None => true,
            Some(e) => Some(e) == class || BASES.contains(&e) || e == code,
        }))
    }
}

/// A response a handler gets from a helper or an exception class of the package.
pub(super) struct Instance<'t> {
    /// Where the status is written (the caller's argument) with its code and form; `None` for an
    /// exception class (its status is the class's: the raise is reported).
    pub status: Option<(Node<'t>, u16, StatusForm)>,
    pub code: u16,
    pub headers: Headers,
    pub related: Related,
}

/// Whether an `except` clause of `try_statement` may catch an `HTTPException`: a bare `except:`,
/// or one naming it or a base class of it.
pub(super) fn catches_http_errors(try_statement: Node<'_>, text: &str) -> bool {
    try_statement
        .named_children(&mut try_statement.walk())
        .filter(|c| matches!(c.kind_str(), "except_clause" | "except_group_clause"))
        .any(|clause| {
            let body = clause
                .named_children(&mut clause.walk())
                .find(|c| c.kind_str() == "block");
            let end = body.map_or(clause.end_byte(), |b| b.start_byte());
            let header = text.get(clause.start_byte()..end).unwrap_or("");
            let named = header
                .trim_start_matches("except")
                .trim_start_matches('*')
                .trim()
                .trim_end_matches(':')
                .trim();
            named.is_empty() || BASES.iter().any(|b| header.contains(b))
        })
}

/// The path a callee is written as (`error`, `errors.error`), without `self`/`cls`.
fn path_of<'t>(node: Node<'_>, text: &'t str) -> Option<Vec<&'t str>> {
    if !matches!(node.kind_str(), "identifier" | "attribute") {
        return None;
    }
    let written = text_of(node, text);
    let parts: Vec<&str> = written.split('.').map(str::trim).collect();
    let plain = parts
        .iter()
        .all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '_'));
    (plain && !matches!(parts[0], "self" | "cls")).then_some(parts)
}

/// The status arguments of a call as the caller's evaluator reads them.
struct StatusArgs<'a, 't> {
    args: &'a Args<'t>,
    text: &'t str,
    call: Node<'t>,
}

impl<'t> Caller for StatusArgs<'_, 't> {
    type Status = (Node<'t>, u16, StatusForm);
    type Body = ();

    fn status_arg(&self, i: usize) -> Option<Self::Status> {
        let node = *self.args.positional.get(i)?;
        let (code, form) = status_of(node, self.text)?;
        Some((node, code, form))
    }

    fn field(&self, _name: &str) -> Option<Self::Status> {
        None
    }

    fn at_call(&self, code: u16) -> Self::Status {
        (self.call, code, StatusForm::Helper)
    }

    fn body_arg(&self, _i: usize) -> Option<()> {
        None
    }
}

/// A call to a helper of the package of one of `flavors`, given a status it names (a call with
/// no argument read as a status is not looked up). A raising helper answered by an exception
/// handler (`catches`: the file's own, for a file outside a package) gives nothing.
pub(super) fn helper_call<'t>(
    package: &Package<'_>,
    call: Node<'t>,
    text: &'t str,
    flavors: &[u8],
    catches: &dyn Fn(u16) -> bool,
) -> Option<Instance<'t>> {
    let args = Args::of(call, text)?;
    if !args
        .positional
        .iter()
        .any(|a| status_of(*a, text).is_some())
    {
        return None;
    }
    let path = path_of(call.field("function")?, text)?;
    let (found, outcome) = package.summary(&path, call.start_byte(), flavors)?;
    let caller = StatusArgs {
        args: &args,
        text,
        call,
    };
    let instance = instantiate(&found, &outcome, &caller)?;
    let code = instance.status.1;
    if outcome.flavor == RAISED {
        let handled = package.handled(None, code, call.start_byte());
        if handled.unwrap_or_else(|| catches(code)) {
            return None;
        }
    }
    Some(Instance {
        status: Some(instance.status),
        code,
        headers: headers(&instance.headers, instance.headers_complete, call),
        related: instance.related,
    })
}

/// `raise AuthError(..)` / `raise AuthError` of an `HTTPException` subclass of the package with a
/// fixed status, when no exception handler of the package may answer it.
pub(super) fn raised_class<'t>(
    package: &Package<'_>,
    raised: Node<'t>,
    text: &'t str,
) -> Option<Instance<'t>> {
    let class = match raised.kind_str() {
        "call" => raised.field("function")?,
        _ => raised,
    };
    let path = path_of(class, text)?;
    let name = *path.last()?;
    // A class by its name's convention; the framework's own are read by their readers.
    if !index::starts_upper(name) || BASES.contains(&name) {
        return None;
    }
    let (found, outcome) = package.summary(&path, raised.start_byte(), &[EXCEPTION])?;
    let StatusSource::Const { code, .. } = outcome.status else {
        return None;
    };
    if package.handled(Some(name), code, raised.start_byte()) != Some(false) {
        return None;
    }
    let related = Related {
        message: format!("status set by {}", found.display),
        location: found.location(outcome.built)?,
    };
    Some(Instance {
        status: None,
        code,
        headers: headers(&outcome.headers, outcome.headers_complete, raised),
        related,
    })
}

fn headers(names: &[String], complete: bool, at: Node<'_>) -> Headers {
    Headers {
        known: names
            .iter()
            .map(|name| Header {
                name: name.clone(),
                span: span_of(at),
            })
            .collect(),
        complete,
        late: Vec::new(),
    }
}

/// The index imports of the top-level statements `nodes`.
pub(super) fn imports(text: &str, nodes: &[Node<'_>], out: &mut Vec<Import>) {
    for node in nodes {
        let at = node.start_byte();
        match node.kind_str() {
            "import_from_statement" => {
                let Some(module) = node.field("module_name") else {
                    continue;
                };
                let (dots, dotted) = match module.kind_str() {
                    "relative_import" => {
                        let mut dots = 0;
                        let mut dotted = "";
                        for part in module.children(&mut module.walk()) {
                            match part.kind_str() {
                                "import_prefix" => dots = text_of(part, text).trim().len(),
                                "dotted_name" => dotted = text_of(part, text),
                                _ => {}
                            }
                        }
                        (dots, dotted)
                    }
                    _ => (0, text_of(module, text)),
                };
                let mut names = Vec::new();
                if node
                    .children(&mut node.walk())
                    .any(|c| c.kind_str() == "wildcard_import")
                {
                    names.push(("*", None));
                }
                for name in node.children_by_field_name("name", &mut node.walk()) {
                    names.extend(name_and_alias(name, text));
                }
                super::package::from_import(dots, dotted, &names, at, out);
            }
            "import_statement" => {
                for name in node.children_by_field_name("name", &mut node.walk()) {
                    if let Some((dotted, alias)) = name_and_alias(name, text) {
                        super::package::plain_import(dotted, alias, at, out);
                    }
                }
            }
            _ => {}
        }
    }
}

fn name_and_alias<'t>(name: Node<'_>, text: &'t str) -> Option<(&'t str, Option<&'t str>)> {
    match name.kind_str() {
        "aliased_import" => Some((
            text_of(name.field("name")?, text),
            Some(text_of(name.field("alias")?, text)),
        )),
        "dotted_name" => Some((text_of(name, text), None)),
        _ => None,
    }
}

/// What a file whose parse the prefilter skipped gives the index: its imports (an
/// `__init__.py` re-exporting its modules' helpers).
pub(super) fn unparsed(text: &str) -> Option<index::IndexFacts> {
    let imports = super::package::text_imports(text);
    (!imports.is_empty()).then(|| index::IndexFacts {
        imports,
        ..index::IndexFacts::default()
    })
}

/// A `Depends(f)` / `Security(f)` (or a call `f(..)` in a handler context) as a route of `f` for
/// the index (no method, no path: the function runs for some route).
pub(super) fn dependency_route(argument: Node<'_>, text: &str, at: usize) -> Option<Route> {
    let path = path_of(argument, text)?;
    Some(Route {
        method: String::new(),
        path: String::new(),
        handler: path.iter().map(|s| s.to_string()).collect(),
        module: Vec::new(),
        at,
    })
}

/// The exception handlers and HTTP middlewares the `calls` register: FastAPI's
/// `@app.exception_handler(E)` / `add_exception_handler(E, f)` / `@app.middleware("http")`,
/// Flask's `@app.errorhandler(E)` / `register_error_handler(E, f)`. Each may add any header.
/// The walk gathering `calls` enters the nodes holding one of `RENDERER_TOKENS`.
pub(super) fn renderers(text: &str, calls: &[Node<'_>], out: &mut Vec<Renderer>) {
    for &node in calls {
        let name = node
            .field("function")
            .filter(|f| f.kind_str() == "attribute")
            .and_then(|f| f.field("attribute"))
            .map_or("", |a| text_of(a, text));
        let handles = matches!(
            name,
            "exception_handler"
                | "add_exception_handler"
                | "errorhandler"
                | "app_errorhandler"
                | "register_error_handler"
        );
        if handles || name == "middleware" {
            let error = Args::of(node, text)
                .and_then(|a| a.positional.first().copied())
                .filter(|_| handles)
                .map(|e| match status_of(e, text) {
                    Some((code, _)) => code.to_string(),
                    None => handlers::last_name(text_of(e, text)).to_string(),
                });
            out.push(Renderer {
                flavor: HANDLERS,
                passes_status: false,
                headers: Vec::new(),
                headers_complete: false,
                error,
                at: node.start_byte(),
            });
        }
    }
}

/// The summaries of the top-level functions and classes in `nodes`: helpers building a response
/// from a status parameter, `HTTPException` subclasses with a fixed status.
pub(super) fn summaries(
    text: &str,
    nodes: &[Node<'_>],
    flask: &flask::File,
    out: &mut Vec<Summary>,
) {
    for node in nodes {
        let summary = match node.kind_str() {
            "function_definition" => helper(*node, text, flask),
            "class_definition" => exception(*node, text),
            _ => None,
        };
        out.extend(summary);
    }
}

/// A helper: every returned value a response whose status is a parameter (`RETURNED`), or no
/// returned response and errors raised with a parameter's status (`RAISED`). A parameter
/// assigned in the body is not the caller's. Only a function with a parameter named as a status
/// (`status`, `status_code`, `http_status`, `code`) is read: the others are not walked.
fn helper(function: Node<'_>, text: &str, flask: &flask::File) -> Option<Summary> {
    let name = text_of(function.field("name")?, text);
    let params: Vec<&str> = handlers::parameters(function, text)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    let status_like = |p: &&str| {
        let p = p.to_ascii_lowercase();
        p.contains("status") || p.contains("code")
    };
    if !params.iter().any(status_like) {
        return None;
    }
    let body = function.field("body")?;
    let param = |node: Node<'_>| {
        (node.kind_str() == "identifier")
            .then(|| params.iter().position(|p| *p == text_of(node, text)))
            .flatten()
    };
    let mut returned: Vec<Outcome> = Vec::new();
    let mut raised: Vec<Outcome> = Vec::new();
    let mut readable = true;
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        match node.kind_str() {
            "function_definition" | "class_definition" | "lambda" => continue,
            "return_statement" => {
                let value = node
                    .named_children(&mut node.walk())
                    .find(|n| !n.is_extra());
                match value.and_then(|v| returned_outcome(v, text, flask, &param)) {
                    Some(o) => returned.push(o),
                    None => readable = false,
                }
                continue;
            }
            "raise_statement" => {
                let call = node.named_child(0).filter(|c| c.kind_str() == "call");
                if let Some(o) = call.and_then(|c| raised_outcome(c, text, flask, &param)) {
                    raised.push(o);
                    continue;
                }
            }
            "call" => {
                let abort =
                    node.field("function").and_then(|f| flask.resolve(f, text)) == Some("abort");
                if abort {
                    match raised_outcome(node, text, flask, &param) {
                        Some(o) => raised.push(o),
                        None => readable = false,
                    }
                }
            }
            "assignment" | "augmented_assignment" | "for_statement" => {
                let left = node.field("left");
                if left.is_some_and(|l| assigns(l, text, &params)) {
                    return None;
                }
            }
            "global_statement" | "nonlocal_statement" => return None,
            _ => {}
        }
        push_children(&mut stack, node);
    }
    let (flavor, outcomes) = match (returned.is_empty(), raised.is_empty()) {
        (false, true) if readable => (RETURNED, returned),
        (true, false) if readable => (RAISED, raised),
        _ => return None,
    };
    // One outcome: the instance is one response per call.
    let first = outcomes.first()?.clone();
    if outcomes.iter().any(|o| !same_outcome(o, &first)) {
        return None;
    }
    debug_assert_eq!(first.flavor, flavor);
    Some(Summary {
        module: Vec::new(),
        owner: None,
        name: name.to_string(),
        span: span_of(function),
        returns: Returns::Responses(vec![first]),
    })
}

/// Whether two outcomes build the same response but for where.
fn same_outcome(a: &Outcome, b: &Outcome) -> bool {
    a.status == b.status
        && a.headers == b.headers
        && a.headers_complete == b.headers_complete
        && a.flavor == b.flavor
}

/// Whether the assigned target `left` names one of `params`.
fn assigns(left: Node<'_>, text: &str, params: &[&str]) -> bool {
    let mut stack = vec![left];
    while let Some(node) = stack.pop() {
        if node.kind_str() == "identifier" && params.contains(&text_of(node, text)) {
            return true;
        }
        // `x.y = ..`, `x[i] = ..` change what `x` holds, not `x`.
        if !matches!(node.kind_str(), "attribute" | "subscript") {
            push_children(&mut stack, node);
        }
    }
    false
}

/// A returned value whose status is a parameter: Flask's `(body, status[, headers])` and
/// `make_response(..)` of the same, `Response(body, status, headers)`; Starlette's responses
/// with `status_code=`.
fn returned_outcome(
    value: Node<'_>,
    text: &str,
    flask: &flask::File,
    param: &dyn Fn(Node<'_>) -> Option<usize>,
) -> Option<Outcome> {
    let mut value = value;
    while matches!(value.kind_str(), "parenthesized_expression" | "await") {
        value = value.named_child(0)?;
    }
    let (status, given) = match value.kind_str() {
        "tuple" | "expression_list" if flask.active() => {
            let elements: Vec<Node<'_>> = value
                .named_children(&mut value.walk())
                .filter(|n| !n.is_extra())
                .collect();
            match elements.as_slice() {
                [body, status] if body.kind_str() != "none" => (*status, None),
                [body, status, headers] if body.kind_str() != "none" => (*status, Some(*headers)),
                _ => return None,
            }
        }
        "call" => {
            let args = Args::of(value, text)?;
            let function = value.field("function")?;
            match flask.resolve(function, text) {
                Some("make_response") if args.keywords.is_empty() => {
                    match args.positional.as_slice() {
                        [_, status] => (*status, None),
                        [_, status, headers] => (*status, Some(*headers)),
                        _ => return None,
                    }
                }
                Some("Response") => (args.get(1, "status")?, args.get(2, "headers")),
                _ if super::fastapi::is_response(callee(value, text)?) => {
                    let headers = args.keyword("headers");
                    let given = headers.map(|h| (h, headers_of(Some(h), text)));
                    return outcome(
                        param(args.get(1, "status_code")?)?,
                        given.map_or_else(Headers::empty, |(_, h)| h),
                        value,
                        RETURNED,
                    );
                }
                _ => return None,
            }
        }
        _ => return None,
    };
    let headers = match given {
        Some(h) => flask::tuple_headers(h, text).0,
        None => Headers::empty(),
    };
    outcome(param(status)?, headers, value, RETURNED)
}

/// `raise HTTPException(status_code=param, ..)` or Flask's `abort(param)`: the error with that
/// status (Werkzeug adds no header to an `abort` without its extra arguments).
fn raised_outcome(
    call: Node<'_>,
    text: &str,
    flask: &flask::File,
    param: &dyn Fn(Node<'_>) -> Option<usize>,
) -> Option<Outcome> {
    let args = Args::of(call, text)?;
    let function = call.field("function")?;
    if flask.resolve(function, text) == Some("abort") {
        let status = param(args.get(0, "status")?)?;
        let headers = if args.positional.len() > 2 || !args.keywords.is_empty() {
            Headers::unknown()
        } else {
            Headers::empty()
        };
        return outcome(status, headers, call, RAISED);
    }
    if callee(call, text)? != "HTTPException" {
        return None;
    }
    let status = param(args.get(0, "status_code")?)?;
    let headers = headers_of(args.get(2, "headers"), text);
    outcome(status, headers, call, RAISED)
}

fn outcome(param: usize, headers: Headers, built: Node<'_>, flavor: u8) -> Option<Outcome> {
    Some(Outcome {
        status: StatusSource::Param(param),
        headers: headers.known.into_iter().map(|h| h.name).collect(),
        headers_complete: headers.complete,
        // The caller's argument, or content around it: no rule needs it across files.
        body: index::BodySource::Unknown,
        built: span_of(built),
        builder: false,
        flavor,
        variant: None,
    })
}

/// An `HTTPException` subclass with a fixed status: Starlette's through
/// `super().__init__(status_code=401, headers=..)` in its `__init__` (or `self.status_code` of a
/// class attribute), Werkzeug's as a `code = 401` class attribute without its own `__init__`,
/// `get_headers` or `get_response`.
fn exception<'t>(class: Node<'t>, text: &'t str) -> Option<Summary> {
    let name = text_of(class.field("name")?, text);
    let bases = handlers::bases(class, text);
    if !bases
        .iter()
        .any(|b| handlers::last_name(b) == "HTTPException")
        || bases.len() != 1
    {
        return None;
    }
    let body = class.field("body")?;
    let mut attributes: Vec<(&str, Node<'_>)> = Vec::new();
    let mut init = None;
    for statement in body.named_children(&mut body.walk()) {
        let statement = match statement.kind_str() {
            "decorated_definition" => statement.field("definition")?,
            _ => statement,
        };
        match statement.kind_str() {
            "function_definition" => {
                let method = text_of(statement.field("name")?, text);
                match method {
                    "__init__" => init = Some(statement),
                    "get_headers" | "get_response" | "__call__" => return None,
                    _ => {}
                }
            }
            "expression_statement" => {
                let Some(assignment) = statement
                    .named_child(0)
                    .filter(|a| a.kind_str() == "assignment")
                else {
                    continue;
                };
                if let (Some(left), Some(right)) =
                    (assignment.field("left"), assignment.field("right"))
                {
                    attributes.push((text_of(left, text), right));
                }
            }
            _ => {}
        }
    }
    let attribute = |name: &str| attributes.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    let (status, headers) = match init {
        Some(init) => starlette_init(init, text, &attribute)?,
        None => (attribute("code")?, Headers::empty()),
    };
    let (code, _) = status_of(status, text)?;
    Some(Summary {
        module: Vec::new(),
        owner: None,
        name: name.to_string(),
        span: span_of(class),
        returns: Returns::Responses(vec![Outcome {
            status: StatusSource::Const {
                code,
                span: span_of(status),
            },
            headers: headers.known.into_iter().map(|h| h.name).collect(),
            headers_complete: headers.complete,
            body: index::BodySource::Unknown,
            built: span_of(status),
            builder: false,
            flavor: EXCEPTION,
            variant: None,
        }]),
    })
}

/// The status and headers `__init__` passes to `super().__init__(..)`; `None` when it does
/// anything else with `self` (it may set headers or the status).
fn starlette_init<'t>(
    init: Node<'t>,
    text: &'t str,
    attribute: &dyn Fn(&str) -> Option<Node<'t>>,
) -> Option<(Node<'t>, Headers)> {
    let body = init.field("body")?;
    let mut found = None;
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        match node.kind_str() {
            "call" => {
                let is_super = node
                    .field("function")
                    .filter(|f| f.kind_str() == "attribute")
                    .is_some_and(|f| {
                        f.field("attribute")
                            .is_some_and(|a| text_of(a, text) == "__init__")
                            && f.field("object").is_some_and(|o| {
                                o.kind_str() == "call" && callee(o, text) == Some("super")
                            })
                    });
                if is_super {
                    if found.is_some() {
                        return None;
                    }
                    let args = Args::of(node, text)?;
                    let mut status = args.get(0, "status_code")?;
                    let written = text_of(status, text);
                    if let Some(field) = written.strip_prefix("self.") {
                        status = attribute(field)?;
                    }
                    let headers = headers_of(args.get(2, "headers"), text);
                    found = Some((status, headers));
                    continue;
                }
            }
            "assignment" | "augmented_assignment" => {
                let left = node.field("left")?;
                if text_of(left, text).starts_with("self.") {
                    return None;
                }
            }
            _ => {}
        }
        push_children(&mut stack, node);
    }
    found
}
