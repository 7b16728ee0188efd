//! The zendesk/biz conformance suite, run through frontline's calendar.
//!
//! Every case must match biz exactly, except where frontline's documented
//! conventions differ; there the test checks that both answers are equal in
//! business time:
//! - exact fill: `add` that uses up a period ends at the period's end (biz
//!   moves on to the next period's start), and `sub` likewise backward;
//! - zero duration: `add`/`sub` of zero is the instant itself (biz moves to
//!   the next or previous business moment);
//! - intersection: biz intersects the second schedule's hours by wall clock
//!   in the first schedule's zone; frontline intersects instants, so the case
//!   builds the second calendar in the first one's zone, which is biz's
//!   meaning expressed in frontline.

use frontline::time::{Date, Timestamp, WallTime, Zone};
use frontline::{BusinessCalendar, CalendarSpec};
use serde_json::Value;

fn t(v: &Value) -> Timestamp {
    v.as_str().unwrap().parse().unwrap()
}

fn periods(v: &Value) -> Vec<(Timestamp, Timestamp)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| (t(&p[0]), t(&p[1])))
        .collect()
}

fn calendar(v: &Value) -> BusinessCalendar {
    let spec: CalendarSpec = serde_json::from_value(v.clone()).unwrap();
    BusinessCalendar::new(&spec).unwrap()
}

enum Outcome {
    Exact,
    Convention,
}

fn run(case: &Value) -> Result<Outcome, String> {
    let op = case["op"].as_str().unwrap();
    let unit = |case: &Value| -> i64 {
        match case["unit"].as_str().unwrap() {
            "seconds" => 1,
            "minutes" => 60,
            "hours" => 3600,
            other => panic!("unit {other}"),
        }
    };
    let same = |got: String, want: String| {
        if got == want {
            Ok(Outcome::Exact)
        } else {
            Err(format!("got {got}, biz {want}"))
        }
    };
    match op {
        "after" | "before" => {
            let cal = calendar(&case["schedule"]);
            let time = t(&case["time"]);
            let scalar = case["scalar"].as_i64().unwrap();
            let want = t(&case["expected"]);
            let got = if case["unit"] == "days" {
                let n = u32::try_from(scalar).unwrap();
                if op == "after" {
                    cal.add_business_days(time, n).unwrap()
                } else {
                    cal.sub_business_days(time, n).unwrap()
                }
            } else {
                let d = scalar * unit(case);
                if op == "after" {
                    cal.add(time, d).unwrap()
                } else {
                    cal.sub(time, d).unwrap()
                }
            };
            if got == want {
                return Ok(Outcome::Exact);
            }
            // Exact fill or zero duration: the two answers must be the same
            // point in business time, with ours the earlier (after) or later
            // (before) of the two.
            let (lo, hi) = if got < want { (got, want) } else { (want, got) };
            let equal = cal.between(lo, hi).unwrap() == 0;
            let ours_first = if op == "after" {
                got < want
            } else {
                got > want
            };
            // Ours sits on the edge of a period: after, at its end (closed at
            // `got`); before, at its start (closed just before `got`).
            let ours_is_edge = scalar == 0
                || if op == "after" {
                    !cal.is_open(got).unwrap()
                } else {
                    let just_before =
                        Timestamp::from_unix_seconds(got.as_unix_seconds() - 1).unwrap();
                    !cal.is_open(just_before).unwrap()
                };
            if equal && ours_first && ours_is_edge && case["unit"] != "days" {
                Ok(Outcome::Convention)
            } else {
                Err(format!("got {got}, biz {want}"))
            }
        }
        "within" => {
            let cal = calendar(&case["schedule"]);
            let got = cal.between(t(&case["start"]), t(&case["end"])).unwrap();
            same(got.to_string(), case["expected_seconds"].to_string())
        }
        "in_hours" => {
            let got = calendar(&case["schedule"])
                .is_open(t(&case["time"]))
                .unwrap();
            same(got.to_string(), case["expected"].to_string())
        }
        "on_break" => {
            let got = calendar(&case["schedule"]).on_break(t(&case["time"]));
            same(got.to_string(), case["expected"].to_string())
        }
        "on_holiday" => {
            let cal = calendar(&case["schedule"]);
            let time = t(&case["time"]);
            let got = cal.is_holiday(cal.zone().date_of(time));
            same(got.to_string(), case["expected"].to_string())
        }
        "periods_after" | "periods_before" => {
            let cal = calendar(&case["schedule"]);
            let origin = t(&case["origin"]);
            let take = case["take"].as_u64().unwrap() as usize;
            let got: Vec<_> = if op == "periods_after" {
                cal.periods_after(origin).unwrap().take(take).collect()
            } else {
                cal.periods_before(origin).unwrap().take(take).collect()
            };
            same(
                format!("{got:?}"),
                format!("{:?}", periods(&case["expected_periods"])),
            )
        }
        "segments_between" => {
            let cal = calendar(&case["schedule"]);
            let got = cal
                .open_intervals(t(&case["origin"]), t(&case["terminus"]))
                .unwrap();
            same(
                format!("{got:?}"),
                format!("{:?}", periods(&case["expected_periods"])),
            )
        }
        "segments_between_backward" => {
            let cal = calendar(&case["schedule"]);
            let terminus = t(&case["terminus"]);
            let got: Vec<_> = cal
                .periods_before(t(&case["origin"]))
                .unwrap()
                .take_while(|p| p.1 > terminus)
                .map(|(s, e)| (s.max(terminus), e))
                .collect();
            same(
                format!("{got:?}"),
                format!("{:?}", periods(&case["expected_periods"])),
            )
        }
        "intersection_periods_after" => {
            let first = calendar(&case["schedule"]);
            let mut other = case["other_schedule"].clone();
            other["time_zone"] = case["schedule"]["time_zone"].clone();
            let both = first.intersection(&calendar(&other)).unwrap();
            let take = case["take"].as_u64().unwrap() as usize;
            let got: Vec<_> = both
                .periods_after(t(&case["origin"]))
                .unwrap()
                .take(take)
                .collect();
            same(
                format!("{got:?}"),
                format!("{:?}", periods(&case["expected_periods"])),
            )
        }
        "dates_after" => {
            let cal = calendar(&case["schedule"]);
            let date: Date = case["date"].as_str().unwrap().parse().unwrap();
            let take = case["take"].as_u64().unwrap() as usize;
            let got: Vec<String> = cal
                .business_dates_after(date, take)
                .iter()
                .map(ToString::to_string)
                .collect();
            let want: Vec<String> = serde_json::from_value(case["expected_dates"].clone()).unwrap();
            same(format!("{got:?}"), format!("{want:?}"))
        }
        "business_day" => {
            let cal = calendar(&case["schedule"]);
            let date: Date = case["date"].as_str().unwrap().parse().unwrap();
            same(
                cal.is_business_date(date).to_string(),
                case["expected"].to_string(),
            )
        }
        "local_to_instant" => {
            let zone: Zone = case["time_zone"].as_str().unwrap().parse().unwrap();
            let date: Date = case["date"].as_str().unwrap().parse().unwrap();
            let wall: WallTime = case["local_time"].as_str().unwrap().parse().unwrap();
            let got = zone.instant_at(date, wall).unwrap();
            same(got.to_string(), t(&case["expected"]).to_string())
        }
        "config_valid" => {
            let ok = serde_json::from_value::<CalendarSpec>(case["schedule"].clone())
                .map_err(|e| e.to_string())
                .and_then(|s| BusinessCalendar::new(&s).map_err(|e| e.to_string()))
                .is_ok();
            same(ok.to_string(), case["expected"].to_string())
        }
        other => Err(format!("unknown op {other}")),
    }
}

#[test]
fn zendesk_biz_conformance() {
    let cases = include_str!("../data/biz/cases.jsonl");
    let (mut exact, mut convention, mut failures) = (0, 0, Vec::new());
    for line in cases.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).unwrap();
        match run(&case) {
            Ok(Outcome::Exact) => exact += 1,
            Ok(Outcome::Convention) => {
                convention += 1;
                println!("  convention: {} {}", case["id"], case["desc"]);
            }
            Err(why) => failures.push(format!("{} ({}): {why}", case["id"], case["desc"])),
        }
    }
    println!(
        "biz conformance: {exact} exact, {convention} equal in business time (documented conventions)"
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(exact + convention, 125);
}
