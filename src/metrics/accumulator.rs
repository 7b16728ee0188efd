//! The KPI accumulator: fed ticket by ticket, merged, stored, reported.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::config::{Dimension, KpiConfig};
use super::facts::{Facts, Pass};
use super::group::{GroupAcc, Kpis};
use super::{MAX_AGENTS, MAX_GROUPS, MAX_SLA_METRICS, MetricsError};
use crate::calendar::{BusinessCalendar, Calendars};
use crate::sla::SlaReport;
use crate::ticket::{AgentId, EventKind, Ticket};
use crate::time::{Timestamp, Zone};

/// The KPIs of a period, accumulated ticket by ticket.
///
/// Feed every ticket with [`add`](KpiAccumulator::add) (with its SLA report
/// when the host has one), in any order; read the table with
/// [`report`](KpiAccumulator::report). Accumulators over the same
/// configuration [`merge`](KpiAccumulator::merge): compute per shard, per
/// process or per partition, store the [`state`](KpiAccumulator::state) as
/// JSON, and combine. Counts and exact percentiles of the merged result
/// equal one pass over all tickets; sketched percentiles are the very
/// sketch one pass builds. Feed each ticket to one accumulator only:
/// merging two that both saw a ticket counts it twice.
///
/// Memory grows with the number of groups (at most [`MAX_GROUPS`]) and
/// agents, not tickets: each duration keeps at most
/// [`EXACT_LIMIT`](super::EXACT_LIMIT) values per group, then a sketch of
/// at most 2,200 bins (see the module docs for the bound).
///
/// A ticket is grouped as it stood at the period's end (its channel,
/// group, assignee, priority, tags and fields then); a ticket that adds
/// nothing to the period (created after it, or done before it with no
/// reply, rating or SLA cycle in it) is counted in `tickets` and creates
/// no group.
///
/// ```
/// use frontline::calendar::Calendars;
/// use frontline::metrics::{Dimension, KpiAccumulator, KpiConfig};
/// use frontline::{Event, Ticket};
///
/// let t = |s: &str| s.parse().unwrap();
/// let config = KpiConfig::new(t("2026-11-01T00:00:00Z"), t("2026-12-01T00:00:00Z"))
///     .group_by([Dimension::Channel]);
/// let mut kpis = KpiAccumulator::new(config, &Calendars::new())?;
/// let events: Vec<Event> = serde_json::from_str(r#"[
///   {"at": "2026-11-02T09:00:00Z", "type": "created", "subject": "Retour",
///    "requester": "c1", "channel": "chat"},
///   {"at": "2026-11-02T09:00:00Z", "type": "message", "author": "customer", "body": "Hoi"},
///   {"at": "2026-11-02T09:01:30Z", "type": "message", "author": "agent", "body": "Hallo!"},
///   {"at": "2026-11-02T09:05:00Z", "type": "status_changed", "to": "solved"}]"#)?;
/// let ticket = Ticket::from_events("T-1".parse()?, events)?;
/// kpis.add(&ticket, None)?;
/// let table = kpis.report();
/// assert_eq!(table.groups[0].key, ["chat"]);
/// assert_eq!(table.total.first_reply_time.calendar.median, Some(90.0));
/// assert_eq!(table.total.one_touch, Some(1.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct KpiAccumulator {
    config: KpiConfig,
    calendar: Option<BusinessCalendar>,
    zone: Zone,
    tickets: u64,
    total: GroupAcc,
    /// Keyed by the encoded group key (see [`encode`]).
    groups: HashMap<String, GroupAcc>,
    agents: HashMap<AgentId, AgentAcc>,
    facts: Facts,
    /// The encoded keys of the ticket being added (reused).
    keys: Vec<String>,
}

/// An agent's running totals.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AgentAcc {
    handled: u64,
    replies: u64,
    handle_seconds: i64,
    timed: u64,
}

impl AgentAcc {
    fn merge(&mut self, o: &AgentAcc) {
        let add = |a: &mut u64, b: u64| *a = a.saturating_add(b).min(super::MAX_COUNT);
        add(&mut self.handled, o.handled);
        add(&mut self.replies, o.replies);
        add(&mut self.timed, o.timed);
        self.handle_seconds = self.handle_seconds.saturating_add(o.handle_seconds);
    }

    fn is_valid(&self) -> bool {
        let max = super::MAX_COUNT;
        self.handled <= max
            && self.replies <= max
            && self.timed <= self.handled
            && self.handle_seconds >= 0
    }
}

impl KpiAccumulator {
    /// An empty accumulator; `calendars` must hold the configured calendar.
    ///
    /// # Errors
    /// `metrics.invalid_config` for an empty period, a repeated dimension,
    /// an unknown calendar or a non-positive available time;
    /// `metrics.too_large` past [`MAX_DIMENSIONS`](super::MAX_DIMENSIONS)
    /// or [`MAX_AGENTS`].
    pub fn new(config: KpiConfig, calendars: &Calendars) -> Result<KpiAccumulator, MetricsError> {
        config.check()?;
        let calendar = match &config.calendar {
            Some(name) => {
                Some(
                    calendars
                        .get(name)
                        .cloned()
                        .ok_or_else(|| MetricsError::Invalid {
                            field: "calendar",
                            reason: format!("unknown calendar `{name}`"),
                        })?,
                )
            }
            None => None,
        };
        let zone = config
            .zone
            .or(calendar.as_ref().map(BusinessCalendar::zone))
            .unwrap_or(Zone::UTC);
        Ok(KpiAccumulator {
            config,
            calendar,
            zone,
            tickets: 0,
            total: GroupAcc::default(),
            groups: HashMap::new(),
            agents: HashMap::new(),
            facts: Facts::default(),
            keys: Vec::new(),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &KpiConfig {
        &self.config
    }

    /// How many tickets were added (merged accumulators included).
    pub fn tickets(&self) -> u64 {
        self.tickets
    }

    /// An estimate of the memory it holds, in bytes, itself included, for
    /// hosts that account memory (a query engine's aggregate state): the
    /// exact values and sketches of every duration, the worst-ticket
    /// lists, the groups and the agents. The calendar, shared with the
    /// [`Calendars`] it came from, is not counted. Cost: a walk over the
    /// groups and agents, at most [`MAX_GROUPS`] + [`MAX_AGENTS`] entries.
    ///
    /// ```
    /// use frontline::calendar::Calendars;
    /// use frontline::metrics::{KpiAccumulator, KpiConfig};
    /// use frontline::Timestamp;
    ///
    /// let from: Timestamp = "2026-11-01T00:00:00Z".parse()?;
    /// let to: Timestamp = "2026-12-01T00:00:00Z".parse()?;
    /// let acc = KpiAccumulator::new(KpiConfig::new(from, to), &Calendars::new())?;
    /// assert!(acc.memory_size() >= std::mem::size_of::<KpiAccumulator>());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn memory_size(&self) -> usize {
        let groups: usize = self
            .groups
            .iter()
            .map(|(key, g)| {
                std::mem::size_of::<(String, GroupAcc)>() + key.capacity() + g.heap_bytes()
            })
            .sum();
        let agents: usize = self
            .agents
            .keys()
            .map(|id| id.as_str().len())
            .sum::<usize>()
            + self.agents.capacity() * (std::mem::size_of::<(AgentId, AgentAcc)>() + 1);
        let keys: usize = self.keys.iter().map(String::capacity).sum();
        std::mem::size_of::<KpiAccumulator>() + self.total.heap_bytes() + groups + agents + keys
    }

    /// Adds one ticket, with its SLA report (evaluated at the period's end,
    /// or later) when the host has one. Either the whole ticket is counted
    /// or, on an error, nothing.
    ///
    /// Cost: one pass over the events before the period's end, plus a
    /// business-time lookup per measured duration and status stretch when
    /// a calendar is set; when an event after the period's end changes a
    /// grouping dimension, a replay of the events before it (to group the
    /// ticket as it stood then).
    ///
    /// # Errors
    /// `metrics.wrong_ticket` when the report is for another ticket;
    /// `metrics.too_large` past [`MAX_GROUPS`], [`MAX_AGENTS`] or
    /// [`MAX_SLA_METRICS`](super::MAX_SLA_METRICS) (nothing is counted);
    /// `metrics.calendar` when an instant lies outside the calendar's horizon.
    pub fn add(&mut self, ticket: &Ticket, sla: Option<&SlaReport>) -> Result<(), MetricsError> {
        if let Some(report) = sla
            && &report.ticket != ticket.id()
        {
            return Err(MetricsError::WrongTicket {
                ticket: ticket.id().to_string(),
                report: report.ticket.to_string(),
            });
        }
        let mut facts = std::mem::take(&mut self.facts);
        let mut keys = std::mem::take(&mut self.keys);
        let result = self.add_with(ticket, sla, &mut facts, &mut keys);
        self.facts = facts;
        self.keys = keys;
        result
    }

    /// The group keys of the ticket as it stood at the period's end (its
    /// first `before_end` events), into `keys`.
    fn keys_at_end(&self, ticket: &Ticket, before_end: usize, keys: &mut Vec<String>) {
        let after = ticket.events().get(before_end..).unwrap_or_default();
        if before_end == 0 {
            keys.clear();
        } else if !after.iter().any(|e| self.regroups(&e.kind)) {
            self.keys(ticket, keys);
        } else {
            let events = ticket.events().iter().take(before_end).cloned();
            match Ticket::from_events(ticket.id().clone(), events) {
                Ok(then) => self.keys(&then, keys),
                Err(_) => keys.clear(),
            }
        }
    }

    fn add_with(
        &mut self,
        ticket: &Ticket,
        sla: Option<&SlaReport>,
        facts: &mut Facts,
        keys: &mut Vec<String>,
    ) -> Result<(), MetricsError> {
        let pass = Pass {
            from: self.config.from,
            to: self.config.to,
            calendar: self.calendar.as_ref(),
            csat_field: self.config.csat_field.as_deref(),
            handle_time_field: self.config.handle_time_field.as_deref(),
        };
        pass.run(ticket, facts)?;
        self.keys_at_end(ticket, facts.before_end, keys);
        let keys: &[String] = keys;
        let sla_counts =
            sla.is_some_and(|r| GroupAcc::sla_contributes(r, self.config.from, self.config.to));
        if facts.is_empty() && !sla_counts {
            // Nothing in the period: counted as seen, no group created.
            self.tickets = self.tickets.saturating_add(1).min(super::MAX_COUNT);
            return Ok(());
        }
        let resolver = facts.resolved.as_ref().and_then(|r| r.agent.as_ref());
        self.room_for(
            keys.iter().map(String::as_str),
            facts.agent_replies.iter().map(|(a, _)| a).chain(resolver),
        )?;
        if let Some(report) = sla {
            // Every group's SLA metrics are among the total's.
            self.total
                .sla_fits(report, self.config.from, self.config.to)?;
        }

        let id = ticket.id();
        self.tickets = self.tickets.saturating_add(1).min(super::MAX_COUNT);
        self.total.absorb(facts, id);
        for key in keys {
            let group = match self.groups.get_mut(key.as_str()) {
                Some(group) => group,
                None => self.groups.entry(key.clone()).or_default(),
            };
            group.absorb(facts, id);
            if let Some(report) = sla {
                group.absorb_sla(report, self.config.from, self.config.to)?;
            }
        }
        if let Some(report) = sla {
            self.total
                .absorb_sla(report, self.config.from, self.config.to)?;
        }
        for (agent, n) in &facts.agent_replies {
            let a = self.agent(agent);
            a.replies = a.replies.saturating_add(*n);
        }
        if let Some(r) = &facts.resolved
            && let Some(agent) = &r.agent
        {
            let a = self.agent(agent);
            a.handled = a.handled.saturating_add(1);
            if let Some(s) = r.handle_seconds {
                a.handle_seconds = a.handle_seconds.saturating_add(s);
                a.timed = a.timed.saturating_add(1);
            }
        }
        Ok(())
    }

    /// Whether `groups` and `agents` fit under [`MAX_GROUPS`] and
    /// [`MAX_AGENTS`], counting only those not held yet (each list may
    /// repeat a name). The lookups run only near a cap.
    fn room_for<'k>(
        &self,
        groups: impl Iterator<Item = &'k str> + Clone,
        agents: impl Iterator<Item = &'k AgentId> + Clone,
    ) -> Result<(), MetricsError> {
        fn new<'k, T: Ord + ?Sized + 'k>(
            names: impl Iterator<Item = &'k T>,
            held: impl Fn(&T) -> bool,
        ) -> usize {
            let mut names: Vec<&T> = names.filter(|n| !held(n)).collect();
            names.sort();
            names.dedup();
            names.len()
        }
        if self.groups.len() + groups.clone().count() > MAX_GROUPS
            && self.groups.len() + new(groups, |k: &str| self.groups.contains_key(k)) > MAX_GROUPS
        {
            return Err(MetricsError::TooLarge {
                what: "groups",
                max: MAX_GROUPS,
            });
        }
        if self.agents.len() + agents.clone().count() > MAX_AGENTS
            && self.agents.len() + new(agents, |a: &AgentId| self.agents.contains_key(a))
                > MAX_AGENTS
        {
            return Err(MetricsError::TooLarge {
                what: "agents",
                max: MAX_AGENTS,
            });
        }
        Ok(())
    }

    /// Whether an event can change the ticket's group key.
    fn regroups(&self, kind: &EventKind) -> bool {
        self.config.group_by.iter().any(|d| match (d, kind) {
            (Dimension::Group, EventKind::GroupChanged { .. })
            | (Dimension::Agent, EventKind::Assigned { .. })
            | (Dimension::Priority, EventKind::PriorityChanged { .. })
            | (Dimension::Tag, EventKind::TagsAdded { .. } | EventKind::TagsRemoved { .. }) => true,
            (Dimension::Field(name), EventKind::FieldChanged { name: changed, .. }) => {
                name == changed
            }
            _ => false,
        })
    }

    fn agent(&mut self, agent: &AgentId) -> &mut AgentAcc {
        self.agents.entry(agent.clone()).or_default()
    }

    /// The encoded group keys of a ticket, one per tag when grouping by
    /// tag, into `keys` (whose strings are reused).
    fn keys(&self, ticket: &Ticket, keys: &mut Vec<String>) {
        let dims = &self.config.group_by;
        let by_tag = dims.contains(&Dimension::Tag) && !ticket.tags().is_empty();
        let count = if dims.is_empty() {
            0
        } else if by_tag {
            ticket.tags().len()
        } else {
            1
        };
        keys.truncate(count);
        keys.resize_with(count, String::new);
        let mut tags = ticket.tags().iter().map(|t| t.as_str());
        for key in keys.iter_mut() {
            key.clear();
            let tag = if by_tag {
                tags.next().unwrap_or_default()
            } else {
                ""
            };
            for d in dims {
                match d {
                    Dimension::Tag => encode(key, tag),
                    _ => encode(key, &self.value(d, ticket)),
                }
            }
        }
    }

    fn value<'t>(&self, d: &Dimension, ticket: &'t Ticket) -> Cow<'t, str> {
        match d {
            Dimension::Channel => Cow::Borrowed(ticket.channel().as_str()),
            Dimension::Group => Cow::Borrowed(ticket.group().map_or("", |g| g.as_str())),
            Dimension::Agent => Cow::Borrowed(ticket.assignee().map_or("", |a| a.as_str())),
            Dimension::Priority => Cow::Borrowed(ticket.priority().as_str()),
            Dimension::Tag => Cow::Borrowed(ticket.tags().iter().next().map_or("", |t| t.as_str())),
            Dimension::HourOfWeek => Cow::Owned(hour_of_week(ticket.created_at(), self.zone)),
            Dimension::Field(name) => match ticket.field(name) {
                None | Some(serde_json::Value::Null) => Cow::Borrowed(""),
                Some(serde_json::Value::String(s)) => Cow::Borrowed(s.as_str()),
                Some(other) => Cow::Owned(other.to_string()),
            },
        }
    }

    /// Adds everything `other` counted.
    ///
    /// # Errors
    /// `metrics.mismatch` when the configurations differ; `metrics.too_large`
    /// when the union passes a cap (then nothing is merged).
    pub fn merge(&mut self, other: &KpiAccumulator) -> Result<(), MetricsError> {
        if self.config != other.config {
            return Err(MetricsError::Mismatch);
        }
        self.room_for(other.groups.keys().map(String::as_str), other.agents.keys())?;
        // The only cap left: SLA metrics, per group (each group's are
        // among the total's).
        let sla_fits = |mine: Option<&GroupAcc>, theirs: &GroupAcc| {
            mine.map_or(theirs.sla.len(), |m| m.sla_union(theirs)) <= MAX_SLA_METRICS
        };
        if !sla_fits(Some(&self.total), &other.total)
            || other
                .groups
                .iter()
                .any(|(k, g)| !sla_fits(self.groups.get(k.as_str()), g))
        {
            return Err(MetricsError::TooLarge {
                what: "SLA metrics",
                max: MAX_SLA_METRICS,
            });
        }
        self.tickets = self
            .tickets
            .saturating_add(other.tickets)
            .min(super::MAX_COUNT);
        self.total.merge(&other.total);
        for (key, g) in &other.groups {
            match self.groups.get_mut(key.as_str()) {
                Some(mine) => mine.merge(g),
                None => {
                    self.groups.insert(key.clone(), g.clone());
                }
            }
        }
        for (agent, a) in &other.agents {
            let mine = self.agents.entry(agent.clone()).or_default();
            mine.merge(a);
        }
        Ok(())
    }

    /// The state to store or send: JSON with the configuration and every
    /// running total (see [`KpiState`]).
    pub fn state(&self) -> KpiState {
        let groups = self
            .groups()
            .into_iter()
            .map(|(key, totals)| GroupEntry {
                key,
                totals: totals.clone(),
            })
            .collect();
        KpiState {
            version: 1,
            config: self.config.clone(),
            tickets: self.tickets,
            total: self.total.clone(),
            groups,
            agents: self
                .agents
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        }
    }

    /// An accumulator from stored state, checked field by field.
    ///
    /// # Errors
    /// `metrics.bad_state` for an unknown version, a key that does not fit
    /// the grouping, or totals that contradict each other; the errors of
    /// [`new`](KpiAccumulator::new) for the configuration.
    pub fn from_state(
        state: KpiState,
        calendars: &Calendars,
    ) -> Result<KpiAccumulator, MetricsError> {
        if state.version != 1 {
            return Err(MetricsError::BadState {
                reason: format!("version {} is not 1", state.version),
            });
        }
        let mut acc = KpiAccumulator::new(state.config, calendars)?;
        if state.groups.len() > MAX_GROUPS || state.agents.len() > MAX_AGENTS {
            return Err(MetricsError::TooLarge {
                what: "groups or agents",
                max: MAX_GROUPS,
            });
        }
        let business = acc.calendar.is_some();
        state.total.check(business)?;
        if state.tickets > super::MAX_COUNT {
            return Err(MetricsError::BadState {
                reason: "`tickets` is over 2^53".into(),
            });
        }
        if let Some((agent, _)) = state.agents.iter().find(|(_, a)| !a.is_valid()) {
            return Err(MetricsError::BadState {
                reason: format!("agent `{agent}`: counts contradict each other"),
            });
        }
        for entry in state.groups {
            if entry.key.len() != acc.config.group_by.len() || acc.config.group_by.is_empty() {
                return Err(MetricsError::BadState {
                    reason: format!("group key {:?} does not fit the grouping", entry.key),
                });
            }
            entry.totals.check(business)?;
            if entry
                .totals
                .sla
                .keys()
                .any(|k| !state.total.sla.contains_key(k))
            {
                return Err(MetricsError::BadState {
                    reason: format!(
                        "group key {:?} counts an SLA metric the total does not",
                        entry.key
                    ),
                });
            }
            let mut key = String::new();
            for part in &entry.key {
                encode(&mut key, part);
            }
            if acc.groups.insert(key, entry.totals).is_some() {
                return Err(MetricsError::BadState {
                    reason: format!("group key {:?} appears twice", entry.key),
                });
            }
        }
        acc.tickets = state.tickets;
        acc.total = state.total;
        acc.agents = state.agents.into_iter().collect();
        Ok(acc)
    }

    /// The KPI table: the total, each group (sorted by key) and each agent.
    pub fn report(&self) -> KpiTable {
        let groups = self
            .groups()
            .into_iter()
            .map(|(key, g)| GroupKpis {
                key,
                kpis: g.report(),
            })
            .collect();
        let mut agents: Vec<(&AgentId, &AgentAcc)> = self.agents.iter().collect();
        agents.sort_by(|a, b| a.0.cmp(b.0));
        let agents = agents
            .into_iter()
            .map(|(agent, a)| {
                let available = self.config.agent_available_seconds.get(agent).copied();
                AgentKpis {
                    agent: agent.clone(),
                    handled: a.handled,
                    replies: a.replies,
                    handle_seconds: (a.timed > 0).then_some(a.handle_seconds),
                    available_seconds: available,
                    utilisation: available
                        .filter(|_| a.timed > 0)
                        .map(|s| a.handle_seconds as f64 / s as f64),
                }
            })
            .collect();
        KpiTable {
            from: self.config.from,
            to: self.config.to,
            group_by: self.config.group_by.clone(),
            calendar: self.config.calendar.clone(),
            tickets: self.tickets,
            total: self.total.report(),
            groups,
            agents,
        }
    }

    pub(crate) fn total(&self) -> &GroupAcc {
        &self.total
    }

    /// The groups with their decoded keys, sorted by key.
    pub(crate) fn groups(&self) -> Vec<(Vec<String>, &GroupAcc)> {
        let mut groups: Vec<(Vec<String>, &GroupAcc)> = self
            .groups
            .iter()
            .map(|(key, g)| (decode(key), g))
            .collect();
        groups.sort_by(|a, b| a.0.cmp(&b.0));
        groups
    }
}

/// Appends one key part as `<length>:<text>`, so that no text can run
/// into the next part.
fn encode(key: &mut String, part: &str) {
    let mut digits = [0u8; 20];
    let mut n = part.len();
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    for &d in digits.iter().skip(at) {
        key.push(char::from(d));
    }
    key.push(':');
    key.push_str(part);
}

/// The parts of an encoded key.
fn decode(mut key: &str) -> Vec<String> {
    let mut parts = Vec::new();
    while let Some((len, rest)) = key.split_once(':') {
        let len: usize = len.parse().unwrap_or(rest.len()).min(rest.len());
        let (part, next) = rest.split_at(rest.floor_char_boundary(len));
        parts.push(part.to_owned());
        key = next;
    }
    parts
}

fn hour_of_week(at: Timestamp, zone: Zone) -> String {
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let local = at.as_unix_seconds() + i64::from(zone.offset_seconds(at));
    let days = local.div_euclid(86_400);
    let hour = local.rem_euclid(86_400) / 3_600;
    // 1970-01-01 was a Thursday (index 3 from Monday).
    let weekday = (days + 3).rem_euclid(7) as usize;
    format!("{} {hour:02}", DAYS.get(weekday).unwrap_or(&"mon"))
}

/// The stored form of a [`KpiAccumulator`], for merging across shards,
/// days or processes.
///
/// JSON: `{"version": 1, "config": {…}, "tickets": 1200, "total": {…},
/// "groups": [{"key": ["chat"], "totals": {…}}], "agents": {"a-ines":
/// {"handled": 40, "replies": 95, "handle_seconds": 36000, "timed": 40}}}`.
/// A group's totals hold its counts (`created`, `solved`, `csat_good` …),
/// its durations (each a [`Distribution`](super::Distribution) in calendar
/// and business seconds, with its worst tickets) and its SLA counts. The
/// shape is versioned; reading checks it against itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiState {
    version: u32,
    config: KpiConfig,
    tickets: u64,
    total: GroupAcc,
    groups: Vec<GroupEntry>,
    agents: BTreeMap<AgentId, AgentAcc>,
}

impl KpiState {
    /// The configuration the state was accumulated under.
    pub fn config(&self) -> &KpiConfig {
        &self.config
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupEntry {
    key: Vec<String>,
    totals: GroupAcc,
}

/// The KPI table of a period: [`KpiAccumulator::report`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KpiTable {
    /// The period's start.
    pub from: Timestamp,
    /// The period's end (exclusive).
    pub to: Timestamp,
    /// The grouping.
    pub group_by: Vec<Dimension>,
    /// The calendar of the business-time figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<crate::Name>,
    /// Tickets added.
    pub tickets: u64,
    /// All tickets together.
    pub total: Kpis,
    /// One row per group, sorted by key.
    pub groups: Vec<GroupKpis>,
    /// One row per agent who replied or resolved, sorted by id.
    pub agents: Vec<AgentKpis>,
}

/// One group's row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GroupKpis {
    /// The values of the grouping dimensions, in their order.
    pub key: Vec<String>,
    /// The group's KPIs.
    pub kpis: Kpis,
}

/// One agent's row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AgentKpis {
    /// The agent.
    pub agent: AgentId,
    /// Tickets resolved in the period with this agent assigned.
    pub handled: u64,
    /// Public replies in the period by this agent.
    pub replies: u64,
    /// Handling seconds of those tickets, from `handle_time_field` (absent
    /// when none carried it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handle_seconds: Option<i64>,
    /// Seconds available, from the configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_seconds: Option<i64>,
    /// handle_seconds ÷ available_seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utilisation: Option<f64>,
}
