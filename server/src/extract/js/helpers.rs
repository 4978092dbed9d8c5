//! Helpers across modules: what a handler's imports name, and two summaries of the functions a
//! module defines.
//!
//! - Imports (`import x from './a'`, `import { y as z } from '@/lib/b'`, `const { w } =
//!   require('../c')`) go into the index as paths it resolves: relative ones from the file's
//!   folder (`super`), the others through the package's tsconfig `paths`/`baseUrl`
//!   (`index::ALIASED`); a package name resolves to nothing. A default import names `default`.
//! - `Returns::Objects`: the object literals a function returns with a status field
//!   (`return { response, status: 401 }`). A handler that sends one (`const r = await helper(..);
//!   res.status(r.status).json(..)`) records a `Relayed`; the helper's file reports each status it
//!   wrote, with the handler's headers and the send as a note.
//! - `Returns::SendsOnly`: a function that uses a response object it is handed (`f(req, res)`,
//!   `f({ req, res })`) only to send whole responses (`res.status(401).json(..)`, no header set).
//!   A caller's later response then keeps the headers it had; any other helper that is handed
//!   `res` still makes them unknown.

use crate::extract::Field;
use std::cell::RefCell;

use tree_sitter::Node;

use super::syntax::*;
use super::{
    chain, destructured_response, express, is_function, parameters, Call, Cx, Effect, Registration,
    Registrations,
};
use crate::index::{relay_key, Import, Lookup, Relayed, Returns, StatusSource, Summary, ALIASED};
use crate::model::{Body, FixPlan, Header, Headers, Related, Response, Span, Status, StatusForm};

/// Fields of a returned object read as its status.
const STATUS_FIELDS: &[&str] = &["status", "statusCode"];

/// Links of a chain on a handed-over response object that neither add a header nor leave it
/// half-built: set the status, send.
const WHOLE_SEND: &[&str] = &["status", "json", "send", "end", "sendStatus"];
const SENDS: &[&str] = &["json", "send", "end", "sendStatus"];

/// Parameter names that hold a response object in untyped code.
const RESPONSE_NAMES: &[&str] = &["res", "response", "reply", "resp"];

/// The module path an import's source stands for (without the imported name): `./a/b.js` ->
/// `super/a/b`, `../c` -> `super/super/c`, `@/lib/d` -> `#aliased/@/lib/d`.
pub(super) fn module_path(source: &str) -> Option<Vec<String>> {
    if source.is_empty() || source.contains(':') || source.contains('\\') {
        return None;
    }
    let relative = source == "." || source == ".." || source.starts_with("./") || {
        source.starts_with("../")
    };
    let mut out = vec![if relative { "super" } else { ALIASED }.to_string()];
    let parts: Vec<&str> = source.split('/').collect();
    let last = parts.len() - 1;
    for (i, part) in parts.into_iter().enumerate() {
        match part {
            "" if i == last => {}
            "" => return None,
            "." if relative => {}
            ".." if relative => out.push("super".to_string()),
            p => {
                // `b.js`, `b.ts` and `b` are the module `b` (as the index names files).
                let p = if i == last {
                    p.split_once('.').map_or(p, |(stem, _)| stem)
                } else {
                    p
                };
                if p.is_empty() {
                    return None;
                }
                out.push(p.to_string());
            }
        }
    }
    Some(out)
}

impl<'s, 't> Cx<'s, 't> {
    /// An `import` statement's bindings: registrations (what a local name stands for, file-wide)
    /// and index imports.
    pub(super) fn import(&mut self, node: Node<'t>, source: &str) {
        let src = self.src;
        let Some(module) = module_path(source) else {
            return;
        };
        // `import type { .. }`: no value.
        if node
            .children(&mut node.walk())
            .any(|c| c.kind_str() == "type")
        {
            return;
        }
        let Some(clause) = node
            .named_children(&mut node.walk())
            .find(|c| c.kind_str() == "import_clause")
        else {
            return;
        };
        for part in clause.named_children(&mut clause.walk()) {
            match part.kind_str() {
                "identifier" => self.bind(text(part, src), &module, "default", part.start_byte()),
                "named_imports" => {
                    for spec in part.named_children(&mut part.walk()) {
                        if spec.kind_str() != "import_specifier"
                            || spec
                                .children(&mut spec.walk())
                                .any(|c| c.kind_str() == "type")
                        {
                            continue;
                        }
                        let Some(name) = spec.field("name") else {
                            continue;
                        };
                        let alias = spec.field("alias").unwrap_or(name);
                        let name = string_value(name, src).unwrap_or(text(name, src));
                        self.bind(text(alias, src), &module, name, spec.start_byte());
                    }
                }
                _ => {}
            }
        }
    }

    /// `const x = require('./a')`, `const { y, z: w } = require('./b')`: `x` stands for the module's
    /// `module.exports` (its default), `y` for its export `y`.
    pub(super) fn require(&mut self, call: Node<'t>, source: &str) {
        let src = self.src;
        let Some(module) = module_path(source) else {
            return;
        };
        let Some(declarator) = call
            .parent()
            .filter(|p| p.kind_str() == "variable_declarator")
            .filter(|p| p.field("value") == Some(call))
        else {
            return;
        };
        let Some(pattern) = declarator.field("name") else {
            return;
        };
        match pattern.kind_str() {
            "identifier" => self.bind(text(pattern, src), &module, "default", pattern.start_byte()),
            "object_pattern" => {
                for entry in pattern.named_children(&mut pattern.walk()) {
                    match entry.kind_str() {
                        "shorthand_property_identifier_pattern" => {
                            let name = text(entry, src);
                            self.bind(name, &module, name, entry.start_byte());
                        }
                        "pair_pattern" => {
                            let (Some(key), Some(value)) =
                                (entry.field("key"), entry.field("value"))
                            else {
                                continue;
                            };
                            if value.kind_str() == "identifier" {
                                let name = key_name(key, src).unwrap_or(text(key, src));
                                self.bind(text(value, src), &module, name, entry.start_byte());
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }

    fn bind(&mut self, alias: &str, module: &[String], name: &str, at: usize) {
        let mut path = module.to_vec();
        path.push(name.to_string());
        self.registrations
            .push((at, Registration::Import(alias.to_string(), path.clone())));
        self.facts.index.imports.push(Import {
            module: Vec::new(),
            alias: alias.to_string(),
            path,
            glob: false,
            at,
        });
    }

    /// `export default name;`, `module.exports = name`: the function `name` is also `default`.
    pub(super) fn default_export(&mut self, node: Node<'t>) {
        let src = self.src;
        let value = match node.kind_str() {
            "export_statement" => {
                let is_default = node
                    .children(&mut node.walk())
                    .any(|c| c.kind_str() == "default");
                node.field("value").filter(|_| is_default)
            }
            "assignment_expression" => node
                .field("left")
                .filter(|l| text(*l, src) == "module.exports")
                .and(node.field("right")),
            _ => None,
        };
        if let Some(value) = value.filter(|v| v.kind_str() == "identifier") {
            self.registrations.push((
                node.start_byte(),
                Registration::DefaultExport(text(value, src).to_string()),
            ));
        }
    }

    /// The names other modules import site `i` by: its own, `default` when it is the default
    /// export, the key of `exports.key = ..`. Only top-level functions.
    fn exported_names(&self, i: usize, file: &Registrations) -> Vec<String> {
        let site = &self.sites[i];
        if site.outer.is_some() {
            return Vec::new();
        }
        let src = self.src;
        let mut names: Vec<String> = site.name.map(str::to_string).into_iter().collect();
        let parent = site.node.parent();
        let default_here = parent.is_some_and(|p| {
            p.kind_str() == "export_statement"
                && p.children(&mut p.walk()).any(|c| c.kind_str() == "default")
        });
        let assigned = parent
            .filter(|p| p.kind_str() == "assignment_expression")
            .and_then(|p| p.field("left"))
            .map(|l| text(l, src));
        match assigned {
            Some("module.exports") => names.push("default".to_string()),
            Some(left) => {
                if let Some(key) = left
                    .strip_prefix("module.exports.")
                    .or_else(|| left.strip_prefix("exports."))
                    .filter(|k| !k.contains('.'))
                {
                    names.push(key.to_string());
                }
            }
            None => {}
        }
        let default_named = site.name.is_some_and(|n| file.default_export(n));
        if default_here || default_named {
            names.push("default".to_string());
        }
        names.sort();
        names.dedup();
        names
    }

    /// Summarizes the file's top-level functions (`Returns::Objects`, `Returns::SendsOnly`) and
    /// reports the objects handlers elsewhere send.
    pub(super) fn helpers(&mut self, file: &Registrations) {
        for i in 0..self.sites.len() {
            let names = self.exported_names(i, file);
            if names.is_empty() {
                continue;
            }
            let node = self.sites[i].node;
            let objects = returned_objects(node, self.src);
            let sends_only = self.sends_only(node, file);
            for name in &names {
                if !objects.is_empty() {
                    let fields = objects.iter().map(|o| (o.0.clone(), o.1.clone())).collect();
                    self.summary(node, name, Returns::Objects(fields));
                }
                for (param, field) in &sends_only {
                    let returns = Returns::SendsOnly {
                        param: *param,
                        field: field.clone(),
                    };
                    self.summary(node, name, returns);
                }
            }
            if !objects.is_empty() {
                self.report_relays(node, &names, &objects);
            }
        }
    }

    fn summary(&mut self, node: Node<'t>, name: &str, returns: Returns) {
        self.facts.index.summaries.push(Summary {
            module: Vec::new(),
            owner: None,
            name: name.to_string(),
            span: span(node),
            returns,
        });
    }

    /// The parameters (with the field of a destructured one) that hold a response object the
    /// function only sends whole responses on.
    fn sends_only(&self, f: Node<'t>, file: &Registrations) -> Vec<(usize, Option<String>)> {
        let src = self.src;
        let mut out = Vec::new();
        let params = parameters(f, src);
        for (i, (name, ty)) in params.iter().enumerate() {
            let Some(name) = name else { continue };
            let typed = ty.is_some_and(|t| express::is_response_type(t, file));
            if (typed || RESPONSE_NAMES.contains(name)) && only_whole_sends(f, name, src) {
                out.push((i, None));
            }
        }
        if let Some((i, local)) = destructured_response(f, src, file) {
            if only_whole_sends(f, local, src) {
                out.push((i, Some(local.to_string())));
            }
        }
        out
    }

    /// Reports each status the function's returned objects carry, once per function, for the
    /// handlers that send them.
    fn report_relays(
        &mut self,
        f: Node<'t>,
        names: &[String],
        objects: &[(String, StatusSource, Span)],
    ) {
        let mut relays = Vec::new();
        for name in names {
            let key = relay_key(name);
            let found = self.view.map(|v| v.relays(name)).unwrap_or_default();
            self.facts
                .index
                .references
                .push((key.clone(), f.start_byte()));
            if found.is_empty() {
                self.facts.index.unresolved.push((key, f.start_byte()));
            }
            relays.extend(found);
        }
        if relays.is_empty() {
            return;
        }
        for (field, source, object) in objects {
            let StatusSource::Const { code, span: at } = source else {
                continue;
            };
            let sent: Vec<_> = relays.iter().filter(|(r, _)| &r.field == field).collect();
            if sent.is_empty() {
                continue;
            }
            // A header any of them adds counts; a send whose headers we cannot read makes them
            // unknown.
            let mut headers = Headers::empty();
            let mut method = sent[0].0.method.clone();
            for (relay, _) in &sent {
                headers.complete &= relay.headers_complete;
                for h in &relay.headers {
                    if !headers.known.iter().any(|k| &k.name == h) {
                        headers.known.push(Header {
                            name: h.clone(),
                            span: *at,
                        });
                    }
                }
                if relay.method != method {
                    method = None;
                }
            }
            let related = sent
                .iter()
                .map(|(relay, location)| Related {
                    message: format!(
                        "sent by {}, which sends its `{}` as the status",
                        relay.handler, field
                    ),
                    location: location.clone(),
                })
                .collect();
            self.facts.responses.push(Response {
                status: Status {
                    code: *code,
                    span: *at,
                    form: StatusForm::Number,
                },
                headers,
                body: Body::Unknown,
                span: *object,
                method: method.as_deref().and_then(static_method),
                // Routed in another file: not seen here.
                route: None,
                fix_plan: FixPlan::default(),
                runtime: None,
                related,
            });
        }
    }

    /// `res.status(r.status)` where `r` is `const r = await helper(..)` in the handler: records
    /// the relay. `headers` are what the send adds; false when the status is not read this way.
    pub(super) fn relay(
        &mut self,
        at: &Call<'t>,
        status_arg: Node<'_>,
        bound: usize,
        headers: &Headers,
        file: &Registrations,
    ) -> bool {
        let src = self.src;
        let arg = unwrap(status_arg);
        if arg.kind_str() != "member_expression" {
            return false;
        }
        let (Some(object), Some(field)) = (arg.field("object"), arg.field("property")) else {
            return false;
        };
        let field = text(field, src);
        if object.kind_str() != "identifier" || !STATUS_FIELDS.contains(&field) {
            return false;
        }
        let holder = text(object, src);
        let function = self.sites[at.site].node;
        let Some(callee) = declared_call(at, holder, function, src) else {
            return true;
        };
        // The field may have been changed since.
        let code = text(function, src);
        let changed = format!("{holder}.{field} =");
        if code.contains(&changed) || code.contains(&format!("{holder}.{field}=")) {
            return true;
        }
        let name = file
            .import(callee)
            .and_then(|path| path.last().cloned())
            .unwrap_or_else(|| callee.to_string());
        let handler = match self.sites[bound].name {
            Some(n) => format!("`{n}`"),
            None => "the handler".to_string(),
        };
        let method = self.handlers[bound].and_then(|h| h.method);
        self.facts.index.relays.push(Relayed {
            name,
            call: vec![callee.to_string()],
            module: Vec::new(),
            field: field.to_string(),
            headers: headers.known.iter().map(|h| h.name.clone()).collect(),
            headers_complete: headers.complete,
            method: method.map(str::to_string),
            handler,
            span: span(at.node),
        });
        true
    }
}

/// The object literals `f` returns (not its nested functions) with a status field we read:
/// (field, status, the object).
fn returned_objects(f: Node<'_>, src: &str) -> Vec<(String, StatusSource, Span)> {
    let mut out = Vec::new();
    let Some(body) = f.field("body") else {
        return out;
    };
    // Most exported functions (components, most helpers) return no such object: without a
    // status field written as a key the walk would find nothing.
    if !may_hold_status_key(text(body, src)) {
        return out;
    }
    let mut read = |value: Node<'_>| {
        let object = unwrap(value);
        if object.kind_str() != "object" {
            return;
        }
        let entries: Vec<Node<'_>> = object
            .named_children(&mut object.walk())
            .filter(|c| c.kind_str() != "comment")
            .collect();
        for (k, entry) in entries.iter().enumerate() {
            if entry.kind_str() != "pair" {
                continue;
            }
            let key = entry.field("key").and_then(|k| key_name(k, src));
            let Some(field) = key.filter(|k| STATUS_FIELDS.contains(k)) else {
                continue;
            };
            // A spread after it may replace it.
            if entries[k + 1..]
                .iter()
                .any(|e| e.kind_str() == "spread_element")
            {
                continue;
            }
            let Some((code, at, _)) = entry.field("value").and_then(|v| status_value(v, src))
            else {
                continue;
            };
            out.push((
                field.to_string(),
                StatusSource::Const {
                    code,
                    span: span(at),
                },
                span(object),
            ));
        }
    };
    if body.kind_str() != "statement_block" {
        read(body);
        return out;
    }
    preorder(body, 50_000, |n| {
        if n != body && is_function(n.kind_str()) {
            return Step::Skip;
        }
        if n.kind_str() == "return_statement" {
            if let Some(value) = n.named_child(0) {
                read(value);
            }
            return Step::Skip;
        }
        Step::Descend
    });
    out
}

/// Whether `code` may hold an object key of `STATUS_FIELDS` (each starts with `status`): the name
/// as written (quoted or not), then `:` or a comment before it.
fn may_hold_status_key(code: &str) -> bool {
    code.match_indices("status").any(|(at, _)| {
        let rest = &code[at + "status".len()..];
        let rest = rest.strip_prefix("Code").unwrap_or(rest);
        let rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest);
        matches!(rest.trim_start().chars().next(), Some(':' | '/'))
    })
}

/// Whether every use of `name` in `f`'s body is the root of a chain that sends a whole response
/// without setting a header (`name.status(401).json(..)`). No use at all counts.
fn only_whole_sends(f: Node<'_>, name: &str, src: &str) -> bool {
    let Some(body) = f.field("body") else {
        return false;
    };
    if !text(body, src).contains(name) {
        return true;
    }
    let mut uses = Vec::new();
    let mut sends = Vec::new();
    let mut bad = false;
    let read = preorder(body, 50_000, |n| {
        match n.kind_str() {
            "identifier" | "shorthand_property_identifier" if text(n, src) == name => {
                uses.push(n.id());
            }
            "call_expression" => {
                if let Some((root, links)) = chain(n, src) {
                    if text(root, src) == name {
                        if links.iter().all(|l| WHOLE_SEND.contains(&l.name)) {
                            if links.last().is_some_and(|l| SENDS.contains(&l.name)) {
                                sends.push(root.id());
                            }
                        } else {
                            bad = true;
                        }
                    }
                }
            }
            _ => {}
        }
        if bad {
            Step::Stop
        } else {
            Step::Descend
        }
    });
    read && !bad && uses.iter().all(|u| sends.contains(u))
}

/// The callee of `const holder = [await] callee(..)` declared in a block around the call (the
/// nearest one, before it, inside `function`); `None` when `holder` is declared otherwise.
fn declared_call<'s>(
    at: &Call<'_>,
    holder: &str,
    function: Node<'_>,
    src: &'s str,
) -> Option<&'s str> {
    for &block in at.path.iter().rev().take(MAX_CLIMB) {
        if block == function {
            return None;
        }
        if block.kind_str() != "statement_block" {
            continue;
        }
        let mut found = None;
        for statement in block.named_children(&mut block.walk()) {
            if statement.start_byte() >= at.node.start_byte() {
                break;
            }
            if !matches!(
                statement.kind_str(),
                "lexical_declaration" | "variable_declaration"
            ) {
                continue;
            }
            for declarator in statement.named_children(&mut statement.walk()) {
                let named = declarator
                    .field("name")
                    .is_some_and(|n| n.kind_str() == "identifier" && text(n, src) == holder);
                if !named {
                    continue;
                }
                let constant = statement.child(0).is_some_and(|k| text(k, src) == "const");
                let callee = declarator
                    .field("value")
                    .map(unwrap)
                    .filter(|v| v.kind_str() == "call_expression")
                    .and_then(|v| v.field("function"))
                    .filter(|c| c.kind_str() == "identifier")
                    .map(|c| text(c, src));
                found = Some(callee.filter(|_| constant));
            }
        }
        if let Some(found) = found {
            return found;
        }
    }
    None
}

/// What a statement `[await] helper(.., res, ..)` or `helper({ req, res })` does to `receiver`,
/// through the helper's `Returns::SendsOnly` summary: `None` when it is not such a call.
pub(super) fn helper_effect(
    call: Node<'_>,
    receiver: &str,
    src: &str,
    view: Option<crate::index::View<'_>>,
    looked: &RefCell<Vec<(String, usize, bool)>>,
) -> Option<Effect> {
    let call = unwrap(call);
    if call.kind_str() != "call_expression" {
        return None;
    }
    let callee = call
        .field("function")
        .filter(|c| c.kind_str() == "identifier")?;
    let mut handed = None;
    for (i, arg) in arguments(call).into_iter().enumerate() {
        let arg = unwrap(arg);
        if arg.kind_str() == "identifier" && text(arg, src) == receiver {
            handed = Some((i, None));
        } else if arg.kind_str() == "object" {
            for entry in arg.named_children(&mut arg.walk()) {
                let field = match entry.kind_str() {
                    "shorthand_property_identifier" if text(entry, src) == receiver => {
                        Some(receiver.to_string())
                    }
                    "pair" => entry
                        .field("value")
                        .filter(|v| v.kind_str() == "identifier" && text(*v, src) == receiver)
                        .and(entry.field("key"))
                        .and_then(|k| key_name(k, src))
                        .map(str::to_string),
                    _ => None,
                };
                if field.is_some() {
                    handed = Some((i, field));
                }
            }
        }
    }
    let (param, field) = handed?;
    // Handed over once, and used nowhere else in the statement.
    let mut uses = 0;
    preorder(call, 20_000, |n| {
        if matches!(n.kind_str(), "identifier" | "shorthand_property_identifier")
            && text(n, src) == receiver
        {
            uses += 1;
        }
        Step::Descend
    });
    if uses != 1 {
        return None;
    }
    let name = text(callee, src);
    let found = view.is_some_and(|v| {
        let accept = |r: &Returns| {
            matches!(r, Returns::SendsOnly { param: p, field: f } if *p == param && *f == field)
        };
        matches!(v.function_where(&[], &[name], accept), Lookup::Found(_))
    });
    looked
        .borrow_mut()
        .push((name.to_string(), callee.start_byte(), found));
    found.then(|| Effect {
        status: None,
        headers: Vec::new(),
        understood: true,
        status_unknown: true,
    })
}

/// The method names a response can carry, as the model keeps them.
fn static_method(method: &str) -> Option<&'static str> {
    ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
        .into_iter()
        .find(|m| *m == method)
}

#[cfg(test)]
mod tests {
    use super::module_path;

    fn path(source: &str) -> Option<String> {
        module_path(source).map(|p| p.join("/"))
    }

    #[test]
    fn import_sources_become_index_paths() {
        assert_eq!(path("./auth").as_deref(), Some("super/auth"));
        assert_eq!(path("./auth.js").as_deref(), Some("super/auth"));
        assert_eq!(
            path("../../lib/auth").as_deref(),
            Some("super/super/super/lib/auth")
        );
        assert_eq!(path(".").as_deref(), Some("super"));
        assert_eq!(path("@/lib/auth").as_deref(), Some("#aliased/@/lib/auth"));
        assert_eq!(path("lib/config").as_deref(), Some("#aliased/lib/config"));
        // Not a module of the package, or not one we can name.
        assert_eq!(path("node:http").as_deref(), None);
        assert_eq!(path("a//b").as_deref(), None);
        assert_eq!(path("").as_deref(), None);
    }
}
