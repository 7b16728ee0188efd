use thiserror::Error;

use crate::calendar::CalendarError;

/// An error from building a rule set, or from parsing or importing rule text.
///
/// Evaluation cannot fail: everything is checked when the rule set is built.
/// [`RulesError::code`] gives a stable code for the JSON API and the FFI.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum RulesError {
    /// A condition names a field frontline does not know. (In this and the
    /// other condition errors, `rule` is empty for a condition read on its
    /// own, outside a rule.)
    #[error("{}unknown field `{field}`", in_rule(.rule))]
    UnknownField {
        /// The rule.
        rule: String,
        /// The field.
        field: String,
    },
    /// An operator that does not exist or does not fit the field.
    #[error("{}operator `{op}` {reason}", in_rule(.rule))]
    BadOperator {
        /// The rule.
        rule: String,
        /// The operator.
        op: String,
        /// Why it does not fit.
        reason: &'static str,
    },
    /// A value of the wrong kind for its field and operator.
    #[error("{}invalid value `{value}` for `{field}`: {reason}", in_rule(.rule))]
    BadValue {
        /// The rule.
        rule: String,
        /// The field.
        field: String,
        /// The value, as JSON (cut to 64 bytes).
        value: String,
        /// What was expected.
        reason: &'static str,
    },
    /// A regular expression that does not compile or is too large.
    #[error("{}invalid pattern `{pattern}`: {reason}", in_rule(.rule))]
    BadPattern {
        /// The rule.
        rule: String,
        /// The pattern (cut to 64 bytes).
        pattern: String,
        /// Why.
        reason: String,
    },
    /// A condition that is not shaped like a condition.
    #[error("{}invalid condition: {reason}", in_rule(.rule))]
    BadCondition {
        /// The rule.
        rule: String,
        /// What is wrong.
        reason: String,
    },
    /// A rule names a calendar the set does not define.
    #[error("{}unknown calendar `{calendar}`", in_rule(.rule))]
    UnknownCalendar {
        /// The rule.
        rule: String,
        /// The calendar.
        calendar: String,
    },
    /// A calendar in the set is invalid.
    #[error("calendar `{name}`: {source}")]
    Calendar {
        /// Its name.
        name: String,
        /// What is wrong.
        source: CalendarError,
    },
    /// Two rules share an id, or an id is empty.
    #[error("invalid or repeated rule id `{id}`")]
    BadId {
        /// The id.
        id: String,
    },
    /// A documented size cap was exceeded.
    #[error("{what} exceeds the limit of {limit}")]
    TooLarge {
        /// What grew too large, naming the rule when there is one.
        what: String,
        /// The cap.
        limit: usize,
    },
    /// An imported rule uses something frontline cannot express faithfully.
    #[error("{system} import, rule `{rule}`: unsupported {what}")]
    Unsupported {
        /// `zendesk` or `chatwoot`.
        system: &'static str,
        /// The rule's title or id.
        rule: String,
        /// What is unsupported (`condition field \`type\``, `operator \`within\`` ...).
        what: String,
    },
    /// Rule text that does not parse.
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column (in characters).
        column: usize,
        /// What was expected.
        message: String,
    },
}

/// `rule `id`: ` before a message about a rule; nothing for a condition
/// that stands alone (an empty rule name).
fn in_rule(rule: &str) -> String {
    if rule.is_empty() {
        String::new()
    } else {
        format!("rule `{rule}`: ")
    }
}

/// The `what` of a size error: `rule `id`: what`, or `what` alone.
pub(crate) fn rule_part(rule: &str, what: &str) -> String {
    format!("{}{what}", in_rule(rule))
}

impl RulesError {
    /// A stable code for this kind of error, for the JSON API and the FFI.
    pub fn code(&self) -> &'static str {
        match self {
            RulesError::UnknownField { .. } => "rules.unknown_field",
            RulesError::BadOperator { .. } => "rules.bad_operator",
            RulesError::BadValue { .. } => "rules.bad_value",
            RulesError::BadPattern { .. } => "rules.bad_pattern",
            RulesError::BadCondition { .. } => "rules.bad_condition",
            RulesError::UnknownCalendar { .. } => "rules.unknown_calendar",
            RulesError::Calendar { source, .. } => source.code(),
            RulesError::BadId { .. } => "rules.bad_id",
            RulesError::TooLarge { .. } => "rules.too_large",
            RulesError::Syntax { .. } => "rules.syntax",
            RulesError::Unsupported { .. } => "rules.unsupported",
        }
    }
}
