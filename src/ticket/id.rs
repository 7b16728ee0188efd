//! Newtype identifiers.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::TicketError;
use crate::util::excerpt;

/// The longest identifier accepted, in bytes.
pub const MAX_ID_BYTES: usize = 128;

/// Checks the rules shared by every identifier: non-empty, at most
/// [`MAX_ID_BYTES`] bytes, no control characters.
fn validate_id(kind: &'static str, value: &str) -> Result<(), TicketError> {
    let reason = if value.is_empty() {
        "is empty"
    } else if value.len() > MAX_ID_BYTES {
        "is longer than 128 bytes"
    } else if value.chars().any(char::is_control) {
        "contains a control character"
    } else {
        return Ok(());
    };
    Err(TicketError::InvalidId {
        kind,
        value: excerpt(value),
        reason,
    })
}

/// Checks an identifier of another area by the same rules as ticket ids;
/// the error is the reason (`"is empty"`, ...).
pub(crate) fn validate_plain_id(value: &str) -> Result<(), &'static str> {
    match validate_id("id", value) {
        Ok(()) => Ok(()),
        Err(TicketError::InvalidId { reason, .. }) => Err(reason),
        Err(_) => Err("is invalid"),
    }
}

macro_rules! define_id {
    ($(#[$doc:meta])* $name:ident, $kind:literal) => {
        $(#[$doc])*
        ///
        /// Non-empty, at most 128 bytes, no control characters; otherwise opaque and
        /// compared byte for byte. In JSON it is a plain string. Cloning is
        /// cheap: clones share the text.
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(smol_str::SmolStr);

        impl $name {
            /// Checks and wraps an identifier.
            ///
            /// # Errors
            /// [`TicketError::InvalidId`] if the value is empty, longer than 128 bytes
            /// or contains a control character.
            pub fn new(value: impl Into<String>) -> Result<$name, TicketError> {
                let value = value.into();
                validate_id($kind, &value)?;
                Ok($name(smol_str::SmolStr::from(value)))
            }

            /// The identifier as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }

        impl FromStr for $name {
            type Err = TicketError;
            fn from_str(s: &str) -> Result<$name, TicketError> {
                $name::new(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = TicketError;
            fn try_from(value: String) -> Result<$name, TicketError> {
                $name::new(value).inspect_err(|e| crate::util::error_code::note(e.code()))
            }
        }

        impl TryFrom<&str> for $name {
            type Error = TicketError;
            fn try_from(value: &str) -> Result<$name, TicketError> {
                $name::new(value)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0.to_string()
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

define_id!(
    /// Identifies a ticket (a conversation with one requester).
    ///
    /// ```
    /// use frontline::ticket::TicketId;
    /// let id: TicketId = "T-1001".parse()?;
    /// assert_eq!(id.as_str(), "T-1001");
    /// assert!(TicketId::new("").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    TicketId,
    "ticket"
);
define_id!(
    /// Identifies a customer (an end user who contacts support).
    CustomerId,
    "customer"
);
define_id!(
    /// Identifies an agent (a person or bot who answers tickets).
    AgentId,
    "agent"
);
define_id!(
    /// Identifies a group (a team of agents that tickets are assigned to).
    GroupId,
    "group"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_validate() {
        assert!(TicketId::new("t1").is_ok());
        assert!(TicketId::new("").is_err());
        assert!(AgentId::new("a".repeat(128)).is_ok());
        let err = AgentId::new("a".repeat(129)).unwrap_err();
        assert!(err.to_string().contains("longer than 128 bytes"), "{err}");
        assert!(GroupId::new("bad\nid").is_err());
        let err = CustomerId::new("").unwrap_err();
        assert_eq!(err.to_string(), "invalid customer id ``: is empty");
    }

    #[test]
    fn ids_are_transparent_in_json() {
        let id = TicketId::new("T-1").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"T-1\"");
        assert_eq!(serde_json::from_str::<TicketId>("\"T-1\"").unwrap(), id);
        assert!(serde_json::from_str::<TicketId>("\"\"").is_err());
        assert!(serde_json::from_str::<TicketId>("7").is_err());
    }
}
