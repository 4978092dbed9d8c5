//! The workspace for the language server: one `index::Index` of every supported file under the
//! workspace folders, built in the background after `initialized`, kept current from open documents
//! (see `server.rs`) and from disk (`workspace/didChangeWatchedFiles`), and the diagnostics of the
//! files that are not open (`workspace/diagnostic`, or pushed when `workspaceDiagnostics` is on).
//!
//! Invariants: paths given to the index are canonical (`canonical`); an open document's entry comes
//! from its text in the editor, never from disk (`open` decides); everything here is callable from
//! any thread and never panics on bad input (unreadable, huge or non-UTF-8 files are skipped).

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use dashmap::DashMap;
use rayon::prelude::*;
use tower_lsp_server::ls_types as lsp;
use tracing::{debug, info};
use tree_sitter::Parser;

use crate::config::Settings;
use crate::extract::{self, Language};
use crate::index::{Index, View};
use crate::lint;
use crate::model::FileFacts;
use crate::text::{Encoding, LineIndex};

use super::analysis::MAX_ANALYZED_BYTES;
use super::convert::{self, Positions, RelatedStyle};

/// A workspace with more supported files than this is indexed up to this many (a home folder opened
/// by mistake must not cost minutes and gigabytes); the rest resolve nothing across files.
pub(crate) const MAX_INDEXED_FILES: usize = 20_000;

/// What the workspace knows of a file that is not open.
#[derive(Clone)]
struct DiskFile {
    language: Language,
    /// The last workspace report; `None` until computed, and again after the file or a file it uses
    /// changed.
    report: Option<Report>,
    /// The id of the last report (kept while `report` is `None`, so an equal new report keeps it).
    last: Option<Report>,
    /// Bumped whenever the report goes stale: a report computed meanwhile is not kept.
    generation: u64,
}

/// Diagnostics of a file that is not open, with the id `workspace/diagnostic` reports them under.
#[derive(Clone, Debug)]
pub(crate) struct Report {
    pub id: u64,
    pub diagnostics: Arc<Vec<lsp::Diagnostic>>,
}

pub(crate) struct Workspace {
    pub index: Arc<Index>,
    roots: RwLock<Vec<PathBuf>>,
    /// Supported files found on disk (walk and watched files), open or not.
    files: DashMap<PathBuf, DiskFile>,
    /// Canonical paths of open documents: their index entries come from the editor.
    open: DashMap<PathBuf, usize>,
    /// Files indexed so far in the current build, and how many it has in all.
    pub progress: (AtomicUsize, AtomicUsize),
    /// Builds finished (0: not yet built). Requests that need the whole index wait for it.
    built: tokio::sync::watch::Sender<u64>,
    next_report_id: AtomicU64,
}

/// `path` made absolute and free of symlinks; a path that does not exist (a deleted file) keeps its
/// name under its canonical parent.
pub(crate) fn canonical(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => match std::fs::canonicalize(parent) {
            Ok(parent) => parent.join(name),
            Err(_) => path.to_path_buf(),
        },
        _ => path.to_path_buf(),
    }
}

/// A file the index reads: a supported extension, not a bundle.
pub(crate) fn indexed_language(path: &Path) -> Option<Language> {
    Language::from_path(path).filter(|l| !l.is_bundle_name(path))
}

/// The source of a file for the index, or `None` when it is unreadable, not UTF-8, larger than the
/// server analyses, or a one-line bundle.
fn read_source(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_ANALYZED_BYTES as u64 {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let bundle = text.len() > 100 * 1024 && !text.trim_end().contains('\n');
    (!bundle).then_some(text)
}

/// The supported files under `roots`, by the CLI's walk rules: `.gitignore` and friends apply (in a
/// git checkout or not), hidden files, `node_modules` and Cargo's `target` folders are skipped.
/// Sorted; at most `MAX_INDEXED_FILES` (the flag says whether some were left out).
pub(crate) fn walk(roots: &[PathBuf]) -> (Vec<(PathBuf, Language)>, bool) {
    let Some((first, rest)) = roots.split_first() else {
        return (Vec::new(), false);
    };
    let mut builder = ignore::WalkBuilder::new(first);
    for root in rest {
        builder.add(root);
    }
    builder.require_git(false);
    builder.filter_entry(|entry| {
        if entry.depth() == 0 || !entry.file_type().is_some_and(|t| t.is_dir()) {
            return true;
        }
        let parent = entry.path().parent().unwrap_or(entry.path());
        // Installed packages and build output (a `target` beside a Cargo.toml): not the user's
        // code, and often huge.
        !Language::any_skips_dir(parent, entry.file_name())
    });
    let mut files = BTreeSet::new();
    for entry in builder.build().flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        if let Some(language) = indexed_language(entry.path()) {
            files.insert((canonical(entry.path()), language));
        }
    }
    let truncated = files.len() > MAX_INDEXED_FILES;
    (
        files.into_iter().take(MAX_INDEXED_FILES).collect(),
        truncated,
    )
}

thread_local! {
    // One parser per language per thread (index builds run on several threads at once).
    static PARSERS: RefCell<Vec<(Language, Parser)>> = const { RefCell::new(Vec::new()) };
}

/// What the index holds of a file the prefilter skips (it cannot build a response), as `check`
/// indexes it: only what `Spec::unparsed` reads as text. A helper in such a file is unknown to
/// its callers in `check`, so it must be in the server too (a parsed one would be known to do
/// nothing, and its callers would report what `check` does not).
pub(crate) fn skipped_facts(language: Language, text: &str) -> Option<FileFacts> {
    if language.may_build_response(text) {
        return None;
    }
    Some(FileFacts {
        index: (language.unparsed)(text).unwrap_or_default(),
        ..FileFacts::default()
    })
}

/// Parses `text` and extracts its facts, reading names through `view`; `None` when the parse ran
/// out of its budget. A file the prefilter skips is not parsed (`skipped_facts`).
pub(crate) fn facts_of(
    language: Language,
    text: &str,
    view: Option<View<'_>>,
) -> Option<FileFacts> {
    if let Some(facts) = skipped_facts(language, text) {
        return Some(facts);
    }
    PARSERS.with(|parsers| {
        let mut parsers = parsers.borrow_mut();
        let i = match parsers.iter().position(|(l, _)| *l == language) {
            Some(i) => i,
            None => {
                parsers.push((language, language.parser()));
                parsers.len() - 1
            }
        };
        let tree = lint::parse(&mut parsers[i].1, text, None).ok()?;
        Some(extract::extract_with(language, text, &tree, view))
    })
}

/// What a change to one file's index entry means for other files.
#[derive(Debug, Default)]
pub(crate) struct Change {
    /// What other files can see of it (its summaries) changed.
    pub summaries_changed: bool,
    /// The files that use what it defines, before and after the change.
    pub dependents: Vec<PathBuf>,
}

/// Stores `facts` of `path` in `index`, with the dependents before and after when the summaries
/// changed (the names it stops defining still have users that must be refreshed).
pub(crate) fn update(index: &Index, path: &Path, text: &str, facts: &FileFacts) -> Change {
    let before = index.dependents(path);
    if !index.update(path, text, facts) {
        return Change::default();
    }
    let mut dependents: BTreeSet<PathBuf> = before.into_iter().collect();
    dependents.extend(index.dependents(path));
    Change {
        summaries_changed: true,
        dependents: dependents.into_iter().collect(),
    }
}

impl Workspace {
    pub fn new() -> Workspace {
        Workspace {
            index: Arc::new(Index::new()),
            roots: RwLock::new(Vec::new()),
            files: DashMap::new(),
            open: DashMap::new(),
            progress: (AtomicUsize::new(0), AtomicUsize::new(0)),
            built: tokio::sync::watch::Sender::new(0),
            next_report_id: AtomicU64::new(1),
        }
    }

    pub fn set_roots(&self, roots: Vec<PathBuf>) {
        let roots = roots.iter().map(|r| canonical(r)).collect();
        *self.roots.write().unwrap_or_else(|p| p.into_inner()) = roots;
    }

    pub fn roots(&self) -> Vec<PathBuf> {
        self.roots.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Whether a file reported by the watcher belongs in the index: under a workspace folder and
    /// not where the walk never goes (hidden folders, `node_modules`, Cargo's `target`).
    /// (`.gitignore` is not consulted here: an ignored file the editor reports is read.)
    pub fn watches(&self, path: &Path) -> bool {
        let roots = self.roots();
        let Some((root, relative)) = roots
            .iter()
            .find_map(|r| Some((r, path.strip_prefix(r).ok()?)))
        else {
            return false;
        };
        let mut dir = root.clone();
        let mut parts = relative.components().peekable();
        while let Some(part) = parts.next() {
            if parts.peek().is_none() {
                break; // the file itself
            }
            let name = part.as_os_str();
            let hidden = name.to_str().is_some_and(|n| n.starts_with('.'));
            if hidden || Language::any_skips_dir(&dir, name) {
                return false;
            }
            dir.push(name);
        }
        true
    }

    pub fn is_open(&self, path: &Path) -> bool {
        self.open.contains_key(path)
    }

    /// Whether `report` would answer `path` from its cache, without reading the file.
    pub fn has_report(&self, path: &Path) -> bool {
        self.files.get(path).is_some_and(|f| f.report.is_some())
    }

    pub fn opened(&self, path: &Path) {
        *self.open.entry(path.to_path_buf()).or_insert(0) += 1;
    }

    /// A document closed; true when no other open document has that path.
    pub fn closed(&self, path: &Path) -> bool {
        let gone = match self.open.get_mut(path) {
            Some(mut n) => {
                *n = n.saturating_sub(1);
                *n == 0
            }
            None => true,
        };
        if gone {
            self.open.remove(path);
        }
        gone
    }

    /// Waits (at most `limit`) for the first build to finish.
    pub async fn wait_built(&self, limit: Duration) -> bool {
        let mut rx = self.built.subscribe();
        let built = tokio::time::timeout(limit, rx.wait_for(|n| *n > 0))
            .await
            .is_ok_and(|r| r.is_ok());
        built
    }

    /// Indexes `files` (those not open), on `threads` threads, calling `pause` before each file (it
    /// returns once open documents' analyses have the CPU back). Returns how many were read.
    pub fn build(
        &self,
        files: Vec<(PathBuf, Language)>,
        threads: usize,
        pause: &(dyn Fn() + Sync),
    ) -> usize {
        let started = Instant::now();
        self.progress.0.store(0, Ordering::SeqCst);
        self.progress.1.store(files.len(), Ordering::SeqCst);
        let run = || {
            files
                .par_iter()
                .filter(|(path, language)| {
                    pause();
                    let read = self.load(path, *language, false).is_some();
                    self.progress.0.fetch_add(1, Ordering::Relaxed);
                    read
                })
                .count()
        };
        let read = match rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .thread_name(|i| format!("statuslint-index-{i}"))
            .build()
        {
            Ok(pool) => pool.install(run),
            Err(_) => run(),
        };
        // Files that are gone since the last build leave the index too.
        let seen: std::collections::HashSet<&Path> =
            files.iter().map(|(p, _)| p.as_path()).collect();
        let gone: Vec<PathBuf> = self
            .files
            .iter()
            .filter(|e| !seen.contains(e.key().as_path()))
            .map(|e| e.key().clone())
            .collect();
        for path in gone {
            self.forget(&path);
        }
        // Helpers calling helpers in other files: read again with the index until their summaries
        // settle, as `check` does (open documents are read by their own analyses).
        let settled = self.index.settle(|view| self.read_closed(view));
        info!(
            settled,
            files = files.len(),
            read,
            ms = started.elapsed().as_millis() as u64,
            "workspace indexed"
        );
        // Reports computed meanwhile read a partial index. They are dropped before the build is
        // announced: a pull that waited for it then keeps what it reads.
        self.mark_all_stale();
        self.mark_built();
        read
    }

    pub fn mark_built(&self) {
        self.built.send_modify(|n| *n += 1);
    }

    /// Reads `path` from disk into the index unless it is open (open documents win). `None` when the
    /// file was not read (open, unreadable, too slow to parse); a file that cannot be read any more
    /// leaves the index.
    pub fn load(&self, path: &Path, language: Language, track: bool) -> Option<Change> {
        if self.is_open(path) {
            return None;
        }
        let Some(text) = read_source(path) else {
            let change = self.forget(path);
            return track.then_some(change);
        };
        let first = facts_of(language, &text, None)?;
        self.mark_stale(path, Some(language));
        if !track {
            // While building, dependents are refreshed all at once at the end.
            self.index.update(path, &text, &first);
            return Some(Change::default());
        }
        // After the build, a file is read as `check` reads it: alone, then through the index.
        let before = self.index.dependents(path);
        let changed = self.index.update_fresh(path, &text, &first, |view| {
            facts_of(language, &text, Some(view))
        });
        if !changed {
            return Some(Change::default());
        }
        let mut dependents: BTreeSet<PathBuf> = before.into_iter().collect();
        dependents.extend(self.index.dependents(path));
        Some(Change {
            summaries_changed: true,
            dependents: dependents.into_iter().collect(),
        })
    }

    /// A file that is not open read from disk through the index, as `check` reads it (an open
    /// document is read by its own analysis: `None`).
    fn read_closed(&self, view: View<'_>) -> Option<(String, FileFacts)> {
        if self.is_open(view.path) {
            return None;
        }
        let language = indexed_language(view.path)?;
        let text = read_source(view.path)?;
        let facts = facts_of(language, &text, Some(view))?;
        Some((text, facts))
    }

    /// Files that use what changed (`dependents`) and are not open are read again into the index,
    /// and the files that use theirs, as `settle` does in `check`: a helper of a closed file that
    /// calls a changed helper gets its new summary. Returns every file whose findings may have
    /// changed (`dependents` included).
    pub fn settle_dependents(&self, dependents: Vec<PathBuf>) -> Vec<PathBuf> {
        let read = |view: View<'_>| self.read_closed(view);
        let mut reads = 0;
        let mut out = self
            .index
            .settle_from(dependents.clone(), &read, &mut reads);
        out.extend(dependents);
        out.into_iter().collect()
    }

    /// Drops `path` from the index (deleted on disk): what used it must be refreshed.
    pub fn forget(&self, path: &Path) -> Change {
        let dependents = self.index.dependents(path);
        let removed = self.index.remove(path);
        self.files.remove(path);
        Change {
            summaries_changed: removed,
            dependents,
        }
    }

    /// The workspace report of `path` must be computed again (it or something it uses changed).
    /// `language`: record the file as found on disk.
    pub fn mark_stale(&self, path: &Path, language: Option<Language>) {
        match self.files.get_mut(path) {
            Some(mut file) => {
                if let Some(report) = file.report.take() {
                    file.last = Some(report);
                }
                file.generation += 1;
            }
            None => {
                if let Some(language) = language {
                    self.files.insert(
                        path.to_path_buf(),
                        DiskFile {
                            language,
                            report: None,
                            last: None,
                            generation: 0,
                        },
                    );
                }
            }
        }
    }

    /// Every report must be computed again (settings changed, or the index was rebuilt).
    pub fn mark_all_stale(&self) {
        for mut file in self.files.iter_mut() {
            if let Some(report) = file.report.take() {
                file.last = Some(report);
            }
            file.generation += 1;
        }
    }

    /// Files on disk that are not open.
    pub fn closed_files(&self) -> Vec<PathBuf> {
        self.files
            .iter()
            .filter(|e| !self.is_open(e.key()))
            .map(|e| e.key().clone())
            .collect()
    }

    /// The current report of a file that is not open, computing it if needed (`settings` gives the
    /// folder's settings). `None` for an open file or one the workspace does not hold.
    pub fn report(
        &self,
        path: &Path,
        settings: &dyn Fn(&Path) -> Arc<Settings>,
        encoding: Encoding,
        related: bool,
    ) -> Option<Report> {
        if self.is_open(path) {
            return None;
        }
        let (language, last, generation) = {
            let file = self.files.get(path)?;
            if let Some(report) = &file.report {
                return Some(report.clone());
            }
            (file.language, file.last.clone(), file.generation)
        };
        let diagnostics = self.diagnose(path, language, &settings(path), encoding, related);
        let id = match &last {
            Some(last) if *last.diagnostics == diagnostics => last.id,
            _ => self.next_report_id.fetch_add(1, Ordering::SeqCst),
        };
        let report = Report {
            id,
            diagnostics: Arc::new(diagnostics),
        };
        if let Some(mut file) = self.files.get_mut(path) {
            // Marked stale again meanwhile: the next call computes it afresh.
            if file.generation == generation {
                file.report = Some(report.clone());
            }
        }
        Some(report)
    }

    /// The diagnostics of a file on disk, names resolved through the index.
    fn diagnose(
        &self,
        path: &Path,
        language: Language,
        settings: &Settings,
        encoding: Encoding,
        related: bool,
    ) -> Vec<lsp::Diagnostic> {
        if settings.is_excluded(path) {
            return Vec::new();
        }
        let Some(text) = read_source(path) else {
            return Vec::new();
        };
        let view = View {
            index: &self.index,
            path,
        };
        let Some(facts) = facts_of(language, &text, Some(view)) else {
            debug!(
                "{}: parse ran out of time; no workspace diagnostics",
                path.display()
            );
            return Vec::new();
        };
        let found = lint::check_facts(language, &text, &facts, settings);
        let lines = LineIndex::new(&text);
        let pos = Positions {
            text: &text,
            index: &lines,
            encoding,
        };
        let uri = lsp::Uri::from_file_path(path);
        let roots = self.roots();
        let style = RelatedStyle {
            supported: related,
            uri: uri.as_ref(),
            path: Some(path),
            roots: &roots,
        };
        // Version 0: a file that is not open has no version; opening it analyses it afresh.
        found
            .iter()
            .map(|d| convert::diagnostic(d, 0, pos, style))
            .collect()
    }
}

/// `1234` -> `1,234`, for progress messages.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_with_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1234), "1,234");
        assert_eq!(thousands(4_000_000), "4,000,000");
    }

    #[test]
    fn walk_skips_build_output_dependencies_and_bundles() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (path, text) in [
            ("Cargo.toml", "[package]\nname = \"x\"\n"),
            ("src/lib.rs", "pub fn a() {}\n"),
            ("src/util.rs", "pub fn b() {}\n"),
            ("target/debug/build/gen.rs", "fn c() {}\n"),
            ("web/node_modules/x/index.js", "1\n"),
            ("web/app.ts", "1\n"),
            ("web/app.min.js", "1\n"),
            ("web/types.d.ts", "1\n"),
            ("ignored/gen.rs", "1\n"),
            ("notes.txt", "1\n"),
        ] {
            let p = root.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        std::fs::write(root.join(".gitignore"), "ignored/\n").unwrap();
        let (files, truncated) = walk(&[root.to_path_buf()]);
        let root = canonical(root);
        let ws = Workspace::new();
        ws.set_roots(vec![root.clone()]);
        assert!(ws.watches(&root.join("src/new.rs")));
        assert!(!ws.watches(&root.join("target/debug/build/gen.rs")));
        assert!(!ws.watches(&root.join("web/node_modules/x/index.js")));
        assert!(!ws.watches(&root.join(".git/x.rs")));
        assert!(!ws.watches(Path::new("/elsewhere/a.rs")));
        let names: Vec<String> = files
            .iter()
            .map(|(p, _)| p.strip_prefix(&root).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["src/lib.rs", "src/util.rs", "web/app.ts"]);
        assert!(!truncated);
    }

    #[test]
    fn unreadable_and_odd_files_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("bad.rs");
        std::fs::write(&bad, [0xff, 0xfe, 0x00]).unwrap();
        assert!(read_source(&bad).is_none());
        assert!(read_source(&dir.path().join("missing.rs")).is_none());
        assert!(read_source(dir.path()).is_none());
        let bundle = dir.path().join("b.js");
        std::fs::write(&bundle, "x".repeat(101 * 1024)).unwrap();
        assert!(read_source(&bundle).is_none());
        let deleted = dir.path().join("gone.rs");
        assert_eq!(canonical(&deleted), canonical(dir.path()).join("gone.rs"));
    }
}

#[cfg(test)]
mod index_tests {
    use super::*;

    const UTIL: &str = "use axum::{http::StatusCode, response::{IntoResponse, Response}, Json};\nuse serde_json::json;\n\npub fn json_error(status: StatusCode, msg: &str) -> Response {\n    (status, Json(json!({ \"error\": msg }))).into_response()\n}\n";
    const HANDLERS: &str = "use axum::{http::StatusCode, response::Response};\n\nuse crate::util::json_error;\n\npub async fn login() -> Response {\n    json_error(StatusCode::UNAUTHORIZED, \"no token\")\n}\n";

    #[test]
    fn a_built_workspace_knows_who_uses_a_helper_and_reports_through_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = canonical(dir.path());
        std::fs::create_dir_all(root.join("src")).unwrap();
        std::fs::write(
            root.join("Cargo.toml"),
            "[package]\nname = \"svc\"\nversion = \"0.1.0\"\n",
        )
        .unwrap();
        std::fs::write(
            root.join("src/lib.rs"),
            "pub mod handlers;\npub mod util;\n",
        )
        .unwrap();
        std::fs::write(root.join("src/util.rs"), UTIL).unwrap();
        std::fs::write(root.join("src/handlers.rs"), HANDLERS).unwrap();
        let ws = Workspace::new();
        ws.set_roots(vec![root.clone()]);
        let (files, _) = walk(&ws.roots());
        assert_eq!(ws.build(files, 2, &|| {}), 3);
        let util = root.join("src/util.rs");
        let handlers = root.join("src/handlers.rs");
        assert_eq!(ws.index.dependents(&util), vec![handlers.clone()]);
        let settings = |_: &Path| Arc::new(Settings::default());
        let report = ws
            .report(&handlers, &settings, Encoding::Utf16, true)
            .unwrap();
        let codes: Vec<_> = report.diagnostics.iter().map(|d| d.code.clone()).collect();
        assert_eq!(
            codes,
            [Some(lsp::NumberOrString::String(
                "missing-www-authenticate".into()
            ))]
        );
        // Asked again: the cached report, same id.
        let again = ws
            .report(&handlers, &settings, Encoding::Utf16, true)
            .unwrap();
        assert_eq!(again.id, report.id);
        // The helper changes on disk to send a challenge: the handler is refreshed, clean.
        std::fs::write(
            &util,
            UTIL.replace(
                "(status, Json",
                "(status, [(\"WWW-Authenticate\", \"Bearer\")], Json",
            ),
        )
        .unwrap();
        let change = ws
            .load(&util, Language::from_path(&util).unwrap(), true)
            .unwrap();
        assert!(change.summaries_changed);
        assert_eq!(change.dependents, vec![handlers.clone()]);
        ws.mark_stale(&handlers, None);
        let report = ws
            .report(&handlers, &settings, Encoding::Utf16, true)
            .unwrap();
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
        assert_ne!(report.id, again.id);
    }
}
