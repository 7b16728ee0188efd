//! Routing: one decision over 1,000 agents, and backlogs up to the caps
//! (100,000 agents; 1,000,000 items).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "benchmark set-up"
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use frontline::routing::{
    Agent, Roster, RoutingPolicy, RoutingPolicySpec, WorkItem, assign_backlog, route,
};
use serde_json::json;

const SKILLS: [&str; 8] = [
    "billing", "returns", "delivery", "account", "privacy", "payments", "b2b", "tech",
];
const LANGS: [&str; 4] = ["nl", "en", "de", "fr"];

fn agents(n: usize) -> Vec<Agent> {
    (0..n)
        .map(|i| {
            let mut skills = serde_json::Map::new();
            for k in 0..3 {
                skills.insert(SKILLS[(i * 3 + k * 5) % 8].into(), json!(1 + (i + k) % 5));
            }
            let status = if i % 10 == 9 { "away" } else { "online" };
            let (lang, group) = (LANGS[i % 4], if i % 3 == 0 { "sales" } else { "support" });
            serde_json::from_value(json!({
                "id": format!("agent-{i:06}"), "presence": {"status": status}, "skills": skills,
                "languages": [lang, "en"], "groups": [group],
                "capacity": {"per_channel": {"chat": 3, "email": 10, "phone": 1}},
                "load": {"chat": i % 4, "email": i % 11},
                "last_assigned_at": format!("2026-03-02T08:{:02}:{:02}Z", (i / 60) % 60, i % 60)
            }))
            .unwrap()
        })
        .collect()
}

/// The worst case for the backlog's index: no two agents alike on the
/// skills the items ask (levels 1–5 on eight skills, all combinations).
fn distinct_agents(n: usize) -> Vec<Agent> {
    (0..n)
        .map(|i| {
            let mut skills = serde_json::Map::new();
            let mut rest = i;
            for skill in SKILLS {
                skills.insert(skill.into(), json!(1 + rest % 5));
                rest /= 5;
            }
            serde_json::from_value(json!({
                "id": format!("agent-{i:06}"), "presence": {"status": "online"}, "skills": skills,
                "languages": ["nl", "en", "de", "fr"], "groups": ["support"],
                "capacity": {"per_channel": {"chat": 3, "email": 10, "phone": 1}},
                "load": {"chat": i % 4, "email": i % 11}
            }))
            .unwrap()
        })
        .collect()
}

fn items(n: usize) -> Vec<WorkItem> {
    (0..n)
        .map(|i| {
            let channel = ["chat", "email", "phone"][i % 3];
            let priority = ["low", "normal", "high", "urgent"][i % 4];
            let (skill, language) = (SKILLS[i % 8], LANGS[i % 4]);
            serde_json::from_value(json!({
                "ticket": format!("T-{i:07}"), "channel": channel,
                "required_skills": {skill: 1 + i % 3}, "language": language,
                "priority": priority, "group": "support",
                "enqueued_at": format!("2026-03-02T08:{:02}:{:02}Z", (i / 60) % 60, i % 60)
            }))
            .unwrap()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let spec: RoutingPolicySpec = serde_json::from_value(json!({
        "strategy": "least_loaded_share", "require_language": true, "require_group": true,
        "relaxation": [{"after_seconds": 60, "drop_preferred": true}, {"after_seconds": 300, "max_required_level": 2}]
    }))
    .unwrap();
    let policy = RoutingPolicy::new(&spec).unwrap();
    let roster = Roster::new(agents(1_000), &policy).unwrap();
    let now = "2026-03-02T09:00:00Z".parse().unwrap();
    let work = items(10_000);
    let one = work[7].clone();
    c.bench_function("routing/route/1000_agents", |b| {
        b.iter(|| route(black_box(&one), &roster, now))
    });
    let mut group = c.benchmark_group("routing/backlog");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    group.bench_function("10000_items_1000_agents", |b| {
        b.iter(|| assign_backlog(black_box(&work), &roster, now))
    });
    // At the caps: the largest team with a day's backlog, and the largest
    // backlog with a large team.
    let team = Roster::new(agents(100_000), &policy).unwrap();
    group.bench_function("10000_items_100000_agents", |b| {
        b.iter(|| assign_backlog(black_box(&work), &team, now))
    });
    let team = Roster::new(agents(10_000), &policy).unwrap();
    let queue = items(1_000_000);
    group.bench_function("1000000_items_10000_agents", |b| {
        b.iter(|| assign_backlog(black_box(&queue), &team, now))
    });
    let team = Roster::new(distinct_agents(100_000), &policy).unwrap();
    group.bench_function("10000_items_100000_distinct_agents", |b| {
        b.iter(|| assign_backlog(black_box(&work), &team, now))
    });
    let spec: RoutingPolicySpec = serde_json::from_value(json!({
        "strategy": "best_skill", "require_language": true, "require_group": true
    }))
    .unwrap();
    let best = RoutingPolicy::new(&spec).unwrap();
    let team = Roster::new(distinct_agents(100_000), &best).unwrap();
    group.bench_function("10000_items_100000_distinct_agents_best_skill", |b| {
        b.iter(|| assign_backlog(black_box(&work), &team, now))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
