//! SLA policies: targets per metric and priority, evaluated over a ticket's
//! history into a report of every clock: due times, pauses, warnings and
//! breaches.
//!
//! Build a [`PolicySet`] once from a [`PolicySetSpec`] (policies in order,
//! the calendars they run on, custom metrics), then call [`evaluate`] for a
//! ticket at `now`. The [`SlaReport`] says, per metric and cycle, where the
//! clock stands, and offers [`SlaReport::next_change_at`] (when to wake up
//! next) and [`SlaReport::reply_by`] (what to promise the customer).

mod clock;
mod cycle;
mod engine;
mod error;
mod legacy;
mod replay;
mod report;
mod spec;

pub use engine::{MAX_OFF_HOURS_PERIODS, SlaOptions, evaluate, evaluate_with};
pub use error::SlaError;
pub use report::{CycleReport, MetricReport, Pause, ReplyDue, SlaReport, SlaState};
pub use spec::{
    MAX_CUSTOM_METRICS, MAX_POLICIES, MAX_SLA_CALENDARS, MetricDefinition, PolicySet,
    PolicySetSpec, PolicySpec, TargetDuration, Trigger, WarnAt,
};

#[cfg(test)]
mod tests;
