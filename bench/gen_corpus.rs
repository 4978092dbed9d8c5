//! Generates a deterministic corpus of realistic Rust service code for `bench/check.sh`: crates of
//! handler modules for axum, actix-web, warp, Rocket, poem, salvo and hyper/http, mixed with
//! domain and utility modules that build no response (as in real services). About one handler in
//! twenty has a mistake statuslint reports.
//!
//! `cargo run --release --example gen_corpus -- OUT_DIR MEGABYTES [ts|py|go]`
//! writes OUT_DIR/half-a and OUT_DIR/half-b, each holding half of the bytes. With `ts`, the corpus
//! is TypeScript instead: Express, Next.js route, Hono and Fetch handler modules mixed with modules
//! that build no response. With `py`, it is Python: FastAPI, Flask, Django, Django REST framework
//! and aiohttp handler modules mixed with models (dataclasses, Django models), helpers and client
//! code (`requests` calls that check a status), as in real services. With `go`, it is Go `net/http`
//! handler files (functions, methods of a server type, middleware closures) calling their package's
//! JSON helpers (`respond.go`: the writer and a status), mixed with models, client code and helpers;
//! each folder is one package.

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

/// One Python handler in the style of `framework` (FastAPI, Flask, Django, Django REST framework,
/// aiohttp); `bad` plants a mistake statuslint reports.
fn py_handler(out: &mut String, rng: &mut Rng, framework: usize, noun: &str, n: usize, bad: bool) {
    let ty = camel(noun);
    let text = match (framework, bad, rng.below(4)) {
        // FastAPI
        (0, false, 0) => format!("@router.get(\"/{noun}s/{{item_id}}\")\nasync def get_{noun}_{n}(item_id: int, db: Session = Depends(get_db)):\n    found = db.get({ty}, item_id)\n    if found is None:\n        raise HTTPException(status_code=404, detail=\"{noun} not found\")\n    return found\n"),
        (0, false, 1) => format!("@router.post(\"/{noun}s\")\nasync def create_{noun}_{n}(payload: {ty}In, db: Session = Depends(get_db)):\n    created = db.add({ty}(**payload.dict()))\n    return JSONResponse(\n        content={{\"id\": created.id}},\n        status_code=status.HTTP_201_CREATED,\n        headers={{\"Location\": f\"/{noun}s/{{created.id}}\"}},\n    )\n"),
        (0, false, 2) => format!("@router.delete(\"/{noun}s/{{item_id}}\", status_code=204)\nasync def delete_{noun}_{n}(item_id: int, db: Session = Depends(get_db)):\n    db.delete({ty}, item_id)\n    return None\n"),
        (0, false, _) => format!("def require_token_{n}(authorization: str = Header(\"\")):\n    if not authorization.startswith(\"Bearer \"):\n        raise HTTPException(\n            status_code=status.HTTP_401_UNAUTHORIZED,\n            detail=\"Not authenticated\",\n            headers={{\"WWW-Authenticate\": \"Bearer\"}},\n        )\n    return authorization[7:]\n\n\n@router.get(\"/{noun}s/{n}/private\")\nasync def private_{noun}_{n}(token: str = Depends(require_token_{n})):\n    return {{\"token\": token}}\n"),
        (0, true, 0 | 1) => format!("@router.get(\"/{noun}s/{n}/secret\")\nasync def secret_{noun}_{n}(token: str = \"\"):\n    if not token:\n        raise HTTPException(status_code=401, detail=\"login required\")\n    return {{\"secret\": {n}}}\n"),
        (0, true, _) => format!("@router.delete(\"/{noun}s/{{item_id}}/hard\", status_code=204)\nasync def purge_{noun}_{n}(item_id: int):\n    return {{\"deleted\": item_id}}\n"),
        // Flask
        (1, false, 0) => format!("@bp.get(\"/{noun}s/<int:item_id>\")\ndef get_{noun}_{n}(item_id):\n    found = store.get(item_id)\n    if found is None:\n        abort(404)\n    return jsonify(found)\n"),
        (1, false, 1) => format!("@bp.post(\"/{noun}s\")\ndef create_{noun}_{n}():\n    new_id = store.add(request.get_json())\n    return jsonify(id=new_id), 201, {{\"Location\": f\"/{noun}s/{{new_id}}\"}}\n"),
        (1, false, 2) => format!("@bp.delete(\"/{noun}s/<int:item_id>\")\ndef delete_{noun}_{n}(item_id):\n    store.remove(item_id)\n    return \"\", 204\n"),
        (1, false, _) => format!("@bp.route(\"/{noun}s/{n}/export\", methods=[\"GET\"])\ndef export_{noun}_{n}():\n    rows = store.all()\n    response = make_response(to_csv(rows))\n    response.headers[\"Content-Type\"] = \"text/csv\"\n    return response\n"),
        (1, true, 0 | 1) => format!("@bp.delete(\"/{noun}s/<int:item_id>/hard\")\ndef purge_{noun}_{n}(item_id):\n    store.remove(item_id)\n    return jsonify(deleted=item_id), 204\n"),
        (1, true, _) => format!("@bp.get(\"/{noun}s/{n}/secret\")\ndef secret_{noun}_{n}():\n    return \"login required\", 401\n"),
        // Django
        (2, false, 0) => format!("@require_http_methods([\"GET\"])\ndef {noun}_detail_{n}(request, pk):\n    obj = get_object_or_404({ty}, pk=pk)\n    return JsonResponse({{\"id\": obj.pk, \"name\": obj.name}})\n"),
        (2, false, 1) => format!("class {ty}View{n}(View):\n    def get(self, request, pk):\n        return render(request, \"{noun}/detail.html\", {{\"pk\": pk}})\n\n    def delete(self, request, pk):\n        {ty}.objects.filter(pk=pk).delete()\n        return HttpResponse(status=204)\n"),
        (2, false, 2) => format!("def {noun}_list_{n}(request):\n    if request.method != \"GET\":\n        return HttpResponseNotAllowed([\"GET\"])\n    items = list({ty}.objects.values(\"id\", \"name\")[:100])\n    return JsonResponse({{\"items\": items}})\n"),
        (2, false, _) => format!("@login_required\ndef {noun}_archive_{n}(request, pk):\n    obj = get_object_or_404({ty}, pk=pk)\n    obj.archive()\n    response = HttpResponse(status=302)\n    response[\"Location\"] = f\"/{noun}s/{{pk}}\"\n    return response\n"),
        (2, true, 0 | 1) => format!("def {noun}_remove_{n}(request, pk):\n    {ty}.objects.filter(pk=pk).delete()\n    return HttpResponse(\"deleted\", status=204)\n"),
        (2, true, _) => format!("def {noun}_secret_{n}(request):\n    if not request.user.is_authenticated:\n        return HttpResponse(\"login required\", status=401)\n    return JsonResponse({{\"secret\": {n}}})\n"),
        // Django REST framework
        (3, false, 0 | 1) => format!("class {ty}ViewSet{n}(viewsets.ModelViewSet):\n    queryset = {ty}.objects.all()\n    serializer_class = {ty}Serializer\n\n    def destroy(self, request, *args, **kwargs):\n        self.get_object().delete()\n        return Response(status=status.HTTP_204_NO_CONTENT)\n"),
        (3, false, 2) => format!("@api_view([\"POST\"])\ndef create_{noun}_{n}(request):\n    serializer = {ty}Serializer(data=request.data)\n    serializer.is_valid(raise_exception=True)\n    serializer.save()\n    return Response(serializer.data, status=status.HTTP_201_CREATED)\n"),
        (3, false, _) => format!("class {ty}Stats{n}(APIView):\n    def get(self, request):\n        counts = {ty}.objects.aggregate(total=Count(\"id\"))\n        return Response(counts)\n"),
        (3, true, _) => format!("class {ty}Purge{n}(APIView):\n    def delete(self, request, pk):\n        {ty}.objects.filter(pk=pk).delete()\n        return Response({{\"deleted\": pk}}, status=status.HTTP_204_NO_CONTENT)\n"),
        // aiohttp
        (_, false, 0 | 1) => format!("@routes.get(\"/{noun}s/{{id}}\")\nasync def get_{noun}_{n}(request: web.Request) -> web.Response:\n    item_id = int(request.match_info[\"id\"])\n    found = await request.app[\"db\"].get_{noun}(item_id)\n    if found is None:\n        raise web.HTTPNotFound()\n    return web.json_response(found)\n"),
        (_, false, 2) => format!("@routes.delete(\"/{noun}s/{{id}}\")\nasync def delete_{noun}_{n}(request: web.Request) -> web.Response:\n    await request.app[\"db\"].remove_{noun}(int(request.match_info[\"id\"]))\n    return web.Response(status=204)\n"),
        (_, false, _) => format!("class {ty}View{n}(web.View):\n    async def get(self):\n        return web.json_response({{\"{noun}\": {n}}})\n\n    async def post(self):\n        data = await self.request.json()\n        return web.json_response(data, status=201, headers={{\"Location\": \"/{noun}s/{n}\"}})\n"),
        (_, true, 0 | 1) => format!("@routes.get(\"/{noun}s/{n}/secret\")\nasync def secret_{noun}_{n}(request: web.Request) -> web.Response:\n    raise web.HTTPUnauthorized()\n"),
        (_, true, _) => format!("@routes.delete(\"/{noun}s/{n}/hard\")\nasync def purge_{noun}_{n}(request: web.Request) -> web.Response:\n    return web.json_response({{\"deleted\": True}}, status=204)\n"),
    };
    out.push_str("\n\n");
    out.push_str(&text);
}

/// Python that builds no response: a model, a helper or client code that checks a status.
fn py_plain(out: &mut String, rng: &mut Rng, kind: usize, noun: &str, n: usize) {
    let ty = camel(noun);
    let _ = match kind {
        // Django models name Django: a Django project's files rarely skip the prefilter.
        0 => write!(
            out,
            "\n\nclass {ty}Record{n}(models.Model):\n    name = models.CharField(max_length={max})\n    owner = models.ForeignKey(\"auth.User\", on_delete=models.CASCADE, null=True)\n    created = models.DateTimeField(auto_now_add=True)\n\n    class Meta:\n        ordering = [\"-created\"]\n\n    def __str__(self):\n        return f\"{noun} {{self.name}}\"\n",
            max = 64 + rng.below(200)
        ),
        1 => write!(
            out,
            "\n\n@dataclass\nclass {ty}{n}:\n    id: int\n    name: str\n    owner_id: int | None = None\n    tags: list[str] = field(default_factory=list)\n\n    def validate(self) -> list[str]:\n        problems = []\n        if not self.name.strip():\n            problems.append(\"name must not be empty\")\n        if len(self.name) > {max}:\n            problems.append(\"name too long\")\n        for tag in self.tags:\n            if not tag.replace(\"-\", \"\").isalnum():\n                problems.append(f\"bad tag {{tag}}\")\n        return problems\n",
            max = 64 + rng.below(200)
        ),
        2 => write!(
            out,
            "\n\ndef fetch_{noun}_{n}(session, base_url: str, item_id: int):\n    response = session.get(f\"{{base_url}}/{noun}s/{{item_id}}\", timeout={t})\n    if response.status_code == 404:\n        return None\n    if response.status_code == 401:\n        raise PermissionError(\"token expired\")\n    response.raise_for_status()\n    return response.json()\n",
            t = 5 + rng.below(25)
        ),
        _ => write!(
            out,
            "\n\ndef retry_{n}(operation, attempts: int = {a}, delay: float = 0.{d}):\n    last = None\n    for attempt in range(attempts):\n        try:\n            return operation()\n        except (ConnectionError, TimeoutError) as error:\n            last = error\n            time.sleep(delay * (2 ** attempt))\n    raise RuntimeError(\"gave up\") from last\n\n\ndef parse_pairs_{n}(text: str) -> dict[str, str]:\n    pairs = {{}}\n    for part in text.split(\"&\"):\n        key, _, value = part.partition(\"=\")\n        if key.strip():\n            pairs[key.strip().lower()] = value.strip()\n    return pairs\n",
            a = 2 + rng.below(5),
            d = 1 + rng.below(9)
        ),
    };
}

const PY_PRELUDES: &[&str] = &[
    "from fastapi import APIRouter, Depends, Header, HTTPException, status\nfrom fastapi.responses import JSONResponse\nfrom sqlalchemy.orm import Session\n\nfrom ..db import get_db\n\nrouter = APIRouter()\n",
    "from flask import Blueprint, abort, jsonify, make_response, request\n\nfrom ..store import store, to_csv\n\nbp = Blueprint(__name__.rsplit(\".\", 1)[-1], __name__)\n",
    "from django.contrib.auth.decorators import login_required\nfrom django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse\nfrom django.shortcuts import get_object_or_404, render\nfrom django.views import View\nfrom django.views.decorators.http import require_http_methods\n\nfrom .models import *  # noqa: F403\n",
    "from django.db.models import Count\nfrom rest_framework import status, viewsets\nfrom rest_framework.decorators import api_view\nfrom rest_framework.response import Response\nfrom rest_framework.views import APIView\n\nfrom .models import *  # noqa: F403\nfrom .serializers import *  # noqa: F403\n",
    "from aiohttp import web\n\nroutes = web.RouteTableDef()\n",
];

/// One Python module: handlers for some framework (60%) or a module with no HTTP (40%): Django
/// models, dataclasses, client code or helpers.
fn py_module(rng: &mut Rng, n: usize) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let target = 3 * 1024 + rng.below(15 * 1024);
    let handlers = rng.below(10) < 6;
    let framework = rng.below(PY_PRELUDES.len());
    let plain = rng.below(4);
    out.push_str("\"\"\"Generated by bench/gen_corpus.rs.\"\"\"\n\n");
    if handlers {
        out.push_str(PY_PRELUDES[framework]);
    } else {
        out.push_str(match plain {
            0 => "from django.db import models\n",
            1 => "from dataclasses import dataclass, field\n",
            2 => "import requests\n",
            _ => "import time\n",
        });
    }
    let mut i = 0;
    while out.len() < target {
        let noun = rng.pick(NOUNS);
        let id = n * 1000 + i;
        if handlers && rng.below(3) < 2 {
            let bad = rng.below(20) == 0;
            py_handler(&mut out, rng, framework, noun, id, bad);
        } else {
            // Handler modules hold helpers and client calls, not models.
            let kind = if handlers { 2 + rng.below(2) } else { plain };
            py_plain(&mut out, rng, kind, noun, id);
        }
        i += 1;
    }
    out
}

/// One Go `net/http` handler (a function, or a method of the module's server type), sending
/// with `http.Error`, `WriteHeader`, body writes or the module's JSON helper; `bad` plants a
/// mistake statuslint reports.
fn go_handler(out: &mut String, rng: &mut Rng, noun: &str, n: usize, m: usize, bad: bool) {
    let ty = camel(noun);
    let text = match (bad, rng.below(6)) {
        (false, 0) => format!("func (s *Server{m}) get{ty}{n}(w http.ResponseWriter, r *http.Request) {{\n\tid, err := strconv.Atoi(r.URL.Query().Get(\"id\"))\n\tif err != nil {{\n\t\thttp.Error(w, \"bad id\", http.StatusBadRequest)\n\t\treturn\n\t}}\n\tfound, ok := s.store[id]\n\tif !ok {{\n\t\thttp.NotFound(w, r)\n\t\treturn\n\t}}\n\twriteJSON(w, http.StatusOK, found)\n}}\n"),
        (false, 1) => format!("func (s *Server{m}) create{ty}{n}(w http.ResponseWriter, r *http.Request) {{\n\tif r.Method != http.MethodPost {{\n\t\tw.Header().Set(\"Allow\", \"POST\")\n\t\twriteError(w, http.StatusMethodNotAllowed, \"use POST\")\n\t\treturn\n\t}}\n\tvar in {ty}{n}\n\tif err := json.NewDecoder(r.Body).Decode(&in); err != nil {{\n\t\twriteError(w, http.StatusBadRequest, err.Error())\n\t\treturn\n\t}}\n\tw.Header().Set(\"Location\", fmt.Sprintf(\"/{noun}s/%d\", in.ID))\n\twriteJSON(w, http.StatusCreated, in)\n}}\n"),
        (false, 2) => format!("func delete{ty}{n}(w http.ResponseWriter, r *http.Request) {{\n\tswitch r.Method {{\n\tcase http.MethodDelete:\n\t\tw.WriteHeader(http.StatusNoContent)\n\tdefault:\n\t\tw.Header().Set(\"Allow\", \"DELETE\")\n\t\tw.WriteHeader(http.StatusMethodNotAllowed)\n\t}}\n}}\n"),
        (false, 3) => format!("func require{ty}{n}(next http.Handler) http.Handler {{\n\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {{\n\t\tif !strings.HasPrefix(r.Header.Get(\"Authorization\"), \"Bearer \") {{\n\t\t\tw.Header().Set(\"WWW-Authenticate\", `Bearer realm=\"{noun}\"`)\n\t\t\twriteError(w, http.StatusUnauthorized, \"token required\")\n\t\t\treturn\n\t\t}}\n\t\tnext.ServeHTTP(w, r)\n\t}})\n}}\n"),
        (false, 4) => format!("func export{ty}{n}(w http.ResponseWriter, r *http.Request) {{\n\tw.Header().Set(\"Content-Type\", \"text/csv\")\n\tw.Header().Set(\"Cache-Control\", \"no-store\")\n\tw.WriteHeader(http.StatusOK)\n\tfor i := 0; i < {k}; i++ {{\n\t\tfmt.Fprintf(w, \"%d,{noun}\\n\", i)\n\t}}\n}}\n", k = 10 + rng.below(90)),
        (false, _) => format!("func moved{ty}{n}(w http.ResponseWriter, r *http.Request) {{\n\tif r.URL.Query().Get(\"v\") == \"1\" {{\n\t\thttp.Redirect(w, r, \"/v2/{noun}s\", http.StatusMovedPermanently)\n\t\treturn\n\t}}\n\tio.WriteString(w, \"{noun}\")\n}}\n"),
        (true, 0) => format!("func secret{ty}{n}(w http.ResponseWriter, r *http.Request) {{\n\tif r.Header.Get(\"Authorization\") == \"\" {{\n\t\thttp.Error(w, \"login required\", http.StatusUnauthorized)\n\t\treturn\n\t}}\n\tio.WriteString(w, \"secret\")\n}}\n"),
        (true, 1) => format!("func (s *Server{m}) purge{ty}{n}(w http.ResponseWriter, r *http.Request) {{\n\twriteJSON(w, http.StatusNoContent, map[string]int{{\"deleted\": {n}}})\n}}\n"),
        (true, 2) => format!("func list{ty}{n}(w http.ResponseWriter, r *http.Request) {{\n\tif r.Method != http.MethodGet {{\n\t\tw.WriteHeader(http.StatusMethodNotAllowed)\n\t\treturn\n\t}}\n\tw.Write([]byte(\"[]\"))\n}}\n"),
        (true, _) => format!("func report{ty}{n}(w http.ResponseWriter, r *http.Request) {{\n\tw.WriteHeader(http.StatusOK)\n\tw.Header().Set(\"Content-Type\", \"application/json\")\n\tjson.NewEncoder(w).Encode([]string{{\"{noun}\"}})\n}}\n"),
    };
    out.push('\n');
    out.push_str(&text);
}

/// Go that builds no response: a model with methods, client code that checks a status, a helper.
fn go_plain(out: &mut String, rng: &mut Rng, noun: &str, n: usize) {
    let ty = camel(noun);
    let _ = match rng.below(3) {
        0 => write!(
            out,
            "\n// {ty}{n} is a {noun} as stored.\ntype {ty}{n} struct {{\n\tID    int      `json:\"id\"`\n\tName  string   `json:\"name\"`\n\tTags  []string `json:\"tags\"`\n\tOwner *int     `json:\"owner,omitempty\"`\n}}\n\n// Validate lists what is wrong with the {noun}.\nfunc (x *{ty}{n}) Validate() []string {{\n\tvar problems []string\n\tif strings.TrimSpace(x.Name) == \"\" {{\n\t\tproblems = append(problems, \"name must not be empty\")\n\t}}\n\tif len(x.Name) > {max} {{\n\t\tproblems = append(problems, \"name too long\")\n\t}}\n\tfor _, tag := range x.Tags {{\n\t\tif strings.ContainsAny(tag, \" /\") {{\n\t\t\tproblems = append(problems, \"bad tag \"+tag)\n\t\t}}\n\t}}\n\treturn problems\n}}\n",
            max = 64 + rng.below(200)
        ),
        1 => write!(
            out,
            "\n// fetch{ty}{n} reads a {noun} from the upstream API.\nfunc fetch{ty}{n}(client *http.Client, base string, id int) (*{ty}{n}, error) {{\n\tresp, err := client.Get(fmt.Sprintf(\"%s/{noun}s/%d\", base, id))\n\tif err != nil {{\n\t\treturn nil, err\n\t}}\n\tdefer resp.Body.Close()\n\tswitch resp.StatusCode {{\n\tcase http.StatusNotFound:\n\t\treturn nil, nil\n\tcase http.StatusUnauthorized:\n\t\treturn nil, errors.New(\"token expired\")\n\t}}\n\tvar out {ty}{n}\n\tif err := json.NewDecoder(io.LimitReader(resp.Body, {limit})).Decode(&out); err != nil {{\n\t\treturn nil, err\n\t}}\n\treturn &out, nil\n}}\n",
            limit = 1 << (10 + rng.below(10))
        ),
        _ => write!(
            out,
            "\n// retry{n} runs op until it succeeds, at most {a} times.\nfunc retry{n}(op func() error) error {{\n\tvar last error\n\tfor attempt := 0; attempt < {a}; attempt++ {{\n\t\tif last = op(); last == nil {{\n\t\t\treturn nil\n\t\t}}\n\t\ttime.Sleep(time.Duration(attempt+1) * {d} * time.Millisecond)\n\t}}\n\treturn fmt.Errorf(\"gave up: %w\", last)\n}}\n",
            a = 2 + rng.below(5),
            d = 10 + rng.below(90)
        ),
    };
}

/// The JSON helpers of a Go package, in a file of their own (`respond.go`), as a real package has
/// them once: its handler files call them.
fn go_respond(package: &str) -> String {
    format!(
        "// Generated by bench/gen_corpus.rs.\n\npackage {package}\n\nimport (\n\t\"encoding/json\"\n\t\"net/http\"\n)\n\n// writeJSON sends v as JSON with the caller's status.\nfunc writeJSON(w http.ResponseWriter, status int, v any) {{\n\tw.Header().Set(\"Content-Type\", \"application/json\")\n\tw.WriteHeader(status)\n\tif err := json.NewEncoder(w).Encode(v); err != nil {{\n\t\treturn\n\t}}\n}}\n\n// writeError sends {{\"error\": msg}} with the caller's status.\nfunc writeError(w http.ResponseWriter, status int, msg string) {{\n\twriteJSON(w, status, map[string]string{{\"error\": msg}})\n}}\n"
    )
}

/// One Go file: handlers with the file's server type (60%), calling the package's JSON helpers,
/// or a file with no handler (40%). Every file of a folder is one package, named after the folder.
fn go_module(rng: &mut Rng, n: usize, package: &str) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let target = 2 * 1024 + rng.below(12 * 1024);
    let handlers = rng.below(10) < 6;
    let _ = write!(
        out,
        "// Generated by bench/gen_corpus.rs.\n\npackage {package}\n\nimport (\n\t\"encoding/json\"\n\t\"errors\"\n\t\"fmt\"\n\t\"io\"\n\t\"net/http\"\n\t\"strconv\"\n\t\"strings\"\n\t\"time\"\n)\n"
    );
    if handlers {
        let _ = write!(
            out,
            "\n// Server{n} holds what the handlers of this file share.\ntype Server{n} struct {{\n\tstore map[int]any\n}}\n"
        );
    }
    let mut i = 0;
    while out.len() < target {
        let noun = rng.pick(NOUNS);
        let id = n * 1000 + i;
        if handlers && rng.below(3) < 2 {
            let bad = rng.below(20) == 0;
            go_handler(&mut out, rng, noun, id, n, bad);
        } else {
            go_plain(&mut out, rng, noun, id);
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
    lang: &str,
) -> std::io::Result<usize> {
    let mut written = 0;
    let mut n = first;
    while written < bytes {
        let krate = n / 200;
        let package = rng.pick(NOUNS);
        let dir = root.join(format!("service-{krate:03}/src/{package}"));
        std::fs::create_dir_all(&dir)?;
        let (text, ext) = match lang {
            "ts" => (ts_module(rng, n), "ts"),
            "py" => (py_module(rng, n), "py"),
            "go" => (go_module(rng, n, package), "go"),
            _ => (module(rng, n), "rs"),
        };
        std::fs::write(dir.join(format!("module_{n:05}.{ext}")), &text)?;
        written += text.len();
        let respond = dir.join("respond.go");
        if lang == "go" && !respond.exists() {
            let helpers = go_respond(package);
            std::fs::write(respond, &helpers)?;
            written += helpers.len();
        }
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
        eprintln!("usage: gen_corpus OUT_DIR MEGABYTES [ts|py|go]");
        std::process::exit(2);
    };
    let root = Path::new(out);
    let half = mb * 1024 * 1024 / 2;
    let mut rng = Rng(0x005E_ED0F_57A7_u64);
    let lang = args.get(3).map_or("rs", String::as_str);
    let next = write_half(&root.join("half-a"), half, &mut rng, 0, lang)?;
    let end = write_half(&root.join("half-b"), half, &mut rng, next, lang)?;
    println!("wrote {end} files ({mb} MB) under {out}");
    Ok(())
}
