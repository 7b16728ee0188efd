//! Customers, locales and channel identities.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ticket::{CustomerId, SocialNetwork, TicketError};
use crate::time::{Timestamp, Zone};
use crate::util::excerpt;

/// The most channel identities one customer may have.
pub const MAX_IDENTITIES: usize = 1_000;
/// The longest customer name, segment, plan or organization, in bytes.
pub const MAX_CUSTOMER_TEXT_BYTES: usize = 256;

/// A BCP 47 language tag such as `nl-NL`, `en`, `fr-BE` or `zh-Hant-TW`,
/// normalised to canonical case (`NL_nl` becomes `nl-NL`).
///
/// Checked for shape only: a 2–3 letter language, then subtags of 1–8 letters
/// or digits separated by `-` (`_` is accepted and turned into `-`), at most
/// 35 bytes. The registry of languages is not consulted.
///
/// ```
/// use frontline::customer::Locale;
/// let l: Locale = "nl_nl".parse()?;
/// assert_eq!(l.as_str(), "nl-NL");
/// assert_eq!(l.language(), "nl");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Locale(String);

impl Locale {
    /// Checks and normalises a language tag.
    ///
    /// # Errors
    /// [`TicketError::InvalidLocale`] for anything not shaped like BCP 47.
    pub fn new(input: &str) -> Result<Locale, TicketError> {
        let err = || TicketError::InvalidLocale {
            value: excerpt(input),
        };
        if input.is_empty() || input.len() > 35 {
            return Err(err());
        }
        let mut out = String::with_capacity(input.len());
        // After a singleton (`u`, `x` ...), subtags are extensions: lower-case only.
        let mut in_extension = false;
        for (i, part) in input.split(['-', '_']).enumerate() {
            let ok_len = if i == 0 {
                (2..=3).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphabetic())
            } else {
                (1..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric())
            };
            if !ok_len {
                return Err(err());
            }
            if i > 0 {
                out.push('-');
            }
            let all_alpha = part.bytes().all(|b| b.is_ascii_alphabetic());
            in_extension |= i > 0 && part.len() == 1;
            match (i, part.len()) {
                (0, _) => out.push_str(&part.to_ascii_lowercase()),
                _ if in_extension => out.push_str(&part.to_ascii_lowercase()),
                (_, 2) if all_alpha => out.push_str(&part.to_ascii_uppercase()),
                (_, 4) if all_alpha => {
                    let lower = part.to_ascii_lowercase();
                    let mut chars = lower.chars();
                    if let Some(first) = chars.next() {
                        out.push(first.to_ascii_uppercase());
                    }
                    out.push_str(chars.as_str());
                }
                _ => out.push_str(&part.to_ascii_lowercase()),
            }
        }
        Ok(Locale(out))
    }

    /// The tag, such as `nl-NL`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language subtag, such as `nl`.
    pub fn language(&self) -> &str {
        self.0.split('-').next().unwrap_or_default()
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl FromStr for Locale {
    type Err = TicketError;
    fn from_str(s: &str) -> Result<Locale, TicketError> {
        Locale::new(s)
    }
}

impl TryFrom<String> for Locale {
    type Error = TicketError;
    fn try_from(value: String) -> Result<Locale, TicketError> {
        Locale::new(&value).inspect_err(|e| crate::util::error_code::note(e.code()))
    }
}

impl From<Locale> for String {
    fn from(l: Locale) -> String {
        l.0
    }
}

/// One way a customer can be reached or recognised on a channel, normalised so
/// that the same address always compares equal.
///
/// | kind | JSON | normalisation |
/// |---|---|---|
/// | e-mail | `{"type":"email","value":"Anna@Example.NL"}` | trimmed, lower-cased; one `@`, no spaces, at most 254 bytes |
/// | phone | `{"type":"phone","value":"+31 (6) 1234-5678"}` | E.164: `+` (or `00`) then 7–15 digits; spaces, dots, dashes, `/` and parentheses dropped; a leading `(0)` trunk prefix dropped; no country code is an error, never a guess |
/// | social | `{"type":"social","network":"x","handle":"@Anna_NL"}` | leading `@` dropped, lower-cased |
/// | chat visitor | `{"type":"chat","value":"visitor-8f2c"}` | trimmed, case kept |
///
/// [`Display`](fmt::Display) gives `email:anna@example.nl`, `phone:+31612345678`,
/// `x:anna_nl`, `chat:visitor-8f2c`.
///
/// ```
/// use frontline::customer::Identity;
/// let phone = Identity::phone("0031 (0)6-1234 5678")?;
/// assert_eq!(phone.to_string(), "phone:+31612345678");
/// assert!(Identity::phone("06 1234 5678").is_err()); // no country code
/// assert_eq!(Identity::email(" Anna@Example.NL ")?, Identity::email("anna@example.nl")?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "IdentityRepr", into = "IdentityRepr")]
pub struct Identity {
    kind: IdentityKind,
    value: String,
}

/// What kind of channel identity an [`Identity`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IdentityKind {
    /// An e-mail address.
    Email,
    /// A phone number in E.164 form (also used for WhatsApp and SMS).
    Phone,
    /// A handle on a social network.
    Social(SocialNetwork),
    /// A chat visitor id from a web or in-app messenger.
    ChatVisitor,
}

/// The longest e-mail address accepted, in bytes (RFC 5321's path limit).
pub const MAX_EMAIL_BYTES: usize = 254;
/// The longest social handle or chat visitor id accepted, in bytes.
pub const MAX_HANDLE_BYTES: usize = 128;

fn invalid(kind: &'static str, value: &str, reason: &'static str) -> TicketError {
    TicketError::InvalidIdentity {
        kind,
        value: excerpt(value),
        reason,
    }
}

impl Identity {
    /// A normalised e-mail address.
    ///
    /// # Errors
    /// [`TicketError::InvalidIdentity`] unless the address has exactly one `@`
    /// with text on both sides, no white space or control characters, and at
    /// most 254 bytes.
    pub fn email(input: &str) -> Result<Identity, TicketError> {
        let value = input.trim().to_lowercase();
        let reason = if value.len() > MAX_EMAIL_BYTES {
            "is longer than 254 bytes"
        } else if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            "contains white space"
        } else {
            match value.split_once('@') {
                Some((local, domain))
                    if !local.is_empty()
                        && !domain.is_empty()
                        && !domain.contains('@')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.') =>
                {
                    return Ok(Identity {
                        kind: IdentityKind::Email,
                        value,
                    });
                }
                _ => "is not shaped like `name@domain`",
            }
        };
        Err(invalid("email", input, reason))
    }

    /// A phone number, normalised to E.164 (`+31612345678`).
    ///
    /// # Errors
    /// [`TicketError::InvalidIdentity`] for a number without an international
    /// prefix (`+` or `00`), with letters, or without 7–15 digits.
    pub fn phone(input: &str) -> Result<Identity, TicketError> {
        let trimmed = input.trim();
        let rest = if let Some(rest) = trimmed.strip_prefix('+') {
            rest
        } else if let Some(rest) = trimmed.strip_prefix("00") {
            rest
        } else {
            return Err(invalid(
                "phone",
                input,
                "has no country code: use E.164 such as +31612345678",
            ));
        };
        // "+31 (0)6 ..." is a common way to write the trunk prefix: drop a
        // `(0)` that follows the country code (at most 3 digits in).
        let rest = match rest.find("(0)") {
            Some(at)
                if rest
                    .get(..at)
                    .is_some_and(|head| head.chars().filter(char::is_ascii_digit).count() <= 3) =>
            {
                format!(
                    "{}{}",
                    rest.get(..at).unwrap_or_default(),
                    rest.get(at + 3..).unwrap_or_default()
                )
            }
            _ => rest.to_owned(),
        };
        let mut digits = String::with_capacity(16);
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '(' | ')' | '/' | '\u{a0}' => {}
                _ => {
                    return Err(invalid(
                        "phone",
                        input,
                        "contains a character other than digits",
                    ));
                }
            }
            if digits.len() > 15 {
                break;
            }
        }
        if !(7..=15).contains(&digits.len()) || digits.starts_with('0') {
            return Err(invalid(
                "phone",
                input,
                "must have 7 to 15 digits after the country prefix",
            ));
        }
        Ok(Identity {
            kind: IdentityKind::Phone,
            value: format!("+{digits}"),
        })
    }

    /// A social-network handle, without `@`, lower-cased.
    ///
    /// # Errors
    /// [`TicketError::InvalidIdentity`] for an empty handle, one with white
    /// space or control characters, or one longer than 128 bytes.
    pub fn social(network: SocialNetwork, input: &str) -> Result<Identity, TicketError> {
        let trimmed = input.trim();
        let handle = trimmed.trim_start_matches('@').to_lowercase();
        let reason = if handle.is_empty() {
            "is empty"
        } else if handle.len() > MAX_HANDLE_BYTES {
            "is longer than 128 bytes"
        } else if handle.chars().any(|c| c.is_whitespace() || c.is_control()) {
            "contains white space"
        } else {
            return Ok(Identity {
                kind: IdentityKind::Social(network),
                value: handle,
            });
        };
        Err(invalid("social handle", input, reason))
    }

    /// A chat visitor id (case-sensitive).
    ///
    /// # Errors
    /// [`TicketError::InvalidIdentity`] for an empty id, one longer than 128
    /// bytes, or one with control characters.
    pub fn chat_visitor(input: &str) -> Result<Identity, TicketError> {
        let value = input.trim();
        let reason = if value.is_empty() {
            "is empty"
        } else if value.len() > MAX_HANDLE_BYTES {
            "is longer than 128 bytes"
        } else if value.chars().any(char::is_control) {
            "contains a control character"
        } else {
            return Ok(Identity {
                kind: IdentityKind::ChatVisitor,
                value: value.to_owned(),
            });
        };
        Err(invalid("chat visitor id", input, reason))
    }

    /// What kind of identity this is.
    pub fn kind(&self) -> IdentityKind {
        self.kind
    }

    /// The normalised value: the address, the E.164 number, the handle without
    /// `@`, or the visitor id.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = &self.value;
        match self.kind {
            IdentityKind::Email => write!(f, "email:{v}"),
            IdentityKind::Phone => write!(f, "phone:{v}"),
            IdentityKind::Social(network) => write!(f, "{network}:{v}"),
            IdentityKind::ChatVisitor => write!(f, "chat:{v}"),
        }
    }
}

/// The JSON shape of an [`Identity`].
#[derive(Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "snake_case",
    deny_unknown_fields,
    expecting = "an identity object such as {\"type\":\"email\",\"value\":\"...\"}"
)]
enum IdentityRepr {
    Email {
        value: String,
    },
    Phone {
        value: String,
    },
    Social {
        network: SocialNetwork,
        handle: String,
    },
    Chat {
        value: String,
    },
}

impl TryFrom<IdentityRepr> for Identity {
    type Error = TicketError;
    fn try_from(repr: IdentityRepr) -> Result<Identity, TicketError> {
        match repr {
            IdentityRepr::Email { value } => Identity::email(&value),
            IdentityRepr::Phone { value } => Identity::phone(&value),
            IdentityRepr::Social { network, handle } => Identity::social(network, &handle),
            IdentityRepr::Chat { value } => Identity::chat_visitor(&value),
        }
        .inspect_err(|e| crate::util::error_code::note(e.code()))
    }
}

impl From<Identity> for IdentityRepr {
    fn from(identity: Identity) -> IdentityRepr {
        let value = identity.value;
        match identity.kind {
            IdentityKind::Email => IdentityRepr::Email { value },
            IdentityKind::Phone => IdentityRepr::Phone { value },
            IdentityKind::Social(network) => IdentityRepr::Social {
                network,
                handle: value,
            },
            IdentityKind::ChatVisitor => IdentityRepr::Chat { value },
        }
    }
}

/// An end user who contacts support, with every channel identity known for them.
///
/// ```
/// use frontline::Customer;
/// let c: Customer = serde_json::from_str(r#"{
///     "id": "c-anna", "name": "Anna de Vries", "locale": "nl-NL",
///     "time_zone": "Europe/Amsterdam", "plan": "plus",
///     "signup_at": "2026-01-10T08:00:00Z",
///     "identities": [{"type": "email", "value": "Anna@Example.nl"},
///                    {"type": "social", "network": "instagram", "handle": "@anna.dv"}]
/// }"#)?;
/// assert_eq!(c.locale.unwrap().language(), "nl");
/// assert_eq!(c.identities.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a customer object")]
#[non_exhaustive]
pub struct Customer {
    /// The customer's id.
    pub id: CustomerId,
    /// The display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The preferred language and region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<Locale>,
    /// The customer's own time zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<Zone>,
    /// A segment such as `vip` or `enterprise`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    /// The plan or subscription, such as `plus`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// The organization (company) the customer belongs to, by the host's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    /// When the customer signed up (the anchor of lifecycle rules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signup_at: Option<Timestamp>,
    /// Free-form attributes.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, Value>,
    /// Every known channel identity, sorted and without duplicates.
    #[serde(default)]
    pub identities: BTreeSet<Identity>,
}

impl Customer {
    /// A customer with only an id; set the public fields for more.
    ///
    /// ```
    /// use frontline::Customer;
    /// use frontline::customer::Identity;
    /// let mut anna = Customer::new("c-anna".parse()?);
    /// anna.locale = Some("nl-NL".parse()?);
    /// anna.segment = Some("vip".into());
    /// anna.identities.insert(Identity::email("Anna@Example.com")?);
    /// assert!(anna.check().is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(id: CustomerId) -> Customer {
        Customer {
            id,
            name: None,
            locale: None,
            time_zone: None,
            segment: None,
            plan: None,
            organization: None,
            signup_at: None,
            attributes: BTreeMap::new(),
            identities: BTreeSet::new(),
        }
    }

    /// Checks the customer against the documented caps: name, segment, plan
    /// and organization up to [`MAX_CUSTOMER_TEXT_BYTES`]; at most
    /// [`MAX_FIELDS`](crate::ticket::MAX_FIELDS) attributes, named as custom fields
    /// are and each up to [`MAX_FIELD_VALUE_BYTES`](crate::ticket::MAX_FIELD_VALUE_BYTES);
    /// at most [`MAX_IDENTITIES`] identities. The JSON API checks every
    /// customer it is given; a Rust host that reads customers from untrusted
    /// input should call it too.
    ///
    /// # Errors
    /// [`TicketError::TooLarge`] or [`TicketError::InvalidFieldName`].
    pub fn check(&self) -> Result<(), TicketError> {
        for (what, text) in [
            ("customer name bytes", &self.name),
            ("customer segment bytes", &self.segment),
            ("customer plan bytes", &self.plan),
            ("customer organization bytes", &self.organization),
        ] {
            if text
                .as_ref()
                .is_some_and(|t| t.len() > MAX_CUSTOMER_TEXT_BYTES)
            {
                return Err(TicketError::TooLarge {
                    what,
                    limit: MAX_CUSTOMER_TEXT_BYTES,
                });
            }
        }
        if self.attributes.len() > crate::ticket::MAX_FIELDS {
            return Err(TicketError::TooLarge {
                what: "customer attributes",
                limit: crate::ticket::MAX_FIELDS,
            });
        }
        for (name, value) in &self.attributes {
            crate::ticket::check_field_name(name)?;
            crate::ticket::check_field_value(value)?;
        }
        if self.identities.len() > MAX_IDENTITIES {
            return Err(TicketError::TooLarge {
                what: "customer identities",
                limit: MAX_IDENTITIES,
            });
        }
        Ok(())
    }

    /// Merges `absorbed` into `self`, the surviving record, deterministically:
    /// the survivor's values win where both have one; otherwise the absorbed
    /// customer's value fills the gap; attributes are united (survivor wins a
    /// conflict); identities are united; `signup_at` is the earlier of the two.
    ///
    /// This is what a host stores after [`IdentityIndex::link`](crate::customer::IdentityIndex::link)
    /// reports a merge.
    pub fn merge(mut self, absorbed: Customer) -> Customer {
        self.name = self.name.or(absorbed.name);
        self.locale = self.locale.or(absorbed.locale);
        self.time_zone = self.time_zone.or(absorbed.time_zone);
        self.segment = self.segment.or(absorbed.segment);
        self.plan = self.plan.or(absorbed.plan);
        self.organization = self.organization.or(absorbed.organization);
        self.signup_at = match (self.signup_at, absorbed.signup_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        for (k, v) in absorbed.attributes {
            self.attributes.entry(k).or_insert(v);
        }
        self.identities.extend(absorbed.identities);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales() {
        assert_eq!(Locale::new("EN").unwrap().as_str(), "en");
        assert_eq!(Locale::new("zh_hant_tw").unwrap().as_str(), "zh-Hant-TW");
        assert_eq!(Locale::new("es-419").unwrap().as_str(), "es-419");
        for bad in [
            "",
            "n",
            "dutch",
            "nl--NL",
            "nl-",
            "nl-NL-toolongsubtag",
            "n1",
        ] {
            assert!(Locale::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails() {
        assert_eq!(
            Identity::email("  Jan@Shop.NL").unwrap().to_string(),
            "email:jan@shop.nl"
        );
        for bad in [
            "",
            "jan",
            "@shop.nl",
            "jan@",
            "jan@@shop.nl",
            "jan @shop.nl",
            "a@b@c",
            "j@.nl",
        ] {
            assert!(Identity::email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn phones() {
        for (input, want) in [
            ("+31 6 12345678", "+31612345678"),
            ("+31 (0)6-1234 5678", "+31612345678"),
            ("0044 20 7946 0958", "+442079460958"),
            ("+1 (415) 555-0100", "+14155550100"),
        ] {
            assert_eq!(Identity::phone(input).unwrap().value(), want, "{input}");
        }
        // Only a `(0)` right after the country code is a trunk prefix.
        assert_eq!(
            Identity::phone("+31 6 1234 (0)5678").unwrap().value(),
            "+316123405678"
        );
        assert_eq!(
            Identity::social(SocialNetwork::X, "@@Anna")
                .unwrap()
                .value(),
            "anna"
        );
        for bad in [
            "0612345678",
            "+31 6 1234 567x",
            "+123",
            "+0 123 456 789",
            "+1234567890123456",
        ] {
            assert!(Identity::phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn identity_json() {
        let id: Identity =
            serde_json::from_str(r#"{"type":"social","network":"twitter","handle":"@Anna"}"#)
                .unwrap();
        assert_eq!(id.to_string(), "x:anna");
        assert_eq!(
            serde_json::to_string(&id).unwrap(),
            r#"{"type":"social","network":"x","handle":"anna"}"#
        );
        let err = serde_json::from_str::<Identity>(r#"{"type":"fax","value":"1"}"#).unwrap_err();
        assert!(!err.to_string().contains("Repr"), "{err}");
        let err = serde_json::from_str::<Identity>("3").unwrap_err();
        assert!(err.to_string().contains("an identity object"), "{err}");
        assert!(serde_json::from_str::<Identity>(r#"{"type":"phone","value":"06"}"#).is_err());
    }

    #[test]
    fn merge_prefers_survivor() {
        let mut a = Customer::new("c1".parse().unwrap());
        a.name = Some("Anna".into());
        a.signup_at = Some("2026-02-01T00:00:00Z".parse().unwrap());
        a.attributes.insert("tier".into(), "gold".into());
        let mut b = Customer::new("c2".parse().unwrap());
        b.name = Some("A. de Vries".into());
        b.plan = Some("plus".into());
        b.signup_at = Some("2025-12-01T00:00:00Z".parse().unwrap());
        b.attributes.insert("tier".into(), "silver".into());
        b.attributes.insert("city".into(), "Utrecht".into());
        b.identities.insert(Identity::email("a@b.nl").unwrap());
        let m = a.merge(b);
        assert_eq!(m.id.as_str(), "c1");
        assert_eq!(m.name.as_deref(), Some("Anna"));
        assert_eq!(m.plan.as_deref(), Some("plus"));
        assert_eq!(m.signup_at, Some("2025-12-01T00:00:00Z".parse().unwrap()));
        assert_eq!(m.attributes["tier"], "gold");
        assert_eq!(m.attributes["city"], "Utrecht");
        assert_eq!(m.identities.len(), 1);
    }
}

#[cfg(test)]
mod fuzz {
    use super::*;

    proptest::proptest! {
        /// Hostile text never panics the parsers, and whatever they accept is
        /// normalised: parsing it again gives the same value.
        #[test]
        fn parsers_never_panic_and_are_idempotent(s in "\\PC{0,80}", n in 0usize..7) {
            if let Ok(l) = Locale::new(&s) {
                proptest::prop_assert_eq!(Locale::new(l.as_str()).unwrap(), l);
            }
            let identity = match n {
                0 => Identity::email(&s),
                1 => Identity::phone(&s),
                2 => Identity::social(SocialNetwork::X, &s),
                _ => Identity::chat_visitor(&s),
            };
            if let Ok(id) = identity {
                let again = match id.kind() {
                    IdentityKind::Email => Identity::email(id.value()),
                    IdentityKind::Phone => Identity::phone(id.value()),
                    IdentityKind::Social(net) => Identity::social(net, id.value()),
                    _ => Identity::chat_visitor(id.value()),
                };
                proptest::prop_assert_eq!(again.unwrap(), id);
            }
            let _ = crate::time::Date::parse(&s);
            let _ = crate::time::WallTime::parse(&s);
            let _ = serde_json::from_str::<Customer>(&s);
            #[cfg(feature = "calendar")]
            let _ = serde_json::from_str::<crate::CalendarSpec>(&s);
        }
    }
}
