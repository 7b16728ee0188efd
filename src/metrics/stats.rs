//! Distributions of durations: exact up to [`EXACT_LIMIT`] values, then a
//! DDSketch; and the bounded "worst tickets" lists goals point at.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sketches_ddsketch::Config;

use super::MetricsError;
use crate::ticket::TicketId;

/// The most values a distribution keeps exactly; past this it becomes a
/// sketch (and stays one).
pub const EXACT_LIMIT: usize = 10_000;

/// The relative accuracy of the sketch: a percentile it reports is within
/// 1 % of the value at that rank.
pub const SKETCH_ALPHA: f64 = 0.01;

/// The highest bin a sketch can use: the bin of `i64::MAX` seconds.
const MAX_KEY: usize = 2_200;

/// The largest count a stored state may carry (2^53, where every count is
/// still exact as a JSON number); merging saturates there.
pub const MAX_COUNT: u64 = 1 << 53;

/// How many tickets a [`Worst`] list keeps.
pub const WORST_KEPT: usize = 10;

fn mapping() -> &'static Config {
    // The crate's logarithmic index mapping (DDSketch, Masson et al. 2019):
    // bin `k` holds the values in [γ^k, γ^(k+1)), γ = (1+α)/(1−α), and
    // reports `2γ^(k+1)/(γ+1)`, within α of every value in the bin.
    static MAPPING: std::sync::OnceLock<Config> = std::sync::OnceLock::new();
    MAPPING.get_or_init(|| Config::new(SKETCH_ALPHA, MAX_KEY as u32, 1e-9))
}

/// The bins of the values below 2^16 (18 hours), computed once with the
/// same mapping: the logarithm is most of the cost of adding a value.
fn key_table() -> &'static [u16] {
    static TABLE: std::sync::OnceLock<Box<[u16]>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mapping = mapping();
        (0..1u32 << 16)
            .map(|v| {
                if v == 0 {
                    0
                } else {
                    mapping.key(f64::from(v)).max(0) as u16
                }
            })
            .collect()
    })
}

/// Count, mean and percentiles of a set of durations in seconds.
///
/// Reported by [`KpiTable`](super::KpiTable) for every duration metric.
/// JSON: `{"count": 3, "mean": 140.0, "median": 120.0, "p90": 252.0,
/// "p95": 276.0, "max": 300, "exact": true}`; all but `count` and `exact`
/// are absent when `count` is 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Stats {
    /// How many values.
    pub count: u64,
    /// The mean, in seconds (always exact).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
    /// The median.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median: Option<f64>,
    /// The 90th percentile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p90: Option<f64>,
    /// The 95th percentile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p95: Option<f64>,
    /// The largest value (always exact).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// Whether the percentiles are exact (at most [`EXACT_LIMIT`] values:
    /// linear interpolation between the two nearest ranks, as
    /// `percentile_cont` and numpy's default) or from the sketch (within
    /// [`SKETCH_ALPHA`] of the value at rank ⌊q·(n−1)⌋).
    pub exact: bool,
}

/// A mergeable distribution of non-negative durations in seconds.
///
/// Exact while it holds at most [`EXACT_LIMIT`] values; then a DDSketch
/// with the logarithmic index mapping of the `sketches-ddsketch` crate
/// (relative accuracy [`SKETCH_ALPHA`]), kept as dense bin counts so that
/// merging adds counts: a merged sketch is the very sketch one pass over
/// all values would build. Count, sum, minimum and maximum stay exact.
///
/// JSON (the state a host stores and merges): `{"count": 2, "sum": 300,
/// "min": 100, "max": 200, "values": [100, 200]}` while exact;
/// `{"count": …, "sum": …, "min": …, "max": …, "zero": 0, "bins": [[key,
/// count], …]}` once a sketch. Reading checks every field against the
/// others.
#[derive(Debug, Clone, Default)]
pub struct Distribution {
    count: u64,
    sum: i128,
    min: i64,
    max: i64,
    values: Vec<i64>,
    sketch: Option<Sketch>,
}

#[derive(Debug, Clone, PartialEq, Default)]
struct Sketch {
    zero: u64,
    bins: Vec<u64>,
}

impl Sketch {
    fn add(&mut self, value: i64, mapping: &Config) {
        if value < 1 {
            self.zero = self.zero.saturating_add(1);
            return;
        }
        let key = match key_table().get(value as usize) {
            Some(&key) => usize::from(key),
            None => (mapping.key(value as f64).max(0) as usize).min(MAX_KEY),
        };
        if key >= self.bins.len() {
            self.bins.resize(key + 1, 0);
        }
        if let Some(bin) = self.bins.get_mut(key) {
            *bin = bin.saturating_add(1);
        }
    }

    fn merge(&mut self, other: &Sketch) {
        self.zero = self.zero.saturating_add(other.zero);
        if other.bins.len() > self.bins.len() {
            self.bins.resize(other.bins.len(), 0);
        }
        for (mine, theirs) in self.bins.iter_mut().zip(&other.bins) {
            *mine = mine.saturating_add(*theirs);
        }
    }

    /// The value at rank `⌊q·(n−1)⌋`, as DDSketch reports it.
    fn quantile(&self, q: f64, count: u64, mapping: &Config) -> f64 {
        let rank = (q * (count - 1) as f64) as u64;
        if rank < self.zero {
            return 0.0;
        }
        let mut seen = self.zero;
        for (key, &n) in self.bins.iter().enumerate() {
            seen += n;
            if seen > rank {
                return mapping.value(key as i32);
            }
        }
        0.0
    }
}

/// Equal when they hold the same values (in any order) or the same sketch.
impl PartialEq for Distribution {
    fn eq(&self, other: &Distribution) -> bool {
        let sorted = |v: &[i64]| {
            let mut v = v.to_vec();
            v.sort_unstable();
            v
        };
        (self.count, self.sum, self.min, self.max, &self.sketch)
            == (other.count, other.sum, other.min, other.max, &other.sketch)
            && sorted(&self.values) == sorted(&other.values)
    }
}

impl Distribution {
    /// An empty distribution.
    pub fn new() -> Distribution {
        Distribution::default()
    }

    /// The bytes it holds beyond its own size: the exact values and the
    /// sketch's bins.
    pub(crate) fn heap_bytes(&self) -> usize {
        let bins = self.sketch.as_ref().map_or(0, |s| s.bins.capacity());
        (self.values.capacity() + bins) * std::mem::size_of::<u64>()
    }

    /// How many values it holds.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Whether the percentiles are still exact.
    pub fn is_exact(&self) -> bool {
        self.sketch.is_none()
    }

    /// Adds one duration; negative values count as 0.
    pub fn add(&mut self, seconds: i64) {
        let seconds = seconds.max(0);
        if self.count == 0 {
            self.min = seconds;
            self.max = seconds;
        } else {
            self.min = self.min.min(seconds);
            self.max = self.max.max(seconds);
        }
        self.count = self.count.saturating_add(1).min(MAX_COUNT);
        self.sum = self.sum.saturating_add(i128::from(seconds));
        match &mut self.sketch {
            Some(sketch) => sketch.add(seconds, mapping()),
            None if self.values.len() < EXACT_LIMIT => self.values.push(seconds),
            None => {
                self.values.push(seconds);
                self.make_sketch();
            }
        }
    }

    fn make_sketch(&mut self) {
        let mapping = mapping();
        let mut sketch = Sketch::default();
        for &v in &self.values {
            sketch.add(v, mapping);
        }
        self.values = Vec::new();
        self.sketch = Some(sketch);
    }

    /// Adds every value of `other`, as if each had been added here.
    pub fn merge(&mut self, other: &Distribution) {
        if other.count == 0 {
            return;
        }
        if self.count == 0 {
            self.min = other.min;
            self.max = other.max;
        } else {
            self.min = self.min.min(other.min);
            self.max = self.max.max(other.max);
        }
        self.count = self.count.saturating_add(other.count).min(MAX_COUNT);
        self.sum = self.sum.saturating_add(other.sum);
        match (&mut self.sketch, &other.sketch) {
            (None, None) => {
                self.values.extend_from_slice(&other.values);
                if self.values.len() > EXACT_LIMIT {
                    self.make_sketch();
                }
            }
            (Some(mine), Some(theirs)) => mine.merge(theirs),
            (Some(mine), None) => {
                let mapping = mapping();
                for &v in &other.values {
                    mine.add(v, mapping);
                }
            }
            (None, Some(theirs)) => {
                self.make_sketch();
                if let Some(mine) = &mut self.sketch {
                    mine.merge(theirs);
                }
            }
        }
    }

    /// The `q` quantile (0 ≤ q ≤ 1): exact by linear interpolation, or from
    /// the sketch; `None` when empty.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        self.quantiles(&[q]).pop().flatten()
    }

    fn quantiles(&self, qs: &[f64]) -> Vec<Option<f64>> {
        if self.count == 0 {
            return vec![None; qs.len()];
        }
        let q_of = |q: f64| q.clamp(0.0, 1.0);
        match &self.sketch {
            Some(sketch) => {
                let mapping = mapping();
                qs.iter()
                    .map(|&q| {
                        let v = sketch.quantile(q_of(q), self.count, mapping);
                        // The sketch's bin value may overshoot the true
                        // extremes; clamp into them.
                        Some(v.clamp(self.min as f64, self.max as f64))
                    })
                    .collect()
            }
            None => {
                let mut sorted = self.values.clone();
                sorted.sort_unstable();
                qs.iter()
                    .map(|&q| Some(interpolate(&sorted, q_of(q))))
                    .collect()
            }
        }
    }

    /// Count, mean, median, p90, p95 and maximum.
    pub fn stats(&self) -> Stats {
        let [median, p90, p95] = match self.quantiles(&[0.5, 0.9, 0.95])[..] {
            [a, b, c] => [a, b, c],
            _ => [None; 3],
        };
        Stats {
            count: self.count,
            mean: (self.count > 0).then(|| self.sum as f64 / self.count as f64),
            median,
            p90,
            p95,
            max: (self.count > 0).then_some(self.max),
            exact: self.is_exact(),
        }
    }
}

/// Linear interpolation between the two ranks around `q·(n−1)`.
fn interpolate(sorted: &[i64], q: f64) -> f64 {
    let h = q * (sorted.len() - 1) as f64;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    let a = sorted.get(lo).copied().unwrap_or_default() as f64;
    let b = sorted.get(hi).copied().unwrap_or_default() as f64;
    a + (h - lo as f64) * (b - a)
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DistributionState {
    count: u64,
    sum: i128,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    values: Option<Vec<i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    zero: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    bins: Option<Vec<(u32, u64)>>,
}

impl Serialize for Distribution {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let nonempty = self.count > 0;
        let state = DistributionState {
            count: self.count,
            sum: self.sum,
            min: nonempty.then_some(self.min),
            max: nonempty.then_some(self.max),
            values: self.sketch.is_none().then(|| {
                // Sorted, so that equal distributions store alike.
                let mut v = self.values.clone();
                v.sort_unstable();
                v
            }),
            zero: self.sketch.as_ref().map(|s| s.zero),
            bins: self.sketch.as_ref().map(|s| {
                s.bins
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| **n > 0)
                    .map(|(k, n)| (k as u32, *n))
                    .collect()
            }),
        };
        state.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Distribution {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let state = DistributionState::deserialize(deserializer)?;
        Distribution::from_state(state).map_err(serde::de::Error::custom)
    }
}

impl Distribution {
    fn from_state(s: DistributionState) -> Result<Distribution, MetricsError> {
        let bad = |why: &str| MetricsError::BadState {
            reason: format!("distribution: {why}"),
        };
        if s.count > MAX_COUNT {
            return Err(bad("`count` is over 2^53"));
        }
        let (min, max) = match (s.count, s.min, s.max) {
            (0, None, None) if s.sum == 0 => (0, 0),
            (n, Some(min), Some(max)) if n > 0 && 0 <= min && min <= max => (min, max),
            _ => {
                return Err(bad(
                    "`min` and `max` must be given (0 ≤ min ≤ max) exactly when `count` is above 0",
                ));
            }
        };
        let count = i128::from(s.count);
        if s.count > 0 && (s.sum < i128::from(min) * count || s.sum > i128::from(max) * count) {
            return Err(bad(
                "`sum` lies outside what `count`, `min` and `max` allow",
            ));
        }
        let sketch = match (s.values, s.zero, s.bins) {
            (Some(values), None, None) => {
                if values.len() as u64 != s.count || values.len() > EXACT_LIMIT {
                    return Err(bad("`values` must hold `count` values, at most 10000"));
                }
                let (lo, hi, total) = values
                    .iter()
                    .fold((i64::MAX, i64::MIN, 0i128), |(lo, hi, t), &v| {
                        (lo.min(v), hi.max(v), t + i128::from(v))
                    });
                if s.count > 0 && (lo != min || hi != max || total != s.sum) {
                    return Err(bad("`min`, `max` or `sum` disagree with `values`"));
                }
                return Ok(Distribution {
                    count: s.count,
                    sum: s.sum,
                    min,
                    max,
                    values,
                    sketch: None,
                });
            }
            (None, Some(zero), Some(pairs)) => {
                let mut bins = Vec::new();
                let mut total = zero;
                let mut last: Option<u32> = None;
                for (key, n) in pairs {
                    if key as usize > MAX_KEY || last.is_some_and(|l| l >= key) || n == 0 {
                        return Err(bad(
                            "`bins` must be increasing keys up to 2200 with counts above 0",
                        ));
                    }
                    last = Some(key);
                    if bins.len() <= key as usize {
                        bins.resize(key as usize + 1, 0);
                    }
                    if let Some(bin) = bins.get_mut(key as usize) {
                        *bin = n;
                    }
                    total = total
                        .checked_add(n)
                        .ok_or_else(|| bad("bin counts overflow"))?;
                }
                if total != s.count || s.count as usize <= EXACT_LIMIT {
                    return Err(bad(
                        "a sketch's `zero` and `bins` must add up to `count`, above 10000",
                    ));
                }
                Sketch { zero, bins }
            }
            _ => return Err(bad("either `values`, or `zero` and `bins`, expected")),
        };
        Ok(Distribution {
            count: s.count,
            sum: s.sum,
            min,
            max,
            values: Vec::new(),
            sketch: Some(sketch),
        })
    }
}

/// The tickets that weigh most on a measure: at most [`WORST_KEPT`]
/// distinct tickets, each with its highest score, the highest first (ties: the smaller ticket id first), so that merging
/// two lists keeps exactly what one pass would.
///
/// JSON: `[{"ticket": "T-1", "score": 7200}, …]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Worst(Vec<Scored>);

/// One ticket in a [`Worst`] list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Scored {
    /// The ticket.
    pub ticket: TicketId,
    /// Its score: seconds for durations, an instant's Unix seconds for
    /// events (the latest first), or an age.
    pub score: i64,
}

impl Worst {
    /// The bytes it holds beyond its own size.
    pub(crate) fn heap_bytes(&self) -> usize {
        let ids: usize = self.0.iter().map(|s| s.ticket.as_str().len()).sum();
        self.0.capacity() * std::mem::size_of::<Scored>() + ids
    }

    /// Offers a ticket; a ticket already listed keeps its higher score.
    pub fn offer(&mut self, ticket: &TicketId, score: i64) {
        // Not ahead of the last of a full list: neither a new entry nor a
        // higher score for a listed ticket (every listed one ranks ahead).
        if self.0.len() >= WORST_KEPT
            && self
                .0
                .last()
                .is_some_and(|l| !ranks_before(score, ticket, l))
        {
            return;
        }
        if let Some(at) = self.0.iter().position(|s| s.ticket == *ticket) {
            if self.0.get(at).is_some_and(|s| s.score >= score) {
                return;
            }
            self.0.remove(at);
        }
        let at = self
            .0
            .partition_point(|s| s.score > score || (s.score == score && s.ticket < *ticket));
        self.0.insert(
            at,
            Scored {
                ticket: ticket.clone(),
                score,
            },
        );
        self.0.truncate(WORST_KEPT);
    }

    /// Offers every ticket of `other`.
    pub fn merge(&mut self, other: &Worst) {
        for s in &other.0 {
            self.offer(&s.ticket, s.score);
        }
    }

    /// The tickets, worst first.
    pub fn tickets(&self) -> &[Scored] {
        &self.0
    }

    pub(crate) fn check(&self) -> Result<(), MetricsError> {
        let bad = || MetricsError::BadState {
            reason: "a worst-tickets list must be sorted, distinct and at most 10 long".into(),
        };
        if self.0.len() > WORST_KEPT {
            return Err(bad());
        }
        let sorted = self
            .0
            .windows(2)
            .all(|w| matches!(w, [a, b] if ranks_before(a.score, &a.ticket, b)));
        let distinct = self
            .0
            .iter()
            .enumerate()
            .all(|(i, s)| self.0.iter().take(i).all(|o| o.ticket != s.ticket));
        if sorted && distinct {
            Ok(())
        } else {
            Err(bad())
        }
    }
}

fn ranks_before(score: i64, ticket: &TicketId, other: &Scored) -> bool {
    score > other.score || (score == other.score && *ticket < other.ticket)
}
