//! `business_hours`: this week's opening hours in words.

use crate::calendar::BusinessCalendar;
use crate::time::{Date, Timestamp, WallTime, WordsLang, clock, day_name};

/// This week's opening hours (Monday to Sunday of `now`'s week, in the
/// calendar's zone, holidays included), days with the same hours joined:
/// "maandag–vrijdag 09:00–17:00; zaterdag 10:00–14:00". `None` when the
/// calendar is closed all week or the week is outside its horizon.
pub(super) fn describe(
    calendar: &BusinessCalendar,
    now: Timestamp,
    lang: WordsLang,
) -> Option<String> {
    let zone = calendar.zone();
    let today = zone.date_of(now);
    let monday = today.add_days(-(today.weekday().index() as i64))?;
    let midnight = WallTime::from_seconds(0)?;
    let mut days: Vec<(Date, String)> = Vec::with_capacity(7);
    for d in 0..7 {
        let date = monday.add_days(d)?;
        let from = zone.instant_at(date, midnight).ok()?;
        let to = zone.instant_at(date.add_days(1)?, midnight).ok()?;
        let hours: Vec<String> = calendar
            .open_intervals(from, to)
            .ok()?
            .into_iter()
            .map(|(a, b)| {
                let end = if b == to {
                    "24:00".to_owned()
                } else {
                    clock(b, zone)
                };
                format!("{}–{end}", clock(a, zone))
            })
            .collect();
        days.push((date, hours.join(", ")));
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
