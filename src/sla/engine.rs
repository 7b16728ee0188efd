//! Replays a ticket's events through every metric's state machine and turns
//! the cycles into a report.

use serde_json::Value;

use super::report::{CycleReport, MetricReport, Pause, SlaReport, SlaState};
use super::spec::{Matcher, MetricDefinition, PolicySet, Trigger, WarnAt};
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

/// A cycle as the replay builds it.
struct Raw {
    started: i64,
    /// Closed running spans.
    spans: Vec<(i64, i64)>,
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

fn ts(t: i64) -> Timestamp {
    Timestamp::from_unix_seconds(t.clamp(H0, H1)).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn mode_for(def: &MetricDefinition, status: Status) -> Mode {
    if def.complete_in.contains(&status) {
        Mode::Complete
    } else if def.pause_in.contains(&status) {
        Mode::Paused(status)
    } else {
        Mode::Running
    }
}

impl Raw {
    fn start(at: i64, mode: Mode) -> Raw {
        let mut raw = Raw {
            started: at,
            spans: Vec::new(),
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
///   current facts (the target, the calendar and the due time all follow);
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
/// let ticket: Ticket = Ticket::from_events("T-1".parse()?, serde_json::from_str(r#"[
///   {"at": "2026-03-06T14:00:00Z", "type": "created", "subject": "Retour", "requester": "c1", "channel": "email"},
///   {"at": "2026-03-06T14:00:00Z", "type": "message", "author": "customer", "body": "Hoe retourneer ik?"}
/// ]"#)?)?;
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

    let n = set.metrics.len();
    let mut armed = vec![false; n];
    let mut count = vec![0usize; n];
    let mut active: Vec<Option<Raw>> = (0..n).map(|_| None).collect();
    let mut done: Vec<Vec<Raw>> = (0..n).map(|_| Vec::new()).collect();
    let mut status = Status::New;
    let mut triggers: Vec<Trigger> = Vec::with_capacity(4);

    for event in ticket.events() {
        let at = event.at.as_unix_seconds().clamp(H0, H1);
        if at > now_s {
            break;
        }
        triggers.clear();
        let before = status;
        if matches!(
            event.kind,
            EventKind::PriorityChanged { .. }
                | EventKind::GroupChanged { .. }
                | EventKind::TagsAdded { .. }
                | EventKind::TagsRemoved { .. }
                | EventKind::FieldChanged { .. }
        ) && active.iter().any(Option::is_some)
        {
            // The target may change: record breaches under the one in force so far.
            let policy = policy_now(&facts);
            for (m, slot) in active.iter_mut().enumerate() {
                if let Some(raw) = slot
                    .as_mut()
                    .filter(|r| r.sticky.is_none() && r.completed.is_none())
                    && let Some(breach) = breach_so_far(set, m, raw, policy, facts.priority, at)
                {
                    raw.sticky = Some((breach, policy, facts.priority));
                }
            }
        }
        match &event.kind {
            EventKind::Created {
                priority,
                status: s,
                group,
                tags,
                fields,
                ..
            } => {
                triggers.push(Trigger::Created);
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
                    triggers.push(Trigger::CustomerMessage);
                    if matches!(status, Status::Pending | Status::OnHold | Status::Solved) {
                        status = Status::Open;
                    }
                }
                AuthorKind::Agent => triggers.push(Trigger::AgentReply),
                _ => {}
            },
            EventKind::StatusChanged { to } => status = *to,
            EventKind::Merged { .. } => status = Status::Closed,
            EventKind::PriorityChanged { to } => {
                facts.priority = *to;
                triggers.push(Trigger::PriorityChanged);
            }
            EventKind::Assigned { .. } => triggers.push(Trigger::AssigneeChanged),
            EventKind::GroupChanged { to } => {
                facts.group = to.as_ref();
                triggers.push(Trigger::GroupChanged);
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
        let changed = status != before && !matches!(event.kind, EventKind::Created { .. });
        if changed {
            triggers.push(Trigger::StatusLeft(before));
        }
        if status != before || matches!(event.kind, EventKind::Created { .. }) {
            triggers.push(Trigger::StatusEntered(status));
        }
        // The policy in force after this event, computed only if a cycle completes.
        let mut policy_here: Option<Option<usize>> = None;
        for (m, def) in set.metrics.iter().enumerate() {
            let hit = |list: &[Trigger]| triggers.iter().any(|t| list.contains(t));
            let (Some(slot), Some(finished), Some(arm), Some(started)) = (
                active.get_mut(m),
                done.get_mut(m),
                armed.get_mut(m),
                count.get_mut(m),
            ) else {
                continue;
            };
            if let Some(raw) = slot.as_mut() {
                if hit(&def.stop) {
                    raw.leave(at);
                    let policy = *policy_here.get_or_insert_with(|| policy_now(&facts));
                    raw.completed = Some((at, policy, facts.priority));
                    if let Some(raw) = slot.take() {
                        finished.push(raw);
                    }
                } else if changed {
                    let mode = mode_for(def, status);
                    if mode != raw.mode {
                        if let (Mode::Complete, Some((t, policy, priority)), None) =
                            (raw.mode, raw.completed, raw.sticky)
                        {
                            // Resuming a completed cycle: a breach it had stays.
                            if let Some(breach) = breach_so_far(set, m, raw, policy, priority, t) {
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
            if hit(&def.armed_by) {
                *arm = true;
            }
            if slot.is_none()
                && (def.armed_by.is_empty() || *arm)
                && (def.repeat || *started == 0)
                && hit(&def.start)
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
                *slot = Some(raw);
                *started += 1;
            }
        }
    }

    let current = policy_now(&facts);
    let mut metrics = Vec::with_capacity(n);
    for (m, def) in set.metrics.iter().enumerate() {
        let mut cycles = Vec::new();
        let raws = done.get_mut(m).map(std::mem::take).unwrap_or_default();
        let open = active.get_mut(m).and_then(Option::take);
        for raw in raws.into_iter().chain(open) {
            cycles.push(report_cycle(set, m, raw, current, facts.priority, now_s));
        }
        let state = cycles.last().map_or(SlaState::NotApplicable, |c| c.state);
        metrics.push(MetricReport {
            metric: def.name.clone(),
            state,
            cycles,
        });
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

/// The configured target and calendar of `metric` under `policy` and `priority`.
fn config(
    set: &PolicySet,
    metric: usize,
    policy: Option<usize>,
    priority: Priority,
) -> (
    Option<&super::spec::Policy>,
    Option<i64>,
    &BusinessCalendar,
    Option<String>,
) {
    let pol = policy.and_then(|p| set.policies.get(p));
    let entry = pol.and_then(|p| p.metrics.get(metric).copied().flatten());
    let (cal_index, target) = match entry {
        Some((c, targets)) => (c, targets.get(priority as usize).copied().flatten()),
        None => (None, None),
    };
    match cal_index.and_then(|c| set.calendars.get(c)) {
        Some((name, cal)) => (pol, target, cal, Some(name.clone())),
        None => (pol, target, &set.always, None),
    }
}

/// If the cycle's elapsed time up to `at` exceeds its target under `policy`
/// and `priority`, the instant it first did.
fn breach_so_far(
    set: &PolicySet,
    metric: usize,
    raw: &Raw,
    policy: Option<usize>,
    priority: Priority,
    at: i64,
) -> Option<i64> {
    let (_, target, cal, _) = config(set, metric, policy, priority);
    let target = target?;
    let mut spans = raw.spans.clone();
    if raw.mode == Mode::Running && at > raw.since {
        spans.push((raw.since, at));
    }
    let (elapsed, breach) = reach(cal, &spans, target + 1);
    (elapsed > target).then_some(breach).flatten()
}

/// Business seconds over `spans`, and the instant at which the running total
/// first reaches `x` within them (earliest), if it does.
fn reach(cal: &BusinessCalendar, spans: &[(i64, i64)], x: i64) -> (i64, Option<i64>) {
    let mut cum = 0i64;
    let mut hit = None;
    for &(s, e) in spans {
        let b = cal.between(ts(s), ts(e)).unwrap_or(0);
        if hit.is_none() && x > cum && cum + b >= x {
            hit = cal.add(ts(s), x - cum).ok().map(|t| t.as_unix_seconds());
        }
        cum += b;
    }
    (cum, hit)
}

fn report_cycle(
    set: &PolicySet,
    metric: usize,
    mut raw: Raw,
    current: Option<usize>,
    priority_now: Priority,
    now: i64,
) -> CycleReport {
    let complete = raw.completed;
    let (policy, priority) = match complete {
        Some((_, p, prio)) => (p, prio),
        None => (current, priority_now),
    };
    let running = raw.mode == Mode::Running && complete.is_none();
    if running && now > raw.since {
        raw.spans.push((raw.since, now));
    }
    let (pol, target, cal, cal_name) = config(set, metric, policy, priority);
    let wall: i64 = raw.spans.iter().map(|(s, e)| e - s).sum();
    let stopped_at = complete.map(|(t, _, _)| ts(t));
    let mut report = CycleReport {
        state: SlaState::NotApplicable,
        policy: pol.map(|p| p.name.clone()),
        calendar: cal_name,
        target_seconds: target,
        started_at: ts(raw.started),
        stopped_at,
        due_at: None,
        elapsed_seconds: 0,
        remaining_seconds: None,
        breached_at: None,
        warning: false,
        warning_at: None,
        pauses: raw.pauses,
        off_hours_seconds: 0,
    };
    let Some(target) = target else {
        let (elapsed, _) = reach(cal, &raw.spans, 0);
        report.elapsed_seconds = elapsed;
        report.off_hours_seconds = wall - elapsed;
        if let Some((at, _, _)) = raw.sticky {
            // Breached under an earlier target; no target applies any more.
            report.state = SlaState::Breached;
            report.breached_at = Some(ts(at));
        }
        return report;
    };
    let (elapsed, due) = reach(cal, &raw.spans, target);
    let (_, breach) = reach(cal, &raw.spans, target + 1);
    report.elapsed_seconds = elapsed;
    report.off_hours_seconds = wall - elapsed;
    let remaining = target - elapsed;
    report.remaining_seconds = Some(remaining);
    let mut breached = elapsed > target;
    report.breached_at = breach.map(ts);
    if let Some((at, _, _)) = raw.sticky {
        // It exceeded the target in force before the facts changed: a breach
        // stays a breach, whatever the new target says.
        if !breached || breach.is_some_and(|b| b > at) {
            report.breached_at = Some(ts(at));
        }
        breached = true;
    }
    let threshold = match pol.map(|p| p.warn).unwrap_or_default() {
        WarnAt::RemainingShare(share) => (target as f64 * share).round() as i64,
        WarnAt::RemainingSeconds(s) => s,
    }
    .clamp(0, target);
    let (_, warn_hit) = reach(cal, &raw.spans, target - threshold);
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
    report.warning = !breached && remaining <= threshold;
    report.warning_at = warn_hit.map(ts);
    if running {
        // Project the rest from now, as if the clock keeps running.
        let from = ts(now);
        report.due_at = due.map(ts).or_else(|| cal.add(from, remaining).ok());
        if report.breached_at.is_none() {
            report.breached_at = cal.add(from, remaining + 1).ok();
        }
        if report.warning_at.is_none() && remaining > threshold {
            report.warning_at = cal.add(from, remaining - threshold).ok();
        }
    } else {
        report.due_at = due.map(ts);
    }
    report
}
