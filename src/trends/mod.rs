//! Trends in contact reasons: reasons that cluster at a customer tenure
//! (with a significance test, and a lifecycle rule to reach customers just
//! before), and repetitive work that an FAQ entry or an automation could
//! take over.
//!
//! The input is one [`ContactRecord`] per ticket: its category (from
//! triage, the FAQ, or a tag), when it was created, the customer's signup,
//! and, where the host has them, the handling time, the customer's
//! question and the agent's reply. [`suggest`] returns [`Suggestions`]:
//!
//! - **Tenure** ([`TenureTrend`]): for each category with at least
//!   [`TrendConfig::min_count`] tickets, the tenure window (7, 14 or 30
//!   days wide) where it is most over-represented against the tenure
//!   distribution of all *other* categories, tested one-sided with
//!   Fisher's exact test (hypergeometric tail): if this category's tickets
//!   were a random draw of all tickets, how likely would at least this many
//!   of the window's tickets be among them? The p-value is multiplied by
//!   the number of windows and categories tested (Bonferroni), so a
//!   reported trend survives the
//!   search that found it. Each trend carries a lifecycle rule, as JSON that
//!   `rules.build` accepts, that writes to customers
//!   [`TrendConfig::lead_days`] before the window opens.
//! - **Repetitive work** ([`RepetitiveWork`]): categories with a large
//!   share of the volume, a short median handling time, and consistent
//!   replies (most replies close to the most typical one in their words):
//!   proposed as an FAQ entry (JSON that `faq.build` accepts) or, when the
//!   replies are nearly identical and quick, an automation (a trigger rule
//!   and the reply as its template), with the evidence.
//!
//! ```
//! use frontline::trends::{suggest, ContactRecord, TrendConfig};
//! use frontline::Timestamp;
//!
//! let signup: Timestamp = "2026-01-01T00:00:00Z".parse()?;
//! let day = |d: i64| signup.checked_add_seconds(d * 86_400 + 3_600).unwrap();
//! let mut records = Vec::new();
//! for i in 0..400 {
//!     // Other reasons spread over the first year.
//!     records.push(ContactRecord::new(format!("T-{i}").parse()?, "delivery", day(i % 365)).signed_up(signup));
//! }
//! for i in 0..40 {
//!     // Export questions around day 80 to 95.
//!     records.push(ContactRecord::new(format!("E-{i}").parse()?, "export", day(80 + i % 15)).signed_up(signup));
//! }
//! let s = suggest(&records, &TrendConfig::default())?;
//! let export = &s.tenure[0];
//! assert_eq!(export.category, "export");
//! assert!(export.from_day >= 75 && export.to_day <= 100);
//! assert!(export.p_value < 1e-6);
//! assert_eq!(export.rule["kind"], "lifecycle");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Caps and cost
//! At most [`MAX_RECORDS`] records and [`MAX_CATEGORIES`] categories;
//! tenures beyond [`MAX_TENURE_DAYS`] are left out of the tenure analysis
//! (and counted). Tenure: O(records + categories × windows) with prefix
//! sums, then an exact hypergeometric tail per category, O(records).
//! Repetitive work compares at most [`MAX_COMPARED_REPLIES`] replies per
//! category pairwise (each cut to [`MAX_TEXT_BYTES`]).

mod repetitive;
mod tenure;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::ticket::TicketId;
use crate::time::Timestamp;

pub use repetitive::{Proposal, RepetitiveWork};
pub use tenure::TenureTrend;

/// The most records one call takes.
pub const MAX_RECORDS: usize = 1_000_000;
/// The most distinct categories.
pub const MAX_CATEGORIES: usize = 1_000;
/// The longest tenure analysed, in days (ten years).
pub const MAX_TENURE_DAYS: i64 = 3_650;
/// The most replies compared per category.
pub const MAX_COMPARED_REPLIES: usize = 200;
/// The longest question or reply text read, in bytes (longer ones are cut
/// at a character boundary).
pub const MAX_TEXT_BYTES: usize = 4_096;
/// The longest category name, in bytes.
pub const MAX_CATEGORY_BYTES: usize = 128;

/// One ticket, as trends see it.
///
/// JSON: `{"ticket": "T-1", "category": "export", "created_at":
/// "2026-03-24T10:00:00Z", "signup_at": "2026-01-01T00:00:00Z",
/// "handle_seconds": 240, "question": "Hoe exporteer ik?", "reply": "Ga
/// naar Instellingen …"}`; only the first three are required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ContactRecord {
    /// The ticket.
    pub ticket: TicketId,
    /// Its contact reason.
    pub category: String,
    /// When it was created.
    pub created_at: Timestamp,
    /// When its customer signed up (for tenure).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signup_at: Option<Timestamp>,
    /// Seconds agents spent on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handle_seconds: Option<i64>,
    /// The customer's question (first message).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// The agent's reply that resolved it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<String>,
}

impl ContactRecord {
    /// A record of `ticket` about `category`, created at `created_at`.
    pub fn new(
        ticket: TicketId,
        category: impl Into<String>,
        created_at: Timestamp,
    ) -> ContactRecord {
        ContactRecord {
            ticket,
            category: category.into(),
            created_at,
            signup_at: None,
            handle_seconds: None,
            question: None,
            reply: None,
        }
    }

    /// With the customer's signup.
    pub fn signed_up(mut self, at: Timestamp) -> ContactRecord {
        self.signup_at = Some(at);
        self
    }

    /// With the handling time, the question and the reply.
    pub fn handled(
        mut self,
        seconds: i64,
        question: impl Into<String>,
        reply: impl Into<String>,
    ) -> ContactRecord {
        self.handle_seconds = Some(seconds);
        self.question = Some(question.into());
        self.reply = Some(reply.into());
        self
    }
}

/// Thresholds of [`suggest`]. JSON: every field optional, with the defaults
/// below.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct TrendConfig {
    /// The fewest tickets a category needs to be analysed (default 20).
    pub min_count: usize,
    /// The significance level, after the Bonferroni correction (default 0.01).
    pub alpha: f64,
    /// The least over-representation in a tenure window, as a ratio of
    /// shares (default 2).
    pub min_lift: f64,
    /// Days before a window opens that the proposed lifecycle rule fires
    /// (default 5).
    pub lead_days: i64,
    /// The least share of all tickets for repetitive work (default 0.02).
    pub min_share: f64,
    /// The longest median handling time of repetitive work, seconds
    /// (default 600).
    pub max_handle_seconds: i64,
    /// The least share of replies close to the typical one (default 0.6).
    pub min_consistency: f64,
    /// Word overlap (Jaccard) at which two replies count as close (default 0.6).
    pub similarity: f64,
}

impl Default for TrendConfig {
    fn default() -> TrendConfig {
        TrendConfig {
            min_count: 20,
            alpha: 0.01,
            min_lift: 2.0,
            lead_days: 5,
            min_share: 0.02,
            max_handle_seconds: 600,
            min_consistency: 0.6,
            similarity: 0.6,
        }
    }
}

impl TrendConfig {
    fn check(&self) -> Result<(), TrendError> {
        let bad = |field: &'static str, ok: bool, expected: &'static str| {
            if ok {
                Ok(())
            } else {
                Err(TrendError::Invalid { field, expected })
            }
        };
        bad(
            "min_count",
            (2..=MAX_RECORDS).contains(&self.min_count),
            "2 to 1,000,000",
        )?;
        bad(
            "alpha",
            self.alpha > 0.0 && self.alpha < 1.0,
            "between 0 and 1",
        )?;
        bad(
            "min_lift",
            self.min_lift.is_finite() && self.min_lift >= 1.0,
            "1 or more",
        )?;
        bad("lead_days", (0..=365).contains(&self.lead_days), "0 to 365")?;
        bad("min_share", (0.0..=1.0).contains(&self.min_share), "0 to 1")?;
        bad(
            "max_handle_seconds",
            self.max_handle_seconds >= 0,
            "0 or more",
        )?;
        bad(
            "min_consistency",
            (0.0..=1.0).contains(&self.min_consistency),
            "0 to 1",
        )?;
        bad(
            "similarity",
            self.similarity > 0.0 && self.similarity <= 1.0,
            "above 0, at most 1",
        )
    }
}

/// What [`suggest`] found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Suggestions {
    /// Categories that cluster at a tenure, most significant first.
    pub tenure: Vec<TenureTrend>,
    /// Repetitive work, largest share first.
    pub repetitive: Vec<RepetitiveWork>,
    /// Records left out of the tenure analysis: no signup, a signup after
    /// the ticket, or a tenure over [`MAX_TENURE_DAYS`].
    pub without_tenure: usize,
}

/// What can go wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TrendError {
    /// A threshold out of range.
    #[error("invalid `{field}`: {expected} expected")]
    Invalid {
        /// The field.
        field: &'static str,
        /// The range.
        expected: &'static str,
    },
    /// A record with an empty or overlong category.
    #[error("record {index}: the category must be 1 to 128 bytes")]
    BadCategory {
        /// The record's position.
        index: usize,
    },
    /// Past a cap.
    #[error("too many {what}: over the limit of {max}")]
    TooLarge {
        /// What.
        what: &'static str,
        /// The limit.
        max: usize,
    },
}

impl TrendError {
    /// The stable code: `trends.invalid_config`, `trends.bad_category`,
    /// `trends.too_large`.
    pub fn code(&self) -> &'static str {
        match self {
            TrendError::Invalid { .. } => "trends.invalid_config",
            TrendError::BadCategory { .. } => "trends.bad_category",
            TrendError::TooLarge { .. } => "trends.too_large",
        }
    }
}

/// Finds tenure trends and repetitive work in `records` (see the module docs).
///
/// # Errors
/// `trends.invalid_config` for a threshold out of range;
/// `trends.bad_category` for an empty or overlong category;
/// `trends.too_large` past [`MAX_RECORDS`] or [`MAX_CATEGORIES`].
pub fn suggest(records: &[ContactRecord], config: &TrendConfig) -> Result<Suggestions, TrendError> {
    config.check()?;
    if records.len() > MAX_RECORDS {
        return Err(TrendError::TooLarge {
            what: "records",
            max: MAX_RECORDS,
        });
    }
    let mut categories: Vec<&str> = Vec::new();
    for (index, r) in records.iter().enumerate() {
        if r.category.is_empty() || r.category.len() > MAX_CATEGORY_BYTES {
            return Err(TrendError::BadCategory { index });
        }
        categories.push(&r.category);
    }
    categories.sort_unstable();
    categories.dedup();
    if categories.len() > MAX_CATEGORIES {
        return Err(TrendError::TooLarge {
            what: "categories",
            max: MAX_CATEGORIES,
        });
    }
    let (tenure, without_tenure) = tenure::find(records, &categories, config);
    let repetitive = repetitive::find(records, &categories, config);
    Ok(Suggestions {
        tenure,
        repetitive,
        without_tenure,
    })
}

/// A category as an identifier part: ASCII lowercase letters, digits and
/// dashes, at most 64 bytes; when that changes the category (`Billing &
/// VAT`), a dash and eight hex digits of its FNV-1a hash follow
/// (`billing-vat-1c3f…`), so that categories that differ only in case or
/// punctuation get distinct identifiers. (Two categories can still meet:
/// by a 32-bit hash collision, or when one is spelt exactly like the
/// other's hashed form.)
fn slug(category: &str) -> String {
    let mut out = String::new();
    for c in category.chars() {
        if out.len() >= 64 {
            break;
        }
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_owned();
    if out != category {
        let hash = category.bytes().fold(0x811c_9dc5u32, |h, b| {
            (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
        });
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&format!("{hash:08x}"));
    }
    out
}

/// `text` cut to [`MAX_TEXT_BYTES`] at a character boundary.
fn cut(text: &str) -> &str {
    text.get(..text.floor_char_boundary(MAX_TEXT_BYTES))
        .unwrap_or(text)
}
