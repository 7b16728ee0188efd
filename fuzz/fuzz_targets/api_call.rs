//! `api::Session::call` on arbitrary bytes, read as a JSON-lines stream: each
//! line is one request in one session (as `examples/jsonl` does), so later
//! lines can use what earlier ones built.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut session = frontline::api::Session::new();
    for line in data.split(|b| *b == b'\n').take(16) {
        let text = String::from_utf8_lossy(line);
        common::check_answer(&session.call(&text));
    }
});
