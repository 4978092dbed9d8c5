//! Generates a deterministic corpus of realistic Rust service code for `bench/check.sh`: crates of
//! handler modules for axum, actix-web, warp, Rocket, poem, salvo and hyper/http, mixed with
//! domain and utility modules that build no response (as in real services). About one handler in
//! twenty has a mistake statuslint reports.
//!
//! `cargo run --release --example gen_corpus -- OUT_DIR MEGABYTES [ts]`
//! writes OUT_DIR/half-a and OUT_DIR/half-b, each holding half of the bytes. With `ts`, the corpus
//! is TypeScript instead: Express, Next.js route, Hono and Fetch handler modules mixed with modules
//! that build no response.

use std::fmt::Write as _;
use std::path::Path;

/// xorshift64*: deterministic and dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const NOUNS: &[&str] = &[
    "user", "order", "invoice", "item", "session", "token", "account", "report", "upload", "note",
    "comment", "project", "team", "payment", "webhook", "ticket",
];

fn camel(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
}

/// A struct, its impl and a validation function: what surrounds handlers in a real module.
fn model(out: &mut String, rng: &mut Rng, noun: &str, n: usize) {
    let ty = camel(noun);
    let _ = write!(
        out,
        r#"
/// A {noun} as stored in the database.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct {ty}{n} {{
    pub id: u64,
    pub name: String,
    pub owner_id: Option<u64>,
    pub tags: Vec<String>,
    pub created_at: i64,
    pub version: u32,
}}

impl {ty}{n} {{
    pub fn new(id: u64, name: impl Into<String>) -> Self {{
        Self {{ id, name: name.into(), owner_id: None, tags: Vec::new(), created_at: 0, version: 1 }}
    }}

    pub fn validate(&self) -> Result<(), ValidationError> {{
        if self.name.trim().is_empty() {{
            return Err(ValidationError::new("name", "must not be empty"));
        }}
        if self.name.len() > {max} {{
            return Err(ValidationError::new("name", "too long"));
        }}
        for (i, tag) in self.tags.iter().enumerate() {{
            if !tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {{
                return Err(ValidationError::new("tags", format!("tag {{i}} has invalid characters")));
            }}
        }}
        Ok(())
    }}

    pub fn touch(&mut self, now: i64) {{
        self.version = self.version.saturating_add(1);
        self.created_at = self.created_at.max(now);
    }}
}}
"#,
        max = 64 + rng.below(200)
    );
}

/// Pure logic with no HTTP at all: parsing, arithmetic, collections.
fn utility(out: &mut String, rng: &mut Rng, n: usize) {
    let which = rng.below(4);
    let _ = match which {
        0 => write!(
            out,
            r#"
pub fn parse_pairs_{n}(input: &str) -> Vec<(String, String)> {{
    let mut pairs = Vec::new();
    for part in input.split('&') {{
        let mut kv = part.splitn(2, '=');
        let key = kv.next().unwrap_or_default().trim();
        let value = kv.next().unwrap_or_default().trim();
        if !key.is_empty() {{
            pairs.push((key.to_lowercase(), value.to_string()));
        }}
    }}
    pairs.sort();
    pairs.dedup_by(|a, b| a.0 == b.0);
    pairs
}}
"#
        ),
        1 => write!(
            out,
            r#"
pub fn checksum_{n}(data: &[u8]) -> u32 {{
    let mut a: u32 = 1;
    let mut b: u32 = 0;
    for chunk in data.chunks({chunk}) {{
        for &byte in chunk {{
            a = (a + u32::from(byte)) % 65521;
            b = (b + a) % 65521;
        }}
    }}
    (b << 16) | a
}}
"#,
            chunk = 1024 + rng.below(4096)
        ),
        2 => write!(
            out,
            r#"
#[derive(Debug, Default)]
pub struct Histogram{n} {{
    buckets: std::collections::BTreeMap<u64, u64>,
    total: u64,
}}

impl Histogram{n} {{
    pub fn record(&mut self, value: u64) {{
        let bucket = value.next_power_of_two();
        *self.buckets.entry(bucket).or_insert(0) += 1;
        self.total += 1;
    }}

    pub fn percentile(&self, p: f64) -> Option<u64> {{
        let target = ((self.total as f64) * p).ceil() as u64;
        let mut seen = 0;
        for (bucket, count) in &self.buckets {{
            seen += count;
            if seen >= target {{
                return Some(*bucket);
            }}
        }}
        None
    }}
}}
"#
        ),
        _ => write!(
            out,
            r#"
pub async fn retry_{n}<F, Fut, T, E>(mut op: F, attempts: usize) -> Result<T, E>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, E>>,
{{
    let mut delay = std::time::Duration::from_millis({ms});
    let mut last = None;
    for _ in 0..attempts {{
        match op().await {{
            Ok(value) => return Ok(value),
            Err(e) => last = Some(e),
        }}
        tokio::time::sleep(delay).await;
        delay = delay.saturating_mul(2);
    }}
    Err(last.expect("at least one attempt"))
}}
"#,
            ms = 10 + rng.below(90)
        ),
    };
}

/// Handlers in one framework's idiom; `bad` picks a mistake statuslint reports.
fn handler(out: &mut String, rng: &mut Rng, framework: usize, noun: &str, n: usize, bad: bool) {
    let ty = camel(noun);
    let variant = rng.below(4);
    let body = match (framework, bad, variant) {
        // axum
        (0, false, 0) => format!(
            "pub async fn get_{noun}_{n}(State(db): State<Db>, Path(id): Path<u64>) -> Result<Json<{ty}{n}>, (StatusCode, String)> {{\n    match db.find(id).await {{\n        Some(found) => Ok(Json(found)),\n        None => Err((StatusCode::NOT_FOUND, format!(\"{noun} {{id}} not found\"))),\n    }}\n}}\n"
        ),
        (0, false, 1) => format!(
            "pub async fn create_{noun}_{n}(State(db): State<Db>, Json(input): Json<{ty}{n}>) -> impl IntoResponse {{\n    let id = db.insert(input).await;\n    (StatusCode::CREATED, [(header::LOCATION, format!(\"/{noun}s/{{id}}\"))], Json(id))\n}}\n"
        ),
        (0, false, 2) => format!(
            "pub async fn delete_{noun}_{n}(State(db): State<Db>, Path(id): Path<u64>) -> StatusCode {{\n    db.remove(id).await;\n    StatusCode::NO_CONTENT\n}}\n"
        ),
        (0, false, _) => format!(
            "pub async fn login_{noun}_{n}(headers: HeaderMap) -> Response {{\n    if headers.get(header::AUTHORIZATION).is_none() {{\n        return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, \"Bearer\")], \"login required\").into_response();\n    }}\n    Redirect::to(\"/home\").into_response()\n}}\n"
        ),
        (0, true, 0 | 1) => format!(
            "pub async fn login_{noun}_{n}(headers: HeaderMap) -> impl IntoResponse {{\n    (StatusCode::UNAUTHORIZED, \"login required\")\n}}\n"
        ),
        (0, true, _) => format!(
            "pub async fn delete_{noun}_{n}(Path(id): Path<u64>) -> impl IntoResponse {{\n    (StatusCode::NO_CONTENT, Json(json!({{ \"deleted\": id }})))\n}}\n"
        ),
        // actix-web
        (1, false, 0) => format!(
            "#[get(\"/{noun}s/{{id}}\")]\npub async fn get_{noun}_{n}(db: web::Data<Db>, id: web::Path<u64>) -> HttpResponse {{\n    match db.find(*id).await {{\n        Some(found) => HttpResponse::Ok().json(found),\n        None => HttpResponse::NotFound().body(\"not found\"),\n    }}\n}}\n"
        ),
        (1, false, 1) => format!(
            "#[post(\"/{noun}s\")]\npub async fn create_{noun}_{n}(db: web::Data<Db>, input: web::Json<{ty}{n}>) -> HttpResponse {{\n    let id = db.insert(input.into_inner()).await;\n    HttpResponse::Created()\n        .insert_header((header::LOCATION, format!(\"/{noun}s/{{id}}\")))\n        .json(id)\n}}\n"
        ),
        (1, false, 2) => format!(
            "#[delete(\"/{noun}s/{{id}}\")]\npub async fn delete_{noun}_{n}(db: web::Data<Db>, id: web::Path<u64>) -> HttpResponse {{\n    db.remove(*id).await;\n    HttpResponse::NoContent().finish()\n}}\n"
        ),
        (1, false, _) => format!(
            "pub async fn only_get_{noun}_{n}() -> HttpResponse {{\n    HttpResponse::MethodNotAllowed()\n        .insert_header((header::ALLOW, \"GET, HEAD\"))\n        .finish()\n}}\n"
        ),
        (1, true, 0 | 1) => format!(
            "#[delete(\"/{noun}s/{{id}}\")]\npub async fn delete_{noun}_{n}(id: web::Path<u64>) -> HttpResponse {{\n    HttpResponse::NoContent().json(json!({{ \"deleted\": *id }}))\n}}\n"
        ),
        (1, true, _) => format!(
            "pub async fn login_{noun}_{n}() -> HttpResponse {{\n    HttpResponse::Unauthorized().body(\"login required\")\n}}\n"
        ),
        // warp
        (2, false, 0 | 1) => format!(
            "pub async fn get_{noun}_{n}(id: u64, db: Db) -> Result<impl warp::Reply, warp::Rejection> {{\n    let found = db.find(id).await.ok_or_else(warp::reject::not_found)?;\n    Ok(warp::reply::with_status(warp::reply::json(&found), StatusCode::OK))\n}}\n"
        ),
        (2, false, _) => format!(
            "pub async fn create_{noun}_{n}(input: {ty}{n}, db: Db) -> Result<impl warp::Reply, warp::Rejection> {{\n    let id = db.insert(input).await;\n    let reply = warp::reply::with_status(warp::reply::json(&id), StatusCode::CREATED);\n    Ok(warp::reply::with_header(reply, \"location\", format!(\"/{noun}s/{{id}}\")))\n}}\n"
        ),
        (2, true, _) => format!(
            "pub async fn delete_{noun}_{n}(id: u64) -> Result<impl warp::Reply, warp::Rejection> {{\n    Ok(warp::reply::with_status(warp::reply::json(&id), StatusCode::NO_CONTENT))\n}}\n"
        ),
        // Rocket
        (3, false, 0 | 1) => format!(
            "#[get(\"/{noun}s/<id>\")]\npub async fn get_{noun}_{n}(db: &State<Db>, id: u64) -> Result<Json<{ty}{n}>, Status> {{\n    db.find(id).await.map(Json).ok_or(Status::NotFound)\n}}\n"
        ),
        (3, false, _) => format!(
            "#[post(\"/{noun}s\", data = \"<input>\")]\npub async fn create_{noun}_{n}(db: &State<Db>, input: Json<{ty}{n}>) -> status::Created<Json<u64>> {{\n    let id = db.insert(input.into_inner()).await;\n    status::Created::new(format!(\"/{noun}s/{{id}}\")).body(Json(id))\n}}\n"
        ),
        (3, true, _) => format!(
            "#[delete(\"/{noun}s/<id>\")]\npub async fn delete_{noun}_{n}(id: u64) -> (Status, Json<u64>) {{\n    (Status::NoContent, Json(id))\n}}\n"
        ),
        // poem
        (4, false, _) => format!(
            "#[handler]\npub async fn create_{noun}_{n}(Data(db): Data<&Db>, Json(input): Json<{ty}{n}>) -> Response {{\n    let id = db.insert(input).await;\n    Response::builder()\n        .status(StatusCode::CREATED)\n        .header(\"Location\", format!(\"/{noun}s/{{id}}\"))\n        .body(id.to_string())\n}}\n"
        ),
        (4, true, _) => format!(
            "#[handler]\npub async fn moved_{noun}_{n}() -> Response {{\n    Response::builder().status(StatusCode::MOVED_PERMANENTLY).finish()\n}}\n"
        ),
        // salvo
        (5, false, _) => format!(
            "#[handler]\npub async fn get_{noun}_{n}(req: &mut Request, res: &mut salvo::Response) {{\n    let id = req.param::<u64>(\"id\").unwrap_or_default();\n    res.status_code(StatusCode::OK);\n    res.render(Json(id));\n}}\n"
        ),
        (5, true, _) => format!(
            "#[handler]\npub async fn gone_{noun}_{n}(res: &mut salvo::Response) {{\n    res.status_code(StatusCode::NO_CONTENT);\n    res.render(\"gone\");\n}}\n"
        ),
        // hyper / http builder
        (_, false, _) => format!(
            "pub async fn serve_{noun}_{n}(req: Request<Body>) -> Result<Response<Body>, Infallible> {{\n    if req.method() != Method::GET {{\n        return Ok(Response::builder()\n            .status(StatusCode::METHOD_NOT_ALLOWED)\n            .header(header::ALLOW, \"GET\")\n            .body(Body::empty())\n            .unwrap());\n    }}\n    Ok(Response::new(Body::from(\"ok\")))\n}}\n"
        ),
        (_, true, _) => format!(
            "pub async fn serve_{noun}_{n}(req: Request<Body>) -> Result<Response<Body>, Infallible> {{\n    Ok(Response::builder().status(405).body(Body::from(\"use GET\")).unwrap())\n}}\n"
        ),
    };
    out.push('\n');
    out.push_str(&body);
}

const PRELUDES: &[&str] = &[
    "use axum::{extract::{Path, State}, http::{header, HeaderMap, StatusCode}, response::{IntoResponse, Redirect, Response}, Json};\nuse serde::{Deserialize, Serialize};\nuse serde_json::json;\n",
    "use actix_web::{delete, get, http::header, post, web, HttpResponse};\nuse serde::{Deserialize, Serialize};\nuse serde_json::json;\n",
    "use warp::http::StatusCode;\nuse serde::{Deserialize, Serialize};\n",
    "use rocket::{delete, get, http::Status, post, response::status, serde::json::Json, State};\nuse serde::{Deserialize, Serialize};\n",
    "use poem::{handler, http::StatusCode, web::{Data, Json}, Response};\nuse serde::{Deserialize, Serialize};\n",
    "use salvo::{handler, http::StatusCode, prelude::Json, Request};\nuse serde::{Deserialize, Serialize};\n",
    "use hyper::{header, Body, Method, Request, Response, StatusCode};\nuse std::convert::Infallible;\nuse serde::{Deserialize, Serialize};\n",
];

/// One module: a handler module for some framework (60%) or a module with no HTTP (40%).
fn module(rng: &mut Rng, n: usize) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let target = 4 * 1024 + rng.below(20 * 1024);
    let handlers = rng.below(10) < 6;
    let framework = rng.below(PRELUDES.len());
    out.push_str("//! Generated by bench/gen_corpus.rs.\n\n");
    if handlers {
        out.push_str(PRELUDES[framework]);
    } else {
        out.push_str("use serde::{Deserialize, Serialize};\nuse crate::errors::ValidationError;\n");
    }
    let mut i = 0;
    while out.len() < target {
        let noun = rng.pick(NOUNS);
        let id = n * 1000 + i;
        match (handlers, rng.below(3)) {
            (true, 0 | 1) => {
                let bad = rng.below(20) == 0;
                handler(&mut out, rng, framework, noun, id, bad)
            }
            (_, 0) => model(&mut out, rng, noun, id),
            _ => utility(&mut out, rng, id),
        }
        i += 1;
    }
    out.push_str(
        "\n#[cfg(test)]\nmod tests {\n    use super::*;\n\n    #[test]\n    fn generated_module_compiles_in_spirit() {\n        assert_eq!(1 + 1, 2);\n    }\n}\n",
    );
    out
}

/// One TypeScript handler in the style of `framework` (Express, Next.js route exports, Hono, a
/// Worker's fetch); `bad` plants a mistake statuslint reports.
fn ts_handler(out: &mut String, rng: &mut Rng, framework: usize, noun: &str, n: usize, bad: bool) {
    let ty = camel(noun);
    let text = match (framework, bad, rng.below(4)) {
        (0, false, 0) => format!("router.get('/{noun}s/:id', async (req, res) => {{\n  const found = await db.find{ty}(Number(req.params.id));\n  if (!found) {{\n    return res.status(404).json({{ error: '{noun} not found' }});\n  }}\n  res.json(found);\n}});\n"),
        (0, false, 1) => format!("router.post('/{noun}s', async (req: Request, res: Response) => {{\n  const id = await db.insert{ty}(req.body as {ty}{n});\n  res.status(201).location(`/{noun}s/${{id}}`).json({{ id }});\n}});\n"),
        (0, false, 2) => format!("router.delete('/{noun}s/:id', async (req, res) => {{\n  await db.remove{ty}(Number(req.params.id));\n  res.sendStatus(204);\n}});\n"),
        (0, false, _) => format!("router.all('/{noun}s/{n}/export', (req, res) => {{\n  if (req.method !== 'GET') {{\n    res.set('Allow', 'GET');\n    return res.status(405).end();\n  }}\n  res.type('text/csv').send(toCsv{n}(db.all{ty}()));\n}});\n"),
        (0, true, _) => format!("router.delete('/{noun}s/:id/hard', async (req, res) => {{\n  await db.remove{ty}(Number(req.params.id));\n  res.status(204).json({{ deleted: req.params.id }});\n}});\n"),
        (1, false, 0 | 1) => format!("export async function GET(request: Request) {{\n  const url = new URL(request.url);\n  const items = await db.list{ty}(url.searchParams.get('q') ?? '');\n  return NextResponse.json(items, {{ status: 200 }});\n}}\n"),
        (1, false, _) => format!("export async function DELETE(request: Request) {{\n  await db.clear{ty}();\n  return new Response(null, {{ status: 204 }});\n}}\n"),
        (1, true, _) => format!("export async function POST(request: Request) {{\n  if (!request.headers.get('authorization')) {{\n    return NextResponse.json({{ error: 'login required' }}, {{ status: 401 }});\n  }}\n  return NextResponse.json(await db.create{ty}(await request.json()), {{ status: 201, headers: {{ Location: '/{noun}s' }} }});\n}}\n"),
        (2, false, 0 | 1) => format!("app.get('/{noun}s/:id', async (c) => {{\n  const found = await db.find{ty}(Number(c.req.param('id')));\n  if (!found) return c.json({{ error: 'not found' }}, 404);\n  return c.json(found);\n}});\n"),
        (2, false, _) => format!("app.get('/{noun}s/{n}/old', (c) => c.redirect('/{noun}s', 301));\n"),
        (2, true, _) => format!("app.delete('/{noun}s/:id', async (c) => {{\n  await db.remove{ty}(Number(c.req.param('id')));\n  return c.json({{ ok: true }}, 204);\n}});\n"),
        (_, false, _) => format!("const worker{n} = {{\n  async fetch(request: Request): Promise<Response> {{\n    if (request.method !== 'GET') {{\n      return new Response('use GET', {{ status: 405, headers: {{ Allow: 'GET' }} }});\n    }}\n    return Response.json({{ {noun}: {n} }});\n  }},\n}};\n"),
        (_, true, _) => "Deno.serve((request) => new Response('moved', { status: 301 }));\n".to_string(),
    };
    out.push_str(&text);
    out.push('\n');
}

/// A TypeScript module with no responses: types and helpers, as in real services.
fn ts_plain(out: &mut String, rng: &mut Rng, noun: &str, n: usize) {
    let ty = camel(noun);
    let field = rng.pick(&["name", "title", "label", "owner"]);
    let _ = write!(
        out,
        "export interface {ty}{n} {{\n  id: number;\n  {field}: string;\n  createdAt: Date;\n  tags: string[];\n}}\n\n\
         export function validate{ty}{n}(input: Partial<{ty}{n}>): string[] {{\n  const problems: string[] = [];\n  if (!input.{field} || input.{field}.length > 200) {{\n    problems.push('{field} must be 1 to 200 characters');\n  }}\n  for (const tag of input.tags ?? []) {{\n    if (!/^[a-z0-9-]+$/.test(tag)) problems.push(`bad tag ${{tag}}`);\n  }}\n  return problems;\n}}\n\n\
         export function toCsv{n}(rows: {ty}{n}[]): string {{\n  return rows.map((r) => [r.id, r.{field}, r.createdAt.toISOString()].join(',')).join('\\n');\n}}\n\n"
    );
}

const TS_PRELUDES: &[&str] = &[
    "import {{ Router, Request, Response }} from 'express';\nimport {{ db }} from '../db';\n\nexport const router = Router();\n\n",
    "import {{ NextResponse }} from 'next/server';\nimport {{ db }} from '@/lib/db';\n\n",
    "import {{ Hono }} from 'hono';\nimport {{ db }} from '../db';\n\nexport const app = new Hono();\n\n",
    "import {{ db }} from './db';\n\n",
];

/// One TypeScript module: handlers for some framework (60%) or a module with no HTTP (40%).
fn ts_module(rng: &mut Rng, n: usize) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let target = 2 * 1024 + rng.below(12 * 1024);
    let handlers = rng.below(10) < 6;
    let framework = rng.below(TS_PRELUDES.len());
    out.push_str("// Generated by bench/gen_corpus.rs.\n");
    if handlers {
        out.push_str(&TS_PRELUDES[framework].replace("{{", "{").replace("}}", "}"));
    }
    let mut i = 0;
    while out.len() < target {
        let noun = rng.pick(NOUNS);
        let id = n * 1000 + i;
        if handlers && rng.below(3) < 2 {
            let bad = rng.below(20) == 0;
            ts_handler(&mut out, rng, framework, noun, id, bad);
        } else {
            ts_plain(&mut out, rng, noun, id);
        }
        i += 1;
    }
    out
}

fn write_half(
    root: &Path,
    bytes: usize,
    rng: &mut Rng,
    first: usize,
    ts: bool,
) -> std::io::Result<usize> {
    let mut written = 0;
    let mut n = first;
    while written < bytes {
        let krate = n / 200;
        let dir = root.join(format!("service-{krate:03}/src/{}", rng.pick(NOUNS)));
        std::fs::create_dir_all(&dir)?;
        let (text, ext) = if ts {
            (ts_module(rng, n), "ts")
        } else {
            (module(rng, n), "rs")
        };
        std::fs::write(dir.join(format!("module_{n:05}.{ext}")), &text)?;
        written += text.len();
        n += 1;
    }
    Ok(n)
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(out), Some(mb)) = (
        args.get(1),
        args.get(2).and_then(|m| m.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: gen_corpus OUT_DIR MEGABYTES [ts]");
        std::process::exit(2);
    };
    let root = Path::new(out);
    let half = mb * 1024 * 1024 / 2;
    let mut rng = Rng(0x005E_ED0F_57A7_u64);
    let ts = args.get(3).is_some_and(|a| a == "ts");
    let next = write_half(&root.join("half-a"), half, &mut rng, 0, ts)?;
    let end = write_half(&root.join("half-b"), half, &mut rng, next, ts)?;
    println!("wrote {end} files ({mb} MB) under {out}");
    Ok(())
}
