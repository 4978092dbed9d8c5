//! Value evaluation: what an expression is as a status, a response or builder (with its headers and
//! body), or unknown. Framework constructors are dispatched to the framework files.

use super::*;
use crate::extract::Field;

impl<'s, 't> Cx<'s, 't> {
    /// `StatusCode::NO_CONTENT`, `http::StatusCode::OK`, `Status::NoContent`.
    pub(super) fn status_const(&self, node: Node<'_>) -> Option<St> {
        if node.kind_str() != "scoped_identifier" {
            return None;
        }
        // Most paths name something else: the segment before the name says so before the
        // segments are collected (other path shapes take the full look-up).
        let ty = node.field("path").and_then(|p| match p.kind_str() {
            "identifier" => Some(p),
            "scoped_identifier" => p.field("name"),
            _ => None,
        });
        if ty.is_some_and(|t| !matches!(self.text(t), "StatusCode" | "Status")) {
            return None;
        }
        let segments = path_segments(node, self.src)?;
        let [.., ty, name] = segments.as_slice() else {
            return None;
        };
        if !matches!(*ty, "StatusCode" | "Status") {
            return None;
        }
        let code = status::code_from_name(name)?;
        let upper = name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit());
        Some(St {
            symbol: None,
            code,
            span: span(node.field("name")?),
            form: StatusForm::Named,
            style: Some(if upper {
                StatusStyle::UpperConst
            } else {
                StatusStyle::CamelConst
            }),
        })
    }

    /// `StatusCode::from_u16(204)`, `Status::new(204)`, `Status::from_code(204)`, and numbers given to
    /// status setters (`.status(204)`, `.with_status(204)`, `.status_code(204)`).
    pub(super) fn numeric_status_call(&self, call: Node<'_>) -> Option<St> {
        // Most calls are not status calls: their name says so before any allocation.
        if callee_name(call, self.src).is_some_and(|name| {
            !matches!(
                name,
                "from_u16"
                    | "new"
                    | "from_code"
                    | "status"
                    | "with_status"
                    | "status_code"
                    | "set_status"
            )
        }) {
            return None;
        }
        let first_arg = call_args(call).into_iter().next()?;
        let is_status_call = match path_call_segments(call, self.src) {
            Some(segments) => matches!(
                segments.as_slice(),
                [.., "StatusCode", "from_u16"] | [.., "Status", "new" | "from_code"]
            ),
            None => method_call(call, self.src).is_some_and(|(_, m)| {
                matches!(m, "status" | "with_status" | "status_code" | "set_status")
            }),
        };
        if !is_status_call {
            return None;
        }
        self.number(first_arg)
            .or_else(|| self.param_code(strip_parens(first_arg)))
            .or_else(|| self.const_generic(strip_parens(first_arg)))
    }

    pub(super) fn number(&self, node: Node<'_>) -> Option<St> {
        let node = strip_parens(node);
        let code = match node.kind_str() {
            "integer_literal" => integer_value(node, self.src)?,
            _ => string_value(node, self.src)?.parse().ok()?,
        };
        Some(St {
            symbol: None,
            code,
            span: span(node),
            form: StatusForm::Number,
            style: (node.kind_str() == "integer_literal").then_some(StatusStyle::Number),
        })
    }

    /// A status given as an argument: a constant, a number, or a variable holding one.
    pub(super) fn status_arg(&self, node: Node<'_>, depth: u32) -> Option<St> {
        let node = strip_parens(node);
        if let Some(st) = self.number(node) {
            return Some(st);
        }
        match self.eval(node, depth + 1) {
            Val::Status(st) => Some(st),
            _ => None,
        }
    }

    /// Evaluates an expression to a status, a response, or unknown. A status read from a variable
    /// or a call that the conditions around it rule out (`status` in the `else` of `if status ==
    /// UNAUTHORIZED`) is unknown: that run never reaches there.
    pub(super) fn eval(&self, node: Node<'_>, depth: u32) -> Val {
        if depth > MAX_DEPTH {
            return Val::Unknown;
        }
        let node = strip_parens(node);
        match self.eval_value(node, depth) {
            Val::Status(st)
                if st.symbol.is_none()
                    && matches!(
                        node.kind_str(),
                        "identifier" | "call_expression" | "field_expression"
                    )
                    && self.ruled_out(node, st.code) =>
            {
                Val::Unknown
            }
            val => val,
        }
    }

    fn eval_value(&self, node: Node<'_>, depth: u32) -> Val {
        match node.kind_str() {
            "scoped_identifier" => match self.status_const(node) {
                Some(st) => Val::Status(st),
                None => axum::no_content(self, node)
                    .or_else(|| actix::error_helper_ref(self, node))
                    .or_else(|| poem::error_helper_ref(self, node))
                    .unwrap_or(Val::Unknown),
            },
            "identifier" => {
                match axum::no_content(self, node).or_else(|| actix::error_helper_ref(self, node)) {
                    Some(v) => v,
                    None => self.variable(node, depth),
                }
            }
            "call_expression" => self.call(node, depth),
            "tuple_expression" => axum::tuple(self, node, depth)
                .or_else(|| actix::tuple(self, node, depth))
                .unwrap_or(Val::Unknown),
            "try_expression" | "await_expression" => match node.named_child(0) {
                Some(inner) => self.eval(inner, depth + 1),
                None => Val::Unknown,
            },
            "match_expression" | "if_expression" | "block" => match self.resolve(node, None) {
                Some(value) if value.id() != node.id() => self.eval(value, depth + 1),
                _ => Val::Unknown,
            },
            "field_expression" => {
                if let Some(st) = self.self_field(node) {
                    return Val::Status(st);
                }
                match self.tuple_element(node) {
                    Some(element) => self.eval(element, depth + 1),
                    None => Val::Unknown,
                }
            }
            "struct_expression" => self.struct_value(node, depth),
            _ => Val::Unknown,
        }
    }

    /// `self.status_code()` (actix) or `self.status()` (poem) inside an `impl ResponseError`: each
    /// status that method of the same impl returns, one per evaluation run.
    pub(super) fn own_status(&self, method: &str) -> Val {
        let Some(site) = self.site else {
            return Val::Unknown;
        };
        let (Some(list), Some(item)) = (site.parent, site.grandparent) else {
            return Val::Unknown;
        };
        let named = |n: &Node<'t>| {
            n.kind_str() == "function_item"
                && n.field("name").is_some_and(|id| self.text(id) == method)
        };
        // In a conversion (`into_response`), the status method may be in another impl of the
        // type in the file; arms of variants the conversion sends elsewhere do not reach here.
        let same_impl = named_children(list).into_iter().find(named);
        let (f, diverted) =
            if let (true, Some(f)) = (actix::is_response_error_impl(item, self.src), same_impl) {
                (f, Vec::new())
            } else {
                match self.status_method(&site, item, method) {
                    Some(found) => found,
                    None => return Val::Unknown,
                }
            };
        let leaves = returned_leaves(f, self.src);
        let spans: Vec<Span> = leaves.iter().map(|l| span(*l)).collect();
        let Some(chosen) = self.choose(f, &spans) else {
            return Val::Unknown;
        };
        let leaf = leaves[chosen];
        if !diverted.is_empty()
            && self
                .arm_variant(f, span(leaf))
                .is_none_or(|v| diverted.contains(&v))
        {
            return Val::Unknown;
        }
        match self
            .status_const(leaf)
            .or_else(|| self.numeric_status_call(leaf))
            .or_else(|| self.self_field(leaf))
        {
            Some(st) => Val::Status(st),
            None => Val::Unknown,
        }
    }

    /// `pair.0` of a local tuple that is not changed before: the element it names.
    pub(super) fn tuple_element(&self, node: Node<'_>) -> Option<Node<'t>> {
        let value = node.field("value")?;
        let index = self.text(node.field("field")?).parse::<usize>().ok()?;
        if value.kind_str() != "identifier" {
            return None;
        }
        let (binding, None) = self.binding(value)? else {
            return None;
        };
        let init = binding.field("value")?;
        // Any use other than reading a field may change or move the tuple.
        let changed = self
            .scope
            .idents
            .get(self.text(value))
            .into_iter()
            .flatten()
            .filter(|n| n.start_byte() >= binding.end_byte() && n.end_byte() <= value.start_byte())
            .any(|n| {
                let Some(parent) = n.parent() else {
                    return true;
                };
                parent.kind_str() != "field_expression"
                    || parent.parent().is_some_and(|g| {
                        matches!(
                            g.kind_str(),
                            "assignment_expression" | "compound_assignment_expr"
                        ) || g.kind_str() == "reference_expression"
                            && self.text(g).starts_with("&mut")
                    })
            });
        if changed {
            return None;
        }
        let init = self.resolve(init, None)?;
        self.resolve(init, Some(index))
    }

    pub(super) fn call(&self, node: Node<'_>, depth: u32) -> Val {
        if let Some(st) = self
            .numeric_status_call(node)
            .filter(|_| method_call(node, self.src).is_none())
        {
            return Val::Status(st);
        }
        if let Some((receiver, method)) = method_call(node, self.src) {
            return self.method(node, receiver, method, depth);
        }
        let Some(segments) = path_call_segments(node, self.src) else {
            return Val::Unknown;
        };
        if self.pass_through(node) {
            return match call_args(node).into_iter().next() {
                Some(arg) => self.eval(arg, depth + 1),
                None => Val::Unknown,
            };
        }
        actix::path_call(self, node, &segments, depth)
            .or_else(|| poem::path_call(self, node, &segments, depth))
            .or_else(|| salvo::path_call(node, &segments))
            .or_else(|| http::path_call(self, node, &segments, depth))
            .or_else(|| rocket::path_call(self, node, &segments, depth))
            .or_else(|| warp::path_call(self, node, &segments, depth))
            .or_else(|| self.summary_call(node, &segments, depth))
            .or_else(|| self.variant_call(node, &segments, depth))
            .unwrap_or(Val::Unknown)
    }

    /// Wrappers whose one argument is what they produce: `Ok(..)`, `Err(..)`, `Box::new(..)`,
    /// `Either::Left(..)`, `future::ready(..)`.
    pub(super) fn pass_through(&self, call: Node<'_>) -> bool {
        // On the function's text first: this runs for every call a function returns.
        let Some(function) = call.field("function") else {
            return false;
        };
        if !matches!(function.kind_str(), "identifier" | "scoped_identifier") {
            return false;
        }
        let path = self.text(function);
        let last = path.rsplit("::").next().unwrap_or(path);
        if !matches!(
            last,
            "Ok" | "Err"
                | "Some"
                | "new"
                | "pin"
                | "Left"
                | "Right"
                | "A"
                | "B"
                | "E1"
                | "E2"
                | "E3"
                | "E4"
                | "ready"
                | "ok"
                | "err"
        ) {
            return false;
        }
        path_call_segments(call, self.src).is_some_and(|s| {
            matches!(
                s.as_slice(),
                ["Ok" | "Err" | "Some"]
                    | [.., "Box", "new" | "pin"]
                    | [
                        ..,
                        "Either",
                        "Left" | "Right" | "A" | "B" | "E1" | "E2" | "E3" | "E4"
                    ]
                    | ["Left" | "Right"]
                    | ["ready" | "ok" | "err"]
                    | [.., "future", "ready" | "ok" | "err"]
            )
        }) && call_args(call).len() == 1
    }

    /// `receiver.method(args)` on a response, a builder or a body.
    pub(super) fn method(
        &self,
        node: Node<'_>,
        receiver: Node<'_>,
        method: &str,
        depth: u32,
    ) -> Val {
        let args = call_args(node);
        if args.is_empty()
            && receiver.kind_str() == "self"
            && matches!(method, "status_code" | "status")
        {
            return self.own_status(method);
        }
        match method {
            // salvo's `StatusError` keeps its status through its message setters.
            "brief" | "cause" | "detail" | "summary" => match self.eval(receiver, depth + 1) {
                Val::Resp(resp) if resp.flavor == Flavor::Salvo => Val::Resp(resp),
                _ => Val::Unknown,
            },
            // actix middleware: `req.into_response(resp)` sends the argument.
            "into_response" if args.len() == 1 => self.eval(args[0], depth + 1),
            // Rocket: `Response::build()..status(s).ok()` is `Ok(response)`.
            "ok" if args.is_empty() => match self.eval(receiver, depth + 1) {
                Val::Resp(resp) if resp.flavor == Flavor::Rocket => Val::Resp(resp),
                _ => Val::Unknown,
            },
            "unwrap"
            | "expect"
            | "into"
            | "boxed"
            | "map_into_boxed_body"
            | "map_into_left_body"
            | "map_into_right_body"
            | "finalize"
            | "into_response"
            | "respond" => {
                match self.eval(receiver, depth + 1) {
                    Val::Status(st) if method == "into_response" || method == "into" => {
                        let mut resp = Resp::new(Flavor::Value);
                        resp.status = Some(st);
                        resp.body = Body::Empty;
                        Val::Resp(Box::new(resp))
                    }
                    Val::Unknown if method == "into_response" => {
                        // `Json(x).into_response()`: a 200 whose body we may know; a later
                        // `*res.status_mut() = ..` can still give it a status.
                        Val::Resp(Box::new(self.body_resp(
                            receiver,
                            Flavor::Value,
                            "()",
                            depth,
                        )))
                    }
                    Val::Value(value) => self.user_method(node, *value, method, depth),
                    other => other,
                }
            }
            "with_status" => {
                let Some(st) = args.first().and_then(|a| self.status_arg(*a, depth)) else {
                    return Val::Unknown;
                };
                let mut resp = match self.eval(receiver, depth + 1) {
                    Val::Resp(resp) => *resp,
                    Val::Status(_) => return Val::Unknown,
                    Val::Value(value) => return self.user_method(node, *value, method, depth),
                    Val::Unknown => poem::with_status_on_body(self, receiver, depth),
                };
                resp.status = Some(st);
                let style = if resp.flavor == Flavor::Actix {
                    HeaderStyle::ActixInsertHeader
                } else {
                    HeaderStyle::PoemWithHeader
                };
                resp.header_insert.get_or_insert(HeaderInsert {
                    at: node.end_byte(),
                    style,
                });
                Val::Resp(Box::new(resp))
            }
            "customize" => Val::Resp(Box::new(actix::customize(self, node, receiver, depth))),
            "status" | "status_code" | "set_status" => {
                let Val::Resp(mut resp) = self.eval(receiver, depth + 1) else {
                    return Val::Unknown;
                };
                let Some(st) = args.first().and_then(|a| self.status_arg(*a, depth)) else {
                    return Val::Unknown;
                };
                resp.status = Some(st);
                let style = match resp.flavor {
                    Flavor::Actix => HeaderStyle::ActixInsertHeader,
                    Flavor::Rocket => HeaderStyle::RocketRawHeader,
                    _ => HeaderStyle::BuilderHeader,
                };
                resp.header_insert = Some(HeaderInsert {
                    at: node.end_byte(),
                    style,
                });
                Val::Resp(resp)
            }
            m if header_method(m) => {
                let Val::Resp(mut resp) = self.eval(receiver, depth + 1) else {
                    return Val::Unknown;
                };
                resp.add_header(self.header_from_args(m, &args), span(node));
                Val::Resp(resp)
            }
            "finish" => {
                let Val::Resp(mut resp) = self.eval(receiver, depth + 1) else {
                    return Val::Unknown;
                };
                resp.body = Body::Empty;
                resp.remove_body = None;
                Val::Resp(resp)
            }
            "body" | "json" | "streaming" | "message_body" | "sized_body" | "streamed_body"
            | "set_body" | "with_body" | "body_json" | "body_string" => {
                let Val::Resp(mut resp) = self.eval(receiver, depth + 1) else {
                    return Val::Unknown;
                };
                let Some(arg) = args.last() else {
                    return Val::Unknown;
                };
                let info = if matches!(method, "json" | "body_json") {
                    // Serialising any value writes content, `null` at least.
                    BodyInfo {
                        body: Body::Present {
                            span: span(*arg),
                            pure: self.is_pure(*arg, 0),
                        },
                        headers_complete: true,
                    }
                } else {
                    self.body_of(*arg, depth + 1)
                };
                let call_tail = Span::new(receiver.end_byte(), node.end_byte());
                resp.remove_body = match resp.flavor {
                    Flavor::Actix | Flavor::Poem => Some(vec![edit(call_tail, ".finish()")]),
                    Flavor::Rocket => Some(vec![edit(call_tail, "")]),
                    // An `http` builder's `.body(..)` returns a `Result`; poem's builder does not
                    // and has `.finish()`.
                    Flavor::HttpBuilder if !builder_result_used(node, self.src) => {
                        Some(vec![edit(call_tail, ".finish()")])
                    }
                    // Keeps the builder's body type: every body type in use implements `Default`.
                    _ => Some(vec![edit(span(*arg), "Default::default()")]),
                }
                .filter(|_| matches!(info.body, Body::Present { .. }));
                resp.body = info.body;
                Val::Resp(resp)
            }
            // A method of the crate's own type (`err.with_status(..)`).
            _ => match self.eval(receiver, depth + 1) {
                Val::Value(value) => self.user_method(node, *value, method, depth),
                _ => Val::Unknown,
            },
        }
    }

    /// What `x.headers_mut().<op>(..)` does to the header map; `None` when the map is not used by a
    /// method call right away (it may be kept and changed anywhere). A map bound by a `let` (`let
    /// hdrs = res.headers_mut();`, a builder's `headers_mut().unwrap()`) is read through every use
    /// of that local: each must be a call we can read.
    pub(super) fn headers_mut_op(&self, headers_mut: Node<'_>) -> Option<MapOp> {
        let mut map = headers_mut;
        // A builder's `headers_mut()` is an `Option`.
        let parent = self.up(headers_mut);
        if let Some(call) = parent
            .filter(|p| p.kind_str() == "field_expression")
            .and_then(|f| self.up(f))
            .filter(|c| c.kind_str() == "call_expression")
        {
            if method_call(call, self.src).is_some_and(|(r, m)| {
                r.id() == headers_mut.id() && matches!(m, "unwrap" | "expect")
            }) {
                map = call;
            }
        }
        if let Some(binding) = self.up(map).filter(|p| {
            p.kind_str() == "let_declaration"
                && p.field("value").is_some_and(|v| v.id() == map.id())
        }) {
            return Some(self.map_alias(binding));
        }
        let field = parent.filter(|p| p.kind_str() == "field_expression")?;
        let call = self
            .up(field)
            .filter(|p| p.kind_str() == "call_expression")?;
        Some(self.map_call(call))
    }

    /// One method call on a header map (`map.insert(NAME, v)`, `map.typed_insert(ContentType::html())`).
    fn map_call(&self, call: Node<'_>) -> MapOp {
        let Some((_, op)) = method_call(call, self.src) else {
            return MapOp::Other;
        };
        let args = call_args(call);
        match op {
            "insert" | "append" if args.len() == 2 => {
                MapOp::Add(vec![(self.header_name(args[0]), span(call))])
            }
            // A typed header (the `headers` crate): its name when its type is a known one.
            "typed_insert" if args.len() == 1 => {
                MapOp::Add(vec![(self.typed_header(strip_parens(args[0])), span(call))])
            }
            "get" | "contains_key" | "len" | "is_empty" | "iter" | "keys" => MapOp::Read,
            _ => MapOp::Other,
        }
    }

    /// Every use of the header map a `let` binds (`let hdrs = ..headers_mut()..;`).
    fn map_alias(&self, binding: Node<'_>) -> MapOp {
        let Some(pattern) = binding
            .field("pattern")
            .filter(|p| p.kind_str() == "identifier")
        else {
            return MapOp::Other;
        };
        let uses = self.scope.idents.get(self.text(pattern));
        let mut added = Vec::new();
        for use_site in uses.into_iter().flatten() {
            if use_site.start_byte() < binding.end_byte() {
                continue;
            }
            let call = use_site
                .parent()
                .filter(|f| {
                    f.kind_str() == "field_expression"
                        && f.field("value").is_some_and(|v| v.id() == use_site.id())
                })
                .and_then(|f| f.parent())
                .filter(|c| c.kind_str() == "call_expression");
            match call.map(|c| self.map_call(c)) {
                Some(MapOp::Add(names)) => added.extend(names),
                Some(MapOp::Read) => {}
                _ => return MapOp::Other,
            }
        }
        if added.is_empty() {
            MapOp::Read
        } else {
            MapOp::Add(added)
        }
    }

    /// The header a header-setting call adds, when its name is written out.
    pub(super) fn header_from_args(&self, method: &str, args: &[Node<'_>]) -> Option<String> {
        match method {
            "content_type" | "with_content_type" => return Some("content-type".into()),
            "cookie" | "add_cookie" => return Some("set-cookie".into()),
            _ => {}
        }
        match args {
            [pair] => {
                let pair = strip_parens(*pair);
                match pair.kind_str() {
                    // actix `(name, value)` pairs
                    "tuple_expression" => self.header_name(*named_children(pair).first()?),
                    "call_expression" => {
                        self.typed_header(pair).or_else(|| self.helper_header(pair))
                    }
                    _ => self.typed_header(pair),
                }
            }
            [name, ..] => self.header_name(*name),
            [] => None,
        }
    }

    /// A header name written as a string or a well-known constant (`header::LOCATION`, `"Location"`).
    pub(super) fn header_name(&self, node: Node<'_>) -> Option<String> {
        let node = strip_parens(node);
        if let Some(s) = string_value(node, self.src) {
            return Some(s.to_ascii_lowercase());
        }
        match node.kind_str() {
            "identifier" | "scoped_identifier" => {
                let segments = path_segments(node, self.src)?;
                let last = *segments.last()?;
                http::known_header_const(last)
            }
            "call_expression" => {
                let segments = path_call_segments(node, self.src)?;
                if matches!(segments.as_slice(), [.., "HeaderName", "from_static"]) {
                    let arg = *call_args(node).first()?;
                    return string_value(arg, self.src).map(str::to_ascii_lowercase);
                }
                None
            }
            _ => None,
        }
    }

    /// Typed headers given alone: `ContentType::json()`, `Header::new("X", v)`, `CacheControl(..)`.
    pub(super) fn typed_header(&self, node: Node<'_>) -> Option<String> {
        let segments = match node.kind_str() {
            "call_expression" => path_call_segments(node, self.src)?,
            _ => path_segments(node, self.src)?,
        };
        if matches!(segments.as_slice(), [.., "Header", "new"]) {
            return self.header_name(*call_args(node).first()?);
        }
        let ty = segments
            .iter()
            .rev()
            .find(|s| s.chars().next().is_some_and(char::is_uppercase))?;
        let name = match *ty {
            "ContentType" => "content-type",
            "CacheControl" => "cache-control",
            "ETag" => "etag",
            "LastModified" => "last-modified",
            "Expires" => "expires",
            "ContentDisposition" => "content-disposition",
            "ContentLength" => "content-length",
            "ContentEncoding" => "content-encoding",
            "ContentLanguage" => "content-language",
            "Allow" => "allow",
            "Location" => "location",
            "AcceptRanges" => "accept-ranges",
            "AccessControlAllowOrigin" => "access-control-allow-origin",
            "AccessControlAllowCredentials" => "access-control-allow-credentials",
            "AccessControlAllowHeaders" => "access-control-allow-headers",
            "AccessControlAllowMethods" => "access-control-allow-methods",
            "AccessControlExposeHeaders" => "access-control-expose-headers",
            "AccessControlMaxAge" => "access-control-max-age",
            "Connection" => "connection",
            "ContentLocation" => "content-location",
            "ContentRange" => "content-range",
            "Date" => "date",
            "RetryAfter" => "retry-after",
            "Server" => "server",
            "SetCookie" => "set-cookie",
            "StrictTransportSecurity" => "strict-transport-security",
            "Upgrade" => "upgrade",
            "Vary" => "vary",
            _ => return None,
        };
        Some(name.to_string())
    }

    /// A response whose body is `body` (status still to be set), with the fix that replaces a body
    /// that is present by `empty` (the framework's own empty body, so the response's type holds).
    pub(super) fn body_resp(
        &self,
        body: Node<'_>,
        flavor: Flavor,
        empty: &str,
        depth: u32,
    ) -> Resp {
        let info = self.body_of(body, depth + 1);
        let mut resp = Resp::new(flavor);
        resp.headers.complete = info.headers_complete;
        if matches!(info.body, Body::Present { .. }) {
            resp.remove_body = Some(vec![edit(span(body), empty)]);
        }
        resp.body = info.body;
        resp
    }

    /// What a body expression is: empty, present (and side-effect free?), or unknown.
    pub(super) fn body_of(&self, node: Node<'_>, depth: u32) -> BodyInfo {
        let unknown = BodyInfo {
            body: Body::Unknown,
            headers_complete: false,
        };
        if depth > MAX_DEPTH {
            return unknown;
        }
        let node = strip_parens(node);
        let present = |pure: bool| BodyInfo {
            body: Body::Present {
                span: span(node),
                pure,
            },
            headers_complete: true,
        };
        let empty = BodyInfo {
            body: Body::Empty,
            headers_complete: true,
        };
        match node.kind_str() {
            "unit_expression" => empty,
            "string_literal" | "raw_string_literal" => match string_value(node, self.src) {
                Some("") => empty,
                _ => present(true),
            },
            "macro_invocation" => {
                let name = node.field("macro").map(|m| self.text(m)).unwrap_or("");
                let name = name.rsplit("::").next().unwrap_or(name);
                match name {
                    "format" | "json" | "vec" | "concat" | "include_str" | "include_bytes" => {
                        // `format!("")` is empty, but nobody writes it; `json!({})` is `{}`.
                        present(true)
                    }
                    _ => unknown,
                }
            }
            "call_expression" => {
                if let Some((receiver, method)) = method_call(node, self.src) {
                    return match method {
                        "to_string" | "to_owned" | "clone" => present(self.is_pure(receiver, 0)),
                        _ => unknown,
                    };
                }
                let Some(segments) = path_call_segments(node, self.src) else {
                    return unknown;
                };
                let args = call_args(node);
                if is_empty_body_ctor(&segments) && args.is_empty() {
                    return empty;
                }
                if is_body_wrapper(&segments) {
                    return present(args.iter().all(|a| self.is_pure(*a, 0)));
                }
                unknown
            }
            "identifier" | "field_expression" => {
                // A local bound to a body expression; parameters and others stay unknown.
                let value = match node.kind_str() {
                    "identifier" => self.local_value(node).map(|(_, value)| value),
                    _ => self.tuple_element(node),
                };
                let Some(value) = value else {
                    // A parameter of a helper being summarized: the caller's argument.
                    let param = (node.kind_str() == "identifier" && self.binding(node).is_none())
                        .then(|| self.param_body(node))
                        .flatten();
                    return match param {
                        // Like any unknown body, it may be a responder adding headers.
                        Some(i) => BodyInfo {
                            body: Body::Param(i),
                            headers_complete: false,
                        },
                        None => unknown,
                    };
                };
                let info = self.body_of(value, depth + 1);
                match info.body {
                    // The body is written at the variable: removing the use is the fix.
                    Body::Present { pure, .. } => BodyInfo {
                        body: Body::Present {
                            span: span(node),
                            pure,
                        },
                        headers_complete: info.headers_complete,
                    },
                    _ => info,
                }
            }
            _ => unknown,
        }
    }

    /// Whether evaluating `node` has no side effects we can see.
    pub(super) fn is_pure(&self, node: Node<'_>, depth: u32) -> bool {
        if depth > 16 {
            return false;
        }
        let node = strip_parens(node);
        match node.kind_str() {
            "string_literal" | "raw_string_literal" | "integer_literal" | "float_literal"
            | "boolean_literal" | "char_literal" | "unit_expression" | "identifier"
            | "scoped_identifier" | "self" => true,
            "macro_invocation" => {
                let name = node.field("macro").map(|m| self.text(m)).unwrap_or("");
                matches!(name, "json" | "format" | "vec" | "serde_json::json")
            }
            "field_expression" => node
                .field("value")
                .is_some_and(|v| self.is_pure(v, depth + 1)),
            "reference_expression" | "tuple_expression" | "array_expression" => {
                named_children(node)
                    .iter()
                    .all(|c| c.kind_str() == "mutable_specifier" || self.is_pure(*c, depth + 1))
            }
            "call_expression" => {
                if let Some((receiver, method)) = method_call(node, self.src) {
                    return matches!(method, "to_string" | "to_owned" | "clone")
                        && self.is_pure(receiver, depth + 1);
                }
                path_call_segments(node, self.src).is_some_and(|s| is_body_wrapper(&s))
                    && call_args(node).iter().all(|a| self.is_pure(*a, depth + 1))
            }
            _ => false,
        }
    }
}

/// Whether the result of a builder's `.body(..)` is unwrapped (`http`'s builder returns a `Result`).
pub(super) fn builder_result_used(call: Node<'_>, src: &str) -> bool {
    let Some(parent) = call.parent() else {
        return false;
    };
    match parent.kind_str() {
        "try_expression" => true,
        "field_expression" => parent
            .parent()
            .and_then(|c| method_call(c, src))
            .is_some_and(|(_, m)| {
                matches!(
                    m,
                    "unwrap" | "expect" | "unwrap_or_default" | "map_err" | "unwrap_or_else"
                )
            }),
        _ => false,
    }
}

/// Methods that add one header to a builder or response.
pub(super) fn header_method(method: &str) -> bool {
    matches!(
        method,
        "header"
            | "insert_header"
            | "append_header"
            | "with_header"
            | "raw_header"
            | "set_header"
            | "set_raw_header"
            | "add_header"
            | "content_type"
            | "with_content_type"
            | "cookie"
            | "add_cookie"
            | "typed_header"
    )
}

/// Constructors of an empty body.
pub(super) fn is_empty_body_ctor(segments: &[&str]) -> bool {
    matches!(
        segments,
        [.., "String" | "Vec" | "Bytes" | "Empty" | "BytesMut", "new"]
            | [
                ..,
                "Body" | "Full" | "Bytes" | "Default" | "String",
                "default"
            ]
            | [.., "Body", "empty"]
            | ["warp", "reply"]
            | [.., "reply", "reply"]
    )
}

/// Constructors that wrap a value into a body that is sent (`Json(x)` is `null` even for `()`).
pub(super) fn is_body_wrapper(segments: &[&str]) -> bool {
    matches!(
        segments,
        [
            ..,
            "Json" | "Html" | "PlainText" | "Text" | "Form" | "RawJson" | "RawHtml" | "Xml"
        ] | [.., "Body" | "Full" | "Bytes" | "String" | "Vec", "from"]
            | [.., "Full", "new"]
            | [.., "Bytes", "from_static"]
            | [.., "reply", "json" | "html"]
            | [.., "Text", "Plain"]
    )
}
