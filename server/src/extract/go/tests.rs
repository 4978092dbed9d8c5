//! What a user sees on Go `net/http` code: the diagnostics.

use std::path::Path;

use crate::config::Settings;
use crate::extract::Language;
use crate::lint;

fn go() -> Language {
    Language::from_path(Path::new("cmd/api/main.go")).expect("a Go file")
}

/// (rule, the text the diagnostic points at) for each diagnostic of `src`.
fn diagnostics(src: &str) -> Vec<(&'static str, String)> {
    lint::check_source_in(go(), src, &Settings::default())
        .into_iter()
        .map(|d| (d.rule.name, src[d.span.start..d.span.end].to_string()))
        .collect()
}

fn handler(body: &str) -> String {
    format!(
        "package main\n\nimport \"net/http\"\n\nfunc h(w http.ResponseWriter, r *http.Request) {{\n{body}}}\n"
    )
}

#[test]
fn go_files_and_documents() {
    assert_eq!(go().name, "go");
    assert_eq!(Language::from_language_id("go"), Some(go()));
    for dir in ["vendor", "testdata"] {
        assert!(go().skips_dir(Path::new("/p"), std::ffi::OsStr::new(dir)));
    }
    assert!(!go().may_build_response("package main\n"));
}

#[test]
fn statuses_along_paths() {
    let src = handler(
        "\tif r.URL.Path == \"/a\" {\n\t\tw.WriteHeader(http.StatusUnauthorized)\n\t\treturn\n\t}\n\
         \tif r.Method != \"GET\" {\n\t\tw.Header().Set(\"Allow\", \"GET\")\n\t\tw.WriteHeader(405)\n\t\treturn\n\t}\n\
         \tw.WriteHeader(http.StatusNoContent)\n\tw.Write([]byte(\"x\"))\n",
    );
    assert_eq!(
        diagnostics(&src),
        [
            ("missing-www-authenticate", "http.StatusUnauthorized".into()),
            ("body-not-allowed", "[]byte(\"x\")".into()),
        ]
    );
}

#[test]
fn header_after_write_counts_as_absent() {
    let src = handler("\tw.WriteHeader(401)\n\tw.Header().Set(\"WWW-Authenticate\", \"Bearer\")\n");
    assert_eq!(
        diagnostics(&src),
        [
            ("missing-www-authenticate", "401".into()),
            ("header-after-write", "\"WWW-Authenticate\"".into()),
        ]
    );
}

#[test]
fn helpers_and_unknown_statuses_are_silent() {
    for body in [
        "\tsetAuth(w)\n\tw.WriteHeader(401)\n",
        "\tw.WriteHeader(code)\n",
        "\tfor _, h := range hs {\n\t\tw.Header().Set(h, \"x\")\n\t}\n\tw.WriteHeader(401)\n",
        "\tresp, _ := http.Get(\"http://x\")\n\tif resp.StatusCode == 401 {\n\t\treturn\n\t}\n",
    ] {
        assert_eq!(diagnostics(&handler(body)), [], "{body}");
    }
}

#[test]
fn any_input_reads_without_panic() {
    let src = handler(
        "\tswitch r.Method {\n\tcase \"GET\":\n\t\tbreak\n\tdefault:\n\t\tw.WriteHeader(405)\n\t}\n",
    );
    for end in 0..=src.len() {
        if let Some(prefix) = src.get(..end) {
            let _ = diagnostics(prefix);
        }
    }
}

/// The fixes of `src`: (rule, title, the text after applying the fix).
fn fixed(src: &str) -> Vec<(&'static str, String, String)> {
    lint::check_source_in(go(), src, &Settings::default())
        .into_iter()
        .filter_map(|d| {
            let fix = d.fix?;
            let edits: Vec<&lint::Edit> = fix.edits.iter().collect();
            Some((d.rule.name, fix.title, lint::apply_edits(src, &edits).0))
        })
        .collect()
}

fn framework(import: &str, signature: &str, body: &str) -> String {
    format!("package main\n\nimport (\n\t\"net/http\"\n\n\t\"{import}\"\n)\n\n{signature} {{\n{body}}}\n")
}

fn gin(body: &str) -> String {
    framework("github.com/gin-gonic/gin", "func h(c *gin.Context)", body)
}

fn echo(body: &str) -> String {
    framework(
        "github.com/labstack/echo/v4",
        "func h(c echo.Context) error",
        body,
    )
}

fn fiber(body: &str) -> String {
    framework(
        "github.com/gofiber/fiber/v2",
        "func h(c *fiber.Ctx) error",
        body,
    )
}

#[test]
fn gin_sends_at_the_first_write_not_at_status() {
    // A header after `c.Status` still counts; after `c.JSON` it is late.
    assert_eq!(
        diagnostics(&gin(
            "\tc.Status(http.StatusUnauthorized)\n\tc.Header(\"WWW-Authenticate\", \"Bearer\")\n"
        )),
        []
    );
    assert_eq!(
        diagnostics(&gin(
            "\tc.Status(401)\n\tc.String(http.StatusOK, \"hi\")\n\tc.Header(\"X-Id\", \"1\")\n"
        )),
        [("header-after-write", "\"X-Id\"".into())]
    );
    // `c.Next()` runs the rest of the chain: what it sends is not known.
    assert_eq!(
        diagnostics(&gin("\tc.Next()\n\tc.JSON(401, gin.H{})\n")),
        []
    );
}

#[test]
fn fiber_buffers_the_response() {
    // The last status wins and headers count wherever they are set before `return`.
    assert_eq!(
        diagnostics(&fiber(
            "\tc.Status(401)\n\tc.Status(200).JSON(1)\n\treturn nil\n"
        )),
        []
    );
    assert_eq!(
        diagnostics(&fiber(
            "\tc.SendStatus(401)\n\tc.Append(\"WWW-Authenticate\", \"Basic\")\n\treturn nil\n"
        )),
        []
    );
    // An error returned after the status may be rendered with any status.
    assert_eq!(
        diagnostics(&fiber("\tc.Status(401)\n\treturn errors.New(\"x\")\n")),
        []
    );
    assert_eq!(
        diagnostics(&fiber(
            "\treturn &fiber.Error{Code: fiber.StatusUnauthorized}\n"
        )),
        [(
            "missing-www-authenticate",
            "fiber.StatusUnauthorized".into()
        )]
    );
}

#[test]
fn echo_renders_errors_only_before_a_send() {
    assert_eq!(
        diagnostics(&echo(
            "\tc.NoContent(http.StatusOK)\n\treturn echo.ErrUnauthorized\n"
        )),
        []
    );
    assert_eq!(
        diagnostics(&echo("\treturn echo.ErrStatusRequestEntityTooLarge\n")),
        []
    );
    assert_eq!(
        diagnostics(&echo("\treturn echo.NewHTTPError(405)\n")),
        [("missing-allow", "405".into())]
    );
    // Not an HTTP error: echo renders it as a 500.
    assert_eq!(
        diagnostics(&echo("\treturn echo.ErrValidatorNotRegistered\n")),
        []
    );
}

#[test]
fn helpers_called_with_the_context_are_not_handlers() {
    let src = format!(
        "{}\nfunc deny(c *gin.Context) {{\n\tc.JSON(401, gin.H{{}})\n}}\n",
        gin("\tc.Header(\"WWW-Authenticate\", \"Bearer\")\n\tdeny(c)\n")
    );
    assert_eq!(diagnostics(&src), []);
}

#[test]
fn body_removal_keeps_the_code_building() {
    // `item` is used nowhere else: removing it would leave it unused.
    let src = gin("\titem := load()\n\tc.JSON(http.StatusNoContent, item)\n");
    assert_eq!(diagnostics(&src), [("body-not-allowed", "item".into())]);
    assert_eq!(fixed(&src), []);
    // Used elsewhere too: the removal builds, and it is safe (a variable has no side effects).
    let src = gin("\titem := load()\n\tlog(item)\n\tc.JSON(http.StatusNoContent, item)\n");
    assert_eq!(
        fixed(&src),
        [(
            "body-not-allowed",
            "Remove the body".to_string(),
            gin("\titem := load()\n\tlog(item)\n\tc.Status(http.StatusNoContent)\n")
        )]
    );
    // A call may have effects: offered, unsafe.
    let src = echo("\treturn c.JSON(204, load())\n");
    assert_eq!(fixed(&src)[0].2, echo("\treturn c.NoContent(204)\n"));
}

#[test]
fn late_headers_move_within_their_block() {
    let src = handler("\tw.WriteHeader(200)\n\tv = 2\n\tw.Header().Set(\"X-V\", v)\n");
    let fixes = fixed(&src);
    assert_eq!(fixes.len(), 1);
    assert!(fixes[0].1.contains("unsafe"), "{}", fixes[0].1);
    assert_eq!(
        fixes[0].2,
        handler("\tw.Header().Set(\"X-V\", v)\n\tw.WriteHeader(200)\n\tv = 2\n")
    );
    // Declared in between: moving it would not build.
    let src = handler("\tw.WriteHeader(200)\n\tv := 2\n\tw.Header().Set(\"X-V\", v)\n");
    assert_eq!(fixed(&src), []);
    // In another block: moving it would change other paths.
    let src = handler("\tw.WriteHeader(200)\n\tif ok {\n\t\tw.Header().Set(\"X-V\", \"1\")\n\t}\n");
    assert_eq!(
        diagnostics(&src),
        [("header-after-write", "\"X-V\"".into())]
    );
    assert_eq!(fixed(&src), []);
}

#[test]
fn a_middleware_setting_headers_silences_the_file() {
    let middleware = "\nfunc mw(next http.Handler) http.Handler {\n\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n\t\tw.Header().Set(\"WWW-Authenticate\", \"Bearer\")\n\t\tnext.ServeHTTP(w, r)\n\t})\n}\n";
    let src = handler("\tw.WriteHeader(401)\n");
    assert_eq!(diagnostics(&src).len(), 1);
    assert_eq!(diagnostics(&format!("{src}{middleware}")), []);
    let echo_middleware = "\nfunc mw(next echo.HandlerFunc) echo.HandlerFunc {\n\treturn func(c echo.Context) error {\n\t\tc.Response().Header().Set(\"Allow\", \"GET\")\n\t\treturn next(c)\n\t}\n}\n";
    let src = echo("\treturn c.NoContent(405)\n");
    assert_eq!(diagnostics(&src).len(), 1);
    assert_eq!(diagnostics(&format!("{src}{echo_middleware}")), []); // A middleware setting other headers adds those only: the challenge is still missing.
    let csp = middleware.replace(
        "\"WWW-Authenticate\", \"Bearer\"",
        "\"Content-Security-Policy\", csp",
    );
    let src = handler("\tw.WriteHeader(401)\n");
    assert_eq!(diagnostics(&format!("{src}{csp}")).len(), 1);
    // A header whose name is not read may be any.
    let any = middleware.replace("\"WWW-Authenticate\", \"Bearer\"", "name, value");
    assert_eq!(diagnostics(&format!("{src}{any}")), []);
}

#[test]
fn fiber_renders_nothing_for_a_nil_error() {
    // `return nil` after the response: sent as it stands.
    assert_eq!(
        diagnostics(&fiber("\tc.Status(401).JSON(1)\n\treturn nil\n")),
        [("missing-www-authenticate", "401".into())]
    );
}

#[test]
fn framework_input_reads_without_panic() {
    for src in [
        gin("\tc.JSON(204, gin.H{\"a\": 1})\n\tc.Header(\"X\", \"y\")\n"),
        echo("\treturn echo.NewHTTPError(401, \"x\").SetInternal(err)\n"),
        fiber("\treturn c.Status(204).JSON(fiber.Map{})\n"),
    ] {
        for end in 0..=src.len() {
            if let Some(prefix) = src.get(..end) {
                let _ = diagnostics(prefix);
                let _ = fixed(prefix);
            }
        }
    }
}

/// Edits anywhere in the Go fixtures, the helper project and the example: the facts kept per declaration equal a full read
/// (registrations included: a middleware or error handler typed into one declaration changes
/// the others).
#[test]
fn updated_segments_equal_a_full_read() {
    use crate::extract::segments::testing;
    let files = testing::corpus(
        &[
            "tests/fixtures/go",
            "tests/projects/go-helpers",
            "examples/go-nethttp",
        ],
        |l| l == go(),
    );
    assert!(files.len() >= 6, "corpus not found");
    testing::updated_segments_equal_a_full_read::<super::GoItems>(
        files,
        || go().parser(),
        &[
            "x", " ", "\n", "\"", "(", ")", "{", "}", ".", ",", "c", "/", "=", "1", "\t",
        ],
        true,
    );
}

/// Reading in rounds through the file's own index, keeping the declarations whose lookups did
/// not change, gives what whole rounds give.
#[test]
fn rounds_that_keep_unchanged_items_equal_whole_rounds() {
    use crate::extract::segments::testing;
    let files = testing::corpus(
        &[
            "tests/fixtures/go",
            "tests/projects/go-helpers",
            "tests/projects/go-errors",
            "examples/go-nethttp",
        ],
        |l| l == go(),
    );
    let rounds = testing::kept_rounds_equal_full_rounds::<super::GoItems>(files, || go().parser());
    assert!(rounds >= 3, "{rounds} files read in rounds");
}

/// A call typed in one declaration turns a handler in another into a helper: the re-read keeps
/// no stale facts for it.
#[test]
fn a_helper_call_in_one_declaration_rereads_the_other() {
    use crate::extract::segments::testing::apply;
    let deny = "\nfunc deny(c *gin.Context) {\n\tc.JSON(401, gin.H{})\n}\n";
    let before = format!(
        "{}{deny}",
        gin("\tc.Header(\"WWW-Authenticate\", \"Bearer\")\n")
    );
    let tree = go().parser().parse(&before, None).unwrap();
    let segments = super::Segments::read(&before, &tree);
    assert_eq!(segments.facts().responses.len(), 1);
    let mut after = before.clone();
    let at = after.find("\"Bearer\")\n").unwrap() + "\"Bearer\")\n".len();
    let edit = apply(&mut after, at, at, "\tdeny(c)\n");
    let tree = go().parser().parse(&after, None).unwrap();
    let reread = segments.reread(&after, &tree, &[edit]);
    assert_eq!(reread.facts().responses.len(), 0);
    assert_eq!(diagnostics(&after), []);
}

#[test]
fn helpers_of_the_file_carry_the_callers_status() {
    let src = "package main\n\nimport \"net/http\"\n\n\
func writeError(w http.ResponseWriter, status int, msg string) {\n\tif status >= 500 {\n\t\tprintln(msg)\n\t}\n\thttp.Error(w, msg, status)\n}\n\n\
func (s *server) fail(w http.ResponseWriter, code int) {\n\tw.WriteHeader(code)\n}\n\n\
func (s *server) h(w http.ResponseWriter, r *http.Request) {\n\tif r.URL.Path == \"/a\" {\n\t\twriteError(w, http.StatusUnauthorized, \"no\")\n\t\treturn\n\t}\n\
\tif r.Method != \"GET\" {\n\t\ts.fail(w, 405)\n\t\treturn\n\t}\n\twriteError(w, http.StatusNotFound, \"none\")\n}\n";
    assert_eq!(
        diagnostics(src),
        [
            ("missing-www-authenticate", "http.StatusUnauthorized".into()),
            ("missing-allow", "405".into()),
        ]
    );
}

#[test]
fn helpers_that_decide_by_their_status_are_not_summarized() {
    for helper in [
        // The header depends on the status.
        "\tif status == 401 {\n\t\tw.Header().Set(\"WWW-Authenticate\", \"Bearer\")\n\t}\n\tw.WriteHeader(status)\n",
        "\tswitch status {\n\tcase 401:\n\t\tw.Header().Set(\"WWW-Authenticate\", \"Bearer\")\n\t}\n\tw.WriteHeader(status)\n",
        // Another status than the caller's.
        "\tstatus = 500\n\tw.WriteHeader(status)\n",
        // A path that sends nothing.
        "\tif bad {\n\t\treturn\n\t}\n\tw.WriteHeader(status)\n",
        // Headers deleted: the caller's may be gone.
        "\tw.Header().Del(\"Cache-Control\")\n\tw.WriteHeader(status)\n",
        // Something unread done to `w`.
        "\tsetCORS(w)\n\tw.WriteHeader(status)\n",
    ] {
        let src = format!(
            "package main\n\nimport \"net/http\"\n\nfunc reply(w http.ResponseWriter, status int) {{\n{helper}}}\n\n\
func h(w http.ResponseWriter, r *http.Request) {{\n\treply(w, http.StatusUnauthorized)\n}}\n"
        );
        assert_eq!(diagnostics(&src), [], "{helper}");
    }
}

#[test]
fn a_handler_called_after_its_caller_set_headers_is_not_alone() {
    let deny =
        "func deny(w http.ResponseWriter, r *http.Request) {\n\thttp.Error(w, \"no\", 401)\n}\n";
    let alone = format!("package main\n\nimport \"net/http\"\n\n{deny}");
    assert_eq!(
        diagnostics(&alone),
        [("missing-www-authenticate", "401".into())]
    );
    let called = format!(
        "{alone}\nfunc auth(w http.ResponseWriter, r *http.Request) {{\n\tw.Header().Set(\"WWW-Authenticate\", \"Basic\")\n\tdeny(w, r)\n}}\n"
    );
    assert_eq!(diagnostics(&called), []);
}

/// An error type reporting its status, a package value of it, and the renderer `writeErr`
/// (`renderer`: its body), followed by `rest`.
fn reported(renderer: &str, rest: &str) -> String {
    format!(
        "package main\n\nimport (\n\t\"errors\"\n\t\"net/http\"\n)\n\n\
type APIError struct {{\n\tCode int\n\tMsg  string\n}}\n\n\
func (e *APIError) StatusCode() int {{ return e.Code }}\n\n\
var ErrUnauthorized = &APIError{{Code: http.StatusUnauthorized, Msg: \"no\"}}\n\n\
func writeErr(w http.ResponseWriter, err error) {{\n{renderer}}}\n\n{rest}"
    )
}

const AS_RENDERER: &str = "\tvar ae *APIError\n\tif errors.As(err, &ae) {\n\t\thttp.Error(w, ae.Msg, ae.StatusCode())\n\t\treturn\n\t}\n\thttp.Error(w, \"oops\", 500)\n";

#[test]
fn error_values_report_their_status_through_a_renderer() {
    let src = reported(
        AS_RENDERER,
        "func h(w http.ResponseWriter, r *http.Request) {\n\tif r.URL.Path == \"/a\" {\n\t\twriteErr(w, ErrUnauthorized)\n\t\treturn\n\t}\n\
\twriteErr(w, &APIError{Code: 405})\n}\n",
    );
    assert_eq!(
        diagnostics(&src),
        [
            ("missing-www-authenticate", "ErrUnauthorized".into()),
            ("missing-allow", "405".into()),
        ]
    );
    // A comma-ok assertion binds the value as `errors.As` does; a constant method serves too.
    let asserted = "\tif ae, ok := err.(*APIError); ok {\n\t\tw.WriteHeader(ae.StatusCode())\n\t\treturn\n\t}\n\tw.WriteHeader(500)\n";
    let src = reported(
        asserted,
        "type gone struct{}\n\nfunc (gone) StatusCode() int { return http.StatusMethodNotAllowed }\n\n\
func take(w http.ResponseWriter, e gone) {\n\thttp.Error(w, \"no\", e.StatusCode())\n}\n\n\
func h(w http.ResponseWriter, r *http.Request) {\n\tif r.URL.Path == \"/a\" {\n\t\ttake(w, gone{})\n\t\treturn\n\t}\n\twriteErr(w, ErrUnauthorized)\n}\n",
    );
    assert_eq!(
        diagnostics(&src),
        [
            ("missing-allow", "gone{}".into()),
            ("missing-www-authenticate", "ErrUnauthorized".into()),
        ]
    );
}

#[test]
fn renderers_deciding_by_the_error_or_unknown_values_are_silent() {
    let call =
        "func h(w http.ResponseWriter, r *http.Request) {\n\twriteErr(w, ErrUnauthorized)\n}\n";
    for renderer in [
        // The challenge depends on the error.
        "\tvar ae *APIError\n\tif errors.As(err, &ae) {\n\t\tif ae.Code == 401 {\n\t\t\tw.Header().Set(\"WWW-Authenticate\", \"Bearer\")\n\t\t}\n\t\thttp.Error(w, ae.Msg, ae.StatusCode())\n\t\treturn\n\t}\n\thttp.Error(w, \"oops\", 500)\n",
        "\tif errors.Is(err, ErrUnauthorized) {\n\t\tw.Header().Set(\"WWW-Authenticate\", \"Bearer\")\n\t}\n\tvar ae *APIError\n\tif errors.As(err, &ae) {\n\t\thttp.Error(w, ae.Msg, ae.StatusCode())\n\t\treturn\n\t}\n\thttp.Error(w, \"oops\", 500)\n",
        // The bound name or the parameter changes.
        "\tvar ae *APIError\n\tif errors.As(err, &ae) {\n\t\tae = &APIError{Code: 500}\n\t\thttp.Error(w, ae.Msg, ae.StatusCode())\n\t\treturn\n\t}\n\thttp.Error(w, \"oops\", 500)\n",
        "\terr = errors.New(\"wrapped\")\n\tvar ae *APIError\n\tif errors.As(err, &ae) {\n\t\thttp.Error(w, ae.Msg, ae.StatusCode())\n\t\treturn\n\t}\n\thttp.Error(w, \"oops\", 500)\n",
        // Another type than the value's: `errors.As` fails.
        "\tvar ae *OtherError\n\tif errors.As(err, &ae) {\n\t\thttp.Error(w, \"no\", ae.StatusCode())\n\t\treturn\n\t}\n\thttp.Error(w, \"oops\", 500)\n",
        // A type switch is not read.
        "\tswitch e := err.(type) {\n\tcase *APIError:\n\t\thttp.Error(w, e.Msg, e.StatusCode())\n\tdefault:\n\t\thttp.Error(w, \"oops\", 500)\n\t}\n",
    ] {
        assert_eq!(diagnostics(&reported(renderer, call)), [], "{renderer}");
    }
    for rest in [
        // A value whose status is not known, and a local name shadowing the package value.
        "func h(w http.ResponseWriter, r *http.Request) {\n\twriteErr(w, &APIError{Code: code})\n}\n",
        "func h(w http.ResponseWriter, r *http.Request) {\n\tErrUnauthorized := errors.New(\"x\")\n\twriteErr(w, ErrUnauthorized)\n}\n",
        // Not a pointer: the method is the pointer's, and `errors.As` into `*APIError` fails.
        "func h(w http.ResponseWriter, r *http.Request) {\n\twriteErr(w, APIError{Code: 401})\n}\n",
        // The challenge set before the renderer runs.
        "func h(w http.ResponseWriter, r *http.Request) {\n\tw.Header().Set(\"WWW-Authenticate\", \"Bearer\")\n\twriteErr(w, ErrUnauthorized)\n}\n",
    ] {
        assert_eq!(diagnostics(&reported(AS_RENDERER, rest)), [], "{rest}");
    }
}

#[test]
fn status_methods_that_compute_are_not_read() {
    let src = "package main\n\nimport \"net/http\"\n\ntype E struct{ Code int }\n\n\
func (e *E) StatusCode() int {\n\tif e.Code == 0 {\n\t\treturn 500\n\t}\n\treturn e.Code\n}\n\n\
var ErrX = &E{Code: 401}\n\n\
func writeErr(w http.ResponseWriter, e *E) {\n\tw.WriteHeader(e.StatusCode())\n}\n\n\
func h(w http.ResponseWriter, r *http.Request) {\n\twriteErr(w, ErrX)\n}\n";
    assert_eq!(diagnostics(src), []);
    // A file with only error types is read (the prefilter lets it through).
    assert!(go().may_build_response("func (e *E) StatusCode() int { return 401 }\n"));
}
