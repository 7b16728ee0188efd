//! `Flow::new`: checks a flow once and compiles it into indexed nodes, so a
//! step never meets a missing target or a bad pattern.

use std::collections::{HashMap, HashSet};

use regex::Regex;
use serde_json::Value;

use super::spec::{FlowSpec, InputSpec, NodeKind, NodeSpec, OutcomeKind, Text, Timeout};
use super::{
    FlowError, MAX_ANSWER_BYTES, MAX_ANSWERS, MAX_CASES, MAX_CHOICES, MAX_LOCALES, MAX_NODES,
    MAX_SUBFLOWS, MAX_TEXT_BYTES, MAX_VALUE_BYTES,
};
use crate::rules::eval::{Compiler, Node};
use crate::ticket::Priority;
use crate::util::excerpt;

/// The longest id of a flow, node or answer, in bytes.
const MAX_ID_BYTES: usize = 64;
/// The longest pattern of a `pattern` input, in bytes.
const MAX_PATTERN_BYTES: usize = 1024;
/// The most seconds of a timeout (30 days).
const MAX_TIMEOUT_SECONDS: i64 = 30 * 24 * 3600;

/// A checked flow, ready to run: build it once with [`Flow::new`], then
/// [`start`](super::start) and [`step`](super::step) conversations on it.
///
/// ```
/// use frontline::flows::{Flow, FlowSpec};
/// let spec: FlowSpec = serde_json::from_str(r#"{
///   "id": "hello", "default_locale": "en",
///   "nodes": [
///     {"id": "ask", "kind": "ask", "text": {"en": "Did that work?"},
///      "input": {"type": "yes_no", "yes": "done", "no": "human"}},
///     {"id": "done", "kind": "end", "outcome": "resolved"},
///     {"id": "human", "kind": "end", "outcome": "escalate", "reason": "it did not work"}
///   ]}"#)?;
/// let flow = Flow::new(spec)?;
/// assert_eq!(flow.id(), "hello");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Flow {
    pub(super) spec: FlowSpec,
    /// The main flow first, then the sub-flows in order.
    pub(super) graphs: Vec<Graph>,
    /// The locale texts default to.
    pub(super) default_locale: String,
    /// Every answer name the flow asks, stores, searches with or reads.
    pub(super) answer_names: HashSet<String>,
}

/// One flow's nodes, compiled.
#[derive(Debug, Clone)]
pub(super) struct Graph {
    /// `None` for the main flow.
    pub id: Option<String>,
    pub ids: HashMap<String, usize>,
    pub nodes: Vec<Compiled>,
    pub start: usize,
}

/// A node with its targets resolved to indexes in its graph.
#[derive(Debug, Clone)]
pub(super) struct Compiled {
    pub id: String,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub(super) enum Kind {
    Say {
        text: Text,
        next: usize,
    },
    Ask {
        text: Text,
        input: Input,
        store: String,
        retry: Option<Text>,
        max_retries: u8,
        on_fail: Option<usize>,
        timeout: Option<Timeout>,
    },
    Faq {
        text: Option<Text>,
        query: Option<String>,
        helped: usize,
        not_helped: usize,
        ask_helped: Option<Text>,
        none_of_these: Option<Text>,
        timeout: Option<Timeout>,
    },
    Branch {
        cases: Vec<(Node, usize)>,
        otherwise: usize,
    },
    Set {
        name: String,
        value: Value,
        next: usize,
    },
    Goto(usize),
    /// Enter graph `flow`; come back to `then` when it returns.
    Call {
        flow: usize,
        then: Option<usize>,
    },
    Return,
    End {
        outcome: OutcomeKind,
        reason: Option<String>,
        group: Option<String>,
        priority: Option<Priority>,
        text: Option<Text>,
        resume: Option<usize>,
    },
}

/// A compiled input, with the targets of the inputs that choose one.
#[derive(Debug, Clone)]
pub(super) enum Input {
    Choice(Vec<(String, Text, usize)>),
    YesNo {
        yes: usize,
        no: usize,
    },
    Text {
        max_bytes: usize,
        next: usize,
    },
    Number {
        min: Option<f64>,
        max: Option<f64>,
        integer: bool,
        next: usize,
    },
    Email {
        next: usize,
    },
    Phone {
        next: usize,
    },
    Pattern {
        regex: Box<Regex>,
        next: usize,
    },
}

impl Input {
    pub fn name(&self) -> &'static str {
        match self {
            Input::Choice(_) => "choice",
            Input::YesNo { .. } => "yes_no",
            Input::Text { .. } => "text",
            Input::Number { .. } => "number",
            Input::Email { .. } => "email",
            Input::Phone { .. } => "phone",
            Input::Pattern { .. } => "pattern",
        }
    }
}

impl Flow {
    /// Checks a flow and compiles it.
    ///
    /// Cost: linear in the nodes and their texts, plus compiling the
    /// conditions and patterns: 32 µs for a flow of 52 nodes with ten
    /// branches (`--bench conversations`).
    ///
    /// # Errors
    /// A [`FlowError`] naming the flow and node: `flow.invalid_id`,
    /// `flow.duplicate_node`, `flow.missing_target`, `flow.unreachable_node`,
    /// `flow.endless_loop`, `flow.no_end`, `flow.missing_locale`,
    /// `flow.too_large`, `flow.invalid_node`, `flow.invalid_condition` or
    /// `flow.invalid_jump`.
    pub fn new(spec: FlowSpec) -> Result<Flow, FlowError> {
        check_id("flow", &spec.id)?;
        let mut locales: Vec<String> = vec![spec.default_locale.as_str().to_owned()];
        for l in &spec.locales {
            if !locales.iter().any(|x| x.eq_ignore_ascii_case(l.as_str())) {
                locales.push(l.as_str().to_owned());
            }
        }
        if locales.len() > MAX_LOCALES {
            return Err(FlowError::TooLarge {
                what: "locales",
                len: locales.len(),
                max: MAX_LOCALES,
            });
        }
        if spec.subflows.len() > MAX_SUBFLOWS {
            return Err(FlowError::TooLarge {
                what: "sub-flows",
                len: spec.subflows.len(),
                max: MAX_SUBFLOWS,
            });
        }
        check_timeout(&spec.id, "timeout", &spec.timeout, &locales)?;
        let mut flow_ids: HashMap<&str, usize> = HashMap::new();
        for (i, sub) in spec.subflows.iter().enumerate() {
            check_id("sub-flow", &sub.id)?;
            if sub.id == spec.id || flow_ids.insert(&sub.id, i + 1).is_some() {
                return Err(FlowError::DuplicateId {
                    flow: excerpt(&spec.id),
                    id: excerpt(&sub.id),
                });
            }
        }
        let mut parts: Vec<(Option<&str>, Option<&String>, &[NodeSpec])> =
            vec![(None, spec.start.as_ref(), spec.nodes.as_slice())];
        for sub in &spec.subflows {
            parts.push((
                Some(sub.id.as_str()),
                sub.start.as_ref(),
                sub.nodes.as_slice(),
            ));
        }
        let mut graphs = Vec::with_capacity(parts.len());
        for (sub, start, nodes) in parts {
            let ctx = Ctx {
                flow: match sub {
                    Some(s) => format!("{}/{s}", spec.id),
                    None => spec.id.clone(),
                },
                sub: sub.map(str::to_owned),
                locales: &locales,
                flows: &flow_ids,
            };
            graphs.push(ctx.graph(start, nodes)?);
        }
        let answer_names = answer_names(&spec);
        if answer_names.len() > MAX_ANSWERS {
            return Err(FlowError::TooLarge {
                what: "answer names",
                len: answer_names.len(),
                max: MAX_ANSWERS,
            });
        }
        let flow = Flow {
            default_locale: spec.default_locale.as_str().to_owned(),
            spec,
            graphs,
            answer_names,
        };
        super::graph::check(&flow)?;
        Ok(flow)
    }

    /// The flow's id.
    pub fn id(&self) -> &str {
        &self.spec.id
    }

    /// The flow as it was given.
    pub fn spec(&self) -> &FlowSpec {
        &self.spec
    }

    /// How many nodes it has, sub-flows included.
    pub fn len(&self) -> usize {
        self.graphs.iter().map(|g| g.nodes.len()).sum()
    }

    /// Whether it has no nodes (never: a flow has at least one).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What checking one graph needs to know.
struct Ctx<'a> {
    /// The flow's name in errors: `login` or `login/reset`.
    flow: String,
    /// The sub-flow's id; `None` for the main flow.
    sub: Option<String>,
    locales: &'a [String],
    flows: &'a HashMap<&'a str, usize>,
}

impl Ctx<'_> {
    fn graph(&self, start: Option<&String>, nodes: &[NodeSpec]) -> Result<Graph, FlowError> {
        if nodes.is_empty() || nodes.len() > MAX_NODES {
            return Err(FlowError::TooLarge {
                what: "nodes of a flow (at least 1)",
                len: nodes.len(),
                max: MAX_NODES,
            });
        }
        let mut ids = HashMap::with_capacity(nodes.len());
        for (i, n) in nodes.iter().enumerate() {
            check_id("node", &n.id)?;
            if ids.insert(n.id.clone(), i).is_some() {
                return Err(FlowError::DuplicateId {
                    flow: excerpt(&self.flow),
                    id: excerpt(&n.id),
                });
            }
        }
        let start = match start {
            Some(s) => self.target(&ids, "start", s)?,
            None => 0,
        };
        let compiled = nodes
            .iter()
            .map(|n| {
                Ok(Compiled {
                    id: n.id.clone(),
                    kind: self.node(&ids, n)?,
                })
            })
            .collect::<Result<Vec<_>, FlowError>>()?;
        Ok(Graph {
            id: self.sub.clone(),
            ids,
            nodes: compiled,
            start,
        })
    }

    fn target(
        &self,
        ids: &HashMap<String, usize>,
        node: &str,
        t: &str,
    ) -> Result<usize, FlowError> {
        ids.get(t).copied().ok_or_else(|| FlowError::MissingTarget {
            flow: excerpt(&self.flow),
            node: excerpt(node),
            target: excerpt(t),
        })
    }

    fn invalid(&self, node: &str, reason: impl Into<String>) -> FlowError {
        FlowError::InvalidNode {
            flow: excerpt(&self.flow),
            node: excerpt(node),
            reason: reason.into(),
        }
    }

    fn text(&self, node: &str, text: &Text) -> Result<Text, FlowError> {
        check_text(&self.flow, node, text, self.locales)?;
        Ok(text.clone())
    }

    /// Every locale of the flow has the built-in text `what`, or the
    /// node must give it (`why` says which node texts are built in).
    fn builtin(&self, node: &str, what: &str, why: &str) -> Result<(), FlowError> {
        match self
            .locales
            .iter()
            .find(|l| super::builtin::text(what, l).is_none())
        {
            Some(l) => Err(FlowError::MissingLocale {
                flow: excerpt(&self.flow),
                node: excerpt(node),
                locale: format!("{l} ({why})"),
            }),
            None => Ok(()),
        }
    }

    /// A text the node may leave out when every locale has it built in.
    fn optional_text(
        &self,
        node: &str,
        what: &str,
        text: Option<&Text>,
    ) -> Result<Option<Text>, FlowError> {
        match text {
            Some(t) => Ok(Some(self.text(node, t)?)),
            None => {
                self.builtin(
                    node,
                    what,
                    &format!("`{what}` is built in for nl and en only"),
                )?;
                Ok(None)
            }
        }
    }

    fn node(&self, ids: &HashMap<String, usize>, n: &NodeSpec) -> Result<Kind, FlowError> {
        match &n.kind {
            NodeKind::Ask { .. } | NodeKind::Faq { .. } => self.asking(ids, n),
            NodeKind::Branch { .. } | NodeKind::End { .. } => self.deciding(ids, n),
            _ => self.moving(ids, n),
        }
    }

    /// `say`, `set`, `jump` and `return`: nodes that go on at once.
    fn moving(&self, ids: &HashMap<String, usize>, n: &NodeSpec) -> Result<Kind, FlowError> {
        let id = n.id.as_str();
        let t = |target: &str| self.target(ids, id, target);
        Ok(match &n.kind {
            NodeKind::Say { text, next } => Kind::Say {
                text: self.text(id, text)?,
                next: t(next)?,
            },
            NodeKind::Set { name, value, next } => {
                check_id("answer name", name)?;
                let bytes = serde_json::to_vec(value).map_or(usize::MAX, |v| v.len());
                if bytes > MAX_VALUE_BYTES {
                    return Err(self.invalid(
                        id,
                        format!("a value of {bytes} bytes of JSON, over {MAX_VALUE_BYTES}"),
                    ));
                }
                Kind::Set {
                    name: name.clone(),
                    value: value.clone(),
                    next: t(next)?,
                }
            }
            NodeKind::Jump { to, flow, then } => match (to, flow, then) {
                (Some(to), None, None) => Kind::Goto(t(to)?),
                (None, Some(f), then) => {
                    let Some(&g) = self.flows.get(f.as_str()) else {
                        return Err(FlowError::InvalidJump {
                            flow: excerpt(&self.flow),
                            node: excerpt(id),
                            reason: format!("no sub-flow `{}`", excerpt(f)),
                        });
                    };
                    Kind::Call {
                        flow: g,
                        then: then.as_deref().map(t).transpose()?,
                    }
                }
                _ => {
                    return Err(FlowError::InvalidJump {
                        flow: excerpt(&self.flow),
                        node: excerpt(id),
                        reason: "a jump has `to`, or `flow` with an optional `then`".to_owned(),
                    });
                }
            },
            NodeKind::Return {} => {
                if self.sub.is_none() {
                    return Err(FlowError::InvalidJump {
                        flow: excerpt(&self.flow),
                        node: excerpt(id),
                        reason: "`return` is for sub-flows; the main flow ends with `end`"
                            .to_owned(),
                    });
                }
                Kind::Return
            }
            _ => return Err(self.invalid(id, "a node of another kind")),
        })
    }

    /// `ask` and `faq`: nodes that wait for the customer.
    fn asking(&self, ids: &HashMap<String, usize>, n: &NodeSpec) -> Result<Kind, FlowError> {
        let id = n.id.as_str();
        let t = |target: &str| self.target(ids, id, target);
        Ok(match &n.kind {
            NodeKind::Ask {
                text,
                input,
                store,
                retry,
                max_retries,
                on_fail,
                next,
                timeout,
            } => {
                let store = store.clone().unwrap_or_else(|| n.id.clone());
                check_id("answer name", &store)?;
                if *max_retries > 10 {
                    return Err(
                        self.invalid(id, format!("max_retries {max_retries}, 0 to 10 expected"))
                    );
                }
                if let Some(timeout) = timeout {
                    check_timeout(&self.flow, id, timeout, self.locales)?;
                }
                Kind::Ask {
                    text: self.text(id, text)?,
                    input: self.input(ids, id, input, next.as_deref())?,
                    store,
                    retry: self.optional_text(id, "retry", retry.as_ref())?,
                    max_retries: *max_retries,
                    on_fail: on_fail.as_deref().map(t).transpose()?,
                    timeout: timeout.clone(),
                }
            }
            NodeKind::Faq {
                text,
                query,
                helped,
                not_helped,
                ask_helped,
                none_of_these,
                timeout,
            } => {
                if text.is_none() && query.is_none() {
                    return Err(self.invalid(
                        id,
                        "an faq node needs `text` (to ask) or `query` (an answer's name)",
                    ));
                }
                if let Some(q) = query {
                    check_id("answer name", q)?;
                }
                if let Some(timeout) = timeout {
                    check_timeout(&self.flow, id, timeout, self.locales)?;
                }
                // "Did this help?" takes a yes or a no, and a pick that does
                // not fit is asked again: built-in words and texts.
                for what in ["yes", "retry", "suggestions"] {
                    self.builtin(id, what, "an faq node's yes/no, retry and suggestion texts are built in for nl and en only")?;
                }
                Kind::Faq {
                    text: text.as_ref().map(|x| self.text(id, x)).transpose()?,
                    query: query.clone(),
                    helped: t(helped)?,
                    not_helped: t(not_helped)?,
                    ask_helped: self.optional_text(id, "ask_helped", ask_helped.as_ref())?,
                    none_of_these: self.optional_text(
                        id,
                        "none_of_these",
                        none_of_these.as_ref(),
                    )?,
                    timeout: timeout.clone(),
                }
            }
            _ => return Err(self.invalid(id, "a node of another kind")),
        })
    }

    /// `branch` and `end`.
    fn deciding(&self, ids: &HashMap<String, usize>, n: &NodeSpec) -> Result<Kind, FlowError> {
        let id = n.id.as_str();
        let t = |target: &str| self.target(ids, id, target);
        Ok(match &n.kind {
            NodeKind::Branch { cases, otherwise } => {
                if cases.len() > MAX_CASES {
                    return Err(FlowError::TooLarge {
                        what: "cases of a branch",
                        len: cases.len(),
                        max: MAX_CASES,
                    });
                }
                let rule = format!("{}/{id}", self.flow);
                let compiler = Compiler {
                    rule: &rule,
                    calendars: &[],
                    answers: true,
                };
                let mut compiled = Vec::with_capacity(cases.len());
                for c in cases {
                    let node =
                        compiler
                            .compile(&c.when)
                            .map_err(|e| FlowError::InvalidCondition {
                                flow: excerpt(&self.flow),
                                node: excerpt(id),
                                reason: e.to_string(),
                            })?;
                    compiled.push((node, t(&c.next)?));
                }
                Kind::Branch {
                    cases: compiled,
                    otherwise: t(otherwise)?,
                }
            }
            NodeKind::End {
                outcome,
                reason,
                group,
                priority,
                text,
                resume,
            } => {
                let escalate = *outcome == OutcomeKind::Escalate;
                match reason {
                    Some(r) if escalate && !r.trim().is_empty() && r.len() <= 256 => {}
                    Some(_) if escalate => {
                        return Err(self.invalid(id, "an escalation's reason has 1 to 256 bytes"));
                    }
                    None if escalate => {
                        return Err(self.invalid(id, "an escalation needs a `reason`"));
                    }
                    Some(_) => return Err(self.invalid(id, "only an escalation has a `reason`")),
                    None => {}
                }
                if !escalate && (group.is_some() || priority.is_some() || resume.is_some()) {
                    return Err(self.invalid(
                        id,
                        "only an escalation has a `group`, `priority` or `resume`",
                    ));
                }
                if let Some(g) = group {
                    check_id("group", g)?;
                }
                Kind::End {
                    outcome: *outcome,
                    reason: reason.clone(),
                    group: group.clone(),
                    priority: *priority,
                    text: text.as_ref().map(|x| self.text(id, x)).transpose()?,
                    resume: resume.as_deref().map(t).transpose()?,
                }
            }
            _ => return Err(self.invalid(id, "a node of another kind")),
        })
    }

    fn input(
        &self,
        ids: &HashMap<String, usize>,
        id: &str,
        input: &InputSpec,
        next: Option<&str>,
    ) -> Result<Input, FlowError> {
        let t = |target: &str| self.target(ids, id, target);
        let branches = matches!(input, InputSpec::Choice { .. } | InputSpec::YesNo { .. });
        let next = match (branches, next) {
            (true, Some(_)) => {
                return Err(self.invalid(
                    id,
                    "a choice or yes/no goes where its answer says: no `next`",
                ));
            }
            (false, None) => return Err(self.invalid(id, "this question needs a `next`")),
            (false, Some(n)) => t(n)?,
            (true, None) => 0,
        };
        Ok(match input {
            InputSpec::Choice { options } => {
                if options.is_empty() || options.len() > MAX_CHOICES {
                    return Err(FlowError::TooLarge {
                        what: "options of a choice (at least 1)",
                        len: options.len(),
                        max: MAX_CHOICES,
                    });
                }
                let mut seen = HashSet::new();
                let mut out = Vec::with_capacity(options.len());
                for o in options {
                    check_id("choice value", &o.value)?;
                    if !seen.insert(crate::util::fold(&o.value)) {
                        return Err(
                            self.invalid(id, format!("choice value `{}` twice", excerpt(&o.value)))
                        );
                    }
                    out.push((o.value.clone(), self.text(id, &o.label)?, t(&o.next)?));
                }
                Input::Choice(out)
            }
            InputSpec::YesNo { yes, no } => {
                self.builtin(
                    id,
                    "yes",
                    "yes/no is built in for nl and en only; use a choice",
                )?;
                Input::YesNo {
                    yes: t(yes)?,
                    no: t(no)?,
                }
            }
            InputSpec::Text { max_bytes } => {
                let max_bytes = max_bytes.unwrap_or(MAX_ANSWER_BYTES);
                if !(1..=MAX_ANSWER_BYTES).contains(&max_bytes) {
                    return Err(self.invalid(
                        id,
                        format!("max_bytes {max_bytes}, 1 to {MAX_ANSWER_BYTES} expected"),
                    ));
                }
                Input::Text { max_bytes, next }
            }
            InputSpec::Number { min, max, integer } => {
                let finite = |v: &Option<f64>| v.is_none_or(f64::is_finite);
                if !finite(min) || !finite(max) || matches!((min, max), (Some(a), Some(b)) if a > b)
                {
                    return Err(self.invalid(id, "number bounds must be finite, min at most max"));
                }
                Input::Number {
                    min: *min,
                    max: *max,
                    integer: *integer,
                    next,
                }
            }
            InputSpec::Email => Input::Email { next },
            InputSpec::Phone => Input::Phone { next },
            InputSpec::Pattern { regex } => {
                if regex.len() > MAX_PATTERN_BYTES {
                    return Err(
                        self.invalid(id, format!("a pattern over {MAX_PATTERN_BYTES} bytes"))
                    );
                }
                let compiled = regex::RegexBuilder::new(regex)
                    .size_limit(1 << 20)
                    .build()
                    .map_err(|e| {
                        let why = e.to_string();
                        let why = why.lines().last().unwrap_or_default().trim().to_owned();
                        self.invalid(id, format!("invalid pattern `{}`: {why}", excerpt(regex)))
                    })?;
                Input::Pattern {
                    regex: Box::new(compiled),
                    next,
                }
            }
        })
    }
}

/// The answer names a flow asks, stores, searches with or reads in a
/// condition.
fn answer_names(spec: &FlowSpec) -> HashSet<String> {
    use crate::rules::{Condition, Field, Operand};
    let mut names = HashSet::new();
    let nodes = spec
        .nodes
        .iter()
        .chain(spec.subflows.iter().flat_map(|s| s.nodes.iter()));
    for n in nodes {
        match &n.kind {
            NodeKind::Ask { store, .. } => {
                names.insert(store.clone().unwrap_or_else(|| n.id.clone()));
            }
            NodeKind::Set { name, .. } => {
                names.insert(name.clone());
            }
            NodeKind::Faq { query: Some(q), .. } => {
                names.insert(q.clone());
            }
            NodeKind::Branch { cases, .. } => {
                for c in cases {
                    let _ = c.when.walk::<()>(&mut |leaf| {
                        if let Condition::Compare { field, value, .. } = leaf {
                            let other = match value {
                                Some(Operand::Field(f)) => Some(f),
                                _ => None,
                            };
                            for f in std::iter::once(field).chain(other) {
                                if let Field::Answer(name) = f {
                                    names.insert(name.clone());
                                }
                            }
                        }
                        Ok(())
                    });
                }
            }
            _ => {}
        }
    }
    names
}

fn check_id(what: &'static str, id: &str) -> Result<(), FlowError> {
    if id.trim().is_empty() || id.len() > MAX_ID_BYTES || id.chars().any(char::is_control) {
        return Err(FlowError::InvalidId {
            what,
            id: excerpt(id),
        });
    }
    Ok(())
}

fn check_text(flow: &str, node: &str, text: &Text, locales: &[String]) -> Result<(), FlowError> {
    if text.0.len() > MAX_LOCALES {
        return Err(FlowError::TooLarge {
            what: "locales of a text",
            len: text.0.len(),
            max: MAX_LOCALES,
        });
    }
    for (locale, s) in &text.0 {
        if s.trim().is_empty() || s.len() > MAX_TEXT_BYTES {
            return Err(FlowError::InvalidNode {
                flow: excerpt(flow),
                node: excerpt(node),
                reason: format!(
                    "the `{}` text has {} bytes, 1 to {MAX_TEXT_BYTES} expected",
                    excerpt(locale),
                    s.len()
                ),
            });
        }
    }
    for l in locales {
        let language = l.split('-').next().unwrap_or(l);
        let has = text
            .0
            .keys()
            .any(|k| k.eq_ignore_ascii_case(l) || k.eq_ignore_ascii_case(language));
        if !has {
            return Err(FlowError::MissingLocale {
                flow: excerpt(flow),
                node: excerpt(node),
                locale: excerpt(l),
            });
        }
    }
    Ok(())
}

fn check_timeout(flow: &str, node: &str, t: &Timeout, locales: &[String]) -> Result<(), FlowError> {
    let ok = t.remind_after_seconds >= 1
        && t.remind_after_seconds < t.abandon_after_seconds
        && t.abandon_after_seconds <= MAX_TIMEOUT_SECONDS;
    if !ok {
        return Err(FlowError::InvalidNode {
            flow: excerpt(flow),
            node: excerpt(node),
            reason: format!(
                "timeout: remind after {} s and abandon after {} s; 1 s ≤ remind < abandon ≤ 30 days expected",
                t.remind_after_seconds, t.abandon_after_seconds
            ),
        });
    }
    match &t.reminder {
        Some(text) => check_text(flow, node, text, locales),
        None => match locales
            .iter()
            .find(|l| super::builtin::text("reminder", l).is_none())
        {
            Some(l) => Err(FlowError::MissingLocale {
                flow: excerpt(flow),
                node: excerpt(node),
                locale: format!("{l} (the reminder is built in for nl and en only)"),
            }),
            None => Ok(()),
        },
    }
}
