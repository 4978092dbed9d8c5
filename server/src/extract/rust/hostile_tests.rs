//! Extraction does work linear in the size of the file, whatever the file: hostile shapes (the
//! reproducers of a fuzz run, and larger regular ones) at two sizes, with the work counted as node
//! visits (`syntax::count_visits`, which every walk over children goes through), not timed.

use super::syntax::visits;
use super::*;
fn rust_parser() -> tree_sitter::Parser {
    super::language().parser()
}

/// Node visits while extracting `text`, and the number of nodes in its tree.
fn work(text: &str) -> (u64, u64) {
    // Parsed without the time budget: the test is about extraction, and a loaded machine must not
    // turn it into a skipped parse.
    let tree = rust_parser().parse(text, None).expect("parsed");
    let mut nodes = 0u64;
    let mut cursor = tree.walk();
    'walk: loop {
        nodes += 1;
        if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                break 'walk;
            }
        }
    }
    let before = visits();
    let _ = extract(text, &tree);
    (visits() - before, nodes)
}

/// Checks that extraction work grows linearly with `shape(n)`: at most a few visits per node, and
/// four times the input costs about four times the work, not sixteen.
fn assert_linear(name: &str, shape: impl Fn(usize) -> String, n: usize) {
    let (small, small_nodes) = work(&shape(n));
    let (large, large_nodes) = work(&shape(4 * n));
    for (visits, nodes) in [(small, small_nodes), (large, large_nodes)] {
        assert!(
            visits <= 8 * nodes,
            "{name}: {visits} visits for {nodes} nodes"
        );
    }
    let growth = large as f64 / small as f64;
    let size_growth = large_nodes as f64 / small_nodes as f64;
    assert!(
        growth <= size_growth * 1.25,
        "{name}: 4x the input cost {growth:.1}x the visits ({small} -> {large}; nodes {small_nodes} -> {large_nodes})"
    );
}

#[test]
fn the_fuzz_reproducers_are_linear() {
    // A method chain broken by a long run of status constants (issue 10's `h.rs`).
    assert_linear(
        "broken chain",
        |n| {
            format!(
                "fn f() {{\n    let c = q()\n        .filt{}er(x);\n}}\n",
                "StatusCode::OK, ".repeat(n)
            )
        },
        500,
    );
    // A tuple followed by a long run of unmatched `} else { 1 }` (issue 10's `c.rs`).
    assert_linear(
        "unmatched else",
        |n| {
            format!(
                "use axum::http::StatusCode;\nasync fn h() -> impl IntoResponse {{\n    let x = (StatusCode::NO_CONTENT, \"b\"){};\n}}\n",
                "} else { 1 }".repeat(n)
            )
        },
        500,
    );
}

#[test]
fn large_regular_shapes_are_linear() {
    let handler = |body: String| {
        format!("use axum::http::StatusCode;\nasync fn h() -> impl IntoResponse {{\n{body}\n}}\n")
    };
    assert_linear(
        "many returns",
        |n| {
            handler(
                (0..n)
                    .map(|i| format!("if c{i} {{ return (StatusCode::NO_CONTENT, \"x\"); }}\n"))
                    .collect::<String>()
                    + "StatusCode::OK",
            )
        },
        2_000,
    );
    assert_linear(
        "a match with many arms",
        |n| {
            handler(format!(
                "match x {{ {} _ => StatusCode::OK }}",
                (0..n)
                    .map(|i| format!("{i} => (StatusCode::UNAUTHORIZED, \"no\"),"))
                    .collect::<String>()
            ))
        },
        2_000,
    );
    assert_linear(
        "a call with many arguments",
        |n| handler(format!("f({})", "StatusCode::OK, ".repeat(n))),
        5_000,
    );
    assert_linear(
        "a tuple with many elements",
        |n| handler(format!("(StatusCode::NO_CONTENT, {})", "\"x\", ".repeat(n))),
        5_000,
    );
    assert_linear(
        "many mutations of one response, returned many times",
        |n| {
            let inserts: String = (0..n)
                .map(|i| format!("res.headers_mut().insert(\"x-{i}\", v);\n"))
                .collect();
            let returns: String = (0..n)
                .map(|i| format!("if c{i} {{ return res; }}\n"))
                .collect();
            format!(
                "async fn h() -> Response {{\nlet mut res = Json(x).into_response();\n*res.status_mut() = StatusCode::UNAUTHORIZED;\n{inserts}{returns}res\n}}\n"
            )
        },
        1_000,
    );
    assert_linear(
        "many functions",
        |n| {
            (0..n)
                .map(|i| {
                    format!("async fn h{i}() -> impl IntoResponse {{ (StatusCode::NO_CONTENT, \"x\") }}\n")
                })
                .collect()
        },
        2_000,
    );
    assert_linear(
        "closures in closures",
        |n| {
            format!(
                "fn h() {{ let f = {}async {{ StatusCode::OK }}; }}",
                "|| ".repeat(n)
            )
        },
        2_000,
    );
}
