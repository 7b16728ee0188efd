//! Evaluates triage on labelled messages, beside a word-counting baseline.
//!
//! ```text
//! cargo run --release --example triage_eval -- --test tests/data/triage/messages.csv
//! ```
//!
//! The CSV has a header row and the columns `text,lang,sentiment,anger,urgency`
//! (`negative|neutral|positive`, `yes|no`, `none|elevated|high`); a file
//! without `anger` and `urgency` columns is scored on sentiment only. Each
//! row's `lang` is given as the customer's locale, as a desk knows its
//! customer's language: detection still decides when it is sure. Prints one
//! JSON object: for all messages and per language, for triage and for the
//! baseline, each label's accuracy, macro F1 and per-class precision,
//! recall and F1; and the median latency per message in µs.
//!
//! The baseline counts words over the same lexicon without any rule: the
//! sign of the sum of the valences of the message's words is its sentiment
//! (0 is neutral), a sum of −3 or less is anger, and urgency is always the
//! most common class, `none`.

use std::collections::BTreeMap;
use std::time::Instant;

use serde_json::{Value, json};

#[path = "support/csv.rs"]
mod csv;

use frontline::Customer;
use frontline::Timestamp;
use frontline::text::{Lang, tokenize};
use frontline::triage::{
    Message, SentimentLabel, TriageConfig, TriageContext, Triager, UrgencyLevel,
};

fn main() {
    if let Err(e) = run() {
        eprintln!("triage_eval: {e}");
        std::process::exit(2);
    }
}

struct Row {
    text: String,
    lang: String,
    gold: [String; 3],
}

/// The rows, and whether they have anger and urgency labels.
fn read(path: &str) -> Result<(Vec<Row>, bool), String> {
    let all = ["text", "lang", "sentiment", "anger", "urgency"];
    let (table, full) = match csv::table(path, &all) {
        Ok(t) => (t, true),
        Err(_) => (csv::table(path, &all[..3])?, false),
    };
    let mut rows = Vec::new();
    for mut r in table {
        r.resize(5, String::new());
        let [text, lang, sentiment, anger, urgency] =
            <[String; 5]>::try_from(r).map_err(|_| format!("{path}: a row is short"))?;
        rows.push(Row {
            text,
            lang,
            gold: [sentiment, anger, urgency],
        });
    }
    Ok((rows, full))
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let path = match (args.next().as_deref(), args.next()) {
        (Some("--test"), Some(p)) => p,
        _ => return Err("usage: triage_eval --test FILE.csv".into()),
    };
    let (rows, full) = read(&path)?;
    let triager = Triager::new(TriageConfig::default()).map_err(|e| e.to_string())?;
    let now = Timestamp::parse("2026-03-02T09:00:00Z").map_err(|e| e.to_string())?;
    let mut predicted: Vec<[String; 3]> = Vec::new();
    let mut baseline: Vec<[String; 3]> = Vec::new();
    let mut latencies = Vec::new();
    for row in &rows {
        let message = Message::new(row.text.clone());
        let mut customer = Customer::new("evaluation".parse().map_err(|e| format!("{e}"))?);
        customer.locale = row.lang.parse().ok();
        let context = TriageContext::new().with_customer(customer);
        let t = Instant::now();
        let r = triager
            .analyze(&message, &context, now)
            .map_err(|e| e.to_string())?;
        latencies.push(t.elapsed().as_secs_f64() * 1e6);
        predicted.push([
            sentiment(r.sentiment.label).into(),
            if r.anger.angry { "yes" } else { "no" }.into(),
            urgency(r.urgency.level).into(),
        ]);
        baseline.push(count_words(&triager, &row.text, &row.lang));
    }
    latencies.sort_by(f64::total_cmp);
    let median = latencies.get(latencies.len() / 2).copied().unwrap_or(0.0);
    let mut report = BTreeMap::new();
    for lang in ["all", "nl", "en"] {
        let pick: Vec<usize> = (0..rows.len())
            .filter(|&i| lang == "all" || rows.get(i).is_some_and(|r| r.lang == lang))
            .collect();
        report.insert(
            lang,
            json!({
                "n": pick.len(),
                "triage": scores(&rows, &predicted, &pick, full),
                "baseline": scores(&rows, &baseline, &pick, full),
            }),
        );
    }
    let out = json!({"median_us": (median * 10.0).round() / 10.0, "results": report});
    println!("{out}");
    Ok(())
}

fn sentiment(l: SentimentLabel) -> &'static str {
    match l {
        SentimentLabel::Negative => "negative",
        SentimentLabel::Positive => "positive",
        _ => "neutral",
    }
}

fn urgency(u: UrgencyLevel) -> &'static str {
    match u {
        UrgencyLevel::High => "high",
        UrgencyLevel::Elevated => "elevated",
        _ => "none",
    }
}

fn count_words(triager: &Triager, text: &str, lang: &str) -> [String; 3] {
    let lang = if lang == "nl" { Lang::Nl } else { Lang::En };
    let sum: f64 = tokenize(text)
        .iter()
        .filter_map(|t| triager.valence(lang, &t.text))
        .sum();
    let s = if sum > 0.0 {
        "positive"
    } else if sum < 0.0 {
        "negative"
    } else {
        "neutral"
    };
    [
        s.into(),
        if sum <= -3.0 { "yes" } else { "no" }.into(),
        "none".into(),
    ]
}

/// Accuracy, macro F1 and per-class figures for each of the three labels.
fn scores(rows: &[Row], predicted: &[[String; 3]], pick: &[usize], full: bool) -> Value {
    let names: &[&str] = if full {
        &["sentiment", "anger", "urgency"]
    } else {
        &["sentiment"]
    };
    let mut out = serde_json::Map::new();
    for (k, name) in names.iter().enumerate() {
        let pairs: Vec<(&str, &str)> = pick
            .iter()
            .filter_map(|&i| {
                let g = rows.get(i)?.gold.get(k)?;
                let p = predicted.get(i)?.get(k)?;
                Some((g.as_str(), p.as_str()))
            })
            .collect();
        out.insert((*name).into(), label_scores(&pairs));
    }
    Value::Object(out)
}

fn label_scores(pairs: &[(&str, &str)]) -> Value {
    let round = |x: f64| (x * 1000.0).round() / 1000.0;
    let mut classes: Vec<&str> = pairs.iter().map(|(g, _)| *g).collect();
    classes.sort_unstable();
    classes.dedup();
    let right = pairs.iter().filter(|(g, p)| g == p).count();
    let mut per = serde_json::Map::new();
    let mut f1_sum = 0.0;
    for c in &classes {
        let tp = pairs.iter().filter(|(g, p)| g == c && p == c).count() as f64;
        let predicted = pairs.iter().filter(|(_, p)| p == c).count() as f64;
        let actual = pairs.iter().filter(|(g, _)| g == c).count() as f64;
        let precision = if predicted > 0.0 { tp / predicted } else { 0.0 };
        let recall = if actual > 0.0 { tp / actual } else { 0.0 };
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        f1_sum += f1;
        per.insert(
            (*c).into(),
            json!({"n": actual, "precision": round(precision), "recall": round(recall), "f1": round(f1)}),
        );
    }
    json!({
        "accuracy": round(right as f64 / pairs.len().max(1) as f64),
        "macro_f1": round(f1_sum / classes.len().max(1) as f64),
        "classes": per,
    })
}
