//! Normalised tags.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::TicketError;
use crate::util::excerpt;

/// The longest tag accepted after normalisation, in bytes.
pub const MAX_TAG_BYTES: usize = 128;

/// A ticket tag, normalised so that equal-looking tags are equal.
///
/// Normalisation trims the input, lower-cases it (Unicode-aware) and turns each
/// run of white space into one `_`, so `" VIP Customer "` becomes
/// `vip_customer` (tags never contain spaces, as in Zendesk). An empty tag, one
/// longer than 128 bytes or one with a control character or a comma is rejected.
///
/// ```
/// use frontline::ticket::Tag;
/// assert_eq!(Tag::new(" VIP Customer ")?.as_str(), "vip_customer");
/// assert!(Tag::new("   ").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Tag(String);

impl Tag {
    /// Normalises and checks a tag.
    ///
    /// # Errors
    /// [`TicketError::InvalidTag`] for an empty tag, one longer than 128 bytes
    /// after normalisation, or one with a control character or a comma.
    pub fn new(input: &str) -> Result<Tag, TicketError> {
        let mut out = String::with_capacity(input.len());
        for word in input.split_whitespace() {
            if !out.is_empty() {
                out.push('_');
            }
            out.extend(word.chars().flat_map(char::to_lowercase));
        }
        let reason = if out.is_empty() {
            "is empty"
        } else if out.len() > MAX_TAG_BYTES {
            "is longer than 128 bytes"
        } else if out.chars().any(|c| c.is_control() || c == ',') {
            "contains a control character or a comma"
        } else {
            return Ok(Tag(out));
        };
        Err(TicketError::InvalidTag {
            value: excerpt(input),
            reason,
        })
    }

    /// The normalised tag.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl fmt::Debug for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tag({:?})", self.0)
    }
}

impl FromStr for Tag {
    type Err = TicketError;
    fn from_str(s: &str) -> Result<Tag, TicketError> {
        Tag::new(s)
    }
}

impl TryFrom<String> for Tag {
    type Error = TicketError;
    fn try_from(value: String) -> Result<Tag, TicketError> {
        Tag::new(&value).inspect_err(|e| crate::util::error_code::note(e.code()))
    }
}

impl From<Tag> for String {
    fn from(tag: Tag) -> String {
        tag.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises() {
        assert_eq!(Tag::new("Refund").unwrap().as_str(), "refund");
        assert_eq!(
            Tag::new("  Late \t delivery ").unwrap().as_str(),
            "late_delivery"
        );
        assert_eq!(Tag::new("ÉTÉ").unwrap().as_str(), "été");
        assert!(Tag::new("a,b").is_err());
        assert!(Tag::new(&"x".repeat(129)).is_err());
        let json: Tag = serde_json::from_str("\"Needs Review\"").unwrap();
        assert_eq!(json.as_str(), "needs_review");
    }

    proptest::proptest! {
        #[test]
        fn normalisation_is_idempotent(s in "\\PC{0,40}") {
            if let Ok(tag) = Tag::new(&s) {
                proptest::prop_assert_eq!(Tag::new(tag.as_str()).unwrap(), tag);
            }
        }
    }
}
