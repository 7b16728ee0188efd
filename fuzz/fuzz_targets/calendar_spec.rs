//! Calendar specs built from arbitrary parts (time zones with DST, split and
//! overnight hours, shifts, breaks, holidays, public holiday sets), then the
//! calendar arithmetic at arbitrary instants: nothing panics, and what `add`
//! moves forward `between` measures back.
#![no_main]

use arbitrary::Arbitrary;
use frontline::time::Timestamp;
use frontline::{BusinessCalendar, CalendarSpec};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value, json};

const ZONES: &[&str] = &[
    "UTC",
    "Europe/Amsterdam",
    "America/New_York",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Pacific/Apia",
    "America/St_Johns",
    "Mars/Base",
    "",
];
const DAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun", "xyz"];
const COUNTRIES: &[&str] = &["NL", "US", "GB", "DE", "BE", "FR", "ZZ"];

#[derive(Arbitrary, Debug)]
struct Input {
    zone: u8,
    hours: Vec<(u8, Range)>,
    shifts: Vec<(Day, Vec<Range>)>,
    breaks: Vec<(Day, Vec<Range>)>,
    holidays: Vec<Day>,
    countries: Vec<(u8, bool)>,
    ops: Vec<Op>,
}

#[derive(Arbitrary, Debug)]
struct Range(u16, u16);

impl Range {
    fn json(&self) -> Value {
        json!([wall(self.0), wall(self.1)])
    }
}

/// A wall time; mostly valid, sometimes not (up to 24:59:59).
fn wall(n: u16) -> String {
    let s = u32::from(n) * 2;
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

#[derive(Arbitrary, Debug)]
struct Day(u16);

impl Day {
    /// A date from 2024 to about 2035, sometimes invalid (a 31st of June).
    fn text(&self) -> String {
        let d = u32::from(self.0);
        format!(
            "{}-{:02}-{:02}",
            2024 + d / 372 % 12,
            d / 31 % 12 + 1,
            d % 31 + 1
        )
    }
}

#[derive(Arbitrary, Debug)]
enum Op {
    Add(i32, i32),
    Sub(i32, i32),
    Between(i32, i32),
    IsOpen(i32),
    NextOpen(i32),
    Far(i64, i64),
}

/// An instant near 2026 (± 68 years at the extremes).
fn near(offset: i32) -> Timestamp {
    Timestamp::from_unix_seconds(1_772_000_000 + i64::from(offset)).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn spec(input: &Input) -> Value {
    let pick = |list: &[&'static str], i: u8| list[usize::from(i) % list.len()];
    let mut hours: Map<String, Value> = Map::new();
    for (day, range) in &input.hours {
        let list = hours.entry(pick(DAYS, *day)).or_insert_with(|| json!([]));
        list.as_array_mut().map(|l| l.push(range.json()));
    }
    let dated = |list: &[(Day, Vec<Range>)]| -> Map<String, Value> {
        list.iter()
            .map(|(d, r)| (d.text(), Value::Array(r.iter().map(Range::json).collect())))
            .collect()
    };
    json!({
        "time_zone": pick(ZONES, input.zone),
        "hours": hours,
        "shifts": dated(&input.shifts),
        "breaks": dated(&input.breaks),
        "holidays": input.holidays.iter().map(Day::text).collect::<Vec<_>>(),
        "public_holidays": input.countries.iter()
            .map(|(c, o)| json!({"country": pick(COUNTRIES, *c), "include_optional": o}))
            .collect::<Vec<_>>(),
    })
}

fuzz_target!(|input: Input| {
    let Ok(spec) = serde_json::from_value::<CalendarSpec>(spec(&input)) else {
        return;
    };
    let Ok(calendar) = BusinessCalendar::new(&spec) else {
        return;
    };
    for op in input.ops.iter().take(32) {
        match *op {
            Op::Add(at, seconds) => {
                let (start, seconds) = (near(at), i64::from(seconds).abs());
                if let Ok(end) = calendar.add(start, seconds) {
                    assert_eq!(
                        calendar.between(start, end),
                        Ok(seconds),
                        "{start} + {seconds}"
                    );
                }
            }
            Op::Sub(at, seconds) => {
                let (end, seconds) = (near(at), i64::from(seconds).abs());
                if let Ok(start) = calendar.sub(end, seconds) {
                    assert_eq!(
                        calendar.between(start, end),
                        Ok(seconds),
                        "{end} - {seconds}"
                    );
                }
            }
            Op::Between(a, b) => {
                let _ = calendar.between(near(a), near(b));
            }
            Op::IsOpen(at) => {
                let _ = calendar.is_open(near(at));
            }
            Op::NextOpen(at) => {
                if let (Ok(next), Ok(true)) =
                    (calendar.next_open(near(at)), calendar.is_open(near(at)))
                {
                    assert_eq!(next, near(at));
                }
            }
            Op::Far(at, seconds) => {
                let at =
                    Timestamp::from_unix_seconds(at % 253_402_300_799).unwrap_or(Timestamp::MAX);
                let _ = calendar.add(at, seconds);
                let _ = calendar.sub(at, seconds);
                let _ = calendar.next_open(at);
            }
        }
    }
});
