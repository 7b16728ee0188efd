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
