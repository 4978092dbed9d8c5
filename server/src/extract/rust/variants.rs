//! Enum variants across the package: where each is built outside a pattern (`index::VariantUse`),
//! and what that tells a type's conversion. An arm of `match self` in the conversion answers only
//! the variants it names; when every use of those variants the package shows converts the value
//! and adds a header right after (`let mut r = ApiError::Unauthorized.into_response();
//! r.headers_mut().insert(WWW_AUTHENTICATE, ..)`), the arm's response gets that header.

use crate::extract::Field;
use tree_sitter::Node;

use super::summaries::type_name;
use super::syntax::*;
use super::{Cx, Resp};
use crate::index::{variant_key, VariantUse};

/// Ancestors looked at for a use's module and impl (as `Cx::inline_module`).
const MAX_SCOPE: usize = 256;

impl<'s, 't> Cx<'s, 't> {
    /// `node` as a variant built outside a pattern: `Type::Variant`, `Type::Variant(..)`,
    /// `Type::Variant { .. }` (`Self::Variant` in an impl of `Type`).
    ///
    /// Asked by the file's walk for every path inside a function, with the node's ancestors (the
    /// closest last): `Node::parent` costs the node's depth, so climbing per node would be quadratic
    /// on deeply nested input.
    pub(super) fn variant_use(&self, node: Node<'t>, ancestors: &[Node<'t>]) -> Option<VariantUse> {
        // Most paths are not variants (`StatusCode::OK`, `Json::from`): the last segment tells.
        if !node.field("name").is_some_and(|n| camel(self.text(n))) {
            return None;
        }
        let parent = *ancestors.last()?;
        // The value built, and its ancestors.
        let (value, above) = match node.kind_str() {
            "scoped_identifier" => match parent.kind_str() {
                "call_expression"
                    if parent
                        .field("function")
                        .is_some_and(|f| f.id() == node.id()) =>
                {
                    (parent, &ancestors[..ancestors.len() - 1])
                }
                _ => (node, ancestors),
            },
            _ if parent.kind_str() == "struct_expression" => {
                (parent, &ancestors[..ancestors.len() - 1])
            }
            _ => return None,
        };
        // The path of a longer path (`Type::Variant::X`), or a use in a pattern.
        if matches!(
            parent.kind_str(),
            "scoped_identifier" | "scoped_type_identifier"
        ) || in_pattern(node, ancestors)
        {
            return None;
        }
        let segments = path_segments(node, self.src)?;
        let (variant, ty) = segments.split_last()?;
        if !camel(variant) || !ty.last().is_some_and(|t| camel(t)) {
            return None;
        }
        let (module, own) = self.scope_of(ancestors);
        let ty: Vec<String> = match ty {
            ["Self"] => vec![own?.to_string()],
            _ => ty.iter().map(|s| s.to_string()).collect(),
        };
        Some(VariantUse {
            ty,
            variant: variant.to_string(),
            module,
            headers: self.headers_added_after_conversion(value, above),
            at: node.start_byte(),
        })
    }

    /// The inline module a node sits in and the type of the impl around it (for `Self`), from its
    /// ancestors; at most `MAX_SCOPE` of them are looked at.
    fn scope_of(&self, ancestors: &[Node<'t>]) -> (Vec<String>, Option<&'s str>) {
        let mut module = Vec::new();
        let mut own = None;
        for n in ancestors.iter().rev().take(MAX_SCOPE) {
            match n.kind_str() {
                "mod_item" => {
                    if let Some(name) = n.field("name") {
                        module.push(self.text(name).to_string());
                    }
                }
                "impl_item" if own.is_none() => {
                    own = n.field("type").map(|t| type_name(self.text(t)));
                }
                _ => {}
            }
        }
        module.reverse();
        (module, own)
    }

    /// The headers added to `value` right after it is converted: `let mut r =
    /// value.into_response();` followed directly by `r.headers_mut().insert(NAME, ..);`
    /// statements (lower-case names). Empty for any other use.
    /// `ancestors` are those of `value`, the closest last.
    fn headers_added_after_conversion(
        &self,
        value: Node<'t>,
        ancestors: &[Node<'t>],
    ) -> Vec<String> {
        let mut out = Vec::new();
        let mut up = ancestors.iter().rev().copied();
        let Some(call) = up
            .next()
            .filter(|p| p.kind_str() == "field_expression")
            .filter(|p| {
                p.field("value").is_some_and(|v| v.id() == value.id())
                    && p.field("field")
                        .is_some_and(|f| self.text(f) == "into_response")
            })
            .and_then(|_| up.next())
            .filter(|c| c.kind_str() == "call_expression")
        else {
            return out;
        };
        let Some(declaration) = up.next().filter(|p| {
            p.kind_str() == "let_declaration"
                && p.field("value").is_some_and(|v| v.id() == call.id())
        }) else {
            return out;
        };
        let Some(local) = declaration
            .field("pattern")
            .and_then(|p| match p.kind_str() {
                "identifier" => Some(p),
                "mut_pattern" => named_children(p)
                    .into_iter()
                    .find(|c| c.kind_str() == "identifier"),
                _ => None,
            })
            .map(|n| self.text(n))
        else {
            return out;
        };
        let mut next = declaration.next_named_sibling();
        while let Some(statement) = next {
            let Some(name) = self.header_insert_on(statement, local) else {
                break;
            };
            out.push(name);
            next = statement.next_named_sibling();
        }
        out.sort();
        out.dedup();
        out
    }

    /// The header `statement` inserts, when it is `local.headers_mut().insert(NAME, ..);` (or
    /// `append`) with a name we can read.
    fn header_insert_on(&self, statement: Node<'t>, local: &str) -> Option<String> {
        if statement.kind_str() != "expression_statement" {
            return None;
        }
        let call = strip_parens(statement.named_child(0)?);
        let (receiver, method) = method_call(call, self.src)?;
        if !matches!(method, "insert" | "append") {
            return None;
        }
        let (map_owner, map) = method_call(strip_parens(receiver), self.src)?;
        if map != "headers_mut" || self.text(strip_parens(map_owner)) != local {
            return None;
        }
        let [name, _] = call_args(call)[..] else {
            return None;
        };
        self.header_name(name)
    }

    /// In a conversion (`fn into_response(self)`), the response of the arm `arm` of a `match self`
    /// gets the headers every use of the arm's variants adds right after converting, when the
    /// package shows at least one use and each adds them.
    pub(super) fn add_headers_of_variant_uses(
        &self,
        f: Node<'t>,
        arm: crate::model::Span,
        resp: &mut Resp,
    ) {
        let Some(ty) = self.own_type() else {
            return;
        };
        let Some(value) = f.descendant_for_byte_range(arm.start, arm.end) else {
            return;
        };
        let Some(match_arm) = value.parent().filter(|p| p.kind_str() == "match_arm") else {
            return;
        };
        let scrutinee = match_arm
            .parent()
            .and_then(|block| block.parent())
            .filter(|m| m.kind_str() == "match_expression")
            .and_then(|m| m.field("value"));
        let on_self = scrutinee.is_some_and(|v| {
            let text = self.text(v).trim_start_matches(['*', '&']).trim();
            text == "self"
        });
        let Some(pattern) = match_arm.field("pattern").filter(|_| on_self) else {
            return;
        };
        let Some(variants) = self.pattern_variants(pattern, ty) else {
            return;
        };
        let Some(view) = self.view else {
            // A first read without the package: asking marks the file for the read with it.
            for variant in &variants {
                self.note_lookup(&variant_key(variant), pattern.start_byte(), false);
            }
            return;
        };
        let module = self.inline_module(f);
        let mut common: Option<Vec<String>> = None;
        for variant in &variants {
            let uses = view.variant_uses(&module, ty, variant);
            self.note_lookup(
                &variant_key(variant),
                pattern.start_byte(),
                uses.as_ref().is_some_and(|u| !u.is_empty()),
            );
            let Some(uses) = uses.filter(|u| !u.is_empty()) else {
                return;
            };
            for headers in uses {
                let kept: Vec<String> = match common.take() {
                    None => headers,
                    Some(before) => before.into_iter().filter(|h| headers.contains(h)).collect(),
                };
                common = Some(kept);
            }
        }
        for header in common.unwrap_or_default() {
            resp.headers.add(Some(header), span(pattern));
        }
    }

    /// The variants of type `ty` a `match self` arm's pattern names (`Ty::A | Self::B(..)`), or
    /// `None` when it may match anything else (a binding, `_`).
    fn pattern_variants(&self, pattern: Node<'t>, ty: &str) -> Option<Vec<String>> {
        let mut out = Vec::new();
        let mut pending = vec![pattern];
        while let Some(node) = pending.pop() {
            if out.len() > 64 {
                return None;
            }
            let path = match node.kind_str() {
                "match_pattern" if node.field("condition").is_none() => {
                    pending.extend(named_children(node));
                    continue;
                }
                "or_pattern" => {
                    pending.extend(named_children(node));
                    continue;
                }
                "scoped_identifier" => node,
                "tuple_struct_pattern" | "struct_pattern" => node.field("type")?,
                _ => return None,
            };
            let segments = path_segments(path, self.src)?;
            let [owner, variant] = segments[..] else {
                return None;
            };
            if owner != "Self" && owner != ty {
                return None;
            }
            out.push(variant.to_string());
        }
        (!out.is_empty()).then_some(out)
    }
}

/// Whether a path segment reads as a type or variant name: `Unauthorized`, not `OK` or `from`.
fn camel(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase()) && s.chars().any(|c| c.is_lowercase())
}

/// Whether `node` is (in) a pattern: a `match` arm's, a `let`'s or an `if let`'s. `ancestors` are
/// those of `node`, the closest last.
fn in_pattern(node: Node<'_>, ancestors: &[Node<'_>]) -> bool {
    let mut child = node;
    let mut up = ancestors.iter().rev().copied();
    for _ in 0..16 {
        let Some(n) = up.next() else {
            return false;
        };
        let kind = n.kind_str();
        if kind.ends_with("_pattern") {
            return true;
        }
        if matches!(
            kind,
            "let_declaration" | "let_condition" | "match_arm" | "for_expression"
        ) {
            return n.field("pattern").is_some_and(|p| p.id() == child.id());
        }
        if matches!(
            kind,
            "block" | "arguments" | "call_expression" | "closure_expression" | "function_item"
        ) {
            return false;
        }
        child = n;
    }
    false
}
