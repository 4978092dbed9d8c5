//! The framework- and language-neutral facts about the responses a source file builds.
//!
//! Extractors produce these; rules read them. Nothing here knows tree-sitter or any framework: a fact is
//! either known (with the source range it came from) or unknown, and rules fire on known facts only.

/// A text replacement in byte offsets of the checked source (what a fix is made of).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub new_text: String,
}

/// A byte range in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// Moves the span by `delta` bytes (wrapping, so moving there and back is exact).
    pub fn shift(&mut self, delta: isize) {
        self.start = self.start.wrapping_add_signed(delta);
        self.end = self.end.wrapping_add_signed(delta);
    }
}

/// How a status is written in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusForm {
    /// A named constant: `StatusCode::NO_CONTENT`, `Status::NoContent`.
    Named,
    /// A number: `.status(204)`, `StatusCode::from_u16(204)`, `Status::new(204)`.
    Number,
    /// A typed helper whose name is the status: `HttpResponse::NoContent()`, `NoContent`, `Redirect::to`.
    Helper,
}

/// A status whose code is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub code: u16,
    /// Where the status is written (the token a "change the status" fix replaces).
    pub span: Span,
    pub form: StatusForm,
}

/// One header the response is known to carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Lower-case field name (`www-authenticate`).
    pub name: String,
    pub span: Span,
}

/// The header fields of a response. `complete` is false when something may add fields we cannot see
/// (a header map from a variable, a helper call, a typed header): "missing header" rules stay silent then.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Headers {
    pub known: Vec<Header>,
    pub complete: bool,
    /// Headers set after the header section was sent (Go's `w.Header().Set` after
    /// `w.WriteHeader`): they have no effect, so they are not in `known`.
    pub late: Vec<LateHeader>,
}

/// A header set after the header section was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateHeader {
    /// Lower-case field name.
    pub name: String,
    pub span: Span,
    /// Moving the statement that sets it to before the send keeps the program's meaning: its
    /// arguments are literals and nothing between the two statements branches.
    pub safe_to_move: bool,
}

impl Headers {
    pub fn empty() -> Headers {
        Headers {
            known: Vec::new(),
            complete: true,
            late: Vec::new(),
        }
    }

    pub fn unknown() -> Headers {
        Headers {
            known: Vec::new(),
            complete: false,
            late: Vec::new(),
        }
    }

    /// True when the response certainly lacks `name` (lower-case).
    pub fn certainly_lacks(&self, name: &str) -> bool {
        self.complete && !self.has(name)
    }

    /// Records a header added at `span`; `None` (a name we cannot read) makes the set incomplete.
    pub fn add(&mut self, name: Option<String>, span: Span) {
        match name {
            Some(name) => self.known.push(Header { name, span }),
            None => self.complete = false,
        }
    }

    pub fn has(&self, name: &str) -> bool {
        self.known.iter().any(|h| h.name == name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Certainly no content (`()`, `.finish()`, a bare status, `Body::empty()`).
    Empty,
    /// Certainly content, written at `span`. `pure` is true when evaluating it has no side effects we
    /// can see (literals, variables, `Json(x)`), so removing it keeps the program's meaning.
    Present {
        span: Span,
        pure: bool,
    },
    Unknown,
    /// Only inside a helper being summarized: what its caller passes as argument `i`. Rules read it
    /// as unknown.
    Param(usize),
}

/// What a fix wants done, independent of how a framework spells it. Framework adapters render
/// intents into text edits; an intent an adapter cannot render yields no fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixIntent {
    AddHeader {
        name: &'static str,
        value: &'static str,
    },
    RemoveBody,
    ReplaceStatus {
        to: u16,
    },
    /// Move the statement setting the late header named at `span` to before the status is sent.
    MoveLateHeader {
        span: Span,
    },
}

/// One place the code builds a response with a known status.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: Status,
    pub headers: Headers,
    pub body: Body,
    /// The whole expression (or statement group) that builds the response.
    pub span: Span,
    /// The request method the handler answers (`"PUT"`), when the code says so.
    pub method: Option<&'static str>,
    /// Where the handler is routed, when the router that routes it is seen.
    pub route: Option<Route>,
    /// Opaque to rules: how this response's framework renders fix intents.
    pub fix_plan: FixPlan,
    /// What the runtime that sends it is known to do with what rules check; `None` when nothing
    /// more is known than what RFC 9110 says.
    pub runtime: Option<Runtime>,
    /// Other places that explain it: where the response is built when the status is written
    /// elsewhere (a helper's argument, an error type's field). Empty for in-function responses.
    pub related: Vec<Related>,
}

/// The route a handler answers, as its router shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The path as the router writes it (`/items`, `/items/:id`).
    pub path: String,
    /// Whether the same router also serves a path with a parameter right below this one
    /// (`/items/{id}` next to `/items`): the place a resource created here can be read.
    pub serves_item: bool,
}

/// Another place that explains a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// "built by util::json_error", "answered by Rocket's default catcher".
    pub message: String,
    pub location: RelatedLocation,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RelatedLocation {
    /// In the file of the response (offsets move with the file's items).
    Here(Span),
    /// In another file, with its positions computed when that file was indexed: the adapter may
    /// not have that file's text.
    File {
        path: std::sync::Arc<std::path::Path>,
        span: Span,
        start: Place,
        end: Place,
    },
}

/// A position in a file in every encoding an adapter needs: a 0-based line and 0-based columns in
/// UTF-8 bytes, UTF-16 code units and characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Place {
    pub line: u32,
    pub utf8: u32,
    pub utf16: u32,
    pub chars: u32,
}

impl Place {
    pub fn at(index: &crate::text::LineIndex, text: &str, offset: usize) -> Place {
        use crate::text::Encoding;
        let utf8 = index.line_col(text, offset, Encoding::Utf8);
        Place {
            line: utf8.line,
            utf8: utf8.col,
            utf16: index.line_col(text, offset, Encoding::Utf16).col,
            chars: index.line_col(text, offset, Encoding::Chars).col,
        }
    }
}

/// What a runtime does at run time, for messages that say what happens rather than what the RFC says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Runtime {
    /// What happens to a body on a status that cannot carry one ("throws TypeError in the Fetch
    /// `Response` constructor", "Express drops this body").
    pub null_body: Option<&'static str>,
    /// The statuses the API accepts, and what it does with any other.
    pub accepts: Option<(Accepts, &'static str)>,
}

/// A set of statuses an API accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accepts {
    /// `lo..=hi`.
    Range(u16, u16),
    /// 301, 302, 303, 307 and 308.
    Redirects,
}

impl Accepts {
    pub fn contains(self, code: u16) -> bool {
        match self {
            Accepts::Range(lo, hi) => (lo..=hi).contains(&code),
            Accepts::Redirects => matches!(code, 301 | 302 | 303 | 307 | 308),
        }
    }

    /// "200–599", "301, 302, 303, 307 or 308".
    pub fn describe(self) -> String {
        match self {
            Accepts::Range(lo, hi) => format!("{lo}–{hi}"),
            Accepts::Redirects => "301, 302, 303, 307 or 308".to_string(),
        }
    }
}

/// How to turn intents into edits for one response; filled in by the extractor that found it.
#[derive(Debug, Clone, Default)]
pub struct FixPlan {
    /// Insert a header: where, and in which idiom.
    pub add_header: Option<HeaderInsert>,
    /// The edits that remove the body (already rendered: removal does not depend on the intent's data).
    pub remove_body: Option<Vec<Edit>>,
    /// Removing the body as `remove_body` does changes the response's type, which its signature or
    /// the function's other returns fix: the code will not compile until they follow.
    pub remove_body_changes_type: bool,
    /// How the status at `Status::span` is spelled, for replacing it.
    pub status_style: Option<StatusStyle>,
    /// Header values the file's routes point to, for a fix's placeholder: `("Allow", "GET, PUT")`
    /// from the methods the handler's route is registered with.
    pub route_values: Vec<(&'static str, String)>,
    /// For each late header (by its name's span), the edits moving the statement that sets it to
    /// before the send (already rendered, like `remove_body`).
    pub move_late: Vec<(Span, Vec<Edit>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderInsert {
    pub at: usize,
    pub style: HeaderStyle,
}

/// The idioms for adding one header, each of which compiles with a string-literal name and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderStyle {
    /// A tuple element `[("name", "value")], ` inserted before the body (axum).
    TupleElement,
    /// `.header("name", "value")` on an `http`/hyper, Rocket or poem builder.
    BuilderHeader,
    /// `.insert_header(("name", "value"))` on an actix builder or customized responder.
    ActixInsertHeader,
    /// `.raw_header("name", "value")` on a Rocket builder.
    RocketRawHeader,
    /// `.with_header("name", "value")` on a poem `IntoResponse` value.
    PoemWithHeader,
    /// Wrap the reply spanning `at..end` in `warp::reply::with_header(.., "name", "value")`.
    WarpWrap { end: usize },
    /// A statement `\n<indent><receiver>.headers_mut().insert("name", HeaderValue::from_static("value"));`.
    HeadersMutInsert { receiver: String, indent: String },
    /// A field `#[oai(header = "name")] String` in a poem-openapi `ApiResponse` variant: appended to its
    /// fields, or as a new field list after a unit variant's name (`new_list`).
    OaiHeaderField { new_list: bool },
    /// A statement `\n<indent><receiver>.insert_header(("name", "value"));` after the `let` of an actix
    /// builder variable.
    ActixInsertHeaderStatement { receiver: String, indent: String },
    /// A statement `\n<indent><receiver>.add_header("name", "value", true).ok();` (salvo).
    SalvoAddHeader { receiver: String, indent: String },
    /// A tuple element `[("name", "value")]` before the body (axum), laid out as rustfmt would:
    /// the whole tuple (`span`, its `elements`) is rewritten on one line when it fits, else one
    /// element per line, at `indent` (that of the tuple's line) plus four spaces.
    TupleLayout {
        span: Span,
        elements: Vec<Span>,
        indent: String,
    },
    /// One more pair in the tuple's header array (`span`, its `pairs`), laid out as rustfmt would.
    /// `constant_keys`: the array's names are `HeaderName` constants, so the new one must be one too
    /// (one array, one type).
    ArrayPair {
        span: Span,
        pairs: Vec<Span>,
        indent: String,
        constant_keys: bool,
    },
    /// `<before>"name"<between>"value"<after>` (TypeScript and JavaScript idioms: `.set("name",
    /// "value")`, an entry `"name": "value", ` in a headers object, `headers: { .. }, ` in an init).
    Text {
        before: String,
        between: &'static str,
        after: String,
    },
}

/// How a status token is spelled, so a replacement keeps the style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusStyle {
    /// `StatusCode::NO_CONTENT`: replace the last path segment with the upper-case constant.
    UpperConst,
    /// `Status::NoContent`: replace with the CamelCase name.
    CamelConst,
    /// `HttpResponse::NoContent`: CamelCase helper name.
    CamelHelper,
    /// A number literal.
    Number,
}

/// A place a status code is written, whether or not it becomes a response: hover and inlay hints use it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusMention {
    pub code: u16,
    pub span: Span,
    pub form: StatusForm,
}

/// Everything an extractor found in one file.
#[derive(Debug, Clone, Default)]
pub struct FileFacts {
    pub responses: Vec<Response>,
    pub mentions: Vec<StatusMention>,
    /// What the cross-file index keeps of the file: the summaries of what it defines, its imports,
    /// and the names it looked up.
    pub index: crate::index::IndexFacts,
}

impl FileFacts {
    /// Moves every offset in the facts by `delta` bytes: the language server keeps facts relative to
    /// the top-level item they come from, so an edit elsewhere does not touch them.
    pub fn shift(&mut self, delta: isize) {
        for response in &mut self.responses {
            response.shift(delta);
        }
        for mention in &mut self.mentions {
            mention.span.shift(delta);
        }
        self.index.shift(delta);
    }

    /// Appends `other`'s facts moved by `delta` bytes; `index.rekey()` after the last.
    pub fn extend_shifted(&mut self, other: &FileFacts, delta: isize) {
        self.responses.extend(other.responses.iter().map(|r| {
            let mut r = r.clone();
            r.shift(delta);
            r
        }));
        self.mentions.extend(other.mentions.iter().map(|m| {
            let mut m = m.clone();
            m.span.shift(delta);
            m
        }));
        let mut index = other.index.clone();
        index.shift(delta);
        self.index.append(index);
    }
}

impl Response {
    /// What the response is, in one line for a hover: "a `401 Unauthorized` response with
    /// `content-type` (and no other header) and a body".
    pub fn describe(&self) -> String {
        let code = self.status.code;
        let status = match crate::status::reason(code) {
            Some(reason) => format!("`{code} {reason}`"),
            None => format!("`{code}`"),
        };
        let names: Vec<String> = self
            .headers
            .known
            .iter()
            .map(|h| format!("`{}`", h.name))
            .collect();
        let headers = match (names.is_empty(), self.headers.complete) {
            (true, true) => "no headers".to_string(),
            (true, false) => "headers not known".to_string(),
            (false, true) => format!("{} (and no other header)", names.join(", ")),
            (false, false) => format!("{} (and maybe others)", names.join(", ")),
        };
        let body = match self.body {
            Body::Empty => "no body",
            Body::Present { .. } => "a body",
            Body::Unknown | Body::Param(_) => "a body not known",
        };
        format!("a {status} response with {headers} and {body}")
    }

    /// Moves every offset of the response, its headers, body and fix plan by `delta` bytes.
    pub fn shift(&mut self, delta: isize) {
        self.status.span.shift(delta);
        for header in &mut self.headers.known {
            header.span.shift(delta);
        }
        for header in &mut self.headers.late {
            header.span.shift(delta);
        }
        if let Body::Present { span, .. } = &mut self.body {
            span.shift(delta);
        }
        self.span.shift(delta);
        if let Some(insert) = &mut self.fix_plan.add_header {
            insert.at = insert.at.wrapping_add_signed(delta);
            match &mut insert.style {
                HeaderStyle::WarpWrap { end } => *end = end.wrapping_add_signed(delta),
                HeaderStyle::TupleLayout { span, elements, .. }
                | HeaderStyle::ArrayPair {
                    span,
                    pairs: elements,
                    ..
                } => {
                    span.shift(delta);
                    for element in elements {
                        element.shift(delta);
                    }
                }
                _ => {}
            }
        }
        for edit in self.fix_plan.remove_body.iter_mut().flatten() {
            edit.span.shift(delta);
        }
        for (span, edits) in &mut self.fix_plan.move_late {
            span.shift(delta);
            for edit in edits {
                edit.span.shift(delta);
            }
        }
        for related in &mut self.related {
            if let RelatedLocation::Here(span) = &mut related.location {
                span.shift(delta);
            }
        }
    }
}
