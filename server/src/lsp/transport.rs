//! A framing filter in front of tower-lsp-server's stdin.
//!
//! tower-lsp-server decodes stdin with a `tokio_util` `FramedRead`, which ends the stream after the
//! first decode error: one malformed message (bad JSON, a body that is not JSON-RPC, a missing
//! `Content-Length`) would stop the server. This filter does the framing itself and hands on only
//! messages the crate can decode. A malformed message is replaced by a request to
//! `statuslint/malformedMessage`, which answers with the JSON-RPC error (parse error -32700 or invalid
//! request -32600, with the original id when it can be read), so the client still gets its answer.

use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tower_lsp_server::jsonrpc;
use tracing::{debug, warn};

/// The method malformed messages are rewritten to.
pub(crate) const MALFORMED_METHOD: &str = "statuslint/malformedMessage";

/// Larger declared bodies are treated as garbage (a corrupted header would otherwise make us buffer
/// without end).
const MAX_BODY: usize = 512 * 1024 * 1024;
/// A header block longer than this without its blank line is garbage.
const MAX_HEADER: usize = 8 * 1024;

/// Copies framed messages from `input` to `output`, repairing or replacing malformed ones.
/// Returns at end of input (or when the reader side is gone).
pub(crate) async fn pump(mut input: impl AsyncRead + Unpin, mut output: impl AsyncWrite + Unpin) {
    let mut framer = Framer::default();
    let mut chunk = vec![0u8; 64 * 1024];
    let mut ready = Vec::new();
    loop {
        // One write per input chunk: fewer wake-ups than one per message.
        ready.clear();
        while let Some(frame) = framer.next_frame() {
            ready.extend_from_slice(&frame);
        }
        if !ready.is_empty() && output.write_all(&ready).await.is_err() {
            return;
        }
        match input.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => framer.push(&chunk[..n]),
        }
    }
}

#[derive(Default)]
pub(crate) struct Framer {
    buf: Vec<u8>,
    /// Bytes before this offset are consumed.
    start: usize,
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

impl Framer {
    pub fn push(&mut self, bytes: &[u8]) {
        if self.start > 0 && self.start * 2 >= self.buf.len() {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// The next complete message, re-framed, or `None` when more input is needed.
    pub fn next_frame(&mut self) -> Option<Vec<u8>> {
        loop {
            let pending = &self.buf[self.start..];
            let Some(header_end) = find(pending, b"\r\n\r\n") else {
                if pending.len() > MAX_HEADER {
                    warn!(
                        "discarding {} bytes of input without a message header",
                        pending.len()
                    );
                    self.skip_garbage(1);
                    continue;
                }
                return None;
            };
            let header = String::from_utf8_lossy(&pending[..header_end]);
            let length = header.lines().find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.trim()
                    .eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse::<usize>().ok())?
            });
            let length = match length {
                Some(n) if n <= MAX_BODY => n,
                _ => {
                    warn!(
                        "discarding a message header without a usable Content-Length: {header:?}"
                    );
                    self.skip_garbage(header_end + 4);
                    continue;
                }
            };
            let body_start = header_end + 4;
            if pending.len() < body_start + length {
                return None;
            }
            let body = &pending[body_start..body_start + length];
            let out = match check(body) {
                None => frame(body),
                Some(replacement) => frame(replacement.to_string().as_bytes()),
            };
            self.start += body_start + length;
            return Some(out);
        }
    }

    /// Skips at least `min` bytes, up to the next `Content-Length` that may start a message.
    fn skip_garbage(&mut self, min: usize) {
        let pending = &self.buf[self.start..];
        let min = min.min(pending.len());
        let next = find(&pending[min..], b"Content-Length").map_or(pending.len(), |i| min + i);
        self.start += next;
    }
}

/// `None` when tower-lsp-server can decode `body`; otherwise the request that replaces it.
fn check(body: &[u8]) -> Option<Value> {
    if serde_json::from_slice::<jsonrpc::Request>(body).is_ok()
        || serde_json::from_slice::<jsonrpc::Response>(body).is_ok()
    {
        return None;
    }
    let (code, id, what) = match serde_json::from_slice::<Value>(body) {
        Err(e) => (-32700, Value::Null, format!("invalid JSON: {e}")),
        Ok(value) => {
            let id = match value.get("id") {
                Some(Value::String(s)) => Value::String(s.clone()),
                Some(Value::Number(n)) if n.is_i64() => Value::Number(n.clone()),
                _ => Value::Null,
            };
            (-32600, id, "not a JSON-RPC 2.0 message".to_string())
        }
    };
    warn!("malformed message ({what}); answering with error {code}");
    debug!("malformed body: {}", String::from_utf8_lossy(body));
    Some(json!({
        "jsonrpc": "2.0",
        "id": id,
        "method": MALFORMED_METHOD,
        "params": { "code": code, "message": what },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framed(body: &str) -> Vec<u8> {
        frame(body.as_bytes())
    }

    fn all(framer: &mut Framer) -> Vec<Value> {
        std::iter::from_fn(|| framer.next_frame())
            .map(|f| {
                let at = find(&f, b"\r\n\r\n").unwrap() + 4;
                serde_json::from_slice(&f[at..]).unwrap()
            })
            .collect()
    }

    #[test]
    fn passes_good_messages_and_replaces_bad_ones() {
        let mut input = framed(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#);
        input.extend(framed(r#"{"jsonrpc": "2.0", "method": "#));
        input.extend(framed(r#"{"id": 7, "hello": true}"#));
        input.extend(b"garbage without a header\r\n\r\n");
        input.extend(b"content-length: 33\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
        let mut framer = Framer::default();
        // Byte by byte: frames must survive arbitrary splits.
        let mut out = Vec::new();
        for b in &input {
            framer.push(std::slice::from_ref(b));
            out.extend(all(&mut framer));
        }
        assert_eq!(out.len(), 4, "{out:#?}");
        assert_eq!(out[0]["method"], "initialize");
        assert_eq!(out[1]["method"], MALFORMED_METHOD);
        assert_eq!(out[1]["params"]["code"], -32700);
        assert_eq!(out[1]["id"], Value::Null);
        assert_eq!(out[2]["params"]["code"], -32600);
        assert_eq!(out[2]["id"], 7);
        assert_eq!(out[3]["method"], "exit");
    }

    #[test]
    fn utf8_bodies_keep_their_length() {
        let body = r#"{"jsonrpc":"2.0","method":"x","params":"😀é"}"#;
        let mut framer = Framer::default();
        framer.push(&framed(body));
        let f = framer.next_frame().unwrap();
        assert!(f.ends_with(body.as_bytes()));
        assert!(f.starts_with(format!("Content-Length: {}\r\n", body.len()).as_bytes()));
    }
}
