//! The `LanguageServer` implementation: document sync, scheduling analysis, and the requests.
//!
//! Ordering: tower-lsp-server runs handlers concurrently (`buffer_unordered`), but each handler's
//! body starts in arrival order. `did_open`/`did_change`/`did_close` therefore mutate the document
//! store before their first `.await`, and never hold a `DashMap` guard across one.
//!
//! Analysis: one lint task per document at a time. It takes a snapshot, analyses it on a blocking
//! thread (panics caught), stores the result if the document is still at that version, publishes,
//! and loops while newer edits have arrived. Bursts of edits coalesce; an isolated edit waits for
//! nothing.
//!
//! Workspace: after `initialized` the index of the workspace folders is built on background threads
//! (`workspace.rs`), pausing while an open document is analysed. After each analysis (once its
//! diagnostics are out) the document's facts go into the index; when its summaries changed, the
//! files that use them are refreshed (`refresh_dependents`): open ones are analysed again, closed
//! ones get fresh workspace reports.

use crate::extract::Language;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::{Duration, Instant};

use dashmap::mapref::entry::Entry;
use dashmap::DashMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};
use tracing::{debug, error, info, warn};

use crate::text::Encoding;

use super::actions::{self, ActionCaps, ActionRequest, FixAllData};
use super::analysis::{self, Analysis};
use super::document::{AnalysisState, Document};
use super::hover;
use super::settings::{ClientSettings, ConfigCache};
use super::workspace::{self, Change, Workspace};

/// How long a request waits for the analysis of the document's current version.
const ANALYSIS_WAIT: Duration = Duration::from_secs(10);
const WATCHER_ID: &str = "statuslint-config-watcher";
const INDEX_PROGRESS_TOKEN: &str = "statuslint/indexing";
/// How long `workspace/diagnostic` waits for the first index build.
const INDEX_WAIT: Duration = Duration::from_secs(60);
/// How long one `workspace/diagnostic` answer may spend reading files whose report is not cached
/// (`STATUSLINT_WORKSPACE_DIAGNOSTIC_BUDGET_MS` overrides it). What is left is answered by the
/// client's next pull, which starts from the reports cached by this one.
const WORKSPACE_REPORT_BUDGET: Duration = Duration::from_secs(5);
/// How long the index build waits for a running analysis before reading its next file.
const INDEX_YIELD: Duration = Duration::from_millis(100);
/// Quiet time before work that follows typing but need not follow every keystroke: the edited
/// file's other items re-read after its summaries changed, and the refresh of files not open.
const QUIET: Duration = Duration::from_millis(200);

/// Whole re-reads of one version of a document after its own update changed its index entry (as
/// `segments::OWN_ROUNDS` bounds a file read alone).
const MAX_OWN_REREADS: usize = 4;

/// The time one `workspace/diagnostic` answer may spend reading files, and whether the client
/// cancelled it.
struct ReportBudget {
    deadline: Instant,
    cancelled: Arc<AtomicBool>,
}

impl ReportBudget {
    fn starting_now() -> ReportBudget {
        let budget = std::env::var("STATUSLINT_WORKSPACE_DIAGNOSTIC_BUDGET_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(WORKSPACE_REPORT_BUDGET, Duration::from_millis);
        ReportBudget {
            deadline: Instant::now() + budget,
            cancelled: Arc::new(AtomicBool::new(false)),
        }
    }

    fn spent(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed) || Instant::now() >= self.deadline
    }
}

/// Sets its flag when dropped: a request future dropped by a cancellation stops the work it started.
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// What the client told us it supports, reduced to what we use.
#[derive(Debug, Clone, Copy, Default)]
struct Caps {
    /// The client pulls diagnostics (and can be asked to pull again): nothing is pushed to it.
    pull_diagnostics: bool,
    /// The client would pull but cannot be asked to pull again (Neovim 0.11): pull is not
    /// advertised to it, so it takes pushed diagnostics, which a settings change can refresh.
    pull_without_refresh: bool,
    diagnostic_refresh: bool,
    watch_dynamic: bool,
    configuration: bool,
    /// `window.workDoneProgress`: the client shows `$/progress` (indexing).
    work_done_progress: bool,
    /// `textDocument.publishDiagnostics.relatedInformation`.
    related_information: bool,
    actions: ActionCaps,
}

impl Caps {
    fn of(c: &ClientCapabilities) -> Caps {
        let td = c.text_document.as_ref();
        let ws = c.workspace.as_ref();
        let diagnostic_refresh = ws
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false);
        Caps {
            // Pull only when we can also ask the client to pull again (after a settings change);
            // otherwise push, which never leaves stale results on screen (Neovim 0.11 offers pull
            // without refresh).
            pull_diagnostics: td.and_then(|t| t.diagnostic.as_ref()).is_some()
                && diagnostic_refresh,
            pull_without_refresh: td.and_then(|t| t.diagnostic.as_ref()).is_some()
                && !diagnostic_refresh,
            diagnostic_refresh,
            watch_dynamic: ws
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            configuration: ws.and_then(|w| w.configuration).unwrap_or(false),
            work_done_progress: c
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            related_information: td
                .and_then(|t| t.publish_diagnostics.as_ref())
                .and_then(|p| p.related_information)
                .unwrap_or(false),
            actions: ActionCaps {
                document_changes: ws
                    .and_then(|w| w.workspace_edit.as_ref())
                    .and_then(|e| e.document_changes)
                    .unwrap_or(false),
                resolve_edit: td
                    .and_then(|t| t.code_action.as_ref())
                    .and_then(|a| a.resolve_support.as_ref())
                    .is_some_and(|r| r.properties.iter().any(|p| p == "edit")),
            },
        }
    }
}

pub(crate) struct Inner {
    client: Client,
    docs: DashMap<Uri, Document>,
    /// Open documents of other languages: changes to them are expected and dropped silently.
    ignored: DashMap<Uri, ()>,
    next_open_id: AtomicU64,
    encoding: OnceLock<Encoding>,
    caps: OnceLock<Caps>,
    client_settings: RwLock<ClientSettings>,
    configs: ConfigCache,
    /// Bumped whenever settings change, so that unchanged documents are analysed again.
    epoch: AtomicU64,
    /// Warnings already shown (a broken config file would otherwise be reported on every keystroke).
    shown: Mutex<HashSet<String>>,
    /// Warnings found before the `initialize` response, shown once `initialized` arrives.
    pending_warnings: Mutex<Vec<String>>,
    /// Held while checking a document's version and publishing, so no stale result goes out after a
    /// newer one or after `didClose`.
    publish_lock: tokio::sync::Mutex<()>,
    shutdown_requested: Arc<AtomicBool>,
    worker: analysis::Worker,
    workspace: Arc<Workspace>,
    /// The workspace folders (canonical), set by `initialize`.
    roots: OnceLock<Arc<Vec<PathBuf>>>,
    /// Files that are not open whose diagnostics were pushed non-empty (push clients with
    /// `workspaceDiagnostics`): they get an empty publish once clean.
    pushed: DashMap<PathBuf, ()>,
    /// Files not open whose diagnostics may have changed, refreshed together once edits pause.
    pending_closed: Mutex<BTreeSet<PathBuf>>,
    closed_changed: tokio::sync::Notify,
    /// Held by whatever reads files that are not open from disk into the index (the build, watched
    /// changes, a closed document, settling dependents): each reads the disk and writes the index
    /// as one step, so a read of an older text cannot be written over a newer one.
    disk: tokio::sync::Mutex<()>,
}

pub(crate) struct Server {
    inner: Arc<Inner>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DocumentTextParams {
    pub text_document: TextDocumentIdentifier,
}

#[derive(Debug, Deserialize)]
pub(crate) struct MalformedParams {
    pub code: i64,
    pub message: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct DocumentTextResult {
    pub version: i32,
    pub text: String,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The language of a document: its language id, else its file extension.
fn language_of(language_id: &str, uri: &Uri) -> Option<Language> {
    Language::from_language_id(language_id)
        .or_else(|| Language::from_path(std::path::Path::new(uri.path().as_str())))
}

/// Runs `f`, turning a panic into `fallback` (request handlers have no panic boundary of their own:
/// a panic there would take the whole server down).
fn shielded<T>(what: &str, fallback: T, f: impl FnOnce() -> T) -> T {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(v) => v,
        Err(_) => {
            error!("panic while handling {what}; answering with an empty result");
            fallback
        }
    }
}

impl Server {
    pub(crate) fn new(
        client: Client,
        shutdown_requested: Arc<AtomicBool>,
        worker: analysis::Worker,
    ) -> Server {
        Server {
            inner: Arc::new(Inner {
                client,
                docs: DashMap::new(),
                ignored: DashMap::new(),
                next_open_id: AtomicU64::new(1),
                encoding: OnceLock::new(),
                caps: OnceLock::new(),
                client_settings: RwLock::new(ClientSettings::default()),
                configs: ConfigCache::default(),
                epoch: AtomicU64::new(0),
                shown: Mutex::new(HashSet::new()),
                pending_warnings: Mutex::new(Vec::new()),
                publish_lock: tokio::sync::Mutex::new(()),
                shutdown_requested,
                worker,
                workspace: Arc::new(Workspace::new()),
                roots: OnceLock::new(),
                pushed: DashMap::new(),
                pending_closed: Mutex::new(BTreeSet::new()),
                closed_changed: tokio::sync::Notify::new(),
                disk: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// `statuslint/documentText`: the server's copy of a document, for tests and debugging.
    pub(crate) async fn document_text(
        &self,
        params: DocumentTextParams,
    ) -> Result<DocumentTextResult> {
        match self.inner.docs.get(&params.text_document.uri) {
            Some(doc) => Ok(DocumentTextResult {
                version: doc.version,
                text: doc.text.as_str().to_string(),
            }),
            None => Err(Error::invalid_params(format!(
                "document not open: {}",
                params.text_document.uri.as_str()
            ))),
        }
    }
}

impl Server {
    /// Answers a message the transport filter could not pass on (see `transport.rs`).
    pub(crate) async fn malformed_message(&self, params: MalformedParams) -> Result<()> {
        Err(Error {
            code: ErrorCode::from(params.code),
            message: params.message.into(),
            data: None,
        })
    }
}

impl Inner {
    fn encoding(&self) -> Encoding {
        self.encoding.get().copied().unwrap_or(Encoding::Utf16)
    }

    fn caps(&self) -> Caps {
        self.caps.get().copied().unwrap_or_default()
    }

    /// Starts the document's lint task unless one is running (it will pick up the new version).
    fn schedule(self: &Arc<Self>, uri: &Uri) {
        let Some(mut doc) = self.docs.get_mut(uri) else {
            return;
        };
        if doc.analyzing {
            return;
        }
        doc.analyzing = true;
        drop(doc);
        tokio::spawn(self.clone().lint_loop(uri.clone()));
    }

    async fn lint_loop(self: Arc<Self>, uri: Uri) {
        // Whole re-reads of one version whose own update changed the index (see below).
        let mut own_rounds: (i32, usize) = (i32::MIN, 0);
        loop {
            let epoch = self.epoch.load(Ordering::SeqCst);
            let (snapshot, first_large) = {
                let Some(mut doc) = self.docs.get_mut(&uri) else {
                    return;
                };
                if doc.analyzed == Some((doc.version, epoch, doc.refresh)) {
                    doc.analyzing = false;
                    return;
                }
                let large = doc.text.len() > analysis::MAX_ANALYZED_BYTES && !doc.warned_large;
                if large {
                    doc.warned_large = true;
                }
                let mut snapshot = doc.snapshot();
                snapshot.uri = Some(uri.clone());
                (snapshot, large)
            };
            if first_large {
                let message = format!(
                    "statuslint: {} is larger than {} MB; it is not analysed",
                    uri.as_str(),
                    analysis::MAX_ANALYZED_BYTES / (1024 * 1024)
                );
                warn!("{message}");
                self.client.log_message(MessageType::WARNING, message).await;
            }
            let (open_id, version, refresh) =
                (snapshot.open_id, snapshot.version, snapshot.refresh);
            let key = snapshot.key.clone();
            let text = snapshot.text.clone();
            let whole = snapshot.reread_all;
            // What the index had when this analysis started reading it (see below).
            let seen = self.workspace.index.changes();
            let job = self.clone();
            let outcome = self
                .worker
                .run("analysis", move || {
                    let client_settings = job
                        .client_settings
                        .read()
                        .unwrap_or_else(|p| p.into_inner())
                        .clone();
                    let resolved = job
                        .configs
                        .resolve(snapshot.path.as_deref(), &client_settings);
                    let warning = resolved.warning.clone();
                    let ctx = analysis::Context {
                        index: &job.workspace.index,
                        related_supported: job.caps().related_information,
                        roots: job.roots(),
                    };
                    // The warning must survive a panic in `analyze`, hence the inner guard.
                    let result = catch_unwind(AssertUnwindSafe(|| {
                        analysis::analyze(&snapshot, resolved.settings, job.encoding(), ctx)
                    }));
                    let (result, facts) = match result {
                        Ok((mut analysis, facts)) => {
                            analysis.config_warning = warning.clone();
                            (Some(Arc::new(analysis)), facts)
                        }
                        Err(_) => (None, None),
                    };
                    (result, warning, facts)
                })
                .await;
            let (result, warning, facts) = outcome.unwrap_or((None, None, None));
            if result.is_none() {
                error!(
                    "analysis of {} version {version} panicked; no diagnostics for this version",
                    uri.as_str()
                );
            }
            if let Some(warning) = warning {
                self.warn_once(warning).await;
            }
            let too_slow = match result.as_ref().and_then(|a| a.skipped) {
                Some(analysis::Skipped::TooSlow(timeout)) => Some(timeout),
                _ => None,
            };
            if let Some(timeout) = too_slow {
                let message = format!(
                    "statuslint: {}: {timeout} (version {version})",
                    uri.as_str()
                );
                warn!("{message}");
                self.client.log_message(MessageType::WARNING, message).await;
            }
            let (publish, previous) = {
                let Some(mut doc) = self.docs.get_mut(&uri) else {
                    self.worker.discard(result);
                    return;
                };
                if (doc.open_id, doc.version) != (open_id, version) {
                    // Edited (or reopened) meanwhile: this result is stale; analyse the new version.
                    drop(doc);
                    self.worker.discard(result);
                    continue;
                }
                doc.analyzed = Some((version, epoch, refresh));
                let old_tree = match result.as_ref().and_then(|a| a.tree.clone()) {
                    Some(tree) => doc.tree.replace(tree),
                    None => None,
                };
                // The next analysis starts from these facts and the edits made after this version.
                // (After a caught panic the old facts and all edits since them stay.)
                let old_segments = match &result {
                    Some(analysis) => {
                        doc.edits.clear();
                        std::mem::replace(&mut doc.segments, analysis.segments.clone())
                    }
                    None => None,
                };
                let old_state = doc.latest.send_replace(Some(AnalysisState {
                    version,
                    epoch,
                    refresh,
                    result: result.clone(),
                }));
                (
                    result.map(|a| a.published()),
                    (old_tree, old_segments, old_state),
                )
            };
            if let Some(diagnostics) = publish.filter(|_| too_slow.is_none()) {
                if !self.caps().pull_diagnostics {
                    self.publish(&uri, diagnostics, Some((open_id, version)))
                        .await;
                }
            }
            // Freed on the analysis thread, after publishing: the trees were allocated there, and
            // freeing them from another thread cost this path a millisecond.
            self.worker.discard(previous);
            // Then the index learns the document's facts (in order: the next version's facts go in
            // after these); what uses its summaries is refreshed without holding up this loop.
            if let (Some(facts), Some(key)) = (facts, key) {
                let job = self.clone();
                let closed_key = key.clone();
                let change = self
                    .worker
                    .run("index update", move || {
                        // Closed meanwhile: the disk's version goes in instead (`document_closed`).
                        if !job.workspace.is_open(&key) {
                            return (Change::default(), false, false);
                        }
                        let started = std::time::Instant::now();
                        // Indexed as `check` indexes it.
                        let skipped = Language::from_path(&key)
                            .and_then(|language| workspace::skipped_facts(language, &text));
                        let facts = skipped.as_ref().unwrap_or(&facts);
                        let change = workspace::update(&job.workspace.index, &key, &text, facts);
                        // Another file's update completed between this analysis reading the index
                        // and this update recording its lookups: the analysis may have read that
                        // file's old (or half-replaced) entry, and that file's dependents were
                        // computed without this one. (This update counts once when it changed.)
                        let others = job.workspace.index.changes() - seen;
                        let raced = others > u64::from(change.summaries_changed);
                        // Closed during the update: `document_closed` may have read the disk
                        // before this wrote the editor's text, so it reads the disk again.
                        let closed = !job.workspace.is_open(&key);
                        debug!(
                            version,
                            index_us = started.elapsed().as_micros() as u64,
                            changed = change.summaries_changed,
                            dependents = change.dependents.len(),
                            "index updated"
                        );
                        (change, raced, closed)
                    })
                    .await;
                let (change, raced) = match change {
                    Some((change, raced, closed)) => {
                        if closed {
                            tokio::spawn(self.clone().document_closed(closed_key));
                        }
                        (Some(change), raced)
                    }
                    None => (None, false),
                };
                if raced {
                    // Read again with the index as it is now (this loop picks it up).
                    if let Some(mut doc) = self.docs.get_mut(&uri) {
                        doc.refresh += 1;
                    }
                }
                if let Some(change) = change.filter(|c| c.summaries_changed) {
                    let me = self.clone();
                    tokio::spawn(async move {
                        let disk = me.disk.lock().await;
                        let paths = me.clone().settle(change.dependents).await;
                        drop(disk);
                        me.refresh_dependents(paths).await;
                    });
                    // A whole re-read resolved the file's own names (its imports, its helpers)
                    // through its previous entry: when its update changed that entry, read it again,
                    // as `check` reads a file through its own index until it settles, a few times
                    // at most (a file whose entry keeps changing would go on forever).
                    if own_rounds.0 != version {
                        own_rounds = (version, 0);
                    }
                    if whole {
                        own_rounds.1 += 1;
                    }
                    if own_rounds.1 <= MAX_OWN_REREADS {
                        tokio::spawn(
                            self.clone()
                                .reread_when_quiet(uri.clone(), open_id, version),
                        );
                    }
                }
            }
        }
    }

    /// The document's summaries changed: its other items may use them (and its related places
    /// come from its index entry), so it is read whole again, once typing pauses (every keystroke
    /// in a helper changes its summary's offsets; the edited item itself is already current).
    async fn reread_when_quiet(self: Arc<Self>, uri: Uri, open_id: u64, version: i32) {
        tokio::time::sleep(QUIET).await;
        {
            let Some(mut doc) = self.docs.get_mut(&uri) else {
                return;
            };
            if (doc.open_id, doc.version) != (open_id, version) {
                return; // edited again: that version's update decides
            }
            doc.refresh += 1;
        }
        self.schedule(&uri);
    }

    /// Refreshes files that are not open once changes pause (see `refresh_dependents`).
    async fn closed_refresh_loop(self: Arc<Self>) {
        loop {
            self.closed_changed.notified().await;
            while tokio::time::timeout(QUIET, self.closed_changed.notified())
                .await
                .is_ok()
            {}
            let paths: Vec<PathBuf> = std::mem::take(&mut *lock(&self.pending_closed))
                .into_iter()
                .collect();
            self.after_workspace_change(paths).await;
        }
    }

    fn roots(&self) -> &Arc<Vec<PathBuf>> {
        static EMPTY: OnceLock<Arc<Vec<PathBuf>>> = OnceLock::new();
        self.roots
            .get()
            .unwrap_or_else(|| EMPTY.get_or_init(Default::default))
    }

    fn push_workspace_diagnostics(&self) -> bool {
        !self.caps().pull_diagnostics
            && self
                .client_settings
                .read()
                .unwrap_or_else(|p| p.into_inner())
                .workspace_diagnostics
    }

    /// The open documents whose index key is `path`.
    fn open_uris(&self, path: &Path) -> Vec<Uri> {
        self.docs
            .iter()
            .filter(|d| d.key.as_deref() == Some(path))
            .map(|d| d.key().clone())
            .collect()
    }

    /// Fresh diagnostics for `paths`, whose files use summaries that changed: open documents are
    /// analysed again at once; for files that are not open, once changes pause, pull clients are
    /// asked to pull again and push clients with `workspaceDiagnostics` get new publishes.
    async fn refresh_dependents(self: Arc<Self>, paths: Vec<PathBuf>) {
        if paths.is_empty() {
            return;
        }
        debug!(files = paths.len(), "refreshing dependents");
        let mut closed = Vec::new();
        let mut open = false;
        for path in paths {
            let uris = self.open_uris(&path);
            if uris.is_empty() {
                self.workspace.mark_stale(&path, None);
                closed.push(path);
            }
            open |= !uris.is_empty();
            for uri in uris {
                if let Some(mut doc) = self.docs.get_mut(&uri) {
                    doc.refresh += 1;
                }
                self.schedule(&uri);
            }
        }
        // A pull client learns of open documents' new results from the refresh too.
        if !closed.is_empty() || (open && self.caps().pull_diagnostics) {
            lock(&self.pending_closed).extend(closed);
            self.closed_changed.notify_one();
        }
    }

    /// Tells the client that diagnostics of files that are not open may have changed.
    async fn after_workspace_change(self: &Arc<Self>, closed: Vec<PathBuf>) {
        let caps = self.caps();
        if caps.pull_diagnostics {
            if caps.diagnostic_refresh {
                if let Err(e) = self.client.workspace_diagnostic_refresh().await {
                    debug!("workspace/diagnostic/refresh failed: {e}");
                }
            }
        } else if self.push_workspace_diagnostics() {
            self.push_closed(closed).await;
        }
    }

    /// The settings of the folder `path` is in.
    fn settings_for(&self, path: &Path) -> Arc<crate::config::Settings> {
        let client = self
            .client_settings
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        self.configs.resolve(Some(path), &client).settings
    }

    /// Current reports for files that are not open, computed on a blocking thread.
    async fn reports(
        self: &Arc<Self>,
        paths: Vec<PathBuf>,
        budget: Option<ReportBudget>,
    ) -> Vec<(PathBuf, Option<workspace::Report>)> {
        let me = self.clone();
        tokio::task::spawn_blocking(move || {
            let settings = |p: &Path| me.settings_for(p);
            let (encoding, related) = (me.encoding(), me.caps().related_information);
            let (read, left) = (AtomicU64::new(0), AtomicU64::new(0));
            // On the shared pool, yielding to open documents' analyses like the index build.
            let work = || {
                use rayon::prelude::*;
                paths
                    .into_par_iter()
                    .map(|p| {
                        // Out of budget (or cancelled): cached reports still answer, files to
                        // read are left for the next pull. At least one file is read per pull,
                        // so that pulls always make progress.
                        let cached = me.workspace.has_report(&p);
                        if budget.as_ref().is_some_and(ReportBudget::spent)
                            && !cached
                            && read.load(Ordering::Relaxed) > 0
                        {
                            left.fetch_add(1, Ordering::Relaxed);
                            return (p, None);
                        }
                        if !cached {
                            me.worker.wait_idle(INDEX_YIELD);
                            read.fetch_add(1, Ordering::Relaxed);
                        }
                        let report = me.workspace.report(&p, &settings, encoding, related);
                        (p, report)
                    })
                    .collect::<Vec<_>>()
            };
            let out = catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|_| {
                error!("panic while computing workspace diagnostics; none reported");
                Vec::new()
            });
            let left = left.load(Ordering::Relaxed);
            if left > 0 {
                info!(
                    left,
                    "workspace diagnostics: out of time; the rest is left for the next pull"
                );
            }
            out
        })
        .await
        .unwrap_or_default()
    }

    /// Pushes the diagnostics of files that are not open (non-empty ones, and empty ones to clear
    /// what was pushed before).
    async fn push_closed(self: &Arc<Self>, paths: Vec<PathBuf>) {
        for (path, report) in self.reports(paths, None).await {
            // No report: opened meanwhile (it publishes its own), or gone from disk.
            if report.is_none() && self.workspace.is_open(&path) {
                continue;
            }
            let diagnostics = report.map(|r| (*r.diagnostics).clone()).unwrap_or_default();
            let had = self.pushed.contains_key(&path);
            if diagnostics.is_empty() && !had {
                continue;
            }
            let Some(uri) = Uri::from_file_path(&path) else {
                continue;
            };
            if diagnostics.is_empty() {
                self.pushed.remove(&path);
            } else {
                self.pushed.insert(path, ());
            }
            self.publish(&uri, diagnostics, None).await;
        }
    }

    /// Clears what `push_closed` published (the setting was turned off).
    async fn clear_pushed(&self) {
        let paths: Vec<PathBuf> = self.pushed.iter().map(|e| e.key().clone()).collect();
        self.pushed.clear();
        for path in paths {
            if let Some(uri) = Uri::from_file_path(&path) {
                self.publish(&uri, Vec::new(), None).await;
            }
        }
    }

    /// Builds the workspace index in the background (reporting progress when the client shows it),
    /// then refreshes every open document and the workspace diagnostics.
    async fn build_index(self: Arc<Self>) {
        let roots: Vec<PathBuf> = self.roots().to_vec();
        if roots.is_empty() {
            // No workspace folder: open documents are all the index holds.
            self.workspace.mark_built();
            return;
        }
        let progress = if self.caps().work_done_progress {
            let token = NumberOrString::String(INDEX_PROGRESS_TOKEN.to_string());
            match self.client.create_work_done_progress(token.clone()).await {
                Ok(()) => Some(
                    self.client
                        .progress(token, "statuslint")
                        .with_message("indexing the workspace")
                        .with_percentage(0)
                        .begin()
                        .await,
                ),
                Err(e) => {
                    debug!("window/workDoneProgress/create failed: {e}");
                    None
                }
            }
        } else {
            None
        };
        // Watched changes and closed documents that arrive meanwhile are read after the build
        // (a build started by a manifest change also waits for one running).
        let disk = self.disk.lock().await;
        let me = self.clone();
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let mut build = tokio::task::spawn_blocking(move || {
            let (files, truncated) = workspace::walk(&roots);
            let pause = || me.worker.wait_idle(INDEX_YIELD);
            let work = || me.workspace.build(files, threads, &pause);
            match catch_unwind(AssertUnwindSafe(work)) {
                Ok(_) => {}
                Err(_) => {
                    error!("panic while indexing the workspace; the index is partial");
                    me.workspace.mark_all_stale();
                }
            }
            truncated
        });
        let truncated = loop {
            tokio::select! {
                done = &mut build => break done.unwrap_or(false),
                _ = tokio::time::sleep(Duration::from_millis(250)) => {
                    if let Some(progress) = &progress {
                        let done = self.workspace.progress.0.load(Ordering::Relaxed);
                        let total = self.workspace.progress.1.load(Ordering::Relaxed);
                        let percentage = (done * 100).checked_div(total).unwrap_or(0) as u32;
                        progress.report_with_message(
                            format!("indexing {}/{} files", workspace::thousands(done), workspace::thousands(total)),
                            percentage.min(100),
                        ).await;
                    }
                }
            }
        };
        drop(disk);
        let total = self.workspace.progress.1.load(Ordering::Relaxed);
        if truncated {
            self.warn_once(format!(
                "statuslint: the workspace has more than {} supported files; only the first {} are indexed",
                workspace::thousands(workspace::MAX_INDEXED_FILES),
                workspace::thousands(workspace::MAX_INDEXED_FILES),
            ))
            .await;
        }
        if let Some(progress) = progress {
            progress
                .finish_with_message(format!("indexed {} files", workspace::thousands(total)))
                .await;
        }
        // Open documents were read against a partial index; every report is due again (the
        // closed files' reports were marked stale by the build, before it announced itself).
        let uris: Vec<Uri> = self.docs.iter().map(|e| e.key().clone()).collect();
        for uri in &uris {
            if let Some(mut doc) = self.docs.get_mut(uri) {
                doc.refresh += 1;
            }
            self.schedule(uri);
        }
        let closed = self.workspace.closed_files();
        self.after_workspace_change(closed).await;
    }

    /// Watched source files changed on disk: those not open are read into the index again (or
    /// leave it), then what uses them is refreshed.
    ///
    /// Notifications are handled concurrently and may start out of order, so each reads the disk
    /// as it is now, under `disk`: a file changed twice in quick succession ends at its last text
    /// whichever notification reads it last. (Two at once, the one that read the older text could
    /// write it over the newer one after the other found nothing changed.)
    async fn files_changed(self: Arc<Self>, changes: Vec<PathBuf>) {
        let disk = self.disk.lock().await;
        let me = self.clone();
        let outcome = tokio::task::spawn_blocking(move || {
            let work = || {
                let mut dependents = BTreeSet::new();
                let mut changed = Vec::new();
                for path in changes {
                    // Open documents win over the disk; build output and the like stay out.
                    if me.workspace.is_open(&path) || !me.workspace.watches(&path) {
                        continue;
                    }
                    let Some(language) = workspace::indexed_language(&path) else {
                        continue;
                    };
                    // Deleted or changed, the disk decides (a file deleted and written again may
                    // be reported after the fact): a file that is gone leaves the index.
                    let change = me.workspace.load(&path, language, true);
                    changed.push(path);
                    if let Some(change) = change.filter(|c| c.summaries_changed) {
                        dependents.extend(change.dependents);
                    }
                }
                (changed, dependents)
            };
            catch_unwind(AssertUnwindSafe(work)).unwrap_or_default()
        })
        .await;
        let (changed, dependents) = outcome.unwrap_or_default();
        let mut dependents = self.clone().settle(dependents.into_iter().collect()).await;
        drop(disk);
        // The changed files' own reports (a deleted one publishes empty when it had problems).
        for path in changed {
            if !dependents.contains(&path) {
                dependents.push(path);
            }
        }
        self.refresh_dependents(dependents).await;
    }

    /// A document closed: its index entry goes back to what is on disk (unsaved edits are gone).
    async fn document_closed(self: Arc<Self>, path: PathBuf) {
        let Some(language) = workspace::indexed_language(&path) else {
            return;
        };
        let disk = self.disk.lock().await;
        let me = self.clone();
        let load_path = path.clone();
        let change = tokio::task::spawn_blocking(move || {
            catch_unwind(AssertUnwindSafe(|| {
                me.workspace.load(&load_path, language, true)
            }))
            .ok()
            .flatten()
        })
        .await
        .ok()
        .flatten();
        let paths = change
            .filter(|c| c.summaries_changed)
            .map(|c: Change| c.dependents)
            .unwrap_or_default();
        let mut paths = self.clone().settle(paths).await;
        drop(disk);
        if !paths.contains(&path) {
            paths.push(path);
        }
        self.refresh_dependents(paths).await;
    }

    /// The closed files among `dependents` read again into the index, as `check` settles them
    /// (`Workspace::settle_dependents`); every file whose findings may have changed. The caller
    /// holds `disk`.
    async fn settle(self: Arc<Self>, dependents: Vec<PathBuf>) -> Vec<PathBuf> {
        if dependents.is_empty() {
            return dependents;
        }
        let me = self.clone();
        let fallback = dependents.clone();
        tokio::task::spawn_blocking(move || {
            catch_unwind(AssertUnwindSafe(|| {
                me.workspace.settle_dependents(dependents)
            }))
            .ok()
        })
        .await
        .ok()
        .flatten()
        .unwrap_or(fallback)
    }

    /// Publishes results for `version` of the document opened as `open_id` unless it moved on (or
    /// was closed) in the meantime; `None`: the empty list after `didClose`, unless reopened since.
    async fn publish(&self, uri: &Uri, diagnostics: Vec<Diagnostic>, version: Option<(u64, i32)>) {
        let _guard = self.publish_lock.lock().await;
        let Some(current) = self
            .docs
            .get(uri)
            .map(|d| (d.open_id, d.version, d.changed_at))
        else {
            if version.is_none() {
                self.client
                    .publish_diagnostics(uri.clone(), diagnostics, None)
                    .await;
            }
            return;
        };
        if Some((current.0, current.1)) != version {
            return;
        }
        debug!(
            version = current.1,
            since_change_us = current.2.elapsed().as_micros() as u64,
            "publishing"
        );
        let version = version.map(|(_, v)| v);
        self.client
            .publish_diagnostics(uri.clone(), diagnostics, version)
            .await;
    }

    async fn warn_once(&self, message: String) {
        if !lock(&self.shown).insert(message.clone()) {
            return;
        }
        warn!("{message}");
        self.client
            .show_message(MessageType::WARNING, message)
            .await;
    }

    /// The analysis of the document's current version (waiting for it if needed).
    async fn current(&self, uri: &Uri) -> Option<Arc<Analysis>> {
        let (mut rx, version, epoch, refresh) = {
            let Some(doc) = self.docs.get(uri) else {
                warn!("request for a document that is not open: {}", uri.as_str());
                return None;
            };
            (
                doc.latest.subscribe(),
                doc.version,
                self.epoch.load(Ordering::SeqCst),
                doc.refresh,
            )
        };
        let ready = tokio::time::timeout(
            ANALYSIS_WAIT,
            rx.wait_for(|s| {
                s.as_ref().is_some_and(|s| {
                    s.version >= version && s.epoch >= epoch && s.refresh >= refresh
                })
            }),
        )
        .await;
        match ready {
            Ok(Ok(state)) => state.as_ref().and_then(|s| s.result.clone()),
            Ok(Err(_)) => None, // closed meanwhile
            Err(_) => {
                warn!("analysis of {} not ready in time", uri.as_str());
                None
            }
        }
    }

    /// Settings changed: forget cached configs and analyse every open document again.
    async fn settings_changed(self: &Arc<Self>) {
        self.configs.clear();
        lock(&self.shown).clear();
        self.epoch.fetch_add(1, Ordering::SeqCst);
        let uris: Vec<Uri> = self.docs.iter().map(|e| e.key().clone()).collect();
        for uri in &uris {
            self.schedule(uri);
        }
        self.workspace.mark_all_stale();
        if !self.caps().pull_diagnostics && !self.push_workspace_diagnostics() {
            self.clear_pushed().await;
        }
        let closed = self.workspace.closed_files();
        self.after_workspace_change(closed).await;
    }

    async fn set_client_settings(&self, value: &Value) {
        let (parsed, warnings) = ClientSettings::parse(value);
        *self
            .client_settings
            .write()
            .unwrap_or_else(|p| p.into_inner()) = parsed;
        for w in warnings {
            self.warn_once(w).await;
        }
    }
}

/// Exits when the editor process that started us is gone (it may die without sending `exit`).
fn watch_parent(pid: u32) {
    let proc_dir = PathBuf::from(format!("/proc/{pid}"));
    if !cfg!(target_os = "linux") || !proc_dir.exists() {
        // Not Linux, or the editor lives in another PID namespace: nothing reliable to poll.
        debug!("not watching process {pid}");
        return;
    }
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(3)).await;
            if !proc_dir.exists() {
                error!("editor process {pid} is gone; exiting");
                std::process::exit(1);
            }
        }
    });
}

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|list| list.contains(&PositionEncodingKind::UTF8));
        let (encoding, kind) = if utf8 {
            (Encoding::Utf8, PositionEncodingKind::UTF8)
        } else {
            (Encoding::Utf16, PositionEncodingKind::UTF16)
        };
        let _ = self.inner.encoding.set(encoding);
        let _ = self.inner.caps.set(Caps::of(&params.capabilities));
        if let Some(options) = &params.initialization_options {
            let (parsed, warnings) = ClientSettings::parse(options);
            *self
                .inner
                .client_settings
                .write()
                .unwrap_or_else(|p| p.into_inner()) = parsed;
            lock(&self.inner.pending_warnings).extend(warnings);
        }
        if let Some(pid) = params.process_id {
            watch_parent(pid);
        }
        // The workspace: its folders, else the (deprecated) root URI or root path.
        #[allow(deprecated)]
        let roots: Vec<PathBuf> = match &params.workspace_folders {
            Some(folders) if !folders.is_empty() => folders
                .iter()
                .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
                .collect(),
            _ => params
                .root_uri
                .as_ref()
                .and_then(|u| u.to_file_path().map(|p| p.into_owned()))
                .or_else(|| params.root_path.as_ref().map(PathBuf::from))
                .into_iter()
                .collect(),
        };
        self.inner.workspace.set_roots(roots);
        let _ = self.inner.roots.set(Arc::new(self.inner.workspace.roots()));
        info!("initialize: position encoding {}", kind.as_str());
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(kind),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::from(actions::FIX_ALL_KIND),
                        ]),
                        resolve_provider: Some(true),
                        work_done_progress_options: WorkDoneProgressOptions::default(),
                    },
                )),
                inlay_hint_provider: Some(OneOf::Left(true)),
                // Advertised to every client except those that would pull without refresh.
                diagnostic_provider: (!self.inner.caps().pull_without_refresh).then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("statuslint".to_string()),
                        // A file's diagnostics depend on the summaries of the files it calls.
                        inter_file_dependencies: true,
                        workspace_diagnostics: true,
                        work_done_progress_options: WorkDoneProgressOptions::default(),
                    })
                }),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "statuslint".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let pending: Vec<String> = std::mem::take(&mut *lock(&self.inner.pending_warnings));
        for w in pending {
            self.inner.warn_once(w).await;
        }
        if self.inner.caps().watch_dynamic {
            // Config files, the sources the index reads, and the manifests whose packages it
            // reads (`Packages::watched`).
            let extensions: Vec<&str> = Language::all()
                .flat_map(|l| l.extensions)
                .copied()
                .collect();
            let mut globs = vec![
                format!("**/{{{}}}", crate::config::FILE_NAMES.join(",")),
                format!("**/*.{{{}}}", extensions.join(",")),
            ];
            globs.extend(
                Language::all()
                    .flat_map(|l| l.packages.watched)
                    .map(|m| format!("**/{m}")),
            );
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: globs
                    .into_iter()
                    .map(|glob| FileSystemWatcher {
                        glob_pattern: GlobPattern::String(glob),
                        kind: None,
                    })
                    .collect(),
            };
            let registration = Registration {
                id: WATCHER_ID.to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(e) = self
                .inner
                .client
                .register_capability(vec![registration])
                .await
            {
                warn!("could not register the file watchers: {e}");
            }
        }
        tokio::spawn(self.inner.clone().closed_refresh_loop());
        tokio::spawn(self.inner.clone().build_index());
    }

    async fn shutdown(&self) -> Result<()> {
        self.inner.shutdown_requested.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let Some(language) = language_of(&doc.language_id, &doc.uri) else {
            debug!("ignoring {} ({})", doc.uri.as_str(), doc.language_id);
            self.inner.ignored.insert(doc.uri, ());
            return;
        };
        let path = doc.uri.to_file_path().map(|p| p.into_owned());
        let open_id = self.inner.next_open_id.fetch_add(1, Ordering::SeqCst);
        let mut new = Document::new(doc.text, doc.version, path, language, open_id);
        self.inner.ignored.remove(&doc.uri);
        let key = new.key.clone();
        match self.inner.docs.entry(doc.uri.clone()) {
            // Opened again while open: a running lint task goes on with the new document.
            Entry::Occupied(mut old) => {
                new.analyzing = old.get().analyzing;
                new.refresh = old.get().refresh;
                old.insert(new);
            }
            Entry::Vacant(slot) => {
                slot.insert(new);
                if let Some(key) = &key {
                    self.inner.workspace.opened(key);
                }
            }
        }
        // Its diagnostics now come from the document (pushed ones for the file on disk are moot).
        if let Some(key) = &key {
            self.inner.pushed.remove(key);
        }
        self.inner.schedule(&doc.uri);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        {
            let Some(mut doc) = self.inner.docs.get_mut(&uri) else {
                if !self.inner.ignored.contains_key(&uri) {
                    warn!(
                        "didChange for a document that is not open: {}",
                        uri.as_str()
                    );
                }
                return;
            };
            if version <= doc.version {
                warn!(
                    "ignoring didChange version {version} for {}: already at {}",
                    uri.as_str(),
                    doc.version
                );
                return;
            }
            let encoding = self.inner.encoding();
            doc.apply_changes(version, params.content_changes, encoding);
        }
        self.inner.schedule(&uri);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.inner.ignored.remove(&uri);
        let Some((_, doc)) = self.inner.docs.remove(&uri) else {
            return;
        };
        let closed = doc
            .key
            .clone()
            .filter(|key| self.inner.workspace.closed(key));
        drop(doc);
        if !self.inner.caps().pull_diagnostics {
            self.inner.publish(&uri, Vec::new(), None).await;
        }
        if let Some(key) = closed {
            tokio::spawn(self.inner.clone().document_closed(key));
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let mut settings = params.settings;
        let empty = settings.is_null() || settings.as_object().is_some_and(|o| o.is_empty());
        if empty && self.inner.caps().configuration {
            let item = ConfigurationItem {
                scope_uri: None,
                section: Some("statuslint".to_string()),
            };
            match self.inner.client.configuration(vec![item]).await {
                Ok(mut values) if !values.is_empty() => settings = values.swap_remove(0),
                Ok(_) => {}
                Err(e) => debug!("workspace/configuration failed: {e}"),
            }
        }
        self.inner.set_client_settings(&settings).await;
        self.inner.settings_changed().await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let config_changed = params.changes.iter().any(|c| {
            let path = c.uri.path().as_str();
            crate::config::FILE_NAMES
                .iter()
                .any(|name| path.ends_with(&format!("/{name}")))
        });
        let manifest_changed = params.changes.iter().any(|c| {
            let path = c.uri.path();
            Language::all()
                .flat_map(|l| l.packages.watched)
                .any(|m| path.as_str().ends_with(&format!("/{m}")))
        });
        let sources: Vec<PathBuf> = params
            .changes
            .iter()
            .filter_map(|c| {
                let path = c.uri.to_file_path()?;
                workspace::indexed_language(&path)?;
                Some(workspace::canonical(&path))
            })
            .collect();
        if config_changed {
            info!("a config file changed; re-linting open documents");
            self.inner.settings_changed().await;
        }
        if manifest_changed {
            // Packages may have changed (members, path dependencies): index the workspace again.
            info!("a package manifest changed; indexing the workspace again");
            crate::index::forget_packages();
            tokio::spawn(self.inner.clone().build_index());
        } else if !sources.is_empty() {
            tokio::spawn(self.inner.clone().files_changed(sources));
        }
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let analysis = self.inner.current(&uri).await;
        let (result_id, items) = match &analysis {
            Some(a) => (
                Some(format!(
                    "{}:{}:{}",
                    a.version,
                    self.inner.epoch.load(Ordering::SeqCst),
                    a.refresh
                )),
                a.published(),
            ),
            None => (None, Vec::new()),
        };
        // A version whose parse ran out of time has nothing new: the client keeps what it has.
        let too_slow = analysis
            .as_ref()
            .is_some_and(|a| matches!(a.skipped, Some(analysis::Skipped::TooSlow(_))));
        let result_id = match params.previous_result_id.as_ref() {
            Some(previous) if too_slow => Some(previous.clone()),
            _ => result_id,
        };
        if result_id.is_some() && result_id == params.previous_result_id {
            return Ok(DocumentDiagnosticReportResult::Report(
                DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                    related_documents: None,
                    unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                        result_id: result_id.unwrap_or_default(),
                    },
                }),
            ));
        }
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id, items },
            }),
        ))
    }

    async fn workspace_diagnostic(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        let inner = &self.inner;
        if !inner.workspace.wait_built(INDEX_WAIT).await {
            warn!("workspace/diagnostic: the index is not built yet; reporting what it has");
        }
        let previous: HashMap<Uri, String> = params
            .previous_result_ids
            .into_iter()
            .map(|p| (p.uri, p.value))
            .collect();
        let closed = inner.workspace.closed_files();
        let known: HashSet<PathBuf> = closed.iter().cloned().collect();
        let mut items = Vec::new();
        // Dropped with this future when the client cancels the request: the reading stops.
        let budget = ReportBudget::starting_now();
        let _cancel_on_drop = CancelOnDrop(budget.cancelled.clone());
        for (path, report) in inner.reports(closed, Some(budget)).await {
            let (Some(report), Some(uri)) = (report, Uri::from_file_path(&path)) else {
                continue;
            };
            let result_id = format!("w{}", report.id);
            let had = previous.get(&uri);
            // A clean file the client shows nothing for needs no report.
            if report.diagnostics.is_empty() && had.is_none() {
                continue;
            }
            items.push(if had == Some(&result_id) {
                WorkspaceDocumentDiagnosticReport::Unchanged(
                    WorkspaceUnchangedDocumentDiagnosticReport {
                        uri,
                        version: None,
                        unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                            result_id,
                        },
                    },
                )
            } else {
                WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
                    uri,
                    version: None,
                    full_document_diagnostic_report: FullDocumentDiagnosticReport {
                        result_id: Some(result_id),
                        items: (*report.diagnostics).clone(),
                    },
                })
            });
        }
        // Files the client shows problems for that are gone (deleted, or no longer indexed).
        for uri in previous.keys() {
            let Some(path) = uri.to_file_path().map(|p| workspace::canonical(&p)) else {
                continue;
            };
            if known.contains(&path) || inner.workspace.is_open(&path) {
                continue;
            }
            items.push(WorkspaceDocumentDiagnosticReport::Full(
                WorkspaceFullDocumentDiagnosticReport {
                    uri: uri.clone(),
                    version: None,
                    full_document_diagnostic_report: FullDocumentDiagnosticReport {
                        result_id: None,
                        items: Vec::new(),
                    },
                },
            ));
        }
        Ok(WorkspaceDiagnosticReportResult::Report(
            WorkspaceDiagnosticReport { items },
        ))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let Some(analysis) = self.inner.current(&at.text_document.uri).await else {
            return Ok(None);
        };
        Ok(shielded("hover", None, || {
            hover::hover(&analysis, hover::offset_of(&analysis, at.position))
        }))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let Some(analysis) = self.inner.current(&params.text_document.uri).await else {
            return Ok(None);
        };
        Ok(shielded("inlayHint", None, || {
            Some(hover::inlay_hints(&analysis, params.range))
        }))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some(analysis) = self.inner.current(&uri).await else {
            return Ok(None);
        };
        let caps = self.inner.caps().actions;
        // On the analysis thread: fix-all may re-parse the whole file.
        let actions = self
            .inner
            .worker
            .run("codeAction", move || {
                let req = ActionRequest {
                    uri: &uri,
                    range: params.range,
                    context: &params.context.diagnostics,
                    only: params.context.only.as_deref(),
                };
                actions::code_actions(&req, &analysis, caps)
            })
            .await
            .unwrap_or_default();
        Ok(Some(actions))
    }

    async fn code_action_resolve(&self, mut action: CodeAction) -> Result<CodeAction> {
        let Some(data) = action
            .data
            .clone()
            .and_then(|d| serde_json::from_value::<FixAllData>(d).ok())
        else {
            return Ok(action);
        };
        let Some(analysis) = self.inner.current(&data.uri).await else {
            return Err(Error::invalid_params("document not open"));
        };
        if analysis.version != data.version {
            return Err(Error::invalid_params(
                "the document changed since this action was offered",
            ));
        }
        let caps = self.inner.caps().actions;
        action.edit = self
            .inner
            .worker
            .run("codeAction/resolve", move || {
                actions::fix_all_edit(&data.uri, &analysis, caps)
            })
            .await
            .flatten();
        Ok(action)
    }
}
