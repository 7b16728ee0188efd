//! A differential test against the `workclock` crate (MIT), the other Rust
//! business-hours engine: thousands of random schedules, instants and zones.
//!
//! workclock shares frontline's conventions for `add` (the earliest instant:
//! exact fill ends on the period's end; zero is the start), for `sub`, and for
//! DST ("compatible": gaps move forward by their length, folds take the
//! earlier instant). Its holidays cut the whole local day, while frontline's
//! remove the intervals that start on the date, so holidays are only drawn
//! for schedules without overnight intervals, where the two agree.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests fail loudly"
)]

use frontline::time::{Date, Timestamp, WallTime, Weekday};
use frontline::{BusinessCalendar, CalendarSpec, calendar::TimeRange};
use jiff::SignedDuration;
use workclock::{Holidays, Schedule, Weekdays, WorkDay};

/// SplitMix64, seeded: the same cases on every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const ZONES: [&str; 8] = [
    "UTC",
    "Europe/Amsterdam",
    "Europe/London",
    "America/New_York",
    "America/Sao_Paulo",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Pacific/Auckland",
];

const JIFF_DAYS: [jiff::civil::Weekday; 7] = [
    jiff::civil::Weekday::Monday,
    jiff::civil::Weekday::Tuesday,
    jiff::civil::Weekday::Wednesday,
    jiff::civil::Weekday::Thursday,
    jiff::civil::Weekday::Friday,
    jiff::civil::Weekday::Saturday,
    jiff::civil::Weekday::Sunday,
];

fn jiff_time(seconds: u32) -> jiff::civil::Time {
    let s = seconds % 86_400;
    jiff::civil::time((s / 3600) as i8, (s / 60 % 60) as i8, (s % 60) as i8, 0)
}

/// One random schedule, built both ways.
fn schedule(rng: &mut Rng) -> (CalendarSpec, Schedule) {
    let zone = ZONES[rng.below(ZONES.len() as u64) as usize];
    let mut spec = CalendarSpec::new(zone.parse().unwrap());
    let mut builder = Schedule::builder().time_zone(zone);
    let mut overnight = false;
    let mut any = false;
    for (day, jiff_day) in JIFF_DAYS.into_iter().enumerate() {
        // 0 to 2 non-overlapping intervals, on a 5-minute grid with odd seconds.
        let count = rng.below(3);
        let mut cursor = 0u32;
        for _ in 0..count {
            let room = 86_400u32.saturating_sub(cursor);
            if room < 1_800 {
                break;
            }
            let start = cursor
                + (rng.below(u64::from(room / 2)) as u32 / 300) * 300
                + rng.below(2) as u32 * 17;
            let max_len = if rng.below(4) == 0 {
                20 * 3600
            } else {
                86_400 - start
            };
            let len = 300 + (rng.below(u64::from(max_len.max(600) - 300)) as u32 / 300) * 300;
            let end = start + len;
            if end > 86_400 {
                overnight = true;
            }
            let wall = |s: u32| {
                WallTime::from_seconds(if s == 86_400 { 86_400 } else { s % 86_400 }).unwrap()
            };
            spec.hours
                .entry(Weekday::from_index(day))
                .or_default()
                .push(TimeRange(wall(start), wall(end)));
            let days: Weekdays = [jiff_day].into_iter().collect();
            builder = builder.rule(WorkDay::new(jiff_time(start), jiff_time(end), days));
            any = true;
            if end >= 86_400 {
                break;
            }
            cursor = end + 60;
        }
    }
    if !any {
        spec.hours.insert(
            Weekday::Wed,
            vec![TimeRange::parse("09:00", "17:00").unwrap()],
        );
        let days: Weekdays = [jiff::civil::Weekday::Wednesday].into_iter().collect();
        builder = builder.rule(WorkDay::new(
            jiff_time(9 * 3600),
            jiff_time(17 * 3600),
            days,
        ));
    }
    if !overnight {
        let mut dates = Vec::new();
        for _ in 0..rng.below(6) {
            let d = Date::parse("2025-01-01")
                .unwrap()
                .add_days(rng.below(3650) as i64)
                .unwrap();
            spec.holidays.insert(d);
            dates.push(jiff::civil::date(
                d.year() as i16,
                d.month() as i8,
                d.day() as i8,
            ));
        }
        builder = builder.rule(Holidays::new(dates));
    }
    (spec, builder.build().unwrap())
}

fn jiff_ts(t: Timestamp) -> jiff::Timestamp {
    jiff::Timestamp::from_second(t.as_unix_seconds()).unwrap()
}

#[test]
fn agrees_with_workclock() {
    let mut rng = Rng(0x5eed_f00d);
    let (mut compared, mut skipped) = (0u32, 0u32);
    for _ in 0..2_000 {
        let (spec, theirs) = schedule(&mut rng);
        let ours = BusinessCalendar::new(&spec).unwrap();
        for _ in 0..4 {
            // An instant in 2025-2034, and a span from a second to 4,000 hours.
            let start =
                Timestamp::from_unix_seconds(1_735_689_600 + rng.below(10 * 365 * 86_400) as i64)
                    .unwrap();
            let d = match rng.below(3) {
                0 => rng.below(3_600) as i64,
                1 => rng.below(400 * 3_600) as i64,
                _ => rng.below(4_000 * 3_600) as i64,
            };
            let (Ok(want_add), Ok(want_sub)) = (
                theirs.add(jiff_ts(start), SignedDuration::from_secs(d)),
                theirs.sub(jiff_ts(start), SignedDuration::from_secs(d)),
            ) else {
                // workclock gives up after 366 days without working time.
                skipped += 1;
                continue;
            };
            let got_add = ours.add(start, d).unwrap();
            assert_eq!(jiff_ts(got_add), want_add, "add {start} + {d}s\n{spec:?}");
            let got_sub = ours.sub(start, d).unwrap();
            assert_eq!(jiff_ts(got_sub), want_sub, "sub {start} - {d}s\n{spec:?}");
            let end = Timestamp::from_unix_seconds(
                start.as_unix_seconds() + rng.below(400 * 86_400) as i64,
            )
            .unwrap();
            let want = theirs.between(jiff_ts(start), jiff_ts(end)).as_secs();
            assert_eq!(
                ours.between(start, end).unwrap(),
                want,
                "between {start} {end}\n{spec:?}"
            );
            compared += 1;
        }
    }
    println!(
        "workclock: {compared} cases agree (add, sub, between each); {skipped} skipped by workclock's search limit"
    );
    assert!(compared > 7_000);
}
