//! Business calendars: see [`BusinessCalendar`].
//!
//! # Cost
//!
//! [`BusinessCalendar::new`] lays the weekly hours, shifts, breaks and
//! holidays over the horizon (1970 to 2099) once: O(horizon days +
//! dated entries), 18 ms at the caps (a shift on each of the horizon's
//! 47,482 days, with NL public holidays). After that every query is a
//! binary search over the compiled open intervals plus arithmetic:
//! [`BusinessCalendar::add`], [`sub`](BusinessCalendar::sub) and
//! [`between`](BusinessCalendar::between) cost O(log intervals) whatever the
//! span, 54-65 ns across the whole horizon of that calendar (`cargo bench -p frontline-benches
//! --bench calendar -- caps`).

mod error;
mod holidays;
mod set;
mod spec;
mod timeline;

use std::sync::Arc;

use serde::{Deserialize, Deserializer};

pub use error::CalendarError;
pub use holidays::{Country, FIRST_HOLIDAY_YEAR, Holiday, LAST_HOLIDAY_YEAR, holidays};
pub use set::{Calendars, MAX_CALENDAR_NAME_BYTES, MAX_CALENDARS};
pub use spec::{
    CalendarSpec, HolidaySet, MAX_DATED_ENTRIES, MAX_DATED_INTERVALS, MAX_HOLIDAY_SETS,
    MAX_INTERVALS_PER_DAY, TimeRange,
};

use spec::DayRules;
use timeline::{DAY, Timeline};

use crate::time::{Date, Timestamp, WallTime, Zone};

/// The first year of the arithmetic horizon.
pub const HORIZON_FIRST_YEAR: i32 = 1970;
/// The last year of the arithmetic horizon.
pub const HORIZON_LAST_YEAR: i32 = 2099;
/// The most open intervals [`BusinessCalendar::open_intervals`] returns at once.
pub const MAX_OPEN_INTERVALS: usize = 100_000;
/// How deeply unions and intersections may nest.
pub const MAX_COMBINATION_DEPTH: usize = 8;

/// 1970-01-01T00:00:00Z.
const H0: i64 = 0;
/// 2100-01-01T00:00:00Z.
const H1: i64 = 4_102_444_800;
/// The timeline covers a margin either side of the horizon.
const MARGIN: i64 = 2 * DAY;

/// The date-level rules behind a calendar, for questions about dates
/// (holidays, breaks, business days) rather than instants.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Days {
    Simple(Box<DayRules>),
    Union(Arc<Days>, Arc<Days>),
    Intersection(Arc<Days>, Arc<Days>),
}

impl Days {
    fn depth(&self) -> usize {
        match self {
            Days::Simple(_) => 0,
            Days::Union(a, b) | Days::Intersection(a, b) => 1 + a.depth().max(b.depth()),
        }
    }

    fn is_holiday(&self, day: i64) -> bool {
        match self {
            Days::Simple(r) => r.holidays.contains(&day),
            Days::Union(a, b) => a.is_holiday(day) && b.is_holiday(day),
            Days::Intersection(a, b) => a.is_holiday(day) || b.is_holiday(day),
        }
    }

    fn is_business_date(&self, day: i64) -> bool {
        match self {
            Days::Simple(r) => !r.own_intervals(day).is_empty(),
            Days::Union(a, b) => a.is_business_date(day) || b.is_business_date(day),
            Days::Intersection(a, b) => a.is_business_date(day) && b.is_business_date(day),
        }
    }

    fn on_break(&self, t: Timestamp) -> bool {
        match self {
            Days::Simple(r) => {
                let today = r.zone.date_of(t);
                [today.add_days(-1), Some(today)]
                    .into_iter()
                    .flatten()
                    .any(|date| {
                        let list = r.breaks.get(&date.days_since_epoch());
                        list.is_some_and(|ranges| {
                            ranges.iter().any(|&(s, e)| {
                                let at = |secs: u32| {
                                    let (d, w) = if secs > 86_400 {
                                        (date.add_days(1), secs - 86_400)
                                    } else {
                                        (Some(date), secs)
                                    };
                                    d.zip(WallTime::from_seconds(w))
                                        .and_then(|(d, w)| r.zone.instant_at(d, w).ok())
                                };
                                matches!((at(s), at(e)), (Some(a), Some(b)) if a <= t && t < b)
                            })
                        })
                    })
            }
            Days::Union(a, b) => a.on_break(t) && b.on_break(t),
            Days::Intersection(a, b) => a.on_break(t) || b.on_break(t),
        }
    }
}

/// A compiled business calendar: opening hours in a time zone, with holidays,
/// dated shifts and breaks, and exact business-time arithmetic. Immutable,
/// cheap to clone (shared), `Send + Sync`.
///
/// Build it with [`BusinessCalendar::new`] from a [`CalendarSpec`] (or
/// deserialize it from the spec's JSON); combine calendars with
/// [`union`](BusinessCalendar::union) and
/// [`intersection`](BusinessCalendar::intersection).
///
/// Built once, it answers, to the second:
///
/// - [`add`](BusinessCalendar::add): the earliest instant by which `d` seconds
///   of business time have passed since `start`. One hour from 16:00 with a
///   17:00 close is 17:00 (not the next morning); zero is `start` itself.
/// - [`sub`](BusinessCalendar::sub): the latest instant `d` business seconds
///   before `end`.
/// - [`between`](BusinessCalendar::between): business seconds in `[a, b)`.
/// - [`is_open`](BusinessCalendar::is_open), [`next_open`](BusinessCalendar::next_open),
///   [`next_close`](BusinessCalendar::next_close), [`open_intervals`](BusinessCalendar::open_intervals),
///   and iterators over the open periods after or before an instant.
///
/// # How it is fast
///
/// The calendar is compiled into a timeline of segments. Most of time follows
/// the weekly pattern at a fixed UTC offset; there, business time is whole
/// weeks times the weekly total plus a lookup in the week's prefix sums. A few
/// days around each holiday, dated shift, break and daylight-saving change are
/// listed explicitly. Every segment knows the business seconds before it, so
/// `add`, `sub`, `between`, `is_open` and `next_open` are a few binary
/// searches: a ten-year `add` costs what a one-hour `add` costs. Operations
/// that enumerate (periods, open intervals, business-day steps) cost a few
/// searches per period or date they visit.
///
/// # Daylight saving time
///
/// Opening hours are wall-clock times, resolved date by date. A wall time that
/// falls in a gap (spring forward) moves forward by the gap's length (so
/// Lord Howe's 30-minute gap moves it 30 minutes); a wall time in a fold (fall
/// back) takes the earlier instant. An interval from 01:00 to 05:00 on the
/// night the clocks go back is five hours long.
///
/// # Horizon
///
/// Arithmetic covers instants from 1970-01-01T00:00:00Z to
/// 2100-01-01T00:00:00Z ([`HORIZON_FIRST_YEAR`] to [`HORIZON_LAST_YEAR`]): the
/// compiled-in time-zone database carries no daylight-saving rules past 2099.
/// An input outside it, or a result that would pass it, is an error, never a
/// loop.
///
/// # Example
///
/// ```
/// use frontline::{BusinessCalendar, CalendarSpec};
///
/// let office: CalendarSpec = serde_json::from_str(r#"{
///     "time_zone": "Europe/Amsterdam",
///     "hours": {"mon": [["09:00","12:30"],["13:30","17:30"]], "tue": [["09:00","12:30"],["13:30","17:30"]],
///               "wed": [["09:00","12:30"],["13:30","17:30"]], "thu": [["09:00","12:30"],["13:30","17:30"]],
///               "fri": [["09:00","12:30"],["13:30","17:30"]]},
///     "public_holidays": [{"country": "NL"}]
/// }"#)?;
/// let office = BusinessCalendar::new(&office)?;
///
/// // Friday 16:00 in Amsterdam (15:00Z) plus two business hours: 1.5 hours on
/// // Friday, then Monday 09:00 + 0.5: 09:30 CEST, as the clocks went forward on Sunday.
/// let due = office.add("2026-03-27T15:00:00Z".parse()?, 2 * 3600)?;
/// assert_eq!(due.to_string(), "2026-03-30T07:30:00Z");
/// assert_eq!(office.between("2026-03-27T15:00:00Z".parse()?, due)?, 2 * 3600);
///
/// // King's Day (Monday 27 April 2026) is closed.
/// assert!(!office.is_open("2026-04-27T08:00:00Z".parse()?)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct BusinessCalendar {
    zone: Zone,
    timeline: Arc<Timeline>,
    days: Arc<Days>,
    /// Business seconds from the timeline start to the horizon's ends.
    cum_h0: i64,
    cum_h1: i64,
}

impl std::fmt::Debug for BusinessCalendar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (segments, intervals) = self.timeline.size();
        f.debug_struct("BusinessCalendar")
            .field("zone", &self.zone)
            .field("segments", &segments)
            .field("explicit_intervals", &intervals)
            .finish_non_exhaustive()
    }
}

fn ts(t: i64) -> Timestamp {
    Timestamp::from_unix_seconds(t).unwrap_or(Timestamp::UNIX_EPOCH)
}

impl BusinessCalendar {
    /// Validates `spec` and compiles it.
    ///
    /// # Errors
    /// Any [`CalendarError`] about the configuration: overlapping or empty
    /// intervals, a weekday with an empty list, no weekly hours at all, too
    /// many entries.
    pub fn new(spec: &CalendarSpec) -> Result<BusinessCalendar, CalendarError> {
        let rules = spec.validate()?;
        let timeline = Timeline::compile(&rules, H0 - MARGIN, H1 + MARGIN);
        Ok(BusinessCalendar::from_parts(
            spec.time_zone,
            timeline,
            Days::Simple(Box::new(rules)),
        ))
    }

    fn from_parts(zone: Zone, timeline: Timeline, days: Days) -> BusinessCalendar {
        let (cum_h0, cum_h1) = (timeline.cumulative(H0), timeline.cumulative(H1));
        BusinessCalendar {
            zone,
            timeline: Arc::new(timeline),
            days: Arc::new(days),
            cum_h0,
            cum_h1,
        }
    }

    /// The time zone of the calendar (for a combination: of its first calendar),
    /// used for questions about dates.
    pub fn zone(&self) -> Zone {
        self.zone
    }

    fn combine(
        &self,
        other: &BusinessCalendar,
        union: bool,
    ) -> Result<BusinessCalendar, CalendarError> {
        let (a, b) = (self.days.clone(), other.days.clone());
        let days = if union {
            Days::Union(a, b)
        } else {
            Days::Intersection(a, b)
        };
        if days.depth() > MAX_COMBINATION_DEPTH {
            return Err(CalendarError::TooLarge {
                what: "combination depth",
                limit: MAX_COMBINATION_DEPTH,
            });
        }
        let timeline = Timeline::combine(&self.timeline, &other.timeline, union);
        let combined = BusinessCalendar::from_parts(self.zone, timeline, days);
        if combined.cum_h1 == combined.cum_h0 {
            return Err(CalendarError::NoOpenTime);
        }
        Ok(combined)
    }

    /// The calendar that is open whenever `self` or `other` is open
    /// (follow-the-sun support across teams and zones).
    ///
    /// Date questions ([`is_holiday`](Self::is_holiday) ...) use `self`'s zone;
    /// a date is a holiday only if it is one in both.
    ///
    /// # Errors
    /// [`CalendarError::TooLarge`] past [`MAX_COMBINATION_DEPTH`] nested combinations.
    pub fn union(&self, other: &BusinessCalendar) -> Result<BusinessCalendar, CalendarError> {
        self.combine(other, true)
    }

    /// The calendar that is open only when both `self` and `other` are open.
    /// A date is a holiday if it is one in either.
    ///
    /// # Errors
    /// [`CalendarError::TooLarge`] past [`MAX_COMBINATION_DEPTH`] nested
    /// combinations; [`CalendarError::NoOpenTime`] if the two are never open at
    /// the same time within the horizon.
    pub fn intersection(
        &self,
        other: &BusinessCalendar,
    ) -> Result<BusinessCalendar, CalendarError> {
        self.combine(other, false)
    }

    fn check(&self, t: Timestamp) -> Result<i64, CalendarError> {
        let s = t.as_unix_seconds();
        if (H0..=H1).contains(&s) {
            Ok(s)
        } else {
            Err(CalendarError::OutsideHorizon { instant: t })
        }
    }

    /// The earliest instant `T >= start` such that the business time in
    /// `[start, T]` is `seconds`. Zero gives `start`.
    ///
    /// # Errors
    /// [`CalendarError::NegativeDuration`]; [`CalendarError::OutsideHorizon`]
    /// for a `start` outside the horizon or a result that would pass it.
    pub fn add(&self, start: Timestamp, seconds: i64) -> Result<Timestamp, CalendarError> {
        let t = self.check(start)?;
        if seconds < 0 {
            return Err(CalendarError::NegativeDuration { seconds });
        }
        if seconds == 0 {
            return Ok(start);
        }
        let (segment, cum) = self.timeline.locate(t);
        let target = cum.saturating_add(seconds);
        if target > self.cum_h1 {
            return Err(CalendarError::OutsideHorizon { instant: ts(H1) });
        }
        Ok(ts(self.timeline.earliest_from(segment, target)))
    }

    /// The latest instant `T <= end` such that the business time in `[T, end]`
    /// is `seconds`. Zero gives `end`.
    ///
    /// # Errors
    /// [`CalendarError::NegativeDuration`]; [`CalendarError::OutsideHorizon`]
    /// for an `end` outside the horizon or a result before its start.
    pub fn sub(&self, end: Timestamp, seconds: i64) -> Result<Timestamp, CalendarError> {
        let t = self.check(end)?;
        if seconds < 0 {
            return Err(CalendarError::NegativeDuration { seconds });
        }
        if seconds == 0 {
            return Ok(end);
        }
        let (segment, cum) = self.timeline.locate(t);
        let target = cum.saturating_sub(seconds);
        if target < self.cum_h0 {
            return Err(CalendarError::OutsideHorizon { instant: ts(H0) });
        }
        Ok(ts(self.timeline.latest_from(segment, target)))
    }

    /// Business seconds in `[from, to)`; zero when `to <= from`.
    ///
    /// # Errors
    /// [`CalendarError::OutsideHorizon`] for an instant outside the horizon.
    pub fn between(&self, from: Timestamp, to: Timestamp) -> Result<i64, CalendarError> {
        let (a, b) = (self.check(from)?, self.check(to)?);
        if b <= a {
            return Ok(0);
        }
        Ok(self.timeline.cumulative(b) - self.timeline.cumulative(a))
    }

    /// Whether the calendar is open at `at` (opening intervals are half-open:
    /// open at 09:00, closed at 17:00).
    ///
    /// # Errors
    /// [`CalendarError::OutsideHorizon`].
    pub fn is_open(&self, at: Timestamp) -> Result<bool, CalendarError> {
        Ok(self.timeline.is_open(self.check(at)?))
    }

    /// The earliest open instant at or after `at`.
    ///
    /// # Errors
    /// [`CalendarError::OutsideHorizon`]; [`CalendarError::NoMoreOpenTime`] if
    /// the calendar does not open again within the horizon.
    pub fn next_open(&self, at: Timestamp) -> Result<Timestamp, CalendarError> {
        let t = self.check(at)?;
        if self.timeline.is_open(t) {
            return Ok(at);
        }
        let c = self.timeline.cumulative(t);
        if c >= self.cum_h1 {
            // Opening exactly at the horizon's end is still within it.
            if self.timeline.is_open(H1) {
                return Ok(ts(H1));
            }
            return Err(CalendarError::NoMoreOpenTime { from: at });
        }
        Ok(ts(self.timeline.latest_at(c)))
    }

    /// The earliest closed instant at or after `at`.
    ///
    /// # Errors
    /// [`CalendarError::OutsideHorizon`]; [`CalendarError::NoMoreOpenTime`] if
    /// the calendar stays open to the end of the horizon.
    pub fn next_close(&self, at: Timestamp) -> Result<Timestamp, CalendarError> {
        let t = self.check(at)?;
        let e = self.timeline.run_end(t, H1);
        if e >= H1 && self.timeline.is_open(H1) {
            // Still open at the horizon's end: the close lies beyond it.
            return Err(CalendarError::NoMoreOpenTime { from: at });
        }
        Ok(ts(e))
    }

    /// The open periods after `origin`, in order, the first cut at `origin`
    /// if it is open then. Ends at the horizon.
    ///
    /// # Errors
    /// [`CalendarError::OutsideHorizon`] for an `origin` outside the horizon.
    pub fn periods_after(&self, origin: Timestamp) -> Result<PeriodsAfter<'_>, CalendarError> {
        let t = self.check(origin)?;
        Ok(PeriodsAfter {
            calendar: self,
            cursor: t,
        })
    }

    /// The open periods before `origin`, newest first, the first cut at
    /// `origin` if it is open then. Ends at the horizon's start.
    ///
    /// # Errors
    /// [`CalendarError::OutsideHorizon`] for an `origin` outside the horizon.
    pub fn periods_before(&self, origin: Timestamp) -> Result<PeriodsBefore<'_>, CalendarError> {
        let t = self.check(origin)?;
        Ok(PeriodsBefore {
            calendar: self,
            cursor: t,
        })
    }

    /// The open periods within `[from, to)`, cut to it.
    ///
    /// # Errors
    /// [`CalendarError::OutsideHorizon`]; [`CalendarError::TooLarge`] past
    /// [`MAX_OPEN_INTERVALS`] periods.
    pub fn open_intervals(
        &self,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<(Timestamp, Timestamp)>, CalendarError> {
        let (mut t, end) = (self.check(from)?, self.check(to)?);
        let tl = &self.timeline;
        let mut out = Vec::new();
        while t < end {
            if !tl.is_open(t) {
                let c = tl.cumulative(t);
                if c >= tl.cumulative(end) {
                    break;
                }
                t = tl.latest_at(c);
            }
            let e = tl.run_end(t, end);
            if out.len() == MAX_OPEN_INTERVALS {
                return Err(CalendarError::TooLarge {
                    what: "open intervals",
                    limit: MAX_OPEN_INTERVALS,
                });
            }
            out.push((ts(t), ts(e)));
            t = e;
        }
        Ok(out)
    }

    /// Whether `date` is a holiday: listed, or built-in without a shift on it.
    pub fn is_holiday(&self, date: Date) -> bool {
        self.days.is_holiday(date.days_since_epoch())
    }

    /// Whether `date` has opening hours of its own and is not a holiday.
    /// (The tail of the previous night's shift does not make a business date.)
    pub fn is_business_date(&self, date: Date) -> bool {
        self.days.is_business_date(date.days_since_epoch())
    }

    /// Whether `at` falls in a dated break.
    pub fn on_break(&self, at: Timestamp) -> bool {
        self.days.on_break(at)
    }

    /// The first `n` business dates strictly after `date` (at most 10,000).
    pub fn business_dates_after(&self, date: Date, n: usize) -> Vec<Date> {
        let mut out = Vec::new();
        let mut d = date;
        let last = Date::new(HORIZON_LAST_YEAR, 12, 31).unwrap_or(Date::MAX);
        while out.len() < n.min(10_000) {
            match d.add_days(1) {
                Some(next) if next <= last => d = next,
                _ => break,
            }
            if self.is_business_date(d) {
                out.push(d);
            }
        }
        out
    }

    /// Moves `n` business dates forward from `start`'s local date, to the same
    /// wall-clock time; if the calendar is closed then, to the next open
    /// instant. This is zendesk/biz's `days` unit ("respond within 2 business
    /// days"); with `n == 0` it is the next open instant at or after `start`.
    ///
    /// # Errors
    /// [`CalendarError::OutsideHorizon`] and [`CalendarError::NoMoreOpenTime`].
    pub fn add_business_days(&self, start: Timestamp, n: u32) -> Result<Timestamp, CalendarError> {
        if n == 0 {
            return self.next_open(start);
        }
        let candidate = self.business_days_candidate(start, i64::from(n))?;
        self.next_open(candidate.max(start))
    }

    /// Moves `n` business dates back from `start`'s local date, to the same
    /// wall-clock time; if the calendar is closed then, to the end of the last
    /// open period before it (zendesk/biz's `days` unit, backward).
    ///
    /// # Errors
    /// [`CalendarError::OutsideHorizon`] and [`CalendarError::NoMoreOpenTime`].
    pub fn sub_business_days(&self, start: Timestamp, n: u32) -> Result<Timestamp, CalendarError> {
        let candidate = if n == 0 {
            start
        } else {
            self.business_days_candidate(start, -i64::from(n))?
                .min(start)
        };
        let t = self.check(candidate)?;
        if self.timeline.is_open(t) {
            return Ok(candidate);
        }
        let c = self.timeline.cumulative(t);
        if c <= self.cum_h0 {
            return Err(CalendarError::NoMoreOpenTime { from: start });
        }
        Ok(ts(self.timeline.earliest_at(c)))
    }

    fn business_days_candidate(
        &self,
        start: Timestamp,
        n: i64,
    ) -> Result<Timestamp, CalendarError> {
        let t = self.check(start)?;
        let local = t + i64::from(self.zone.offset_seconds(start));
        let wall =
            WallTime::from_seconds(local.rem_euclid(DAY) as u32).unwrap_or(WallTime::MIDNIGHT);
        let mut date = Date::from_days_since_epoch(local.div_euclid(DAY));
        let step = n.signum();
        let mut left = n.abs();
        // Bounded by the horizon: about 47,500 dates.
        let (first, last) = (
            Date::new(HORIZON_FIRST_YEAR, 1, 1).unwrap_or(Date::MIN),
            Date::new(HORIZON_LAST_YEAR, 12, 31).unwrap_or(Date::MAX),
        );
        while left > 0 {
            date = match date.add_days(step) {
                Some(d) if d >= first && d <= last => d,
                _ => return Err(CalendarError::NoMoreOpenTime { from: start }),
            };
            if self.is_business_date(date) {
                left -= 1;
            }
        }
        let candidate = self.zone.instant_at(date, wall)?;
        self.check(candidate)?;
        Ok(candidate)
    }

    /// The running total of business seconds (from the start of the
    /// compiled timeline) at each of `sorted` (ascending) instants, which
    /// must lie within the horizon. Differences of totals are business
    /// durations; the SLA engine reads them instead of searching again.
    pub(crate) fn running_totals(&self, sorted: &[i64]) -> Vec<i64> {
        self.timeline.cumulative_sorted(sorted)
    }

    /// The earliest instant at which the running total reaches `total`, or
    /// `None` past the horizon.
    pub(crate) fn instant_of_total(&self, total: i64) -> Option<i64> {
        if total > self.cum_h1 {
            return None;
        }
        if total <= self.cum_h0 {
            return Some(H0);
        }
        Some(self.timeline.earliest_at(total))
    }

    /// The number of compiled segments and explicit intervals: a measure of
    /// the calendar's size in memory (tens of bytes each).
    pub fn compiled_size(&self) -> (usize, usize) {
        self.timeline.size()
    }
}

/// The open periods after an instant: see [`BusinessCalendar::periods_after`].
#[derive(Debug)]
pub struct PeriodsAfter<'a> {
    calendar: &'a BusinessCalendar,
    cursor: i64,
}

impl Iterator for PeriodsAfter<'_> {
    type Item = (Timestamp, Timestamp);
    fn next(&mut self) -> Option<Self::Item> {
        let tl = &self.calendar.timeline;
        let mut t = self.cursor;
        if t >= H1 {
            return None;
        }
        if !tl.is_open(t) {
            let c = tl.cumulative(t);
            if c >= self.calendar.cum_h1 {
                self.cursor = H1;
                return None;
            }
            t = tl.latest_at(c);
        }
        let e = tl.run_end(t, H1);
        self.cursor = e;
        Some((ts(t), ts(e)))
    }
}

/// The open periods before an instant, newest first: see
/// [`BusinessCalendar::periods_before`].
#[derive(Debug)]
pub struct PeriodsBefore<'a> {
    calendar: &'a BusinessCalendar,
    cursor: i64,
}

impl Iterator for PeriodsBefore<'_> {
    type Item = (Timestamp, Timestamp);
    fn next(&mut self) -> Option<Self::Item> {
        let tl = &self.calendar.timeline;
        let e = tl.prev_open_end(self.cursor, H0)?;
        let s = tl.run_start(e, H0);
        self.cursor = s;
        Some((ts(s), ts(e)))
    }
}

impl<'de> Deserialize<'de> for BusinessCalendar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<BusinessCalendar, D::Error> {
        let spec = CalendarSpec::deserialize(deserializer)?;
        BusinessCalendar::new(&spec).map_err(|e| crate::util::de_error(e.code(), e))
    }
}

#[cfg(test)]
mod tests;
