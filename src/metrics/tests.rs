//! KPI scenarios with hand-computed answers, the sketch against the
//! `sketches-ddsketch` crate and against exact answers, and merging.

use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::calendar::{CalendarSpec, Calendars};
use crate::sla::{PolicySet, PolicySetSpec, SlaReport, evaluate};
use crate::time::Timestamp;
use crate::{Event, Ticket};

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn ticket(id: &str, channel: &str, events: serde_json::Value) -> Ticket {
    let mut all = vec![
        json!({"at": events[0]["at"], "type": "created", "subject": "x",
                              "requester": "c1", "channel": channel, "tags": ["refund"]}),
    ];
    all.extend(events.as_array().unwrap().iter().cloned());
    let events: Vec<Event> = serde_json::from_value(json!(all)).unwrap();
    Ticket::from_events(id.parse().unwrap(), events).unwrap()
}

fn msg(at: &str, author: &str) -> serde_json::Value {
    if author == "agent" {
        json!({"at": at, "type": "message", "author": author, "body": ".", "actor": {"kind": "agent", "id": "a-1"}})
    } else {
        json!({"at": at, "type": "message", "author": author, "body": "."})
    }
}

fn status(at: &str, to: &str) -> serde_json::Value {
    json!({"at": at, "type": "status_changed", "to": to})
}

fn november() -> KpiConfig {
    KpiConfig::new(t("2026-11-01T00:00:00Z"), t("2026-12-01T00:00:00Z"))
}

fn office() -> Calendars {
    let spec: CalendarSpec = serde_json::from_value(json!({"time_zone": "Europe/Amsterdam",
        "hours": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]],
                  "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]]}}))
    .unwrap();
    Calendars::new()
        .with(
            "office",
            crate::calendar::BusinessCalendar::new(&spec).unwrap(),
        )
        .unwrap()
}

/// One e-mail ticket through every measured step (Amsterdam is UTC+1):
/// created Mon 2 Nov 08:00Z; agent reply 10:00Z; pending 10:00Z; customer
/// writes Tue 09:00Z (reopens to open); agent 09:30Z; solved 10:00Z;
/// rated bad Wed.
fn journey() -> Ticket {
    let mut e = vec![
        msg("2026-11-02T08:00:00Z", "customer"),
        json!({"at": "2026-11-02T08:00:00Z", "type": "assigned", "to": "a-1"}),
        msg("2026-11-02T10:00:00Z", "agent"),
        status("2026-11-02T10:00:00Z", "pending"),
        msg("2026-11-03T09:00:00Z", "customer"),
        msg("2026-11-03T09:30:00Z", "agent"),
        status("2026-11-03T10:00:00Z", "solved"),
        json!({"at": "2026-11-04T10:00:00Z", "type": "satisfaction_rated", "rating": "bad"}),
    ];
    e.insert(0, json!({"at": "2026-11-02T08:00:00Z", "type": "field_changed", "name": "spent", "value": 900}));
    ticket("T-1", "email", json!(e))
}

#[test]
fn one_ticket_every_figure_by_hand() {
    let config = november().calendar("office");
    let mut config = config;
    config.handle_time_field = Some("spent".into());
    config
        .agent_available_seconds
        .insert("a-1".parse().unwrap(), 3_600);
    let mut kpis = KpiAccumulator::new(config, &office()).unwrap();
    kpis.add(&journey(), None).unwrap();
    let k = kpis.report().total;
    assert_eq!((k.tickets_created, k.tickets_solved), (1, 1));
    assert_eq!(k.resolution_rate, Some(1.0));
    // Created 09:00 local, replied 11:00 local: 2 h, and 2 business hours.
    assert_eq!(k.first_reply_time.calendar.median, Some(7_200.0));
    assert_eq!(
        k.first_reply_time.business.as_ref().unwrap().median,
        Some(7_200.0)
    );
    // Next reply: Tue 10:00 → 10:30 local.
    assert_eq!(k.next_reply_time.calendar.count, 1);
    assert_eq!(k.next_reply_time.calendar.median, Some(1_800.0));
    // Resolution: Mon 08:00Z → Tue 10:00Z = 26 h; business: Mon 09–17 local
    // is 8 h, Tue 09:00–11:00 local is 2 h.
    assert_eq!(k.full_resolution_time.calendar.median, Some(26.0 * 3_600.0));
    assert_eq!(
        k.full_resolution_time.business.as_ref().unwrap().median,
        Some(10.0 * 3_600.0)
    );
    // Pending Mon 10:00Z → Tue 09:00Z = 23 h (agent wait); the rest waits on the agent.
    assert_eq!(k.agent_wait_time.calendar.median, Some(23.0 * 3_600.0));
    assert_eq!(k.requester_wait_time.calendar.median, Some(3.0 * 3_600.0));
    assert_eq!(k.on_hold_time.calendar.median, Some(0.0));
    // Two agent replies: not one-touch; the customer wrote again: not FCR.
    assert_eq!(k.one_touch, Some(0.0));
    assert_eq!(k.first_contact_resolution, Some(0.0));
    assert_eq!(k.reopen_rate, Some(0.0));
    assert_eq!(k.replies_per_ticket, Some(2.0));
    assert_eq!((k.csat, k.csat_responses), (Some(0.0), 1));
    assert_eq!(k.backlog, 0);
    let agent = &kpis.report().agents[0];
    assert_eq!(
        (agent.handled, agent.replies, agent.handle_seconds),
        (1, 2, Some(900))
    );
    assert_eq!(agent.utilisation, Some(0.25));
}

#[test]
fn the_period_cuts_the_history() {
    // Ends before the solve: the ticket is backlog, 1 h old, not solved.
    let mut config = november();
    config.to = t("2026-11-02T09:00:00Z");
    let mut kpis = KpiAccumulator::new(config, &Calendars::new()).unwrap();
    kpis.add(&journey(), None).unwrap();
    let k = kpis.report().total;
    assert_eq!((k.tickets_created, k.tickets_solved, k.backlog), (1, 0, 1));
    assert_eq!(k.backlog_age.calendar.max, Some(3_600));
    assert_eq!(k.resolution_rate, Some(0.0));
    assert_eq!(k.first_reply_time.calendar.count, 0);
    // Starts after the creation: solved and replied in, created out.
    let mut config = november();
    config.from = t("2026-11-03T00:00:00Z");
    let mut kpis = KpiAccumulator::new(config, &Calendars::new()).unwrap();
    kpis.add(&journey(), None).unwrap();
    let k = kpis.report().total;
    assert_eq!((k.tickets_created, k.tickets_solved), (0, 1));
    assert_eq!(k.resolution_rate, None);
    assert_eq!(k.first_reply_time.calendar.count, 0);
    assert_eq!(k.next_reply_time.calendar.count, 1);
}

#[test]
fn one_touch_fcr_reopen_and_scaled_csat() {
    let quick = ticket(
        "T-2",
        "chat",
        json!([msg("2026-11-05T10:00:00Z", "customer"), msg("2026-11-05T10:01:00Z", "agent"),
               status("2026-11-05T10:02:00Z", "solved"),
               {"at": "2026-11-05T10:03:00Z", "type": "field_changed", "name": "score", "value": 4}]),
    );
    let reopened = ticket(
        "T-3",
        "chat",
        json!([msg("2026-11-05T10:00:00Z", "customer"), msg("2026-11-05T10:01:00Z", "agent"),
               status("2026-11-05T10:02:00Z", "solved"), msg("2026-11-06T10:00:00Z", "customer"),
               status("2026-11-06T10:05:00Z", "solved"),
               {"at": "2026-11-06T10:06:00Z", "type": "field_changed", "name": "score", "value": 3},
               {"at": "2026-11-06T10:07:00Z", "type": "field_changed", "name": "score", "value": "great"}]),
    );
    let mut config = november();
    config.csat_field = Some("score".into());
    let mut kpis = KpiAccumulator::new(config, &Calendars::new()).unwrap();
    kpis.add(&quick, None).unwrap();
    kpis.add(&reopened, None).unwrap();
    let k = kpis.report().total;
    // Both one-touch (one agent reply each); only the first is FCR.
    assert_eq!(k.one_touch, Some(1.0));
    assert_eq!(k.first_contact_resolution, Some(0.5));
    assert_eq!(k.reopen_rate, Some(0.5));
    // 4 is good; the second ticket's latest value, "great", is no score:
    // it has no rating and counts as invalid.
    assert_eq!(
        (k.csat, k.csat_responses, k.csat_invalid),
        (Some(1.0), 1, 1)
    );
    // Full resolution of the reopened one runs to its last solve.
    assert_eq!(k.full_resolution_time.calendar.max, Some(86_400 + 300));
}

#[test]
fn groups_by_channel_tag_and_hour_of_week() {
    let mut kpis = KpiAccumulator::new(
        november().group_by([Dimension::Channel, Dimension::Tag, Dimension::HourOfWeek]),
        &Calendars::new(),
    )
    .unwrap();
    kpis.add(&journey(), None).unwrap();
    let table = kpis.report();
    assert_eq!(table.groups.len(), 1);
    assert_eq!(table.groups[0].key, ["email", "refund", "mon 08"]);
    let json = serde_json::to_value(&table).unwrap();
    assert_eq!(json["groups"][0]["kpis"]["tickets_created"], 1);
}

#[test]
fn sla_attainment_from_reports() {
    let spec: PolicySetSpec = serde_json::from_value(json!({
        "policies": [{"name": "All", "targets": {"first_reply_time": {"normal": "1h"}}}]}))
    .unwrap();
    let set = PolicySet::new(&spec).unwrap();
    let late = journey();
    let fast = ticket(
        "T-4",
        "email",
        json!([
            msg("2026-11-05T10:00:00Z", "customer"),
            msg("2026-11-05T10:01:00Z", "agent")
        ]),
    );
    let end = t("2026-12-01T00:00:00Z");
    let mut kpis = KpiAccumulator::new(november(), &Calendars::new()).unwrap();
    kpis.add(&late, Some(&evaluate(&set, &late, None, end)))
        .unwrap();
    kpis.add(&fast, Some(&evaluate(&set, &fast, None, end)))
        .unwrap();
    let sla = &kpis.report().total.sla;
    assert_eq!(sla.len(), 1);
    assert_eq!(
        (sla[0].achieved, sla[0].breached, sla[0].attainment),
        (1, 1, 0.5)
    );
    let wrong = kpis
        .add(&fast, Some(&evaluate(&set, &late, None, end)))
        .unwrap_err();
    assert_eq!(wrong.code(), "metrics.wrong_ticket");
    let goal: Goal =
        serde_json::from_value(json!({"metric": "sla_attainment", "min": 0.9})).unwrap();
    let r = &check_goals(&kpis, &[goal]).unwrap()[0];
    assert_eq!(r.status, GoalStatus::NotMet);
    assert_eq!(r.tickets[0].ticket.as_str(), "T-1");
    // An hour late: 2 h against 1 h.
    assert_eq!(r.tickets[0].score, 3_600);
}

#[test]
fn goals_met_not_met_no_data_and_refused() {
    let mut kpis =
        KpiAccumulator::new(november().group_by([Dimension::Channel]), &Calendars::new()).unwrap();
    kpis.add(&journey(), None).unwrap();
    let goals: Vec<Goal> = serde_json::from_value(json!([
        {"metric": "first_reply_time", "channel": "email", "stat": "median", "max_seconds": 10800},
        {"metric": "first_reply_time", "channel": "chat", "max_seconds": 120},
        {"metric": "csat", "min": 0.85},
        {"metric": "resolution_rate", "min": 0.9},
        {"metric": "backlog", "max": 0}
    ]))
    .unwrap();
    let r = check_goals(&kpis, &goals).unwrap();
    assert_eq!((r[0].status, r[0].gap), (GoalStatus::Met, Some(-3_600.0)));
    assert_eq!(r[1].status, GoalStatus::NoData);
    assert_eq!(
        (r[2].status, r[2].value, r[2].gap),
        (GoalStatus::NotMet, Some(0.0), Some(0.85))
    );
    assert_eq!(r[2].tickets[0].ticket.as_str(), "T-1");
    assert_eq!(r[3].status, GoalStatus::Met);
    assert_eq!(r[4].status, GoalStatus::Met);
    let refused = [
        json!({"metric": "csat", "max_seconds": 3}),
        json!({"metric": "csat", "min": 1.5}),
        json!({"metric": "first_reply_time", "min": 3}),
        json!({"metric": "first_reply_time", "group": "billing", "max_seconds": 3}),
        json!({"metric": "first_reply_time", "hours": "business", "max_seconds": 3}),
    ];
    for goal in refused {
        let goal: Goal = serde_json::from_value(goal.clone()).unwrap();
        let e = check_goals(&kpis, &[goal]).unwrap_err();
        assert_eq!(e.code(), "metrics.bad_goal", "{e}");
    }
}

#[test]
fn configuration_is_checked_once() {
    let bad = [
        KpiConfig::new(t("2026-11-02T00:00:00Z"), t("2026-11-01T00:00:00Z")),
        november().group_by([Dimension::Channel, Dimension::Channel]),
        november().calendar("nope"),
    ];
    for config in bad {
        assert_eq!(
            KpiAccumulator::new(config, &Calendars::new())
                .unwrap_err()
                .code(),
            "metrics.invalid_config"
        );
    }
    let five = [
        Dimension::Channel,
        Dimension::Group,
        Dimension::Agent,
        Dimension::Priority,
        Dimension::Tag,
    ];
    assert_eq!(
        KpiAccumulator::new(november().group_by(five), &Calendars::new())
            .unwrap_err()
            .code(),
        "metrics.too_large"
    );
}

#[test]
fn exact_percentiles_interpolate() {
    let mut d = Distribution::new();
    for v in [10, 20, 30, 40] {
        d.add(v);
    }
    let s = d.stats();
    assert_eq!(
        (s.median, s.p90, s.mean, s.max, s.exact),
        (Some(25.0), Some(37.0), Some(25.0), Some(40), true)
    );
}

/// A skewed, long-tailed set of durations (log-uniform, 1 s to 10 days).
fn skewed(n: usize, seed: u64) -> Vec<i64> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let u = (x >> 11) as f64 / (1u64 << 53) as f64;
            (864_000f64.powf(u)).round() as i64
        })
        .collect()
}

#[test]
fn the_sketch_agrees_with_the_ddsketch_crate() {
    let values = skewed(50_000, 7);
    let mut mine = Distribution::new();
    let mut theirs =
        sketches_ddsketch::DDSketch::new(sketches_ddsketch::Config::new(SKETCH_ALPHA, 2_200, 1e-9));
    for &v in &values {
        mine.add(v);
        theirs.add(v as f64);
    }
    assert!(!mine.is_exact());
    for q in [0.1, 0.5, 0.9, 0.95, 0.99] {
        let a = mine.quantile(q).unwrap();
        let b = theirs.quantile(q).unwrap().unwrap();
        assert!((a - b).abs() <= 1e-9 * b, "q {q}: {a} vs {b}");
    }
}

#[test]
fn the_sketch_is_within_its_relative_error() {
    let mut values = skewed(200_000, 11);
    let mut d = Distribution::new();
    for &v in &values {
        d.add(v);
    }
    values.sort_unstable();
    for q in [0.5, 0.9, 0.95, 0.99] {
        let rank = (q * (values.len() - 1) as f64) as usize;
        let exact = values[rank] as f64;
        let got = d.quantile(q).unwrap();
        assert!(
            (got - exact).abs() <= SKETCH_ALPHA * exact + 1e-9,
            "q {q}: {got} vs {exact}"
        );
    }
}

#[test]
fn distribution_state_round_trips_and_is_checked() {
    for n in [0, 3, EXACT_LIMIT + 5] {
        let mut d = Distribution::new();
        for v in skewed(n, 3) {
            d.add(v);
        }
        let back: Distribution = serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
        assert_eq!(back, d);
    }
    let bad = [
        json!({"count": 2, "sum": 3, "min": 1, "max": 2, "values": [1]}),
        json!({"count": 1, "sum": 9, "min": 1, "max": 2, "values": [1]}),
        json!({"count": 1, "sum": 1, "values": [1]}),
        json!({"count": 10001, "sum": 10001, "min": 1, "max": 1, "zero": 0, "bins": [[0, 10000]]}),
        json!({"count": 10001, "sum": 10001, "min": 1, "max": 1, "zero": 0, "bins": [[9999, 10001]]}),
        json!({"count": 10001, "sum": 10001, "min": 1, "max": 1, "zero": 0, "bins": [[2, 1], [1, 10000]]}),
        json!({"count": 1, "sum": -1, "min": -1, "max": -1, "values": [-1]}),
    ];
    for state in bad {
        assert!(
            serde_json::from_value::<Distribution>(state.clone()).is_err(),
            "{state}"
        );
    }
}

fn one_pass(tickets: &[Ticket], config: &KpiConfig, cals: &Calendars) -> KpiAccumulator {
    let mut acc = KpiAccumulator::new(config.clone(), cals).unwrap();
    for t in tickets {
        acc.add(t, None).unwrap();
    }
    acc
}

fn merged(
    tickets: &[Ticket],
    parts: &[u8],
    config: &KpiConfig,
    cals: &Calendars,
) -> KpiAccumulator {
    let shards = parts.iter().copied().max().unwrap_or(0) as usize + 1;
    let mut accs: Vec<KpiAccumulator> = (0..shards)
        .map(|_| KpiAccumulator::new(config.clone(), cals).unwrap())
        .collect();
    for (t, p) in tickets.iter().zip(parts) {
        accs[*p as usize].add(t, None).unwrap();
    }
    // Through JSON, as a host stores them.
    let mut accs = accs.into_iter().map(|a| {
        let json = serde_json::to_string(&a.state()).unwrap();
        KpiAccumulator::from_state(serde_json::from_str(&json).unwrap(), cals).unwrap()
    });
    let mut first = accs.next().unwrap();
    for a in accs {
        first.merge(&a).unwrap();
    }
    first
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any split into shards, stored as JSON and merged, reports exactly
    /// what one pass does.
    #[test]
    fn merging_any_split_equals_one_pass(seed in any::<u64>(), parts in prop::collection::vec(0u8..4, 300)) {
        let start = t("2026-11-02T00:00:00Z");
        let tickets: Vec<Ticket> = sample_tickets(seed, start, 300).collect();
        let mut config = november().calendar("office").group_by([Dimension::Channel, Dimension::Tag]);
        config.csat_field = Some("score".into());
        let cals = office();
        let one = one_pass(&tickets, &config, &cals);
        let many = merged(&tickets, &parts, &config, &cals);
        prop_assert_eq!(one.report(), many.report());
        prop_assert_eq!(one.state(), many.state());
    }
}

#[test]
fn merging_sketched_groups_equals_one_pass() {
    // Enough tickets that the total's durations become sketches.
    let start = t("2026-11-02T00:00:00Z");
    let tickets: Vec<Ticket> = sample_tickets(5, start, 12_000).collect();
    let config = november().group_by([Dimension::Channel]);
    let cals = Calendars::new();
    let parts: Vec<u8> = (0..tickets.len()).map(|i| (i * 7 % 3) as u8).collect();
    let one = one_pass(&tickets, &config, &cals);
    assert!(!one.report().total.next_reply_time.calendar.exact);
    let many = merged(&tickets, &parts, &config, &cals);
    assert_eq!(one.report(), many.report());
}

#[test]
fn merge_refuses_other_configurations_and_bad_state() {
    let mut a = KpiAccumulator::new(november(), &Calendars::new()).unwrap();
    let b =
        KpiAccumulator::new(november().group_by([Dimension::Channel]), &Calendars::new()).unwrap();
    assert_eq!(a.merge(&b).unwrap_err().code(), "metrics.mismatch");
    let mut state = serde_json::to_value(b.state()).unwrap();
    state["groups"] =
        json!([{"key": ["a", "b"], "totals": serde_json::to_value(a.state()).unwrap()["total"]}]);
    let state: KpiState = serde_json::from_value(state).unwrap();
    assert_eq!(
        KpiAccumulator::from_state(state, &Calendars::new())
            .unwrap_err()
            .code(),
        "metrics.bad_state"
    );
}

#[test]
fn sample_tickets_are_seeded_and_varied() {
    let start = t("2026-11-02T00:00:00Z");
    let a: Vec<Ticket> = sample_tickets(1, start, 500).collect();
    let b: Vec<Ticket> = sample_tickets(1, start, 500).collect();
    assert_eq!(a.len(), 500);
    assert_eq!(a, b);
    let reopened = a.iter().filter(|t| t.summary().reopens > 0).count();
    assert!((10..100).contains(&reopened), "{reopened}");
    assert!(a.iter().all(|t| (7..=21).contains(&t.events().len())));
    for seed in 2..6 {
        assert_eq!(
            sample_tickets(seed, start, 2_000).count(),
            2_000,
            "seed {seed}"
        );
    }
}

#[test]
fn merged_tickets_count_only_as_merged() {
    let merged = ticket(
        "T-5",
        "email",
        json!([msg("2026-11-05T10:00:00Z", "customer"), msg("2026-11-05T10:02:00Z", "agent"),
               {"at": "2026-11-05T10:03:00Z", "type": "satisfaction_rated", "rating": "bad"},
               {"at": "2026-11-05T10:05:00Z", "type": "merged", "into": "T-1"}]),
    );
    let mut kpis = KpiAccumulator::new(november(), &Calendars::new()).unwrap();
    kpis.add(&merged, None).unwrap();
    kpis.add(&journey(), None).unwrap();
    let k = kpis.report().total;
    assert_eq!(
        (
            k.tickets_created,
            k.tickets_merged,
            k.tickets_solved,
            k.backlog
        ),
        (2, 1, 1, 0)
    );
    assert_eq!(k.resolution_rate, Some(1.0));
    assert_eq!(k.full_resolution_time.calendar.count, 1);
    // Its reply and rating count nowhere: only the journey's.
    assert_eq!(
        (k.first_reply_time.calendar.count, k.csat_responses),
        (1, 1)
    );
    let goal: Goal =
        serde_json::from_value(json!({"metric": "resolution_rate", "min": 0.9})).unwrap();
    let r = &check_goals(&kpis, &[goal]).unwrap()[0];
    assert_eq!((r.value, r.count), (Some(1.0), 1));
}

#[test]
fn an_sla_report_of_many_metrics_counts_those_in_the_period() {
    // A policy set with 40 metrics, one of which completed in November.
    let mut metrics: Vec<serde_json::Value> = (0..40)
        .map(|i| json!({"metric": format!("m{i}"), "state": "not_applicable", "cycles": []}))
        .collect();
    metrics[0] = json!({"metric": "m0", "state": "achieved", "cycles": [{
        "state": "achieved", "policy": "All", "calendar": null, "target_seconds": 3600,
        "started_at": "2026-11-02T08:00:00Z", "stopped_at": "2026-11-02T08:30:00Z", "due_at": null,
        "elapsed_seconds": 1800, "remaining_seconds": 1800, "breached_at": null, "warning": false,
        "warning_at": null, "pauses": [], "off_hours_seconds": 0}]});
    let report: SlaReport = serde_json::from_value(
        json!({"ticket": "T-1", "evaluated_at": "2026-12-01T00:00:00Z",
        "policy": "All", "metrics": metrics}),
    )
    .unwrap();
    let mut kpis = KpiAccumulator::new(november(), &Calendars::new()).unwrap();
    kpis.add(&journey(), Some(&report)).unwrap();
    assert_eq!(kpis.report().total.sla.len(), 1);
}

#[test]
fn groups_are_the_tickets_as_they_stood_at_the_end() {
    // Moved to another group after the period: counted in its group at the end.
    let moved = ticket(
        "T-6",
        "chat",
        json!([msg("2026-11-30T10:00:00Z", "customer"),
               {"at": "2026-11-30T10:00:00Z", "type": "group_changed", "to": "billing"},
               {"at": "2026-12-02T10:00:00Z", "type": "group_changed", "to": "returns"}]),
    );
    // Created after the period: no group at all.
    let later = ticket(
        "T-7",
        "chat",
        json!([msg("2026-12-05T10:00:00Z", "customer")]),
    );
    let mut kpis =
        KpiAccumulator::new(november().group_by([Dimension::Group]), &Calendars::new()).unwrap();
    kpis.add(&moved, None).unwrap();
    kpis.add(&later, None).unwrap();
    let table = kpis.report();
    assert_eq!(table.tickets, 2);
    let keys: Vec<&Vec<String>> = table.groups.iter().map(|g| &g.key).collect();
    assert_eq!(keys, [&vec!["billing".to_owned()]]);
}

#[test]
fn count_goals_read_zero_where_no_group_matches() {
    let mut kpis =
        KpiAccumulator::new(november().group_by([Dimension::Channel]), &Calendars::new()).unwrap();
    kpis.add(&journey(), None).unwrap();
    let goals: Vec<Goal> = serde_json::from_value(json!([
        {"metric": "tickets_created", "channel": "phone", "min": 1},
        {"metric": "csat", "min": 0.9, "max": 0.8}
    ]))
    .unwrap();
    let r = check_goals(&kpis, &goals[..1]).unwrap();
    assert_eq!((r[0].status, r[0].value), (GoalStatus::NotMet, Some(0.0)));
    assert_eq!(
        check_goals(&kpis, &goals[1..]).unwrap_err().code(),
        "metrics.bad_goal"
    );
}

#[test]
fn stored_state_that_does_not_hold_together_is_refused() {
    let cals = office();
    let config = november().group_by([Dimension::Channel]).calendar("office");
    let mut kpis = KpiAccumulator::new(config, &cals).unwrap();
    let spec: PolicySetSpec = serde_json::from_value(json!({
        "policies": [{"name": "All", "targets": {"first_reply_time": {"normal": "1h"}}}]}))
    .unwrap();
    let set = PolicySet::new(&spec).unwrap();
    let t = journey();
    kpis.add(&t, Some(&evaluate(&set, &t, None, t_end())))
        .unwrap();
    let good = serde_json::to_value(kpis.state()).unwrap();
    assert!(
        KpiAccumulator::from_state(serde_json::from_value(good.clone()).unwrap(), &cals).is_ok()
    );
    let tamper = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = good.clone();
        f(&mut v);
        match serde_json::from_value::<KpiState>(v) {
            Err(_) => true,
            Ok(state) => KpiAccumulator::from_state(state, &cals).is_err(),
        }
    };
    assert!(tamper(&|v| v["total"]["created"] = json!(u64::MAX)));
    assert!(tamper(&|v| v["tickets"] = json!(1u64 << 60)));
    assert!(tamper(
        &|v| v["total"]["timings"]["on_hold_time"]["calendar"] =
            json!({"count": 0, "sum": 999, "values": []})
    ));
    assert!(tamper(&|v| v["total"]["sla"] = json!({})));
    assert!(tamper(
        &|v| v["agents"] =
            json!({"a-1": {"handled": 1, "replies": 0, "handle_seconds": -5, "timed": 0}})
    ));
    assert!(tamper(
        &|v| v["total"]["timings"]["first_reply_time"]["business"] = serde_json::Value::Null
    ));
    let many: Vec<_> = (0..11)
        .map(|i| json!({"ticket": format!("T-{i}"), "score": 100 - i}))
        .collect();
    assert!(tamper(&|v| v["total"]["unresolved"] = json!(many)));
}

fn t_end() -> Timestamp {
    t("2026-12-01T00:00:00Z")
}

#[test]
fn memory_size_grows_with_values_and_agents() {
    let mut acc = KpiAccumulator::new(november(), &Calendars::new()).unwrap();
    let empty = acc.memory_size();
    assert!(empty >= std::mem::size_of::<KpiAccumulator>());
    let one = journey();
    acc.add(&one, None).unwrap();
    let with_one = acc.memory_size();
    assert!(with_one > empty, "{with_one} ≤ {empty}");
    for i in 0..200 {
        let agent = format!("a-{i}");
        let reply = json!({"at": "2026-11-02T10:00:00Z", "type": "message", "author": "agent",
                           "body": ".", "actor": {"kind": "agent", "id": agent}});
        let t = ticket(
            &format!("T-{}", i + 2),
            "chat",
            json!([msg("2026-11-02T08:00:00Z", "customer"), reply]),
        );
        acc.add(&t, None).unwrap();
    }
    // 200 agents and 200 first-reply values: at least their entries.
    let grown = acc.memory_size();
    assert!(grown >= with_one + 200 * (3 + 8), "{grown}");
}
