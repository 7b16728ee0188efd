//! A flow as data: its nodes, their inputs and outcomes, and texts per
//! locale.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::customer::Locale;
use crate::rules::Condition;
use crate::ticket::Priority;

/// A text in several locales: `{"nl": "Kun je inloggen?", "en": "Can you log in?"}`.
///
/// A customer's locale is looked up exactly (`nl-BE`), then by its language
/// (`nl`), then the flow's default locale, which every text must have.
///
/// ```
/// use frontline::flows::Text;
/// let text = Text::new("nl", "Hoi!").with("en", "Hi!");
/// assert_eq!(text.get("nl-BE", "en"), Some("Hoi!"));
/// assert_eq!(text.get("de", "en"), Some("Hi!"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Text(pub BTreeMap<String, String>);

impl Text {
    /// A text in one locale.
    pub fn new(locale: impl Into<String>, text: impl Into<String>) -> Text {
        Text(BTreeMap::from([(locale.into(), text.into())]))
    }

    /// The text with one more locale.
    pub fn with(mut self, locale: impl Into<String>, text: impl Into<String>) -> Text {
        self.0.insert(locale.into(), text.into());
        self
    }

    /// The text for `locale`, falling back to its language and then to
    /// `default`. Locale tags compare without regard to case.
    pub fn get(&self, locale: &str, default: &str) -> Option<&str> {
        let find = |tag: &str| {
            self.0
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(tag))
                .map(|(_, v)| v.as_str())
        };
        let language = |tag: &'_ str| tag.split(['-', '_']).next().unwrap_or(tag).to_owned();
        find(locale)
            .or_else(|| find(&language(locale)))
            .or_else(|| find(default))
            .or_else(|| find(&language(default)))
    }
}

/// A guided flow: a main flow of nodes and the sub-flows it can call.
///
/// JSON:
/// ```json
/// {"id": "login", "default_locale": "nl", "locales": ["nl", "en"],
///  "nodes": [
///    {"id": "start", "kind": "ask", "text": {"nl": "Krijg je de reset-mail?", "en": "Do you get the reset e-mail?"},
///     "input": {"type": "yes_no", "yes": "check_spam", "no": "done"}},
///    ...],
///  "subflows": [], "timeout": {"remind_after_seconds": 900, "abandon_after_seconds": 86400}}
/// ```
///
/// The first node starts the flow unless `start` names another. Every text
/// must have every locale in `locales` (by the fallback of [`Text::get`]:
/// `nl` serves `nl-BE`); `locales` defaults to the default locale alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct FlowSpec {
    /// The flow's id (1 to 64 bytes, no control characters).
    pub id: String,
    /// The locale of the texts when the customer's has none (`nl`).
    pub default_locale: Locale,
    /// The locales every text must serve.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locales: Vec<Locale>,
    /// The first node; the first in `nodes` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// The nodes, at most [`MAX_NODES`](super::MAX_NODES).
    pub nodes: Vec<NodeSpec>,
    /// Flows a `jump` can enter, at most [`MAX_SUBFLOWS`](super::MAX_SUBFLOWS).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subflows: Vec<SubflowSpec>,
    /// When a waiting flow reminds the customer, and when it gives up.
    #[serde(default)]
    pub timeout: Timeout,
}

impl FlowSpec {
    /// A flow of these nodes, in one locale.
    pub fn new(id: impl Into<String>, default_locale: Locale, nodes: Vec<NodeSpec>) -> FlowSpec {
        FlowSpec {
            id: id.into(),
            default_locale,
            locales: Vec::new(),
            start: None,
            nodes,
            subflows: Vec::new(),
            timeout: Timeout::default(),
        }
    }
}

/// A flow another flow can enter with a `jump`: the same nodes, plus
/// `return` to go back to the caller.
///
/// JSON: `{"id": "reset_password", "nodes": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SubflowSpec {
    /// The sub-flow's id, unique in the flow.
    pub id: String,
    /// The first node; the first in `nodes` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// The nodes, at most [`MAX_NODES`](super::MAX_NODES).
    pub nodes: Vec<NodeSpec>,
}

impl SubflowSpec {
    /// A sub-flow of these nodes.
    pub fn new(id: impl Into<String>, nodes: Vec<NodeSpec>) -> SubflowSpec {
        SubflowSpec {
            id: id.into(),
            start: None,
            nodes,
        }
    }
}

/// How long a flow waits for the customer: after `remind_after_seconds` it
/// reminds once (the `reminder` text, then the question again), after
/// `abandon_after_seconds` it ends as abandoned. Both count from the
/// customer's last input (or the start). A node may set its own.
///
/// JSON: `{"remind_after_seconds": 900, "abandon_after_seconds": 86400,
/// "reminder": {"nl": "Ben je er nog?"}}`; the defaults are 15 minutes, one
/// day, and a built-in reminder in Dutch and English.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Timeout {
    /// Seconds of silence before the reminder (1 s to 30 days).
    #[serde(default = "default_remind")]
    pub remind_after_seconds: i64,
    /// Seconds of silence before the flow is abandoned (more than
    /// `remind_after_seconds`, at most 30 days).
    #[serde(default = "default_abandon")]
    pub abandon_after_seconds: i64,
    /// The reminder; built in for Dutch and English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminder: Option<Text>,
}

fn default_remind() -> i64 {
    15 * 60
}

fn default_abandon() -> i64 {
    24 * 3600
}

impl Default for Timeout {
    fn default() -> Timeout {
        Timeout {
            remind_after_seconds: default_remind(),
            abandon_after_seconds: default_abandon(),
            reminder: None,
        }
    }
}

/// One node: its id and what it does.
///
/// JSON: the id beside the kind's fields,
/// `{"id": "hello", "kind": "say", "text": {"nl": "Hoi!"}, "next": "ask_email"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NodeSpec {
    /// The node's id, unique in its flow (1 to 64 bytes, no control
    /// characters).
    pub id: String,
    /// What the node does.
    #[serde(flatten)]
    pub kind: NodeKind,
}

impl NodeSpec {
    /// A node.
    pub fn new(id: impl Into<String>, kind: NodeKind) -> NodeSpec {
        NodeSpec {
            id: id.into(),
            kind,
        }
    }
}

/// What a node does. Targets (`next`, `yes`, `otherwise` ...) are node ids
/// of the same flow.
///
/// JSON: `"kind"` is `say`, `ask`, `faq`, `branch`, `set`, `jump`, `return`
/// or `end`, beside the kind's fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum NodeKind {
    /// Shows a message and goes on.
    Say {
        /// The message.
        text: Text,
        /// The next node.
        next: String,
    },
    /// Asks a question and waits for a valid answer, stored under `store`
    /// (the node's id when absent) in the flow's answers.
    Ask {
        /// The question.
        text: Text,
        /// What answer it takes, and where each goes.
        input: InputSpec,
        /// The answer's name in the flow's answers; the node's id when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        store: Option<String>,
        /// Shown before the question again after an answer that does not
        /// fit; built in for Dutch and English.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry: Option<Text>,
        /// Answers that do not fit before the flow gives up on the
        /// question (0 to 10; default 2).
        #[serde(default = "default_retries")]
        max_retries: u8,
        /// Where to go when the retries are spent; without it the flow
        /// ends and escalates (reason `no valid answer`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        on_fail: Option<String>,
        /// The next node, for inputs that do not choose one (all but
        /// `choice` and `yes_no`, which must not have it).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        next: Option<String>,
        /// This question's own timeout.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        timeout: Option<Timeout>,
    },
    /// Searches an FAQ index with the customer's words and offers the
    /// answer, or the suggestions to choose from, then asks whether it
    /// helped.
    Faq {
        /// The question asking for the customer's words. Without it, the
        /// node searches with the answer named by `query` at once.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<Text>,
        /// The answer to search with, instead of asking.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        query: Option<String>,
        /// Where to go when an article helped.
        helped: String,
        /// Where to go when none helped, none matched or no index was given.
        not_helped: String,
        /// "Did this help?"; built in for Dutch and English.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ask_helped: Option<Text>,
        /// The label of "none of these" under suggestions; built in for
        /// Dutch and English.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        none_of_these: Option<Text>,
        /// This node's own timeout.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        timeout: Option<Timeout>,
    },
    /// Goes to the first case whose condition holds, else to `otherwise`.
    /// Conditions are the rules condition tree; `answer.<name>` reads the
    /// flow's answers, `customer.*` the customer and ticket fields the
    /// ticket of the [`FlowContext`](super::FlowContext).
    Branch {
        /// The cases, in order (at most [`MAX_CASES`](super::MAX_CASES)).
        cases: Vec<Case>,
        /// Where to go when no case holds.
        otherwise: String,
    },
    /// Stores a value in the flow's answers and goes on.
    Set {
        /// The answer's name.
        name: String,
        /// The value (any JSON, at most 4 KiB).
        value: serde_json::Value,
        /// The next node.
        next: String,
    },
    /// Goes to a node of this flow (`to`), or enters a sub-flow (`flow`):
    /// with `then`, the sub-flow's `return` comes back to `then`; without,
    /// the sub-flow does not come back and must have no `return`.
    Jump {
        /// A node of this flow.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<String>,
        /// A sub-flow to enter at its start.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        flow: Option<String>,
        /// Where to come back to when the sub-flow returns.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        then: Option<String>,
    },
    /// Goes back to the caller's `then` (sub-flows only).
    Return {},
    /// Ends the flow with an outcome.
    ///
    /// JSON: `{"kind": "end", "outcome": "resolved"}`, or
    /// `{"kind": "end", "outcome": "escalate", "reason": "cannot log in",
    /// "group": "accounts", "priority": "high"}`.
    End {
        /// How it ended.
        outcome: OutcomeKind,
        /// Why, for the agent (escalations only, and required there; 1 to
        /// 256 bytes).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        /// The group that should take it (escalations only).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        group: Option<String>,
        /// The priority it should have (escalations only).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        priority: Option<Priority>,
        /// A last message.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<Text>,
        /// Where a `resume` continues after a person handled the
        /// escalation (bot, person, bot); without it `resume` must name a
        /// node.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        resume: Option<String>,
    },
}

fn default_retries() -> u8 {
    2
}

/// One case of a `branch`: `{"when": "answer.plan is business", "next": "b2b"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Case {
    /// The condition (JSON tree or text form).
    pub when: Condition,
    /// Where to go when it holds.
    pub next: String,
}

impl Case {
    /// A case.
    pub fn new(when: Condition, next: impl Into<String>) -> Case {
        Case {
            when,
            next: next.into(),
        }
    }
}

/// How a flow ended.
///
/// JSON: `"resolved"`, `"escalate"` or `"abandoned"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// The customer's question is answered.
    Resolved,
    /// A person takes over.
    Escalate,
    /// The customer left (or never answered).
    Abandoned,
}

impl OutcomeKind {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeKind::Resolved => "resolved",
            OutcomeKind::Escalate => "escalate",
            OutcomeKind::Abandoned => "abandoned",
        }
    }
}

/// What answer an `ask` takes.
///
/// JSON: `{"type": "choice", "options": [{"value": "web", "label": {"nl": "Website"}, "next": "web"}]}`,
/// `{"type": "yes_no", "yes": "a", "no": "b"}`, `{"type": "text"}`,
/// `{"type": "number", "min": 1, "max": 10, "integer": true}`,
/// `{"type": "email"}`, `{"type": "phone"}`, `{"type": "pattern", "regex": "^[0-9]{5}$"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum InputSpec {
    /// One of a few options: the answer is the option's value, its label,
    /// or its number (`2`), compared without case or accents.
    Choice {
        /// The options (1 to [`MAX_CHOICES`](super::MAX_CHOICES)).
        options: Vec<ChoiceSpec>,
    },
    /// Yes or no (`ja`, `nee`, `yes`, `no`, `y`, `n` and their like, in
    /// Dutch or English); stored as `true` or `false`.
    YesNo {
        /// Where a yes goes.
        yes: String,
        /// Where a no goes.
        no: String,
    },
    /// Any text of 1 to `max_bytes` bytes (at most
    /// [`MAX_ANSWER_BYTES`](super::MAX_ANSWER_BYTES), the default).
    Text {
        /// The longest answer taken.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_bytes: Option<usize>,
    },
    /// A number (`12`, `12,5`, `12.5`), within bounds; stored as a number.
    Number {
        /// The least.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        /// The most.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
        /// Whether only whole numbers fit.
        #[serde(default)]
        integer: bool,
    },
    /// An e-mail address; stored normalised (lower case).
    Email,
    /// A phone number; stored normalised (digits with a leading `+`).
    Phone,
    /// Text containing a match of a regular expression (an order number):
    /// the first match is stored, so `\b[0-9]{5}\b` takes `40213` out of
    /// "mijn order is 40213"; anchor it (`^...$`) to require the whole
    /// answer.
    Pattern {
        /// The expression (at most 1 KiB).
        regex: String,
    },
}

/// One option of a `choice`.
///
/// JSON: `{"value": "web", "label": {"nl": "Op de website"}, "next": "web_login"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ChoiceSpec {
    /// The value stored (1 to 64 bytes).
    pub value: String,
    /// What the customer sees.
    pub label: Text,
    /// Where it goes.
    pub next: String,
}

impl ChoiceSpec {
    /// An option.
    pub fn new(value: impl Into<String>, label: Text, next: impl Into<String>) -> ChoiceSpec {
        ChoiceSpec {
            value: value.into(),
            label,
            next: next.into(),
        }
    }
}
