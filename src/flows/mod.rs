//! Guided flows: walk a customer through a fix, step by step, and hand over
//! to a person with everything asked and answered when the flow cannot
//! help.
//!
//! A support desk answers the same questions many times a day: "I cannot
//! log in", "where is my parcel". A guided flow asks what a person would
//! ask (which app, did the reset e-mail arrive, is it in the spam folder),
//! offers the FAQ article that fits, and either solves it or escalates with
//! the whole conversation, so the customer never repeats themselves.
//!
//! ## A flow is data
//!
//! A [`FlowSpec`] is a list of nodes, written in JSON or built in Rust, and
//! [`Flow::new`] checks it once:
//!
//! | kind | does |
//! |---|---|
//! | `say` | shows a message and goes on |
//! | `ask` | asks a question and waits: a `choice`, `yes_no`, `text`, `number`, `email`, `phone` or `pattern` (an order number by regular expression); an answer that does not fit is asked again, up to `max_retries` times |
//! | `faq` | searches an [`FaqIndex`](crate::faq::FaqIndex) with the customer's words, shows the answer (or suggestions to choose from) and asks whether it helped |
//! | `branch` | goes to the first case whose condition holds: the [rules condition tree](crate::rules::Condition), where `answer.<name>` reads what the flow collected |
//! | `set` | stores a value among the answers |
//! | `jump` | goes to another node, or enters a sub-flow, coming back to `then` at its `return` |
//! | `end` | ends: `resolved`, `escalate` (reason, group, priority) or `abandoned` |
//!
//! Checking refuses, naming the flow and node: duplicate ids, targets that
//! do not exist, nodes nothing reaches, loops that never wait for the
//! customer, nodes from which no `end` can be reached, a text without one
//! of the flow's locales, a condition or pattern that does not compile, a
//! sub-flow entered without `then` that returns, calls that nest deeper
//! than [`MAX_JUMP_DEPTH`] or go round in a circle, and anything over the
//! caps below.
//!
//! ## A step function
//!
//! A conversation lives in a [`FlowState`]: plain data the host stores
//! between messages, for days if need be. [`start`] begins one; [`step`]
//! takes the state, an [`Input`] and `now`, and returns a [`Step`]: the new
//! state, the [`Prompt`]s to show, and either what the flow now waits for
//! (a [`Wait`], with the options and the times a `tick` will remind and
//! give up) or how it ended (an [`Outcome`]). Nothing is stored inside; the
//! same state and input always give the same step.
//!
//! The inputs are the customer's answer, `back` (undo the last answer taken
//! and ask that question again: the state is exactly as it was before that
//! answer, with the customer's activity at `now`), `restart`, `resume` (a
//! person handled an escalation; the flow goes on with what they
//! collected: bot, person, bot) and `tick` (time passed: a reminder once,
//! then `abandoned`).
//!
//! ```
//! use frontline::flows::{self, Flow, FlowContext, FlowSpec, Input};
//! use frontline::Timestamp;
//!
//! let spec: FlowSpec = serde_json::from_str(r#"{
//!   "id": "login", "default_locale": "nl", "locales": ["nl", "en"],
//!   "nodes": [
//!     {"id": "where", "kind": "ask",
//!      "text": {"nl": "Waar probeer je in te loggen?", "en": "Where do you try to log in?"},
//!      "input": {"type": "choice", "options": [
//!        {"value": "app", "label": {"nl": "In de app", "en": "In the app"}, "next": "reset_mail"},
//!        {"value": "web", "label": {"nl": "Op de website", "en": "On the website"}, "next": "reset_mail"}]}},
//!     {"id": "reset_mail", "kind": "ask",
//!      "text": {"nl": "Komt de resetmail aan?", "en": "Does the reset e-mail arrive?"},
//!      "input": {"type": "yes_no", "yes": "solved", "no": "human"}},
//!     {"id": "solved", "kind": "end", "outcome": "resolved",
//!      "text": {"nl": "Fijn!", "en": "Great!"}},
//!     {"id": "human", "kind": "end", "outcome": "escalate", "reason": "reset e-mail does not arrive",
//!      "group": "accounts", "priority": "high",
//!      "text": {"nl": "Ik geef je door aan een collega.", "en": "I am passing you to a colleague."}}
//!   ]}"#)?;
//! let flow = Flow::new(spec)?;
//! let now = Timestamp::parse("2026-03-02T09:00:00Z")?;
//! let context = FlowContext::new().locale("nl-BE");
//!
//! let step = flows::start(&flow, &context, now)?;
//! assert_eq!(step.prompts[0].text, "Waar probeer je in te loggen?");
//! assert_eq!(step.wait.as_ref().map(|w| w.input.as_str()), Some("choice"));
//!
//! let step = flows::step(&flow, step.state, &Input::answer("in de app"), &context, now)?;
//! let step = flows::step(&flow, step.state, &Input::answer("nee"), &context, now)?;
//! let outcome = step.outcome.expect("ended");
//! assert_eq!(outcome.group.as_deref(), Some("accounts"));
//! assert_eq!(step.state.answers["where"], "app");
//! assert_eq!(step.state.path.len(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Languages
//!
//! Every text is a [`Text`], per locale. A conversation's locale is chosen
//! when it starts: the context's, else the customer's, else the reliably
//! detected language of the customer's message, else the flow's default.
//! A text is looked up by that locale, then its language (`nl-BE` → `nl`),
//! then the default. The few texts a flow may leave out (the retry, the
//! reminder, "did this help?", "none of these", yes and no) are built in
//! for Dutch and English; a flow in another language must give them.
//!
//! ## Caps and cost
//!
//! A flow has at most [`MAX_NODES`] nodes and [`MAX_SUBFLOWS`] sub-flows of
//! as many; checking is linear in them (plus compiling conditions and
//! patterns). A step runs the nodes between two questions; checking bounds
//! the most any step can run (the longest run of nodes that need no input,
//! a call counting its sub-flow's, times the nesting of calls) and refuses
//! a flow over [`MAX_AUTO_STEPS`]. The state keeps the last [`MAX_PATH`] answers and
//! FAQ searches and the last [`MAX_UNDO`] answers `back` can undo.
//! Measured (`cargo bench -p frontline-benches --bench conversations`,
//! criterion, a flow of 52 nodes with ten branches on answers and the
//! customer): a step from one question to the next through a `say`, a
//! `branch` and a `set` takes 1.3 µs, a `back` 0.65 µs, and
//! [`Flow::new`] 32 µs.

mod build;
mod builtin;
mod check;
mod graph;
mod input;
mod run;
mod spec;
mod state;
#[cfg(test)]
mod tests;

pub use build::Flow;
pub use run::{start, step};
pub use spec::{
    Case, ChoiceSpec, FlowSpec, InputSpec, NodeKind, NodeSpec, OutcomeKind, SubflowSpec, Text,
    Timeout,
};
pub use state::{
    AnswerChange, Choice, FaqShown, FlowContext, FlowState, Input, Outcome, PathStep, Position,
    Prompt, PromptKind, Step, Undo, Wait, Waiting,
};

/// The most nodes in a flow or sub-flow.
pub const MAX_NODES: usize = 1000;
/// The most sub-flows in a flow.
pub const MAX_SUBFLOWS: usize = 32;
/// The deepest nesting of sub-flow calls that come back.
pub const MAX_JUMP_DEPTH: usize = 8;
/// The most locales of a flow, and of one text.
pub const MAX_LOCALES: usize = 16;
/// The longest text of one locale, in bytes.
pub const MAX_TEXT_BYTES: usize = 4096;
/// The most options of a choice.
pub const MAX_CHOICES: usize = 32;
/// The most cases of a branch.
pub const MAX_CASES: usize = 64;
/// The longest answer, in bytes.
pub const MAX_ANSWER_BYTES: usize = 4096;
/// The most JSON bytes of a value a `set` node or a `resume` stores.
pub const MAX_VALUE_BYTES: usize = 4096;
/// The most distinct answer names a flow asks, stores or reads.
pub const MAX_ANSWERS: usize = 256;
/// The most answers and FAQ searches a state keeps (the latest).
pub const MAX_PATH: usize = 256;
/// The most answers `back` can undo.
pub const MAX_UNDO: usize = 64;
/// The most nodes one step may run without waiting for the customer, in
/// the worst case [`Flow::new`] computes.
pub const MAX_AUTO_STEPS: usize = 100_000;

/// What can go wrong building a flow or taking a step.
///
/// Every error has a stable [`code`](FlowError::code).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum FlowError {
    /// An id (flow, node, answer name, choice value, group) is empty, over
    /// 64 bytes or has control characters.
    #[error("invalid {what} `{id}`: 1 to 64 bytes without control characters expected")]
    InvalidId {
        /// What it names.
        what: &'static str,
        /// The id.
        id: String,
    },
    /// Two nodes (or sub-flows) share an id.
    #[error("flow `{flow}`: id `{id}` is used twice")]
    DuplicateId {
        /// The flow.
        flow: String,
        /// The id.
        id: String,
    },
    /// A node names a target the flow does not have.
    #[error("flow `{flow}`, node `{node}`: no node `{target}`")]
    MissingTarget {
        /// The flow.
        flow: String,
        /// The node.
        node: String,
        /// The missing target.
        target: String,
    },
    /// Nothing leads to a node.
    #[error("flow `{flow}`, node `{node}`: no path from the start reaches it")]
    Unreachable {
        /// The flow.
        flow: String,
        /// The node.
        node: String,
    },
    /// A node is on a loop that never waits for the customer.
    #[error("flow `{flow}`, node `{node}`: on a loop that never waits for the customer")]
    EndlessLoop {
        /// The flow.
        flow: String,
        /// The node.
        node: String,
    },
    /// No `end` can be reached from a node.
    #[error("flow `{flow}`, node `{node}`: no `end` can be reached from it")]
    NoEnd {
        /// The flow.
        flow: String,
        /// The node.
        node: String,
    },
    /// A text lacks one of the flow's locales.
    #[error("flow `{flow}`, node `{node}`: no text for locale {locale}")]
    MissingLocale {
        /// The flow.
        flow: String,
        /// The node.
        node: String,
        /// The locale (and why, for built-in texts).
        locale: String,
    },
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
    /// A node is not well formed.
    #[error("flow `{flow}`, node `{node}`: {reason}")]
    InvalidNode {
        /// The flow.
        flow: String,
        /// The node.
        node: String,
        /// Why.
        reason: String,
    },
    /// A branch's condition is not one the rules engine takes.
    #[error("flow `{flow}`, node `{node}`: invalid condition: {reason}")]
    InvalidCondition {
        /// The flow.
        flow: String,
        /// The node.
        node: String,
        /// The rules engine's reason.
        reason: String,
    },
    /// A jump or return does not fit the flows.
    #[error("flow `{flow}`, node `{node}`: {reason}")]
    InvalidJump {
        /// The flow.
        flow: String,
        /// The node (or sub-flow).
        node: String,
        /// Why.
        reason: String,
    },
    /// A state that does not fit the flow.
    #[error("invalid flow state: {0}")]
    InvalidState(String),
    /// An input the state cannot take.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// An answer after the flow ended.
    #[error("the flow has ended: it takes `restart`, `back`, or `resume` after an escalation")]
    Ended,
    /// A step ran more than [`MAX_AUTO_STEPS`] nodes without waiting (not
    /// for a flow [`Flow::new`] accepted: it bounds the worst case).
    #[error("a step ran more than {MAX_AUTO_STEPS} nodes without waiting for the customer")]
    TooManySteps,
    /// The FAQ index refused the customer's words.
    #[error(transparent)]
    Faq(#[from] crate::faq::FaqError),
}

impl FlowError {
    /// The stable code: `flow.invalid_id`, `flow.duplicate_node`,
    /// `flow.missing_target`, `flow.unreachable_node`, `flow.endless_loop`,
    /// `flow.no_end`, `flow.missing_locale`, `flow.too_large`,
    /// `flow.invalid_node`, `flow.invalid_condition`, `flow.invalid_jump`,
    /// `flow.invalid_state`, `flow.invalid_input`, `flow.ended`,
    /// `flow.too_many_steps`, or the FAQ error's.
    pub fn code(&self) -> &'static str {
        match self {
            FlowError::InvalidId { .. } => "flow.invalid_id",
            FlowError::DuplicateId { .. } => "flow.duplicate_node",
            FlowError::MissingTarget { .. } => "flow.missing_target",
            FlowError::Unreachable { .. } => "flow.unreachable_node",
            FlowError::EndlessLoop { .. } => "flow.endless_loop",
            FlowError::NoEnd { .. } => "flow.no_end",
            FlowError::MissingLocale { .. } => "flow.missing_locale",
            FlowError::TooLarge { .. } => "flow.too_large",
            FlowError::InvalidNode { .. } => "flow.invalid_node",
            FlowError::InvalidCondition { .. } => "flow.invalid_condition",
            FlowError::InvalidJump { .. } => "flow.invalid_jump",
            FlowError::InvalidState(_) => "flow.invalid_state",
            FlowError::InvalidInput(_) => "flow.invalid_input",
            FlowError::Ended => "flow.ended",
            FlowError::TooManySteps => "flow.too_many_steps",
            FlowError::Faq(e) => e.code(),
        }
    }
}
