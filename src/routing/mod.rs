//! Routing: who gets a piece of work, or why nobody does yet.
//!
//! A [`RoutingPolicy`] is eligibility filters then a chooser, the composition
//! the best open-source helpdesks use: presence, shift, group, language,
//! required skills at a level, capacity per channel (or a weighted budget),
//! and an optional fairness limit; then round robin, least loaded (absolute or
//! share of capacity), longest idle or best skill match. Skill requirements
//! relax in steps as the item waits (drop preferred skills, accept lower
//! levels, anyone in the group), as Amazon Connect and Genesys do.
//!
//! Agents are compiled once into a [`Roster`]. [`route`] decides one item and
//! explains itself: the chosen agent, or "queued" with the instant a
//! relaxation step could change the answer, and for every agent not chosen
//! the first filter that excluded them. [`assign_backlog`] fills free
//! capacity from a queue in [`order_queue`]'s order.
//!
//! # Cost
//!
//! [`Roster::new`] interns the agents' skills, languages and groups:
//! O(agents × (skills + languages + groups)). [`route`] checks every agent
//! once and explains every refusal: O(agents × required skills), about
//! 12 µs for 1,000 agents. [`order_queue`] sorts: O(items log items).
//! [`assign_backlog`] walks one ordered line per channel instead of every
//! agent per item: O((items + agents) log agents) for alike needs, distinct
//! needs × (agents + assignments) at worst; 10,000 items over 100,000
//! agents in about 130 ms, 1,000,000 items over 10,000 agents under a second
//! (`cargo bench -p frontline-benches --bench routing`). Every list and name an agent, item or
//! policy carries has a cap ([`MAX_AGENTS`], [`MAX_ITEMS`], [`MAX_SKILLS`],
//! [`MAX_NAME_BYTES`], [`MAX_LANGUAGE_BYTES`], [`MAX_AGENT_LANGUAGES`],
//! [`MAX_AGENT_GROUPS`], [`MAX_POLICY_LIST`], [`MAX_RECENT_ASSIGNMENTS`],
//! [`MAX_DISTINCT_NAMES`]); [`WorkItem::check`] checks an item's.

mod backlog;
mod engine;
mod error;
mod model;

pub use backlog::assign_backlog;
pub use engine::{
    Assignment, Decision, MAX_DISTINCT_NAMES, OfferEvent, OfferState, Outcome, Reason, Rejection,
    Roster, RoutingPolicy, order_queue, route,
};
pub use error::RoutingError;
pub use model::{
    Agent, Capacity, Fairness, MAX_AGENT_GROUPS, MAX_AGENT_LANGUAGES, MAX_AGENTS, MAX_ITEMS,
    MAX_LANGUAGE_BYTES, MAX_NAME_BYTES, MAX_POLICY_LIST, MAX_RECENT_ASSIGNMENTS, MAX_SKILLS,
    Presence, PresenceStatus, QueueOrder, RelaxationStep, RoutingPolicySpec, SkillLevel, Strategy,
    WorkItem,
};

#[cfg(test)]
mod tests;
