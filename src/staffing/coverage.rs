//! Coverage: a weekly forecast of contacts, the agents it needs per
//! interval, and a roster of shifts checked against it.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{Load, Model, StaffingError, Target, chat_agents, erlang_a, erlang_c, required_agents};
use crate::Name;
use crate::calendar::Calendars;
use crate::time::{Date, Timestamp, WallTime, Weekday, Zone};

/// The most queues a forecast may hold.
pub const MAX_QUEUES: usize = 64;
/// The most teams a roster may hold.
pub const MAX_TEAMS: usize = 64;
/// The most shifts one team may hold.
pub const MAX_SHIFTS: usize = 64;

/// A week of expected contacts, per queue and interval.
///
/// JSON: `{"zone": "Europe/Amsterdam", "interval_minutes": 30, "queues":
/// [{"queue": "chat-nl", "aht_seconds": 240, "target_service_level": 0.8,
/// "target_seconds": 60, "arrivals": [… 336 numbers, Monday 00:00 first …]}]}`.
/// The intervals are wall-clock times in `zone`, so a forecast made in
/// Amsterdam stays "Monday 09:00" across daylight-saving changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Forecast {
    /// The zone the week's wall-clock intervals are in.
    pub zone: Zone,
    /// The interval length: 15, 30 (the default) or 60 minutes.
    #[serde(default = "thirty")]
    pub interval_minutes: u32,
    /// One entry per queue, at most [`MAX_QUEUES`].
    pub queues: Vec<QueueForecast>,
}

fn thirty() -> u32 {
    30
}

/// One queue's week: a channel and language, say `chat-nl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct QueueForecast {
    /// The queue's name, which shifts refer to.
    pub queue: Name,
    /// Average handling time, seconds.
    pub aht_seconds: f64,
    /// The share to answer within `target_seconds` (0 to 1).
    pub target_service_level: f64,
    /// The answer-time target, seconds.
    pub target_seconds: f64,
    /// Erlang C (the default) or Erlang A with a patience.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patience_seconds: Option<f64>,
    /// For chat: how many conversations an agent handles at once (see
    /// [`chat_agents`](super::chat_agents)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<u32>,
    /// Contacts expected per interval, Monday 00:00 first: 7 × 24 × 60 ÷
    /// `interval_minutes` numbers.
    pub arrivals: Vec<f64>,
}

/// A proposed roster: who works when, as teams across time zones, each
/// with its shifts. (Not to be confused with `routing::Roster`, the
/// agents compiled for routing.)
///
/// JSON: `{"shrinkage": 0.3, "teams": [{"name": "amsterdam", "zone":
/// "Europe/Amsterdam", "calendar": "nl", "queues": ["chat-nl", "chat-en"],
/// "shifts": [{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:00",
/// "end": "16:30", "agents": 6}]}]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ShiftPlan {
    /// The share of scheduled time not spent on contacts (breaks,
    /// meetings, absence), from 0 up to 1: scheduled agents × (1 −
    /// shrinkage) answer.
    #[serde(default)]
    pub shrinkage: f64,
    /// The teams, at most [`MAX_TEAMS`].
    pub teams: Vec<Team>,
}

/// A team: where it works, what it answers, its shifts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Team {
    /// The team's name.
    pub name: Name,
    /// The zone its shifts are in; by default its calendar's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<Zone>,
    /// A calendar whose holidays the team does not work (a shift starting
    /// on a holiday is off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<Name>,
    /// The queues its agents answer; agents of a team with several queues
    /// go where the shortfalls are, in proportion.
    pub queues: Vec<Name>,
    /// Its shifts, at most [`MAX_SHIFTS`].
    pub shifts: Vec<Shift>,
}

/// A shift: on these days, from `start` to `end` local time (an `end` at
/// or before `start` runs past midnight), this many agents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Shift {
    /// The days the shift starts on.
    pub days: Vec<Weekday>,
    /// Local start time.
    pub start: WallTime,
    /// Local end time.
    pub end: WallTime,
    /// Agents on the shift.
    pub agents: u32,
}

/// How a roster covers a forecast: [`check_roster`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Coverage {
    /// The Monday the week starts on, in the forecast's zone.
    pub week_of: Date,
    /// One entry per queue, in the forecast's order.
    pub queues: Vec<QueueCoverage>,
}

/// One queue's week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct QueueCoverage {
    /// The queue.
    pub queue: Name,
    /// Agent-hours scheduled short of the requirement over the week.
    pub hours_short: f64,
    /// Agent-hours scheduled beyond it.
    pub hours_over: f64,
    /// Intervals whose service level falls below the target.
    pub intervals_below_target: u32,
    /// Every interval of the week, in order.
    pub intervals: Vec<IntervalCoverage>,
}

/// One interval of one queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IntervalCoverage {
    /// When it starts.
    pub start: Timestamp,
    /// Its wall-clock label in the forecast's zone: `"mon 09:30"`.
    pub label: String,
    /// Its real length: the interval's minutes, but 0 for a wall time that
    /// does not exist that day (spring forward: nothing is required or
    /// scheduled then) and longer in a fall-back fold.
    pub length_seconds: i64,
    /// Contacts expected.
    pub arrivals: f64,
    /// Agents to schedule (shrinkage included).
    pub required: u32,
    /// Agents scheduled on this queue (fractional where a shift covers
    /// part of the interval or a team splits over queues).
    pub scheduled: f64,
    /// The service level the scheduled agents reach (1 with no contacts).
    pub service_level: f64,
    /// Whether that is below the target.
    pub below_target: bool,
}

/// Checks `roster` against `forecast` for the week starting on Monday
/// `week_of` (in the forecast's zone).
///
/// For each interval: the agents each queue requires (Erlang C, or Erlang
/// A with a patience; chat concurrency as [`chat_agents`]), plus
/// shrinkage; the agents each team has on shift (a shift covering part of
/// an interval counts in proportion; holidays of the team's calendar are
/// off); single-queue teams go to their queue, then each team of several
/// queues, in the roster's order, fills its queues' remaining shortfalls
/// (in proportion to them when it has too few agents for all) and spreads
/// what is left evenly; and the service level the scheduled agents (minus
/// shrinkage) reach. The allocation is a planning approximation: the real
/// split depends on routing, and with teams whose queues overlap it
/// depends on their order.
///
/// Intervals are wall-clock times in the forecast's zone. In the week the
/// clocks go forward, an interval that does not exist that day has length
/// 0 (nothing required, nothing scheduled); in the week they go back, the
/// repeated interval is longer and its contacts spread over it.
///
/// Cost: the agents required are computed once per distinct (queue,
/// arrivals, length), the service level reached once per interval: Erlang
/// C is O(agents), Erlang A O(log agents) evaluations of O(agents + queue
/// states), each bounded by [`MAX_CHAIN_STEPS`](super::MAX_CHAIN_STEPS);
/// then O(intervals) per shift and day to place the shifts. At the caps
/// (64 queues of 672 intervals, 64 teams of 64 shifts) that is at most
/// about 86,000 Erlang computations and 2.8 million interval updates.
///
/// # Errors
/// `staffing.invalid_input` for an interval length other than 15, 30 or
/// 60, an arrivals list of the wrong length, a negative or non-finite
/// number, queue names that repeat, both `concurrency` and
/// `patience_seconds` on a queue, a `week_of` that is not a Monday, a team
/// with no queues or a repeated one, a shift with no days or no agents, a
/// queue a team names that the forecast lacks, or a calendar not in
/// `calendars`; `staffing.too_large` past the caps, or when an Erlang A
/// queue outgrows [`MAX_QUEUE_STATES`](super::MAX_QUEUE_STATES).
pub fn check_roster(
    forecast: &Forecast,
    roster: &ShiftPlan,
    calendars: &Calendars,
    week_of: Date,
) -> Result<Coverage, StaffingError> {
    let slots = check_forecast(forecast)?;
    if week_of.weekday() != Weekday::Mon {
        return Err(invalid("week_of", f64::from(week_of.day()), "a Monday"));
    }
    let mut bounds = (0..=slots)
        .map(|i| slot_start(forecast, week_of, i))
        .collect::<Result<Vec<(Timestamp, String)>, _>>()?;
    // A wall time in a spring-forward gap moves past it; an interval that
    // does not exist that day then ends where it starts (length 0), and
    // the bounds stay in order. One in a fall-back fold lasts longer.
    for i in (0..slots).rev() {
        if let (Some(next), Some(this)) = (bounds.get(i + 1).map(|b| b.0), bounds.get_mut(i)) {
            this.0 = this.0.min(next);
        }
    }
    let lengths: Vec<f64> = bounds
        .windows(2)
        .map(|w| match w {
            [a, b] => b.0.seconds_since(a.0) as f64,
            _ => 0.0,
        })
        .collect();
    let teams = place_teams(forecast, roster, calendars, week_of, &bounds)?;
    let mut required = vec![vec![0u32; slots]; forecast.queues.len()];
    // Many intervals repeat a load: compute each once.
    let mut needs: HashMap<(usize, u64, u64), u32> = HashMap::new();
    for (q, queue) in forecast.queues.iter().enumerate() {
        for (i, (&arrivals, &length)) in queue.arrivals.iter().zip(&lengths).enumerate() {
            let key = (q, arrivals.to_bits(), length.to_bits());
            let n = match needs.get(&key) {
                Some(&n) => n,
                None => {
                    let n = need(queue, arrivals, length, roster.shrinkage)?;
                    needs.insert(key, n);
                    n
                }
            };
            if let Some(r) = required.get_mut(q).and_then(|r| r.get_mut(i)) {
                *r = n;
            }
        }
    }
    let scheduled = allocate(forecast, &teams, &required, slots);
    let mut queues: Vec<QueueCoverage> = Vec::with_capacity(forecast.queues.len());
    for (q, queue) in forecast.queues.iter().enumerate() {
        let mut cover = QueueCoverage {
            queue: queue.queue.clone(),
            hours_short: 0.0,
            hours_over: 0.0,
            intervals_below_target: 0,
            intervals: Vec::with_capacity(slots),
        };
        for (i, (&arrivals, &length)) in queue.arrivals.iter().zip(&lengths).enumerate() {
            let req = required.get(q).and_then(|r| r.get(i)).copied().unwrap_or(0);
            let have = scheduled
                .get(q)
                .and_then(|s| s.get(i))
                .copied()
                .unwrap_or(0.0);
            let level = reached(queue, arrivals, length, have * (1.0 - roster.shrinkage))?;
            let below = level < queue.target_service_level;
            let gap = have - f64::from(req);
            let hours = length / 3_600.0;
            if gap < 0.0 {
                cover.hours_short += -gap * hours;
            } else {
                cover.hours_over += gap * hours;
            }
            cover.intervals_below_target += u32::from(below);
            let (start, label) = bounds
                .get(i)
                .cloned()
                .unwrap_or((Timestamp::UNIX_EPOCH, String::new()));
            cover.intervals.push(IntervalCoverage {
                start,
                label,
                length_seconds: length as i64,
                arrivals,
                required: req,
                scheduled: have,
                service_level: level,
                below_target: below,
            });
        }
        queues.push(cover);
    }
    Ok(Coverage { week_of, queues })
}

fn invalid(field: &'static str, value: f64, expected: &'static str) -> StaffingError {
    StaffingError::Invalid {
        field,
        value,
        expected,
    }
}

/// Checks the forecast; returns the intervals in a week.
fn check_forecast(forecast: &Forecast) -> Result<usize, StaffingError> {
    if ![15, 30, 60].contains(&forecast.interval_minutes) {
        return Err(invalid(
            "interval_minutes",
            f64::from(forecast.interval_minutes),
            "15, 30 or 60",
        ));
    }
    if forecast.queues.len() > MAX_QUEUES {
        return Err(StaffingError::TooLarge {
            what: "queues",
            max: MAX_QUEUES,
        });
    }
    let slots = (7 * 24 * 60 / forecast.interval_minutes) as usize;
    for q in &forecast.queues {
        if q.arrivals.len() != slots {
            return Err(invalid(
                "arrivals",
                q.arrivals.len() as f64,
                "one number per interval of the week",
            ));
        }
        if let Some(&a) = q.arrivals.iter().find(|a| !(a.is_finite() && **a >= 0.0)) {
            return Err(invalid("arrivals", a, "0 or more"));
        }
        let target = Target::new(q.target_service_level, q.target_seconds);
        target.check()?;
        if forecast
            .queues
            .iter()
            .filter(|o| o.queue == q.queue)
            .count()
            > 1
        {
            return Err(invalid("queues", 0.0, "distinct queue names"));
        }
        match (q.concurrency, q.patience_seconds) {
            (Some(_), Some(_)) => {
                return Err(invalid(
                    "patience_seconds",
                    0.0,
                    "no patience with `concurrency` (chat is modelled by Erlang C)",
                ));
            }
            (Some(k), None) if !(1..=20).contains(&k) => {
                return Err(invalid("concurrency", f64::from(k), "1 to 20"));
            }
            (None, Some(p)) => super::check_patience(p)?,
            _ => {}
        }
        Load::new(
            0.0,
            f64::from(forecast.interval_minutes) * 60.0,
            q.aht_seconds,
        )?;
    }
    Ok(slots)
}

/// Agents to schedule for `arrivals` in one interval.
fn need(
    q: &QueueForecast,
    arrivals: f64,
    interval: f64,
    shrinkage: f64,
) -> Result<u32, StaffingError> {
    if arrivals == 0.0 || interval <= 0.0 {
        return Ok(0);
    }
    let load = Load::new(arrivals, interval, q.aht_seconds)?;
    let target = Target::new(q.target_service_level, q.target_seconds).with_shrinkage(shrinkage)?;
    let staffing = match (q.concurrency, q.patience_seconds) {
        (Some(k), _) => chat_agents(&load, &target, k)?,
        (None, Some(patience_seconds)) => {
            required_agents(&load, &target, Model::ErlangA { patience_seconds })?
        }
        (None, None) => required_agents(&load, &target, Model::ErlangC)?,
    };
    Ok(staffing.agents_with_shrinkage)
}

/// The service level `agents` productive agents reach.
fn reached(
    q: &QueueForecast,
    arrivals: f64,
    interval: f64,
    agents: f64,
) -> Result<f64, StaffingError> {
    if arrivals == 0.0 || interval <= 0.0 {
        return Ok(1.0);
    }
    let servers = agents * f64::from(q.concurrency.unwrap_or(1));
    if servers < 1e-9 {
        return Ok(0.0);
    }
    let load = Load::new(arrivals, interval, q.aht_seconds)?;
    let servers = servers.min(f64::from(super::MAX_AGENTS));
    let performance = match (q.concurrency, q.patience_seconds) {
        (None, Some(patience)) if servers >= 1.0 => {
            let n = (servers + 1e-9).floor() as u32;
            match erlang_a(&load, n, q.target_seconds, patience) {
                Ok(p) => p,
                // Fewer agents than the traffic and a queue too long to
                // compute: a service level of 0 is as good as known.
                Err(StaffingError::TooLarge { .. }) if f64::from(n) <= load.erlangs() => {
                    return Ok(0.0);
                }
                Err(e) => return Err(e),
            }
        }
        _ => erlang_c(&load, servers, q.target_seconds)?,
    };
    Ok(performance.service_level)
}

/// A team's agents on shift per interval, and the queues (by index) it serves.
struct Placed {
    queues: Vec<usize>,
    agents: Vec<f64>,
}

fn place_teams(
    forecast: &Forecast,
    roster: &ShiftPlan,
    calendars: &Calendars,
    week_of: Date,
    bounds: &[(Timestamp, String)],
) -> Result<Vec<Placed>, StaffingError> {
    let slots = bounds.len().saturating_sub(1);
    if roster.teams.len() > MAX_TEAMS {
        return Err(StaffingError::TooLarge {
            what: "teams",
            max: MAX_TEAMS,
        });
    }
    if !(0.0..1.0).contains(&roster.shrinkage) {
        return Err(invalid("shrinkage", roster.shrinkage, "from 0, below 1"));
    }
    let mut placed = Vec::with_capacity(roster.teams.len());
    for team in &roster.teams {
        let calendar = match &team.calendar {
            Some(name) => Some(calendars.get(name).ok_or(invalid(
                "calendar",
                0.0,
                "a calendar the host built",
            ))?),
            None => None,
        };
        let zone = team
            .zone
            .or(calendar.map(|c| c.zone()))
            .unwrap_or(forecast.zone);
        let queues = team
            .queues
            .iter()
            .map(|name| {
                forecast
                    .queues
                    .iter()
                    .position(|q| q.queue == *name)
                    .ok_or(invalid("queues", 0.0, "queues the forecast has"))
            })
            .collect::<Result<Vec<usize>, _>>()?;
        let distinct = queues
            .iter()
            .enumerate()
            .all(|(i, q)| !queues.iter().take(i).any(|o| o == q));
        if queues.is_empty() || !distinct {
            return Err(invalid(
                "queues",
                queues.len() as f64,
                "one or more distinct queues per team",
            ));
        }
        if team.shifts.len() > MAX_SHIFTS {
            return Err(StaffingError::TooLarge {
                what: "shifts",
                max: MAX_SHIFTS,
            });
        }
        let mut agents = vec![0.0; slots];
        let week = (bounds.first().map(|b| b.0), bounds.last().map(|b| b.0));
        let (Some(start), Some(end)) = week else {
            return Err(invalid("week_of", 0.0, "a week"));
        };
        let first = zone.date_of(start).add_days(-1).unwrap_or(week_of);
        let days = zone.date_of(end).days_since_epoch() - first.days_since_epoch();
        for shift in &team.shifts {
            if shift.days.is_empty() || shift.agents == 0 || shift.agents > super::MAX_AGENTS {
                return Err(invalid(
                    "shifts",
                    f64::from(shift.agents),
                    "days, and 1 to 200,000 agents",
                ));
            }
            // Every local date a shift starting on it could reach the week
            // from: the week's first and last instants in the team's zone,
            // from the day before (a night shift) to the last.
            for offset in 0..=days.clamp(0, 16) {
                let Some(date) = first.add_days(offset) else {
                    continue;
                };
                if !shift.days.contains(&date.weekday())
                    || calendar.is_some_and(|c| c.is_holiday(date))
                {
                    continue;
                }
                let (Ok(from), Ok(to)) = (
                    zone.instant_at(date, shift.start),
                    shift_end(zone, date, shift),
                ) else {
                    continue;
                };
                add_span(&mut agents, bounds, from, to, f64::from(shift.agents));
            }
        }
        placed.push(Placed { queues, agents });
    }
    Ok(placed)
}

fn shift_end(zone: Zone, date: Date, shift: &Shift) -> Result<Timestamp, crate::time::TimeError> {
    let day = if shift.end <= shift.start {
        date.add_days(1).unwrap_or(date)
    } else {
        date
    };
    zone.instant_at(day, shift.end)
}

/// Adds `n` agents over `[from, to)` to the intervals it overlaps, in
/// proportion (`bounds` holds each interval's start, then the week's end).
fn add_span(
    agents: &mut [f64],
    bounds: &[(Timestamp, String)],
    from: Timestamp,
    to: Timestamp,
    n: f64,
) {
    if to <= from {
        return;
    }
    // The first interval ending after `from`.
    let first = bounds
        .partition_point(|(b, _)| *b <= from)
        .saturating_sub(1);
    for (i, slot) in agents.iter_mut().enumerate().skip(first) {
        let (Some((a, _)), Some((b, _))) = (bounds.get(i), bounds.get(i + 1)) else {
            break;
        };
        let (a, b) = (*a, *b);
        if a >= to {
            break;
        }
        let overlap = to.min(b).seconds_since(from.max(a));
        let length = b.seconds_since(a);
        if overlap > 0 && length > 0 {
            *slot += n * overlap as f64 / length as f64;
        }
    }
}

/// When interval `i` of the week starts, and its label.
fn slot_start(
    forecast: &Forecast,
    week_of: Date,
    i: usize,
) -> Result<(Timestamp, String), StaffingError> {
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let minutes = i as u32 * forecast.interval_minutes;
    let day = minutes / 1_440;
    let of_day = minutes % 1_440;
    let date = week_of.add_days(i64::from(day)).unwrap_or(week_of);
    let time = WallTime::from_seconds(of_day * 60).unwrap_or(WallTime::MIDNIGHT);
    let at = forecast
        .zone
        .instant_at(date, time)
        .map_err(|_| invalid("week_of", 0.0, "a date within the years 0001 to 9999"))?;
    let name = DAYS.get(day as usize % 7).copied().unwrap_or("mon");
    Ok((at, format!("{name} {:02}:{:02}", of_day / 60, of_day % 60)))
}

/// Splits each team's agents over its queues, per interval.
fn allocate(
    forecast: &Forecast,
    teams: &[Placed],
    required: &[Vec<u32>],
    slots: usize,
) -> Vec<Vec<f64>> {
    let mut scheduled = vec![vec![0.0; slots]; forecast.queues.len()];
    for i in 0..slots {
        let given = |q: usize, n: f64, scheduled: &mut Vec<Vec<f64>>| {
            if let Some(s) = scheduled.get_mut(q).and_then(|s| s.get_mut(i)) {
                *s += n;
            }
        };
        for team in teams.iter().filter(|t| t.queues.len() == 1) {
            let n = team.agents.get(i).copied().unwrap_or(0.0);
            given(team.queues.first().copied().unwrap_or(0), n, &mut scheduled);
        }
        for team in teams.iter().filter(|t| t.queues.len() > 1) {
            let mut left = team.agents.get(i).copied().unwrap_or(0.0);
            let short = |q: usize, scheduled: &Vec<Vec<f64>>| {
                let req = required.get(q).and_then(|r| r.get(i)).copied().unwrap_or(0);
                let have = scheduled
                    .get(q)
                    .and_then(|s| s.get(i))
                    .copied()
                    .unwrap_or(0.0);
                (f64::from(req) - have).max(0.0)
            };
            let shorts: Vec<f64> = team.queues.iter().map(|&q| short(q, &scheduled)).collect();
            let total: f64 = shorts.iter().sum();
            // Enough for every shortfall: fill them; otherwise share the
            // agents in proportion to the shortfalls.
            let scale = if total <= left || total <= 0.0 {
                1.0
            } else {
                left / total
            };
            for (&q, &s) in team.queues.iter().zip(&shorts) {
                given(q, s * scale, &mut scheduled);
                left -= s * scale;
            }
            if left > 0.0 {
                let share = left / team.queues.len() as f64;
                for &q in &team.queues {
                    given(q, share, &mut scheduled);
                }
            }
        }
    }
    scheduled
}
