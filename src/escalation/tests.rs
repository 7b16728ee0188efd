#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use serde_json::json;

use super::*;
use crate::flows::{self, Flow, FlowContext, Input};

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn ticket(id: &str, channel: &str, subject: &str, created: &str) -> Ticket {
    let events: Vec<crate::Event> = serde_json::from_value(json!([
        {"at": created, "type": "created", "subject": subject, "requester": "c-anna", "channel": channel},
        {"at": created, "type": "message", "author": "customer", "body": subject}
    ]))
    .unwrap();
    Ticket::from_events(id.parse().unwrap(), events).unwrap()
}

/// A customer who could not log in, through a flow that escalates.
fn escalated_flow(now: Timestamp) -> FlowState {
    let flow = Flow::new(
        serde_json::from_value(json!({
            "id": "login", "default_locale": "nl",
            "nodes": [
                {"id": "waar", "kind": "ask", "text": {"nl": "Waar log je in?"},
                 "input": {"type": "choice", "options": [
                    {"value": "app", "label": {"nl": "In de app"}, "next": "mail"}]}},
                {"id": "mail", "kind": "ask", "text": {"nl": "Komt de resetmail aan?"},
                 "input": {"type": "yes_no", "yes": "ok", "no": "mens"}},
                {"id": "ok", "kind": "end", "outcome": "resolved"},
                {"id": "mens", "kind": "end", "outcome": "escalate", "reason": "resetmail komt niet aan",
                 "group": "accounts", "priority": "high"}
            ]
        }))
        .unwrap(),
    )
    .unwrap();
    let ctx = FlowContext::new();
    let s = flows::start(&flow, &ctx, now).unwrap();
    let s = flows::step(&flow, s.state, &Input::answer("in de app"), &ctx, now).unwrap();
    flows::step(&flow, s.state, &Input::answer("nee"), &ctx, now)
        .unwrap()
        .state
}

fn anna() -> Customer {
    let mut c = Customer::new("c-anna".parse().unwrap());
    c.name = Some("Anna de Vries".into());
    c.locale = Some("nl-NL".parse().unwrap());
    c.plan = Some("plus".into());
    c.time_zone = Some("Europe/Amsterdam".parse().unwrap());
    c.identities
        .insert(crate::customer::Identity::email("anna@example.nl").unwrap());
    c
}

#[test]
fn everything_the_agent_needs_in_one_place() {
    let now = at("2026-11-23T09:00:00Z"); // Monday 10:00 in Amsterdam
    let triager = crate::triage::Triager::new(crate::triage::TriageConfig::default()).unwrap();
    let message = crate::triage::Message::new(
        "Voor de derde keer: ik kan niet inloggen en moet vandaag nog betalen!",
    );
    let triage = triager
        .analyze(&message, &crate::triage::TriageContext::default(), now)
        .unwrap();
    let current = ticket("T-3", "chat", "Kan niet inloggen", "2026-11-23T08:55:00Z");
    let mut input = EscalationInput::new();
    input.customer = Some(anna());
    input.ticket = Some(current.clone());
    input.history = vec![
        current,
        ticket(
            "T-1",
            "email",
            "Wachtwoord vergeten",
            "2026-11-20T10:00:00Z",
        ),
        ticket(
            "T-2",
            "whatsapp",
            "Inloggen lukt niet",
            "2026-11-22T10:00:00Z",
        ),
        ticket("T-0", "email", "Oude vraag", "2026-01-05T10:00:00Z"),
    ];
    input.flow = Some(escalated_flow(now));
    let triaged = triage.priority.priority;
    input.triage = Some(triage);
    input
        .skills
        .insert("accounts".into(), SkillLevel::new(2).unwrap());
    input.agent_locale = Some("nl".into());
    let e = summarize(&input, now).unwrap();
    assert_eq!(e.reason.as_deref(), Some("resetmail komt niet aan"));
    assert_eq!(e.group.as_deref(), Some("accounts"));
    assert_eq!(
        e.priority,
        triaged.max(Priority::High),
        "the highest of the flow's and triage's"
    );
    assert_eq!(e.path.len(), 2);
    let history: Vec<&str> = e.history.iter().map(|h| h.ticket.as_str()).collect();
    assert_eq!(
        history,
        ["T-2", "T-1", "T-0"],
        "newest first, the current ticket left out"
    );
    let tone = e.tone.clone().unwrap();
    assert!(tone.angry);
    assert!(
        tone.cues.iter().any(|c| c.contains("derde keer")),
        "{:?}",
        tone.cues
    );
    assert!(e.summary.starts_with(
        "Anna de Vries (NL, plus-abonnement): resetmail komt niet aan. \
         Gevraagd: “Waar log je in?” in de app; “Komt de resetmail aan?” nee. Toon negatief, boos, urgentie hoog"
    ), "{}", e.summary);
    assert!(
        e.summary
            .ends_with("Eerder contact: T-2, T-1 (whatsapp, email)."),
        "{}",
        e.summary
    );
    let item = e.routing.clone().unwrap();
    assert_eq!(item.ticket.as_str(), "T-3");
    assert_eq!(item.priority, e.priority);
    assert_eq!(item.language.as_ref().map(|l| l.as_str()), Some("nl-NL"));
    assert_eq!(item.group.as_ref().map(|g| g.as_str()), Some("accounts"));
    assert!(item.required_skills.contains_key("accounts"));
    assert!(item.check().is_ok());
}

#[test]
fn the_reply_due_and_english() {
    use crate::sla::{PolicySet, PolicySetSpec, evaluate};
    let spec: PolicySetSpec = serde_json::from_value(json!({"policies": [
        {"name": "Chat", "targets": {"first_reply_time": {"normal": "2h"}}}]}))
    .unwrap();
    let set = PolicySet::new(&spec).unwrap();
    let t = ticket("T-9", "chat", "Refund", "2026-11-23T08:00:00Z");
    let now = at("2026-11-23T09:00:00Z");
    let mut input = EscalationInput::new();
    input.sla = Some(evaluate(&set, &t, None, now));
    input.ticket = Some(t);
    input.customer = Some(anna());
    input.reason = Some("refund over the limit".into());
    let e = summarize(&input, now).unwrap();
    assert_eq!(
        e.summary,
        "Anna de Vries (NL, plus plan): refund over the limit. Reply due today at 11:00."
    );
    assert_eq!(
        e.routing.unwrap().sla_due_at,
        Some(at("2026-11-23T10:00:00Z"))
    );
    let later = at("2026-11-23T12:00:00Z");
    input.sla = Some(evaluate(&set, input.ticket.as_ref().unwrap(), None, later));
    let e = summarize(&input, later).unwrap();
    assert!(
        e.summary.ends_with("Reply overdue since today at 11:00."),
        "{}",
        e.summary
    );
}

#[test]
fn little_known_says_little_and_caps_hold() {
    let e = summarize(&EscalationInput::new(), at("2026-11-23T09:00:00Z")).unwrap();
    assert_eq!(e.summary, "Customer.");
    assert!(e.routing.is_none());
    let mut input = EscalationInput::new();
    input.history = (0..=MAX_HISTORY)
        .map(|i| ticket(&format!("T-{i}"), "email", "x", "2026-11-20T10:00:00Z"))
        .collect();
    let err = summarize(&input, at("2026-11-23T09:00:00Z")).unwrap_err();
    assert_eq!(err.code(), "escalation.too_large");
}
