//! `business_hours`: this week's opening hours in words.

use crate::calendar::BusinessCalendar;
use crate::time::{Date, Timestamp, WallTime, WordsLang, Zone, clock, day_name};

/// This week's opening hours in `zone` (Monday to Sunday of `now`'s week,
/// or of the next week on a Sunday; holidays included), each period on the
/// day it opens (an overnight shift reads "22:00–06:00"), days with the
/// same hours joined: "maandag–vrijdag 09:00–17:00; zaterdag 10:00–14:00".
/// `None` when the calendar is closed all week or the week is outside its
/// horizon.
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
    let from = zone.instant_at(monday, midnight).ok()?;
    let to = zone.instant_at(monday.add_days(7)?, midnight).ok()?;
    // One pass: periods that run past Sunday midnight are cut there, so
    // read a day further and keep those that open within the week.
    let past = zone.instant_at(monday.add_days(8)?, midnight).ok()?;
    let periods = calendar.open_intervals(from, past).ok()?;
    let mut days: Vec<(Date, Vec<String>)> = (0..7)
        .filter_map(|d| Some((monday.add_days(d)?, Vec::new())))
        .collect();
    // A shift that began on the Sunday before shows there, not as a
    // Monday morning.
    let carried = calendar
        .is_open(from.saturating_add_seconds(-1))
        .unwrap_or(false);
    for (a, b) in periods
        .into_iter()
        .filter(|(a, _)| *a < to && !(carried && *a == from))
    {
        let day = zone.date_of(a);
        if let Some((_, hours)) = days.iter_mut().find(|(d, _)| *d == day) {
            hours.push(format!("{}–{}", clock(a, zone), clock(b, zone)));
        }
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
            parts.push(format!("{span} {}", hours.join(", ")));
        }
        i = j + 1;
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}
