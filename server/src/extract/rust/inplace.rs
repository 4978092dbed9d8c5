//! A response built up front and given its status in place in one branch: `let mut res =
//! Response::default(); .. match m { .. _ => { *res.status_mut() = StatusCode::METHOD_NOT_ALLOWED; } }
//! Ok(res)`.
//!
//! Each conditional status assignment on the local is an arm of one branching point (the `let`): the
//! run that takes it replays only the uses on a path through it to the return. Uses in a branch
//! exclusive with it (or with the return), or in a block that returns before reaching it, are not on
//! that path. A helper handed `&mut res` before the status is set may add only the headers its code
//! names (its `Returns::Touches` summary, found through the index like any helper, so a change to
//! it re-reads its callers); a helper without one makes the response unknown, as before.

use crate::extract::Field;
use tree_sitter::Node;

use super::syntax::*;
use super::*;
use crate::index::Returns;

/// Ancestors climbed when comparing two places; deeper nesting counts as not exclusive.
const MAX_CLIMB: usize = 64;
/// Uses of a response local read per return in this mode, and status assignments (arms) at most:
/// each return replays every use once per arm, so the work is bounded by construction.
pub(super) const MAX_USES: usize = 128;
const MAX_SETS: usize = 8;
/// Nodes read per helper summarized.
const MAX_HELPER_NODES: usize = 50_000;

/// How a replay of a response local's uses goes.
pub(super) enum SetPath<'t> {
    /// No conditional status assignment: replay every use.
    All,
    /// The run takes this status assignment (the local's use in it).
    Through(Node<'t>),
    /// A conditional assignment we cannot place on one path (in a loop or closure, or a second
    /// branching point in the run): the value is unknown.
    Unknown,
}

/// The use of `res` in `*res.status_mut() = S` or `res.set_status(S)`, if `use_site` is one.
pub(super) fn status_set(use_site: Node<'_>, src: &str) -> bool {
    // Most uses are not one: the text after the name tells without a `parent()` (a descent from
    // the root). A comment after the name leaves it to the tree.
    let after = src
        .get(use_site.end_byte()..)
        .unwrap_or("")
        .trim_start()
        .strip_prefix('.')
        .map(str::trim_start);
    if let Some(after) = after {
        if !after.starts_with("set_status") && !after.starts_with("status_mut") {
            return false;
        }
    } else if !src
        .get(use_site.end_byte()..)
        .unwrap_or("")
        .trim_start()
        .starts_with('/')
    {
        return false;
    }
    let Some(field) = use_site
        .parent()
        .filter(|p| p.kind_str() == "field_expression")
    else {
        return false;
    };
    if field.field("value").is_none_or(|v| v.id() != use_site.id()) {
        return false;
    }
    let Some(call) = field.parent().filter(|p| p.kind_str() == "call_expression") else {
        return false;
    };
    match method_call(call, src) {
        Some((_, "set_status")) => true,
        Some((_, "status_mut")) => call
            .parent()
            .filter(|p| p.kind_str() == "unary_expression")
            .and_then(|d| d.parent())
            .is_some_and(|a| a.kind_str() == "assignment_expression"),
        _ => false,
    }
}

/// Whether a loop or closure lies between `node` and the block of `binding`.
fn in_loop<'t>(
    up: impl Fn(Node<'t>) -> Option<Node<'t>>,
    node: Node<'t>,
    binding: Node<'t>,
) -> bool {
    let Some(block) = up(binding) else {
        return true;
    };
    let mut n = node;
    for _ in 0..MAX_CLIMB {
        let Some(p) = up(n) else {
            return true;
        };
        if p.id() == block.id() {
            return false;
        }
        if matches!(
            p.kind_str(),
            "while_expression" | "for_expression" | "loop_expression" | "closure_expression"
        ) {
            return true;
        }
        n = p;
    }
    true
}

/// The nodes from `top` down to `node`, both included; `None` when `node` is not under `top`.
/// One descent costs what one `parent()` call does (tree-sitter finds a parent by descending from
/// the root), so comparing places this way replaces up to `MAX_CLIMB` such calls.
fn descent<'t>(top: Node<'t>, node: Node<'t>) -> Option<Vec<Node<'t>>> {
    let mut path = vec![top];
    let mut n = top;
    while n.id() != node.id() {
        n = n.child_with_descendant(node)?;
        path.push(n);
    }
    Some(path)
}

/// `exclusive(a, b)` for two places under the function being read, from their paths down from it
/// (`Cx::descent`) instead of climbing from each.
pub(super) fn exclusive_under<'n>(
    descent: impl Fn(Node<'n>) -> Option<Vec<Node<'n>>>,
    a: Node<'n>,
    b: Node<'n>,
) -> bool {
    let paths = descent(a).and_then(|pa| Some((pa, descent(b)?)));
    let Some((pa, pb)) = paths else {
        return exclusive(a, b);
    };
    let shared = pa
        .iter()
        .zip(&pb)
        .take_while(|(x, y)| x.id() == y.id())
        .count();
    // One is the other or encloses it: both run. (`shared` ≥ 1: both paths start at `top`.)
    if shared == pa.len() || shared == pb.len() {
        return false;
    }
    // As `exclusive`: places more than `MAX_CLIMB` levels below their common ancestor are not
    // compared.
    if pa.len() - shared > MAX_CLIMB || pb.len() - shared > MAX_CLIMB {
        return false;
    }
    arms_of(pa[shared - 1], pa[shared].id(), pb[shared].id())
}

/// Whether the children `a_child` and `b_child` of `p` are different arms of it.
fn arms_of(p: Node<'_>, a_child: usize, b_child: usize) -> bool {
    match p.kind_str() {
        "match_block" => true,
        "if_expression" => {
            let condition = p.field("condition").map(|c| c.id());
            condition != Some(a_child) && condition != Some(b_child)
        }
        _ => false,
    }
}

/// Whether `a` and `b` sit in different arms of one `if`/`match` (so no run takes both).
pub(super) fn exclusive(a: Node<'_>, b: Node<'_>) -> bool {
    let mut chain = Vec::with_capacity(16);
    let mut n = a;
    for _ in 0..MAX_CLIMB {
        let Some(p) = n.parent() else {
            break;
        };
        chain.push((p.id(), n.id()));
        n = p;
    }
    let mut n = b;
    for _ in 0..MAX_CLIMB {
        let Some(p) = n.parent() else {
            return false;
        };
        if let Some(&(_, a_child)) = chain.iter().find(|(id, _)| *id == p.id()) {
            if a_child == n.id() {
                return false;
            }
            return arms_of(p, a_child, n.id());
        }
        n = p;
    }
    false
}

fn contains(outer: Node<'_>, inner: Node<'_>) -> bool {
    outer.start_byte() <= inner.start_byte() && inner.end_byte() <= outer.end_byte()
}

/// `leaves_before(node, target)` for a node under the function being read, climbing its path down
/// from it (`Cx::descent`) instead of calling `parent()` at each step.
pub(super) fn leaves_before_under<'n>(
    descent: impl Fn(Node<'n>) -> Option<Vec<Node<'n>>>,
    node: Node<'n>,
    target: Node<'n>,
) -> bool {
    let Some(path) = descent(node) else {
        return leaves_before(node, target);
    };
    for p in path.iter().rev().skip(1).take(MAX_CLIMB) {
        if contains(*p, target) {
            return false;
        }
        if p.kind_str() == "block" && returns_at_end(*p) {
            return true;
        }
    }
    if path.len() > MAX_CLIMB {
        return false;
    }
    // Above the function: climb on as `leaves_before` does.
    leaves_before(node, target)
}

/// Whether `node` sits in a block, not containing `target`, that returns at its end: a run through
/// `node` never reaches `target` (`{ forbid(&mut res); return Ok(res); }`).
pub(super) fn leaves_before(node: Node<'_>, target: Node<'_>) -> bool {
    let mut n = node;
    for _ in 0..MAX_CLIMB {
        let Some(p) = n.parent() else {
            return false;
        };
        if contains(p, target) {
            return false;
        }
        if p.kind_str() == "block" && returns_at_end(p) {
            return true;
        }
        n = p;
    }
    false
}

fn returns_at_end(block: Node<'_>) -> bool {
    let mut cursor = block.walk();
    let last = block
        .named_children(&mut cursor)
        .filter(|c| !is_comment(*c))
        .last();
    let Some(last) = last else {
        return false;
    };
    let last = match last.kind_str() {
        "expression_statement" => last.named_child(0).unwrap_or(last),
        _ => last,
    };
    last.kind_str() == "return_expression"
}

impl<'s, 't> Cx<'s, 't> {
    /// The nodes from the function being read down to `node`, both included, as `descent` finds
    /// them; read from the parents its node list records when `node` is in it (no tree-sitter
    /// look-up per level). `None` when `node` is not under the function.
    fn descent<'n>(&self, node: Node<'n>) -> Option<Vec<Node<'n>>>
    where
        't: 'n,
    {
        let top = self.site?.node;
        let (nodes, parents) = (&self.scope.nodes, &self.scope.parents);
        // The list is the body's, the body a child of `top` (else the list is another's).
        let listed = nodes
            .first()
            .is_some_and(|body| top.field("body").is_some_and(|b| b.id() == body.id()));
        let Some(mut i) = self.scope.position(node).filter(|_| listed) else {
            return descent(top, node);
        };
        let mut path = vec![node];
        // Each step goes to an earlier position (a parent comes before its children), so this
        // ends at the body, whose parent is `u32::MAX`.
        while let Some(&p) = parents.get(i).filter(|&&p| (p as usize) < i) {
            i = p as usize;
            path.push(nodes[i]);
        }
        path.push(top);
        path.reverse();
        Some(path)
    }

    /// How to replay `uses` of the response local bound by `binding`, returned at `return_site`:
    /// each conditional status assignment among them is an arm of one branching point.
    pub(super) fn set_path(
        &self,
        uses: &[Node<'t>],
        binding: Node<'t>,
        return_site: Node<'_>,
    ) -> SetPath<'t> {
        let top = self.site.map(|s| s.node);
        let sets: Vec<Node<'t>> = uses
            .iter()
            .copied()
            .filter(|u| status_set(*u, self.src) && flow::conditional(top, *u, binding))
            .filter(|u| {
                !exclusive_under(|n| self.descent(n), *u, return_site)
                    && !leaves_before_under(|n| self.descent(n), *u, return_site)
            })
            .collect();
        if sets.is_empty() {
            return SetPath::All;
        }
        if sets.len() > MAX_SETS
            || sets.iter().any(|s| in_loop(|n| self.up(n), *s, binding))
            || in_loop(|n| self.up(n), return_site, binding)
        {
            return SetPath::Unknown;
        }
        let arms: Vec<Span> = sets.iter().map(|s| span(*s)).collect();
        match self.choose(binding, &arms) {
            Some(k) => SetPath::Through(sets[k]),
            None => SetPath::Unknown,
        }
    }

    /// For a run through the status assignment `chosen`: whether `use_site` is off the path (so
    /// it is skipped), given the return it ends at.
    pub(super) fn off_path(
        &self,
        use_site: Node<'_>,
        chosen: Node<'_>,
        return_site: Node<'_>,
    ) -> bool {
        let descent = |n| self.descent(n);
        exclusive_under(descent, use_site, chosen)
            || exclusive_under(descent, use_site, return_site)
            || (use_site.start_byte() < chosen.start_byte()
                && leaves_before_under(descent, use_site, chosen))
    }

    /// The header names a helper handed the response as `&mut res` (`use_site` is `res`) may add
    /// (its `Returns::Touches` summary), or `None` when it has none.
    pub(super) fn handed_headers(&self, use_site: Node<'_>) -> Option<Vec<String>> {
        let reference = use_site
            .parent()
            .filter(|p| p.kind_str() == "reference_expression")?;
        let args = reference.parent().filter(|p| p.kind_str() == "arguments")?;
        let call = args
            .parent()
            .filter(|p| p.kind_str() == "call_expression")?;
        let position = named_children(args)
            .iter()
            .position(|a| a.id() == reference.id())?;
        self.touched_by_call(call, position)
    }

    /// The headers the function `call` names may add to the response given as argument
    /// `position` (`helper(.., res)`, `self.helper(.., res)`, `Self::helper(..)`).
    fn touched_by_call(&self, call: Node<'_>, position: usize) -> Option<Vec<String>> {
        if let Some(known) = self.handed.borrow().get(&call.id()) {
            return known.clone();
        }
        let function = call.field("function")?;
        let own = self.own_type();
        let segments: Vec<&str> = match function.kind_str() {
            "field_expression" => {
                let value = function.field("value")?;
                if self.text(value) != "self" {
                    return None;
                }
                vec![own?, self.text(function.field("field")?)]
            }
            _ => path_call_segments(call, self.src)?
                .into_iter()
                .map(|s| if s == "Self" { own } else { Some(s) })
                .collect::<Option<Vec<&str>>>()?,
        };
        let name = *segments.last()?;
        let module = self.inline_module(call);
        let found = self.look_up(name, call, |view| {
            view.function_where(
                &module,
                &segments,
                |r| matches!(r, Returns::Touches { param, .. } if *param == position),
            )
        });
        let out = match found.as_deref().map(|f| &f.summary.returns) {
            Some(Returns::Touches { headers, .. }) => Some(headers.clone()),
            _ => None,
        };
        self.handed.borrow_mut().insert(call.id(), out.clone());
        out
    }

    /// Summarizes what function `f` may do to its `&mut Response` parameter (`Returns::Touches`),
    /// when it only calls methods on it and hands it to functions with such a summary.
    pub(super) fn summarize_touches(&mut self, f: Node<'t>) {
        if f.kind_str() != "function_item" {
            return;
        }
        // The one parameter typed `&mut Response` or `&mut Response<B>` (most functions have
        // none, which their parameters' text tells without listing them).
        let params = f.field("parameters").unwrap_or(f);
        if !self.text(params).contains("Response") {
            return;
        }
        let mut found = named_children(params)
            .into_iter()
            .filter(|p| p.kind_str() == "parameter")
            .enumerate()
            .filter(|(_, p)| {
                p.field("type").is_some_and(|t| {
                    let ty = self.text(t);
                    let ty = ty.split('<').next().unwrap_or(ty).trim_end();
                    ty.starts_with("&mut") && ty.ends_with("Response")
                })
            });
        let (Some((param, parameter)), None) = (found.next(), found.next()) else {
            return;
        };
        let Some(pattern) = parameter
            .field("pattern")
            .filter(|p| p.kind_str() == "identifier")
        else {
            return;
        };
        let name = self.text(pattern);
        let mut headers = Vec::new();
        let mut budget = MAX_HELPER_NODES;
        if self
            .helper_effects(f, name, &mut headers, &mut budget)
            .is_none()
        {
            return;
        }
        headers.sort();
        headers.dedup();
        let Some(fn_name) = f.field("name").map(|n| self.text(n).to_string()) else {
            return;
        };
        self.facts.index.summaries.push(crate::index::Summary {
            module: self.inline_module(f),
            owner: self.own_type().map(str::to_string),
            name: fn_name,
            span: span(f),
            returns: Returns::Touches { param, headers },
        });
    }

    /// The typed headers (`headers::Allow`, ..) whose type the file names anywhere.
    fn typed_headers_named(&self) -> Vec<String> {
        self.typed_named
            .get_or_init(|| self.scan_typed_headers())
            .clone()
    }

    fn scan_typed_headers(&self) -> Vec<String> {
        const TYPED: &[(&str, &str)] = &[
            ("Allow", "allow"),
            ("Location", "location"),
            ("WwwAuthenticate", "www-authenticate"),
            ("ProxyAuthenticate", "proxy-authenticate"),
            ("ContentRange", "content-range"),
            ("RetryAfter", "retry-after"),
            ("Upgrade", "upgrade"),
        ];
        // Names in code only: a string such as "Access-Control-Allow-Origin" names no type. Each
        // occurrence in the text is looked up in the tree (one descent) instead of walking it all.
        let mut found = Vec::new();
        for (ty, name) in TYPED {
            for (at, _) in self.src.match_indices(ty) {
                count_visits(1);
                let node = self.root.named_descendant_for_byte_range(at, at + ty.len());
                let named = node.is_some_and(|node| {
                    matches!(node.kind_str(), "identifier" | "type_identifier")
                        && self.text(node) == *ty
                        && !self.names_other_item(node)
                });
                if named {
                    found.push(name.to_string());
                    break;
                }
            }
        }
        found.sort();
        found
    }

    /// Whether `Allow` here is an item of something other than a headers module: a variant such as
    /// `Detection::Allow`, or `other::Allow`.
    fn names_other_item(&self, ident: Node<'_>) -> bool {
        let Some(parent) = self
            .up(ident)
            .filter(|p| matches!(p.kind_str(), "scoped_identifier" | "scoped_type_identifier"))
        else {
            return false;
        };
        if parent.field("name").map(|n| n.id()) != Some(ident.id()) {
            return false;
        }
        let Some(path) = parent.field("path") else {
            return false;
        };
        let last = self.text(path).rsplit("::").next().unwrap_or_default();
        !last.ends_with("headers")
    }

    /// Reads one helper: the header names its code writes, and those the functions it hands the
    /// response (`param`) on to may add, go to `names`. `None` when it does something with the
    /// response we cannot follow.
    fn helper_effects(
        &self,
        function: Node<'_>,
        param: &str,
        names: &mut Vec<String>,
        budget: &mut usize,
    ) -> Option<()> {
        let body = function.field("body")?;
        let mut cursor = body.walk();
        loop {
            let node = cursor.node();
            *budget = budget.checked_sub(1)?;
            count_visits(1);
            match node.kind_str() {
                "string_literal" | "raw_string_literal" => {
                    if let Some(s) = string_value(node, self.src) {
                        names.push(s.to_ascii_lowercase());
                    }
                }
                "identifier" | "type_identifier" | "field_identifier" => {
                    let t = self.text(node);
                    if let Some(name) = http::known_header_const(t) {
                        names.push(name);
                    } else if t == param {
                        self.param_use(node, names)?;
                    } else if t.chars().next().is_some_and(char::is_uppercase)
                        && !self.names_other_item(node)
                    {
                        if let Some(name) = self.typed_header(node) {
                            names.push(name);
                        }
                    }
                }
                // The response may be named inside a macro's tokens, which we do not read.
                "token_tree" if self.text(node).contains(param) => return None,
                _ => {}
            }
            if cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() || cursor.node().id() == body.id() {
                    return Some(());
                }
            }
        }
    }

    /// One use of the response parameter inside a helper: a method call on it (whatever it sets,
    /// its names are in the text read), or handing it on to a function of this file.
    fn param_use(&self, ident: Node<'_>, names: &mut Vec<String>) -> Option<()> {
        // Parents through `Cx::up`: the helper is usually the function being read, whose nodes
        // know their parents; `Node::parent` descends from the root on every call.
        let parent = self.up(ident)?;
        match parent.kind_str() {
            "field_expression" => {
                // A chain of method calls on it: `res.headers_mut().insert(name, ..)`. Whatever
                // it sets is in the text read, but a header's name must be written out.
                let mut receiver = self.up(parent)?;
                if receiver.kind_str() != "call_expression" {
                    return Some(());
                }
                while let Some(call) = self
                    .up(receiver)
                    .filter(|p| p.kind_str() == "field_expression")
                    .and_then(|f| self.up(f))
                    .filter(|c| c.kind_str() == "call_expression")
                {
                    match method_call(call, self.src) {
                        Some((_, "insert" | "append" | "entry")) => {
                            names.push(self.header_name(*call_args(call).first()?)?);
                        }
                        Some((_, "extend")) => return None,
                        Some((_, "typed_insert")) => {
                            let header = *call_args(call).first()?;
                            match self.typed_header(header) {
                                Some(name) => names.push(name),
                                // A typed header held in a variable: its type is out of sight,
                                // so it may be any the file names.
                                None => names.extend(self.typed_headers_named()),
                            }
                        }
                        _ => {}
                    }
                    receiver = call;
                }
                Some(())
            }
            // `helper(res)`, `helper(&mut *res)`: only to a function of this file.
            "arguments" | "reference_expression" | "unary_expression" => {
                let mut arg = ident;
                let mut node = parent;
                while matches!(node.kind_str(), "reference_expression" | "unary_expression") {
                    arg = node;
                    node = self.up(node)?;
                }
                if node.kind_str() != "arguments" {
                    // `*res = ..` replaces it: the new value's headers are in the text read.
                    return (node.kind_str() == "assignment_expression").then_some(());
                }
                let call = self
                    .up(node)
                    .filter(|p| p.kind_str() == "call_expression")?;
                let position = named_children(node)
                    .iter()
                    .position(|a| a.id() == arg.id())?;
                names.extend(self.touched_by_call(call, position)?);
                Some(())
            }
            "parameter" => Some(()),
            _ => None,
        }
    }
}
