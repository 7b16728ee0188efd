use thiserror::Error;

use super::{Status, TicketId};
use crate::time::Timestamp;

/// An error from the ticket area: identifiers, tags, events, customers and
/// channel identities.
///
/// Messages are lower-case and quote the offending value in backticks.
/// [`TicketError::code`] gives a stable code for the JSON API and the FFI.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum TicketError {
    /// An identifier is empty, too long or contains a control character.
    #[error("invalid {kind} id `{value}`: {reason}")]
    InvalidId {
        /// Which kind of identifier (`ticket`, `customer`, `agent`, `group`).
        kind: &'static str,
        /// The rejected value (cut to 64 bytes).
        value: String,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// A name is not one of a fixed set (channel, status, priority).
    #[error("unknown {kind} `{value}`")]
    UnknownName {
        /// What was being named (`channel`, `status`, `priority`).
        kind: &'static str,
        /// The rejected name (cut to 64 bytes).
        value: String,
    },
    /// A tag is empty, too long, or has a forbidden character.
    #[error("invalid tag `{value}`: {reason}")]
    InvalidTag {
        /// The rejected tag (cut to 64 bytes).
        value: String,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// A custom field name is empty, too long or has a control character.
    #[error("invalid field name `{name}`: {reason}")]
    InvalidFieldName {
        /// The rejected name (cut to 64 bytes).
        name: String,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// A locale is not a BCP 47 tag such as `nl-NL`.
    #[error("invalid locale `{value}`: expected a BCP 47 tag such as `nl-NL`")]
    InvalidLocale {
        /// The rejected value (cut to 64 bytes).
        value: String,
    },
    /// A channel identity (e-mail, phone, handle, visitor id) is malformed.
    #[error("invalid {kind} `{value}`: {reason}")]
    InvalidIdentity {
        /// Which kind of identity (`email`, `phone`, `social handle`, `chat visitor id`).
        kind: &'static str,
        /// The rejected value (cut to 64 bytes).
        value: String,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// A documented size cap was exceeded.
    #[error("{what} exceeds the limit of {limit}")]
    TooLarge {
        /// What grew too large (`ticket events`, `message body bytes` ...).
        what: &'static str,
        /// The documented cap.
        limit: usize,
    },
    /// An event is earlier than the event before it.
    #[error("event at `{at}` is earlier than the previous event at `{previous}`")]
    EventOutOfOrder {
        /// The rejected event's instant.
        at: Timestamp,
        /// The instant of the last event already applied.
        previous: Timestamp,
    },
    /// A ticket history does not start with a `created` event.
    #[error("the first event of a ticket must be `created`, not `{found}`")]
    NotCreatedFirst {
        /// The kind of event found first.
        found: &'static str,
    },
    /// A second `created` event.
    #[error("ticket `{ticket}` was already created")]
    AlreadyCreated {
        /// The ticket.
        ticket: TicketId,
    },
    /// A history with no events at all.
    #[error("a ticket needs at least its `created` event")]
    EmptyHistory,
    /// A status change the lifecycle table does not allow.
    #[error("status cannot change from `{from}` to `{to}`")]
    InvalidTransition {
        /// The current status.
        from: Status,
        /// The requested status.
        to: Status,
    },
    /// A change event that changes nothing.
    #[error("{what} is already `{value}`")]
    NoChange {
        /// What the event tried to change (`status`, `priority` ...).
        what: &'static str,
        /// The value it already has.
        value: String,
    },
    /// Any event on a closed ticket.
    #[error("ticket `{ticket}` is closed: start a follow-up ticket instead")]
    TicketClosed {
        /// The closed ticket.
        ticket: TicketId,
    },
    /// An event's actor contradicts the event (a message by `agent` whose actor is a customer).
    #[error("message author `{author}` does not match actor `{actor}`")]
    ActorMismatch {
        /// The author kind the message declares.
        author: &'static str,
        /// The actor the event names.
        actor: String,
    },
    /// A customer tried to write an internal note.
    #[error("a customer cannot write an internal note")]
    CustomerInternalNote,
    /// A ticket was merged into itself.
    #[error("ticket `{ticket}` cannot be merged into itself")]
    SelfMerge {
        /// The ticket.
        ticket: TicketId,
    },
    /// A serialised ticket whose fields disagree with its own event history.
    #[error("ticket `{ticket}`: field `{field}` does not match its event history")]
    StateMismatch {
        /// The ticket.
        ticket: TicketId,
        /// The first field found to disagree.
        field: &'static str,
    },
    /// An error raised by the event at `index` of a batch (0-based).
    #[error("event {index}: {source}")]
    AtEvent {
        /// The position of the failing event in the batch.
        index: usize,
        /// What was wrong with it.
        source: Box<TicketError>,
    },
    /// An identity already belongs to another customer.
    #[error("identity `{identity}` already belongs to customer `{customer}`")]
    IdentityTaken {
        /// The identity, as `kind:value`.
        identity: String,
        /// Its current owner.
        customer: String,
    },
    /// A customer id appears twice.
    #[error("customer `{customer}` is already known")]
    DuplicateCustomer {
        /// The repeated id.
        customer: String,
    },
    /// Neither identity of a link is known, so there is no customer to link to.
    #[error("neither `{a}` nor `{b}` belongs to a known customer")]
    UnknownIdentities {
        /// The first identity.
        a: String,
        /// The second identity.
        b: String,
    },
}

impl TicketError {
    /// A stable code for this kind of error, for the JSON API and the FFI.
    ///
    /// For [`TicketError::AtEvent`] it is the code of the underlying error.
    pub fn code(&self) -> &'static str {
        match self {
            TicketError::InvalidId { .. } => "ticket.invalid_id",
            TicketError::UnknownName { .. } => "ticket.unknown_name",
            TicketError::InvalidTag { .. } => "ticket.invalid_tag",
            TicketError::InvalidFieldName { .. } => "ticket.invalid_field_name",
            TicketError::InvalidLocale { .. } => "ticket.invalid_locale",
            TicketError::InvalidIdentity { .. } => "identity.invalid",
            TicketError::TooLarge { .. } => "ticket.too_large",
            TicketError::EventOutOfOrder { .. } => "ticket.event_out_of_order",
            TicketError::NotCreatedFirst { .. } => "ticket.not_created_first",
            TicketError::AlreadyCreated { .. } => "ticket.already_created",
            TicketError::EmptyHistory => "ticket.empty_history",
            TicketError::InvalidTransition { .. } => "ticket.invalid_transition",
            TicketError::NoChange { .. } => "ticket.no_change",
            TicketError::TicketClosed { .. } => "ticket.closed",
            TicketError::ActorMismatch { .. } => "ticket.actor_mismatch",
            TicketError::CustomerInternalNote => "ticket.customer_internal_note",
            TicketError::SelfMerge { .. } => "ticket.self_merge",
            TicketError::StateMismatch { .. } => "ticket.state_mismatch",
            TicketError::AtEvent { source, .. } => source.code(),
            TicketError::IdentityTaken { .. } => "identity.taken",
            TicketError::DuplicateCustomer { .. } => "identity.duplicate_customer",
            TicketError::UnknownIdentities { .. } => "identity.unknown",
        }
    }

    /// The batch position of the failing event, for errors from a batch of events.
    pub fn event_index(&self) -> Option<usize> {
        match self {
            TicketError::AtEvent { index, .. } => Some(*index),
            _ => None,
        }
    }
}
