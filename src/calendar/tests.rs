//! Calendar behaviour: scenarios written from the documented semantics, and
//! properties checked against a brute-force model.

use chrono::{LocalResult, NaiveDate, TimeZone};
use proptest::prelude::*;

use super::*;
use crate::time::Weekday::{self, *};

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn office() -> BusinessCalendar {
    let spec = CalendarSpec::new("Europe/Amsterdam".parse().unwrap())
        .open(&[Mon, Tue, Wed, Thu, Fri], "09:00", "12:30")
        .unwrap()
        .open(&[Mon, Tue, Wed, Thu, Fri], "13:30", "17:30")
        .unwrap()
        .public_holidays(Country::Netherlands);
    BusinessCalendar::new(&spec).unwrap()
}

fn calendar(zone: &str, days: &[Weekday], start: &str, end: &str) -> BusinessCalendar {
    let spec = CalendarSpec::new(zone.parse().unwrap())
        .open(days, start, end)
        .unwrap();
    BusinessCalendar::new(&spec).unwrap()
}

const ALL_DAYS: [Weekday; 7] = [Mon, Tue, Wed, Thu, Fri, Sat, Sun];

#[test]
fn exact_fill_and_zero() {
    let c = calendar("UTC", &[Mon, Tue, Wed, Thu, Fri], "09:00", "17:00");
    // One hour from 16:00 with a 17:00 close is 17:00, not the next morning.
    assert_eq!(
        c.add(t("2026-03-02T16:00:00Z"), 3600).unwrap(),
        t("2026-03-02T17:00:00Z")
    );
    assert_eq!(
        c.add(t("2026-03-02T16:00:00Z"), 3601).unwrap(),
        t("2026-03-03T09:00:01Z")
    );
    assert_eq!(
        c.add(t("2026-03-02T20:00:00Z"), 0).unwrap(),
        t("2026-03-02T20:00:00Z")
    );
    // Friday 16:00 + 2 h is Monday 10:00.
    assert_eq!(
        c.add(t("2026-03-06T16:00:00Z"), 7200).unwrap(),
        t("2026-03-09T10:00:00Z")
    );
    assert_eq!(
        c.sub(t("2026-03-09T10:00:00Z"), 7200).unwrap(),
        t("2026-03-06T16:00:00Z")
    );
    // Backward exact fill: 1 h before Tuesday 10:00 is Tuesday 09:00.
    assert_eq!(
        c.sub(t("2026-03-03T10:00:00Z"), 3600).unwrap(),
        t("2026-03-03T09:00:00Z")
    );
    assert_eq!(
        c.between(t("2026-03-06T16:00:00Z"), t("2026-03-09T10:00:00Z"))
            .unwrap(),
        7200
    );
    assert_eq!(
        c.between(t("2026-03-09T10:00:00Z"), t("2026-03-06T16:00:00Z"))
            .unwrap(),
        0
    );
    assert!(c.add(t("2026-03-02T16:00:00Z"), -1).is_err());
}

#[test]
fn the_issue_example() {
    // The issue's example: Friday 27 March 2026, 16:00 in Amsterdam, plus 2
    // business hours with a 17:00 close: 1 hour on Friday, 1 on Monday from
    // 09:00 CEST (the clocks went forward on Sunday): 10:00 CEST.
    let c = calendar(
        "Europe/Amsterdam",
        &[Mon, Tue, Wed, Thu, Fri],
        "09:00",
        "17:00",
    );
    let due = c.add(t("2026-03-27T15:00:00Z"), 7200).unwrap();
    assert_eq!(due, t("2026-03-30T08:00:00Z"));
    // With the 17:30 close of the office calendar: 09:30 CEST.
    assert_eq!(
        office().add(t("2026-03-27T15:00:00Z"), 7200).unwrap(),
        t("2026-03-30T07:30:00Z")
    );
}

#[test]
fn split_shift_lunch_is_closed() {
    let c = office();
    assert!(c.is_open(t("2026-03-03T11:00:00Z")).unwrap()); // 12:00 CET
    assert!(!c.is_open(t("2026-03-03T12:00:00Z")).unwrap()); // 13:00, lunch
    assert_eq!(
        c.next_open(t("2026-03-03T12:00:00Z")).unwrap(),
        t("2026-03-03T12:30:00Z")
    );
    assert_eq!(
        c.next_close(t("2026-03-03T08:00:00Z")).unwrap(),
        t("2026-03-03T11:30:00Z")
    );
    // A full business day is 7.5 hours.
    assert_eq!(
        c.between(t("2026-03-03T00:00:00Z"), t("2026-03-04T00:00:00Z"))
            .unwrap(),
        27_000
    );
}

#[test]
fn holidays_close_and_shifts_override() {
    let c = office();
    // King's Day 2026 (Monday 27 April) and Christmas.
    assert!(c.is_holiday(Date::parse("2026-04-27").unwrap()));
    assert_eq!(
        c.between(t("2026-04-27T00:00:00Z"), t("2026-04-28T00:00:00Z"))
            .unwrap(),
        0
    );
    assert!(!c.is_business_date(Date::parse("2026-12-25").unwrap()));
    // A shift on Easter Monday opens it after all.
    let mut spec = CalendarSpec::new("Europe/Amsterdam".parse().unwrap())
        .open(&[Mon, Tue, Wed, Thu, Fri], "09:00", "17:00")
        .unwrap()
        .public_holidays(Country::Netherlands);
    spec.shifts.insert(
        Date::parse("2026-04-06").unwrap(),
        vec![TimeRange::parse("10:00", "14:00").unwrap()],
    );
    let c = BusinessCalendar::new(&spec).unwrap();
    assert!(!c.is_holiday(Date::parse("2026-04-06").unwrap()));
    assert_eq!(
        c.between(t("2026-04-06T00:00:00Z"), t("2026-04-07T00:00:00Z"))
            .unwrap(),
        4 * 3600
    );
    // A date both in `holidays` and in `shifts` is a build error.
    // A date listed in `holidays` wins over a shift on it, as in zendesk/biz.
    spec.holidays.insert(Date::parse("2026-04-06").unwrap());
    let c = BusinessCalendar::new(&spec).unwrap();
    assert!(c.is_holiday(Date::parse("2026-04-06").unwrap()));
    assert_eq!(
        c.between(t("2026-04-06T00:00:00Z"), t("2026-04-07T00:00:00Z"))
            .unwrap(),
        0
    );
}

#[test]
fn breaks_subtract_time() {
    let mut spec = CalendarSpec::new(Zone::UTC)
        .open(&ALL_DAYS, "09:00", "17:00")
        .unwrap();
    spec.breaks.insert(
        Date::parse("2026-12-31").unwrap(),
        vec![TimeRange::parse("12:00", "17:00").unwrap()],
    );
    let c = BusinessCalendar::new(&spec).unwrap();
    assert_eq!(
        c.between(t("2026-12-31T00:00:00Z"), t("2027-01-01T00:00:00Z"))
            .unwrap(),
        3 * 3600
    );
    assert!(c.on_break(t("2026-12-31T13:00:00Z")));
    assert!(!c.on_break(t("2026-12-31T11:00:00Z")));
    assert!(c.is_business_date(Date::parse("2026-12-31").unwrap()));
}

#[test]
fn overnight_shifts_and_dst_nights() {
    let night = calendar("Europe/Amsterdam", &ALL_DAYS, "22:00", "06:00");
    // An ordinary night: 8 hours.
    assert_eq!(
        night
            .between(t("2026-03-10T12:00:00Z"), t("2026-03-11T12:00:00Z"))
            .unwrap(),
        8 * 3600
    );
    // The night the clocks go forward (28-29 March 2026): 7 hours.
    assert_eq!(
        night
            .between(t("2026-03-28T12:00:00Z"), t("2026-03-29T12:00:00Z"))
            .unwrap(),
        7 * 3600
    );
    // The night they go back (24-25 October 2026): 9 hours.
    assert_eq!(
        night
            .between(t("2026-10-24T12:00:00Z"), t("2026-10-25T12:00:00Z"))
            .unwrap(),
        9 * 3600
    );
    // An overnight shift whose end (02:15) falls in the gap ends at 03:15 CEST.
    let sat = calendar("Europe/Amsterdam", &[Sat], "20:15", "02:15");
    let gap_night = sat
        .open_intervals(t("2026-03-28T12:00:00Z"), t("2026-03-29T12:00:00Z"))
        .unwrap();
    assert_eq!(
        gap_night,
        [(t("2026-03-28T19:15:00Z"), t("2026-03-29T01:15:00Z"))]
    );
    // Open at 23:00 local, closed at 07:00.
    assert!(night.is_open(t("2026-03-10T22:00:00Z")).unwrap());
    assert!(!night.is_open(t("2026-03-11T06:00:00Z")).unwrap());
}

#[test]
fn wall_times_in_gaps_and_folds() {
    // 02:30-06:00 every day in Amsterdam.
    let c = calendar("Europe/Amsterdam", &ALL_DAYS, "02:30", "06:00");
    // Spring forward: 02:30 does not exist and moves forward by the gap to
    // 03:30 CEST, so the day has 2.5 hours.
    assert_eq!(
        c.between(t("2026-03-28T12:00:00Z"), t("2026-03-29T12:00:00Z"))
            .unwrap(),
        9000
    );
    assert_eq!(
        c.next_open(t("2026-03-28T12:00:00Z")).unwrap(),
        t("2026-03-29T01:30:00Z")
    );
    // Fall back: 02:30 happens twice; the interval starts at the first (CEST),
    // and runs to 06:00 CET: 4.5 hours.
    assert_eq!(
        c.between(t("2026-10-24T12:00:00Z"), t("2026-10-25T12:00:00Z"))
            .unwrap(),
        16_200
    );
    assert_eq!(
        c.next_open(t("2026-10-24T12:00:00Z")).unwrap(),
        t("2026-10-25T00:30:00Z")
    );
}

#[test]
fn lord_howe_half_hour_gap() {
    // Lord Howe moves its clocks forward 30 minutes at 02:00 on 4 October 2026.
    let c = calendar("Australia/Lord_Howe", &ALL_DAYS, "02:15", "04:00");
    // 02:15 is in the gap: it moves forward 30 minutes to 02:45, so 1.25 hours.
    assert_eq!(
        c.between(t("2026-10-03T00:00:00Z"), t("2026-10-04T00:00:00Z"))
            .unwrap(),
        4500
    );
    assert_eq!(
        c.next_open(t("2026-10-03T00:00:00Z")).unwrap(),
        t("2026-10-03T15:45:00Z")
    );
}

#[test]
fn zones_that_switch_at_midnight() {
    // Sao Paulo skipped from 00:00 to 01:00 on 18 October 2015.
    let c = calendar("America/Sao_Paulo", &ALL_DAYS, "00:00", "24:00");
    let day = c
        .between(t("2015-10-18T03:00:00Z"), t("2015-10-19T02:00:00Z"))
        .unwrap();
    assert_eq!(day, 23 * 3600);
    // 24/7 means open across the gap too.
    assert!(c.is_open(t("2015-10-18T02:59:59Z")).unwrap());
    assert!(c.is_open(t("2015-10-18T03:00:00Z")).unwrap());
}

#[test]
fn holiday_on_an_overnight_shift_removes_the_shift_that_starts_on_it() {
    let spec = CalendarSpec::new(Zone::UTC)
        .open(&ALL_DAYS, "22:00", "06:00")
        .unwrap()
        .holiday(Date::parse("2026-12-25").unwrap());
    let c = BusinessCalendar::new(&spec).unwrap();
    // The night of the 24th runs into the 25th as usual ...
    assert!(c.is_open(t("2026-12-25T05:00:00Z")).unwrap());
    // ... the night of the 25th is gone, including its hours on the 26th.
    assert!(!c.is_open(t("2026-12-25T23:00:00Z")).unwrap());
    assert!(!c.is_open(t("2026-12-26T05:00:00Z")).unwrap());
    assert_eq!(
        c.between(t("2026-12-25T06:00:00Z"), t("2026-12-26T22:00:00Z"))
            .unwrap(),
        0
    );
}

#[test]
fn union_and_intersection_follow_the_sun() {
    let ams = calendar(
        "Europe/Amsterdam",
        &[Mon, Tue, Wed, Thu, Fri],
        "09:00",
        "17:00",
    );
    let nyc = calendar(
        "America/New_York",
        &[Mon, Tue, Wed, Thu, Fri],
        "09:00",
        "17:00",
    );
    let either = ams.union(&nyc).unwrap();
    let both = ams.intersection(&nyc).unwrap();
    // Tuesday 3 March 2026: Amsterdam 08:00-16:00Z, New York 14:00-22:00Z.
    let (a, b) = (t("2026-03-03T00:00:00Z"), t("2026-03-04T00:00:00Z"));
    assert_eq!(either.between(a, b).unwrap(), 14 * 3600);
    assert_eq!(both.between(a, b).unwrap(), 2 * 3600);
    // In the weeks when the US has moved its clocks and Europe has not
    // (9-28 March 2026), the overlap is 3 hours.
    let (a, b) = (t("2026-03-10T00:00:00Z"), t("2026-03-11T00:00:00Z"));
    assert_eq!(both.between(a, b).unwrap(), 3 * 3600);
    assert_eq!(
        either.add(t("2026-03-03T21:30:00Z"), 3600).unwrap(),
        t("2026-03-04T08:30:00Z")
    );
}

#[test]
fn validation_errors() {
    let zone = Zone::UTC;
    let spec = |json: &str| -> Result<BusinessCalendar, String> {
        let spec: CalendarSpec = serde_json::from_str(json).map_err(|e| e.to_string())?;
        BusinessCalendar::new(&spec).map_err(|e| e.code().to_owned())
    };
    let _ = zone;
    assert_eq!(
        spec(r#"{"time_zone":"UTC","hours":{}}"#).unwrap_err(),
        "calendar.no_open_time"
    );
    assert_eq!(
        spec(r#"{"time_zone":"UTC","hours":{"mon":[]}}"#).unwrap_err(),
        "calendar.empty_weekday"
    );
    assert_eq!(
        spec(r#"{"time_zone":"UTC","hours":{"mon":[["09:00","09:00"]]}}"#).unwrap_err(),
        "calendar.empty_interval"
    );
    assert_eq!(
        spec(r#"{"time_zone":"UTC","hours":{"mon":[["09:00","13:00"],["12:00","17:00"]]}}"#)
            .unwrap_err(),
        "calendar.overlap"
    );
    assert_eq!(
        spec(r#"{"time_zone":"UTC","hours":{"mon":[["24:00","02:00"]]}}"#).unwrap_err(),
        "calendar.starts_at_end_of_day"
    );
    assert!(spec(r#"{"time_zone":"Mars/Base","hours":{"mon":[["09:00","17:00"]]}}"#).is_err());
    assert!(
        spec(r#"{"time_zone":"UTC","hours":{"mon":[["09:00","17:00"]]},"colour":"red"}"#).is_err()
    );
    assert!(spec(r#"{"time_zone":"UTC","hours":{"mon":[["09:00","17:00"]]},"public_holidays":[{"country":"XX"}]}"#).is_err());
    // Overnight intervals are accepted (zendesk/biz refuses them).
    assert!(spec(r#"{"time_zone":"UTC","hours":{"mon":[["22:00","06:00"]]}}"#).is_ok());
}

#[test]
fn horizon_is_enforced() {
    let c = calendar("UTC", &ALL_DAYS, "09:00", "17:00");
    assert_eq!(
        c.add(t("1969-12-31T23:59:59Z"), 1).unwrap_err().code(),
        "calendar.outside_horizon"
    );
    assert_eq!(
        c.add(t("2099-12-31T16:00:00Z"), 7200).unwrap_err().code(),
        "calendar.outside_horizon"
    );
    assert_eq!(
        c.sub(t("1970-01-01T10:00:00Z"), 7200).unwrap_err().code(),
        "calendar.outside_horizon"
    );
    assert!(c.add(t("2099-12-31T16:00:00Z"), 3600).is_ok());
    // Ten years ahead in one step.
    let ten_years = 10 * 365 * 8 * 3600;
    let due = c.add(t("2026-01-01T09:00:00Z"), ten_years).unwrap();
    assert_eq!(
        c.between(t("2026-01-01T09:00:00Z"), due).unwrap(),
        ten_years
    );
}

#[test]
fn periods_forward_and_backward() {
    let c = calendar("UTC", &[Mon, Wed], "09:00", "17:00");
    let after: Vec<_> = c
        .periods_after(t("2026-03-02T12:00:00Z"))
        .unwrap()
        .take(2)
        .collect();
    assert_eq!(
        after,
        [
            (t("2026-03-02T12:00:00Z"), t("2026-03-02T17:00:00Z")),
            (t("2026-03-04T09:00:00Z"), t("2026-03-04T17:00:00Z"))
        ]
    );
    let before: Vec<_> = c
        .periods_before(t("2026-03-04T12:00:00Z"))
        .unwrap()
        .take(2)
        .collect();
    assert_eq!(
        before,
        [
            (t("2026-03-04T09:00:00Z"), t("2026-03-04T12:00:00Z")),
            (t("2026-03-02T09:00:00Z"), t("2026-03-02T17:00:00Z"))
        ]
    );
    assert_eq!(
        c.open_intervals(t("2026-03-01T00:00:00Z"), t("2026-03-04T10:00:00Z"))
            .unwrap()
            .len(),
        2
    );
    // 24/7 runs are merged across weeks.
    let always = calendar("UTC", &ALL_DAYS, "00:00", "24:00");
    let all = always
        .open_intervals(t("2026-03-01T00:00:00Z"), t("2026-04-01T00:00:00Z"))
        .unwrap();
    assert_eq!(
        all,
        [(t("2026-03-01T00:00:00Z"), t("2026-04-01T00:00:00Z"))]
    );
    assert_eq!(
        always
            .next_close(t("2026-03-01T00:00:00Z"))
            .unwrap_err()
            .code(),
        "calendar.no_more_open_time"
    );
}

#[test]
fn business_days() {
    let c = calendar("UTC", &[Mon, Tue, Wed, Thu, Fri], "09:00", "17:00");
    // Friday 12:00 + 2 business days: Tuesday 12:00.
    assert_eq!(
        c.add_business_days(t("2026-03-06T12:00:00Z"), 2).unwrap(),
        t("2026-03-10T12:00:00Z")
    );
    // Tuesday 18:00 + 1: Wednesday 18:00 is closed, so Thursday 09:00.
    assert_eq!(
        c.add_business_days(t("2026-03-03T18:00:00Z"), 1).unwrap(),
        t("2026-03-05T09:00:00Z")
    );
    // Thursday 08:00 - 2: Tuesday 08:00 is closed, so Monday 17:00.
    assert_eq!(
        c.sub_business_days(t("2026-03-05T08:00:00Z"), 2).unwrap(),
        t("2026-03-02T17:00:00Z")
    );
    assert_eq!(
        c.business_dates_after(Date::parse("2026-03-06").unwrap(), 2),
        [
            Date::parse("2026-03-09").unwrap(),
            Date::parse("2026-03-10").unwrap()
        ]
    );
}

// ---- Properties against a brute-force model --------------------------------

/// Resolves a local wall time with chrono-tz directly (independently of the
/// crate's transition table): gaps move forward by their length, folds take
/// the earlier instant.
fn naive_resolve(zone: chrono_tz::Tz, day: i64, secs: i64) -> i64 {
    let date = NaiveDate::from_num_days_from_ce_opt((day + 719_163) as i32).unwrap();
    let local = date.and_hms_opt(0, 0, 0).unwrap() + chrono::Duration::seconds(secs);
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => t.timestamp(),
        LocalResult::Ambiguous(a, b) => a.timestamp().min(b.timestamp()),
        LocalResult::None => {
            // Read with the offset in force before the gap: the one a day
            // earlier (offset changes are months apart).
            let before = zone
                .offset_from_utc_datetime(&(local - chrono::Duration::days(1)))
                .fix()
                .local_minus_utc();
            local.and_utc().timestamp() - i64::from(before)
        }
    }
}

use chrono::Offset;

/// Open intervals of a simple calendar over the days `[d0, d1)`, by brute force.
fn naive_intervals(spec: &CalendarSpec, d0: i64, d1: i64) -> Vec<(i64, i64)> {
    let rules = spec.validate().unwrap();
    let zone: chrono_tz::Tz = spec.time_zone.name().parse().unwrap();
    let mut open = Vec::new();
    let mut off = Vec::new();
    for d in (d0 - 1)..d1 {
        for &(s, e) in rules.own_intervals(d) {
            open.push((
                naive_resolve(zone, d, s.into()),
                naive_resolve(zone, d, e.into()),
            ));
        }
        for &(s, e) in rules.breaks.get(&d).map_or(&[][..], Vec::as_slice) {
            off.push((
                naive_resolve(zone, d, s.into()),
                naive_resolve(zone, d, e.into()),
            ));
        }
    }
    timeline::subtract(&timeline::merge(open), &timeline::merge(off))
}

fn naive_between(ivs: &[(i64, i64)], a: i64, b: i64) -> i64 {
    ivs.iter().map(|&(s, e)| (e.min(b) - s.max(a)).max(0)).sum()
}

const ZONES: [&str; 7] = [
    "UTC",
    "Europe/Amsterdam",
    "America/New_York",
    "Australia/Lord_Howe",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Pacific/Chatham",
];

fn any_spec() -> impl Strategy<Value = CalendarSpec> {
    let range = (0u32..96, 1u32..96).prop_map(|(s, len)| {
        let w = |q: u32| WallTime::from_seconds(q * 900).unwrap();
        TimeRange(w(s), w((s + len) % 96))
    });
    (
        0usize..ZONES.len(),
        proptest::collection::vec((0usize..7, range.clone()), 1..8),
        proptest::collection::vec(
            (0i64..60, proptest::collection::vec(range.clone(), 0..2)),
            0..4,
        ),
        proptest::collection::vec((0i64..60, range), 0..3),
        proptest::collection::vec(0i64..60, 0..4),
    )
        .prop_filter_map(
            "valid calendars only",
            |(z, hours, shifts, breaks, holidays)| {
                // Days around the DST changes of 2026 in both hemispheres.
                let base = Date::parse("2026-03-01").unwrap();
                let date = |k: i64| base.add_days(k + if k % 2 == 0 { 0 } else { 200 }).unwrap();
                let mut spec = CalendarSpec::new(ZONES[z].parse().unwrap());
                for (day, r) in hours {
                    spec.hours
                        .entry(Weekday::from_index(day))
                        .or_default()
                        .push(r);
                }
                for (k, rs) in shifts {
                    spec.shifts.insert(date(k), rs);
                }
                for (k, r) in breaks {
                    spec.breaks.entry(date(k)).or_default().push(r);
                }
                for k in holidays {
                    if !spec.shifts.contains_key(&date(k)) {
                        spec.holidays.insert(date(k));
                    }
                }
                BusinessCalendar::new(&spec).ok().map(|_| spec)
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Business time between random instants equals a brute-force sum over
    /// intervals resolved independently with chrono-tz.
    #[test]
    fn between_matches_brute_force(spec in any_spec(), a in 0i64..(400 * 86_400), len in 0i64..(60 * 86_400)) {
        let c = BusinessCalendar::new(&spec).unwrap();
        let start = 1_767_225_600 + a; // from 2026-01-01
        let end = start + len;
        let d0 = start.div_euclid(86_400) - 2;
        let d1 = end.div_euclid(86_400) + 3;
        let ivs = naive_intervals(&spec, d0, d1);
        let got = c.between(ts(start), ts(end)).unwrap();
        prop_assert_eq!(got, naive_between(&ivs, start, end));
        let open = ivs.iter().any(|&(s, e)| s <= start && start < e);
        prop_assert_eq!(c.is_open(ts(start)).unwrap(), open);
    }

    /// add, sub and between agree: between(s, add(s, d)) == d, add is the
    /// earliest such instant, and sub mirrors it.
    #[test]
    fn add_sub_between_agree(spec in any_spec(), a in 0i64..(400 * 86_400), d in 0i64..(30 * 86_400)) {
        let c = BusinessCalendar::new(&spec).unwrap();
        let s = ts(1_767_225_600 + a);
        let e = c.add(s, d).unwrap();
        prop_assert!(e >= s);
        prop_assert_eq!(c.between(s, e).unwrap(), d);
        if d > 0 {
            // One second earlier is not enough: add is the earliest.
            prop_assert_eq!(c.between(s, ts(e.as_unix_seconds() - 1)).unwrap(), d - 1);
        }
        let back = c.sub(e, d).unwrap();
        prop_assert!(back >= s && back <= e);
        prop_assert_eq!(c.between(back, e).unwrap(), d);
        prop_assert_eq!(c.between(s, back).unwrap(), 0);
        // Monotonic in the duration.
        let more = c.add(s, d + 1).unwrap();
        prop_assert!(more > e);
    }

    /// Union and intersection: open-ness is `or` / `and`, and business time
    /// obeys inclusion-exclusion.
    #[test]
    fn union_intersection_laws(x in any_spec(), y in any_spec(), a in 0i64..(400 * 86_400), len in 0i64..(20 * 86_400)) {
        let (cx, cy) = (BusinessCalendar::new(&x).unwrap(), BusinessCalendar::new(&y).unwrap());
        let u = cx.union(&cy).unwrap();
        let (s, e) = (ts(1_767_225_600 + a), ts(1_767_225_600 + a + len));
        let b = |c: &BusinessCalendar| c.between(s, e).unwrap();
        match cx.intersection(&cy) {
            Ok(i) => {
                prop_assert_eq!(b(&u) + b(&i), b(&cx) + b(&cy));
                prop_assert_eq!(i.is_open(s).unwrap(), cx.is_open(s).unwrap() && cy.is_open(s).unwrap());
            }
            // Never open together: the union is the sum.
            Err(CalendarError::NoOpenTime) => prop_assert_eq!(b(&u), b(&cx) + b(&cy)),
            Err(other) => prop_assert!(false, "{other}"),
        }
        prop_assert_eq!(u.is_open(s).unwrap(), cx.is_open(s).unwrap() || cy.is_open(s).unwrap());
        if b(&u) > 0 {
            let due = u.add(s, b(&u)).unwrap();
            prop_assert!(due <= e);
        }
    }

    #[test]
    fn calendar_json_never_panics(s in "\\PC{0,200}") {
        let _ = serde_json::from_str::<BusinessCalendar>(&s);
    }
}

#[test]
fn review_fixes() {
    // add_business_days(t, 0) never goes back, even in a fold: the second
    // 02:30 of the night the clocks go back in Amsterdam.
    let always = calendar("Europe/Amsterdam", &ALL_DAYS, "00:00", "24:00");
    let second_0230 = t("2026-10-25T01:30:00Z");
    assert_eq!(
        always.add_business_days(second_0230, 0).unwrap(),
        second_0230
    );
    assert_eq!(
        always.sub_business_days(second_0230, 0).unwrap(),
        second_0230
    );
    // At the horizon's end: open at 2100-01-01T00:00Z (a Friday) means the
    // close lies beyond the horizon; a calendar that opens then opens within it.
    let fridays = calendar("UTC", &[Fri], "00:00", "09:00");
    let h1 = t("2100-01-01T00:00:00Z");
    assert_eq!(
        fridays.next_close(h1).unwrap_err().code(),
        "calendar.no_more_open_time"
    );
    assert_eq!(fridays.next_open(t("2099-12-31T12:00:00Z")).unwrap(), h1);
    // Two calendars never open together make no calendar.
    let mon = calendar("UTC", &[Mon], "09:00", "17:00");
    let tue = calendar("UTC", &[Tue], "09:00", "17:00");
    assert_eq!(
        mon.intersection(&tue).unwrap_err().code(),
        "calendar.no_open_time"
    );
    // A month of a 24/7 calendar is one period, found without walking weeks.
    let month = always
        .open_intervals(t("2026-03-01T00:00:00Z"), t("2026-04-01T00:00:00Z"))
        .unwrap();
    assert_eq!(
        month,
        [(t("2026-03-01T00:00:00Z"), t("2026-04-01T00:00:00Z"))]
    );
    // Repeated holiday sets are merged; too many distinct ones are refused.
    let mut spec = CalendarSpec::new(Zone::UTC)
        .open(&[Mon], "09:00", "17:00")
        .unwrap();
    for _ in 0..100 {
        spec = spec.public_holidays(Country::Netherlands);
    }
    assert!(BusinessCalendar::new(&spec).is_ok());
    let json = r#"{"time_zone":"UTC","hours":{"mon":[["09:00","17:00"]]},"public_holidays":[{"country":"UK"}]}"#;
    assert!(BusinessCalendar::new(&serde_json::from_str(json).unwrap()).is_ok());
}

#[test]
fn many_daily_shifts_use_a_binary_search() {
    // Ten years of dated shifts, one explicit stretch: add stays exact.
    let mut spec = CalendarSpec::new(Zone::UTC)
        .open(&[Sun], "09:00", "10:00")
        .unwrap();
    let start = Date::parse("2026-01-01").unwrap();
    for i in 0..3_650 {
        spec.shifts.insert(
            start.add_days(i).unwrap(),
            vec![TimeRange::parse("08:00", "09:00").unwrap()],
        );
    }
    let c = BusinessCalendar::new(&spec).unwrap();
    let from = t("2026-01-01T00:00:00Z");
    let due = c.add(from, 3_000 * 3_600).unwrap();
    // One hour a day: the 3,000th hour ends at 09:00 on day 2,999 after the start.
    assert_eq!(due, t("2034-03-19T09:00:00Z"));
    assert_eq!(c.between(from, due).unwrap(), 3_000 * 3_600);
}
