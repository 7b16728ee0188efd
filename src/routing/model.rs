//! Agents, work items and routing policies: the data routing reads.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::RoutingError;
use crate::customer::Locale;
use crate::time::Timestamp;
use crate::{CalendarSpec, Channel, Priority, ticket::AgentId, ticket::GroupId, ticket::TicketId};

/// The most agents one call may consider.
pub const MAX_AGENTS: usize = 100_000;
/// The most work items one call may consider.
pub const MAX_ITEMS: usize = 1_000_000;
/// The most skills one agent may list.
pub const MAX_SKILLS: usize = 64;
/// The most recent assignments an agent may list for the fairness window.
pub const MAX_RECENT_ASSIGNMENTS: usize = 1_000;
/// The longest skill name or shift calendar name, in bytes.
pub const MAX_NAME_BYTES: usize = 128;
/// The longest language tag, in bytes (as a BCP 47 locale).
pub const MAX_LANGUAGE_BYTES: usize = 35;
/// The most languages one agent may list.
pub const MAX_AGENT_LANGUAGES: usize = 16;
/// The most groups one agent may list.
pub const MAX_AGENT_GROUPS: usize = 256;
/// The most relaxation steps, eligible presences or shift calendars of a
/// policy (each).
pub const MAX_POLICY_LIST: usize = 64;

/// Checks a name's length against `max`.
pub(super) fn check_name(what: &'static str, name: &str, max: usize) -> Result<(), RoutingError> {
    if name.len() > max {
        return Err(RoutingError::NameTooLong {
            what,
            name: crate::util::excerpt(name),
            max,
        });
    }
    Ok(())
}

/// A skill level from 1 (basic) to 5 (expert). In JSON, a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct SkillLevel(u8);

impl SkillLevel {
    /// A level, if within 1 to 5.
    pub fn new(level: u8) -> Option<SkillLevel> {
        (1..=5).contains(&level).then_some(SkillLevel(level))
    }

    /// The level as a number.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for SkillLevel {
    type Error = RoutingError;
    fn try_from(level: u8) -> Result<SkillLevel, RoutingError> {
        SkillLevel::new(level).ok_or_else(|| {
            let e = RoutingError::InvalidLevel { level };
            crate::util::error_code::note(e.code());
            e
        })
    }
}

impl From<SkillLevel> for u8 {
    fn from(l: SkillLevel) -> u8 {
        l.0
    }
}

impl fmt::Display for SkillLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Whether an agent can take work.
///
/// In JSON: `{"status": "online", "since": "2026-03-02T08:00:00Z"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Presence {
    /// The status.
    pub status: PresenceStatus,
    /// Since when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Timestamp>,
}

impl Presence {
    /// A presence in `status`, since an unknown time.
    pub fn new(status: PresenceStatus) -> Presence {
        Presence {
            status,
            since: None,
        }
    }
}

/// An agent's presence status. In JSON: `"online"`, `"away"`, `"busy"`, `"offline"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PresenceStatus {
    /// Available for new work.
    Online,
    /// Away from the desk (break, meeting).
    Away,
    /// Working, not taking new work.
    Busy,
    /// Not working.
    Offline,
}

/// How much work an agent can hold.
///
/// In JSON: `{"per_channel": {"chat": 3, "email": 10, "phone": 1}}` (a channel
/// not listed takes no work), or `{"weighted": {"budget": 10, "costs":
/// {"phone": 10, "chat": 3, "email": 1}}}` (one call, or three chats and an
/// e-mail: each item costs its channel's cost out of one budget; a channel
/// without a cost takes no work).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Capacity {
    /// A separate limit per channel.
    PerChannel(BTreeMap<Channel, u32>),
    /// One budget, with a cost per channel.
    Weighted {
        /// The total budget.
        budget: u32,
        /// The cost of one item per channel.
        costs: BTreeMap<Channel, u32>,
    },
}

/// An agent as routing sees it: presence, skills, languages, groups,
/// capacity and current load, recent activity, and an optional shift calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Agent {
    /// The agent.
    pub id: AgentId,
    /// Presence.
    pub presence: Presence,
    /// Skills with levels.
    #[serde(default)]
    pub skills: BTreeMap<String, SkillLevel>,
    /// Languages spoken (BCP 47: `nl`, `en`, `pt-BR`). Matching compares
    /// primary language subtags: an agent with `nl` serves an item in
    /// `nl-BE`.
    #[serde(default)]
    pub languages: Vec<Locale>,
    /// Groups the agent works in.
    #[serde(default)]
    pub groups: Vec<GroupId>,
    /// What the agent can hold.
    pub capacity: Capacity,
    /// Items currently held, per channel.
    #[serde(default)]
    pub load: BTreeMap<Channel, u32>,
    /// When the agent was last given work. Round robin serves the agent
    /// whose last assignment is oldest; a time after `now` (a skewed clock)
    /// counts as `now`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_assigned_at: Option<Timestamp>,
    /// When the agent last finished a piece of work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_finished_at: Option<Timestamp>,
    /// Recent assignment instants, for the fairness window.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recent_assignments: Vec<Timestamp>,
    /// The name of the agent's shift calendar in the policy; no assignments
    /// outside it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shift: Option<String>,
}

impl Agent {
    /// An agent with a presence status and a per-channel capacity, no
    /// skills, languages, groups, load, history or shift; set the public
    /// fields for more.
    ///
    /// ```
    /// use frontline::routing::{Agent, PresenceStatus, Roster, RoutingPolicy, RoutingPolicySpec};
    /// use frontline::Channel;
    /// let mut sanne = Agent::new("a-sanne".parse()?, PresenceStatus::Online, [(Channel::Chat, 2), (Channel::Email, 5)]);
    /// sanne.languages = vec!["nl".parse()?, "en".parse()?];
    /// let policy = RoutingPolicy::new(&RoutingPolicySpec::default())?;
    /// let roster = Roster::new(vec![sanne], &policy)?;
    /// assert_eq!(roster.agents().len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        id: AgentId,
        status: PresenceStatus,
        capacity: impl IntoIterator<Item = (Channel, u32)>,
    ) -> Agent {
        Agent {
            id,
            presence: Presence {
                status,
                since: None,
            },
            skills: BTreeMap::new(),
            languages: Vec::new(),
            groups: Vec::new(),
            capacity: Capacity::PerChannel(capacity.into_iter().collect()),
            load: BTreeMap::new(),
            last_assigned_at: None,
            last_finished_at: None,
            recent_assignments: Vec::new(),
            shift: None,
        }
    }
}

/// A piece of work waiting for an agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct WorkItem {
    /// The ticket.
    pub ticket: TicketId,
    /// The channel (decides which capacity it uses).
    pub channel: Channel,
    /// Skills the agent must have, at least at these levels.
    #[serde(default)]
    pub required_skills: BTreeMap<String, SkillLevel>,
    /// Skills wanted at first; relaxation may drop them.
    #[serde(default)]
    pub preferred_skills: BTreeMap<String, SkillLevel>,
    /// The customer's language (BCP 47); only its primary subtag counts
    /// (`nl-BE` needs an agent who speaks `nl`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Locale>,
    /// Priority.
    #[serde(default)]
    pub priority: Priority,
    /// The group it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<GroupId>,
    /// When it started waiting.
    pub enqueued_at: Timestamp,
    /// Its SLA due time, if any: for a reply, the SLA report's
    /// [`reply_due`](crate::sla::SlaReport::reply_due) instant, which stays
    /// set (in the past) once the reply is overdue, so that overdue work
    /// sorts first under [`QueueOrder::SlaDue`]. (Not
    /// [`reply_by`](crate::sla::SlaReport::reply_by): that is the promise to
    /// make, and there is none once it is late.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sla_due_at: Option<Timestamp>,
    /// The agent who handled the customer last (sticky routing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_agent: Option<AgentId>,
}

impl WorkItem {
    /// An item of `ticket` on `channel`, waiting since `enqueued_at`, with
    /// no skills, language, group or SLA due time and `normal` priority;
    /// set the public fields for more.
    ///
    /// ```
    /// use frontline::routing::{SkillLevel, WorkItem};
    /// use frontline::{Channel, Priority};
    /// let mut item = WorkItem::new("T-1".parse()?, Channel::Email, "2026-03-02T09:00:00Z".parse()?);
    /// item.priority = Priority::High;
    /// item.language = Some("nl-BE".parse()?);
    /// item.required_skills.insert("billing".into(), SkillLevel::new(3).unwrap());
    /// assert!(item.check().is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(ticket: TicketId, channel: Channel, enqueued_at: Timestamp) -> WorkItem {
        WorkItem {
            ticket,
            channel,
            required_skills: BTreeMap::new(),
            preferred_skills: BTreeMap::new(),
            language: None,
            priority: Priority::default(),
            group: None,
            enqueued_at,
            sla_due_at: None,
            preferred_agent: None,
        }
    }

    /// Checks the item against the documented caps: at most [`MAX_SKILLS`]
    /// required and [`MAX_SKILLS`] preferred skills, skill names up to
    /// [`MAX_NAME_BYTES`], a language up to [`MAX_LANGUAGE_BYTES`]. The JSON
    /// API checks every item; a Rust host that builds items from untrusted
    /// input should call it too (routing an unchecked item is correct, but
    /// costs in proportion to its size).
    ///
    /// # Errors
    /// [`RoutingError::TooLarge`] or [`RoutingError::NameTooLong`].
    pub fn check(&self) -> Result<(), RoutingError> {
        for (what, skills) in [
            ("required skills of one item", &self.required_skills),
            ("preferred skills of one item", &self.preferred_skills),
        ] {
            if skills.len() > MAX_SKILLS {
                return Err(RoutingError::TooLarge {
                    what,
                    limit: MAX_SKILLS,
                });
            }
            for name in skills.keys() {
                check_name("skill", name, MAX_NAME_BYTES)?;
            }
        }
        if let Some(language) = &self.language {
            check_name("language", language.as_str(), MAX_LANGUAGE_BYTES)?;
        }
        Ok(())
    }
}

/// How the chooser picks among eligible agents.
///
/// In JSON: `"round_robin"`, `"least_loaded"`, `"least_loaded_share"`,
/// `"longest_idle"`, `"best_skill"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Strategy {
    /// The agent assigned least recently (never first): a stateless round robin.
    #[default]
    RoundRobin,
    /// The fewest items held, across channels.
    LeastLoaded,
    /// The smallest share of capacity used (for the item's channel, or of the budget).
    LeastLoadedShare,
    /// The agent idle longest (finished work least recently; never first).
    LongestIdle,
    /// The highest skill levels on the item's skills, then longest idle.
    BestSkill,
}

/// One relaxation step: after the item has waited `after_seconds`, ask less.
///
/// In JSON: `{"after_seconds": 60, "drop_preferred": true}`,
/// `{"after_seconds": 300, "max_required_level": 2}`,
/// `{"after_seconds": 600, "any_in_group": true}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RelaxationStep {
    /// How long the item must have waited.
    pub after_seconds: i64,
    /// Stop requiring the preferred skills.
    #[serde(default)]
    pub drop_preferred: bool,
    /// Accept any agent with the required skills at this level or above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_required_level: Option<SkillLevel>,
    /// Accept anyone in the item's group, whatever their skills.
    #[serde(default)]
    pub any_in_group: bool,
}

impl RelaxationStep {
    /// A step that applies once an item has waited `after_seconds`, and
    /// relaxes nothing yet: set the public fields for what it relaxes.
    pub fn new(after_seconds: i64) -> RelaxationStep {
        RelaxationStep {
            after_seconds,
            drop_preferred: false,
            max_required_level: None,
            any_in_group: false,
        }
    }
}

/// How the queue is ordered.
///
/// In JSON: `"priority_then_age"`, `"sla_due"`, or
/// `{"aging": {"urgent": 3600, "high": 1800, "normal": 0, "low": 0}}` (a head
/// start in seconds per priority, added to the waiting time).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum QueueOrder {
    /// Highest priority first, then longest waiting.
    #[default]
    PriorityThenAge,
    /// Earliest SLA due time first, then priority, then age. Overdue work
    /// (a due time in the past) comes first, the longest overdue at the
    /// head: it is the most urgent there is. Items without a due time come last.
    SlaDue,
    /// Largest waiting time plus head start first.
    Aging(BTreeMap<Priority, i64>),
}

/// At most `max` assignments per agent within `window_seconds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Fairness {
    /// The most assignments in the window.
    pub max: u32,
    /// The window, in seconds, ending now.
    pub window_seconds: i64,
}

impl Fairness {
    /// At most `max` assignments per agent in the last `window_seconds`.
    pub fn new(max: u32, window_seconds: i64) -> Fairness {
        Fairness {
            max,
            window_seconds,
        }
    }
}

/// A routing policy: eligibility filters, then a chooser.
///
/// ```json
/// {"strategy": "least_loaded_share", "sticky": true,
///  "require_group": true, "require_language": true,
///  "eligible_presence": ["online"],
///  "relaxation": [{"after_seconds": 60, "drop_preferred": true},
///                 {"after_seconds": 300, "max_required_level": 2},
///                 {"after_seconds": 600, "any_in_group": true}],
///  "queue_order": "sla_due",
///  "fairness": {"max": 20, "window_seconds": 3600},
///  "calendars": {"day_shift": {"time_zone": "Europe/Amsterdam", "hours": {"mon": [["08:00","16:00"]]}}}}
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a routing policy object")]
#[non_exhaustive]
pub struct RoutingPolicySpec {
    /// The chooser.
    #[serde(default)]
    pub strategy: Strategy,
    /// Prefer the item's preferred (last-responding) agent when eligible.
    #[serde(default)]
    pub sticky: bool,
    /// Only agents in the item's group (when the item has one).
    #[serde(default)]
    pub require_group: bool,
    /// Only agents who speak the item's language (when it has one).
    #[serde(default)]
    pub require_language: bool,
    /// Presence statuses that may take work; default online only.
    #[serde(default = "online_only")]
    pub eligible_presence: Vec<PresenceStatus>,
    /// Relaxation steps, by waiting time.
    #[serde(default)]
    pub relaxation: Vec<RelaxationStep>,
    /// Queue order for the backlog.
    #[serde(default)]
    pub queue_order: QueueOrder,
    /// An optional fairness limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fairness: Option<Fairness>,
    /// Shift calendars by name.
    #[serde(default)]
    pub calendars: BTreeMap<String, CalendarSpec>,
}

fn online_only() -> Vec<PresenceStatus> {
    vec![PresenceStatus::Online]
}

impl Default for RoutingPolicySpec {
    /// The same defaults as an empty JSON object: round robin, only online
    /// agents, no other filter, priority-then-age queue.
    fn default() -> RoutingPolicySpec {
        RoutingPolicySpec {
            strategy: Strategy::default(),
            sticky: false,
            require_group: false,
            require_language: false,
            eligible_presence: online_only(),
            relaxation: Vec::new(),
            queue_order: QueueOrder::default(),
            fairness: None,
            calendars: BTreeMap::new(),
        }
    }
}
