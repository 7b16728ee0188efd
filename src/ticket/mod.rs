//! Tickets and their events: the record every other area reads.
//!
//! A [`Ticket`] is built by replaying [`Event`]s in order; its
//! [`summary`](Ticket::summary) answers the questions hosts ask of one
//! ticket. IDs are newtypes ([`TicketId`], [`AgentId`], [`GroupId`],
//! [`CustomerId`]) so one cannot stand for another. Customers and their
//! channel identities live in [`crate::customer`]; both share
//! [`TicketError`].
//!
//! This area depends on nothing else in the crate but [`crate::time`].

mod channel;
mod error;
mod event;
mod event_de;
mod id;
mod kind;
mod model;
mod status;
mod summary;
mod tag;

pub use channel::{Channel, SocialNetwork};
pub use error::TicketError;
pub use event::{Actor, AuthorKind, Event, EventKind, Rating};
pub(crate) use id::validate_plain_id;
pub use id::{AgentId, CustomerId, GroupId, MAX_ID_BYTES, TicketId};
pub use kind::TicketType;
pub use model::{
    MAX_BODY_BYTES, MAX_EVENTS, MAX_FIELD_NAME_BYTES, MAX_FIELD_VALUE_BYTES, MAX_FIELDS,
    MAX_SUBJECT_BYTES, MAX_TAGS, Ticket,
};
pub(crate) use model::{TicketParseError, check_field_name, check_field_value, ticket_from_value};
pub use status::{Priority, Status};
pub use summary::{StatusPeriod, TicketSummary};
pub use tag::{MAX_TAG_BYTES, Tag};

#[cfg(test)]
mod tests;
