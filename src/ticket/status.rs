//! Ticket status lifecycle and priority.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::TicketError;
use crate::util::excerpt;

/// Where a ticket is in its lifecycle.
///
/// Statuses are ordered as listed (`new < open < pending < on_hold < solved <
/// closed`), which is the order rule conditions such as `status < solved` use.
///
/// # Allowed transitions
///
/// | from \ to   | new | open | pending | on_hold | solved | closed |
/// |-------------|-----|------|---------|---------|--------|--------|
/// | **new**     |  –  | yes  | yes     | yes     | yes    | no     |
/// | **open**    | no  |  –   | yes     | yes     | yes    | no     |
/// | **pending** | no  | yes  |  –      | yes     | yes    | no     |
/// | **on_hold** | no  | yes  | yes     |  –      | yes    | no     |
/// | **solved**  | no  | yes¹ | yes¹    | yes¹    |  –     | yes    |
/// | **closed**  | no  | no   | no      | no      | no     |  –     |
///
/// ¹ a reopen, counted in [`TicketSummary::reopens`](crate::ticket::TicketSummary::reopens).
///
/// No ticket goes back to `new`; `closed` is terminal and is reached only from
/// `solved` (as in Zendesk: a closed ticket is archived, and a customer who writes
/// again starts a follow-up ticket). A transition to the current status is not a
/// transition and is rejected too, so every `status_changed` event in a history
/// is a real change.
///
/// A public customer message moves a `pending`, `on_hold` or `solved` ticket back
/// to `open` by itself (the customer cannot choose a status); see
/// [`Ticket::apply`](crate::Ticket::apply).
///
/// ```
/// use frontline::Status;
/// assert!(Status::Pending.can_become(Status::Open));
/// assert!(!Status::Closed.can_become(Status::Open));
/// assert!(Status::Solved.can_become(Status::Closed));
/// assert!(!Status::Open.can_become(Status::Closed));
/// ```
///
/// Closed by design (not `#[non_exhaustive]`): these are the statuses of
/// Zendesk, Freshdesk and Chatwoot alike, every area's logic (SLA pauses,
/// rule conditions, KPIs) is written against exactly this set, and a host
/// may `match` on it exhaustively. A desk with more states maps them onto
/// these (Zendesk's custom statuses each belong to one of these categories).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Created, and no one has set a status yet (replies and assignment do
    /// not move a ticket out of `new`; a status change does).
    New,
    /// An agent owes the customer an answer.
    Open,
    /// Waiting on the customer.
    Pending,
    /// Waiting on a third party (another team, a supplier).
    OnHold,
    /// The agent considers the question answered; the customer can still reopen it.
    Solved,
    /// Archived; no further change is possible.
    Closed,
}

impl Status {
    /// Every status, in lifecycle order.
    pub const ALL: [Status; 6] = [
        Status::New,
        Status::Open,
        Status::Pending,
        Status::OnHold,
        Status::Solved,
        Status::Closed,
    ];

    /// The JSON name (`"on_hold"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Open => "open",
            Status::Pending => "pending",
            Status::OnHold => "on_hold",
            Status::Solved => "solved",
            Status::Closed => "closed",
        }
    }

    /// Whether the table above allows a transition from `self` to `to`.
    pub fn can_become(self, to: Status) -> bool {
        use Status::*;
        match (self, to) {
            (a, b) if a == b => false,
            (Closed, _) | (_, New) => false,
            (Solved, _) => true,
            (_, Closed) => false,
            _ => true,
        }
    }

    /// Whether work on the ticket is finished (`solved` or `closed`).
    pub fn is_solved(self) -> bool {
        matches!(self, Status::Solved | Status::Closed)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Status {
    type Err = TicketError;
    fn from_str(s: &str) -> Result<Status, TicketError> {
        Status::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| TicketError::UnknownName {
                kind: "status",
                value: excerpt(s),
            })
    }
}

/// How urgent a ticket is: `low < normal < high < urgent`.
///
/// ```
/// use frontline::Priority;
/// assert!(Priority::Urgent > Priority::High);
/// assert_eq!(Priority::default(), Priority::Normal);
/// ```
///
/// Closed by design (not `#[non_exhaustive]`): the four levels of every
/// major helpdesk; SLA targets are tables over exactly these.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Can wait.
    Low,
    /// The default.
    #[default]
    Normal,
    /// Needs attention soon.
    High,
    /// Needs attention now.
    Urgent,
}

impl Priority {
    /// Every priority, lowest first.
    pub const ALL: [Priority; 4] = [
        Priority::Low,
        Priority::Normal,
        Priority::High,
        Priority::Urgent,
    ];

    /// The JSON name (`"urgent"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Urgent => "urgent",
        }
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Priority {
    type Err = TicketError;
    fn from_str(s: &str) -> Result<Priority, TicketError> {
        Priority::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| TicketError::UnknownName {
                kind: "priority",
                value: excerpt(s),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transition_table() {
        use Status::*;
        // Rows of the documented table, `true` where allowed.
        let table = [
            (New, [false, true, true, true, true, false]),
            (Open, [false, false, true, true, true, false]),
            (Pending, [false, true, false, true, true, false]),
            (OnHold, [false, true, true, false, true, false]),
            (Solved, [false, true, true, true, false, true]),
            (Closed, [false, false, false, false, false, false]),
        ];
        for (from, row) in table {
            for (to, allowed) in Status::ALL.into_iter().zip(row) {
                assert_eq!(from.can_become(to), allowed, "{from} -> {to}");
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>().unwrap(), s);
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{s}\""));
        }
        for p in Priority::ALL {
            assert_eq!(p.as_str().parse::<Priority>().unwrap(), p);
        }
        assert!("asap".parse::<Priority>().is_err());
        assert!(Status::Open < Status::Solved && Priority::Low < Priority::Normal);
    }
}
