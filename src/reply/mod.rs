//! Replies: templates with Zendesk's placeholders and Liquid's logic, and
//! an acknowledgement that says honestly when a person will answer.
//!
//! "We received your e-mail and will answer within 24 hours" is a promise
//! a desk breaks every Friday afternoon. frontline knows the SLA's true
//! reply-by time, computed on business hours, and the calendar's next
//! opening, so the first answer can say "uiterlijk maandag 30 november om
//! 10:00" instead.
//!
//! ## Templates
//!
//! A [`Template`] is Liquid ([`liquid`](https://crates.io/crates/liquid),
//! the maintained Rust implementation of Shopify's language, the one
//! Zendesk macros use), checked once by [`Template::new`]:
//!
//! - every placeholder must be one below; an unknown one is an error with
//!   its line and column, and so is an unclosed block or a stray `endif`;
//! - `if`/`elsif`/`else`, `unless`, `case`/`when`, `for` over a list (with
//!   `limit`, `offset`, `reversed`, `forloop.*`), `assign`, `break`,
//!   `continue`, `raw` and `comment` work as in Liquid (an `offset` and
//!   `limit` past the list's end give empty items, as Liquid does);
//! - filters are those that cannot fail on missing data: on texts
//!   `append`, `prepend`, `capitalize`, `downcase`, `upcase`, `default`,
//!   `escape`, `escape_once`, `strip` (and `lstrip`, `rstrip`),
//!   `strip_html`, `strip_newlines`, `newline_to_br`, `remove`,
//!   `remove_first`, `replace`, `replace_first`, `truncate`,
//!   `truncatewords`, `url_encode`, `size`; on lists `sort`,
//!   `sort_natural`, `uniq`, `compact`, `reverse`, `join`, `first`, `last`,
//!   `size`;
//! - left out: `date` (it reads the clock for `"now"`; times come written
//!   out instead), `include` and `render` (they read files), arithmetic
//!   filters, `split`, `map`, `where` and `url_decode` (they fail on a
//!   missing or malformed value), `capture`, `cycle`, `ifchanged`,
//!   `increment`, `tablerow`, brackets `a[0]` and `.first` (Liquid fails on
//!   an empty list: use the `first` filter), `contains` after a text (it
//!   fails on a missing one; after a list it works);
//! - so that rendering costs little more than the data's size: no loop
//!   inside a loop, no ranges `(1..n)`, no value built from another
//!   assigned value, at most one filter that lengthens a text (`append`,
//!   `prepend`, `replace`, `escape`, `newline_to_br`, `url_encode` ...) in
//!   one output and none in `assign`, a `replace` at most 64 bytes longer
//!   than what it replaces, at most eight lengthening or list filters on
//!   placeholders in a template and none inside a loop (on the loop's item
//!   they are free), no literal over 256 bytes, blocks at most 32 deep, at
//!   most 32 `elsif` or `when` in a block and 32 `and`/`or` in a
//!   condition.
//!
//! The check is stricter than Liquid so that what passes it Liquid parses
//! and renders without failing; a fuzz target (`fuzz/`, `reply_template`)
//! holds the two to that (Liquid's parser asserts on some malformed input
//! it should refuse; where panics unwind, one would still come out as an
//! error).
//!
//! Rendering never fails on missing data: a placeholder without data is
//! nil, which renders as nothing and is false in `{% if %}` (so
//! `{{ ticket.requester.first_name | default: "daar" }}` works); a list
//! without data is empty (`.size` is 0; in Liquid an empty list is still
//! true in `{% if %}`, so test `.size > 0`).
//!
//! | placeholder | value |
//! |---|---|
//! | `ticket.id`, `ticket.title`, `ticket.status`, `ticket.priority`, `ticket.ticket_type`, `ticket.via` | the ticket's |
//! | `ticket.description`, `ticket.latest_comment`, `ticket.latest_public_comment` | the first message, the latest, the latest public one |
//! | `ticket.tags` | a list |
//! | `ticket.created_at`, `ticket.updated_at` | written out ("vandaag om 10:00") |
//! | `ticket.url`, `ticket.link` | [`ReplyData::ticket_url`] |
//! | `ticket.group.name` | [`ReplyData::group`] |
//! | `ticket.organization.name` | the customer's organisation |
//! | `ticket.assignee.name`, `.first_name`, `.last_name`, `.email` | [`ReplyData::assignee`] |
//! | `ticket.requester.name`, `.first_name`, `.last_name`, `.email`, `.phone`, `.language`, `.locale` | the customer |
//! | `ticket.ticket_field_<name>` | a custom field |
//! | `current_user.name`, `.first_name`, `.last_name`, `.email`, `.signature` | [`ReplyData::current_user`] |
//! | `satisfaction.rating_url`, `satisfaction.current_rating` | [`ReplyData::satisfaction_url`]; `good` or `bad` (`satisfaction.current_comment` is always nil) |
//! | `reply_by` | when a person answers at the latest, written out |
//! | `reply_late` | whether that time has passed |
//! | `reply_before` | the same as a deadline: "morgen vóór 10:00" |
//! | `closed_now` | whether the calendar is closed now (nil without a calendar) |
//! | `next_open` | when the desk opens, written out; nil while it is open |
//! | `business_hours` | this week's hours: "maandag–vrijdag 09:00–17:00; zaterdag 10:00–14:00" |
//! | `faq.question`, `faq.answer`, `faq.suggestions` (a list) | [`ReplyData::faq`] |
//! | `flow.answers.<name>` | a guided flow's answer |
//! | `self_service.url` | [`ReplyData::self_service_url`] |
//!
//! Times are written in the customer's time zone and language (Dutch,
//! English, German, French, Spanish; weekday and month names from chrono's
//! CLDR locale data): "vandaag om 16:00", "morgen om 10:00", "dinsdag 24
//! november om 10:00", "Tuesday 24 November at 10:00"
//! ([`in_words`](crate::time::in_words)).
//!
//! ```
//! use frontline::reply::{ReplyData, Template};
//! let t = Template::new(
//!     "{% if faq.answer %}{{ faq.answer }}{% else %}We will answer {{ reply_by }}.{% endif %}",
//! )?;
//! let mut data = ReplyData::new();
//! data.locale = Some("en".into());
//! data.reply_by = Some("2026-11-24T10:00:00Z".parse()?);
//! let now = "2026-11-24T08:00:00Z".parse()?;
//! assert_eq!(t.render(&data, None, now)?, "We will answer today at 10:00.");
//! assert_eq!(
//!     Template::new("Hi {{ ticket.requester.nickname }}").unwrap_err().to_string(),
//!     "unknown placeholder `ticket.requester.nickname` at line 1, column 4"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A [`TemplateSet`] names templates in several locales (a desk's macros),
//! with the fallback `nl-BE` → `nl` → the default locale.
//!
//! ## Acknowledgements
//!
//! [`acknowledge`] writes the first answer from the SLA report, the
//! calendar, the customer and what self-service found: that the message
//! arrived, when a person will answer (or "as soon as possible" once that
//! time has passed: never a promise already broken), that the desk is
//! closed and when it opens, the FAQ's answer or suggestions, and links.
//! Dutch and English are built in; a host's set replaces them.
//!
//! ## Caps and cost
//!
//! A template has at most [`MAX_TEMPLATE_BYTES`]; a set at most
//! [`MAX_SET_TEMPLATES`] templates; a placeholder shows at most
//! [`MAX_PLACEHOLDER_BYTES`] of text; a rendered reply has at most
//! [`MAX_REPLY_BYTES`] (`reply.too_large` past it; Liquid stops at the
//! first write over it). Checking is about linear in the template.
//! Rendering: each output reads a placeholder of at most 16 KiB through at
//! most one lengthening filter (at most 65 times longer); a loop runs over
//! at most [`MAX_TAGS`](crate::ticket::MAX_TAGS) tags or 20 suggestions,
//! with only cheap filters on placeholders inside it; the costly filters
//! of the whole template are at most eight.
//!
//! Measured (`cargo bench -p frontline-benches --bench conversations`,
//! criterion medians over several runs on a shared machine): a 1 KiB macro
//! renders in 4.7 to 5.1 µs (Liquid's own rendering is 72 % of the
//! instructions), 8 to 9.5 µs when it shows `business_hours` (the
//! calendar's week is read per render); an acknowledgement takes 3.6 µs;
//! checking a 1 KiB macro 97 µs.

mod acknowledge;
mod hours;
mod scan;
mod schema;
mod set;
mod template;
#[cfg(test)]
mod tests;

pub use acknowledge::{ACKNOWLEDGE, Acknowledgement, acknowledge};
pub use set::{TemplateSet, TemplateSetSpec};
pub use template::{FaqReply, Person, ReplyData, Template};

/// The longest template, in bytes.
pub const MAX_TEMPLATE_BYTES: usize = 16 * 1024;
/// The longest rendered reply, in bytes (`reply.too_large` past it).
pub const MAX_REPLY_BYTES: usize = 256 * 1024;
/// The longest text a placeholder shows, in bytes; a longer one (a long
/// message, a host's value) is cut there and ends in `…`.
pub const MAX_PLACEHOLDER_BYTES: usize = 16 * 1024;
/// The most templates in a set (counting each locale).
pub const MAX_SET_TEMPLATES: usize = 256;

/// What can go wrong checking or rendering a template.
///
/// Every error has a stable [`code`](ReplyError::code).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ReplyError {
    /// A placeholder frontline does not fill.
    #[error("unknown placeholder `{name}` at line {line}, column {column}")]
    UnknownPlaceholder {
        /// The placeholder as written.
        name: String,
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
    },
    /// Something a template may not do (see the module docs).
    #[error("not supported: {what}, at line {line}, column {column}")]
    Unsupported {
        /// What.
        what: String,
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
    },
    /// The template cannot be read: an unclosed block, a stray end tag, a
    /// malformed expression (from the check, or from Liquid, whose reasons
    /// start with `Liquid:`).
    #[error("template syntax at line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// Liquid's reason.
        message: String,
    },
    /// A template of a set failed.
    #[error("template `{template}` ({locale}): {source}")]
    InTemplate {
        /// The template's name.
        template: String,
        /// Its locale.
        locale: String,
        /// The error.
        source: Box<ReplyError>,
    },
    /// A set's template lacks the default locale.
    #[error("template `{template}` has no text for the default locale {locale}")]
    MissingLocale {
        /// The template's name.
        template: String,
        /// The default locale.
        locale: String,
    },
    /// A template name is empty, over 64 bytes or has control characters.
    #[error("invalid template name `{0}`: 1 to 64 bytes without control characters expected")]
    InvalidName(String),
    /// No template of that name.
    #[error("no template `{0}`")]
    UnknownTemplate(String),
    /// Too many of something.
    #[error("too many {what}: {len}, over the limit of {max}")]
    TooLarge {
        /// What.
        what: &'static str,
        /// How many.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// Liquid failed while rendering: a bug, as the check admits only what
    /// renders (reported with Liquid's reason).
    #[error("rendering failed: {0}")]
    Render(String),
}

impl ReplyError {
    /// The stable code: `reply.unknown_placeholder`, `reply.unsupported`,
    /// `reply.syntax`, `reply.missing_locale`, `reply.invalid_name`,
    /// `reply.unknown_template`, `reply.too_large`, `reply.render_failed`;
    /// for a set's template, its own error's code.
    pub fn code(&self) -> &'static str {
        match self {
            ReplyError::UnknownPlaceholder { .. } => "reply.unknown_placeholder",
            ReplyError::Unsupported { .. } => "reply.unsupported",
            ReplyError::Syntax { .. } => "reply.syntax",
            ReplyError::InTemplate { source, .. } => source.code(),
            ReplyError::MissingLocale { .. } => "reply.missing_locale",
            ReplyError::InvalidName(_) => "reply.invalid_name",
            ReplyError::UnknownTemplate(_) => "reply.unknown_template",
            ReplyError::TooLarge { .. } => "reply.too_large",
            ReplyError::Render(_) => "reply.render_failed",
        }
    }
}
