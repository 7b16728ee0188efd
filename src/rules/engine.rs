//! Rule sets and their evaluation.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::RulesError;
use super::eval::{Compiler, Node, NodeTrace, TextCache, View, Work, event_matches, reads};
use super::spec::{Action, MAX_PASSES, MAX_RULE_CALENDARS, MAX_RULES, Once, RuleKind, RuleSetSpec};
use crate::calendar::Calendars;
use crate::time::Timestamp;
use crate::{BusinessCalendar, Customer, Event, Ticket};

/// One compiled rule.
#[derive(Debug, Clone)]
struct Rule {
    id: std::sync::Arc<str>,
    kind: RuleKind,
    node: Option<Node>,
    /// The parts of the working copy its condition reads.
    reads: u8,
    /// For triggers: the events it runs on, as bits (see `on_bit`).
    on: u8,
    actions: Vec<std::sync::Arc<Action>>,
    once: Once,
    enabled: bool,
    retrigger: bool,
}

/// A validated, compiled rule set. Build it once with [`RuleSet::new`];
/// evaluation cannot fail.
#[derive(Debug, Clone)]
pub struct RuleSet {
    rules: Vec<Rule>,
    calendars: Vec<(crate::Name, BusinessCalendar)>,
    /// Whether any rule needs the ticket before the event (`changed`
    /// operators, `status_changed` triggers): rebuilding it costs a replay.
    needs_previous: bool,
}

impl RuleSet {
    /// Checks and compiles a rule set: every field, operator, value, pattern
    /// and calendar in every condition, and the documented caps.
    ///
    /// # Errors
    /// A [`RulesError`] naming the rule and what is wrong with it.
    pub fn new(spec: &RuleSetSpec) -> Result<RuleSet, RulesError> {
        RuleSet::with_calendars(spec, &Calendars::new())
    }

    /// Checks and compiles a rule set whose conditions may also name the
    /// calendars of a shared, already compiled [`Calendars`] set (besides
    /// those of its own `calendars`), so a calendar is built once per host.
    ///
    /// ```
    /// use frontline::calendar::Calendars;
    /// use frontline::rules::{RuleSet, RuleSetSpec};
    /// use frontline::{BusinessCalendar, CalendarSpec};
    /// use frontline::time::Weekday::*;
    ///
    /// let office = CalendarSpec::new("Europe/Amsterdam".parse()?).open(&[Mon, Tue, Wed, Thu, Fri], "09:00", "17:00")?;
    /// let calendars = Calendars::new().with("office", BusinessCalendar::new(&office)?)?;
    /// let spec: RuleSetSpec = serde_json::from_str(r#"{"rules": [{"id": "after-hours",
    ///     "kind": {"trigger": ["created"]}, "when": "not within_business_hours(office)",
    ///     "actions": [{"type": "add_tags", "tags": ["after_hours"]}]}]}"#)?;
    /// assert!(RuleSet::with_calendars(&spec, &calendars).is_ok());
    /// // Without the shared set the calendar is unknown.
    /// assert_eq!(RuleSet::new(&spec).unwrap_err().code(), "rules.unknown_calendar");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`new`](Self::new), and a calendar of the set's own that the
    /// shared set also has ([`CalendarError::DefinedTwice`](crate::calendar::CalendarError::DefinedTwice)).
    pub fn with_calendars(spec: &RuleSetSpec, shared: &Calendars) -> Result<RuleSet, RulesError> {
        if spec.rules.len() > MAX_RULES {
            return Err(RulesError::TooLarge {
                what: "rules".into(),
                limit: MAX_RULES,
            });
        }
        if spec.calendars.len() > MAX_RULE_CALENDARS {
            return Err(RulesError::TooLarge {
                what: "calendars".into(),
                limit: MAX_RULE_CALENDARS,
            });
        }
        for name in spec.calendars.keys() {
            if name.is_empty() || name.len() > 128 {
                return Err(RulesError::TooLarge {
                    what: format!(
                        "calendar name `{}` (1 to 128 bytes): its length",
                        crate::util::excerpt(name)
                    ),
                    limit: 128,
                });
            }
        }
        let calendars = shared
            .extended_with(&spec.calendars)
            .map_err(|(name, source)| RulesError::Calendar {
                name: crate::util::excerpt(&name),
                source,
            })?;
        let mut rules: Vec<Rule> = Vec::with_capacity(spec.rules.len());
        let mut ids = std::collections::HashSet::new();
        for r in &spec.rules {
            if !ids.insert(r.id.as_str()) {
                return Err(RulesError::BadId {
                    id: crate::util::excerpt(&r.id),
                });
            }
            r.check(calendars.iter().map(|(n, _)| n.as_str()))?;
            let node = match &r.when {
                None => None,
                Some(c) => Some(
                    Compiler {
                        rule: &r.id,
                        calendars: &calendars,
                        answers: false,
                    }
                    .compile(c)?,
                ),
            };
            // A status_changed trigger applies depending on the working copy's status.
            let status_trigger = matches!(&r.kind, RuleKind::Trigger(on) if on.contains(&super::spec::On::StatusChanged));
            let reads = node.as_ref().map_or(0, Node::reads)
                | if status_trigger { reads::STATUS } else { 0 };
            let on = match &r.kind {
                RuleKind::Trigger(list) => list.iter().fold(0u8, |m, o| m | on_bit(*o)),
                _ => 0,
            };
            rules.push(Rule {
                id: std::sync::Arc::from(r.id.as_str()),
                kind: r.kind.clone(),
                node,
                reads,
                on,
                actions: r.actions.iter().cloned().map(std::sync::Arc::new).collect(),
                once: r.once,
                enabled: r.enabled,
                retrigger: r.retrigger,
            });
        }
        let needs_previous = rules.iter().any(|r| {
            r.node.as_ref().is_some_and(Node::uses_previous)
                || matches!(&r.kind, RuleKind::Trigger(on) if on.contains(&super::spec::On::StatusChanged))
        });
        Ok(RuleSet {
            rules,
            calendars,
            needs_previous,
        })
    }

    /// The number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether the set has no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// Why the rules are evaluated.
///
/// In JSON: `"event"` or `"time"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Run {
    /// An event just happened on the ticket (its last event): triggers run.
    #[default]
    Event,
    /// A wake-up at `now`: automations run on the ticket, or, with no ticket,
    /// lifecycle rules on the customer.
    Time,
}

/// What a rule set evaluates: why (an event or a wake-up), a ticket (its last
/// event is the trigger event), a customer, and the fire-once keys stored
/// from earlier evaluations.
#[derive(Debug, Clone, Copy, Default)]
#[non_exhaustive]
pub struct RuleInput<'a> {
    /// Event (triggers) or time (automations and lifecycle rules).
    pub run: Run,
    /// The ticket, for triggers and automations.
    pub ticket: Option<&'a Ticket>,
    /// The customer, for customer conditions and lifecycle rules.
    pub customer: Option<&'a Customer>,
    /// Keys returned by earlier evaluations ([`Evaluation::once_keys`]).
    pub once_keys: &'a [String],
}

impl<'a> RuleInput<'a> {
    /// Triggers on `ticket`'s last event.
    ///
    /// ```
    /// use frontline::rules::{Run, RuleInput};
    /// use frontline::{Customer, Event, Ticket};
    /// # let ticket = Ticket::from_events("T-1".parse()?, serde_json::from_str::<Vec<Event>>(r#"[{"at": "2026-03-02T09:00:00Z",
    /// #   "type": "created", "subject": "x", "requester": "c-1", "channel": "email"}]"#)?)?;
    /// let anna = Customer::new("c-1".parse()?);
    /// let input = RuleInput::event(&ticket).customer(&anna);
    /// assert_eq!(input.run, Run::Event);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn event(ticket: &'a Ticket) -> RuleInput<'a> {
        RuleInput {
            run: Run::Event,
            ticket: Some(ticket),
            ..RuleInput::default()
        }
    }

    /// A wake-up for `ticket`'s automations.
    pub fn time(ticket: &'a Ticket) -> RuleInput<'a> {
        RuleInput {
            run: Run::Time,
            ticket: Some(ticket),
            ..RuleInput::default()
        }
    }

    /// A wake-up for the lifecycle rules of `customer`, without a ticket.
    pub fn lifecycle(customer: &'a Customer) -> RuleInput<'a> {
        RuleInput {
            run: Run::Time,
            customer: Some(customer),
            ..RuleInput::default()
        }
    }

    /// The input with `customer` for customer conditions.
    pub fn customer(mut self, customer: &'a Customer) -> RuleInput<'a> {
        self.customer = Some(customer);
        self
    }

    /// The input with the fire-once keys stored from earlier evaluations.
    pub fn once_keys(mut self, keys: &'a [String]) -> RuleInput<'a> {
        self.once_keys = keys;
        self
    }
}

/// Options for [`evaluate_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct EvalOptions {
    /// Record every rule and condition node (the "why did this fire" trace).
    #[serde(default = "yes")]
    pub trace: bool,
}

fn yes() -> bool {
    true
}

impl Evaluation {
    /// The ids of the rules that fired, in order.
    pub fn fired_ids(&self) -> Vec<&str> {
        self.fired.iter().map(|id| &**id).collect()
    }
}

impl Default for EvalOptions {
    fn default() -> EvalOptions {
        EvalOptions { trace: true }
    }
}

/// An action with the rule that asked for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FiredAction {
    /// The rule's id.
    pub rule: std::sync::Arc<str>,
    /// The action.
    #[serde(flatten)]
    pub action: std::sync::Arc<Action>,
}

/// How a rule fared in an evaluation.
///
/// In JSON: `"fired"`, `"not_matched"`, `"disabled"`, `"already_fired"`
/// (fire-once key present), `"not_applicable"` (not this kind of evaluation
/// or not this event).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RuleOutcome {
    /// The condition held and the actions were returned.
    Fired,
    /// The condition did not hold.
    NotMatched,
    /// The rule is disabled.
    Disabled,
    /// Its fire-once key was already stored.
    AlreadyFired,
    /// Not a trigger for this event, or no ticket or customer to run on.
    NotApplicable,
}

/// One rule's trace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RuleTrace {
    /// The rule.
    pub rule: std::sync::Arc<str>,
    /// The outcome.
    pub outcome: RuleOutcome,
    /// The pass (from 1) of its last evaluation.
    pub pass: usize,
    /// The condition's nodes, as last evaluated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<NodeTrace>,
}

/// The result of evaluating a rule set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Evaluation {
    /// Every action, in the order the rules fired.
    pub actions: Vec<FiredAction>,
    /// The rules that fired, in order.
    pub fired: Vec<std::sync::Arc<str>>,
    /// Fire-once keys to store and pass back next time.
    pub once_keys: Vec<String>,
    /// Passes made over the rules.
    pub passes: usize,
    /// Whether the loop guard ([`MAX_PASSES`]) stopped further passes.
    pub loop_guard_hit: bool,
    /// Per rule: its outcome and condition trace (when tracing).
    pub trace: Vec<RuleTrace>,
}

/// A bit per trigger event.
fn on_bit(on: super::spec::On) -> u8 {
    use super::spec::On;
    match on {
        On::Created => 1,
        On::CustomerMessage => 2,
        On::AgentMessage => 4,
        On::StatusChanged => 8,
        On::AnyUpdate => 16,
        On::Update => 32,
    }
}

/// Applies a ticket action to the working copy; which parts it changed.
fn apply<'a>(work: &mut Work<'a>, action: &'a Action, event: Option<&'a crate::Event>) -> u8 {
    let mask = match action {
        Action::SetStatus { .. } => reads::STATUS,
        Action::SetPriority { .. } => reads::PRIORITY,
        Action::SetType { .. } => reads::TYPE,
        Action::AssignAgent { .. } | Action::AssignCurrentUser | Action::ClearAssignee => {
            reads::ASSIGNEE
        }
        Action::AssignGroup { .. } | Action::ClearGroup => reads::GROUP,
        Action::AddTags { .. } | Action::RemoveTags { .. } | Action::SetTags { .. } => reads::TAGS,
        Action::SetField { .. } => reads::FIELDS,
        _ => 0,
    };
    if changes(work, action, event) {
        mask
    } else {
        0
    }
}

/// Applies a ticket action to the working copy; whether it changed anything.
fn changes<'a>(work: &mut Work<'a>, action: &'a Action, event: Option<&'a crate::Event>) -> bool {
    fn set<T: PartialEq>(slot: &mut T, value: T) -> bool {
        let changed = *slot != value;
        *slot = value;
        changed
    }
    match action {
        Action::SetStatus { status } => set(&mut work.status, *status),
        Action::SetPriority { priority } => set(&mut work.priority, *priority),
        Action::AssignAgent { agent } => {
            set(&mut work.assignee, Some(Cow::Borrowed(agent.as_str())))
        }
        Action::AssignGroup { group } => set(&mut work.group, Some(Cow::Borrowed(group.as_str()))),
        Action::AddTags { tags } => tags
            .iter()
            .fold(false, |changed, t| work.add_tag(Cow::Borrowed(t)) | changed),
        Action::RemoveTags { tags } => tags
            .iter()
            .fold(false, |changed, t| work.remove_tag(t) | changed),
        Action::SetField { name, value } => {
            work.set_field(Cow::Borrowed(name.as_str()), Cow::Borrowed(value))
        }
        Action::SetType { ticket_type } => set(&mut work.ticket_type, *ticket_type),
        Action::SetTags { tags } => {
            let mut new: Vec<Cow<'a, crate::ticket::Tag>> =
                tags.iter().map(Cow::Borrowed).collect();
            new.sort();
            new.dedup();
            set(&mut work.tags, new)
        }
        Action::ClearAssignee => set(&mut work.assignee, None),
        Action::ClearGroup => set(&mut work.group, None),
        Action::AssignCurrentUser => match event.and_then(|e| e.actor.as_ref()) {
            Some(crate::ticket::Actor::Agent { id }) => {
                set(&mut work.assignee, Some(Cow::Borrowed(id.as_str())))
            }
            _ => false,
        },
        _ => false,
    }
}

/// Evaluates `rules` with a full trace. See [`evaluate_with`].
pub fn evaluate(rules: &RuleSet, input: &RuleInput<'_>, now: Timestamp) -> Evaluation {
    evaluate_with(rules, input, now, &EvalOptions::default())
}

/// Evaluates `rules` for `input` at `now`.
///
/// - [`Run::Event`]: triggers run, when the ticket's last event is one of
///   their events, seeing the ticket before it (for `changed`) and after it.
///   [`Run::Time`]: automations run on the ticket at `now`, or, with no
///   ticket, lifecycle rules on the customer. Rules run in position order.
/// - Actions that change the ticket are applied to a working copy, so later
///   rules see them; `changed` compares the ticket before the update (the
///   events before the last event's instant: events at one instant are one
///   update) with the working copy. At creation the "before" is the ticket
///   as created, so a value set at creation has not changed, but one a rule
///   sets has.
/// - A rule fires at most once per evaluation. When a trigger (or an
///   automation or lifecycle rule with `retrigger`) changes the working copy,
///   the rules that have not fired run again, up to [`MAX_PASSES`] passes.
/// - A fire-once rule is skipped when its key is in `input.once_keys`; when it
///   fires, its key is returned in [`Evaluation::once_keys`] for the host to store.
///
/// A dry run is the same call: nothing is changed anywhere.
pub fn evaluate_with(
    rules: &RuleSet,
    input: &RuleInput<'_>,
    now: Timestamp,
    options: &EvalOptions,
) -> Evaluation {
    let ticket = input.ticket;
    let summary = ticket.map(Ticket::summary);
    let event = ticket.and_then(|t| t.events().last());
    let prev_ticket = ticket
        .filter(|_| rules.needs_previous)
        .and_then(before_update);
    let prev = prev_ticket.as_ref().map(Work::of);
    let mut work = ticket.map(Work::of);
    let mut out = Evaluation {
        actions: Vec::new(),
        fired: Vec::new(),
        once_keys: Vec::new(),
        passes: 0,
        loop_guard_hit: false,
        trace: Vec::new(),
    };
    let cache = TextCache::default();
    let event_bits = event_bits(event, prev.as_ref(), work.as_ref());
    let mut traces: Vec<Option<RuleTrace>> =
        vec![None; if options.trace { rules.rules.len() } else { 0 }];
    let stored: std::collections::HashSet<&str> =
        input.once_keys.iter().map(String::as_str).collect();
    let mut fired = vec![false; rules.rules.len()];
    // A log of what changed, and where each rule last looked at it: a rule
    // whose reads did not change since its last evaluation gives the same
    // answer, so it is not evaluated again.
    let mut log: Vec<u8> = Vec::new();
    let mut seen_at: Vec<Option<usize>> = vec![None; rules.rules.len()];
    let mut again = true;
    while again {
        if out.passes == MAX_PASSES {
            out.loop_guard_hit = true;
            break;
        }
        out.passes += 1;
        again = false;
        for (i, rule) in rules.rules.iter().enumerate() {
            if fired.get(i).copied().unwrap_or(true) {
                continue;
            }
            if let Some(Some(at)) = seen_at.get(i)
                && log.get(*at..).unwrap_or(&[]).iter().fold(0u8, |m, c| m | c) & rule.reads == 0
            {
                continue;
            }
            if let Some(slot) = seen_at.get_mut(i) {
                *slot = Some(log.len());
            }
            let status_changed = matches!(
                (prev.as_ref(), work.as_ref()),
                (Some(p), Some(w)) if p.status != w.status
            );
            let applicable = applies(rule, input, event_bits, status_changed);
            let once_key = once_key(rule, input);
            let mut record = |outcome, condition: Option<NodeTrace>| {
                if let Some(slot) = traces.get_mut(i) {
                    *slot = Some(RuleTrace {
                        rule: rule.id.clone(),
                        outcome,
                        pass: out.passes,
                        condition,
                    });
                }
            };
            if !applicable {
                record(RuleOutcome::NotApplicable, None);
                continue;
            }
            if !rule.enabled {
                record(RuleOutcome::Disabled, None);
                continue;
            }
            if once_key
                .as_ref()
                .is_some_and(|k| stored.contains(k.as_str()))
            {
                record(RuleOutcome::AlreadyFired, None);
                continue;
            }
            let view = View {
                cache: &cache,
                work: work.as_ref(),
                prev: prev.as_ref(),
                event,
                summary: summary.as_ref(),
                customer: input.customer,
                now,
                calendars: &rules.calendars,
                answers: None,
            };
            let mut nodes = Vec::new();
            let held = match &rule.node {
                None => true,
                Some(node) => node.eval(&view, options.trace.then_some(&mut nodes)),
            };
            let condition = nodes.pop();
            if !held {
                record(RuleOutcome::NotMatched, condition);
                continue;
            }
            record(RuleOutcome::Fired, condition);
            if let Some(f) = fired.get_mut(i) {
                *f = true;
            }
            out.fired.push(std::sync::Arc::clone(&rule.id));
            let mut changed = 0u8;
            for action in &rule.actions {
                if let Some(w) = work.as_mut() {
                    changed |= apply(w, action, event);
                }
                out.actions.push(FiredAction {
                    rule: rule.id.clone(),
                    action: action.clone(),
                });
            }
            if let Some(k) = once_key {
                out.once_keys.push(k);
            }
            if changed != 0 {
                log.push(changed);
            }
            let reruns = matches!(rule.kind, RuleKind::Trigger(_)) || rule.retrigger;
            again |= changed != 0 && reruns;
        }
    }
    out.trace = traces.into_iter().flatten().collect();
    out
}

/// The ticket before the update: the events at the last event's instant are
/// one update (an agent who assigns and comments at once changes both). At
/// creation, the ticket as created, so what rules change counts.
fn before_update(t: &Ticket) -> Option<Ticket> {
    let events = t.events();
    let last_at = events.last()?.at;
    let before = events.iter().take_while(|e| e.at < last_at).count().max(1);
    (before < events.len())
        .then(|| Ticket::from_events(t.id().clone(), events.iter().take(before).cloned()).ok())
        .flatten()
}

/// The key a fire-once rule is remembered by, if it is one.
fn once_key(rule: &Rule, input: &RuleInput<'_>) -> Option<String> {
    let ticket = input.ticket;
    match rule.once {
        Once::Always => None,
        Once::OncePerTicket => ticket.map(|t| format!("{}:ticket:{}", rule.id, t.id())),
        Once::OncePerCustomer => {
            let customer = input
                .customer
                .map(|c| c.id.to_string())
                .or_else(|| ticket.map(|t| t.requester().to_string()));
            customer.map(|c| format!("{}:customer:{c}", rule.id))
        }
    }
}

/// The trigger events the last event counts as, but for a status change
/// (which rules can cause, so it is checked against the working copy each
/// time).
fn event_bits(event: Option<&Event>, prev: Option<&Work<'_>>, work: Option<&Work<'_>>) -> u8 {
    match (event, work) {
        (Some(e), Some(w)) => {
            use super::spec::On;
            [
                On::Created,
                On::CustomerMessage,
                On::AgentMessage,
                On::AnyUpdate,
                On::Update,
            ]
            .into_iter()
            .filter(|o| event_matches(*o, e, prev, w))
            .fold(0, |m, o| m | on_bit(o))
        }
        _ => 0,
    }
}

/// Whether `rule` runs in this evaluation: a trigger on one of its events
/// (or a status change so far), an automation on a ticket at a time run, a
/// lifecycle rule on a customer alone at a time run.
fn applies(rule: &Rule, input: &RuleInput<'_>, event_bits: u8, status_changed: bool) -> bool {
    match &rule.kind {
        RuleKind::Trigger(_) if input.run != Run::Event => false,
        RuleKind::Trigger(_) => {
            rule.on & event_bits != 0
                || (rule.on & on_bit(super::spec::On::StatusChanged) != 0 && status_changed)
        }
        RuleKind::Automation => input.run == Run::Time && input.ticket.is_some(),
        RuleKind::Lifecycle => {
            input.run == Run::Time && input.customer.is_some() && input.ticket.is_none()
        }
        #[allow(
            unreachable_patterns,
            reason = "RuleKind is non-exhaustive for users, not here"
        )]
        _ => false,
    }
}

/// The next instant after `now` at which a time condition of an automation or
/// lifecycle rule changes, in either direction (an `hours_since` threshold
/// passes, a calendar opens or closes, a signup-day range starts or ends), so
/// the host can schedule one wake-up instead of polling. The rule may still
/// not fire then, if its other conditions do not hold: evaluate again then
/// with [`Run::Time`].
pub fn next_due_at(rules: &RuleSet, input: &RuleInput<'_>, now: Timestamp) -> Option<Timestamp> {
    let summary = input.ticket.map(Ticket::summary);
    let work = input.ticket.map(Work::of);
    let cache = TextCache::default();
    let view = View {
        cache: &cache,
        work: work.as_ref(),
        prev: None,
        event: None,
        summary: summary.as_ref(),
        customer: input.customer,
        now,
        calendars: &rules.calendars,
        answers: None,
    };
    let _ = &view;
    let mut best: Option<Timestamp> = None;
    for rule in rules
        .rules
        .iter()
        .filter(|r| r.enabled && matches!(r.kind, RuleKind::Automation | RuleKind::Lifecycle))
    {
        if let Some(node) = &rule.node {
            node.time_leaves(&mut |leaf| {
                if let Some(at) = leaf.next_change(&view) {
                    best = Some(best.map_or(at, |b| b.min(at)));
                }
            });
        }
    }
    best
}
