//! What kind of request a ticket is.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::TicketError;
use crate::util::excerpt;

/// What kind of request a ticket is, as Zendesk classifies them.
///
/// In JSON: `"question"`, `"incident"`, `"problem"`, `"task"`. A ticket has
/// no type until one is set (at creation, or by a `type_changed` event).
///
/// ```
/// use frontline::ticket::TicketType;
/// assert_eq!("incident".parse::<TicketType>()?, TicketType::Incident);
/// assert_eq!(TicketType::Task.to_string(), "task");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketType {
    /// A question.
    Question,
    /// Something is broken for this customer.
    Incident,
    /// Something is broken for many (incidents link to it).
    Problem,
    /// Work to do by a date.
    Task,
}

impl TicketType {
    /// Every type.
    pub const ALL: [TicketType; 4] = [
        TicketType::Question,
        TicketType::Incident,
        TicketType::Problem,
        TicketType::Task,
    ];

    /// The JSON name (`"incident"`).
    pub fn as_str(self) -> &'static str {
        match self {
            TicketType::Question => "question",
            TicketType::Incident => "incident",
            TicketType::Problem => "problem",
            TicketType::Task => "task",
        }
    }
}

impl fmt::Display for TicketType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for TicketType {
    type Err = TicketError;
    fn from_str(s: &str) -> Result<TicketType, TicketError> {
        TicketType::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| TicketError::UnknownName {
                kind: "ticket type",
                value: excerpt(s),
            })
    }
}
