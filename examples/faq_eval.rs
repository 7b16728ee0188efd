//! Evaluates FAQ matching on labelled queries, so anyone can reproduce the
//! figures of the FAQ matcher.
//!
//! ```text
//! cargo run --release --example faq_eval -- --train TRAIN.csv --test TEST.csv \
//!     [--k N|all] [--split N] [--lang en|nl|auto] [--unknown-label LABEL] [--predictions OUT.jsonl]
//!     [--plan PLAN] [--min-coverage X] [--vectors VECTORS.jsonl [--vector-weight W]]
//! cargo run --release --example faq_eval -- --entries examples/desk/faq.json \
//!     --test tests/data/faq/webshop_queries.csv --unknown-label none --plan business
//! ```
//!
//! CSV files have a header row and the columns `text,category` (RFC 4180
//! quoting). With `--train`, each category becomes one FAQ entry whose
//! phrasings are its training rows (`--k N`: the first N rows of each
//! category in file order; the first row is the entry's question;
//! `--split N`: each category becomes N entries `category#i` sharing its
//! rows round-robin, as a large FAQ with near-duplicate entries, and a match
//! counts as right when its category is). With
//! `--entries`, the entries are read from a JSON array of `FaqEntry`.
//! Test rows whose category is `--unknown-label`, or is no entry, should be
//! escalated.
//!
//! Prints one JSON object: top1, recall_at_3 and mrr over in-scope rows
//! (mrr is MRR@10: the search asks for 10 matches, and a right answer
//! ranked lower counts 0),
//! escalation figures, the answer precision and calibration by confidence
//! bin, median and p95 query latency (µs, single thread) and build time (ms).
//!
//! `--vectors` reads sentence vectors, one JSON object per line
//! (`{"text": ..., "vector": [...]}`, as `scripts/embeddings/minilm.py`
//! writes them), gives every entry one vector per text and searches with
//! each query's vector too (`--vector-weight`: 1 ranks by vectors alone).
//! The query latency does not include the encoder's.

use std::collections::BTreeMap;
use std::io::Write;
use std::time::Instant;

#[path = "support/csv.rs"]
mod csv;

use frontline::faq::{Decision, FaqConfig, FaqEntry, FaqIndex, SearchContext};

fn main() {
    if let Err(e) = run() {
        eprintln!("faq_eval: {e}");
        std::process::exit(2);
    }
}

struct Args {
    train: Option<String>,
    entries: Option<String>,
    test: String,
    k: Option<usize>,
    lang: String,
    unknown: Option<String>,
    predictions: Option<String>,
    plan: Option<String>,
    min_coverage: f64,
    split: usize,
    vectors: Option<String>,
    vector_weight: Option<f64>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        train: None,
        entries: None,
        test: String::new(),
        k: None,
        lang: "auto".into(),
        unknown: None,
        predictions: None,
        plan: None,
        min_coverage: 0.0,
        split: 1,
        vectors: None,
        vector_weight: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--train" => args.train = Some(value()?),
            "--entries" => args.entries = Some(value()?),
            "--test" => args.test = value()?,
            "--k" => {
                let v = value()?;
                args.k = if v == "all" {
                    None
                } else {
                    Some(v.parse().map_err(|_| format!("bad --k `{v}`"))?)
                };
            }
            "--lang" => args.lang = value()?,
            "--unknown-label" => args.unknown = Some(value()?),
            "--predictions" => args.predictions = Some(value()?),
            "--plan" => args.plan = Some(value()?),
            "--min-coverage" => {
                args.min_coverage = value()?
                    .parse()
                    .map_err(|_| "--min-coverage needs a number from 0 to 1".to_owned())?
            }
            "--vectors" => args.vectors = Some(value()?),
            "--vector-weight" => {
                args.vector_weight = Some(
                    value()?
                        .parse()
                        .map_err(|_| "--vector-weight needs a number from 0 to 1".to_owned())?,
                )
            }
            "--split" => {
                let v = value()?;
                args.split = v
                    .parse()
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or(format!("bad --split `{v}`"))?;
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if args.test.is_empty() || (args.train.is_none() == args.entries.is_none()) {
        return Err(
            "usage: faq_eval (--train TRAIN.csv | --entries FAQ.json) --test TEST.csv [--k N|all] [--split N] \
             [--lang en|nl|auto] [--unknown-label LABEL] [--predictions OUT.jsonl] [--plan PLAN] \
             [--min-coverage X] [--vectors VECTORS.jsonl [--vector-weight W]]"
                .into(),
        );
    }
    if args.vector_weight.is_some() && args.vectors.is_none() {
        return Err("--vector-weight needs --vectors".into());
    }
    if !["en", "nl", "de", "fr", "es", "auto"].contains(&args.lang.as_str()) {
        return Err(format!("bad --lang `{}`", args.lang));
    }
    Ok(args)
}

fn entries_from_csv(
    rows: &[(String, String)],
    k: Option<usize>,
    split: usize,
    lang: &str,
) -> Vec<FaqEntry> {
    let mut order: Vec<String> = Vec::new();
    let mut by_cat: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (text, cat) in rows {
        let list = by_cat.entry(cat.clone()).or_insert_with(|| {
            order.push(cat.clone());
            Vec::new()
        });
        if k.is_none_or(|k| list.len() < k) {
            list.push(text.clone());
        }
    }
    order
        .into_iter()
        .flat_map(|cat| {
            let texts = by_cat.remove(&cat).unwrap_or_default();
            (0..split).map(move |part| {
                let id = if split == 1 {
                    cat.clone()
                } else {
                    format!("{cat}#{part}")
                };
                let mine: Vec<String> = texts.iter().skip(part).step_by(split).cloned().collect();
                (id, mine)
            })
        })
        .filter_map(|(id, texts)| {
            let mut texts = texts.into_iter();
            let question = texts.next()?;
            let mut entry = FaqEntry::new(id, question);
            entry.locales = locale(lang).into_iter().collect();
            entry.phrasings = texts.collect();
            Some(entry)
        })
        .collect()
}

/// Sentence vectors by text, from JSON lines `{"text": ..., "vector": [...]}`.
fn read_vectors(path: &str) -> Result<std::collections::HashMap<String, Vec<f32>>, String> {
    #[derive(serde::Deserialize)]
    struct Line {
        text: String,
        vector: Vec<f32>,
    }
    let data = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    data.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let line: Line = serde_json::from_str(l).map_err(|e| format!("{path}: {e}"))?;
            Ok((line.text, line.vector))
        })
        .collect()
}

fn vector_of(
    vectors: &std::collections::HashMap<String, Vec<f32>>,
    text: &str,
) -> Result<Vec<f32>, String> {
    vectors
        .get(text)
        .cloned()
        .ok_or(format!("no vector for `{text}`"))
}

/// The locale of `--lang` (checked by `parse_args`); none for `auto`.
fn locale(lang: &str) -> Option<frontline::customer::Locale> {
    lang.parse().ok().filter(|_| lang != "auto")
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let entries: Vec<FaqEntry> = match (&args.train, &args.entries) {
        (Some(train), _) => entries_from_csv(&csv::read(train)?, args.k, args.split, &args.lang),
        (_, Some(path)) => {
            let data = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
            serde_json::from_str(&data).map_err(|e| format!("{path}: {e}"))?
        }
        _ => unreachable!("checked in parse_args"),
    };
    // The category of an entry id: with --split, the part before `#`.
    let category = |id: &str| -> String {
        match id.rsplit_once('#') {
            Some((cat, _)) if args.split > 1 => cat.to_owned(),
            _ => id.to_owned(),
        }
    };
    let vectors = match &args.vectors {
        Some(path) => Some(read_vectors(path)?),
        None => None,
    };
    let mut entries = entries;
    if let Some(vectors) = &vectors {
        for e in &mut entries {
            e.vectors = std::iter::once(&e.question)
                .chain(&e.phrasings)
                .map(|t| vector_of(vectors, t))
                .collect::<Result<_, _>>()?;
        }
    }
    let ids: std::collections::HashSet<String> = entries.iter().map(|e| category(&e.id)).collect();
    let test = csv::read(&args.test)?;

    let started = Instant::now();
    let mut config = FaqConfig::default();
    config.min_coverage = args.min_coverage;
    if let Some(w) = args.vector_weight {
        config.vector_weight = w;
    }
    let index = FaqIndex::new(entries, config).map_err(|e| e.to_string())?;
    let build_ms = started.elapsed().as_secs_f64() * 1e3;

    let mut context = SearchContext::default();
    context.locale = locale(&args.lang);
    context.plan = args.plan.clone();
    let mut out = match &args.predictions {
        Some(p) => Some(std::io::BufWriter::new(
            std::fs::File::create(p).map_err(|e| format!("{p}: {e}"))?,
        )),
        None => None,
    };
    let (mut n_in, mut top1, mut r3, mut rr) = (0usize, 0usize, 0usize, 0.0f64);
    let (mut in_escalated, mut n_out, mut out_escalated) = (0usize, 0usize, 0usize);
    let (mut answered, mut answered_right) = (0usize, 0usize);
    let mut bins = [(0usize, 0usize, 0.0f64); 10];
    let mut latencies = Vec::with_capacity(test.len());
    for (text, gold) in &test {
        let t = Instant::now();
        let result = match &vectors {
            Some(vectors) => {
                let v = vector_of(vectors, text)?;
                let t = Instant::now();
                let r = index.search_with_vector(text, &v, &context, 10);
                (r, t)
            }
            None => (index.search(text, &context, 10), t),
        };
        let (result, t) = result;
        let elapsed = t.elapsed();
        let result = result.map_err(|e| format!("query `{text}`: {e}"))?;
        latencies.push(elapsed.as_secs_f64() * 1e6);
        let in_scope = ids.contains(gold) && args.unknown.as_deref() != Some(gold.as_str());
        let ranked: Vec<String> = result.matches.iter().map(|m| category(&m.id)).collect();
        let escalated = result.decision == Decision::Escalate;
        if in_scope {
            n_in += 1;
            let rank = ranked.iter().position(|id| id == gold);
            top1 += usize::from(rank == Some(0));
            r3 += usize::from(rank.is_some_and(|r| r < 3));
            rr += rank.map_or(0.0, |r| 1.0 / (r + 1) as f64);
            in_escalated += usize::from(escalated);
            let bin = ((result.confidence * 10.0) as usize).min(9);
            if let Some(b) = bins.get_mut(bin) {
                b.0 += 1;
                b.1 += usize::from(rank == Some(0));
                b.2 += result.confidence;
            }
        } else {
            n_out += 1;
            out_escalated += usize::from(escalated);
        }
        if result.decision == Decision::Answer {
            answered += 1;
            answered_right += usize::from(in_scope && ranked.first() == Some(gold));
        }
        if let Some(out) = &mut out {
            let line = serde_json::json!({
                "text": text, "gold": gold, "ranked": ranked,
                "scores": result.matches.iter().map(|m| m.score).collect::<Vec<_>>(),
                "coverages": result.matches.iter().map(|m| m.coverage).collect::<Vec<_>>(),
                "confidence": result.confidence, "decision": result.decision,
            });
            writeln!(out, "{line}").map_err(|e| e.to_string())?;
        }
    }
    if let Some(out) = &mut out {
        out.flush().map_err(|e| e.to_string())?;
    }
    latencies.sort_by(f64::total_cmp);
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0.0)
    };
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
    let calibration: Vec<_> = bins
        .iter()
        .enumerate()
        .filter(|(_, b)| b.0 > 0)
        .map(|(i, b)| {
            serde_json::json!({"bin": format!("{:.1}-{:.1}", i as f64 / 10.0, (i + 1) as f64 / 10.0),
                "n": b.0, "mean_confidence": round(b.2 / b.0 as f64), "accuracy": round(ratio(b.1, b.0))})
        })
        .collect();
    let report = serde_json::json!({
        "entries": index.len(),
        "test_in_scope": n_in,
        "test_out_of_scope": n_out,
        "top1": round(ratio(top1, n_in)),
        "recall_at_3": round(ratio(r3, n_in)),
        "mrr": round(rr / n_in.max(1) as f64),
        "in_scope_escalated": round(ratio(in_escalated, n_in)),
        "out_of_scope_escalated": round(ratio(out_escalated, n_out)),
        "answered": round(ratio(answered, test.len())),
        "answer_precision": round(ratio(answered_right, answered)),
        "calibration": calibration,
        "median_query_us": round(pct(0.5)),
        "p95_query_us": round(pct(0.95)),
        "build_ms": round(build_ms),
    });
    println!("{report}");
    Ok(())
}
