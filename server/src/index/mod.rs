//! The cross-file index: for every file of a package, the summaries of what it defines (see
//! `summary`), its imports and the names it looked up. An extractor reads a file through a `View`,
//! which resolves a call's path to one summary (or to nothing: an unknown name, two definitions of
//! one name, a name from outside the package), and the adapters (CLI, server) keep the index up to
//! date and ask which files depend on which.
//!
//! Invariants: entries are per file and replaced whole (`update`), so a reader sees a file's old or
//! new definitions, never a mix; a name resolves only when it names exactly one definition; a
//! resolution never leaves the package (plus its `path` dependencies).

mod instantiate;
mod package;
mod summary;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use dashmap::DashMap;
use rayon::prelude::*;

use crate::model::{FileFacts, Place, RelatedLocation, Span};
use crate::text::LineIndex;
pub use instantiate::{applicable, instantiate, Caller, Instance, InstanceBody};
pub use package::{forget_packages, package_root, AliasCache, Aliases, ALIASED};
pub use summary::*;

/// One indexed file.
#[derive(Debug)]
struct Entry {
    path: Arc<Path>,
    /// The crate it belongs to: a package's `src/` tree, or the file itself (a binary, an example, a
    /// file outside any package).
    krate: PathBuf,
    /// Its module path in the crate (`src/handlers/tokens.rs` -> `["handlers", "tokens"]`).
    module: Vec<String>,
    /// Crate names (`my_app`, `path` dependencies) -> their crate.
    crates: Arc<Vec<(String, PathBuf)>>,
    /// A flat package's path aliases (`ALIASED` paths resolve through them).
    aliases: Arc<Aliases>,
    /// Whether it is a file of a flat package, where `a/index` also stands for the folder `a`.
    flat: bool,
    /// Whether it also stands for its folder's module (`Module::folder`).
    folder: bool,
    facts: IndexFacts,
    /// Free functions (inline module path + name) the file defines more than once: a lookup finds
    /// neither, even when only one of them has a summary.
    twice: HashSet<(Vec<String>, String)>,
    /// Positions of the spans a related note can point to (outcomes' `built`), by span start.
    places: HashMap<usize, (Place, Place)>,
}

impl Entry {
    /// The modules the file is: its own, and its folder's when it stands for it.
    fn module_keys(&self) -> Vec<(PathBuf, Vec<String>)> {
        let mut out = vec![(self.krate.clone(), self.module.clone())];
        if let Some((_, folder)) = self.module.split_last().filter(|_| self.folder) {
            out.push((self.krate.clone(), folder.to_vec()));
        }
        out
    }

    /// Where a related note on `span` (in this file) points when read from the file `reader`.
    fn location_from(&self, reader: &Path, span: Span) -> Option<RelatedLocation> {
        if self.path.as_ref() == reader {
            return Some(RelatedLocation::Here(span));
        }
        let &(start, end) = self.places.get(&span.start)?;
        Some(RelatedLocation::File {
            path: self.path.clone(),
            span,
            start,
            end,
        })
    }

    /// Whether a lookup from this file can find a definition in `krate`: its own crate or one it
    /// names.
    fn sees(&self, krate: &Path) -> bool {
        self.krate == krate || self.crates.iter().any(|(_, c)| c == krate)
    }

    /// Whether `other` is at the same place (crate, module) with the same twice-defined names.
    fn same_place(&self, other: &Entry) -> bool {
        self.twice == other.twice && self.krate == other.krate && self.module == other.module
    }

    /// The names whose summaries differ in `other`, a later entry of the same file; `None` when
    /// more differs than what only keys read (see `IndexFacts::changed_summary_names`).
    fn changed_summary_names(&self, other: &Entry) -> Option<HashSet<String>> {
        self.same_place(other)
            .then(|| self.facts.changed_summary_names(&other.facts, true))
            .flatten()
    }

    /// Whether other files see the same definitions in `other` (its summaries, types, imports,
    /// catchers, where it is).
    fn sees_same(&self, other: &Entry) -> bool {
        self.facts.same_definitions(&other.facts) && self.same_place(other)
    }
}

/// How many files of a crate may define a name before a lookup of it is narrowed by module
/// (`Index::defining_at`): below it, checking each is cheaper than the module lookups.
const NARROW_DEFINERS_FROM: usize = 8;

/// The index of every file read so far. `Send + Sync`; entries are replaced whole.
#[derive(Debug, Default)]
pub struct Index {
    files: DashMap<PathBuf, Arc<Entry>>,
    /// Defined name -> crate -> files of it defining the name (functions, methods' types, types).
    /// By crate: a lookup only sees its own crate and those it names, and a name that every
    /// generated service defines (`new`, `handler`) must not cost each lookup the whole workspace.
    definers: DashMap<String, HashMap<PathBuf, HashSet<PathBuf>>>,
    /// Looked-up name -> files that looked it up.
    readers: DashMap<String, HashSet<PathBuf>>,
    /// (crate, module path) -> the files that are that module, for names a module re-exports
    /// (`pub use reply::json_error;` in `errors/mod.rs`).
    modules: DashMap<(PathBuf, Vec<String>), HashSet<PathBuf>>,
    /// Files a budget ran out for while they were read: some of their cross-file facts are unknown.
    exhausted: DashMap<PathBuf, Exhausted>,
    /// Counts the updates that changed what other files see, each counted once it is complete: a
    /// reader that saw the same count before and after reading saw no update half-done.
    changes: std::sync::atomic::AtomicU64,
    /// Updates and removals started and finished (any change, seen or not): a result computed
    /// while both stayed equal is what the index answers until the next one starts.
    started: std::sync::atomic::AtomicU64,
    finished: std::sync::atomic::AtomicU64,
    /// `View::relays` resolved per name, with the `started` count they hold for: every helper
    /// exporting the name asks for the same relays (a default export for all the package's
    /// `default` ones), and resolving them for each would be quadratic in the package.
    relays_resolved: DashMap<String, (u64, Arc<Vec<ResolvedRelay>>)>,
}

/// A relay recorded under a name, with what it resolves to from its own file.
#[derive(Debug)]
struct ResolvedRelay {
    entry: Arc<Entry>,
    relay: Relayed,
    /// The file of the function it resolves to, and that function's name.
    target: Arc<Path>,
    function: String,
}

/// Which budget ran out while a file was read through the index: the lookup (or the chain) it was
/// for is unknown, so the findings that need it are left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exhausted {
    /// Looking `name` up took more than `MAX_IMPORT_STEPS` `use` steps (glob imports fanning out).
    Resolution { name: String },
    /// The file was still being read again when `settle` stopped after `MAX_SETTLE_ROUNDS` rounds
    /// (a chain of helpers longer than that).
    Settle,
}

impl std::fmt::Display for Exhausted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Exhausted::Resolution { name } => write!(
                f,
                "looking up `{name}` took more than {MAX_IMPORT_STEPS} `use` steps: it is unknown, and what depends on it is not reported"
            ),
            Exhausted::Settle => write!(
                f,
                "helpers calling helpers were still being followed after {MAX_SETTLE_ROUNDS} rounds: the rest of the chain is not reported"
            ),
        }
    }
}

impl Index {
    pub fn new() -> Index {
        Index::default()
    }

    /// Stores what `facts` (extracted from `text` at `path`) define and look up. Returns whether what
    /// other files can see (the summaries, types, imports or catchers) changed.
    pub fn update(&self, path: &Path, text: &str, facts: &FileFacts) -> bool {
        let place = package_root(path).and_then(|root| package::module_of(&root, path));
        let (krate, module, crates, aliases, flat, folder) = match place {
            Some(m) => (m.krate, m.module, m.crates, m.aliases, m.flat, m.folder),
            None => (
                path.to_path_buf(),
                Vec::new(),
                Arc::new(Vec::new()),
                Arc::new(Aliases::default()),
                false,
                false,
            ),
        };
        // Built only for a file with places to keep (most files have none).
        let mut lines: Option<LineIndex> = None;
        // Where related notes can point: responses' `built` spans, `?` sends, error renderers,
        // relayed sends.
        let built = facts.index.summaries.iter().flat_map(|summary| {
            let outcomes = match &summary.returns {
                Returns::Responses(o)
                | Returns::Converts(o)
                | Returns::Writes { outcomes: o, .. } => o.as_slice(),
                _ => &[],
            };
            outcomes.iter().map(|outcome| outcome.built)
        });
        // Statuses set apart from a response: a value's field, a status method's constant.
        let set = facts
            .index
            .summaries
            .iter()
            .flat_map(|summary| {
                let (fields, status): (&[(String, StatusSource)], _) = match &summary.returns {
                    Returns::Constructs { fields, .. } => (fields, None),
                    Returns::Reports { status, .. } => (&[], Some(status)),
                    _ => (&[], None),
                };
                fields.iter().map(|(_, s)| s).chain(status)
            })
            .filter_map(|source| match source {
                StatusSource::Const { span, .. } => Some(*span),
                _ => None,
            });
        let sent = facts.index.sends.iter().map(|sent| sent.span);
        let rendered = facts.index.renderers.iter().map(|r| Span {
            start: r.at,
            end: r.at,
        });
        let thrown = facts.index.thrown.iter().map(|t| t.span);
        let mut places = HashMap::new();
        let relayed = facts.index.relays.iter().map(|r| r.span);
        for span in built
            .chain(set)
            .chain(sent)
            .chain(rendered)
            .chain(thrown)
            .chain(relayed)
        {
            if span.end <= text.len() {
                let lines = lines.get_or_insert_with(|| LineIndex::new(text));
                places.insert(
                    span.start,
                    (
                        Place::at(lines, text, span.start),
                        Place::at(lines, text, span.end),
                    ),
                );
            }
        }
        let twice = facts
            .index
            .defined_twice()
            .into_iter()
            .map(|(module, name)| (module.to_vec(), name.to_string()))
            .collect();
        let entry = Entry {
            twice,
            path: Arc::from(path),
            krate,
            module,
            crates,
            aliases,
            flat,
            folder,
            facts: facts.index.clone(),
            places,
        };
        let new = Arc::new(entry);
        self.started
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let old = self.files.insert(path.to_path_buf(), new.clone());
        let changed = old.as_ref().is_none_or(|o| !o.sees_same(&new));
        if let Some(old) = &old {
            self.forget(path, old);
        }
        for name in new.facts.defined_names() {
            self.definers
                .entry(name.to_string())
                .or_default()
                .entry(new.krate.clone())
                .or_default()
                .insert(path.to_path_buf());
        }
        for module in new.module_keys() {
            self.modules
                .entry(module)
                .or_default()
                .insert(path.to_path_buf());
        }
        for (name, _) in &new.facts.references {
            for read in new.facts.names_read(name) {
                self.readers
                    .entry(read.to_string())
                    .or_default()
                    .insert(path.to_path_buf());
            }
        }
        if changed {
            self.changes
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
        self.finished
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        changed
    }

    /// How many updates that changed what other files see are complete (see `changes`).
    pub fn changes(&self) -> u64 {
        self.changes.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Stores `path` read afresh, as `check` reads it: `first` (its facts read without the index)
    /// goes in, then, when the index resolves a name it looks up, `read` reads it again through the
    /// index. (Read through its own previous entry, a helper calling another helper of its file
    /// would keep the callee's old summary.) Returns whether what other files see changed from the
    /// entry it had before.
    pub fn update_fresh<F>(&self, path: &Path, text: &str, first: &FileFacts, read: F) -> bool
    where
        F: FnOnce(View<'_>) -> Option<FileFacts>,
    {
        let old = self.entry(path);
        self.update(path, text, first);
        if self.resolves(path, &first.index) {
            if let Some(facts) = read(View { index: self, path }) {
                self.update(path, text, &facts);
            }
        }
        match (old, self.entry(path)) {
            (Some(old), Some(new)) => !old.sees_same(&new),
            _ => true,
        }
    }

    fn forget(&self, path: &Path, entry: &Entry) {
        for name in entry.facts.defined_names() {
            if let Some(mut by_crate) = self.definers.get_mut(name) {
                if let Some(set) = by_crate.get_mut(&entry.krate) {
                    set.remove(path);
                }
            }
        }
        for module in entry.module_keys() {
            if let Some(mut set) = self.modules.get_mut(&module) {
                set.remove(path);
            }
        }
        for (name, _) in &entry.facts.references {
            for read in entry.facts.names_read(name) {
                if let Some(mut set) = self.readers.get_mut(read) {
                    set.remove(path);
                }
            }
        }
    }

    /// Removes a file; true when it was there.
    pub fn remove(&self, path: &Path) -> bool {
        self.started
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let removed = match self.files.remove(path) {
            Some((_, entry)) => {
                self.forget(path, &entry);
                self.changes
                    .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                true
            }
            None => false,
        };
        self.finished
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        removed
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn contains(&self, path: &Path) -> bool {
        self.files.contains_key(path)
    }

    /// Files whose facts may change when `path`'s definitions change: those that looked up one of
    /// the names `path` defines now (call it also before an update, for the names it defined
    /// before). Never `path` itself.
    pub fn dependents(&self, path: &Path) -> Vec<PathBuf> {
        let Some(entry) = self.files.get(path).map(|e| e.clone()) else {
            return Vec::new();
        };
        self.dependents_of(path, &entry)
    }

    /// `dependents` of the file at `path` as `entry` describes it (it need not be the current
    /// one: readers are other files, whatever the file's own update did).
    fn dependents_of(&self, path: &Path, entry: &Entry) -> Vec<PathBuf> {
        let mut out: HashSet<PathBuf> = HashSet::new();
        // What it defines, and the functions it may re-export (an import of a lower-case name:
        // types resolve by their own name).
        let reexported = entry
            .facts
            .imports
            .iter()
            .filter(|i| !i.glob && i.alias.starts_with(|c: char| c.is_lowercase()))
            .map(|i| i.alias.as_str());
        // A reader resolves names only in its own crate and the crates it names: readers of the
        // same name in unrelated packages (generated services all define `new`, `handler`) are not
        // affected, and re-reading them made settling a workspace quadratic in its packages.
        let sees = |reader: &PathBuf| {
            reader.as_path() != path && self.entry(reader).is_none_or(|r| r.sees(&entry.krate))
        };
        for name in entry.facts.defined_names().chain(reexported) {
            if let Some(readers) = self.readers.get(name) {
                out.extend(readers.iter().filter(|p| sees(p)).cloned());
            }
        }
        // Catchers and renderers change how every file of the crate reads its error statuses.
        let shared = [
            (CATCHERS, !entry.facts.catchers.is_empty()),
            (RENDERERS, !entry.facts.renderers.is_empty()),
        ];
        for (name, _) in shared.iter().filter(|(_, has)| *has) {
            // `readers` holds every file referring to the name (and a few more, through imports
            // named so): a renderer's file no longer costs each of its updates every file.
            let Some(readers) = self.readers.get(*name).map(|r| r.clone()) else {
                continue;
            };
            for reader in readers {
                let Some(other) = self.entry(&reader) else {
                    continue;
                };
                let reads = other.facts.references.iter().any(|(n, _)| n == name);
                if other.krate == entry.krate && reader != path && reads {
                    out.insert(reader);
                }
            }
        }
        let mut out: Vec<PathBuf> = out.into_iter().collect();
        out.sort();
        out
    }

    /// Whether a file the file at `path` (described by `entry`, when indexed) sees defines
    /// `name`; `besides` leaves the file itself out.
    fn defined_for(&self, entry: Option<&Entry>, path: &Path, name: &str, besides: bool) -> bool {
        let Some(by_crate) = self.definers.get(name) else {
            return false;
        };
        by_crate.iter().any(|(krate, files)| {
            entry.is_none_or(|e| e.sees(krate))
                && files.iter().any(|file| !besides || file.as_path() != path)
        })
    }

    /// The test `Segments::read_again_with` takes for a file read alone before and now read
    /// through this index: a lookup of a name may find something else when another file the file
    /// sees defines it, or, when the file alone did not find it, when any file does. A key (`#..`)
    /// counts as changed, and so does every name found when a type the file defines, or has
    /// methods of, is also defined by another file (the type may be ambiguous in the package,
    /// whatever the method's name).
    pub fn finds_otherwise<'a>(&'a self, path: &'a Path) -> impl Fn(&str, bool) -> bool + 'a {
        let entry = self.entry(path);
        let shared = entry.as_ref().is_none_or(|e| {
            let owners = e.facts.summaries.iter().filter_map(|s| s.owner.as_deref());
            let types = e.facts.types.iter().map(|t| t.name.as_str());
            types
                .chain(owners)
                .any(|name| self.defined_for(Some(e), path, name, true))
        });
        move |name, found| {
            is_key(name)
                || (found && shared)
                || self.defined_for(entry.as_deref(), path, name, found)
        }
    }

    /// Whether extracting `path` again with this index would resolve a name `facts` looked up and
    /// did not find.
    pub fn resolves_pending(&self, path: &Path, facts: &FileFacts) -> bool {
        self.resolves(path, &facts.index)
    }

    /// Whether a name `facts` (of the file at `path`) looked up and did not find is now defined in
    /// a crate the file can see: its own or one it names (anywhere, for a file not indexed).
    fn resolves(&self, path: &Path, facts: &IndexFacts) -> bool {
        let entry = self.entry(path);
        facts.unresolved.iter().any(|(name, _)| {
            name == CATCHERS
                || name == RENDERERS
                || facts
                    .names_read(name)
                    .any(|read| self.defined_for(entry.as_deref(), path, read, false))
        })
    }

    /// Reads again, with the index, the files whose lookups the index now resolves, then the files
    /// that use what changed, until nothing changes or `MAX_SETTLE_ROUNDS` rounds have run: a helper
    /// calling a helper in another file gets its summary whatever order the files were read in.
    /// `read` gives a file's text and facts read through the view it is handed (`None` leaves the
    /// entry as it is). Each round reads against the index as it was at the round's start and
    /// applies the updates afterwards, so the result does not depend on thread timing. Returns how
    /// many reads it made.
    pub fn settle<F>(&self, read: F) -> usize
    where
        F: Fn(View<'_>) -> Option<(String, FileFacts)> + Sync,
    {
        self.settle_with(|view, _: &Round<'_>| read(view))
    }

    /// `settle`, telling `read` what changed in the round before (see `Round`).
    pub fn settle_with<F>(&self, read: F) -> usize
    where
        F: Fn(View<'_>, &Round<'_>) -> Option<(String, FileFacts)> + Sync,
    {
        let round: Vec<PathBuf> = self
            .files
            .iter()
            .filter(|e| self.resolves(e.key(), &e.facts))
            .map(|e| e.key().clone())
            .collect();
        let mut reads = 0;
        self.settle_from_with(round, &read, &mut reads);
        reads
    }

    /// `settle` starting from `round` (the files that use what changed): returns every file read,
    /// whose facts may have changed with it. `reads` counts the reads.
    pub fn settle_from<F>(
        &self,
        round: Vec<PathBuf>,
        read: &F,
        reads: &mut usize,
    ) -> BTreeSet<PathBuf>
    where
        F: Fn(View<'_>) -> Option<(String, FileFacts)> + Sync,
    {
        self.settle_from_with(round, &|view, _: &Round<'_>| read(view), reads)
    }

    fn settle_from_with<F>(
        &self,
        mut round: Vec<PathBuf>,
        read: &F,
        reads: &mut usize,
    ) -> BTreeSet<PathBuf>
    where
        F: Fn(View<'_>, &Round<'_>) -> Option<(String, FileFacts)> + Sync,
    {
        let mut touched = BTreeSet::new();
        let mut changed = Some(HashSet::new());
        for number in 0..MAX_SETTLE_ROUNDS {
            if round.is_empty() {
                break;
            }
            round.sort();
            *reads += round.len();
            touched.extend(round.iter().cloned());
            let told = Round {
                number,
                changed: changed.as_ref(),
            };
            let read_again: Vec<(PathBuf, String, FileFacts)> = round
                .par_iter()
                .filter_map(|path| {
                    let (text, facts) = read(View { index: self, path }, &told)?;
                    Some((path.clone(), text, facts))
                })
                .collect();
            let mut next = BTreeSet::new();
            let mut next_changed = Some(HashSet::new());
            for (path, text, facts) in read_again {
                let old = self.entry(&path);
                if self.update(&path, &text, &facts) {
                    // Those that read what it defined before (asked only when something changed).
                    if let Some(old) = &old {
                        next.extend(self.dependents_of(&path, old));
                    }
                    let names = old
                        .zip(self.entry(&path))
                        .and_then(|(old, new)| old.changed_summary_names(&new));
                    match (names, next_changed.as_mut()) {
                        (Some(names), Some(all)) => all.extend(names),
                        _ => next_changed = None,
                    }
                    next.extend(self.dependents(&path));
                    // A helper calling a helper of the same file: its new summary changes
                    // how the file reads itself.
                    if self.reads_itself(&path) {
                        next.insert(path);
                    }
                }
            }
            round = next.into_iter().collect();
            changed = next_changed;
        }
        // Still changing: those files' chains are longer than the rounds allow.
        for path in &round {
            self.ran_out(path, Exhausted::Settle);
        }
        touched
    }

    /// The files a budget ran out for (see `Exhausted`), sorted; the first reason recorded for each.
    pub fn exhausted(&self) -> Vec<(PathBuf, Exhausted)> {
        let mut out: Vec<(PathBuf, Exhausted)> = self
            .exhausted
            .iter()
            .map(|e| (e.key().clone(), e.value().clone()))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// Whether a budget ran out for the file (its cross-file facts are unknown).
    pub fn ran_out_for(&self, path: &Path) -> bool {
        self.exhausted.contains_key(path)
    }

    fn ran_out(&self, path: &Path, why: Exhausted) {
        self.exhausted.entry(path.to_path_buf()).or_insert(why);
    }

    /// Whether the file looked up a name it defines itself.
    fn reads_itself(&self, path: &Path) -> bool {
        let Some(entry) = self.entry(path) else {
            return false;
        };
        let reads = entry.facts.defined_names().any(|name| {
            self.readers
                .get(name)
                .is_some_and(|readers| readers.iter().any(|p| p.as_path() == path))
        });
        reads
    }

    /// The paths of every indexed file, sorted.
    pub fn paths(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = self.files.iter().map(|e| e.key().clone()).collect();
        out.sort();
        out
    }

    fn entry(&self, path: &Path) -> Option<Arc<Entry>> {
        self.files.get(path).map(|e| e.clone())
    }

    /// The files, of any crate, that recorded `key` (calls, relays, routes, variant uses kept under
    /// a name of their own).
    fn recorded(&self, key: &str) -> Vec<PathBuf> {
        self.definers
            .get(key)
            .map(|by_crate| by_crate.values().flatten().cloned().collect())
            .unwrap_or_default()
    }

    /// Whether a file of `krate` defines `name` (without gathering them: a key many files define
    /// is asked about once per function read).
    fn defines(&self, krate: &Path, name: &str) -> bool {
        self.definers
            .get(name)
            .and_then(|by_crate| by_crate.get(krate).map(|files| !files.is_empty()))
            .unwrap_or(false)
    }

    /// The entries of `krate` that define `name`.
    ///
    /// Unsorted: every caller asks for exactly one definition (or sorts what it keeps), and a name
    /// that generated code defines in thousands of files (`new`, `bits`) would make each lookup
    /// sort them all.
    fn defining(&self, krate: &Path, name: &str) -> Vec<Arc<Entry>> {
        let Some(by_crate) = self.definers.get(name) else {
            return Vec::new();
        };
        let Some(files) = by_crate.get(krate) else {
            return Vec::new();
        };
        self.entries_of(krate, files.iter())
    }

    /// The entries of `files` that are still files of `krate`.
    fn entries_of<'a>(
        &self,
        krate: &Path,
        files: impl Iterator<Item = &'a PathBuf>,
    ) -> Vec<Arc<Entry>> {
        files
            .filter_map(|p| self.entry(p))
            .filter(|e| e.krate == krate)
            .collect()
    }

    /// `defining(krate, name)` for the absolute path `full` (ending in `name`): only the files that
    /// can hold it, when many define the name. A file holds `a::b::name` when it is the module
    /// `a::b` or one above it (inline modules below), stands for the folder `a::b`, or is the
    /// flat package's `a/b/index`; every file is in `modules` under those keys. Without this, a
    /// name that every route file defines (`handler`, `GET`) costs each lookup all of them.
    fn defining_at(&self, krate: &Path, full: &[String]) -> Vec<Arc<Entry>> {
        let Some((name, parents)) = full.split_last() else {
            return Vec::new();
        };
        let Some(by_crate) = self.definers.get(name.as_str()) else {
            return Vec::new();
        };
        let Some(files) = by_crate.get(krate) else {
            return Vec::new();
        };
        if files.len() <= NARROW_DEFINERS_FROM {
            return self.entries_of(krate, files.iter());
        }
        let mut keys: Vec<Vec<String>> =
            (0..=parents.len()).map(|k| parents[..k].to_vec()).collect();
        keys.push(
            parents
                .iter()
                .cloned()
                .chain(["index".to_string()])
                .collect(),
        );
        let mut holding: Vec<PathBuf> = Vec::new();
        for module in keys {
            if let Some(set) = self.modules.get(&(krate.to_path_buf(), module)) {
                holding.extend(set.iter().filter(|p| files.contains(*p)).cloned());
            }
        }
        holding.sort();
        holding.dedup();
        self.entries_of(krate, holding.iter())
    }
}

/// A route found for a handler (see `View::routes_of`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routed {
    pub method: String,
    pub path: String,
    /// Whether the registering file also routes a parameter right below `path`.
    pub serves_item: bool,
}

/// The name under which a file records that it read the crate's catchers.
pub const CATCHERS: &str = "#catchers";

/// The name under which a file records that it read its package's error renderers.
pub const RENDERERS: &str = "#renderers";

/// A summary found for a name, with where it is.
#[derive(Debug, Clone)]
pub struct Found {
    pub summary: Summary,
    /// How a note names it (`util::json_error`).
    pub display: String,
    /// Its file; `None` when it is the file being read.
    pub path: Option<Arc<Path>>,
    places: HashMap<usize, (Place, Place)>,
}

impl Found {
    /// The location of `span` (in the summary's file) for a related note.
    pub fn location(&self, span: Span) -> Option<RelatedLocation> {
        match &self.path {
            None => Some(RelatedLocation::Here(span)),
            Some(path) => {
                let (start, end) = *self.places.get(&span.start)?;
                Some(RelatedLocation::File {
                    path: path.clone(),
                    span,
                    start,
                    end,
                })
            }
        }
    }
}

/// The result of looking a name up.
#[derive(Debug, Clone)]
pub enum Lookup {
    Found(Box<Found>),
    /// No definition in the package, or more than one: unknown.
    None,
}

/// What a settle round tells the reads it makes: which round it is (0 for the first), and the
/// names whose summaries changed in the round before: nothing else changed (in the first, the
/// index is as built); `None` when more than summaries changed.
pub struct Round<'a> {
    pub number: usize,
    pub changed: Option<&'a HashSet<String>>,
}

impl Round<'_> {
    /// The test `Segments::read_again_with` takes for a file read in the round before this one:
    /// a name whose summaries changed meanwhile, or a key (`#..`, read from other files' facts in
    /// many ways), counts as changed. `None` when more than summaries changed.
    pub fn finds_changed(&self) -> Option<impl Fn(&str, bool) -> bool + '_> {
        let changed = self.changed?;
        Some(move |name: &str, _| is_key(name) || changed.contains(name))
    }
}

/// Whether a looked-up name is a key (`#..`: catchers, renderers, routes, sends, relays, thrown
/// errors, variants' uses, handed responses) rather than a name of the code.
pub fn is_key(name: &str) -> bool {
    name.starts_with('#')
}

/// How the index is read from one file: its path (an indexed file, or one whose package is indexed).
#[derive(Clone, Copy)]
pub struct View<'a> {
    pub index: &'a Index,
    pub path: &'a Path,
}

/// How deep `use` chains are followed (`use a::b` where `a` is itself imported).
const MAX_IMPORT_DEPTH: u32 = 4;

/// How many distinct `use` resolutions one lookup may make. Glob imports fan out (each glob is
/// followed from each glob), so depth alone bounds nothing: a generated file with hundreds of globs
/// would take hundreds⁴ steps. Remembered resolutions are free (see `Walk`). A lookup that runs out
/// is unknown, never a partial answer.
const MAX_IMPORT_STEPS: u32 = 512;

/// How many absolute paths one resolution may stand for (see `View::absolute`).
const MAX_CANDIDATES: usize = 256;

/// An absolute path: a crate's root folder and the module path + name in it.
type Absolute = (PathBuf, Vec<String>);

/// One `absolute` call: the file, the inline module read from, the path, the depth.
type Resolution = (PathBuf, Vec<String>, Vec<String>, u32);

/// One lookup's walk through `use` items: the steps it has left, and what each `absolute` call
/// already gave. Glob preludes (`pub use a::*; pub use b::*;` in every module) make the same
/// resolution come back from every glob; remembered, each is computed once, so the steps count
/// distinct resolutions and a lookup costs what the imports it can reach hold.
struct Walk {
    steps: u32,
    memo: HashMap<Resolution, Vec<Absolute>>,
}

impl Walk {
    fn new() -> Walk {
        Walk {
            steps: MAX_IMPORT_STEPS,
            memo: HashMap::new(),
        }
    }
}

/// How many rounds `Index::settle` runs: a chain of helpers spread over more files than this may
/// stay unknown (silent).
const MAX_SETTLE_ROUNDS: usize = 8;

#[cfg(test)]
thread_local! {
    /// `use` steps taken on this thread, for the tests that check lookups stay bounded.
    static STEPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// `use` steps taken on this thread so far.
#[cfg(test)]
pub(crate) fn import_steps() -> u64 {
    STEPS.with(|c| c.get())
}

impl<'a> View<'a> {
    /// The file's own entry, or what it would be (a file not indexed yet: its package's crate).
    fn here(&self) -> Option<Arc<Entry>> {
        self.index.entry(self.path)
    }

    fn found(&self, entry: &Entry, summary: &Summary) -> Found {
        let elsewhere = entry.path.as_ref() != self.path;
        // A helper of the same file is named as the file sees it, with or without a package.
        let module: &[String] = if elsewhere { &entry.module } else { &[] };
        Found {
            summary: summary.clone(),
            display: summary.display(module),
            path: elsewhere.then(|| entry.path.clone()),
            places: entry.places.clone(),
        }
    }

    /// Records that looking `name` up ran out of `use` steps.
    fn ran_out(&self, name: &str) {
        self.index.ran_out(
            self.path,
            Exhausted::Resolution {
                name: name.to_string(),
            },
        );
    }

    /// The function or associated function a call's path names (`json_error`, `util::json_error`,
    /// `crate::util::json_error`, `ApiError::new`, `Self::new` with `Self` already replaced), read
    /// from inside the inline modules `module` of the file.
    pub fn function(&self, module: &[String], path: &[&str]) -> Lookup {
        self.function_where(module, path, |returns| {
            matches!(
                returns,
                Returns::Responses(_)
                    | Returns::Constructs { .. }
                    | Returns::Writes { .. }
                    | Returns::Header(_)
                    | Returns::Errors { .. }
            )
        })
    }

    /// The function a call's path names, among the summaries whose `Returns` `accept` takes (a
    /// function may have one summary of each kind).
    pub fn function_where(
        &self,
        module: &[String],
        path: &[&str],
        accept: impl Fn(&Returns) -> bool,
    ) -> Lookup {
        let Some(here) = self.here() else {
            return Lookup::None;
        };
        let Some((&name, qualifier)) = path.split_last() else {
            return Lookup::None;
        };
        let mut found: Vec<(Arc<Entry>, usize)> = Vec::new();
        // A method: `Type::name`, the type named by its last segment, defined once in the crate
        // and the crates it depends on by path (a type's methods are in the crate defining it).
        if let Some(&owner) = qualifier.last().filter(|q| starts_upper(q)) {
            let krates = visible_crates(&here);
            if self.type_count(&krates, owner) <= 1 {
                for krate in &krates {
                    for entry in self.index.defining(krate, name) {
                        for (i, s) in entry.facts.summaries.iter().enumerate() {
                            if s.name == name
                                && s.owner.as_deref() == Some(owner)
                                && accept(&s.returns)
                            {
                                found.push((entry.clone(), i));
                            }
                        }
                    }
                }
            }
        } else {
            let mut walk = Walk::new();
            let Some(paths) = self.absolute(&here, module, path, 0, &mut walk) else {
                self.ran_out(name);
                return Lookup::None;
            };
            let mut paths = paths;
            // Each absolute path is followed once: re-exports lead back to modules already seen.
            let mut followed: HashSet<Absolute> = HashSet::new();
            // A path that names no definition may name a re-export (`pub use`): follow it, as
            // deep as imports are followed.
            for depth in 1..=MAX_IMPORT_DEPTH {
                self.functions_at(&paths, &accept, &mut found);
                if !found.is_empty() || paths.is_empty() {
                    break;
                }
                paths.retain(|p| followed.insert(p.clone()));
                let Some(next) = self.reexports(&paths, depth, &mut walk) else {
                    self.ran_out(name);
                    return Lookup::None;
                };
                paths = next;
            }
        }
        found.dedup_by(|a, b| Arc::ptr_eq(&a.0, &b.0) && a.1 == b.1);
        match found.as_slice() {
            [(entry, i)] => Lookup::Found(Box::new(self.found(entry, &entry.facts.summaries[*i]))),
            _ => Lookup::None,
        }
    }

    /// The method `name` of the type named `owner` (a type defined once in the crate).
    /// Any of its summaries but what it does to a response it is handed (`Touches`, a summary of
    /// its own beside the others).
    pub fn method(&self, owner: &str, name: &str) -> Lookup {
        self.function_where(&[], &[owner, name], |r| {
            !matches!(r, Returns::Touches { .. })
        })
    }

    /// The method `name` of the type named `owner` defined in the file's own module (every file
    /// with its module path: a Go package's folder), among the summaries `accept` takes: exactly
    /// one. For languages whose type names are per module and need not start upper case.
    pub fn module_method(
        &self,
        owner: &str,
        name: &str,
        accept: impl Fn(&Returns) -> bool,
    ) -> Lookup {
        let Some(here) = self.here() else {
            return Lookup::None;
        };
        let mut found = Vec::new();
        for entry in self.index.defining(&here.krate, name) {
            if entry.module != here.module {
                continue;
            }
            for s in &entry.facts.summaries {
                if s.name == name && s.owner.as_deref() == Some(owner) && accept(&s.returns) {
                    found.push(self.found(&entry, s));
                }
            }
        }
        match found.len() {
            1 => Lookup::Found(Box::new(found.remove(0))),
            _ => Lookup::None,
        }
    }

    /// Whether a file of this file's crate hands a response it set headers on to a function
    /// named `name` (`IndexFacts::handed`, by name only: any function of that name may be it);
    /// `None` when no file of the crate hands one to any function (`HANDED` is not defined).
    pub fn handed(&self, name: &str) -> Option<bool> {
        let here = self.here()?;
        let defined = |key: &str| self.index.defines(&here.krate, key);
        defined(HANDED).then(|| defined(&handed_key(name)))
    }

    /// How values of the type named `ty` (its last segment) become responses.
    pub fn conversion(&self, ty: &str) -> Lookup {
        let Some(here) = self.here() else {
            return Lookup::None;
        };
        let krates = visible_crates(&here);
        if self.type_count(&krates, ty) > 1 {
            return Lookup::None;
        }
        let mut found = Vec::new();
        for krate in &krates {
            for entry in self.index.defining(krate, ty) {
                for s in &entry.facts.summaries {
                    if s.owner.as_deref() == Some(ty) && matches!(s.returns, Returns::Converts(_)) {
                        found.push(self.found(&entry, s));
                    }
                }
            }
        }
        match found.len() {
            1 => Lookup::Found(Box::new(found.remove(0))),
            _ => Lookup::None,
        }
    }

    /// The header pair a method named `name` returns, when the receiver's type is not known: the
    /// one method of that name in the crate and its path dependencies, which must return a fixed
    /// header pair (`token.into_header_pair()`). A second method of that name, of any type, or
    /// a method that returns something else, is unknown.
    pub fn header_method(&self, name: &str) -> Lookup {
        self.method_named(name, |r| matches!(r, Returns::Header(_)))
    }

    /// The one method named `name` in the crate and its path dependencies, of any type, when
    /// `accept` takes what it returns (the receiver's type is not known at the call).
    pub fn method_named(&self, name: &str, accept: impl Fn(&Returns) -> bool) -> Lookup {
        let Some(here) = self.here() else {
            return Lookup::None;
        };
        let mut found = Vec::new();
        for krate in &visible_crates(&here) {
            for entry in self.index.defining(krate, name) {
                for s in &entry.facts.summaries {
                    if s.name == name && s.owner.is_some() {
                        found.push(self.found(&entry, s));
                    }
                }
            }
        }
        match found.as_slice() {
            [one] if accept(&one.summary.returns) => Lookup::Found(Box::new(found.remove(0))),
            _ => Lookup::None,
        }
    }

    /// Where the handlers that send the errors of this file's function `name` (of type `owner`,
    /// with errors of type `error`) do so (`helper(..)?`), as related notes: the calls recorded
    /// under its name that resolve, from their own file, to this definition.
    pub fn senders(
        &self,
        name: &str,
        owner: Option<&str>,
        error: &str,
    ) -> Vec<crate::model::Related> {
        let mut files = self.index.recorded(&sent_key(name));
        files.sort();
        let mut out = Vec::new();
        for file in files {
            let Some(entry) = self.index.entry(&file) else {
                continue;
            };
            let from = View {
                index: self.index,
                path: entry.path.as_ref(),
            };
            for sent in &entry.facts.sends {
                if sent.name != name || sent.error != error {
                    continue;
                }
                let call: Vec<&str> = sent.call.iter().map(String::as_str).collect();
                let Lookup::Found(found) = from.function(&sent.module, &call) else {
                    continue;
                };
                let target = found.path.as_deref().unwrap_or(entry.path.as_ref());
                let same = found.summary.name == name
                    && found.summary.owner.as_deref() == owner
                    && matches!(&found.summary.returns, Returns::Errors { ty } if ty == error);
                if !same || target != self.path {
                    continue;
                }
                let Some(location) = entry.location_from(self.path, sent.span) else {
                    continue;
                };
                out.push(crate::model::Related {
                    message: format!("sent by {} with `?`", sent.handler),
                    location,
                });
            }
        }
        out
    }

    /// The handlers that send the objects this file's function `name` returns (`Returns::Objects`),
    /// with where each sends them: the relays recorded under the name that resolve, from their
    /// own file, to this definition.
    pub fn relays(&self, name: &str) -> Vec<(Relayed, RelatedLocation)> {
        let mut out = Vec::new();
        for resolved in self.relays_resolved(name).iter() {
            let ResolvedRelay {
                entry,
                relay,
                target,
                function,
            } = resolved;
            if function != name || target.as_ref() != self.path {
                continue;
            }
            let Some(location) = entry.location_from(self.path, relay.span) else {
                continue;
            };
            out.push((relay.clone(), location));
        }
        out
    }

    /// The relays recorded under `name` that resolve, from their own file, to a function
    /// returning objects (in the order of their files), remembered while the index does not
    /// change. The lookups they make do not depend on the file asking.
    fn relays_resolved(&self, name: &str) -> Arc<Vec<ResolvedRelay>> {
        use std::sync::atomic::Ordering::SeqCst;
        let index = self.index;
        let started = index.started.load(SeqCst);
        let settled = index.finished.load(SeqCst) == started;
        if let Some(known) = index.relays_resolved.get(name).filter(|_| settled) {
            if known.0 == started {
                return known.1.clone();
            }
        }
        let mut files = index.recorded(&relay_key(name));
        files.sort();
        let mut out = Vec::new();
        for file in files {
            let Some(entry) = index.entry(&file) else {
                continue;
            };
            let from = View {
                index,
                path: entry.path.as_ref(),
            };
            for relay in entry.facts.relays.iter().filter(|r| r.name == name) {
                let call: Vec<&str> = relay.call.iter().map(String::as_str).collect();
                let Lookup::Found(found) =
                    from.function_where(&relay.module, &call, |r| matches!(r, Returns::Objects(_)))
                else {
                    continue;
                };
                let target = found.path.clone().unwrap_or_else(|| entry.path.clone());
                out.push(ResolvedRelay {
                    entry: entry.clone(),
                    relay: relay.clone(),
                    target,
                    function: found.summary.name,
                });
            }
        }
        let out = Arc::new(out);
        // Kept only when no update started or was under way while it was read.
        if settled && index.started.load(SeqCst) == started {
            index
                .relays_resolved
                .insert(name.to_string(), (started, out.clone()));
        }
        out
    }

    /// The routes the package's routers register for this file's function `name` (in its inline
    /// module `module`): those whose handler path, read from the file that registers it, names
    /// this definition. Each says whether that file also routes a path with a parameter right
    /// below the route's path (`/items/{id}` next to `/items`).
    pub fn routes_of(&self, module: &[String], name: &str) -> Vec<Routed> {
        let Some(here) = self.here() else {
            return Vec::new();
        };
        let files = self.index.recorded(&route_key(name));
        // The paths naming this definition: through the file's module, or its folder's.
        let targets: Vec<Absolute> = here
            .module_keys()
            .into_iter()
            .map(|(krate, mut full)| {
                full.extend(module.iter().cloned());
                full.push(name.to_string());
                (krate, full)
            })
            .collect();
        let mut out = Vec::new();
        for file in files {
            let Some(entry) = self.index.entry(&file) else {
                continue;
            };
            // Only a router that can name this file's crate.
            if !visible_crates(&entry).contains(&here.krate) {
                continue;
            }
            for route in &entry.facts.routes {
                if route.handler.last().map(String::as_str) != Some(name) {
                    continue;
                }
                let handler: Vec<&str> = route.handler.iter().map(String::as_str).collect();
                if !self.names_target(&entry, &route.module, &handler, &targets) {
                    continue;
                }
                let serves_item = entry
                    .facts
                    .routes
                    .iter()
                    .any(|other| below_parameter(&route.path, &other.path));
                out.push(Routed {
                    method: route.method.clone(),
                    path: route.path.clone(),
                    serves_item,
                });
            }
        }
        out.sort_by(|a, b| {
            (&a.method, &a.path, a.serves_item).cmp(&(&b.method, &b.path, b.serves_item))
        });
        out.dedup();
        out
    }

    /// Whether `path`, read in the inline module `module` of `entry`'s file, names one of
    /// `targets`: directly, or through the re-exports of the modules it leads to (`pub use`, a
    /// package's `__init__.py`), as deep as a function lookup follows them.
    fn names_target(
        &self,
        entry: &Entry,
        module: &[String],
        path: &[&str],
        targets: &[Absolute],
    ) -> bool {
        let mut walk = Walk::new();
        let Some(mut paths) = self.absolute(entry, module, path, 0, &mut walk) else {
            return false;
        };
        let mut followed: HashSet<Absolute> = HashSet::new();
        for depth in 1..=MAX_IMPORT_DEPTH {
            if targets.iter().any(|t| paths.contains(t)) {
                return true;
            }
            paths.retain(|p| followed.insert(p.clone()));
            if paths.is_empty() {
                return false;
            }
            match self.reexports(&paths, depth, &mut walk) {
                Some(next) => paths = next,
                None => return false,
            }
        }
        targets.iter().any(|t| paths.contains(t))
    }

    /// The uses of variant `variant` of this file's type `ty` (defined in the file's inline module
    /// `module`) across the package: for each, the headers added right after it is converted
    /// (empty for any other use). `None` when a use of a variant of that name cannot be resolved
    /// to a type (it may be this one). Uses that resolve to another type are left out.
    pub fn variant_uses(
        &self,
        module: &[String],
        ty: &str,
        variant: &str,
    ) -> Option<Vec<Vec<String>>> {
        let here = self.here()?;
        let files = self.index.recorded(&variant_key(variant));
        let mut target = here.module.clone();
        target.extend(module.iter().cloned());
        target.push(ty.to_string());
        let target = (here.krate.clone(), target);
        let mut out = Vec::new();
        for file in files {
            let Some(entry) = self.index.entry(&file) else {
                continue;
            };
            if !visible_crates(&entry).contains(&here.krate) {
                continue;
            }
            for used in &entry.facts.variant_uses {
                if used.variant != variant {
                    continue;
                }
                let path: Vec<&str> = used.ty.iter().map(String::as_str).collect();
                let paths = self.absolute(&entry, &used.module, &path, 0, &mut Walk::new())?;
                if paths.contains(&target) {
                    out.push(used.headers.clone());
                } else if paths.is_empty() {
                    return None;
                }
            }
        }
        Some(out)
    }

    /// The status codes the crate's Rocket catchers answer, or `None` when the file is not in a
    /// package (other files may register catchers we cannot see).
    pub fn catchers(&self) -> Option<Vec<u16>> {
        let here = self.here()?;
        if here.krate == here.path.as_ref() {
            return None;
        }
        let mut codes = Vec::new();
        for entry in self.index.files.iter() {
            if entry.krate == here.krate {
                codes.extend(entry.facts.catchers.iter().map(|c| c.0));
            }
        }
        codes.sort_unstable();
        codes.dedup();
        Some(codes)
    }

    /// The error renderers of `flavor` the file's package registers, with the file that registers
    /// each; `None` when the file is not in a package (other files may register some we cannot see).
    pub fn renderers(&self, flavor: u8) -> Option<Vec<(Renderer, Option<RelatedLocation>)>> {
        let here = self.here()?;
        if here.krate == here.path.as_ref() {
            return None;
        }
        let mut out = Vec::new();
        for entry in self.index.files.iter() {
            if entry.krate == here.krate {
                for r in entry.facts.renderers.iter().filter(|r| r.flavor == flavor) {
                    let span = Span::new(r.at, r.at);
                    let location = if entry.path.as_ref() == self.path {
                        Some(RelatedLocation::Here(span))
                    } else {
                        entry
                            .places
                            .get(&r.at)
                            .map(|&(start, end)| RelatedLocation::File {
                                path: entry.path.clone(),
                                span,
                                start,
                                end,
                            })
                    };
                    out.push((entry.path.clone(), r.clone(), location));
                }
            }
        }
        out.sort_by(|a, b| (&a.0, a.1.at).cmp(&(&b.0, b.1.at)));
        Some(out.into_iter().map(|(_, r, l)| (r, l)).collect())
    }

    /// The error type named `name` when the file's package defines exactly one (of any kind: a
    /// second type of that name, or a file outside a package, is unknown).
    pub fn error_type(&self, name: &str) -> Option<ErrorType> {
        let here = self.here()?;
        if here.krate == here.path.as_ref() {
            return None;
        }
        let mut found = Vec::new();
        for entry in self.index.defining(&here.krate, name) {
            let types = entry.facts.types.iter().filter(|t| t.name == name).count();
            let errors = entry.facts.error_types.iter().filter(|e| e.name == name);
            found.extend(errors.cloned());
            if types > 0 {
                return None;
            }
        }
        match found.len() {
            1 => found.pop(),
            _ => None,
        }
    }

    /// The package's records of `key` (`thrown_key`), each with where its call is.
    pub fn thrown(&self, key: &str) -> Vec<(ThrownResult, RelatedLocation)> {
        let Some(here) = self.here() else {
            return Vec::new();
        };
        if here.krate == here.path.as_ref() {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut entries = self.index.defining(&here.krate, key);
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        for entry in entries {
            for t in entry.facts.thrown.iter().filter(|t| t.key == key) {
                let location = if entry.path.as_ref() == self.path {
                    Some(RelatedLocation::Here(t.span))
                } else {
                    entry
                        .places
                        .get(&t.span.start)
                        .map(|&(start, end)| RelatedLocation::File {
                            path: entry.path.clone(),
                            span: t.span,
                            start,
                            end,
                        })
                };
                if let Some(location) = location {
                    out.push((t.clone(), location));
                }
            }
        }
        out
    }

    /// How many types named `name` the crates define.
    fn type_count(&self, krates: &[PathBuf], name: &str) -> usize {
        krates
            .iter()
            .flat_map(|krate| self.index.defining(krate, name))
            .map(|e| e.facts.types.iter().filter(|t| t.name == name).count())
            .sum()
    }

    /// The free functions with a summary at the absolute paths `paths`.
    fn functions_at(
        &self,
        paths: &[(PathBuf, Vec<String>)],
        accept: &impl Fn(&Returns) -> bool,
        found: &mut Vec<(Arc<Entry>, usize)>,
    ) {
        for (krate, full) in paths {
            // An alias (`use a::f as g`) looks up the name it stands for: `full` ends in it.
            for entry in self.index.defining_at(krate, full) {
                for (i, s) in entry.facts.summaries.iter().enumerate() {
                    let mut at = entry.module.clone();
                    at.extend(s.module.iter().cloned());
                    at.push(s.name.clone());
                    // `a/index` of a flat package is also the folder `a`, as is a file that
                    // stands for its folder.
                    let folder = (entry.folder
                        || entry.flat && entry.module.last().is_some_and(|m| m == "index"))
                        && s.module.is_empty()
                        && full.len() + 1 == at.len()
                        && full[..full.len() - 1] == at[..at.len() - 2]
                        && full.last() == at.last();
                    if s.owner.is_none() && accept(&s.returns) && (&at == full || folder) {
                        found.push((entry.clone(), i));
                        // Defined twice: found as two, so neither is taken.
                        if entry.twice.contains(&(s.module.clone(), s.name.clone())) {
                            found.push((entry.clone(), usize::MAX));
                        }
                    }
                }
            }
        }
    }

    /// What the absolute paths `paths` stand for when the module they end in imports their last
    /// segment (`crate::json_error` with `pub use errors::reply::json_error;` in the crate root, or
    /// `pub use reply::*;`): the imported paths, absolute. The module is a file of the crate, or an
    /// inline module in one.
    fn reexports(&self, paths: &[Absolute], depth: u32, walk: &mut Walk) -> Option<Vec<Absolute>> {
        let mut out = Vec::new();
        for (krate, full) in paths {
            let Some((name, parent)) = full.split_last() else {
                continue;
            };
            // The file is the longest prefix of the parent module that is a file; the rest is
            // inline modules in it.
            for split in (0..=parent.len()).rev() {
                let key = (krate.clone(), parent[..split].to_vec());
                let files: Vec<PathBuf> = match self.index.modules.get(&key) {
                    Some(files) => files.iter().cloned().collect(),
                    None => continue,
                };
                let inline = &parent[split..];
                for file in files {
                    let Some(entry) = self.index.entry(&file) else {
                        continue;
                    };
                    for import in entry.facts.imports.iter() {
                        if import.module.as_slice() != inline {
                            continue;
                        }
                        let target: Vec<&str> = if import.glob {
                            import
                                .path
                                .iter()
                                .map(String::as_str)
                                .chain([name.as_str()])
                                .collect()
                        } else if &import.alias == name {
                            import.path.iter().map(String::as_str).collect()
                        } else {
                            continue;
                        };
                        out.extend(self.absolute(&entry, inline, &target, depth, walk)?);
                    }
                }
                break;
            }
        }
        out.sort_unstable();
        out.dedup();
        Some(out)
    }

    /// The absolute paths `path` may stand for, read in the inline module `module` of `entry`'s
    /// file; `None` when the walk ran out of steps. Remembered per walk.
    fn absolute(
        &self,
        entry: &Entry,
        module: &[String],
        path: &[&str],
        depth: u32,
        walk: &mut Walk,
    ) -> Option<Vec<Absolute>> {
        if depth > MAX_IMPORT_DEPTH || path.is_empty() {
            return Some(Vec::new());
        }
        let key = (
            entry.path.to_path_buf(),
            module.to_vec(),
            path.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            depth,
        );
        if let Some(known) = walk.memo.get(&key) {
            return Some(known.clone());
        }
        walk.steps = walk.steps.checked_sub(1)?;
        #[cfg(test)]
        STEPS.with(|c| c.set(c.get() + 1));
        let out = self.absolute_uncached(entry, module, path, depth, walk)?;
        // Candidates are paths a name may stand for, most of which name nothing; a resolution
        // with more of them than this is as unknown as one that runs out of steps.
        if out.len() > MAX_CANDIDATES {
            return None;
        }
        walk.memo.insert(key, out.clone());
        Some(out)
    }

    fn absolute_uncached(
        &self,
        entry: &Entry,
        module: &[String],
        path: &[&str],
        depth: u32,
        walk: &mut Walk,
    ) -> Option<Vec<Absolute>> {
        let mut current = entry.module.clone();
        current.extend(module.iter().cloned());
        let rest = |from: usize| path[from..].iter().map(|s| s.to_string());
        let first = path[0];
        match first {
            "crate" => return Some(vec![(entry.krate.clone(), rest(1).collect())]),
            "self" => {
                let mut full = current;
                full.extend(rest(1));
                return Some(vec![(entry.krate.clone(), full)]);
            }
            "super" => {
                let mut full = current;
                let mut i = 0;
                while path.get(i) == Some(&"super") {
                    if full.pop().is_none() {
                        return Some(Vec::new());
                    }
                    i += 1;
                }
                full.extend(rest(i));
                return Some(vec![(entry.krate.clone(), full)]);
            }
            _ => {}
        }
        if first == ALIASED {
            let resolved = entry.aliases.resolve(&path[1..]);
            return Some(
                resolved
                    .map(|full| (entry.krate.clone(), full))
                    .into_iter()
                    .collect(),
            );
        }
        if let Some((_, krate)) = entry.crates.iter().find(|(name, _)| name == first) {
            return Some(vec![(krate.clone(), rest(1).collect())]);
        }
        // An import in this inline module (or the file's top level) named `first`.
        let scoped = |i: &&Import| i.module.as_slice() == module;
        let mut out = Vec::new();
        let mut imported = false;
        for import in entry.facts.imports.iter().filter(scoped) {
            if !import.glob && import.alias == first {
                imported = true;
                let target: Vec<&str> = import.path.iter().map(String::as_str).collect();
                for (krate, mut full) in self.absolute(entry, module, &target, depth + 1, walk)? {
                    full.extend(rest(1));
                    out.push((krate, full));
                }
            }
        }
        // An imported name is the import's, also where its path leads nowhere (a file read
        // alone): falling back to a local item of that name would resolve it one way alone and
        // another way in its package.
        if imported {
            return Some(out);
        }
        // An item of this module, or of a module glob-imported into it.
        let mut local = current;
        local.extend(rest(0));
        // An item of the module shadows glob imports: a module file (`mod exts; pub use exts::*;`)
        // is that module, whatever the globs hold. Without this, every glob's candidates would
        // be kept for every segment, and preludes multiply them.
        let key = (entry.krate.clone(), local);
        if self.index.modules.contains_key(&key) {
            return Some(vec![key]);
        }
        out.push(key);
        for import in entry.facts.imports.iter().filter(scoped) {
            if import.glob {
                let target: Vec<&str> = import.path.iter().map(String::as_str).collect();
                for (krate, mut full) in self.absolute(entry, module, &target, depth + 1, walk)? {
                    full.extend(rest(0));
                    out.push((krate, full));
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        Some(out)
    }
}

/// The crates a file's code can name a type of: its own, then its package's library and `path`
/// dependencies (each once).
fn visible_crates(entry: &Entry) -> Vec<PathBuf> {
    let mut out = vec![entry.krate.clone()];
    for (_, krate) in entry.crates.iter() {
        if !out.contains(krate) {
            out.push(krate.clone());
        }
    }
    out
}

/// Whether a path segment names a type or variant (`ApiError`, `Status`).
pub(crate) fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// An index of one file alone, for reading a file outside any indexed package: its own helpers
/// still resolve. `path` only has to be distinct from real paths.
pub fn of_one_file(path: &Path, text: &str, facts: &FileFacts) -> Index {
    let index = Index::new();
    index.update(path, text, facts);
    index
}
