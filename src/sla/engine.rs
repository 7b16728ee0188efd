//! Replays a ticket's events through every metric's state machine and turns
//! the cycles into a report.

use std::sync::Arc;

use serde_json::Value;

use super::report::{CycleReport, MetricReport, Pause, SlaReport, SlaState};
use super::spec::{Masks, Matcher, PolicySet, Trigger, WarnAt};
use crate::time::Timestamp;
use crate::{
    AuthorKind, BusinessCalendar, Channel, Customer, EventKind, GroupId, Priority, Status, Tag,
    Ticket,
};

/// 1970-01-01 and 2100-01-01: the calendar horizon. Instants are clamped to it.
const H0: i64 = 0;
const H1: i64 = 4_102_444_800;

/// The facts policies match on, as the replay goes.
struct Facts<'a> {
    priority: Priority,
    channel: Channel,
    group: Option<&'a GroupId>,
    tags: Vec<&'a Tag>,
    fields: Vec<(&'a str, &'a Value)>,
    segment: Option<&'a str>,
    plan: Option<&'a str>,
}

impl Facts<'_> {
    fn matches(&self, m: &Matcher) -> bool {
        (m.priorities.is_empty() || m.priorities.contains(&self.priority))
            && (m.channels.is_empty() || m.channels.contains(&self.channel))
            && (m.groups.is_empty()
                || self
                    .group
                    .is_some_and(|g| m.groups.iter().any(|x| x == g.as_str())))
            && (m.tags_any.is_empty() || m.tags_any.iter().any(|t| self.tags.contains(&t)))
            && m.tags_all.iter().all(|t| self.tags.contains(&t))
            && (m.segments.is_empty()
                || self
                    .segment
                    .is_some_and(|s| m.segments.iter().any(|x| x == s)))
            && (m.plans.is_empty() || self.plan.is_some_and(|s| m.plans.iter().any(|x| x == s)))
            && m.fields
                .iter()
                .all(|(k, v)| self.fields.iter().any(|(fk, fv)| fk == k && *fv == v))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Running,
    Paused(Status),
    Complete,
}

/// A short list of spans, inline for the usual few.
#[derive(Default)]
struct Spans {
    inline: [(i64, i64); 3],
    len: usize,
    heap: Vec<(i64, i64)>,
}

impl Spans {
    fn push(&mut self, span: (i64, i64)) {
        match self.inline.get_mut(self.len) {
            Some(slot) if self.heap.is_empty() => *slot = span,
            _ => {
                if self.heap.is_empty() {
                    self.heap.extend_from_slice(&self.inline);
                }
                self.heap.push(span);
            }
        }
        self.len += 1;
    }

    fn as_slice(&self) -> &[(i64, i64)] {
        if self.heap.is_empty() {
            self.inline.get(..self.len).unwrap_or(&[])
        } else {
            &self.heap
        }
    }
}

/// A cycle as the replay builds it.
struct Raw {
    started: i64,
    /// Closed running spans.
    spans: Spans,
    pauses: Vec<Pause>,
    mode: Mode,
    /// When the current mode began.
    since: i64,
    /// For a stopped or complete cycle: when, with the policy and priority then.
    completed: Option<(i64, Option<usize>, Priority)>,
    /// A breach under an earlier target, before the facts changed: once
    /// breached, a cycle stays breached (the instant, with the policy and
    /// priority of that target, kept for debugging output).
    sticky: Option<(i64, Option<usize>, Priority)>,
}

/// The trigger bits of `StatusEntered(_)`.
const STATUS_ENTERED_BITS: u32 = 0xff << 8;

fn bit(t: Trigger) -> u32 {
    t.bit()
}

fn ts(t: i64) -> Timestamp {
    Timestamp::from_unix_seconds(t.clamp(H0, H1)).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn mode_for(masks: &Masks, status: Status) -> Mode {
    let bit = 1u8 << status as u8;
    if masks.complete_in & bit != 0 {
        Mode::Complete
    } else if masks.pause_in & bit != 0 {
        Mode::Paused(status)
    } else {
        Mode::Running
    }
}

impl Raw {
    fn start(at: i64, mode: Mode) -> Raw {
        let mut raw = Raw {
            started: at,
            spans: Spans::default(),
            pauses: Vec::new(),
            mode: Mode::Running,
            since: at,
            completed: None,
            sticky: None,
        };
        raw.enter(mode, at, None, Priority::Normal);
        raw
    }

    /// Ends the current mode at `at`.
    fn leave(&mut self, at: i64) {
        match self.mode {
            Mode::Running => {
                if at > self.since {
                    self.spans.push((self.since, at));
                }
            }
            Mode::Paused(_) => {
                if let Some(p) = self.pauses.last_mut() {
                    p.to = Some(ts(at));
                }
            }
            Mode::Complete => self.completed = None,
        }
    }

    fn enter(&mut self, mode: Mode, at: i64, policy: Option<usize>, priority: Priority) {
        self.mode = mode;
        self.since = at;
        match mode {
            Mode::Paused(reason) => self.pauses.push(Pause {
                from: ts(at),
                to: None,
                reason,
            }),
            Mode::Complete => self.completed = Some((at, policy, priority)),
            Mode::Running => {}
        }
    }
}

/// Evaluates every SLA metric of `ticket` at `now`, under the first policy of
/// `set` that matches it (and, for segment or plan conditions, `customer`).
///
/// Only events at or before `now` count, so a report for an earlier instant is
/// a dry run of the past. Evaluation cannot fail: the policy set was checked
/// when it was built. Instants outside the calendar horizon (1970-2099) are
/// clamped to it.
///
/// # Semantics
/// - Breach means elapsed business time *exceeded* the target: a reply at
///   20:00, after a 17:00 close, to a cycle due at 17:00 is on time, because no
///   business time passed after 17:00.
/// - A change of priority or policy re-targets the running cycles from the
///   current facts (the target, the calendar and the due time all follow; the
///   new target applies to the whole cycle, so raising the priority can show
///   a breach instant before the change);
///   completed cycles keep the outcome they had under the policy and priority
///   in force when they completed. A cycle that had already exceeded its
///   target when the facts changed stays breached.
/// - Paused time (pending, on hold) never counts; closed hours are reported
///   apart from pauses, as `off_hours_seconds`.
///
/// ```
/// use frontline::sla::{evaluate, PolicySet, PolicySetSpec, SlaState};
/// use frontline::Ticket;
///
/// let spec: PolicySetSpec = serde_json::from_str(r#"{
///   "calendars": {"office": {"time_zone": "Europe/Amsterdam",
///      "hours": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]],
///                "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]]}}},
///   "policies": [{"name": "Standard", "calendar": "office",
///                 "targets": {"first_reply_time": {"normal": "4h"}}}]
/// }"#)?;
/// let set = PolicySet::new(&spec)?;
/// let events: Vec<frontline::Event> = serde_json::from_str(r#"[
///   {"at": "2026-03-06T14:00:00Z", "type": "created", "subject": "Retour", "requester": "c1", "channel": "email"},
///   {"at": "2026-03-06T14:00:00Z", "type": "message", "author": "customer", "body": "Hoe retourneer ik?"}
/// ]"#)?;
/// let ticket = Ticket::from_events("T-1".parse()?, events)?;
/// // Friday 15:00 in Amsterdam with 4 business hours to reply: due Monday 11:00.
/// let report = evaluate(&set, &ticket, None, "2026-03-06T18:00:00Z".parse()?);
/// let first = &report.metric("first_reply_time").unwrap().cycles[0];
/// assert_eq!(first.state, SlaState::Active);
/// assert_eq!(first.due_at.unwrap().to_string(), "2026-03-09T10:00:00Z");
/// assert_eq!(report.reply_by(), first.due_at);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn evaluate(
    set: &PolicySet,
    ticket: &Ticket,
    customer: Option<&Customer>,
    now: Timestamp,
) -> SlaReport {
    evaluate_with(set, ticket, customer, now, &SlaOptions::default())
}

/// The most off-hours periods listed per cycle.
pub const MAX_OFF_HOURS_PERIODS: usize = 64;

/// Optional extras for [`evaluate_with`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlaOptions {
    /// List each cycle's closed periods (`off_hours`), not only their total.
    /// Costs a walk over the calendar's periods per running span.
    #[serde(default)]
    pub off_hours_periods: bool,
}

/// As [`evaluate`], with options.
pub fn evaluate_with(
    set: &PolicySet,
    ticket: &Ticket,
    customer: Option<&Customer>,
    now: Timestamp,
    options: &SlaOptions,
) -> SlaReport {
    let now_s = now.as_unix_seconds().clamp(H0, H1);
    let mut facts = Facts {
        priority: ticket.priority(),
        channel: ticket.channel(),
        group: None,
        tags: Vec::new(),
        fields: Vec::new(),
        segment: customer.and_then(|c| c.segment.as_deref()),
        plan: customer.and_then(|c| c.plan.as_deref()),
    };
    let policy_now = |facts: &Facts<'_>| set.policies.iter().position(|p| facts.matches(&p.when));

    let mut instants: Vec<i64> = ticket
        .events()
        .iter()
        .map(|e| e.at.as_unix_seconds().clamp(H0, H1))
        .filter(|&t| t <= now_s)
        .chain([now_s])
        .collect();
    instants.sort_unstable();
    instants.dedup();
    let mut totals = Totals::new(set, instants);

    let n = set.metrics.len();
    // Per metric: armed, cycles started, and the arena index of the running
    // cycle. Every cycle lives in one arena, in creation order, and never moves.
    let mut state: Vec<(bool, usize, Option<usize>)> = vec![(false, 0, None); n];
    let mut arena: Vec<(usize, Raw)> = Vec::with_capacity(16);
    let mut status = Status::New;
    let mut triggers: u32;

    for event in ticket.events() {
        let at = event.at.as_unix_seconds().clamp(H0, H1);
        if at > now_s {
            break;
        }
        triggers = 0;
        let before = status;
        let fact_change = matches!(
            event.kind,
            EventKind::PriorityChanged { .. }
                | EventKind::GroupChanged { .. }
                | EventKind::TagsAdded { .. }
                | EventKind::TagsRemoved { .. }
                | EventKind::FieldChanged { .. }
        ) && state.iter().any(|x| x.2.is_some());
        let old_config = fact_change.then(|| (policy_now(&facts), facts.priority));
        match &event.kind {
            EventKind::Created {
                priority,
                status: s,
                group,
                tags,
                fields,
                ..
            } => {
                triggers |= bit(Trigger::Created);
                facts.priority = *priority;
                facts.group = group.as_ref();
                facts.tags = tags.iter().collect();
                facts.fields = fields
                    .iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k.as_str(), v))
                    .collect();
                status = *s;
            }
            EventKind::Message {
                author,
                public: true,
                ..
            } => match author {
                AuthorKind::Customer => {
                    triggers |= bit(Trigger::CustomerMessage);
                    if matches!(status, Status::Pending | Status::OnHold | Status::Solved) {
                        status = Status::Open;
                    }
                }
                AuthorKind::Agent => triggers |= bit(Trigger::AgentReply),
                _ => {}
            },
            EventKind::StatusChanged { to } => status = *to,
            EventKind::Merged { .. } => status = Status::Closed,
            EventKind::PriorityChanged { to } => {
                facts.priority = *to;
                triggers |= bit(Trigger::PriorityChanged);
            }
            EventKind::Assigned { .. } => triggers |= bit(Trigger::AssigneeChanged),
            EventKind::GroupChanged { to } => {
                facts.group = to.as_ref();
                triggers |= bit(Trigger::GroupChanged);
            }
            EventKind::TagsAdded { tags } => {
                for t in tags {
                    if !facts.tags.contains(&t) {
                        facts.tags.push(t);
                    }
                }
            }
            EventKind::TagsRemoved { tags } => facts.tags.retain(|t| !tags.contains(t)),
            EventKind::FieldChanged { name, value } => {
                facts.fields.retain(|(k, _)| k != name);
                if !value.is_null() {
                    facts.fields.push((name.as_str(), value));
                }
            }
            _ => {}
        }
        if let Some((policy, priority)) = old_config
            && (policy_now(&facts), facts.priority) != (policy, priority)
        {
            // The target changes: a cycle that exceeded the one in force until
            // now stays breached.
            for (m, (_, _, slot)) in state.iter().enumerate() {
                if let Some((_, raw)) = slot
                    .and_then(|i| arena.get_mut(i))
                    .filter(|(_, r)| r.sticky.is_none() && r.completed.is_none())
                    && let Some(breach) = breach_so_far(&mut totals, m, raw, policy, priority, at)
                {
                    raw.sticky = Some((breach, policy, priority));
                }
            }
        }
        let changed = status != before && !matches!(event.kind, EventKind::Created { .. });
        if changed {
            triggers |= bit(Trigger::StatusLeft(before));
        }
        if status != before || matches!(event.kind, EventKind::Created { .. }) {
            triggers |= bit(Trigger::StatusEntered(status));
        }
        // The policy in force after this event, computed only if a cycle completes.
        let mut policy_here: Option<Option<usize>> = None;
        for (m, def) in set.masks.iter().enumerate() {
            let hit = |mask: u32| triggers & mask != 0;
            let Some((arm, started, slot)) = state.get_mut(m) else {
                continue;
            };
            // Most events touch few metrics: skip the rest quickly.
            if triggers & (def.start | def.stop | def.armed_by) == 0 && !(changed && slot.is_some())
            {
                continue;
            }
            if let Some((_, raw)) = slot.and_then(|i| arena.get_mut(i)) {
                if hit(def.stop) {
                    raw.leave(at);
                    let policy = *policy_here.get_or_insert_with(|| policy_now(&facts));
                    raw.completed = Some((at, policy, facts.priority));
                    *slot = None;
                } else if changed {
                    let mode = mode_for(def, status);
                    if mode != raw.mode {
                        if let (Mode::Complete, Some((t, policy, priority)), None) =
                            (raw.mode, raw.completed, raw.sticky)
                        {
                            // Resuming a completed cycle: a breach it had stays.
                            if let Some(breach) =
                                breach_so_far(&mut totals, m, raw, policy, priority, t)
                            {
                                raw.sticky = Some((breach, policy, priority));
                            }
                        }
                        raw.leave(at);
                        let policy = if mode == Mode::Complete {
                            *policy_here.get_or_insert_with(|| policy_now(&facts))
                        } else {
                            None
                        };
                        raw.enter(mode, at, policy, facts.priority);
                    }
                }
            }
            if hit(def.armed_by) {
                *arm = true;
            }
            // An event that enters a stopping status starts nothing.
            let stops_by_status = triggers & def.stop & STATUS_ENTERED_BITS != 0;
            if slot.is_none()
                && !stops_by_status
                && (def.armed_by == 0 || *arm)
                && (def.repeat || *started == 0)
                && hit(def.start)
            {
                let mode = mode_for(def, status);
                let mut raw = Raw::start(at, Mode::Running);
                if mode != Mode::Running {
                    let policy = if mode == Mode::Complete {
                        *policy_here.get_or_insert_with(|| policy_now(&facts))
                    } else {
                        None
                    };
                    raw.leave(at);
                    raw.enter(mode, at, policy, facts.priority);
                }
                *slot = Some(arena.len());
                arena.push((m, raw));
                *started += 1;
            }
        }
    }

    let current = policy_now(&facts);
    let mut metrics: Vec<MetricReport> = set
        .metric_names
        .iter()
        .zip(&state)
        .map(|(name, &(_, cycles, _))| MetricReport {
            metric: Arc::clone(name),
            state: SlaState::NotApplicable,
            cycles: Vec::with_capacity(cycles),
        })
        .collect();
    for (m, raw) in arena {
        if let Some(report) = metrics.get_mut(m) {
            let cycle = report_cycle(&mut totals, m, raw, current, facts.priority, now_s, options);
            report.state = cycle.state;
            report.cycles.push(cycle);
        }
    }
    SlaReport {
        ticket: ticket.id().clone(),
        evaluated_at: now,
        policy: current
            .and_then(|p| set.policies.get(p))
            .map(|p| p.name.clone()),
        metrics,
    }
}

/// What applies to one metric under one policy and priority: the policy,
/// the target, the calendar's index (`None`: calendar hours) and its name.
type Config<'a> = (
    Option<&'a super::spec::Policy>,
    Option<i64>,
    Option<usize>,
    Option<Arc<str>>,
);

/// The configured target and calendar of `metric` under `policy` and `priority`.
fn config(set: &PolicySet, metric: usize, policy: Option<usize>, priority: Priority) -> Config<'_> {
    let pol = policy.and_then(|p| set.policies.get(p));
    let entry = pol.and_then(|p| p.metrics.get(metric).copied().flatten());
    let (cal_index, target) = match entry {
        Some((c, targets)) => (c, targets.get(priority as usize).copied().flatten()),
        None => (None, None),
    };
    match cal_index.and_then(|c| set.calendars.get(c).map(|x| (c, x))) {
        Some((c, (name, _))) => (pol, target, Some(c), Some(Arc::clone(name))),
        None => (pol, target, None, None),
    }
}

/// If the cycle's elapsed time up to `at` exceeds its target under `policy`
/// and `priority`, the instant it first did.
fn breach_so_far(
    totals: &mut Totals<'_>,
    metric: usize,
    raw: &Raw,
    policy: Option<usize>,
    priority: Priority,
    at: i64,
) -> Option<i64> {
    let (_, target, cal, _) = config(totals.set, metric, policy, priority);
    let target = target?;
    let open = (raw.mode == Mode::Running && at > raw.since).then_some((raw.since, at));
    let clock = Clock::new(totals, cal, raw.spans.as_slice(), open);
    (clock.elapsed > target)
        .then(|| clock.crossing(target + 1))
        .flatten()
}

/// The running totals of the calendars in use at the instants a cycle can
/// start or end at (event times and `now`), each computed once per evaluation.
struct Totals<'a> {
    set: &'a PolicySet,
    /// Sorted, distinct.
    instants: Vec<i64>,
    /// Per calendar (the set's, then calendar hours): the totals at `instants`.
    tables: Vec<Option<Vec<i64>>>,
}

impl<'a> Totals<'a> {
    fn new(set: &'a PolicySet, instants: Vec<i64>) -> Totals<'a> {
        Totals {
            set,
            instants,
            tables: vec![None; set.calendars.len() + 1],
        }
    }

    fn calendar(&self, index: Option<usize>) -> &'a BusinessCalendar {
        match index.and_then(|c| self.set.calendars.get(c)) {
            Some((_, cal)) => cal,
            None => &self.set.always,
        }
    }

    /// The running total of calendar `index` at `t`.
    fn get(&mut self, index: Option<usize>, t: i64) -> i64 {
        let cal = self.calendar(index);
        let slot = index.unwrap_or(self.set.calendars.len());
        let Ok(pos) = self.instants.binary_search(&t) else {
            return cal.running_total(t);
        };
        if let Some(table) = self.tables.get_mut(slot) {
            let table = table.get_or_insert_with(|| cal.running_totals(&self.instants));
            if let Some(&v) = table.get(pos) {
                return v;
            }
        }
        cal.running_total(t)
    }
}

/// A cycle's running spans read on one calendar: the business time they hold,
/// and where a given amount of it was reached. Works on the calendar's running
/// totals, so each span costs two lookups and each crossing one search.
struct Clock<'a> {
    cal: &'a BusinessCalendar,
    /// Per span: the running totals at its start and end (inline for the
    /// usual few spans, on the heap past that).
    inline: [(i64, i64); 4],
    heap: Vec<(i64, i64)>,
    len: usize,
    elapsed: i64,
}

impl<'a> Clock<'a> {
    fn new(
        totals: &mut Totals<'a>,
        index: Option<usize>,
        spans: &[(i64, i64)],
        open: Option<(i64, i64)>,
    ) -> Clock<'a> {
        let cal = totals.calendar(index);
        let mut clock = Clock {
            cal,
            inline: [(0, 0); 4],
            heap: Vec::new(),
            len: 0,
            elapsed: 0,
        };
        for &(s, e) in spans.iter().chain(open.as_ref()) {
            let pair = (totals.get(index, s), totals.get(index, e));
            clock.elapsed += pair.1 - pair.0;
            match clock.inline.get_mut(clock.len) {
                Some(slot) if clock.heap.is_empty() => *slot = pair,
                _ => {
                    if clock.heap.is_empty() {
                        clock.heap.extend_from_slice(&clock.inline);
                    }
                    clock.heap.push(pair);
                }
            }
            clock.len += 1;
        }
        clock
    }

    fn totals(&self) -> &[(i64, i64)] {
        if self.heap.is_empty() {
            self.inline.get(..self.len).unwrap_or(&[])
        } else {
            &self.heap
        }
    }

    /// The earliest instant at which `x` business seconds had run, if they have.
    fn crossing(&self, x: i64) -> Option<i64> {
        let mut before = 0;
        for &(a, b) in self.totals() {
            if x > before && before + (b - a) >= x {
                return self.cal.instant_of_total(a + (x - before));
            }
            before += b - a;
        }
        None
    }

    /// When `x` business seconds will have run if the clock keeps running from
    /// `now` (or has run, if it already has).
    fn projected(&self, x: i64, now_total: i64) -> Option<i64> {
        self.crossing(x)
            .or_else(|| self.cal.instant_of_total(now_total + (x - self.elapsed)))
    }
}

fn report_cycle(
    totals: &mut Totals<'_>,
    metric: usize,
    raw: Raw,
    current: Option<usize>,
    priority_now: Priority,
    now: i64,
    options: &SlaOptions,
) -> CycleReport {
    let complete = raw.completed;
    let (policy, priority) = match complete {
        Some((_, p, prio)) => (p, prio),
        None => (current, priority_now),
    };
    let running = raw.mode == Mode::Running && complete.is_none();
    let open = (running && now > raw.since).then_some((raw.since, now));
    let (pol, target, cal_index, cal_name) = config(totals.set, metric, policy, priority);
    let wall: i64 = raw
        .spans
        .as_slice()
        .iter()
        .chain(open.as_ref())
        .map(|(s, e)| e - s)
        .sum();
    let clock = Clock::new(totals, cal_index, raw.spans.as_slice(), open);
    let elapsed = clock.elapsed;
    let mut report = CycleReport {
        state: SlaState::NotApplicable,
        policy: pol.map(|p| p.name.clone()),
        calendar: cal_name,
        target_seconds: target,
        started_at: ts(raw.started),
        stopped_at: complete.map(|(t, _, _)| ts(t)),
        due_at: None,
        elapsed_seconds: elapsed,
        remaining_seconds: None,
        breached_at: None,
        warning: false,
        warning_at: None,
        pauses: raw.pauses,
        off_hours_seconds: wall - elapsed,
        off_hours: Vec::new(),
        off_hours_truncated: false,
    };
    if options.off_hours_periods && report.off_hours_seconds > 0 {
        let cal = totals.calendar(cal_index);
        'spans: for &(s, e) in raw.spans.as_slice().iter().chain(open.as_ref()) {
            let mut cursor = s;
            let open_periods = cal.open_intervals(ts(s), ts(e)).unwrap_or_default();
            let closes = open_periods
                .iter()
                .map(|(a, b)| (a.as_unix_seconds(), b.as_unix_seconds()))
                .chain([(e, e)]);
            for (a, b) in closes {
                if a > cursor {
                    if report.off_hours.len() == MAX_OFF_HOURS_PERIODS {
                        report.off_hours_truncated = true;
                        break 'spans;
                    }
                    report.off_hours.push((ts(cursor), ts(a)));
                }
                cursor = cursor.max(b);
            }
        }
    }
    let sticky = raw.sticky.map(|(at, _, _)| at);
    let Some(target) = target else {
        if let Some(at) = sticky {
            // Breached under an earlier target; no target applies any more.
            report.state = SlaState::Breached;
            report.breached_at = Some(ts(at));
        }
        return report;
    };
    let remaining = target - elapsed;
    report.remaining_seconds = Some(remaining);
    let now_total = totals.get(cal_index, now);
    let mut breached = elapsed > target;
    let breach = if running {
        clock.projected(target + 1, now_total)
    } else {
        clock.crossing(target + 1)
    };
    report.breached_at = match (sticky, breach) {
        // It exceeded the target in force before the facts changed: a breach
        // stays a breach, whatever the new target says.
        (Some(at), Some(b)) => Some(ts(at.min(b))),
        (Some(at), None) => Some(ts(at)),
        (None, b) => b.map(ts),
    };
    breached |= sticky.is_some();
    if complete.is_some() {
        report.state = if breached {
            SlaState::Breached
        } else {
            SlaState::Achieved
        };
        return report;
    }
    report.state = if breached {
        SlaState::Breached
    } else if running {
        SlaState::Active
    } else {
        SlaState::Paused
    };
    let threshold = match pol.map(|p| p.warn).unwrap_or_default() {
        WarnAt::RemainingShare(share) => (target as f64 * share).round() as i64,
        WarnAt::RemainingSeconds(s) => s,
    }
    .clamp(0, target);
    report.warning = !breached && remaining <= threshold;
    if running {
        report.due_at = clock.projected(target, now_total).map(ts);
        report.warning_at = clock.projected(target - threshold, now_total).map(ts);
    } else {
        report.due_at = clock.crossing(target).map(ts);
        report.warning_at = clock.crossing(target - threshold).map(ts);
    }
    report
}
