//! Faithfulness: rules written in Zendesk's and Chatwoot's shapes (our own,
//! covering the supported vocabulary), each imported and evaluated on a
//! ticket that should fire it and one that should not; refusals; and the
//! export round trip.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;
use crate::rules::{
    Action, Evaluation, RuleInput, RuleKind, RuleSet, RuleSetSpec, RuleSpec, Run, ZendeskImport,
    evaluate,
};
use crate::{Customer, Event, Ticket};

/// One situation: overrides of the `created` event (at 2026-03-02 09:00 UTC,
/// a Monday), later events, the customer, and when to evaluate.
struct Scene {
    created: Value,
    events: Value,
    customer: Value,
    now: &'static str,
}

fn scene(created: Value, events: Value, now: &'static str) -> Scene {
    Scene {
        created,
        events,
        customer: json!({"id": "c1"}),
        now,
    }
}

fn ticket(s: &Scene) -> Ticket {
    let mut created = json!({"at": "2026-03-02T09:00:00Z", "type": "created", "subject": "Pakket",
        "requester": "c1", "channel": "email"});
    if let (Some(c), Some(o)) = (created.as_object_mut(), s.created.as_object()) {
        for (k, v) in o {
            c.insert(k.clone(), v.clone());
        }
    }
    let mut all = vec![created];
    all.extend(s.events.as_array().cloned().unwrap_or_default());
    let events: Vec<Event> = serde_json::from_value(Value::Array(all)).unwrap();
    Ticket::from_events("T-1".parse().unwrap(), events).unwrap()
}

/// Evaluates `spec` (with an office calendar, weekdays 09:00-17:00 UTC) on
/// the scene: triggers on its last event, automations at `now`.
fn run(spec: &RuleSpec, s: &Scene) -> Evaluation {
    let set = RuleSetSpec {
        calendars: serde_json::from_value(json!({"office": {"time_zone": "UTC", "hours": {
            "mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]],
            "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]]}}}))
        .unwrap(),
        rules: vec![spec.clone()],
    };
    let rules = RuleSet::new(&set).unwrap_or_else(|e| panic!("{}: {e}", spec.id));
    let tk = ticket(s);
    let customer: Customer = serde_json::from_value(s.customer.clone()).unwrap();
    let run = if matches!(spec.kind, RuleKind::Automation) {
        Run::Time
    } else {
        Run::Event
    };
    let input = RuleInput {
        run,
        ticket: Some(&tk),
        customer: Some(&customer),
        once_keys: &[],
    };
    evaluate(&rules, &input, s.now.parse().unwrap())
}

fn fires(spec: &RuleSpec, s: &Scene) -> bool {
    !run(spec, s).fired.is_empty()
}

/// Imports, then checks the rule fires on `yes` and not on `no`.
fn faithful(spec: RuleSpec, yes: Scene, no: Scene) {
    assert!(
        fires(&spec, &yes),
        "{} should fire: {:?}",
        spec.id,
        spec.when.map(|c| c.to_string())
    );
    assert!(
        !fires(&spec, &no),
        "{} should not fire: {:?}",
        spec.id,
        spec.when.map(|c| c.to_string())
    );
}

fn zendesk(rule: Value) -> RuleSpec {
    import_zendesk(&rule, &ZendeskImport::triggers().with_calendar("office")).unwrap()
}

fn automation(rule: Value) -> RuleSpec {
    import_zendesk(&rule, &ZendeskImport::automations(Some("office"))).unwrap()
}

fn chatwoot(rule: Value) -> RuleSpec {
    import_chatwoot(&rule).unwrap()
}

fn msg(at: &str, author: &str, body: &str) -> Value {
    json!({"at": at, "type": "message", "author": author, "body": body})
}

fn by(mut event: Value, kind: &str, id: &str) -> Value {
    event["actor"] = json!({"kind": kind, "id": id});
    event
}

fn status(at: &str, to: &str) -> Value {
    json!({"at": at, "type": "status_changed", "to": to})
}

const T0: &str = "2026-03-02T09:00:00Z";
const T1: &str = "2026-03-02T10:00:00Z";
const T2: &str = "2026-03-02T11:00:00Z";

// ---- Zendesk -------------------------------------------------------------

#[test]
fn zendesk_received_request_fires_on_creation_only() {
    let spec = zendesk(json!({"title": "Received", "conditions": {"all": [
        {"field": "update_type", "operator": "is", "value": "Create"},
        {"field": "status", "operator": "is_not", "value": "solved"},
        {"field": "ticket_is_public", "operator": "is", "value": "public"}]},
        "actions": [{"field": "notification_user", "value": ["requester_id", "[Request received]", "We have it."]}]}));
    let first = msg(T0, "customer", "Waar is mijn pakket?");
    faithful(
        spec.clone(),
        scene(json!({}), json!([first.clone()]), T0),
        scene(
            json!({}),
            json!([first, msg(T1, "customer", "Nog iets")]),
            T1,
        ),
    );
    // Subject and body are kept.
    let Action::Notify {
        subject, message, ..
    } = &spec.actions[0]
    else {
        panic!()
    };
    assert_eq!(
        (subject.as_deref(), message.as_deref()),
        (Some("[Request received]"), Some("We have it."))
    );
}

#[test]
fn zendesk_any_of_create_and_change_fires_on_both() {
    let spec = zendesk(json!({"title": "Both", "conditions": {"any": [
        {"field": "update_type", "operator": "is", "value": "Create"},
        {"field": "update_type", "operator": "is", "value": "Change"}], "all": [
        {"field": "priority", "operator": "is", "value": "urgent"}]},
        "actions": [{"field": "current_tags", "value": "seen"}]}));
    assert!(fires(
        &spec,
        &scene(
            json!({"priority": "urgent"}),
            json!([msg(T0, "customer", "x")]),
            T0
        )
    ));
    faithful(
        spec,
        scene(
            json!({"priority": "urgent"}),
            json!([msg(T1, "customer", "x")]),
            T1,
        ),
        scene(json!({}), json!([msg(T1, "customer", "x")]), T1),
    );
}

#[test]
fn zendesk_comment_update_for_the_requester() {
    let spec = zendesk(json!({"title": "Comment", "conditions": {"all": [
        {"field": "update_type", "operator": "is", "value": "Change"},
        {"field": "comment_is_public", "operator": "is", "value": "requester_can_see_comment"},
        {"field": "requester_id", "operator": "is_not", "value": "current_user"}]},
        "actions": [{"field": "notification_user", "value": ["requester_and_ccs", "Re", "{{ticket.latest_comment_html}}"]}]}));
    faithful(
        spec,
        scene(
            json!({}),
            json!([by(msg(T1, "agent", "Hier is het"), "agent", "a1")]),
            T1,
        ),
        scene(json!({}), json!([msg(T1, "customer", "Nog iets")]), T1),
    );
}

#[test]
fn zendesk_assignee_notified_of_comment_not_their_own() {
    let spec = zendesk(json!({"title": "Assignee", "conditions": {"all": [
        {"field": "comment_is_public", "operator": "is", "value": "not_relevant"},
        {"field": "assignee_id", "operator": "is_not", "value": "current_user"},
        {"field": "assignee_id", "operator": "is_not", "value": "requester_id"},
        {"field": "assignee_id", "operator": "not_changed", "value": null},
        {"field": "status", "operator": "not_value_previous", "value": "solved"}]},
        "actions": [{"field": "notification_user", "value": ["assignee_id", "Re", "Update"]}]}));
    let assigned = json!({"at": "2026-03-02T09:10:00Z", "type": "assigned", "to": "a1"});
    let note =
        json!({"at": T1, "type": "message", "author": "agent", "public": false, "body": "intern"});
    faithful(
        spec,
        scene(
            json!({}),
            json!([assigned.clone(), msg(T1, "customer", "Hallo?")]),
            T1,
        ),
        scene(json!({}), json!([assigned, by(note, "agent", "a1")]), T1),
    );
}

#[test]
fn zendesk_assignment_by_someone_else() {
    let spec = zendesk(json!({"title": "Assigned", "conditions": {"all": [
        {"field": "assignee_id", "operator": "changed", "value": null},
        {"field": "assignee_id", "operator": "is_not", "value": "current_user"}]},
        "actions": [{"field": "notification_user", "value": ["assignee_id", "Assignment", "Yours"]}]}));
    let assign = |who: &str| {
        by(
            json!({"at": T1, "type": "assigned", "to": "a2"}),
            "agent",
            who,
        )
    };
    faithful(
        spec,
        scene(json!({}), json!([assign("a1")]), T1),
        scene(json!({}), json!([assign("a2")]), T1),
    );
}

#[test]
fn zendesk_reopened_ticket() {
    let spec = zendesk(json!({"title": "Reopened", "conditions": {"all": [
        {"field": "status", "operator": "value_previous", "value": "solved"},
        {"field": "status", "operator": "is_not", "value": "closed"}]},
        "actions": [{"field": "priority", "value": "high"}]}));
    faithful(
        spec,
        scene(
            json!({}),
            json!([status(T1, "solved"), msg(T2, "customer", "Toch niet")]),
            T2,
        ),
        scene(
            json!({}),
            json!([status(T1, "pending"), msg(T2, "customer", "Toch niet")]),
            T2,
        ),
    );
}

#[test]
fn zendesk_group_assignment_with_nobody_assigned() {
    let spec = zendesk(json!({"title": "Group", "conditions": {"all": [
        {"field": "group_id", "operator": "is_not", "value": ""},
        {"field": "assignee_id", "operator": "is", "value": ""}], "any": [
        {"field": "group_id", "operator": "changed", "value": ""},
        {"field": "assignee_id", "operator": "changed", "value": ""}]},
        "actions": [{"field": "notification_group", "value": ["group_id", "New for your group", "See it"]}]}));
    let group = json!({"at": T1, "type": "group_changed", "to": "billing"});
    faithful(
        spec.clone(),
        scene(json!({}), json!([group.clone()]), T1),
        scene(json!({"assignee": "a1"}), json!([group]), T1),
    );
    assert!(matches!(
        &spec.actions[0],
        Action::Notify {
            to: crate::rules::Recipient::TicketGroup,
            ..
        }
    ));
}

#[test]
fn zendesk_auto_reply_to_end_users_only() {
    let spec = zendesk(json!({"title": "Auto reply", "conditions": {"all": [
        {"field": "role", "operator": "is", "value": "end_user"},
        {"field": "update_type", "operator": "is", "value": "Create"},
        {"field": "status", "operator": "is_not", "value": "solved"}]},
        "actions": [{"field": "notification_user", "value": ["requester_id", "Thanks", "Soon"]}]}));
    faithful(
        spec,
        scene(json!({}), json!([msg(T0, "customer", "Help")]), T0),
        scene(
            json!({}),
            json!([by(msg(T0, "agent", "Proactief"), "agent", "a1")]),
            T0,
        ),
    );
}

#[test]
fn zendesk_assign_the_first_responding_email_agent() {
    let spec = zendesk(json!({"title": "First responder", "conditions": {"all": [
        {"field": "update_type", "operator": "is", "value": "Change"},
        {"field": "current_via_id", "operator": "is", "value": "4"},
        {"field": "assignee_id", "operator": "is", "value": ""},
        {"field": "role", "operator": "is_not", "value": "end_user"}]},
        "actions": [{"field": "assignee_id", "value": "current_user"}]}));
    let reply = |channel: &str| {
        let mut m = by(msg(T1, "agent", "Ik help je"), "agent", "a7");
        m["channel"] = json!(channel);
        m
    };
    let yes = scene(json!({}), json!([reply("email")]), T1);
    assert_eq!(
        run(&spec, &yes).actions[0].action.as_ref(),
        &Action::AssignCurrentUser
    );
    faithful(spec, yes, scene(json!({}), json!([reply("chat")]), T1));
}

#[test]
fn zendesk_close_four_days_after_solved() {
    let spec = automation(json!({"title": "Close", "conditions": {"all": [
        {"field": "status", "operator": "is", "value": "solved"},
        {"field": "SOLVED", "operator": "greater_than", "value": "96"}], "any": []},
        "actions": [{"field": "status", "value": "closed"}]}));
    let solved = json!([status(T1, "solved")]);
    faithful(
        spec,
        scene(json!({}), solved.clone(), "2026-03-06T11:00:00Z"),
        scene(json!({}), solved, "2026-03-06T09:00:00Z"),
    );
}

#[test]
fn zendesk_pending_reminder_in_its_hour() {
    // "Hours since pending is 24": the hour from 24 to 25, while still pending.
    let spec = automation(json!({"title": "Reminder", "conditions": {"all": [
        {"field": "PENDING", "operator": "is", "value": "24"},
        {"field": "ticket_is_public", "operator": "is", "value": "public"}], "any": []},
        "actions": [{"field": "notification_user", "value": ["requester_and_ccs", "Pending", "Still there?"]}]}));
    let events = json!([msg(T0, "customer", "x"), status(T1, "pending")]);
    faithful(
        spec.clone(),
        scene(json!({}), events.clone(), "2026-03-03T10:30:00Z"),
        scene(json!({}), events, "2026-03-03T11:30:00Z"),
    );
    // No longer pending: no reminder.
    let reopened = json!([
        msg(T0, "customer", "x"),
        status(T1, "pending"),
        msg(T2, "customer", "Terug")
    ]);
    assert!(!fires(
        &spec,
        &scene(json!({}), reopened, "2026-03-03T10:30:00Z")
    ));
}

#[test]
fn zendesk_autoclose_after_pending_reminder() {
    let spec = automation(json!({"title": "Autoclose", "conditions": {"all": [
        {"field": "PENDING", "operator": "greater_than", "value": "336"},
        {"field": "current_tags", "operator": "includes", "value": "pending_reminder_sent"},
        {"field": "current_tags", "operator": "not_includes", "value": "closed_by_autoclose"}], "any": []},
        "actions": [{"field": "status", "value": "closed"}, {"field": "current_tags", "value": "closed_by_autoclose"}]}));
    faithful(
        spec,
        scene(
            json!({"tags": ["pending_reminder_sent"]}),
            json!([status(T1, "pending")]),
            "2026-03-17T11:00:00Z",
        ),
        scene(
            json!({"tags": ["pending_reminder_sent", "closed_by_autoclose"]}),
            json!([status(T1, "pending")]),
            "2026-03-17T11:00:00Z",
        ),
    );
}

#[test]
fn zendesk_business_hours_open_too_long() {
    let spec = automation(json!({"title": "Open too long", "conditions": {"all": [
        {"field": "OPEN", "operator": "greater_than_business_hours", "value": "8"},
        {"field": "priority", "operator": "less_than", "value": "high"}], "any": []},
        "actions": [{"field": "priority", "value": "high"}]}));
    let opened = json!([status(T1, "open")]);
    // Open Monday 10:00: 7 business hours that day, 1 more by Tuesday 10:00.
    faithful(
        spec,
        scene(json!({}), opened.clone(), "2026-03-03T10:30:00Z"),
        scene(json!({}), opened, "2026-03-03T09:30:00Z"),
    );
}

#[test]
fn zendesk_any_list_with_words_and_channel() {
    let spec = zendesk(json!({"title": "Refunds", "conditions": {"all": [
        {"field": "priority", "operator": "less_than", "value": "high"}], "any": [
        {"field": "subject_includes_word", "operator": "includes", "value": "refund chargeback"},
        {"field": "via_id", "operator": "is", "value": 29}]},
        "actions": [{"field": "group_id", "value": "billing"}]}));
    faithful(
        spec,
        scene(
            json!({"subject": "Refund please"}),
            json!([msg(T0, "customer", "x")]),
            T0,
        ),
        scene(
            json!({"subject": "Refund please", "priority": "high"}),
            json!([msg(T0, "customer", "x")]),
            T0,
        ),
    );
}

#[test]
fn zendesk_words_none_of() {
    let spec = zendesk(json!({"title": "Clean", "conditions": {"all": [
        {"field": "comment_includes_word", "operator": "not_includes", "value": "spam scam"},
        {"field": "update_type", "operator": "is", "value": "Change"}]},
        "actions": [{"field": "set_tags", "value": "clean checked"}]}));
    faithful(
        spec,
        scene(
            json!({}),
            json!([msg(T1, "customer", "Een gewone vraag")]),
            T1,
        ),
        scene(json!({}), json!([msg(T1, "customer", "Dit is spam")]), T1),
    );
}

#[test]
fn zendesk_custom_field_and_type() {
    let spec = zendesk(json!({"title": "Gold incidents", "conditions": {"all": [
        {"field": "custom_fields_360", "operator": "is", "value": "gold"},
        {"field": "type", "operator": "is", "value": "incident"}]},
        "actions": [{"field": "priority", "value": "high"}, {"field": "custom_fields_361", "value": "escalated"}]}));
    faithful(
        spec,
        scene(
            json!({"fields": {"360": "gold"}, "ticket_type": "incident"}),
            json!([msg(T0, "customer", "x")]),
            T0,
        ),
        scene(
            json!({"fields": {"360": "gold"}, "ticket_type": "question"}),
            json!([msg(T0, "customer", "x")]),
            T0,
        ),
    );
}

#[test]
fn zendesk_organization_and_unhappy_rating_with_comment() {
    let spec = zendesk(json!({"title": "Unhappy", "conditions": {"all": [
        {"field": "organization_id", "operator": "is", "value": "acme"},
        {"field": "satisfaction_score", "operator": "is", "value": "bad_with_comment"}]},
        "actions": [{"field": "notification_group", "value": ["42", "Unhappy customer", "Call them"]}]}));
    let rated = |comment: Value| {
        let mut e = json!({"at": T2, "type": "satisfaction_rated", "rating": "bad"});
        if !comment.is_null() {
            e["comment"] = comment;
        }
        json!([status(T1, "solved"), e])
    };
    let mut yes = scene(json!({}), rated(json!("Traag")), T2);
    yes.customer = json!({"id": "c1", "organization": "acme"});
    let mut no = scene(json!({}), rated(Value::Null), T2);
    no.customer = json!({"id": "c1", "organization": "acme"});
    faithful(spec, yes, no);
}

#[test]
fn zendesk_reopens_and_replies() {
    let spec = zendesk(json!({"title": "Bouncing", "conditions": {"all": [
        {"field": "reopens", "operator": "greater_than", "value": "1"},
        {"field": "replies", "operator": "less_than", "value": "3"}]},
        "actions": [{"field": "follower", "value": "lead-7"}]}));
    let reopen = |n: u32| {
        let mut e = Vec::new();
        for i in 0..n {
            e.push(status(&format!("2026-03-02T1{i}:00:00Z"), "solved"));
            e.push(msg(
                &format!("2026-03-02T1{i}:30:00Z"),
                "customer",
                "Nog steeds",
            ));
        }
        Value::Array(e)
    };
    faithful(
        spec,
        scene(json!({}), reopen(2), "2026-03-02T12:00:00Z"),
        scene(json!({}), reopen(1), "2026-03-02T12:00:00Z"),
    );
}

#[test]
fn zendesk_locale_by_the_accounts_number() {
    let rule = json!({"title": "German", "conditions": {"all": [
        {"field": "locale_id", "operator": "is", "value": "8"}]},
        "actions": [{"field": "group_id", "value": "de"}]});
    assert_eq!(
        import_zendesk(&rule, &ZendeskImport::triggers())
            .unwrap_err()
            .code(),
        "rules.unsupported"
    );
    let options = ZendeskImport::triggers().with_locale(8, "de".parse().unwrap());
    let spec = import_zendesk(&rule, &options).unwrap();
    let mut yes = scene(json!({}), json!([msg(T0, "customer", "Hallo")]), T0);
    yes.customer = json!({"id": "c1", "locale": "de"});
    let mut no = scene(json!({}), json!([msg(T0, "customer", "Hallo")]), T0);
    no.customer = json!({"id": "c1", "locale": "nl"});
    faithful(spec, yes, no);
}

#[test]
fn zendesk_within_business_hours() {
    let spec = zendesk(json!({"title": "Open now", "conditions": {"all": [
        {"field": "in_business_hours", "value": true}]},
        "actions": [{"field": "current_tags", "value": "office_hours"}]}));
    faithful(
        spec,
        scene(json!({}), json!([msg(T1, "customer", "x")]), T1),
        scene(
            json!({}),
            json!([msg("2026-03-07T10:00:00Z", "customer", "x")]),
            "2026-03-07T10:00:00Z",
        ),
    );
}

#[test]
fn zendesk_apps_shape_with_top_level_all() {
    // Conditions at the top level, as Zendesk apps write them: not ignored.
    let spec = zendesk(
        json!({"title": "Solved", "all": [{"field": "status", "operator": "is", "value": "solved"}],
        "actions": [{"field": "notification_user", "value": ["all_agents", "Solved", "{{ticket.id}}"]}]}),
    );
    faithful(
        spec,
        scene(json!({}), json!([status(T1, "solved")]), T1),
        scene(json!({}), json!([status(T1, "pending")]), T1),
    );
}

#[test]
fn zendesk_customer_update_removes_and_sets_tags() {
    let spec = zendesk(json!({"title": "Customer wrote", "conditions": {"all": [
        {"field": "requester_id", "operator": "is", "value": "current_user"},
        {"field": "status", "operator": "is", "value": "open"}]},
        "actions": [{"field": "remove_tags", "value": "waiting"}, {"field": "cc", "value": "boss@example.com"},
                    {"field": "satisfaction_score", "value": "offered_to_requester"}]}));
    faithful(
        spec,
        scene(
            json!({}),
            json!([status(T1, "pending"), msg(T2, "customer", "Hier")]),
            T2,
        ),
        scene(
            json!({}),
            json!([
                status(T1, "open"),
                by(msg(T2, "agent", "Hier"), "agent", "a1")
            ]),
            T2,
        ),
    );
}

// ---- Chatwoot ------------------------------------------------------------

fn cw_rule(event: &str, conditions: Value, actions: Value) -> RuleSpec {
    chatwoot(
        json!({"name": "r", "event_name": event, "conditions": conditions, "actions": actions}),
    )
}

fn label(l: &str) -> Value {
    json!([{"action_name": "add_label", "action_params": [l]}])
}

#[test]
fn chatwoot_created_open_fires_on_a_new_ticket() {
    let spec = cw_rule(
        "conversation_created",
        json!([{"attribute_key": "status", "filter_operator": "equal_to", "values": ["open"]}]),
        label("new"),
    );
    faithful(
        spec,
        scene(json!({}), json!([]), T0),
        scene(json!({"status": "pending"}), json!([]), T0),
    );
}

#[test]
fn chatwoot_message_content_contains_any() {
    let spec = cw_rule(
        "message_created",
        json!([{"attribute_key": "content", "filter_operator": "contains", "values": ["invoice", "billing"]}]),
        label("billing"),
    );
    faithful(
        spec,
        scene(
            json!({}),
            json!([msg(T1, "customer", "About my INVOICE")]),
            T1,
        ),
        scene(json!({}), json!([msg(T1, "customer", "Hello")]), T1),
    );
}

#[test]
fn chatwoot_incoming_on_an_inbox() {
    let spec = cw_rule(
        "message_created",
        json!([{"attribute_key": "message_type", "filter_operator": "equal_to", "values": ["incoming"], "query_operator": "and"},
               {"attribute_key": "inbox_id", "filter_operator": "equal_to", "values": [{"id": 3, "name": "Support"}]}]),
        label("inbox3"),
    );
    faithful(
        spec,
        scene(
            json!({"fields": {"inbox_id": 3}}),
            json!([msg(T1, "customer", "Hoi")]),
            T1,
        ),
        scene(
            json!({"fields": {"inbox_id": 3}}),
            json!([msg(T1, "agent", "Hoi")]),
            T1,
        ),
    );
}

#[test]
fn chatwoot_urgent_update_emails_the_team() {
    let spec = cw_rule(
        "conversation_updated",
        json!([{"attribute_key": "priority", "filter_operator": "equal_to", "values": ["urgent"]}]),
        json!([{"action_name": "assign_team", "action_params": [4]},
               {"action_name": "send_email_to_team", "action_params": [{"team_ids": [4, 5], "message": "Urgent"}]}]),
    );
    // One notification per team, with the message kept.
    assert_eq!(spec.actions.len(), 3);
    faithful(
        spec,
        scene(
            json!({}),
            json!([{"at": T1, "type": "priority_changed", "to": "urgent"}]),
            T1,
        ),
        scene(
            json!({}),
            json!([{"at": T1, "type": "priority_changed", "to": "high"}]),
            T1,
        ),
    );
}

#[test]
fn chatwoot_opened_and_resolved() {
    let opened = cw_rule("conversation_opened", json!([]), label("reopened"));
    faithful(
        opened,
        scene(
            json!({}),
            json!([status(T1, "solved"), msg(T2, "customer", "Toch niet")]),
            T2,
        ),
        scene(
            json!({}),
            json!([status(T1, "open"), status(T2, "pending")]),
            T2,
        ),
    );
    let resolved = cw_rule("conversation_resolved", json!([]), label("done"));
    faithful(
        resolved,
        scene(json!({}), json!([status(T1, "solved")]), T1),
        scene(json!({}), json!([status(T1, "pending")]), T1),
    );
}

#[test]
fn chatwoot_contact_attribute() {
    let spec = cw_rule(
        "conversation_created",
        json!([{"attribute_key": "risk_profile", "filter_operator": "equal_to", "values": ["Konservatif"],
                "custom_attribute_type": "contact_attribute"}]),
        label("segmen"),
    );
    let mut yes = scene(json!({}), json!([]), T0);
    yes.customer = json!({"id": "c1", "attributes": {"risk_profile": "Konservatif"}});
    let mut no = scene(json!({}), json!([]), T0);
    no.customer = json!({"id": "c1", "attributes": {"risk_profile": "Agresif"}});
    faithful(spec, yes, no);
}

#[test]
fn chatwoot_conversation_attribute_below_a_number() {
    let spec = cw_rule(
        "message_created",
        json!([{"attribute_key": "custom_attributes.ai_confidence", "filter_operator": "is_less_than", "values": [0.5]}]),
        json!([{"action_name": "assign_team", "action_params": [1]}]),
    );
    faithful(
        spec,
        scene(
            json!({"fields": {"ai_confidence": 0.3}}),
            json!([msg(T1, "customer", "?")]),
            T1,
        ),
        scene(
            json!({"fields": {"ai_confidence": 0.8}}),
            json!([msg(T1, "customer", "?")]),
            T1,
        ),
    );
}

#[test]
fn chatwoot_label_added() {
    let spec = cw_rule(
        "conversation_updated",
        json!([{"attribute_key": "labels", "filter_operator": "contains", "values": ["vip"]}]),
        json!([{"action_name": "send_email_to_team", "action_params": {"team_ids": [1], "message": "VIP!"}}]),
    );
    faithful(
        spec,
        scene(
            json!({}),
            json!([{"at": T1, "type": "tags_added", "tags": ["vip"]}]),
            T1,
        ),
        scene(
            json!({}),
            json!([{"at": T1, "type": "tags_added", "tags": ["other"]}]),
            T1,
        ),
    );
}

#[test]
fn chatwoot_or_binds_looser_than_and() {
    // (content contains STOP and incoming) or content contains BERHENTI
    let spec = cw_rule(
        "message_created",
        json!([{"attribute_key": "content", "filter_operator": "contains", "values": ["STOP"], "query_operator": "AND"},
               {"attribute_key": "message_type", "filter_operator": "equal_to", "values": ["incoming"], "query_operator": "OR"},
               {"attribute_key": "content", "filter_operator": "contains", "values": ["BERHENTI"], "query_operator": null}]),
        label("opt-out"),
    );
    assert!(fires(
        &spec,
        &scene(
            json!({}),
            json!([by(msg(T1, "agent", "berhenti"), "agent", "a1")]),
            T1
        )
    ));
    faithful(
        spec,
        scene(json!({}), json!([msg(T1, "customer", "stop please")]), T1),
        scene(
            json!({}),
            json!([by(msg(T1, "agent", "stop please"), "agent", "a1")]),
            T1,
        ),
    );
}

#[test]
fn chatwoot_contact_email_and_phone() {
    let spec = cw_rule(
        "conversation_created",
        json!([{"attribute_key": "email", "filter_operator": "contains", "values": ["@acme.com"], "query_operator": "or"},
               {"attribute_key": "phone_number", "filter_operator": "starts_with", "values": ["+31"]}]),
        label("known"),
    );
    let with = |identities: Value| {
        let mut s = scene(json!({}), json!([]), T0);
        s.customer = json!({"id": "c1", "identities": identities});
        s
    };
    assert!(fires(
        &spec,
        &with(json!([{"type": "phone", "value": "+31 6 1234 5678"}]))
    ));
    faithful(
        spec,
        with(json!([{"type": "email", "value": "anna@acme.com"}])),
        with(
            json!([{"type": "email", "value": "anna@other.com"}, {"type": "phone", "value": "+32 470 12 34 56"}]),
        ),
    );
}

#[test]
fn chatwoot_team_without_assignee() {
    let spec = cw_rule(
        "conversation_updated",
        json!([{"attribute_key": "assignee_id", "filter_operator": "is_not_present", "values": [], "query_operator": "and"},
               {"attribute_key": "team_id", "filter_operator": "equal_to", "values": [2]}]),
        json!([{"action_name": "assign_agent", "action_params": ["nil"]}]),
    );
    faithful(
        spec,
        scene(
            json!({}),
            json!([{"at": T1, "type": "group_changed", "to": "2"}]),
            T1,
        ),
        scene(
            json!({"assignee": "a1"}),
            json!([{"at": T1, "type": "group_changed", "to": "2"}]),
            T1,
        ),
    );
}

#[test]
fn chatwoot_not_equal_never_matches_a_missing_team() {
    let spec = cw_rule(
        "conversation_updated",
        json!([{"attribute_key": "team_id", "filter_operator": "not_equal_to", "values": [2]}]),
        label("other-team"),
    );
    faithful(
        spec,
        scene(
            json!({}),
            json!([{"at": T1, "type": "group_changed", "to": "3"}]),
            T1,
        ),
        scene(
            json!({}),
            json!([{"at": T1, "type": "priority_changed", "to": "high"}]),
            T1,
        ),
    );
}

#[test]
fn chatwoot_status_change_to_resolved_emails_transcript() {
    let spec = cw_rule(
        "conversation_status_changed",
        json!([{"values": ["resolved"], "attribute_key": "status", "query_operator": null, "filter_operator": "equal_to"}]),
        json!([{"action_name": "send_email_transcript", "action_params": ["a@x.nl, b@y.nl"]}]),
    );
    assert_eq!(
        spec.actions,
        vec![Action::SendTranscript {
            to: vec!["a@x.nl".into(), "b@y.nl".into()]
        }]
    );
    faithful(
        spec,
        scene(json!({}), json!([status(T1, "solved")]), T1),
        scene(json!({}), json!([status(T1, "pending")]), T1),
    );
}

#[test]
fn chatwoot_attribute_changed() {
    let spec = cw_rule(
        "conversation_updated",
        json!([{"attribute_key": "status", "filter_operator": "attribute_changed", "values": {"from": ["open"], "to": ["resolved"]}}]),
        label("closed-from-open"),
    );
    faithful(
        spec,
        scene(
            json!({}),
            json!([status(T1, "open"), status(T2, "solved")]),
            T2,
        ),
        scene(
            json!({}),
            json!([status(T1, "pending"), status(T2, "solved")]),
            T2,
        ),
    );
}

#[test]
fn chatwoot_snooze_and_mute() {
    let spec = cw_rule(
        "message_created",
        json!([{"attribute_key": "content", "filter_operator": "starts_with", "values": ["promo"]}]),
        json!([{"action_name": "snooze_conversation", "action_params": []},
               {"action_name": "mute_conversation", "action_params": []}]),
    );
    faithful(
        spec,
        scene(
            json!({}),
            json!([msg(T1, "customer", "Promo: 50% off")]),
            T1,
        ),
        scene(json!({}), json!([msg(T1, "customer", "No promo")]), T1),
    );
}

// ---- Refusals ------------------------------------------------------------

#[test]
fn what_cannot_be_imported_faithfully_is_refused_by_name() {
    let z = |rule: Value| {
        import_zendesk(&rule, &ZendeskImport::triggers())
            .unwrap_err()
            .to_string()
    };
    assert!(z(Value::Null).contains("unsupported rule `null`"));
    assert!(z(json!({"title": "T", "conditions": "x", "actions": []})).contains("conditions `x`"));
    assert!(z(json!({"title": "T", "conditions": {"all": [{"field": "role", "operator": "is", "value": "admin"}]}, "actions": []})).contains("admins"));
    assert!(z(json!({"title": "T", "conditions": {"all": [{"field": "via_id", "operator": "is", "value": "8"}]}, "actions": []})).contains("channel number `8`"));
    assert!(z(json!({"title": "T", "conditions": {"all": [{"field": "satisfaction_score", "operator": "is", "value": "offered"}]}, "actions": []})).contains("survey offers"));
    assert!(
        z(json!({"title": "T", "restriction": {}, "actions": []}))
            .contains("rule key `restriction`")
    );
    assert!(z(json!({"title": "T", "conditions": {"all": [{"field": "agent_stations", "operator": "is", "value": 2}]}, "actions": []})).contains("condition field `agent_stations`"));
    assert!(
        z(json!({"title": "T", "actions": [{"field": "side_conversation_ticket", "value": []}]}))
            .contains("action `side_conversation_ticket`")
    );
    let auto = |rule: Value| {
        import_zendesk(&rule, &ZendeskImport::automations(None))
            .unwrap_err()
            .to_string()
    };
    // An automation needs a time condition, and a nullifying condition.
    assert!(auto(json!({"title": "A", "conditions": {"all": [{"field": "status", "operator": "is", "value": "open"}]}, "actions": [{"field": "priority", "value": "high"}]})).contains("time condition"));
    assert!(auto(json!({"title": "A", "conditions": {"all": [{"field": "NEW", "operator": "greater_than", "value": "4"}]}, "actions": [{"field": "priority", "value": "high"}]})).contains("nullifying"));
    assert!(auto(json!({"title": "A", "conditions": {"all": [{"field": "NEW", "operator": "greater_than", "value": "1e20"}]}, "actions": []})).contains("hours"));
    assert!(auto(json!({"title": "A", "conditions": {"all": [{"field": "NEW", "operator": "greater_than_business_hours", "value": "4"}]}, "actions": []})).contains("calendar"));
    // A nullifying tag: fine.
    import_zendesk(
        &json!({"title": "A", "conditions": {"all": [
        {"field": "NEW", "operator": "greater_than", "value": "4"},
        {"field": "current_tags", "operator": "not_includes", "value": "nudged"}]},
        "actions": [{"field": "current_tags", "value": "nudged"}]}),
        &ZendeskImport::automations(None),
    )
    .unwrap();
    let c = |rule: Value| import_chatwoot(&rule).unwrap_err().to_string();
    assert!(c(json!({"name": "C", "event_name": "conversation_created", "conditions": [], "actions": [{"action_name": "funnel_action", "action_params": []}]})).contains("action `funnel_action`"));
    assert!(c(json!({"name": "C", "event_name": "conversation_updated", "action_types": ["label_added"], "conditions": [], "actions": []})).contains("rule key `action_types`"));
    assert!(c(json!({"name": "C", "event_name": "conversation_created", "conditions": [{"attribute_key": "status", "filter_operator": "equal_to", "values": ["pending"]}], "actions": []})).contains("pending"));
    assert!(c(json!({"name": "C", "event_name": "conversation_created", "conditions": [{"attribute_key": "created_at", "filter_operator": "days_before", "values": [3]}], "actions": []})).contains("operator `days_before`"));
    assert!(
        c(json!({"name": "C", "event_name": "nope", "conditions": [], "actions": []}))
            .contains("event `nope`")
    );
}

// ---- Export round trip ---------------------------------------------------

fn zendesk_condition() -> impl Strategy<Value = Value> {
    let v = |f: &'static str, ops: &'static [&'static str], values: &'static [&'static str]| {
        (prop::sample::select(ops), prop::sample::select(values))
            .prop_map(move |(op, value)| json!({"field": f, "operator": op, "value": value}))
    };
    prop_oneof![
        v(
            "status",
            &[
                "is",
                "is_not",
                "less_than",
                "greater_than",
                "value",
                "not_value",
                "value_previous",
                "not_value_previous"
            ],
            &["open", "pending", "hold", "solved"]
        ),
        v(
            "priority",
            &["is", "is_not", "less_than", "greater_than"],
            &["low", "normal", "high", "urgent"]
        ),
        v("type", &["is", "is_not"], &["question", "incident", "task"]),
        v(
            "group_id",
            &["is", "is_not", "changed", "not_changed"],
            &["", "42", "billing"]
        ),
        v(
            "assignee_id",
            &["is", "is_not"],
            &["", "current_user", "requester_id", "7"]
        ),
        v(
            "requester_id",
            &["is", "is_not"],
            &["current_user", "assignee_id", "c9"]
        ),
        v("organization_id", &["is", "is_not"], &["", "acme"]),
        v("via_id", &["is", "is_not"], &["0", "4", "29", "57", "74"]),
        v("current_via_id", &["is", "is_not"], &["4", "29"]),
        v(
            "current_tags",
            &["includes", "not_includes"],
            &["vip", "vip billing"]
        ),
        v(
            "subject_includes_word",
            &["includes", "not_includes", "is", "is_not"],
            &["refund", "late parcel"]
        ),
        v(
            "comment_includes_word",
            &["includes", "not_includes"],
            &["spam scam"]
        ),
        v("update_type", &["is"], &["Create", "Change"]),
        v(
            "comment_is_public",
            &["is"],
            &["true", "false", "not_relevant"]
        ),
        v("ticket_is_public", &["is"], &["public", "private"]),
        v("role", &["is", "is_not"], &["end_user", "agent"]),
        v(
            "satisfaction_score",
            &["is", "is_not"],
            &["good", "bad_with_comment"]
        ),
        v("reopens", &["less_than", "greater_than"], &["1", "3"]),
        v("custom_fields_360", &["is", "is_not"], &["gold", ""]),
        v("ticket_form_id", &["is"], &["77"]),
    ]
}

fn zendesk_action() -> impl Strategy<Value = Value> {
    let a = |f: &'static str, values: Vec<Value>| {
        prop::sample::select(values).prop_map(move |v| json!({"field": f, "value": v}))
    };
    prop_oneof![
        a(
            "status",
            vec![json!("open"), json!("hold"), json!("solved")]
        ),
        a("priority", vec![json!("high")]),
        a("type", vec![json!("problem"), json!("")]),
        a("group_id", vec![json!("42"), json!("")]),
        a(
            "assignee_id",
            vec![json!("7"), json!("current_user"), json!("")]
        ),
        a("set_tags", vec![json!("a b")]),
        a("current_tags", vec![json!("seen")]),
        a("remove_tags", vec![json!("old")]),
        a("follower", vec![json!("9")]),
        a("cc", vec![json!("x@y.nl")]),
        a("custom_fields_360", vec![json!("silver"), json!("")]),
        a(
            "notification_user",
            vec![
                json!(["requester_and_ccs", "S", "B"]),
                json!(["all_agents", "S", "B"]),
                json!(["55", "S", "B"])
            ]
        ),
        a(
            "notification_group",
            vec![json!(["group_id", "S", "B"]), json!(["42", "S", "B"])]
        ),
        a("notification_webhook", vec![json!(["01HW", "{\"a\":1}"])]),
        a("notification_target", vec![json!(["t1", "msg"])]),
    ]
}

fn chatwoot_condition() -> impl Strategy<Value = Value> {
    let c = |k: &'static str, ops: &'static [&'static str], values: Vec<Value>| {
        (prop::sample::select(ops), prop::sample::select(values)).prop_map(
            move |(op, v)| json!({"attribute_key": k, "filter_operator": op, "values": v}),
        )
    };
    prop_oneof![
        c(
            "status",
            &["equal_to", "not_equal_to"],
            vec![json!(["open"]), json!(["resolved", "snoozed"])]
        ),
        c(
            "priority",
            &["equal_to", "not_equal_to"],
            vec![json!(["medium"]), json!(["urgent"])]
        ),
        c(
            "team_id",
            &["equal_to", "not_equal_to", "is_present", "is_not_present"],
            vec![json!([2])]
        ),
        c(
            "labels",
            &["contains", "does_not_contain"],
            vec![json!(["vip"])]
        ),
        c(
            "content",
            &["contains", "does_not_contain", "starts_with"],
            vec![json!(["refund"]), json!(["a", "b"])]
        ),
        c(
            "message_type",
            &["equal_to"],
            vec![json!(["incoming"]), json!(["outgoing"])]
        ),
        c("email", &["contains"], vec![json!(["@acme.com"])]),
        c(
            "browser_language",
            &["equal_to", "not_equal_to"],
            vec![json!(["nl"])]
        ),
        c(
            "custom_attributes.score",
            &["is_greater_than", "is_less_than"],
            vec![json!([3])]
        ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Exporting an imported Zendesk rule and importing it again gives the
    /// same rule.
    #[test]
    fn zendesk_export_round_trips(all in prop::collection::vec(zendesk_condition(), 0..4),
                                  any in prop::collection::vec(zendesk_condition(), 0..3),
                                  actions in prop::collection::vec(zendesk_action(), 1..4)) {
        let rule = json!({"title": "r", "conditions": {"all": all, "any": any}, "actions": actions});
        let Ok(first) = import_zendesk(&rule, &ZendeskImport::triggers()) else { return Ok(()) };
        let exported = export_zendesk(&first).unwrap_or_else(|e| panic!("{e}: {}", first.when.as_ref().map(|c| c.to_string()).unwrap_or_default()));
        let mut again = import_zendesk(&exported, &ZendeskImport::triggers()).unwrap_or_else(|e| panic!("{e}: {exported}"));
        again.id = first.id.clone();
        prop_assert_eq!(again, first);
    }

    /// The same for Chatwoot, with `and` / `or` joins.
    #[test]
    fn chatwoot_export_round_trips(conditions in prop::collection::vec((chatwoot_condition(), prop::bool::ANY), 0..5),
                                   event in prop::sample::select(vec!["conversation_created", "conversation_updated", "message_created", "conversation_opened", "conversation_resolved"])) {
        let n = conditions.len();
        let list: Vec<Value> = conditions.into_iter().enumerate().map(|(i, (mut c, or))| {
            c["query_operator"] = if i + 1 == n { Value::Null } else if or { json!("OR") } else { json!("AND") };
            c
        }).collect();
        let rule = json!({"name": "r", "event_name": event, "conditions": list,
            "actions": [{"action_name": "add_label", "action_params": ["x"]}, {"action_name": "resolve_conversation", "action_params": []}]});
        let Ok(first) = import_chatwoot(&rule) else { return Ok(()) };
        let exported = export_chatwoot(&first).unwrap_or_else(|e| panic!("{e}: {}", first.when.as_ref().map(|c| c.to_string()).unwrap_or_default()));
        let mut again = import_chatwoot(&exported).unwrap_or_else(|e| panic!("{e}: {exported}"));
        again.id = first.id.clone();
        prop_assert_eq!(again, first);
    }

    /// No input makes an importer panic.
    #[test]
    fn importers_never_panic(s in "\\PC{0,300}") {
        if let Ok(v) = serde_json::from_str::<Value>(&s) {
            let _ = import_zendesk(&v, &ZendeskImport::triggers());
            let _ = import_chatwoot(&v);
        }
    }
}

#[test]
fn zendesk_changed_holds_at_creation_and_sees_the_whole_update() {
    let rule = zendesk(json!({"title": "group set", "conditions": {"all": [
        {"field": "group_id", "operator": "changed", "value": null}]},
        "actions": [{"field": "priority", "value": "high"}]}));
    // Created with a group: Zendesk counts it as changed (from nothing).
    faithful(
        rule.clone(),
        scene(
            json!({"group": "billing"}),
            json!([]),
            "2026-03-02T09:00:00Z",
        ),
        scene(json!({}), json!([]), "2026-03-02T09:00:00Z"),
    );
    // One update that sets the group and comments: the group changed.
    faithful(
        rule,
        scene(
            json!({}),
            json!([{"at": "2026-03-02T10:00:00Z", "type": "group_changed", "to": "billing"},
                   {"at": "2026-03-02T10:00:00Z", "type": "message", "author": "agent", "public": true, "body": "ok"}]),
            "2026-03-02T10:00:00Z",
        ),
        scene(
            json!({"group": "billing"}),
            json!([{"at": "2026-03-02T10:00:00Z", "type": "message", "author": "agent", "public": true, "body": "ok"}]),
            "2026-03-02T10:00:00Z",
        ),
    );
    let to = zendesk(json!({"title": "to high", "conditions": {"all": [
        {"field": "priority", "operator": "value", "value": "high"}]},
        "actions": [{"field": "status", "value": "open"}]}));
    faithful(
        to.clone(),
        scene(
            json!({"priority": "high"}),
            json!([]),
            "2026-03-02T09:00:00Z",
        ),
        scene(
            json!({"priority": "low"}),
            json!([]),
            "2026-03-02T09:00:00Z",
        ),
    );
    // And it exports back to the same Zendesk condition.
    let exported = export_zendesk(&to).unwrap();
    assert_eq!(
        exported["conditions"]["all"][0],
        json!({"field": "priority", "operator": "value", "value": "high"})
    );
}

#[test]
fn chatwoot_events_mean_what_chatwoot_means() {
    let label = json!([{"action_name": "add_label", "action_params": ["x"]}]);
    let rule = |event: &str, conditions: Value| {
        chatwoot(
            json!({"name": "r", "event_name": event, "conditions": conditions, "actions": label}),
        )
    };
    let first_message = json!([{"at": "2026-03-02T09:00:00Z", "type": "message", "author": "customer", "body": "hoi"}]);
    // Created: fires on the creation's update (the first message with it),
    // not on later updates.
    faithful(
        rule("conversation_created", json!([])),
        scene(json!({}), first_message.clone(), "2026-03-02T09:00:00Z"),
        scene(
            json!({}),
            json!([{"at": "2026-03-02T10:00:00Z", "type": "message", "author": "customer", "body": "nog iets"}]),
            "2026-03-02T10:00:00Z",
        ),
    );
    // Opened: from resolved back to open, not new -> open (both Chatwoot open).
    faithful(
        rule("conversation_opened", json!([])),
        scene(
            json!({}),
            json!([{"at": "2026-03-02T10:00:00Z", "type": "status_changed", "to": "solved"},
                   {"at": "2026-03-02T11:00:00Z", "type": "status_changed", "to": "open"}]),
            "2026-03-02T11:00:00Z",
        ),
        scene(
            json!({}),
            json!([{"at": "2026-03-02T10:00:00Z", "type": "status_changed", "to": "open"}]),
            "2026-03-02T10:00:00Z",
        ),
    );
    // Updated: a change of the conversation, not a message.
    faithful(
        rule("conversation_updated", json!([])),
        scene(
            json!({}),
            json!([{"at": "2026-03-02T10:00:00Z", "type": "priority_changed", "to": "high"}]),
            "2026-03-02T10:00:00Z",
        ),
        scene(
            json!({}),
            json!([{"at": "2026-03-02T10:00:00Z", "type": "message", "author": "customer", "body": "?"}]),
            "2026-03-02T10:00:00Z",
        ),
    );
    // Status `all` joined by `or` keeps the `or` true.
    let any_status = rule(
        "conversation_updated",
        json!([{"attribute_key": "status", "filter_operator": "equal_to", "values": ["all"], "query_operator": "or"},
               {"attribute_key": "priority", "filter_operator": "equal_to", "values": ["urgent"]}]),
    );
    assert!(fires(
        &any_status,
        &scene(
            json!({}),
            json!([{"at": "2026-03-02T10:00:00Z", "type": "priority_changed", "to": "high"}]),
            "2026-03-02T10:00:00Z"
        )
    ));
    // Refused, naming why: medium / negative priorities, a one-sided change.
    for conditions in [
        json!([{"attribute_key": "priority", "filter_operator": "equal_to", "values": ["medium"]}]),
        json!([{"attribute_key": "priority", "filter_operator": "not_equal_to", "values": ["urgent"]}]),
        json!([{"attribute_key": "status", "filter_operator": "attribute_changed", "values": {"to": ["resolved"]}}]),
    ] {
        let r = json!({"name": "r", "event_name": "conversation_updated", "conditions": conditions, "actions": label});
        let err = import_chatwoot(&r).unwrap_err();
        assert_eq!(err.code(), "rules.unsupported", "{err}");
    }
}

#[test]
fn values_are_never_made_up_from_null_or_objects() {
    let refused = |rule: Value| {
        let err = import_zendesk(&rule, &ZendeskImport::triggers()).unwrap_err();
        assert_eq!(err.code(), "rules.unsupported", "{err}");
    };
    let z = |conditions: Value, actions: Value| json!({"title": "t", "conditions": {"all": conditions}, "actions": actions});
    let tag = json!([{"field": "set_tags", "value": "x"}]);
    refused(z(
        json!([{"field": "comment_includes_word", "operator": "includes", "value": null}]),
        tag.clone(),
    ));
    refused(z(
        json!([{"field": "group_id", "operator": "is", "value": "current_groups"}]),
        tag.clone(),
    ));
    refused(z(
        json!([]),
        json!([{"field": "notification_user", "value": ["requester_id", null, "b"]}]),
    ));
    refused(z(
        json!([]),
        json!([{"field": "notification_webhook", "value": ["01HW", "{}", "extra"]}]),
    ));
    refused(z(
        json!([]),
        json!([{"field": "set_tags", "value": [null]}]),
    ));
    // A quoted group is one phrase, and exports back quoted.
    let rule = zendesk(z(
        json!([{"field": "comment_includes_word", "operator": "includes", "value": "\"refund request\" cancel"}]),
        tag,
    ));
    assert_eq!(
        rule.when.as_ref().map(ToString::to_string).as_deref(),
        Some("message contains_word \"refund request\" or message contains_word cancel")
    );
    let exported = export_zendesk(&rule).unwrap();
    assert_eq!(
        exported["conditions"]["all"][0]["value"],
        "\"refund request\" cancel"
    );
    // Chatwoot: `{id, name}` parameters are their id; null is refused.
    let team = |param: Value| {
        json!({"name": "r", "event_name": "conversation_updated", "conditions": [],
               "actions": [{"action_name": "assign_team", "action_params": [param]}]})
    };
    let spec = import_chatwoot(&team(json!({"id": 3, "name": "Sales"}))).unwrap();
    assert_eq!(spec.actions, [Action::AssignGroup { group: "3".into() }]);
    assert!(import_chatwoot(&team(json!(null))).is_err());
    let email = json!({"name": "r", "event_name": "conversation_updated", "conditions": [],
        "actions": [{"action_name": "send_email_to_team", "action_params": [{"team_ids": [1], "message": null}]}]});
    assert!(import_chatwoot(&email).is_err());
}

#[test]
fn zendesk_numbers_given_as_text_compare_as_numbers() {
    let rule = zendesk(json!({"title": "big order", "conditions": {"all": [
        {"field": "custom_fields_42", "operator": "greater_than", "value": "5"}]},
        "actions": [{"field": "priority", "value": "high"}]}));
    faithful(
        rule,
        scene(
            json!({"fields": {"42": 10}}),
            json!([]),
            "2026-03-02T09:00:00Z",
        ),
        scene(
            json!({"fields": {"42": 3}}),
            json!([]),
            "2026-03-02T09:00:00Z",
        ),
    );
    let is = zendesk(json!({"title": "five", "conditions": {"all": [
        {"field": "custom_fields_42", "operator": "is", "value": "5"}]},
        "actions": [{"field": "priority", "value": "high"}]}));
    faithful(
        is,
        scene(
            json!({"fields": {"42": 5}}),
            json!([]),
            "2026-03-02T09:00:00Z",
        ),
        scene(
            json!({"fields": {"42": 6}}),
            json!([]),
            "2026-03-02T09:00:00Z",
        ),
    );
}
