//! KPI goals as data, evaluated against an accumulator.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::accumulator::KpiAccumulator;
use super::config::Dimension;
use super::group::GroupAcc;
use super::stats::{Scored, Worst};
use super::{Duration, MAX_GOALS, MetricsError};
use crate::Name;

/// What a goal measures.
///
/// JSON: the snake_case name, `"first_reply_time"` … `"backlog"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum GoalMetric {
    /// A duration (needs `max_seconds`).
    FirstReplyTime,
    /// A duration.
    NextReplyTime,
    /// A duration.
    FullResolutionTime,
    /// A duration.
    RequesterWaitTime,
    /// A duration.
    AgentWaitTime,
    /// A duration.
    OnHoldTime,
    /// A duration: the age of unresolved tickets at the period's end.
    BacklogAge,
    /// A share (needs `min` or `max`, from 0 to 1).
    Csat,
    /// A share.
    ResolutionRate,
    /// A share.
    FirstContactResolution,
    /// A share.
    OneTouch,
    /// A share.
    ReopenRate,
    /// A share of SLA cycles achieved (of `sla_metric`, or of all).
    SlaAttainment,
    /// Replies per solved ticket (needs `min` or `max`).
    RepliesPerTicket,
    /// A count.
    TicketsCreated,
    /// A count.
    TicketsSolved,
    /// A count: unresolved tickets at the period's end.
    Backlog,
}

impl GoalMetric {
    fn duration(self) -> Option<Duration> {
        Some(match self {
            GoalMetric::FirstReplyTime => Duration::FirstReplyTime,
            GoalMetric::NextReplyTime => Duration::NextReplyTime,
            GoalMetric::FullResolutionTime => Duration::FullResolutionTime,
            GoalMetric::RequesterWaitTime => Duration::RequesterWaitTime,
            GoalMetric::AgentWaitTime => Duration::AgentWaitTime,
            GoalMetric::OnHoldTime => Duration::OnHoldTime,
            _ => return None,
        })
    }

    fn is_duration(self) -> bool {
        self.duration().is_some() || self == GoalMetric::BacklogAge
    }

    fn is_share(self) -> bool {
        matches!(
            self,
            GoalMetric::Csat
                | GoalMetric::ResolutionRate
                | GoalMetric::FirstContactResolution
                | GoalMetric::OneTouch
                | GoalMetric::ReopenRate
                | GoalMetric::SlaAttainment
        )
    }
}

/// Which statistic of a duration a goal bounds. JSON: `"median"` (the
/// default), `"mean"`, `"p90"`, `"p95"`, `"max"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Stat {
    /// The median.
    #[default]
    Median,
    /// The mean.
    Mean,
    /// The 90th percentile.
    P90,
    /// The 95th percentile.
    P95,
    /// The largest value.
    Max,
}

/// Calendar ("all hours", the default) or business time. JSON:
/// `"calendar"`, `"business"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Hours {
    /// All hours.
    #[default]
    Calendar,
    /// Business hours on the accumulator's calendar.
    Business,
}

/// A KPI goal.
///
/// JSON: `{"metric": "first_reply_time", "channel": "chat", "stat":
/// "median", "max_seconds": 120}`, `{"metric": "csat", "min": 0.85}`,
/// `{"metric": "resolution_rate", "min": 0.9}`. A goal may name the group
/// it is about by any grouping dimension (`channel`, `group`, `agent`,
/// `priority`, `tag`, `hour_of_week`, and custom fields under `fields`);
/// one that names none is about all tickets. Durations take `max_seconds`
/// (and optionally `stat` and `hours`); shares take `min` and/or `max`
/// between 0 and 1; counts and replies per ticket take `min` and/or `max`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Goal {
    /// What is measured.
    pub metric: GoalMetric,
    /// For durations: which statistic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stat: Option<Stat>,
    /// For durations: calendar or business time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<Hours>,
    /// For `sla_attainment`: one SLA metric; all when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sla_metric: Option<Name>,
    /// The channel the goal is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// The group the goal is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The agent the goal is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    /// The priority the goal is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    /// The tag the goal is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// The hour of the week the goal is about (`"mon 09"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hour_of_week: Option<String>,
    /// Custom field values the goal is about.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// For durations: the most seconds allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_seconds: Option<f64>,
    /// The least value allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// The most value allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
}

impl Goal {
    /// A goal on `metric` over all tickets, with no bound yet.
    pub fn new(metric: GoalMetric) -> Goal {
        Goal {
            metric,
            stat: None,
            hours: None,
            sla_metric: None,
            channel: None,
            group: None,
            agent: None,
            priority: None,
            tag: None,
            hour_of_week: None,
            fields: BTreeMap::new(),
            max_seconds: None,
            min: None,
            max: None,
        }
    }

    fn check(&self, index: usize) -> Result<(), MetricsError> {
        let bad = |reason: &str| MetricsError::BadGoal {
            index,
            reason: reason.to_owned(),
        };
        let finite = |v: Option<f64>| v.is_none_or(f64::is_finite);
        if !finite(self.max_seconds) || !finite(self.min) || !finite(self.max) {
            return Err(bad("bounds must be finite numbers"));
        }
        if self.metric.is_duration() {
            if self.max_seconds.is_none_or(|s| s < 0.0) || self.min.is_some() || self.max.is_some()
            {
                return Err(bad(
                    "a duration goal takes `max_seconds` (0 or more) and no `min` or `max`",
                ));
            }
        } else {
            if self.max_seconds.is_some() || self.stat.is_some() || self.hours.is_some() {
                return Err(bad(
                    "only duration goals take `max_seconds`, `stat` or `hours`",
                ));
            }
            if let (Some(min), Some(max)) = (self.min, self.max)
                && min > max
            {
                return Err(bad("`min` is above `max`"));
            }
            if self.min.is_none() && self.max.is_none() {
                return Err(bad("the goal needs `min` or `max`"));
            }
            if self.metric.is_share()
                && [self.min, self.max]
                    .into_iter()
                    .flatten()
                    .any(|v| !(0.0..=1.0).contains(&v))
            {
                return Err(bad("a share's bounds lie between 0 and 1"));
            }
        }
        if self.sla_metric.is_some() && self.metric != GoalMetric::SlaAttainment {
            return Err(bad("only `sla_attainment` takes `sla_metric`"));
        }
        Ok(())
    }

    /// The dimensions the goal names, with their values.
    fn filter(&self) -> Vec<(Dimension, &str)> {
        let named = [
            (Dimension::Channel, &self.channel),
            (Dimension::Group, &self.group),
            (Dimension::Agent, &self.agent),
            (Dimension::Priority, &self.priority),
            (Dimension::Tag, &self.tag),
            (Dimension::HourOfWeek, &self.hour_of_week),
        ];
        let mut filter: Vec<(Dimension, &str)> = named
            .into_iter()
            .filter_map(|(d, v)| v.as_deref().map(|v| (d, v)))
            .collect();
        filter.extend(
            self.fields
                .iter()
                .map(|(k, v)| (Dimension::Field(k.clone()), v.as_str())),
        );
        filter
    }
}

/// Whether a goal is met. JSON: `"met"`, `"not_met"`, `"no_data"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum GoalStatus {
    /// The value lies within the bounds.
    Met,
    /// It does not.
    NotMet,
    /// No value: no ticket contributed to a duration or a share (counts
    /// read 0 instead).
    NoData,
}

/// A goal, evaluated.
///
/// JSON: `{"goal": {…}, "status": "not_met", "value": 184.0, "gap": 64.0,
/// "count": 412, "tickets": [{"ticket": "T-88", "score": 5400}, …]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GoalResult {
    /// The goal.
    pub goal: Goal,
    /// Met, not met, or no data.
    pub status: GoalStatus,
    /// The measured value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// How far the value lies past the bound it breaks (positive), or
    /// inside the nearest bound (negative or 0) when met; in the metric's
    /// unit (seconds, share, count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap: Option<f64>,
    /// How many values or tickets the value is over (its denominator).
    pub count: u64,
    /// When not met, the tickets that weigh most on the gap (at most 10):
    /// the longest durations, the latest bad ratings, the oldest unresolved
    /// tickets, the most-replied solved tickets, or the latest SLA breaches
    /// (score: seconds over target).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tickets: Vec<Scored>,
}

/// Evaluates `goals` against `kpis`, in order.
///
/// A goal that names a group is read from the groups whose keys match it
/// (merged, when the accumulator is grouped by more dimensions than the
/// goal names).
///
/// # Errors
/// `metrics.bad_goal` (with the goal's index) for bounds that do not fit
/// the metric, a dimension the accumulator is not grouped by, a goal that
/// leaves out `tag` of a tag grouping (tickets with several tags would
/// count more than once), or business hours without a calendar;
/// `metrics.too_large` past [`MAX_GOALS`].
pub fn check_goals(kpis: &KpiAccumulator, goals: &[Goal]) -> Result<Vec<GoalResult>, MetricsError> {
    if goals.len() > MAX_GOALS {
        return Err(MetricsError::TooLarge {
            what: "goals",
            max: MAX_GOALS,
        });
    }
    // Keys decoded once, sorted, for every goal.
    let groups = kpis.groups();
    goals
        .iter()
        .enumerate()
        .map(|(i, goal)| evaluate(kpis, &groups, goal, i))
        .collect()
}

fn evaluate(
    kpis: &KpiAccumulator,
    groups: &[(Vec<String>, &GroupAcc)],
    goal: &Goal,
    index: usize,
) -> Result<GoalResult, MetricsError> {
    goal.check(index)?;
    if goal.hours == Some(Hours::Business) && kpis.config().calendar.is_none() {
        return Err(MetricsError::BadGoal {
            index,
            reason: "business hours need the accumulator's `calendar`".into(),
        });
    }
    // No matching group: counts are 0, everything else has no data.
    let group = select(kpis, groups, goal, index)?.unwrap_or_default();
    let (value, count, worst) = measure(&group, goal);
    let Some(value) = value else {
        return Ok(GoalResult {
            goal: goal.clone(),
            status: GoalStatus::NoData,
            value: None,
            gap: None,
            count,
            tickets: Vec::new(),
        });
    };
    let over = [goal.max_seconds, goal.max]
        .into_iter()
        .flatten()
        .map(|m| value - m);
    let under = goal.min.into_iter().map(|m| m - value);
    let gap = over.chain(under).fold(f64::NEG_INFINITY, f64::max);
    let met = gap <= 0.0;
    Ok(GoalResult {
        goal: goal.clone(),
        status: if met {
            GoalStatus::Met
        } else {
            GoalStatus::NotMet
        },
        value: Some(value),
        gap: Some(gap),
        count,
        tickets: if met {
            Vec::new()
        } else {
            worst.tickets().to_vec()
        },
    })
}

/// The group a goal is about: the total, or the merged groups matching its filter.
fn select(
    kpis: &KpiAccumulator,
    groups: &[(Vec<String>, &GroupAcc)],
    goal: &Goal,
    index: usize,
) -> Result<Option<GroupAcc>, MetricsError> {
    let filter = goal.filter();
    if filter.is_empty() {
        return Ok(Some(kpis.total().clone()));
    }
    let dims = &kpis.config().group_by;
    let mut positions = Vec::new();
    for (d, value) in &filter {
        let Some(at) = dims.iter().position(|x| x == d) else {
            return Err(MetricsError::BadGoal {
                index,
                reason: format!(
                    "the goal names `{}`, which the accumulator does not group by",
                    d.name()
                ),
            });
        };
        positions.push((at, *value));
    }
    if dims.contains(&Dimension::Tag) && goal.tag.is_none() {
        return Err(MetricsError::BadGoal {
            index,
            reason: "the accumulator groups by tag: name the `tag` too, or tickets with several tags count more than once".into(),
        });
    }
    let mut merged: Option<GroupAcc> = None;
    let matching = groups.iter().filter(|(key, _)| {
        positions
            .iter()
            .all(|(at, v)| key.get(*at).is_some_and(|k| k == v))
    });
    for (_, g) in matching {
        match &mut merged {
            Some(m) => m.merge(g),
            None => merged = Some((*g).clone()),
        }
    }
    Ok(merged)
}

fn measure(g: &GroupAcc, goal: &Goal) -> (Option<f64>, u64, Worst) {
    let ratio = |a: u64, b: u64| (b > 0).then(|| a as f64 / b as f64);
    if goal.metric.is_duration() {
        let timing = match goal.metric.duration() {
            Some(d) => Some(g.timings.get(d)),
            None => Some(&g.backlog),
        };
        let Some(timing) = timing else {
            return (None, 0, Worst::default());
        };
        let report = timing.report();
        let stats = match goal.hours.unwrap_or_default() {
            Hours::Calendar => Some(report.calendar),
            Hours::Business => report.business,
        };
        let Some(stats) = stats else {
            return (None, 0, Worst::default());
        };
        let value = match goal.stat.unwrap_or_default() {
            Stat::Median => stats.median,
            Stat::Mean => stats.mean,
            Stat::P90 => stats.p90,
            Stat::P95 => stats.p95,
            Stat::Max => stats.max.map(|m| m as f64),
        };
        return (value, stats.count, timing.worst().clone());
    }
    let solved_worst = || g.most_replies.clone();
    match goal.metric {
        GoalMetric::Csat => (
            ratio(g.csat_good, g.csat_good + g.csat_bad),
            g.csat_good + g.csat_bad,
            g.bad_ratings.clone(),
        ),
        GoalMetric::ResolutionRate => {
            let base = g.created - g.created_merged;
            (ratio(g.created_resolved, base), base, g.unresolved.clone())
        }
        GoalMetric::FirstContactResolution => {
            (ratio(g.first_contact, g.solved), g.solved, solved_worst())
        }
        GoalMetric::OneTouch => (ratio(g.one_touch, g.solved), g.solved, solved_worst()),
        GoalMetric::ReopenRate => (ratio(g.reopened, g.solved), g.solved, solved_worst()),
        GoalMetric::RepliesPerTicket => {
            (ratio(g.agent_replies, g.solved), g.solved, solved_worst())
        }
        GoalMetric::SlaAttainment => {
            let metric = goal.sla_metric.as_deref();
            let (a, b) = g.sla_counts(metric);
            (ratio(a, a + b), a + b, g.sla_worst(metric))
        }
        GoalMetric::TicketsCreated => (Some(g.created as f64), g.created, Worst::default()),
        GoalMetric::TicketsSolved => (Some(g.solved as f64), g.solved, Worst::default()),
        GoalMetric::Backlog => {
            let n = g.backlog.report().calendar.count;
            (Some(n as f64), n, g.backlog.worst().clone())
        }
        _ => (None, 0, Worst::default()),
    }
}
