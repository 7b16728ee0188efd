//! SLA configuration: metric definitions, policies and their JSON shape.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::SlaError;
use crate::calendar::Calendars;
use crate::rules::eval::{Compiler, Node};
use crate::rules::{Condition, Op};
use crate::{BusinessCalendar, CalendarSpec, Priority, Status};

/// The most policies one set may hold.
pub const MAX_POLICIES: usize = 1_000;
/// The most custom metrics one set may define.
pub const MAX_CUSTOM_METRICS: usize = 64;
/// The most calendars one set may define.
pub const MAX_SLA_CALENDARS: usize = 64;
/// The most triggers or statuses in each list of a custom metric (`start`,
/// `stop`, `armed_by`, `pause_in`, `complete_in`).
pub const MAX_METRIC_LIST: usize = 32;

/// Something that happens on a ticket and can start, stop or arm a metric.
///
/// In JSON: `"created"`, `"customer_message"`, `"agent_reply"`,
/// `"priority_changed"`, `"assignee_changed"`, `"group_changed"`,
/// `"reopened"`, `{"status_entered":"solved"}`, `{"status_left":"pending"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Trigger {
    /// The ticket was created.
    Created,
    /// A public customer message.
    CustomerMessage,
    /// A public agent message (bots and internal notes do not count).
    AgentReply,
    /// The ticket entered this status (also by a customer reply reopening it).
    StatusEntered(Status),
    /// The ticket left this status.
    StatusLeft(Status),
    /// The priority changed.
    PriorityChanged,
    /// The assignee changed.
    AssigneeChanged,
    /// The group changed.
    GroupChanged,
    /// The ticket left `solved` for any status but `closed`: a customer's
    /// reply reopened it, or an agent did.
    Reopened,
}

/// How a metric's clock runs, as start, stop and pause conditions over ticket
/// events, in the manner of Jira Service Management's SLA goals. The built-in
/// metrics are defined this way too ([`MetricDefinition::builtins`]).
///
/// A **cycle** starts on a `start` trigger (once one of `armed_by` has
/// happened, if that list is not empty), and stops on a `stop` trigger. While
/// the ticket is in a `pause_in` status the clock is paused; while it is in a
/// `complete_in` status the cycle counts as complete, and resumes if the ticket
/// leaves that status (a reopen continues the clock). A metric with `repeat`
/// runs a new cycle on every start after the previous one stopped; without it,
/// at most one cycle ever.
///
/// `pause_when` pauses the clock while a [`Condition`] over the ticket and
/// the customer holds (say `status is on_hold and tags contains
/// waiting_supplier`), beside the `pause_in` statuses.
///
/// # The order of things on one event
/// 1. A stop trigger ends the running cycle (so `start: [agent_reply],
///    stop: [agent_reply]` measures the time between consecutive agent
///    replies); otherwise a change of status or of the pause condition moves
///    the running cycle between running, paused and complete.
/// 2. An `armed_by` trigger arms the metric.
/// 3. A start trigger starts a cycle, unless one is running, the metric does
///    not repeat and already ran, or the same event entered a stopping
///    status.
///
/// No cycle starts on a message (`customer_message`, `agent_reply`) while
/// the ticket is solved or closed: an agent's thank-you note on a solved
/// ticket owes nobody an update. A **repeating** metric's cycle (next reply,
/// periodic update, custom metrics with `repeat`) that starts and stops in
/// the same second is not a cycle and is not reported: a reply that also
/// solves the ticket is one answer, not an answer and a new wait achieved
/// in 0 s. A first reply in the same second as the creation is still a real
/// 0 s first reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct MetricDefinition {
    /// The metric's name, such as `first_reply_time`.
    pub name: String,
    /// What starts a cycle.
    pub start: Vec<Trigger>,
    /// What stops a cycle.
    #[serde(default)]
    pub stop: Vec<Trigger>,
    /// Statuses that pause the clock.
    #[serde(default)]
    pub pause_in: Vec<Status>,
    /// Statuses in which the cycle counts as complete (and may resume).
    #[serde(default)]
    pub complete_in: Vec<Status>,
    /// Whether the metric runs a new cycle for every start.
    #[serde(default)]
    pub repeat: bool,
    /// Cycles start only once one of these has happened.
    #[serde(default)]
    pub armed_by: Vec<Trigger>,
    /// Pause the clock while this condition holds (over the ticket and the
    /// customer; not the event or the time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pause_when: Option<Condition>,
}

impl MetricDefinition {
    /// A metric that starts on `start` and stops on `stop`, without pauses
    /// or repeats; set the public fields for more.
    ///
    /// ```
    /// use frontline::sla::{MetricDefinition, Trigger};
    /// let triage = MetricDefinition::new("time_to_triage", [Trigger::Created], [Trigger::AssigneeChanged]);
    /// assert_eq!(triage.start, [Trigger::Created]);
    /// ```
    pub fn new(
        name: impl Into<String>,
        start: impl IntoIterator<Item = Trigger>,
        stop: impl IntoIterator<Item = Trigger>,
    ) -> MetricDefinition {
        MetricDefinition {
            name: name.into(),
            start: start.into_iter().collect(),
            stop: stop.into_iter().collect(),
            pause_in: Vec::new(),
            complete_in: Vec::new(),
            repeat: false,
            armed_by: Vec::new(),
            pause_when: None,
        }
    }
}

impl Trigger {
    /// A distinct bit per trigger, for matching by mask.
    pub(crate) fn bit(self) -> u32 {
        match self {
            Trigger::Created => 1,
            Trigger::CustomerMessage => 1 << 1,
            Trigger::AgentReply => 1 << 2,
            Trigger::PriorityChanged => 1 << 3,
            Trigger::AssigneeChanged => 1 << 4,
            Trigger::GroupChanged => 1 << 5,
            Trigger::Reopened => 1 << 6,
            Trigger::StatusEntered(s) => 1 << (8 + s as u32),
            Trigger::StatusLeft(s) => 1 << (16 + s as u32),
        }
    }
}

/// A metric definition compiled to bit masks (triggers and statuses).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Masks {
    pub start: u32,
    pub stop: u32,
    pub armed_by: u32,
    /// `start | stop | armed_by`: the triggers that touch the metric.
    pub any: u32,
    pub pause_in: u8,
    pub complete_in: u8,
    pub repeat: bool,
    /// Whether it has a pause condition.
    pub pause: bool,
}

impl Masks {
    fn of(def: &MetricDefinition) -> Masks {
        let triggers = |list: &[Trigger]| list.iter().fold(0u32, |m, t| m | t.bit());
        let statuses = |list: &[Status]| list.iter().fold(0u8, |m, s| m | (1 << *s as u8));
        let (start, stop, armed_by) = (
            triggers(&def.start),
            triggers(&def.stop),
            triggers(&def.armed_by),
        );
        Masks {
            start,
            stop,
            armed_by,
            any: start | stop | armed_by,
            pause_in: statuses(&def.pause_in),
            complete_in: statuses(&def.complete_in),
            repeat: def.repeat,
            pause: def.pause_when.is_some(),
        }
    }
}

impl MetricDefinition {
    /// The built-in metrics, in Zendesk's catalogue:
    ///
    /// | metric | starts | stops | paused in | complete in |
    /// |---|---|---|---|---|
    /// | `first_reply_time` | created | agent reply, solved, closed | - | - |
    /// | `next_reply_time` (repeats; armed by the first agent reply or solve) | customer message | agent reply, solved, closed | - | - |
    /// | `periodic_update_time` (repeats; armed by the first agent reply) | agent reply, reopen | agent reply, solved, closed | - | - |
    /// | `requester_wait_time` | created | - | pending | solved, closed |
    /// | `agent_work_time` | created | - | pending, on hold | solved, closed |
    /// | `resolution_time` | created | - | - | solved, closed |
    ///
    /// Solving a ticket ends a reply cycle (as in Zendesk, where setting a
    /// ticket to solved fulfils the reply metrics): it counts as achieved if
    /// the target had not run out. While the ticket is solved no reply or
    /// update cycle starts (an agent's thank-you note on a solved ticket owes
    /// nobody an update); the periodic update starts again when the ticket
    /// is reopened, from that instant. Resolution, requester-wait and agent-work
    /// time are cumulative: a reopen continues the same clock, and the time
    /// spent solved does not count.
    pub fn builtins() -> Vec<MetricDefinition> {
        use Status::*;
        use Trigger::*;
        let def =
            |name: &str, start, stop, pause_in, complete_in, repeat, armed_by| MetricDefinition {
                name: name.to_owned(),
                start,
                stop,
                pause_in,
                complete_in,
                repeat,
                armed_by,
                pause_when: None,
            };
        vec![
            def(
                "first_reply_time",
                vec![Created],
                vec![AgentReply, StatusEntered(Solved), StatusEntered(Closed)],
                vec![],
                vec![],
                false,
                vec![],
            ),
            def(
                "next_reply_time",
                vec![CustomerMessage],
                vec![AgentReply, StatusEntered(Solved), StatusEntered(Closed)],
                vec![],
                vec![],
                true,
                vec![AgentReply, StatusEntered(Solved)],
            ),
            def(
                "periodic_update_time",
                vec![AgentReply, Reopened],
                vec![AgentReply, StatusEntered(Solved), StatusEntered(Closed)],
                vec![],
                vec![],
                true,
                vec![AgentReply],
            ),
            def(
                "requester_wait_time",
                vec![Created],
                vec![],
                vec![Pending],
                vec![Solved, Closed],
                false,
                vec![],
            ),
            def(
                "agent_work_time",
                vec![Created],
                vec![],
                vec![Pending, OnHold],
                vec![Solved, Closed],
                false,
                vec![],
            ),
            def(
                "resolution_time",
                vec![Created],
                vec![],
                vec![],
                vec![Solved, Closed],
                false,
                vec![],
            ),
        ]
    }
}

/// A target as configured: whole seconds (`3600`) or text.
///
/// The text is a sum of parts, each a whole number and a unit: `d` (a day of
/// 24 hours), `h`, `m` and `s`, each at most once and largest first, written
/// together or apart (`"4h"`, `"1h30m"`, `"1d 12h"`, `"90s"`). On a policy with a calendar these are business
/// seconds: `"1d"` is 24 *business* hours, three office days of 8 hours.
///
/// Business days count the calendar's days instead (zendesk/biz's `days`
/// unit): `"2bd"` or `"2 business days"` runs from the cycle's first
/// business moment (its start, or the next opening when the calendar is
/// closed then) to the same wall-clock time on the second business date
/// after it. Its length in business seconds depends on when the cycle
/// starts, so the report's `target_seconds` is resolved per cycle; the due
/// time is when that business time has run, which is the close of the day
/// before when the end falls on an opening time (a Monday 09:00 e-mail with
/// `"2bd"` is due Tuesday at closing time, the same business moment as
/// Wednesday 09:00). Business days cannot be mixed with other units; on
/// calendar hours a business day is a day of 24 hours.
///
/// ```
/// use frontline::sla::{TargetDuration, TargetLength};
/// assert_eq!(TargetDuration::Text("1d 12h".into()).length(), Ok(TargetLength::Seconds(129_600)));
/// assert_eq!(TargetDuration::Text("2 business days".into()).length(), Ok(TargetLength::BusinessDays(2)));
/// assert_eq!(TargetDuration::Text("3bd".into()).length(), Ok(TargetLength::BusinessDays(3)));
/// assert!(TargetDuration::Text("1bd4h".into()).length().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TargetDuration {
    /// Whole seconds.
    Seconds(i64),
    /// Days, hours, minutes and seconds, or business days, as text.
    Text(String),
}

/// A checked target length: seconds (business seconds on a calendar), or
/// business days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TargetLength {
    /// A fixed length in (business) seconds, 1 to 100 years.
    Seconds(i64),
    /// Business dates of the policy's calendar, 1 to [`MAX_BUSINESS_DAYS`].
    BusinessDays(u32),
}

/// The most business days a target may count.
pub const MAX_BUSINESS_DAYS: u32 = 366;

impl TargetDuration {
    /// The checked length.
    ///
    /// # Errors
    /// A reason for malformed text, a length that is not positive, of a
    /// hundred years or more, or more than [`MAX_BUSINESS_DAYS`] business days.
    pub fn length(&self) -> Result<TargetLength, &'static str> {
        let s = match self {
            TargetDuration::Seconds(s) => *s,
            TargetDuration::Text(text) => match parse_business_days(text) {
                Some(Ok(0)) => return Err("must be positive"),
                Some(Ok(n)) if n > MAX_BUSINESS_DAYS => {
                    return Err("must be at most 366 business days");
                }
                Some(Ok(n)) => return Ok(TargetLength::BusinessDays(n)),
                Some(Err(e)) => return Err(e),
                None => parse_duration(text)?,
            },
        };
        if s <= 0 {
            Err("must be positive")
        } else if s > 100 * 366 * 86_400 {
            Err("must be under a hundred years")
        } else {
            Ok(TargetLength::Seconds(s))
        }
    }
}

const BAD_DURATION: &str =
    "expected whole seconds or text such as `4h`, `1h30m`, `1d 12h`, `90s` or `2 business days`";

/// `Some` when `text` is in business days (`2bd`, `1 business day`, `3
/// business days`): the count, or why it is malformed.
fn parse_business_days(text: &str) -> Option<Result<u32, &'static str>> {
    let t = text.trim();
    if t.len() > 32 {
        return (t.ends_with("bd") || t.contains("business")).then_some(Err(BAD_DURATION));
    }
    let number_end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(number_end);
    let unit = unit.trim_start();
    if !matches!(unit, "bd" | "business day" | "business days") {
        return (unit.ends_with("bd") || unit.contains("business")).then_some(Err(BAD_DURATION));
    }
    Some(number.parse::<u32>().map_err(|_| BAD_DURATION))
}

fn parse_duration(text: &str) -> Result<i64, &'static str> {
    let bad = BAD_DURATION;
    if text.trim().is_empty() || text.len() > 32 {
        return Err(bad);
    }
    let mut total: i64 = 0;
    let mut number: Option<i64> = None;
    // Each unit at most once, largest first: `1h1h` or `30m1h` is a typo.
    let mut last_unit = i64::MAX;
    for c in text.chars() {
        if let Some(d) = c.to_digit(10) {
            let n = number
                .unwrap_or(0)
                .checked_mul(10)
                .and_then(|n| n.checked_add(i64::from(d)));
            number = Some(n.ok_or(bad)?);
            continue;
        }
        if c == ' ' && number.is_none() {
            continue; // between parts, not inside one
        }
        let unit = match c {
            'd' => 86_400,
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return Err(bad),
        };
        if unit >= last_unit {
            return Err(bad);
        }
        last_unit = unit;
        let n = number.take().ok_or(bad)?;
        total = n
            .checked_mul(unit)
            .and_then(|x| total.checked_add(x))
            .ok_or(bad)?;
    }
    if number.is_some() {
        return Err(bad);
    }
    Ok(total)
}

/// When a running cycle raises a warning: when the remaining time falls to a
/// share of the target, or to a fixed number of seconds.
///
/// In JSON: `{"remaining_share": 0.25}` or `{"remaining_seconds": 1800}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum WarnAt {
    /// Warn when at most this share of the target (0 to 1) remains.
    RemainingShare(f64),
    /// Warn when at most this many seconds remain.
    RemainingSeconds(i64),
}

impl Default for WarnAt {
    fn default() -> WarnAt {
        WarnAt::RemainingShare(0.25)
    }
}

/// One SLA policy: which tickets it covers and the targets it sets.
///
/// ```json
/// {"name": "VIP e-mail", "when": "customer.segment is vip and channel is email",
///  "calendar": "office", "calendar_hours": ["resolution_time"],
///  "targets": {"first_reply_time": {"urgent": "1h", "high": "2h", "normal": "4h", "low": "8h"},
///              "resolution_time": {"urgent": "8h", "normal": "72h"}},
///  "warn": {"remaining_share": 0.25}}
/// ```
///
/// `when` is a [`Condition`] over the ticket and the customer (priority,
/// channel, group, tags, custom fields, customer segment, plan, locale,
/// attributes; `any`, `all`, `not`), as JSON or as text; absent, the policy
/// applies to every ticket. Conditions on the event or on time (`message`,
/// `event.*`, `hours_since` ...) are refused: a policy holds for a ticket,
/// not for a moment. The matcher object of frontline 0.1
/// (`{"priorities": [...], "channels": [...], ...}`) is still read, for one
/// more release, as the condition it means (see the [SLA chapter](super)).
///
/// Targets are per metric and per priority; a priority without a target leaves
/// that metric not applicable. They run in business time of `calendar` (a name
/// from the set's `calendars`), or in calendar time (around the clock) when
/// no calendar is given or for the metrics listed in `calendar_hours`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PolicySpec {
    /// The policy's name.
    pub name: String,
    /// Which tickets it applies to.
    #[serde(
        default = "Condition::always",
        deserialize_with = "super::legacy::when",
        skip_serializing_if = "Condition::is_always"
    )]
    pub when: Condition,
    /// The calendar its targets run on; absent means calendar hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// Metrics measured in calendar hours although the policy has a calendar.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calendar_hours: Vec<String>,
    /// Targets per metric, per priority.
    pub targets: BTreeMap<String, BTreeMap<Priority, TargetDuration>>,
    /// When running cycles warn.
    #[serde(default)]
    pub warn: WarnAt,
}

impl PolicySpec {
    /// A policy called `name` for every ticket, in calendar hours, without
    /// targets yet: add them with [`target`](Self::target).
    ///
    /// ```
    /// use frontline::sla::{PolicySet, PolicySetSpec, PolicySpec};
    /// use frontline::rules::Condition;
    /// use frontline::Priority;
    ///
    /// let vip = PolicySpec::new("VIP e-mail")
    ///     .when(Condition::parse("customer.segment is vip and channel is email")?)
    ///     .calendar("office")
    ///     .target("first_reply_time", Priority::Normal, "4h")
    ///     .target("first_reply_time", Priority::Urgent, "1h")
    ///     .target("resolution_time", Priority::Normal, "2 business days");
    /// let mut set = PolicySetSpec::default();
    /// set.calendars.insert("office".into(), serde_json::from_str(
    ///     r#"{"time_zone": "Europe/Amsterdam", "hours": {"mon": [["09:00", "17:00"]]}}"#)?);
    /// set.policies.push(vip);
    /// assert!(PolicySet::new(&set).is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(name: impl Into<String>) -> PolicySpec {
        PolicySpec {
            name: name.into(),
            when: Condition::always(),
            calendar: None,
            calendar_hours: Vec::new(),
            targets: BTreeMap::new(),
            warn: WarnAt::default(),
        }
    }

    /// The policy with its condition set to `when`.
    pub fn when(mut self, when: Condition) -> PolicySpec {
        self.when = when;
        self
    }

    /// The policy with its targets on the calendar called `calendar`.
    pub fn calendar(mut self, calendar: impl Into<String>) -> PolicySpec {
        self.calendar = Some(calendar.into());
        self
    }

    /// The policy with a target for `metric` at `priority`: whole seconds
    /// or text (`"4h"`, `"2 business days"`), checked when the set is built.
    pub fn target(
        mut self,
        metric: impl Into<String>,
        priority: Priority,
        target: impl Into<TargetDuration>,
    ) -> PolicySpec {
        self.targets
            .entry(metric.into())
            .or_default()
            .insert(priority, target.into());
        self
    }
}

impl From<&str> for TargetDuration {
    fn from(text: &str) -> TargetDuration {
        TargetDuration::Text(text.to_owned())
    }
}

impl From<i64> for TargetDuration {
    fn from(seconds: i64) -> TargetDuration {
        TargetDuration::Seconds(seconds)
    }
}

/// A whole SLA configuration: ordered policies (the first that matches a
/// ticket applies, as in Zendesk and Freshdesk), the calendars they use, and
/// any custom metrics.
///
/// ```json
/// {"calendars": {"office": {"time_zone": "Europe/Amsterdam", "hours": {"mon": [["09:00","17:00"]]}}},
///  "metrics": [{"name": "time_to_triage", "start": ["created"], "stop": ["assignee_changed"]}],
///  "policies": [{"name": "Default", "calendar": "office",
///                "targets": {"first_reply_time": {"normal": "8h"}}}]}
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a policy set object")]
#[non_exhaustive]
pub struct PolicySetSpec {
    /// Calendars by name.
    #[serde(default)]
    pub calendars: BTreeMap<String, CalendarSpec>,
    /// Custom metrics, beside the built-in ones.
    #[serde(default)]
    pub metrics: Vec<MetricDefinition>,
    /// Policies, in order.
    pub policies: Vec<PolicySpec>,
}

/// One metric's configuration in a policy: the calendar index (`None`:
/// calendar hours) and the target per priority (`None`: not applicable).
pub(crate) type MetricTargets = (Option<usize>, [Option<TargetLength>; 4]);

/// A checked policy, with names resolved to indexes.
#[derive(Debug, Clone)]
pub(crate) struct Policy {
    pub name: crate::Name,
    /// The compiled condition; `None` always holds.
    pub when: Option<Node>,
    /// Per metric index: the calendar index (`None`: calendar hours) and the
    /// targets per priority (`None`: not applicable).
    pub metrics: Vec<Option<MetricTargets>>,
    pub warn: WarnAt,
}

/// A validated, compiled SLA configuration. Build it once with
/// [`PolicySet::new`]; evaluating tickets against it cannot fail.
#[derive(Debug, Clone)]
pub struct PolicySet {
    pub(crate) metrics: Vec<MetricDefinition>,
    /// The metrics' names, shared with every report.
    pub(crate) metric_names: Vec<crate::Name>,
    /// The metrics compiled to masks.
    pub(crate) masks: Vec<Masks>,
    pub(crate) policies: Vec<Policy>,
    /// Per metric: its compiled pause condition.
    pub(crate) pause_when: Vec<Option<Node>>,
    /// What the policy conditions read, as `rules::eval::reads` bits, and
    /// the priority (which always picks the target): when an event changes
    /// none of it, the policy in force cannot change.
    pub(crate) policy_reads: u8,
    pub(crate) calendars: Vec<(crate::Name, BusinessCalendar)>,
}

fn valid_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 128 && !name.chars().any(char::is_control)
}

impl PolicySet {
    /// Checks and compiles a policy set.
    ///
    /// # Errors
    /// An [`SlaError`] naming the bad policy, metric or calendar: unknown
    /// calendars or metrics, targets that are not positive, empty or repeated
    /// names, custom metrics without a start, warning thresholds out of range,
    /// conditions that do not check or read the event or the time, sizes
    /// over [`MAX_POLICIES`], [`MAX_CUSTOM_METRICS`], [`MAX_SLA_CALENDARS`].
    pub fn new(spec: &PolicySetSpec) -> Result<PolicySet, SlaError> {
        PolicySet::with_calendars(spec, &Calendars::new())
    }

    /// Checks and compiles a policy set whose policies may also name the
    /// calendars of a shared, already compiled [`Calendars`] set (besides
    /// those of its own `calendars`): a calendar is built once per host and
    /// SLA, rules and routing agree on it.
    ///
    /// ```
    /// use frontline::calendar::Calendars;
    /// use frontline::sla::{PolicySet, PolicySetSpec};
    /// use frontline::{BusinessCalendar, CalendarSpec};
    /// use frontline::time::Weekday::*;
    ///
    /// let office = CalendarSpec::new("Europe/Amsterdam".parse()?).open(&[Mon, Tue, Wed, Thu, Fri], "09:00", "17:00")?;
    /// let calendars = Calendars::new().with("office", BusinessCalendar::new(&office)?)?;
    /// let spec: PolicySetSpec = serde_json::from_str(r#"{"policies": [{"name": "Default",
    ///     "calendar": "office", "targets": {"first_reply_time": {"normal": "4h"}}}]}"#)?;
    /// let set = PolicySet::with_calendars(&spec, &calendars)?;
    /// assert_eq!(set.policy_names().collect::<Vec<_>>(), ["Default"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`new`](Self::new), and a calendar of the set's own that the
    /// shared set also has ([`CalendarError::DefinedTwice`](crate::calendar::CalendarError::DefinedTwice)).
    pub fn with_calendars(spec: &PolicySetSpec, shared: &Calendars) -> Result<PolicySet, SlaError> {
        check_sizes(spec)?;
        let calendars = compile_calendars(spec, shared)?;
        let metrics = metrics(spec)?;
        let pause_when = metrics
            .iter()
            .map(|m| {
                m.pause_when
                    .as_ref()
                    .map(|c| compile_condition(c, format!("metric `{}`", m.name), &calendars))
                    .transpose()
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut policies: Vec<Policy> = Vec::with_capacity(spec.policies.len());
        for p in &spec.policies {
            if !valid_name(&p.name) || policies.iter().any(|x| *x.name == *p.name) {
                return Err(SlaError::BadName {
                    kind: "policy",
                    name: crate::util::excerpt(&p.name),
                });
            }
            policies.push(policy(p, &metrics, &calendars)?);
        }
        let policy_reads = policies
            .iter()
            .filter_map(|p| p.when.as_ref())
            .fold(crate::rules::eval::reads::PRIORITY, |m, n| m | n.reads());
        let metric_names = metrics.iter().map(|m| crate::Name::from(&m.name)).collect();
        let masks = metrics.iter().map(Masks::of).collect();
        Ok(PolicySet {
            metrics,
            metric_names,
            masks,
            policies,
            pause_when,
            policy_reads,
            calendars,
        })
    }

    /// The metrics this set measures: the built-in ones, then the custom ones.
    pub fn metrics(&self) -> &[MetricDefinition] {
        &self.metrics
    }

    /// The names of the policies, in order.
    pub fn policy_names(&self) -> impl Iterator<Item = &str> {
        self.policies.iter().map(|p| &*p.name)
    }
}

fn check_sizes(spec: &PolicySetSpec) -> Result<(), SlaError> {
    let caps = [
        (spec.policies.len(), "policies", MAX_POLICIES),
        (spec.metrics.len(), "custom metrics", MAX_CUSTOM_METRICS),
        (spec.calendars.len(), "calendars", MAX_SLA_CALENDARS),
    ];
    match caps.into_iter().find(|(n, _, cap)| n > cap) {
        Some((_, what, limit)) => Err(SlaError::TooLarge { what, limit }),
        None => Ok(()),
    }
}

fn compile_calendars(
    spec: &PolicySetSpec,
    shared: &Calendars,
) -> Result<Vec<(crate::Name, BusinessCalendar)>, SlaError> {
    if let Some(name) = spec.calendars.keys().find(|n| !valid_name(n)) {
        return Err(SlaError::BadName {
            kind: "calendar",
            name: crate::util::excerpt(name),
        });
    }
    shared
        .extended_with(&spec.calendars)
        .map_err(|(name, source)| SlaError::Calendar { name, source })
}

/// The built-in metrics, then the set's own, checked.
fn metrics(spec: &PolicySetSpec) -> Result<Vec<MetricDefinition>, SlaError> {
    let mut metrics = MetricDefinition::builtins();
    for m in &spec.metrics {
        if !valid_name(&m.name) || metrics.iter().any(|x| x.name == m.name) {
            return Err(SlaError::BadName {
                kind: "metric",
                name: crate::util::excerpt(&m.name),
            });
        }
        let invalid = |reason| SlaError::InvalidMetric {
            metric: m.name.clone(),
            reason,
        };
        if m.start.is_empty() {
            return Err(invalid("has no start trigger"));
        }
        let longest = [
            m.start.len(),
            m.stop.len(),
            m.armed_by.len(),
            m.pause_in.len(),
            m.complete_in.len(),
        ];
        if longest.into_iter().any(|n| n > MAX_METRIC_LIST) {
            return Err(invalid(
                "lists more than 32 triggers or statuses in one of start, stop, armed_by, pause_in, complete_in",
            ));
        }
        if m.stop.is_empty() && m.repeat {
            return Err(invalid("repeats but has no stop trigger"));
        }
        metrics.push(m.clone());
    }
    Ok(metrics)
}

/// Compiles a policy or pause condition, which may read only the ticket and
/// the customer.
fn compile_condition(
    c: &Condition,
    owner: String,
    calendars: &[(crate::Name, BusinessCalendar)],
) -> Result<Node, SlaError> {
    let fail = |source| SlaError::Condition {
        owner: owner.clone(),
        source: Box::new(source),
    };
    let outside = |f: &crate::rules::Field| f.on_event() || f.reads_history();
    let timely = c.any_leaf(&mut |leaf| match leaf {
        Condition::Compare { field, op, value } => {
            outside(field)
                || matches!(op, Op::Changed | Op::ChangedFrom | Op::ChangedTo)
                || matches!(value, Some(crate::rules::Operand::Field(other)) if outside(other))
        }
        _ => true,
    });
    if timely {
        return Err(fail(crate::rules::RulesError::BadCondition {
            rule: String::new(),
            reason: "an SLA condition reads the ticket's state and the customer, not the event, \
                     the time, what changed or the ticket's history (public, satisfaction, \
                     reopens, replies)"
                .into(),
        }));
    }
    Compiler {
        rule: "",
        calendars,
        answers: false,
    }
    .compile(c)
    .map_err(fail)
}

/// Checks and compiles one policy against the set's metrics and calendars.
fn policy(
    p: &PolicySpec,
    metrics: &[MetricDefinition],
    calendars: &[(crate::Name, BusinessCalendar)],
) -> Result<Policy, SlaError> {
    let calendar = match &p.calendar {
        None => None,
        Some(name) => Some(
            calendars
                .iter()
                .position(|(n, _)| **n == **name)
                .ok_or_else(|| SlaError::UnknownCalendar {
                    policy: p.name.clone(),
                    calendar: crate::util::excerpt(name),
                })?,
        ),
    };
    let bad_warning = |reason| SlaError::InvalidWarning {
        policy: p.name.clone(),
        reason,
    };
    match p.warn {
        WarnAt::RemainingShare(x) if !(x > 0.0 && x < 1.0) => {
            return Err(bad_warning("`remaining_share` must be between 0 and 1"));
        }
        WarnAt::RemainingSeconds(s) if s <= 0 => {
            return Err(bad_warning("`remaining_seconds` must be positive"));
        }
        _ => {}
    }
    if p.targets.is_empty() {
        return Err(SlaError::NoTargets {
            policy: p.name.clone(),
        });
    }
    // Longer than the metrics there are: a repeat (or an unknown name).
    if p.calendar_hours.len() > metrics.len() {
        return Err(SlaError::TooLarge {
            what: "calendar_hours metrics (more than the set's metrics)",
            limit: metrics.len(),
        });
    }
    for name in p.targets.keys().chain(&p.calendar_hours) {
        if !metrics.iter().any(|m| &m.name == name) {
            return Err(SlaError::UnknownMetric {
                policy: p.name.clone(),
                metric: crate::util::excerpt(name),
            });
        }
    }
    let mut per_metric = vec![None; metrics.len()];
    for (slot, metric) in per_metric.iter_mut().zip(metrics) {
        let Some(targets) = p.targets.get(&metric.name) else {
            continue;
        };
        let mut by_priority = [None; 4];
        for (priority, target) in targets {
            let length = target.length().map_err(|reason| SlaError::InvalidTarget {
                policy: p.name.clone(),
                metric: metric.name.clone(),
                value: match target {
                    TargetDuration::Seconds(s) => s.to_string(),
                    TargetDuration::Text(t) => crate::util::excerpt(t),
                },
                reason,
            })?;
            if let Some(slot) = by_priority.get_mut(*priority as usize) {
                *slot = Some(length);
            }
        }
        let cal = if p.calendar_hours.contains(&metric.name) {
            None
        } else {
            calendar
        };
        *slot = Some((cal, by_priority));
    }
    let when = if p.when.is_always() {
        None
    } else {
        Some(compile_condition(
            &p.when,
            format!("policy `{}`", p.name),
            calendars,
        )?)
    };
    Ok(Policy {
        name: crate::Name::from(&p.name),
        when,
        metrics: per_metric,
        warn: p.warn,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        let length = |t: &str| TargetDuration::Text(t.into()).length();
        let secs = |s| Ok(TargetLength::Seconds(s));
        assert_eq!(length("4h"), secs(14_400));
        assert_eq!(length("1h30m"), secs(5_400));
        assert_eq!(length("1h 30m"), secs(5_400));
        assert_eq!(length("90s"), secs(90));
        assert_eq!(length("3d"), secs(3 * 86_400));
        assert_eq!(length("1d12h"), secs(129_600));
        assert_eq!(TargetDuration::Seconds(60).length(), secs(60));
        assert_eq!(length("2bd"), Ok(TargetLength::BusinessDays(2)));
        assert_eq!(length("1 business day"), Ok(TargetLength::BusinessDays(1)));
        assert_eq!(
            length("10 business days"),
            Ok(TargetLength::BusinessDays(10))
        );
        assert_eq!(length("366bd"), Ok(TargetLength::BusinessDays(366)));
        for bad in [
            "",
            " ",
            "4",
            "h",
            "-4h",
            "4h4",
            "4 h",
            "99999999999999999999h",
            "4w",
            "0bd",
            "367bd",
            "bd",
            "1bd4h",
            "4h1bd",
            "2 business",
            "2 business weeks",
            "-1bd",
            "1.5bd",
            "37000d",
        ] {
            assert!(length(bad).is_err(), "{bad}");
        }
        assert!(TargetDuration::Seconds(0).length().is_err());
    }
}
