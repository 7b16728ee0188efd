//! The compiled form of a business calendar: a timeline of UTC segments with
//! the running total of business seconds, so that every operation is a few
//! binary searches, whatever the span.
//!
//! A segment is either
//! - **periodic**: the open time is a weekly template read at one constant UTC
//!   offset. Business time within it is arithmetic on the template's prefix
//!   sums: whole weeks times the weekly total, plus a binary search in the week.
//! - **explicit**: the open intervals are listed as instants. Used for a few
//!   days around every holiday, dated shift, break and UTC-offset change, where
//!   the weekly pattern does not hold.
//!
//! Every segment carries the business seconds from the timeline's start to its
//! own start (`cums`), and every explicit interval the same (`icums`), so the
//! business time up to any instant is one lookup, and the instant at which a
//! given business time is reached is one binary search over those totals.

use std::collections::{BTreeSet, HashMap};

use super::spec::DayRules;
use crate::time::ZoneRules;

pub(crate) const DAY: i64 = 86_400;
pub(crate) const WEEK: i64 = 7 * DAY;
/// Days between 1969-12-29 (a Monday) and 1970-01-01: the phase that puts
/// Monday 00:00 at week-second 0.
const MONDAY_PHASE: i64 = 3 * DAY;

/// A weekly pattern of open intervals, as seconds since Monday 00:00 in
/// `[0, WEEK)`, sorted and disjoint, with prefix sums of open seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Template {
    starts: Vec<i64>,
    ends: Vec<i64>,
    /// Open seconds in the week before interval `i`.
    prefix: Vec<i64>,
    /// Open seconds in the week up to the end of interval `i`.
    reach: Vec<i64>,
    total: i64,
}

/// Sorts and merges intervals that overlap or touch.
pub(crate) fn merge(mut intervals: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
    intervals.retain(|(s, e)| e > s);
    intervals.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(intervals.len());
    for (s, e) in intervals {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// `a` minus `b`, both sorted and disjoint.
pub(crate) fn subtract(a: &[(i64, i64)], b: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut out = Vec::with_capacity(a.len());
    let mut j = 0;
    for &(s, e) in a {
        let mut s = s;
        while j < b.len() && b.get(j).is_some_and(|x| x.1 <= s) {
            j += 1;
        }
        let mut k = j;
        while let Some(&(bs, be)) = b.get(k) {
            if bs >= e {
                break;
            }
            if bs > s {
                out.push((s, bs));
            }
            s = s.max(be);
            if s >= e {
                break;
            }
            k += 1;
        }
        if s < e {
            out.push((s, e));
        }
    }
    out
}

/// `a` intersected with `b`, both sorted and disjoint.
pub(crate) fn intersect(a: &[(i64, i64)], b: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while let (Some(&(as_, ae)), Some(&(bs, be))) = (a.get(i), b.get(j)) {
        let (s, e) = (as_.max(bs), ae.min(be));
        if s < e {
            out.push((s, e));
        }
        if ae < be {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

impl Template {
    /// A template from intervals in week-seconds; ends may pass `WEEK` and
    /// starts may be negative: they wrap around the week.
    pub fn new(intervals: &[(i64, i64)]) -> Template {
        let mut pieces = Vec::with_capacity(intervals.len() + 2);
        for &(s, e) in intervals {
            if e - s >= WEEK {
                pieces.push((0, WEEK));
                continue;
            }
            let (s, e) = (s.rem_euclid(WEEK), s.rem_euclid(WEEK) + (e - s));
            if e > WEEK {
                pieces.push((s, WEEK));
                pieces.push((0, e - WEEK));
            } else {
                pieces.push((s, e));
            }
        }
        let merged = merge(pieces);
        let mut prefix = Vec::with_capacity(merged.len());
        let mut reach = Vec::with_capacity(merged.len());
        let mut total = 0;
        for (s, e) in &merged {
            prefix.push(total);
            total += e - s;
            reach.push(total);
        }
        Template {
            starts: merged.iter().map(|x| x.0).collect(),
            ends: merged.iter().map(|x| x.1).collect(),
            prefix,
            reach,
            total,
        }
    }

    fn intervals(&self) -> impl Iterator<Item = (i64, i64)> + '_ {
        self.starts.iter().copied().zip(self.ends.iter().copied())
    }

    fn get(&self, i: usize) -> Option<(i64, i64, i64)> {
        Some((
            *self.starts.get(i)?,
            *self.ends.get(i)?,
            *self.prefix.get(i)?,
        ))
    }

    /// Open seconds in `[0, w)` of one week, `w` in `[0, WEEK]`.
    fn in_week(&self, w: i64) -> i64 {
        let i = self.starts.partition_point(|&s| s <= w);
        match i.checked_sub(1).and_then(|j| self.get(j)) {
            Some((s, e, p)) => p + w.min(e) - s,
            None => 0,
        }
    }

    /// Open seconds on the local axis from its origin (a Monday 00:00) to `l`.
    fn cumulative(&self, l: i64) -> i64 {
        l.div_euclid(WEEK) * self.total + self.in_week(l.rem_euclid(WEEK))
    }

    /// The earliest `l` with `cumulative(l) == x`, for `x > 0` and `total > 0`.
    fn earliest(&self, x: i64) -> i64 {
        let q = (x - 1).div_euclid(self.total);
        let r = x - q * self.total; // in (0, total]
        let idx = self.reach.partition_point(|&x| x < r);
        let (s, _, p) = self.get(idx).unwrap_or((0, 0, 0));
        q * WEEK + s + (r - p)
    }

    /// The latest `l` with `cumulative(l) == x`, for `x >= 0` and `total > 0`.
    fn latest(&self, x: i64) -> i64 {
        let q = x.div_euclid(self.total);
        let r = x - q * self.total; // in [0, total)
        let idx = self.reach.partition_point(|&x| x <= r);
        let (s, _, p) = self.get(idx).unwrap_or((0, 0, 0));
        q * WEEK + s + (r - p)
    }

    /// The open interval containing `l`, on the local axis.
    fn interval_at(&self, l: i64) -> Option<(i64, i64)> {
        let (q, w) = (l.div_euclid(WEEK), l.rem_euclid(WEEK));
        let i = self.starts.partition_point(|&s| s <= w).checked_sub(1)?;
        let (s, e, _) = self.get(i)?;
        (w < e).then_some((q * WEEK + s, q * WEEK + e))
    }

    /// The first open interval ending after `l`, on the local axis.
    fn next_interval(&self, l: i64) -> Option<(i64, i64)> {
        let (q, w) = (l.div_euclid(WEEK), l.rem_euclid(WEEK));
        let j = self.ends.partition_point(|&e| e <= w);
        match self.get(j) {
            Some((s, e, _)) => Some((q * WEEK + s, q * WEEK + e)),
            None => self
                .get(0)
                .map(|(s, e, _)| ((q + 1) * WEEK + s, (q + 1) * WEEK + e)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Template `template`, read at local = utc + `phase`.
    Periodic { template: usize, phase: i64 },
    /// Intervals `first..end` of `ivs`.
    Explicit { first: usize, end: usize },
}

/// A compiled calendar. See the module documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Timeline {
    starts: Vec<i64>,
    /// The end of the last segment.
    end: i64,
    /// Business seconds from `starts[0]` to `starts[i]`; one more entry than
    /// segments (the last is the total at `end`).
    cums: Vec<i64>,
    kinds: Vec<Kind>,
    /// For periodic segments: `cumulative(start + phase)` of their template.
    bases: Vec<i64>,
    templates: Vec<Template>,
    ivs: Vec<(i64, i64)>,
    /// Business seconds from `starts[0]` to the start of each interval.
    icums: Vec<i64>,
}

/// A segment under construction.
enum Piece {
    Periodic { template: usize, phase: i64 },
    Explicit(Vec<(i64, i64)>),
}

/// Builds a timeline from pieces `(start, piece)`, sorted, the last ending at `end`.
fn assemble(pieces: Vec<(i64, Piece)>, end: i64, templates: Vec<Template>) -> Timeline {
    let mut t = Timeline {
        starts: Vec::with_capacity(pieces.len()),
        end,
        cums: Vec::with_capacity(pieces.len() + 1),
        kinds: Vec::with_capacity(pieces.len()),
        bases: Vec::with_capacity(pieces.len()),
        templates,
        ivs: Vec::new(),
        icums: Vec::new(),
    };
    let mut cum = 0i64;
    let seg_ends: Vec<i64> = pieces.iter().skip(1).map(|p| p.0).chain([end]).collect();
    for ((start, piece), seg_end) in pieces.into_iter().zip(seg_ends) {
        if seg_end <= start {
            continue;
        }
        t.starts.push(start);
        t.cums.push(cum);
        match piece {
            Piece::Periodic { template, phase } => {
                let tpl = t.templates.get(template);
                let base = tpl.map_or(0, |x| x.cumulative(start + phase));
                let at_end = tpl.map_or(0, |x| x.cumulative(seg_end + phase));
                t.bases.push(base);
                t.kinds.push(Kind::Periodic { template, phase });
                cum += at_end - base;
            }
            Piece::Explicit(intervals) => {
                let first = t.ivs.len();
                for (s, e) in intervals {
                    let (s, e) = (s.max(start), e.min(seg_end));
                    if s < e {
                        t.ivs.push((s, e));
                        t.icums.push(cum);
                        cum += e - s;
                    }
                }
                t.bases.push(0);
                t.kinds.push(Kind::Explicit {
                    first,
                    end: t.ivs.len(),
                });
            }
        }
    }
    t.cums.push(cum);
    t
}

impl Timeline {
    /// Compiles a simple calendar over `[from, to)` (Unix seconds, within the
    /// span of [`ZoneRules::for_zone`]).
    pub fn compile(rules: &DayRules, from: i64, to: i64) -> Timeline {
        let zr = ZoneRules::for_zone(rules.zone);
        let mut week = Vec::new();
        for (i, day) in rules.weekly.iter().enumerate() {
            for &(s, e) in day {
                let base = i as i64 * DAY;
                week.push((base + i64::from(s), base + i64::from(e)));
            }
        }
        let templates = vec![Template::new(&week)];

        // Dates where the weekly pattern does not hold.
        let (first_day, last_day) = (from.div_euclid(DAY) - 3, to.div_euclid(DAY) + 3);
        let in_range = |d: &i64| (first_day..=last_day).contains(d);
        let mut special: BTreeSet<i64> = BTreeSet::new();
        special.extend(rules.shifts.keys().copied().filter(in_range));
        special.extend(rules.breaks.keys().copied().filter(in_range));
        special.extend(rules.holidays.iter().copied().filter(in_range));
        for tr in zr.transitions() {
            for offset in [tr.before, tr.after] {
                let day = (tr.at + i64::from(offset)).div_euclid(DAY);
                if in_range(&day) {
                    special.insert(day);
                }
            }
        }
        // Windows of whole local days around them: [d - 1, d + 1], merged.
        let mut windows: Vec<(i64, i64)> = Vec::new();
        for d in special {
            match windows.last_mut() {
                Some(w) if d - 1 <= w.1 + 1 => w.1 = w.1.max(d + 1),
                _ => windows.push((d - 1, d + 1)),
            }
        }

        let resolve = |local: i64| zr.resolve(local);
        let mut pieces: Vec<(i64, Piece)> = Vec::new();
        let mut cursor = from;
        for (a, b) in windows {
            let (ws, we) = (resolve(a * DAY), resolve((b + 1) * DAY));
            if we <= from || ws >= to {
                continue;
            }
            if ws > cursor {
                let phase = i64::from(zr.offset_at(cursor)) + MONDAY_PHASE;
                pieces.push((cursor, Piece::Periodic { template: 0, phase }));
            }
            let mut open = Vec::new();
            let mut off = Vec::new();
            for d in (a - 1)..=b {
                for &(s, e) in rules.own_intervals(d) {
                    open.push((
                        resolve(d * DAY + i64::from(s)),
                        resolve(d * DAY + i64::from(e)),
                    ));
                }
                for &(s, e) in rules.breaks.get(&d).map_or(&[][..], Vec::as_slice) {
                    off.push((
                        resolve(d * DAY + i64::from(s)),
                        resolve(d * DAY + i64::from(e)),
                    ));
                }
            }
            let open = subtract(&merge(open), &merge(off));
            pieces.push((ws.max(cursor), Piece::Explicit(open)));
            cursor = we.min(to);
        }
        if cursor < to {
            let phase = i64::from(zr.offset_at(cursor)) + MONDAY_PHASE;
            pieces.push((cursor, Piece::Periodic { template: 0, phase }));
        }
        assemble(pieces, to, templates)
    }

    /// Combines two timelines over the same span: open when either is open
    /// (`union`) or when both are (`!union`).
    pub fn combine(a: &Timeline, b: &Timeline, union: bool) -> Timeline {
        let from = a.start().max(b.start());
        let to = a.end.min(b.end);
        let mut bounds: Vec<i64> = a
            .starts
            .iter()
            .chain(&b.starts)
            .copied()
            .filter(|&s| s > from && s < to)
            .collect();
        bounds.push(from);
        bounds.sort_unstable();
        bounds.dedup();
        let mut templates: Vec<Template> = Vec::new();
        let mut cache: HashMap<(usize, i64, usize, i64), usize> = HashMap::new();
        let mut pieces = Vec::with_capacity(bounds.len());
        let ends: Vec<i64> = bounds.iter().skip(1).copied().chain([to]).collect();
        for (p, q) in bounds.into_iter().zip(ends) {
            let (ia, ib) = (a.segment(p), b.segment(p));
            let piece = match (a.kinds.get(ia), b.kinds.get(ib)) {
                (
                    Some(&Kind::Periodic {
                        template: ta,
                        phase: pa,
                    }),
                    Some(&Kind::Periodic {
                        template: tb,
                        phase: pb,
                    }),
                ) => {
                    let index = *cache.entry((ta, pa, tb, pb)).or_insert_with(|| {
                        // In A's phase, B's week-second is shifted by pb - pa.
                        let delta = pb - pa;
                        let first: Vec<(i64, i64)> = a
                            .templates
                            .get(ta)
                            .map_or(Vec::new(), |t| t.intervals().collect());
                        let second: Vec<(i64, i64)> = b.templates.get(tb).map_or(Vec::new(), |t| {
                            t.intervals().map(|(s, e)| (s - delta, e - delta)).collect()
                        });
                        let second = Template::new(&second);
                        let second: Vec<(i64, i64)> = second.intervals().collect();
                        let combined = if union {
                            merge(first.into_iter().chain(second).collect())
                        } else {
                            intersect(&first, &second)
                        };
                        templates.push(Template::new(&combined));
                        templates.len() - 1
                    });
                    Piece::Periodic {
                        template: index,
                        phase: pa,
                    }
                }
                _ => {
                    let (x, y) = (a.intervals_between(p, q), b.intervals_between(p, q));
                    Piece::Explicit(if union {
                        merge(x.into_iter().chain(y).collect())
                    } else {
                        intersect(&x, &y)
                    })
                }
            };
            pieces.push((p, piece));
        }
        assemble(pieces, to, templates)
    }

    /// The first instant covered.
    pub fn start(&self) -> i64 {
        self.starts.first().copied().unwrap_or(self.end)
    }

    /// The index of the segment containing `t` (clamped to the span).
    fn segment(&self, t: i64) -> usize {
        self.starts.partition_point(|&s| s <= t).saturating_sub(1)
    }

    fn segment_end(&self, i: usize) -> i64 {
        self.starts.get(i + 1).copied().unwrap_or(self.end)
    }

    fn cum_at(&self, i: usize) -> i64 {
        self.cums.get(i).copied().unwrap_or(0)
    }

    /// Business seconds from the start of the timeline to `t`.
    pub fn cumulative(&self, t: i64) -> i64 {
        self.cumulative_in(self.segment(t), t)
    }

    /// Running totals at sorted instants, walking the segments forward from
    /// one instant to the next instead of searching afresh for each.
    pub fn cumulative_sorted(&self, sorted: &[i64]) -> Vec<i64> {
        let mut out = Vec::with_capacity(sorted.len());
        let mut i = sorted.first().map_or(0, |&t| self.segment(t));
        for &t in sorted {
            if t >= self.segment_end(i) {
                i = if t < self.segment_end(i + 1) {
                    i + 1
                } else {
                    self.segment(t)
                };
            }
            out.push(self.cumulative_in(i, t.clamp(self.start(), self.end)));
        }
        out
    }

    /// As [`cumulative`](Self::cumulative), for `t` in segment `i`.
    fn cumulative_in(&self, i: usize, t: i64) -> i64 {
        let Some(kind) = self.kinds.get(i) else {
            return 0;
        };
        let t = t.clamp(self.start(), self.end);
        self.cum_at(i)
            + match *kind {
                Kind::Periodic { template, phase } => {
                    let base = self.bases.get(i).copied().unwrap_or(0);
                    self.templates
                        .get(template)
                        .map_or(0, |tp| tp.cumulative(t + phase))
                        - base
                }
                Kind::Explicit { first, end } => {
                    let ivs = self.ivs.get(first..end).unwrap_or(&[]);
                    let k = ivs.partition_point(|iv| iv.0 <= t);
                    match k.checked_sub(1) {
                        Some(k) => {
                            let (s, e) = ivs.get(k).copied().unwrap_or((0, 0));
                            let icum = self.icums.get(first + k).copied().unwrap_or(0);
                            icum - self.cum_at(i) + t.min(e) - s
                        }
                        None => 0,
                    }
                }
            }
    }

    /// The earliest instant at which the running total reaches `target`,
    /// for `0 < target <= total`.
    pub fn earliest_at(&self, target: i64) -> i64 {
        self.earliest_from(0, target)
    }

    /// As [`earliest_at`](Self::earliest_at), trying segment `hint` and the
    /// one after it before searching: a short span usually ends there.
    pub fn earliest_from(&self, hint: usize, target: i64) -> i64 {
        let ends_after = |i: usize| self.cums.get(i + 1).is_some_and(|&c| c >= target);
        let starts_before = |i: usize| self.cum_at(i) < target;
        let i = if starts_before(hint) && ends_after(hint) {
            hint
        } else if starts_before(hint + 1) && ends_after(hint + 1) {
            hint + 1
        } else {
            self.cums
                .get(1..)
                .map_or(0, |c| c.partition_point(|&x| x < target))
                .min(self.kinds.len().saturating_sub(1))
        };
        self.solve(i, target, false)
    }

    /// The latest instant at which the running total is still `target`, for
    /// `0 <= target < total`: the start of the first open moment after it.
    pub fn latest_at(&self, target: i64) -> i64 {
        self.latest_from(0, target)
    }

    /// As [`latest_at`](Self::latest_at), trying segment `hint` and the one
    /// before it before searching.
    pub fn latest_from(&self, hint: usize, target: i64) -> i64 {
        let fits = |i: usize| {
            self.cum_at(i) <= target && self.cums.get(i + 1).is_some_and(|&c| c > target)
        };
        let i = if fits(hint) {
            hint
        } else if hint > 0 && fits(hint - 1) {
            hint - 1
        } else {
            self.cums
                .get(1..)
                .map_or(0, |c| c.partition_point(|&x| x <= target))
                .min(self.kinds.len().saturating_sub(1))
        };
        self.solve(i, target, true)
    }

    /// The segment containing `t` and the running total at `t`.
    pub fn locate(&self, t: i64) -> (usize, i64) {
        let i = self.segment(t);
        (i, self.cumulative_in(i, t))
    }

    fn solve(&self, i: usize, target: i64, latest: bool) -> i64 {
        let rem = target - self.cum_at(i);
        match self.kinds.get(i) {
            Some(&Kind::Periodic { template, phase }) => {
                let base = self.bases.get(i).copied().unwrap_or(0);
                let Some(tp) = self.templates.get(template).filter(|t| t.total > 0) else {
                    return self.segment_end(i);
                };
                let l = if latest {
                    tp.latest(base + rem)
                } else {
                    tp.earliest(base + rem)
                };
                l - phase
            }
            Some(&Kind::Explicit { first, end }) => {
                // The first interval whose end total reaches (or, for
                // `latest`, passes) the target: a binary search on totals.
                let (Some(ivs), Some(icums)) =
                    (self.ivs.get(first..end), self.icums.get(first..end))
                else {
                    return self.segment_end(i);
                };
                let reached = |j: usize| -> i64 {
                    match (ivs.get(j), icums.get(j)) {
                        (Some(&(s, e)), Some(&c)) => c + (e - s),
                        _ => i64::MAX,
                    }
                };
                let (mut lo, mut hi) = (0usize, ivs.len());
                while lo < hi {
                    let mid = lo + (hi - lo) / 2;
                    let r = reached(mid);
                    let before = if latest { r <= target } else { r < target };
                    if before {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                match (ivs.get(lo), icums.get(lo)) {
                    (Some(&(s, _)), Some(&icum)) => s + (target - icum).max(0),
                    _ => self.segment_end(i),
                }
            }
            None => self.end,
        }
    }

    /// Whether `t` is inside an open interval (intervals are half-open).
    pub fn is_open(&self, t: i64) -> bool {
        self.interval_at(t).is_some()
    }

    /// The open interval containing `t`, cut to `t`'s segment.
    fn interval_at(&self, t: i64) -> Option<(i64, i64)> {
        if t < self.start() || t >= self.end {
            return None;
        }
        let i = self.segment(t);
        let (seg_start, seg_end) = (self.starts.get(i).copied()?, self.segment_end(i));
        let (s, e) = match *self.kinds.get(i)? {
            Kind::Periodic { template, phase } => {
                let tp = self.templates.get(template)?;
                if tp.total == WEEK {
                    // Open around the clock: the whole segment is one run.
                    (seg_start, seg_end)
                } else {
                    let (s, e) = tp.interval_at(t + phase)?;
                    (s - phase, e - phase)
                }
            }
            Kind::Explicit { first, end } => {
                let ivs = self.ivs.get(first..end)?;
                let k = ivs.partition_point(|iv| iv.0 <= t).checked_sub(1)?;
                let (s, e) = *ivs.get(k)?;
                if t >= e {
                    return None;
                }
                (s, e)
            }
        };
        Some((s.max(seg_start), e.min(seg_end)))
    }

    /// The end of the run of open time containing `t` (open), or `limit`
    /// if the run reaches it.
    pub fn run_end(&self, t: i64, limit: i64) -> i64 {
        let mut e = t;
        while e < limit {
            match self.interval_at(e) {
                Some((_, end)) => e = end,
                None => break,
            }
        }
        e.min(limit)
    }

    /// The start of the run of open time just before `t` (open at `t - 1`),
    /// or `limit` if the run reaches back to it.
    pub fn run_start(&self, t: i64, limit: i64) -> i64 {
        let mut s = t;
        while s > limit {
            match self.interval_at(s - 1) {
                Some((start, _)) => s = start,
                None => break,
            }
        }
        s.max(limit)
    }

    /// The open intervals overlapping `[from, to)`, cut to it, merged where
    /// they touch. Used for short spans (a few days) when combining calendars.
    fn intervals_between(&self, from: i64, to: i64) -> Vec<(i64, i64)> {
        let mut out: Vec<(i64, i64)> = Vec::new();
        let mut i = self.segment(from);
        while let (Some(&start), Some(kind)) = (self.starts.get(i), self.kinds.get(i)) {
            if start >= to {
                break;
            }
            let seg_end = self.segment_end(i).min(to);
            let lo = start.max(from);
            match *kind {
                Kind::Periodic { template, phase } => {
                    if let Some(tp) = self.templates.get(template).filter(|t| t.total > 0) {
                        let mut l = lo + phase;
                        while let Some((s, e)) = tp.next_interval(l) {
                            let (s, e) = (s - phase, e - phase);
                            if s >= seg_end {
                                break;
                            }
                            out.push((s.max(lo), e.min(seg_end)));
                            l = e + phase;
                        }
                    }
                }
                Kind::Explicit { first, end } => {
                    for &(s, e) in self.ivs.get(first..end).unwrap_or(&[]) {
                        let (s, e) = (s.max(lo), e.min(seg_end));
                        if s < e {
                            out.push((s, e));
                        }
                    }
                }
            }
            i += 1;
        }
        merge(out)
    }

    /// The end of the last open run before `t` (or `t` itself if open just
    /// before it), if there is open time between `limit` and `t`.
    pub fn prev_open_end(&self, t: i64, limit: i64) -> Option<i64> {
        // The running total just before `t`; the open moment that produced it
        // ended at the earliest instant with that total.
        let c = self.cumulative(t);
        if c <= self.cumulative(limit) {
            return None;
        }
        Some(self.earliest_at(c))
    }

    /// The number of segments and explicit intervals (for sizing and tests).
    pub fn size(&self) -> (usize, usize) {
        (self.kinds.len(), self.ivs.len())
    }
}
