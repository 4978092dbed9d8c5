//! Facts kept per item, so that an edit inside one item re-reads only that item. Language-neutral:
//! each language's `Reader` says where its items end and how to read them.
//!
//! tree-sitter's incremental re-parse still costs time linear in the number of items in the list an
//! edit falls in (it reuses them one at a time: about 5 ms for 1,800 functions), and reading the whole
//! tree again costs more. So a file is read as segments: each runs from the end of one complete item
//! to the end of the next one, and holds the facts read from it, relative to its start, and its
//! registrations (handlers it registers by name, frameworks it imports).
//!
//! - `update`: an edit that stays inside one segment re-parses that segment alone (a parse restricted
//!   to its byte range) and re-reads it, provided that the old and the new segment are each exactly
//!   one complete item (one nothing after it can extend) with comments (and attributes) before it,
//!   without syntax errors, starting on a line of its own, and with the same registrations. Such an
//!   item parses the same on its own as within the file, and reading it depends on nothing else in
//!   the file but the registrations.
//! - `reread`: any other edit parses the whole file; segments the edits did not touch keep their facts.
//!
//! Both give exactly what `read` gives (a randomized test per language checks this).

use std::fmt::Debug;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use tree_sitter::{Node, Parser, Point, Tree};

use crate::index::{self, View};
use crate::model::FileFacts;

/// The path a file's index of itself is kept under (distinct from any real path).
const OWN: &str = "<this file>";

/// A view of a file's own index (`of_one_file` under `OWN`).
fn own_view(own: &index::Index) -> View<'_> {
    View {
        index: own,
        path: Path::new(OWN),
    }
}

/// Whether a read looked up a name the file itself defines and did not find it (it was read
/// without an index that has the file's own definitions).
/// Reads of a file through its own index at most (see `Segments::read_with`): the depth of a chain
/// of helpers within one file that is followed without a package.
const OWN_ROUNDS: usize = 4;

fn needs_own_index(facts: &FileFacts) -> bool {
    let defined: std::collections::HashSet<&str> = facts.index.defined_names().collect();
    facts
        .index
        .unresolved
        .iter()
        .any(|(name, _)| defined.contains(name.as_str()))
}

/// Registrations found, each with its offset.
pub type Found<G> = Vec<(usize, G)>;

/// Given the registrations found in what is read, those of the whole file (`None`: give up).
pub type FileRegistrations<'a, G> = &'a mut dyn FnMut(&[(usize, G)]) -> Option<Vec<G>>;

/// Old segments by their start.
type Kept<R> = std::collections::HashMap<usize, Arc<Segment<R>>>;

/// Old segments kept by their start, the registrations they were read with, and whether the text
/// is the one they were read from (nothing moved: a segment pointing out of itself can be kept).
type Keep<'a, R> = Option<(&'a Kept<R>, &'a [<R as Reader>::Registration], bool)>;

/// How one language's files are cut into items and read.
pub trait Reader {
    /// What one part of a file says that changes how functions anywhere in it are read.
    type Registration: Clone + PartialEq + Debug;

    /// Where segments end in the file (offsets, in order), with whether the segment ending there is
    /// re-readable alone.
    fn boundaries(root: Node<'_>, text: &str, ends: &mut Vec<(usize, bool)>);

    /// Whether `children` (the parse of one segment alone, ending at `end` in `text`) are exactly
    /// one complete item with only comments (or attributes) before it, which what follows it in
    /// `text` cannot extend.
    fn one_item(children: &[Node<'_>], text: &str, end: usize) -> bool;

    /// Reads `children` of `root`, leaving out the `skip` ranges (sorted, disjoint): returns the
    /// registrations found (with their offsets) and the facts, read with the registrations `file`
    /// gives for the found ones; `None` when `file` gives none.
    fn read(
        text: &str,
        root: Node<'_>,
        children: &[Node<'_>],
        skip: &[Range<usize>],
        file: FileRegistrations<'_, Self::Registration>,
        view: Option<View<'_>>,
    ) -> Option<(Found<Self::Registration>, FileFacts)>;
}

/// One text change in bytes: `start..old_end` of the text before it became `start..new_end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextEdit {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

/// A file's facts, per item.
#[derive(Debug)]
pub struct Segments<R: Reader> {
    pub(crate) items: Vec<Arc<Segment<R>>>,
    /// The union of the segments' registrations: what every function was read with.
    registrations: Vec<R::Registration>,
    /// Whether the file parsed without syntax errors. With an error anywhere, tree-sitter's
    /// recovery can lex text differently around an edit (a `"` typed into a comment pairs with a
    /// stray quote several items before), so one item re-parsed alone no longer stands for the file.
    clean: bool,
    /// Whether these facts stand for the file as an index holds it, so that `read_again_with` may
    /// keep some: read through a view (the index takes them as the file's entry), or read alone
    /// and either looking up none of the file's own definitions or read through the file's own
    /// index until its rounds settled.
    settled: bool,
}

#[cfg(test)]
impl<R: Reader> Segments<R> {
    /// How many items a re-read may keep.
    pub(crate) fn reusable_count(&self) -> usize {
        self.items.iter().filter(|s| s.reusable).count()
    }
}

impl<R: Reader> Clone for Segments<R> {
    fn clone(&self) -> Self {
        Segments {
            items: self.items.clone(),
            registrations: self.registrations.clone(),
            clean: self.clean,
            settled: self.settled,
        }
    }
}

#[derive(Debug)]
pub(crate) struct Segment<R: Reader> {
    len: usize,
    /// Offsets relative to the segment's start.
    facts: FileFacts,
    /// The registrations in this segment (handlers by name, frameworks used).
    registrations: Vec<R::Registration>,
    /// Whether an edit inside it may be answered by re-reading it alone.
    reusable: bool,
    /// Whether every place its facts point to in the file (a related note's `Here` span: where a
    /// helper of the file builds the response) lies inside it. Such a place in another item moves
    /// when an edit moves that item and not this one, so a segment pointing out of itself is read
    /// again, never kept.
    contained: bool,
}

/// Whether the facts of a segment of `len` bytes (in its own offsets) point only inside it.
fn contained(facts: &FileFacts, len: usize) -> bool {
    facts.responses.iter().all(|r| {
        r.related.iter().all(|related| match &related.location {
            crate::model::RelatedLocation::Here(span) => span.start <= span.end && span.end <= len,
            crate::model::RelatedLocation::File { .. } => true,
        })
    })
}

/// True when a segment starting at `start` starts a line: nothing it reads then lies before it.
pub(crate) fn starts_line(text: &str, start: usize) -> bool {
    start == 0 || text.as_bytes().get(start) == Some(&b'\n') || text[start..].starts_with("\r\n")
}

impl<R: Reader> Segments<R> {
    /// Reads the whole file. `tree` is the parse of `text`.
    pub fn read(text: &str, tree: &Tree) -> Segments<R> {
        Segments::read_with(text, tree, None)
    }

    /// `read` through `view`; without one, through an index of the file alone (its own helpers
    /// resolve), which needs a second read only when the first looked up a name the file defines,
    /// and more (up to `OWN_ROUNDS`) only while a read still changes the file's summaries: a
    /// helper summarized through another helper of the file (`handle` → `serve` → `not_found`).
    pub fn read_with(text: &str, tree: &Tree, view: Option<View<'_>>) -> Segments<R> {
        let first = Segments::read_keeping(text, tree, None, view);
        if view.is_some() {
            return first;
        }
        Segments::own_rounds(text, tree, first, true)
    }

    /// The reads through the file's own index that follow `first` (read without one), keeping the
    /// segments a read would give again when `keep_unchanged`.
    fn own_rounds(
        text: &str,
        tree: &Tree,
        first: Segments<R>,
        keep_unchanged: bool,
    ) -> Segments<R> {
        let mut facts = first.facts();
        if !needs_own_index(&facts) {
            return Segments {
                settled: true,
                ..first
            };
        }
        let mut current = first;
        // The facts of the read before `facts` (through the own index too), once there is one.
        let mut earlier: Option<FileFacts> = None;
        for _ in 0..OWN_ROUNDS {
            let own = index::of_one_file(Path::new(OWN), text, &facts);
            // Items whose lookups find what they found in the last read (through an own index
            // too) would read the same: they are kept, and a chain of helpers costs the items
            // along it rather than the whole file per link.
            let unchanged = keep_unchanged
                .then(|| current.unchanged_by(&facts, earlier.as_ref()))
                .flatten();
            let keep = unchanged
                .as_ref()
                .map(|k| (k, current.registrations.as_slice(), true));
            let next = Segments::read_keeping(text, tree, keep, Some(own_view(&own)));
            let next_facts = next.facts();
            let settled = next_facts.index.same_definitions(&facts.index);
            current = next;
            // Read through the own index: settled only if the rounds did.
            current.settled = settled;
            if settled {
                break;
            }
            earlier = Some(std::mem::replace(&mut facts, next_facts));
        }
        current
    }

    /// The segments (by start) whose read through an index of `facts` would give what it gave
    /// through one of `earlier`, both read from `text`: those that look up no name whose
    /// summaries differ between the two. `None` when more than summaries differ.
    ///
    /// Without `earlier`, the segments were read without an index: those that looked up no name
    /// the file defines, and no key (`#..`: catchers, renderers, variants' uses), found nothing
    /// then and find nothing now.
    fn unchanged_by(&self, facts: &FileFacts, earlier: Option<&FileFacts>) -> Option<Kept<R>> {
        let changed: std::collections::HashSet<String> = match earlier {
            Some(earlier) => earlier.index.changed_summary_names(&facts.index, false)?,
            None => facts.index.defined_names().map(str::to_string).collect(),
        };
        let affected = |name: &str| {
            (earlier.is_none() && index::is_key(name))
                || facts.index.names_read(name).any(|n| changed.contains(n))
        };
        // An item that defines a changed name but looks none up reads the same: its own
        // summaries come from its body and its lookups, not from the index's copy of them.
        Some(self.kept_unless(|index| index.references.iter().any(|(name, _)| affected(name))))
    }

    /// The segments (by start) for which `read_again` (given a segment's index facts) is false.
    fn kept_unless(&self, read_again: impl Fn(&index::IndexFacts) -> bool) -> Kept<R> {
        let mut out = std::collections::HashMap::new();
        let mut start = 0;
        for segment in &self.items {
            if !read_again(&segment.facts.index) {
                out.insert(start, segment.clone());
            }
            start += segment.len;
        }
        out
    }

    /// These segments read again through `view`, keeping those whose lookups find what they
    /// found: none looked up a name `found_otherwise` says a lookup through `view` may find
    /// otherwise (given the name and whether the earlier lookup found it). `None` when these
    /// facts are not settled: read alone, a read through an index of their own definitions would
    /// change them. (Read through a view, they are what the index holds for the file.)
    pub fn read_again_with(
        &self,
        text: &str,
        tree: &Tree,
        view: View<'_>,
        found_otherwise: &dyn Fn(&str, bool) -> bool,
    ) -> Option<Segments<R>> {
        if !self.settled {
            return None;
        }
        let whole = self.facts();
        let keep = self.kept_unless(|index| {
            let unresolved: std::collections::HashSet<(&str, usize)> = index
                .unresolved
                .iter()
                .map(|(name, at)| (name.as_str(), *at))
                .collect();
            index.references.iter().any(|(name, at)| {
                let found = !unresolved.contains(&(name.as_str(), *at));
                whole
                    .index
                    .names_read(name)
                    .any(|n| found_otherwise(n, found))
            })
        });
        #[cfg(test)]
        testing::KEPT_AGAIN.fetch_add(keep.len(), std::sync::atomic::Ordering::Relaxed);
        let keep = Some((&keep, self.registrations.as_slice(), true));
        Some(Segments::read_keeping(text, tree, keep, Some(view)))
    }

    /// The index of this file alone, from the facts these segments hold.
    fn own_index(&self, text: &str) -> index::Index {
        index::of_one_file(Path::new(OWN), text, &self.facts())
    }

    /// Whether `next` defines what these segments define, at the same offsets: if not, what other
    /// items read through the file's own index (and the notes pointing into it) may have changed.
    fn same_definitions(&self, next: &Segments<R>) -> bool {
        self.facts().index.same_definitions(&next.facts().index)
    }

    /// Reads the whole file again after `edits` (in order, each in the text left by the previous
    /// ones) turned the text these segments were read from into `text`, parsed as `tree`. The facts
    /// of every re-readable segment the edits did not touch are kept, unless the registrations
    /// changed.
    pub fn reread(&self, text: &str, tree: &Tree, edits: &[TextEdit]) -> Segments<R> {
        self.reread_with(text, tree, edits, None)
    }

    /// `reread` through `view`; without one, through the file's own index (see `read_with`).
    pub fn reread_with(
        &self,
        text: &str,
        tree: &Tree,
        edits: &[TextEdit],
        view: Option<View<'_>>,
    ) -> Segments<R> {
        if view.is_some() {
            return self.reread_in(text, tree, edits, view);
        }
        // The old definitions at their old offsets are only a guess for the new text: keep the
        // result only when the definitions come out the same.
        let own = self.own_index(text);
        let next = self.reread_in(text, tree, edits, Some(own_view(&own)));
        if self.same_definitions(&next) && !needs_own_index(&next.facts()) {
            return next;
        }
        Segments::read_with(text, tree, None)
    }

    fn reread_in(
        &self,
        text: &str,
        tree: &Tree,
        edits: &[TextEdit],
        view: Option<View<'_>>,
    ) -> Segments<R> {
        let old_len: usize = self.items.iter().map(|s| s.len).sum();
        let delta = text.len() as isize - old_len as isize;
        // The edited stretch, in the new text's offsets: [lo, hi).
        let mut dirty: Option<(usize, usize)> = None;
        for e in edits {
            let grown = e.new_end as isize - e.old_end as isize;
            dirty = Some(match dirty {
                None => (e.start, e.new_end),
                Some((lo, hi)) => {
                    let moved = if hi > e.old_end {
                        hi.wrapping_add_signed(grown)
                    } else {
                        0
                    };
                    (lo.min(e.start), moved.max(e.new_end))
                }
            });
        }
        let (lo, hi) = dirty.unwrap_or((text.len(), text.len()));
        let old_hi = hi as isize - delta;
        // Untouched old segments by their start in the new text.
        let mut kept = std::collections::HashMap::new();
        let mut start = 0;
        for segment in &self.items {
            let end = start + segment.len;
            let new_start = if end <= lo {
                Some(start as isize)
            } else if start as isize >= old_hi {
                Some(start as isize + delta)
            } else {
                None
            };
            if let Some(new_start) = new_start.filter(|_| segment.reusable) {
                kept.insert(new_start as usize, segment.clone());
            }
            start = end;
        }
        Segments::read_keeping(text, tree, Some((&kept, &self.registrations, false)), view)
    }

    /// `read`, keeping the given old segments (by start) where a segment of the same length is
    /// re-readable again, provided the registrations come out as `old_registrations`.
    fn read_keeping(
        text: &str,
        tree: &Tree,
        keep: Keep<'_, R>,
        view: Option<View<'_>>,
    ) -> Segments<R> {
        let root = tree.root_node();
        let mut ends = Vec::new();
        R::boundaries(root, text, &mut ends);
        let segment_of = |at: usize| ends.partition_point(|(end, _)| *end <= at);
        let count = ends.len() + 1;
        let bounds = |i: usize| {
            let start = if i == 0 { 0 } else { ends[i - 1].0 };
            let (end, reusable) = ends.get(i).copied().unwrap_or((text.len(), false));
            (start, end.max(start), reusable)
        };
        let mut kept: Vec<Option<Arc<Segment<R>>>> = vec![None; count];
        let mut skip = Vec::new();
        if let Some((old, _, same_text)) = keep {
            for (i, slot) in kept.iter_mut().enumerate() {
                let (start, end, reusable) = bounds(i);
                let same = old
                    .get(&start)
                    .filter(|s| s.len == end - start && (same_text || (reusable && s.contained)));
                if let Some(segment) = same {
                    *slot = Some(segment.clone());
                    skip.push(start..end);
                }
            }
        }
        let children: Vec<Node<'_>> = root.children(&mut root.walk()).collect();
        let mut own: Vec<Vec<R::Registration>> = vec![Vec::new(); count];
        let mut registrations = Vec::new();
        let read = R::read(
            text,
            root,
            &children,
            &skip,
            &mut |found| {
                for (at, registration) in found {
                    own[segment_of(*at)].push(registration.clone());
                }
                for (i, own) in own.iter().enumerate() {
                    let own = kept[i].as_ref().map_or(own, |s| &s.registrations);
                    registrations.extend(own.iter().cloned());
                }
                // The kept facts were read with the old registrations.
                match keep {
                    Some((_, old, _)) if registrations.as_slice() != old => None,
                    _ => Some(registrations.clone()),
                }
            },
            view,
        );
        let Some((_, facts)) = read else {
            return Segments::read_keeping(text, tree, None, view);
        };
        let mut per = vec![FileFacts::default(); count];
        for response in facts.responses {
            per[segment_of(response.status.span.start)]
                .responses
                .push(response);
        }
        for mention in facts.mentions {
            per[segment_of(mention.span.start)].mentions.push(mention);
        }
        for (slot, index) in per.iter_mut().zip(facts.index.split(count, segment_of)) {
            slot.index = index;
        }
        let items = per
            .into_iter()
            .zip(own)
            .zip(kept)
            .enumerate()
            .map(|(i, ((mut facts, registrations), kept))| {
                if let Some(segment) = kept {
                    return segment;
                }
                let (start, end, reusable) = bounds(i);
                facts.shift(-(start as isize));
                let contained = contained(&facts, end - start);
                Arc::new(Segment {
                    len: end - start,
                    facts,
                    registrations,
                    reusable,
                    contained,
                })
            })
            .collect();
        Segments {
            items,
            registrations,
            clean: !root.has_error(),
            settled: view.is_some(),
        }
    }

    /// The segments after `edits` (in order, each in the text left by the previous ones) turned the
    /// text these segments were read from into `text`; `None` when the edits need the whole file read
    /// again. `point` gives the tree-sitter point (row, byte column) of an offset in `text`.
    pub fn update(
        &self,
        text: &str,
        edits: &[TextEdit],
        parser: &mut Parser,
        point: impl Fn(usize) -> Point,
    ) -> Option<Segments<R>> {
        self.update_with(text, edits, parser, point, None)
    }

    /// `update` through `view`; without one, through the file's own index, and only when the
    /// edited item's definitions stay the same (others may read them).
    pub fn update_with(
        &self,
        text: &str,
        edits: &[TextEdit],
        parser: &mut Parser,
        point: impl Fn(usize) -> Point,
        view: Option<View<'_>>,
    ) -> Option<Segments<R>> {
        if view.is_some() {
            return self.update_in(text, edits, parser, point, view);
        }
        let own = self.own_index(text);
        let next = self.update_in(text, edits, parser, point, Some(own_view(&own)))?;
        (self.same_definitions(&next) && !needs_own_index(&next.facts())).then_some(next)
    }

    fn update_in(
        &self,
        text: &str,
        edits: &[TextEdit],
        parser: &mut Parser,
        point: impl Fn(usize) -> Point,
        view: Option<View<'_>>,
    ) -> Option<Segments<R>> {
        let Some(first) = edits.first() else {
            return Some(self.clone());
        };
        // The segment the first edit starts in (an insertion at a boundary belongs to the next one).
        let (index, start) = self.locate(first.start)?;
        let old = &self.items[index];
        if !old.reusable || !self.clean {
            return None;
        }
        // The other items stay where their segments say: one pointing into another item may point
        // where that item was.
        if self
            .items
            .iter()
            .enumerate()
            .any(|(i, s)| i != index && !s.contained)
        {
            return None;
        }
        let mut end = start + old.len;
        for edit in edits {
            let inside = start <= edit.start && edit.start < end && edit.old_end <= end;
            if !inside || edit.new_end < edit.start || edit.old_end < edit.start {
                return None;
            }
            end = end + edit.new_end - edit.old_end;
        }
        if end > text.len() || !starts_line(text, start) {
            return None;
        }
        let tree = parse_range(parser, text, start..end, point)?;
        let root = tree.root_node();
        if root.has_error() {
            return None;
        }
        let children: Vec<Node<'_>> = root.children(&mut root.walk()).collect();
        if !R::one_item(&children, text, end) {
            return None;
        }
        // Registering other handlers changes how functions elsewhere are read.
        let (_, mut facts) = R::read(
            text,
            root,
            &children,
            &[],
            &mut |found| {
                let own = found.iter().map(|(_, r)| r);
                own.eq(old.registrations.iter())
                    .then(|| self.registrations.clone())
            },
            view,
        )?;
        facts.shift(-(start as isize));
        let contained = contained(&facts, end - start);
        let mut items = self.items.clone();
        items[index] = Arc::new(Segment {
            len: end - start,
            facts,
            registrations: old.registrations.clone(),
            reusable: true,
            contained,
        });
        Some(Segments {
            items,
            registrations: self.registrations.clone(),
            clean: true,
            settled: false,
        })
    }

    /// The facts of the whole file, in its offsets.
    pub fn facts(&self) -> FileFacts {
        let mut out = FileFacts::default();
        let mut start = 0;
        for segment in &self.items {
            out.extend_shifted(&segment.facts, start as isize);
            start += segment.len;
        }
        out.index.rekey();
        out
    }

    /// The byte range of the re-readable segment holding `offset`: a range that parses on its own.
    pub fn item_range(&self, offset: usize) -> Option<Range<usize>> {
        let (index, start) = self.locate(offset)?;
        let segment = &self.items[index];
        segment.reusable.then_some(start..start + segment.len)
    }

    /// The index and start of the segment holding `offset` (a boundary belongs to the next one).
    fn locate(&self, offset: usize) -> Option<(usize, usize)> {
        let mut start = 0;
        for (index, segment) in self.items.iter().enumerate() {
            if offset < start + segment.len {
                return Some((index, start));
            }
            start += segment.len;
        }
        None
    }
}

/// Parses only `range` of `text`; the tree's nodes carry offsets in `text`. `point` gives the
/// tree-sitter point (row, byte column) of an offset.
pub fn parse_range(
    parser: &mut Parser,
    text: &str,
    range: Range<usize>,
    point: impl Fn(usize) -> Point,
) -> Option<Tree> {
    parser
        .set_included_ranges(&[tree_sitter::Range {
            start_byte: range.start,
            end_byte: range.end,
            start_point: point(range.start),
            end_point: point(range.end),
        }])
        .ok()?;
    parser.parse(text, None)
}

/// Helpers for each language's segment tests: the same randomized check for every `Reader`.
#[cfg(test)]
pub(crate) mod testing {
    /// Segments `read_again_with` kept, over the test run (a test of it reads it before and after).
    pub(crate) static KEPT_AGAIN: std::sync::atomic::AtomicUsize =
        std::sync::atomic::AtomicUsize::new(0);

    use super::*;
    use std::path::{Path, PathBuf};

    /// The texts of the files under `dirs` (relative to the repository) whose language is `keep`.
    pub(crate) fn corpus(
        dirs: &[&str],
        keep: impl Fn(crate::extract::Language) -> bool,
    ) -> Vec<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        files_under(dirs.iter().map(|d| root.join(d)).collect())
            .into_iter()
            .filter(|path| crate::extract::Language::from_path(path).is_some_and(&keep))
            .map(|path| std::fs::read_to_string(path).unwrap())
            .collect()
    }

    /// Every file under `dirs`, at any depth.
    pub(crate) fn files_under(mut dirs: Vec<PathBuf>) -> Vec<PathBuf> {
        let mut files = Vec::new();
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    files.push(path);
                }
            }
        }
        files
    }

    pub(crate) fn point(text: &str, offset: usize) -> Point {
        let before = &text[..offset];
        let row = before.matches('\n').count();
        Point {
            row,
            column: offset - before.rfind('\n').map_or(0, |i| i + 1),
        }
    }

    /// Applies `replace(start..end, new)` to `text`, returning the edit.
    pub(crate) fn apply(text: &mut String, start: usize, end: usize, new: &str) -> TextEdit {
        text.replace_range(start..end, new);
        TextEdit {
            start,
            old_end: end,
            new_end: start + new.len(),
        }
    }

    /// A small deterministic generator (xorshift), so failures reproduce.
    pub(crate) struct Rng(u64);
    impl Rng {
        pub(crate) fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    pub(crate) fn floor_boundary(text: &str, mut at: usize) -> usize {
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    /// Reading a file through its own index while keeping the segments whose lookups find what
    /// they found gives what reading every segment in every round gives. Returns how many of
    /// `files` took more than one round (the test is empty without them).
    pub(crate) fn kept_rounds_equal_full_rounds<R: Reader>(
        files: Vec<String>,
        parser: impl Fn() -> Parser,
    ) -> usize {
        let mut rounds = 0;
        for text in files {
            let tree = parser().parse(&text, None).unwrap();
            let first = || Segments::<R>::read_keeping(&text, &tree, None, None);
            if !needs_own_index(&first().facts()) {
                continue;
            }
            rounds += 1;
            let kept = Segments::own_rounds(&text, &tree, first(), true).facts();
            let full = Segments::own_rounds(&text, &tree, first(), false).facts();
            // `FileFacts` has no `PartialEq`; its `Debug` shows every field.
            assert_eq!(format!("{kept:#?}"), format!("{full:#?}"), "{text}");
        }
        rounds
    }

    /// Random one-character edits (most of them undone again, the others kept, so that edits also
    /// happen next to broken code) all over real handler files: whenever an edit is answered from
    /// the segments, and after every re-read that keeps untouched segments, the facts equal those of
    /// reading the edited file from scratch.
    /// `parser` makes a parser of the files' language; `typed` are the characters typed;
    /// `single_items`: whether the language re-reads one item alone (`Reader::one_item`).
    pub(crate) fn updated_segments_equal_a_full_read<R: Reader>(
        files: Vec<String>,
        parser: impl Fn() -> Parser,
        typed: &[&str],
        single_items: bool,
    ) {
        let read = |text: &str| {
            let tree = parser().parse(text, None).unwrap();
            Segments::<R>::read(text, &tree)
        };
        let mut rng = Rng(0x5eed_1234_abcd_ef01);
        let (mut fast, mut total) = (0, 0);
        for original in files {
            let mut text = original.clone();
            let mut segments = read(&text);
            for round in 0..150 {
                if round % 30 == 0 {
                    text = original.clone();
                    segments = read(&text);
                }
                let at = floor_boundary(&text, rng.below(text.len().max(1)));
                let before = text.clone();
                let edits = if rng.below(3) == 0 && at < text.len() {
                    let end = at + text[at..].chars().next().unwrap().len_utf8();
                    vec![apply(&mut text, at, end, "")]
                } else {
                    let c = typed[rng.below(typed.len())];
                    let mut edits = vec![apply(&mut text, at, at, c)];
                    if rng.below(4) == 0 {
                        // Two changes in one notification: typing a pair.
                        edits.push(apply(&mut text, at + 1, at + 1, "x"));
                    }
                    edits
                };
                // The undo: put back what the edits replaced.
                let grown = text.len() as isize - before.len() as isize;
                let mut undone = text.clone();
                let undo = apply(
                    &mut undone,
                    at,
                    (at as isize + grown.max(0)) as usize,
                    &before[at..(at as isize - grown.min(0)) as usize],
                );
                assert_eq!(undone, before);
                // One edit in four stays, so later edits also happen next to broken code.
                let mut steps = vec![(edits, text.clone())];
                if rng.below(4) != 0 {
                    steps.push((vec![undo], before.clone()));
                }
                for (edits, current) in steps {
                    total += 1;
                    let tree = parser().parse(&current, None).unwrap();
                    let full = format!("{:?}", Segments::<R>::read(&current, &tree).facts());
                    // Read again, keeping what the edits did not touch.
                    let reread = segments.reread(&current, &tree, &edits);
                    assert_eq!(
                        format!("{:?}", reread.facts()),
                        full,
                        "reread after {edits:?} in:\n{current}"
                    );
                    let updated =
                        segments.update(&current, &edits, &mut parser(), |o| point(&current, o));
                    if let Some(updated) = updated {
                        fast += 1;
                        assert_eq!(
                            format!("{:?}", updated.facts()),
                            full,
                            "after {edits:?} in:\n{current}"
                        );
                        segments = updated;
                    } else {
                        segments = reread;
                    }
                    text = current;
                }
            }
        }
        // Most positions are inside a function, and most one-character edits there keep it valid;
        // but a kept edit that breaks the file sends every later edit in it down the whole-file
        // path (`Segments::clean`), and so do edits in items nested in modules and impls (read in
        // context) and, without an index, edits that move a definition of the file's own; about
        // one in ten takes the fast path here.
        eprintln!("{fast} of {total} edits took the fast path");
        if single_items {
            assert!(
                fast * 20 > total,
                "only {fast} of {total} edits took the fast path"
            );
        }
    }
}
