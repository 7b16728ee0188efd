//! Tickets, their events, customers and channel identities.
//!
//! This area depends on nothing else in the crate but [`crate::time`].

mod channel;
mod customer;
mod error;
mod event;
mod id;
mod identity;
mod kind;
mod model;
mod status;
mod summary;
mod tag;

pub use channel::{Channel, SocialNetwork};
pub use customer::{
    Customer, Identity, IdentityKind, Locale, MAX_CUSTOMER_TEXT_BYTES, MAX_EMAIL_BYTES,
    MAX_HANDLE_BYTES, MAX_IDENTITIES,
};
pub use error::TicketError;
pub use event::{Actor, AuthorKind, Event, EventKind, Rating};
pub(crate) use id::validate_plain_id;
pub use id::{AgentId, CustomerId, GroupId, MAX_ID_BYTES, TicketId};
pub use identity::{IdentityIndex, LinkOutcome};
pub use kind::TicketType;
pub use model::{
    MAX_BODY_BYTES, MAX_EVENTS, MAX_FIELD_NAME_BYTES, MAX_FIELD_VALUE_BYTES, MAX_FIELDS,
    MAX_SUBJECT_BYTES, MAX_TAGS, Ticket,
};
pub(crate) use model::{TicketParseError, check_field_value, ticket_from_value};
pub use status::{Priority, Status};
pub use summary::{StatusPeriod, TicketSummary};
pub use tag::{MAX_TAG_BYTES, Tag};

#[cfg(test)]
mod tests;
