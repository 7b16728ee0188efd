#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::Timestamp;

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

const T0: &str = "2026-03-02T09:00:00Z";

/// A login flow in Dutch and English: a choice, an e-mail, a yes/no, a
/// branch on an answer and the customer's plan, a sub-flow that returns,
/// a pattern, an FAQ step and two escalations, one resumable.
fn login_json() -> serde_json::Value {
    json!({
        "id": "login", "default_locale": "nl", "locales": ["nl", "en"],
        "nodes": [
            {"id": "hello", "kind": "say", "text": {"nl": "Hoi! Ik help je inloggen.", "en": "Hi! Let me help you log in."}, "next": "where"},
            {"id": "where", "kind": "ask", "text": {"nl": "Waar log je in?", "en": "Where do you log in?"},
             "input": {"type": "choice", "options": [
                {"value": "app", "label": {"nl": "In de app", "en": "In the app"}, "next": "email"},
                {"value": "web", "label": {"nl": "Op de website", "en": "On the website"}, "next": "email"}]}},
            {"id": "email", "kind": "ask", "text": {"nl": "Wat is je e-mailadres?", "en": "What is your e-mail address?"},
             "input": {"type": "email"}, "next": "mail_arrives", "max_retries": 1},
            {"id": "mail_arrives", "kind": "ask", "text": {"nl": "Komt de resetmail aan?", "en": "Does the reset e-mail arrive?"},
             "input": {"type": "yes_no", "yes": "solved", "no": "route"}},
            {"id": "route", "kind": "branch", "cases": [
                {"when": "answer.where is app and customer.plan is business", "next": "vip"},
                {"when": "answer.where is web", "next": "spam"}],
             "otherwise": "describe"},
            {"id": "spam", "kind": "jump", "flow": "spam_check", "then": "describe"},
            {"id": "describe", "kind": "faq", "text": {"nl": "Beschrijf je probleem.", "en": "Describe your problem."},
             "helped": "solved", "not_helped": "order"},
            {"id": "order", "kind": "ask", "text": {"nl": "Wat is je ordernummer?", "en": "What is your order number?"},
             "input": {"type": "pattern", "regex": "\\b[0-9]{5}\\b"}, "next": "mark"},
            {"id": "mark", "kind": "set", "name": "tried_reset", "value": true, "next": "human"},
            {"id": "vip", "kind": "end", "outcome": "escalate", "reason": "business customer cannot log in",
             "group": "vip", "priority": "urgent"},
            {"id": "human", "kind": "end", "outcome": "escalate", "reason": "reset e-mail does not arrive",
             "group": "accounts", "priority": "high", "resume": "after_human",
             "text": {"nl": "Ik geef je door aan een collega.", "en": "I am passing you to a colleague."}},
            {"id": "after_human", "kind": "ask", "text": {"nl": "Kun je nu inloggen?", "en": "Can you log in now?"},
             "input": {"type": "yes_no", "yes": "solved", "no": "gone"}},
            {"id": "gone", "kind": "end", "outcome": "abandoned"},
            {"id": "solved", "kind": "end", "outcome": "resolved", "text": {"nl": "Fijn!", "en": "Great!"}}
        ],
        "subflows": [
            {"id": "spam_check", "nodes": [
                {"id": "look", "kind": "ask", "text": {"nl": "Staat de mail in je spammap?", "en": "Is the e-mail in your spam folder?"},
                 "input": {"type": "yes_no", "yes": "found", "no": "back"}},
                {"id": "found", "kind": "end", "outcome": "resolved"},
                {"id": "back", "kind": "return"}
            ]}
        ]
    })
}

fn login() -> Flow {
    Flow::new(serde_json::from_value(login_json()).unwrap()).unwrap()
}

fn faq_index() -> crate::faq::FaqIndex {
    let entries: Vec<crate::faq::FaqEntry> = serde_json::from_value(json!([
        {"id": "reset", "locales": ["nl"], "question": "Hoe herstel ik mijn wachtwoord?",
         "phrasings": ["wachtwoord vergeten", "wachtwoord herstellen", "resetmail komt niet aan"],
         "answer": "Klik op 'Wachtwoord vergeten' en volg de mail."},
        {"id": "returns", "locales": ["nl"], "question": "Hoe stuur ik iets terug?",
         "phrasings": ["retourneren", "retourlabel"], "answer": "Binnen 30 dagen, gratis."}
    ]))
    .unwrap();
    crate::faq::FaqIndex::new(entries, crate::faq::FaqConfig::default()).unwrap()
}

fn answer(flow: &Flow, step: Step, text: &str) -> Step {
    flows_step(flow, step.state, &Input::answer(text), &FlowContext::new())
}

fn flows_step(flow: &Flow, state: FlowState, input: &Input, ctx: &FlowContext<'_>) -> Step {
    step(flow, state, input, ctx, at(T0)).unwrap()
}

fn texts(step: &Step) -> Vec<&str> {
    step.prompts.iter().map(|p| p.text.as_str()).collect()
}

#[test]
fn a_conversation_that_resolves() {
    let flow = login();
    let s = start(&flow, &FlowContext::new(), at(T0)).unwrap();
    assert_eq!(texts(&s), ["Hoi! Ik help je inloggen.", "Waar log je in?"]);
    let wait = s.wait.clone().unwrap();
    assert_eq!(wait.input, "choice");
    assert_eq!(wait.choices.len(), 2);
    assert_eq!(wait.remind_at, Some(at("2026-03-02T09:15:00Z")));
    assert_eq!(wait.abandon_at, at("2026-03-03T09:00:00Z"));
    let s = answer(&flow, s, "2");
    assert_eq!(texts(&s), ["Wat is je e-mailadres?"]);
    let s = answer(&flow, s, " Anna@Example.NL ");
    let s = answer(&flow, s, "ja hoor");
    assert_eq!(texts(&s), ["Fijn!"]);
    let outcome = s.outcome.clone().unwrap();
    assert_eq!(outcome.outcome, OutcomeKind::Resolved);
    assert_eq!(outcome.at.node, "solved");
    assert!(s.wait.is_none());
    assert_eq!(s.state.answers["where"], "web");
    assert_eq!(s.state.answers["email"], "anna@example.nl");
    assert_eq!(s.state.answers["mail_arrives"], true);
    let path: Vec<(&str, &str)> = s
        .state
        .path
        .iter()
        .map(|p| (p.at.node.as_str(), p.answer.as_str()))
        .collect();
    assert_eq!(
        path,
        [
            ("where", "2"),
            ("email", " Anna@Example.NL "),
            ("mail_arrives", "ja hoor")
        ]
    );
    assert_eq!(s.state.path[0].question, "Waar log je in?");
}

#[test]
fn an_answer_that_does_not_fit_is_asked_again_then_escalated() {
    let flow = login();
    let s = start(&flow, &FlowContext::new(), at(T0)).unwrap();
    let s = answer(&flow, s, "app");
    let s = answer(&flow, s, "geen idee");
    assert_eq!(
        texts(&s),
        ["Sorry, dat begreep ik niet.", "Wat is je e-mailadres?"]
    );
    assert_eq!(s.state.retries, 1);
    assert!(s.outcome.is_none());
    // max_retries is 1: the second miss gives up.
    let s = answer(&flow, s, "nog steeds niet");
    let outcome = s.outcome.unwrap();
    assert_eq!(outcome.outcome, OutcomeKind::Escalate);
    assert_eq!(
        outcome.reason.as_deref(),
        Some("no valid answer to `email`")
    );
    assert_eq!(outcome.at.node, "email");
}

#[test]
fn a_branch_reads_answers_and_the_customer() {
    let flow = login();
    let mut anna = crate::Customer::new("c-anna".parse().unwrap());
    anna.plan = Some("business".into());
    let ctx = FlowContext::new().customer(&anna);
    let s = start(&flow, &ctx, at(T0)).unwrap();
    let s = flows_step(&flow, s.state, &Input::answer("app"), &ctx);
    let s = flows_step(&flow, s.state, &Input::answer("anna@example.nl"), &ctx);
    let s = flows_step(&flow, s.state, &Input::answer("nee"), &ctx);
    let outcome = s.outcome.unwrap();
    assert_eq!(outcome.at.node, "vip");
    assert_eq!(outcome.priority, Some(crate::Priority::Urgent));
    // Without the business plan the branch falls through to the FAQ step.
    let s = start(&flow, &FlowContext::new(), at(T0)).unwrap();
    let s = answer(&flow, s, "app");
    let s = answer(&flow, s, "anna@example.nl");
    let s = answer(&flow, s, "nee");
    assert_eq!(texts(&s), ["Beschrijf je probleem."]);
    assert_eq!(s.wait.unwrap().input, "faq_query");
}

#[test]
fn a_sub_flow_returns_to_then() {
    let flow = login();
    let s = start(&flow, &FlowContext::new(), at(T0)).unwrap();
    let s = answer(&flow, s, "web");
    let s = answer(&flow, s, "anna@example.nl");
    let s = answer(&flow, s, "nee");
    assert_eq!(texts(&s), ["Staat de mail in je spammap?"]);
    assert_eq!(s.state.at.flow.as_deref(), Some("spam_check"));
    assert_eq!(s.state.stack.len(), 1);
    let s = answer(&flow, s, "nee");
    assert_eq!(texts(&s), ["Beschrijf je probleem."]);
    assert!(s.state.stack.is_empty());
    assert_eq!(s.state.at.flow, None);
}

fn at_faq(flow: &Flow) -> Step {
    let s = start(flow, &FlowContext::new(), at(T0)).unwrap();
    let s = answer(flow, s, "app");
    let s = answer(flow, s, "anna@example.nl");
    answer(flow, s, "nee")
}

#[test]
fn the_faq_step_answers_and_asks_whether_it_helped() {
    let flow = login();
    let index = faq_index();
    let ctx = FlowContext::new().faq(&index);
    let s = at_faq(&flow);
    let s = flows_step(
        &flow,
        s.state,
        &Input::answer("ik ben mijn wachtwoord vergeten"),
        &ctx,
    );
    let kinds: Vec<PromptKind> = s.prompts.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [PromptKind::FaqAnswer, PromptKind::AskHelped]);
    assert_eq!(s.prompts[0].article.as_deref(), Some("reset"));
    assert_eq!(s.prompts[1].text, "Heeft dit je geholpen?");
    assert_eq!(s.wait.as_ref().unwrap().input, "faq_helped");
    let s = flows_step(&flow, s.state, &Input::answer("nee"), &ctx);
    assert_eq!(texts(&s), ["Wat is je ordernummer?"]);
    let record = &s.state.faq[0];
    assert_eq!(record.chosen.as_deref(), Some("reset"));
    assert_eq!(record.helped, Some(false));
    // The pattern keeps the order number out of a sentence.
    let s = flows_step(
        &flow,
        s.state,
        &Input::answer("het is bestelling 40213"),
        &ctx,
    );
    assert_eq!(s.state.answers["order"], "40213");
    assert_eq!(s.state.answers["tried_reset"], true);
    assert_eq!(s.outcome.unwrap().group.as_deref(), Some("accounts"));
}

#[test]
fn without_an_index_the_faq_step_goes_on() {
    let flow = login();
    let s = at_faq(&flow);
    let s = answer(&flow, s, "wachtwoord vergeten");
    assert_eq!(texts(&s), ["Wat is je ordernummer?"]);
    assert_eq!(s.state.faq[0].decision, None);
}

#[test]
fn back_restores_the_state_before_the_answer() {
    let flow = login();
    let s = start(&flow, &FlowContext::new(), at(T0)).unwrap();
    let s = answer(&flow, s, "app");
    let before = s.state.clone();
    let s = answer(&flow, s, "anna@example.nl");
    let s = answer(&flow, s, "nee");
    let s = answer(&flow, s, "wachtwoord vergeten");
    let s = answer(&flow, s, "40213");
    assert!(s.outcome.is_some());
    assert_eq!(s.state.answers["tried_reset"], true);
    // Back twice from the end: order number, then the FAQ words.
    let s = flows_step(&flow, s.state, &Input::Back, &FlowContext::new());
    assert_eq!(texts(&s), ["Wat is je ordernummer?"]);
    assert!(!s.state.answers.contains_key("tried_reset"));
    assert!(s.outcome.is_none());
    let s = flows_step(&flow, s.state, &Input::Back, &FlowContext::new());
    let s = flows_step(&flow, s.state, &Input::Back, &FlowContext::new());
    let s = flows_step(&flow, s.state, &Input::Back, &FlowContext::new());
    assert_eq!(texts(&s), ["Wat is je e-mailadres?"]);
    assert_eq!(s.state, before);
}

#[test]
fn restart_keeps_only_the_locale() {
    let flow = login();
    let ctx = FlowContext::new().locale("en-GB");
    let s = start(&flow, &ctx, at(T0)).unwrap();
    assert_eq!(
        texts(&s),
        ["Hi! Let me help you log in.", "Where do you log in?"]
    );
    assert_eq!(s.wait.as_ref().unwrap().choices[0].label, "In the app");
    let s = flows_step(&flow, s.state, &Input::answer("in the app"), &ctx);
    let s = flows_step(&flow, s.state, &Input::Restart, &FlowContext::new());
    assert_eq!(s.state.locale, "en-GB");
    assert!(s.state.answers.is_empty());
    assert!(s.state.undo.is_empty());
    assert_eq!(texts(&s)[1], "Where do you log in?");
}

#[test]
fn the_locale_comes_from_context_customer_message_or_default() {
    let flow = login();
    let first = |ctx: &FlowContext<'_>| start(&flow, ctx, at(T0)).unwrap().state.locale;
    assert_eq!(first(&FlowContext::new()), "nl");
    assert_eq!(
        first(&FlowContext::new().message("my password does not work")),
        "en"
    );
    let mut c = crate::Customer::new("c-1".parse().unwrap());
    c.locale = Some("en-US".parse().unwrap());
    assert_eq!(
        first(
            &FlowContext::new()
                .customer(&c)
                .message("wachtwoord werkt niet")
        ),
        "en-US"
    );
    assert_eq!(
        first(&FlowContext::new().customer(&c).locale("nl-BE")),
        "nl-BE"
    );
}

#[test]
fn ticks_remind_once_then_abandon() {
    let flow = login();
    let s = start(&flow, &FlowContext::new(), at(T0)).unwrap();
    let tick = |state: FlowState, when: &str| {
        step(&flow, state, &Input::Tick, &FlowContext::new(), at(when)).unwrap()
    };
    let s = tick(s.state, "2026-03-02T09:10:00Z");
    assert!(s.prompts.is_empty());
    let s = tick(s.state, "2026-03-02T09:15:00Z");
    assert_eq!(texts(&s), ["Ben je er nog?", "Waar log je in?"]);
    assert_eq!(s.wait.as_ref().unwrap().remind_at, None);
    let s = tick(s.state, "2026-03-02T12:00:00Z");
    assert!(s.prompts.is_empty());
    let s = tick(s.state, "2026-03-03T09:00:00Z");
    let outcome = s.outcome.clone().unwrap();
    assert_eq!(outcome.outcome, OutcomeKind::Abandoned);
    assert_eq!(outcome.at.node, "where");
    // Ended: a tick does nothing and reports no outcome again; an answer
    // is refused.
    let s = tick(s.state, "2026-03-05T09:00:00Z");
    assert!(s.prompts.is_empty());
    assert!(s.outcome.is_none());
    assert!(s.state.ended());
    let err = step(
        &flow,
        s.state,
        &Input::answer("app"),
        &FlowContext::new(),
        at(T0),
    )
    .unwrap_err();
    assert_eq!(err.code(), "flow.ended");
}

#[test]
fn resume_goes_on_after_a_person_handled_it() {
    let flow = login();
    let s = at_faq(&flow);
    let s = answer(&flow, s, "wachtwoord");
    let s = answer(&flow, s, "40213");
    assert_eq!(s.outcome.as_ref().unwrap().at.node, "human");
    let resume = Input::Resume {
        node: None,
        answers: [("email".to_owned(), json!("anna@shop.nl"))].into(),
    };
    let s2 = flows_step(&flow, s.state.clone(), &resume, &FlowContext::new());
    assert_eq!(texts(&s2), ["Kun je nu inloggen?"]);
    assert_eq!(s2.state.answers["email"], "anna@shop.nl");
    assert!(s2.outcome.is_none());
    // A name the flow does not know is refused, not stored.
    let unknown = Input::Resume {
        node: Some("order".into()),
        answers: [("shoe_size".to_owned(), json!(42))].into(),
    };
    let err = step(
        &flow,
        s.state.clone(),
        &unknown,
        &FlowContext::new(),
        at(T0),
    )
    .unwrap_err();
    assert_eq!(err.code(), "flow.invalid_input");
    assert!(err.to_string().contains("shoe_size"), "{err}");
    // Resume only follows an escalation.
    let fresh = start(&flow, &FlowContext::new(), at(T0)).unwrap();
    let err = step(
        &flow,
        fresh.state,
        &Input::Resume {
            node: None,
            answers: Default::default(),
        },
        &FlowContext::new(),
        at(T0),
    )
    .unwrap_err();
    assert_eq!(err.code(), "flow.invalid_input");
}

#[test]
fn inputs_of_each_type() {
    let flow = Flow::new(
        serde_json::from_value(json!({
            "id": "types", "default_locale": "en",
            "nodes": [
                {"id": "n", "kind": "ask", "text": {"en": "How many?"},
                 "input": {"type": "number", "min": 1, "max": 10, "integer": true}, "next": "p"},
                {"id": "p", "kind": "ask", "text": {"en": "Phone?"}, "input": {"type": "phone"}, "next": "t"},
                {"id": "t", "kind": "ask", "text": {"en": "Anything else?"},
                 "input": {"type": "text", "max_bytes": 10}, "next": "end", "max_retries": 5},
                {"id": "end", "kind": "end", "outcome": "resolved"}
            ]
        }))
        .unwrap(),
    )
    .unwrap();
    let s = start(&flow, &FlowContext::new(), at(T0)).unwrap();
    let s = answer(&flow, s, "11");
    assert_eq!(s.state.retries, 1);
    let s = answer(&flow, s, "2,5");
    assert_eq!(s.state.retries, 2);
    let s = answer(&flow, s, "3");
    assert_eq!(s.state.answers["n"], 3);
    let s = answer(&flow, s, "+31 6 1234 5678");
    assert_eq!(s.state.answers["p"], "+31612345678");
    let s = answer(&flow, s, "far too long a text");
    assert_eq!(s.state.retries, 1);
    let s = answer(&flow, s, "no");
    assert_eq!(s.state.answers["t"], "no");
    assert!(s.outcome.is_some());
}

#[test]
fn a_state_passed_back_is_checked() {
    let flow = login();
    let s = start(&flow, &FlowContext::new(), at(T0)).unwrap();
    let mut bad = s.state.clone();
    bad.at.node = "nowhere".into();
    let err = step(
        &flow,
        bad,
        &Input::answer("app"),
        &FlowContext::new(),
        at(T0),
    )
    .unwrap_err();
    assert_eq!(err.code(), "flow.invalid_state");
    let mut bad = s.state.clone();
    bad.flow = "other".into();
    assert!(step(&flow, bad, &Input::Tick, &FlowContext::new(), at(T0)).is_err());
    let mut bad = s.state.clone();
    bad.at.node = "hello".into(); // a `say` cannot wait
    assert!(step(&flow, bad, &Input::Tick, &FlowContext::new(), at(T0)).is_err());
    let err = step(
        &flow,
        s.state,
        &Input::answer("x".repeat(5000)),
        &FlowContext::new(),
        at(T0),
    )
    .unwrap_err();
    assert_eq!(err.code(), "flow.invalid_input");
}

/// Builds `login` with one change and returns the error code.
fn broken(change: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut spec = login_json();
    change(&mut spec);
    let spec: FlowSpec = match serde_json::from_value(spec) {
        Ok(s) => s,
        Err(e) => return format!("serde: {e}"),
    };
    match Flow::new(spec) {
        Ok(_) => "ok".to_owned(),
        Err(e) => format!("{}: {e}", e.code()),
    }
}

#[test]
fn checking_names_what_is_wrong() {
    let code = |change: fn(&mut serde_json::Value)| {
        let c = broken(change);
        eprintln!("{c}");
        c
    };
    assert_eq!(code(|_| {}), "ok");
    assert!(
        code(|s| s["nodes"][2]["id"] = json!("where"))
            .starts_with("flow.duplicate_node: flow `login`: id `where`")
    );
    assert!(
        code(|s| s["nodes"][0]["next"] = json!("nope"))
            .starts_with("flow.missing_target: flow `login`, node `hello`: no node `nope`")
    );
    // `gone` is reached only from `after_human`; cut that edge.
    assert!(
        code(|s| s["nodes"][11]["input"]["no"] = json!("solved"))
            .starts_with("flow.unreachable_node: flow `login`, node `gone`")
    );
    assert!(code(|s| {
        s["nodes"][4]["cases"][1]["next"] = json!("again");
        s["nodes"].as_array_mut().unwrap().push(
            json!({"id": "again", "kind": "branch", "cases": [{"when": "answer.where is web", "next": "spam"}],
                   "otherwise": "route"}),
        );
    })
    .starts_with("flow.endless_loop: flow `login`, node `route`"));
    assert!(
        code(
            |s| s["nodes"][12] = json!({"id": "gone", "kind": "ask", "text": {"nl": "?", "en": "?"},
        "input": {"type": "text"}, "next": "gone"})
        )
        .starts_with("flow.no_end: flow `login`, node `gone`")
    );
    assert!(
        code(|s| s["nodes"][0]["text"] = json!({"nl": "Hoi"}))
            .starts_with("flow.missing_locale: flow `login`, node `hello`: no text for locale en")
    );
    assert!(
        code(|s| s["nodes"][1]["next"] = json!("email"))
            .starts_with("flow.invalid_node: flow `login`, node `where`")
    );
    assert!(
        code(|s| s["nodes"][4]["cases"][0]["when"] = json!("answer.where frobs app"))
            .starts_with("serde")
    );
    assert!(
        code(|s| s["nodes"][4]["cases"][0]["when"] = json!("nonsense_field is 1"))
            .starts_with("serde")
    );
    assert!(
        code(|s| s["nodes"][4]["cases"][0]["when"] =
            json!({"field": "answer.where", "op": "matches", "value": "("}))
        .starts_with("flow.invalid_condition: flow `login`, node `route`")
    );
    assert!(
        code(|s| s["subflows"][0]["nodes"][2] =
            json!({"id": "back", "kind": "jump", "flow": "spam_check", "then": "found"}))
        .starts_with("flow.invalid_jump")
    );
    assert!(
        code(|s| s["nodes"][5] = json!({"id": "spam", "kind": "jump", "flow": "spam_check"}))
            .starts_with("flow.invalid_jump: flow `login`, node `spam`: this sub-flow returns")
    );
    assert!(
        code(|s| s["nodes"][12] = json!({"id": "gone", "kind": "return"}))
            .starts_with("flow.invalid_jump")
    );
    assert!(code(|s| s["nodes"][9]["reason"] = json!(null)).starts_with("flow.invalid_node"));
    assert!(code(|s| s["nodes"][13]["group"] = json!("x")).starts_with("flow.invalid_node"));
    assert!(
        code(|s| s["nodes"][7]["input"]["regex"] = json!("([0-9]"))
            .starts_with("flow.invalid_node")
    );
    assert!(code(|s| s["nodes"][0]["id"] = json!("")).starts_with("flow.invalid_id"));
    assert!(code(|s| s["nodes"][0]["colour"] = json!("red")).starts_with("serde"));
    assert!(code(|s| s["locales"] = json!(["nl", "de"])).starts_with("flow.missing_locale"));
}

#[test]
fn caps_are_checked() {
    let many: Vec<serde_json::Value> = (0..=MAX_NODES)
        .map(|i| json!({"id": format!("n{i}"), "kind": "end", "outcome": "resolved"}))
        .collect();
    let spec: FlowSpec =
        serde_json::from_value(json!({"id": "big", "default_locale": "en", "nodes": many}))
            .unwrap();
    assert_eq!(Flow::new(spec).unwrap_err().code(), "flow.too_large");
}

#[test]
fn rules_and_sla_refuse_answers() {
    use crate::rules::{On, RuleKind, RuleSet, RuleSetSpec, RuleSpec};
    let mut spec = RuleSetSpec::default();
    spec.rules.push(
        RuleSpec::new("r", RuleKind::Trigger(vec![On::CustomerMessage]))
            .when("answer.where is app".parse().unwrap()),
    );
    let err = RuleSet::new(&spec).unwrap_err();
    assert_eq!(err.code(), "rules.bad_condition");
    assert!(err.to_string().contains("answer.where"), "{err}");
}

#[test]
fn a_stored_state_goes_on_the_same() {
    let flow = login();
    let s = start(&flow, &FlowContext::new(), at(T0)).unwrap();
    let s = answer(&flow, s, "web");
    let json = serde_json::to_string(&s.state).unwrap();
    let back: FlowState = serde_json::from_str(&json).unwrap();
    assert_eq!(back, s.state);
    let a = answer(&flow, s, "anna@example.nl");
    let b = flows_step(
        &flow,
        back,
        &Input::answer("anna@example.nl"),
        &FlowContext::new(),
    );
    assert_eq!(a, b);
}

fn input_strategy() -> impl Strategy<Value = Input> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "app", "web", "1", "2", "3", "ja", "nee", "yes", "no", "anna@example.nl", "niet",
            "40213", "wachtwoord vergeten", "geen van deze", "none", "", "🙂", "x@y",
        ])
        .prop_map(Input::answer),
        1 => Just(Input::Back),
        1 => Just(Input::Restart),
        1 => Just(Input::Tick),
        1 => Just(Input::Resume { node: None, answers: Default::default() }),
        1 => Just(Input::Resume { node: Some("order".into()), answers: [("tried_reset".to_owned(), json!(false))].into() }),
        1 => Just(Input::Resume { node: Some("describe".into()), answers: [("order".to_owned(), json!(null))].into() }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any inputs: no panic; each step waits or has ended; `back` right
    /// after a taken answer restores the state before it; a state stored
    /// and read back steps the same.
    #[test]
    fn any_inputs_keep_the_flow_sound(inputs in prop::collection::vec((input_strategy(), 0i64..4000), 1..40)) {
        let flow = login();
        let index = faq_index();
        let ctx = FlowContext::new().faq(&index);
        let mut now = at(T0);
        let mut state = start(&flow, &ctx, now).unwrap().state;
        for (input, wait) in inputs {
            now = now.checked_add_seconds(wait * 30).unwrap();
            let json: FlowState = serde_json::from_str(&serde_json::to_string(&state).unwrap()).unwrap();
            prop_assert_eq!(&json, &state);
            let result = step(&flow, state.clone(), &input, &ctx, now);
            let again = step(&flow, json, &input, &ctx, now);
            prop_assert_eq!(&result, &again);
            let next = match result {
                Ok(s) => s,
                Err(e) => {
                    prop_assert!(["flow.ended", "flow.invalid_input"].contains(&e.code()), "{e}");
                    continue;
                }
            };
            prop_assert_eq!(next.wait.is_none(), next.state.ended());
            // The outcome comes once, on the step that ends the flow.
            prop_assert_eq!(next.outcome.is_some(), next.state.ended() && !state.ended());
            let took = next.state.undo.len() > state.undo.len()
                || (next.state.undo.len() == MAX_UNDO && next.state.undo != state.undo);
            if took && matches!(input, Input::Answer { .. }) {
                let undone = step(&flow, next.state.clone(), &Input::Back, &ctx, now).unwrap().state;
                let mut expected = state.clone();
                expected.since = now;
                expected.reminded = false;
                prop_assert_eq!(undone, expected);
            }
            state = next.state;
        }
    }
}

#[test]
fn a_null_answer_survives_a_stored_state_and_back() {
    let flow = login();
    let s = at_faq(&flow);
    let s = answer(&flow, s, "wachtwoord");
    let s = answer(&flow, s, "40213");
    let resume = Input::Resume {
        node: Some("order".into()),
        answers: [("tried_reset".to_owned(), json!(null))].into(),
    };
    let s = flows_step(&flow, s.state, &resume, &FlowContext::new());
    assert!(
        s.state.undo.is_empty(),
        "back does not reach behind a hand-over"
    );
    assert_eq!(s.state.answers["tried_reset"], json!(null));
    let s = answer(&flow, s, "12345");
    let stored: FlowState =
        serde_json::from_str(&serde_json::to_string(&s.state).unwrap()).unwrap();
    let undone = flows_step(&flow, stored, &Input::Back, &FlowContext::new());
    assert_eq!(undone.state.answers.get("tried_reset"), Some(&json!(null)));
}

#[test]
fn a_blank_faq_query_is_asked_again() {
    let flow = login();
    let s = at_faq(&flow);
    let s = answer(&flow, s, "   ");
    assert_eq!(
        texts(&s),
        ["Sorry, dat begreep ik niet.", "Beschrijf je probleem."]
    );
}

#[test]
fn suggestions_are_picked_then_asked_about_with_fresh_retries() {
    let mut spec = login_json();
    spec["nodes"][6]["text"] = json!({"nl": "Waar gaat het over?", "en": "What is it about?"});
    let flow = Flow::new(serde_json::from_value(spec).unwrap()).unwrap();
    let index = faq_index();
    let ctx = FlowContext::new().faq(&index);
    let s = at_faq(&flow);
    // A vague query ("hoe": how): the index suggests instead of answering.
    let s = flows_step(&flow, s.state, &Input::answer("hoe"), &ctx);
    assert_eq!(s.wait.as_ref().unwrap().input, "faq_pick");
    let values: Vec<&str> = s
        .wait
        .as_ref()
        .unwrap()
        .choices
        .iter()
        .map(|c| c.value.as_str())
        .collect();
    assert_eq!(values, ["returns", "reset", "none"]);
    assert_eq!(s.prompts[0].text, "Bedoel je een van deze?");
    let s = flows_step(&flow, s.state, &Input::answer("huh"), &ctx);
    let s = flows_step(&flow, s.state, &Input::answer("huh"), &ctx);
    assert_eq!(s.state.retries, 2);
    // A quiet tick keeps the options on offer.
    let s = step(&flow, s.state, &Input::Tick, &ctx, at(T0)).unwrap();
    assert_eq!(s.wait.as_ref().unwrap().choices.len(), 3);
    let s = flows_step(&flow, s.state, &Input::answer("2"), &ctx);
    assert_eq!(s.state.retries, 0);
    assert_eq!(s.prompts[0].article.as_deref(), Some("reset"));
    assert_eq!(s.wait.unwrap().input, "faq_helped");
}

#[test]
fn the_default_locale_serves_by_its_language() {
    let mut spec = login_json();
    spec["default_locale"] = json!("nl-BE");
    spec["locales"] = json!(["nl-BE", "en"]);
    let flow = Flow::new(serde_json::from_value(spec).unwrap()).unwrap();
    let s = start(&flow, &FlowContext::new().locale("fr"), at(T0)).unwrap();
    assert_eq!(texts(&s)[1], "Waar log je in?");
}

#[test]
fn a_stale_state_restarts() {
    let flow = login();
    let s = start(&flow, &FlowContext::new(), at(T0)).unwrap();
    let mut stale = s.state;
    stale.at.node = "a_node_since_removed".into();
    let s = flows_step(&flow, stale, &Input::Restart, &FlowContext::new());
    assert_eq!(s.state.at.node, "where");
}

fn flow_of(value: serde_json::Value) -> Result<Flow, FlowError> {
    Flow::new(serde_json::from_value(value).unwrap())
}

#[test]
fn a_flow_that_cannot_end_is_refused() {
    // The sub-flow returns, but nothing ever ends.
    let err = flow_of(json!({"id": "f", "default_locale": "en", "nodes": [
        {"id": "c", "kind": "jump", "flow": "a", "then": "c"}],
        "subflows": [{"id": "a", "nodes": [
            {"id": "q", "kind": "ask", "text": {"en": "?"}, "input": {"type": "text"}, "next": "r"},
            {"id": "r", "kind": "return"}]}]}))
    .unwrap_err();
    assert_eq!(err.code(), "flow.no_end", "{err}");
    // A `then` behind a sub-flow that never returns is unreachable.
    let err = flow_of(json!({"id": "f", "default_locale": "en", "nodes": [
        {"id": "c", "kind": "jump", "flow": "a", "then": "after"},
        {"id": "after", "kind": "end", "outcome": "resolved"}],
        "subflows": [{"id": "a", "nodes": [{"id": "e", "kind": "end", "outcome": "resolved"}]}]}))
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "flow `f`, node `after`: no path from the start reaches it"
    );
}

#[test]
fn an_faq_question_in_a_loop_waits_so_is_no_endless_loop() {
    let flow = flow_of(json!({"id": "f", "default_locale": "en", "nodes": [
        {"id": "q", "kind": "faq", "text": {"en": "Ask me"}, "helped": "done", "not_helped": "sorry"},
        {"id": "sorry", "kind": "say", "text": {"en": "Try other words."}, "next": "q"},
        {"id": "done", "kind": "end", "outcome": "resolved"}]}));
    assert!(flow.is_ok(), "{flow:?}");
}

#[test]
fn a_step_that_could_run_too_long_is_refused_at_build() {
    let mut sub: Vec<serde_json::Value> = (0..999)
        .map(|i| json!({"id": format!("s{i}"), "kind": "say", "text": {"en": "."}, "next": format!("s{}", i + 1)}))
        .collect();
    sub.push(json!({"id": "s999", "kind": "return"}));
    let mut main: Vec<serde_json::Value> = (0..120)
        .map(|i| json!({"id": format!("c{i}"), "kind": "jump", "flow": "long", "then": format!("c{}", i + 1)}))
        .collect();
    main.push(json!({"id": "c120", "kind": "end", "outcome": "resolved"}));
    let err = flow_of(json!({"id": "f", "default_locale": "en", "nodes": main,
        "subflows": [{"id": "long", "nodes": sub}]}))
    .unwrap_err();
    assert_eq!(err.code(), "flow.too_large", "{err}");
}

#[test]
fn sub_flow_ids_stay_whole() {
    let flow = flow_of(json!({"id": "a/b", "default_locale": "en", "nodes": [
        {"id": "c", "kind": "jump", "flow": "s", "then": "e"},
        {"id": "e", "kind": "end", "outcome": "resolved"}],
        "subflows": [{"id": "s", "nodes": [
            {"id": "q", "kind": "ask", "text": {"en": "?"}, "input": {"type": "text"}, "next": "r"},
            {"id": "r", "kind": "return"}]}]}))
    .unwrap();
    let s = start(&flow, &FlowContext::new(), at(T0)).unwrap();
    assert_eq!(s.state.at.flow.as_deref(), Some("s"));
}
