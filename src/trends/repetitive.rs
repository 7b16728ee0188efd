//! Repetitive work: high volume, short handling, consistent replies.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{ContactRecord, MAX_COMPARED_REPLIES, TrendConfig, cut, slug};
use crate::ticket::{Tag, TicketId};

/// Example tickets kept per proposal.
const EXAMPLES: usize = 5;
/// The fewest replies consistency is judged on.
const MIN_REPLIES: usize = 5;
/// Customer phrasings an FAQ proposal carries.
const PHRASINGS: usize = 10;

/// What to do about a repetitive category.
///
/// JSON: `{"kind": "faq", "entry": {…}}` (an entry for `faq.build`) or
/// `{"kind": "automation", "rule": {…}, "template": "…"}` (a trigger rule
/// for `rules.build` that answers tickets tagged with the category, and
/// the reply to use as its template).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Proposal {
    /// A self-service answer.
    Faq {
        /// The FAQ entry.
        entry: Value,
    },
    /// An automatic answer. The template is one agent's actual reply, the
    /// most typical one: review it (names, order numbers) before sending
    /// it to every matching customer.
    Automation {
        /// The trigger rule.
        rule: Value,
        /// The template text: the typical reply.
        template: String,
    },
}

/// A category an FAQ entry or an automation could take over, with the evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RepetitiveWork {
    /// The category.
    pub category: String,
    /// Its tickets.
    pub count: u64,
    /// Their share of all tickets.
    pub share: f64,
    /// The median handling time, seconds.
    pub median_handle_seconds: f64,
    /// The share of compared replies close to the typical one (itself included).
    pub consistency: f64,
    /// How many replies were compared.
    pub replies_compared: usize,
    /// The proposal.
    pub proposal: Proposal,
    /// Tickets answered with the typical reply or one close to it.
    pub examples: Vec<TicketId>,
}

pub(super) fn find(
    records: &[ContactRecord],
    categories: &[&str],
    config: &TrendConfig,
) -> Vec<RepetitiveWork> {
    let mut by: Vec<Vec<&ContactRecord>> = vec![Vec::new(); categories.len()];
    for r in records {
        if let Ok(c) = categories.binary_search(&r.category.as_str())
            && let Some(v) = by.get_mut(c)
        {
            v.push(r);
        }
    }
    let total = records.len().max(1) as f64;
    let mut found = Vec::new();
    for (c, mut group) in by.into_iter().enumerate() {
        let share = group.len() as f64 / total;
        if group.len() < config.min_count || share < config.min_share {
            continue;
        }
        let Some(median) = median_handle(&group) else {
            continue;
        };
        if median > config.max_handle_seconds as f64 {
            continue;
        }
        group.sort_by(|a, b| a.ticket.cmp(&b.ticket));
        let replied: Vec<&ContactRecord> = group
            .iter()
            .copied()
            .filter(|r| r.reply.is_some())
            .take(MAX_COMPARED_REPLIES)
            .collect();
        if replied.len() < MIN_REPLIES {
            continue;
        }
        let words: Vec<BTreeSet<String>> = replied
            .iter()
            .map(|r| word_set(r.reply.as_deref().unwrap_or("")))
            .collect();
        let (typical, close) = medoid(&words, config.similarity);
        let consistency = close.len() as f64 / replied.len() as f64;
        if consistency < config.min_consistency {
            continue;
        }
        let category = categories.get(c).copied().unwrap_or_default();
        let Some(typical) = replied.get(typical) else {
            continue;
        };
        let reply = cut(typical.reply.as_deref().unwrap_or("")).to_owned();
        let proposal = if consistency >= 0.85
            && median <= config.max_handle_seconds as f64 / 3.0
            && Tag::new(category).is_ok_and(|t| t.as_str() == category)
        {
            automation(category, reply)
        } else {
            faq(category, typical, &replied, reply)
        };
        found.push(RepetitiveWork {
            category: category.to_owned(),
            count: group.len() as u64,
            share,
            median_handle_seconds: median,
            consistency,
            replies_compared: replied.len(),
            proposal,
            examples: close
                .iter()
                .filter_map(|&i| replied.get(i))
                .take(EXAMPLES)
                .map(|r| r.ticket.clone())
                .collect(),
        });
    }
    found.sort_by(|a, b| {
        b.share
            .total_cmp(&a.share)
            .then_with(|| a.category.cmp(&b.category))
    });
    found
}

fn median_handle(group: &[&ContactRecord]) -> Option<f64> {
    let mut times: Vec<i64> = group
        .iter()
        .filter_map(|r| r.handle_seconds)
        .filter(|s| *s >= 0)
        .collect();
    if times.len() < MIN_REPLIES {
        return None;
    }
    times.sort_unstable();
    let mid = times.len() / 2;
    let upper = times.get(mid).copied()? as f64;
    Some(if times.len() % 2 == 1 {
        upper
    } else {
        (times.get(mid - 1).copied()? as f64 + upper) / 2.0
    })
}

/// Lowercase words of two or more letters or digits.
fn word_set(text: &str) -> BTreeSet<String> {
    cut(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
        .collect()
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 1.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

/// The reply with the most replies close to it (ties: the first), and
/// those close ones (itself included). Each pair is compared once.
fn medoid(words: &[BTreeSet<String>], similarity: f64) -> (usize, Vec<usize>) {
    let n = words.len();
    let mut close = vec![false; n * n];
    for (i, a) in words.iter().enumerate() {
        for (j, b) in words.iter().enumerate().skip(i) {
            let near = i == j || jaccard(a, b) >= similarity;
            for at in [i * n + j, j * n + i] {
                if let Some(c) = close.get_mut(at) {
                    *c = near;
                }
            }
        }
    }
    let close = &close;
    let row = |i: usize| (0..n).filter(move |j| close.get(i * n + j).copied().unwrap_or(false));
    let counts: Vec<usize> = (0..n).map(|i| row(i).count()).collect();
    // The most neighbours; ties go to the first.
    let best = counts.iter().enumerate().fold(0, |best, (i, c)| {
        if *c > counts.get(best).copied().unwrap_or(0) {
            i
        } else {
            best
        }
    });
    (best, row(best).collect())
}

fn automation(category: &str, reply: String) -> Proposal {
    let slug = slug(category);
    Proposal::Automation {
        rule: json!({
            "id": format!("auto-answer.{slug}"),
            "kind": {"trigger": ["created"]},
            "once": "once_per_ticket",
            "when": {"field": "tags", "op": "contains", "value": category},
            "actions": [{"type": "send_template", "template": format!("auto-answer.{slug}"), "to": "requester"}]
        }),
        template: reply,
    }
}

fn faq(
    category: &str,
    typical: &ContactRecord,
    replied: &[&ContactRecord],
    answer: String,
) -> Proposal {
    let question = typical
        .question
        .as_deref()
        .map(cut)
        .filter(|q| !q.trim().is_empty())
        .unwrap_or(category)
        .to_owned();
    let mut phrasings: Vec<String> = Vec::new();
    for r in replied {
        if let Some(q) = r.question.as_deref().map(cut).map(str::trim)
            && !q.is_empty()
            && q != question
            && !phrasings.iter().any(|p| p == q)
        {
            phrasings.push(q.to_owned());
        }
        if phrasings.len() >= PHRASINGS {
            break;
        }
    }
    Proposal::Faq {
        entry: json!({
            "id": format!("proposed.{}", slug(category)),
            "question": question,
            "phrasings": phrasings,
            "answer": answer,
            "tags": [slug(category)]
        }),
    }
}
