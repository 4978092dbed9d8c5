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

use crate::extract::Language;
use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::Duration;

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

/// How long a request waits for the analysis of the document's current version.
const ANALYSIS_WAIT: Duration = Duration::from_secs(10);
const WATCHER_ID: &str = "statuslint-config-watcher";

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
        loop {
            let epoch = self.epoch.load(Ordering::SeqCst);
            let (snapshot, first_large) = {
                let Some(mut doc) = self.docs.get_mut(&uri) else {
                    return;
                };
                if doc.analyzed == Some((doc.version, epoch)) {
                    doc.analyzing = false;
                    return;
                }
                let large = doc.text.len() > analysis::MAX_ANALYZED_BYTES && !doc.warned_large;
                if large {
                    doc.warned_large = true;
                }
                (doc.snapshot(), large)
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
            let (open_id, version) = (snapshot.open_id, snapshot.version);
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
                    // The warning must survive a panic in `analyze`, hence the inner guard.
                    let result = catch_unwind(AssertUnwindSafe(|| {
                        analysis::analyze(&snapshot, resolved.settings, job.encoding())
                    }));
                    let result = result.ok().map(|mut analysis| {
                        analysis.config_warning = warning.clone();
                        Arc::new(analysis)
                    });
                    (result, warning)
                })
                .await;
            let (result, warning) = outcome.unwrap_or((None, None));
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
                doc.analyzed = Some((version, epoch));
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
        }
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
        let (mut rx, version, epoch) = {
            let Some(doc) = self.docs.get(uri) else {
                warn!("request for a document that is not open: {}", uri.as_str());
                return None;
            };
            (
                doc.latest.subscribe(),
                doc.version,
                self.epoch.load(Ordering::SeqCst),
            )
        };
        let ready = tokio::time::timeout(
            ANALYSIS_WAIT,
            rx.wait_for(|s| {
                s.as_ref()
                    .is_some_and(|s| s.version >= version && s.epoch >= epoch)
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
        let caps = self.caps();
        if caps.pull_diagnostics && caps.diagnostic_refresh {
            if let Err(e) = self.client.workspace_diagnostic_refresh().await {
                debug!("workspace/diagnostic/refresh failed: {e}");
            }
        }
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
                        inter_file_dependencies: false,
                        workspace_diagnostics: false,
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
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![FileSystemWatcher {
                    glob_pattern: GlobPattern::String(format!("**/{}", crate::config::FILE_NAME)),
                    kind: None,
                }],
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
                warn!("could not register the statuslint.toml watcher: {e}");
            }
        }
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
        match self.inner.docs.entry(doc.uri.clone()) {
            // Opened again while open: a running lint task goes on with the new document.
            Entry::Occupied(mut old) => {
                new.analyzing = old.get().analyzing;
                old.insert(new);
            }
            Entry::Vacant(slot) => {
                slot.insert(new);
            }
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
        if self.inner.docs.remove(&uri).is_none() {
            return;
        }
        if !self.inner.caps().pull_diagnostics {
            self.inner.publish(&uri, Vec::new(), None).await;
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
        let config_changed = params
            .changes
            .iter()
            .any(|c| c.uri.path().as_str().ends_with(crate::config::FILE_NAME));
        if config_changed {
            info!("statuslint.toml changed; re-linting open documents");
            self.inner.settings_changed().await;
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
                    "{}:{}",
                    a.version,
                    self.inner.epoch.load(Ordering::SeqCst)
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
