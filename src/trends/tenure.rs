//! Contact reasons that cluster at a customer tenure.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{ContactRecord, MAX_TENURE_DAYS, TrendConfig, slug};
use crate::ticket::TicketId;

/// The window widths tried, in days.
const WIDTHS: [usize; 3] = [7, 14, 30];
/// The fewest tickets of the category a window needs.
const MIN_IN_WINDOW: u64 = 5;
/// Example tickets kept per trend.
const EXAMPLES: usize = 5;

/// A contact reason that clusters at a tenure.
///
/// JSON: `{"category": "export", "from_day": 80, "to_day": 93, "count": 38,
/// "category_total": 40, "share": 0.95, "expected_share": 0.038, "lift":
/// 25.0, "p_value": 1e-40, "examples": ["E-0", …], "rule": {…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TenureTrend {
    /// The category.
    pub category: String,
    /// The window's first day of tenure (0 is the signup day).
    pub from_day: i64,
    /// Its last day, inclusive.
    pub to_day: i64,
    /// The category's tickets in the window.
    pub count: u64,
    /// The category's tickets with a tenure.
    pub category_total: u64,
    /// count ÷ category_total.
    pub share: f64,
    /// The share of the other categories' tickets in the window (smoothed
    /// by half a ticket, so it is never 0).
    pub expected_share: f64,
    /// share ÷ expected_share.
    pub lift: f64,
    /// The one-sided p-value of Fisher's exact test (the category's tickets
    /// in and out of the window against the others'), times the windows
    /// and categories tested (at most 1).
    pub p_value: f64,
    /// Some tickets in the window (smallest ids first).
    pub examples: Vec<TicketId>,
    /// A lifecycle rule (JSON for `rules.build`) that sends the template
    /// `proactive.<category>` to customers [`TrendConfig::lead_days`]
    /// before the window opens, once per customer.
    pub rule: Value,
}

/// The best window of one category.
struct Window {
    from: usize,
    width: usize,
    k: u64,
    p0: f64,
    llr: f64,
}

/// Tenure trends, and how many records had no usable tenure.
pub(super) fn find(
    records: &[ContactRecord],
    categories: &[&str],
    config: &TrendConfig,
) -> (Vec<TenureTrend>, usize) {
    // (category, tenure day, record) of every record with a tenure.
    let mut days: Vec<(usize, usize, usize)> = Vec::with_capacity(records.len());
    let mut without = 0;
    for (i, r) in records.iter().enumerate() {
        let tenure = r
            .signup_at
            .map(|s| r.created_at.seconds_since(s).div_euclid(86_400));
        match (tenure, categories.binary_search(&r.category.as_str())) {
            (Some(d @ 0..=MAX_TENURE_DAYS), Ok(c)) => days.push((c, d as usize, i)),
            _ => without += 1,
        }
    }
    let span = days.iter().map(|(_, d, _)| d + 1).max().unwrap_or(0);
    let mut all = vec![0u64; span + 1];
    let mut per: Vec<Vec<u64>> = vec![Vec::new(); categories.len()];
    for &(c, d, _) in &days {
        if let Some(slot) = all.get_mut(d + 1) {
            *slot += 1;
        }
        if let Some(v) = per.get_mut(c) {
            if v.is_empty() {
                v.resize(span + 1, 0);
            }
            if let Some(slot) = v.get_mut(d + 1) {
                *slot += 1;
            }
        }
    }
    prefix(&mut all);
    let total = all.last().copied().unwrap_or(0);
    let tested: Vec<usize> = (0..categories.len())
        .filter(|&c| {
            let n: u64 = per.get(c).map_or(0, |v| v.iter().sum());
            n as usize >= config.min_count && n < total
        })
        .collect();
    // Only windows that fit in the span are tried (and counted).
    let windows_per_category: usize = WIDTHS
        .iter()
        .filter(|w| **w <= span)
        .map(|w| span - w + 1)
        .sum();
    let ln = LnFactorials::up_to(if tested.is_empty() { 0 } else { total });
    let tests = (windows_per_category * tested.len()).max(1) as f64;
    let mut trends = Vec::new();
    for &c in &tested {
        let Some(counts) = per.get_mut(c) else {
            continue;
        };
        prefix(counts);
        let n = counts.last().copied().unwrap_or(0);
        let Some(w) = best_window(counts, &all, n, total - n) else {
            continue;
        };
        // Fisher's exact test, one-sided: of the `m` tickets in the window,
        // at least `k` from this category, when the category's tickets are
        // a random `n` of all `total`?
        let m =
            all.get(w.from + w.width).copied().unwrap_or(0) - all.get(w.from).copied().unwrap_or(0);
        let p = hypergeometric_tail(&ln, total, n, m, w.k) * tests;
        let share = w.k as f64 / n as f64;
        let lift = share / w.p0;
        if p > config.alpha || lift < config.min_lift || w.k < MIN_IN_WINDOW {
            continue;
        }
        let category = categories.get(c).copied().unwrap_or_default();
        trends.push(TenureTrend {
            category: category.to_owned(),
            from_day: w.from as i64,
            to_day: (w.from + w.width - 1) as i64,
            count: w.k,
            category_total: n,
            share,
            expected_share: w.p0,
            lift,
            p_value: p.min(1.0),
            examples: examples(records, &days, c, w.from, w.width),
            rule: lifecycle_rule(category, w.from as i64, config.lead_days),
        });
    }
    trends.sort_by(|a, b| {
        a.p_value
            .total_cmp(&b.p_value)
            .then_with(|| a.category.cmp(&b.category))
    });
    (trends, without)
}

/// Running sums: `v[i]` becomes the count of days before `i`.
fn prefix(v: &mut [u64]) {
    let mut sum = 0;
    for x in v.iter_mut() {
        sum += *x;
        *x = sum;
    }
}

/// The window where the category is most over-represented, by the
/// binomial log-likelihood ratio against the others' share.
fn best_window(counts: &[u64], all: &[u64], n: u64, others: u64) -> Option<Window> {
    let span = counts.len().saturating_sub(1);
    let mut best: Option<Window> = None;
    for width in WIDTHS.into_iter().filter(|w| *w <= span) {
        for from in 0..=span - width {
            let at = |v: &[u64], i: usize| v.get(i).copied().unwrap_or(0);
            let k = at(counts, from + width) - at(counts, from);
            let o = at(all, from + width) - at(all, from) - k;
            let p0 = (o as f64 + 0.5) / (others as f64 + 1.0);
            let q = k as f64 / n as f64;
            if q <= p0 {
                continue;
            }
            let llr = k as f64 * (q / p0).ln()
                + if k < n {
                    (n - k) as f64 * ((1.0 - q) / (1.0 - p0)).ln()
                } else {
                    0.0
                };
            if best.as_ref().is_none_or(|b| llr > b.llr) {
                best = Some(Window {
                    from,
                    width,
                    k,
                    p0,
                    llr,
                });
            }
        }
    }
    best
}

/// ln n! for n up to a bound, for binomial coefficients in O(1).
pub(super) struct LnFactorials(Vec<f64>);

impl LnFactorials {
    /// The table up to `n` (8 bytes per entry; `n` is at most the records).
    pub(super) fn up_to(n: u64) -> LnFactorials {
        let mut table = Vec::with_capacity(n as usize + 1);
        let mut sum = 0.0f64;
        table.push(0.0);
        for i in 1..=n {
            sum += (i as f64).ln();
            table.push(sum);
        }
        LnFactorials(table)
    }

    /// ln C(n, k), for k ≤ n within the table.
    fn choose(&self, n: u64, k: u64) -> f64 {
        let at = |i: u64| self.0.get(i as usize).copied().unwrap_or(0.0);
        at(n) - at(k) - at(n.saturating_sub(k))
    }
}

/// P(X ≥ k) for X ~ Hypergeometric(`total` items, `marked` of them
/// marked, `draws` drawn): the one-sided p-value of Fisher's exact test,
/// summed in log space from `k` up.
pub(super) fn hypergeometric_tail(
    ln: &LnFactorials,
    total: u64,
    marked: u64,
    draws: u64,
    k: u64,
) -> f64 {
    let top = marked.min(draws);
    if k == 0 {
        return 1.0;
    }
    if k > top || draws > total || marked > total {
        return 0.0;
    }
    if k <= draws.saturating_sub(total - marked) {
        // At or below the least the draw can hold: certain.
        return 1.0;
    }
    let first =
        ln.choose(marked, k) + ln.choose(total - marked, draws - k) - ln.choose(total, draws);
    let mut log_term = first;
    let mut sum = 1.0; // in units of exp(first)
    for i in k..top {
        // pmf(i+1) / pmf(i) = (marked − i)(draws − i) / ((i + 1)(total − marked − draws + i + 1))
        let den = (total - marked + i + 1).saturating_sub(draws);
        if den == 0 {
            break;
        }
        log_term += ((marked - i) as f64).ln() + ((draws - i) as f64).ln()
            - ((i + 1) as f64).ln()
            - (den as f64).ln();
        let rel = (log_term - first).exp();
        sum += rel;
        if rel < 1e-17 * sum && i > k + 1 {
            break;
        }
    }
    (first + sum.ln()).exp().min(1.0)
}

fn examples(
    records: &[ContactRecord],
    days: &[(usize, usize, usize)],
    category: usize,
    from: usize,
    width: usize,
) -> Vec<TicketId> {
    let mut ids: Vec<&TicketId> = days
        .iter()
        .filter(|(c, d, _)| *c == category && (from..from + width).contains(d))
        .filter_map(|(_, _, i)| records.get(*i).map(|r| &r.ticket))
        .collect();
    ids.sort();
    ids.into_iter().take(EXAMPLES).cloned().collect()
}

/// The lifecycle rule that reaches customers `lead` days before day `from`.
pub(super) fn lifecycle_rule(category: &str, from: i64, lead: i64) -> Value {
    let slug = slug(category);
    let day = (from - lead).max(0);
    json!({
        "id": format!("trend.{slug}.day-{day}"),
        "kind": "lifecycle",
        "once": "once_per_customer",
        "when": {"days_since_signup": {"min": day, "max": day}},
        "actions": [{"type": "send_template", "template": format!("proactive.{slug}"), "to": "requester"}]
    })
}
