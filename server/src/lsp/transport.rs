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

/// How long a message that may be cut short waits for the rest of its bytes before it is answered
/// as malformed.
const STALL: std::time::Duration = std::time::Duration::from_millis(100);

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
        let read = if framer.stalled() {
            match tokio::time::timeout(STALL, input.read(&mut chunk)).await {
                Ok(read) => read,
                Err(_) => {
                    framer.force();
                    continue;
                }
            }
        } else {
            input.read(&mut chunk).await
        };
        match read {
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
    /// While a body is incomplete: no header marker lies in `buf[start..marker_scanned]` past the
    /// body's start, so each chunk of a large body is searched once.
    marker_scanned: usize,
    /// The last `next_frame` waits for input that may never come (a body that is truncated JSON,
    /// or the first part of one whose length was declared too small).
    stalled: bool,
    /// Decide stalled cases with the input there is.
    force: bool,
}

const MARKER: &[u8] = b"content-length:";

/// Where `MARKER` starts in `haystack`, ignoring ASCII case.
fn find_marker(haystack: &[u8]) -> Option<usize> {
    haystack
        .windows(MARKER.len())
        .position(|w| w.eq_ignore_ascii_case(MARKER))
}

/// Whether `bytes` starts with a whole `Content-Length: N` header line (LF or CRLF): `None` when
/// it may, once more bytes have come.
fn header_line_at(bytes: &[u8]) -> Option<bool> {
    let n = bytes.len().min(MARKER.len());
    if !bytes[..n].eq_ignore_ascii_case(&MARKER[..n]) {
        return Some(false);
    }
    if n < MARKER.len() {
        return None;
    }
    let rest = &bytes[MARKER.len()..];
    let end = rest.iter().position(|&b| b == b'\n');
    let value = &rest[..end.unwrap_or(rest.len())];
    let value = value.strip_suffix(b"\r").unwrap_or(value);
    let digits = value.trim_ascii();
    if !value
        .iter()
        .all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'\t' | b'\r'))
    {
        return Some(false);
    }
    end.map(|_| !digits.is_empty())
}

/// The value of the last `Content-Length:` in a header line, with the offset of its marker.
fn content_length_in(line: &[u8]) -> Option<(usize, usize)> {
    let at = line
        .windows(MARKER.len())
        .rposition(|w| w.eq_ignore_ascii_case(MARKER))?;
    let value = std::str::from_utf8(&line[at + MARKER.len()..]).ok()?;
    Some((at, value.trim().parse().ok()?))
}

/// `Name: value`, as a header line that is not garbage looks.
fn header_like(line: &[u8]) -> bool {
    let Some(colon) = line.iter().position(|&b| b == b':') else {
        return false;
    };
    colon > 0
        && line[..colon]
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'-')
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// What `Framer::realign` found out about a body's declared length.
enum Realign {
    /// The declared length stands.
    Keep,
    /// Decide when more input has arrived.
    Wait,
    /// The message is this long.
    Length(usize),
}

/// What the start of the pending input holds.
enum Header {
    /// More input is needed.
    Incomplete,
    /// A header block without a usable `Content-Length`, `len` bytes with its blank line.
    Unusable { len: usize },
    /// Bytes that are not a header come before the `Content-Length` at `at`.
    GarbageBefore { at: usize },
    /// A header block; the body starts at `body_start`.
    Ok { length: usize, body_start: usize },
}

/// Reads the header block at the start of `pending`. Lines end in CRLF or LF alone.
fn read_header(pending: &[u8]) -> Header {
    let mut pos = 0;
    let mut found: Option<(usize, usize)> = None;
    let mut garbage = false;
    loop {
        let Some(nl) = pending[pos..].iter().position(|&b| b == b'\n') else {
            return Header::Incomplete;
        };
        let line = &pending[pos..pos + nl];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let next = pos + nl + 1;
        if line.is_empty() {
            return match found {
                None => Header::Unusable { len: next },
                Some((at, _)) if garbage => Header::GarbageBefore { at },
                Some((_, length)) => Header::Ok {
                    length,
                    body_start: next,
                },
            };
        }
        if found.is_none() {
            match content_length_in(line) {
                // The first Content-Length counts; `realign` copes with a second one.
                Some((at, n)) => {
                    garbage |= at > 0;
                    found = Some((pos + at, n));
                }
                None => garbage |= !header_like(line),
            }
        }
        pos = next;
    }
}

impl Framer {
    pub fn push(&mut self, bytes: &[u8]) {
        if self.start > 0 && self.start * 2 >= self.buf.len() {
            self.buf.drain(..self.start);
            self.marker_scanned = self.marker_scanned.saturating_sub(self.start);
            self.start = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    fn consume(&mut self, n: usize) {
        if n > 0 {
            self.start += n;
            self.marker_scanned = 0;
            self.force = false;
        }
    }

    /// Whether the framer is waiting for input that may never come: see `force`.
    pub fn stalled(&self) -> bool {
        self.stalled
    }

    /// No more input came for a while: the next `next_frame` decides with what there is.
    pub fn force(&mut self) {
        self.force = true;
    }

    /// The next complete message, re-framed, or `None` when more input is needed.
    pub fn next_frame(&mut self) -> Option<Vec<u8>> {
        self.stalled = false;
        loop {
            // Line ends left between messages are not garbage.
            let blank = self.buf[self.start..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
            self.consume(blank);
            let pending = &self.buf[self.start..];
            if pending.first() == Some(&b'{') {
                // A JSON value where a header should be: a message sent without its header.
                let mut values = serde_json::Deserializer::from_slice(pending).into_iter::<Value>();
                match values.next() {
                    Some(Ok(_)) => {
                        let end = values.byte_offset();
                        let out = unframed(&pending[..end]);
                        self.consume(end);
                        return Some(out);
                    }
                    Some(Err(e)) if e.is_eof() && pending.len() <= MAX_BODY && !self.force => {
                        self.stalled = true;
                        return None;
                    }
                    // Not JSON: garbage, dealt with below.
                    _ => {}
                }
            }
            let (length, body_start) = match read_header(pending) {
                Header::Incomplete if pending.len() > MAX_HEADER => {
                    warn!(
                        "discarding {} bytes of input without a message header",
                        pending.len()
                    );
                    self.skip_garbage(1);
                    continue;
                }
                Header::Incomplete => return None,
                Header::Unusable { len } => {
                    warn!(
                        "discarding a message header without a usable Content-Length: {:?}",
                        String::from_utf8_lossy(&pending[..len])
                    );
                    self.consume(len);
                    continue;
                }
                Header::GarbageBefore { at } => {
                    garbage(&pending[..at]);
                    self.consume(at);
                    continue;
                }
                Header::Ok { length, .. } if length > MAX_BODY => {
                    warn!("discarding a message header declaring {length} bytes");
                    self.skip_garbage(1);
                    continue;
                }
                Header::Ok { length, body_start } => (length, body_start),
            };
            let complete = pending.len() >= body_start + length;
            if complete {
                let body = &pending[body_start..body_start + length];
                if check(body).is_none() {
                    let out = frame(body);
                    self.consume(body_start + length);
                    return Some(out);
                }
            }
            let length = match self.realign(body_start, length, complete) {
                Realign::Length(n) => n,
                Realign::Keep if complete => length,
                Realign::Keep | Realign::Wait => return None,
            };
            let body = &self.buf[self.start + body_start..self.start + body_start + length];
            let out = match check(body) {
                None => frame(body),
                Some(replacement) => frame(replacement.to_string().as_bytes()),
            };
            self.consume(body_start + length);
            return Some(out);
        }
    }

    /// The true length of a body whose declared `length` is wrong: a JSON value that starts the
    /// body and is followed by the next message's header (or, when the declared length was too
    /// small, by the end of the input).
    fn realign(&mut self, body_start: usize, length: usize, complete: bool) -> Realign {
        let pending = &self.buf[self.start..];
        let rest = &pending[body_start..];
        if !complete {
            // Parse only once a header shows up inside the body: a large body arrives in many chunks.
            let from = self
                .marker_scanned
                .saturating_sub(self.start + body_start + MARKER.len())
                .min(rest.len());
            let found = find_marker(&rest[from..]).is_some();
            self.marker_scanned = self.start + pending.len();
            if !found {
                return Realign::Wait;
            }
        }
        let mut values = serde_json::Deserializer::from_slice(rest).into_iter::<Value>();
        match values.next() {
            Some(Ok(_)) => {}
            // A value that goes on past the declared length and has not all arrived yet. With
            // nothing past the declared length the body may just be truncated: wait a little.
            Some(Err(e)) if e.is_eof() && !self.force => {
                self.stalled = rest.len() == length;
                return Realign::Wait;
            }
            _ => return Realign::Keep,
        }
        let end = values.byte_offset();
        let after = &rest[end..];
        let gap = after.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let at_end = gap == after.len();
        let followed_by_header = match header_line_at(&after[gap..]) {
            Some(header) => header && !at_end,
            // The start of what may be the next header: wait for the rest of its line.
            None if !at_end && !self.force => {
                self.stalled = true;
                return Realign::Wait;
            }
            None => false,
        };
        let fits = if end < length {
            followed_by_header
        } else {
            end > length && (followed_by_header || at_end)
        };
        if !fits {
            return Realign::Keep;
        }
        warn!("message declared {length} bytes but its JSON is {end} bytes long");
        Realign::Length(end)
    }

    /// Skips at least `min` bytes, up to the next `Content-Length` that may start a message.
    fn skip_garbage(&mut self, min: usize) {
        let pending = &self.buf[self.start..];
        let min = min.min(pending.len());
        // Keep a marker that may be cut by the end of the input.
        let keep = pending.len().saturating_sub(MARKER.len() - 1).max(min);
        let next = find_marker(&pending[min..]).map_or(keep, |i| min + i);
        self.consume(next);
    }
}

/// A JSON value that came without a `Content-Length` header: passed on when it is a message the
/// crate can decode, else answered with an error (with its id when it has one).
fn unframed(json: &[u8]) -> Vec<u8> {
    warn!("a message without a Content-Length header");
    match check(json) {
        None => frame(json),
        Some(replacement) => frame(replacement.to_string().as_bytes()),
    }
}

/// Logs bytes found where a header should be that are not a message.
fn garbage(bytes: &[u8]) {
    warn!(
        "discarding {} bytes of input that are not a message: {:?}",
        bytes.len(),
        String::from_utf8_lossy(&bytes[..bytes.len().min(200)])
    );
}

fn request_id(value: &Value) -> Value {
    match value.get("id") {
        Some(Value::String(s)) => Value::String(s.clone()),
        Some(Value::Number(n)) if n.is_i64() => Value::Number(n.clone()),
        _ => Value::Null,
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
        Ok(value) => (
            -32600,
            request_id(&value),
            "not a JSON-RPC 2.0 message".to_string(),
        ),
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

    fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        haystack.windows(needle.len()).position(|w| w == needle)
    }

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

    fn request(id: i64) -> String {
        format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"m","params":{{"n":{id}}}}}"#)
    }

    /// The ids (or malformed-message error codes) `input` comes out as, whole and split into
    /// chunks of every size up to 9 bytes: each split must give the same.
    fn outcome(input: &[u8]) -> Vec<String> {
        let describe = |m: &Value| {
            if m["method"] == MALFORMED_METHOD {
                format!("error {} for {}", m["params"]["code"], m["id"])
            } else {
                m["id"].to_string()
            }
        };
        let mut whole = Framer::default();
        whole.push(input);
        let mut expected: Vec<String> = all(&mut whole).iter().map(describe).collect();
        whole.force();
        expected.extend(all(&mut whole).iter().map(describe));
        for size in 1..=9 {
            let mut framer = Framer::default();
            let mut got = Vec::new();
            for chunk in input.chunks(size) {
                framer.push(chunk);
                got.extend(all(&mut framer).iter().map(describe));
            }
            // As `pump` does when no more input comes.
            framer.force();
            got.extend(all(&mut framer).iter().map(describe));
            assert_eq!(got, expected, "in chunks of {size} bytes");
        }
        expected
    }

    fn ids(ids: &[i64]) -> Vec<String> {
        ids.iter().map(i64::to_string).collect()
    }

    #[test]
    fn garbage_without_a_line_end_keeps_the_next_message() {
        let mut input = framed(&request(1));
        input.extend(b"hello");
        input.extend(framed(&request(2)));
        input.extend(framed(&request(3)));
        assert_eq!(outcome(&input), ids(&[1, 2, 3]));
        // Garbage on lines of its own, and a rejected header block, before a message.
        let mut input = b"hello\r\n".to_vec();
        input.extend(framed(&request(1)));
        input.extend(b"X-Junk\r\n\r\n");
        input.extend(framed(&request(2)));
        assert_eq!(outcome(&input), ids(&[1, 2]));
    }

    #[test]
    fn a_second_content_length_does_not_lose_a_message() {
        let body = request(2);
        for (first, second) in [(body.len() - 10, body.len()), (body.len(), body.len() - 10)] {
            let mut input = framed(&request(1));
            input.extend(
                format!("Content-Length: {first}\r\nContent-Length: {second}\r\n\r\n{body}")
                    .as_bytes(),
            );
            input.extend(framed(&request(3)));
            assert_eq!(outcome(&input), ids(&[1, 2, 3]), "{first}, {second}");
        }
    }

    #[test]
    fn a_wrong_content_length_is_corrected_by_the_json() {
        let body = request(2);
        for declared in [body.len() - 7, body.len() + 12] {
            let mut input = framed(&request(1));
            input.extend(format!("Content-Length: {declared}\r\n\r\n{body}").as_bytes());
            input.extend(framed(&request(3)));
            input.extend(framed(&request(4)));
            assert_eq!(outcome(&input), ids(&[1, 2, 3, 4]), "declared {declared}");
        }
        // Too small and last: answered as soon as the rest of the JSON is there.
        let mut framer = Framer::default();
        framer.push(format!("Content-Length: 9\r\n\r\n{body}").as_bytes());
        assert_eq!(all(&mut framer)[0]["id"], 2);
    }

    #[test]
    fn unframed_json_is_passed_on_and_the_next_message_kept() {
        let mut input = framed(&request(1));
        input.extend(request(2).as_bytes());
        input.extend(framed(&request(3)));
        input.extend(b"\n{\"jsonrpc\":\"2.0\",\"method\":\"note\"}\n");
        input.extend(framed(&request(4)));
        input.extend(b"{\"id\": 9}");
        input.extend(framed(&request(5)));
        assert_eq!(
            outcome(&input),
            ["1", "2", "3", "null", "4", "error -32600 for 9", "5"]
        );
    }

    #[test]
    fn lf_only_headers_are_accepted() {
        let mut input = Vec::new();
        for id in 1..=3 {
            let body = request(id);
            input.extend(format!("Content-Length: {}\n\n{body}", body.len()).as_bytes());
        }
        input.extend(
            format!(
                "Content-Type: x\nContent-Length: {}\r\n\n",
                request(4).len()
            )
            .as_bytes(),
        );
        input.extend(request(4).as_bytes());
        assert_eq!(outcome(&input), ids(&[1, 2, 3, 4]));
    }

    #[test]
    fn a_large_body_in_many_chunks_is_one_message() {
        // A body of 4 MB in 64 KB chunks: the framer must not re-parse it per chunk, and the
        // result must be the one message.
        let text = "x".repeat(4 << 20);
        let body = format!(r#"{{"jsonrpc":"2.0","method":"n","params":{{"t":"{text}"}}}}"#);
        let input = framed(&body);
        let mut framer = Framer::default();
        let mut out = Vec::new();
        for chunk in input.chunks(64 * 1024) {
            framer.push(chunk);
            out.extend(all(&mut framer));
        }
        assert_eq!(out.len(), 1);
        assert_eq!(
            out[0]["params"]["t"].as_str().map(str::len),
            Some(text.len())
        );
    }
}
