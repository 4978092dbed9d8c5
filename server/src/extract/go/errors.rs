//! Error types that report their own status, and the helpers that render them:
//!
//! ```go
//! func (e *APIError) StatusCode() int { return e.Code }        // or a constant
//! var ErrUnauthorized = &APIError{Code: http.StatusUnauthorized}
//! func writeErr(w http.ResponseWriter, err error) {
//!     var ae *APIError
//!     if errors.As(err, &ae) { http.Error(w, ae.Msg, ae.StatusCode()); return }
//!     http.Error(w, err.Error(), 500)
//! }
//! ```
//!
//! The method is summarized as `Returns::Reports` (its constant, or the field it returns), and a
//! package-level value built with a composite literal as `Returns::Constructs` (its type as
//! written, and its fields set to status constants). A net/http helper whose status is
//! `x.StatusCode()`, `x` its parameter or bound from it by `errors.As(err, &x)` or
//! `x, ok := err.(T)`, is summarized with `StatusSource::Reported` (see `helpers`). At a call
//! handing it such a value (`writeErr(w, ErrUnauthorized)`, `writeErr(w, &APIError{Code: 401})`),
//! the status is what the value's type reports, when the types agree.
//!
//! Precision: nothing is known where the helper decides a header by the error (an `if` or
//! `switch` on it, other than the binding itself, that sets one), where the bound name or the
//! parameter is assigned again, or where a value, its type or the method resolves to anything
//! but one definition. Constructors (`NewAPIError(401, ..)`) and values declared in files that
//! hold no handler and no `StatusCode` method (the prefilter skips them) are not read.

use tree_sitter::Node;

use super::flow::Flow;
use super::helpers::Function;
use super::syntax::{any_under, arguments, method, span_of, status_of, text_of, MAX_NODES};
use crate::extract::Field;
use crate::index::{Returns, StatusSource, Summary};
use crate::model::{FileFacts, Related, Status, StatusForm};

/// The method an error type reports its status with.
const METHOD: &str = "StatusCode";

/// A name in a helper whose `StatusCode()` is the status its caller's argument `param` reports:
/// the parameter itself, or a name bound from it. `ty`: its type as written (`None`: an
/// interface, any type reporting one).
#[derive(Debug, Clone)]
pub(super) struct Binding<'t> {
    pub name: &'t str,
    pub param: usize,
    pub ty: Option<String>,
}

/// What a top-level declaration says about error types: a `StatusCode() int` method, or
/// package-level values built with a composite literal that sets a status constant.
pub(super) fn read_item(item: Node<'_>, text: &str, facts: &mut FileFacts) {
    match item.kind_str() {
        "method_declaration" => facts.index.summaries.extend(status_method(item, text)),
        "var_declaration" => {
            let mut stack = vec![item];
            while let Some(node) = stack.pop() {
                match node.kind_str() {
                    "var_declaration" | "var_spec_list" => {
                        stack.extend(node.named_children(&mut node.walk()))
                    }
                    "var_spec" => facts.index.summaries.extend(value(node, text)),
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

/// `func (e *T) StatusCode() int { return <constant> }` or `{ return e.Field }`.
fn status_method(item: Node<'_>, text: &str) -> Option<Summary> {
    if item.field("name").map(|n| text_of(n, text)) != Some(METHOD)
        || item.field("result").map(|r| text_of(r, text)) != Some("int")
        || item.field("parameters")?.named_child_count() != 0
    {
        return None;
    }
    let list = item.field("receiver")?;
    let receiver = list
        .named_children(&mut list.walk())
        .find(|p| p.kind_str() == "parameter_declaration")?;
    let ty = receiver.field("type")?;
    let pointer = ty.kind_str() == "pointer_type";
    let owner = text_of(ty, text).trim_start_matches('*').trim();
    // A generic type's methods are not told apart by their instances: not read.
    if owner.is_empty() || owner.contains(['[', '.']) {
        return None;
    }
    let name = receiver.field("name").map(|n| text_of(n, text));
    let body = statements(item.field("body")?);
    let [statement] = body.as_slice() else {
        return None;
    };
    let values = statement
        .named_child(0)
        .filter(|_| statement.kind_str() == "return_statement")?;
    let values = expressions(values);
    let [value] = values.as_slice() else {
        return None;
    };
    let status = match status_of(*value, text, None) {
        Some(Some(status)) => StatusSource::Const {
            code: status.code,
            span: status.span,
        },
        _ => {
            let field = (value.kind_str() == "selector_expression")
                .then(|| value.field("operand"))
                .flatten()
                .filter(|o| name.is_some_and(|n| n != "_" && text_of(*o, text) == n))
                .and_then(|_| value.field("field"))?;
            StatusSource::Field(text_of(field, text).to_string())
        }
    };
    Some(Summary {
        module: Vec::new(),
        owner: Some(owner.to_string()),
        name: METHOD.to_string(),
        span: span_of(item),
        returns: Returns::Reports { status, pointer },
    })
}

/// `Name = &T{Field: <status constant>, ..}` (or `T{..}`): a value of `T` with those fields.
fn value(spec: Node<'_>, text: &str) -> Option<Summary> {
    let names: Vec<Node<'_>> = spec
        .children_by_field_name("name", &mut spec.walk())
        .collect();
    let ([name], Some(values)) = (names.as_slice(), spec.field("value")) else {
        return None;
    };
    let values = expressions(values);
    let [value] = values.as_slice() else {
        return None;
    };
    let (ty, fields) = literal(*value, text)?;
    if fields.is_empty() {
        return None;
    }
    Some(Summary {
        module: Vec::new(),
        owner: None,
        name: text_of(*name, text).to_string(),
        span: span_of(spec),
        returns: Returns::Constructs { ty, fields },
    })
}

/// A composite literal (`T{..}`, or `&T{..}`): its type as written (`*T`, `*pkg.T`) and its keyed
/// fields set to a status constant, as the summaries and values hold them.
fn literal(value: Node<'_>, text: &str) -> Option<(String, Vec<(String, StatusSource)>)> {
    let (literal, pointer) = match value.kind_str() {
        "unary_expression" if value.field("operator").map(|o| text_of(o, text)) == Some("&") => {
            (value.field("operand")?, true)
        }
        _ => (value, false),
    };
    if literal.kind_str() != "composite_literal" {
        return None;
    }
    let ty = literal.field("type")?;
    if !matches!(ty.kind_str(), "type_identifier" | "qualified_type") {
        return None;
    }
    let ty: String = text_of(ty, text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let body = literal.field("body")?;
    let mut fields = Vec::new();
    for element in body.named_children(&mut body.walk()) {
        if element.kind_str() != "keyed_element" {
            continue;
        }
        let (Some(key), Some(value)) = (element.field("key"), element.field("value")) else {
            continue;
        };
        let value = value.named_child(0).unwrap_or(value);
        if let Some(Some(status)) = status_of(value, text, None) {
            let source = StatusSource::Const {
                code: status.code,
                span: status.span,
            };
            fields.push((text_of(key, text).to_string(), source));
        }
    }
    Some((if pointer { format!("*{ty}") } else { ty }, fields))
}

/// A block's statements (through the `statement_list` tree-sitter-go wraps them in).
fn statements(block: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    for child in block.named_children(&mut block.walk()) {
        match child.kind_str() {
            "statement_list" => out.extend(
                child
                    .named_children(&mut child.walk())
                    .filter(|n| n.kind_str() != "comment"),
            ),
            "comment" => {}
            _ => out.push(child),
        }
    }
    out
}

/// The expressions of an expression list (or the expression itself).
fn expressions(node: Node<'_>) -> Vec<Node<'_>> {
    if node.kind_str() != "expression_list" {
        return vec![node];
    }
    node.named_children(&mut node.walk())
        .filter(|n| n.kind_str() != "comment")
        .collect()
}

/// The names of `function` (a helper taking the writer `w`) whose `StatusCode()` is what a
/// caller's argument reports; none when the helper decides a header by the error (see the
/// module's precision note).
pub(super) fn bindings<'t>(
    fun: &Function<'t>,
    function: Node<'_>,
    text: &'t str,
) -> Vec<Binding<'t>> {
    let Some(body) = function.field("body") else {
        return Vec::new();
    };
    let mut found: Vec<Binding<'t>> = Vec::new();
    // Parameters with their types as written: `e *APIError` is its own binding.
    if let Some(parameters) = function.field("parameters") {
        for p in parameters.named_children(&mut parameters.walk()) {
            let Some(ty) = p.field("type") else { continue };
            // Types with no `StatusCode` method: their names test nothing about the error.
            if matches!(
                text_of(ty, text),
                "error" | "string" | "int" | "bool" | "[]byte" | "*http.Request"
            ) {
                continue;
            }
            for name in p.children_by_field_name("name", &mut p.walk()) {
                let name = text_of(name, text);
                if let Some(param) = fun.param(name).filter(|i| *i != fun.position) {
                    found.push(Binding {
                        name,
                        param,
                        ty: type_of(ty, text),
                    });
                }
            }
        }
    }
    // Local `var x T`s, the bindings made from a parameter (with the asserted type), the names
    // assigned, and the `if`/`switch` statements.
    let mut declared: Vec<(&'t str, Node<'_>)> = Vec::new();
    let mut bound: Vec<(&'t str, usize, Option<Node<'_>>)> = Vec::new();
    let mut assigned: Vec<&'t str> = Vec::new();
    let mut tests: Vec<Node<'_>> = Vec::new();
    let mut stack = vec![body];
    let mut seen = 0usize;
    while let Some(n) = stack.pop() {
        seen += 1;
        if seen > MAX_NODES {
            return Vec::new();
        }
        match n.kind_str() {
            "var_spec" => {
                if let Some(ty) = n.field("type") {
                    for name in n.children_by_field_name("name", &mut n.walk()) {
                        declared.push((text_of(name, text), ty));
                    }
                }
            }
            "call_expression" => {
                // `errors.As(err, &x)`
                let is_as = n
                    .field("function")
                    .is_some_and(|f| text_of(f, text) == "errors.As");
                if let (true, [from, to]) = (is_as, arguments(n).as_slice()) {
                    let target = (to.kind_str() == "unary_expression")
                        .then(|| to.field("operand"))
                        .flatten()
                        .filter(|o| o.kind_str() == "identifier");
                    let param = fun.param(text_of(*from, text));
                    if let (Some(target), Some(param)) = (target, param) {
                        bound.push((text_of(target, text), param, None));
                    }
                }
            }
            "short_var_declaration" | "assignment_statement" => {
                let left = n.field("left").map(expressions).unwrap_or_default();
                let right = n.field("right").map(expressions).unwrap_or_default();
                // `x, ok := err.(T)`
                if let (Some(x), [assertion]) = (left.first(), right.as_slice()) {
                    let from = (assertion.kind_str() == "type_assertion_expression")
                        .then(|| assertion.field("operand"))
                        .flatten()
                        .and_then(|o| fun.param(text_of(o, text)));
                    if let (Some(param), Some(ty)) = (from, assertion.field("type")) {
                        bound.push((text_of(*x, text), param, Some(ty)));
                    }
                }
                assigned.extend(left.iter().map(|l| text_of(*l, text)));
            }
            "if_statement" | "expression_switch_statement" | "type_switch_statement" => {
                tests.push(n)
            }
            // Another function's body: its names are its own.
            "func_literal" => continue,
            _ => {}
        }
        stack.extend(n.named_children(&mut n.walk()));
    }
    let times = |name: &str| assigned.iter().filter(|a| **a == name).count();
    for (name, param, asserted) in bound {
        // Bound once: by `errors.As` into a declared variable never assigned, or by the one `:=`
        // of an assertion.
        let ty = match asserted {
            Some(ty) if times(name) == 1 => ty,
            None if times(name) == 0 => match declared.iter().find(|(n, _)| *n == name) {
                Some((_, ty)) => *ty,
                None => continue,
            },
            _ => continue,
        };
        found.push(Binding {
            name,
            param,
            ty: type_of(ty, text),
        });
    }
    let param_name = |i: usize| fun.params.iter().find(|(_, p)| *p == i).map(|(n, _)| *n);
    // A parameter assigned again no longer holds what the caller passed.
    found.retain(|b| param_name(b.param).is_none_or(|p| times(p) == 0));
    let names: Vec<&str> = found
        .iter()
        .flat_map(|b| [Some(b.name), param_name(b.param)])
        .flatten()
        .collect();
    if tests.iter().any(|t| decides_header(*t, &names, text)) {
        return Vec::new();
    }
    found
}

/// A type as written, whitespace left out; `None` for an interface (any type reporting one).
fn type_of(ty: Node<'_>, text: &str) -> Option<String> {
    let written: String = text_of(ty, text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    (!written.contains("interface")).then_some(written)
}

/// Whether `test` (an `if` or `switch`) tests one of `names` and sets a header in a branch: the
/// header would then depend on the error. The `errors.As` binding itself (alone, or negated) only
/// says whether the error reports a status.
fn decides_header(test: Node<'_>, names: &[&str], text: &str) -> bool {
    if !text_of(test, text).contains(".Header()") {
        return false;
    }
    let condition = match test.kind_str() {
        "if_statement" => test.field("condition"),
        _ => test.field("value"),
    };
    let Some(condition) = condition else {
        // A `switch` on nothing: its cases are the tests.
        return true;
    };
    let mut inner = condition;
    while matches!(
        inner.kind_str(),
        "unary_expression" | "parenthesized_expression"
    ) {
        match inner.field("operand").or_else(|| inner.named_child(0)) {
            Some(next) => inner = next,
            None => break,
        }
    }
    let binding = inner.kind_str() == "call_expression"
        && inner
            .field("function")
            .is_some_and(|f| text_of(f, text) == "errors.As");
    if binding {
        return false;
    }
    // A switch's cases test too: `switch { case ae.Code == 401: .. }`.
    let root = if test.kind_str() == "if_statement" {
        condition
    } else {
        test
    };
    any_under(vec![root], |n| {
        n.kind_str() == "identifier" && names.contains(&text_of(n, text))
    })
    .unwrap_or(true)
}

/// A value handed to a helper, as far as its status goes.
struct Value {
    /// Its type as written (`*APIError`, `*errs.APIError`).
    ty: String,
    fields: Vec<(String, StatusSource)>,
    /// Where it is declared (a package-level value), for notes; `None` when built in place.
    declared: Option<Box<crate::index::Found>>,
    /// Its type is named from another package: the method is looked up module-wide.
    foreign: bool,
}

impl<'a> Flow<'a> {
    /// The index of the binding whose `StatusCode()` `node` calls (`ae.StatusCode()`), in a
    /// helper summarized for its callers.
    pub(super) fn reported_status(&self, node: Node<'_>) -> Option<usize> {
        if !self.fun.summarized() || node.kind_str() != "call_expression" {
            return None;
        }
        let (operand, field) = method(node)?;
        if text_of(field, self.text) != METHOD
            || operand.kind_str() != "identifier"
            || !arguments(node).is_empty()
        {
            return None;
        }
        let name = text_of(operand, self.text);
        self.bindings().iter().position(|b| b.name == name)
    }

    /// The status the value `arg` reports (its type's `StatusCode()`), given to a helper that
    /// renders a value of type `ty` (`None`: any), with notes on where it is set.
    pub(super) fn status_reported(
        &mut self,
        arg: Node<'_>,
        ty: Option<&str>,
        call: Node<'_>,
    ) -> Option<(Status, Vec<Related>)> {
        let text = self.text;
        let value = self.value_of(arg, call)?;
        let pointer = value.ty.starts_with('*');
        let base = value.ty.trim_start_matches('*');
        let (qualifier, owner) = match base.rsplit_once('.') {
            Some((q, o)) => (Some(q), o),
            None => (None, base),
        };
        if let Some(ty) = ty {
            // Another type than the helper's: `errors.As` or the assertion fails.
            let (want_pointer, want) = (ty.starts_with('*'), ty.trim_start_matches('*'));
            let want = want.rsplit_once('.').map_or(want, |(_, o)| o);
            if want_pointer != pointer || want != owner {
                return None;
            }
        }
        let reports = |r: &Returns| matches!(r, Returns::Reports { .. });
        // A type named from another package: its one method of that name in the module.
        let found = if qualifier.is_some() || value.foreign {
            self.look_up(METHOD, call, |view| {
                view.function_where(&[], &[owner, METHOD], reports)
            })
        } else {
            self.look_up(METHOD, call, |view| {
                view.module_method(owner, METHOD, reports)
            })
        }?;
        let Returns::Reports {
            status,
            pointer: on_pointer,
        } = &found.summary.returns
        else {
            return None;
        };
        // A method on the pointer type is not a value's.
        if *on_pointer && !pointer {
            return None;
        }
        let method_note = |span| {
            found.location(span).map(|location| Related {
                message: format!("status set by {owner}.{METHOD}"),
                location,
            })
        };
        match (status, value.declared) {
            (StatusSource::Const { code, span }, _) => Some((
                Status {
                    code: *code,
                    span: span_of(arg),
                    form: StatusForm::Helper,
                },
                method_note(*span).into_iter().collect(),
            )),
            (StatusSource::Field(field), declared) => {
                let (_, set) = value.fields.iter().find(|(k, _)| k == field)?;
                let StatusSource::Const { code, span } = set else {
                    return None;
                };
                match declared {
                    // Built in place: the status is written right here.
                    None => {
                        let form = text
                            .get(span.start..span.end)
                            .is_some_and(|t| t.bytes().all(|b| b.is_ascii_digit()));
                        Some((
                            Status {
                                code: *code,
                                span: *span,
                                form: if form {
                                    StatusForm::Number
                                } else {
                                    StatusForm::Named
                                },
                            },
                            Vec::new(),
                        ))
                    }
                    Some(declared) => {
                        let note = declared.location(*span).map(|location| Related {
                            message: format!(
                                "status set by {}",
                                declared.display.replace("::", ".")
                            ),
                            location,
                        });
                        Some((
                            Status {
                                code: *code,
                                span: span_of(arg),
                                form: StatusForm::Helper,
                            },
                            note.into_iter().collect(),
                        ))
                    }
                }
            }
            _ => None,
        }
    }

    /// What the argument `arg` is: a package-level value (`ErrUnauthorized`,
    /// `errs.ErrUnauthorized`) or a composite literal built in place.
    fn value_of(&mut self, arg: Node<'_>, call: Node<'_>) -> Option<Value> {
        let text = self.text;
        let constructs = |r: &Returns| matches!(r, Returns::Constructs { .. });
        let (found, foreign) = match arg.kind_str() {
            "unary_expression" | "composite_literal" => {
                if self.writes(arg) {
                    return None;
                }
                let (ty, fields) = literal(arg, text)?;
                return Some(Value {
                    ty,
                    fields,
                    declared: None,
                    foreign: false,
                });
            }
            "identifier" => {
                let name = text_of(arg, text);
                if self.fun.param(name).is_some()
                    || super::helpers::declared_locally(self.fun.scope, name)
                {
                    return None;
                }
                let found = self.look_up(name, call, |view| {
                    view.function_where(&[], &[name], constructs)
                });
                (found?, false)
            }
            "selector_expression" => {
                let (operand, field) = (arg.field("operand")?, arg.field("field")?);
                let (object, name) = (text_of(operand, text), text_of(field, text));
                let receiver = self.fun.receiver.is_some_and(|(r, _)| r == object);
                if operand.kind_str() != "identifier"
                    || receiver
                    || self.fun.param(object).is_some()
                    || super::helpers::declared_locally(self.fun.scope, object)
                {
                    return None;
                }
                let found = self.look_up(name, call, |view| {
                    view.function_where(&[], &[object, name], constructs)
                });
                (found?, true)
            }
            _ => return None,
        };
        let Returns::Constructs { ty, fields } = &found.summary.returns else {
            return None;
        };
        // A value of another package names its own types bare: seen from here they are foreign.
        Some(Value {
            ty: ty.clone(),
            fields: fields.clone(),
            foreign,
            declared: Some(found),
        })
    }
}
