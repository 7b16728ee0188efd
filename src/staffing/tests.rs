#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use super::*;

/// Traffic of `erlangs` at AHT 180 s, as arrivals per 30 minutes.
fn load(erlangs: f64) -> Load {
    Load::new(erlangs * 1800.0 / 180.0, 1800.0, 180.0).unwrap()
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

/// The reference values: AHT 180 s, 80 % within 20 s, 30 %
/// shrinkage.
#[test]
fn reference_values() {
    let target = Target::new(0.8, 20.0).with_shrinkage(0.3).unwrap();
    for (a, n, shrunk, p_wait, sl, asa, occ) in [
        (1.0, 3, 5, 0.0909, 0.9272, 8.18, 0.333),
        (10.0, 14, 20, 0.1741, 0.8884, 7.84, 0.714),
        (100.0, 107, 153, 0.3835, 0.8238, 9.86, 0.935),
        (1000.0, 1011, 1445, 0.6321, 0.8138, 10.34, 0.989),
    ] {
        let s = required_agents(&load(a), &target, Model::ErlangC).unwrap();
        assert_eq!(
            (s.agents, s.agents_with_shrinkage),
            (n, shrunk),
            "{a} Erlangs"
        );
        let p = s.performance;
        assert!(close(p.p_wait, p_wait, 5e-5), "{a}: p_wait {}", p.p_wait);
        assert!(
            close(p.service_level, sl, 5e-5),
            "{a}: sl {}",
            p.service_level
        );
        assert!(
            close(p.asa_seconds, asa, 5e-3),
            "{a}: asa {}",
            p.asa_seconds
        );
        assert!(close(p.occupancy, occ, 5e-4), "{a}: occ {}", p.occupancy);
    }
}

/// An exact rational, for small cases (u128 is enough for them).
#[derive(Clone, Copy, Debug)]
struct Ratio(u128, u128);

fn gcd(a: u128, b: u128) -> u128 {
    if b == 0 { a } else { gcd(b, a % b) }
}

impl Ratio {
    fn new(n: u128, d: u128) -> Ratio {
        let g = gcd(n, d).max(1);
        Ratio(n / g, d / g)
    }
    fn add(self, o: Ratio) -> Ratio {
        let g = gcd(self.1, o.1).max(1);
        Ratio::new(self.0 * (o.1 / g) + o.0 * (self.1 / g), self.1 / g * o.1)
    }
    fn mul(self, o: Ratio) -> Ratio {
        let a = Ratio::new(self.0, o.1);
        let b = Ratio::new(o.0, self.1);
        Ratio::new(a.0 * b.0, a.1 * b.1)
    }
    fn div(self, o: Ratio) -> Ratio {
        self.mul(Ratio(o.1, o.0))
    }
    fn f64(self) -> f64 {
        self.0 as f64 / self.1 as f64
    }
}

/// Erlang C's P(wait) in exact arithmetic, from its defining sum:
/// `(A^N/N!)·N/(N−A) / (Σ_{k<N} A^k/k! + (A^N/N!)·N/(N−A))`.
fn exact_p_wait(a: Ratio, n: u128) -> Ratio {
    let mut term = Ratio(1, 1); // A^k / k!
    let mut sum = Ratio(0, 1);
    for k in 0..n {
        sum = sum.add(term);
        term = term.mul(a).div(Ratio(k + 1, 1));
    }
    // N/(N − A) with A = p/q: N·q / (N·q − p).
    let tail = term.mul(Ratio::new(n * a.1, n * a.1 - a.0));
    tail.div(sum.add(tail))
}

#[test]
fn erlang_c_agrees_with_exact_arithmetic() {
    for (p, q) in [(1u128, 2u128), (3, 2), (7, 3), (5, 1), (19, 4)] {
        let a = Ratio(p, q);
        let first = (p / q) + 1;
        for n in first..first + 6 {
            let exact = exact_p_wait(a, n);
            let load = Load::new(a.f64() * 3600.0 / 100.0, 3600.0, 100.0).unwrap();
            let got = erlang_c(&load, n as f64, 10.0).unwrap();
            assert!(
                close(got.p_wait, exact.f64(), 1e-12),
                "A={p}/{q} N={n}: {} vs {}",
                got.p_wait,
                exact.f64()
            );
            // ASA is rational too: P(wait)·AHT/(N − A).
            let asa = exact.mul(Ratio(100 * q, n * q - p)).f64();
            assert!(close(got.asa_seconds, asa, 1e-9), "A={p}/{q} N={n}: asa");
        }
    }
}

#[test]
fn large_traffic_stays_finite() {
    let s = required_agents(&load(10_000.0), &Target::new(0.8, 20.0), Model::ErlangC).unwrap();
    assert!(s.agents > 10_000 && s.agents < 10_200, "{}", s.agents);
    assert!(s.performance.p_wait.is_finite() && s.performance.service_level >= 0.8);
    let few = erlang_c(&load(10_000.0), 9_000.0, 20.0).unwrap();
    assert_eq!(few.p_wait, 1.0);
    assert_eq!(few.service_level, 0.0);
    assert!(few.asa_seconds.is_infinite());
}

#[test]
fn fractional_agents_lie_between() {
    let l = load(10.0);
    let lo = erlang_c(&l, 12.0, 20.0).unwrap();
    let hi = erlang_c(&l, 13.0, 20.0).unwrap();
    let mid = erlang_c(&l, 12.4, 20.0).unwrap();
    assert!(mid.service_level > lo.service_level && mid.service_level < hi.service_level);
    assert!(close(
        mid.service_level,
        lo.service_level + 0.4 * (hi.service_level - lo.service_level),
        1e-12
    ));
}

#[test]
fn erlang_a_tends_to_erlang_c_and_needs_fewer_agents() {
    let l = load(10.0);
    let c = erlang_c(&l, 14.0, 20.0).unwrap();
    let patient = erlang_a(&l, 14, 20.0, 1e9).unwrap();
    assert!(
        close(patient.p_wait, c.p_wait, 1e-5),
        "{} vs {}",
        patient.p_wait,
        c.p_wait
    );
    assert!(
        close(patient.service_level, c.service_level, 1e-4),
        "{} vs {}",
        patient.service_level,
        c.service_level
    );
    assert!(
        close(patient.asa_seconds, c.asa_seconds, 1e-2),
        "{} vs {}",
        patient.asa_seconds,
        c.asa_seconds
    );
    // Impatient callers hang up, which shortens the queue for the rest.
    let hasty = erlang_a(&l, 10, 20.0, 60.0).unwrap();
    assert!(hasty.p_abandon.unwrap() > 0.05);
    let a = required_agents(
        &l,
        &Target::new(0.8, 20.0),
        Model::ErlangA {
            patience_seconds: 120.0,
        },
    )
    .unwrap();
    assert!(a.agents <= 14, "{}", a.agents);
    assert!(a.performance.service_level >= 0.8);
    // Even more agents than traffic is fine, and at N ≤ A Erlang A is stable.
    let over = erlang_a(&l, 5, 20.0, 60.0).unwrap();
    assert!(
        over.p_wait > 0.8 && over.p_abandon.unwrap() > 0.3 && over.occupancy <= 1.0,
        "{over:?}"
    );
}

#[test]
fn bad_input_and_caps() {
    assert_eq!(
        Load::new(-1.0, 1800.0, 180.0).unwrap_err().code(),
        "staffing.invalid_input"
    );
    assert_eq!(
        Load::new(1.0, 0.0, 180.0).unwrap_err().code(),
        "staffing.invalid_input"
    );
    assert_eq!(
        Load::new(1e12, 1.0, 180.0).unwrap_err().code(),
        "staffing.invalid_input"
    );
    assert!(Target::new(0.8, 20.0).with_shrinkage(1.0).is_err());
    let t = Target::new(1.0, 20.0);
    assert_eq!(
        required_agents(&load(1.0), &t, Model::ErlangC)
            .unwrap_err()
            .code(),
        "staffing.invalid_input"
    );
    // Occupancy caps raise the agents.
    let capped = required_agents(
        &load(100.0),
        &Target::new(0.8, 20.0).with_max_occupancy(0.85),
        Model::ErlangC,
    )
    .unwrap();
    assert_eq!(capped.agents, 118); // 100 / 0.85 = 117.6, rounded up
    // Chat: four slots an agent.
    let chat = chat_agents(&load(10.0), &Target::new(0.8, 20.0), 4).unwrap();
    assert_eq!(chat.agents, 4); // 14 slots / 4, rounded up
}

mod coverage {
    use serde_json::json;

    use super::super::*;
    use crate::calendar::{BusinessCalendar, CalendarSpec, Calendars};
    use crate::time::Date;

    /// 100 contacts per half hour of 180 s (10 Erlangs) all week: 14
    /// agents, 20 with 30 % shrinkage.
    fn flat(queues: &[&str]) -> Forecast {
        let queues: Vec<_> = queues
            .iter()
            .map(|q| {
                json!({"queue": q, "aht_seconds": 180, "target_service_level": 0.8,
                            "target_seconds": 20, "arrivals": vec![100.0; 336]})
            })
            .collect();
        serde_json::from_value(json!({"zone": "Europe/Amsterdam", "queues": queues})).unwrap()
    }

    fn roster(teams: serde_json::Value) -> ShiftPlan {
        serde_json::from_value(json!({"shrinkage": 0.3, "teams": teams})).unwrap()
    }

    const ALL_DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    fn monday() -> Date {
        "2026-11-30".parse().unwrap()
    }

    #[test]
    fn round_the_clock_team_covers_or_falls_short_by_hand() {
        let forecast = flat(&["chat-nl"]);
        let full = roster(
            json!([{"name": "ams", "zone": "Europe/Amsterdam", "queues": ["chat-nl"],
            "shifts": [{"days": ALL_DAYS, "start": "00:00", "end": "00:00", "agents": 20}]}]),
        );
        let c = check_roster(&forecast, &full, &Calendars::new(), monday()).unwrap();
        let q = &c.queues[0];
        assert_eq!(q.intervals.len(), 336);
        assert!(
            q.intervals
                .iter()
                .all(|i| i.required == 20 && (i.scheduled - 20.0).abs() < 1e-9)
        );
        assert_eq!((q.hours_short, q.intervals_below_target), (0.0, 0));
        assert!(q.intervals[0].service_level >= 0.8);
        assert_eq!(q.intervals[0].label, "mon 00:00");
        assert_eq!(q.intervals[0].start.to_string(), "2026-11-29T23:00:00Z");
        // 14 scheduled: 9.8 answer 10 Erlangs, so no service at all; 6 short all week.
        let thin = roster(
            json!([{"name": "ams", "zone": "Europe/Amsterdam", "queues": ["chat-nl"],
            "shifts": [{"days": ALL_DAYS, "start": "00:00", "end": "00:00", "agents": 14}]}]),
        );
        let c = check_roster(&forecast, &thin, &Calendars::new(), monday()).unwrap();
        assert!((c.queues[0].hours_short - 6.0 * 168.0).abs() < 1e-6);
        assert_eq!(c.queues[0].intervals_below_target, 336);
        assert_eq!(c.queues[0].intervals[5].service_level, 0.0);
    }

    #[test]
    fn follow_the_sun_shifts_land_in_the_forecast_zone() {
        // Manila (UTC+8) 16:00-00:00 is 09:00-17:00 in Amsterdam in winter.
        let r = roster(
            json!([{"name": "mnl", "zone": "Asia/Manila", "queues": ["chat-en"],
            "shifts": [{"days": ["mon"], "start": "16:15", "end": "00:00", "agents": 4}]}]),
        );
        let c = check_roster(&flat(&["chat-en"]), &r, &Calendars::new(), monday()).unwrap();
        let at = |label: &str| {
            c.queues[0]
                .intervals
                .iter()
                .find(|i| i.label == label)
                .unwrap()
                .scheduled
        };
        assert_eq!(at("mon 08:30"), 0.0);
        assert!(
            (at("mon 09:00") - 2.0).abs() < 1e-9,
            "a quarter past: half the interval"
        );
        assert_eq!(at("mon 09:30"), 4.0);
        assert_eq!(at("mon 16:30"), 4.0);
        assert_eq!(at("mon 17:00"), 0.0);
    }

    #[test]
    fn a_team_calendar_takes_its_holidays_off() {
        let spec: CalendarSpec = serde_json::from_value(json!({"time_zone": "Europe/Amsterdam",
            "hours": {"mon": [["09:00","17:00"]]}, "public_holidays": [{"country": "NL"}]}))
        .unwrap();
        let cals = Calendars::new()
            .with("nl", BusinessCalendar::new(&spec).unwrap())
            .unwrap();
        let r = roster(
            json!([{"name": "ams", "calendar": "nl", "queues": ["chat-nl"],
            "shifts": [{"days": ALL_DAYS, "start": "09:00", "end": "17:00", "agents": 5}]}]),
        );
        // Christmas week: Friday the 25th and Saturday the 26th are holidays.
        let c = check_roster(
            &flat(&["chat-nl"]),
            &r,
            &cals,
            "2026-12-21".parse().unwrap(),
        )
        .unwrap();
        let at = |label: &str| {
            c.queues[0]
                .intervals
                .iter()
                .find(|i| i.label == label)
                .unwrap()
                .scheduled
        };
        assert_eq!(
            (
                at("thu 10:00"),
                at("fri 10:00"),
                at("sat 10:00"),
                at("sun 10:00")
            ),
            (5.0, 0.0, 0.0, 5.0)
        );
    }

    #[test]
    fn a_team_of_two_queues_fills_shortfalls_in_proportion() {
        // nl needs 20 and has 17 from its own team; en needs 20 and has 19.
        let r = roster(json!([
            {"name": "nl", "zone": "Europe/Amsterdam", "queues": ["nl"],
             "shifts": [{"days": ["mon"], "start": "09:00", "end": "10:00", "agents": 17}]},
            {"name": "en", "zone": "Europe/Amsterdam", "queues": ["en"],
             "shifts": [{"days": ["mon"], "start": "09:00", "end": "10:00", "agents": 19}]},
            {"name": "both", "zone": "Europe/Amsterdam", "queues": ["en", "nl"],
             "shifts": [{"days": ["mon"], "start": "09:00", "end": "10:00", "agents": 5}]}]));
        let c = check_roster(&flat(&["nl", "en"]), &r, &Calendars::new(), monday()).unwrap();
        let at = |q: usize| {
            c.queues[q]
                .intervals
                .iter()
                .find(|i| i.label == "mon 09:00")
                .unwrap()
                .scheduled
        };
        // 3 to nl, 1 to en, the last one split.
        assert!(
            (at(0) - 20.5).abs() < 1e-9 && (at(1) - 20.5).abs() < 1e-9,
            "{} {}",
            at(0),
            at(1)
        );
        // Two agents for shortfalls of 3 and 1: shared 3 : 1.
        let mut r = r;
        r.teams[2].shifts[0].agents = 2;
        let c = check_roster(&flat(&["nl", "en"]), &r, &Calendars::new(), monday()).unwrap();
        let at = |q: usize| {
            c.queues[q]
                .intervals
                .iter()
                .find(|i| i.label == "mon 09:00")
                .unwrap()
                .scheduled
        };
        assert!(
            (at(0) - 18.5).abs() < 1e-9 && (at(1) - 19.5).abs() < 1e-9,
            "{} {}",
            at(0),
            at(1)
        );
    }

    #[test]
    fn bad_rosters_and_forecasts_are_refused() {
        let ok = roster(json!([{"name": "a", "queues": ["q"],
            "shifts": [{"days": ["mon"], "start": "09:00", "end": "17:00", "agents": 1}]}]));
        let cals = Calendars::new();
        let code = |f: &Forecast, r: &ShiftPlan, d: &str| {
            check_roster(f, r, &cals, d.parse().unwrap())
                .unwrap_err()
                .code()
        };
        assert_eq!(
            code(&flat(&["q"]), &ok, "2026-12-01"),
            "staffing.invalid_input"
        );
        let mut short = flat(&["q"]);
        short.queues[0].arrivals.pop();
        assert_eq!(code(&short, &ok, "2026-11-30"), "staffing.invalid_input");
        assert_eq!(
            code(&flat(&["other"]), &ok, "2026-11-30"),
            "staffing.invalid_input"
        );
        let mut hourly = flat(&["q"]);
        hourly.interval_minutes = 45;
        assert_eq!(code(&hourly, &ok, "2026-11-30"), "staffing.invalid_input");
        let nobody = roster(json!([{"name": "a", "queues": ["q"],
            "shifts": [{"days": ["mon"], "start": "09:00", "end": "17:00", "agents": 0}]}]));
        assert_eq!(
            code(&flat(&["q"]), &nobody, "2026-11-30"),
            "staffing.invalid_input"
        );
        let no_queue = roster(json!([{"name": "a", "queues": [],
            "shifts": [{"days": ["mon"], "start": "09:00", "end": "17:00", "agents": 1}]}]));
        assert_eq!(
            code(&flat(&["q"]), &no_queue, "2026-11-30"),
            "staffing.invalid_input"
        );
        assert_eq!(
            code(&flat(&["q", "q"]), &ok, "2026-11-30"),
            "staffing.invalid_input"
        );
        let mut both = flat(&["q"]);
        both.queues[0].concurrency = Some(2);
        both.queues[0].patience_seconds = Some(60.0);
        assert_eq!(code(&both, &ok, "2026-11-30"), "staffing.invalid_input");
    }

    #[test]
    fn daylight_saving_weeks_keep_every_instant_once() {
        let full = roster(
            json!([{"name": "ams", "zone": "Europe/Amsterdam", "queues": ["chat-nl"],
            "shifts": [{"days": ALL_DAYS, "start": "00:00", "end": "00:00", "agents": 20}]}]),
        );
        // Spring forward on Sunday 29 March 2026: 02:00 and 02:30 do not exist.
        let c = check_roster(
            &flat(&["chat-nl"]),
            &full,
            &Calendars::new(),
            "2026-03-23".parse().unwrap(),
        )
        .unwrap();
        let q = &c.queues[0];
        let at = |label: &str| q.intervals.iter().find(|i| i.label == label).unwrap();
        assert_eq!(
            (
                at("sun 02:00").length_seconds,
                at("sun 02:30").length_seconds
            ),
            (0, 0)
        );
        assert_eq!(
            (at("sun 02:00").required, at("sun 02:00").scheduled),
            (0, 0.0)
        );
        assert_eq!(at("sun 03:00").length_seconds, 1800);
        assert_eq!(at("sun 03:00").scheduled, 20.0);
        assert!(
            q.hours_short.abs() < 1e-9 && q.hours_over.abs() < 1e-9,
            "{} {}",
            q.hours_short,
            q.hours_over
        );
        let total: i64 = q.intervals.iter().map(|i| i.length_seconds).sum();
        assert_eq!(total, 167 * 3600);
        // Fall back on Sunday 25 October 2026: 02:30 lasts an hour and a half.
        let c = check_roster(
            &flat(&["chat-nl"]),
            &full,
            &Calendars::new(),
            "2026-10-19".parse().unwrap(),
        )
        .unwrap();
        let q = &c.queues[0];
        let fold = q.intervals.iter().find(|i| i.label == "sun 02:30").unwrap();
        assert_eq!(fold.length_seconds, 5400);
        // Its contacts spread over 90 minutes need fewer agents.
        assert!(fold.required < 20 && fold.scheduled == 20.0);
        assert!(q.hours_short.abs() < 1e-9);
    }

    #[test]
    fn a_team_a_day_behind_covers_the_whole_week() {
        // Auckland's forecast, a round-the-clock team in Los Angeles (21 h behind).
        let mut forecast = flat(&["q"]);
        forecast.zone = "Pacific/Auckland".parse().unwrap();
        let r = roster(
            json!([{"name": "lax", "zone": "America/Los_Angeles", "queues": ["q"],
            "shifts": [{"days": ALL_DAYS, "start": "00:00", "end": "00:00", "agents": 3}]}]),
        );
        let c = check_roster(&forecast, &r, &Calendars::new(), monday()).unwrap();
        assert!(
            c.queues[0]
                .intervals
                .iter()
                .all(|i| (i.scheduled - 3.0).abs() < 1e-9)
        );
    }
}

/// Found by fuzzing: subnormal times made the Erlang A search run for minutes.
#[test]
fn tiny_times_and_patience_are_refused() {
    let target = Target::new(0.8, 20.0);
    let model = Model::ErlangA {
        patience_seconds: 1.857_620_015_055e-311,
    };
    assert_eq!(
        required_agents(&load(10.0), &target, model)
            .unwrap_err()
            .code(),
        "staffing.invalid_input"
    );
    assert_eq!(
        Load::new(100.0, 1800.0, 4.1956e-320).unwrap_err().code(),
        "staffing.invalid_input"
    );
    assert_eq!(
        Load::new(100.0, 1e-300, 180.0).unwrap_err().code(),
        "staffing.invalid_input"
    );
    // Erlang A at 1,000 Erlangs, by bisection.
    let need = required_agents(
        &load(1000.0),
        &target,
        Model::ErlangA {
            patience_seconds: 120.0,
        },
    )
    .unwrap();
    let sl = |n: u32| {
        erlang_a(&load(1000.0), n, 20.0, 120.0)
            .unwrap()
            .service_level
    };
    assert!(
        sl(need.agents) >= 0.8 && sl(need.agents - 1) < 0.8,
        "{}",
        need.agents
    );
    assert!(
        need.agents < 1_011,
        "fewer than Erlang C's 1,011: {}",
        need.agents
    );
}

/// Found by review: Erlang A's service level is bounded work whatever the
/// target time and traffic (an answer or `staffing.too_large`, quickly).
#[test]
fn erlang_a_work_is_bounded() {
    let busy = Load::new(100_000.0, 1.0, 1.0).unwrap();
    let r = erlang_a(&busy, 1, 20.0, 1.0);
    assert!(r.as_ref().is_err_and(|e| e.code() == "staffing.too_large") || r.is_ok());
    let long_target = Load::new(100.0, 1.0, 1.0).unwrap();
    let r = erlang_a(&long_target, 1000, 1e6, 1.0);
    assert!(r.as_ref().is_err_and(|e| e.code() == "staffing.too_large") || r.is_ok());
    // Patient customers and an overloaded start: the search still finds the answer.
    let need = required_agents(
        &load(100.0),
        &Target::new(0.8, 20.0),
        Model::ErlangA {
            patience_seconds: 1e6,
        },
    )
    .unwrap();
    assert!((100..=110).contains(&need.agents), "{}", need.agents);
}
