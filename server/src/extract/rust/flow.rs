//! Local value flow inside one function: which expression a local holds, through `match`/`if`/block
//! arms, tuple destructuring (`let (status, body) = ..`), tuple fields (`pair.0`) and deferred
//! initialisation (`let code; if .. { code = X } else { code = Y }`).
//!
//! A value chosen by branches is read once per arm: `Cx::eval_each` evaluates a returned expression
//! again for each arm of the one branching point it depends on, so each arm with a known status is
//! its own candidate response, reported at that arm's status. A run that meets a second branching
//! point is dropped: two independent choices may be correlated (`if ok { 204 } ..` and
//! `if ok { "" } ..`), and combining them could report a response the code never builds.

use crate::extract::Field;
use std::cell::RefCell;

use tree_sitter::Node;

use super::syntax::*;
use super::*;
use crate::model::{HeaderInsert, HeaderStyle, Span};

/// Arms read per branching point at most; a larger `match` is read for its first arms only.
const MAX_ARMS: usize = 64;

/// The choice an evaluation run is made under.
#[derive(Debug, Default, Clone)]
pub(crate) struct Choice {
    /// Set by `eval_each`: outside it, a value chosen by branches is unknown.
    enumerating: bool,
    point: Option<Point>,
    /// A second branching point was met in this run.
    ambiguous: bool,
}

#[derive(Debug, Clone)]
struct Point {
    id: usize,
    arms: Vec<Span>,
    chosen: usize,
}

pub(crate) type ChoiceCell = RefCell<Choice>;

impl<'s, 't> Cx<'s, 't> {
    /// Evaluates `node` once for each arm of the branching point its value depends on (once when it
    /// depends on none). Each value comes with the span of the arm it was read under.
    pub(super) fn eval_each(&self, node: Node<'_>) -> Vec<(Val, Option<Span>)> {
        *self.choice.borrow_mut() = Choice {
            enumerating: true,
            ..Choice::default()
        };
        let mut out = Vec::new();
        loop {
            let val = self.eval(node, 0);
            let mut choice = self.choice.borrow_mut();
            let arm = choice.point.as_ref().map(|p| p.arms[p.chosen]);
            if !choice.ambiguous {
                out.push((val, arm));
            }
            choice.ambiguous = false;
            let Some(point) = choice.point.as_mut() else {
                break;
            };
            point.chosen += 1;
            if point.chosen >= point.arms.len().min(MAX_ARMS) {
                break;
            }
        }
        *self.choice.borrow_mut() = Choice::default();
        out
    }

    /// The branching point and arm the current run is made under, as a cache key.
    pub(super) fn arm_key(&self) -> (usize, usize) {
        let choice = self.choice.borrow();
        choice
            .point
            .as_ref()
            .map_or((usize::MAX, 0), |p| (p.id, p.chosen))
    }

    /// Which of `arms` the current run takes at the branching point `point`; `None` when the run
    /// cannot take one (no arms, not enumerating, or a second branching point).
    pub(super) fn choose(&self, point: Node<'_>, arms: &[Span]) -> Option<usize> {
        match arms.len() {
            0 => return None,
            1 => return Some(0),
            _ => {}
        }
        let mut choice = self.choice.borrow_mut();
        if !choice.enumerating {
            return None;
        }
        match &choice.point {
            Some(p) if p.id == point.id() => Some(p.chosen),
            Some(_) => {
                choice.ambiguous = true;
                None
            }
            None => {
                choice.point = Some(Point {
                    id: point.id(),
                    arms: arms.to_vec(),
                    chosen: 0,
                });
                Some(0)
            }
        }
    }

    /// The expression `node` produces under the current choice: through blocks and the chosen
    /// `match`/`if` arm, and with `field`, the tuple element it names.
    pub(super) fn resolve<'n>(&self, node: Node<'n>, mut field: Option<usize>) -> Option<Node<'n>> {
        let mut node = node;
        for _ in 0..MAX_DEPTH {
            node = strip_parens(node);
            match node.kind_str() {
                "block" => node = block_tail(node)?,
                "match_expression" | "if_expression" => {
                    let arms = value_arms(node, self.src);
                    let spans: Vec<Span> = arms.iter().map(|a| span(*a)).collect();
                    node = arms[self.choose(node, &spans)?];
                }
                "tuple_expression" if field.is_some() => {
                    node = *named_children(node).get(field.take()?)?;
                }
                _ if field.is_some() => return None,
                _ => return Some(node),
            }
        }
        None
    }

    /// The value a `let x;` without initialiser (`binding`) holds at `use_site`: the one assignment
    /// `x = v` in the chosen arm of the single `if`/`match` statement that assigns `x`.
    pub(super) fn deferred(&self, binding: Node<'t>, use_site: Node<'_>) -> Option<Node<'t>> {
        let name = self.text(use_site);
        let assignments: Vec<Node<'t>> = self
            .scope
            .idents
            .get(name)?
            .iter()
            .filter(|n| {
                n.start_byte() >= binding.end_byte() && n.end_byte() <= use_site.start_byte()
            })
            .filter_map(|n| assignment_of(*n))
            .collect();
        let first = *assignments.first()?;
        // The statement of the `let`'s block that holds the assignments.
        let block = binding.parent()?;
        let mut statement = first;
        for _ in 0..32 {
            let parent = statement.parent()?;
            if parent.id() == block.id() {
                break;
            }
            statement = parent;
        }
        if statement.parent()?.id() != block.id() {
            return None;
        }
        let branching = match statement.kind_str() {
            "expression_statement" => statement.named_child(0)?,
            _ => statement,
        };
        if !matches!(branching.kind_str(), "if_expression" | "match_expression")
            || assignments.iter().any(|a| {
                a.start_byte() < branching.start_byte() || a.end_byte() > branching.end_byte()
            })
        {
            return None;
        }
        // Arms that assign nothing must leave (`return`, `panic!`): the compiler rejects the rest.
        let arms: Vec<(Node<'t>, Option<Node<'t>>)> = all_arms(branching)
            .into_iter()
            .filter_map(|arm| {
                let inside: Vec<Node<'t>> = assignments
                    .iter()
                    .copied()
                    .filter(|a| {
                        a.start_byte() >= arm.start_byte() && a.end_byte() <= arm.end_byte()
                    })
                    .collect();
                match inside[..] {
                    [] if diverges(arm, self.src) => None,
                    [only] if is_direct(only, arm) => Some((arm, only.field("right"))),
                    _ => Some((arm, None)),
                }
            })
            .collect();
        let spans: Vec<Span> = arms.iter().map(|(arm, _)| span(*arm)).collect();
        let (_, value) = arms[self.choose(branching, &spans)?];
        value
    }
}

/// The assignment `ident = ..` that `ident` is the left side of.
fn assignment_of(ident: Node<'_>) -> Option<Node<'_>> {
    let parent = ident.parent()?;
    (parent.kind_str() == "assignment_expression"
        && parent.field("left").is_some_and(|l| l.id() == ident.id()))
    .then_some(parent)
}

/// Whether `assignment` is a statement of the arm itself (not nested in a further branch or loop).
fn is_direct(assignment: Node<'_>, arm: Node<'_>) -> bool {
    if assignment.id() == arm.id() {
        return true;
    }
    let Some(statement) = assignment.parent() else {
        return false;
    };
    statement.kind_str() == "expression_statement"
        && statement.parent().is_some_and(|b| b.id() == arm.id())
}

/// Every arm of a `match` (its values) or an `if`/`else if`/`else` chain (its blocks); an `if`
/// without a final `else` also runs on, which no arm stands for, so it has no arms.
pub(super) fn all_arms(node: Node<'_>) -> Vec<Node<'_>> {
    let mut arms = Vec::new();
    match node.kind_str() {
        "match_expression" => {
            if let Some(body) = node.field("body") {
                for arm in named_children(body) {
                    if arm.kind_str() == "match_arm" {
                        arms.extend(arm.field("value"));
                    }
                }
            }
        }
        "if_expression" => {
            let mut current = node;
            for _ in 0..1024 {
                arms.extend(current.field("consequence"));
                let Some(alternative) = current.field("alternative") else {
                    return Vec::new();
                };
                let Some(next) = alternative.named_child(0) else {
                    return Vec::new();
                };
                if next.kind_str() == "if_expression" {
                    current = next;
                } else {
                    arms.push(next);
                    return arms;
                }
            }
            return Vec::new();
        }
        _ => {}
    }
    arms
}

/// The arms of a branching expression that produce its value (those that do not leave). None when
/// a condition tests a local that an arm passes on (`if status.is_client_error() { .. } else
/// { status }`): which arms can run then depends on that value, which this reading does not follow.
fn value_arms<'n>(node: Node<'n>, src: &str) -> Vec<Node<'n>> {
    let arms: Vec<Node<'n>> = all_arms(node)
        .into_iter()
        .filter(|arm| !diverges(*arm, src))
        .collect();
    let passed_on: Vec<&str> = arms
        .iter()
        .filter_map(|arm| {
            let mut value = strip_parens(*arm);
            if value.kind_str() == "block" {
                value = strip_parens(block_tail(value)?);
            }
            (value.kind_str() == "identifier").then(|| text(value, src))
        })
        .collect();
    if passed_on.is_empty() {
        return arms;
    }
    let mut tested = Vec::new();
    let mut current = Some(node);
    while let Some(branch) = current.take() {
        let condition = match branch.kind_str() {
            "match_expression" => branch.field("value"),
            _ => branch.field("condition"),
        };
        tested.extend(condition);
        current = branch
            .field("alternative")
            .and_then(|a| a.named_child(0))
            .filter(|n| n.kind_str() == "if_expression");
        if tested.len() > 1024 {
            return Vec::new();
        }
    }
    let tests_passed_on = tested.iter().any(|c| {
        descendants(*c, true)
            .iter()
            .any(|n| n.kind_str() == "identifier" && passed_on.contains(&text(*n, src)))
    });
    if tests_passed_on {
        Vec::new()
    } else {
        arms
    }
}

/// Whether evaluating `node` certainly leaves instead of producing a value.
pub(super) fn diverges(node: Node<'_>, src: &str) -> bool {
    let mut node = strip_parens(node);
    for _ in 0..MAX_DEPTH {
        match node.kind_str() {
            "return_expression" | "break_expression" | "continue_expression" => return true,
            "macro_invocation" => {
                let name = node.field("macro").map(|m| text(m, src)).unwrap_or("");
                let name = name.rsplit("::").next().unwrap_or(name);
                return matches!(
                    name,
                    "panic" | "unreachable" | "todo" | "unimplemented" | "bail"
                );
            }
            "block" => {
                if let Some(tail) = block_tail(node) {
                    node = strip_parens(tail);
                    continue;
                }
                let Some(last) = named_children(node).into_iter().last() else {
                    return false;
                };
                match last.kind_str() {
                    "expression_statement" => match last.named_child(0) {
                        Some(inner) => node = strip_parens(inner),
                        None => return false,
                    },
                    _ => return false,
                }
            }
            _ => return false,
        }
    }
    false
}

impl<'s, 't> Cx<'s, 't> {
    /// The last `let <name> = ..` before `ident` in the function being read (shadowing: the latest
    /// wins).
    pub(super) fn binding(&self, ident: Node<'_>) -> Option<(Node<'t>, Option<usize>)> {
        let lets = self.scope.lets.get(self.text(ident))?;
        lets.iter()
            .rev()
            .find(|(n, _)| n.end_byte() <= ident.start_byte())
            .copied()
    }

    /// The expression a local holds at `ident` under the current choice (its `let` value, the
    /// tuple element it destructures, or its deferred assignment), with its `let`.
    pub(super) fn local_value(&self, ident: Node<'_>) -> Option<(Node<'t>, Node<'t>)> {
        let (binding, field) = self.binding(ident)?;
        let value = match binding.field("value") {
            Some(value) => self.resolve(value, field)?,
            None if field.is_none() => self.resolve(self.deferred(binding, ident)?, None)?,
            None => return None,
        };
        Some((binding, value))
    }

    /// Follows a local variable to its `let` and replays the changes made to it before `use_site`.
    pub(super) fn variable(&self, ident: Node<'_>, depth: u32) -> Val {
        let Some((binding, value)) = self.local_value(ident) else {
            // A parameter (no `let` before): symbolic while summarizing.
            if self.binding(ident).is_none() {
                if let Some(st) = self
                    .param_status(ident)
                    .or_else(|| self.pattern_field(ident))
                {
                    return Val::Status(st);
                }
            }
            return Val::Unknown;
        };
        let deferred = binding.field("value").is_none();
        let mut val = self.eval(value, depth + 1);
        if let Val::Resp(resp) = &mut val {
            // actix builder methods return `&mut Self`: chaining a header onto the end of a `let`
            // value that is a bare builder would bind a reference to a temporary. The header goes in
            // a statement of its own after the `let` instead.
            let inside_let = resp
                .header_insert
                .as_ref()
                .is_some_and(|h| h.at == value.end_byte() && h.at + 1 >= binding.end_byte());
            if inside_let && resp.flavor == Flavor::Actix {
                resp.header_insert = Some(HeaderInsert {
                    at: binding.end_byte(),
                    style: HeaderStyle::ActixInsertHeaderStatement {
                        receiver: self.text(ident).to_string(),
                        indent: indent_at(self.src, binding.start_byte()),
                    },
                });
            }
        }
        let all_uses = self
            .scope
            .idents
            .get(self.text(ident))
            .map_or(&[][..], Vec::as_slice);
        let from = all_uses.partition_point(|n| n.start_byte() < binding.end_byte());
        let to = all_uses.partition_point(|n| n.start_byte() < ident.start_byte());
        let uses = &all_uses[from..to.max(from)];
        // A status set in place in one branch: the run goes through one such assignment, and
        // which uses are on its path depends on the return too, so nothing is cached.
        let path = match &val {
            Val::Resp(_) if uses.len() <= inplace::MAX_USES => self.set_path(uses, binding, ident),
            _ => inplace::SetPath::All,
        };
        let through = match path {
            inplace::SetPath::All => None,
            inplace::SetPath::Through(chosen) => Some(chosen),
            inplace::SetPath::Unknown => return Val::Unknown,
        };
        let key = (binding.id(), depth, self.arm_key());
        let known_unknown = self.scope.unknown_from.borrow().get(&key).copied();
        if through.is_none() && known_unknown.is_some_and(|at| to > at) {
            return Val::Unknown;
        }
        let mut unknown_at = None;
        for (i, use_site) in uses.iter().enumerate() {
            count_visits(1);
            let at = from + i;
            if let Some(chosen) = through {
                if use_site.id() == chosen.id() {
                    // The chosen assignment runs on this path: as if unconditional.
                    val = match val {
                        Val::Resp(resp) => match self.mutation(*use_site, *resp, false, depth) {
                            Some(resp) => Val::Resp(Box::new(resp)),
                            None => return Val::Unknown,
                        },
                        other => other,
                    };
                    continue;
                }
                if self.off_path(*use_site, chosen, ident) {
                    continue;
                }
                let before = use_site.start_byte() < chosen.start_byte();
                if inplace::status_set(*use_site, self.src) {
                    // Set before: the chosen one replaces it. After: it may replace the chosen.
                    if before {
                        continue;
                    }
                    return Val::Unknown;
                }
                if before {
                    if let (Some(names), Val::Resp(resp)) =
                        (self.handed_headers(*use_site), &mut val)
                    {
                        // A helper of this file: it may add the headers it names and write a
                        // body; the status it sets is replaced by the chosen one.
                        for name in names {
                            resp.add_header(Some(name), span(*use_site));
                        }
                        resp.body = crate::model::Body::Unknown;
                        resp.remove_body = None;
                        continue;
                    }
                }
            }
            let assigned = self.up(*use_site).is_some_and(|p| {
                p.kind_str() == "assignment_expression"
                    && p.field("left").is_some_and(|l| l.id() == use_site.id())
            });
            if deferred && assigned {
                // The assignments `deferred` read the value from.
                continue;
            }
            val = match val {
                Val::Unknown => Val::Unknown,
                // A status variable may be read freely, but not reassigned.
                Val::Status(_) if assigned => Val::Unknown,
                Val::Status(st) => Val::Status(st),
                // Any use may change or move a value of the crate's type.
                Val::Value(_) => Val::Unknown,
                Val::Resp(resp) => {
                    let conditional = conditional(self.site.map(|s| s.node), *use_site, binding);
                    match self.mutation(*use_site, *resp, conditional, depth) {
                        Some(resp) => Val::Resp(Box::new(resp)),
                        None => Val::Unknown,
                    }
                }
            };
            if matches!(val, Val::Unknown) {
                unknown_at = Some(at);
                break;
            }
        }
        if let Some(at) = unknown_at {
            if through.is_none() {
                self.scope.unknown_from.borrow_mut().insert(key, at);
            }
            return Val::Unknown;
        }
        val
    }

    /// Applies one use of a response variable (`res.headers_mut().insert(..)`, `*res.status_mut() = ..`,
    /// `builder.insert_header(..)`); `None` when the use may change it in ways we cannot see.
    /// A `conditional` use (inside a branch, loop or closure the `let` is not in) may or may not run:
    /// a header it adds makes the headers unknown, and a status it sets makes the response unknown.
    pub(super) fn mutation(
        &self,
        use_site: Node<'_>,
        mut resp: Resp,
        conditional: bool,
        depth: u32,
    ) -> Option<Resp> {
        // `&res` handed to a function can be read, not changed.
        let shared_ref = self.up(use_site).is_some_and(|p| {
            p.kind_str() == "reference_expression"
                && p.child(1).is_some_and(|c| c.id() == use_site.id())
                && self.up(p).is_some_and(|a| a.kind_str() == "arguments")
        });
        if shared_ref {
            return Some(resp);
        }
        let field = self
            .up(use_site)
            .filter(|p| p.kind_str() == "field_expression")?;
        if field.field("value")?.id() != use_site.id() {
            return None;
        }
        let call = self
            .up(field)
            .filter(|p| p.kind_str() == "call_expression")?;
        let (_, method) = method_call(call, self.src)?;
        let args = call_args(call);
        let receiver_name = self.text(use_site).to_string();
        let statement = call_statement(call);
        let adds_header = method == "headers_mut" || header_method(method);
        if conditional && matches!(method, "status_mut" | "set_status") {
            return None;
        }
        // A header a conditional use may add counts as there: only the rules for that header
        // stay silent.
        if conditional && adds_header {
            match method {
                "headers_mut" => match self.headers_mut_op(call) {
                    Some(MapOp::Add(names)) => {
                        for (name, at) in names {
                            resp.add_header(name, at);
                        }
                    }
                    Some(MapOp::Read) => {}
                    _ => resp.headers.complete = false,
                },
                m => resp.add_header(self.header_from_args(m, &args), span(call)),
            }
            return Some(resp);
        }
        match method {
            "headers_mut" => match self.headers_mut_op(call)? {
                MapOp::Add(names) => {
                    for (name, at) in names {
                        resp.add_header(name, at);
                    }
                }
                // Reading the map (`get`, `contains_key`) changes nothing.
                MapOp::Read => {}
                MapOp::Other => resp.headers.complete = false,
            },
            "status_mut" => {
                // `*res.status_mut() = S;`
                let deref = self
                    .up(call)
                    .filter(|p| p.kind_str() == "unary_expression")?;
                let assign = self
                    .up(deref)
                    .filter(|p| p.kind_str() == "assignment_expression")?;
                resp.status = Some(self.status_arg(assign.field("right")?, depth)?);
                resp.header_insert = Some(self.headers_mut_insert_after(statement?, receiver_name));
            }
            "body_mut" => {
                // `*res.body_mut() = b;`: a body we do not read further.
                let deref = self
                    .up(call)
                    .filter(|p| p.kind_str() == "unary_expression")?;
                self.up(deref)
                    .filter(|p| p.kind_str() == "assignment_expression")?;
                resp.body = crate::model::Body::Unknown;
                resp.remove_body = None;
            }
            "set_status" => {
                resp.status = Some(self.status_arg(*args.first()?, depth)?);
                resp.header_insert = Some(self.headers_mut_insert_after(statement?, receiver_name));
            }
            m if header_method(m) => resp.add_header(self.header_from_args(m, &args), span(call)),
            // Getters leave the response as it is.
            "status" | "headers" | "body" | "version" | "extensions" | "extensions_mut"
            | "version_mut"
                if args.is_empty() => {}
            _ => return None,
        }
        Some(resp)
    }

    /// The fix plan "add `receiver.headers_mut().insert(..)` after `statement`".
    pub(super) fn headers_mut_insert_after(
        &self,
        statement: Node<'_>,
        receiver: String,
    ) -> HeaderInsert {
        HeaderInsert {
            at: statement.end_byte(),
            style: HeaderStyle::HeadersMutInsert {
                receiver,
                indent: indent_at(self.src, statement.start_byte()),
            },
        }
    }
}

/// Whether `use_site` sits in a branch, loop or closure that the `let` (`binding`) is not in, so it
/// may not run every time. Climbs at most a few levels: deeper uses count as conditional.
pub(super) fn conditional<'t>(
    top: Option<Node<'t>>,
    use_site: Node<'t>,
    binding: Node<'t>,
) -> bool {
    let Some(block) = parent_under(top, binding) else {
        return true;
    };
    let mut node = use_site;
    for _ in 0..24 {
        let Some(parent) = parent_under(top, node) else {
            return true;
        };
        if parent.id() == block.id() {
            return false;
        }
        match parent.kind_str() {
            "if_expression" | "match_arm" | "while_expression" | "for_expression"
            | "loop_expression" | "closure_expression" | "else_clause"
                if parent
                    .field("condition")
                    .is_none_or(|c| c.id() != node.id()) =>
            {
                return true;
            }
            _ => {}
        }
        node = parent;
    }
    true
}

/// One use of a `headers_mut()` map.
pub(crate) enum MapOp {
    /// `insert`/`append` of headers (each name, when written out), at the calls.
    Add(Vec<(Option<String>, Span)>),
    /// A read that changes nothing.
    Read,
    /// Anything else: the map may now hold any header.
    Other,
}

/// The statement a call is the expression of (`res.x();`), if it is one.
pub(super) fn call_statement(call: Node<'_>) -> Option<Node<'_>> {
    let mut node = call;
    for _ in 0..4 {
        let parent = node.parent()?;
        if parent.kind_str() == "expression_statement" {
            return Some(parent);
        }
        if !matches!(
            parent.kind_str(),
            "unary_expression" | "assignment_expression" | "try_expression"
        ) {
            return None;
        }
        node = parent;
    }
    None
}

impl<'s, 't> Cx<'s, 't> {
    /// Whether the `if`/`match` arms around `node` cannot be reached when `node` holds the status
    /// `code`: `status` in the `else` of `if status == StatusCode::UNAUTHORIZED`, in the arm of
    /// `if matches!(status, StatusCode::NOT_FOUND | ..)`, or in a `match status` arm whose patterns
    /// name other statuses. Only conditions on the same expression (the same local, by its `let`)
    /// narrow; anything else we cannot read narrows nothing.
    pub(super) fn ruled_out(&self, node: Node<'_>, code: u16) -> bool {
        let target = self.text(node);
        let same = |other: Node<'_>| {
            let other = strip_parens(other);
            self.text(other) == target
                && (node.kind_str() != "identifier"
                    || self.binding(other).map(|b| b.0.id())
                        == self.binding(node).map(|b| b.0.id()))
        };
        let mut child = node;
        for _ in 0..64 {
            let Some(parent) = child.parent() else {
                return false;
            };
            match parent.kind_str() {
                "function_item" | "closure_expression" => return false,
                "if_expression" => {
                    let in_consequence = parent
                        .field("consequence")
                        .is_some_and(|c| c.id() == child.id());
                    let in_alternative = parent
                        .field("alternative")
                        .is_some_and(|c| c.id() == child.id());
                    if in_consequence || in_alternative {
                        let holds = parent
                            .field("condition")
                            .and_then(|c| self.truth(c, &same, code, 0));
                        if holds == Some(in_alternative) {
                            return true;
                        }
                    }
                }
                "match_arm" => {
                    let matched = parent
                        .parent()
                        .and_then(|body| body.parent())
                        .and_then(|m| m.field("value"));
                    if matched.is_some_and(same) && self.arm_excludes(parent, code) {
                        return true;
                    }
                }
                _ => {}
            }
            child = parent;
        }
        false
    }

    /// Whether the `match` arm `arm` cannot be taken by the status `code`: its patterns name other
    /// statuses, or it is a catch-all after an unguarded arm that takes `code`.
    fn arm_excludes(&self, arm: Node<'_>, code: u16) -> bool {
        let pattern_of = |arm: Node<'_>| -> Option<(String, bool)> {
            let pattern = arm.field("pattern")?;
            let guard = pattern.field("condition");
            let end = guard.map_or(pattern.end_byte(), |g| g.start_byte());
            let written = self.src.get(pattern.start_byte()..end)?.trim();
            let written = written.strip_suffix("if").unwrap_or(written).trim();
            Some((written.to_string(), guard.is_some()))
        };
        let Some((pattern, _)) = pattern_of(arm) else {
            return false;
        };
        let catch_all = pattern == "_"
            || pattern
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !catch_all {
            return patterns_hold(&pattern, code) == Some(false);
        }
        let mut earlier = arm.prev_named_sibling();
        for _ in 0..MAX_ARMS {
            let Some(other) = earlier else {
                return false;
            };
            if other.kind_str() == "match_arm" {
                if let Some((p, false)) = pattern_of(other) {
                    if patterns_hold(&p, code) == Some(true) {
                        return true;
                    }
                }
            }
            earlier = other.prev_named_sibling();
        }
        false
    }

    /// Whether `condition` holds when the tested expression (`same`) is the status `code`; `None`
    /// when it does not say.
    fn truth(
        &self,
        condition: Node<'_>,
        same: &dyn Fn(Node<'_>) -> bool,
        code: u16,
        depth: u32,
    ) -> Option<bool> {
        if depth > 16 {
            return None;
        }
        let condition = strip_parens(condition);
        match condition.kind_str() {
            "binary_expression" => {
                let left = condition.field("left")?;
                let right = condition.field("right")?;
                let op = self.text(condition.field("operator")?);
                match op {
                    "&&" | "||" => {
                        let l = self.truth(left, same, code, depth + 1);
                        let r = self.truth(right, same, code, depth + 1);
                        let decisive = op == "||";
                        if l == Some(decisive) || r == Some(decisive) {
                            Some(decisive)
                        } else if l.is_some() && r.is_some() {
                            Some(!decisive)
                        } else {
                            None
                        }
                    }
                    "==" | "!=" => {
                        let other = if same(left) {
                            right
                        } else if same(right) {
                            left
                        } else {
                            return None;
                        };
                        let written = self.status_const(strip_parens(other))?.code;
                        Some((written == code) == (op == "=="))
                    }
                    _ => None,
                }
            }
            "unary_expression" if self.text(condition).starts_with('!') => self
                .truth(condition.named_child(0)?, same, code, depth + 1)
                .map(|b| !b),
            "macro_invocation" => {
                let name = self.text(condition.field("macro")?);
                if name.rsplit("::").next() != Some("matches") {
                    return None;
                }
                // `matches!(status, StatusCode::A | StatusCode::B)`: the arguments are tokens.
                let tokens = condition
                    .named_children(&mut condition.walk())
                    .find(|c| c.kind_str() == "token_tree")?;
                let args = self.text(tokens);
                let args = args.strip_prefix('(')?.strip_suffix(')')?;
                let (tested, patterns) = args.split_once(',')?;
                let first = tokens.named_child(0)?;
                if tested.trim() != self.text(first) || !same(first) {
                    return None;
                }
                patterns_hold(patterns, code)
            }
            _ => None,
        }
    }
}

/// Whether `code` matches one of the `|`-separated status constants in `patterns`; `None` when a
/// pattern is not a status constant or there is a guard.
fn patterns_hold(patterns: &str, code: u16) -> Option<bool> {
    let patterns = patterns.trim().trim_end_matches(',');
    if patterns.contains(" if ") {
        return None;
    }
    let mut hit = false;
    for pattern in patterns.split('|') {
        let (ty, name) = pattern.trim().rsplit_once("::")?;
        if !matches!(ty.rsplit("::").next(), Some("StatusCode" | "Status")) {
            return None;
        }
        hit |= crate::status::code_from_name(name)? == code;
    }
    Some(hit)
}
