//! `business_hours`: this week's opening hours in words.

use crate::calendar::BusinessCalendar;
use crate::time::{Date, Timestamp, WallTime, WordsLang, Zone, clock, day_name};

/// An open period of a day: start, end, and whether it runs to midnight.
type Period = (Timestamp, Timestamp, bool);

/// This week's opening hours in `zone` (Monday to Sunday of `now`'s week,
/// or of the next week on a Sunday; holidays included), days with the
/// same hours joined: "maandag–vrijdag 09:00–17:00; zaterdag 10:00–14:00".
/// Each day's periods are read within the day; one that runs to midnight
/// and on into the next day shows once, on the day it opens
/// ("22:00–06:00"). `None` when the calendar is closed all week or the
/// week is outside its horizon.
pub(super) fn describe(
    calendar: &BusinessCalendar,
    now: Timestamp,
    zone: Zone,
    lang: WordsLang,
) -> Option<String> {
    let today = zone.date_of(now);
    let weekday = today.weekday().index() as i64;
    let monday = if weekday == 6 {
        today.add_days(1)?
    } else {
        today.add_days(-weekday)?
    };
    let midnight = WallTime::from_seconds(0)?;
    // Periods per day (start, end, whether it runs to midnight), for the
    // week and the day after (to finish a Sunday night).
    let mut per_day: Vec<(Date, Vec<Period>)> = Vec::with_capacity(8);
    for d in 0..8 {
        let date = monday.add_days(d)?;
        let from = zone.instant_at(date, midnight).ok()?;
        let to = zone.instant_at(date.add_days(1)?, midnight).ok()?;
        let periods = calendar
            .open_intervals(from, to)
            .ok()?
            .into_iter()
            .map(|(a, b)| (a, b, b == to))
            .collect();
        per_day.push((date, periods));
    }
    let mut days: Vec<(Date, String)> = Vec::with_capacity(7);
    for d in 0..7usize {
        let (date, periods) = per_day.get(d)?;
        let mut hours: Vec<String> = Vec::new();
        for (k, &(a, b, to_midnight)) in periods.iter().enumerate() {
            // The first period of a day that continues one from the day
            // before was shown there.
            let continues = k == 0
                && d > 0
                && per_day
                    .get(d - 1)
                    .and_then(|(_, p)| p.last())
                    .is_some_and(|&(_, _, m)| m)
                && clock(a, zone) == "00:00"
                && !to_midnight;
            if continues {
                continue;
            }
            let mut end = if to_midnight {
                "24:00".to_owned()
            } else {
                clock(b, zone)
            };
            // Running to midnight into a next day that opens at 00:00: show
            // where it ends then (unless that day is open all day too).
            if to_midnight
                && let Some((_, next)) = per_day.get(d + 1)
                && let Some(&(na, nb, nm)) = next.first()
                && clock(na, zone) == "00:00"
                && !nm
            {
                end = clock(nb, zone);
            }
            hours.push(format!("{}–{end}", clock(a, zone)));
        }
        days.push((*date, hours.join(", ")));
    }
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some((first, hours)) = days.get(i) {
        let mut j = i;
        while days.get(j + 1).is_some_and(|(_, h)| h == hours) {
            j += 1;
        }
        if !hours.is_empty() {
            let last = days.get(j).map_or(*first, |(d, _)| *d);
            let span = if j == i {
                day_name(*first, lang)
            } else {
                format!("{}–{}", day_name(*first, lang), day_name(last, lang))
            };
            parts.push(format!("{span} {hours}"));
        }
        i = j + 1;
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}
