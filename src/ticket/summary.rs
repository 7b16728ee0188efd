//! Facts derived from a ticket's history.

use serde::{Deserialize, Serialize};

use super::event::{Actor, AuthorKind, EventKind, Rating};
use super::{Status, Ticket, TicketId};
use crate::time::Timestamp;

/// One stretch of time a ticket spent in one status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StatusPeriod {
    /// The status.
    pub status: Status,
    /// When the ticket entered it.
    pub entered_at: Timestamp,
    /// When it left it; absent for the current status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_at: Option<Timestamp>,
}

/// Facts derived from a ticket's history, which SLAs, rules, routing and KPIs
/// build on. Computed by [`Ticket::summary`] in one pass over the events.
///
/// Only public messages by agents count as agent replies (bot and system
/// messages do not), and only public customer messages count as customer
/// messages, as in Zendesk's metrics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TicketSummary {
    /// The ticket.
    pub ticket: TicketId,
    /// The current status.
    pub status: Status,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// The first public agent reply.
    pub first_public_agent_reply_at: Option<Timestamp>,
    /// The last public agent reply.
    pub last_public_agent_reply_at: Option<Timestamp>,
    /// The first public customer message.
    pub first_customer_message_at: Option<Timestamp>,
    /// The last public customer message.
    pub last_customer_message_at: Option<Timestamp>,
    /// Whether an agent owes the customer a reply: the ticket is `new`, `open`
    /// or `on_hold`, and a public customer message came after the last public
    /// agent reply and after the ticket was last set to `pending` or `solved`
    /// (an agent who sets either, say after a phone call, has answered).
    pub awaiting_agent_reply: bool,
    /// Since when the customer has been waiting: the first public customer
    /// message after the last public agent reply, while awaiting.
    pub awaiting_since: Option<Timestamp>,
    /// Public agent replies ("replies per ticket").
    pub public_agent_replies: u32,
    /// Public customer messages.
    pub customer_messages: u32,
    /// Internal notes, by anyone.
    pub internal_notes: u32,
    /// Public messages by anyone (customers, agents, bots): a ticket with
    /// none is private, as Zendesk calls a ticket only its agents can see.
    pub public_messages: u32,
    /// Times the ticket went from `solved` back to an unsolved status.
    pub reopens: u32,
    /// Times the assignee changed to a different agent (unassigning not counted).
    pub assignee_changes: u32,
    /// Times the group changed to a different group (removal not counted).
    pub group_changes: u32,
    /// When it was first solved.
    pub first_solved_at: Option<Timestamp>,
    /// When it was last solved (kept after a reopen, for full-resolution metrics).
    pub last_solved_at: Option<Timestamp>,
    /// When it was closed.
    pub closed_at: Option<Timestamp>,
    /// The latest satisfaction rating.
    pub satisfaction: Option<Rating>,
    /// Whether the latest satisfaction rating came with a comment.
    pub satisfaction_commented: bool,
    /// When an agent was last assigned.
    pub last_assigned_at: Option<Timestamp>,
    /// When the current assignee last changed the ticket (any event they
    /// are the actor of).
    pub last_assignee_update_at: Option<Timestamp>,
    /// The ticket this one was merged into.
    pub merged_into: Option<TicketId>,
    /// Every status the ticket has been in, in order, with when it entered and left.
    pub status_periods: Vec<StatusPeriod>,
}

impl Ticket {
    /// Derives the [`TicketSummary`] from the history.
    ///
    /// ```
    /// use frontline::{ticket::AuthorKind, Event, EventKind, Ticket};
    ///
    /// let at = |s: &str| s.parse().unwrap();
    /// let created = serde_json::from_str(r#"{"at":"2026-03-02T09:00:00Z","type":"created",
    ///     "subject":"Retour","requester":"c1","channel":"chat"}"#)?;
    /// let mut t = Ticket::create("T-9".parse()?, created)?;
    /// t.apply(Event::new(at("2026-03-02T09:00:00Z"),
    ///     EventKind::message(AuthorKind::Customer, "Hoe retourneer ik?")))?;
    /// assert!(t.summary().awaiting_agent_reply);
    /// t.apply(Event::new(at("2026-03-02T09:04:00Z"),
    ///     EventKind::message(AuthorKind::Agent, "Zo doet u dat: ...")))?;
    /// let s = t.summary();
    /// assert!(!s.awaiting_agent_reply);
    /// assert_eq!(s.first_public_agent_reply_at, Some(at("2026-03-02T09:04:00Z")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn summary(&self) -> TicketSummary {
        let mut s = TicketSummary {
            ticket: self.id().clone(),
            status: self.status(),
            created_at: self.created_at(),
            updated_at: self.updated_at(),
            first_public_agent_reply_at: None,
            last_public_agent_reply_at: None,
            first_customer_message_at: None,
            last_customer_message_at: None,
            awaiting_agent_reply: false,
            awaiting_since: None,
            public_agent_replies: 0,
            customer_messages: 0,
            internal_notes: 0,
            public_messages: 0,
            reopens: 0,
            assignee_changes: 0,
            group_changes: 0,
            first_solved_at: None,
            last_solved_at: None,
            closed_at: None,
            satisfaction: None,
            satisfaction_commented: false,
            last_assigned_at: None,
            last_assignee_update_at: None,
            merged_into: None,
            status_periods: Vec::new(),
        };
        let mut status = Status::New;
        let mut waiting_since: Option<Timestamp> = None;
        let enter = |s: &mut TicketSummary, to: Status, at: Timestamp, from: Status| {
            if let Some(last) = s.status_periods.last_mut() {
                last.left_at = Some(at);
            }
            s.status_periods.push(StatusPeriod {
                status: to,
                entered_at: at,
                left_at: None,
            });
            if from == Status::Solved && to != Status::Closed {
                s.reopens += 1;
            }
            if to == Status::Solved {
                s.first_solved_at.get_or_insert(at);
                s.last_solved_at = Some(at);
            }
            if to == Status::Closed {
                s.closed_at = Some(at);
            }
        };
        for event in self.events() {
            let at = event.at;
            if matches!(event.kind, EventKind::Message { public: true, .. }) {
                s.public_messages += 1;
            }
            match &event.kind {
                EventKind::Created {
                    status: initial, ..
                } => {
                    status = *initial;
                    enter(&mut s, *initial, at, Status::New);
                }
                EventKind::Message { author, public, .. } => match (author, public) {
                    (_, false) => s.internal_notes += 1,
                    (AuthorKind::Customer, true) => {
                        s.customer_messages += 1;
                        s.first_customer_message_at.get_or_insert(at);
                        s.last_customer_message_at = Some(at);
                        waiting_since.get_or_insert(at);
                        if matches!(status, Status::Pending | Status::OnHold | Status::Solved) {
                            enter(&mut s, Status::Open, at, status);
                            status = Status::Open;
                        }
                    }
                    (AuthorKind::Agent, true) => {
                        s.public_agent_replies += 1;
                        s.first_public_agent_reply_at.get_or_insert(at);
                        s.last_public_agent_reply_at = Some(at);
                        waiting_since = None;
                    }
                    _ => {}
                },
                EventKind::StatusChanged { to } => {
                    enter(&mut s, *to, at, status);
                    status = *to;
                    if matches!(to, Status::Pending | Status::Solved | Status::Closed) {
                        waiting_since = None;
                    }
                }
                EventKind::Merged { into } => {
                    s.merged_into = Some(into.clone());
                    enter(&mut s, Status::Closed, at, status);
                    status = Status::Closed;
                }
                EventKind::Assigned { to: Some(_) } => {
                    s.assignee_changes += 1;
                    s.last_assigned_at = Some(at);
                }
                EventKind::GroupChanged { to: Some(_) } => s.group_changes += 1,
                EventKind::SatisfactionRated { rating, comment } => {
                    s.satisfaction = Some(*rating);
                    s.satisfaction_commented =
                        comment.as_ref().is_some_and(|c| !c.trim().is_empty());
                }
                _ => {}
            }
        }
        s.last_assignee_update_at = self.assignee().and_then(|assignee| {
            self.events()
                .iter()
                .rev()
                .find(|e| matches!(&e.actor, Some(Actor::Agent { id }) if id == assignee))
                .map(|e| e.at)
        });
        s.awaiting_agent_reply = waiting_since.is_some()
            && matches!(status, Status::New | Status::Open | Status::OnHold);
        s.awaiting_since = if s.awaiting_agent_reply {
            waiting_since
        } else {
            None
        };
        s
    }
}
