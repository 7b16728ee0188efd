//! The replay: a ticket's events, one at a time, through every metric's
//! cycle state machine.

use super::clock::Totals;
use super::cycle::{At, Check, Config, H0, H1, Mode, Raw};
use super::spec::{Masks, PolicySet, Trigger};
use crate::rules::eval::{TextCache, View, Work};
use crate::time::Timestamp;
use crate::{Customer, Event, EventKind, Priority, Status, Ticket, ticket::AuthorKind};

/// The trigger bits of `StatusEntered(_)`.
const STATUS_ENTERED_BITS: u32 = 0xff << 8;

/// The trigger bits of messages: no reply or update cycle starts on one
/// while the ticket is solved or closed.
const MESSAGE_BITS: u32 = 0b110;

/// Seconds since the epoch, clamped to the calendar horizon.
pub(super) fn secs(t: Timestamp) -> i64 {
    t.as_unix_seconds().clamp(H0, H1)
}

/// One metric's place in the replay.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    /// One of its `armed_by` triggers has happened.
    armed: bool,
    /// Whether its pause condition holds.
    paused: bool,
    /// Whether it ever started a cycle.
    started: bool,
    /// The arena index of its running cycle.
    running: Option<u32>,
}

/// The state of a replay after the events seen so far.
pub(super) struct Replay<'a> {
    set: &'a PolicySet,
    events: &'a [Event],
    customer: Option<&'a Customer>,
    now: i64,
    /// The ticket as conditions see it.
    work: Work<'a>,
    cache: TextCache,
    /// The policy in force and the priority: what picks each target.
    pub config: Config,
    slots: Vec<Slot>,
    /// Every cycle, in creation order, with its metric's index; cycles never move.
    pub arena: Vec<(usize, Raw)>,
    /// Breach checks for the report, by arena index, oldest first.
    pub checks: Vec<(u32, Check)>,
    pub totals: Totals<'a>,
}

impl<'a> Replay<'a> {
    pub fn new(
        set: &'a PolicySet,
        ticket: &'a Ticket,
        customer: Option<&'a Customer>,
        now: i64,
    ) -> Replay<'a> {
        let mut instants = Vec::with_capacity(ticket.events().len() + 1);
        instants.extend(
            ticket
                .events()
                .iter()
                .map(|e| secs(e.at))
                .filter(|&t| t <= now),
        );
        instants.push(now);
        instants.sort_unstable();
        instants.dedup();
        let mut replay = Replay {
            set,
            events: ticket.events(),
            customer,
            now,
            work: Work::created(ticket),
            cache: TextCache::default(),
            config: (None, Priority::Normal),
            slots: vec![Slot::default(); set.metrics.len()],
            arena: Vec::with_capacity(16),
            checks: Vec::new(),
            totals: Totals::new(set, instants),
        };
        replay.config = (replay.policy_now(), replay.work.priority);
        replay
    }

    /// Replays every event up to `now`.
    pub fn run(&mut self) {
        let mut index: At = 0;
        for event in self.events {
            let at = secs(event.at);
            if at > self.now {
                break;
            }
            // Events are in time order: their instant indexes only grow.
            while self.totals.instant(index) < at {
                index += 1;
            }
            self.step(event, at, index);
        }
    }

    /// The instant index of `now`.
    pub fn now_index(&self) -> At {
        self.totals.index_of(self.now)
    }

    /// The first policy whose condition holds now.
    fn policy_now(&self) -> Option<u32> {
        let view = self.view();
        self.set
            .policies
            .iter()
            .position(|p| p.when.as_ref().is_none_or(|n| n.eval(&view, None)))
            .and_then(|p| u32::try_from(p).ok())
    }

    fn view(&self) -> View<'_> {
        View {
            cache: &self.cache,
            work: Some(&self.work),
            prev: None,
            event: None,
            summary: None,
            customer: self.customer,
            now: crate::sla::cycle::ts(self.now),
            calendars: &self.set.calendars,
            answers: None,
        }
    }

    /// One event: the ticket's state, the policy in force, then each metric
    /// that the event can touch.
    fn step(&mut self, event: &'a Event, at: i64, index: At) {
        let before = self.work.status;
        let created = matches!(event.kind, EventKind::Created { .. });
        // The created event is the replay's starting state: everything is new.
        let changed = if created {
            u8::MAX
        } else {
            self.work.apply_event(event)
        };
        let status_changed = self.work.status != before && !created;
        let triggers = triggers(&event.kind, before, self.work.status, created);
        // (The policy for the created state was found when the replay began.)
        if changed & self.set.policy_reads != 0 && !created {
            let old = self.config;
            self.config = (self.policy_now(), self.work.priority);
            if self.config != old {
                self.keep_breaches(old, index);
            }
        }
        for m in 0..self.slots.len() {
            let (Some(def), Some(slot)) = (self.set.masks.get(m), self.slots.get(m)) else {
                continue;
            };
            let touched = triggers & def.any != 0
                || (status_changed && slot.running.is_some())
                || (def.pause && changed != 0);
            if touched {
                let def = *def;
                self.metric_step(m, &def, (at, index), triggers, status_changed, changed);
            }
        }
    }

    /// A cycle that had exceeded the target in force until now stays
    /// breached, whatever the new target says: note a check for the report.
    fn keep_breaches(&mut self, old: Config, at: At) {
        for (m, slot) in self.slots.iter().enumerate() {
            if let Some(c) = slot.running
                && let Some((_, raw)) = self.arena.get(c as usize)
                && raw.completed.is_none()
                && let Some(check) = worth_checking(&self.totals, m, raw, raw.check_at(at, old))
            {
                self.checks.push((c, check));
            }
        }
    }

    /// One event for metric `m`: stop or move the running cycle, arm, start.
    #[allow(
        clippy::too_many_arguments,
        reason = "the event's facts, computed once"
    )]
    fn metric_step(
        &mut self,
        m: usize,
        def: &Masks,
        (at, index): (i64, At),
        triggers: u32,
        status_changed: bool,
        changed: u8,
    ) {
        let Some(mut slot) = self.slots.get(m).copied() else {
            return;
        };
        let pause_changed = match self.set.pause_when.get(m) {
            Some(Some(node)) if changed != 0 => {
                let held = node.eval(&self.view(), None);
                std::mem::replace(&mut slot.paused, held) != held
            }
            _ => false,
        };
        let hit = |mask: u32| triggers & mask != 0;
        let config = self.config;
        let status = self.work.status;
        if let Some((_, raw)) = slot.running.and_then(|c| self.arena.get_mut(c as usize)) {
            if hit(def.stop) {
                raw.stop(at, index, config);
                // A repeating cycle started and stopped in the same second
                // (a reply that also solves, a reopen answered at once) is
                // not a cycle.
                raw.void = def.repeat && raw.started == at;
                slot.running = None;
            } else if status_changed || pause_changed {
                let mode = mode_for(def, status, slot.paused);
                if mode != raw.mode {
                    if let (Mode::Complete, Some((t, old)), Some(c)) =
                        (raw.mode, raw.completed, slot.running)
                    {
                        // Resuming a completed cycle: a breach it had stays.
                        let done = self.totals.index_of(t);
                        let check = raw.check_at(done, old);
                        if let Some(check) = worth_checking(&self.totals, m, raw, check) {
                            self.checks.push((c, check));
                        }
                    }
                    raw.switch(mode, at, index, config);
                }
            }
        }
        if hit(def.armed_by) {
            slot.armed = true;
        }
        // An event that enters a stopping status starts nothing; nor does a
        // repeating metric start on a ticket that is solved or closed once
        // this instant's events are done.
        let starts = slot.running.is_none()
            && triggers & def.stop & STATUS_ENTERED_BITS == 0
            && (def.armed_by == 0 || slot.armed)
            && (def.repeat || !slot.started)
            && hit(def.start)
            && !(triggers & def.start & MESSAGE_BITS != 0
                && matches!(status, Status::Solved | Status::Closed));
        if starts {
            let mode = mode_for(def, status, slot.paused);
            slot.running = u32::try_from(self.arena.len()).ok();
            self.arena.push((m, Raw::new(at, index)));
            if let Some((_, raw)) = self.arena.last_mut() {
                raw.begin(mode, config);
            }
            slot.started = true;
        }
        if let Some(s) = self.slots.get_mut(m) {
            *s = slot;
        }
    }
}

/// The triggers an event fires, as bits.
fn triggers(event: &EventKind, before: Status, status: Status, created: bool) -> u32 {
    let mut bits = match event {
        EventKind::Created { .. } => Trigger::Created.bit(),
        EventKind::Message {
            author: AuthorKind::Customer,
            public: true,
            ..
        } => Trigger::CustomerMessage.bit(),
        EventKind::Message {
            author: AuthorKind::Agent,
            public: true,
            ..
        } => Trigger::AgentReply.bit(),
        EventKind::PriorityChanged { .. } => Trigger::PriorityChanged.bit(),
        EventKind::Assigned { .. } => Trigger::AssigneeChanged.bit(),
        EventKind::GroupChanged { .. } => Trigger::GroupChanged.bit(),
        _ => 0,
    };
    if status != before && !created {
        bits |= Trigger::StatusLeft(before).bit();
        if before == Status::Solved && status != Status::Closed {
            bits |= Trigger::Reopened.bit();
        }
    }
    if status != before || created {
        bits |= Trigger::StatusEntered(status).bit();
    }
    bits
}

/// The mode a metric's cycle is in for a status and its pause condition.
fn mode_for(masks: &Masks, status: Status, paused: bool) -> Mode {
    let bit = 1u8 << status as u8;
    if masks.complete_in & bit != 0 {
        Mode::Complete
    } else if masks.pause_in & bit != 0 || paused {
        Mode::Paused(status)
    } else {
        Mode::Running
    }
}

/// `check`, unless the clock then had run less wall-clock time than the
/// target (business time never runs faster): no breach to keep.
fn worth_checking(totals: &Totals<'_>, metric: usize, raw: &Raw, check: Check) -> Option<Check> {
    let seconds =
        super::engine::Target::of(totals.set, metric, check.config, raw.started).seconds?;
    let spans = raw.spans.as_slice().get(..check.spans).unwrap_or(&[]);
    (totals.wall(spans, check.open) > seconds).then_some(check)
}

/// If the cycle's clock as `check` saw it had exceeded the target of its
/// config, the instant it first did.
pub(super) fn breach_at_check(
    totals: &Totals<'_>,
    metric: usize,
    raw: &Raw,
    check: &Check,
) -> Option<i64> {
    let target = super::engine::Target::of(totals.set, metric, check.config, raw.started);
    let seconds = target.seconds?;
    let spans = raw.spans.as_slice().get(..check.spans).unwrap_or(&[]);
    let clock = totals.clock(target.calendar, spans, check.open);
    (clock.elapsed > seconds)
        .then(|| clock.crossing(seconds + 1))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reopened_fires_only_when_leaving_solved_for_work() {
        let ev = EventKind::StatusChanged { to: Status::Open };
        let bits = triggers(&ev, Status::Solved, Status::Open, false);
        assert_ne!(bits & Trigger::Reopened.bit(), 0);
        let bits = triggers(&ev, Status::Solved, Status::Closed, false);
        assert_eq!(bits & Trigger::Reopened.bit(), 0);
        let bits = triggers(&ev, Status::Pending, Status::Open, false);
        assert_eq!(bits & Trigger::Reopened.bit(), 0);
    }
}
