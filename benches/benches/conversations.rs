//! Conversations: one step of a guided flow of 50 nodes (an answer that
//! runs through a `say`, a `branch` and a `set` to the next question), a
//! `back`, and checking the flow. Target (issue 18): a median of at most
//! 5 µs per step on a 50-node flow.
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

criterion_group!(benches, bench);
criterion_main!(benches);
