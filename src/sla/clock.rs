//! Business time of a cycle's spans, read on a calendar's running totals.
//! Calendar hours (no calendar) need no totals: there, business time is
//! wall-clock time, and a running total is the instant itself.

use std::cell::OnceCell;

use super::cycle::{At, H0, H1, Span};
use super::spec::PolicySet;
use crate::BusinessCalendar;

/// The running totals of the calendars in use at the instants a cycle can
/// start or end at (event times and `now`), each computed once per evaluation.
pub(super) struct Totals<'a> {
    pub set: &'a PolicySet,
    /// Sorted, distinct; spans refer to them by index ([`At`]).
    pub instants: Vec<i64>,
    /// Per calendar of the set: the totals at `instants`, computed when first read.
    tables: Vec<OnceCell<Vec<i64>>>,
}

impl<'a> Totals<'a> {
    pub fn new(set: &'a PolicySet, instants: Vec<i64>) -> Totals<'a> {
        Totals {
            set,
            instants,
            tables: (0..set.calendars.len()).map(|_| OnceCell::new()).collect(),
        }
    }

    /// Calendar `index` of the set; `None` for calendar hours.
    pub fn calendar(&self, index: Option<usize>) -> Option<&'a BusinessCalendar> {
        index
            .and_then(|c| self.set.calendars.get(c))
            .map(|(_, cal)| cal)
    }

    /// The instant at index `at`.
    pub fn instant(&self, at: At) -> i64 {
        self.instants.get(at as usize).copied().unwrap_or_default()
    }

    /// The index of instant `t`, which must be one of the instants.
    pub fn index_of(&self, t: i64) -> At {
        self.instants.partition_point(|&x| x < t) as At
    }

    /// Wall-clock seconds in the spans.
    pub fn wall(&self, spans: &[Span], open: Option<Span>) -> i64 {
        spans
            .iter()
            .chain(open.as_ref())
            .map(|&(s, e)| self.instant(e) - self.instant(s))
            .sum()
    }

    /// The running totals of calendar `index` at every instant (for
    /// calendar hours, the instants themselves).
    fn table(&self, index: Option<usize>) -> &[i64] {
        match (self.calendar(index), index.and_then(|c| self.tables.get(c))) {
            (Some(cal), Some(cell)) => cell.get_or_init(|| cal.running_totals(&self.instants)),
            _ => &self.instants,
        }
    }

    /// A cycle's clock: its spans (and the one still open) on calendar `index`.
    pub fn clock<'t>(
        &'t self,
        index: Option<usize>,
        spans: &'t [Span],
        open: Option<Span>,
    ) -> Clock<'t> {
        let table = self.table(index);
        let total = |at: At| table.get(at as usize).copied().unwrap_or_default();
        let (mut elapsed, mut wall) = (0, 0);
        for &(s, e) in spans.iter().chain(open.as_ref()) {
            elapsed += total(e) - total(s);
            wall += self.instant(e) - self.instant(s);
        }
        Clock {
            cal: self.calendar(index),
            table,
            spans,
            open,
            elapsed,
            wall,
        }
    }
}

/// A cycle's running spans read on one calendar: the business time they hold,
/// and where a given amount of it was reached. Each span costs two table
/// reads and each crossing one search of the calendar.
pub(super) struct Clock<'t> {
    /// `None`: calendar hours.
    cal: Option<&'t BusinessCalendar>,
    /// The calendar's running totals at the instants.
    table: &'t [i64],
    spans: &'t [Span],
    open: Option<Span>,
    /// Business seconds in all the spans.
    pub elapsed: i64,
    /// Wall-clock seconds in all the spans.
    pub wall: i64,
}

impl Clock<'_> {
    /// The running total at instant `at`.
    pub fn total(&self, at: At) -> i64 {
        self.table.get(at as usize).copied().unwrap_or_default()
    }

    /// The earliest instant at which the running total reached `total`.
    fn instant_of_total(&self, total: i64) -> Option<i64> {
        match self.cal {
            Some(cal) => cal.instant_of_total(total),
            None => (total <= H1).then_some(total.max(H0)),
        }
    }

    /// The earliest instant at which `x` business seconds had run, if they have.
    pub fn crossing(&self, x: i64) -> Option<i64> {
        let mut before = 0;
        for &(s, e) in self.spans.iter().chain(self.open.as_ref()) {
            let (a, b) = (self.total(s), self.total(e));
            if x > before && before + (b - a) >= x {
                return self.instant_of_total(a + (x - before));
            }
            before += b - a;
        }
        None
    }

    /// When `x` business seconds will have run if the clock keeps running from
    /// `now` (or has run, if it already has).
    pub fn projected(&self, x: i64, now: At) -> Option<i64> {
        self.crossing(x)
            .or_else(|| self.instant_of_total(self.total(now) + (x - self.elapsed)))
    }
}
