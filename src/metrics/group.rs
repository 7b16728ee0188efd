//! The running totals of one group, and the KPIs they give.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::facts::{Facts, Span};
use super::stats::MAX_COUNT;
use super::stats::{Distribution, Stats, Worst};
use super::{Duration, MAX_SLA_METRICS, MetricsError};
use crate::Name;
use crate::sla::{SlaReport, SlaState};
use crate::time::Timestamp;

/// A duration in calendar and business seconds, and its worst tickets.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Timing {
    calendar: Distribution,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    business: Option<Distribution>,
    worst: Worst,
}

impl Timing {
    fn heap_bytes(&self) -> usize {
        let business = self
            .business
            .as_ref()
            .map_or(0, |b| std::mem::size_of::<Distribution>() + b.heap_bytes());
        self.calendar.heap_bytes() + business + self.worst.heap_bytes()
    }

    fn add(&mut self, span: Span, ticket: &crate::ticket::TicketId) {
        self.calendar.add(span.calendar);
        if let Some(b) = span.business {
            self.business.get_or_insert_with(Distribution::new).add(b);
        }
        self.worst.offer(ticket, span.calendar);
    }

    fn merge(&mut self, other: &Timing) {
        self.calendar.merge(&other.calendar);
        if let Some(b) = &other.business {
            self.business.get_or_insert_with(Distribution::new).merge(b);
        }
        self.worst.merge(&other.worst);
    }

    pub(crate) fn worst(&self) -> &Worst {
        &self.worst
    }

    pub(crate) fn report(&self) -> TimingStats {
        TimingStats {
            calendar: self.calendar.stats(),
            business: self.business.as_ref().map(Distribution::stats),
        }
    }
}

/// A duration's statistics in calendar time, and in business time when
/// the accumulator has a calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TimingStats {
    /// In calendar ("all hours") seconds.
    pub calendar: Stats,
    /// In business seconds on the configured calendar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business: Option<Stats>,
}

/// The six durations of a group. JSON: an object with one member per
/// duration, `first_reply_time` … `on_hold_time`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Timings {
    first_reply_time: Timing,
    next_reply_time: Timing,
    full_resolution_time: Timing,
    requester_wait_time: Timing,
    agent_wait_time: Timing,
    on_hold_time: Timing,
}

impl Timings {
    fn heap_bytes(&self) -> usize {
        [
            &self.first_reply_time,
            &self.next_reply_time,
            &self.full_resolution_time,
            &self.requester_wait_time,
            &self.agent_wait_time,
            &self.on_hold_time,
        ]
        .iter()
        .map(|t| t.heap_bytes())
        .sum()
    }

    pub(crate) fn get(&self, d: Duration) -> &Timing {
        match d {
            Duration::FirstReplyTime => &self.first_reply_time,
            Duration::NextReplyTime => &self.next_reply_time,
            Duration::FullResolutionTime => &self.full_resolution_time,
            Duration::RequesterWaitTime => &self.requester_wait_time,
            Duration::AgentWaitTime => &self.agent_wait_time,
            Duration::OnHoldTime => &self.on_hold_time,
        }
    }

    fn get_mut(&mut self, d: Duration) -> &mut Timing {
        match d {
            Duration::FirstReplyTime => &mut self.first_reply_time,
            Duration::NextReplyTime => &mut self.next_reply_time,
            Duration::FullResolutionTime => &mut self.full_resolution_time,
            Duration::RequesterWaitTime => &mut self.requester_wait_time,
            Duration::AgentWaitTime => &mut self.agent_wait_time,
            Duration::OnHoldTime => &mut self.on_hold_time,
        }
    }
}

/// SLA cycles of one metric completed or breached in the period.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SlaCount {
    achieved: u64,
    breached: u64,
    worst: Worst,
}

/// Every running total of one group (its JSON is part of
/// [`KpiState`](super::KpiState)).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GroupAcc {
    pub created: u64,
    pub created_resolved: u64,
    #[serde(default)]
    pub created_merged: u64,
    pub unresolved: Worst,
    pub solved: u64,
    pub one_touch: u64,
    pub first_contact: u64,
    pub reopened: u64,
    pub agent_replies: u64,
    pub most_replies: Worst,
    pub csat_good: u64,
    pub csat_bad: u64,
    pub csat_invalid: u64,
    pub bad_ratings: Worst,
    pub backlog: Timing,
    pub timings: Timings,
    pub sla: BTreeMap<Name, SlaCount>,
}

/// Adds to a count, saturating at [`MAX_COUNT`].
fn inc(count: &mut u64, by: u64) {
    *count = count.saturating_add(by).min(MAX_COUNT);
}

impl GroupAcc {
    /// The bytes it holds beyond its own size (map nodes estimated at
    /// their entries).
    pub(crate) fn heap_bytes(&self) -> usize {
        let sla: usize = self
            .sla
            .iter()
            .map(|(name, count)| {
                std::mem::size_of::<(Name, SlaCount)>()
                    + name.as_str().len()
                    + count.worst.heap_bytes()
            })
            .sum();
        [&self.unresolved, &self.most_replies, &self.bad_ratings]
            .iter()
            .map(|w| w.heap_bytes())
            .sum::<usize>()
            + self.backlog.heap_bytes()
            + self.timings.heap_bytes()
            + sla
    }

    pub(crate) fn absorb(&mut self, f: &Facts, ticket: &crate::ticket::TicketId) {
        if f.created {
            inc(&mut self.created, 1);
            if f.merged {
                inc(&mut self.created_merged, 1);
            } else if f.created_resolved {
                inc(&mut self.created_resolved, 1);
            } else {
                self.unresolved.offer(ticket, f.age);
            }
        }
        if let Some(span) = f.backlog {
            self.backlog.add(span, ticket);
        }
        if let Some(r) = &f.resolved {
            inc(&mut self.solved, 1);
            inc(&mut self.one_touch, u64::from(r.one_touch));
            inc(&mut self.first_contact, u64::from(r.first_contact));
            inc(&mut self.reopened, u64::from(r.reopened));
            inc(&mut self.agent_replies, u64::from(r.agent_replies));
            self.most_replies.offer(ticket, i64::from(r.agent_replies));
            for d in [
                Duration::FullResolutionTime,
                Duration::RequesterWaitTime,
                Duration::AgentWaitTime,
                Duration::OnHoldTime,
            ] {
                self.timings.get_mut(d).add(d.of(r), ticket);
            }
        }
        if let Some(span) = f.first_reply {
            self.timings
                .get_mut(Duration::FirstReplyTime)
                .add(span, ticket);
        }
        if !f.next_replies.is_empty() {
            let t = self.timings.get_mut(Duration::NextReplyTime);
            for span in &f.next_replies {
                t.add(*span, ticket);
            }
        }
        match f.csat {
            Some((true, _)) => inc(&mut self.csat_good, 1),
            Some((false, at)) => {
                inc(&mut self.csat_bad, 1);
                self.bad_ratings.offer(ticket, at.as_unix_seconds());
            }
            None => {}
        }
        inc(&mut self.csat_invalid, u64::from(f.invalid_rating));
    }

    /// Counts the SLA cycles of `report` that completed or breached in the period.
    pub(crate) fn absorb_sla(
        &mut self,
        report: &SlaReport,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<(), MetricsError> {
        let within = |at: Option<Timestamp>| at.is_some_and(|at| from <= at && at < to);
        for metric in &report.metrics {
            let mut achieved = 0;
            let mut breached = 0;
            let mut late = i64::MIN;
            for c in &metric.cycles {
                match c.state {
                    SlaState::Achieved if within(c.stopped_at) => achieved += 1,
                    SlaState::Breached if within(c.stopped_at.or(c.breached_at)) => {
                        breached += 1;
                        late = late.max(c.remaining_seconds.unwrap_or(0).saturating_neg());
                    }
                    _ => {}
                }
            }
            if achieved + breached == 0 {
                continue;
            }
            if !self.sla.contains_key(&metric.metric) && self.sla.len() >= MAX_SLA_METRICS {
                return Err(MetricsError::TooLarge {
                    what: "SLA metrics",
                    max: MAX_SLA_METRICS,
                });
            }
            let count = self.sla.entry(metric.metric.clone()).or_default();
            inc(&mut count.achieved, achieved);
            inc(&mut count.breached, breached);
            if breached > 0 {
                count.worst.offer(&report.ticket, late);
            }
        }
        Ok(())
    }

    /// Whether `report` has a cycle completed or breached in `[from, to)`.
    pub(crate) fn sla_contributes(report: &SlaReport, from: Timestamp, to: Timestamp) -> bool {
        let within = |at: Option<Timestamp>| at.is_some_and(|at| from <= at && at < to);
        report
            .metrics
            .iter()
            .flat_map(|m| &m.cycles)
            .any(|c| match c.state {
                SlaState::Achieved => within(c.stopped_at),
                SlaState::Breached => within(c.stopped_at.or(c.breached_at)),
                _ => false,
            })
    }

    /// Whether the metrics of `report` that count in `[from, to)` fit
    /// under [`MAX_SLA_METRICS`] (a report lists every metric of its policy
    /// set; only those with a cycle completed or breached in the period are
    /// kept).
    pub(crate) fn sla_fits(
        &self,
        report: &SlaReport,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<(), MetricsError> {
        let within = |at: Option<Timestamp>| at.is_some_and(|at| from <= at && at < to);
        let counts = |m: &&crate::sla::MetricReport| {
            m.cycles.iter().any(|c| match c.state {
                SlaState::Achieved => within(c.stopped_at),
                SlaState::Breached => within(c.stopped_at.or(c.breached_at)),
                _ => false,
            })
        };
        let new = report
            .metrics
            .iter()
            .filter(counts)
            .filter(|m| !self.sla.contains_key(&m.metric))
            .count();
        if self.sla.len() + new > MAX_SLA_METRICS {
            return Err(MetricsError::TooLarge {
                what: "SLA metrics",
                max: MAX_SLA_METRICS,
            });
        }
        Ok(())
    }

    /// Adds `o`'s totals. Infallible: the caller has checked that the SLA
    /// metrics fit ([`GroupAcc::sla_union`]); counts saturate at
    /// [`MAX_COUNT`].
    pub(crate) fn merge(&mut self, o: &GroupAcc) {
        let add = |a: &mut u64, b: u64| *a = a.saturating_add(b).min(MAX_COUNT);
        add(&mut self.created, o.created);
        add(&mut self.created_resolved, o.created_resolved);
        add(&mut self.created_merged, o.created_merged);
        self.unresolved.merge(&o.unresolved);
        add(&mut self.solved, o.solved);
        add(&mut self.one_touch, o.one_touch);
        add(&mut self.first_contact, o.first_contact);
        add(&mut self.reopened, o.reopened);
        add(&mut self.agent_replies, o.agent_replies);
        self.most_replies.merge(&o.most_replies);
        add(&mut self.csat_good, o.csat_good);
        add(&mut self.csat_bad, o.csat_bad);
        add(&mut self.csat_invalid, o.csat_invalid);
        self.bad_ratings.merge(&o.bad_ratings);
        self.backlog.merge(&o.backlog);
        for d in Duration::ALL {
            self.timings.get_mut(d).merge(o.timings.get(d));
        }
        for (name, c) in &o.sla {
            let mine = self.sla.entry(name.clone()).or_default();
            add(&mut mine.achieved, c.achieved);
            add(&mut mine.breached, c.breached);
            mine.worst.merge(&c.worst);
        }
    }

    /// How many SLA metrics `self` and `o` name together.
    pub(crate) fn sla_union(&self, o: &GroupAcc) -> usize {
        self.sla.len() + o.sla.keys().filter(|k| !self.sla.contains_key(*k)).count()
    }

    /// Checks a group read from JSON: counts within [`MAX_COUNT`], counts
    /// that contain each other do, business time only with a calendar,
    /// SLA entries that counted something, worst lists well formed.
    pub(crate) fn check(&self, business: bool) -> Result<(), MetricsError> {
        let counts = [
            self.created,
            self.created_resolved,
            self.created_merged,
            self.solved,
            self.one_touch,
            self.first_contact,
            self.reopened,
            self.agent_replies,
            self.csat_good,
            self.csat_bad,
            self.csat_invalid,
        ];
        let timings = std::iter::once(&self.backlog)
            .chain(Duration::ALL.into_iter().map(|d| self.timings.get(d)));
        let ok = counts.iter().all(|c| *c <= MAX_COUNT)
            && self.created_resolved + self.created_merged <= self.created
            && self.one_touch <= self.solved
            && self.first_contact <= self.solved
            && self.reopened <= self.solved
            && self.sla.len() <= MAX_SLA_METRICS
            && self.sla.values().all(|c| {
                c.achieved <= MAX_COUNT && c.breached <= MAX_COUNT && c.achieved + c.breached > 0
            })
            && timings.clone().all(|t| match &t.business {
                Some(b) => business && b.count() == t.calendar.count(),
                None => !business || t.calendar.count() == 0,
            });
        let worst = [&self.unresolved, &self.most_replies, &self.bad_ratings]
            .into_iter()
            .chain(timings.map(|t| &t.worst))
            .chain(self.sla.values().map(|c| &c.worst));
        for w in worst {
            w.check()?;
        }
        if ok {
            Ok(())
        } else {
            Err(MetricsError::BadState {
                reason: "a group's counts contradict each other".into(),
            })
        }
    }

    pub(crate) fn report(&self) -> Kpis {
        let ratio = |a: u64, b: u64| (b > 0).then(|| a as f64 / b as f64);
        let timing = |d: Duration| self.timings.get(d).report();
        Kpis {
            tickets_created: self.created,
            tickets_solved: self.solved,
            tickets_merged: self.created_merged,
            resolution_rate: ratio(self.created_resolved, self.created - self.created_merged),
            first_contact_resolution: ratio(self.first_contact, self.solved),
            one_touch: ratio(self.one_touch, self.solved),
            reopen_rate: ratio(self.reopened, self.solved),
            replies_per_ticket: ratio(self.agent_replies, self.solved),
            csat: ratio(self.csat_good, self.csat_good + self.csat_bad),
            csat_responses: self.csat_good + self.csat_bad,
            csat_invalid: self.csat_invalid,
            first_reply_time: timing(Duration::FirstReplyTime),
            next_reply_time: timing(Duration::NextReplyTime),
            full_resolution_time: timing(Duration::FullResolutionTime),
            requester_wait_time: timing(Duration::RequesterWaitTime),
            agent_wait_time: timing(Duration::AgentWaitTime),
            on_hold_time: timing(Duration::OnHoldTime),
            sla: self
                .sla
                .iter()
                .map(|(metric, c)| SlaAttainment {
                    metric: metric.clone(),
                    achieved: c.achieved,
                    breached: c.breached,
                    attainment: ratio(c.achieved, c.achieved + c.breached).unwrap_or(0.0),
                })
                .collect(),
            backlog: self.backlog.calendar.count(),
            backlog_age: self.backlog.report(),
        }
    }

    pub(crate) fn sla_worst(&self, metric: Option<&str>) -> Worst {
        let mut w = Worst::default();
        for (name, c) in &self.sla {
            if metric.is_none_or(|m| m == name.as_str()) {
                w.merge(&c.worst);
            }
        }
        w
    }

    pub(crate) fn sla_counts(&self, metric: Option<&str>) -> (u64, u64) {
        self.sla
            .iter()
            .filter(|(name, _)| metric.is_none_or(|m| m == name.as_str()))
            .fold((0, 0), |(a, b), (_, c)| (a + c.achieved, b + c.breached))
    }
}

/// Attainment of one SLA metric: cycles achieved and breached in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SlaAttainment {
    /// The SLA metric (`first_reply_time` …).
    pub metric: Name,
    /// Cycles that completed within target in the period.
    pub achieved: u64,
    /// Cycles that breached in the period (completed late, or ran past
    /// their target and are still running).
    pub breached: u64,
    /// achieved ÷ (achieved + breached).
    pub attainment: f64,
}

/// The KPIs of one group (or of all tickets) over the period.
///
/// Populations, so that every figure is defined:
/// - **created**: tickets created in the period; `resolution_rate` is the
///   share of them solved or closed at the period's end. Tickets merged
///   into another (Zendesk's "closed by merge") count as created and as
///   `tickets_merged`, and nowhere else: not solved, not backlog, no
///   durations.
/// - **solved**: tickets whose latest resolution (entering `solved`, or
///   `closed` straight from an unsolved status) falls in the period and
///   that are still solved or closed at its end. `full_resolution_time`
///   (creation to that resolution), the three waits, `one_touch`,
///   `first_contact_resolution`, `reopen_rate` and `replies_per_ticket` are
///   over them.
/// - **one-touch**: solved with fewer than 2 public agent replies (Zendesk's
///   definition, so a ticket solved without a reply counts).
/// - **first-contact resolution**: solved after at least one public agent
///   reply, never reopened, with no public customer message after the first
///   agent reply: the customer's first contact was enough.
/// - **first reply time**: creation to the first public agent reply, for
///   tickets where the customer wrote first (outbound tickets have none),
///   counted in the period of the reply. **Next reply time**: every later
///   wait, from the customer's first unanswered message to the agent's next
///   public reply, counted in the period of the reply.
/// - **requester wait**: time in `new`, `open` and `on_hold`; **agent
///   wait**: time in `pending`; **on-hold**: time in `on_hold`; each up to
///   the resolution.
/// - **CSAT**: good ÷ (good + bad), over each ticket's latest rating given
///   in the period; unrated tickets are left out, and a `csat_field` score
///   that is not a whole number from 1 to 5 is counted in `csat_invalid`.
/// - **backlog**: tickets created before the period's end and not solved or
///   closed at it; `backlog_age` is creation to the period's end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Kpis {
    /// Tickets created in the period.
    pub tickets_created: u64,
    /// Tickets resolved in the period.
    pub tickets_solved: u64,
    /// Of the tickets created, those merged into another by the end (left
    /// out of every other figure).
    pub tickets_merged: u64,
    /// Of the tickets created and not merged, the share solved or closed at
    /// the end.
    pub resolution_rate: Option<f64>,
    /// Of the tickets solved, the share resolved at first contact.
    pub first_contact_resolution: Option<f64>,
    /// Of the tickets solved, the share with fewer than 2 agent replies.
    pub one_touch: Option<f64>,
    /// Of the tickets solved, the share ever reopened.
    pub reopen_rate: Option<f64>,
    /// Public agent replies per solved ticket.
    pub replies_per_ticket: Option<f64>,
    /// good ÷ (good + bad).
    pub csat: Option<f64>,
    /// Ratings counted in `csat`.
    pub csat_responses: u64,
    /// `csat_field` values that were not a score from 1 to 5.
    pub csat_invalid: u64,
    /// First reply time.
    pub first_reply_time: TimingStats,
    /// Next reply time (one value per wait).
    pub next_reply_time: TimingStats,
    /// Full resolution time.
    pub full_resolution_time: TimingStats,
    /// Requester wait time.
    pub requester_wait_time: TimingStats,
    /// Agent wait time.
    pub agent_wait_time: TimingStats,
    /// On-hold time.
    pub on_hold_time: TimingStats,
    /// SLA attainment per metric, when SLA reports were given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sla: Vec<SlaAttainment>,
    /// Unresolved tickets at the period's end.
    pub backlog: u64,
    /// Their ages at the period's end.
    pub backlog_age: TimingStats,
}
