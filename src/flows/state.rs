//! The conversation's state between messages, the inputs that move it and
//! what one step returns.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::spec::OutcomeKind;
use crate::faq::{Decision, FaqIndex};
use crate::ticket::Priority;
use crate::time::Timestamp;
use crate::{Customer, Ticket};

/// A node of the main flow (`flow` absent) or of a sub-flow.
///
/// JSON: `{"node": "ask_email"}` or `{"flow": "reset", "node": "start"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Position {
    /// The sub-flow; the main flow when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<String>,
    /// The node's id.
    pub node: String,
}

/// What a flow waits for.
///
/// JSON: `{"kind": "answer"}`, `{"kind": "faq_query"}`,
/// `{"kind": "faq_pick", "entries": ["reset", "locked"]}`,
/// `{"kind": "faq_helped", "entry": "reset"}` or `{"kind": "ended"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Waiting {
    /// The answer to an `ask`.
    Answer,
    /// The customer's words for an `faq` node.
    FaqQuery,
    /// A choice among the suggested articles (or none of them).
    FaqPick {
        /// The suggested entries, in the order shown.
        entries: Vec<String>,
    },
    /// Whether the article shown helped.
    FaqHelped {
        /// The entry shown.
        entry: String,
    },
    /// Nothing: the flow has ended.
    Ended,
}

/// One question and the answer that was taken.
///
/// JSON: `{"at": {"node": "email"}, "question": "Wat is je e-mailadres?",
/// "answer": "Anna@Example.nl", "value": "anna@example.nl", "time": "2026-03-02T09:00:00Z"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PathStep {
    /// The node that asked.
    pub at: Position,
    /// The question as shown.
    pub question: String,
    /// The answer as written (at most 1 KiB, cut on a character boundary).
    pub answer: String,
    /// The value stored.
    pub value: Value,
    /// When it was answered.
    pub time: Timestamp,
}

/// An FAQ search in a flow, what it showed and whether it helped.
///
/// JSON: `{"node": "faq", "query": "wachtwoord vergeten", "decision": "answer",
/// "shown": ["reset"], "chosen": "reset", "helped": false}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct FaqShown {
    /// The `faq` node.
    pub at: Position,
    /// The customer's words (at most 1 KiB).
    pub query: String,
    /// What the index decided; absent when no index was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    /// The entries shown, best first.
    #[serde(default)]
    pub shown: Vec<String>,
    /// The entry whose answer was shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chosen: Option<String>,
    /// Whether it helped; absent until the customer said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub helped: Option<bool>,
}

/// How a flow ended.
///
/// JSON: `{"outcome": "escalate", "at": {"node": "give_up"}, "reason": "cannot log in",
/// "group": "accounts", "priority": "high"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Outcome {
    /// Resolved, escalated or abandoned.
    pub outcome: OutcomeKind,
    /// The node it ended at (an `end`, or the question that was not
    /// answered).
    pub at: Position,
    /// Why (escalations and abandonment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The group that should take it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The priority it should have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
}

/// An answer a step changed and what it was before.
///
/// JSON: `{"name": "email", "had": true, "old": "anna@example.nl"}`; without
/// `had` the answer was absent (an answer may be `null`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AnswerChange {
    /// The answer's name.
    pub name: String,
    /// Whether it had a value.
    #[serde(default)]
    pub had: bool,
    /// The value it had.
    #[serde(default)]
    pub old: Value,
}

/// What `back` needs to restore the state before an answer: where the flow
/// was, the answers the step changed, and the lengths of the path and FAQ
/// record (a step only appends to them, and changes the last FAQ record,
/// kept whole here).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Undo {
    /// Where the flow was.
    pub at: Position,
    /// Its return points.
    #[serde(default)]
    pub stack: Vec<Position>,
    /// What it waited for.
    pub waiting: Waiting,
    /// Its retries.
    #[serde(default)]
    pub retries: u8,
    /// Whether it had reminded.
    #[serde(default)]
    pub reminded: bool,
    /// The path's length.
    pub path_len: usize,
    /// The FAQ record's length.
    pub faq_len: usize,
    /// The last FAQ record as it was (it may change in place).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faq_last: Option<FaqShown>,
    /// The answers the step changed, with their earlier values.
    #[serde(default)]
    pub answers: Vec<AnswerChange>,
    /// The outcome it had (a `resume` clears one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
}

/// A conversation's state between messages: plain data the host stores
/// (for days if need be) and passes back with the next input.
///
/// The host never edits it; a state that does not fit the flow (a node
/// that is not there, a position that cannot wait, here or in an undo
/// record) is refused with `flow.invalid_state`, so a flow edited since
/// still takes the states of conversations under way when those positions
/// still exist; `restart` takes any state of the flow.
///
/// JSON: `{"flow": "login", "locale": "nl", "at": {"node": "email"},
/// "waiting": {"kind": "answer"}, "answers": {"channel": "app"},
/// "since": "2026-03-02T09:00:00Z", "path": [...], "undo": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct FlowState {
    /// The flow's id.
    pub flow: String,
    /// The locale texts are shown in.
    pub locale: String,
    /// Where the flow waits (or ended).
    pub at: Position,
    /// Return points of the sub-flows entered, innermost last.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stack: Vec<Position>,
    /// What it waits for.
    pub waiting: Waiting,
    /// The answers and values collected, by name.
    #[serde(default)]
    pub answers: BTreeMap<String, Value>,
    /// Answers that did not fit the current question.
    #[serde(default)]
    pub retries: u8,
    /// The customer's last input, or the start.
    pub since: Timestamp,
    /// Whether the customer was reminded since.
    #[serde(default)]
    pub reminded: bool,
    /// Every question answered, in order (the last
    /// [`MAX_PATH`](super::MAX_PATH)).
    #[serde(default)]
    pub path: Vec<PathStep>,
    /// Every FAQ search, in order (the last [`MAX_PATH`](super::MAX_PATH)).
    #[serde(default)]
    pub faq: Vec<FaqShown>,
    /// How it ended, once it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// What `back` restores, latest last (the last
    /// [`MAX_UNDO`](super::MAX_UNDO)).
    #[serde(default)]
    pub undo: Vec<Undo>,
}

impl FlowState {
    /// Whether the flow has ended.
    pub fn ended(&self) -> bool {
        self.outcome.is_some()
    }
}

/// What moves a flow.
///
/// JSON: `{"type": "answer", "text": "ja"}`, `{"type": "back"}`,
/// `{"type": "restart"}`, `{"type": "resume", "node": "check", "answers": {"verified": true}}`
/// or `{"type": "tick"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Input {
    /// The customer's answer (at most [`MAX_ANSWER_BYTES`](super::MAX_ANSWER_BYTES)).
    Answer {
        /// What the customer wrote or chose.
        text: String,
    },
    /// Undo the last answer taken and ask that question again.
    Back,
    /// Start over: answers, path and FAQ record are cleared; the locale is
    /// kept.
    Restart,
    /// After an escalation, a person handled the step: go on at `node` (or
    /// the `end` node's `resume`), with the answers the person collected.
    Resume {
        /// Where to go on, in the flow the escalation ended in.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        node: Option<String>,
        /// Answers to add or replace.
        #[serde(default)]
        answers: BTreeMap<String, Value>,
    },
    /// Time passed without input: at `now`, a reminder once the node's
    /// `remind_after_seconds` have passed, and the end (abandoned) once its
    /// `abandon_after_seconds` have.
    Tick,
}

impl Input {
    /// An answer.
    pub fn answer(text: impl Into<String>) -> Input {
        Input::Answer { text: text.into() }
    }
}

/// What a host passes besides the state: who the customer is, the ticket
/// if there is one, the FAQ index `faq` nodes search, and the language.
///
/// The locale at the start is `locale`, else the customer's, else the
/// detected language of `message` when detection is reliable, else the
/// flow's default.
#[derive(Debug, Clone, Copy, Default)]
#[non_exhaustive]
pub struct FlowContext<'a> {
    /// The customer (`customer.*` in conditions).
    pub customer: Option<&'a Customer>,
    /// The ticket (ticket fields in conditions).
    pub ticket: Option<&'a Ticket>,
    /// The index `faq` nodes search; without one they go to `not_helped`.
    pub faq: Option<&'a FaqIndex>,
    /// The locale to use (BCP 47), before the customer's.
    pub locale: Option<&'a str>,
    /// The customer's first message, to detect the language from.
    pub message: Option<&'a str>,
}

impl<'a> FlowContext<'a> {
    /// An empty context.
    pub fn new() -> FlowContext<'a> {
        FlowContext::default()
    }

    /// With the customer.
    pub fn customer(mut self, customer: &'a Customer) -> FlowContext<'a> {
        self.customer = Some(customer);
        self
    }

    /// With the ticket.
    pub fn ticket(mut self, ticket: &'a Ticket) -> FlowContext<'a> {
        self.ticket = Some(ticket);
        self
    }

    /// With the FAQ index.
    pub fn faq(mut self, faq: &'a FaqIndex) -> FlowContext<'a> {
        self.faq = Some(faq);
        self
    }

    /// With a locale.
    pub fn locale(mut self, locale: &'a str) -> FlowContext<'a> {
        self.locale = Some(locale);
        self
    }

    /// With the customer's first message.
    pub fn message(mut self, message: &'a str) -> FlowContext<'a> {
        self.message = Some(message);
        self
    }
}

/// What a prompt is.
///
/// JSON: `"say"`, `"ask"`, `"retry"`, `"reminder"`, `"faq_answer"`,
/// `"faq_suggestions"`, `"ask_helped"` or `"end"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PromptKind {
    /// A `say` message.
    Say,
    /// A question.
    Ask,
    /// The answer did not fit (the question follows again).
    Retry,
    /// The customer was silent (the question follows again).
    Reminder,
    /// An FAQ article's answer.
    FaqAnswer,
    /// FAQ articles to choose from (as choices).
    FaqSuggestions,
    /// "Did this help?"
    AskHelped,
    /// An `end` message.
    End,
}

/// One option shown with a question.
///
/// JSON: `{"value": "app", "label": "In de app"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Choice {
    /// What to send back as the answer.
    pub value: String,
    /// What to show.
    pub label: String,
}

/// A message to show the customer.
///
/// JSON: `{"at": {"node": "ask_app"}, "kind": "ask", "text": "Waar log je in?",
/// "choices": [{"value": "app", "label": "In de app"}]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Prompt {
    /// The node it comes from.
    pub at: Position,
    /// What it is.
    pub kind: PromptKind,
    /// The text, in the state's locale.
    pub text: String,
    /// The options, for a choice, yes/no or suggestions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    /// The FAQ entry shown, for `faq_answer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
}

/// What the flow waits for after a step, for the host's input box and its
/// timer.
///
/// JSON: `{"at": {"node": "email"}, "input": "email", "choices": [],
/// "remind_at": "2026-03-02T09:15:00Z", "abandon_at": "2026-03-03T09:00:00Z"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Wait {
    /// The node.
    pub at: Position,
    /// The input it takes: `choice`, `yes_no`, `text`, `number`, `email`,
    /// `phone`, `pattern`, `faq_query`, `faq_pick` or `faq_helped`.
    pub input: String,
    /// The options, when it takes one of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    /// When a `tick` reminds; absent once reminded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remind_at: Option<Timestamp>,
    /// When a `tick` ends the flow as abandoned.
    pub abandon_at: Timestamp,
}

/// What one step returns: the new state, what to show, and what it waits
/// for or how it ended.
///
/// JSON: `{"state": {...}, "prompts": [...], "wait": {...}}` or
/// `{"state": {...}, "prompts": [...], "outcome": {...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Step {
    /// The state to store and pass back with the next input.
    pub state: FlowState,
    /// The messages to show, in order.
    pub prompts: Vec<Prompt>,
    /// What the flow waits for; absent once it ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait: Option<Wait>,
    /// How it ended, on the step that ended it (later steps of an ended
    /// flow, such as a `tick`, leave it out; the state keeps it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
}
