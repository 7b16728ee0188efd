//! Customers, their locales and channel identities: "never ask the customer
//! twice".
//!
//! A [`Customer`] carries what the host knows of a person (name, locale,
//! segment, plan, attributes) and the [`Identity`]s they reach the desk
//! through (e-mail, phone, social handles). An [`IdentityIndex`] links an
//! incoming identity to the customer who already owns it, so a conversation
//! on a new channel continues the customer's history. Errors are the
//! tickets area's [`TicketError`](crate::ticket::TicketError).

mod identity;
mod model;

pub use crate::ticket::CustomerId;
pub use identity::{IdentityIndex, LinkOutcome};
pub use model::{
    Customer, Identity, IdentityKind, Locale, MAX_CUSTOMER_TEXT_BYTES, MAX_EMAIL_BYTES,
    MAX_HANDLE_BYTES, MAX_IDENTITIES,
};
