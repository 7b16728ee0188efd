//! Conversations: one step of a guided flow of 50 nodes (an answer that
//! runs through a `say`, a `branch` and a `set` to the next question), a
//! `back`, and checking the flow; rendering a 1 KiB macro and an
//! acknowledgement. Targets (issue 18): a median of at most 5 µs per step
//! on a 50-node flow and per render of a 1 KiB macro.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "benchmark set-up")]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use frontline::Timestamp;
use frontline::flows::{self, Flow, FlowContext, FlowSpec, Input};
use serde_json::{Value, json};

/// Ten rounds of five nodes: a question with three options, a `say`, a
/// `branch` on the answer, a `set`, and a second `say`; then an end.
fn fifty_nodes() -> FlowSpec {
    let mut nodes: Vec<Value> = Vec::new();
    for r in 0..10 {
        let next = if r == 9 {
            "done".to_owned()
        } else {
            format!("q{}", r + 1)
        };
        nodes.push(json!({"id": format!("q{r}"), "kind": "ask",
            "text": {"nl": format!("Vraag {r}: welke situatie past?"), "en": format!("Question {r}: which fits?")},
            "input": {"type": "choice", "options": [
                {"value": "a", "label": {"nl": "Situatie A", "en": "Case A"}, "next": format!("s{r}")},
                {"value": "b", "label": {"nl": "Situatie B", "en": "Case B"}, "next": format!("s{r}")},
                {"value": "c", "label": {"nl": "Situatie C", "en": "Case C"}, "next": format!("s{r}")}]}}));
        nodes.push(json!({"id": format!("s{r}"), "kind": "say",
            "text": {"nl": "Dank je, ik kijk even mee.", "en": "Thanks, let me look."}, "next": format!("b{r}")}));
        nodes.push(json!({"id": format!("b{r}"), "kind": "branch", "cases": [
            {"when": format!("answer.q{r} is c and customer.plan is business"), "next": "human"},
            {"when": format!("answer.q{r} in [a, b]"), "next": format!("m{r}")}],
            "otherwise": format!("m{r}")}));
        nodes.push(
            json!({"id": format!("m{r}"), "kind": "set", "name": format!("seen{r}"), "value": true,
            "next": format!("t{r}")}),
        );
        nodes.push(json!({"id": format!("t{r}"), "kind": "say",
            "text": {"nl": "Nog één vraag.", "en": "One more question."}, "next": next}));
    }
    nodes.push(json!({"id": "done", "kind": "end", "outcome": "resolved"}));
    nodes.push(
        json!({"id": "human", "kind": "end", "outcome": "escalate", "reason": "business case C"}),
    );
    serde_json::from_value(
        json!({"id": "bench", "default_locale": "nl", "locales": ["nl", "en"], "nodes": nodes}),
    )
    .unwrap()
}

fn bench(c: &mut Criterion) {
    let spec = fifty_nodes();
    let flow = Flow::new(spec.clone()).unwrap();
    assert_eq!(flow.len(), 52);
    let now = Timestamp::parse("2026-03-02T09:00:00Z").unwrap();
    let ctx = FlowContext::new();
    // The state waiting at the fifth question, four answers in.
    let mut state = flows::start(&flow, &ctx, now).unwrap().state;
    for _ in 0..4 {
        state = flows::step(&flow, state, &Input::answer("b"), &ctx, now)
            .unwrap()
            .state;
    }
    assert_eq!(state.at.node, "q4");
    let answer = Input::answer("Situatie B");
    let after = flows::step(&flow, state.clone(), &answer, &ctx, now).unwrap();
    assert_eq!(after.state.at.node, "q5");
    assert_eq!(after.prompts.len(), 3);
    let mut group = c.benchmark_group("flows");
    group.bench_function("step/answer_50_nodes", |b| {
        b.iter_batched(
            || state.clone(),
            |s| flows::step(&flow, s, black_box(&answer), &ctx, now).unwrap(),
            criterion::BatchSize::SmallInput,
        )
    });
    group.bench_function("step/back_50_nodes", |b| {
        b.iter_batched(
            || after.state.clone(),
            |s| flows::step(&flow, s, black_box(&Input::Back), &ctx, now).unwrap(),
            criterion::BatchSize::SmallInput,
        )
    });
    group.bench_function("build/50_nodes", |b| {
        b.iter_batched(
            || spec.clone(),
            |s| Flow::new(black_box(s)).unwrap(),
            criterion::BatchSize::SmallInput,
        )
    });
    group.finish();
}

/// A macro of about 1 KiB as desks write them: a greeting, a branch on the
/// status, a loop over the tags, times and a signature.
const MACRO: &str = "Hoi {{ ticket.requester.first_name | default: \"daar\" }},\n\n\
Bedankt voor je bericht over \"{{ ticket.title }}\" (ticket {{ ticket.id }}). \
{% if ticket.status == \"new\" %}We hebben je vraag goed ontvangen en een collega gaat ermee aan de slag.\
{% elsif ticket.status == \"pending\" %}We wachten nog op een reactie van jou; laat je het ons weten?\
{% else %}We zijn met je vraag bezig en houden je op de hoogte.{% endif %}\n\n\
{% if reply_by %}Je hoort uiterlijk {{ reply_by }} van ons.{% else %}Je hoort zo snel mogelijk van ons.{% endif %} \
Onze openingstijden zijn {{ business_hours }}.\n\n\
Je vraag gaat over: {% for tag in ticket.tags %}{{ tag | capitalize }}{% unless forloop.last %}, {% endunless %}{% endfor %}.\n\n\
{% case ticket.via %}{% when \"email\" %}Je kunt gewoon op deze mail antwoorden.\
{% when \"chat\" %}Je kunt de chat weer openen via onze website.{% else %}Je kunt ons altijd bellen.{% endcase %} \
Je vraag volgen kan via {{ ticket.url | default: \"onze website\" }}.\n\n\
Met vriendelijke groet,\n{{ current_user.name | default: \"Klantenservice\" }}\n\
{{ current_user.signature }}";

fn bench_reply(c: &mut Criterion) {
    use frontline::reply::{Person, ReplyData, Template, acknowledge};
    use frontline::{BusinessCalendar, CalendarSpec, Customer, Ticket};
    assert!((900..=1300).contains(&MACRO.len()), "{} bytes", MACRO.len());
    let template = Template::new(MACRO).unwrap();
    let events: Vec<frontline::Event> = serde_json::from_value(json!([
        {"at": "2026-11-23T08:00:00Z", "type": "created", "subject": "Kan niet inloggen",
         "requester": "c-anna", "channel": "email", "tags": ["login", "app", "wachtwoord"]},
        {"at": "2026-11-23T08:00:00Z", "type": "message", "author": "customer", "body": "Mijn wachtwoord werkt niet."}
    ]))
    .unwrap();
    let mut data = ReplyData::new();
    data.ticket = Some(Ticket::from_events("T-1001".parse().unwrap(), events).unwrap());
    let mut anna = Customer::new("c-anna".parse().unwrap());
    anna.name = Some("Anna de Vries".into());
    anna.locale = Some("nl-NL".parse().unwrap());
    anna.time_zone = Some("Europe/Amsterdam".parse().unwrap());
    data.customer = Some(anna);
    data.current_user = Some(Person::named("Sanne de Boer"));
    data.reply_by = Some(Timestamp::parse("2026-11-24T09:00:00Z").unwrap());
    let spec: CalendarSpec = serde_json::from_value(json!({"time_zone": "Europe/Amsterdam",
        "hours": {"mon": [["09:00", "17:00"]], "tue": [["09:00", "17:00"]], "wed": [["09:00", "17:00"]],
                  "thu": [["09:00", "17:00"]], "fri": [["09:00", "17:00"]]}}))
    .unwrap();
    let office = BusinessCalendar::new(&spec).unwrap();
    let now = Timestamp::parse("2026-11-23T09:00:00Z").unwrap();
    let out = template.render(&data, None, now).unwrap();
    assert!(out.contains("uiterlijk morgen om 10:00"), "{out}");
    let mut group = c.benchmark_group("reply");
    group.bench_function("render/1kib_macro", |b| {
        b.iter(|| template.render(black_box(&data), None, now).unwrap())
    });
    group.bench_function("render/1kib_macro_with_hours", |b| {
        b.iter(|| {
            template
                .render(black_box(&data), Some(&office), now)
                .unwrap()
        })
    });
    group.bench_function("build/1kib_macro", |b| {
        b.iter(|| Template::new(black_box(MACRO)).unwrap())
    });
    group.bench_function("acknowledge/nl", |b| {
        b.iter(|| acknowledge(black_box(&data), None, Some(&office), None, now).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench, bench_reply);
criterion_main!(benches);
