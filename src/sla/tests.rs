//! SLA scenarios from the public metric definitions, and properties.

use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::time::Timestamp;
use crate::{Customer, Event, Status, Ticket};

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// Office: Amsterdam, weekdays 09:00-17:00, NL holidays. Chat: around the clock.
fn set() -> PolicySet {
    let spec: PolicySetSpec = serde_json::from_value(json!({
        "calendars": {
            "office": {"time_zone": "Europe/Amsterdam",
                       "hours": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]],
                                 "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]]},
                       "public_holidays": [{"country": "NL"}]}
        },
        "metrics": [{"name": "time_to_assign", "start": ["created"], "stop": ["assignee_changed"]}],
        "policies": [
            {"name": "VIP", "when": {"segments": ["vip"]}, "calendar": "office",
             "targets": {"first_reply_time": {"urgent": "30m", "high": "1h", "normal": "1h", "low": "2h"}}},
            {"name": "Chat", "when": {"channels": ["chat", "whatsapp"]},
             "targets": {"first_reply_time": {"urgent": "1m", "high": "2m", "normal": "5m", "low": "10m"},
                         "next_reply_time": {"normal": "5m", "high": "2m"}}},
            {"name": "E-mail", "calendar": "office", "calendar_hours": ["time_to_assign"],
             "warn": {"remaining_seconds": 1800},
             "targets": {"first_reply_time": {"urgent": "1h", "high": "4h", "normal": "8h", "low": "24h"},
                         "next_reply_time": {"urgent": "1h", "high": "4h", "normal": "8h", "low": "24h"},
                         "periodic_update_time": {"normal": "24h"},
                         "requester_wait_time": {"normal": "16h", "high": "8h"},
                         "agent_work_time": {"normal": "16h", "high": "8h"},
                         "resolution_time": {"normal": "40h", "high": "16h"},
                         "time_to_assign": {"normal": "2h"}}}
        ]
    }))
    .unwrap();
    PolicySet::new(&spec).unwrap()
}

fn ticket(channel: &str, events: serde_json::Value) -> Ticket {
    let mut all = vec![
        json!({"at": events[0]["at"], "type": "created", "subject": "x",
                               "requester": "c1", "channel": channel}),
    ];
    all.extend(events.as_array().unwrap().iter().cloned());
    let events: Vec<Event> = serde_json::from_value(json!(all)).unwrap();
    Ticket::from_events("T-1".parse().unwrap(), events).unwrap()
}

fn customer_msg(at: &str) -> serde_json::Value {
    json!({"at": at, "type": "message", "author": "customer", "body": "?"})
}
fn agent_msg(at: &str) -> serde_json::Value {
    json!({"at": at, "type": "message", "author": "agent", "body": "!"})
}
fn status(at: &str, to: &str) -> serde_json::Value {
    json!({"at": at, "type": "status_changed", "to": to})
}

fn cycle<'a>(r: &'a SlaReport, metric: &str, i: usize) -> &'a CycleReport {
    &r.metric(metric).unwrap().cycles[i]
}

#[test]
fn first_reply_over_a_weekend_and_a_night() {
    // Friday 16:00 Amsterdam (15:00Z): 1 hour on Friday, 7 on Monday -> due Monday 16:00.
    let tk = ticket("email", json!([customer_msg("2026-03-06T15:00:00Z")]));
    let r = evaluate(&set(), &tk, None, t("2026-03-07T12:00:00Z"));
    let c = cycle(&r, "first_reply_time", 0);
    assert_eq!(r.policy.as_deref(), Some("E-mail"));
    assert_eq!(c.state, SlaState::Active);
    assert_eq!(c.elapsed_seconds, 3600);
    assert_eq!(c.remaining_seconds, Some(7 * 3600));
    assert_eq!(c.due_at, Some(t("2026-03-09T15:00:00Z")));
    assert_eq!(c.breached_at, Some(t("2026-03-09T15:00:01Z")));
    assert_eq!(c.off_hours_seconds, 20 * 3600);
    assert_eq!(r.reply_by(), Some(t("2026-03-09T15:00:00Z")));
    // The warning fires 30 minutes before the due time.
    assert_eq!(c.warning_at, Some(t("2026-03-09T14:30:00Z")));
    assert_eq!(r.next_change_at(), Some(t("2026-03-09T14:30:00Z")));
}

#[test]
fn off_hours_periods_are_listed_apart_from_pauses() {
    // Friday 16:00 Amsterdam to Monday 12:00: the closed weekend is one period.
    let tk = ticket("email", json!([customer_msg("2026-03-06T15:00:00Z")]));
    let opts = SlaOptions {
        off_hours_periods: true,
    };
    let r = evaluate_with(&set(), &tk, None, t("2026-03-09T11:00:00Z"), &opts);
    let c = cycle(&r, "first_reply_time", 0);
    assert_eq!(
        c.off_hours,
        [(t("2026-03-06T16:00:00Z"), t("2026-03-09T08:00:00Z"))]
    );
    assert_eq!(c.off_hours_seconds, 64 * 3600);
    assert!(c.pauses.is_empty());
    // Not listed unless asked for.
    assert!(
        cycle(
            &evaluate(&set(), &tk, None, t("2026-03-09T11:00:00Z")),
            "first_reply_time",
            0
        )
        .off_hours
        .is_empty()
    );
}

#[test]
fn a_reply_after_closing_is_not_a_breach_if_business_time_remains() {
    // Created Monday 09:00 Amsterdam with 8 business hours: due Monday 17:00.
    let mut events = vec![customer_msg("2026-03-02T08:00:00Z")];
    events.push(agent_msg("2026-03-02T19:00:00Z")); // 20:00 local, after the close
    let tk = ticket("email", json!(events));
    let r = evaluate(&set(), &tk, None, t("2026-03-03T12:00:00Z"));
    let c = cycle(&r, "first_reply_time", 0);
    assert_eq!(c.state, SlaState::Achieved);
    assert_eq!(c.elapsed_seconds, 8 * 3600);
    assert_eq!(c.remaining_seconds, Some(0));
    assert_eq!(c.breached_at, None);
    // One business second later would be a breach.
    let late = ticket(
        "email",
        json!([
            customer_msg("2026-03-02T08:00:00Z"),
            agent_msg("2026-03-03T08:00:01Z")
        ]),
    );
    let r = evaluate(&set(), &late, None, t("2026-03-03T12:00:00Z"));
    let c = cycle(&r, "first_reply_time", 0);
    assert_eq!(c.state, SlaState::Breached);
    assert_eq!(c.breached_at, Some(t("2026-03-03T08:00:01Z")));
}

#[test]
fn pending_pauses_requester_wait_and_on_hold_pauses_agent_work() {
    let tk = ticket(
        "email",
        json!([
            customer_msg("2026-03-02T08:00:00Z"), // Monday 09:00 local
            agent_msg("2026-03-02T09:00:00Z"),
            status("2026-03-02T09:00:00Z", "pending"),
            customer_msg("2026-03-02T11:00:00Z"), // reopens: 2 h pending
            status("2026-03-02T12:00:00Z", "on_hold"),
            status("2026-03-02T14:00:00Z", "open"), // 2 h on hold
            status("2026-03-02T15:00:00Z", "solved")
        ]),
    );
    let r = evaluate(&set(), &tk, None, t("2026-03-02T16:00:00Z"));
    // Open 7 hours in all: 2 pending, 2 on hold.
    let wait = cycle(&r, "requester_wait_time", 0);
    assert_eq!(
        (wait.state, wait.elapsed_seconds),
        (SlaState::Achieved, 5 * 3600)
    );
    assert_eq!(wait.pauses.len(), 1);
    assert_eq!(wait.pauses[0].reason, crate::Status::Pending);
    assert_eq!(wait.pauses[0].to, Some(t("2026-03-02T11:00:00Z")));
    let work = cycle(&r, "agent_work_time", 0);
    assert_eq!(work.elapsed_seconds, 3 * 3600);
    assert_eq!(work.pauses.len(), 2);
    let resolution = cycle(&r, "resolution_time", 0);
    assert_eq!(
        (resolution.elapsed_seconds, resolution.stopped_at),
        (7 * 3600, Some(t("2026-03-02T15:00:00Z")))
    );
    // The customer's reply after the agent's starts a next-reply cycle; solving ends it.
    let next = &r.metric("next_reply_time").unwrap().cycles;
    assert_eq!(next.len(), 1);
    assert_eq!(next[0].stopped_at, Some(t("2026-03-02T15:00:00Z")));
    assert_eq!(next[0].state, SlaState::Achieved);
}

#[test]
fn reopen_continues_resolution_and_skips_solved_time() {
    let tk = ticket(
        "email",
        json!([
            customer_msg("2026-03-02T08:00:00Z"),
            agent_msg("2026-03-02T10:00:00Z"),
            status("2026-03-02T10:00:00Z", "solved"),
            customer_msg("2026-03-03T08:00:00Z"), // Tuesday 09:00: reopens
            agent_msg("2026-03-03T09:00:00Z")
        ]),
    );
    let r = evaluate(&set(), &tk, None, t("2026-03-03T10:00:00Z"));
    let res = cycle(&r, "resolution_time", 0);
    // 2 h Monday + 2 h Tuesday; the solved night does not count.
    assert_eq!(
        (res.state, res.elapsed_seconds),
        (SlaState::Active, 4 * 3600)
    );
    assert_eq!(r.metric("resolution_time").unwrap().cycles.len(), 1);
    // The reopening message started a next-reply cycle, answered in an hour.
    let next = cycle(&r, "next_reply_time", 0);
    assert_eq!(
        (next.state, next.elapsed_seconds),
        (SlaState::Achieved, 3600)
    );
}

#[test]
fn several_next_reply_cycles() {
    let tk = ticket(
        "chat",
        json!([
            customer_msg("2026-03-07T22:00:00Z"),
            agent_msg("2026-03-07T22:03:00Z"),
            customer_msg("2026-03-07T22:05:00Z"),
            customer_msg("2026-03-07T22:06:00Z"), // same wait
            agent_msg("2026-03-07T22:08:00Z"),
            customer_msg("2026-03-07T22:10:00Z"),
            agent_msg("2026-03-07T22:20:00Z")
        ]),
    );
    let r = evaluate(&set(), &tk, None, t("2026-03-07T23:00:00Z"));
    assert_eq!(r.policy.as_deref(), Some("Chat"));
    let first = cycle(&r, "first_reply_time", 0);
    assert_eq!(
        (first.state, first.elapsed_seconds),
        (SlaState::Achieved, 180)
    );
    let next = &r.metric("next_reply_time").unwrap().cycles;
    let got: Vec<(SlaState, i64)> = next.iter().map(|c| (c.state, c.elapsed_seconds)).collect();
    assert_eq!(got, [(SlaState::Achieved, 180), (SlaState::Breached, 600)]);
    assert_eq!(next[1].breached_at, Some(t("2026-03-07T22:15:01Z")));
    // Chat runs on calendar hours: Saturday night counts.
    assert_eq!(next[1].calendar, None);
}

#[test]
fn priority_raised_mid_ticket_retargets_the_open_cycle() {
    let tk = ticket(
        "email",
        json!([
            customer_msg("2026-03-02T08:00:00Z"),
            {"at": "2026-03-02T09:00:00Z", "type": "priority_changed", "to": "urgent"}
        ]),
    );
    let r = evaluate(&set(), &tk, None, t("2026-03-02T09:30:00Z"));
    let c = cycle(&r, "first_reply_time", 0);
    // Urgent: 1 business hour, 1.5 used: breached 30 minutes ago.
    assert_eq!(c.target_seconds, Some(3600));
    assert_eq!(c.state, SlaState::Breached);
    assert_eq!(c.breached_at, Some(t("2026-03-02T09:00:01Z")));
    // Lowering it again does not undo the breach.
    let tk = ticket(
        "email",
        json!([
            customer_msg("2026-03-02T08:00:00Z"),
            {"at": "2026-03-02T09:00:00Z", "type": "priority_changed", "to": "urgent"},
            {"at": "2026-03-02T09:30:00Z", "type": "priority_changed", "to": "low"}
        ]),
    );
    let r = evaluate(&set(), &tk, None, t("2026-03-02T10:00:00Z"));
    let c = cycle(&r, "first_reply_time", 0);
    assert_eq!(
        (c.state, c.target_seconds),
        (SlaState::Breached, Some(24 * 3600))
    );
    assert_eq!(c.breached_at, Some(t("2026-03-02T09:00:01Z")));
}

#[test]
fn completed_cycles_keep_their_outcome() {
    let tk = ticket(
        "email",
        json!([
            customer_msg("2026-03-02T08:00:00Z"),
            agent_msg("2026-03-02T10:00:00Z"), // 2 h: fine for normal (8 h)
            {"at": "2026-03-02T11:00:00Z", "type": "priority_changed", "to": "urgent"}
        ]),
    );
    let r = evaluate(&set(), &tk, None, t("2026-03-02T12:00:00Z"));
    let c = cycle(&r, "first_reply_time", 0);
    assert_eq!(
        (c.state, c.target_seconds),
        (SlaState::Achieved, Some(8 * 3600))
    );
}

#[test]
fn dst_night_on_calendar_hours_and_holidays_on_office_hours() {
    // A chat on the night the clocks go forward: 23:30 to 03:30 local is 3 hours.
    let tk = ticket(
        "chat",
        json!([
            customer_msg("2026-03-28T22:30:00Z"),
            agent_msg("2026-03-29T01:30:00Z")
        ]),
    );
    let r = evaluate(&set(), &tk, None, t("2026-03-29T02:00:00Z"));
    assert_eq!(cycle(&r, "first_reply_time", 0).elapsed_seconds, 3 * 3600);
    // An e-mail on Thursday before Easter: Good Friday is optional in NL (open),
    // Easter Monday is closed. Thursday 16:00 + 8 h: 1 h Thu, 7 h Fri -> Fri 16:00.
    let tk = ticket("email", json!([customer_msg("2026-04-02T14:00:00Z")]));
    let r = evaluate(&set(), &tk, None, t("2026-04-02T15:00:00Z"));
    assert_eq!(
        cycle(&r, "first_reply_time", 0).due_at,
        Some(t("2026-04-03T14:00:00Z"))
    );
    // Thursday 16:00 + 16 h requester wait: Fri 8 h, Mon closed, Tue 7 h -> Tue 16:00 CEST.
    assert_eq!(
        cycle(&r, "requester_wait_time", 0).due_at,
        Some(t("2026-04-07T14:00:00Z"))
    );
}

#[test]
fn policies_by_customer_segment_and_custom_metrics() {
    let tk = ticket("email", json!([customer_msg("2026-03-02T08:00:00Z")]));
    let mut vip = Customer::new("c1".parse().unwrap());
    vip.segment = Some("vip".into());
    let r = evaluate(&set(), &tk, Some(&vip), t("2026-03-02T08:30:00Z"));
    assert_eq!(r.policy.as_deref(), Some("VIP"));
    assert_eq!(cycle(&r, "first_reply_time", 0).target_seconds, Some(3600));
    // The VIP policy has no resolution target: not applicable.
    assert_eq!(
        r.metric("resolution_time").unwrap().cycles[0].state,
        SlaState::NotApplicable
    );
    // The custom metric, in calendar hours for the e-mail policy.
    let tk = ticket(
        "email",
        json!([customer_msg("2026-03-07T08:00:00Z"), {"at": "2026-03-07T11:00:00Z", "type": "assigned", "to": "a1"}]),
    );
    let r = evaluate(&set(), &tk, None, t("2026-03-07T12:00:00Z"));
    let c = cycle(&r, "time_to_assign", 0);
    assert_eq!((c.state, c.elapsed_seconds), (SlaState::Breached, 3 * 3600));
}

#[test]
fn periodic_updates_and_paused_due_times() {
    let tk = ticket(
        "email",
        json!([
            customer_msg("2026-03-02T08:00:00Z"),
            agent_msg("2026-03-02T09:00:00Z"),
            status("2026-03-02T09:00:00Z", "pending")
        ]),
    );
    let r = evaluate(&set(), &tk, None, t("2026-03-02T12:00:00Z"));
    let periodic = cycle(&r, "periodic_update_time", 0);
    assert_eq!(
        (periodic.state, periodic.elapsed_seconds),
        (SlaState::Active, 3 * 3600)
    );
    let wait = cycle(&r, "requester_wait_time", 0);
    assert_eq!((wait.state, wait.due_at), (SlaState::Paused, None));
    assert_eq!(wait.elapsed_seconds, 3600);
    // Nothing is owed to the customer while pending.
    assert_eq!(r.reply_by(), None);
}

#[test]
fn closing_and_solved_tickets_owe_no_reply() {
    // Merged (closed) half an hour after the customer wrote: no reply is owed.
    let tk = ticket(
        "email",
        json!([customer_msg("2026-03-02T08:00:00Z"),
        {"at": "2026-03-02T08:30:00Z", "type": "merged", "into": "T-2"}]),
    );
    let r = evaluate(&set(), &tk, None, t("2026-03-03T12:00:00Z"));
    let c = cycle(&r, "first_reply_time", 0);
    assert_eq!(
        (c.state, c.stopped_at),
        (SlaState::Achieved, Some(t("2026-03-02T08:30:00Z")))
    );
    assert_eq!((r.reply_by(), r.next_change_at()), (None, None));
    // Created as solved (a logged phone call): no first-reply clock at all.
    let events: Vec<Event> =
        serde_json::from_value(json!([{"at": "2026-03-02T08:00:00Z", "type": "created",
        "subject": "x", "requester": "c1", "channel": "phone", "status": "solved"}]))
        .unwrap();
    let tk = Ticket::from_events("T-3".parse().unwrap(), events).unwrap();
    let r = evaluate(&set(), &tk, None, t("2026-03-03T12:00:00Z"));
    assert!(r.metric("first_reply_time").unwrap().cycles.is_empty());
    // An overdue reply is no promise.
    let tk = ticket("email", json!([customer_msg("2026-03-02T08:00:00Z")]));
    let r = evaluate(&set(), &tk, None, t("2026-03-04T12:00:00Z"));
    assert_eq!(cycle(&r, "first_reply_time", 0).state, SlaState::Breached);
    assert_eq!(r.reply_by(), None);
    // ...but it is still due, and overdue: the most urgent work there is.
    let due = r.reply_due().unwrap();
    assert_eq!(
        (&*due.metric, due.due_at, due.overdue),
        ("first_reply_time", t("2026-03-02T16:00:00Z"), true)
    );
}

/// Office hours as `set()`, periodic update every 4 business hours.
fn periodic_set() -> PolicySet {
    let spec: PolicySetSpec = serde_json::from_value(json!({
        "calendars": {"office": {"time_zone": "Europe/Amsterdam",
            "hours": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]],
                      "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]]}}},
        "policies": [{"name": "E-mail", "calendar": "office",
            "targets": {"periodic_update_time": {"normal": "4h"}, "next_reply_time": {"normal": "4h"},
                        "requester_wait_time": {"normal": "2h"}}}]
    }))
    .unwrap();
    PolicySet::new(&spec).unwrap()
}

#[test]
fn an_agent_reply_on_a_solved_ticket_starts_no_update_cycle() {
    // The example: customer 08:00Z, agent 09:00Z, solved 10:00Z, a
    // thank-you note 11:00Z, evaluated the next morning.
    let history = [
        customer_msg("2026-03-02T08:00:00Z"),
        agent_msg("2026-03-02T09:00:00Z"),
        status("2026-03-02T10:00:00Z", "solved"),
        agent_msg("2026-03-02T11:00:00Z"),
    ];
    let tk = ticket("email", json!(history));
    let r = evaluate(&periodic_set(), &tk, None, t("2026-03-03T09:00:00Z"));
    let periodic = &r.metric("periodic_update_time").unwrap().cycles;
    assert_eq!(periodic.len(), 1, "{periodic:#?}");
    assert_eq!(
        (periodic[0].state, periodic[0].stopped_at),
        (SlaState::Achieved, Some(t("2026-03-02T10:00:00Z")))
    );
    assert_eq!(r.next_change_at(), None);
    // An agent reopening it starts the periodic update again, from then.
    let mut reopened = history.to_vec();
    reopened.push(status("2026-03-03T08:30:00Z", "open"));
    let tk = ticket("email", json!(reopened));
    let r = evaluate(&periodic_set(), &tk, None, t("2026-03-03T09:00:00Z"));
    let periodic = &r.metric("periodic_update_time").unwrap().cycles;
    assert_eq!(periodic.len(), 2);
    assert_eq!(
        (
            periodic[1].state,
            periodic[1].started_at,
            periodic[1].elapsed_seconds
        ),
        (SlaState::Active, t("2026-03-03T08:30:00Z"), 1800)
    );
    // So does the customer's reply, which also starts a next-reply wait.
    let mut reopened = history.to_vec();
    reopened.push(customer_msg("2026-03-03T08:30:00Z"));
    let tk = ticket("email", json!(reopened));
    let r = evaluate(&periodic_set(), &tk, None, t("2026-03-03T09:00:00Z"));
    assert_eq!(
        cycle(&r, "periodic_update_time", 1).started_at,
        t("2026-03-03T08:30:00Z")
    );
    assert_eq!(
        cycle(&r, "next_reply_time", 0).started_at,
        t("2026-03-03T08:30:00Z")
    );
}

#[test]
fn a_reopen_answered_at_once_is_no_zero_second_cycle() {
    let tk = ticket(
        "email",
        json!([
            customer_msg("2026-03-02T08:00:00Z"),
            agent_msg("2026-03-02T09:00:00Z"),
            status("2026-03-02T10:00:00Z", "solved"),
            status("2026-03-02T12:00:00Z", "open"),
            agent_msg("2026-03-02T12:00:00Z")
        ]),
    );
    let r = evaluate(&periodic_set(), &tk, None, t("2026-03-02T13:00:00Z"));
    let periodic = &r.metric("periodic_update_time").unwrap().cycles;
    // 09:00-10:00, then from the 12:00 reply on; nothing 12:00-12:00.
    assert_eq!(periodic.len(), 2, "{periodic:#?}");
    assert_eq!(periodic[1].started_at, t("2026-03-02T12:00:00Z"));
    assert_eq!(periodic[1].state, SlaState::Active);
}

#[test]
fn a_repeating_metric_may_start_on_solving() {
    let spec: PolicySetSpec = serde_json::from_value(json!({
        "metrics": [{"name": "solve_to_close", "start": [{"status_entered": "solved"}],
                     "stop": [{"status_entered": "closed"}], "repeat": true}],
        "policies": [{"name": "P", "targets": {"solve_to_close": {"normal": "96h"}}}]
    }))
    .unwrap();
    let set = PolicySet::new(&spec).unwrap();
    let tk = ticket(
        "email",
        json!([
            customer_msg("2026-03-02T08:00:00Z"),
            status("2026-03-02T10:00:00Z", "solved")
        ]),
    );
    let r = evaluate(&set, &tk, None, t("2026-03-03T10:00:00Z"));
    assert_eq!(cycle(&r, "solve_to_close", 0).state, SlaState::Active);
}

#[test]
fn a_paused_cycle_still_warns() {
    // Requester wait, 2 business hours, warning at 25 %: 1h40 ran before pending.
    let tk = ticket(
        "email",
        json!([
            customer_msg("2026-03-02T08:00:00Z"),
            status("2026-03-02T09:40:00Z", "pending")
        ]),
    );
    let r = evaluate(&periodic_set(), &tk, None, t("2026-03-02T10:00:00Z"));
    let wait = cycle(&r, "requester_wait_time", 0);
    assert_eq!(
        (wait.state, wait.warning, wait.due_at),
        (SlaState::Paused, true, None)
    );
}

#[test]
fn a_stop_after_completion_keeps_the_outcome() {
    // Breached while solved-complete at 10:00 (1h target); the priority drops
    // to low (24h) at 11:00; closed at 12:00. Still breached, stopped at 10:00.
    let spec: PolicySetSpec = serde_json::from_value(json!({
        "metrics": [{"name": "to_close", "start": ["created"], "stop": [{"status_entered": "closed"}],
                     "complete_in": ["solved"]}],
        "policies": [{"name": "P", "targets": {"to_close": {"high": "1h", "low": "24h"}}}]
    }))
    .unwrap();
    let set = PolicySet::new(&spec).unwrap();
    let events: Vec<Event> = serde_json::from_value(json!([
        {"at": "2026-03-02T08:00:00Z", "type": "created", "subject": "x", "requester": "c1",
         "channel": "email", "priority": "high"},
        {"at": "2026-03-02T10:00:00Z", "type": "status_changed", "to": "solved"},
        {"at": "2026-03-02T11:00:00Z", "type": "priority_changed", "to": "low"},
        {"at": "2026-03-02T12:00:00Z", "type": "status_changed", "to": "closed"}
    ]))
    .unwrap();
    let tk = Ticket::from_events("T-9".parse().unwrap(), events).unwrap();
    let r = evaluate(&set, &tk, None, t("2026-03-02T13:00:00Z"));
    let c = cycle(&r, "to_close", 0);
    assert_eq!(c.state, SlaState::Breached);
    assert_eq!(c.stopped_at, Some(t("2026-03-02T10:00:00Z")));
}

#[test]
fn reply_due_stays_overdue_after_a_change_of_target() {
    // 4h ran out at 12:00; the priority drops to low (24h) at 13:00.
    let spec: PolicySetSpec = serde_json::from_value(json!({"policies": [{"name": "E-mail",
        "targets": {"first_reply_time": {"normal": "4h", "low": "24h"}}}]}))
    .unwrap();
    let tk = ticket(
        "email",
        json!([customer_msg("2026-03-02T08:00:00Z"),
               {"at": "2026-03-02T13:00:00Z", "type": "priority_changed", "to": "low"}]),
    );
    let r = evaluate(
        &PolicySet::new(&spec).unwrap(),
        &tk,
        None,
        t("2026-03-02T14:00:00Z"),
    );
    let due = r.reply_due().unwrap();
    assert!(due.overdue);
    assert_eq!(due.due_at, t("2026-03-02T12:00:01Z"));
    // A priority without a target: still breached, still due.
    let spec: PolicySetSpec = serde_json::from_value(json!({"policies": [{"name": "E-mail",
        "targets": {"first_reply_time": {"normal": "4h"}}}]}))
    .unwrap();
    let r = evaluate(
        &PolicySet::new(&spec).unwrap(),
        &tk,
        None,
        t("2026-03-02T14:00:00Z"),
    );
    let due = r.reply_due().unwrap();
    assert_eq!((due.overdue, due.due_at), (true, t("2026-03-02T12:00:01Z")));
}

#[test]
fn a_reply_that_solves_is_one_answer_not_a_zero_second_cycle() {
    let tk = ticket(
        "email",
        json!([
            customer_msg("2026-03-02T08:00:00Z"),
            agent_msg("2026-03-02T09:00:00Z"),
            customer_msg("2026-03-02T10:00:00Z"),
            agent_msg("2026-03-02T11:00:00Z"),
            status("2026-03-02T11:00:00Z", "solved")
        ]),
    );
    let r = evaluate(&periodic_set(), &tk, None, t("2026-03-02T15:00:00Z"));
    // Periodic: 09:00 -> 11:00 only; nothing starts at 11:00.
    let periodic = &r.metric("periodic_update_time").unwrap().cycles;
    assert_eq!(periodic.len(), 1);
    assert_eq!(periodic[0].elapsed_seconds, 7200);
    // Next reply: 10:00 -> 11:00 only.
    let next = &r.metric("next_reply_time").unwrap().cycles;
    assert_eq!(next.len(), 1);
    assert_eq!(next[0].started_at, t("2026-03-02T10:00:00Z"));
    assert!(
        r.metrics
            .iter()
            .flat_map(|m| &m.cycles)
            .all(|c| c.stopped_at != Some(c.started_at))
    );
    // A first reply in the creation's second is still a real 0 s first reply.
    let tk = ticket(
        "email",
        json!([
            customer_msg("2026-03-02T08:00:00Z"),
            agent_msg("2026-03-02T08:00:00Z")
        ]),
    );
    let r = evaluate(&set(), &tk, None, t("2026-03-02T09:00:00Z"));
    let first = cycle(&r, "first_reply_time", 0);
    assert_eq!(
        (first.state, first.elapsed_seconds),
        (SlaState::Achieved, 0)
    );
}

#[test]
fn a_paused_cycle_has_no_due_time_but_keeps_its_breach() {
    // Requester wait (2 business hours) runs 08:00Z-11:00Z, breaching at
    // 10:00:01Z, then pauses in pending.
    let tk = ticket(
        "email",
        json!([
            customer_msg("2026-03-02T08:00:00Z"),
            agent_msg("2026-03-02T11:00:00Z"),
            status("2026-03-02T11:00:00Z", "pending")
        ]),
    );
    let r = evaluate(&periodic_set(), &tk, None, t("2026-03-02T12:00:00Z"));
    let wait = cycle(&r, "requester_wait_time", 0);
    assert_eq!(wait.state, SlaState::Breached);
    assert_eq!(wait.pauses.len(), 1);
    assert_eq!(wait.due_at, None);
    assert_eq!(wait.warning_at, None);
    assert_eq!(wait.breached_at, Some(t("2026-03-02T10:00:01Z")));
}

#[test]
fn a_breach_stays_a_breach_when_the_priority_drops() {
    // Normal priority: 8 business hours to a first reply; it runs out, then
    // the priority drops to low (24 hours): still breached, at the old instant
    // (the first second past the target is Tuesday's first open second).
    let tk = ticket(
        "email",
        json!([
            customer_msg("2026-03-02T08:00:00Z"),
            {"at": "2026-03-03T09:00:00Z", "type": "priority_changed", "to": "low"}
        ]),
    );
    let r = evaluate(&set(), &tk, None, t("2026-03-03T10:00:00Z"));
    let first = cycle(&r, "first_reply_time", 0);
    assert_eq!(first.target_seconds, Some(24 * 3600));
    assert_eq!(first.state, SlaState::Breached);
    assert_eq!(first.breached_at, Some(t("2026-03-03T08:00:01Z")));
    // Without the old breach, 24 hours would still be running.
    let fresh = ticket(
        "email",
        json!([
            customer_msg("2026-03-02T08:00:00Z"),
            {"at": "2026-03-02T09:00:00Z", "type": "priority_changed", "to": "low"}
        ]),
    );
    let r = evaluate(&set(), &fresh, None, t("2026-03-03T10:00:00Z"));
    assert_eq!(cycle(&r, "first_reply_time", 0).state, SlaState::Active);
}

#[test]
fn policies_and_pauses_use_the_rules_condition_tree() {
    let spec: PolicySetSpec = serde_json::from_value(json!({
        "metrics": [{"name": "supplier_wait_free", "start": ["created"], "complete_in": ["solved", "closed"],
                     "pause_when": "status is on_hold and tags contains waiting_supplier"}],
        "policies": [
            {"name": "Enterprise", "when": {"any": [{"field": "customer.plan", "op": "is", "value": "enterprise"},
                                                     {"field": "field.seats", "op": "gte", "value": 50}]},
             "targets": {"first_reply_time": {"normal": "1h"}, "supplier_wait_free": {"normal": "8h"}}},
            {"name": "Rest", "when": "not tags contains spam",
             "targets": {"first_reply_time": {"normal": "8h"}, "supplier_wait_free": {"normal": "24h"}}}
        ]
    }))
    .unwrap();
    let set = PolicySet::new(&spec).unwrap();
    let tk = ticket(
        "email",
        json!([
            customer_msg("2026-03-02T08:00:00Z"),
            {"at": "2026-03-02T09:00:00Z", "type": "field_changed", "name": "seats", "value": 120},
            status("2026-03-02T10:00:00Z", "on_hold"),
            {"at": "2026-03-02T11:00:00Z", "type": "tags_added", "tags": ["waiting_supplier"]},
            {"at": "2026-03-02T13:00:00Z", "type": "tags_removed", "tags": ["waiting_supplier"]}
        ]),
    );
    let r = evaluate(&set, &tk, None, t("2026-03-02T14:00:00Z"));
    assert_eq!(r.policy.as_deref(), Some("Enterprise"));
    let free = cycle(&r, "supplier_wait_free", 0);
    // Paused 11:00-13:00 only: on hold alone does not pause it.
    assert_eq!(free.pauses.len(), 1);
    assert_eq!(free.pauses[0].from, t("2026-03-02T11:00:00Z"));
    assert_eq!(free.pauses[0].to, Some(t("2026-03-02T13:00:00Z")));
    assert_eq!(free.elapsed_seconds, 4 * 3600);
    // A customer's plan picks the policy too; a spam tag picks none.
    let customer: Customer =
        serde_json::from_value(json!({"id": "c1", "plan": "Enterprise"})).unwrap();
    let tk = ticket("email", json!([customer_msg("2026-03-02T08:00:00Z")]));
    let r = evaluate(&set, &tk, Some(&customer), t("2026-03-02T08:10:00Z"));
    assert_eq!(r.policy.as_deref(), Some("Enterprise"));
    let spam = ticket(
        "email",
        json!([customer_msg("2026-03-02T08:00:00Z"),
               {"at": "2026-03-02T08:01:00Z", "type": "tags_added", "tags": ["spam"]}]),
    );
    assert_eq!(
        evaluate(&set, &spam, None, t("2026-03-02T08:10:00Z")).policy,
        None
    );
    // Conditions on the event or on time are refused, naming the policy.
    let bad = |when: serde_json::Value| {
        let spec: PolicySetSpec = serde_json::from_value(json!({"policies": [
            {"name": "P", "when": when, "targets": {"first_reply_time": {"normal": "1h"}}}]}))
        .unwrap();
        PolicySet::new(&spec).unwrap_err().to_string()
    };
    assert!(bad(json!("message contains refund")).starts_with("policy `P`: invalid condition"));
    assert!(bad(json!("hours_since(created) > 4")).contains("not the event, the time"));
    assert!(bad(json!("reopens > 1")).contains("history"));
    assert!(bad(json!("priority changed_to urgent")).contains("what changed"));
}

#[test]
fn policy_set_validation() {
    let bad = |v: serde_json::Value| {
        PolicySet::new(&serde_json::from_value(v).unwrap())
            .unwrap_err()
            .code()
    };
    assert_eq!(
        bad(
            json!({"policies": [{"name": "a", "calendar": "nope", "targets": {"first_reply_time": {"normal": 60}}}]})
        ),
        "sla.unknown_calendar"
    );
    assert_eq!(
        bad(json!({"policies": [{"name": "a", "targets": {"first_reply": {"normal": 60}}}]})),
        "sla.unknown_metric"
    );
    assert_eq!(
        bad(json!({"policies": [{"name": "a", "targets": {"first_reply_time": {"normal": 0}}}]})),
        "sla.invalid_target"
    );
    assert_eq!(
        bad(
            json!({"policies": [{"name": "a", "targets": {"first_reply_time": {"normal": "soon"}}}]})
        ),
        "sla.invalid_target"
    );
    assert_eq!(
        bad(json!({"policies": [{"name": "a", "targets": {}}]})),
        "sla.no_targets"
    );
    assert_eq!(
        bad(
            json!({"policies": [{"name": "a", "targets": {"first_reply_time": {"normal": 60}}},
                                       {"name": "a", "targets": {"first_reply_time": {"normal": 60}}}]})
        ),
        "sla.bad_name"
    );
    assert_eq!(
        bad(json!({"metrics": [{"name": "x", "start": []}], "policies": []})),
        "sla.invalid_metric"
    );
    assert_eq!(
        bad(
            json!({"policies": [{"name": "a", "warn": {"remaining_share": 1.5}, "targets": {"first_reply_time": {"normal": 60}}}]})
        ),
        "sla.invalid_warning"
    );
    assert_eq!(
        bad(json!({"calendars": {"c": {"time_zone": "UTC", "hours": {}}}, "policies": []})),
        "calendar.no_open_time"
    );
    assert!(serde_json::from_value::<PolicySetSpec>(json!({"policies": [], "extra": 1})).is_err());
}

// ---- Properties -----------------------------------------------------------

fn any_ticket() -> impl Strategy<Value = Ticket> {
    let step = prop_oneof![
        Just("customer"),
        Just("agent"),
        Just("pending"),
        Just("on_hold"),
        Just("open"),
        Just("solved"),
        Just("urgent"),
        Just("low"),
        Just("note"),
        Just("reply_and_solve"),
    ];
    (0usize..3, proptest::collection::vec((0i64..(3 * 86_400), step), 0..20)).prop_map(|(ch, steps)| {
        let channel = ["email", "chat", "web_form"][ch];
        let mut clock = t("2026-03-02T06:00:00Z");
        let mut tk = ticket(channel, json!([customer_msg(&clock.to_string())]));
        for (gap, step) in steps {
            clock = clock.checked_add_seconds(gap).unwrap();
            let at = clock.to_string();
            if step == "reply_and_solve" {
                // One agent action: a reply and a solve at the same instant.
                let _ = tk.apply(serde_json::from_value(agent_msg(&at)).unwrap());
                let _ = tk.apply(serde_json::from_value(status(&at, "solved")).unwrap());
                continue;
            }
            let e = match step {
                "customer" => customer_msg(&at),
                "agent" => agent_msg(&at),
                "note" => json!({"at": at, "type": "message", "author": "agent", "public": false, "body": "n"}),
                "urgent" | "low" => json!({"at": at, "type": "priority_changed", "to": step}),
                s => status(&at, s),
            };
            let _ = tk.apply(serde_json::from_value(e).unwrap());
        }
        tk
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn sla_properties(tk in any_ticket(), a in 0i64..(20 * 86_400), b in 0i64..(20 * 86_400)) {
        let set = set();
        let (a, b) = (a.min(b), a.max(b));
        let base = t("2026-03-02T06:00:00Z");
        let (now1, now2) = (base.checked_add_seconds(a).unwrap(), base.checked_add_seconds(b).unwrap());
        let r1 = evaluate(&set, &tk, None, now1);
        let r2 = evaluate(&set, &tk, None, now2);
        for (m1, m2) in r1.metrics.iter().zip(&r2.metrics) {
            prop_assert!(m1.cycles.len() <= m2.cycles.len());
            for (c1, c2) in m1.cycles.iter().zip(&m2.cycles) {
                // A later `now` never turns a breach into an achievement.
                if c1.state == SlaState::Breached {
                    prop_assert_eq!(c2.state, SlaState::Breached, "{} at {} then {}", m1.metric, now1, now2);
                }
                // Elapsed time never decreases.
                prop_assert!(c2.elapsed_seconds >= c1.elapsed_seconds || c1.target_seconds != c2.target_seconds);
            }
            for c in &m2.cycles {
                // While a target applies, elapsed + remaining = target.
                if let (Some(target), Some(rem)) = (c.target_seconds, c.remaining_seconds) {
                    prop_assert_eq!(c.elapsed_seconds + rem, target);
                }
                // Paused and off-hours time never count: elapsed is at most the
                // wall-clock time the cycle ran.
                let end = c.stopped_at.unwrap_or(now2);
                let wall = end.seconds_since(c.started_at);
                let paused: i64 = c.pauses.iter().map(|p| p.to.unwrap_or(end).seconds_since(p.from)).sum();
                prop_assert!(c.elapsed_seconds + c.off_hours_seconds <= wall - paused + 1, "{}", m2.metric);
                if c.state == SlaState::Active {
                    prop_assert!(c.due_at.is_some());
                }
            }
        }
        // Nothing runs on a solved or closed ticket: every built-in metric's
        // cycle has completed (the custom `time_to_assign` stops on assignment only).
        let status_at = |at: Timestamp| {
            let events: Vec<Event> = tk.events().iter().filter(|e| e.at <= at).cloned().collect();
            Ticket::from_events(tk.id().clone(), events).unwrap().status()
        };
        if matches!(status_at(now2), Status::Solved | Status::Closed) {
            for m in r2.metrics.iter().filter(|m| &*m.metric != "time_to_assign") {
                for c in &m.cycles {
                    prop_assert!(c.stopped_at.is_some(), "{} open on a solved ticket: {:?}", m.metric, c);
                }
            }
        }
        // No repeating cycle starts and stops in the same second (a reply
        // that also solves, a reopen answered at once).
        for m in r2.metrics.iter().filter(|m| matches!(&*m.metric, "next_reply_time" | "periodic_update_time")) {
            for c in &m.cycles {
                prop_assert!(c.stopped_at != Some(c.started_at), "{} started and ended at {}", m.metric, c.started_at);
            }
        }
        // An overdue reply was due in the past, so it sorts before any
        // reply still to come.
        if let Some(due) = r2.reply_due().filter(|d| d.overdue) {
            prop_assert!(due.due_at <= now2, "{:?} at {}", due, now2);
        }
        // Splitting the history across calls changes nothing.
        let events = tk.events().to_vec();
        let cut = (events.len() / 2).max(1);
        let mut split = Ticket::from_events(tk.id().clone(), events[..cut].to_vec()).unwrap();
        split.apply_all(events[cut..].to_vec()).unwrap();
        prop_assert_eq!(evaluate(&set, &split, None, now2), r2.clone());
        if let Some(next) = r2.next_change_at() {
            prop_assert!(next > now2);
        }
    }
}

/// One e-mail policy on the office calendar with a first-reply target of
/// `first` and a resolution target of `resolution`.
fn office_set(first: &str, resolution: &str) -> PolicySet {
    let spec: PolicySetSpec = serde_json::from_value(json!({
        "calendars": {"office": {"time_zone": "Europe/Amsterdam",
            "hours": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]],
                      "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]]},
            "public_holidays": [{"country": "NL"}]}},
        "policies": [{"name": "E-mail", "calendar": "office", "calendar_hours": ["resolution_time"],
            "targets": {"first_reply_time": {"normal": first}, "resolution_time": {"normal": resolution}}}]
    }))
    .unwrap();
    PolicySet::new(&spec).unwrap()
}

#[test]
fn business_day_targets_land_on_the_same_wall_time() {
    let set = office_set("2bd", "3d");
    // Friday 27 March 2026, 16:00 in Amsterdam (CET). Two business days:
    // Tuesday 31 March, 16:00 (now CEST) = 14:00Z. Business time to then:
    // 1 h on Friday, 8 h on Monday, 7 h on Tuesday.
    let tk = ticket("email", json!([customer_msg("2026-03-27T15:00:00Z")]));
    let r = evaluate(&set, &tk, None, t("2026-03-30T12:00:00Z"));
    let first = cycle(&r, "first_reply_time", 0);
    assert_eq!(first.target_seconds, Some(16 * 3600));
    assert_eq!(first.due_at, Some(t("2026-03-31T14:00:00Z")));
    // "3d" in calendar hours is 72 hours.
    let resolution = cycle(&r, "resolution_time", 0);
    assert_eq!(resolution.target_seconds, Some(72 * 3600));
    assert_eq!(resolution.due_at, Some(t("2026-03-30T15:00:00Z")));
    // Started on Thursday 2 April 10:00 (CEST): Good Friday is a business
    // day in NL but Easter Monday (6 April) is not, so two business days
    // are Friday and Tuesday: due Tuesday 7 April 10:00 = 08:00Z.
    let tk = ticket("email", json!([customer_msg("2026-04-02T08:00:00Z")]));
    let r = evaluate(&set, &tk, None, t("2026-04-02T09:00:00Z"));
    let first = cycle(&r, "first_reply_time", 0);
    assert_eq!(first.due_at, Some(t("2026-04-07T08:00:00Z")));
    assert_eq!(first.target_seconds, Some(16 * 3600));
}

#[test]
fn business_days_started_after_hours_count_from_the_next_opening() {
    // Saturday 28 March 11:00Z: the calendar is closed; the cycle's first
    // business moment is Monday 30 March 09:00 CEST (07:00Z). Two business
    // days from then: Wednesday 1 April 09:00 CEST, 16 business hours, which
    // run out at Tuesday's close (17:00 CEST): the same business moment, and
    // the due time the report gives.
    let set = office_set("2bd", "3d");
    let tk = ticket("email", json!([customer_msg("2026-03-28T11:00:00Z")]));
    let r = evaluate(&set, &tk, None, t("2026-03-28T12:00:00Z"));
    let first = cycle(&r, "first_reply_time", 0);
    assert_eq!(first.target_seconds, Some(16 * 3600));
    assert_eq!(first.due_at, Some(t("2026-03-31T15:00:00Z")));
    // Saturday 08:00 local, before the weekday opening time: one business
    // day is still a whole Monday (due at its close), not zero seconds.
    let set = office_set("1bd", "3d");
    let tk = ticket("email", json!([customer_msg("2026-03-28T07:00:00Z")]));
    let r = evaluate(&set, &tk, None, t("2026-03-28T08:00:00Z"));
    let first = cycle(&r, "first_reply_time", 0);
    assert_eq!(first.target_seconds, Some(8 * 3600));
    assert_eq!(first.due_at, Some(t("2026-03-30T15:00:00Z")));
    // Easter Monday (6 April 2026) is a holiday: an e-mail that morning
    // counts from Tuesday 09:00: one business day, due at Tuesday's close.
    let tk = ticket("email", json!([customer_msg("2026-04-06T06:00:00Z")]));
    let r = evaluate(&set, &tk, None, t("2026-04-06T07:00:00Z"));
    let first = cycle(&r, "first_reply_time", 0);
    assert_eq!(first.target_seconds, Some(8 * 3600));
    assert_eq!(first.due_at, Some(t("2026-04-07T15:00:00Z")));
}
