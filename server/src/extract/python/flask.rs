//! Flask, Quart and Werkzeug. In a view (`@app.route(..)`, `@bp.get(..)`, a `MethodView` method, a
//! function given to `add_url_rule`), an error handler or a `before_request` hook of an app or
//! blueprint of the file (or of any object when the file imports Flask or Quart and not FastAPI):
//! - a returned tuple `(body, status)`, `(body, status, headers)` or `(body, headers)`, as Flask's
//!   `make_response` unpacks it, with `make_response(..)`'s arguments read the same way;
//! - `Response(body, status=.., headers=..)` (and `response_class`), `redirect(url, code)` (which
//!   sets `Location`), returned, assigned or given to `abort`;
//! - `abort(401)` / `raise Unauthorized()`: Werkzeug sends a challenge only with `www_authenticate=`;
//!   `abort(405)` / `raise MethodNotAllowed()`: `Allow` only with `valid_methods`. An error handler
//!   of the file for that status builds the response instead, and is read itself.
//!
//! Headers named by an `after_request` hook of the file count as sent (that name only); a hook
//! whose headers cannot be read, `after_this_request`, or a response object used in other ways
//! leave the headers unknown.

use super::handlers;
use super::helpers::{self, Package};
use crate::extract::Field;
use tree_sitter::Node;

use super::{
    callee, headers_of, insert_into_dict, is_pure, push_children, span_of, status_of, string_value,
    text_of, Args,
};
use crate::model::{
    Body, Edit, FixPlan, Header, HeaderInsert, HeaderStyle, Headers, Related, Response, Runtime,
    Span, Status, StatusForm, StatusStyle,
};

/// The tokens every shape read here is spelled with (an import or an app's constructor).
pub(super) const TOKENS: &[&str] = &["flask", "Flask", "quart", "Quart", "werkzeug", "Blueprint"];

/// What Werkzeug does with the body of a 1xx, 204 or 304 (`Response.get_app_iter`).
const DROPPED: &str = "Werkzeug drops it";

/// The modules whose names are read.
const MODULES: &[&str] = &["flask", "quart", "werkzeug"];

/// Route decorators with the method they answer (`route` answers its `methods=`).
const ROUTES: &[(&str, Option<&str>)] = &[
    ("route", None),
    ("get", Some("GET")),
    ("post", Some("POST")),
    ("put", Some("PUT")),
    ("patch", Some("PATCH")),
    ("delete", Some("DELETE")),
];

/// Decorators of functions whose returned value is sent, without being a view.
const OTHER_HANDLERS: &[&str] = &[
    "errorhandler",
    "app_errorhandler",
    "before_request",
    "before_app_request",
];

/// Hooks that get the response and may add headers to every response of the app.
const AFTER_HOOKS: &[&str] = &["after_request", "after_app_request"];

/// How a hook registered by a call is spelled (`app.after_request(f)`).
pub(super) const HOOK_CALLS: &[&str] = &["after_request(", "after_app_request("];

/// How deep a value is read inside another (`((body, 204))`, `make_response(make_response(..))`).
const MAX_DEPTH: usize = 16;

/// The methods a request method string may name, as the model keeps them.
const METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/// What one statement of a file says about how Flask code in it is read.
#[derive(Debug, Clone, PartialEq)]
pub enum Registration {
    /// `name = Flask(..)` / `Quart(..)` / `Blueprint(..)`.
    App(String),
    /// An import from Flask, Quart or Werkzeug: the local name, the module, and the imported name
    /// (`None` for a module imported whole).
    Import {
        local: String,
        module: String,
        name: Option<String>,
    },
    /// The file imports FastAPI or Starlette: its route decorators are not Flask's by default.
    FastApi,
    /// A function registered by name (`add_url_rule(.., view_func=f)`,
    /// `register_error_handler(401, f)`, `before_request(f)`).
    Handler(String),
    /// The header names an `after_request` hook may add (lower case); `None`: any.
    Hook(Option<Vec<String>>),
    /// An error handler for a status (`0`: for every HTTP error).
    Catches(u16),
}

/// The file-wide facts the registrations give.
#[derive(Debug, Default)]
pub(super) struct File {
    apps: Vec<String>,
    imports: Vec<(String, String, Option<String>)>,
    fastapi: bool,
    handlers: Vec<String>,
    /// Header names added by hooks, and whether every hook's headers are known.
    hooked: Vec<String>,
    hooks_known: bool,
    catches: Vec<u16>,
}

impl File {
    pub(super) fn new<'r>(registrations: impl Iterator<Item = &'r Registration>) -> File {
        let mut file = File {
            hooks_known: true,
            ..File::default()
        };
        for registration in registrations {
            match registration {
                Registration::App(name) => file.apps.push(name.clone()),
                Registration::Import {
                    local,
                    module,
                    name,
                } => file
                    .imports
                    .push((local.clone(), module.clone(), name.clone())),
                Registration::FastApi => file.fastapi = true,
                Registration::Handler(name) => file.handlers.push(name.clone()),
                Registration::Hook(Some(names)) => file.hooked.extend(names.iter().cloned()),
                Registration::Hook(None) => file.hooks_known = false,
                Registration::Catches(code) => file.catches.push(*code),
            }
        }
        file
    }

    /// Whether the file imports Flask or Quart (Werkzeug alone makes no app).
    fn imports_framework(&self) -> bool {
        self.imports
            .iter()
            .any(|(_, module, _)| matches!(root(module), "flask" | "quart"))
    }

    fn quart(&self) -> bool {
        self.imports
            .iter()
            .any(|(_, module, _)| root(module) == "quart")
    }

    /// Whether a decorator's object (`app`, `bp`) is a Flask app or blueprint.
    pub(super) fn is_app(&self, object: &str) -> bool {
        self.apps.iter().any(|a| a == object) || (self.imports_framework() && !self.fastapi)
    }

    /// Whether the file is read as Flask code at all.
    pub(super) fn active(&self) -> bool {
        !self.apps.is_empty() || self.imports_framework()
    }

    /// The Flask/Quart/Werkzeug name a callee stands for: `abort` for `abort` imported from
    /// `flask` or for `flask.abort`; `Response` for `current_app.response_class`.
    pub(super) fn resolve<'t>(&'t self, function: Node<'_>, text: &'t str) -> Option<&'t str> {
        match function.kind_str() {
            "identifier" => {
                let name = text_of(function, text);
                self.imports
                    .iter()
                    .find(|(local, _, _)| local == name)
                    .and_then(|(_, _, imported)| imported.as_deref())
            }
            "attribute" => {
                let object = text_of(function.field("object")?, text);
                let attribute = text_of(function.field("attribute")?, text);
                if attribute == "response_class"
                    && (object == "current_app" || self.apps.iter().any(|a| a == object))
                {
                    return Some("Response");
                }
                let module = self.imports.iter().any(|(local, _, _)| local == object)
                    || MODULES.contains(&root(object));
                module.then_some(attribute)
            }
            _ => None,
        }
    }

    /// What an `after_request` hook of the file adds: the names, all of them known or not.
    fn hook_headers(&self, span: Span, headers: &mut Headers) {
        for name in &self.hooked {
            headers.known.push(Header {
                name: name.clone(),
                span,
            });
        }
        if !self.hooks_known {
            headers.complete = false;
        }
    }
}

fn root(module: &str) -> &str {
    module.split('.').next().unwrap_or(module)
}

/// The registrations in `nodes`, with their offsets.
pub(super) fn registrations(text: &str, nodes: &super::Nodes<'_>) -> Vec<(usize, Registration)> {
    let mut found = Vec::new();
    // Hooks registered by a call (`app.after_request(f)`), resolved to `f` once the file is seen.
    let mut hook_names: Vec<(usize, &str)> = Vec::new();
    for &call in &nodes.calls {
        registering_call(call, text, &mut found, &mut hook_names);
    }
    for &node in &nodes.statements {
        let at = node.start_byte();
        match node.kind_str() {
            "import_from_statement" => imports_from(node, text, &mut found),
            "import_statement" => {
                for name in node.children_by_field_name("name", &mut node.walk()) {
                    let (module, local) = match name.kind_str() {
                        "aliased_import" => (name.field("name"), name.field("alias")),
                        _ => (Some(name), Some(name)),
                    };
                    let (Some(module), Some(local)) = (module, local) else {
                        continue;
                    };
                    let module = text_of(module, text);
                    if MODULES.contains(&root(module)) {
                        found.push((
                            at,
                            Registration::Import {
                                local: text_of(local, text).to_string(),
                                module: module.to_string(),
                                name: None,
                            },
                        ));
                    } else if matches!(root(module), "fastapi" | "starlette") {
                        found.push((at, Registration::FastApi));
                    }
                }
            }
            "assignment" => {
                let constructor = node
                    .field("right")
                    .filter(|r| r.kind_str() == "call")
                    .and_then(|r| callee(r, text));
                if let (Some("Flask" | "Quart" | "Blueprint"), Some(left)) =
                    (constructor, node.field("left"))
                {
                    found.push((at, Registration::App(text_of(left, text).to_string())));
                }
            }
            "decorator" => {
                if let Some((_, name, call)) = handlers::decorator_parts(node, text) {
                    if AFTER_HOOKS.contains(&name) {
                        let function = node.parent().and_then(|d| d.field("definition"));
                        found.push((at, Registration::Hook(function.and_then(|f| hook(f, text)))));
                    } else if matches!(name, "errorhandler" | "app_errorhandler") {
                        let caught = call
                            .and_then(|c| Args::of(c, text))
                            .and_then(|a| a.get(0, "code_or_exception"))
                            .and_then(|c| caught(c, text));
                        found.extend(caught.map(|c| (at, Registration::Catches(c))));
                    }
                }
            }
            _ => {}
        }
    }
    for (at, name) in hook_names {
        // The last function of that name: the one the name holds when the file has run.
        let function = nodes
            .functions
            .iter()
            .rev()
            .find(|f| f.field("name").is_some_and(|n| text_of(n, text) == name));
        let headers = function.and_then(|f| hook(*f, text));
        found.push((at, Registration::Hook(headers)));
    }
    found.sort_by_key(|(at, _)| *at);
    found
}

/// `from flask import abort, Response as R`.
fn imports_from(node: Node<'_>, text: &str, found: &mut Vec<(usize, Registration)>) {
    let Some(module) = node
        .field("module_name")
        .filter(|m| m.kind_str() == "dotted_name")
    else {
        return;
    };
    let module = text_of(module, text);
    let at = node.start_byte();
    if matches!(root(module), "fastapi" | "starlette") {
        found.push((at, Registration::FastApi));
        return;
    }
    if !MODULES.contains(&root(module)) {
        return;
    }
    for name in node.children_by_field_name("name", &mut node.walk()) {
        let (imported, local) = match name.kind_str() {
            "aliased_import" => (name.field("name"), name.field("alias")),
            _ => (Some(name), Some(name)),
        };
        if let (Some(imported), Some(local)) = (imported, local) {
            found.push((
                at,
                Registration::Import {
                    local: text_of(local, text).to_string(),
                    module: module.to_string(),
                    name: Some(text_of(imported, text).to_string()),
                },
            ));
        }
    }
}

/// `app.add_url_rule(.., view_func=f)`, `app.register_error_handler(401, f)`,
/// `app.before_request(f)`, `app.after_request(f)`.
fn registering_call<'t>(
    call: Node<'_>,
    text: &'t str,
    found: &mut Vec<(usize, Registration)>,
    hook_names: &mut Vec<(usize, &'t str)>,
) {
    let Some(function) = call
        .field("function")
        .filter(|f| f.kind_str() == "attribute")
    else {
        return;
    };
    let name = function.field("attribute").map_or("", |a| text_of(a, text));
    // Most calls register nothing: their arguments are not worth reading.
    if !matches!(
        name,
        "add_url_rule"
            | "register_error_handler"
            | "before_request"
            | "before_app_request"
            | "after_request"
            | "after_app_request"
    ) {
        return;
    }
    let Some(args) = Args::of(call, text) else {
        return;
    };
    let at = call.start_byte();
    let named = |n: Option<Node<'_>>| {
        n.filter(|n| n.kind_str() == "identifier")
            .map(|n| text_of(n, text))
    };
    match name {
        "add_url_rule" => {
            if let Some(f) = named(args.get(2, "view_func")) {
                found.push((at, Registration::Handler(f.to_string())));
            }
        }
        "register_error_handler" => {
            if let Some(f) = named(args.get(1, "f")) {
                found.push((at, Registration::Handler(f.to_string())));
            }
            let caught = args
                .get(0, "code_or_exception")
                .and_then(|c| caught(c, text));
            found.extend(caught.map(|c| (at, Registration::Catches(c))));
        }
        "before_request" | "before_app_request" => {
            if let Some(f) = named(args.get(0, "f")) {
                found.push((at, Registration::Handler(f.to_string())));
            }
        }
        "after_request" | "after_app_request" => {
            if let Some(f) = named(args.get(0, "f")) {
                hook_names.push((at, f));
            }
        }
        _ => {}
    }
}

/// The status an error handler is registered for: `401`, `Unauthorized`, or `0` for a class that
/// takes every HTTP error (`HTTPException`, `Exception`); `None` for another class.
fn caught(node: Node<'_>, text: &str) -> Option<u16> {
    if let Some((code, _)) = status_of(node, text) {
        return Some(code);
    }
    let name = text_of(node, text).rsplit('.').next().unwrap_or("");
    match name {
        "Unauthorized" => Some(401),
        "MethodNotAllowed" => Some(405),
        "HTTPException" | "Exception" | "BaseException" => Some(0),
        _ => None,
    }
}

/// The header names an `after_request` hook may add: every string and attribute name in it
/// (`response.headers["X"] = ..`, `response.www_authenticate`), or `None` when it may add one we
/// cannot name (a computed key, `headers.update(..)`, the response handed to another function).
fn hook(function: Node<'_>, text: &str) -> Option<Vec<String>> {
    let parameter = function
        .field("parameters")
        .and_then(|p| p.named_child(0))
        .map(|p| match p.kind_str() {
            "identifier" => text_of(p, text),
            _ => p
                .named_child(0)
                .filter(|n| n.kind_str() == "identifier")
                .map_or("", |n| text_of(n, text)),
        })
        .unwrap_or("");
    let mut names = Vec::new();
    let mut stack = vec![function.field("body")?];
    while let Some(node) = stack.pop() {
        match node.kind_str() {
            "string" => {
                if let Some(value) = string_value(node, text) {
                    names.push(value.to_ascii_lowercase());
                }
            }
            "attribute" => {
                let attribute = node.field("attribute")?;
                let name = text_of(attribute, text);
                if matches!(name, "update" | "extend") {
                    return None;
                }
                names.push(name.replace('_', "-").to_ascii_lowercase());
            }
            "subscript" => {
                let key = node.field("subscript")?;
                if key.kind_str() != "string" {
                    return None;
                }
            }
            "call" => {
                let args = Args::of(node, text)?;
                let hands_on = args
                    .positional
                    .iter()
                    .chain(args.keywords.iter().map(|(_, _, v)| v))
                    .any(|a| a.kind_str() == "identifier" && text_of(*a, text) == parameter);
                if hands_on {
                    return None;
                }
            }
            _ => {}
        }
        push_children(&mut stack, node);
    }
    Some(names)
}

/// How a function's returned values are sent.
struct Context {
    method: Option<&'static str>,
    /// The methods its route lists (`methods=["GET", "PUT"]`), for an `Allow` placeholder.
    allow: Option<String>,
}

fn context(function: Node<'_>, text: &str, file: &File) -> Option<Context> {
    for decorator in handlers::decorator_nodes(function) {
        let Some((object, name, call)) = handlers::decorator_parts(decorator, text) else {
            continue;
        };
        if !file.is_app(object) {
            continue;
        }
        if let Some((_, method)) = ROUTES.iter().find(|(r, _)| *r == name) {
            let Some(call) = call else {
                continue;
            };
            let listed = Args::of(call, text)
                .and_then(|a| a.keyword("methods"))
                .and_then(|m| methods(m, text));
            let method = method.or_else(|| match listed.as_deref() {
                Some([one]) => Some(*one),
                _ => None,
            });
            return Some(Context {
                method,
                allow: listed.map(|l| l.join(", ")),
            });
        }
        if OTHER_HANDLERS.contains(&name) {
            return Some(Context {
                method: None,
                allow: None,
            });
        }
    }
    let name = function.field("name").map_or("", |n| text_of(n, text));
    if file.handlers.iter().any(|h| h == name) {
        return Some(Context {
            method: None,
            allow: None,
        });
    }
    view_method(function, name, text, file)
}

/// `methods=["GET", "PUT"]`: the methods, when all are literal known methods.
fn methods(list: Node<'_>, text: &str) -> Option<Vec<&'static str>> {
    if !matches!(list.kind_str(), "list" | "tuple") {
        return None;
    }
    let mut out = Vec::new();
    for item in list.named_children(&mut list.walk()) {
        let value = string_value(item, text)?;
        out.push(*METHODS.iter().find(|m| m.eq_ignore_ascii_case(value))?);
    }
    Some(out)
}

/// A method of a class-based view (`class Item(MethodView)`): `get`, `post`, .. or
/// `dispatch_request`.
fn view_method(function: Node<'_>, name: &str, text: &str, file: &File) -> Option<Context> {
    let method = METHODS
        .iter()
        .find(|m| m.eq_ignore_ascii_case(name))
        .copied();
    if method.is_none() && name != "dispatch_request" {
        return None;
    }
    let mut class = function.parent()?;
    if class.kind_str() == "decorated_definition" {
        class = class.parent()?;
    }
    let class = class
        .parent()
        .filter(|c| c.kind_str() == "class_definition")?;
    let bases = class.field("superclasses")?;
    let is_view = bases
        .named_children(&mut bases.walk())
        .any(|b| matches!(file.resolve(b, text), Some("MethodView" | "View")));
    is_view.then_some(Context {
        method,
        allow: None,
    })
}

/// The responses built by the handlers among `functions`.
pub(super) fn read(
    text: &str,
    functions: &[Node<'_>],
    file: &File,
    package: &Package<'_>,
    out: &mut Vec<Response>,
) {
    if !file.active() {
        return;
    }
    for &node in functions {
        if let (Some(cx), Some(body)) = (context(node, text, file), node.field("body")) {
            Handler {
                text,
                file,
                package,
                cx: &cx,
                body,
                depth: std::cell::Cell::new(0),
            }
            .read(out);
        }
    }
}

/// What a value is as (part of) a response.
struct Value<'t> {
    status: Option<(Node<'t>, u16, StatusForm)>,
    headers: Headers,
    body: Body,
    add_header: Option<HeaderInsert>,
    remove_body: Option<Vec<Edit>>,
    /// A plain value (a string, a dict): removing it means writing `""` in its place.
    plain: bool,
    /// Where a helper of the package builds it.
    related: Option<Related>,
}

impl Value<'_> {
    fn plain(body: Body) -> Self {
        Value {
            status: None,
            headers: Headers::empty(),
            body,
            add_header: None,
            remove_body: None,
            plain: true,
            related: None,
        }
    }
}

/// One handler's body being read.
struct Handler<'a, 't> {
    text: &'t str,
    file: &'a File,
    package: &'a Package<'a>,
    cx: &'a Context,
    body: Node<'t>,
    /// How deep `value` is in its own calls.
    depth: std::cell::Cell<usize>,
}

impl<'t> Handler<'_, 't> {
    /// The responses of the body; nested functions and classes are left out (they run at
    /// another time).
    fn read(&self, out: &mut Vec<Response>) {
        let mut stack = vec![self.body];
        while let Some(node) = stack.pop() {
            match node.kind_str() {
                "function_definition" | "class_definition" | "lambda" => continue,
                "return_statement" => {
                    let value = node
                        .named_children(&mut node.walk())
                        .find(|n| !n.is_extra());
                    if let Some(v) = value.and_then(|v| self.value(v)) {
                        out.extend(self.response(v, value.map_or(span_of(node), span_of)));
                    }
                }
                "raise_statement" => {
                    if let Some(raised) = node.named_child(0) {
                        out.extend(self.raised(raised));
                    }
                }
                "call" => out.extend(self.call(node)),
                _ => {}
            }
            push_children(&mut stack, node);
        }
    }

    /// A response construction not returned where it is built: given to `abort`, or assigned to
    /// a variable whose later uses we can read.
    fn call(&self, call: Node<'t>) -> Option<Response> {
        let function = call.field("function")?;
        let Some(name) = self.file.resolve(function, self.text) else {
            // A helper of the package that aborts with the status it is given.
            let value = self.helper(call, &[helpers::RAISED])?;
            return self.response(value, span_of(call));
        };
        if name == "abort" {
            return self.abort(call, 1);
        }
        if !matches!(name, "Response" | "make_response") {
            return None;
        }
        let mut parent = call.parent()?;
        if parent.kind_str() == "await" {
            parent = parent.parent()?;
        }
        let value = match parent.kind_str() {
            "argument_list" => {
                let outer = parent.parent()?;
                let outer_name = self.file.resolve(outer.field("function")?, self.text);
                if outer_name != Some("abort") {
                    return None;
                }
                self.value(call)?
            }
            "assignment" => {
                let left = parent
                    .field("left")
                    .filter(|l| l.kind_str() == "identifier")?;
                let mut value = self.value(call)?;
                match self.uses(left) {
                    Uses::Sent => {}
                    Uses::Changed => value.headers.complete = false,
                    Uses::Unknown => return None,
                }
                value
            }
            _ => return None,
        };
        // Without a status it is a 200: `response` gives nothing.
        self.response(value, span_of(call))
    }

    /// How the variable assigned at `left` is used in the handler.
    fn uses(&self, left: Node<'_>) -> Uses {
        let name = text_of(left, self.text);
        let mut uses = Uses::Sent;
        let mut stack = vec![self.body];
        let mut seen = 0usize;
        while let Some(node) = stack.pop() {
            seen += 1;
            if seen > 100_000 {
                return Uses::Unknown;
            }
            if node.kind_str() == "identifier"
                && node.start_byte() != left.start_byte()
                && text_of(node, self.text) == name
            {
                let Some(parent) = node.parent() else {
                    return Uses::Unknown;
                };
                match parent.kind_str() {
                    "return_statement" => {}
                    "attribute"
                        if parent
                            .field("object")
                            .is_some_and(|o| o.start_byte() == node.start_byte()) =>
                    {
                        let attribute = parent
                            .field("attribute")
                            .map_or("", |a| text_of(a, self.text));
                        let assigned = parent.parent().is_some_and(|g| {
                            g.kind_str() == "assignment"
                                && g.field("left")
                                    .is_some_and(|l| l.start_byte() == parent.start_byte())
                        });
                        // A status set later is another response.
                        if assigned && attribute.starts_with("status") {
                            return Uses::Unknown;
                        }
                        uses = Uses::Changed;
                    }
                    _ => return Uses::Unknown,
                }
            }
            push_children(&mut stack, node);
        }
        uses
    }

    /// `raise Unauthorized(..)`, `raise MethodNotAllowed(..)` (or the bare class).
    fn raised(&self, raised: Node<'t>) -> Option<Response> {
        let (function, call) = match raised.kind_str() {
            "call" => (raised.field("function")?, Some(raised)),
            _ => (raised, None),
        };
        let Some(name) = self.file.resolve(function, self.text) else {
            let instance = helpers::raised_class(self.package, raised, self.text)?;
            let value = Value {
                status: Some((raised, instance.code, StatusForm::Helper)),
                headers: instance.headers,
                body: Body::Unknown,
                add_header: None,
                remove_body: None,
                plain: false,
                related: Some(instance.related),
            };
            return self.response(value, span_of(raised));
        };
        let code = match name {
            "Unauthorized" => 401,
            "MethodNotAllowed" => 405,
            _ => return None,
        };
        match call {
            Some(call) => self.error(call, 0, code, function),
            None => self.error_response(code, raised, Headers::empty(), raised),
        }
    }

    /// `abort(401, ..)`: Werkzeug's exception for the status, built from the other arguments.
    fn abort(&self, call: Node<'t>, first: usize) -> Option<Response> {
        let args = Args::of(call, self.text)?;
        let status = args.get(0, "status")?;
        let (code, _) = status_of(status, self.text)?;
        self.error(call, first, code, status)
    }

    /// A Werkzeug error whose constructor arguments start at `first`: `Unauthorized(description,
    /// response, www_authenticate)`, `MethodNotAllowed(valid_methods, description, response)`.
    fn error(&self, call: Node<'t>, first: usize, code: u16, status: Node<'t>) -> Option<Response> {
        let args = Args::of(call, self.text)?;
        let given = |i: usize, name: &str| {
            args.positional
                .get(first + i)
                .copied()
                .or_else(|| args.keyword(name))
                .filter(|n| n.kind_str() != "none")
        };
        let (header, response) = match code {
            401 => (given(2, "www_authenticate"), given(1, "response")),
            405 => (
                given(0, "valid_methods").filter(|m| {
                    // An empty list sends no `Allow` (`if self.valid_methods`).
                    !(m.kind_str() == "list" && m.named_child_count() == 0)
                }),
                given(2, "response"),
            ),
            _ => return None,
        };
        // A response given to the exception is sent instead.
        if response.is_some() {
            return None;
        }
        let mut headers = Headers::empty();
        if let Some(h) = header {
            let name = if code == 401 {
                "www-authenticate"
            } else {
                "allow"
            };
            headers.known.push(Header {
                name: name.to_string(),
                span: span_of(h),
            });
        }
        self.error_response(code, status, headers, call)
    }

    fn error_response(
        &self,
        code: u16,
        status: Node<'t>,
        headers: Headers,
        span: Node<'_>,
    ) -> Option<Response> {
        // An error handler of the file for this status builds the response, and is read itself.
        if self.file.catches.iter().any(|c| *c == code || *c == 0) {
            return None;
        }
        let form = status_of(status, self.text).map_or(StatusForm::Helper, |(_, f)| f);
        let value = Value {
            status: Some((status, code, form)),
            headers,
            // Werkzeug renders the error's description.
            body: Body::Unknown,
            add_header: None,
            remove_body: None,
            plain: false,
            related: None,
        };
        self.response(value, span_of(span))
    }

    /// What `node` is as a response (or as the body of one); nested deeper than `MAX_DEPTH`
    /// (parentheses, tuples, `make_response` arguments), unknown.
    fn value(&self, node: Node<'t>) -> Option<Value<'t>> {
        let depth = self.depth.get();
        if depth >= MAX_DEPTH {
            return None;
        }
        self.depth.set(depth + 1);
        let value = self.value_here(node);
        self.depth.set(depth);
        value
    }

    fn value_here(&self, node: Node<'t>) -> Option<Value<'t>> {
        let text = self.text;
        match node.kind_str() {
            // Quart's `make_response` and `render_template` are awaited.
            "parenthesized_expression" | "await" => self.value(node.named_child(0)?),
            "tuple" | "expression_list" => {
                let elements: Vec<Node<'t>> = node
                    .named_children(&mut node.walk())
                    .filter(|n| !n.is_extra())
                    .collect();
                self.tuple(&elements)
            }
            "string" => {
                let empty = node
                    .named_children(&mut node.walk())
                    .all(|c| matches!(c.kind_str(), "string_start" | "string_end"));
                Some(Value::plain(if empty {
                    Body::Empty
                } else {
                    present(node, is_pure(node))
                }))
            }
            "concatenated_string" | "dictionary" | "list" => {
                Some(Value::plain(present(node, is_pure(node))))
            }
            "call" => {
                let function = node.field("function")?;
                if text_of(function, text) == "json.dumps" {
                    let pure = node.field("arguments").is_some_and(is_pure);
                    return Some(Value::plain(present(node, pure)));
                }
                let Some(name) = self.file.resolve(function, text) else {
                    return self.helper(node, &[helpers::RETURNED]);
                };
                match name {
                    // JSON of anything is at least `null`.
                    "jsonify" => {
                        let pure = node.field("arguments").is_some_and(is_pure);
                        Some(Value::plain(present(node, pure)))
                    }
                    "render_template" | "render_template_string" => {
                        Some(Value::plain(present(node, false)))
                    }
                    "make_response" => self.make_response(node),
                    "Response" => self.response_object(node),
                    "redirect" => self.redirect(node),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A call to a helper of the package of one of `flavors`, given a status it names.
    fn helper(&self, call: Node<'t>, flavors: &[u8]) -> Option<Value<'t>> {
        let catches = |code: u16| self.file.catches.iter().any(|c| *c == code || *c == 0);
        let instance = helpers::helper_call(self.package, call, self.text, flavors, &catches)?;
        Some(Value {
            status: instance.status,
            headers: instance.headers,
            body: Body::Unknown,
            add_header: None,
            remove_body: None,
            plain: false,
            related: Some(instance.related),
        })
    }

    /// `(body, status)`, `(body, status, headers)` or `(body, headers)`, as Flask unpacks a
    /// returned tuple (and `make_response`'s arguments).
    fn tuple(&self, elements: &[Node<'t>]) -> Option<Value<'t>> {
        let text = self.text;
        if elements.iter().any(|e| e.kind_str() == "list_splat") {
            return None;
        }
        let (body, status, headers) = match elements {
            [body, status, headers] => (*body, Some(*status), Some(*headers)),
            [body, second] if matches!(second.kind_str(), "dictionary" | "list" | "tuple") => {
                (*body, None, Some(*second))
            }
            [body, status] => (*body, Some(*status), None),
            _ => return None,
        };
        // Flask raises a TypeError for a `None` body.
        if body.kind_str() == "none" {
            return None;
        }
        let inner = self.value(body);
        let mut value = match inner {
            Some(v) => {
                let remove_body = if v.plain {
                    matches!(v.body, Body::Present { .. }).then(|| {
                        vec![Edit {
                            span: span_of(body),
                            new_text: "\"\"".to_string(),
                        }]
                    })
                } else {
                    v.remove_body
                };
                Value {
                    remove_body,
                    plain: false,
                    ..v
                }
            }
            // A variable or a call may be a response object with headers of its own.
            None => Value {
                status: None,
                headers: Headers::unknown(),
                body: Body::Unknown,
                add_header: None,
                remove_body: None,
                plain: false,
                related: None,
            },
        };
        if let Some(status) = status {
            let (code, form) = status_of(status, text)?;
            value.status = Some((status, code, form));
        }
        match headers {
            Some(given) => {
                let (extra, insert) = tuple_headers(given, text);
                value.headers.known.extend(extra.known);
                value.headers.complete &= extra.complete;
                value.add_header = insert;
            }
            None => {
                let status = status?;
                value.add_header = Some(HeaderInsert {
                    at: status.end_byte(),
                    style: HeaderStyle::Text {
                        before: ", {".to_string(),
                        between: ": ",
                        after: "}".to_string(),
                    },
                });
            }
        }
        Some(value)
    }

    /// `make_response(*args)`: nothing is an empty response, one argument a returned value,
    /// more a tuple.
    fn make_response(&self, call: Node<'t>) -> Option<Value<'t>> {
        let args = Args::of(call, self.text)?;
        if !args.keywords.is_empty() {
            return None;
        }
        match args.positional.as_slice() {
            [] => Some(Value {
                plain: false,
                ..Value::plain(Body::Empty)
            }),
            [one] => self.value(*one),
            more => self.tuple(more),
        }
    }

    /// `Response(response, status, headers, ..)`.
    fn response_object(&self, call: Node<'t>) -> Option<Value<'t>> {
        let text = self.text;
        let args = Args::of(call, text)?;
        let status = match args.get(1, "status") {
            Some(s) => {
                let (code, form) = status_of(s, text)?;
                Some((s, code, form))
            }
            None => None,
        };
        let content = args.get(0, "response");
        let body = match content {
            None => Body::Empty,
            Some(c) if c.kind_str() == "none" => Body::Empty,
            Some(c) => match self.value(c) {
                Some(v) if v.plain => v.body,
                _ => present(c, is_pure(c)),
            },
        };
        let remove_body = match body {
            Body::Present { .. } => args
                .argument(0, "response")
                .and_then(|a| args.remove(a, text))
                .map(|e| vec![e]),
            _ => None,
        };
        let given = args.get(2, "headers");
        let (headers, add_header) = match given {
            Some(given) => tuple_headers(given, text),
            None => (Headers::empty(), args.insert_keyword(text, "headers")),
        };
        Some(Value {
            status,
            headers,
            body,
            add_header,
            remove_body,
            plain: false,
            related: None,
        })
    }

    /// `redirect(location, code=302)`: sets `Location`.
    fn redirect(&self, call: Node<'t>) -> Option<Value<'t>> {
        let args = Args::of(call, self.text)?;
        let status = match args.get(1, "code") {
            Some(s) => {
                let (code, form) = status_of(s, self.text)?;
                Some((s, code, form))
            }
            None => None,
        };
        let mut headers = Headers::empty();
        headers.known.push(Header {
            name: "location".to_string(),
            span: span_of(call),
        });
        Some(Value {
            status,
            headers,
            // Werkzeug writes a small HTML page.
            body: Body::Unknown,
            add_header: None,
            remove_body: None,
            plain: false,
            related: None,
        })
    }

    fn response(&self, mut value: Value<'t>, span: Span) -> Option<Response> {
        let (node, code, form) = value.status?;
        self.file.hook_headers(span, &mut value.headers);
        if text_of(self.body, self.text).contains("after_this_request") {
            value.headers.complete = false;
        }
        let dropped = !self.file.quart()
            && matches!(code, 100..=199 | 204 | 304)
            && matches!(value.body, Body::Present { .. });
        Some(Response {
            status: Status {
                code,
                span: span_of(node),
                form,
            },
            headers: value.headers,
            body: value.body,
            span,
            method: self.cx.method,
            route: None,
            fix_plan: FixPlan {
                add_header: value.add_header,
                remove_body: value.remove_body,
                status_style: (form == StatusForm::Number).then_some(StatusStyle::Number),
                route_values: self.cx.allow.iter().map(|a| ("Allow", a.clone())).collect(),
                ..FixPlan::default()
            },
            runtime: dropped.then_some(Runtime {
                null_body: Some(DROPPED),
                accepts: None,
            }),
            related: value.related.into_iter().collect(),
        })
    }
}

enum Uses {
    /// Only returned.
    Sent,
    /// Changed through its attributes (`resp.headers[..] = ..`): headers may be added.
    Changed,
    /// Used in a way we cannot read.
    Unknown,
}

fn present(node: Node<'_>, pure: bool) -> Body {
    Body::Present {
        span: span_of(node),
        pure,
    }
}

/// Headers given as a dict literal or a list of `(name, value)` pairs, with where one more goes.
pub(super) fn tuple_headers(given: Node<'_>, text: &str) -> (Headers, Option<HeaderInsert>) {
    match given.kind_str() {
        "dictionary" => {
            let headers = headers_of(Some(given), text);
            let insert = headers.complete.then(|| insert_into_dict(given));
            (headers, insert)
        }
        "list" => {
            let mut headers = Headers::empty();
            for pair in given.named_children(&mut given.walk()) {
                if pair.kind_str() == "comment" {
                    continue;
                }
                let name = pair
                    .named_child(0)
                    .filter(|_| pair.kind_str() == "tuple" && pair.named_child_count() == 2)
                    .and_then(|n| string_value(n, text));
                headers.add(name.map(str::to_ascii_lowercase), span_of(pair));
            }
            let empty = given.named_child_count() == 0;
            let insert = headers.complete.then(|| HeaderInsert {
                at: given.start_byte() + 1,
                style: HeaderStyle::Text {
                    before: "(".to_string(),
                    between: ", ",
                    after: if empty { ")" } else { "), " }.to_string(),
                },
            });
            (headers, insert)
        }
        _ => (Headers::unknown(), None),
    }
}
