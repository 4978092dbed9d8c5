//! `node.field("name")`: a node's child by field name, with the name's id remembered.
//!
//! tree-sitter's `child_by_field_name` looks the name up by comparing it with every field name of
//! the grammar (`strncmp`) on every call; the readers ask for fields millions of times, which cost
//! about a tenth of `check` (callgrind, bench corpus). The ids depend only on the grammar and the
//! name, so a small per-thread table keyed by both gives them after the first lookup.

use std::cell::RefCell;

use tree_sitter::{Language, Node};

/// A child by field name, as `child_by_field_name`, for names written in the code; and the
/// node's kind, as `kind`.
pub(crate) trait Field<'t> {
    fn field(&self, name: &'static str) -> Option<Node<'t>>;
    /// `kind()` without its `strlen` and UTF-8 check per call (a twentieth of `check`): the
    /// grammar's kind names are read once per thread.
    fn kind_str(&self) -> &'static str;
}

impl<'t> Field<'t> for Node<'t> {
    #[inline]
    fn field(&self, name: &'static str) -> Option<Node<'t>> {
        let id = with_grammar(&self.language(), |g| g.field_id(name))?;
        self.child_by_field_id(id)
    }

    #[inline]
    fn kind_str(&self) -> &'static str {
        let id = usize::from(self.kind_id());
        with_grammar(&self.language(), |g| g.kinds.get(id).copied()).unwrap_or_else(|| self.kind())
    }
}

const SLOTS: usize = 512;

/// What one grammar's lookups remember on this thread.
struct Grammar {
    language: Language,
    /// Kind names by id.
    kinds: Vec<&'static str>,
    /// Field lookups, direct-mapped by the name's address: (address, length, id). Names are
    /// literals, so a name is its address; a slot another name took is looked up again.
    fields: Vec<Option<(usize, usize, Option<u16>)>>,
}

impl Grammar {
    fn new(language: &Language) -> Grammar {
        let kinds = (0..language.node_kind_count())
            .map(|id| {
                u16::try_from(id)
                    .ok()
                    .and_then(|id| language.node_kind_for_id(id))
                    .unwrap_or("")
            })
            .collect();
        Grammar {
            language: language.clone(),
            kinds,
            fields: vec![None; SLOTS],
        }
    }

    fn field_id(&mut self, name: &'static str) -> Option<u16> {
        let key = (name.as_ptr() as usize, name.len());
        let slot = (key.0 >> 3) % SLOTS;
        if let Some((address, len, id)) = self.fields[slot] {
            if (address, len) == key {
                return id;
            }
        }
        let id = self.language.field_id_for_name(name).map(|id| id.get());
        self.fields[slot] = Some((key.0, key.1, id));
        id
    }
}

thread_local! {
    /// The grammars looked up on this thread (a handful: a linear search finds one).
    static GRAMMARS: RefCell<Vec<Grammar>> = const { RefCell::new(Vec::new()) };
}

fn with_grammar<R>(language: &Language, f: impl FnOnce(&mut Grammar) -> R) -> R {
    GRAMMARS.with(|grammars| {
        let mut grammars = grammars.borrow_mut();
        let at = match grammars.iter().position(|g| g.language == *language) {
            Some(at) => at,
            None => {
                grammars.push(Grammar::new(language));
                grammars.len() - 1
            }
        };
        f(&mut grammars[at])
    })
}

#[cfg(test)]
mod tests {
    use super::Field;
    use tree_sitter::Parser;

    fn parse(language: tree_sitter::Language, text: &str) -> tree_sitter::Tree {
        let mut parser = Parser::new();
        parser.set_language(&language).expect("grammar");
        parser.parse(text, None).expect("tree")
    }

    /// The same answers as tree-sitter's own lookup, for two grammars asked in turn with the same
    /// names (one slot may serve either), and for a name one grammar lacks.
    #[test]
    fn fields_equal_child_by_field_name_across_grammars() {
        let rust = parse(
            tree_sitter_rust::LANGUAGE.into(),
            "fn handler(x: u8) -> u16 { 204 }",
        );
        let js = parse(
            tree_sitter_javascript::LANGUAGE.into(),
            "function handler(x) { return 204 }",
        );
        for _ in 0..3 {
            for tree in [&rust, &js] {
                let function = tree.root_node().child(0).expect("function");
                for name in ["name", "parameters", "body", "return_type", "no_such_field"] {
                    assert_eq!(
                        function.field(name).map(|n| n.id()),
                        function.child_by_field_name(name).map(|n| n.id()),
                        "{name} of {}",
                        function.kind()
                    );
                }
            }
        }
        let function = rust.root_node().child(0).expect("function");
        assert_eq!(
            function.field("return_type").map(|n| n.kind()),
            Some("primitive_type")
        );
        assert!(function.field("no_such_field").is_none());
    }
}
