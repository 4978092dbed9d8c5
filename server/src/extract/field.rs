//! `node.field("name")`: a node's child by field name, with the name's id remembered.
//!
//! tree-sitter's `child_by_field_name` looks the name up by comparing it with every field name of
//! the grammar (`strncmp`) on every call; the readers ask for fields millions of times, which cost
//! about a tenth of `check` (callgrind, bench corpus). The ids depend only on the grammar and the
//! name, so a small per-thread table keyed by both gives them after the first lookup.

use std::cell::RefCell;
use std::hash::{Hash, Hasher};

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
        let id = field_id(&self.language(), name)?;
        self.child_by_field_id(id)
    }

    #[inline]
    fn kind_str(&self) -> &'static str {
        let language = self.language();
        let id = usize::from(self.kind_id());
        KINDS.with(|kinds| {
            let mut kinds = kinds.borrow_mut();
            let at = match kinds.iter().position(|(l, _)| *l == *language) {
                Some(at) => at,
                None => {
                    let names = (0..language.node_kind_count())
                        .map(|id| {
                            u16::try_from(id)
                                .ok()
                                .and_then(|id| language.node_kind_for_id(id))
                                .unwrap_or("")
                        })
                        .collect();
                    kinds.push((language.clone(), names));
                    kinds.len() - 1
                }
            };
            match kinds[at].1.get(id) {
                Some(name) => name,
                None => self.kind(),
            }
        })
    }
}

const SLOTS: usize = 512;

/// One remembered lookup: the grammar, the name (by address and length: names are literals) and
/// its id (`None`: the grammar has no such field).
struct Slot {
    language: Language,
    name: (usize, usize),
    id: Option<u16>,
}

thread_local! {
    /// Per grammar (a handful), its kind names by id.
    static KINDS: RefCell<Vec<(Language, Vec<&'static str>)>> = const { RefCell::new(Vec::new()) };
    static TABLE: RefCell<Vec<Option<Slot>>> =
        RefCell::new(std::iter::repeat_with(|| None).take(SLOTS).collect());
}

/// A cheap hash of the grammar (its address): only to pick a slot; a hit is confirmed by
/// comparing the grammar itself.
#[derive(Default)]
struct Address(u64);

impl Hasher for Address {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(5) ^ u64::from(b);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = self.0.rotate_left(5) ^ n as u64;
    }
}

fn field_id(language: &Language, name: &'static str) -> Option<u16> {
    let key = (name.as_ptr() as usize, name.len());
    let mut address = Address::default();
    language.hash(&mut address);
    let slot = ((key.0 >> 3) ^ (address.finish() as usize >> 4)) % SLOTS;
    TABLE.with(|table| {
        let mut table = table.borrow_mut();
        if let Some(hit) = &table[slot] {
            if hit.name == key && hit.language == *language {
                return hit.id;
            }
        }
        let id = language.field_id_for_name(name).map(|id| id.get());
        table[slot] = Some(Slot {
            language: language.clone(),
            name: key,
            id,
        });
        id
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
