//! FAQ matching: query latency on held-out queries beside tantivy's BM25
//! (`faq/peer`, in one run), then index build and query latency for 77
//! entries (BANKING77 intents, 5 phrasings each or all of them), for 1,000
//! entries of 10 phrasings, for the largest FAQ `faq.search` takes inline,
//! and the build at the caps (10,000 entries, 100,000 phrasings); then
//! (`faq/vectors`) the cost of host vectors: 77 entries with a 384-dimension
//! vector per text, and 10,000 entries with one vector of 3,072 dimensions
//! each (30.7 million values, near `MAX_VECTOR_VALUES`). Their values are
//! pseudo-random: the cost does not depend on the model.
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

use criterion::measurement::WallTime;
use criterion::{BatchSize, BenchmarkGroup, Criterion, criterion_group, criterion_main};
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

/// BANKING77 with every fifth row of each intent held out: 77 entries with
/// the other rows as phrasings (8,033), and the 1,970 held-out rows with
/// their intents as queries, which neither index has seen.
fn held_out(rows: &[(String, String)]) -> (Vec<FaqEntry>, Vec<(String, String)>) {
    let mut by: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut queries = Vec::new();
    for (text, cat) in rows {
        let n = seen.entry(cat).or_default();
        if *n % 5 == 4 {
            queries.push((text.clone(), cat.clone()));
        } else {
            by.entry(cat).or_default().push(text.clone());
        }
        *n += 1;
    }
    let entries = by
        .into_iter()
        .map(|(cat, texts)| entry(cat.to_owned(), &texts))
        .collect();
    (entries, queries)
}

/// The peer: tantivy's BM25 over the same phrasings, one document each,
/// with the default tokenizer (words, lower-cased); a query's answer is the
/// intent of its best document, read from a fast field (the cheapest way
/// tantivy has to return it).
struct Tantivy {
    searcher: tantivy::Searcher,
    parser: tantivy::query::QueryParser,
    labels: Vec<tantivy::columnar::Column<u64>>,
    names: Vec<String>,
}

impl Tantivy {
    fn new(entries: &[FaqEntry]) -> Tantivy {
        use tantivy::schema::{FAST, Schema, TEXT};
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let label = schema.add_u64_field("label", FAST);
        let index = tantivy::Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 50_000_000).unwrap();
        for (i, e) in entries.iter().enumerate() {
            for phrasing in std::iter::once(&e.question).chain(&e.phrasings) {
                writer
                    .add_document(tantivy::doc!(text => phrasing.as_str(), label => i as u64))
                    .unwrap();
            }
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let labels = searcher
            .segment_readers()
            .iter()
            .map(|s| s.fast_fields().u64("label").unwrap())
            .collect();
        Tantivy {
            searcher,
            parser: tantivy::query::QueryParser::for_index(&index, vec![text]),
            labels,
            names: entries.iter().map(|e| e.id.clone()).collect(),
        }
    }

    fn best(&self, query: &str) -> Option<&str> {
        let (query, _) = self.parser.parse_query_lenient(query);
        let top = self
            .searcher
            .search(
                &query,
                &tantivy::collector::TopDocs::with_limit(1).order_by_score(),
            )
            .unwrap();
        let (_, address) = top.first()?;
        let label = self
            .labels
            .get(address.segment_ord as usize)?
            .first(address.doc_id)?;
        self.names.get(label as usize).map(String::as_str)
    }
}

/// Query latency on held-out queries, frontline beside tantivy, in one run.
fn peer(c: &mut Criterion, rows: &[(String, String)]) {
    let (entries, queries) = held_out(rows);
    let index = FaqIndex::new(entries.clone(), FaqConfig::default()).unwrap();
    let peer = Tantivy::new(&entries);
    let context = SearchContext::default();
    let top1 = |answer: &dyn Fn(&str) -> Option<String>| {
        let right = queries
            .iter()
            .filter(|(q, cat)| answer(q).as_ref() == Some(cat))
            .count();
        right as f64 / queries.len() as f64
    };
    eprintln!(
        "faq/peer: {} held-out queries, top-1 frontline {:.3}, tantivy {:.3}",
        queries.len(),
        top1(&|q| index
            .search(q, &context, 3)
            .unwrap()
            .matches
            .first()
            .map(|m| m.id.clone())),
        top1(&|q| peer.best(q).map(str::to_owned))
    );
    // The median of each query's own latency (five passes over all of
    // them), as faq_eval reports it: criterion's figures below are means.
    let median = |run: &dyn Fn(&str)| {
        let mut times: Vec<f64> = Vec::new();
        for _ in 0..5 {
            for (q, _) in &queries {
                let start = std::time::Instant::now();
                run(black_box(q));
                times.push(start.elapsed().as_secs_f64() * 1e6);
            }
        }
        times.sort_by(f64::total_cmp);
        (times[times.len() / 2], times[times.len() * 95 / 100])
    };
    let (f50, f95) = median(&|q| {
        black_box(index.search(q, &context, 3).unwrap());
    });
    let (t50, t95) = median(&|q| {
        black_box(peer.best(q));
    });
    eprintln!(
        "faq/peer: per-query median (p95): frontline {f50:.1} us ({f95:.1}), tantivy {t50:.1} us ({t95:.1})"
    );
    let mut group = c.benchmark_group("faq/peer");
    group.measurement_time(Duration::from_secs(5));
    let mut i = 0;
    group.bench_function("frontline/77xall_held_out", |b| {
        b.iter(|| {
            i = (i + 1) % queries.len();
            index.search(black_box(&queries[i].0), &context, 3).unwrap()
        })
    });
    let mut i = 0;
    group.bench_function("tantivy/77xall_held_out", |b| {
        b.iter(|| {
            i = (i + 1) % queries.len();
            peer.best(black_box(&queries[i].0))
        })
    });
    group.finish();
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

/// Benchmarks building an index of `entries` as `build/{name}`.
fn bench_build(group: &mut BenchmarkGroup<'_, WallTime>, name: &str, entries: &[FaqEntry]) {
    group.bench_function(format!("build/{name}"), |b| {
        b.iter_batched(
            || entries.to_vec(),
            |e| FaqIndex::new(black_box(e), FaqConfig::default()).unwrap(),
            BatchSize::LargeInput,
        )
    });
}

/// A pseudo-random vector (splitmix64), the same for the same seed.
fn noise(seed: u64, dims: usize) -> Vec<f32> {
    let mut x = seed;
    (0..dims)
        .map(|_| {
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            (z >> 40) as f32 / (1u64 << 24) as f32 - 0.5
        })
        .collect()
}

fn vectors(c: &mut Criterion, all: &[FaqEntry], queries: &[String]) {
    let mut embedded = all.to_vec();
    let mut seed = 0;
    for e in &mut embedded {
        e.vectors = (0..=e.phrasings.len())
            .map(|_| {
                seed += 1;
                noise(seed, 384)
            })
            .collect();
    }
    let wide: Vec<FaqEntry> = (0..10_000)
        .map(|i| {
            let mut e = FaqEntry::new(format!("entry-{i:05}"), queries[i % queries.len()].clone());
            e.vectors = vec![noise(i as u64, 3_072)];
            e
        })
        .collect();
    let context = SearchContext::default();
    let mut group = c.benchmark_group("faq/vectors");
    group.sample_size(10);
    for (name, entries, dims) in [
        ("77xall_384", &embedded, 384),
        ("10000x1_3072", &wide, 3_072),
    ] {
        bench_build(&mut group, name, entries);
        let index = FaqIndex::new(entries.clone(), FaqConfig::default()).unwrap();
        let query_vectors: Vec<Vec<f32>> = (0..64).map(|i| noise(1 << 40 | i, dims)).collect();
        let mut i = 0;
        group.bench_function(format!("query/{name}"), |b| {
            b.iter(|| {
                i = (i + 1) % query_vectors.len();
                let q = &queries[i % queries.len()];
                index
                    .search_with_vector(black_box(q), &query_vectors[i], &context, 5)
                    .unwrap()
            })
        });
    }
    group.finish();
}

fn bench(c: &mut Criterion) {
    let Some(rows) = rows() else {
        eprintln!("faq bench: BANKING77 not found; set FRONTLINE_BANKING77");
        return;
    };
    peer(c, &rows);
    {
        let (all, queries) = intents(&rows, None);
        vectors(c, &all, &queries);
    }
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
        bench_build(&mut group, name, entries);
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
    bench_build(&mut group, "10000x10", &caps);
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
