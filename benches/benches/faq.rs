//! FAQ matching: index build and query latency for 77 entries (BANKING77
//! intents, 5 phrasings each or all of them), for 1,000 entries of 10
//! phrasings, for the largest FAQ `faq.search` takes inline, and the build at
//! the caps (10,000 entries, 100,000 phrasings).
//!
//! Reads the BANKING77 training split (CC BY 4.0, Casanueva et al. 2020) from
//! `$FRONTLINE_BANKING77` or `../../shared/data/banking77/train.csv` (from `benches/`); without
//! it, the benchmarks say so and measure nothing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "benchmark set-up"
)]

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
#[path = "../../examples/support/csv.rs"]
mod csv;

use frontline::api::{MAX_INLINE_FAQ_BYTES, MAX_INLINE_FAQ_TEXTS};
use frontline::faq::{FaqConfig, FaqEntry, FaqIndex, SearchContext};

fn rows() -> Option<Vec<(String, String)>> {
    let path = std::env::var("FRONTLINE_BANKING77")
        .unwrap_or_else(|_| "../../shared/data/banking77/train.csv".into());
    csv::read(&path).ok()
}

fn entry(id: String, texts: &[String]) -> FaqEntry {
    let mut entry = FaqEntry::new(id, texts[0].clone());
    entry.locales = vec!["en".parse().expect("a locale")];
    entry.phrasings = texts[1..].to_vec();
    entry
}

/// One entry per intent with its first `k` rows (all when `None`); every
/// fifth row of an intent is kept aside as a query.
fn intents(rows: &[(String, String)], k: Option<usize>) -> (Vec<FaqEntry>, Vec<String>) {
    let mut by: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut queries = Vec::new();
    for (text, cat) in rows {
        let list = by.entry(cat).or_default();
        if list.len() % 5 == 4 && queries.len() < 500 {
            queries.push(text.clone());
        }
        list.push(text.clone());
    }
    let entries = by
        .into_iter()
        .map(|(cat, texts)| {
            let n = k.unwrap_or(texts.len()).min(texts.len());
            entry(cat.to_owned(), &texts[..n])
        })
        .collect();
    (entries, queries)
}

/// 1,000 entries of 10 consecutive rows each (10,000 phrasings).
fn thousand(rows: &[(String, String)]) -> Vec<FaqEntry> {
    let texts: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    texts
        .chunks(10)
        .take(1000)
        .enumerate()
        .map(|(i, chunk)| entry(format!("entry-{i:04}"), chunk))
        .collect()
}

/// The largest FAQ `faq.search` takes inline: entries of 10 consecutive rows
/// up to [`MAX_INLINE_FAQ_TEXTS`] texts or [`MAX_INLINE_FAQ_BYTES`].
fn inline_cap(rows: &[(String, String)]) -> Vec<FaqEntry> {
    let texts: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let (mut count, mut bytes) = (0, 0);
    let mut out = Vec::new();
    for (i, chunk) in texts.chunks(10).enumerate() {
        let size: usize = chunk.iter().map(String::len).sum();
        if count + chunk.len() > MAX_INLINE_FAQ_TEXTS || bytes + size > MAX_INLINE_FAQ_BYTES {
            break;
        }
        (count, bytes) = (count + chunk.len(), bytes + size);
        out.push(entry(format!("entry-{i:04}"), chunk));
    }
    out
}

/// The caps: 10,000 entries of 10 phrasings (100,000 phrasings). Each
/// phrasing joins two training rows, so that no two are alike although the
/// split has about 10,000 rows.
fn caps(rows: &[(String, String)]) -> Vec<FaqEntry> {
    let texts: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    let n = texts.len();
    (0..10_000)
        .map(|i| {
            let phrasings: Vec<String> = (0..10)
                .map(|j| {
                    let k = i * 10 + j;
                    let other = (k + 997 * (k / n + 1)) % n;
                    format!("{} {}", texts[k % n], texts[other])
                })
                .collect();
            entry(format!("entry-{i:05}"), &phrasings)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let Some(rows) = rows() else {
        eprintln!("faq bench: BANKING77 not found; set FRONTLINE_BANKING77");
        return;
    };
    let (k5, queries) = intents(&rows, Some(5));
    let (all, _) = intents(&rows, None);
    let big = thousand(&rows);
    let inline = inline_cap(&rows);
    let context = SearchContext::default();
    let mut group = c.benchmark_group("faq");
    group.measurement_time(Duration::from_secs(5));
    for (name, entries) in [
        ("77x5", &k5),
        ("77xall", &all),
        ("1000x10", &big),
        ("inline_cap", &inline),
    ] {
        group.bench_function(format!("build/{name}"), |b| {
            b.iter_batched(
                || entries.clone(),
                |e| FaqIndex::new(black_box(e), FaqConfig::default()).unwrap(),
                BatchSize::LargeInput,
            )
        });
        let index = FaqIndex::new(entries.clone(), FaqConfig::default()).unwrap();
        let mut i = 0;
        group.bench_function(format!("query/{name}"), |b| {
            b.iter(|| {
                i = (i + 1) % queries.len();
                index.search(black_box(&queries[i]), &context, 5).unwrap()
            })
        });
    }
    group.finish();
    let caps = caps(&rows);

    let mut group = c.benchmark_group("faq");
    group.sample_size(10);
    group.bench_function("build/10000x10", |b| {
        b.iter_batched(
            || caps.clone(),
            |e| FaqIndex::new(black_box(e), FaqConfig::default()).unwrap(),
            BatchSize::LargeInput,
        )
    });
    let index = FaqIndex::new(caps, FaqConfig::default()).unwrap();
    let mut i = 0;
    group.bench_function("query/10000x10", |b| {
        b.iter(|| {
            i = (i + 1) % queries.len();
            index.search(black_box(&queries[i]), &context, 5).unwrap()
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
