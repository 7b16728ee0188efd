//! One pass over a ticket's history: what it contributes to the KPIs of
//! the period.

use serde_json::Value;

use super::{Duration, MetricsError};
use crate::calendar::BusinessCalendar;
use crate::ticket::{Actor, AgentId, AuthorKind, Event, EventKind, Rating, Status, Ticket};
use crate::time::Timestamp;

/// A duration in calendar seconds, and in business seconds when a calendar is set.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Span {
    pub calendar: i64,
    pub business: Option<i64>,
}

/// What a resolved ticket contributes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Resolved {
    pub full_resolution: Span,
    pub requester_wait: Span,
    pub agent_wait: Span,
    pub on_hold: Span,
    pub agent_replies: u32,
    pub one_touch: bool,
    pub first_contact: bool,
    pub reopened: bool,
    pub agent: Option<AgentId>,
    pub handle_seconds: Option<i64>,
}

/// What one ticket contributes to the period; reused between tickets.
#[derive(Debug, Clone, Default)]
pub(crate) struct Facts {
    /// Created within the period.
    pub created: bool,
    /// Merged into another ticket before the period's end: left out of
    /// every figure but the count of created (and merged) tickets.
    pub merged: bool,
    /// Created within the period and solved or closed at its end.
    pub created_resolved: bool,
    /// Seconds from creation to the period's end (for unresolved tickets).
    pub age: i64,
    /// Open at the period's end: the backlog age.
    pub backlog: Option<Span>,
    /// Resolved within the period (and still so at its end).
    pub resolved: Option<Resolved>,
    /// First reply time, when the first reply falls in the period.
    pub first_reply: Option<Span>,
    /// Next reply times whose replies fall in the period.
    pub next_replies: Vec<Span>,
    /// The latest satisfaction rating, if given in the period: good?, when.
    pub csat: Option<(bool, Timestamp)>,
    /// A `csat_field` value that is not a whole number from 1 to 5.
    pub invalid_rating: bool,
    /// Public replies in the period, per agent (runs of the same agent
    /// folded into one entry).
    pub agent_replies: Vec<(AgentId, u64)>,
    /// How many events came before the period's end.
    pub before_end: usize,
    /// The ticket's status stretches, (status, from, to), oldest first.
    stretches: Vec<(Status, Timestamp, Timestamp)>,
}

impl Facts {
    /// Whether the ticket contributes nothing to the period.
    pub(crate) fn is_empty(&self) -> bool {
        !self.created
            && self.backlog.is_none()
            && self.resolved.is_none()
            && self.first_reply.is_none()
            && self.next_replies.is_empty()
            && self.csat.is_none()
            && !self.invalid_rating
            && self.agent_replies.is_empty()
    }
}

/// One ticket's history as the pass walks it: the status and since when
/// (each change closes a stretch), and what the KPIs need to know.
struct Walk {
    status: Status,
    since: Option<Timestamp>,
    /// (status, from, to), oldest first: at most one per event.
    stretches: Vec<(Status, Timestamp, Timestamp)>,
    assignee: Option<AgentId>,
    waiting_since: Option<Timestamp>,
    first_reply_at: Option<Timestamp>,
    customer_wrote: bool,
    customer_after_reply: bool,
    replies: u32,
    reopened: bool,
    resolved_at: Option<Timestamp>,
    handle_seconds: Option<i64>,
}

impl Walk {
    fn new(mut stretches: Vec<(Status, Timestamp, Timestamp)>) -> Walk {
        stretches.clear();
        Walk {
            status: Status::New,
            since: None,
            stretches,
            assignee: None,
            waiting_since: None,
            first_reply_at: None,
            customer_wrote: false,
            customer_after_reply: false,
            replies: 0,
            reopened: false,
            resolved_at: None,
            handle_seconds: None,
        }
    }

    /// Enters status `to` at `at` (the first call is the creation).
    fn enter(&mut self, to: Status, at: Timestamp) {
        let was = self.since.map(|since| (self.status, since));
        if let Some((status, since)) = was {
            self.stretches.push((status, since, at));
        }
        let was_solved = was.is_some_and(|(s, _)| s.is_solved());
        if was.is_some_and(|(s, _)| s == Status::Solved) && to != Status::Closed {
            self.reopened = true;
        }
        if to.is_solved() && !was_solved {
            self.resolved_at = Some(at);
        }
        self.status = to;
        self.since = Some(at);
    }

    /// What a resolution of this ticket contributes (its spans come later).
    fn resolved(&mut self) -> Resolved {
        Resolved {
            agent_replies: self.replies,
            one_touch: self.replies < 2,
            first_contact: !self.reopened && !self.customer_after_reply && self.replies >= 1,
            reopened: self.reopened,
            agent: self.assignee.take(),
            handle_seconds: self.handle_seconds,
            ..Resolved::default()
        }
    }
}

pub(crate) struct Pass<'a> {
    pub from: Timestamp,
    pub to: Timestamp,
    pub calendar: Option<&'a BusinessCalendar>,
    pub csat_field: Option<&'a str>,
    pub handle_time_field: Option<&'a str>,
}

impl Pass<'_> {
    fn span(&self, a: Timestamp, b: Timestamp) -> Result<Span, MetricsError> {
        let business = match self.calendar {
            Some(c) => Some(c.between(a, b).map_err(|e| MetricsError::Calendar {
                instant: a.max(b).to_string(),
                reason: e.to_string(),
            })?),
            None => None,
        };
        Ok(Span {
            calendar: b.seconds_since(a).max(0),
            business,
        })
    }

    fn in_period(&self, at: Timestamp) -> bool {
        self.from <= at && at < self.to
    }

    /// Fills `facts` for `ticket`.
    pub fn run(&self, ticket: &Ticket, facts: &mut Facts) -> Result<(), MetricsError> {
        let created = ticket.created_at();
        facts.created = self.in_period(created);
        facts.merged = false;
        facts.created_resolved = false;
        facts.age = self.to.seconds_since(created).max(0);
        facts.backlog = None;
        facts.resolved = None;
        facts.first_reply = None;
        facts.next_replies.clear();
        facts.csat = None;
        facts.invalid_rating = false;
        facts.agent_replies.clear();
        facts.before_end = 0;
        if created >= self.to {
            return Ok(());
        }

        let mut walk = Walk::new(std::mem::take(&mut facts.stretches));
        facts.before_end = ticket.events().len();
        for (i, event) in ticket.events().iter().enumerate() {
            if event.at >= self.to {
                facts.before_end = i;
                break;
            }
            self.step(&mut walk, event, created, facts)?;
        }
        let resolved = walk.resolved();
        let result = self.finish(
            facts,
            &walk.stretches,
            walk.status,
            walk.resolved_at,
            created,
            resolved,
        );
        facts.stretches = walk.stretches;
        result
    }

    /// One event of the history.
    fn step(
        &self,
        w: &mut Walk,
        event: &Event,
        created: Timestamp,
        facts: &mut Facts,
    ) -> Result<(), MetricsError> {
        let at = event.at;
        match &event.kind {
            EventKind::Created {
                status,
                assignee,
                fields,
                ..
            } => {
                w.enter(*status, at);
                w.assignee = assignee.clone();
                for (name, value) in fields {
                    self.field(name, value, at, facts, &mut w.handle_seconds);
                }
            }
            EventKind::Message {
                author: AuthorKind::Customer,
                public: true,
                ..
            } => {
                w.customer_wrote = true;
                w.customer_after_reply |= w.first_reply_at.is_some();
                w.waiting_since.get_or_insert(at);
                if matches!(w.status, Status::Pending | Status::OnHold | Status::Solved) {
                    w.enter(Status::Open, at);
                }
            }
            EventKind::Message {
                author: AuthorKind::Agent,
                public: true,
                ..
            } => {
                self.agent_reply(w, event, created, facts)?;
            }
            EventKind::StatusChanged { to } => {
                w.enter(*to, at);
                if matches!(to, Status::Pending | Status::Solved | Status::Closed) {
                    w.waiting_since = None;
                }
            }
            EventKind::Merged { .. } => {
                facts.merged = true;
                w.enter(Status::Closed, at);
            }
            EventKind::Assigned { to } => w.assignee = to.clone(),
            EventKind::SatisfactionRated { rating, .. } => {
                facts.invalid_rating = false;
                facts.csat = self.in_period(at).then_some((*rating == Rating::Good, at));
            }
            EventKind::FieldChanged { name, value } => {
                self.field(name, value, at, facts, &mut w.handle_seconds);
            }
            _ => {}
        }
        Ok(())
    }

    /// A public agent reply: the first reply, or the end of a wait.
    fn agent_reply(
        &self,
        w: &mut Walk,
        event: &Event,
        created: Timestamp,
        facts: &mut Facts,
    ) -> Result<(), MetricsError> {
        let at = event.at;
        w.replies += 1;
        if self.in_period(at)
            && let Some(Actor::Agent { id }) = &event.actor
        {
            match facts.agent_replies.iter_mut().find(|(a, _)| a == id) {
                Some((_, n)) => *n += 1,
                None => facts.agent_replies.push((id.clone(), 1)),
            }
        }
        match (w.first_reply_at, w.waiting_since) {
            (None, _) => {
                w.first_reply_at = Some(at);
                if w.customer_wrote && self.in_period(at) {
                    facts.first_reply = Some(self.span(created, at)?);
                }
            }
            (Some(_), Some(since)) if self.in_period(at) => {
                facts.next_replies.push(self.span(since, at)?);
            }
            _ => {}
        }
        w.waiting_since = None;
        Ok(())
    }

    fn finish(
        &self,
        facts: &mut Facts,
        stretches: &[(Status, Timestamp, Timestamp)],
        status: Status,
        resolved_at: Option<Timestamp>,
        created: Timestamp,
        resolved: Resolved,
    ) -> Result<(), MetricsError> {
        if facts.merged {
            // Counted as created and merged, and nowhere else.
            facts.first_reply = None;
            facts.next_replies.clear();
            facts.csat = None;
            facts.invalid_rating = false;
            facts.agent_replies.clear();
            return Ok(());
        }
        if status.is_solved() {
            facts.created_resolved = facts.created;
            if let Some(at) = resolved_at.filter(|at| self.in_period(*at)) {
                facts.resolved = Some(self.resolved(stretches, created, at, resolved)?);
            }
        } else {
            facts.backlog = Some(self.span(created, self.to)?);
        }
        Ok(())
    }

    fn field(
        &self,
        name: &str,
        value: &Value,
        at: Timestamp,
        facts: &mut Facts,
        handle: &mut Option<i64>,
    ) {
        if self.csat_field == Some(name) {
            // The latest value is the rating: a valid score in the period
            // counts, `null` withdraws it, anything else is invalid (and
            // counted as such when set in the period).
            let score = value.as_i64().or_else(|| {
                value
                    .as_f64()
                    .filter(|f| f.fract() == 0.0 && (1.0..=5.0).contains(f))
                    .map(|f| f as i64)
            });
            let (csat, invalid) = match score.and_then(Rating::from_score) {
                Some(rating) => (
                    self.in_period(at).then_some((rating == Rating::Good, at)),
                    false,
                ),
                _ if value.is_null() => (None, false),
                _ => (None, self.in_period(at)),
            };
            facts.csat = csat;
            facts.invalid_rating = invalid;
        }
        if self.handle_time_field == Some(name) {
            *handle = value.as_i64().filter(|s| *s >= 0).or_else(|| {
                value
                    .as_f64()
                    .filter(|s| s.is_finite() && *s >= 0.0)
                    .map(|s| s as i64)
            });
        }
    }

    /// The waits of a ticket resolved at `at`: its status stretches up to
    /// the resolution.
    fn resolved(
        &self,
        stretches: &[(Status, Timestamp, Timestamp)],
        created: Timestamp,
        at: Timestamp,
        mut r: Resolved,
    ) -> Result<Resolved, MetricsError> {
        r.full_resolution = self.span(created, at)?;
        let zero = Span {
            calendar: 0,
            business: self.calendar.map(|_| 0),
        };
        (r.requester_wait, r.agent_wait, r.on_hold) = (zero, zero, zero);
        for &(status, a, b) in stretches {
            if a >= at {
                break;
            }
            let target = match status {
                Status::New | Status::Open => &mut r.requester_wait,
                Status::OnHold => {
                    let s = self.span(a, b.min(at))?;
                    add(&mut r.on_hold, s);
                    &mut r.requester_wait
                }
                Status::Pending => &mut r.agent_wait,
                _ => continue,
            };
            let s = self.span(a, b.min(at))?;
            add(target, s);
        }
        Ok(r)
    }
}

fn add(to: &mut Span, s: Span) {
    to.calendar += s.calendar;
    to.business = match (to.business, s.business) {
        (Some(a), Some(b)) => Some(a + b),
        (None, b) => b,
        (a, None) => a,
    };
}

impl Duration {
    pub(crate) fn of(self, r: &Resolved) -> Span {
        match self {
            Duration::FullResolutionTime => r.full_resolution,
            Duration::RequesterWaitTime => r.requester_wait,
            Duration::AgentWaitTime => r.agent_wait,
            Duration::OnHoldTime => r.on_hold,
            _ => Span::default(),
        }
    }
}
