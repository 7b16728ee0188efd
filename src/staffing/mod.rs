//! Staffing: how many people it takes to answer in time, by the Erlang C
//! and Erlang A queueing models.
//!
//! A desk receives `arrivals` contacts per interval, each taking
//! `aht_seconds` to handle on average; the traffic in Erlangs is
//! `arrivals × aht / interval`. With `N` agents:
//!
//! - **Erlang C** (M/M/N, nobody hangs up): the probability a contact
//!   waits, the service level (the share answered within `T` seconds,
//!   `1 − P(wait)·e^(−(N−A)·T/AHT)`), the average speed of answer
//!   (`P(wait)·AHT/(N−A)`) and occupancy (`A/N`). P(wait) comes from
//!   Erlang B by the recurrence `B(k) = A·B(k−1)/(k + A·B(k−1))`, which
//!   stays in [0, 1] at every step: no factorials or powers, so 10,000
//!   Erlangs compute as safely as 1.
//! - **Erlang A** (M/M/N+M): waiting contacts hang up after an
//!   exponential patience with the given mean. Computed exactly from the
//!   birth–death chain of the number of contacts in the system (with
//!   rescaling, and the queue's tail cut where it is below 1e-16 of the
//!   largest state): P(wait), P(abandon), the service level (the share of
//!   *all* contacts answered within `T`; those who hang up are not
//!   answered) and the average speed of answer of the answered.
//!
//! [`required_agents`] finds the fewest whole agents that meet a service
//! level (and, if given, a maximum occupancy) by either model, then adds
//! shrinkage (breaks, training, absence) by dividing by `1 − shrinkage`
//! and rounding up, never to the nearest.
//!
//! ```
//! use frontline::staffing::{required_agents, Load, Model, Target};
//! // 20 contacts a 30 minutes of 3 minutes each: 2 Erlangs.
//! let load = Load::new(20.0, 1800.0, 180.0)?;
//! let need = required_agents(&load, &Target::new(0.8, 20.0).with_shrinkage(0.3)?, Model::ErlangC)?;
//! assert_eq!(need.agents, 4);
//! assert_eq!(need.agents_with_shrinkage, 6);
//! assert!(need.performance.service_level >= 0.8);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Reference values (AHT 180 s, 80 % within 20 s, 30 % shrinkage), which
//! the tests check: 1 Erlang needs 3 agents (5), P(wait) 0.0909, service
//! level 0.9272, ASA 8.18 s; 10 Erlangs 14 (20); 100 Erlangs 107 (153);
//! 1,000 Erlangs 1,011 (1,445).
//!
//! **Chat** ([`chat_agents`]): agents who handle up to `k` chats at once
//! are approximated as `k` independent servers each, with the handling
//! time of a chat *as measured while handling several*; the agents are the
//! servers Erlang C needs, divided by `k` and rounded up. The assumption
//! (a chat's time does not depend on how many the agent has open beyond
//! what the measured time already shows) is a simplification; treat the
//! answer as a planning estimate.
//!
//! **Fractional agents** ([`erlang_c`] with, say, 12.4 agents: a blended
//! queue where some agents give part of their time) interpolate linearly
//! between the whole numbers on either side, an approximation.
//!
//! ## Caps and cost
//!
//! Traffic up to [`MAX_ERLANGS`] and up to [`MAX_AGENTS`] agents. Erlang C
//! is O(N); finding the agents required is O(N) too (the recurrence runs
//! once, upwards). Erlang A is O(N + queue states) for the chain (at most
//! [`MAX_QUEUE_STATES`]) plus its service level, at most
//! [`MAX_CHAIN_STEPS`] steps (about 0.1 s); past either it answers
//! `staffing.too_large`. The agents required take O(log N) evaluations
//! (doubling, then bisection); a count below the traffic whose queue is
//! too long to compute counts as not meeting the target.

mod coverage;
mod erlang;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use coverage::{
    Coverage, Forecast, IntervalCoverage, MAX_QUEUES, MAX_SHIFTS, MAX_TEAMS, QueueCoverage,
    QueueForecast, Shift, ShiftPlan, Team, check_roster,
};
pub use erlang::{MAX_CHAIN_STEPS, MAX_QUEUE_STATES};

/// The most traffic, in Erlangs.
pub const MAX_ERLANGS: f64 = 100_000.0;
/// The most agents.
pub const MAX_AGENTS: u32 = 200_000;

/// What can go wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum StaffingError {
    /// A number outside its range.
    #[error("invalid `{field}`: {value}, {expected} expected")]
    Invalid {
        /// The field.
        field: &'static str,
        /// The value.
        value: f64,
        /// The range.
        expected: &'static str,
    },
    /// The target cannot be met within [`MAX_AGENTS`].
    #[error("the target cannot be met with at most {max} agents")]
    Unreachable {
        /// The limit searched.
        max: u32,
    },
    /// A computation would exceed a cap.
    #[error("too many {what}: over the limit of {max}")]
    TooLarge {
        /// What.
        what: &'static str,
        /// The limit.
        max: usize,
    },
}

impl StaffingError {
    /// The stable code: `staffing.invalid_input`, `staffing.unreachable`,
    /// `staffing.too_large`.
    pub fn code(&self) -> &'static str {
        match self {
            StaffingError::Invalid { .. } => "staffing.invalid_input",
            StaffingError::Unreachable { .. } => "staffing.unreachable",
            StaffingError::TooLarge { .. } => "staffing.too_large",
        }
    }
}

/// A mean patience: 1 to 1,000,000,000 seconds (a shorter one makes the
/// abandonment rate overflow).
pub(crate) fn check_patience(patience_seconds: f64) -> Result<(), StaffingError> {
    check(
        "patience_seconds",
        patience_seconds,
        (1.0..=1e9).contains(&patience_seconds),
        "1 to 1,000,000,000 seconds",
    )
}

fn check(
    field: &'static str,
    value: f64,
    ok: bool,
    expected: &'static str,
) -> Result<(), StaffingError> {
    if ok && value.is_finite() {
        Ok(())
    } else {
        Err(StaffingError::Invalid {
            field,
            value,
            expected,
        })
    }
}

/// Work arriving: `arrivals` contacts per `interval_seconds`, each taking
/// `aht_seconds` on average.
///
/// JSON: `{"arrivals": 100, "interval_seconds": 1800, "aht_seconds": 180}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Load {
    /// Contacts per interval (0 or more).
    pub arrivals: f64,
    /// The interval, in seconds (1 or more).
    pub interval_seconds: f64,
    /// Average handling time, in seconds (1 or more).
    pub aht_seconds: f64,
}

impl Load {
    /// A checked load.
    ///
    /// # Errors
    /// `staffing.invalid_input` for a negative or non-finite number, an
    /// interval or AHT of 0, or traffic over [`MAX_ERLANGS`].
    pub fn new(
        arrivals: f64,
        interval_seconds: f64,
        aht_seconds: f64,
    ) -> Result<Load, StaffingError> {
        let load = Load {
            arrivals,
            interval_seconds,
            aht_seconds,
        };
        load.check()?;
        Ok(load)
    }

    /// Checks a load built field by field (or from JSON).
    ///
    /// # Errors
    /// As [`Load::new`].
    pub fn check(&self) -> Result<(), StaffingError> {
        check("arrivals", self.arrivals, self.arrivals >= 0.0, "0 or more")?;
        // Whole seconds at least: a rate from a tiny time overflows.
        check(
            "interval_seconds",
            self.interval_seconds,
            self.interval_seconds >= 1.0,
            "1 or more",
        )?;
        check(
            "aht_seconds",
            self.aht_seconds,
            self.aht_seconds >= 1.0,
            "1 or more",
        )?;
        let a = self.erlangs();
        check("traffic (Erlangs)", a, a <= MAX_ERLANGS, "at most 100,000")
    }

    /// The traffic in Erlangs: arrivals × AHT / interval.
    pub fn erlangs(&self) -> f64 {
        self.arrivals * self.aht_seconds / self.interval_seconds
    }
}

/// How a queue performs with a number of agents.
///
/// JSON: `{"agents": 14, "p_wait": 0.174, "service_level": 0.888,
/// "asa_seconds": 7.84, "occupancy": 0.714}` (and `"p_abandon"` for
/// Erlang A). An ASA that is infinite (too few agents) is `null`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Performance {
    /// The agents.
    pub agents: f64,
    /// The probability a contact waits.
    pub p_wait: f64,
    /// The share answered within the target time.
    pub service_level: f64,
    /// The average speed of answer (of the answered), in seconds.
    #[serde(with = "infinite_as_null")]
    pub asa_seconds: f64,
    /// The share of agents' time busy.
    pub occupancy: f64,
    /// The probability a contact hangs up (Erlang A).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p_abandon: Option<f64>,
}

mod infinite_as_null {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        if v.is_finite() {
            s.serialize_f64(*v)
        } else {
            s.serialize_none()
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::INFINITY))
    }
}

/// What to staff for: a service level within a time, optionally a
/// maximum occupancy, and shrinkage.
///
/// JSON: `{"service_level": 0.8, "target_seconds": 20, "max_occupancy": 0.85, "shrinkage": 0.3}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Target {
    /// The share to answer within `target_seconds` (0 to less than 1).
    pub service_level: f64,
    /// The time, in seconds (0 or more).
    pub target_seconds: f64,
    /// The highest occupancy to plan for (more than 0, at most 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_occupancy: Option<f64>,
    /// The share of paid time not on the queue (0 to less than 1).
    #[serde(default)]
    pub shrinkage: f64,
}

impl Target {
    /// `service_level` within `target_seconds`, no occupancy cap, no
    /// shrinkage.
    pub fn new(service_level: f64, target_seconds: f64) -> Target {
        Target {
            service_level,
            target_seconds,
            max_occupancy: None,
            shrinkage: 0.0,
        }
    }

    /// With shrinkage.
    ///
    /// # Errors
    /// `staffing.invalid_input` outside 0 to less than 1.
    pub fn with_shrinkage(mut self, shrinkage: f64) -> Result<Target, StaffingError> {
        self.shrinkage = shrinkage;
        self.check()?;
        Ok(self)
    }

    /// With a maximum occupancy.
    pub fn with_max_occupancy(mut self, max: f64) -> Target {
        self.max_occupancy = Some(max);
        self
    }

    fn check(&self) -> Result<(), StaffingError> {
        check(
            "service_level",
            self.service_level,
            (0.0..1.0).contains(&self.service_level),
            "0 to less than 1",
        )?;
        check(
            "target_seconds",
            self.target_seconds,
            self.target_seconds >= 0.0,
            "0 or more",
        )?;
        check(
            "shrinkage",
            self.shrinkage,
            (0.0..1.0).contains(&self.shrinkage),
            "0 to less than 1",
        )?;
        if let Some(m) = self.max_occupancy {
            check(
                "max_occupancy",
                m,
                m > 0.0 && m <= 1.0,
                "more than 0, at most 1",
            )?;
        }
        Ok(())
    }
}

/// The queueing model.
///
/// JSON: `{"model": "erlang_c"}` or `{"model": "erlang_a", "patience_seconds": 120}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "model", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Model {
    /// Nobody hangs up.
    ErlangC,
    /// Waiting contacts hang up after an exponential patience.
    ErlangA {
        /// The mean patience, in seconds (1 to 1,000,000,000).
        patience_seconds: f64,
    },
}

/// The agents required, and how the queue performs with them.
///
/// JSON: `{"agents": 14, "agents_with_shrinkage": 20, "performance": {...}}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Staffing {
    /// Agents on the queue.
    pub agents: u32,
    /// Agents to schedule: `agents / (1 − shrinkage)`, rounded up.
    pub agents_with_shrinkage: u32,
    /// The queue with `agents`.
    pub performance: Performance,
}

/// Erlang C with `agents` (fractional agents interpolate; see the module
/// docs).
///
/// # Errors
/// `staffing.invalid_input` for a bad load, agents outside 0 to
/// [`MAX_AGENTS`], or a negative target time.
pub fn erlang_c(
    load: &Load,
    agents: f64,
    target_seconds: f64,
) -> Result<Performance, StaffingError> {
    load.check()?;
    check(
        "agents",
        agents,
        agents > 0.0 && agents <= f64::from(MAX_AGENTS),
        "more than 0, at most 200,000",
    )?;
    check(
        "target_seconds",
        target_seconds,
        target_seconds >= 0.0,
        "0 or more",
    )?;
    Ok(erlang::erlang_c(load, agents, target_seconds))
}

/// Erlang A with `agents` and a mean patience.
///
/// # Errors
/// `staffing.invalid_input` as [`erlang_c`], or a patience outside 1 to
/// 1,000,000,000 seconds;
/// `staffing.too_large` past [`MAX_QUEUE_STATES`] queue states or
/// [`MAX_CHAIN_STEPS`] steps for the service level.
pub fn erlang_a(
    load: &Load,
    agents: u32,
    target_seconds: f64,
    patience_seconds: f64,
) -> Result<Performance, StaffingError> {
    load.check()?;
    check(
        "agents",
        f64::from(agents),
        (1..=MAX_AGENTS).contains(&agents),
        "1 to 200,000",
    )?;
    check(
        "target_seconds",
        target_seconds,
        target_seconds >= 0.0,
        "0 or more",
    )?;
    check_patience(patience_seconds)?;
    if load.arrivals == 0.0 {
        return Ok(Performance {
            agents: f64::from(agents),
            p_wait: 0.0,
            service_level: 1.0,
            asa_seconds: 0.0,
            occupancy: 0.0,
            p_abandon: Some(0.0),
        });
    }
    erlang::erlang_a(load, agents, target_seconds, patience_seconds)
}

/// The fewest whole agents meeting `target` by `model`, and the agents to
/// schedule after shrinkage.
///
/// # Errors
/// `staffing.invalid_input`; `staffing.unreachable` when [`MAX_AGENTS`]
/// are not enough.
pub fn required_agents(
    load: &Load,
    target: &Target,
    model: Model,
) -> Result<Staffing, StaffingError> {
    load.check()?;
    target.check()?;
    let a = load.erlangs();
    let occupancy_ok = |n: u32| target.max_occupancy.is_none_or(|m| a / f64::from(n) <= m);
    let (agents, performance) = match model {
        Model::ErlangC => {
            // One upward pass of the recurrence.
            let mut b = 1.0;
            let mut found = None;
            for n in 1..=MAX_AGENTS {
                b = a * b / (f64::from(n) + a * b);
                if f64::from(n) <= a {
                    continue;
                }
                let p = erlang::c_measures(n, load, b, target.target_seconds);
                if p.service_level >= target.service_level && occupancy_ok(n) {
                    found = Some((n, p));
                    break;
                }
            }
            found.ok_or(StaffingError::Unreachable { max: MAX_AGENTS })?
        }
        Model::ErlangA { patience_seconds } => {
            check_patience(patience_seconds)?;
            let n = erlang::smallest(1, |n| {
                if !occupancy_ok(n) {
                    return Ok(false);
                }
                // Fewer agents than the traffic, and a queue too long to
                // compute: not met (the search moves on to more agents).
                match erlang_a(load, n, target.target_seconds, patience_seconds) {
                    Ok(p) => Ok(p.service_level >= target.service_level),
                    Err(StaffingError::TooLarge { .. }) if f64::from(n) <= load.erlangs() => {
                        Ok(false)
                    }
                    Err(e) => Err(e),
                }
            })?
            .ok_or(StaffingError::Unreachable { max: MAX_AGENTS })?;
            (
                n,
                erlang_a(load, n, target.target_seconds, patience_seconds)?,
            )
        }
    };
    Ok(Staffing {
        agents,
        agents_with_shrinkage: with_shrinkage(agents, target.shrinkage),
        performance,
    })
}

/// `agents / (1 − shrinkage)`, rounded up (a hair of floating-point error
/// below a whole number is not rounded up: 14 / 0.7 is 20).
fn with_shrinkage(agents: u32, shrinkage: f64) -> u32 {
    let exact = f64::from(agents) / (1.0 - shrinkage);
    let up = (exact - 1e-9).ceil();
    if up >= f64::from(u32::MAX) {
        u32::MAX
    } else {
        up.max(f64::from(agents)) as u32
    }
}

/// Agents for chat, each handling up to `concurrency` chats at once: the
/// chat "slots" Erlang C needs with the handling time of a chat measured
/// while agents handle several, divided by `concurrency`, rounded up (an
/// approximation: see the module docs).
///
/// # Errors
/// As [`required_agents`]; `staffing.invalid_input` for a concurrency of
/// 0 or over 20.
pub fn chat_agents(
    load: &Load,
    target: &Target,
    concurrency: u32,
) -> Result<Staffing, StaffingError> {
    check(
        "concurrency",
        f64::from(concurrency),
        (1..=20).contains(&concurrency),
        "1 to 20",
    )?;
    let slots = required_agents(load, target, Model::ErlangC)?;
    let agents = slots.agents.div_ceil(concurrency);
    Ok(Staffing {
        agents,
        agents_with_shrinkage: with_shrinkage(agents, target.shrinkage),
        performance: slots.performance,
    })
}
