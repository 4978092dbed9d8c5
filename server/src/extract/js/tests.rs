//! Unit tests of the shapes; the fixture corpus (tests/fixtures/<framework>/*.ts) covers the rest.

use crate::model::Body;

fn read(src: &str) -> Vec<(u16, bool, Option<Vec<String>>)> {
    let tree = super::typescript().parser().parse(src, None).unwrap();
    super::extract(src, &tree)
        .responses
        .into_iter()
        .map(|r| {
            let headers = r
                .headers
                .complete
                .then(|| r.headers.known.iter().map(|h| h.name.clone()).collect());
            (
                r.status.code,
                matches!(r.body, Body::Present { .. }),
                headers,
            )
        })
        .collect()
}

#[test]
fn express_chains_and_statements() {
    let src = "import express from 'express';\nconst app = express();\n\
        app.delete('/a', (req, res) => { res.status(204).json({ ok: true }); });\n\
        app.get('/b', (req, res) => {\n  res.set('Allow', 'GET');\n  res.status(405);\n  res.end();\n});\n";
    assert_eq!(
        read(src),
        [
            (204, true, Some(vec![])),
            (405, false, Some(vec!["allow".to_string()]))
        ]
    );
}

#[test]
fn client_code_and_unregistered_functions_are_silent() {
    let src = "async function load() {\n  const res = await fetch('/x');\n  if (res.status === 401) return res.json();\n}\n\
        function helper(a, res) { res.status(401).json({}); }\n\
        test('x', async () => { await request(app).get('/').expect(401); });\n";
    assert!(read(src).is_empty());
}

#[test]
fn a_use_of_res_we_cannot_read_makes_headers_unknown() {
    let src = "app.get('/a', (req, res) => {\n  addAuth(res);\n  res.status(401).json({});\n});\n";
    assert_eq!(read(src), [(401, true, None)]);
}

#[test]
fn fetch_returns_of_route_exports() {
    let src = "export async function DELETE() {\n  return new Response('gone', { status: 204 });\n}\n\
        export function GET() {\n  const r = new Response('x', { status: 204 });\n  return Response.redirect('/b', 200);\n}\n";
    // The unreturned `Response` throws too (a body on a 204), so it is reported, with headers
    // unknown: header rules need a handler.
    assert_eq!(
        read(src),
        [
            (204, true, Some(vec![])),
            (204, true, None),
            (200, false, Some(vec!["location".to_string()]))
        ]
    );
}

#[test]
fn hono_context_calls() {
    let src = "import { Hono } from 'hono';\nconst app = new Hono();\n\
        app.get('/a', (c) => c.json({ a: 1 }, 204));\n\
        app.get('/b', async (c) => {\n  c.header('WWW-Authenticate', 'Bearer');\n  return c.text('no', 401);\n});\n";
    assert_eq!(
        read(src),
        [
            (204, true, Some(vec![])),
            (401, true, Some(vec!["www-authenticate".to_string()]))
        ]
    );
}

/// Node visits while extracting `src`, and the number of nodes in its tree.
fn work(src: &str) -> (u64, u64) {
    let tree = super::typescript().parser().parse(src, None).unwrap();
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
    let before = super::syntax::visits();
    let _ = super::extract(src, &tree);
    (super::syntax::visits() - before, nodes)
}

#[test]
fn many_sends_in_one_handler_cost_linear_work() {
    // Each send reads the statements before it (issue 20): n sends must not cost n * n.
    let shape = |n: usize| {
        format!(
            "import express from 'express';\nconst app = express();\napp.get('/x', (req, res) => {{\n{}}});\n",
            "  if (req.query.a) res.set('A', 'b');\n  res.status(401).json({});\n".repeat(n)
        )
    };
    let (small, small_nodes) = work(&shape(500));
    let (large, large_nodes) = work(&shape(2000));
    for (visits, nodes) in [(small, small_nodes), (large, large_nodes)] {
        assert!(visits <= 8 * nodes, "{visits} visits for {nodes} nodes");
    }
    let growth = large as f64 / small as f64;
    let size_growth = large_nodes as f64 / small_nodes as f64;
    assert!(
        growth <= size_growth * 1.25,
        "4x the sends cost {growth:.1}x the visits ({small} -> {large})"
    );
}

#[test]
fn dialects_by_extension_and_language_id() {
    use crate::extract::Language;
    use std::path::Path;
    let of = |p: &str| Language::from_path(Path::new(p)).map(|l| l.name);
    assert_eq!(of("app/api/route.ts"), Some("typescript"));
    assert_eq!(of("x.MTS"), Some("typescript"));
    assert_eq!(of("a/b.tsx"), Some("tsx"));
    for js in ["a.js", "a.jsx", "a.mjs", "a.cjs"] {
        assert_eq!(of(js), Some("javascript"), "{js}");
    }
    // Declaration files hold no code.
    for d in ["types.d.ts", "a.d.mts", "a.d.cts"] {
        assert_eq!(of(d), None, "{d}");
    }
    let id = |i: &str| Language::from_language_id(i).map(|l| l.name);
    assert_eq!(id("typescriptreact"), Some("tsx"));
    assert_eq!(id("javascriptreact"), Some("javascript"));
    // The TSX and JavaScript grammars read JSX.
    for name in ["a.tsx", "a.js"] {
        let language = Language::from_path(Path::new(name)).unwrap();
        let tree = language
            .parser()
            .parse("const f = () => <div a={1} />;", None);
        assert!(!tree.unwrap().root_node().has_error(), "{name}");
    }
}

#[test]
fn bundles_are_recognised() {
    use crate::extract::Language;
    use std::path::Path;
    let js = Language::from_path(Path::new("a.js")).unwrap();
    assert!(js.is_bundle_name(Path::new("dist/app.min.js")));
    assert!(!js.is_bundle_name(Path::new("src/admin.js")));
    let one_line = "x".repeat(101 * 1024) + "\n";
    assert!(js.is_bundle_text(&one_line));
    let mut lines = "x".repeat(101 * 1024);
    lines.insert(50, '\n');
    assert!(!js.is_bundle_text(&lines));
    assert!(!js.is_bundle_text("const a = 1;"));
}

/// The prefilter keeps a file whose only token is an error middleware's `next` (its renderer goes
/// into the index), and skips files that spell `next` only as a module, a member or a comment.
#[test]
fn prefilter_knows_next_as_a_name_only() {
    for text in [
        "app.use((err, req, res, next) => { res.end(); });\n",
        "app.use(function (err, req, res, _next) { res.end(); });\n",
        "app.use((err, req, res,\n  next\n) => { res.end(); });\n",
    ] {
        assert!(super::may_build_response(text), "{text}");
        let tree = super::typescript().parser().parse(text, None).unwrap();
        let facts = super::extract(text, &tree);
        assert_eq!(facts.index.renderers.len(), 1, "{text}");
    }
    for text in [
        "import Link from 'next/link';\nimport { useTranslation } from 'next-i18next';\n",
        "import i18next from 'i18next';\nawait i18next.init({});\n",
        "// eslint-disable-next-line no-console\nconst v = it.next();\nconst nextPage = 2;\n",
    ] {
        assert!(!super::may_build_response(text), "{text}");
    }
}
