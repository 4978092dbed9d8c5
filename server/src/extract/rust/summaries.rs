//! Across functions: summaries of the crate's own helpers and response types, and their use at
//! call sites.
//!
//! While a function is read, its parameters typed as a status (`status: StatusCode`) and, in an
//! impl, its receiver's fields (`self.status`) evaluate to symbolic statuses. What it returns with
//! such a status is its summary (`index::Summary`): "a response with the status of argument 0, a
//! `Content-Type` and a body". A call whose path resolves (through the `index::View`) to one
//! summary is evaluated by instantiating it with the caller's arguments, so the response is
//! reported at the status the caller wrote, with the helper as related information.
//!
//! Silence where the helper might decide: a helper that tests the status it is given (a
//! comparison, a `match`, an `if`) has no summary; neither has one returning values we cannot all
//! read. A helper returning an unfinished builder is not a response itself: its caller finishes it.

use super::*;
use crate::extract::Field;
use crate::index::{
    self, starts_upper, BodySource, Found, Import, InstanceBody, Lookup, Outcome, Returns,
    StatusSource, Summary, TypeDef, CATCHERS,
};
use crate::model::{Header, Related, RelatedLocation};

/// A value of one of the crate's own types with the statuses its fields hold.
#[derive(Debug, Clone)]
pub(crate) struct UserValue {
    /// The type's name (its last path segment).
    pub ty: String,
    /// For an enum, the variant (`AppError::Status(..)` -> `Status`); its fields are named
    /// `Status.0`, `Status.code`.
    pub variant: Option<String>,
    pub fields: Vec<(String, St)>,
}

/// Names looked up in the index while reading, with where.
#[derive(Debug, Default)]
pub(crate) struct Lookups {
    pub references: Vec<(String, usize)>,
    pub unresolved: Vec<(String, usize)>,
}

const FLAVORS: [Flavor; 7] = [
    Flavor::HttpBuilder,
    Flavor::Actix,
    Flavor::Rocket,
    Flavor::Poem,
    Flavor::Warp,
    Flavor::Salvo,
    Flavor::Value,
];

fn flavor_tag(flavor: Flavor) -> u8 {
    FLAVORS.iter().position(|f| *f == flavor).unwrap_or(6) as u8
}

fn flavor_of(tag: u8) -> Flavor {
    FLAVORS.get(tag as usize).copied().unwrap_or(Flavor::Value)
}

/// Methods through which a type becomes a response: axum's and poem's `into_response`, Rocket's
/// and actix's `respond_to`, actix's `error_response`, poem's `as_response`, salvo's `render` and
/// `write`.
/// How deep a node's inline modules are looked for (the nesting a hostile file can reach is not).
const MAX_MODULE_DEPTH: usize = 256;

const CONVERSIONS: &[&str] = &[
    "into_response",
    "respond_to",
    "error_response",
    "as_response",
    // salvo's `Scribe::render(self, res)` and `Writer::write(self, req, depot, res)`.
    "render",
    "write",
];

/// A declared return type that is an unfinished builder.
pub(super) fn is_builder_type(ret: &str) -> bool {
    let ret = ret.trim();
    ret.ends_with("HttpResponseBuilder")
        || ret.ends_with("response::Builder")
        || ret == "Builder"
        || ret.ends_with("ResponseBuilder")
}

/// The name of a type as written (`crate::error::ApiError<T>` -> `ApiError`).
pub(super) fn type_name(text: &str) -> &str {
    let text = text.split('<').next().unwrap_or(text).trim();
    text.rsplit("::").next().unwrap_or(text).trim()
}

/// A call site as `index::instantiate` reads it.
struct CallSite<'c, 's, 't, 'n, 'a> {
    cx: &'c Cx<'s, 't>,
    callee: Node<'n>,
    args: &'a [Node<'n>],
    fields: Option<&'a [(String, St)]>,
    depth: u32,
}

impl index::Caller for CallSite<'_, '_, '_, '_, '_> {
    type Status = St;
    type Body = BodyInfo;

    fn status_arg(&self, i: usize) -> Option<St> {
        self.cx.status_arg(*self.args.get(i)?, self.depth)
    }

    fn field(&self, name: &str) -> Option<St> {
        Some(self.fields?.iter().find(|(n, _)| n == name)?.1.clone())
    }

    fn at_call(&self, code: u16) -> St {
        // The call that hands out the builder (`util::denied()`).
        let call = self.callee.parent().unwrap_or(self.callee);
        St {
            code,
            symbol: None,
            span: span(call),
            form: StatusForm::Helper,
            style: None,
        }
    }

    fn body_arg(&self, i: usize) -> Option<BodyInfo> {
        Some(self.cx.body_of(*self.args.get(i)?, self.depth + 1))
    }
}

impl<'s, 't> Cx<'s, 't> {
    pub(super) fn note_lookup(&self, name: &str, at: usize, found: bool) {
        let mut lookups = self.lookups.borrow_mut();
        lookups.references.push((name.to_string(), at));
        if !found {
            lookups.unresolved.push((name.to_string(), at));
        }
    }

    /// Looks `name` up through the view (`lookup`), recording the lookup (and whether it resolved)
    /// for the index's dependents and second passes.
    pub(super) fn look_up(
        &self,
        name: &str,
        at: Node<'_>,
        lookup: impl FnOnce(crate::index::View<'s>) -> Lookup,
    ) -> Option<Box<Found>> {
        let found = match self.view.map(lookup) {
            Some(Lookup::Found(found)) => Some(found),
            _ => None,
        };
        self.note_lookup(name, at.start_byte(), found.is_some());
        // A function calling itself: the summary found is the one of an earlier reading (the
        // server's index keeps the file's last one), which a fresh reading would not have.
        found.filter(|f| !(f.path.is_none() && self.inside_function(at, &f.summary)))
    }

    /// Whether `at` is inside the module-level function or method `summary` describes.
    fn inside_function(&self, at: Node<'_>, summary: &crate::index::Summary) -> bool {
        let mut current = self.up(at);
        for _ in 0..256 {
            let Some(n) = current else { return false };
            if n.kind_str() == "function_item" {
                let named = n
                    .field("name")
                    .is_some_and(|name| self.text(name) == summary.name);
                if named {
                    let owner = self
                        .up(n)
                        .filter(|list| list.kind_str() == "declaration_list")
                        .and_then(|list| self.up(list))
                        .filter(|item| item.kind_str() == "impl_item")
                        .and_then(|item| item.field("type"))
                        .map(|ty| type_name(self.text(ty)));
                    return owner == summary.owner.as_deref()
                        && self.inline_module(n) == summary.module;
                }
            }
            current = self.up(n);
        }
        false
    }

    /// Whether a one-segment callee is a local or a parameter of the function being read (a
    /// closure named like a helper), not the item it would resolve to.
    fn shadowed(&self, path: &[&str]) -> bool {
        match path {
            [name] => self.scope.lets.contains_key(name) || self.param_index(name).is_some(),
            _ => false,
        }
    }

    /// The inline modules `node` is in, outermost first (bounded descent).
    pub(super) fn inline_module(&self, node: Node<'_>) -> Vec<String> {
        let mut out = Vec::new();
        // Most files declare no inline module: no `mod` in the text (looked for once), no descent.
        if !*self.has_mod.get_or_init(|| self.src.contains("mod")) {
            return out;
        }
        // One descent from the root (what a single `parent()` call costs: tree-sitter finds a
        // parent by descending), not a climb of one descent per ancestor.
        let mut n = self.root;
        for _ in 0..MAX_MODULE_DEPTH {
            if n.id() == node.id() {
                break;
            }
            if n.kind_str() == "mod_item" {
                if let Some(name) = n.field("name") {
                    out.push(self.text(name).to_string());
                }
            }
            let Some(next) = n.child_with_descendant(node) else {
                break;
            };
            n = next;
        }
        out
    }

    /// The impl a function site is a method of, if any.
    fn impl_of(&self, site: &Site<'t>) -> Option<Node<'t>> {
        let (Some(list), Some(item)) = (site.parent, site.grandparent) else {
            return None;
        };
        (list.kind_str() == "declaration_list" && item.kind_str() == "impl_item").then_some(item)
    }

    /// The name of the type the current function's impl is for.
    pub(super) fn own_type(&self) -> Option<&'s str> {
        let site = self.site?;
        let item = self.impl_of(&site)?;
        Some(type_name(self.text(item.field("type")?)))
    }

    /// Sets up the parameters of the function being read (`self` not counted).
    pub(super) fn read_params(&mut self, f: Node<'t>) {
        self.params.clear();
        if f.kind_str() != "function_item" {
            return;
        }
        let Some(list) = f.field("parameters") else {
            return;
        };
        for p in named_children(list) {
            if p.kind_str() != "parameter" {
                continue;
            }
            let name = p
                .field("pattern")
                .map(|pat| match pat.kind_str() {
                    "mut_pattern" => pat
                        .named_child(pat.named_child_count().saturating_sub(1))
                        .map_or("", |n| self.text(n)),
                    _ => self.text(pat),
                })
                .unwrap_or("");
            let ty = p.field("type").map_or("", |t| self.text(t));
            self.params.push((name, ty));
        }
    }

    fn param_index(&self, name: &str) -> Option<usize> {
        let mut found = self.params.iter().enumerate().filter(|(_, p)| p.0 == name);
        let (i, _) = found.next()?;
        found.next().is_none().then_some(i)
    }

    /// A parameter typed as a status, read where no `let` shadows it: the caller's argument.
    pub(super) fn param_status(&self, ident: Node<'_>) -> Option<St> {
        let i = self.param_index(self.text(ident))?;
        let ty = type_name(self.params[i].1);
        matches!(ty, "StatusCode" | "Status").then(|| St {
            code: 0,
            symbol: Some(Symbol::Param(i)),
            span: span(ident),
            form: StatusForm::Named,
            style: None,
        })
    }

    /// A parameter typed as a number given where a status code goes (`StatusCode::from_u16(code)`,
    /// `.status(code)`): the caller's argument, read as a number there.
    pub(super) fn param_code(&self, ident: Node<'_>) -> Option<St> {
        if ident.kind_str() != "identifier" || self.binding(ident).is_some() {
            return None;
        }
        let i = self.param_index(self.text(ident))?;
        matches!(self.params[i].1.trim(), "u16" | "u32" | "usize" | "i32").then(|| St {
            code: 0,
            symbol: Some(Symbol::Param(i)),
            span: span(ident),
            form: StatusForm::Number,
            style: None,
        })
    }

    /// A parameter that is not a status, as a body: the caller's argument.
    pub(super) fn param_body(&self, ident: Node<'_>) -> Option<usize> {
        let i = self.param_index(self.text(ident))?;
        let ty = type_name(self.params[i].1);
        (!matches!(ty, "StatusCode" | "Status" | "")).then_some(i)
    }

    /// `STATUS` in `impl<const STATUS: u16, T> IntoResponse for JsonStatus<STATUS, T>`: the type's
    /// const argument, known where the type is written (`JsonStatus<201, T>`); a field named by its
    /// position among the type's arguments (`<0>`).
    pub(super) fn const_generic(&self, ident: Node<'_>) -> Option<St> {
        if ident.kind_str() != "identifier" || self.binding(ident).is_some() {
            return None;
        }
        let item = self.impl_of(&self.site?)?;
        let name = self.text(ident);
        let declared = named_children(item.field("type_parameters")?)
            .into_iter()
            .any(|p| {
                p.kind_str() == "const_parameter"
                    && p.field("name").is_some_and(|n| self.text(n) == name)
            });
        if !declared {
            return None;
        }
        let arguments = item.field("type")?.field("type_arguments")?;
        let i = named_children(arguments)
            .into_iter()
            .position(|a| self.text(a) == name)?;
        Some(St {
            code: 0,
            symbol: Some(Symbol::Field(format!("<{i}>"))),
            span: span(ident),
            form: StatusForm::Number,
            style: None,
        })
    }

    /// A handler declared to return a type whose status is a const argument
    /// (`-> Result<JsonStatus<201, Out>>`): what every value of that type it returns becomes, through
    /// the type's conversion, reported at the number in the signature.
    pub(super) fn declared_statuses(&self, f: Node<'t>) -> Vec<Resp> {
        let Some(ret) = f.field("return_type") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for node in descendants(ret, true).into_iter().take(64) {
            if node.kind_str() != "generic_type" {
                continue;
            }
            let (Some(ty), Some(arguments)) = (node.field("type"), node.field("type_arguments"))
            else {
                continue;
            };
            let mut fields = Vec::new();
            for (i, argument) in named_children(arguments).into_iter().enumerate() {
                let Some(st) = self.number(argument) else {
                    continue;
                };
                if (100..=599).contains(&st.code) {
                    fields.push((format!("<{i}>"), st));
                }
            }
            let [(_, st)] = &fields[..] else {
                continue;
            };
            let value = UserValue {
                ty: type_name(self.text(ty)).to_string(),
                variant: None,
                fields: fields.clone(),
            };
            let at = f
                .descendant_for_byte_range(st.span.start, st.span.end)
                .unwrap_or(ty);
            if let Some(resp) = self.convert(&value, at) {
                out.push(resp);
            }
        }
        out
    }

    /// `self.status` in a method of an impl: the receiver's field, known at the caller.
    pub(super) fn self_field(&self, node: Node<'_>) -> Option<St> {
        let value = node.field("value")?;
        if value.kind_str() != "self" {
            return None;
        }
        let field = node.field("field")?;
        if field.kind_str() != "field_identifier" {
            return None;
        }
        self.own_type()?;
        Some(St {
            code: 0,
            symbol: Some(Symbol::Field(self.text(field).to_string())),
            span: span(node),
            form: StatusForm::Named,
            style: None,
        })
    }

    /// `ApiError { status: StatusCode::UNAUTHORIZED, message }`: a value of the crate's type with
    /// the statuses its fields are given.
    pub(super) fn struct_value(&self, node: Node<'_>, depth: u32) -> Val {
        let Some(name) = node.field("name") else {
            return Val::Unknown;
        };
        // `AppError::Status { code, .. }`: a struct-like variant.
        let path = self.text(name);
        let variant = path
            .rsplit_once("::")
            .map(|(ty, v)| (type_name(ty), v.trim()))
            .filter(|(ty, v)| starts_upper(ty) && starts_upper(v) && *ty != "Self");
        let written = match variant {
            Some((ty, _)) => ty,
            None => type_name(path),
        };
        let field_prefix = variant.map(|(_, v)| format!("{v}."));
        let variant = variant.map(|(_, v)| v.to_string());
        let ty = match written {
            "Self" => match self.own_type() {
                Some(t) => t,
                None => return Val::Unknown,
            },
            t => t,
        };
        let Some(body) = node.field("body") else {
            return Val::Unknown;
        };
        let mut fields = Vec::new();
        for field in named_children(body) {
            match field.kind_str() {
                "field_initializer" => {
                    let (Some(f), Some(v)) = (field.field("field"), field.field("value")) else {
                        continue;
                    };
                    if let Some(st) = self.status_arg(v, depth) {
                        let prefix = field_prefix.as_deref().unwrap_or("");
                        fields.push((format!("{prefix}{}", self.text(f)), st));
                    }
                }
                "shorthand_field_initializer" => {
                    if let Some(id) = field.named_child(0) {
                        if let Val::Status(st) = self.eval(id, depth + 1) {
                            let prefix = field_prefix.as_deref().unwrap_or("");
                            fields.push((format!("{prefix}{}", self.text(id)), st));
                        }
                    }
                }
                // `..base`: fields we cannot see.
                "base_field_initializer" => return Val::Unknown,
                _ => {}
            }
        }
        Val::Value(Box::new(UserValue {
            ty: ty.to_string(),
            variant,
            fields,
        }))
    }

    /// `AppError::Status(StatusCode::UNAUTHORIZED, msg)`: an enum variant of the crate's type,
    /// with the statuses of its fields (`Status.0`).
    pub(super) fn variant_call(
        &self,
        node: Node<'_>,
        segments: &[&str],
        depth: u32,
    ) -> Option<Val> {
        let [.., ty, variant] = segments else {
            return None;
        };
        if !starts_upper(ty) || !starts_upper(variant) || matches!(*ty, "Self") {
            return None;
        }
        let mut fields = Vec::new();
        for (i, arg) in call_args(node).into_iter().enumerate() {
            if let Some(st) = self.status_arg(arg, depth) {
                fields.push((format!("{variant}.{i}"), st));
            }
        }
        Some(Val::Value(Box::new(UserValue {
            ty: ty.to_string(),
            variant: Some(variant.to_string()),
            fields,
        })))
    }

    /// A name bound by the pattern of an arm of `match self` in a method of the crate's type
    /// (`AppError::Status(code, _) => ..`): the receiver's variant field, known at the caller.
    pub(super) fn pattern_field(&self, ident: Node<'_>) -> Option<St> {
        self.own_type()?;
        let name = self.text(ident);
        let mut node = ident;
        for _ in 0..48 {
            node = self.up(node)?;
            if node.kind_str() != "match_arm" {
                continue;
            }
            let matched = self.up(node).and_then(|b| self.up(b))?;
            let value = strip_parens(matched.field("value")?);
            let on_self = value.kind_str() == "self"
                || matches!(
                    value.kind_str(),
                    "reference_expression" | "unary_expression"
                ) && value.named_child(0).is_some_and(|v| v.kind_str() == "self");
            let pattern = node.field("pattern")?.named_child(0)?;
            let Some((variant, field)) = self.bound_field(pattern, name) else {
                continue;
            };
            if !on_self {
                return None;
            }
            return Some(St {
                code: 0,
                symbol: Some(Symbol::Field(format!("{variant}.{field}"))),
                span: span(ident),
                form: StatusForm::Named,
                style: None,
            });
        }
        None
    }

    /// The variant and field a pattern binds `name` to: `E::V(a, name)` -> (`V`, `1`),
    /// `E::V { code: name, .. }` or `E::V { name, .. }` -> (`V`, `name`'s field).
    fn bound_field(&self, pattern: Node<'_>, name: &str) -> Option<(String, String)> {
        let ty = pattern.field("type")?;
        let variant = type_name(self.text(ty)).to_string();
        match pattern.kind_str() {
            "tuple_struct_pattern" => {
                let elements: Vec<Node<'_>> = named_children(pattern)
                    .into_iter()
                    .filter(|c| c.id() != ty.id())
                    .collect();
                let i = elements
                    .iter()
                    .position(|e| e.kind_str() == "identifier" && self.text(*e) == name)?;
                Some((variant, i.to_string()))
            }
            "struct_pattern" => named_children(pattern).into_iter().find_map(|f| {
                if f.kind_str() != "field_pattern" {
                    return None;
                }
                let field = self.text(f.field("name")?);
                let bound = match f.field("pattern") {
                    Some(p) => self.text(p),
                    None => field,
                };
                (bound == name).then(|| (variant.clone(), field.to_string()))
            }),
            _ => None,
        }
    }

    /// A call to one of the crate's own functions, instantiated from its summary.
    pub(super) fn summary_call(
        &self,
        node: Node<'_>,
        segments: &[&str],
        depth: u32,
    ) -> Option<Val> {
        let own = self.own_type();
        let path: Vec<&str> = segments
            .iter()
            .map(|s| match (*s, own) {
                ("Self", Some(t)) => t,
                _ => s,
            })
            .collect();
        if path.first() == Some(&"Self") {
            return None;
        }
        let name = *path.last()?;
        if self.shadowed(&path) {
            return None;
        }
        let module = self.inline_module(node);
        let found = self.look_up(name, node, |view| view.function(&module, &path))?;
        let args = call_args(node);
        let callee = node.field("function").unwrap_or(node);
        match &found.summary.returns {
            Returns::Responses(outcomes) => {
                self.instantiate_all(&found, outcomes, callee, &args, None, depth)
            }
            Returns::Constructs { ty, fields } => {
                let fields = self.bind_fields(fields, &args, depth)?;
                Some(Val::Value(Box::new(UserValue {
                    ty: ty.clone(),
                    variant: None,
                    fields,
                })))
            }
            _ => None,
        }
    }

    /// The statuses a summary's fields take from the call's arguments.
    fn bind_fields(
        &self,
        fields: &[(String, StatusSource)],
        args: &[Node<'_>],
        depth: u32,
    ) -> Option<Vec<(String, St)>> {
        let mut out = Vec::new();
        for (name, source) in fields {
            let st = match source {
                StatusSource::Param(i) => self.status_arg(*args.get(*i)?, depth)?,
                // Reported in the helper that writes it; a later `.with_status(..)` replaces it.
                StatusSource::Const { code, span } => St {
                    code: *code,
                    symbol: Some(Symbol::Elsewhere),
                    span: *span,
                    form: StatusForm::Named,
                    style: None,
                },
                // Go's alone: never in a Rust summary.
                StatusSource::Field(_) | StatusSource::Reported { .. } => continue,
            };
            out.push((name.clone(), st));
        }
        Some(out)
    }

    /// `value.with_status(StatusCode::X)` on a value of the crate's type: its method's summary.
    pub(super) fn user_method(
        &self,
        node: Node<'_>,
        mut value: UserValue,
        method: &str,
        depth: u32,
    ) -> Val {
        if matches!(method, "into_response" | "into") {
            return match self.convert(&value, node) {
                Some(resp) => Val::Resp(Box::new(resp)),
                None => Val::Unknown,
            };
        }
        let Some(found) = self.look_up(method, node, |view| view.method(&value.ty, method)) else {
            return Val::Unknown;
        };
        let Returns::SetsFields(sets) = &found.summary.returns else {
            return Val::Unknown;
        };
        let args = call_args(node);
        let Some(bound) = self.bind_fields(sets, &args, depth) else {
            return Val::Unknown;
        };
        for (name, st) in bound {
            value.fields.retain(|(n, _)| *n != name);
            value.fields.push((name, st));
        }
        Val::Value(Box::new(value))
    }

    /// What a value of the crate's type becomes as a response (its `into_response`), at `at`.
    pub(super) fn convert(&self, value: &UserValue, at: Node<'_>) -> Option<Resp> {
        let found = self.look_up(&value.ty, at, |view| view.conversion(&value.ty))?;
        let Returns::Converts(outcomes) = &found.summary.returns else {
            return None;
        };
        // An enum's conversion matching on `self`: only the arms of the value's variant apply.
        let applicable = index::applicable(outcomes, value.variant.as_deref());
        if applicable.is_empty() {
            return None;
        }
        match self.instantiate_all(&found, &applicable, at, &[], Some(&value.fields), 0)? {
            Val::Resp(resp) => Some(*resp),
            _ => None,
        }
    }

    /// Instantiates every outcome; one response when they all agree on what rules check.
    fn instantiate_all(
        &self,
        found: &Found,
        outcomes: &[Outcome],
        callee: Node<'_>,
        args: &[Node<'_>],
        fields: Option<&[(String, St)]>,
        depth: u32,
    ) -> Option<Val> {
        let mut first: Option<Resp> = None;
        for outcome in outcomes {
            let resp = self.instantiate(found, outcome, callee, args, fields, depth)?;
            match &first {
                None => first = Some(resp),
                Some(f) => {
                    let key = |r: &Resp| {
                        let mut names: Vec<&str> =
                            r.headers.known.iter().map(|h| h.name.as_str()).collect();
                        names.sort_unstable();
                        (
                            r.status
                                .as_ref()
                                .map(|s| (s.code, s.symbol.clone(), s.span)),
                            names.join(","),
                            r.headers.complete,
                            std::mem::discriminant(&r.body),
                        )
                    };
                    if key(f) != key(&resp) {
                        return None;
                    }
                }
            }
        }
        first.map(|r| Val::Resp(Box::new(r)))
    }

    /// One outcome of a summary with the caller's arguments (or the value's fields).
    fn instantiate(
        &self,
        found: &Found,
        outcome: &Outcome,
        callee: Node<'_>,
        args: &[Node<'_>],
        fields: Option<&[(String, St)]>,
        depth: u32,
    ) -> Option<Resp> {
        let caller = CallSite {
            cx: self,
            callee,
            args,
            fields,
            depth,
        };
        let instance = index::instantiate(found, outcome, &caller)?;
        let status: St = instance.status;
        let mut resp = Resp::new(flavor_of(instance.flavor));
        resp.headers = Headers {
            known: instance
                .headers
                .into_iter()
                .map(|name| Header {
                    name,
                    span: span(callee),
                })
                .collect(),
            complete: instance.headers_complete,
            late: Vec::new(),
        };
        resp.body = match instance.body {
            InstanceBody::Empty => Body::Empty,
            // Written in the helper: reported at the status the caller wrote.
            InstanceBody::Present => Body::Present {
                span: status.span,
                pure: false,
            },
            InstanceBody::FromCaller(info) => {
                resp.headers.complete &= info.headers_complete;
                match info.body {
                    // The caller wrote it, but it goes through the helper: no removal fix.
                    Body::Present { span, .. } => Body::Present { span, pure: false },
                    other => other,
                }
            }
            InstanceBody::AroundArg(i) => Body::Present {
                span: span(*args.get(i)?),
                pure: false,
            },
            InstanceBody::Unknown => Body::Unknown,
        };
        resp.related = vec![instance.related];
        resp.from_builder_helper = instance.builder;
        resp.status = Some(status);
        Some(resp)
    }

    /// Records the summary of the function `site` from what it returns (`results`: every returned
    /// value, each arm's; `complete`: none was left out).
    pub(super) fn summarize(
        &mut self,
        site: &Site<'t>,
        results: &[(Node<'t>, Val, Option<Span>)],
        written: &[(Resp, Span)],
        complete: bool,
        converts: bool,
    ) {
        let f = site.node;
        if let Some(name) = self.header_pair(f) {
            self.facts.index.summaries.push(Summary {
                module: self.inline_module(f),
                owner: self.own_type().map(str::to_string),
                name: f
                    .field("name")
                    .map_or(String::new(), |n| self.text(n).to_string()),
                span: span(f),
                returns: Returns::Header(name),
            });
            return;
        }
        if f.kind_str() != "function_item" || !complete {
            return;
        }
        // A response written to a `&mut Response` parameter (salvo) by a function returning
        // nothing we read.
        if results.is_empty() {
            if let Some(returns) = self.writes(f, written, converts) {
                if self.symbols_untested(f, &[]) || converts {
                    self.facts.index.summaries.push(Summary {
                        module: self.inline_module(f),
                        owner: self.own_type().map(str::to_string),
                        name: f
                            .field("name")
                            .map_or(String::new(), |n| self.text(n).to_string()),
                        span: span(f),
                        returns,
                    });
                }
            }
            return;
        }
        let Some(name) = f.field("name").map(|n| self.text(n)) else {
            return;
        };
        let owner = self.own_type();
        let ret = f.field("return_type").map_or("", |r| self.text(r));
        let builder = is_builder_type(ret);
        let returns = if let Some(sets) = self.sets_fields(f) {
            Returns::SetsFields(sets)
        } else if let [(_, Val::Value(value), _)] = results {
            let fields: Vec<(String, StatusSource)> = value
                .fields
                .iter()
                .filter_map(|(n, st)| match st.symbol {
                    Some(Symbol::Param(i)) => Some((n.clone(), StatusSource::Param(i))),
                    None => Some((
                        n.clone(),
                        StatusSource::Const {
                            code: st.code,
                            span: st.span,
                        },
                    )),
                    _ => None,
                })
                .collect();
            if fields.is_empty() {
                return;
            }
            Returns::Constructs {
                ty: value.ty.clone(),
                fields,
            }
        } else {
            let mut outcomes = Vec::new();
            for (leaf, val, arm) in results {
                let Val::Resp(resp) = val else {
                    return;
                };
                let variant = arm.and_then(|arm| self.arm_variant(f, arm));
                let Some(st) = &resp.status else {
                    return;
                };
                let status = match &st.symbol {
                    Some(Symbol::Param(i)) => StatusSource::Param(*i),
                    Some(Symbol::Field(name)) if converts => StatusSource::Field(name.clone()),
                    Some(Symbol::Field(_) | Symbol::Elsewhere) => return,
                    None => StatusSource::Const {
                        code: st.code,
                        span: st.span,
                    },
                };
                outcomes.push(self.outcome(f, resp, status, span(*leaf), builder, variant));
            }
            let symbolic = outcomes
                .iter()
                .any(|o| !matches!(o.status, StatusSource::Const { .. }));
            if converts {
                Returns::Converts(outcomes)
            } else if symbolic || builder {
                Returns::Responses(outcomes)
            } else {
                return;
            }
        };
        let fields: Vec<String> = results
            .iter()
            .filter_map(|(_, v, _)| match v {
                Val::Resp(r) => match &r.status.as_ref()?.symbol {
                    Some(Symbol::Field(name)) => Some(name.clone()),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        if !self.symbols_untested(f, &fields) {
            return;
        }
        if matches!(returns, Returns::Converts(_)) && owner.is_none() {
            return;
        }
        let (name, owner) = (name.to_string(), owner.map(str::to_string));
        self.facts.index.summaries.push(Summary {
            module: self.inline_module(f),
            owner,
            name,
            span: span(f),
            returns,
        });
    }

    /// For a function declared to return a pair (`-> (HeaderName, HeaderValue)`): the header name
    /// every pair it returns starts with, or `""` when that is not known (so that a method of the
    /// same name elsewhere is not taken for it).
    fn header_pair(&self, f: Node<'t>) -> Option<String> {
        if f.kind_str() != "function_item" {
            return None;
        }
        let ret = f.field("return_type")?;
        if ret.kind_str() != "tuple_type" || named_children(ret).len() != 2 {
            return None;
        }
        let leaves = returned_leaves(f, self.src);
        let mut name: Option<String> = None;
        for leaf in &leaves {
            let first = (leaf.kind_str() == "tuple_expression")
                .then(|| named_children(*leaf).first().copied())
                .flatten();
            let Some(this) = first.and_then(|n| self.pair_name(n)) else {
                return Some(String::new());
            };
            if name.as_ref().is_some_and(|n| *n != this) {
                return Some(String::new());
            }
            name = Some(this);
        }
        Some(name.unwrap_or_default())
    }

    /// A header name as a pair's first element: written out, a constant, `HeaderName::from_str("x")`
    /// (unwrapped), or a local holding one.
    fn pair_name(&self, node: Node<'_>) -> Option<String> {
        let mut node = strip_parens(node);
        for _ in 0..8 {
            if node.kind_str() == "identifier" && self.binding(node).is_some() {
                node = strip_parens(self.local_value(node)?.1);
                continue;
            }
            if let Some((receiver, "unwrap" | "expect")) = method_call(node, self.src) {
                node = strip_parens(receiver);
                continue;
            }
            if let Some(segments) = path_call_segments(node, self.src) {
                if let [.., "HeaderName", "from_str" | "from_static" | "try_from"] = segments[..] {
                    let [arg] = call_args(node)[..] else {
                        return None;
                    };
                    return string_value(strip_parens(arg), self.src).map(str::to_ascii_lowercase);
                }
            }
            return self.header_name(node);
        }
        None
    }

    /// The header a call to a helper returning a fixed pair adds (`Status::LoggedOut.as_pair()`,
    /// `token.into_header_pair()`, `util::cors_pair()`).
    pub(super) fn helper_header(&self, call: Node<'_>) -> Option<String> {
        let found = if let Some((receiver, method)) = method_call(call, self.src) {
            let receiver = strip_parens(receiver);
            // `Type::Variant.m()`, `Type::CONST.m()`, `Type::new(..).m()`: a method of `Type`.
            let owner = match receiver.kind_str() {
                "scoped_identifier" => path_segments(receiver, self.src),
                "call_expression" => path_call_segments(receiver, self.src),
                _ => None,
            }
            .and_then(|segments| {
                let [.., ty, _] = segments[..] else {
                    return None;
                };
                starts_upper(ty).then_some(ty)
            });
            match owner {
                Some(ty) => self.look_up(method, call, |view| view.method(ty, method))?,
                None => self.look_up(method, call, |view| view.header_method(method))?,
            }
        } else {
            let segments = path_call_segments(call, self.src)?;
            let name = *segments.last()?;
            if self.shadowed(&segments) {
                return None;
            }
            let module = self.inline_module(call);
            self.look_up(name, call, |view| view.function(&module, &segments))?
        };
        match &found.summary.returns {
            Returns::Header(name) if !name.is_empty() => Some(name.clone()),
            _ => None,
        }
    }

    /// For `self.status_code()` read in a conversion of the type (`impl IntoResponse for E`): the
    /// method `name(&self)` of an impl of the same type in the file, and the variants the
    /// conversion answers before reaching the status (`if let Self::V(..) = self { return .. }`).
    /// `None` when the conversion tests the status on a branch that returns or sets headers
    /// (`if self.status_code() == UNAUTHORIZED { .. }`): it decides by the status.
    pub(super) fn status_method(
        &self,
        site: &Site<'t>,
        item: Node<'t>,
        name: &str,
    ) -> Option<(Node<'t>, Vec<String>)> {
        if !self.is_conversion(site) {
            return None;
        }
        let ty = type_name(self.text(item.field("type")?));
        let file = item.parent()?;
        let mut found = None;
        for other in named_children(file) {
            if other.kind_str() != "impl_item"
                || other
                    .field("type")
                    .is_none_or(|t| type_name(self.text(t)) != ty)
            {
                continue;
            }
            let Some(list) = other.field("body") else {
                continue;
            };
            for f in named_children(list) {
                let is_it = f.kind_str() == "function_item"
                    && f.field("name").is_some_and(|n| self.text(n) == name);
                if is_it {
                    if found.is_some() {
                        return None;
                    }
                    found = Some(f);
                }
            }
        }
        let f = found?;
        let mut diverted = Vec::new();
        for node in &self.scope.nodes {
            if node.kind_str() != "if_expression" {
                continue;
            }
            let (Some(condition), Some(consequence)) =
                (node.field("condition"), node.field("consequence"))
            else {
                continue;
            };
            let returns =
                flow::diverges(consequence, self.src) || self.text(consequence).contains("return");
            let condition_text = self.text(condition);
            if condition_text.contains(&format!("self.{name}()")) {
                if returns || self.text(consequence).contains("header") {
                    return None;
                }
                continue;
            }
            // `if let Self::V(x) = self { return .. }`: that variant never reaches the tail.
            if condition.kind_str() == "let_condition" && returns {
                let on_self = condition
                    .field("value")
                    .is_some_and(|v| v.kind_str() == "self");
                let pattern = condition.field("pattern");
                let variant = pattern.and_then(|p| match p.kind_str() {
                    "tuple_struct_pattern" | "struct_pattern" => p.field("type"),
                    "scoped_identifier" | "identifier" => Some(p),
                    _ => None,
                });
                match variant {
                    Some(v) if on_self => diverted.push(type_name(self.text(v)).to_string()),
                    _ if on_self => return None,
                    _ => {}
                }
            }
        }
        Some((f, diverted))
    }

    /// The variant an arm of `match self` in `f` is for (`AppError::NotFound => ..` -> `NotFound`).
    pub(super) fn arm_variant(&self, f: Node<'t>, arm: Span) -> Option<String> {
        let body = f.field("body")?;
        let node = body.descendant_for_byte_range(arm.start, arm.end)?;
        let mut node = Some(node);
        for _ in 0..8 {
            let n = node?;
            if n.kind_str() == "match_arm" {
                let matched = n.parent().and_then(|b| b.parent())?;
                let value = strip_parens(matched.field("value")?);
                let on_self = value.kind_str() == "self"
                    || value.named_child(0).is_some_and(|v| v.kind_str() == "self");
                let pattern = n.field("pattern")?.named_child(0)?;
                let ty = match pattern.kind_str() {
                    "tuple_struct_pattern" | "struct_pattern" => pattern.field("type")?,
                    "scoped_identifier" | "identifier" => pattern,
                    _ => return None,
                };
                return on_self.then(|| type_name(self.text(ty)).to_string());
            }
            node = n.parent();
        }
        None
    }

    /// One outcome of `f`'s summary: `resp` (built at `built`) with its status from `status`.
    fn outcome(
        &self,
        f: Node<'t>,
        resp: &Resp,
        status: StatusSource,
        built: Span,
        builder: bool,
        variant: Option<String>,
    ) -> Outcome {
        Outcome {
            status,
            headers: resp.headers.known.iter().map(|h| h.name.clone()).collect(),
            headers_complete: resp.headers.complete,
            body: match &resp.body {
                Body::Empty => BodySource::Empty,
                Body::Present { span, .. } => self.body_source(f, *span),
                Body::Param(i) => BodySource::Param(*i),
                Body::Unknown => BodySource::Unknown,
            },
            built,
            builder,
            flavor: flavor_tag(resp.flavor),
            variant,
        }
    }

    /// The summary of what `f` writes to its `&mut Response` parameter (`written`, symbolic).
    fn writes(&self, f: Node<'t>, written: &[(Resp, Span)], converts: bool) -> Option<Returns> {
        if written.is_empty() {
            return None;
        }
        let param = salvo::response_param_index(self, f)?;
        let mut fields = Vec::new();
        let mut outcomes = Vec::new();
        for (resp, built) in written {
            let st = resp.status.as_ref()?;
            let status = match &st.symbol {
                Some(Symbol::Param(i)) if !converts => StatusSource::Param(*i),
                Some(Symbol::Elsewhere) => return None,
                Some(Symbol::Field(name)) if converts => {
                    fields.push(name.clone());
                    StatusSource::Field(name.clone())
                }
                _ => return None,
            };
            outcomes.push(self.outcome(f, resp, status, *built, false, None));
        }
        if converts {
            return (self.symbols_untested(f, &fields)).then_some(Returns::Converts(outcomes));
        }
        Some(Returns::Writes { param, outcomes })
    }

    /// `helper(res, StatusCode::UNAUTHORIZED, ..)`: what a helper writes to the response handed
    /// to it as argument `position`, instantiated at this call.
    pub(super) fn written_by_call(&self, call: Node<'_>, position: usize) -> Option<Vec<Resp>> {
        let segments = path_call_segments(call, self.src)?;
        let name = *segments.last()?;
        if self.shadowed(&segments) {
            return None;
        }
        let module = self.inline_module(call);
        let found = self.look_up(name, call, |view| view.function(&module, &segments))?;
        let Returns::Writes { param, outcomes } = &found.summary.returns else {
            return None;
        };
        if *param != position {
            return None;
        }
        let args = call_args(call);
        let callee = call.field("function").unwrap_or(call);
        outcomes
            .iter()
            .map(|o| self.instantiate(&found, o, callee, &args, None, 0))
            .collect()
    }

    /// A body written at `at` in `f`: around a parameter (`Json(body)`) when it wraps one.
    fn body_source(&self, f: Node<'t>, at: Span) -> BodySource {
        let wrapped = f
            .descendant_for_byte_range(at.start, at.end)
            .filter(|n| n.start_byte() == at.start && n.end_byte() == at.end)
            .and_then(|n| self.made_of_param(n, 0));
        match wrapped {
            Some(i) => BodySource::AroundParam(i),
            None => BodySource::Present(at),
        }
    }

    /// The parameter a present body is made of: `body`, `&body`, `Json(body)`,
    /// `reply::json(&body)`, `Full::new(Bytes::from(body.to_string()))` (content whatever the
    /// caller passes).
    fn made_of_param(&self, node: Node<'_>, depth: u32) -> Option<usize> {
        if depth > 8 {
            return None;
        }
        let node = strip_parens(node);
        match node.kind_str() {
            // (Not a status parameter: a body reported at a status is the helper's own.)
            "identifier" if self.binding(node).is_none() && self.param_code(node).is_none() => {
                self.param_body(node)
            }
            "reference_expression" => {
                let inner = node.named_child(node.named_child_count().checked_sub(1)?)?;
                self.made_of_param(inner, depth + 1)
            }
            "call_expression" => {
                if let Some((receiver, method)) = method_call(node, self.src) {
                    return matches!(method, "to_string" | "to_owned" | "clone" | "to_vec")
                        .then(|| self.made_of_param(receiver, depth + 1))
                        .flatten();
                }
                let segments = path_call_segments(node, self.src)?;
                match call_args(node)[..] {
                    [arg] if is_body_wrapper(&segments) => self.made_of_param(arg, depth + 1),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// `fn with_status(mut self, status: StatusCode) -> Self { self.status = status; self }`: the
    /// fields it sets from its parameters.
    fn sets_fields(&self, f: Node<'t>) -> Option<Vec<(String, StatusSource)>> {
        self.own_type()?;
        let body = f.field("body")?;
        let tail = block_tail(body)?;
        if tail.kind_str() != "self" {
            return None;
        }
        let mut out = Vec::new();
        for statement in named_children(body) {
            if statement.id() == tail.id() || is_comment(statement) {
                continue;
            }
            let assign = (statement.kind_str() == "expression_statement")
                .then(|| statement.named_child(0))
                .flatten()
                .filter(|a| a.kind_str() == "assignment_expression")?;
            let left = assign.field("left")?;
            let right = assign.field("right")?;
            let Some(Symbol::Field(field)) = self.self_field(left).and_then(|s| s.symbol) else {
                return None;
            };
            let Some(Symbol::Param(i)) = self.param_status(right).and_then(|s| s.symbol) else {
                return None;
            };
            out.push((field, StatusSource::Param(i)));
        }
        (!out.is_empty()).then_some(out)
    }

    /// Whether no status parameter and no `self.<field>` of the function is tested (compared,
    /// matched, a condition): a helper that decides by its status is not summarized.
    fn symbols_untested(&self, f: Node<'t>, fields: &[String]) -> bool {
        let Some(body) = f.field("body") else {
            return false;
        };
        for node in &self.scope.nodes {
            let symbolic = match node.kind_str() {
                "identifier" => {
                    self.param_status(*node).is_some()
                        || self.param_code(*node).is_some()
                        || self.pattern_field(*node).is_some()
                }
                "field_expression" => self
                    .self_field(*node)
                    .and_then(|s| s.symbol)
                    .is_some_and(|s| matches!(s, Symbol::Field(f) if fields.contains(&f))),
                _ => false,
            };
            if symbolic && tested(*node, body) {
                return false;
            }
        }
        true
    }

    /// Records what the index needs from an item the walk meets: imports and type definitions.
    /// Records a module-level function (with a summary or not) for telling one definition of a
    /// name from two.
    pub(super) fn index_function(&mut self, node: Node<'_>) {
        if let Some(name) = node.field("name") {
            self.facts.index.functions.push(TypeDef {
                module: self.inline_module(node),
                name: self.text(name).to_string(),
                at: node.start_byte(),
            });
        }
    }

    pub(super) fn index_item(&mut self, node: Node<'_>) {
        match node.kind_str() {
            "use_declaration" => {
                let Some(argument) = node.field("argument") else {
                    return;
                };
                let module = self.inline_module(node);
                let mut imports = Vec::new();
                // A glob imported inside a function body (`use Enum::*;` before a `match`) names
                // nothing the module's other items see; recorded as the module's, hundreds of them
                // in generated visitors would fan out every lookup of the file.
                let local = in_block(node);
                self.use_tree(
                    argument,
                    Vec::new(),
                    &module,
                    node.start_byte(),
                    &mut imports,
                    0,
                );
                self.facts
                    .index
                    .imports
                    .extend(imports.into_iter().filter(|i| !(local && i.glob)));
            }
            "struct_item" | "enum_item" => {
                if let Some(name) = node.field("name") {
                    self.facts.index.types.push(TypeDef {
                        module: self.inline_module(node),
                        name: self.text(name).to_string(),
                        at: node.start_byte(),
                    });
                }
            }
            _ => {}
        }
    }

    fn use_tree(
        &self,
        node: Node<'_>,
        prefix: Vec<String>,
        module: &[String],
        at: usize,
        out: &mut Vec<Import>,
        depth: u32,
    ) {
        if depth > 16 || out.len() > 256 {
            return;
        }
        let path_of = |n: Node<'_>| -> Option<Vec<String>> {
            let mut p = prefix.clone();
            let text = self.text(n).trim_start_matches("::");
            p.extend(text.split("::").map(|s| s.trim().to_string()));
            Some(p)
        };
        match node.kind_str() {
            "identifier" | "scoped_identifier" | "crate" | "self" | "super" => {
                let Some(mut path) = path_of(node) else {
                    return;
                };
                if path.last().is_some_and(|l| l == "self") {
                    path.pop();
                }
                if let Some(alias) = path.last().cloned() {
                    out.push(Import {
                        module: module.to_vec(),
                        alias,
                        path,
                        glob: false,
                        at,
                    });
                }
            }
            "use_as_clause" => {
                let (Some(p), Some(alias)) = (node.field("path"), node.field("alias")) else {
                    return;
                };
                if let Some(path) = path_of(p) {
                    out.push(Import {
                        module: module.to_vec(),
                        alias: self.text(alias).to_string(),
                        path,
                        glob: false,
                        at,
                    });
                }
            }
            "scoped_use_list" => {
                let base = match node.field("path") {
                    Some(p) => path_of(p).unwrap_or_default(),
                    None => prefix.clone(),
                };
                if let Some(list) = node.field("list") {
                    self.use_tree(list, base, module, at, out, depth + 1);
                }
            }
            "use_list" => {
                for child in named_children(node) {
                    self.use_tree(child, prefix.clone(), module, at, out, depth + 1);
                }
            }
            "use_wildcard" => {
                let path = match node.named_child(0) {
                    Some(p) => path_of(p).unwrap_or_default(),
                    None => prefix.clone(),
                };
                out.push(Import {
                    module: module.to_vec(),
                    alias: String::new(),
                    path,
                    glob: true,
                    at,
                });
            }
            _ => {}
        }
    }

    /// Rocket's default catcher, when the crate registers no catcher for `st`'s code: it answers
    /// with an HTML page and no other header. `None` when that is not known (no package, or
    /// a catcher exists).
    pub(super) fn default_catcher(&self, st: &St, at: Node<'_>) -> Option<Resp> {
        // Only Rocket hands a bare error `Status` to catchers.
        if !self.src.contains("rocket") {
            return None;
        }
        let catchers = self.view.and_then(|v| v.catchers());
        self.note_lookup(CATCHERS, at.start_byte(), catchers.is_some());
        if catchers?.contains(&st.code) {
            return None;
        }
        let mut resp = Resp::error_text(Flavor::Rocket, st.clone());
        resp.related = vec![Related {
            message: format!(
                "answered by Rocket's default catcher: the crate has no `#[catch({})]`",
                st.code
            ),
            location: RelatedLocation::Here(span(at)),
        }];
        Some(resp)
    }

    /// Whether `site` is the method through which its impl's type becomes a response.
    pub(super) fn is_conversion(&self, site: &Site<'t>) -> bool {
        let Some(item) = self.impl_of(site) else {
            return false;
        };
        let name = site.node.field("name").map(|n| self.text(n));
        item.field("trait").is_some() && name.is_some_and(|n| CONVERSIONS.contains(&n))
    }

    /// `Outcome::Error((Status::Unauthorized, e))` returned by a Rocket request guard
    /// (`FromRequest::from_request`): the catcher for that status answers, Rocket's default one
    /// when the crate has none.
    pub(super) fn rocket_guard_error(&self, site: &Site<'t>, leaf: Node<'_>) -> Option<Resp> {
        // A closure chained onto the guard's outcome (`.and_then(|t| .. Outcome::Failure(..))`)
        // returns the guard's outcome too.
        let site = match site.call().and_then(|c| method_call(c, self.src)) {
            Some((_, "and_then" | "or_else")) => {
                let outer = self.sites.get(site.outer?)?;
                // Only a guard's outcome is read (below): other closures chained this way, common
                // in any code, need not walk their function for its returned values.
                if outer.node.field("name").map(|n| self.text(n)) != Some("from_request") {
                    return None;
                }
                let returned = returned_leaves(outer.node, self.src);
                let call = site.call()?;
                let chained = returned.iter().any(|r| {
                    r.start_byte() <= call.start_byte() && call.end_byte() <= r.end_byte()
                });
                if !chained {
                    return None;
                }
                outer
            }
            _ => site,
        };
        let f = site.node;
        let name = f.field("name").map(|n| self.text(n))?;
        if name != "from_request" {
            return None;
        }
        let item = self.impl_of(site)?;
        let tr = self.text(item.field("trait")?);
        if !tr.contains("FromRequest") {
            return None;
        }
        let segments = path_call_segments(leaf, self.src)?;
        if !matches!(segments.as_slice(), [.., "Outcome", "Error" | "Failure"]) {
            return None;
        }
        let [pair] = call_args(leaf)[..] else {
            return None;
        };
        let pair = strip_parens(pair);
        if pair.kind_str() != "tuple_expression" {
            return None;
        }
        let status = *named_children(pair).first()?;
        let st = self.status_const(strip_parens(status))?;
        self.default_catcher(&st, leaf)
    }

    /// The error type a function declares (`-> Result<T, E>` -> `E`'s name; `Self::Rejection` read
    /// from the impl's `type Rejection = ..;`), `None` without a `Result<T, E>` we can read.
    pub(super) fn declared_error_type(&self, site: &Site<'t>) -> Option<String> {
        let ret = site.node.field("return_type")?;
        if ret.kind_str() != "generic_type"
            || ret
                .field("type")
                .is_none_or(|t| type_name(self.text(t)) != "Result")
        {
            return None;
        }
        let arguments = named_children(ret.field("type_arguments")?);
        let [_, error] = arguments[..] else {
            return None;
        };
        let error = self.text(error);
        if let Some(associated) = error.strip_prefix("Self::") {
            let list = site.parent?;
            let item = named_children(list).into_iter().find(|n| {
                n.kind_str() == "type_item"
                    && n.field("name")
                        .is_some_and(|name| self.text(name) == associated)
            })?;
            return Some(type_name(self.text(item.field("type")?)).to_string());
        }
        Some(type_name(error).to_string())
    }

    /// Records the calls whose errors the handler or extractor `site` sends with `?` as they are:
    /// `helper(..)?` (or `.await?`) by path, or `self.helper(..)?`, in a function declaring
    /// `Result<_, E>`. The helper's file decides whether the call names it (`View::senders`). A
    /// call whose error the handler maps, matches or logs is not a `?` on the call itself.
    pub(super) fn record_sends(&mut self, site: &Site<'t>) {
        let f = site.node;
        if f.kind_str() != "function_item" {
            return;
        }
        let Some(error) = self.declared_error_type(site) else {
            return;
        };
        let own = self.own_type();
        let handler = match (own, f.field("name")) {
            (Some(owner), Some(name)) => format!("{owner}::{}", self.text(name)),
            (None, Some(name)) => self.text(name).to_string(),
            _ => return,
        };
        let tries: Vec<Node<'t>> = self
            .scope
            .nodes
            .iter()
            .copied()
            .filter(|n| n.kind_str() == "try_expression")
            .collect();
        for node in tries {
            let Some(mut inner) = node.named_child(0).map(strip_parens) else {
                continue;
            };
            if inner.kind_str() == "await_expression" {
                match inner.named_child(0) {
                    Some(i) => inner = strip_parens(i),
                    None => continue,
                }
            }
            let call: Vec<String> = match method_call(inner, self.src) {
                // A method of a value whose type is not known could be another crate's.
                Some((receiver, method)) if receiver.kind_str() == "self" => match own {
                    Some(owner) => vec![owner.to_string(), method.to_string()],
                    None => continue,
                },
                Some(_) => continue,
                None => {
                    let Some(segments) = path_call_segments(inner, self.src) else {
                        continue;
                    };
                    let path: Vec<String> = segments
                        .iter()
                        .map(|s| match (*s, own) {
                            ("Self", Some(t)) => t.to_string(),
                            _ => s.to_string(),
                        })
                        .collect();
                    let plain: Vec<&str> = path.iter().map(String::as_str).collect();
                    if self.shadowed(&plain) || path.first().is_some_and(|s| s == "Self") {
                        continue;
                    }
                    path
                }
            };
            let Some(name) = call.last().cloned() else {
                continue;
            };
            self.facts.index.sends.push(index::Sent {
                name,
                call,
                module: self.inline_module(inner),
                error: error.clone(),
                handler: handler.clone(),
                span: span(node),
            });
        }
    }

    /// Summarizes a helper by its error values (`Returns::Errors`) and, where handlers send them
    /// with `?`, reports each as the response it becomes, with the senders as related notes.
    pub(super) fn sent_errors(
        &mut self,
        site: &Site<'t>,
        ty: String,
        errors: Vec<(Node<'t>, Val)>,
    ) {
        let f = site.node;
        let Some(name) = f.field("name").map(|n| self.text(n).to_string()) else {
            return;
        };
        let owner = self.own_type().map(str::to_string);
        self.facts.index.summaries.push(Summary {
            module: self.inline_module(f),
            owner: owner.clone(),
            name: name.clone(),
            span: span(f),
            returns: Returns::Errors { ty: ty.clone() },
        });
        let senders = self
            .view
            .map(|view| view.senders(&name, owner.as_deref(), &ty))
            .unwrap_or_default();
        self.note_lookup(&index::sent_key(&name), f.start_byte(), !senders.is_empty());
        if senders.is_empty() {
            return;
        }
        for (leaf, val) in errors {
            let mut resp = match val {
                Val::Status(st) => {
                    let mut resp = Resp::new(Flavor::Value);
                    resp.body = Body::Empty;
                    resp.status = Some(st);
                    resp.headers.complete = true;
                    resp
                }
                Val::Resp(resp) => *resp,
                _ => continue,
            };
            resp.related = senders.iter().take(3).cloned().collect();
            self.push(resp, span(leaf));
        }
    }

    /// Moves the lookups made while reading into the facts.
    pub(super) fn finish_lookups(&mut self) {
        let lookups = std::mem::take(&mut *self.lookups.borrow_mut());
        self.facts.index.references.extend(lookups.references);
        self.facts.index.unresolved.extend(lookups.unresolved);
        self.facts.index.sent_keys = self
            .facts
            .index
            .sends
            .iter()
            .map(|s| index::sent_key(&s.name))
            .collect();
        self.facts.index.key_routes();
    }
}

/// Whether a value returned in a helper's error is an error value a handler's `?` sends as it is:
/// a bare status (not Rocket's, which a catcher answers) or an error value (`ErrorUnauthorized(..)`)
/// with a status the helper writes.
pub(super) fn is_error_value(val: &Val) -> bool {
    match val {
        Val::Status(st) => {
            st.symbol.is_none() && !(st.style == Some(StatusStyle::CamelConst) && st.code >= 400)
        }
        Val::Resp(resp) => {
            resp.error_value && resp.status.as_ref().is_some_and(|s| s.symbol.is_none())
        }
        _ => false,
    }
}

/// Whether `node` is tested: inside a comparison, a condition, a `match` scrutinee or a guard,
/// before reaching `body`.
/// Whether `node` is inside a block (a function body, a closure) rather than directly in a module
/// (bounded climb).
fn in_block(node: Node<'_>) -> bool {
    let mut current = node.parent();
    for _ in 0..256 {
        match current {
            Some(n) if n.kind_str() == "block" => return true,
            Some(n) if matches!(n.kind_str(), "mod_item" | "source_file") => return false,
            Some(n) => current = n.parent(),
            None => return false,
        }
    }
    false
}

fn tested(node: Node<'_>, body: Node<'_>) -> bool {
    let mut child = node;
    for _ in 0..64 {
        let Some(parent) = child.parent() else {
            return false;
        };
        if parent.id() == body.id() {
            return false;
        }
        let is = |field: &'static str| parent.field(field).is_some_and(|c| c.id() == child.id());
        match parent.kind_str() {
            "binary_expression" => {
                let op = parent.field("operator").map(|o| o.kind_str()).unwrap_or("");
                if matches!(op, "==" | "!=" | "<" | ">" | "<=" | ">=") {
                    return true;
                }
            }
            "if_expression" | "while_expression" if is("condition") => return true,
            "match_expression" if is("value") => return true,
            // (A name in a `match` arm's pattern is where it is bound, not a test; a guard is
            // a comparison or a condition above.)
            "let_condition" | "let_chain" => return true,
            // `status.is_client_error()`, `status.as_u16()`: read to decide something.
            "field_expression" if is("value") && child.id() == node.id() => return true,
            _ => {}
        }
        child = parent;
    }
    true
}

#[cfg(test)]
mod tests {
    use crate::index::{Index, View};

    /// A diagnostic as these tests see it: rule, the text at its span, related notes.
    type Seen = (&'static str, String, Vec<String>);

    /// The `use` steps reading `files` as a package takes for `target`, with its diagnostics.
    fn package_steps(files: &[(&str, &str)], target: &str) -> (u64, Vec<Seen>) {
        let before = crate::index::import_steps();
        let found = package(files, target);
        (crate::index::import_steps() - before, found)
    }

    /// A generated visitor (rustc-perf's `syn/src/gen/fold.rs`): a glob import at the top, then
    /// functions that each glob-import an enum's variants and call each other. Reading it in its
    /// package took time exponential in its length; it must cost steps linear in it, and a helper
    /// next to it still resolves.
    #[test]
    fn glob_imports_in_generated_visitors_cost_linear_steps() {
        let visitor = |n: usize| {
            let mut text = String::from("use *;\nuse crate::util::*;\n");
            for i in 0..n {
                text.push_str(&format!(
                    "pub fn fold_{i}<V: Fold + ?Sized>(v: &mut V, node: E{i}) -> E{i} {{\n    use ::E{i}::*;\n    match node {{ A(x) => A(v.fold_{j}(x)), B(y) => B(fold_{j}(v, y)) }}\n}}\n",
                    j = (i + 1) % n
                ));
            }
            text
        };
        let others = |n: usize| -> Vec<(String, String)> {
            (0..n / 8)
                .map(|i| {
                    (
                        format!("src/m{i}.rs"),
                        format!("use *;\nuse crate::gen::*;\npub fn g{i}() {{ fold_0(v, x); }}\n"),
                    )
                })
                .collect()
        };
        let steps = |n: usize| {
            let text = visitor(n);
            let extra = others(n);
            let mut files: Vec<(&str, &str)> =
                vec![("src/gen.rs", text.as_str()), ("src/util.rs", UTIL)];
            files.extend(extra.iter().map(|(p, t)| (p.as_str(), t.as_str())));
            package_steps(&files, "src/gen.rs").0
        };
        let (small, large) = (steps(100), steps(400));
        assert!(
            large <= small * 5,
            "4x the visitor cost {large} steps against {small}"
        );
        // Module-level globs that fan out make a lookup unknown (silence), not slow.
        let mut text = String::new();
        for i in 0..300 {
            text.push_str(&format!("use crate::m{i}::*;\n"));
        }
        text.push_str("use crate::util::json_error;\nasync fn h() -> Response { json_error(StatusCode::UNAUTHORIZED, \"x\") }\n");
        let (taken, found) = package_steps(
            &[("src/main.rs", &text), ("src/util.rs", UTIL)],
            "src/main.rs",
        );
        assert!(taken < 2_000, "{taken} steps");
        assert_eq!(
            found.len(),
            1,
            "the directly imported helper still resolves: {found:?}"
        );
    }

    /// A service's prelude (palpo's shape): the crate root declares its modules and glob
    /// re-exports each, and every module glob-imports the crate root. Each glob leads to every
    /// other, so a lookup followed step by step ran out of steps on ordinary names (the helper
    /// stayed unknown, a budget note named the file); resolutions remembered per lookup, and a
    /// module file shadowing the globs, find the helper with steps that grow with the modules.
    #[test]
    fn a_glob_prelude_over_every_module_still_resolves() {
        let steps = |n: usize| {
            let mut root = String::new();
            for i in 0..n {
                root.push_str(&format!(
                    "mod m{i};
pub use m{i}::*;
"
                ));
            }
            root.push_str(
                "mod util;
pub use util::*;
mod handlers;
",
            );
            let modules: Vec<(String, String)> = (0..n)
                .map(|i| {
                    (
                        format!("src/m{i}.rs"),
                        format!(
                            "use crate::*;
pub fn f{i}() -> u8 {{ {i} }}
"
                        ),
                    )
                })
                .collect();
            let handler = "use crate::*;\nasync fn h() -> Response { json_error(StatusCode::UNAUTHORIZED, \"x\") }\n";
            let mut files: Vec<(&str, &str)> = vec![
                ("src/main.rs", root.as_str()),
                ("src/util.rs", UTIL),
                ("src/handlers.rs", handler),
            ];
            files.extend(modules.iter().map(|(p, t)| (p.as_str(), t.as_str())));
            package_steps(&files, "src/handlers.rs")
        };
        let (small, found) = steps(40);
        assert_eq!(
            found,
            [(
                "missing-www-authenticate",
                "UNAUTHORIZED".to_string(),
                vec!["built by util::json_error @ src/util.rs:5".to_string()]
            )]
        );
        let (large, found) = steps(160);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            large <= small * 5,
            "4x the modules cost {large} steps against {small}"
        );
    }

    /// Reads `files` (relative path, text) as one Cargo package and returns the diagnostics of
    /// `target`: (rule, the text at its span, related notes as "message @ file:line").
    fn package(files: &[(&str, &str)], target: &str) -> Vec<(&'static str, String, Vec<String>)> {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("Cargo.toml"), "[package]\nname = \"svc\"\n").unwrap();
        let index = Index::new();
        let mut trees = Vec::new();
        for (path, text) in files {
            let full = root.join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(&full, text).unwrap();
            let tree = crate::lint::parse(&mut super::language().parser(), text, None).unwrap();
            let facts = crate::extract::extract(super::language(), text, &tree);
            index.update(&full, text, &facts);
            trees.push((full, text, tree));
        }
        let (full, text, tree) = trees.iter().find(|(p, _, _)| p.ends_with(target)).unwrap();
        let view = View {
            index: &index,
            path: full,
        };
        let facts = crate::extract::extract_with(super::language(), text, tree, Some(view));
        let settings = crate::config::Settings::default();
        crate::lint::check_facts(super::language(), text, &facts, &settings)
            .iter()
            .map(|d| {
                let notes = d
                    .related
                    .iter()
                    .map(|n| match &n.location {
                        crate::model::RelatedLocation::Here(_) => format!("{} @ here", n.message),
                        crate::model::RelatedLocation::File { path, start, .. } => format!(
                            "{} @ {}:{}",
                            n.message,
                            path.strip_prefix(root).unwrap_or(path).display(),
                            start.line + 1
                        ),
                    })
                    .collect();
                let at = text[d.span.start..d.span.end].to_string();
                (d.rule.name, at, notes)
            })
            .collect()
    }

    fn one_file(text: &str) -> Vec<(&'static str, String, Vec<String>)> {
        package(&[("src/main.rs", text)], "src/main.rs")
    }

    const UTIL: &str =
        "use axum::http::StatusCode;\nuse axum::response::{IntoResponse, Response};\n\n\
        pub fn json_error(status: StatusCode, msg: &str) -> Response {\n    \
        (status, Json(json!({ \"error\": msg }))).into_response()\n}\n";

    /// A change to a helper re-reads the files that may resolve to it: those of its own package,
    /// not those of another package that defines and reads the same name (generated services all
    /// do; re-reading them made settling a workspace quadratic in its packages).
    #[test]
    fn dependents_of_a_helper_stay_in_its_package() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let main = "use crate::util::json_error;\nasync fn h() -> Response { json_error(StatusCode::UNAUTHORIZED, \"x\") }\n";
        let index = Index::new();
        let mut files = Vec::new();
        for package in ["a", "b"] {
            std::fs::create_dir_all(root.join(package).join("src")).unwrap();
            std::fs::write(
                root.join(package).join("Cargo.toml"),
                format!("[package]\nname = \"{package}\"\n"),
            )
            .unwrap();
            for (name, text) in [("util.rs", UTIL), ("main.rs", main)] {
                let full = root.join(package).join("src").join(name);
                std::fs::write(&full, text).unwrap();
                files.push((full, text));
            }
        }
        let read = |text: &str, view: Option<View<'_>>| {
            let tree = crate::lint::parse(&mut super::language().parser(), text, None).unwrap();
            crate::extract::extract_with(super::language(), text, &tree, view)
        };
        for (full, text) in &files {
            index.update(full, text, &read(text, None));
        }
        // Read again through the index, as `settle` does: the lookups are recorded.
        for (full, text) in &files {
            let facts = read(
                text,
                Some(View {
                    index: &index,
                    path: full,
                }),
            );
            index.update(full, text, &facts);
        }
        let util = root.join("a/src/util.rs");
        assert_eq!(index.dependents(&util), vec![root.join("a/src/main.rs")]);
    }

    #[test]
    fn a_helper_in_another_file_is_instantiated_at_the_call() {
        for call in [
            "use crate::util;\nasync fn h() -> Response { util::json_error(StatusCode::UNAUTHORIZED, \"x\") }",
            "use crate::util::json_error;\nasync fn h() -> Response { json_error(StatusCode::UNAUTHORIZED, \"x\") }",
            "async fn h() -> Response { crate::util::json_error(StatusCode::UNAUTHORIZED, \"x\") }",
            "use crate::util::json_error as err;\nasync fn h() -> Response { err(StatusCode::UNAUTHORIZED, \"x\") }",
            "use crate::util::*;\nasync fn h() -> Response { json_error(StatusCode::UNAUTHORIZED, \"x\") }",
            "use super::super::util;\nasync fn h() -> Response { util::json_error(StatusCode::UNAUTHORIZED, \"x\") }",
            "use svc::util;\nasync fn h() -> Response { util::json_error(StatusCode::UNAUTHORIZED, \"x\") }",
        ] {
            let found = package(
                &[("src/util.rs", UTIL), ("src/handlers/tokens.rs", call)],
                "tokens.rs",
            );
            assert_eq!(
                found,
                [(
                    "missing-www-authenticate",
                    "UNAUTHORIZED".to_string(),
                    vec!["built by util::json_error @ src/util.rs:5".to_string()]
                )],
                "{call}"
            );
        }
    }

    /// A name many files define (`json_error` in each of a dozen modules) is looked up in the one
    /// module the path names, also as a folder's `mod.rs` and in an inline module; the others'
    /// definitions (here sending a 200) are not taken for it.
    #[test]
    fn a_name_many_modules_define_resolves_to_the_module_named() {
        const OTHER: &str =
            "use axum::http::StatusCode;\nuse axum::response::{IntoResponse, Response};\n\n\
            pub fn json_error(status: StatusCode, msg: &str) -> Response {\n    \
            StatusCode::OK.into_response()\n}\n";
        let inline = format!("pub mod inner {{\n{UTIL}}}\n");
        let mut files: Vec<(String, String)> = (0..12)
            .map(|i| (format!("src/util_{i}.rs"), OTHER.to_string()))
            .collect();
        files[5].1 = UTIL.to_string();
        files[10] = ("src/util_10/mod.rs".to_string(), UTIL.to_string());
        files[11].1 = inline;
        for (call, note) in [
            ("util_5::json_error", "util_5::json_error @ src/util_5.rs:5"),
            (
                "util_10::json_error",
                "util_10::json_error @ src/util_10/mod.rs:5",
            ),
            (
                "util_11::inner::json_error",
                "inner::json_error @ src/util_11.rs:6",
            ),
            ("util_3::json_error", ""),
        ] {
            let main = format!(
                "async fn h() -> Response {{ crate::{call}(StatusCode::UNAUTHORIZED, \"x\") }}\n"
            );
            let mut all = files.clone();
            all.push(("src/main.rs".to_string(), main));
            let refs: Vec<(&str, &str)> =
                all.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
            let found = package(&refs, "src/main.rs");
            let expected: Vec<Seen> = if note.is_empty() {
                Vec::new()
            } else {
                vec![(
                    "missing-www-authenticate",
                    "UNAUTHORIZED".to_string(),
                    vec![format!("built by {note}")],
                )]
            };
            assert_eq!(found, expected, "{call}");
        }
    }

    #[test]
    fn a_local_closure_named_like_a_helper_is_not_the_helper() {
        let text = format!(
            "{UTIL}\nasync fn h() -> Response {{ let json_error = |s: StatusCode, m: &str| other(s, m); json_error(StatusCode::UNAUTHORIZED, \"x\") }}\n"
        );
        assert!(one_file(&text).is_empty());
    }

    #[test]
    fn names_that_do_not_resolve_to_one_definition_stay_unknown() {
        let other = UTIL.to_string();
        for call in [
            // Two glob imports with the same name.
            "use crate::util::*;\nuse crate::other::*;\nasync fn h() -> Response { json_error(StatusCode::UNAUTHORIZED, \"x\") }",
            // Another crate's helper.
            "use other_crate::json_error;\nasync fn h() -> Response { json_error(StatusCode::UNAUTHORIZED, \"x\") }",
            // A name that is not imported.
            "async fn h() -> Response { json_error(StatusCode::UNAUTHORIZED, \"x\") }",
        ] {
            let found = package(
                &[
                    ("src/util.rs", UTIL),
                    ("src/other.rs", &other),
                    ("src/handlers/tokens.rs", call),
                ],
                "tokens.rs",
            );
            assert!(found.is_empty(), "{call}: {found:?}");
        }
    }

    #[test]
    fn error_types_with_a_status_field() {
        let text = "pub struct ApiError { status: StatusCode, message: String }\n\
            impl ApiError {\n\
                pub fn new(message: impl Into<String>, status: StatusCode) -> Self { Self { message: message.into(), status } }\n\
                pub fn with_status(mut self, status: StatusCode) -> Self { self.status = status; self }\n\
                pub fn unauthorized(msg: &str) -> Self { Self::new(msg, StatusCode::UNAUTHORIZED) }\n\
                pub fn bad(msg: &str) -> Self { Self::new(msg, StatusCode::BAD_REQUEST) }\n\
            }\n\
            impl IntoResponse for ApiError {\n\
                fn into_response(self) -> Response { (self.status, Json(json!({ \"error\": self.message }))).into_response() }\n\
            }\n\
            async fn a() -> Result<Json<u8>, ApiError> { Err(ApiError::new(\"bad\", StatusCode::UNAUTHORIZED)) }\n\
            async fn b() -> Result<Json<u8>, ApiError> { Err(ApiError::new(\"x\", StatusCode::OK).with_status(StatusCode::METHOD_NOT_ALLOWED)) }\n\
            async fn c() -> ApiError { ApiError { status: StatusCode::NO_CONTENT, message: String::new() } }\n\
            async fn d() -> Result<Json<u8>, ApiError> { Err(ApiError::bad(\"x\").with_status(StatusCode::UNAUTHORIZED)) }\n\
            async fn e() -> Result<Json<u8>, ApiError> { Err(ApiError::unauthorized(\"reported in the helper\")) }\n";
        let found = one_file(text);
        let codes: Vec<(&str, &str)> = found.iter().map(|f| (f.0, f.1.as_str())).collect();
        assert_eq!(
            codes,
            [
                ("missing-www-authenticate", "UNAUTHORIZED"),
                ("missing-www-authenticate", "UNAUTHORIZED"),
                ("missing-allow", "METHOD_NOT_ALLOWED"),
                ("body-not-allowed", "NO_CONTENT"),
                ("missing-www-authenticate", "UNAUTHORIZED")
            ]
        );
        assert!(found
            .iter()
            .all(|f| f.2 == ["built by ApiError::into_response @ here"]));
    }

    #[test]
    fn helpers_that_decide_by_their_status_are_not_summarized() {
        for helper in [
            "fn e(status: StatusCode) -> Response { if status == StatusCode::UNAUTHORIZED { return (status, [(WWW_AUTHENTICATE, \"Bearer\")]).into_response(); } (status, \"x\").into_response() }",
            "fn e(status: StatusCode) -> Response { match status { StatusCode::UNAUTHORIZED => todo!(), _ => (status, \"x\").into_response() } }",
            "fn e(status: StatusCode) -> Response { if status.is_client_error() { log(); } (status, \"x\").into_response() }",
            "fn e(status: StatusCode, headers: HeaderMap) -> Response { (status, headers, \"x\").into_response() }",
            "fn e(status: StatusCode) -> Result<Response, E> { let x = f()?; Ok((status, x).into_response()) }",
        ] {
            let text = format!(
                "{helper}\nasync fn h() -> Response {{ e(StatusCode::UNAUTHORIZED) }}\n"
            );
            assert!(one_file(&text).is_empty(), "{helper}");
        }
    }

    #[test]
    fn a_helper_returning_a_builder_is_reported_where_it_is_finished() {
        let text = "fn denied() -> HttpResponseBuilder { HttpResponse::Unauthorized() }\n\
            fn base(status: StatusCode) -> http::response::Builder { Response::builder().status(status) }\n\
            async fn a() -> HttpResponse { denied().finish() }\n\
            async fn b() -> HttpResponse { denied().insert_header((header::WWW_AUTHENTICATE, \"Bearer\")).finish() }\n\
            async fn c() -> Response<Body> { base(StatusCode::NO_CONTENT).body(Body::from(\"x\")).unwrap() }\n";
        let found = one_file(text);
        let codes: Vec<(&str, &str)> = found.iter().map(|f| (f.0, f.1.as_str())).collect();
        assert_eq!(
            codes,
            [
                ("missing-www-authenticate", "denied()"),
                ("body-not-allowed", "Body::from(\"x\")")
            ]
        );
    }

    #[test]
    fn chains_of_helpers_compose() {
        let text = format!(
            "{UTIL}\npub fn unauthorized(msg: &str) -> Response {{ json_error(StatusCode::UNAUTHORIZED, msg) }}\n\
             pub fn fail(status: StatusCode) -> Response {{ json_error(status, \"failed\") }}\n\
             async fn h() -> Response {{ fail(StatusCode::NO_CONTENT) }}\n\
             pub fn reply(status: StatusCode, body: Value) -> Response {{ (status, Json(body)).into_response() }}\n\
             async fn r() -> Response {{ reply(StatusCode::NO_CONTENT, json!({{ \"a\": 1 }})) }}\n"
        );
        let found = one_file(&text);
        let codes: Vec<(&str, &str)> = found.iter().map(|f| (f.0, f.1.as_str())).collect();
        assert_eq!(
            codes,
            [
                ("missing-www-authenticate", "UNAUTHORIZED"),
                ("body-not-allowed", "NO_CONTENT"),
                // A body the helper wraps around its argument is reported at the argument.
                ("body-not-allowed", "json!({ \"a\": 1 })")
            ]
        );
    }

    #[test]
    fn actix_and_poem_error_types_and_helpers() {
        let actix = "#[derive(Debug)]\npub struct ApiError { status: StatusCode, message: String }\n\
            impl ResponseError for ApiError {\n    fn status_code(&self) -> StatusCode { self.status }\n}\n\
            pub fn error(status: StatusCode, msg: &str) -> HttpResponse { HttpResponse::build(status).json(json!({ \"error\": msg })) }\n\
            pub fn coded(code: u16) -> HttpResponse { HttpResponse::build(StatusCode::from_u16(code).unwrap()).body(\"x\") }\n\
            async fn a() -> Result<HttpResponse, ApiError> { Err(ApiError { status: StatusCode::UNAUTHORIZED, message: \"no\".into() }) }\n\
            async fn b() -> HttpResponse { error(StatusCode::NO_CONTENT, \"gone\") }\n\
            async fn c() -> HttpResponse { coded(204) }\n";
        let found = one_file(actix);
        let codes: Vec<(&str, &str)> = found.iter().map(|f| (f.0, f.1.as_str())).collect();
        assert_eq!(
            codes,
            [
                ("missing-www-authenticate", "UNAUTHORIZED"),
                ("body-not-allowed", "NO_CONTENT"),
                ("body-not-allowed", "204")
            ]
        );
        assert_eq!(found[0].2, ["built by ApiError::status_code @ here"]);
        let poem = "pub struct ApiError { status: StatusCode }\n\
            impl ResponseError for ApiError {\n    fn status(&self) -> StatusCode { self.status }\n}\n\
            #[handler]\nasync fn a() -> Result<String, ApiError> { Err(ApiError { status: StatusCode::UNAUTHORIZED }) }\n";
        let found = one_file(poem);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "missing-www-authenticate");
    }

    #[test]
    fn enum_variants_with_a_status_inside() {
        let text = "pub enum AppError { NotFound, Status(StatusCode, String), Coded { code: StatusCode } }\n\
            impl IntoResponse for AppError {\n    fn into_response(self) -> Response {\n        \
            let (status, msg) = match self {\n            AppError::NotFound => (StatusCode::NOT_FOUND, \"missing\".to_string()),\n            \
            AppError::Status(code, msg) => (code, msg),\n            AppError::Coded { code } => (code, String::new()),\n        };\n        \
            (status, Json(json!({ \"error\": msg }))).into_response()\n    }\n}\n\
            async fn a() -> Result<Json<u8>, AppError> { Err(AppError::Status(StatusCode::UNAUTHORIZED, \"no\".into())) }\n\
            async fn b() -> Result<Json<u8>, AppError> { Err(AppError::Coded { code: StatusCode::NO_CONTENT }) }\n\
            async fn c() -> Result<Json<u8>, AppError> { Err(AppError::NotFound) }\n";
        let found = one_file(text);
        let codes: Vec<(&str, &str)> = found.iter().map(|f| (f.0, f.1.as_str())).collect();
        assert_eq!(
            codes,
            [
                ("missing-www-authenticate", "UNAUTHORIZED"),
                ("body-not-allowed", "NO_CONTENT")
            ]
        );
        // A conversion that tests the variant's status decides by it: no summary.
        let tested = text.replace(
            "AppError::Status(code, msg) => (code, msg),",
            "AppError::Status(code, msg) if code == StatusCode::UNAUTHORIZED => (code, msg),",
        );
        assert!(one_file(&tested).is_empty());
    }

    #[test]
    fn salvo_helpers_that_write_to_the_response() {
        let text = "pub fn json_error(res: &mut Response, status: StatusCode, msg: &str) {\n    \
            res.status_code(status);\n    res.render(Json(json!({ \"error\": msg })));\n}\n\
            pub fn challenge(res: &mut Response, status: StatusCode) {\n    res.status_code(status);\n    \
            res.add_header(header::WWW_AUTHENTICATE, \"Bearer\", true).ok();\n}\n\
            #[handler]\nasync fn a(res: &mut Response) { json_error(res, StatusCode::UNAUTHORIZED, \"no\"); }\n\
            #[handler]\nasync fn b(res: &mut Response) { challenge(res, StatusCode::UNAUTHORIZED); }\n\
            #[handler]\nasync fn c(res: &mut Response) { res.add_header(header::WWW_AUTHENTICATE, \"Bearer\", true).ok(); json_error(res, StatusCode::UNAUTHORIZED, \"no\"); }\n";
        let found = one_file(text);
        let codes: Vec<(&str, &str)> = found.iter().map(|f| (f.0, f.1.as_str())).collect();
        assert_eq!(codes, [("missing-www-authenticate", "UNAUTHORIZED")]);
        assert_eq!(found[0].2, ["built by json_error @ here"]);
    }

    #[test]
    fn rocket_guards_go_to_the_crate_catchers() {
        let guard = "#[rocket::async_trait]\nimpl<'r> FromRequest<'r> for ApiKey {\n    type Error = ();\n    \
            async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {\n        \
            match req.headers().get_one(\"x-api-key\") {\n            Some(k) => Outcome::Success(ApiKey(k.into())),\n            \
            None => Outcome::Error((Status::Unauthorized, ())),\n        }\n    }\n}\n\
            #[get(\"/\")]\nfn route() -> Result<&'static str, Status> { Err(Status::Unauthorized) }\n";
        let found = one_file(guard);
        let codes: Vec<(&str, &str)> = found.iter().map(|f| (f.0, f.1.as_str())).collect();
        assert_eq!(
            codes,
            [
                ("missing-www-authenticate", "Unauthorized"),
                ("missing-www-authenticate", "Unauthorized")
            ]
        );
        // Without Rocket, a `Status` enum of another crate is not handed to catchers.
        let not_rocket = "#[get(\"/\")]\nfn route() -> Result<&'static str, Status> { Err(Status::Unauthorized) }\n";
        assert!(one_file(not_rocket).is_empty());
        let caught =
            format!("{guard}\n#[catch(401)]\nfn unauthorized() -> &'static str {{ \"no\" }}\n");
        let found = one_file(&caught);
        // Only the catcher itself (a 401 page without a challenge) is left.
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, "401");
    }
}
