//! Summaries: what a function returns as a function of its parameters, and how a type becomes a
//! response. Language-neutral data, produced by each language's extractor while it reads a file and
//! instantiated at call sites (`instantiate`) by any language.

use std::collections::HashSet;

use crate::model::Span;

/// Where a status comes from in a summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusSource {
    /// A status written in the summarized function, at `span` in its file.
    Const { code: u16, span: Span },
    /// The caller's argument `i` (0-based, `self` not counted).
    Param(usize),
    /// The field of the value the response is made from (`self.status` in `into_response`).
    Field(String),
    /// What the caller's argument `param` reports as its status (Go's `err.StatusCode()`), when
    /// its type is `ty` as written (`*APIError`; `None`: any type reporting one). Boxed: the
    /// variant stays as small as the others (outcomes are cloned often).
    Reported { param: usize, ty: Option<Box<str>> },
}

/// Where a body comes from in a summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodySource {
    Empty,
    /// Written in the summarized function, at `span` in its file.
    Present(Span),
    /// The caller's argument `i`.
    Param(usize),
    /// Written in the helper around the caller's argument `i` (`Json(body)`): content whatever
    /// the caller passes, reported at that argument.
    AroundParam(usize),
    Unknown,
}

/// One response a function (or a type's conversion) builds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub status: StatusSource,
    /// Header names (lower-case) it is known to carry.
    pub headers: Vec<String>,
    /// False when something may add headers we cannot see.
    pub headers_complete: bool,
    pub body: BodySource,
    /// The expression that builds it, in the summarized file.
    pub built: Span,
    /// An unfinished builder (`-> http::response::Builder`): the caller adds headers and a body and
    /// finishes it; the language's evaluator continues from `flavor`.
    pub builder: bool,
    /// The language's own tag for the value's API (how a caller's fixes and methods read it).
    pub flavor: u8,
    /// For an enum's conversion that matches on its value: the variant of this arm.
    pub variant: Option<String>,
}

/// What calling a summarized function gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Returns {
    /// Responses (or builders), one per returned value.
    Responses(Vec<Outcome>),
    /// A value of the response type `ty` (the type's name) with these fields set: a constructor.
    Constructs {
        ty: String,
        fields: Vec<(String, StatusSource)>,
    },
    /// The receiver (`self`) with these fields set: `fn with_status(mut self, s) -> Self`.
    SetsFields(Vec<(String, StatusSource)>),
    /// Responses written to the caller's argument `param` (a `&mut Response`, salvo).
    Writes {
        param: usize,
        outcomes: Vec<Outcome>,
    },
    /// How values of the owner type become responses (`impl IntoResponse for T`'s
    /// `into_response`, actix's `error_response` or `status_code` with the default response).
    Converts(Vec<Outcome>),
    /// A `(name, value)` header pair whose name (lower-case) is always this one: a call to it given
    /// to a header setter adds that header only.
    Header(String),
    /// Error values (a bare status, actix's `ErrorUnauthorized(..)`) in the function's `Result`,
    /// whose error type is named `ty`: responses only where a handler sends them with `?` (see
    /// `Sent`); the function's own file reports them.
    Errors { ty: String },
    /// Plain objects, one per returned object literal, each with the field that holds its status
    /// (`return { status: 401, response }`): responses only where a handler sends that field
    /// (`res.status(r.status)`, see `Relayed`); the function's own file reports them.
    Objects(Vec<(String, StatusSource)>),
    /// What the function may do to a response object handed to it as argument `param` (or as the
    /// field `field` of an object given there, `f({ req, res })`): at most send whole responses
    /// whose chains set no header, so a caller's later response keeps the headers it had (its
    /// status is unknown unless set again).
    SendsOnly { param: usize, field: Option<String> },
    /// What the function may do to a `&mut Response` handed to it as argument `param`: set its
    /// status and body, and add at most the headers named here (lower-case; every name its code,
    /// and the code of the functions it hands the response on to, writes out). A caller that sets
    /// the status afterwards knows which headers the response may have.
    Touches { param: usize, headers: Vec<String> },
    /// A method reporting the status of its receiver's value (Go's `StatusCode() int`): a
    /// constant, or a field of the value (`StatusSource::Field`). `pointer`: declared on the
    /// pointer type, so only pointers have it.
    Reports { status: StatusSource, pointer: bool },
}

/// A handler's `helper(..)?`: the error of the function the call names is sent as it is. The
/// call is resolved by the file that may define the helper (`View::senders`), so the sender needs
/// no index to record it. When it names a function summarized with `Returns::Errors` of the same
/// error type, that function's file reports its errors, with this as where they are sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// The called function's name (the path's last segment).
    pub name: String,
    /// The call's path as written (`Self` replaced by the impl's type), read in `module`.
    pub call: Vec<String>,
    pub module: Vec<String>,
    /// The error type the handler declares.
    pub error: String,
    /// How a note names the sender (`ApiKey::from_request_parts`, `show`).
    pub handler: String,
    /// The `helper(..)?` expression.
    pub span: Span,
}

/// The name a file defines when it sends the errors of a helper named `name`, and that the
/// helper's file looks up.
pub fn sent_key(name: &str) -> String {
    format!("#sends:{name}")
}

/// A handler's `res.status(r.status)` where `r` holds what a call to the function `name` returned:
/// each object that function returns (`Returns::Objects`) is sent with the status in its `field`
/// and these headers. Recorded unresolved, like `Sent`: the function's file resolves the call from
/// the handler's file (`View::relays`) and reports the responses at the statuses it wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relayed {
    /// The name the called function is defined under: the name an import of it names
    /// (`default` for a default import), else the call's own.
    pub name: String,
    pub call: Vec<String>,
    pub module: Vec<String>,
    /// The field read for the status (`status`).
    pub field: String,
    /// Headers (lower-case) the send adds, and whether that is all of them.
    pub headers: Vec<String>,
    pub headers_complete: bool,
    /// The method the handler answers, when known.
    pub method: Option<String>,
    /// How a note names the handler.
    pub handler: String,
    /// The send (`res.status(r.status).json(..)`).
    pub span: Span,
}

/// The name a file defines when a handler in it sends the objects a function returns, which the
/// function's file looks up (every name the function is known by: its own, `default`).
pub fn relay_key(name: &str) -> String {
    format!("#relays:{name}")
}

/// One summarized definition in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The inline modules it is in, inside its file (`mod api { .. }` -> `["api"]`).
    pub module: Vec<String>,
    /// For a method, the name of the type its impl is for.
    pub owner: Option<String>,
    /// The function's name.
    pub name: String,
    /// The definition's span (it moves with the file's items).
    pub span: Span,
    pub returns: Returns,
}

impl Summary {
    /// `util::json_error`, `ApiError::new`: how a note names it.
    pub fn display(&self, module: &[String]) -> String {
        let mut parts: Vec<&str> = module.iter().map(String::as_str).collect();
        parts.extend(self.module.iter().map(String::as_str));
        if let Some(owner) = &self.owner {
            parts = vec![owner.as_str()];
        }
        parts.push(&self.name);
        // The file's module path is long; the last module and the name say enough.
        let keep = parts.len().min(2);
        parts[parts.len() - keep..].join("::")
    }
}

/// A `use` in a file: `alias` stands for `path` inside the inline module `module`; a glob brings in
/// every name of `path`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    pub module: Vec<String>,
    pub alias: String,
    pub path: Vec<String>,
    pub glob: bool,
    pub at: usize,
}

/// A type defined in a file (a struct or enum), for telling one definition from two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeDef {
    pub module: Vec<String>,
    pub name: String,
    pub at: usize,
}

/// An error renderer a file registers for its package: the handler a framework hands errors to
/// (an error-handling middleware, an `onError` hook). Language-neutral: `flavor` is the language's
/// own tag for which errors it renders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renderer {
    pub flavor: u8,
    /// Whether it sends the error's own status (`res.status(err.status)`).
    pub passes_status: bool,
    /// Header names (lower-case) it is known to add.
    pub headers: Vec<String>,
    /// False when it may add headers we cannot see, or hands the error on.
    pub headers_complete: bool,
    /// The error type (class) this entry is about; `None`: every error no other entry of the same
    /// renderer (same `at`) names. A renderer with no `None` entry hands every other error on.
    pub error: Option<String>,
    pub at: usize,
}

/// Where an error type's status comes from when it is constructed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorStatus {
    /// The constructor's argument `i` (`new HttpError(401, msg)`).
    Param(usize),
    /// Field `name` of the constructor's argument `i` (`new RequestError({ status: 401 })`).
    Field(usize, String),
}

/// An error type whose values carry an HTTP status set by their constructor (`this.status = ..`),
/// and no headers of their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorType {
    pub name: String,
    pub status: ErrorStatus,
    pub at: usize,
}

/// A controller hands the error side of what a service method returns to a function that throws
/// it: `if (E.isLeft(r)) throwHTTPErr(r.left)` where `r = await this.auth.verify(..)` and `auth` is
/// typed `AuthService`. Defined under `key` (`thrown_key`) for the service's file to look up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThrownResult {
    pub key: String,
    /// The function it is handed to (`throwHTTPErr`), an `ErrorType` of the package.
    pub thrower: String,
    /// The call handing it over.
    pub span: Span,
}

/// The name under which files record that they throw what `owner.method` returns as an error.
pub fn thrown_key(owner: &str, method: &str) -> String {
    format!("#thrown:{owner}.{method}")
}

/// A route a file's router registers: `method` at `path`, answered by the function the path
/// `handler` names (as written, read in the inline module `module`). Language-neutral: the path
/// is written in the router's own syntax (`/items/{id}`, `/items/:id`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// Upper case (`POST`).
    pub method: String,
    pub path: String,
    pub handler: Vec<String>,
    pub module: Vec<String>,
    pub at: usize,
}

/// The name a file defines when it routes a handler named `name` (the handler path's last
/// segment), and that the handler's file looks up.
pub fn route_key(name: &str) -> String {
    format!("#route:{name}")
}

/// A value of an enum variant a file builds outside a pattern (`ApiError::Unauthorized`,
/// `ApiError::NotFound(..)`, `Self::Gone`): the variant's type as written (`ty`, read in the inline
/// module `module`), and the headers added right after it is converted (`let mut r =
/// ApiError::Unauthorized.into_response(); r.headers_mut().insert(WWW_AUTHENTICATE, ..)`), lower
/// case; empty for any other use. The type's conversion looks its variants up (`View::variant_uses`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariantUse {
    pub ty: Vec<String>,
    pub variant: String,
    pub module: Vec<String>,
    pub headers: Vec<String>,
    pub at: usize,
}

/// Whether two files' variant uses say the same to a conversion: where each use sits does not
/// matter (an edit above them moves them all; comparing offsets would make every such edit look
/// like a change of definitions).
fn same_variant_uses(a: &[VariantUse], b: &[VariantUse]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.ty == y.ty && x.variant == y.variant && x.module == y.module && x.headers == y.headers
        })
}

/// The name a file defines when it builds a variant named `variant`.
pub fn variant_key(variant: &str) -> String {
    format!("#variant:{variant}")
}

/// The name a file defines when it hands a response with headers already set to a function
/// named `name` (see `View::handed`).
pub fn handed_key(name: &str) -> String {
    format!("{HANDED}:{name}")
}

/// The name a file defines when it hands any function a response with headers already set, and
/// that files with functions that may be handed one look up (one name for them all: a lookup per
/// function would cost the index an entry per handler).
pub const HANDED: &str = "#handed";

/// Whether route `path` continues `collection` with a path parameter right below it:
/// `/notes/{id}`, `/notes/:id/tags`, `/notes/<id>`, `/notes/[id]` below `/notes` (not
/// `/notes/search`). Route syntax is the router's, not the language's.
pub fn below_parameter(collection: &str, path: &str) -> bool {
    let Some(rest) = path.strip_prefix(collection.trim_end_matches('/')) else {
        return false;
    };
    let Some(rest) = rest.strip_prefix('/') else {
        return false;
    };
    let segment = rest.split('/').next().unwrap_or(rest);
    let wrapped = |open: char, close: char| {
        segment
            .strip_prefix(open)
            .and_then(|p| p.strip_suffix(close))
            .is_some_and(|p| !p.is_empty())
    };
    wrapped('{', '}')
        || wrapped('<', '>')
        || wrapped('[', ']')
        || segment.strip_prefix(':').is_some_and(|p| !p.is_empty())
}

/// What the index keeps of one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexFacts {
    pub summaries: Vec<Summary>,
    pub imports: Vec<Import>,
    pub types: Vec<TypeDef>,
    /// Free functions defined at module level, with a summary or without one: a name defined twice
    /// in one module resolves to neither definition.
    pub functions: Vec<TypeDef>,
    /// Names looked up in the index (functions, methods and types), with where: a file whose
    /// definitions change re-reads the files that looked up one of its names.
    pub references: Vec<(String, usize)>,
    /// The subset of `references` that did not resolve.
    pub unresolved: Vec<(String, usize)>,
    /// Status codes of Rocket catchers (`#[catch(401)]`) defined in the file, with where.
    pub catchers: Vec<(u16, usize)>,
    /// The helpers whose errors the file's handlers send with `?`.
    pub sends: Vec<Sent>,
    /// Their `sent_key`s, defined by this file.
    pub sent_keys: Vec<String>,
    /// Error renderers the file registers (see `Renderer`).
    pub renderers: Vec<Renderer>,
    /// Error types the file defines (see `ErrorType`).
    pub error_types: Vec<ErrorType>,
    /// Results of other files' methods whose errors the file throws (see `ThrownResult`).
    pub thrown: Vec<ThrownResult>,
    /// Objects of other functions its handlers send (see `Relayed`).
    pub relays: Vec<Relayed>,
    /// Their `relay_key`s (by the target's exported name), defined by this file.
    pub relay_keys: Vec<String>,
    /// Routes the file's routers register (see `Route`).
    pub routes: Vec<Route>,
    /// Their `route_key`s, defined by this file.
    pub route_keys: Vec<String>,
    /// Enum variants the file builds (see `VariantUse`).
    pub variant_uses: Vec<VariantUse>,
    /// Their `variant_key`s, defined by this file.
    pub variant_keys: Vec<String>,
    /// Functions the file hands a response it already set headers on to, by name (Go's
    /// `w.Header().Set(..); deny(w, r)`), with where: such a function's responses may carry
    /// headers it does not set itself (see `View::handed`).
    pub handed: Vec<(String, usize)>,
    /// Their `handed_key`s, defined by this file.
    pub handed_keys: Vec<String>,
}

impl IndexFacts {
    /// The names a lookup of `name` may find: `name`, and the names it stands for through the
    /// file's aliased imports (`use crate::util::json_error as je;` makes `je` read `json_error`).
    pub fn names_read<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let aliased = self
            .imports
            .iter()
            .filter(move |i| !i.glob && i.alias == name)
            .filter_map(|i| i.path.last().map(String::as_str))
            .filter(move |target| *target != name);
        std::iter::once(name).chain(aliased)
    }

    pub fn shift(&mut self, delta: isize) {
        let at = |x: &mut usize| *x = x.wrapping_add_signed(delta);
        for summary in &mut self.summaries {
            summary.span.shift(delta);
            let outcomes = match &mut summary.returns {
                Returns::Responses(o)
                | Returns::Converts(o)
                | Returns::Writes { outcomes: o, .. } => o.as_mut_slice(),
                Returns::Constructs { fields, .. } | Returns::SetsFields(fields) => {
                    for (_, source) in fields {
                        if let StatusSource::Const { span, .. } = source {
                            span.shift(delta);
                        }
                    }
                    &mut []
                }
                Returns::Objects(fields) => {
                    for (_, source) in fields {
                        if let StatusSource::Const { span, .. } = source {
                            span.shift(delta);
                        }
                    }
                    &mut []
                }
                Returns::Reports { status, .. } => {
                    if let StatusSource::Const { span, .. } = status {
                        span.shift(delta);
                    }
                    &mut []
                }
                Returns::Header(_)
                | Returns::Errors { .. }
                | Returns::SendsOnly { .. }
                | Returns::Touches { .. } => &mut [],
            };
            for outcome in outcomes {
                outcome.built.shift(delta);
                if let StatusSource::Const { span, .. } = &mut outcome.status {
                    span.shift(delta);
                }
                if let BodySource::Present(span) = &mut outcome.body {
                    span.shift(delta);
                }
            }
        }
        self.imports.iter_mut().for_each(|i| at(&mut i.at));
        self.types.iter_mut().for_each(|t| at(&mut t.at));
        self.functions.iter_mut().for_each(|f| at(&mut f.at));
        self.references.iter_mut().for_each(|r| at(&mut r.1));
        self.unresolved.iter_mut().for_each(|r| at(&mut r.1));
        self.catchers.iter_mut().for_each(|c| at(&mut c.1));
        self.sends.iter_mut().for_each(|s| s.span.shift(delta));
        self.renderers.iter_mut().for_each(|r| at(&mut r.at));
        self.error_types.iter_mut().for_each(|e| at(&mut e.at));
        self.thrown.iter_mut().for_each(|t| t.span.shift(delta));
        self.relays.iter_mut().for_each(|r| r.span.shift(delta));
        self.routes.iter_mut().for_each(|r| at(&mut r.at));
        self.variant_uses.iter_mut().for_each(|v| at(&mut v.at));
        self.handed.iter_mut().for_each(|h| at(&mut h.1));
    }

    /// Recomputes `route_keys` from `routes`, `variant_keys` from `variant_uses` and
    /// `handed_keys` from `handed`.
    pub fn key_routes(&mut self) {
        let mut keys: Vec<String> = self
            .routes
            .iter()
            .filter_map(|r| r.handler.last())
            .map(|name| route_key(name))
            .collect();
        keys.sort();
        keys.dedup();
        self.route_keys = keys;
        let mut keys: Vec<String> = self
            .variant_uses
            .iter()
            .map(|v| variant_key(&v.variant))
            .collect();
        keys.sort();
        keys.dedup();
        self.variant_keys = keys;
        // A file hands its writer to the same few helpers many times: the names once each.
        let mut names: Vec<&str> = self.handed.iter().map(|(n, _)| n.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        let mut keys: Vec<String> = names.into_iter().map(handed_key).collect();
        if !self.handed.is_empty() {
            keys.push(HANDED.to_string());
        }
        keys.sort();
        keys.dedup();
        self.handed_keys = keys;
    }

    /// Appends `other`'s facts; the keys derived from them are brought up to date by `rekey`, once
    /// after the last (rekeying per append made joining a file's segments quadratic).
    pub fn append(&mut self, other: IndexFacts) {
        self.summaries.extend(other.summaries);
        self.imports.extend(other.imports);
        self.types.extend(other.types);
        self.functions.extend(other.functions);
        self.references.extend(other.references);
        self.unresolved.extend(other.unresolved);
        self.catchers.extend(other.catchers);
        self.sends.extend(other.sends);
        self.renderers.extend(other.renderers);
        self.error_types.extend(other.error_types);
        self.thrown.extend(other.thrown);
        self.relays.extend(other.relays);
        self.routes.extend(other.routes);
        self.variant_uses.extend(other.variant_uses);
        self.handed.extend(other.handed);
    }

    /// The keys derived from the facts (sends, relays, routes, variant uses, handed names).
    pub fn rekey(&mut self) {
        self.sent_keys = self.sends.iter().map(|s| sent_key(&s.name)).collect();
        self.relay_keys = relay_keys(&self.relays);
        self.key_routes();
    }

    /// Splits the facts by the segment each offset falls in (`segment_of`), for per-item storage.
    pub fn split(self, count: usize, segment_of: impl Fn(usize) -> usize) -> Vec<IndexFacts> {
        let mut out = vec![IndexFacts::default(); count];
        let slot = |at: usize| segment_of(at).min(count - 1);
        for s in self.summaries {
            out[slot(s.span.start)].summaries.push(s);
        }
        for i in self.imports {
            out[slot(i.at)].imports.push(i);
        }
        for t in self.types {
            out[slot(t.at)].types.push(t);
        }
        for f in self.functions {
            out[slot(f.at)].functions.push(f);
        }
        for r in self.references {
            out[slot(r.1)].references.push(r);
        }
        for r in self.unresolved {
            out[slot(r.1)].unresolved.push(r);
        }
        for c in self.catchers {
            out[slot(c.1)].catchers.push(c);
        }
        for s in self.sends {
            out[slot(s.span.start)].sends.push(s);
        }
        for facts in &mut out {
            facts.sent_keys = facts.sends.iter().map(|s| sent_key(&s.name)).collect();
        }
        for r in self.renderers {
            out[slot(r.at)].renderers.push(r);
        }
        for e in self.error_types {
            out[slot(e.at)].error_types.push(e);
        }
        for t in self.thrown {
            out[slot(t.span.start)].thrown.push(t);
        }
        for r in self.relays {
            out[slot(r.span.start)].relays.push(r);
        }
        for facts in &mut out {
            facts.relay_keys = relay_keys(&facts.relays);
        }
        for r in self.routes {
            out[slot(r.at)].routes.push(r);
        }
        for v in self.variant_uses {
            out[slot(v.at)].variant_uses.push(v);
        }
        for h in self.handed {
            out[slot(h.1)].handed.push(h);
        }
        for facts in &mut out {
            facts.key_routes();
        }
        out
    }

    /// Whether `other` defines exactly what these facts define, offsets included (a note's
    /// location and a same-file read depend on them).
    pub fn same_definitions(&self, other: &IndexFacts) -> bool {
        self.summaries == other.summaries
            && self.types == other.types
            && self.imports == other.imports
            && self.catchers == other.catchers
            && self.sends == other.sends
            && self.renderers == other.renderers
            && self.error_types == other.error_types
            && self.thrown == other.thrown
            && self.relays == other.relays
            && self.routes == other.routes
            && same_variant_uses(&self.variant_uses, &other.variant_uses)
            && self.handed_keys == other.handed_keys
    }

    /// The names whose summaries differ between these facts and `other` (two reads of one text),
    /// with the types owning those summaries: a lookup of any other name finds the same thing in
    /// either. `None` when anything else they define differs: then any lookup may find another
    /// thing.
    ///
    /// With `keys_read_again`, the reader reads again whatever looked up a key (`#..`): what only
    /// such lookups read (sends, relays, routes, catchers, renderers, thrown errors, variants'
    /// uses, handed responses) may differ too.
    pub fn changed_summary_names(
        &self,
        other: &IndexFacts,
        keys_read_again: bool,
    ) -> Option<HashSet<String>> {
        // Lookups are not definitions; every other field is. (Named one by one: a new field
        // does not compile until it is placed here.)
        let IndexFacts {
            summaries: _,
            references: _,
            unresolved: _,
            imports,
            types,
            functions,
            error_types,
            catchers,
            sends,
            sent_keys,
            renderers,
            thrown,
            relays,
            relay_keys,
            routes,
            route_keys,
            variant_uses,
            variant_keys,
            handed,
            handed_keys,
        } = self;
        let named = *imports == other.imports
            && *types == other.types
            && *functions == other.functions
            && *error_types == other.error_types;
        let keyed = keys_read_again
            || (*catchers == other.catchers
                && *sends == other.sends
                && *sent_keys == other.sent_keys
                && *renderers == other.renderers
                && *thrown == other.thrown
                && *relays == other.relays
                && *relay_keys == other.relay_keys
                && *routes == other.routes
                && *route_keys == other.route_keys
                && *variant_uses == other.variant_uses
                && *variant_keys == other.variant_keys
                && *handed == other.handed
                && *handed_keys == other.handed_keys);
        if !(named && keyed) {
            return None;
        }
        let (before, after) = (summaries_by_name(self), summaries_by_name(other));
        let mut changed = HashSet::new();
        for name in before.keys().chain(after.keys()) {
            let (old, new) = (before.get(name), after.get(name));
            if old == new {
                continue;
            }
            changed.insert(name.to_string());
            // Conversions are looked up by their type's name.
            for summary in old.into_iter().chain(new).flatten() {
                if matches!(summary.returns, Returns::Converts(_)) {
                    changed.extend(summary.owner.clone());
                }
            }
        }
        // A type that owns summaries is a name the file defines: one that starts or stops owning
        // any changes what lookups of it find.
        let owners = |f: &'_ IndexFacts| -> HashSet<String> {
            f.summaries.iter().filter_map(|s| s.owner.clone()).collect()
        };
        changed.extend(owners(self).symmetric_difference(&owners(other)).cloned());
        Some(changed)
    }

    /// The module-level free functions (inline module path + name) defined more than once.
    pub fn defined_twice(&self) -> HashSet<(&[String], &str)> {
        let mut seen = HashSet::new();
        let mut twice = HashSet::new();
        for f in &self.functions {
            let key = (f.module.as_slice(), f.name.as_str());
            if !seen.insert(key) {
                twice.insert(key);
            }
        }
        twice
    }

    /// The names other files can look up here.
    pub fn defined_names(&self) -> impl Iterator<Item = &str> {
        self.summaries
            .iter()
            .flat_map(|s| std::iter::once(s.name.as_str()).chain(s.owner.as_deref()))
            .chain(self.types.iter().map(|t| t.name.as_str()))
            .chain(self.error_types.iter().map(|e| e.name.as_str()))
            .chain(self.thrown.iter().map(|t| t.key.as_str()))
            .chain(self.sent_keys.iter().map(String::as_str))
            .chain(self.relay_keys.iter().map(String::as_str))
            .chain(self.route_keys.iter().map(String::as_str))
            .chain(self.variant_keys.iter().map(String::as_str))
            .chain(self.handed_keys.iter().map(String::as_str))
    }
}

fn summaries_by_name(facts: &IndexFacts) -> std::collections::HashMap<&str, Vec<&Summary>> {
    let mut out: std::collections::HashMap<&str, Vec<&Summary>> = Default::default();
    for summary in &facts.summaries {
        out.entry(summary.name.as_str()).or_default().push(summary);
    }
    out
}

/// The keys a file's relays define: one per name their targets are defined under.
pub fn relay_keys(relays: &[Relayed]) -> Vec<String> {
    let mut keys: Vec<String> = relays.iter().map(|r| relay_key(&r.name)).collect();
    keys.sort();
    keys.dedup();
    keys
}
