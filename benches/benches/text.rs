//! Text analysis at its cap: language detection and analysis of a text of
//! `MAX_TEXT_BYTES` (64 KiB), and of a one-line message for scale.
#![allow(clippy::unwrap_used, reason = "benchmark set-up")]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use frontline::text::{Lang, MAX_TEXT_BYTES, analyze, detect_language};

fn bench(c: &mut Criterion) {
    let line = "Mijn bestelling 40213 is nog steeds niet binnen, kunnen jullie dat nakijken? ";
    let long: String = line.repeat(MAX_TEXT_BYTES / line.len());
    for (name, text) in [("message", line), ("64KiB", long.as_str())] {
        c.bench_function(&format!("text/detect_language/{name}"), |b| {
            b.iter(|| detect_language(black_box(text)))
        });
        c.bench_function(&format!("text/analyze/{name}"), |b| {
            b.iter(|| analyze(black_box(text), Lang::Nl).unwrap())
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
