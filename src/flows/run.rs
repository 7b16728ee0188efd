//! The step function: one input moves a conversation's state through the
//! nodes that need no input, to the next question or the end.

use serde_json::Value;

use super::build::{Flow, Input as Asked, Kind};
use super::spec::{OutcomeKind, Text, Timeout};
use super::state::{
    AnswerChange, Choice, FaqShown, FlowContext, FlowState, Input, Outcome, PathStep, Position,
    Prompt, PromptKind, Step, Undo, Wait, Waiting,
};
use super::{FlowError, MAX_ANSWER_BYTES, MAX_AUTO_STEPS, MAX_PATH, MAX_UNDO, builtin, input};
use crate::faq::{Decision, SearchContext};
use crate::time::Timestamp;
use crate::util::excerpt;

/// How many FAQ matches a node shows at most.
const FAQ_K: usize = 3;

/// A node: its graph (0 the main flow) and index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct At {
    g: usize,
    i: usize,
}

/// Starts a conversation on `flow`: runs from the start node to the first
/// question (or the end) and returns the state to store.
///
/// # Errors
/// `flow.too_many_steps` when more than [`MAX_AUTO_STEPS`] nodes run
/// without waiting (which [`Flow::new`] rules out); `faq.*` when the FAQ
/// index refuses a query.
///
/// ```
/// use frontline::flows::{self, Flow, FlowContext, FlowSpec, Input};
/// use frontline::Timestamp;
/// let flow = Flow::new(serde_json::from_str::<FlowSpec>(r#"{
///   "id": "hello", "default_locale": "en",
///   "nodes": [
///     {"id": "ask", "kind": "ask", "text": {"en": "Did that work?"},
///      "input": {"type": "yes_no", "yes": "done", "no": "human"}},
///     {"id": "done", "kind": "end", "outcome": "resolved", "text": {"en": "Great!"}},
///     {"id": "human", "kind": "end", "outcome": "escalate", "reason": "it did not work"}
///   ]}"#)?)?;
/// let now = Timestamp::parse("2026-03-02T09:00:00Z")?;
/// let step = flows::start(&flow, &FlowContext::new(), now)?;
/// assert_eq!(step.prompts[0].text, "Did that work?");
/// let step = flows::step(&flow, step.state, &Input::answer("yes"), &FlowContext::new(), now)?;
/// assert_eq!(step.prompts[0].text, "Great!");
/// assert!(step.outcome.is_some());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn start(flow: &Flow, context: &FlowContext<'_>, now: Timestamp) -> Result<Step, FlowError> {
    let locale = choose_locale(flow, context);
    fresh(flow, locale, context, now)
}

/// Moves a conversation by one input at `now`.
///
/// # Errors
/// `flow.invalid_state` for a state that does not fit the flow;
/// `flow.ended` for an answer after the end; `flow.invalid_input` for an
/// answer over [`MAX_ANSWER_BYTES`](super::MAX_ANSWER_BYTES) or a `resume`
/// that does not follow an escalation or names what the flow does not
/// know; `flow.too_many_steps`; `faq.*` from the FAQ index.
pub fn step(
    flow: &Flow,
    mut state: FlowState,
    input: &Input,
    context: &FlowContext<'_>,
    now: Timestamp,
) -> Result<Step, FlowError> {
    if let Input::Restart = input {
        // Any state of this flow restarts, even one the flow no longer fits.
        super::check::identity(flow, &state)?;
        return fresh(flow, state.locale, context, now);
    }
    let at = super::check::state(flow, &state)?;
    let ended_before = state.ended();
    let mut run = Run {
        flow,
        context,
        now,
        prompts: Vec::new(),
        changes: Vec::new(),
        undo: None,
        ticket_view: std::cell::OnceCell::new(),
    };
    match input {
        Input::Restart => {}
        Input::Tick => run.tick(&mut state, at),
        Input::Back => run.back(&mut state)?,
        Input::Answer { text } => {
            if state.ended() {
                return Err(FlowError::Ended);
            }
            if text.len() > MAX_ANSWER_BYTES {
                return Err(FlowError::InvalidInput(format!(
                    "an answer of {} bytes, over {MAX_ANSWER_BYTES}",
                    text.len()
                )));
            }
            run.answer(&mut state, at, text)?;
        }
        Input::Resume { node, answers } => run.resume(&mut state, at, node.as_deref(), answers)?,
    }
    let mut step = run.finish(state);
    if ended_before && step.state.ended() {
        // It ended on an earlier step: that step reported it.
        step.outcome = None;
    }
    Ok(step)
}

/// A new conversation in `locale`.
fn fresh(
    flow: &Flow,
    locale: String,
    context: &FlowContext<'_>,
    now: Timestamp,
) -> Result<Step, FlowError> {
    let start = At {
        g: 0,
        i: flow.graphs.first().map_or(0, |g| g.start),
    };
    let mut state = FlowState {
        flow: flow.spec.id.clone(),
        locale,
        at: position(flow, start),
        stack: Vec::new(),
        waiting: Waiting::Ended,
        answers: Default::default(),
        retries: 0,
        since: now,
        reminded: false,
        path: Vec::new(),
        faq: Vec::new(),
        outcome: None,
        undo: Vec::new(),
    };
    let mut run = Run {
        flow,
        context,
        now,
        prompts: Vec::new(),
        changes: Vec::new(),
        undo: None,
        ticket_view: std::cell::OnceCell::new(),
    };
    run.go(&mut state, start)?;
    Ok(run.finish(state))
}

/// The locale of a new conversation: the context's, the customer's, the
/// reliably detected language of the message, or the flow's default.
fn choose_locale(flow: &Flow, context: &FlowContext<'_>) -> String {
    let valid = |l: &str| {
        crate::customer::Locale::new(l)
            .ok()
            .map(|l| l.as_str().to_owned())
    };
    if let Some(l) = context.locale.and_then(valid) {
        return l;
    }
    if let Some(l) = context.customer.and_then(|c| c.locale.as_ref()) {
        return l.as_str().to_owned();
    }
    if let Some(d) = context
        .message
        .and_then(crate::text::detect_language)
        .filter(|d| d.reliable)
    {
        return d.lang.code().to_owned();
    }
    flow.default_locale.clone()
}

fn position(flow: &Flow, at: At) -> Position {
    let graph = flow.graphs.get(at.g);
    Position {
        flow: graph.and_then(|g| g.id.clone()),
        node: graph
            .and_then(|g| g.nodes.get(at.i))
            .map_or(String::new(), |n| n.id.clone()),
    }
}

/// Resolves a position of a state; `None` when the flow has no such node.
pub(super) fn resolve(flow: &Flow, p: &Position) -> Option<(usize, usize)> {
    let g = match &p.flow {
        None => 0,
        Some(id) => flow
            .graphs
            .iter()
            .position(|g| g.id.as_deref() == Some(id.as_str()))?,
    };
    let i = *flow.graphs.get(g)?.ids.get(&p.node)?;
    Some((g, i))
}

/// One step's work: the prompts so far and the answers it changed.
struct Run<'f, 'c> {
    flow: &'f Flow,
    context: &'c FlowContext<'c>,
    now: Timestamp,
    prompts: Vec<Prompt>,
    /// Answers changed, with their earlier values (first change only).
    changes: Vec<(String, Option<Value>)>,
    /// The undo record of this step, when it took an answer.
    undo: Option<Undo>,
    /// The ticket's view and summary for conditions, made once a step.
    ticket_view: std::cell::OnceCell<(
        Option<crate::rules::eval::Work<'c>>,
        Option<crate::ticket::TicketSummary>,
    )>,
}

impl<'f> Run<'f, '_> {
    fn kind(&self, at: At) -> Option<&'f Kind> {
        let flow: &'f Flow = self.flow;
        flow.graphs
            .get(at.g)
            .and_then(|g| g.nodes.get(at.i))
            .map(|n| &n.kind)
    }

    fn say(&mut self, at: At, kind: PromptKind, text: String, choices: Vec<Choice>) {
        self.prompts.push(Prompt {
            at: position(self.flow, at),
            kind,
            text,
            choices,
            article: None,
        });
    }

    fn render<'t>(&self, state: &FlowState, text: &'t Text) -> &'t str {
        text.get(&state.locale, &self.flow.default_locale)
            .unwrap_or("")
    }

    fn builtin(&self, state: &FlowState, own: Option<&Text>, what: &str) -> String {
        match own {
            Some(t) => self.render(state, t).to_owned(),
            None => builtin::text(what, &state.locale)
                .or_else(|| builtin::text(what, &self.flow.default_locale))
                .unwrap_or("")
                .to_owned(),
        }
    }

    fn set(&mut self, state: &mut FlowState, name: &str, value: Value) {
        let old = state.answers.insert(name.to_owned(), value);
        if !self.changes.iter().any(|(n, _)| n == name) {
            self.changes.push((name.to_owned(), old));
        }
    }

    /// Runs from `at` through the nodes that need no input.
    fn go(&mut self, state: &mut FlowState, mut at: At) -> Result<(), FlowError> {
        state.retries = 0;
        for _ in 0..MAX_AUTO_STEPS {
            let Some(kind) = self.kind(at) else {
                return Err(FlowError::InvalidState(
                    "a node the flow does not have".to_owned(),
                ));
            };
            match kind {
                Kind::Say { text, next } => {
                    let t = self.render(state, text).to_owned();
                    self.say(at, PromptKind::Say, t, Vec::new());
                    at.i = *next;
                }
                Kind::Ask { .. } => {
                    self.wait(state, at, Waiting::Answer);
                    self.ask_again(state, at);
                    return Ok(());
                }
                Kind::Faq {
                    text,
                    query,
                    not_helped,
                    ..
                } => {
                    let asked = query
                        .as_ref()
                        .and_then(|q| state.answers.get(q))
                        .filter(|v| !v.is_null())
                        .map(|v| match v {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        });
                    if let Some(q) = asked {
                        if self.search(state, at, &q)? {
                            return Ok(());
                        }
                        at.i = *not_helped;
                    } else if text.is_some() {
                        self.wait(state, at, Waiting::FaqQuery);
                        self.ask_again(state, at);
                        return Ok(());
                    } else {
                        at.i = *not_helped;
                    }
                }
                Kind::Branch { cases, otherwise } => {
                    at.i = self.branch(state, cases).unwrap_or(*otherwise);
                }
                Kind::Set { name, value, next } => {
                    let (name, value, next) = (name.clone(), value.clone(), *next);
                    self.set(state, &name, value);
                    at.i = next;
                }
                Kind::Goto(t) => at.i = *t,
                Kind::Call { flow: sub, then } => {
                    if let Some(t) = then {
                        state.stack.push(position(self.flow, At { g: at.g, i: *t }));
                    }
                    let start = self.flow.graphs.get(*sub).map_or(0, |s| s.start);
                    at = At { g: *sub, i: start };
                }
                Kind::Return => {
                    let back = state
                        .stack
                        .pop()
                        .and_then(|p| resolve(self.flow, &p))
                        .ok_or_else(|| {
                            FlowError::InvalidState("a return without a caller".to_owned())
                        })?;
                    at = At {
                        g: back.0,
                        i: back.1,
                    };
                }
                Kind::End {
                    outcome,
                    reason,
                    group,
                    priority,
                    text,
                    ..
                } => {
                    if let Some(t) = text {
                        let t = self.render(state, t).to_owned();
                        self.say(at, PromptKind::End, t, Vec::new());
                    }
                    let outcome = Outcome {
                        outcome: *outcome,
                        at: position(self.flow, at),
                        reason: reason.clone(),
                        group: group.clone(),
                        priority: *priority,
                    };
                    self.end(state, at, outcome);
                    return Ok(());
                }
            }
        }
        Err(FlowError::TooManySteps)
    }

    fn wait(&self, state: &mut FlowState, at: At, waiting: Waiting) {
        state.at = position(self.flow, at);
        state.waiting = waiting;
    }

    fn end(&self, state: &mut FlowState, at: At, outcome: Outcome) {
        state.at = position(self.flow, at);
        state.waiting = Waiting::Ended;
        state.outcome = Some(outcome);
    }

    /// The first case that holds.
    fn branch(
        &self,
        state: &FlowState,
        cases: &[(crate::rules::eval::Node, usize)],
    ) -> Option<usize> {
        use crate::rules::eval::{TextCache, View, Work};
        let cache = TextCache::default();
        let (work, summary) = self.ticket_view.get_or_init(|| {
            (
                self.context.ticket.map(Work::of),
                self.context.ticket.map(crate::Ticket::summary),
            )
        });
        let view = View {
            cache: &cache,
            work: work.as_ref(),
            prev: None,
            event: None,
            summary: summary.as_ref(),
            customer: self.context.customer,
            now: self.now,
            calendars: &[],
            answers: Some(&state.answers),
        };
        cases
            .iter()
            .find(|(node, _)| node.eval(&view, None))
            .map(|(_, t)| *t)
    }

    /// Shows the question the state waits for (again).
    fn ask_again(&mut self, state: &FlowState, at: At) {
        let Some(kind) = self.kind(at) else {
            return;
        };
        match (kind, &state.waiting) {
            (Kind::Ask { text, input, .. }, _) => {
                let t = self.render(state, text).to_owned();
                let choices = self.choices(state, input);
                self.say(at, PromptKind::Ask, t, choices);
            }
            (
                Kind::Faq {
                    text: Some(text), ..
                },
                Waiting::FaqQuery,
            ) => {
                let t = self.render(state, text).to_owned();
                self.say(at, PromptKind::Ask, t, Vec::new());
            }
            (Kind::Faq { .. }, Waiting::FaqPick { entries }) => {
                let choices = self.suggestions(state, kind, entries);
                let text = self.builtin(state, None, "suggestions");
                self.prompts.push(Prompt {
                    at: position(self.flow, at),
                    kind: PromptKind::FaqSuggestions,
                    text,
                    choices,
                    article: None,
                });
            }
            (Kind::Faq { ask_helped, .. }, Waiting::FaqHelped { entry }) => {
                let answer = self
                    .context
                    .faq
                    .and_then(|f| f.entry(entry))
                    .map_or(String::new(), |(_, a)| a.to_owned());
                self.prompts.push(Prompt {
                    at: position(self.flow, at),
                    kind: PromptKind::FaqAnswer,
                    text: answer,
                    choices: Vec::new(),
                    article: Some(entry.clone()),
                });
                let q = self.builtin(state, ask_helped.as_ref(), "ask_helped");
                let choices = self.yes_no(state);
                self.say(at, PromptKind::AskHelped, q, choices);
            }
            _ => {}
        }
    }

    /// The suggested articles as options, and "none of these".
    fn suggestions(&self, state: &FlowState, kind: &Kind, entries: &[String]) -> Vec<Choice> {
        let mut choices: Vec<Choice> = entries
            .iter()
            .map(|id| Choice {
                value: id.clone(),
                label: self
                    .context
                    .faq
                    .and_then(|f| f.entry(id))
                    .map_or_else(|| id.clone(), |(q, _)| q.to_owned()),
            })
            .collect();
        choices.push(Choice {
            value: "none".to_owned(),
            label: self.builtin(state, faq_none(kind), "none_of_these"),
        });
        choices
    }

    fn yes_no(&self, state: &FlowState) -> Vec<Choice> {
        ["yes", "no"]
            .into_iter()
            .map(|v| Choice {
                value: v.to_owned(),
                label: self.builtin(state, None, v),
            })
            .collect()
    }

    fn choices(&self, state: &FlowState, input: &Asked) -> Vec<Choice> {
        match input {
            Asked::Choice(options) => options
                .iter()
                .map(|(value, label, _)| Choice {
                    value: value.clone(),
                    label: self.render(state, label).to_owned(),
                })
                .collect(),
            Asked::YesNo { .. } => self.yes_no(state),
            _ => Vec::new(),
        }
    }

    /// Searches the FAQ index; `true` when the node now waits (an answer
    /// or suggestions shown), `false` when it goes to `not_helped`.
    fn search(&mut self, state: &mut FlowState, at: At, query: &str) -> Result<bool, FlowError> {
        let mut shown = FaqShown {
            at: position(self.flow, at),
            query: excerpt_kib(query),
            decision: None,
            shown: Vec::new(),
            chosen: None,
            helped: None,
        };
        let Some(index) = self.context.faq else {
            state.faq.push(shown);
            return Ok(false);
        };
        let context = SearchContext {
            locale: crate::customer::Locale::new(&state.locale).ok(),
            ..SearchContext::default()
        };
        let result = index.search(query, &context, FAQ_K)?;
        shown.decision = Some(result.decision);
        shown.shown = result.matches.iter().map(|m| m.id.clone()).collect();
        let waiting = match (result.decision, result.matches.first()) {
            (Decision::Answer, Some(best)) => {
                shown.chosen = Some(best.id.clone());
                Some(Waiting::FaqHelped {
                    entry: best.id.clone(),
                })
            }
            (Decision::Suggest, Some(_)) => Some(Waiting::FaqPick {
                entries: shown.shown.clone(),
            }),
            _ => None,
        };
        state.faq.push(shown);
        match waiting {
            Some(w) => {
                self.wait(state, at, w);
                self.ask_again(state, at);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    fn answer(
        &mut self,
        state: &mut FlowState,
        at: (usize, usize),
        text: &str,
    ) -> Result<(), FlowError> {
        let at = At { g: at.0, i: at.1 };
        let undo = snapshot(state);
        state.since = self.now;
        state.reminded = false;
        let Some(kind) = self.kind(at) else {
            return Err(FlowError::InvalidState(
                "a node the flow does not have".to_owned(),
            ));
        };
        let next = match (kind, state.waiting.clone()) {
            (
                Kind::Ask {
                    text: q,
                    input,
                    store,
                    ..
                },
                Waiting::Answer,
            ) => match input::read(input, text, &state.locale, &self.flow.default_locale) {
                Some((value, next)) => {
                    let question = self.render(state, q).to_owned();
                    state.path.push(PathStep {
                        at: position(self.flow, at),
                        question,
                        answer: excerpt_kib(text),
                        value: value.clone(),
                        time: self.now,
                    });
                    let store = store.clone();
                    self.set(state, &store, value);
                    Some(next)
                }
                None => None,
            },
            (Kind::Faq { .. }, Waiting::FaqQuery) if text.trim().is_empty() => None,
            (Kind::Faq { not_helped, .. }, Waiting::FaqQuery) => {
                let not_helped = *not_helped;
                self.commit(undo);
                if !self.search(state, at, text)? {
                    self.go(
                        state,
                        At {
                            g: at.g,
                            i: not_helped,
                        },
                    )?;
                }
                return Ok(());
            }
            (Kind::Faq { not_helped, .. }, Waiting::FaqPick { entries }) => {
                let not_helped = *not_helped;
                let labels: Vec<Text> = entries
                    .iter()
                    .map(|id| {
                        let q = self
                            .context
                            .faq
                            .and_then(|f| f.entry(id))
                            .map_or(id.as_str(), |(q, _)| q);
                        Text::new(state.locale.clone(), q)
                    })
                    .collect();
                let none = Text::new(
                    state.locale.clone(),
                    self.builtin(state, faq_none(kind), "none_of_these"),
                );
                let options = entries
                    .iter()
                    .map(String::as_str)
                    .zip(labels.iter())
                    .chain(std::iter::once(("none", &none)));
                match input::pick(text, options, &state.locale, &state.locale) {
                    Some(i) if i < entries.len() => {
                        let entry = entries.get(i).cloned().unwrap_or_default();
                        self.commit(undo);
                        if let Some(last) = state.faq.last_mut() {
                            last.chosen = Some(entry.clone());
                        }
                        state.retries = 0;
                        self.wait(state, at, Waiting::FaqHelped { entry });
                        self.ask_again(state, at);
                        return Ok(());
                    }
                    Some(_) => {
                        self.commit(undo);
                        if let Some(last) = state.faq.last_mut() {
                            last.helped = Some(false);
                        }
                        self.go(
                            state,
                            At {
                                g: at.g,
                                i: not_helped,
                            },
                        )?;
                        return Ok(());
                    }
                    None => None,
                }
            }
            (
                Kind::Faq {
                    helped, not_helped, ..
                },
                Waiting::FaqHelped { .. },
            ) => match builtin::yes_no(&crate::util::fold(text.trim())) {
                Some(yes) => {
                    if let Some(last) = state.faq.last_mut() {
                        last.helped = Some(yes);
                    }
                    Some(if yes { *helped } else { *not_helped })
                }
                None => None,
            },
            _ => {
                return Err(FlowError::InvalidState(
                    "the state waits at a node that cannot wait so".to_owned(),
                ));
            }
        };
        match next {
            Some(next) => {
                self.commit(undo);
                self.go(state, At { g: at.g, i: next })
            }
            None => self.retry(state, at, undo),
        }
    }

    /// An answer that did not fit: say so and ask again, or give up.
    fn retry(&mut self, state: &mut FlowState, at: At, undo: Undo) -> Result<(), FlowError> {
        let Some(kind) = self.kind(at) else {
            return Ok(());
        };
        let (retry, max, on_fail, give_up) = match kind {
            Kind::Ask {
                retry,
                max_retries,
                on_fail,
                ..
            } => (retry.clone(), *max_retries, *on_fail, None),
            Kind::Faq { not_helped, .. } => (None, 2, None, Some(*not_helped)),
            _ => return Ok(()),
        };
        state.retries = state.retries.saturating_add(1);
        if state.retries <= max {
            let t = self.builtin(state, retry.as_ref(), "retry");
            self.say(at, PromptKind::Retry, t, Vec::new());
            self.ask_again(state, at);
            return Ok(());
        }
        self.commit(undo);
        if let Some(target) = on_fail.or(give_up) {
            return self.go(state, At { g: at.g, i: target });
        }
        let node = position(self.flow, at);
        let outcome = Outcome {
            outcome: OutcomeKind::Escalate,
            reason: Some(format!("no valid answer to `{}`", excerpt(&node.node))),
            at: node,
            group: None,
            priority: None,
        };
        self.end(state, at, outcome);
        Ok(())
    }

    /// Marks this step as one `back` can undo, to the state `undo`
    /// describes; the answers it changes are added when it finishes.
    fn commit(&mut self, undo: Undo) {
        self.undo = Some(undo);
    }

    fn tick(&mut self, state: &mut FlowState, at: (usize, usize)) {
        if state.ended() {
            return;
        }
        let at = At { g: at.0, i: at.1 };
        let timeout = self.timeout(at);
        let since = state.since;
        if since
            .checked_add_seconds(timeout.abandon_after_seconds)
            .is_some_and(|t| self.now >= t)
        {
            let node = position(self.flow, at);
            let outcome = Outcome {
                outcome: OutcomeKind::Abandoned,
                reason: Some(format!("no answer for {} s", timeout.abandon_after_seconds)),
                at: node,
                group: None,
                priority: None,
            };
            self.end(state, at, outcome);
            return;
        }
        let remind = since.checked_add_seconds(timeout.remind_after_seconds);
        if !state.reminded && remind.is_some_and(|t| self.now >= t) {
            state.reminded = true;
            let t = self.builtin(state, timeout.reminder.as_ref(), "reminder");
            self.say(at, PromptKind::Reminder, t, Vec::new());
            self.ask_again(state, at);
        }
    }

    /// The timeout of the node a flow waits at.
    fn timeout(&self, at: At) -> &Timeout {
        match self.kind(at) {
            Some(Kind::Ask {
                timeout: Some(t), ..
            })
            | Some(Kind::Faq {
                timeout: Some(t), ..
            }) => t,
            _ => &self.flow.spec.timeout,
        }
    }

    fn back(&mut self, state: &mut FlowState) -> Result<(), FlowError> {
        let Some(undo) = state.undo.pop() else {
            // Nothing to undo: the question stands.
            if state.ended() {
                return Err(FlowError::Ended);
            }
            state.since = self.now;
            state.reminded = false;
            if let Some((g, i)) = resolve(self.flow, &state.at) {
                self.ask_again(state, At { g, i });
            }
            return Ok(());
        };
        state.at = undo.at;
        state.stack = undo.stack;
        state.waiting = undo.waiting;
        state.retries = undo.retries;
        // The customer is here: the silence counts anew.
        state.reminded = false;
        state.path.truncate(undo.path_len);
        state.faq.truncate(undo.faq_len);
        if let (Some(last), Some(was)) = (state.faq.last_mut(), undo.faq_last) {
            *last = was;
        }
        for change in undo.answers.into_iter().rev() {
            if change.had {
                state.answers.insert(change.name, change.old);
            } else {
                state.answers.remove(&change.name);
            }
        }
        if state.answers.len() > super::MAX_ANSWERS {
            return Err(FlowError::InvalidState(format!(
                "an undo record that makes {} answers, over {}",
                state.answers.len(),
                super::MAX_ANSWERS
            )));
        }
        state.outcome = undo.outcome;
        state.since = self.now;
        let (g, i) = resolve(self.flow, &state.at).ok_or_else(|| {
            FlowError::InvalidState("an undo record at a node the flow does not have".to_owned())
        })?;
        self.ask_again(state, At { g, i });
        Ok(())
    }

    fn resume(
        &mut self,
        state: &mut FlowState,
        at: (usize, usize),
        node: Option<&str>,
        answers: &std::collections::BTreeMap<String, Value>,
    ) -> Result<(), FlowError> {
        let escalated = state
            .outcome
            .as_ref()
            .is_some_and(|o| o.outcome == OutcomeKind::Escalate);
        if !escalated {
            return Err(FlowError::InvalidInput(
                "`resume` follows an escalation".to_owned(),
            ));
        }
        let at = At { g: at.0, i: at.1 };
        let target = match node {
            Some(id) => self
                .flow
                .graphs
                .get(at.g)
                .and_then(|g| g.ids.get(id).copied())
                .ok_or_else(|| {
                    FlowError::InvalidInput(format!("no node `{}` to resume at", excerpt(id)))
                })?,
            None => match self.kind(at) {
                Some(Kind::End {
                    resume: Some(r), ..
                }) => *r,
                _ => {
                    return Err(FlowError::InvalidInput(
                        "this escalation has no `resume` node: name one".to_owned(),
                    ));
                }
            },
        };
        for (name, value) in answers {
            if !self.flow.answer_names.contains(name) {
                return Err(FlowError::InvalidInput(format!(
                    "the flow neither asks nor reads an answer `{}`",
                    excerpt(name)
                )));
            }
            let bytes = serde_json::to_vec(value).map_or(usize::MAX, |v| v.len());
            if bytes > super::MAX_VALUE_BYTES {
                return Err(FlowError::InvalidInput(format!(
                    "answer `{}` has {bytes} bytes of JSON, over {}",
                    excerpt(name),
                    super::MAX_VALUE_BYTES
                )));
            }
        }
        for (name, value) in answers {
            state.answers.insert(name.clone(), value.clone());
        }
        // A person handled it: the bot goes on from here, and `back` does
        // not reach behind the hand-over.
        state.undo.clear();
        state.outcome = None;
        state.since = self.now;
        state.reminded = false;
        self.go(state, At { g: at.g, i: target })
    }

    fn finish(mut self, mut state: FlowState) -> Step {
        if let Some(mut undo) = self.undo.take() {
            undo.answers = std::mem::take(&mut self.changes)
                .into_iter()
                .map(|(name, old)| AnswerChange {
                    name,
                    had: old.is_some(),
                    old: old.unwrap_or(Value::Null),
                })
                .collect();
            state.undo.push(undo);
        }
        cap(&mut state);
        let wait = if state.ended() {
            None
        } else {
            resolve(self.flow, &state.at).map(|(g, i)| {
                let at = At { g, i };
                let timeout = self.timeout(at);
                let (input, choices) = match (self.kind(at), &state.waiting) {
                    (Some(Kind::Ask { input, .. }), _) => {
                        (input.name(), self.choices(&state, input))
                    }
                    (Some(kind), Waiting::FaqPick { entries }) => {
                        ("faq_pick", self.suggestions(&state, kind, entries))
                    }
                    (_, Waiting::FaqHelped { .. }) => ("faq_helped", self.yes_no(&state)),
                    _ => ("faq_query", Vec::new()),
                };
                Wait {
                    at: state.at.clone(),
                    input: input.to_owned(),
                    choices,
                    remind_at: if state.reminded {
                        None
                    } else {
                        state
                            .since
                            .checked_add_seconds(timeout.remind_after_seconds)
                    },
                    abandon_at: state
                        .since
                        .checked_add_seconds(timeout.abandon_after_seconds)
                        .unwrap_or(state.since),
                }
            })
        };
        Step {
            outcome: state.outcome.clone(),
            state,
            prompts: self.prompts,
            wait,
        }
    }
}

fn faq_none(kind: &Kind) -> Option<&Text> {
    match kind {
        Kind::Faq { none_of_these, .. } => none_of_these.as_ref(),
        _ => None,
    }
}

/// The state before an input, as `back` restores it.
fn snapshot(state: &FlowState) -> Undo {
    Undo {
        at: state.at.clone(),
        stack: state.stack.clone(),
        waiting: state.waiting.clone(),
        retries: state.retries,
        reminded: state.reminded,
        path_len: state.path.len(),
        faq_len: state.faq.len(),
        faq_last: state.faq.last().cloned(),
        answers: Vec::new(),
        outcome: state.outcome.clone(),
    }
}

/// Keeps the last [`MAX_PATH`] answers and FAQ searches and the last
/// [`MAX_UNDO`] undo records.
fn cap(state: &mut FlowState) {
    if state.undo.len() > MAX_UNDO {
        let extra = state.undo.len() - MAX_UNDO;
        state.undo.drain(..extra);
    }
    if state.path.len() > MAX_PATH {
        let extra = state.path.len() - MAX_PATH;
        state.path.drain(..extra);
        for u in &mut state.undo {
            u.path_len = u.path_len.saturating_sub(extra);
        }
    }
    if state.faq.len() > MAX_PATH {
        let extra = state.faq.len() - MAX_PATH;
        state.faq.drain(..extra);
        for u in &mut state.undo {
            // The record it kept a copy of may be gone.
            if u.faq_len <= extra {
                u.faq_last = None;
            }
            u.faq_len = u.faq_len.saturating_sub(extra);
        }
    }
}

/// At most 1 KiB of a customer's text, cut on a character boundary.
fn excerpt_kib(s: &str) -> String {
    crate::util::head(s, 1024).to_owned()
}
