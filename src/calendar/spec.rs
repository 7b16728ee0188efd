//! The calendar's configuration: its JSON shape and its validation.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::holidays::{Country, holidays};
use super::{CalendarError, HORIZON_FIRST_YEAR, HORIZON_LAST_YEAR};
use crate::time::{Date, WallTime, Weekday, Zone};

/// The most intervals one day (a weekday or a dated entry) may list.
pub const MAX_INTERVALS_PER_DAY: usize = 48;
/// The most dated entries (shifts, breaks and holidays together) a calendar may list.
pub const MAX_DATED_ENTRIES: usize = 50_000;
/// The most intervals all dated shifts and breaks together may list.
pub const MAX_DATED_INTERVALS: usize = 100_000;
/// The most built-in holiday sets a calendar may name (after removing repeats).
pub const MAX_HOLIDAY_SETS: usize = 8;

/// One opening interval on the wall clock: `["09:00","17:30"]` in JSON.
///
/// The end may be `24:00`. An end earlier than the start is an **overnight**
/// interval that runs into the next day (`["22:00","06:00"]` is open until
/// 06:00 the next morning). An interval belongs to the date it starts on:
/// a holiday or a dated shift on that date replaces it whole, including its
/// part after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TimeRange(pub WallTime, pub WallTime);

impl TimeRange {
    /// Parses `start` and `end` (`HH:MM[:SS]`).
    ///
    /// # Errors
    /// [`CalendarError::Time`] for a malformed time.
    pub fn parse(start: &str, end: &str) -> Result<TimeRange, CalendarError> {
        Ok(TimeRange(WallTime::parse(start)?, WallTime::parse(end)?))
    }

    /// Start and end as seconds from the start of the day the interval
    /// belongs to; the end is after the start and at most 24 hours later.
    pub(crate) fn seconds(self, day: &str) -> Result<(u32, u32), CalendarError> {
        let (s, e) = (self.0.seconds(), self.1.seconds());
        if s == 86_400 {
            return Err(CalendarError::StartsAtEndOfDay {
                day: day.to_owned(),
            });
        }
        if s == e {
            return Err(CalendarError::EmptyInterval {
                day: day.to_owned(),
                start: self.0.to_string(),
                end: self.1.to_string(),
            });
        }
        Ok(if e > s { (s, e) } else { (s, e + 86_400) })
    }
}

/// Built-in public holidays to close a calendar on.
///
/// In JSON: `{"country":"NL"}` or `{"country":"NL","include_optional":true}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct HolidaySet {
    /// The country whose holidays apply.
    pub country: Country,
    /// Also close on the days marked optional (NL: Good Friday, Liberation Day).
    #[serde(default)]
    pub include_optional: bool,
}

impl HolidaySet {
    /// The country's public holidays, without the optional ones.
    pub fn new(country: Country) -> HolidaySet {
        HolidaySet {
            country,
            include_optional: false,
        }
    }
}

/// A business calendar's configuration, in the schedule shape of
/// zendesk/biz-style tooling plus frontline's additions.
///
/// ```json
/// {
///   "time_zone": "Europe/Amsterdam",
///   "hours": {"mon": [["09:00","12:30"], ["13:30","17:30"]], "tue": [["09:00","17:30"]]},
///   "shifts": {"2026-12-24": [["09:00","13:00"]]},
///   "breaks": {"2026-12-31": [["12:00","17:00"]]},
///   "holidays": ["2026-12-25"],
///   "public_holidays": [{"country": "NL"}]
/// }
/// ```
///
/// - `hours`: weekly opening intervals per weekday (`mon` ... `sun`); several
///   per day for split shifts; a missing weekday is closed. An overnight
///   interval (`["22:00","06:00"]`) runs into the next day.
/// - `shifts`: dates whose intervals replace the weekly hours (an empty list
///   closes the date). A shift wins over a built-in `public_holidays` date
///   (open on Easter Monday after all); a date listed in `holidays` wins over
///   a shift on it (closed), as in zendesk/biz.
/// - `breaks`: dated time off, subtracted from whatever is open then.
/// - `holidays`: closed dates (the intervals that start on them are removed).
/// - `public_holidays` (frontline's addition): built-in country holiday sets,
///   computed for every year of the horizon.
///
/// Intervals of one day must not overlap each other. An overnight interval may
/// overlap the next day's hours; open time is then their union.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a calendar object")]
#[non_exhaustive]
pub struct CalendarSpec {
    /// The IANA time zone of the wall-clock times.
    pub time_zone: Zone,
    /// Weekly opening intervals.
    pub hours: BTreeMap<Weekday, Vec<TimeRange>>,
    /// Dated intervals that replace the weekly hours.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub shifts: BTreeMap<Date, Vec<TimeRange>>,
    /// Dated time off.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub breaks: BTreeMap<Date, Vec<TimeRange>>,
    /// Closed dates.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub holidays: BTreeSet<Date>,
    /// Built-in public holidays.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub public_holidays: Vec<HolidaySet>,
}

impl CalendarSpec {
    /// A spec in `zone` with no hours yet.
    pub fn new(zone: Zone) -> CalendarSpec {
        CalendarSpec {
            time_zone: zone,
            hours: BTreeMap::new(),
            shifts: BTreeMap::new(),
            breaks: BTreeMap::new(),
            holidays: BTreeSet::new(),
            public_holidays: Vec::new(),
        }
    }

    /// Adds the interval `start`-`end` to each of `days`.
    ///
    /// # Errors
    /// [`CalendarError::Time`] for a malformed time. Overlaps are checked by
    /// [`BusinessCalendar::new`](super::BusinessCalendar::new).
    pub fn open(
        mut self,
        days: &[Weekday],
        start: &str,
        end: &str,
    ) -> Result<CalendarSpec, CalendarError> {
        let range = TimeRange::parse(start, end)?;
        for day in days {
            self.hours.entry(*day).or_default().push(range);
        }
        Ok(self)
    }

    /// Closes on the public holidays of `country` (optional days excluded).
    pub fn public_holidays(mut self, country: Country) -> CalendarSpec {
        self.public_holidays.push(HolidaySet {
            country,
            include_optional: false,
        });
        self
    }

    /// Closes on `date`.
    pub fn holiday(mut self, date: Date) -> CalendarSpec {
        self.holidays.insert(date);
        self
    }
}

/// A validated calendar's day-level rules, in seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DayRules {
    pub zone: Zone,
    /// Per weekday (Monday first), sorted intervals in seconds from the day's
    /// start; ends may pass 86,400 (overnight).
    pub weekly: [Vec<(u32, u32)>; 7],
    /// Dated replacements, keyed by days since 1970-01-01.
    pub shifts: BTreeMap<i64, Vec<(u32, u32)>>,
    /// Dated time off.
    pub breaks: BTreeMap<i64, Vec<(u32, u32)>>,
    /// Closed dates: the listed ones, and the built-in ones without shifts.
    pub holidays: BTreeSet<i64>,
}

fn day_intervals(day: &str, ranges: &[TimeRange]) -> Result<Vec<(u32, u32)>, CalendarError> {
    if ranges.len() > MAX_INTERVALS_PER_DAY {
        return Err(CalendarError::TooLarge {
            what: "intervals on one day",
            limit: MAX_INTERVALS_PER_DAY,
        });
    }
    let mut out = ranges
        .iter()
        .map(|r| r.seconds(day))
        .collect::<Result<Vec<_>, _>>()?;
    out.sort_unstable();
    for pair in out.windows(2) {
        if let [a, b] = pair
            && b.0 < a.1
        {
            let show = |(s, e): (u32, u32)| {
                let w = |x: u32| {
                    WallTime::from_seconds(x % 86_400).map_or(String::new(), |w| w.to_string())
                };
                format!(
                    "{}-{}",
                    w(s),
                    if e == 86_400 {
                        "24:00".to_owned()
                    } else {
                        w(e)
                    }
                )
            };
            return Err(CalendarError::Overlap {
                day: day.to_owned(),
                first: show(*a),
                second: show(*b),
            });
        }
    }
    Ok(out)
}

impl CalendarSpec {
    /// Checks the spec and turns it into day rules.
    pub(crate) fn validate(&self) -> Result<DayRules, CalendarError> {
        let entries = self.shifts.len() + self.breaks.len() + self.holidays.len();
        if entries > MAX_DATED_ENTRIES {
            return Err(CalendarError::TooLarge {
                what: "dated entries",
                limit: MAX_DATED_ENTRIES,
            });
        }
        let mut weekly: [Vec<(u32, u32)>; 7] = Default::default();
        for (day, ranges) in &self.hours {
            if ranges.is_empty() {
                return Err(CalendarError::EmptyWeekday {
                    day: day.to_string(),
                });
            }
            if let Some(slot) = weekly.get_mut(day.index()) {
                *slot = day_intervals(day.short_name(), ranges)?;
            }
        }
        if weekly.iter().all(Vec::is_empty) {
            return Err(CalendarError::NoOpenTime);
        }
        let mut shifts = BTreeMap::new();
        for (date, ranges) in &self.shifts {
            shifts.insert(
                date.days_since_epoch(),
                day_intervals(&date.to_string(), ranges)?,
            );
        }
        let dated: usize = self
            .shifts
            .values()
            .chain(self.breaks.values())
            .map(Vec::len)
            .sum();
        if dated > MAX_DATED_INTERVALS {
            return Err(CalendarError::TooLarge {
                what: "dated intervals",
                limit: MAX_DATED_INTERVALS,
            });
        }
        let mut breaks = BTreeMap::new();
        for (date, ranges) in &self.breaks {
            breaks.insert(
                date.days_since_epoch(),
                day_intervals(&date.to_string(), ranges)?,
            );
        }
        let mut holidays: BTreeSet<i64> =
            self.holidays.iter().map(|d| d.days_since_epoch()).collect();
        let mut sets: Vec<HolidaySet> = Vec::new();
        for set in &self.public_holidays {
            if !sets.contains(set) {
                sets.push(*set);
            }
        }
        if sets.len() > MAX_HOLIDAY_SETS {
            return Err(CalendarError::TooLarge {
                what: "holiday sets",
                limit: MAX_HOLIDAY_SETS,
            });
        }
        for set in &sets {
            for year in HORIZON_FIRST_YEAR..=HORIZON_LAST_YEAR {
                for h in holidays_of(set, year) {
                    let day = h.days_since_epoch();
                    if !shifts.contains_key(&day) {
                        holidays.insert(day);
                    }
                }
            }
        }
        Ok(DayRules {
            zone: self.time_zone,
            weekly,
            shifts,
            breaks,
            holidays,
        })
    }
}

fn holidays_of(set: &HolidaySet, year: i32) -> Vec<Date> {
    holidays(set.country, year)
        .into_iter()
        .filter(|h| set.include_optional || !h.optional)
        .map(|h| h.date)
        .collect()
}

impl DayRules {
    /// The intervals that start on `day`: nothing on a holiday, else its
    /// shifts, else the weekly hours of its weekday.
    pub fn own_intervals(&self, day: i64) -> &[(u32, u32)] {
        if self.holidays.contains(&day) {
            return &[];
        }
        if let Some(s) = self.shifts.get(&day) {
            return s;
        }
        let weekday = (day + 3).rem_euclid(7) as usize; // 1970-01-01 was a Thursday
        self.weekly.get(weekday).map_or(&[], Vec::as_slice)
    }
}
