//! Business-time arithmetic, frontline beside workclock (the other Rust
//! engine), on the same calendars and the same instants.
//!
//! Calendars:
//! - office: Europe/Amsterdam, Mon-Fri 09:00-12:30 and 13:30-17:30, 10 holidays;
//! - night: Europe/Amsterdam, Mon-Fri 22:00-06:00 (overnight), the same holidays.
//!
//! Each iteration uses the next of 64 start instants spread over 2026, so
//! neither library is measured on one warm path.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "benchmark set-up"
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use frontline::time::{Date, Timestamp, Weekday::*};
use frontline::{BusinessCalendar, CalendarSpec};
use jiff::SignedDuration;
use jiff::civil::time;
use workclock::{Holidays, Schedule, Weekdays, WorkDay};

const HOLIDAYS: [&str; 10] = [
    "2026-01-01",
    "2026-04-03",
    "2026-04-06",
    "2026-04-27",
    "2026-05-05",
    "2026-05-14",
    "2026-05-25",
    "2026-12-25",
    "2026-12-26",
    "2027-01-01",
];

fn frontline_calendar(night: bool) -> BusinessCalendar {
    let days = [Mon, Tue, Wed, Thu, Fri];
    let mut spec = CalendarSpec::new("Europe/Amsterdam".parse().unwrap());
    spec = if night {
        spec.open(&days, "22:00", "06:00").unwrap()
    } else {
        spec.open(&days, "09:00", "12:30")
            .unwrap()
            .open(&days, "13:30", "17:30")
            .unwrap()
    };
    for h in HOLIDAYS {
        spec = spec.holiday(Date::parse(h).unwrap());
    }
    BusinessCalendar::new(&spec).unwrap()
}

fn workclock_schedule(night: bool) -> Schedule {
    let mut b = Schedule::builder().time_zone("Europe/Amsterdam");
    b = if night {
        b.rule(WorkDay::new(
            time(22, 0, 0, 0),
            time(6, 0, 0, 0),
            Weekdays::MON_TO_FRI,
        ))
    } else {
        b.rule(WorkDay::new(
            time(9, 0, 0, 0),
            time(12, 30, 0, 0),
            Weekdays::MON_TO_FRI,
        ))
        .rule(WorkDay::new(
            time(13, 30, 0, 0),
            time(17, 30, 0, 0),
            Weekdays::MON_TO_FRI,
        ))
    };
    let dates = HOLIDAYS.iter().map(|h| {
        let d = Date::parse(h).unwrap();
        jiff::civil::date(d.year() as i16, d.month() as i8, d.day() as i8)
    });
    b.rule(Holidays::new(dates)).build().unwrap()
}

fn starts() -> Vec<Timestamp> {
    // Every 5 days and 7 hours from 2026-01-02 09:13:00Z.
    (0..64)
        .map(|i| {
            Timestamp::from_unix_seconds(1_767_345_180 + i * (5 * 86_400 + 7 * 3_600)).unwrap()
        })
        .collect()
}

const HOUR: i64 = 3_600;
const SPANS: [(&str, i64); 4] = [
    ("1h", HOUR),
    ("400h", 400 * HOUR),
    ("4000h", 4_000 * HOUR),
    ("10y", 10 * 52 * 37 * HOUR + 1_800), // ten years of office hours
];
const WALL_SPANS: [(&str, i64); 3] = [
    ("1d", 86_400),
    ("1y", 365 * 86_400),
    ("10y", 3_652 * 86_400),
];

fn bench(c: &mut Criterion) {
    let starts = starts();
    let jiff_starts: Vec<jiff::Timestamp> = starts
        .iter()
        .map(|t| jiff::Timestamp::from_second(t.as_unix_seconds()).unwrap())
        .collect();
    for (name, night) in [("office", false), ("night", true)] {
        let ours = frontline_calendar(night);
        let theirs = workclock_schedule(night);
        let mut group = c.benchmark_group(format!("calendar/{name}"));
        group.warm_up_time(Duration::from_millis(400));
        group.measurement_time(Duration::from_millis(1_500));
        group.sample_size(40);
        for (span, seconds) in SPANS {
            let mut i = 0usize;
            group.bench_function(BenchmarkId::new("add/frontline", span), |b| {
                b.iter(|| {
                    i = (i + 1) & 63;
                    ours.add(black_box(starts[i]), black_box(seconds)).unwrap()
                })
            });
            let mut i = 0usize;
            group.bench_function(BenchmarkId::new("sub/frontline", span), |b| {
                b.iter(|| {
                    i = (i + 1) & 63;
                    ours.sub(black_box(starts[i]), black_box(seconds)).unwrap()
                })
            });
            // workclock's search gives up after 366 days without working
            // time, not with it, so ten years of it is a fair request too.
            let d = SignedDuration::from_secs(seconds);
            let mut i = 0usize;
            group.bench_function(BenchmarkId::new("add/workclock", span), |b| {
                b.iter(|| {
                    i = (i + 1) & 63;
                    theirs.add(black_box(jiff_starts[i]), black_box(d)).unwrap()
                })
            });
            let mut i = 0usize;
            group.bench_function(BenchmarkId::new("sub/workclock", span), |b| {
                b.iter(|| {
                    i = (i + 1) & 63;
                    theirs.sub(black_box(jiff_starts[i]), black_box(d)).unwrap()
                })
            });
        }
        for (span, seconds) in WALL_SPANS {
            let ends: Vec<Timestamp> = starts
                .iter()
                .map(|t| t.checked_add_seconds(seconds).unwrap())
                .collect();
            let jiff_ends: Vec<jiff::Timestamp> = ends
                .iter()
                .map(|t| jiff::Timestamp::from_second(t.as_unix_seconds()).unwrap())
                .collect();
            let mut i = 0usize;
            group.bench_function(BenchmarkId::new("between/frontline", span), |b| {
                b.iter(|| {
                    i = (i + 1) & 63;
                    ours.between(black_box(starts[i]), black_box(ends[i]))
                        .unwrap()
                })
            });
            let mut i = 0usize;
            group.bench_function(BenchmarkId::new("between/workclock", span), |b| {
                b.iter(|| {
                    i = (i + 1) & 63;
                    theirs.between(black_box(jiff_starts[i]), black_box(jiff_ends[i]))
                })
            });
        }
        group.finish();
    }
    let spec = {
        let days = [Mon, Tue, Wed, Thu, Fri];
        CalendarSpec::new("Europe/Amsterdam".parse().unwrap())
            .open(&days, "09:00", "12:30")
            .unwrap()
            .open(&days, "13:30", "17:30")
            .unwrap()
            .public_holidays(frontline::calendar::Country::Netherlands)
    };
    c.bench_function("calendar/build/office_nl_holidays", |b| {
        b.iter(|| BusinessCalendar::new(black_box(&spec)).unwrap())
    });
    // The caps: a shift on every day of the horizon (1970-2099, about
    // 47,500 dated entries; the cap is MAX_DATED_ENTRIES), then arithmetic
    // across all of it.
    let mut shifts = serde_json::Map::new();
    let mut day = "1970-01-01".parse::<frontline::time::Date>().unwrap();
    while day.year() <= frontline::calendar::HORIZON_LAST_YEAR
        && shifts.len() < frontline::calendar::MAX_DATED_ENTRIES
    {
        shifts.insert(day.to_string(), serde_json::json!([["08:00", "16:30"]]));
        let Some(next) = day.add_days(1) else { break };
        day = next;
    }
    let caps: CalendarSpec = serde_json::from_value(serde_json::json!({
        "time_zone": "Europe/Amsterdam", "hours": {"mon": [["09:00", "17:00"]]}, "shifts": shifts,
        "public_holidays": [{"country": "NL"}]
    }))
    .unwrap();
    let mut group = c.benchmark_group("calendar/caps");
    group.sample_size(10);
    group.bench_function("build/every_day_a_shift", |b| {
        b.iter(|| BusinessCalendar::new(black_box(&caps)).unwrap())
    });
    let cal = BusinessCalendar::new(&caps).unwrap();
    let (first, last) = (
        "1970-01-02T00:00:00Z".parse().unwrap(),
        "2099-12-30T00:00:00Z".parse().unwrap(),
    );
    group.bench_function("between/whole_horizon", |b| {
        b.iter(|| cal.between(black_box(first), black_box(last)).unwrap())
    });
    let seconds = cal.between(first, last).unwrap() - 3600;
    group.bench_function("add/whole_horizon", |b| {
        b.iter(|| cal.add(black_box(first), black_box(seconds)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
