//! Compiled rosters and policies, and the routing decisions made over them.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::RoutingError;
use super::model::*;
use crate::calendar::Calendars;
use crate::time::Timestamp;
use crate::{BusinessCalendar, Channel, ticket::AgentId, ticket::TicketId};

/// What the items of one backlog read of an agent: levels of the referenced
/// skills, and whether the agent speaks each referenced language and belongs
/// to each referenced group. Agents with equal keys are interchangeable to
/// every filter.
pub(super) type ProfileKey = (Vec<u8>, Vec<bool>, Vec<bool>);

/// The most distinct skills, languages or groups a roster may use.
pub const MAX_DISTINCT_NAMES: usize = 256;

/// A validated routing policy with its shift calendars compiled.
#[derive(Debug, Clone)]
pub struct RoutingPolicy {
    spec: RoutingPolicySpec,
    calendars: Vec<(String, BusinessCalendar)>,
}

impl RoutingPolicy {
    /// The number of shift calendars.
    pub(super) fn calendar_count(&self) -> usize {
        self.calendars.len()
    }

    /// Whether shift calendar `s` is open at `now`.
    pub(super) fn shift_is_open(&self, s: usize, now: Timestamp) -> bool {
        self.calendars
            .get(s)
            .is_some_and(|(_, cal)| cal.is_open(now).unwrap_or(false))
    }

    /// Checks and compiles a policy.
    ///
    /// # Errors
    /// [`RoutingError`] for relaxation steps out of order or with negative
    /// waits, a zero fairness limit, or an invalid shift calendar; more than
    /// [`MAX_POLICY_LIST`] relaxation steps, eligible presences or shift
    /// calendars, or a calendar name over [`MAX_NAME_BYTES`].
    pub fn new(spec: &RoutingPolicySpec) -> Result<RoutingPolicy, RoutingError> {
        RoutingPolicy::with_calendars(spec, &Calendars::new())
    }

    /// Checks and compiles a policy whose agents' shifts may also name the
    /// calendars of a shared, already compiled [`Calendars`] set (besides
    /// the policy's own `calendars`), so a calendar is built once per host.
    ///
    /// ```
    /// use frontline::calendar::Calendars;
    /// use frontline::routing::{Agent, PresenceStatus, Roster, RoutingPolicy, RoutingPolicySpec};
    /// use frontline::{BusinessCalendar, CalendarSpec, Channel};
    /// use frontline::time::Weekday::*;
    ///
    /// let day = CalendarSpec::new("Europe/Amsterdam".parse()?).open(&[Mon, Tue, Wed, Thu, Fri], "08:00", "16:00")?;
    /// let calendars = Calendars::new().with("day_shift", BusinessCalendar::new(&day)?)?;
    /// let policy = RoutingPolicy::with_calendars(&RoutingPolicySpec::default(), &calendars)?;
    /// let mut sanne = Agent::new("a-sanne".parse()?, PresenceStatus::Online, [(Channel::Chat, 2)]);
    /// sanne.shift = Some("day_shift".into());
    /// let roster = Roster::new(vec![sanne], &policy)?;
    /// assert_eq!(roster.agents().len(), 1);
    /// // A shift the policy cannot resolve is refused when the roster is built.
    /// let mut bram = Agent::new("a-bram".parse()?, PresenceStatus::Online, [(Channel::Chat, 2)]);
    /// bram.shift = Some("night_shift".into());
    /// assert!(Roster::new(vec![bram], &policy).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`new`](Self::new), and a calendar of the policy's own that the
    /// shared set also has ([`CalendarError::DefinedTwice`](crate::calendar::CalendarError::DefinedTwice)).
    pub fn with_calendars(
        spec: &RoutingPolicySpec,
        shared: &Calendars,
    ) -> Result<RoutingPolicy, RoutingError> {
        for (what, len) in [
            ("relaxation steps", spec.relaxation.len()),
            ("eligible presences", spec.eligible_presence.len()),
            ("shift calendars", spec.calendars.len()),
        ] {
            if len > MAX_POLICY_LIST {
                return Err(RoutingError::TooLarge {
                    what,
                    limit: MAX_POLICY_LIST,
                });
            }
        }
        for name in spec.calendars.keys() {
            check_name("shift calendar", name, MAX_NAME_BYTES)?;
        }
        let mut last = -1;
        for (index, step) in spec.relaxation.iter().enumerate() {
            if step.after_seconds < 0 {
                return Err(RoutingError::InvalidRelaxation {
                    index,
                    reason: "waits a negative time",
                });
            }
            if step.after_seconds <= last {
                return Err(RoutingError::InvalidRelaxation {
                    index,
                    reason: "must wait longer than the step before it",
                });
            }
            last = step.after_seconds;
        }
        if let Some(f) = spec.fairness
            && (f.max == 0 || f.window_seconds <= 0)
        {
            return Err(RoutingError::InvalidFairness);
        }
        let calendars = shared
            .extended_with(&spec.calendars)
            .map_err(|(name, source)| RoutingError::Calendar { name, source })?
            .into_iter()
            .map(|(name, calendar)| (String::from(name), calendar))
            .collect();
        Ok(RoutingPolicy {
            spec: spec.clone(),
            calendars,
        })
    }

    /// The policy's configuration.
    pub fn spec(&self) -> &RoutingPolicySpec {
        &self.spec
    }
}

/// Names interned to small numbers.
#[derive(Debug, Clone, Default)]
struct Names {
    names: Vec<Arc<str>>,
}

impl Names {
    fn intern(&mut self, name: &str, what: &'static str) -> Result<usize, RoutingError> {
        if let Some(i) = self.names.iter().position(|n| &**n == name) {
            return Ok(i);
        }
        if self.names.len() >= MAX_DISTINCT_NAMES {
            return Err(RoutingError::TooLarge {
                what,
                limit: MAX_DISTINCT_NAMES,
            });
        }
        self.names.push(Arc::from(name));
        Ok(self.names.len() - 1)
    }

    fn find(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| &**n == name)
    }
}

type Bits = [u64; 4];

fn set_bit(bits: &mut Bits, i: usize) {
    if let Some(w) = bits.get_mut(i / 64) {
        *w |= 1 << (i % 64);
    }
}

pub(super) fn has_bit(bits: &Bits, i: usize) -> bool {
    bits.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
}

/// One agent, compiled.
#[derive(Debug, Clone)]
struct Compiled {
    languages: Bits,
    groups: Bits,
    /// Level per interned skill (0: none).
    levels: Vec<u8>,
    /// Shift calendar index in the policy.
    shift: Option<usize>,
}

/// Agents compiled for fast routing under one policy: names interned,
/// shifts resolved against the policy's calendars. Build it once per change
/// of the team or the policy ([`Roster::new`]); [`route`] and
/// [`assign_backlog`](super::assign_backlog) read it, and the policy it
/// holds, so a roster cannot be used with a policy it was not compiled for.
#[derive(Debug, Clone)]
pub struct Roster {
    policy: Arc<RoutingPolicy>,
    pub(super) agents: Vec<Agent>,
    compiled: Vec<Compiled>,
    /// Within one backlog run: the order in which agents were given work
    /// (0: not yet), so equal agents rotate; and how many items each got.
    pub(super) run_order: Vec<u64>,
    pub(super) run_count: Vec<u32>,
    skills: Names,
    languages: Names,
    groups: Names,
}

impl Roster {
    /// Compiles `agents` for `policy` (shift calendars are resolved by name);
    /// the roster keeps a copy of the policy (its calendars are shared).
    ///
    /// # Errors
    /// [`RoutingError::UnknownShift`] for a shift the policy does not define;
    /// [`RoutingError::TooLarge`] past [`MAX_AGENTS`], [`MAX_SKILLS`],
    /// [`MAX_AGENT_LANGUAGES`] or [`MAX_AGENT_GROUPS`] per agent,
    /// [`MAX_RECENT_ASSIGNMENTS`], or [`MAX_DISTINCT_NAMES`] distinct
    /// skills, languages or groups; [`RoutingError::NameTooLong`] for a
    /// skill or shift name over [`MAX_NAME_BYTES`] or a language over
    /// [`MAX_LANGUAGE_BYTES`].
    pub fn new(agents: Vec<Agent>, policy: &RoutingPolicy) -> Result<Roster, RoutingError> {
        if agents.len() > MAX_AGENTS {
            return Err(RoutingError::TooLarge {
                what: "agents",
                limit: MAX_AGENTS,
            });
        }
        let mut roster = Roster {
            policy: Arc::new(policy.clone()),
            agents: Vec::new(),
            compiled: Vec::with_capacity(agents.len()),
            run_order: vec![0; agents.len()],
            run_count: vec![0; agents.len()],
            skills: Names::default(),
            languages: Names::default(),
            groups: Names::default(),
        };
        let mut ids: Vec<&AgentId> = agents.iter().map(|a| &a.id).collect();
        ids.sort_unstable();
        if let Some(pair) = ids.windows(2).find(|w| w.first() == w.get(1)) {
            return Err(RoutingError::DuplicateAgent {
                agent: pair.first().map(|a| a.to_string()).unwrap_or_default(),
            });
        }
        for a in &agents {
            if let Capacity::Weighted { costs, .. } = &a.capacity
                && costs.values().any(|c| *c == 0)
            {
                return Err(RoutingError::ZeroCost {
                    agent: a.id.to_string(),
                });
            }
            if a.skills.len() > MAX_SKILLS {
                return Err(RoutingError::TooLarge {
                    what: "skills of one agent",
                    limit: MAX_SKILLS,
                });
            }
            if a.recent_assignments.len() > MAX_RECENT_ASSIGNMENTS {
                return Err(RoutingError::TooLarge {
                    what: "recent assignments",
                    limit: MAX_RECENT_ASSIGNMENTS,
                });
            }
            if a.languages.len() > MAX_AGENT_LANGUAGES {
                return Err(RoutingError::TooLarge {
                    what: "languages of one agent",
                    limit: MAX_AGENT_LANGUAGES,
                });
            }
            if a.groups.len() > MAX_AGENT_GROUPS {
                return Err(RoutingError::TooLarge {
                    what: "groups of one agent",
                    limit: MAX_AGENT_GROUPS,
                });
            }
            if let Some(shift) = &a.shift {
                check_name("shift calendar", shift, MAX_NAME_BYTES)?;
            }
            for s in a.skills.keys() {
                check_name("skill", s, MAX_NAME_BYTES)?;
                roster.skills.intern(s, "distinct skills")?;
            }
        }
        let n = roster.skills.names.len();
        for a in &agents {
            let mut c = Compiled {
                languages: [0; 4],
                groups: [0; 4],
                levels: vec![0; n],
                shift: None,
            };
            for (s, level) in &a.skills {
                if let Some(l) = roster.skills.find(s).and_then(|i| c.levels.get_mut(i)) {
                    *l = level.get();
                }
            }
            for l in &a.languages {
                let i = roster
                    .languages
                    .intern(l.language(), "distinct languages")?;
                set_bit(&mut c.languages, i);
            }
            for g in &a.groups {
                let i = roster.groups.intern(g.as_str(), "distinct groups")?;
                set_bit(&mut c.groups, i);
            }
            if let Some(name) = &a.shift {
                let i = policy
                    .calendars
                    .iter()
                    .position(|(n, _)| n == name)
                    .ok_or_else(|| RoutingError::UnknownShift {
                        agent: a.id.to_string(),
                        calendar: crate::util::excerpt(name),
                    })?;
                c.shift = Some(i);
            }
            roster.compiled.push(c);
        }
        roster.agents = agents;
        Ok(roster)
    }

    /// The policy the roster was compiled for.
    pub fn policy(&self) -> &RoutingPolicy {
        &self.policy
    }

    /// The agents, as given (with loads updated by [`assign_backlog`](super::assign_backlog) on its own copy).
    pub fn agents(&self) -> &[Agent] {
        &self.agents
    }

    /// Agent `i`'s shift calendar, if any.
    pub(super) fn shift_of(&self, i: usize) -> Option<usize> {
        self.compiled.get(i).and_then(|c| c.shift)
    }

    /// The skills, languages and groups (interned) that `items` name:
    /// what a backlog's filters can read of an agent.
    pub(super) fn referenced(&self, items: &[WorkItem]) -> (Vec<usize>, Vec<usize>, Vec<usize>) {
        let mut skills = std::collections::BTreeSet::new();
        let mut languages = std::collections::BTreeSet::new();
        let mut groups = std::collections::BTreeSet::new();
        for item in items {
            for name in item
                .required_skills
                .keys()
                .chain(item.preferred_skills.keys())
            {
                skills.extend(self.skills.find(name));
            }
            if let Some(l) = &item.language {
                languages.extend(self.languages.find(l.language()));
            }
            if let Some(g) = &item.group {
                groups.extend(self.groups.find(g.as_str()));
            }
        }
        (
            skills.into_iter().collect(),
            languages.into_iter().collect(),
            groups.into_iter().collect(),
        )
    }

    /// What the items' filters can read of agent `i`: its levels on the
    /// `skills`, and whether it has each of the `languages` and `groups`.
    pub(super) fn profile_key(
        &self,
        i: usize,
        skills: &[usize],
        languages: &[usize],
        groups: &[usize],
    ) -> ProfileKey {
        let Some(c) = self.compiled.get(i) else {
            return Default::default();
        };
        (
            skills
                .iter()
                .map(|&s| c.levels.get(s).copied().unwrap_or(0))
                .collect(),
            languages
                .iter()
                .map(|&l| has_bit(&c.languages, l))
                .collect(),
            groups.iter().map(|&g| has_bit(&c.groups, g)).collect(),
        )
    }

    /// Whether agent `i` passes the filters of `need` that never change
    /// within a run: group, language, skills (as [`check`] tests them).
    pub(super) fn passes_static(&self, i: usize, need: &Need<'_>) -> bool {
        let Some(c) = self.compiled.get(i) else {
            return false;
        };
        if let Some(group) = need.group
            && !group.is_some_and(|g| has_bit(&c.groups, g))
        {
            return false;
        }
        if let Some((lang, _)) = &need.language
            && !lang.is_some_and(|l| has_bit(&c.languages, l))
        {
            return false;
        }
        need.skills.iter().all(|(skill, _, level)| {
            skill.and_then(|s| c.levels.get(s).copied()).unwrap_or(0) >= *level
        })
    }

    /// Agent `i`'s best-skill score for `need`: its levels on the item's skills.
    pub(super) fn skill_score(&self, i: usize, need: &Need<'_>) -> u32 {
        self.compiled.get(i).map_or(0, |c| {
            need.scored
                .iter()
                .map(|&s| u32::from(c.levels.get(s).copied().unwrap_or(0)))
                .sum()
        })
    }

    /// Records that agent `i` was given an item on `channel` at `now`, as
    /// the `counter`-th assignment of a backlog run.
    pub(super) fn record_assignment(
        &mut self,
        i: usize,
        channel: Channel,
        now: Timestamp,
        counter: u64,
    ) {
        if let Some(agent) = self.agents.get_mut(i) {
            let load = agent.load.entry(channel).or_insert(0);
            *load = load.saturating_add(1);
            agent.last_assigned_at = Some(now);
        }
        if let Some(o) = self.run_order.get_mut(i) {
            *o = counter;
        }
        if let Some(c) = self.run_count.get_mut(i) {
            *c = c.saturating_add(1);
        }
    }
}

/// Why an agent was not chosen. The first filter that failed is reported.
///
/// In JSON, tagged by `reason`: `{"reason":"presence","status":"away"}`,
/// `{"reason":"outside_shift"}`, `{"reason":"not_in_group"}`,
/// `{"reason":"language","needed":"nl"}`,
/// `{"reason":"lacks_skill","skill":"billing","required":3,"has":1}`,
/// `{"reason":"at_capacity","channel":"chat","load":3,"capacity":3}`,
/// `{"reason":"fairness_limit","assigned":20,"max":20}`, `{"reason":"ranked_lower"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason<'a> {
    /// Not in an eligible presence status.
    Presence {
        /// The agent's status.
        status: PresenceStatus,
    },
    /// Outside the agent's shift calendar.
    OutsideShift,
    /// Not in the item's group.
    NotInGroup,
    /// Does not speak the item's language.
    Language {
        /// The language needed.
        #[serde(borrow)]
        needed: Cow<'a, str>,
    },
    /// Lacks a skill at the level required.
    LacksSkill {
        /// The skill.
        #[serde(borrow)]
        skill: Cow<'a, str>,
        /// The level required.
        required: u8,
        /// The agent's level (0: none).
        has: u8,
    },
    /// No capacity left for the item's channel.
    AtCapacity {
        /// The channel.
        channel: Channel,
        /// Load (items, or budget used for weighted capacity).
        load: u32,
        /// Capacity (items, or the budget).
        capacity: u32,
    },
    /// Already at the fairness limit in the window.
    FairnessLimit {
        /// Assignments in the window.
        assigned: u32,
        /// The limit.
        max: u32,
    },
    /// Eligible, but the strategy preferred another agent.
    RankedLower,
}

/// One agent not chosen, and why. Borrows from the roster it was decided on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Rejection<'a> {
    /// The agent.
    pub agent: Cow<'a, AgentId>,
    /// Why.
    #[serde(flatten, borrow)]
    pub reason: Reason<'a>,
}

/// What happened to the item.
///
/// In JSON: `{"outcome":"assigned","agent":"a1","by":"least_loaded"}` or
/// `{"outcome":"queued","retry_at":"..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Outcome {
    /// An agent was chosen.
    Assigned {
        /// The agent.
        agent: AgentId,
        /// `"sticky"` for the preferred agent, else the strategy's name.
        by: Arc<str>,
    },
    /// No agent is eligible now.
    Queued {
        /// When a relaxation step could change the answer (absent if none is left).
        retry_at: Option<Timestamp>,
    },
}

/// A routing decision with its explanation. It borrows agent ids and names
/// from the roster (nothing is copied per agent); [`Decision::into_owned`]
/// detaches it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Decision<'a> {
    /// The item.
    pub ticket: TicketId,
    /// Assigned or queued.
    #[serde(flatten)]
    pub outcome: Outcome,
    /// The relaxation step in force (its position), if any.
    pub relaxation_step: Option<usize>,
    /// Every agent not chosen, with the reason, in roster order.
    #[serde(borrow)]
    pub rejected: Vec<Rejection<'a>>,
}

impl Decision<'_> {
    /// The same decision, owning its data.
    pub fn into_owned(self) -> Decision<'static> {
        let own = |r: Reason<'_>| -> Reason<'static> {
            match r {
                Reason::Language { needed } => Reason::Language {
                    needed: Cow::Owned(needed.into_owned()),
                },
                Reason::LacksSkill {
                    skill,
                    required,
                    has,
                } => Reason::LacksSkill {
                    skill: Cow::Owned(skill.into_owned()),
                    required,
                    has,
                },
                Reason::Presence { status } => Reason::Presence { status },
                Reason::OutsideShift => Reason::OutsideShift,
                Reason::NotInGroup => Reason::NotInGroup,
                Reason::AtCapacity {
                    channel,
                    load,
                    capacity,
                } => Reason::AtCapacity {
                    channel,
                    load,
                    capacity,
                },
                Reason::FairnessLimit { assigned, max } => Reason::FairnessLimit { assigned, max },
                Reason::RankedLower => Reason::RankedLower,
            }
        };
        Decision {
            ticket: self.ticket,
            outcome: self.outcome,
            relaxation_step: self.relaxation_step,
            rejected: self
                .rejected
                .into_iter()
                .map(|r| Rejection {
                    agent: Cow::Owned(r.agent.into_owned()),
                    reason: own(r.reason),
                })
                .collect(),
        }
    }
}

/// The requirements of an item after relaxation, compiled against a roster.
/// Names borrow from the roster (or from the item, for names no agent has).
pub(super) struct Need<'a> {
    /// (skill index or `None` if no agent has it, name, level).
    pub skills: Vec<(Option<usize>, &'a str, u8)>,
    pub language: Option<(Option<usize>, &'a str)>,
    pub group: Option<Option<usize>>,
    /// Skills for the best-skill score (required and preferred).
    pub scored: Vec<usize>,
}

pub(super) fn step_in_force(
    policy: &RoutingPolicySpec,
    item: &WorkItem,
    now: Timestamp,
) -> (Option<usize>, Option<Timestamp>) {
    let waited = now.seconds_since(item.enqueued_at);
    let current = policy
        .relaxation
        .iter()
        .rposition(|s| s.after_seconds <= waited);
    let next = policy
        .relaxation
        .iter()
        .find(|s| s.after_seconds > waited)
        .and_then(|s| item.enqueued_at.checked_add_seconds(s.after_seconds));
    (current, next)
}

pub(super) fn compile_need<'a>(
    roster: &'a Roster,
    policy: &RoutingPolicySpec,
    item: &'a WorkItem,
    step: Option<usize>,
) -> Need<'a> {
    let relax = step
        .and_then(|i| policy.relaxation.get(..=i))
        .unwrap_or(&[]);
    let drop_preferred = relax.iter().any(|s| s.drop_preferred);
    let any_in_group = relax.iter().any(|s| s.any_in_group);
    let cap = relax
        .iter()
        .filter_map(|s| s.max_required_level)
        .map(SkillLevel::get)
        .min();
    let mut skills = Vec::new();
    let mut scored = Vec::new();
    let lists: [(&BTreeMap<String, SkillLevel>, bool); 2] = [
        (&item.required_skills, true),
        (&item.preferred_skills, !drop_preferred),
    ];
    for (list, required) in lists {
        for (name, level) in list {
            let index = roster.skills.find(name);
            if let Some(i) = index {
                scored.push(i);
            }
            if required && !any_in_group {
                let level = cap.map_or(level.get(), |c| level.get().min(c));
                let shared: &'a str = index
                    .and_then(|i| roster.skills.names.get(i))
                    .map_or(name.as_str(), |n| &**n);
                skills.push((index, shared, level));
            }
        }
    }
    let language = item
        .language
        .as_ref()
        .filter(|_| policy.require_language)
        .map(|l| {
            let index = roster.languages.find(l.language());
            let shared: &'a str = index
                .and_then(|i| roster.languages.names.get(i))
                .map_or(l.language(), |n| &**n);
            (index, shared)
        });
    let group = item
        .group
        .as_ref()
        .filter(|_| policy.require_group || any_in_group)
        .map(|g| roster.groups.find(g.as_str()));
    Need {
        skills,
        language,
        group,
        scored,
    }
}

/// (load, capacity) for `channel`, in items or budget units; `None` if the
/// agent takes no work on the channel.
pub(super) fn capacity_for(agent: &Agent, channel: Channel) -> Option<(u32, u32, u32)> {
    match &agent.capacity {
        Capacity::PerChannel(limits) => {
            let cap = *limits.get(&channel)?;
            let load = agent.load.get(&channel).copied().unwrap_or(0);
            Some((load, cap, 1))
        }
        Capacity::Weighted { budget, costs } => {
            let cost = *costs.get(&channel)?;
            // Saturates at u32::MAX, which no budget exceeds: an agent whose
            // load overflows counts as full.
            let used = agent
                .load
                .iter()
                .map(|(c, n)| costs.get(c).copied().unwrap_or(0).saturating_mul(*n))
                .fold(0u32, u32::saturating_add);
            Some((used, *budget, cost))
        }
    }
}

/// Checks every filter; the first that fails is the reason.
pub(super) fn check<'a>(
    roster: &Roster,
    policy: &RoutingPolicy,
    index: usize,
    item: &WorkItem,
    need: &Need<'a>,
    now: Timestamp,
    shift_open: &mut [Option<bool>],
) -> Option<Reason<'a>> {
    let (agent, c) = (roster.agents.get(index)?, roster.compiled.get(index)?);
    let spec = &policy.spec;
    if !spec.eligible_presence.contains(&agent.presence.status) {
        return Some(Reason::Presence {
            status: agent.presence.status,
        });
    }
    if let Some(s) = c.shift {
        let open = match shift_open.get_mut(s) {
            Some(Some(open)) => *open,
            Some(slot) => {
                let open = policy
                    .calendars
                    .get(s)
                    .is_some_and(|(_, cal)| cal.is_open(now).unwrap_or(false));
                *slot = Some(open);
                open
            }
            None => false,
        };
        if !open {
            return Some(Reason::OutsideShift);
        }
    }
    if let Some(group) = need.group
        && !group.is_some_and(|g| has_bit(&c.groups, g))
    {
        return Some(Reason::NotInGroup);
    }
    if let Some((lang, name)) = &need.language
        && !lang.is_some_and(|l| has_bit(&c.languages, l))
    {
        return Some(Reason::Language {
            needed: Cow::Borrowed(*name),
        });
    }
    for (skill, name, level) in &need.skills {
        let has = skill.and_then(|s| c.levels.get(s).copied()).unwrap_or(0);
        if has < *level {
            return Some(Reason::LacksSkill {
                skill: Cow::Borrowed(*name),
                required: *level,
                has,
            });
        }
    }
    match capacity_for(agent, item.channel) {
        Some((load, cap, cost))
            if load.checked_add(cost).is_some_and(|x| x <= cap) && load < u32::MAX => {}
        Some((load, cap, _)) => {
            return Some(Reason::AtCapacity {
                channel: item.channel,
                load,
                capacity: cap,
            });
        }
        None => {
            return Some(Reason::AtCapacity {
                channel: item.channel,
                load: 0,
                capacity: 0,
            });
        }
    }
    if let Some(f) = spec.fairness {
        let since = now.saturating_add_seconds(-f.window_seconds);
        let recent = agent
            .recent_assignments
            .iter()
            .filter(|t| **t > since && **t <= now)
            .count();
        // Plus what this backlog run has given the agent already.
        let in_run = roster.run_count.get(index).copied().unwrap_or(0);
        let assigned = u32::try_from(recent)
            .unwrap_or(u32::MAX)
            .saturating_add(in_run);
        if assigned >= f.max {
            return Some(Reason::FairnessLimit {
                assigned,
                max: f.max,
            });
        }
    }
    None
}

/// The strategy's ranking: `Less` means `a` is preferred over `b`.
fn rank(
    roster: &Roster,
    strategy: Strategy,
    need: &Need<'_>,
    channel: Channel,
    a: usize,
    b: usize,
    now: Timestamp,
) -> Ordering {
    let (Some(x), Some(y)) = (roster.agents.get(a), roster.agents.get(b)) else {
        return Ordering::Equal;
    };
    let never_first = |t: Option<Timestamp>| t.map_or(i64::MIN, Timestamp::as_unix_seconds);
    let total = |ag: &Agent| ag.load.values().map(|n| u64::from(*n)).sum::<u64>();
    let share = |ag: &Agent| match capacity_for(ag, channel) {
        // load / capacity compared as fractions, exactly.
        Some((load, cap, _)) if cap > 0 => (u64::from(load), u64::from(cap)),
        _ => (1, 1),
    };
    let skill = |i: usize| -> u32 {
        roster.compiled.get(i).map_or(0, |c| {
            need.scored
                .iter()
                .map(|&s| u32::from(c.levels.get(s).copied().unwrap_or(0)))
                .sum()
        })
    };
    // Within a backlog run, an agent given work is no longer idle, and equal
    // agents rotate in the order they were served.
    let order = |i: usize| roster.run_order.get(i).copied().unwrap_or(0);
    let by = match strategy {
        // A last assignment after `now` (a skewed clock) counts as `now`.
        Strategy::RoundRobin => never_first(x.last_assigned_at.map(|t| t.min(now)))
            .cmp(&never_first(y.last_assigned_at.map(|t| t.min(now))))
            .then(order(a).cmp(&order(b))),
        Strategy::LeastLoaded => total(x).cmp(&total(y)),
        Strategy::LeastLoadedShare => {
            let ((la, ca), (lb, cb)) = (share(x), share(y));
            (la * cb).cmp(&(lb * ca))
        }
        Strategy::LongestIdle => order(a)
            .cmp(&order(b))
            .then(never_first(x.last_finished_at).cmp(&never_first(y.last_finished_at))),
        Strategy::BestSkill => skill(b)
            .cmp(&skill(a))
            .then(order(a).cmp(&order(b)))
            .then(never_first(x.last_finished_at).cmp(&never_first(y.last_finished_at))),
    };
    // Deterministic tie-break: the agent id.
    by.then_with(|| x.id.cmp(&y.id))
}

fn strategy_name(s: Strategy) -> &'static str {
    match s {
        Strategy::RoundRobin => "round_robin",
        Strategy::LeastLoaded => "least_loaded",
        Strategy::LeastLoadedShare => "least_loaded_share",
        Strategy::LongestIdle => "longest_idle",
        Strategy::BestSkill => "best_skill",
    }
}

/// Decides who gets `item` at `now`: the filters (presence, shift, group,
/// language, skills after relaxation, capacity, fairness) in that order, then
/// the chooser. With `sticky`, an eligible preferred agent wins. Ties go to
/// the smaller agent id, so identical inputs give identical decisions.
///
/// ```
/// use frontline::routing::{route, Outcome, Roster, RoutingPolicy, RoutingPolicySpec, Agent, WorkItem};
///
/// let policy = RoutingPolicy::new(&serde_json::from_str::<RoutingPolicySpec>(
///     r#"{"strategy": "least_loaded", "require_language": true}"#)?)?;
/// let agents: Vec<Agent> = serde_json::from_str(r#"[
///   {"id": "a-sanne", "presence": {"status": "online"}, "languages": ["nl", "en"],
///    "capacity": {"per_channel": {"chat": 3}}, "load": {"chat": 2}},
///   {"id": "a-lucy", "presence": {"status": "online"}, "languages": ["en"],
///    "capacity": {"per_channel": {"chat": 3}}, "load": {"chat": 0}},
///   {"id": "a-joris", "presence": {"status": "away"}, "languages": ["nl"],
///    "capacity": {"per_channel": {"chat": 3}}}
/// ]"#)?;
/// let roster = Roster::new(agents, &policy)?;
/// let item: WorkItem = serde_json::from_str(r#"{"ticket": "T-1", "channel": "chat",
///     "language": "nl", "enqueued_at": "2026-03-02T09:00:00Z"}"#)?;
/// let decision = route(&item, &roster, "2026-03-02T09:00:05Z".parse()?);
/// assert!(matches!(&decision.outcome, Outcome::Assigned { agent, .. } if agent.as_str() == "a-sanne"));
/// // Lucy does not speak Dutch; Joris is away.
/// assert_eq!(serde_json::to_value(&decision.rejected)?, serde_json::json!([
///     {"agent": "a-lucy", "reason": "language", "needed": "nl"},
///     {"agent": "a-joris", "reason": "presence", "status": "away"}]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn route<'a>(item: &'a WorkItem, roster: &'a Roster, now: Timestamp) -> Decision<'a> {
    let policy = roster.policy();
    let (step, next) = step_in_force(&policy.spec, item, now);
    let need = compile_need(roster, &policy.spec, item, step);
    let mut shift_open = vec![None; policy.calendars.len()];
    let mut rejected: Vec<Rejection<'a>> = Vec::with_capacity(roster.agents.len());
    // Eligible agents get a `ranked_lower` entry now; the chosen one's is
    // removed at the end. (agent index, position in `rejected`)
    let mut best: Option<(usize, usize)> = None;
    let mut sticky: Option<(usize, usize)> = None;
    for (i, agent) in roster.agents.iter().enumerate() {
        let reason = check(roster, policy, i, item, &need, now, &mut shift_open);
        let eligible = reason.is_none();
        let position = rejected.len();
        rejected.push(Rejection {
            agent: Cow::Borrowed(&agent.id),
            reason: reason.unwrap_or(Reason::RankedLower),
        });
        if !eligible {
            continue;
        }
        if policy.spec.sticky && item.preferred_agent.as_ref() == Some(&agent.id) {
            sticky = Some((i, position));
        }
        best = match best {
            Some(b)
                if rank(
                    roster,
                    policy.spec.strategy,
                    &need,
                    item.channel,
                    b.0,
                    i,
                    now,
                ) != Ordering::Greater =>
            {
                Some(b)
            }
            _ => Some((i, position)),
        };
    }
    let (chosen, by) = match sticky {
        Some(s) => (Some(s), "sticky"),
        None => (best, strategy_name(policy.spec.strategy)),
    };
    let outcome = match chosen {
        Some((i, position)) if position < rejected.len() => {
            rejected.remove(position);
            match roster.agents.get(i) {
                Some(agent) => Outcome::Assigned {
                    agent: agent.id.clone(),
                    by: Arc::from(by),
                },
                None => Outcome::Queued { retry_at: next },
            }
        }
        _ => Outcome::Queued { retry_at: next },
    };
    Decision {
        ticket: item.ticket.clone(),
        outcome,
        relaxation_step: step,
        rejected,
    }
}

/// One assignment made by [`assign_backlog`](super::assign_backlog).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Assignment {
    /// The item.
    pub ticket: TicketId,
    /// The agent.
    pub agent: AgentId,
}

/// The items in the order the policy serves them; ties keep a deterministic
/// order (the ticket id).
pub fn order_queue<'a>(
    items: &'a [WorkItem],
    policy: &RoutingPolicy,
    now: Timestamp,
) -> Vec<&'a WorkItem> {
    let mut ordered: Vec<&WorkItem> = items.iter().collect();
    let age = |i: &WorkItem| now.seconds_since(i.enqueued_at);
    let id = |a: &WorkItem, b: &WorkItem| a.ticket.cmp(&b.ticket);
    match &policy.spec.queue_order {
        QueueOrder::PriorityThenAge => ordered.sort_by(|a, b| {
            b.priority
                .cmp(&a.priority)
                .then(a.enqueued_at.cmp(&b.enqueued_at))
                .then_with(|| id(a, b))
        }),
        QueueOrder::SlaDue => ordered.sort_by(|a, b| {
            let due = |i: &WorkItem| i.sla_due_at.map_or(i64::MAX, Timestamp::as_unix_seconds);
            due(a)
                .cmp(&due(b))
                .then(b.priority.cmp(&a.priority))
                .then(a.enqueued_at.cmp(&b.enqueued_at))
                .then_with(|| id(a, b))
        }),
        QueueOrder::Aging(head_start) => ordered.sort_by(|a, b| {
            let score = |i: &WorkItem| {
                age(i).saturating_add(head_start.get(&i.priority).copied().unwrap_or(0))
            };
            score(b)
                .cmp(&score(a))
                .then(a.enqueued_at.cmp(&b.enqueued_at))
                .then_with(|| id(a, b))
        }),
    }
    ordered
}

/// The backlog as it was first written, one pass over all agents per item:
/// kept as the oracle [`assign_backlog`](super::assign_backlog) is tested
/// against. Fills free capacity with the best waiting items: items in queue order,
/// each routed against the agents as the previous assignments left them
/// (loads, fairness counts, and the rotation of equal agents all follow).
/// Never exceeds any capacity; items nobody eligible can take are skipped
/// and keep waiting; a ticket listed twice is served once. Deterministic for
/// equal inputs. Cost: at most one pass over the agents per item, less for
/// items whose needs already found nobody.
///
/// Items of a channel for which no agent has room are skipped at once, so a
/// full team costs little whatever the backlog.
#[cfg(test)]
pub(super) fn reference_assign_backlog(
    items: &[WorkItem],
    roster: &Roster,
    now: Timestamp,
) -> Vec<Assignment> {
    let policy = roster.policy();
    let mut work = roster.clone();
    let mut out = Vec::new();
    let mut shift_open = vec![None; policy.calendars.len()];
    // Free slots per channel (items that still fit), kept as assignments happen.
    let mut room: BTreeMap<Channel, u64> = BTreeMap::new();
    let slots = |a: &Agent, ch: Channel| match capacity_for(a, ch) {
        Some((load, cap, cost)) if cost > 0 && load < u32::MAX => {
            u64::from(cap.saturating_sub(load) / cost)
        }
        _ => 0,
    };
    let mut served: std::collections::HashSet<&TicketId> = std::collections::HashSet::new();
    let mut counter = 0u64;
    // Within one run agents only fill up, so a need that found nobody once
    // finds nobody again: remember it and skip its twins.
    let mut dead: std::collections::HashSet<Signature> = std::collections::HashSet::new();
    for item in order_queue(items, policy, now) {
        if served.contains(&item.ticket) {
            // The same ticket twice in the backlog is served once.
            continue;
        }
        let free = *room
            .entry(item.channel)
            .or_insert_with(|| work.agents.iter().map(|a| slots(a, item.channel)).sum());
        if free == 0 {
            continue;
        }
        let (step, _) = step_in_force(&policy.spec, item, now);
        let need = compile_need(&work, &policy.spec, item, step);
        let signature = (
            item.channel,
            need.skills
                .iter()
                .map(|(i, _, l)| (*i, *l))
                .collect::<Vec<_>>(),
            need.language.as_ref().map(|(i, _)| *i),
            need.group,
        );
        let sticky_wanted = policy.spec.sticky && item.preferred_agent.is_some();
        // Eligibility does not depend on the chooser or stickiness, and only
        // shrinks during the run.
        if dead.contains(&signature) {
            continue;
        }
        let mut best: Option<usize> = None;
        let mut sticky: Option<usize> = None;
        for i in 0..work.agents.len() {
            if check(&work, policy, i, item, &need, now, &mut shift_open).is_some() {
                continue;
            }
            if sticky_wanted
                && item
                    .preferred_agent
                    .as_ref()
                    .is_some_and(|p| work.agents.get(i).is_some_and(|a| &a.id == p))
            {
                sticky = Some(i);
            }
            best = match best {
                Some(b)
                    if rank(&work, policy.spec.strategy, &need, item.channel, b, i, now)
                        != Ordering::Greater =>
                {
                    Some(b)
                }
                _ => Some(i),
            };
        }
        let Some(chosen) = sticky.or(best) else {
            dead.insert(signature);
            continue;
        };
        if let Some(agent) = work.agents.get_mut(chosen) {
            let before: Vec<(Channel, u64)> =
                room.keys().map(|&ch| (ch, slots(agent, ch))).collect();
            let load = agent.load.entry(item.channel).or_insert(0);
            *load = load.saturating_add(1);
            agent.last_assigned_at = Some(now);
            counter += 1;
            if let Some(o) = work.run_order.get_mut(chosen) {
                *o = counter;
            }
            if let Some(c) = work.run_count.get_mut(chosen) {
                *c = c.saturating_add(1);
            }
            served.insert(&item.ticket);
            for (ch, was) in before {
                let lost = was.saturating_sub(slots(agent, ch));
                if let Some(r) = room.get_mut(&ch) {
                    *r = r.saturating_sub(lost);
                }
            }
            out.push(Assignment {
                ticket: item.ticket.clone(),
                agent: agent.id.clone(),
            });
        }
    }
    out
}

/// What decides eligibility for an item within one backlog run: channel,
/// skills with levels, language and group (interned).
#[cfg(test)]
type Signature = (
    Channel,
    Vec<(Option<usize>, u8)>,
    Option<Option<usize>>,
    Option<Option<usize>>,
);

/// Where an offer to an agent stands. Offers are state transitions the host
/// drives; the library keeps no timers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
#[non_exhaustive]
pub enum OfferState {
    /// Waiting for the agent until `expires_at`.
    Offered {
        /// The agent.
        agent: AgentId,
        /// When the offer lapses.
        expires_at: Timestamp,
    },
    /// The agent took it.
    Accepted {
        /// The agent.
        agent: AgentId,
    },
    /// The agent declined or let it lapse: route again without them.
    Requeued {
        /// The agent to leave out next time.
        excluded: AgentId,
        /// `"rejected"` or `"timed_out"`.
        why: Arc<str>,
    },
}

/// What the host reports about an offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum OfferEvent {
    /// The agent accepted.
    Accept,
    /// The agent declined.
    Reject,
    /// The host's clock passed; check whether the offer lapsed.
    Tick,
}

impl OfferState {
    /// An offer to `agent`, lapsing `ttl_seconds` after `now`.
    pub fn offer(agent: AgentId, now: Timestamp, ttl_seconds: i64) -> OfferState {
        OfferState::Offered {
            agent,
            expires_at: now.saturating_add_seconds(ttl_seconds),
        }
    }

    /// The state after `event` at `now`. Only an open offer changes; an
    /// acceptance after the offer lapsed counts as a time-out.
    pub fn apply(self, event: OfferEvent, now: Timestamp) -> OfferState {
        match self {
            OfferState::Offered { agent, expires_at } => {
                let lapsed = now >= expires_at;
                match event {
                    OfferEvent::Accept if !lapsed => OfferState::Accepted { agent },
                    OfferEvent::Reject if !lapsed => OfferState::Requeued {
                        excluded: agent,
                        why: Arc::from("rejected"),
                    },
                    _ if lapsed => OfferState::Requeued {
                        excluded: agent,
                        why: Arc::from("timed_out"),
                    },
                    _ => OfferState::Offered { agent, expires_at },
                }
            }
            done => done,
        }
    }
}
