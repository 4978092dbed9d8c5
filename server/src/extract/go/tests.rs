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
