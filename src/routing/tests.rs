//! Routing scenarios and properties.

use proptest::prelude::{ProptestConfig, any, prop_assert, prop_assert_eq, proptest};
use proptest::strategy::Strategy as PropStrategy;
use serde_json::json;

use super::*;
use crate::time::Timestamp;

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn policy(v: serde_json::Value) -> RoutingPolicy {
    RoutingPolicy::new(&serde_json::from_value(v).unwrap()).unwrap()
}

fn agents(v: serde_json::Value) -> Vec<Agent> {
    serde_json::from_value(v).unwrap()
}

fn item(v: serde_json::Value) -> WorkItem {
    let mut v = v;
    if v.get("enqueued_at").is_none() {
        v["enqueued_at"] = json!("2026-03-02T09:00:00Z");
    }
    serde_json::from_value(v).unwrap()
}

/// Routes an item the test builds on the spot, keeping an owned decision.
fn decide(item: WorkItem, roster: &Roster, now: Timestamp) -> Decision<'static> {
    route(&item, roster, now).into_owned()
}

fn chosen<'d>(d: &'d Decision<'_>) -> Option<&'d str> {
    match &d.outcome {
        Outcome::Assigned { agent, .. } => Some(agent.as_str()),
        _ => None,
    }
}

fn team() -> Vec<Agent> {
    agents(json!([
        {"id": "a1", "presence": {"status": "online"}, "skills": {"billing": 4, "returns": 2},
         "languages": ["nl", "en"], "groups": ["support"], "capacity": {"per_channel": {"chat": 3, "email": 10}},
         "load": {"chat": 1}, "last_assigned_at": "2026-03-02T08:50:00Z"},
        {"id": "a2", "presence": {"status": "online"}, "skills": {"billing": 2},
         "languages": ["nl"], "groups": ["support"], "capacity": {"per_channel": {"chat": 3, "email": 10}},
         "load": {"chat": 3}, "last_assigned_at": "2026-03-02T08:40:00Z"},
        {"id": "a3", "presence": {"status": "away"}, "skills": {"billing": 5},
         "languages": ["en"], "groups": ["support"], "capacity": {"per_channel": {"chat": 3}}},
        {"id": "a4", "presence": {"status": "online"}, "skills": {"returns": 3},
         "languages": ["en"], "groups": ["sales"], "capacity": {"weighted": {"budget": 10, "costs": {"phone": 10, "chat": 3}}},
         "load": {"chat": 1}, "last_assigned_at": "2026-03-02T08:00:00Z"}
    ]))
}

#[test]
fn every_rejection_has_its_reason() {
    let p =
        policy(json!({"strategy": "round_robin", "require_group": true, "require_language": true}));
    let roster = Roster::new(team(), &p).unwrap();
    let d = decide(
        item(
            json!({"ticket": "T-1", "channel": "chat", "language": "nl", "group": "support",
                     "required_skills": {"billing": 3}}),
        ),
        &roster,
        t("2026-03-02T09:00:10Z"),
    );
    assert_eq!(chosen(&d), Some("a1"));
    let reasons = serde_json::to_value(&d.rejected).unwrap();
    assert_eq!(
        reasons,
        json!([
            {"agent": "a2", "reason": "lacks_skill", "skill": "billing", "required": 3, "has": 2},
            {"agent": "a3", "reason": "presence", "status": "away"},
            {"agent": "a4", "reason": "not_in_group"}
        ])
    );
}

#[test]
fn capacity_per_channel_and_weighted() {
    let p = policy(json!({"strategy": "least_loaded"}));
    let roster = Roster::new(team(), &p).unwrap();
    // A phone call costs the whole budget of a4, who holds a chat: no room.
    let d = decide(
        item(json!({"ticket": "T-2", "channel": "phone"})),
        &roster,
        t("2026-03-02T09:00:00Z"),
    );
    assert_eq!(chosen(&d), None);
    let full = d
        .rejected
        .iter()
        .find(|r| r.agent.as_str() == "a4")
        .unwrap();
    assert_eq!(
        full.reason,
        Reason::AtCapacity {
            channel: crate::Channel::Phone,
            load: 3,
            capacity: 10
        }
    );
    // a2 holds 3 of 3 chats.
    let d = decide(
        item(json!({"ticket": "T-3", "channel": "chat"})),
        &roster,
        t("2026-03-02T09:00:00Z"),
    );
    let a2 = d
        .rejected
        .iter()
        .find(|r| r.agent.as_str() == "a2")
        .unwrap();
    assert!(matches!(
        a2.reason,
        Reason::AtCapacity {
            load: 3,
            capacity: 3,
            ..
        }
    ));
    assert_eq!(chosen(&d), Some("a1")); // a1 and a4 hold 1 each; a1 sorts first
}

#[test]
fn relaxation_steps_apply_only_after_their_time() {
    let p = policy(json!({"relaxation": [
        {"after_seconds": 60, "drop_preferred": true},
        {"after_seconds": 300, "max_required_level": 2},
        {"after_seconds": 600, "any_in_group": true}]}));
    let roster = Roster::new(team(), &p).unwrap();
    let it = item(
        json!({"ticket": "T-4", "channel": "email", "required_skills": {"billing": 5},
                         "preferred_skills": {"returns": 3}, "group": "support"}),
    );
    let at = |s: i64| t("2026-03-02T09:00:00Z").checked_add_seconds(s).unwrap();
    let d = route(&it, &roster, at(30));
    assert_eq!((chosen(&d), d.relaxation_step), (None, None));
    assert_eq!(
        d.outcome,
        Outcome::Queued {
            retry_at: Some(at(60))
        }
    );
    let d = route(&it, &roster, at(60));
    assert_eq!((chosen(&d), d.relaxation_step), (None, Some(0)));
    assert_eq!(
        d.outcome,
        Outcome::Queued {
            retry_at: Some(at(300))
        }
    );
    // Level 2 is enough after five minutes: a1 (billing 4) and a2 (billing 2, but
    // no email load limit issue) qualify; round robin picks a2 (assigned longest ago).
    let d = route(&it, &roster, at(300));
    assert_eq!((chosen(&d), d.relaxation_step), (Some("a2"), Some(1)));
}

#[test]
fn sticky_agent_wins_when_eligible() {
    let p = policy(json!({"sticky": true}));
    let roster = Roster::new(team(), &p).unwrap();
    let d = decide(
        item(json!({"ticket": "T-5", "channel": "chat", "preferred_agent": "a4"})),
        &roster,
        t("2026-03-02T09:00:00Z"),
    );
    assert_eq!(chosen(&d), Some("a4"));
    assert!(matches!(&d.outcome, Outcome::Assigned { by, .. } if &**by == "sticky"));
    // Not eligible (full): the strategy decides.
    let d = decide(
        item(json!({"ticket": "T-6", "channel": "chat", "preferred_agent": "a2"})),
        &roster,
        t("2026-03-02T09:00:00Z"),
    );
    assert_eq!(chosen(&d), Some("a4"));
}

#[test]
fn shifts_and_fairness() {
    let p = policy(json!({
        "fairness": {"max": 2, "window_seconds": 3600},
        "calendars": {"early": {"time_zone": "UTC", "hours": {"mon": [["06:00","09:00"]]}}}}));
    let mut ag = team();
    ag[0].shift = Some("early".into());
    // The window is the last hour, exclusive of its start: 08:35 and 08:45 count at 09:30.
    ag[3].recent_assignments = vec![t("2026-03-02T08:35:00Z"), t("2026-03-02T08:45:00Z")];
    let roster = Roster::new(ag, &p).unwrap();
    let d = decide(
        item(json!({"ticket": "T-7", "channel": "chat"})),
        &roster,
        t("2026-03-02T09:30:00Z"),
    );
    assert_eq!(chosen(&d), None);
    let reasons: Vec<&Reason> = d.rejected.iter().map(|r| &r.reason).collect();
    assert_eq!(reasons[0], &Reason::OutsideShift);
    assert_eq!(
        reasons[3],
        &Reason::FairnessLimit {
            assigned: 2,
            max: 2
        }
    );
    let mut bad = team();
    bad[0].shift = Some("late".into());
    assert_eq!(
        Roster::new(bad, &p).unwrap_err().code(),
        "routing.unknown_shift"
    );
}

#[test]
fn queue_orders() {
    let items: Vec<WorkItem> = serde_json::from_value(json!([
        {"ticket": "A", "channel": "email", "priority": "low", "enqueued_at": "2026-03-02T08:00:00Z", "sla_due_at": "2026-03-02T10:00:00Z"},
        {"ticket": "B", "channel": "email", "priority": "urgent", "enqueued_at": "2026-03-02T08:55:00Z", "sla_due_at": "2026-03-02T11:00:00Z"},
        {"ticket": "C", "channel": "email", "priority": "normal", "enqueued_at": "2026-03-02T08:10:00Z"}
    ])).unwrap();
    let ids = |p: &RoutingPolicy| {
        order_queue(&items, p, t("2026-03-02T09:00:00Z"))
            .iter()
            .map(|i| i.ticket.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&policy(json!({}))), ["B", "C", "A"]);
    assert_eq!(
        ids(&policy(json!({"queue_order": "sla_due"}))),
        ["A", "B", "C"]
    );
    // Aging: waiting time plus a head start (urgent +1 h, normal +0.5 h).
    assert_eq!(
        ids(&policy(
            json!({"queue_order": {"aging": {"urgent": 3600, "normal": 1800}}})
        )),
        ["C", "B", "A"]
    );
}

#[test]
fn offers_are_state_transitions() {
    let now = t("2026-03-02T09:00:00Z");
    let offer = OfferState::offer("a1".parse().unwrap(), now, 30);
    assert!(matches!(
        offer.clone().apply(OfferEvent::Accept, now),
        OfferState::Accepted { .. }
    ));
    assert!(matches!(
        offer.clone().apply(OfferEvent::Tick, now),
        OfferState::Offered { .. }
    ));
    let late = now.checked_add_seconds(30).unwrap();
    assert!(
        matches!(offer.clone().apply(OfferEvent::Accept, late), OfferState::Requeued { why, .. } if &*why == "timed_out")
    );
    assert!(
        matches!(offer.apply(OfferEvent::Reject, now), OfferState::Requeued { why, .. } if &*why == "rejected")
    );
}

#[test]
fn backlog_rotates_equal_agents_and_respects_limits() {
    let equal = |n: usize, extra: serde_json::Value| -> Vec<Agent> {
        (0..n)
            .map(|i| {
                let mut a = json!({"id": format!("a{i}"), "presence": {"status": "online"},
                                   "capacity": {"per_channel": {"email": 10}}});
                if let serde_json::Value::Object(m) = &extra {
                    for (k, v) in m {
                        a[k] = v.clone();
                    }
                }
                serde_json::from_value(a).unwrap()
            })
            .collect()
    };
    let items: Vec<WorkItem> = (0..9)
        .map(|i| item(json!({"ticket": format!("T-{i}"), "channel": "email"})))
        .collect();
    let now = t("2026-03-02T09:00:00Z");
    for strategy in ["round_robin", "longest_idle", "best_skill"] {
        let p = policy(json!({"strategy": strategy}));
        let assigned = assign_backlog(&items, &Roster::new(equal(3, json!({})), &p).unwrap(), now);
        for agent in ["a0", "a1", "a2"] {
            assert_eq!(
                assigned
                    .iter()
                    .filter(|a| a.agent.as_str() == agent)
                    .count(),
                3,
                "{strategy}"
            );
        }
    }
    // Fairness counts the assignments of the run itself.
    let p = policy(json!({"fairness": {"max": 2, "window_seconds": 3600}}));
    let assigned = assign_backlog(&items, &Roster::new(equal(3, json!({})), &p).unwrap(), now);
    assert_eq!(assigned.len(), 6);
    // Capacity at the top of the range is never overrun.
    let huge = equal(
        1,
        json!({"capacity": {"per_channel": {"email": 4294967295u32}}, "load": {"email": 4294967295u32}}),
    );
    let p = policy(json!({}));
    assert!(assign_backlog(&items, &Roster::new(huge, &p).unwrap(), now).is_empty());
    // A ticket listed twice is served once.
    let twice = vec![items[0].clone(), items[0].clone()];
    assert_eq!(
        assign_backlog(&twice, &Roster::new(equal(2, json!({})), &p).unwrap(), now).len(),
        1
    );
    // Duplicate agents and free channels are configuration errors.
    let mut dup = equal(2, json!({}));
    dup[1].id = dup[0].id.clone();
    assert_eq!(
        Roster::new(dup, &p).unwrap_err().code(),
        "routing.duplicate_agent"
    );
    let free = equal(
        1,
        json!({"capacity": {"weighted": {"budget": 5, "costs": {"email": 0}}}}),
    );
    assert_eq!(
        Roster::new(free, &p).unwrap_err().code(),
        "routing.zero_cost"
    );
}

#[test]
fn default_policy_equals_empty_json() {
    let from_json: RoutingPolicySpec = serde_json::from_value(json!({})).unwrap();
    assert_eq!(RoutingPolicySpec::default(), from_json);
}

#[test]
fn policy_validation() {
    let bad = |v: serde_json::Value| {
        RoutingPolicy::new(&serde_json::from_value(v).unwrap())
            .unwrap_err()
            .code()
    };
    assert_eq!(
        bad(json!({"relaxation": [{"after_seconds": 60}, {"after_seconds": 30}]})),
        "routing.invalid_relaxation"
    );
    assert_eq!(
        bad(json!({"fairness": {"max": 0, "window_seconds": 60}})),
        "routing.invalid_fairness"
    );
    assert!(
        serde_json::from_value::<Agent>(json!({"id": "a", "presence": {"status": "online"},
        "skills": {"x": 6}, "capacity": {"per_channel": {}}}))
        .is_err()
    );
}

#[test]
fn round_robin_over_equal_agents_is_fair() {
    // N equal agents, K*N items one at a time: each agent gets K.
    let n = 5;
    let k = 4;
    let p = policy(json!({"strategy": "round_robin"}));
    let mut ag: Vec<Agent> = (0..n)
        .map(|i| {
            serde_json::from_value(
                json!({"id": format!("a{i}"), "presence": {"status": "online"},
            "capacity": {"per_channel": {"email": 1000}}}),
            )
            .unwrap()
        })
        .collect();
    let mut counts = vec![0; n];
    for j in 0..(k * n) {
        let now = t("2026-03-02T09:00:00Z")
            .checked_add_seconds(j as i64)
            .unwrap();
        let roster = Roster::new(ag.clone(), &p).unwrap();
        let d = decide(
            item(json!({"ticket": format!("T-{j}"), "channel": "email"})),
            &roster,
            now,
        );
        let who = chosen(&d).unwrap().to_owned();
        let i = ag.iter().position(|a| a.id.as_str() == who).unwrap();
        ag[i].last_assigned_at = Some(now);
        counts[i] += 1;
    }
    assert_eq!(counts, vec![k; n]);
}

fn any_agents() -> impl PropStrategy<Value = Vec<Agent>> {
    let agent = (0u8..4, 0u32..4, 0u32..3, 0u8..6, 0u8..6, any::<bool>(), 0i64..600).prop_map(
        |(presence, cap, load, billing, returns, nl, ago)| {
            let status = ["online", "online", "away", "offline"][presence as usize];
            let languages = if nl { vec!["nl", "en"] } else { vec!["en"] };
            let mut skills = serde_json::Map::new();
            if billing > 0 { skills.insert("billing".into(), json!(billing.min(5))); }
            if returns > 0 { skills.insert("returns".into(), json!(returns.min(5))); }
            json!({"presence": {"status": status}, "skills": skills,
                   "languages": languages,
                   "capacity": {"per_channel": {"chat": cap, "email": cap + 2}},
                   "load": {"chat": load.min(cap)},
                   "last_assigned_at": t("2026-03-02T09:00:00Z").checked_add_seconds(-ago).unwrap()})
        },
    );
    proptest::collection::vec(agent, 0..12).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, mut a)| {
                a["id"] = json!(format!("a{i:02}"));
                serde_json::from_value(a).unwrap()
            })
            .collect()
    })
}

fn any_items() -> impl PropStrategy<Value = Vec<WorkItem>> {
    let it = (any::<bool>(), 0u8..6, any::<bool>(), 0usize..4, 0i64..900).prop_map(
        |(chat, billing, nl, prio, waited)| {
            let priority = ["low", "normal", "high", "urgent"][prio];
            let mut req = serde_json::Map::new();
            if billing > 0 {
                req.insert("billing".into(), json!(billing.min(5)));
            }
            let (channel, language) = (
                if chat { "chat" } else { "email" },
                if nl { "nl" } else { "en" },
            );
            json!({"channel": channel, "required_skills": req,
               "language": language, "priority": priority,
               "enqueued_at": t("2026-03-02T09:00:00Z").checked_add_seconds(-waited).unwrap()})
        },
    );
    proptest::collection::vec(it, 0..30).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, mut x)| {
                x["ticket"] = json!(format!("T-{i:03}"));
                serde_json::from_value(x).unwrap()
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn routing_properties(ag in any_agents(), items in any_items(), strategy in 0usize..5) {
        let strategy = ["round_robin", "least_loaded", "least_loaded_share", "longest_idle", "best_skill"][strategy];
        let p = policy(json!({"strategy": strategy, "require_language": true,
            "relaxation": [{"after_seconds": 300, "max_required_level": 2}]}));
        let roster = Roster::new(ag.clone(), &p).unwrap();
        let now = t("2026-03-02T09:00:00Z");
        for it in &items {
            let d = route(it, &roster, now);
            // Identical inputs give identical decisions.
            prop_assert_eq!(&d, &route(it, &roster, now));
            // Every agent is either chosen or explained.
            prop_assert_eq!(d.rejected.len() + usize::from(chosen(&d).is_some()), ag.len());
            if let Some(who) = chosen(&d) {
                let a = ag.iter().find(|a| a.id.as_str() == who).unwrap();
                // Required skills met, at the level in force (relaxed only after 300 s).
                let waited = now.seconds_since(it.enqueued_at);
                for (skill, level) in &it.required_skills {
                    let need = if waited >= 300 { level.get().min(2) } else { level.get() };
                    prop_assert!(a.skills.get(skill).map_or(0, |l| l.get()) >= need);
                }
                prop_assert_eq!(d.relaxation_step.is_some(), waited >= 300);
            }
        }
        // The backlog never exceeds capacity, and leaves no item waiting while
        // an eligible agent has room.
        let assigned = assign_backlog(&items, &roster, now);
        let mut after = ag.clone();
        for a in &assigned {
            let item = items.iter().find(|i| i.ticket == a.ticket).unwrap();
            let agent = after.iter_mut().find(|x| x.id == a.agent).unwrap();
            *agent.load.entry(item.channel).or_insert(0) += 1;
            agent.last_assigned_at = Some(now);
        }
        for agent in &after {
            if let Capacity::PerChannel(limits) = &agent.capacity {
                for (ch, n) in &agent.load {
                    prop_assert!(*n <= limits.get(ch).copied().unwrap_or(0) || ag.iter().any(|x| x.id == agent.id && x.load.get(ch) == Some(n)));
                }
            }
        }
        let left = Roster::new(after, &p).unwrap();
        for it in items.iter().filter(|i| !assigned.iter().any(|a| a.ticket == i.ticket)) {
            prop_assert!(chosen(&route(it, &left, now)).is_none(), "{} waits while an agent has room", it.ticket);
        }
    }
}

/// A richer team for the differential test: weighted and per-channel
/// capacity, groups, shifts, recent assignments, last finished times.
fn varied_agents() -> impl PropStrategy<Value = Vec<Agent>> {
    let agent = (
        (0u8..4, 0u32..4, 0u32..3, 0u8..6, 0u8..6),
        (any::<bool>(), any::<bool>(), any::<bool>(), 0u8..3),
        (-300i64..600, 0i64..900, 0usize..4, any::<bool>()),
    )
        .prop_map(
            |((presence, cap, load, billing, returns), (nl, weighted, sales, shift), (ago, done, recent, twin))| {
                let status = ["online", "online", "away", "offline"][presence as usize];
                let languages = if nl { vec!["nl", "en"] } else { vec!["en"] };
                let mut skills = serde_json::Map::new();
                // Twins share skills, so profiles hold several agents.
                let (billing, returns) = if twin { (2, 0) } else { (billing, returns) };
                if billing > 0 { skills.insert("billing".into(), json!(billing.min(5))); }
                if returns > 0 { skills.insert("returns".into(), json!(returns.min(5))); }
                let capacity = if weighted {
                    json!({"weighted": {"budget": cap * 3 + 1, "costs": {"chat": 2, "email": 1, "phone": 3}}})
                } else {
                    json!({"per_channel": {"chat": cap, "email": cap + 2, "phone": 1}})
                };
                let now = t("2026-03-02T09:00:00Z");
                let recent: Vec<_> = (0..recent).map(|k| now.checked_add_seconds(-(k as i64) * 700).unwrap()).collect();
                let mut a = json!({"presence": {"status": status}, "skills": skills,
                    "languages": languages, "groups": [if sales { "sales" } else { "support" }],
                    "capacity": capacity, "load": {"chat": load.min(cap), "email": load},
                    "last_assigned_at": now.checked_add_seconds(-ago).unwrap(),
                    "last_finished_at": now.checked_add_seconds(-done).unwrap(),
                    "recent_assignments": recent});
                if shift > 0 {
                    a["shift"] = json!(if shift == 1 { "day" } else { "night" });
                }
                a
            },
        );
    proptest::collection::vec(agent, 0..16).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, mut a)| {
                a["id"] = json!(format!("a{:02}", (i * 7) % 16 + i / 16 * 16));
                serde_json::from_value(a).unwrap()
            })
            .collect()
    })
}

fn varied_items() -> impl PropStrategy<Value = Vec<WorkItem>> {
    let it = (
        (0usize..3, 0u8..6, 0u8..4, any::<bool>(), 0usize..4),
        (0i64..900, 0u8..3, 0usize..20, 0i64..4000, any::<bool>()),
    )
        .prop_map(
            |((channel, billing, returns, nl, prio), (waited, group, preferred, due, twice))| {
                let mut req = serde_json::Map::new();
                if billing > 0 {
                    req.insert("billing".into(), json!(billing.min(5)));
                }
                let mut pref = serde_json::Map::new();
                if returns > 0 {
                    pref.insert("returns".into(), json!(returns.min(5)));
                }
                let now = t("2026-03-02T09:00:00Z");
                let channel = ["chat", "email", "phone"][channel];
                let priority = ["low", "normal", "high", "urgent"][prio];
                let mut x = json!({"channel": channel,
                "required_skills": req, "preferred_skills": pref,
                "language": if nl { "nl" } else { "en" },
                "priority": priority,
                "enqueued_at": now.checked_add_seconds(-waited).unwrap(),
                "sla_due_at": now.checked_add_seconds(due - 1000).unwrap(),
                "preferred_agent": format!("a{preferred:02}")});
                if group > 0 {
                    x["group"] = json!(if group == 1 { "sales" } else { "support" });
                }
                (x, twice)
            },
        );
    proptest::collection::vec(it, 0..40).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (mut x, twice))| {
                // Now and then the same ticket twice.
                x["ticket"] = json!(format!("T-{:03}", if twice { i / 2 } else { i }));
                serde_json::from_value(x).unwrap()
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// The indexed backlog assigns exactly what one pass over all agents per
    /// item assigns (the first implementation, kept as the oracle).
    #[test]
    fn backlog_matches_the_reference(ag in varied_agents(), items in varied_items(),
                                     strategy in 0usize..5, flags in 0u8..32, order in 0usize..3) {
        let strategy = ["round_robin", "least_loaded", "least_loaded_share", "longest_idle", "best_skill"][strategy];
        let bit = |k: u8| flags & (1 << k) != 0;
        let queue_order = [json!("priority_then_age"), json!("sla_due"), json!({"aging": {"urgent": 600}})][order].clone();
        let mut spec = json!({"strategy": strategy, "require_language": bit(0), "require_group": bit(1),
            "sticky": bit(2),
            "eligible_presence": if bit(3) { json!(["online", "away"]) } else { json!(["online"]) },
            "queue_order": queue_order,
            "relaxation": [{"after_seconds": 120, "drop_preferred": true},
                           {"after_seconds": 300, "max_required_level": 2},
                           {"after_seconds": 600, "any_in_group": true}],
            "calendars": {"day": {"time_zone": "UTC", "hours": {"mon": [["08:00","17:00"]]}},
                          "night": {"time_zone": "UTC", "hours": {"mon": [["17:00","24:00"]]}}}});
        if bit(4) {
            spec["fairness"] = json!({"max": 2, "window_seconds": 1800});
        }
        let p = policy(spec);
        let roster = Roster::new(ag, &p).unwrap();
        let now = t("2026-03-02T09:00:00Z");
        let fast = assign_backlog(&items, &roster, now);
        let reference = super::engine::reference_assign_backlog(&items, &roster, now);
        prop_assert_eq!(fast, reference);
    }
}

#[test]
fn languages_match_by_primary_subtag() {
    let p = policy(json!({"strategy": "round_robin", "require_language": true}));
    let roster = Roster::new(
        agents(json!([
            {"id": "a-nl", "presence": {"status": "online"}, "languages": ["nl"],
             "capacity": {"per_channel": {"email": 5}}},
            {"id": "a-en", "presence": {"status": "online"}, "languages": ["en-GB"],
             "capacity": {"per_channel": {"email": 5}}}
        ])),
        &p,
    )
    .unwrap();
    let now = t("2026-03-02T09:00:00Z");
    let flemish = item(json!({"ticket": "T-1", "channel": "email", "language": "nl_BE"}));
    assert_eq!(chosen(&decide(flemish, &roster, now)), Some("a-nl"));
    let american = item(json!({"ticket": "T-2", "channel": "email", "language": "EN-us"}));
    assert_eq!(chosen(&decide(american, &roster, now)), Some("a-en"));
    let german = item(json!({"ticket": "T-3", "channel": "email", "language": "de"}));
    assert_eq!(chosen(&decide(german, &roster, now)), None);
    // A malformed tag fails at the type, before any routing.
    let bad = serde_json::from_value::<WorkItem>(json!({"ticket": "T-4", "channel": "email",
        "enqueued_at": "2026-03-02T09:00:00Z", "language": "dutch!"}));
    assert!(bad.is_err());
}
