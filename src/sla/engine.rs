//! Evaluation: the replay's cycles turned into a report.

use serde::{Deserialize, Serialize};

use super::clock::{Clock, Totals};
use super::cycle::{At, Check, Config, Raw, Span, ts};
use super::replay::{Replay, breach_at_check, secs};
use super::report::{CycleReport, MetricReport, SlaReport, SlaState};
use super::spec::{Policy, PolicySet, TargetLength, WarnAt};
use crate::time::Timestamp;
use crate::{BusinessCalendar, Customer, Name, Ticket};

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
///   target when the facts changed stays breached: a breach is never undone
///   (see the [SLA chapter](super#a-breach-stays-a-breach)).
/// - While a cycle is paused it has no `due_at` (there is nothing to wake up
///   for); a breach it had is in `breached_at`, paused or not.
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SlaOptions {
    /// List each cycle's closed periods (`off_hours`), not only their total.
    /// Costs a walk over the calendar's periods per running span.
    #[serde(default)]
    pub off_hours_periods: bool,
}

/// As [`evaluate`], with options.
///
/// # Cost
/// One pass over the events up to `now` (each event visits only the
/// metrics it can start, stop or arm), a policy condition evaluated when an
/// event changes something the policies read, and per cycle a few binary
/// searches on its calendar: about 2 µs for a 20-event ticket under three
/// policies (`cargo bench -p frontline-benches --bench sla`). Listing off-hours periods adds a
/// walk over the calendar's periods, at most [`MAX_OFF_HOURS_PERIODS`] per cycle.
pub fn evaluate_with(
    set: &PolicySet,
    ticket: &Ticket,
    customer: Option<&Customer>,
    now: Timestamp,
    options: &SlaOptions,
) -> SlaReport {
    let mut replay = Replay::new(set, ticket, customer, secs(now));
    replay.run();
    let current = replay.config;
    let now_index = replay.now_index();
    let mut arena = std::mem::take(&mut replay.arena);
    let checks = std::mem::take(&mut replay.checks);
    let mut metrics: Vec<MetricReport> = set
        .metric_names
        .iter()
        .enumerate()
        .map(|(m, name)| MetricReport {
            metric: name.clone(),
            state: SlaState::NotApplicable,
            cycles: Vec::with_capacity(arena.iter().filter(|(x, r)| *x == m && !r.void).count()),
        })
        .collect();
    for (c, (m, raw)) in arena.iter_mut().enumerate() {
        let Some(report) = metrics.get_mut(*m).filter(|_| !raw.void) else {
            continue;
        };
        let notes = checks
            .iter()
            .filter(|(x, _)| *x as usize == c)
            .map(|(_, k)| k);
        // Built in place: a cycle's report is large.
        report.cycles.push(blank(raw));
        if let Some(cycle) = report.cycles.last_mut() {
            let inputs = Inputs {
                totals: &replay.totals,
                metric: *m,
                current,
                now: now_index,
                options,
            };
            report_cycle(cycle, &inputs, raw, notes);
            report.state = cycle.state;
        }
    }
    SlaReport {
        ticket: ticket.id().clone(),
        evaluated_at: now,
        policy: current
            .0
            .and_then(|p| set.policies.get(p as usize))
            .map(|p| p.name.clone()),
        metrics,
    }
}

/// What applies to one metric under one config (policy and priority).
pub(super) struct Target<'a> {
    pub policy: Option<&'a Policy>,
    /// Business seconds; `None` when no target applies.
    pub seconds: Option<i64>,
    /// The set's calendar index; `None` for calendar hours.
    pub calendar: Option<usize>,
    pub calendar_name: Option<&'a Name>,
}

impl Target<'_> {
    /// The target of `metric` under `config` for a cycle that started at
    /// `started` (which fixes the length of a target in business days).
    pub fn of(
        set: &PolicySet,
        metric: usize,
        (policy, priority): Config,
        started: i64,
    ) -> Target<'_> {
        let pol = policy.and_then(|p| set.policies.get(p as usize));
        let entry = pol.and_then(|p| p.metrics.get(metric).copied().flatten());
        let (calendar, length) = match entry {
            Some((c, targets)) => (c, targets.get(priority as usize).copied().flatten()),
            None => (None, None),
        };
        let named = calendar.and_then(|c| set.calendars.get(c));
        Target {
            policy: pol,
            seconds: length.and_then(|l| seconds_of(l, named.map(|(_, cal)| cal), started)),
            calendar: named.and(calendar),
            calendar_name: named.map(|(name, _)| name),
        }
    }
}

/// A target's length in (business) seconds for a cycle started at
/// `started`. A business-day target counts from the cycle's first business
/// moment (its start, or the next opening if the calendar is closed then)
/// to the same wall-clock time that many business dates later, or the next
/// opening after that (zendesk/biz's `days`); its length is the business
/// time until then, at least one second. On calendar hours a business day
/// is 24 hours. `None` (no target) only for a cycle whose due time would lie
/// past the calendar's horizon (2099), where no business time is left.
fn seconds_of(
    length: TargetLength,
    calendar: Option<&BusinessCalendar>,
    started: i64,
) -> Option<i64> {
    match (length, calendar) {
        (TargetLength::Seconds(s), _) => Some(s),
        (TargetLength::BusinessDays(n), None) => Some(i64::from(n) * 86_400),
        (TargetLength::BusinessDays(n), Some(cal)) => {
            let start = ts(started);
            let first = cal.next_open(start).ok()?;
            let due = cal.add_business_days(first, n).ok()?;
            cal.between(start, due).ok().map(|s| s.max(1))
        }
    }
}

/// What every cycle's report reads besides the cycle itself.
struct Inputs<'a, 't> {
    totals: &'a Totals<'t>,
    metric: usize,
    /// The config in force at `now`.
    current: Config,
    now: At,
    options: &'a SlaOptions,
}

/// A cycle's report before it is read: its start, and nothing known yet.
fn blank(raw: &Raw) -> CycleReport {
    CycleReport {
        state: SlaState::NotApplicable,
        policy: None,
        calendar: None,
        target_seconds: None,
        started_at: ts(raw.started),
        stopped_at: raw.completed.map(|(t, _)| ts(t)),
        due_at: None,
        elapsed_seconds: 0,
        remaining_seconds: None,
        breached_at: None,
        warning: false,
        warning_at: None,
        pauses: Vec::new(),
        off_hours_seconds: 0,
        off_hours: Vec::new(),
        off_hours_truncated: false,
    }
}

/// One cycle's report, filled in place: its config (the one it completed
/// under, or the one in force now), its clock, its periods, its verdict.
fn report_cycle<'c>(
    report: &mut CycleReport,
    inputs: &Inputs<'_, '_>,
    raw: &mut Raw,
    checks: impl Iterator<Item = &'c Check>,
) {
    let totals = inputs.totals;
    let config = raw.completed.map_or(inputs.current, |(_, c)| c);
    let target = Target::of(totals.set, inputs.metric, config, raw.started);
    let open = raw.open_span(inputs.now);
    let clock = totals.clock(target.calendar, raw.spans.as_slice(), open);
    report.policy = target.policy.map(|p| p.name.clone());
    report.calendar = target.calendar_name.cloned();
    report.target_seconds = target.seconds;
    report.elapsed_seconds = clock.elapsed;
    report.off_hours_seconds = clock.wall - clock.elapsed;
    if inputs.options.off_hours_periods && report.off_hours_seconds > 0 {
        list_off_hours(report, totals, &target, raw, open);
    }
    let cycle = Cycle {
        metric: inputs.metric,
        config,
        target: &target,
        raw,
        clock: &clock,
    };
    judge(report, totals, &cycle, checks, inputs.now);
    report.pauses = std::mem::take(&mut raw.pauses);
}

/// Lists the closed periods within the cycle's running spans.
fn list_off_hours(
    report: &mut CycleReport,
    totals: &Totals<'_>,
    target: &Target<'_>,
    raw: &Raw,
    open: Option<Span>,
) {
    let Some(cal) = totals.calendar(target.calendar) else {
        return; // calendar hours are never closed
    };
    for &(s, e) in raw.spans.as_slice().iter().chain(open.as_ref()) {
        let (s, e) = (totals.instant(s), totals.instant(e));
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
                    return;
                }
                report.off_hours.push((ts(cursor), ts(a)));
            }
            cursor = cursor.max(b);
        }
    }
}

/// One cycle, read on its calendar under its config.
struct Cycle<'a, 'b> {
    metric: usize,
    config: Config,
    target: &'a Target<'b>,
    raw: &'a Raw,
    clock: &'a Clock<'b>,
}

/// The first breach under an earlier target, of the checks the replay
/// noted (oldest first): once breached, a cycle stays breached. A check
/// under the report's own config needs no clock: its breach, if it had
/// happened by then, is the report's own (`breach`).
fn sticky<'c>(
    totals: &Totals<'_>,
    cycle: &Cycle<'_, '_>,
    mut checks: impl Iterator<Item = &'c Check>,
    breach: Option<i64>,
) -> Option<i64> {
    checks.find_map(|check| {
        if check.config == cycle.config {
            breach.filter(|&b| b <= totals.instant(check.at))
        } else {
            breach_at_check(totals, cycle.metric, cycle.raw, check)
        }
    })
}

/// The cycle's state, breach, due and warning instants.
fn judge<'c>(
    report: &mut CycleReport,
    totals: &Totals<'_>,
    cycle: &Cycle<'_, '_>,
    checks: impl Iterator<Item = &'c Check>,
    now: At,
) {
    let (target, raw, clock) = (cycle.target, cycle.raw, cycle.clock);
    let running = raw.running();
    let Some(seconds) = target.seconds else {
        if let Some(at) = sticky(totals, cycle, checks, None) {
            // Breached under an earlier target; no target applies any more.
            report.state = SlaState::Breached;
            report.breached_at = Some(ts(at));
        }
        return;
    };
    let remaining = seconds - clock.elapsed;
    report.remaining_seconds = Some(remaining);
    let breach = if running {
        clock.projected(seconds + 1, now)
    } else {
        clock.crossing(seconds + 1)
    };
    let sticky = sticky(totals, cycle, checks, breach);
    // A cycle that exceeded the target in force before the facts changed
    // stays breached, whatever the new target says.
    report.breached_at = match (sticky, breach) {
        (Some(at), Some(b)) => Some(ts(at.min(b))),
        (Some(at), None) => Some(ts(at)),
        (None, b) => b.map(ts),
    };
    let breached = clock.elapsed > seconds || sticky.is_some();
    report.state = match (raw.completed.is_some(), breached, running) {
        (true, true, _) => SlaState::Breached,
        (true, false, _) => SlaState::Achieved,
        (false, true, _) => SlaState::Breached,
        (false, false, true) => SlaState::Active,
        (false, false, false) => SlaState::Paused,
    };
    if raw.completed.is_some() {
        return;
    }
    let threshold = match target.policy.map(|p| p.warn).unwrap_or_default() {
        WarnAt::RemainingShare(share) => (seconds as f64 * share).round() as i64,
        WarnAt::RemainingSeconds(s) => s,
    }
    .clamp(0, seconds);
    report.warning = !breached && remaining <= threshold;
    if !running {
        // Paused: no instant to wake up for.
        return;
    }
    report.due_at = clock.projected(seconds, now).map(ts);
    report.warning_at = clock.projected(seconds - threshold, now).map(ts);
}
