;;; test.el --- statuslint in a real Emacs 28 + eglot 1.9, headless  -*- lexical-binding: t -*-
;; Run by tests/editors/run.sh as: emacs --batch -Q -l test.el
;; Environment: STATUSLINT_BIN, STATUSLINT_CASES (cases.json), STATUSLINT_ROOT (a temporary copy of
;; the example project). Uses the eglot setup that docs/editors.md gives, opens each file of cases.json
;; in rust-mode, waits for statuslint's Flymake diagnostics, runs `eglot-code-actions' (answering its
;; prompt), checks the edit and that the diagnostic goes away, and turns a rule off live.
;; Prints "ok: ..." lines, then PASS (exit 0) or FAIL (exit 1).

(require 'cl-lib)
;; -Q skips package activation: put Debian's elpa packages on the load path by hand.
(dolist (dir (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))
  (add-to-list 'load-path dir))
(require 'rust-mode)
(require 'eglot)
(require 'flymake)

(defconst st-timeout 15.0)

(defun st-say (fmt &rest args)
  (princ (concat (apply #'format fmt args) "\n")))

(defun st-fail (fmt &rest args)
  (st-say "FAIL: %s" (apply #'format fmt args))
  (kill-emacs 1))

(defun st-env (name)
  (let ((v (getenv name)))
    (if (or (null v) (string-empty-p v)) (st-fail "environment variable %s is not set" name) v)))

(defun st-idle ()
  "Run the idle timers, as Emacs does when the user pauses. Batch mode has no command loop, so
eglot's didChange (sent after `eglot-send-changes-idle-time') would otherwise never go out."
  (mapc #'timer-event-handler (copy-sequence timer-idle-list)))

(defun st-wait (what pred)
  (let ((deadline (+ (float-time) st-timeout)) result)
    (while (and (not (setq result (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05)
      (st-idle))
    (or result (st-fail "timed out after %ss waiting for %s" st-timeout what))))

(defun st-line-at (pos)
  (save-excursion (goto-char pos) (buffer-substring-no-properties (line-beginning-position) (line-end-position))))

(defun st-diag (rule needle)
  "The statuslint diagnostic of RULE on a line containing NEEDLE, if any."
  (cl-find-if (lambda (d)
                (and (string-prefix-p (format "statuslint [%s]:" rule) (flymake-diagnostic-text d))
                     (string-search needle (st-line-at (flymake-diagnostic-beg d)))))
              (flymake-diagnostics (point-min) (point-max))))

(defun st-severity (d)
  (pcase (flymake-diagnostic-type d)
    ('eglot-error "error") ('eglot-warning "warning") (_ "note")))

(defun st-check-case (case)
  (let* ((rule (alist-get 'rule case))
         (line (alist-get 'line case))
         (before (alist-get 'before case))
         (after (alist-get 'after case))
         (title (alist-get 'action case))
         (d (st-wait (format "%s on %s" rule line) (lambda () (st-diag rule line))))
         (beg (flymake-diagnostic-beg d))
         (end (flymake-diagnostic-end d))
         (range-text (buffer-substring-no-properties beg end))
         (original (buffer-substring-no-properties (point-min) (point-max)))
         (expected (let ((i (string-search before original)))
                     (concat (substring original 0 i) after (substring original (+ i (length before))))))
         (offered nil))
    (unless (equal (st-severity d) (alist-get 'severity case))
      (st-fail "%s: severity %s, expected %s" rule (st-severity d) (alist-get 'severity case)))
    (unless (equal range-text (alist-get 'range_text case))
      (st-fail "%s: range covers %S, expected %S" rule range-text (alist-get 'range_text case)))
    (st-say "ok: %s on %S: %s" rule range-text (flymake-diagnostic-text d))
    (goto-char beg)
    ;; Answer eglot's "which action?" prompt as a user would (last-nonmenu-event not a mouse event).
    (let ((last-nonmenu-event 0))
      (cl-letf (((symbol-function 'completing-read)
                 (lambda (_prompt collection &rest _)
                   (setq offered (mapcar #'car collection))
                   (or (cl-find-if (lambda (c) (string-prefix-p title c)) offered)
                       (st-fail "%s: no code action titled %S; got %S" rule title offered)))))
        (eglot-code-actions beg end nil t)))
    (st-say "ok: code actions: %s" (if offered (string-join offered " | ") "(one, applied directly)"))
    (let ((got (buffer-substring-no-properties (point-min) (point-max))))
      (unless (equal got expected)
        (st-fail "%s: the text is\n%s\nexpected\n%s" rule got expected)))
    (st-say "ok: applied %S: %s" title (alist-get 'fixed_line case))
    ;; The example has one diagnostic of each rule per file: none may remain.
    (st-wait (format "the %s diagnostic to go away" rule)
             (lambda () (not (st-diag rule ""))))
    (st-say "ok: %s diagnostic gone" rule)))

(defun st-check-file (root file rules first)
  (find-file (expand-file-name (alist-get 'path file) root))
  (unless (eq major-mode 'rust-mode) (st-fail "%s did not open in rust-mode (%s)" buffer-file-name major-mode))
  (if first
      (apply #'eglot (eglot--guess-contact))
    (st-wait "eglot to manage the buffer" (lambda () (eglot-managed-p))))
  (st-wait "eglot to connect" (lambda () (eglot-current-server)))
  (st-say "ok: %s: eglot connected to %s" (alist-get 'path file)
          (plist-get (eglot--server-info (eglot-current-server)) :name))
  ;; Flymake starts on the next command; there is no command loop in batch mode.
  (flymake-start)
  (let ((case (car (alist-get 'cases file))))
    (st-wait "statuslint diagnostics"
             (lambda () (st-diag (alist-get 'rule case) (alist-get 'line case)))))
  (st-say "ok: diagnostics: %s"
          (mapconcat #'flymake-diagnostic-text (flymake-diagnostics (point-min) (point-max)) "; "))
  (dolist (o (alist-get 'severity_overrides file))
    (let ((d (st-wait (alist-get 'rule o)
                      (lambda () (st-diag (alist-get 'rule o) (alist-get 'line_contains o))))))
      ;; Flymake has one "note" type for info and hint.
      (unless (equal (st-severity d) (alist-get 'severity o))
        (st-fail "%s: severity %s, expected %s from the settings"
                 (alist-get 'rule o) (st-severity d) (alist-get 'severity o)))
      (st-say "ok: %s reported as %s (set in initializationOptions)" (alist-get 'rule o) (st-severity d))))
  (mapc #'st-check-case (alist-get 'cases file))
  ;; Rule levels change live: the documented eglot-workspace-configuration, sent again.
  (dolist (o (alist-get 'severity_overrides file))
    (let ((rule (alist-get 'rule o)))
      (setq-default eglot-workspace-configuration
                    `(:statuslint (:rules ,(plist-put (copy-sequence rules) (intern (format ":%s" rule)) "off"))))
      (eglot-signal-didChangeConfiguration (eglot-current-server))
      (st-wait (format "%s to go away after turning it off" rule)
               (lambda () (not (st-diag rule (alist-get 'line_contains o)))))
      (st-say "ok: %s turned off live via workspace/didChangeConfiguration" rule)
      (setq-default eglot-workspace-configuration `(:statuslint (:rules ,rules)))
      (eglot-signal-didChangeConfiguration (eglot-current-server)))))

(let* ((bin (st-env "STATUSLINT_BIN"))
       (root (st-env "STATUSLINT_ROOT"))
       (spec (with-temp-buffer
               (insert-file-contents (st-env "STATUSLINT_CASES"))
               (json-parse-buffer :object-type 'alist :array-type 'list)))
       (rules (cl-loop for (name . level) in (alist-get 'rules (alist-get 'settings spec))
                       append (list (intern (format ":%s" name)) level)))
       (first t))
  ;; The setup from docs/editors.md: statuslint as the eglot server for Rust buffers, rule levels
  ;; in initializationOptions and in the workspace configuration.
  (add-to-list 'eglot-server-programs
               `((rust-mode rust-ts-mode) . (,bin "lsp" :initializationOptions (:rules ,rules))))
  (setq-default eglot-workspace-configuration `(:statuslint (:rules ,rules)))
  ;; Emacs 28 ships no TypeScript mode: files for other editors only are left out.
  (dolist (file (alist-get 'files spec))
    (let ((editors (alist-get 'editors file)))
      (when (or (null editors) (seq-contains-p editors "emacs"))
        (st-check-file root file rules first)
        (setq first nil))))
  (st-say "PASS")
  (kill-emacs 0))
