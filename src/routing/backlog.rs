//! Filling free capacity from a backlog: items in queue order, each given to
//! the best eligible agent as the earlier assignments left them, without a
//! pass over the whole team per item.
//!
//! Per channel, the agents who can take work now and have room wait in one
//! ordered set, the *line*, by the chooser's key. An item walks the line from
//! its need's *cursor* to the first agent its static filters (skills,
//! language, group) admit; an assignment moves one agent back in the line.
//! Within a run keys only grow (loads, run order and fairness counts only
//! grow; a last assignment counts at most `now`), so an agent a need passed
//! over stays behind that need's cursor until an assignment moves it back:
//! each need walks the line about once per run, plus once per assignment.
//!
//! Best skill ranks by a skill score first, which differs between agents a
//! need admits. Its need keeps the distinct scores of the agents it admits
//! (read from one agent per *profile*: agents alike on everything the items
//! ask) and one cursor per score, highest first.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::engine::{
    Assignment, Need, ProfileKey, Roster, RoutingPolicy, capacity_for, check, compile_need,
    order_queue, step_in_force,
};
use super::model::{Strategy, WorkItem};
use crate::time::Timestamp;
use crate::{Channel, ticket::TicketId};

/// What decides eligibility for an item within one backlog run: channel,
/// skills with levels, language and group (interned), and for best skill the
/// scored skills.
type Signature = (
    Channel,
    Vec<(Option<usize>, u8)>,
    Option<Option<usize>>,
    Option<Option<usize>>,
    Vec<usize>,
);

fn signature(item: &WorkItem, need: &Need<'_>, strategy: Strategy) -> Signature {
    (
        item.channel,
        need.skills.iter().map(|(i, _, l)| (*i, *l)).collect(),
        need.language.as_ref().map(|(i, _)| *i),
        need.group,
        if strategy == Strategy::BestSkill {
            need.scored.clone()
        } else {
            Vec::new()
        },
    )
}

/// An agent's place in the chooser's order: smaller comes first. The last
/// part is the agent id's rank, the final tie-break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Tuple(i64, i64, i64, u32),
    /// Least loaded share: `load / cap`, compared exactly.
    Share(u64, u64, u32),
}

impl Ord for Key {
    fn cmp(&self, other: &Key) -> std::cmp::Ordering {
        match (self, other) {
            (Key::Tuple(a, b, c, d), Key::Tuple(e, f, g, h)) => (a, b, c, d).cmp(&(e, f, g, h)),
            (Key::Share(la, ca, ia), Key::Share(lb, cb, ib)) => (u128::from(*la) * u128::from(*cb))
                .cmp(&(u128::from(*lb) * u128::from(*ca)))
                .then(ia.cmp(ib)),
            (Key::Tuple(..), Key::Share(..)) => std::cmp::Ordering::Less,
            (Key::Share(..), Key::Tuple(..)) => std::cmp::Ordering::Greater,
        }
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The state of one backlog run.
struct Backlog<'p> {
    /// The roster as the assignments so far left it.
    work: Roster,
    policy: &'p RoutingPolicy,
    strategy: Strategy,
    now: Timestamp,
    /// Per agent: the rank of its id among all ids (the final tie-break).
    id_rank: Vec<u32>,
    /// Per agent: assignments in the fairness window before this run.
    recent: Vec<u32>,
    /// Per agent: whether it takes work now (presence, shift).
    on_duty: Vec<bool>,
    /// One agent per profile (best skill only).
    profiles: Vec<usize>,
    /// Per channel, built when first needed: every agent on duty with room
    /// and within the fairness limit, in the chooser's order.
    line: BTreeMap<Channel, BTreeSet<(Key, usize)>>,
    /// Per signature: the skill scores its agents may still have, highest
    /// first (best skill; other strategies use the single score 0).
    scores: HashMap<Signature, Vec<u32>>,
    /// Per signature and score: a lower bound on the place in the line of
    /// every agent with that score the signature admits.
    cursor: HashMap<(Signature, u32), (Key, usize)>,
    /// Agents by id, for sticky routing.
    by_id: HashMap<crate::ticket::AgentId, usize>,
    shift_open: Vec<Option<bool>>,
    counter: u64,
}

fn never_first(t: Option<Timestamp>) -> i64 {
    t.map_or(i64::MIN, Timestamp::as_unix_seconds)
}

impl<'p> Backlog<'p> {
    fn new(items: &[WorkItem], roster: &Roster, policy: &'p RoutingPolicy, now: Timestamp) -> Self {
        let work = roster.clone();
        let n = work.agents.len();
        let mut by_rank: Vec<usize> = (0..n).collect();
        by_rank.sort_by(|&a, &b| {
            let id = |i: usize| work.agents.get(i).map(|x| &x.id);
            id(a).cmp(&id(b))
        });
        let mut id_rank = vec![0u32; n];
        for (rank, &i) in by_rank.iter().enumerate() {
            if let Some(r) = id_rank.get_mut(i) {
                *r = u32::try_from(rank).unwrap_or(u32::MAX);
            }
        }
        let spec = policy.spec();
        let recent = work
            .agents
            .iter()
            .map(|a| match spec.fairness {
                Some(f) => {
                    let since = now.saturating_add_seconds(-f.window_seconds);
                    let count = a
                        .recent_assignments
                        .iter()
                        .filter(|t| **t > since && **t <= now)
                        .count();
                    u32::try_from(count).unwrap_or(u32::MAX)
                }
                None => 0,
            })
            .collect();
        let mut backlog = Backlog {
            strategy: spec.strategy,
            id_rank,
            recent,
            on_duty: vec![false; n],
            profiles: Vec::new(),
            line: BTreeMap::new(),
            scores: HashMap::new(),
            cursor: HashMap::new(),
            by_id: if spec.sticky {
                work.agents
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (a.id.clone(), i))
                    .collect()
            } else {
                HashMap::new()
            },
            shift_open: vec![None; policy.calendar_count()],
            counter: 0,
            work,
            policy,
            now,
        };
        backlog.group_profiles(items);
        backlog
    }

    /// Marks who takes work now, and for best skill keeps one agent per
    /// profile (alike on everything the items' filters and scores read).
    fn group_profiles(&mut self, items: &[WorkItem]) {
        let (skills, languages, groups) = self.work.referenced(items);
        let mut seen: HashSet<ProfileKey> = HashSet::new();
        for i in 0..self.work.agents.len() {
            if !self.takes_work_now(i) {
                continue;
            }
            if let Some(slot) = self.on_duty.get_mut(i) {
                *slot = true;
            }
            if self.strategy == Strategy::BestSkill
                && seen.insert(self.work.profile_key(i, &skills, &languages, &groups))
            {
                self.profiles.push(i);
            }
        }
    }

    /// Presence and shift, the filters that are the same for every item.
    fn takes_work_now(&mut self, i: usize) -> bool {
        let Some(agent) = self.work.agents.get(i) else {
            return false;
        };
        if !self
            .policy
            .spec()
            .eligible_presence
            .contains(&agent.presence.status)
        {
            return false;
        }
        match self.work.shift_of(i) {
            None => true,
            Some(s) => match self.shift_open.get_mut(s) {
                Some(Some(open)) => *open,
                Some(slot) => {
                    let open = self.policy.shift_is_open(s, self.now);
                    *slot = Some(open);
                    open
                }
                None => false,
            },
        }
    }

    /// Whether agent `i` can take an item on `channel`: room, and within the
    /// fairness limit.
    fn open_for(&self, i: usize, channel: Channel) -> bool {
        let Some(agent) = self.work.agents.get(i) else {
            return false;
        };
        let room = matches!(capacity_for(agent, channel),
            Some((load, cap, cost)) if load.checked_add(cost).is_some_and(|x| x <= cap) && load < u32::MAX);
        let fair = self.policy.spec().fairness.is_none_or(|f| {
            let in_run = self.work.run_count.get(i).copied().unwrap_or(0);
            self.recent
                .get(i)
                .copied()
                .unwrap_or(0)
                .saturating_add(in_run)
                < f.max
        });
        room && fair
    }

    /// Agent `i`'s place in the chooser's order for items on `channel`.
    fn key(&self, i: usize, channel: Channel) -> Key {
        let id = self.id_rank.get(i).copied().unwrap_or(u32::MAX);
        let Some(a) = self.work.agents.get(i) else {
            return Key::Tuple(i64::MAX, i64::MAX, i64::MAX, id);
        };
        let order =
            i64::try_from(self.work.run_order.get(i).copied().unwrap_or(0)).unwrap_or(i64::MAX);
        match self.strategy {
            Strategy::RoundRobin => {
                let last = a.last_assigned_at.map(|t| t.min(self.now));
                Key::Tuple(never_first(last), order, 0, id)
            }
            Strategy::LeastLoaded => {
                let total: u64 = a.load.values().map(|n| u64::from(*n)).sum();
                Key::Tuple(i64::try_from(total).unwrap_or(i64::MAX), 0, 0, id)
            }
            Strategy::LeastLoadedShare => match capacity_for(a, channel) {
                Some((load, cap, _)) if cap > 0 => Key::Share(u64::from(load), u64::from(cap), id),
                _ => Key::Share(1, 1, id),
            },
            // Best skill compares the skill score first, outside the key.
            Strategy::LongestIdle | Strategy::BestSkill => {
                Key::Tuple(order, never_first(a.last_finished_at), 0, id)
            }
        }
    }

    /// The skill scores, highest first, of the agents on duty whose static
    /// filters `need` passes; a single 0 for strategies without scores.
    fn scores_for(&self, need: &Need<'_>) -> Vec<u32> {
        if self.strategy != Strategy::BestSkill {
            return vec![0];
        }
        let mut scores: Vec<u32> = self
            .profiles
            .iter()
            .filter(|&&rep| self.work.passes_static(rep, need))
            .map(|&rep| self.work.skill_score(rep, need))
            .collect();
        scores.sort_unstable_by(|a, b| b.cmp(a));
        scores.dedup();
        scores
    }

    /// The best eligible agent for the item, as the reference pass would
    /// choose.
    fn choose(&mut self, item: &WorkItem, need: &Need<'_>, sig: &Signature) -> Option<usize> {
        if self.policy.spec().sticky
            && let Some(&i) = item
                .preferred_agent
                .as_ref()
                .and_then(|p| self.by_id.get(p))
            && check(
                &self.work,
                self.policy,
                i,
                item,
                need,
                self.now,
                &mut self.shift_open,
            )
            .is_none()
        {
            return Some(i);
        }
        let mut scores = match self.scores.remove(sig) {
            Some(s) => s,
            None => self.scores_for(need),
        };
        let mut chosen = None;
        // A score nobody with room has any more is gone for the run.
        while let Some(&score) = scores.first() {
            chosen = self.walk(item.channel, need, sig, score);
            if chosen.is_some() {
                break;
            }
            scores.remove(0);
        }
        self.scores.insert(sig.clone(), scores);
        chosen
    }

    /// The first agent in the channel's line that `need`'s static filters
    /// admit (with skill score `score` for best skill), starting at the
    /// cursor.
    fn walk(
        &mut self,
        channel: Channel,
        need: &Need<'_>,
        sig: &Signature,
        score: u32,
    ) -> Option<usize> {
        if !self.line.contains_key(&channel) {
            let set = (0..self.work.agents.len())
                .filter(|&i| self.on_duty.get(i).copied().unwrap_or(false))
                .filter(|&i| self.open_for(i, channel))
                .map(|i| (self.key(i, channel), i))
                .collect();
            self.line.insert(channel, set);
        }
        let line = self.line.get(&channel)?;
        let at = (sig.clone(), score);
        let mut rest = match self.cursor.get(&at) {
            Some(&from) => line.range(from..),
            None => line.range(..),
        };
        let best_skill = self.strategy == Strategy::BestSkill;
        // Whatever is passed over fails the filters (or has another score)
        // for good.
        let found = rest
            .find(|(_, i)| {
                self.work.passes_static(*i, need)
                    && (!best_skill || self.work.skill_score(*i, need) == score)
            })
            .copied()?;
        self.cursor.insert(at, found);
        Some(found.1)
    }

    /// Gives agent `i` the item on `channel`, and moves the agent back in
    /// every line built so far.
    fn assign(&mut self, i: usize, channel: Channel) {
        let channels: Vec<Channel> = self.line.keys().copied().collect();
        for &c in &channels {
            let k = self.key(i, c);
            if let Some(set) = self.line.get_mut(&c) {
                set.remove(&(k, i));
            }
        }
        self.counter += 1;
        self.work
            .record_assignment(i, channel, self.now, self.counter);
        for c in channels {
            if self.open_for(i, c) {
                let k = self.key(i, c);
                if let Some(set) = self.line.get_mut(&c) {
                    set.insert((k, i));
                }
            }
        }
    }
}

/// Fills free capacity with the best waiting items: items in queue order,
/// each routed against the agents as the previous assignments left them
/// (loads, fairness counts, and the rotation of equal agents all follow).
/// Never exceeds any capacity; items nobody eligible can take are skipped
/// and keep waiting; a ticket listed twice is served once. Deterministic for
/// equal inputs, and the same assignments as routing each item with [`route`](super::route)
/// against the team as it stands.
///
/// # Cost
///
/// About (items + agents) × log, plus the walks: the queue is sorted once;
/// per channel the agents with room are kept in the chooser's order; an
/// item walks that order from where the last item with the same needs
/// stopped, passing over the agents its filters refuse, and an assignment
/// moves one agent. Each distinct need (channel, skills with levels,
/// language, group; for best skill also the scored skills and each distinct
/// score) walks the order about once per run, plus once per assignment, so
/// the worst case is distinct needs × (agents + assignments). Measured
/// (`cargo bench -p frontline-benches --bench routing -- backlog`): 100,000 agents with 10,000
/// items about 130 ms when the agents are alike, 150 ms when all differ
/// (190 ms for best skill); 10,000 agents with 1,000,000 items under a
/// second.
pub fn assign_backlog(items: &[WorkItem], roster: &Roster, now: Timestamp) -> Vec<Assignment> {
    let policy = roster.policy();
    let mut run = Backlog::new(items, roster, policy, now);
    let mut out = Vec::new();
    let mut served: HashSet<&TicketId> = HashSet::new();
    // Within one run agents only fill up, so a need that found nobody once
    // finds nobody again: remember it and skip its twins.
    let mut dead: HashSet<Signature> = HashSet::new();
    for item in order_queue(items, policy, now) {
        if served.contains(&item.ticket) {
            continue;
        }
        let (step, _) = step_in_force(policy.spec(), item, now);
        // Names are interned the same in the run's copy: read them from the input.
        let need = compile_need(roster, policy.spec(), item, step);
        let sig = signature(item, &need, run.strategy);
        if dead.contains(&sig) {
            continue;
        }
        let Some(chosen) = run.choose(item, &need, &sig) else {
            dead.insert(sig);
            continue;
        };
        run.assign(chosen, item.channel);
        served.insert(&item.ticket);
        if let Some(agent) = run.work.agents.get(chosen) {
            out.push(Assignment {
                ticket: item.ticket.clone(),
                agent: agent.id.clone(),
            });
        }
    }
    out
}
