//! Rule behaviour: operators, kinds, execution semantics, traces, validation.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;
use crate::time::Timestamp;
use crate::{Customer, Event, Status, Ticket};

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn set(rules: Value) -> RuleSet {
    let spec: RuleSetSpec = serde_json::from_value(json!({
        "calendars": {"office": {"time_zone": "UTC", "hours": {
            "mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]],
            "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]]}}},
        "rules": rules
    }))
    .unwrap();
    RuleSet::new(&spec).unwrap()
}

/// The code of the error that refuses `rules`: where the JSON is read (a
/// condition checks itself), or when the set is built.
fn build_err(rules: Value) -> String {
    crate::util::error_code::clear();
    match serde_json::from_value::<RuleSetSpec>(json!({"rules": rules})) {
        Ok(spec) => RuleSet::new(&spec).unwrap_err().code().to_owned(),
        Err(e) => crate::util::error_code::take()
            .unwrap_or_else(|| panic!("no code for {e}"))
            .to_owned(),
    }
}

fn ticket(events: Value) -> Ticket {
    let mut all = vec![
        json!({"at": "2026-03-02T09:00:00Z", "type": "created", "subject": "Bestelling kwijt",
                               "requester": "c1", "channel": "email", "tags": ["order"]}),
    ];
    all.extend(events.as_array().unwrap().iter().cloned());
    let events: Vec<Event> = serde_json::from_value(json!(all)).unwrap();
    Ticket::from_events("T-1".parse().unwrap(), events).unwrap()
}

fn fired(rules: &RuleSet, tk: &Ticket, customer: Option<&Customer>, now: &str) -> Vec<String> {
    let input = RuleInput {
        run: Run::Event,
        ticket: Some(tk),
        customer,
        once_keys: &[],
    };
    evaluate(rules, &input, t(now))
        .fired_ids()
        .into_iter()
        .map(str::to_owned)
        .collect()
}

fn leaf_rule(id: &str, when: Value) -> Value {
    json!({"id": id, "kind": {"trigger": ["any_update"]}, "when": when, "actions": []})
}

#[test]
fn operators() {
    let tk = ticket(json!([
        {"at": "2026-03-02T09:05:00Z", "type": "message", "author": "customer", "body": "Mijn café-bestelling is NOG STEEDS niet binnen!"},
        {"at": "2026-03-02T09:06:00Z", "type": "field_changed", "name": "order_total", "value": 129.5}
    ]));
    let cases = [
        (
            json!({"field": "priority", "op": "is", "value": "normal"}),
            true,
        ),
        (
            json!({"field": "priority", "op": "gte", "value": "high"}),
            false,
        ),
        (
            json!({"field": "priority", "op": "lt", "value": "urgent"}),
            true,
        ),
        (
            json!({"field": "status", "op": "lt", "value": "solved"}),
            true,
        ),
        (
            json!({"field": "channel", "op": "in", "value": ["chat", "email"]}),
            true,
        ),
        (
            json!({"field": "channel", "op": "not_in", "value": ["chat", "email"]}),
            false,
        ),
        (
            json!({"field": "tags", "op": "contains", "value": "order"}),
            true,
        ),
        (json!({"field": "tags", "op": "is", "value": "vip"}), false),
        (
            json!({"field": "subject", "op": "contains", "value": "BESTELLING"}),
            true,
        ),
        (
            json!({"field": "field.order_total", "op": "gt", "value": 100}),
            true,
        ),
        (json!({"field": "field.order_total", "op": "present"}), true),
        (json!({"field": "field.coupon", "op": "absent"}), true),
        (
            json!({"field": "assignee", "op": "is_not", "value": "a1"}),
            true,
        ),
        (
            json!({"field": "event.kind", "op": "is", "value": "field_changed"}),
            true,
        ),
        (json!({"field": "field.order_total", "op": "changed"}), true),
        (
            json!({"field": "field.order_total", "op": "changed_to", "value": 129.5}),
            true,
        ),
        (json!({"field": "priority", "op": "changed"}), false),
        (
            json!({"field": "subject", "op": "matches", "value": "^bestelling\\s+\\w+$"}),
            true,
        ),
        (
            json!({"field": "subject", "op": "contains_word", "value": "kwijt"}),
            true,
        ),
        (
            json!({"field": "subject", "op": "contains_word", "value": "kwij"}),
            false,
        ),
        (
            json!({"not": {"field": "status", "op": "is", "value": "closed"}}),
            true,
        ),
        (
            json!({"all": [{"field": "status", "op": "is", "value": "new"}, {"field": "priority", "op": "is", "value": "low"}]}),
            false,
        ),
        (
            json!({"any": [{"field": "status", "op": "is", "value": "new"}, {"field": "priority", "op": "is", "value": "low"}]}),
            true,
        ),
    ];
    for (i, (when, want)) in cases.iter().enumerate() {
        let rules = set(json!([leaf_rule("r", when.clone())]));
        let got = !fired(&rules, &tk, None, "2026-03-02T10:00:00Z").is_empty();
        assert_eq!(got, *want, "case {i}: {when}");
    }
    // Accent- and case-insensitive word matching on the message.
    let tk = ticket(
        json!([{"at": "2026-03-02T09:05:00Z", "type": "message", "author": "customer",
                            "body": "De cafe\u{301} is DICHT, ik ben woedend"}]),
    );
    let rules = set(json!([leaf_rule(
        "r",
        json!({"field": "message", "op": "contains_word", "value": "Café"})
    )]));
    assert_eq!(fired(&rules, &tk, None, "2026-03-02T10:00:00Z"), ["r"]);
}

#[test]
fn triggers_run_on_their_events_only() {
    let rules = set(json!([
        {"id": "on-create", "kind": {"trigger": ["created"]}, "actions": [{"type": "add_tags", "tags": ["new"]}]},
        {"id": "on-customer", "kind": {"trigger": ["customer_message"]}, "actions": []},
        {"id": "on-status", "kind": {"trigger": ["status_changed"]},
         "when": {"field": "status", "op": "changed_to", "value": "open"}, "actions": []}
    ]));
    let created = ticket(json!([]));
    assert_eq!(
        fired(&rules, &created, None, "2026-03-02T09:00:00Z"),
        ["on-create"]
    );
    let reopened = ticket(json!([
        {"at": "2026-03-02T09:10:00Z", "type": "status_changed", "to": "pending"},
        {"at": "2026-03-02T09:20:00Z", "type": "message", "author": "customer", "body": "Nog iets"}
    ]));
    // The customer's reply reopened the ticket: both a message and a status change.
    assert_eq!(
        fired(&rules, &reopened, None, "2026-03-02T09:20:00Z"),
        ["on-customer", "on-status"]
    );
}

#[test]
fn later_rules_see_earlier_changes_and_fire_once() {
    let rules = set(json!([
        {"id": "vip", "kind": {"trigger": ["created"]}, "when": {"field": "customer.segment", "op": "is", "value": "vip"},
         "actions": [{"type": "set_priority", "priority": "high"}]},
        {"id": "high-to-group", "kind": {"trigger": ["created"]}, "when": {"field": "priority", "op": "gte", "value": "high"},
         "actions": [{"type": "assign_group", "group": "priority-desk"}]},
        // Runs before the tag is added; a second pass sees it.
        {"id": "tagged", "kind": {"trigger": ["created"]}, "when": {"field": "tags", "op": "contains", "value": "routed"},
         "actions": []},
        {"id": "route", "kind": {"trigger": ["created"]}, "when": {"field": "group", "op": "present"},
         "actions": [{"type": "add_tags", "tags": ["routed"]}]}
    ]));
    let mut vip = Customer::new("c1".parse().unwrap());
    vip.segment = Some("vip".into());
    let tk = ticket(json!([]));
    let r = evaluate(
        &rules,
        &RuleInput {
            run: Run::Event,
            ticket: Some(&tk),
            customer: Some(&vip),
            once_keys: &[],
        },
        t("2026-03-02T09:00:00Z"),
    );
    assert_eq!(r.fired_ids(), ["vip", "high-to-group", "route", "tagged"]);
    // Pass 1 fires three rules; pass 2 fires `tagged`, which changes nothing.
    assert_eq!(r.passes, 2);
    assert_eq!(r.actions.len(), 3);
}

#[test]
fn a_status_set_by_a_rule_wakes_status_triggers_on_the_next_pass() {
    let rules = set(json!([
        {"id": "reopened", "kind": {"trigger": ["status_changed"]}, "actions": [{"type": "add_tags", "tags": ["moved"]}]},
        {"id": "solve-spam", "kind": {"trigger": ["customer_message"]}, "when": {"field": "message", "op": "contains", "value": "unsubscribe"},
         "actions": [{"type": "set_status", "status": "solved"}]}
    ]));
    let tk = ticket(
        json!([{"at": "2026-03-02T09:00:00Z", "type": "message", "author": "customer", "body": "UNSUBSCRIBE me"}]),
    );
    let r = evaluate(
        &rules,
        &RuleInput {
            run: Run::Event,
            ticket: Some(&tk),
            ..Default::default()
        },
        t("2026-03-02T09:00:00Z"),
    );
    // Pass 1: `reopened` does not apply (no status change yet); `solve-spam`
    // sets solved. Pass 2: the status changed, so `reopened` applies now.
    assert_eq!(r.fired_ids(), ["solve-spam", "reopened"]);
}

#[test]
fn the_loop_guard_stops_runaway_rules() {
    // A chain listed backwards: each pass can fire only the next link, so
    // twenty links need twenty passes; the guard stops at MAX_PASSES.
    let mut rules = Vec::new();
    for i in (0..20).rev() {
        rules.push(
            json!({"id": format!("r{i}"), "kind": {"trigger": ["any_update"]},
            "when": {"field": "tags", "op": "contains", "value": format!("t{i}")},
            "actions": [{"type": "add_tags", "tags": [format!("t{}", i + 1)]}]}),
        );
    }
    let rules = set(json!(rules));
    let tk = ticket(json!([{"at": "2026-03-02T09:01:00Z", "type": "tags_added", "tags": ["t0"]}]));
    let r = evaluate(
        &rules,
        &RuleInput {
            run: Run::Event,
            ticket: Some(&tk),
            ..Default::default()
        },
        t("2026-03-02T10:00:00Z"),
    );
    assert!(r.loop_guard_hit);
    assert_eq!(r.passes, MAX_PASSES);
    assert_eq!(r.fired.len(), MAX_PASSES);
}

#[test]
fn automations_lifecycle_and_once_keys() {
    let rules = set(json!([
        {"id": "pending-reminder", "kind": "automation", "once": "once_per_ticket",
         "when": {"all": [{"field": "status", "op": "is", "value": "pending"},
                          {"hours_since": "status_changed", "op": "gte", "value": 16, "calendar": "office"}]},
         "actions": [{"type": "send_template", "template": "reminder", "to": "requester"}]},
        {"id": "day-85-export", "kind": "lifecycle", "once": "once_per_customer",
         "when": {"all": [{"days_since_signup": {"min": 85, "max": 86}},
                          {"field": "customer.plan", "op": "is", "value": "plus"}]},
         "actions": [{"type": "send_template", "template": "export-data", "to": "requester"}]}
    ]));
    // Pending since Monday 10:00; 16 business hours later is Wednesday 10:00.
    let tk =
        ticket(json!([{"at": "2026-03-02T10:00:00Z", "type": "status_changed", "to": "pending"}]));
    let input = RuleInput {
        run: Run::Time,
        ticket: Some(&tk),
        ..Default::default()
    };
    assert!(
        evaluate(&rules, &input, t("2026-03-04T09:59:59Z"))
            .fired
            .is_empty()
    );
    assert_eq!(
        next_due_at(&rules, &input, t("2026-03-03T12:00:00Z")),
        Some(t("2026-03-04T10:00:00Z"))
    );
    let r = evaluate(&rules, &input, t("2026-03-04T10:00:00Z"));
    assert_eq!(r.fired_ids(), ["pending-reminder"]);
    assert_eq!(r.once_keys, ["pending-reminder:ticket:T-1"]);
    // With the key stored, it does not fire again.
    let keys = r.once_keys.clone();
    let again = evaluate(
        &rules,
        &RuleInput {
            run: Run::Time,
            ticket: Some(&tk),
            customer: None,
            once_keys: &keys,
        },
        t("2026-03-05T10:00:00Z"),
    );
    assert!(again.fired.is_empty());
    assert_eq!(again.trace[0].outcome, RuleOutcome::AlreadyFired);
    // Lifecycle: day 85 after signup, plan plus, no ticket needed.
    let mut c = Customer::new("c9".parse().unwrap());
    c.plan = Some("plus".into());
    c.signup_at = Some(t("2025-12-07T10:00:00Z"));
    let input = RuleInput {
        run: Run::Time,
        ticket: None,
        customer: Some(&c),
        once_keys: &[],
    };
    assert_eq!(
        next_due_at(&rules, &input, t("2026-02-01T00:00:00Z")),
        Some(t("2026-03-02T10:00:00Z"))
    );
    let r = evaluate(&rules, &input, t("2026-03-02T12:00:00Z"));
    assert_eq!(r.fired_ids(), ["day-85-export"]);
    assert_eq!(r.once_keys, ["day-85-export:customer:c9"]);
}

#[test]
fn the_trace_explains_every_rule() {
    let rules = set(json!([
        leaf_rule("a", json!({"all": [{"field": "priority", "op": "is", "value": "high"},
                                      {"field": "channel", "op": "is", "value": "email"}]})),
        {"id": "off", "kind": {"trigger": ["any_update"]}, "enabled": false, "actions": []},
        {"id": "later", "kind": "lifecycle", "actions": []}
    ]));
    let tk = ticket(json!([]));
    let r = evaluate(
        &rules,
        &RuleInput {
            run: Run::Event,
            ticket: Some(&tk),
            ..Default::default()
        },
        t("2026-03-02T09:00:00Z"),
    );
    let trace = serde_json::to_value(&r.trace).unwrap();
    assert_eq!(trace[0]["outcome"], "not_matched");
    assert_eq!(
        trace[0]["condition"]["children"][0],
        json!({"node": "priority is high", "held": false, "seen": "normal"})
    );
    assert_eq!(trace[0]["condition"]["children"][1]["held"], true);
    assert_eq!(trace[1]["outcome"], "disabled");
    assert_eq!(trace[2]["outcome"], "not_applicable");
    // Without tracing, the same answer and no trace.
    let quiet = evaluate_with(
        &rules,
        &RuleInput {
            run: Run::Event,
            ticket: Some(&tk),
            ..Default::default()
        },
        t("2026-03-02T09:00:00Z"),
        &EvalOptions { trace: false },
    );
    assert_eq!((quiet.fired, quiet.trace.len()), (r.fired, 0));
}

#[test]
fn bad_rule_sets_are_rejected_at_build_time() {
    let leaf = |when: Value| json!([leaf_rule("r", when)]);
    assert_eq!(
        build_err(leaf(json!({"field": "mood", "op": "is", "value": "x"}))),
        "rules.unknown_field"
    );
    assert_eq!(
        build_err(leaf(
            json!({"field": "status", "op": "is", "value": "sleeping"})
        )),
        "rules.bad_value"
    );
    assert_eq!(
        build_err(leaf(
            json!({"field": "status", "op": "resembles", "value": "open"})
        )),
        "rules.bad_operator"
    );
    assert_eq!(
        build_err(leaf(json!({"field": "tags", "op": "gt", "value": 1}))),
        "rules.bad_operator"
    );
    assert_eq!(
        build_err(leaf(
            json!({"field": "subject", "op": "matches", "value": "(unclosed"})
        )),
        "rules.bad_pattern"
    );
    assert_eq!(
        build_err(leaf(
            json!({"field": "subject", "op": "matches", "value": "\\w{1000}{1000}"})
        )),
        "rules.bad_pattern"
    );
    assert_eq!(
        build_err(leaf(
            json!({"field": "status", "op": "in", "value": "open"})
        )),
        "rules.bad_value"
    );
    assert_eq!(
        build_err(leaf(json!({"within_business_hours": "nowhere"}))),
        "rules.unknown_calendar"
    );
    assert_eq!(
        build_err(leaf(json!({"field": "customer.plan", "op": "changed"}))),
        "rules.bad_operator"
    );
    assert_eq!(
        build_err(leaf(
            json!({"field": "status", "op": "is", "value": "open", "extra": 1})
        )),
        "rules.bad_condition"
    );
    let mut deep = json!({"field": "status", "op": "is", "value": "open"});
    for _ in 0..20 {
        deep = json!({"not": deep});
    }
    assert_eq!(build_err(leaf(deep)), "rules.too_large");
    assert_eq!(
        build_err(json!([
            leaf_rule("r", json!(null)),
            leaf_rule("r", json!(null))
        ])),
        "rules.bad_id"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Arbitrary condition JSON either builds or is rejected, never panics;
    /// evaluation of what builds is deterministic.
    #[test]
    fn arbitrary_conditions_never_panic(s in "\\PC{0,120}", field in 0usize..6, op in 0usize..8, v in "[a-z]{0,8}") {
        let _ = serde_json::from_str::<RuleSetSpec>(&s).map(|spec| RuleSet::new(&spec));
        let fields = ["status", "priority", "tags", "subject", "field.x", "message"];
        let ops = ["is", "in", "gte", "contains", "contains_word", "matches", "present", "changed"];
        let value = match ops[op] { "in" => json!([v]), "present" | "changed" => Value::Null, _ => json!(v) };
        let mut when = json!({"field": fields[field], "op": ops[op]});
        if !value.is_null() { when["value"] = value; }
        // A bad value is refused where the JSON is read, or else when the set is built.
        let spec = serde_json::from_value::<RuleSetSpec>(json!({"rules": [leaf_rule("r", when)]}));
        if let Ok(rules) = spec.map_err(|e| e.to_string()).and_then(|s| RuleSet::new(&s).map_err(|e| e.to_string())) {
            let tk = ticket(json!([{"at": "2026-03-02T09:05:00Z", "type": "message", "author": "customer", "body": v}]));
            let input = RuleInput { run: Run::Event, ticket: Some(&tk), ..Default::default() };
            let a = evaluate(&rules, &input, t("2026-03-02T10:00:00Z"));
            prop_assert_eq!(a, evaluate(&rules, &input, t("2026-03-02T10:00:00Z")));
        }
    }
}

#[test]
fn review_fixes() {
    // Event runs fire triggers only; time runs fire automations only.
    let rules = set(json!([
        {"id": "trig", "kind": {"trigger": ["any_update"]}, "actions": []},
        {"id": "auto", "kind": "automation", "actions": []}
    ]));
    let tk = ticket(json!([]));
    let at = t("2026-03-02T10:00:00Z");
    let event = RuleInput {
        run: Run::Event,
        ticket: Some(&tk),
        ..Default::default()
    };
    let time = RuleInput {
        run: Run::Time,
        ticket: Some(&tk),
        ..Default::default()
    };
    assert_eq!(evaluate(&rules, &event, at).fired_ids(), ["trig"]);
    assert_eq!(evaluate(&rules, &time, at).fired_ids(), ["auto"]);
    // next_due_at sees time conditions under `not` and in both directions.
    let rules = set(json!([
        {"id": "quiet", "kind": "automation", "when": {"not": {"hours_since": "created", "op": "lt", "value": 4}}, "actions": []}
    ]));
    assert_eq!(
        next_due_at(&rules, &time, at),
        Some(t("2026-03-02T13:00:00Z"))
    );
    // Tags: changed_to means "was added".
    let rules = set(json!([leaf_rule(
        "added",
        json!({"field": "tags", "op": "changed_to", "value": "Order"})
    )]));
    let tk =
        ticket(json!([{"at": "2026-03-02T09:05:00Z", "type": "tags_added", "tags": ["billing"]}]));
    assert!(
        fired(&rules, &tk, None, "2026-03-02T10:00:00Z").is_empty(),
        "order was already there"
    );
    let rules = set(json!([leaf_rule(
        "added",
        json!({"field": "tags", "op": "changed_to", "value": "Late Delivery"})
    )]));
    let tk = ticket(
        json!([{"at": "2026-03-02T09:05:00Z", "type": "tags_added", "tags": ["late_delivery"]}]),
    );
    assert_eq!(fired(&rules, &tk, None, "2026-03-02T10:00:00Z"), ["added"]);
    // Multi-select custom fields compare element by element.
    let tk = ticket(
        json!([{"at": "2026-03-02T09:05:00Z", "type": "field_changed", "name": "topics", "value": ["refund", "delivery"]}]),
    );
    let rules = set(json!([leaf_rule(
        "r",
        json!({"field": "field.topics", "op": "is", "value": "refund"})
    )]));
    assert_eq!(fired(&rules, &tk, None, "2026-03-02T10:00:00Z"), ["r"]);
    // More is checked at build time.
    let leaf = |when: Value| json!([leaf_rule("r", when)]);
    assert_eq!(
        build_err(leaf(
            json!({"field": "channel", "op": "gt", "value": "email"})
        )),
        "rules.bad_operator"
    );
    assert_eq!(
        build_err(leaf(
            json!({"field": "channel", "op": "is", "value": "pigeon"})
        )),
        "rules.bad_value"
    );
    assert_eq!(
        build_err(leaf(
            json!({"hours_since": "created", "op": "gt", "value": 1e20})
        )),
        "rules.bad_value"
    );
    assert_eq!(
        build_err(
            json!([{"id": "l", "kind": "lifecycle", "once": "once_per_ticket", "actions": []}])
        ),
        "rules.bad_condition"
    );
    assert_eq!(
        build_err(json!([{"id": "t", "kind": {"trigger": []}, "actions": []}])),
        "rules.bad_condition"
    );
    assert_eq!(
        build_err(
            json!([{"id": "f", "kind": "automation", "actions": [{"type": "schedule_follow_up"}]}])
        ),
        "rules.bad_condition"
    );
    // Status and priority names are case-insensitive.
    assert!(
        RuleSet::new(
            &serde_json::from_value(
                json!({"rules": leaf(json!({"field": "priority", "op": "gte", "value": "High"}))})
            )
            .unwrap()
        )
        .is_ok()
    );
}

#[test]
fn parser_review_fixes() {
    assert_eq!(
        serde_json::to_value(parse_condition(r"subject matches '\d+'").unwrap()).unwrap(),
        json!({"field": "subject", "op": "matches", "value": "\\d+"})
    );
    assert_eq!(
        serde_json::to_value(parse_condition("field.delta > -5").unwrap()).unwrap(),
        json!({"field": "field.delta", "op": "gt", "value": -5})
    );
    assert_eq!(
        serde_json::to_value(parse_condition("tags contains 2fa").unwrap()).unwrap(),
        json!({"field": "tags", "op": "contains", "value": "2fa"})
    );
    assert_eq!(
        serde_json::to_value(parse_condition(r"message contains 'it\'s'").unwrap()).unwrap(),
        json!({"field": "message", "op": "contains", "value": "it's"})
    );
}

#[test]
fn importers_reject_parts_that_are_not_lists() {
    let zendesk =
        |actions: Value| json!({"title": "t", "conditions": {"all": []}, "actions": actions});
    assert!(import_zendesk(&zendesk(json!([])), &ZendeskImport::triggers()).is_ok());
    let err = import_zendesk(
        &zendesk(json!({"field": "status", "value": "open"})),
        &ZendeskImport::triggers(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("actions"), "{err}");
    let chatwoot = |conditions: Value, params: Value| {
        json!({"id": 1, "event_name": "message_created", "conditions": conditions,
               "actions": [{"action_name": "add_label", "action_params": params}]})
    };
    assert!(import_chatwoot(&chatwoot(json!([]), json!(["vip"]))).is_ok());
    assert!(
        import_chatwoot(&chatwoot(
            json!({"attribute_key": "status"}),
            json!(["vip"])
        ))
        .is_err()
    );
    assert!(import_chatwoot(&chatwoot(json!([]), json!("vip"))).is_err());
    let values =
        json!([{"attribute_key": "status", "filter_operator": "equal_to", "values": "open"}]);
    assert!(import_chatwoot(&chatwoot(values, json!(["vip"]))).is_err());
}

#[test]
fn size_errors_name_the_rule() {
    // Built in Rust, a condition is checked when its rule set is built; the
    // error names the rule. (From JSON, the condition refuses itself earlier.)
    let build = |when: Condition| {
        let spec = RuleSetSpec {
            rules: vec![RuleSpec {
                id: "big".into(),
                kind: RuleKind::Automation,
                when: Some(when),
                actions: vec![],
                once: Once::Always,
                enabled: true,
                retrigger: false,
            }],
            ..Default::default()
        };
        RuleSet::new(&spec).unwrap_err().to_string()
    };
    let values: Vec<String> = (0..=MAX_LIST_VALUES).map(|i| format!("t{i}")).collect();
    let err = build(Field::Tags.is_in(values.clone()));
    assert_eq!(
        err,
        "rule `big`: values in one list exceeds the limit of 256"
    );
    let json = serde_json::to_string(&Field::Tags.is_in(values)).unwrap();
    assert_eq!(
        serde_json::from_str::<Condition>(&json)
            .unwrap_err()
            .to_string(),
        "values in one list exceeds the limit of 256 at line 1 column 1725"
    );
    let mut deep = Field::Status.is(Status::Open);
    for _ in 0..=MAX_DEPTH {
        deep = deep.not();
    }
    assert_eq!(
        build(deep),
        "rule `big`: condition depth exceeds the limit of 16"
    );
}

#[test]
fn a_status_set_by_an_earlier_rule_changed_now() {
    let rules = set(json!([
        {"id": "close-stale", "kind": "automation",
         "when": {"all": [{"field": "status", "op": "is", "value": "pending"},
                          {"hours_since": "status_changed", "op": "gte", "value": 48}]},
         "actions": [{"type": "set_status", "status": "solved"}]},
        {"id": "just-solved", "kind": "automation",
         "when": {"all": [{"hours_since": "solved", "op": "lt", "value": 1},
                          {"hours_since": "status_changed", "op": "lt", "value": 1}]},
         "actions": [{"type": "send_template", "template": "solved-survey", "to": "requester"}]}
    ]));
    let tk =
        ticket(json!([{"at": "2026-03-02T10:00:00Z", "type": "status_changed", "to": "pending"}]));
    let input = RuleInput {
        run: Run::Time,
        ticket: Some(&tk),
        ..Default::default()
    };
    // Before the first rule fires, the ticket was never solved: nothing.
    assert!(
        evaluate(&rules, &input, t("2026-03-03T10:00:00Z"))
            .fired
            .is_empty()
    );
    // Once it sets solved, the second rule sees a status that changed now.
    let r = evaluate(&rules, &input, t("2026-03-04T10:00:00Z"));
    assert_eq!(r.fired_ids(), ["close-stale", "just-solved"]);
}
