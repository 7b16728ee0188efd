//! Trends on planted and on null data; the proposals build.

use super::*;
use crate::faq::{FaqConfig, FaqEntry, FaqIndex};
use crate::rules::{RuleSet, RuleSetSpec};

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// A small seeded generator (SplitMix64).
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n
    }
}

fn record(id: String, category: &str, signup: Timestamp, day: u64) -> ContactRecord {
    let at = signup
        .checked_add_seconds(day as i64 * 86_400 + 36_000)
        .unwrap();
    ContactRecord::new(id.parse().unwrap(), category, at).signed_up(signup)
}

/// Five reasons, each spread over the first year like the others.
fn null_data(seed: u64) -> Vec<ContactRecord> {
    let mut rng = Rng(seed);
    let signup = t("2026-01-01T00:00:00Z");
    let mut out = Vec::new();
    for (c, category) in ["delivery", "refund", "login", "invoice", "export"]
        .iter()
        .enumerate()
    {
        for i in 0..200 {
            out.push(record(
                format!("T-{c}-{i}"),
                category,
                signup,
                rng.below(365),
            ));
        }
    }
    out
}

#[test]
fn a_planted_cluster_is_found_with_its_window_and_a_rule_that_builds() {
    let mut records = null_data(3);
    let signup = t("2026-01-01T00:00:00Z");
    let mut rng = Rng(99);
    for i in 0..60 {
        records.push(record(
            format!("X-{i}"),
            "api-keys",
            signup,
            80 + rng.below(16),
        ));
    }
    for i in 0..40 {
        records.push(record(format!("Y-{i}"), "api-keys", signup, rng.below(365)));
    }
    let s = suggest(&records, &TrendConfig::default()).unwrap();
    assert_eq!(s.tenure.len(), 1, "{:?}", s.tenure);
    let trend = &s.tenure[0];
    assert_eq!(trend.category, "api-keys");
    assert!(
        trend.from_day >= 74 && trend.to_day <= 101,
        "{}-{}",
        trend.from_day,
        trend.to_day
    );
    assert!(
        trend.count >= 55 && trend.lift > 5.0 && trend.p_value < 1e-20,
        "{trend:?}"
    );
    assert_eq!(trend.examples.len(), 5);
    let spec: RuleSetSpec =
        serde_json::from_value(serde_json::json!({"rules": [trend.rule]})).unwrap();
    RuleSet::new(&spec).unwrap();
    let fires = trend.rule["when"]["days_since_signup"]["min"]
        .as_i64()
        .unwrap();
    assert_eq!(fires, trend.from_day - 5);
}

#[test]
fn no_trend_where_every_reason_is_spread_alike() {
    for seed in 1..=20 {
        let s = suggest(&null_data(seed), &TrendConfig::default()).unwrap();
        assert!(s.tenure.is_empty(), "seed {seed}: {:?}", s.tenure);
    }
}

#[test]
fn records_without_tenure_are_counted_not_used() {
    let mut records = null_data(5);
    records.push(ContactRecord::new(
        "N-1".parse().unwrap(),
        "delivery",
        t("2026-03-01T00:00:00Z"),
    ));
    let mut before = ContactRecord::new(
        "N-2".parse().unwrap(),
        "delivery",
        t("2026-03-01T00:00:00Z"),
    );
    before.signup_at = Some(t("2026-04-01T00:00:00Z"));
    records.push(before);
    assert_eq!(
        suggest(&records, &TrendConfig::default())
            .unwrap()
            .without_tenure,
        2
    );
}

#[test]
fn the_hypergeometric_tail_matches_a_direct_sum() {
    let choose =
        |n: u64, k: u64| -> f64 { (0..k).fold(1.0, |c, j| c * (n - j) as f64 / (j + 1) as f64) };
    let direct = |total: u64, marked: u64, draws: u64, k: u64| -> f64 {
        (k..=marked.min(draws))
            .filter(|i| draws - i <= total - marked)
            .map(|i| choose(marked, i) * choose(total - marked, draws - i) / choose(total, draws))
            .sum()
    };
    for (total, marked, draws, k) in [
        (100, 20, 10, 5),
        (50, 10, 30, 8),
        (60, 60, 5, 5),
        (200, 30, 15, 1),
        (40, 5, 38, 5),
        (30, 10, 25, 6),
    ] {
        let (a, b) = (
            tenure::hypergeometric_tail(
                &tenure::LnFactorials::up_to(total),
                total,
                marked,
                draws,
                k,
            ),
            direct(total, marked, draws, k),
        );
        assert!(
            (a - b).abs() <= 1e-12 + 1e-9 * b,
            "{total} {marked} {draws} {k}: {a} vs {b}"
        );
    }
    let ln = tenure::LnFactorials::up_to(10);
    assert_eq!(tenure::hypergeometric_tail(&ln, 10, 5, 5, 0), 1.0);
    assert_eq!(tenure::hypergeometric_tail(&ln, 10, 5, 5, 6), 0.0);
    // Below the support: 8 drawn of 10 with 5 marked always hold 3 marked.
    assert_eq!(tenure::hypergeometric_tail(&ln, 10, 5, 8, 3), 1.0);
}

fn handled(id: String, category: &str, seconds: i64, question: &str, reply: &str) -> ContactRecord {
    ContactRecord::new(id.parse().unwrap(), category, t("2026-03-02T10:00:00Z"))
        .handled(seconds, question, reply)
}

#[test]
fn repetitive_work_becomes_an_automation_or_an_faq_entry() {
    let mut records = Vec::new();
    for i in 0..100 {
        // Quick and identical: an automation.
        records.push(handled(
            format!("P-{i:03}"),
            "password",
            45,
            "Ik kan niet inloggen",
            "Je kunt je wachtwoord herstellen via de link Wachtwoord vergeten op de inlogpagina.",
        ));
        // Quick, mostly the same answer with a personal touch: an FAQ entry.
        let name = ["Anna", "Bram", "Chris", "Dewi"][i % 4];
        let reply = format!(
            "Hoi {name}, retourneren kan binnen 30 dagen via het retourformulier op onze site, het label is gratis."
        );
        let question = [
            "Hoe stuur ik iets terug?",
            "Retour aanmelden",
            "Kan ik mijn bestelling retourneren?",
        ][i % 3];
        records.push(handled(
            format!("R-{i:03}"),
            "Returns & refunds",
            200,
            question,
            &reply,
        ));
        // Slow: not repetitive work.
        records.push(handled(
            format!("S-{i:03}"),
            "complaint",
            2_400,
            "Klacht",
            "Wat vervelend, ik zoek het uit.",
        ));
        // Quick but every reply different.
        records.push(handled(
            format!("D-{i:03}"),
            "other",
            60,
            "Vraag",
            &format!("antwoord{i} over{i} onderwerp{i} met{i} woorden{i}"),
        ));
    }
    let s = suggest(&records, &TrendConfig::default()).unwrap();
    let names: Vec<&str> = s.repetitive.iter().map(|r| r.category.as_str()).collect();
    assert_eq!(names, ["Returns & refunds", "password"]);
    let password = &s.repetitive[1];
    assert_eq!(password.consistency, 1.0);
    let Proposal::Automation { rule, template } = &password.proposal else {
        panic!("{:?}", password.proposal)
    };
    assert!(template.contains("Wachtwoord vergeten"));
    let spec: RuleSetSpec = serde_json::from_value(serde_json::json!({"rules": [rule]})).unwrap();
    RuleSet::new(&spec).unwrap();
    let returns = &s.repetitive[0];
    let Proposal::Faq { entry } = &returns.proposal else {
        panic!("{:?}", returns.proposal)
    };
    let entry: FaqEntry = serde_json::from_value(entry.clone()).unwrap();
    assert_eq!(entry.phrasings.len(), 2);
    assert!(entry.answer.contains("30 dagen"));
    FaqIndex::new(vec![entry], FaqConfig::default()).unwrap();
    assert_eq!(returns.examples.len(), 5);
}

#[test]
fn bad_input_is_refused() {
    let r = ContactRecord::new("T-1".parse().unwrap(), "", t("2026-03-02T10:00:00Z"));
    assert_eq!(
        suggest(&[r], &TrendConfig::default()).unwrap_err().code(),
        "trends.bad_category"
    );
    let config = TrendConfig {
        alpha: 0.0,
        ..TrendConfig::default()
    };
    assert_eq!(
        suggest(&[], &config).unwrap_err().code(),
        "trends.invalid_config"
    );
    let config: Result<TrendConfig, _> = serde_json::from_str(r#"{"min_lift": 3, "nonsense": 1}"#);
    assert!(config.is_err());
}

#[test]
fn identifiers_stay_valid_and_distinct() {
    let long = "Facturen & BTW — ".repeat(8);
    let long = &long[..long.floor_char_boundary(128)];
    for category in ["billing", "Billing", "billing!", long, "ÜBER", "---"] {
        let rule = tenure::lifecycle_rule(category, 40, 5);
        let spec: RuleSetSpec =
            serde_json::from_value(serde_json::json!({"rules": [rule]})).unwrap();
        RuleSet::new(&spec).unwrap_or_else(|e| panic!("{category:?}: {e}"));
        assert!(slug(category).len() <= 73, "{category:?}");
    }
    assert_eq!(slug("billing"), "billing");
    assert_ne!(slug("Billing"), slug("billing"));
    assert_ne!(slug("billing!"), slug("Billing"));
    assert!(
        slug("ÜBER")
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
    );
}
