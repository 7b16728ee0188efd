//! JSON lines: one request per line on stdin, one answer per line on stdout.
//!
//! ```text
//! cargo run --example jsonl < tests/data/jsonl_smoke.jsonl
//! ```
//!
//! Every non-blank line gets exactly one answer, in order; a bad line gets an
//! error answer and the stream goes on. Blank lines are skipped. All lines run
//! in one [`frontline::api::Session`], so named objects built by one request
//! (calendars, SLA policy sets, rule sets, FAQ indexes) are there for the lines after it.
//!
//! A line longer than `frontline::api::MAX_REQUEST_BYTES` is answered with
//! `request.too_large` without being held in memory; a line that is not UTF-8
//! is answered with `request.invalid_json`.

use std::io::{self, BufRead, BufWriter, Read, Write};

use frontline::api::{MAX_REQUEST_BYTES, SCHEMA_VERSION, Session};

fn error_line(code: &str, message: &str) -> String {
    serde_json::json!({
        "schema_version": SCHEMA_VERSION,
        "ok": false,
        "error": {"code": code, "message": message},
    })
    .to_string()
}

/// Reads one line of at most `MAX_REQUEST_BYTES`; returns `None` at end of
/// input, and `Err(len)` for a longer line after skipping the rest of it.
fn read_line(input: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<Option<Result<(), usize>>> {
    buf.clear();
    let limit = (MAX_REQUEST_BYTES + 1) as u64;
    let limit = limit + 2; // room for the line ending, which is not part of the request
    let n = input.by_ref().take(limit).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(None);
    }
    let ended = buf.last() == Some(&b'\n');
    if ended {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
    }
    if !ended && buf.len() > MAX_REQUEST_BYTES {
        // Too long: drain to the end of the line without keeping it.
        let mut skipped = buf.len();
        loop {
            let chunk = input.fill_buf()?;
            if chunk.is_empty() {
                break;
            }
            match chunk.iter().position(|&b| b == b'\n') {
                Some(pos) => {
                    input.consume(pos + 1);
                    skipped += pos;
                    break;
                }
                None => {
                    let len = chunk.len();
                    input.consume(len);
                    skipped += len;
                }
            }
        }
        return Ok(Some(Err(skipped)));
    }
    Ok(Some(Ok(())))
}

fn main() -> io::Result<()> {
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let mut out = BufWriter::new(io::stdout().lock());
    let mut session = Session::new();
    let mut buf = Vec::new();
    while let Some(line) = read_line(&mut input, &mut buf)? {
        let answer = match line {
            Err(len) => error_line(
                "request.too_large",
                &format!("request of {len} bytes exceeds the limit of {MAX_REQUEST_BYTES}"),
            ),
            Ok(()) => match std::str::from_utf8(&buf) {
                Err(_) => error_line(
                    "request.invalid_json",
                    "invalid json: the line is not utf-8",
                ),
                Ok(text) if text.trim().is_empty() => continue,
                Ok(text) => session.call(text),
            },
        };
        writeln!(out, "{answer}")?;
        out.flush()?;
    }
    Ok(())
}
