//! Sentence vectors a host passes in: checked, normalised and scored.
//!
//! frontline holds no model. A host that runs a sentence encoder gives each
//! entry one vector, or one per text (the question, then each phrasing), and
//! each search the query's vector; the index scores every candidate entry by
//! cosine and fuses that with the lexical score (see the module docs).

use super::FaqError;
use super::spec::FaqEntry;

/// The most dimensions a vector has.
pub const MAX_VECTOR_DIMS: usize = 4_096;
/// The most numbers all vectors of an index hold together (128 MiB of
/// `f32`): 87,381 vectors of 384 dimensions, 21,845 of 1,536.
pub const MAX_VECTOR_VALUES: usize = 1 << 25;

/// Vector score = CENTROID_WEIGHT × cosine with the entry's centroid
/// + (1 − CENTROID_WEIGHT) × cosine with its nearest vector.
const CENTROID_WEIGHT: f32 = 0.5;
/// The most matches a search with a vector returns: the nearest vector is
/// looked up only in the entries whose fused score with the centroid alone
/// is among this many best, whatever `k` asks. On BANKING77 with MiniLM
/// top-1 is within 0.1 point of scoring every vector (8, 10, 20 or 32 give
/// the same top-1), at a third of the cost.
pub const MAX_VECTOR_K: usize = 20;
/// The calibration stops sampling once it has spent this many
/// multiply-adds (one sample more at most).
const CALIBRATION_BUDGET: usize = 1 << 28;
/// The most vectors the calibration samples.
const MAX_SAMPLES: usize = 2_048;
/// The calibration's spread between a typical other entry and a typical
/// own entry is at least this much cosine.
const MIN_SPREAD: f32 = 0.05;

/// The entries' vectors, normalised, with the index's own scale.
#[derive(Debug)]
pub(super) struct Vectors {
    dims: usize,
    /// The normalised mean of each entry's vectors, entry by entry.
    centroids: Vec<f32>,
    /// Every vector, normalised, entry by entry: entry `e`'s are
    /// `start[e]..start[e + 1]`.
    all: Vec<f32>,
    start: Vec<u32>,
    /// The vector score of a typical nearest wrong entry (maps to 0) and of
    /// a typical right entry (maps to 1).
    low: f32,
    high: f32,
}

impl Vectors {
    /// Checks and normalises the entries' vectors: all entries carry them
    /// or none does (`None`).
    pub(super) fn new(entries: &[FaqEntry]) -> Result<Option<Vectors>, FaqError> {
        let Some(first) = entries.iter().find(|e| !e.vectors.is_empty()) else {
            return Ok(None);
        };
        let dims = first.vectors.first().map_or(0, Vec::len);
        if dims == 0 || dims > MAX_VECTOR_DIMS {
            return Err(FaqError::InvalidVector {
                of: format!("entry `{}`", crate::util::excerpt(&first.id)),
                reason: format!("vector 0 has {dims} dimensions (1 to {MAX_VECTOR_DIMS} expected)"),
            });
        }
        let total: usize = entries.iter().map(|e| e.vectors.len()).sum();
        if total.saturating_mul(dims) > MAX_VECTOR_VALUES {
            return Err(FaqError::TooLarge {
                what: "vector values",
                len: total.saturating_mul(dims),
                max: MAX_VECTOR_VALUES,
            });
        }
        // Counts first, so nothing is allocated for an index that fails.
        for entry in entries {
            check_count(entry)?;
        }
        let mut out = Vectors {
            dims,
            centroids: Vec::with_capacity(entries.len() * dims),
            all: Vec::with_capacity(total * dims),
            start: vec![0],
            low: 0.0,
            high: 1.0,
        };
        for entry in entries {
            out.push_entry(entry)?;
        }
        out.calibrate();
        Ok(Some(out))
    }

    fn push_entry(&mut self, entry: &FaqEntry) -> Result<(), FaqError> {
        let mut centroid = vec![0.0f32; self.dims];
        for (i, v) in entry.vectors.iter().enumerate() {
            let unit = unit(v, self.dims).map_err(|reason| FaqError::InvalidVector {
                of: format!("entry `{}`", crate::util::excerpt(&entry.id)),
                reason: format!("vector {i} {reason}"),
            })?;
            for (c, x) in centroid.iter_mut().zip(&unit) {
                *c += x;
            }
            self.all.extend_from_slice(&unit);
        }
        // The mean of unit vectors can only be zero if they cancel out;
        // then the entry's centroid scores 0 against everything.
        let norm = dot(&centroid, &centroid).sqrt();
        if norm > 0.0 {
            centroid.iter_mut().for_each(|c| *c /= norm);
        }
        self.centroids.extend_from_slice(&centroid);
        self.start
            .push(u32::try_from(self.all.len() / self.dims).unwrap_or(u32::MAX));
        Ok(())
    }

    /// The number of dimensions.
    pub(super) fn dims(&self) -> usize {
        self.dims
    }

    /// Checks and normalises a query's vector.
    pub(super) fn query(&self, v: &[f32]) -> Result<Vec<f32>, FaqError> {
        unit(v, self.dims).map_err(|reason| FaqError::InvalidVector {
            of: "the query".to_owned(),
            reason: format!("its vector {reason}"),
        })
    }

    fn entry_count(&self) -> usize {
        self.start.len().saturating_sub(1)
    }

    fn centroid(&self, e: usize) -> &[f32] {
        self.centroids
            .get(e * self.dims..(e + 1) * self.dims)
            .unwrap_or_default()
    }

    fn vectors_of(&self, e: usize) -> impl Iterator<Item = &[f32]> {
        let (a, b) = match (self.start.get(e), self.start.get(e + 1)) {
            (Some(&a), Some(&b)) => (a as usize, b as usize),
            _ => (0, 0),
        };
        self.all
            .get(a * self.dims..b * self.dims)
            .unwrap_or_default()
            .chunks_exact(self.dims)
    }

    /// The cosine of the query with entry `e`'s centroid.
    pub(super) fn centroid_cosine(&self, q: &[f32], e: usize) -> f32 {
        dot(q, self.centroid(e))
    }

    /// Entry `e`'s vector score: its centroid cosine mixed with its nearest
    /// vector's.
    pub(super) fn score(&self, q: &[f32], e: usize, centroid_cosine: f32) -> f32 {
        let nearest = self
            .vectors_of(e)
            .map(|v| dot(q, v))
            .fold(f32::NEG_INFINITY, f32::max);
        let nearest = if nearest.is_finite() {
            nearest
        } else {
            centroid_cosine
        };
        CENTROID_WEIGHT * centroid_cosine + (1.0 - CENTROID_WEIGHT) * nearest
    }

    /// The vector scores of the `n` entries with the best pre-scores, from
    /// `(entry, pre-score)` pairs; each entry's centroid cosine is
    /// recomputed for its score.
    pub(super) fn best(
        &self,
        q: &[f32],
        mut pre: Vec<(usize, f32)>,
        n: usize,
    ) -> Vec<(usize, f32)> {
        let order = |a: &(usize, f32), b: &(usize, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if n == 0 {
            return Vec::new();
        }
        if pre.len() > n {
            pre.select_nth_unstable_by(n - 1, order);
            pre.truncate(n);
        }
        pre.into_iter()
            .map(|(e, _)| (e, self.score(q, e, self.centroid_cosine(q, e))))
            .collect()
    }

    /// A vector score on the index's own scale: 0 for a typical nearest
    /// wrong entry, 1 for a typical right one.
    pub(super) fn scaled(&self, score: f32) -> f64 {
        f64::from((score - self.low) / (self.high - self.low))
    }

    /// Learns the index's scale from its own vectors: for a sample of the
    /// vectors, the score of their own entry without them (the centroid of
    /// the rest, and the nearest of the rest; only for entries with at least
    /// two) and the best score of any other entry. The medians become 1 and
    /// 0. When no sampled vector has an own score (entries of one vector
    /// each), the high end is taken halfway from the low end to 1; it is
    /// always at least [`MIN_SPREAD`] above the low end.
    fn calibrate(&mut self) {
        let entries = self.entry_count();
        let total = self.all.len() / self.dims.max(1);
        let (mut own, mut other) = (Vec::new(), Vec::new());
        let mut spent = 0usize;
        for i in sample_order(total).take(MAX_SAMPLES) {
            if spent >= CALIBRATION_BUDGET {
                break;
            }
            let Some(e) = self.entry_of(i) else {
                continue;
            };
            let Some(v) = self.all.get(i * self.dims..(i + 1) * self.dims) else {
                continue;
            };
            if let Some(s) = self.own_score(v, e, i) {
                own.push(s);
            }
            let centroids: Vec<(usize, f32)> = (0..entries)
                .filter(|&o| o != e)
                .map(|o| (o, self.centroid_cosine(v, o)))
                .collect();
            let best = self.best(v, centroids, MAX_VECTOR_K);
            let touched: usize = best.iter().map(|&(o, _)| self.count_of(o)).sum::<usize>()
                + entries
                + self.count_of(e);
            spent = spent.saturating_add(touched.saturating_mul(self.dims));
            let best_other = best
                .into_iter()
                .map(|(_, s)| s)
                .fold(f32::NEG_INFINITY, f32::max);
            if best_other.is_finite() {
                other.push(best_other);
            }
        }
        let low = median(&mut other).unwrap_or(0.0);
        let high = median(&mut own).unwrap_or((1.0 + low) / 2.0);
        self.low = low;
        self.high = high.max(low + MIN_SPREAD);
    }

    /// The entry vector `i` belongs to.
    fn entry_of(&self, i: usize) -> Option<usize> {
        let i = u32::try_from(i).ok()?;
        let after = self.start.partition_point(|&s| s <= i);
        after.checked_sub(1).filter(|&e| e < self.entry_count())
    }

    /// How many vectors entry `e` has.
    fn count_of(&self, e: usize) -> usize {
        match (self.start.get(e), self.start.get(e + 1)) {
            (Some(&a), Some(&b)) => b.saturating_sub(a) as usize,
            _ => 0,
        }
    }

    /// Vector `i` (of entry `e`) scored against its own entry without it.
    fn own_score(&self, v: &[f32], e: usize, i: usize) -> Option<f32> {
        let (a, b) = (
            *self.start.get(e)? as usize,
            *self.start.get(e + 1)? as usize,
        );
        if b - a < 2 {
            return None;
        }
        let mut rest = vec![0.0f32; self.dims];
        let mut nearest = f32::NEG_INFINITY;
        for j in (a..b).filter(|&j| j != i) {
            let w = self.all.get(j * self.dims..(j + 1) * self.dims)?;
            rest.iter_mut().zip(w).for_each(|(r, x)| *r += x);
            nearest = nearest.max(dot(v, w));
        }
        let norm = dot(&rest, &rest).sqrt();
        let centroid = if norm > 0.0 {
            dot(v, &rest) / norm
        } else {
            0.0
        };
        Some(CENTROID_WEIGHT * centroid + (1.0 - CENTROID_WEIGHT) * nearest)
    }
}

/// An entry has one vector, or one per text.
fn check_count(entry: &FaqEntry) -> Result<(), FaqError> {
    let texts = 1 + entry.phrasings.len();
    let n = entry.vectors.len();
    if n == 1 || n == texts {
        return Ok(());
    }
    Err(FaqError::InvalidVector {
        of: format!("entry `{}`", crate::util::excerpt(&entry.id)),
        reason: if n == 0 {
            "it has none while other entries have vectors".to_owned()
        } else {
            format!("it has {n} vectors (1, or one per text: {texts}, expected)")
        },
    })
}

/// `v` scaled to length 1, or why it cannot be (a phrase that follows
/// "vector N" or "the query's vector").
fn unit(v: &[f32], dims: usize) -> Result<Vec<f32>, String> {
    if v.len() != dims {
        return Err(format!(
            "has {} dimensions where the index has {dims}",
            v.len()
        ));
    }
    if let Some(i) = v.iter().position(|x| !x.is_finite()) {
        return Err(format!("has value {i} that is not a finite number"));
    }
    let norm = v
        .iter()
        .map(|&x| f64::from(x) * f64::from(x))
        .sum::<f64>()
        .sqrt();
    if !(norm > 0.0 && norm.is_finite()) {
        return Err("has length 0".to_owned());
    }
    Ok(v.iter().map(|&x| (f64::from(x) / norm) as f32).collect())
}

/// The dot product, in eight lanes so that the compiler can use SIMD
/// (a plain sum must add in order).
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0.0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in ca.zip(cb) {
        for ((l, x), y) in lanes.iter_mut().zip(x).zip(y) {
            *l += x * y;
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// Every vector number below `total` once, in an order spread over the
/// index (a stride prime to `total`), so that a calibration cut short by
/// its budget still samples every part of the index.
fn sample_order(total: usize) -> impl Iterator<Item = usize> {
    let stride = [1_000_003usize, 1_000_033, 1_000_037]
        .into_iter()
        .find(|p| !total.is_multiple_of(*p))
        .unwrap_or(1);
    (0..total).map(move |k| (k.wrapping_mul(stride)) % total.max(1))
}

fn median(values: &mut [f32]) -> Option<f32> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f32::total_cmp);
    values.get(values.len() / 2).copied()
}
