//! Behaviour of tickets across events: the lifecycle, derived facts, JSON.

use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::time::Timestamp;

fn ts(minutes: i64) -> Timestamp {
    Timestamp::parse("2026-03-02T09:00:00Z")
        .unwrap()
        .checked_add_seconds(minutes * 60)
        .unwrap()
}

fn created(minutes: i64) -> Event {
    Event::new(
        ts(minutes),
        EventKind::Created {
            subject: "Bestelling kwijt".into(),
            requester: "c1".parse().unwrap(),
            channel: Channel::Email,
            priority: Priority::Normal,
            status: Status::New,
            ticket_type: None,
            group: None,
            assignee: None,
            tags: vec![],
            fields: Default::default(),
        },
    )
}

fn message(minutes: i64, author: AuthorKind, public: bool) -> Event {
    Event::new(
        ts(minutes),
        EventKind::Message {
            author,
            public,
            channel: None,
            body: "...".into(),
        },
    )
}

fn status(minutes: i64, to: Status) -> Event {
    Event::new(ts(minutes), EventKind::StatusChanged { to })
}

fn ticket() -> Ticket {
    Ticket::create("T-1".parse().unwrap(), created(0)).unwrap()
}

#[test]
fn out_of_order_event_is_rejected_and_ticket_unchanged() {
    let mut t = ticket();
    t.apply(status(10, Status::Open)).unwrap();
    let before = t.clone();
    let err = t.apply(status(5, Status::Pending)).unwrap_err();
    assert_eq!(err.code(), "ticket.event_out_of_order");
    assert_eq!(
        err.to_string(),
        "event at `2026-03-02T09:05:00Z` is earlier than the previous event at `2026-03-02T09:10:00Z`"
    );
    assert_eq!(t, before);
    // Equal instants are fine.
    t.apply(status(10, Status::Pending)).unwrap();
}

#[test]
fn customer_reply_reopens_pending_on_hold_and_solved() {
    for waiting in [Status::Pending, Status::OnHold, Status::Solved] {
        let mut t = ticket();
        t.apply(status(1, waiting)).unwrap();
        t.apply(message(2, AuthorKind::Customer, true)).unwrap();
        assert_eq!(t.status(), Status::Open, "from {waiting}");
        let s = t.summary();
        assert_eq!(s.reopens, u32::from(waiting == Status::Solved));
    }
    // An agent reply does not change the status.
    let mut t = ticket();
    t.apply(status(1, Status::Pending)).unwrap();
    t.apply(message(2, AuthorKind::Agent, true)).unwrap();
    assert_eq!(t.status(), Status::Pending);
}

#[test]
fn closed_is_terminal() {
    let mut t = ticket();
    t.apply(status(1, Status::Solved)).unwrap();
    t.apply(status(2, Status::Closed)).unwrap();
    let err = t.apply(message(3, AuthorKind::Customer, true)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "ticket `T-1` is closed: start a follow-up ticket instead"
    );
    let err = ticket().apply(status(1, Status::Closed)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "status cannot change from `new` to `closed`"
    );
}

#[test]
fn no_op_changes_are_rejected() {
    let mut t = ticket();
    let err = t
        .apply(Event::new(
            ts(1),
            EventKind::PriorityChanged {
                to: Priority::Normal,
            },
        ))
        .unwrap_err();
    assert_eq!(err.to_string(), "priority is already `normal`");
    let err = t.apply(status(1, Status::New)).unwrap_err();
    assert_eq!(err.code(), "ticket.no_change");
    let err = t
        .apply(Event::new(ts(1), EventKind::Assigned { to: None }))
        .unwrap_err();
    assert_eq!(err.to_string(), "assignee is already `none`");
    let err = t
        .apply(Event::new(
            ts(1),
            EventKind::TagsRemoved {
                tags: vec![Tag::new("vip").unwrap()],
            },
        ))
        .unwrap_err();
    assert_eq!(err.code(), "ticket.no_change");
}

#[test]
fn tags_and_fields() {
    let mut t = ticket();
    let tags = |names: &[&str]| names.iter().map(|n| Tag::new(n).unwrap()).collect();
    t.apply(Event::new(
        ts(1),
        EventKind::TagsAdded {
            tags: tags(&["VIP", "Late Delivery"]),
        },
    ))
    .unwrap();
    assert!(t.has_tag("vip") && t.has_tag("late delivery"));
    t.apply(Event::new(
        ts(2),
        EventKind::TagsRemoved {
            tags: tags(&["vip", "unknown"]),
        },
    ))
    .unwrap();
    assert!(!t.has_tag("vip"));
    t.apply(Event::new(
        ts(3),
        EventKind::FieldChanged {
            name: "order".into(),
            value: json!("NL-1234"),
        },
    ))
    .unwrap();
    assert_eq!(t.field("order"), Some(&json!("NL-1234")));
    t.apply(Event::new(
        ts(4),
        EventKind::FieldChanged {
            name: "order".into(),
            value: json!(null),
        },
    ))
    .unwrap();
    assert_eq!(t.field("order"), None);
    let err = t
        .apply(Event::new(
            ts(5),
            EventKind::FieldChanged {
                name: "".into(),
                value: json!(1),
            },
        ))
        .unwrap_err();
    assert_eq!(err.code(), "ticket.invalid_field_name");
}

#[test]
fn actor_must_match_author() {
    let mut t = ticket();
    let e = message(1, AuthorKind::Agent, true).by(Actor::Customer {
        id: "c1".parse().unwrap(),
    });
    let err = t.apply(e).unwrap_err();
    assert_eq!(
        err.to_string(),
        "message author `agent` does not match actor `customer c1`"
    );
    let err = t
        .apply(message(1, AuthorKind::Customer, false))
        .unwrap_err();
    assert_eq!(err.code(), "ticket.customer_internal_note");
}

#[test]
fn merge_closes_and_cannot_target_self() {
    let mut t = ticket();
    let err = t
        .apply(Event::new(
            ts(1),
            EventKind::Merged {
                into: "T-1".parse().unwrap(),
            },
        ))
        .unwrap_err();
    assert_eq!(err.code(), "ticket.self_merge");
    t.apply(Event::new(
        ts(1),
        EventKind::Merged {
            into: "T-2".parse().unwrap(),
        },
    ))
    .unwrap();
    assert_eq!(t.status(), Status::Closed);
    assert_eq!(t.summary().merged_into.unwrap().as_str(), "T-2");
}

#[test]
fn history_must_start_with_created() {
    let err =
        Ticket::from_events("T-1".parse().unwrap(), vec![status(0, Status::Open)]).unwrap_err();
    assert_eq!(err.event_index(), Some(0));
    assert_eq!(err.code(), "ticket.not_created_first");
    let err = Ticket::from_events("T-1".parse().unwrap(), vec![]).unwrap_err();
    assert_eq!(err.code(), "ticket.empty_history");
    let err = Ticket::from_events(
        "T-1".parse().unwrap(),
        vec![created(0), status(1, Status::Open), created(2)],
    )
    .unwrap_err();
    assert_eq!(err.event_index(), Some(2));
    assert_eq!(err.to_string(), "event 2: ticket `T-1` was already created");
}

#[test]
fn summary_facts() {
    let mut t = ticket();
    t.apply_all([
        message(0, AuthorKind::Customer, true),
        message(5, AuthorKind::Bot, true),
        message(30, AuthorKind::Agent, false),
        message(60, AuthorKind::Agent, true),
        status(61, Status::Pending),
        message(120, AuthorKind::Customer, true),
        message(125, AuthorKind::Customer, true),
        message(180, AuthorKind::Agent, true),
        status(181, Status::Solved),
        message(300, AuthorKind::Customer, true),
        Event::new(
            ts(301),
            EventKind::Assigned {
                to: Some("a1".parse().unwrap()),
            },
        ),
        Event::new(
            ts(302),
            EventKind::Assigned {
                to: Some("a2".parse().unwrap()),
            },
        ),
        Event::new(
            ts(303),
            EventKind::SatisfactionRated {
                rating: Rating::Bad,
                comment: None,
            },
        ),
    ])
    .unwrap();
    let s = t.summary();
    assert_eq!(s.first_public_agent_reply_at, Some(ts(60)));
    assert_eq!(s.last_public_agent_reply_at, Some(ts(180)));
    assert_eq!(s.first_customer_message_at, Some(ts(0)));
    assert_eq!(s.last_customer_message_at, Some(ts(300)));
    assert!(s.awaiting_agent_reply);
    assert_eq!(s.awaiting_since, Some(ts(300)));
    assert_eq!(
        (
            s.public_agent_replies,
            s.customer_messages,
            s.internal_notes
        ),
        (2, 4, 1)
    );
    assert_eq!(s.reopens, 1);
    assert_eq!(s.assignee_changes, 2);
    assert_eq!(s.first_solved_at, Some(ts(181)));
    assert_eq!(s.satisfaction, Some(Rating::Bad));
    let statuses: Vec<(Status, Timestamp, Option<Timestamp>)> = s
        .status_periods
        .iter()
        .map(|p| (p.status, p.entered_at, p.left_at))
        .collect();
    assert_eq!(
        statuses,
        vec![
            (Status::New, ts(0), Some(ts(61))),
            (Status::Pending, ts(61), Some(ts(120))),
            (Status::Open, ts(120), Some(ts(181))),
            (Status::Solved, ts(181), Some(ts(300))),
            (Status::Open, ts(300), None),
        ]
    );
}

#[test]
fn solving_without_a_reply_resets_the_wait() {
    let mut t = ticket();
    t.apply_all([
        message(0, AuthorKind::Customer, true),
        status(30, Status::Solved),
        message(600, AuthorKind::Customer, true),
    ])
    .unwrap();
    let s = t.summary();
    assert!(s.awaiting_agent_reply);
    assert_eq!(s.awaiting_since, Some(ts(600)));
    t.apply(status(601, Status::Pending)).unwrap();
    assert!(!t.summary().awaiting_agent_reply);
}

#[test]
fn json_round_trip_and_state_check() {
    let mut t = ticket();
    t.apply(status(1, Status::Open)).unwrap();
    let json = serde_json::to_value(&t).unwrap();
    assert_eq!(json["status"], "open");
    assert_eq!(json["events"][1]["type"], "status_changed");
    let back: Ticket = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(back, t);
    // A ticket that claims a state its history does not support.
    let mut lying = json;
    lying["status"] = json!("solved");
    let err = serde_json::from_value::<Ticket>(lying).unwrap_err();
    assert!(
        err.to_string().contains("field `status` does not match"),
        "{err}"
    );
}

/// Events a property test may throw at a ticket: valid or not.
fn any_event() -> impl Strategy<Value = (i64, EventKind)> {
    let kind = prop_oneof![
        (0usize..4, any::<bool>()).prop_map(|(a, public)| EventKind::Message {
            author: [
                AuthorKind::Customer,
                AuthorKind::Agent,
                AuthorKind::Bot,
                AuthorKind::System
            ][a],
            public,
            channel: None,
            body: "x".into(),
        }),
        (0usize..6).prop_map(|i| EventKind::StatusChanged { to: Status::ALL[i] }),
        (0usize..4).prop_map(|i| EventKind::PriorityChanged {
            to: Priority::ALL[i]
        }),
        proptest::option::of(0u8..3).prop_map(|a| EventKind::Assigned {
            to: a.map(|a| format!("a{a}").parse().unwrap())
        }),
        (0u8..4).prop_map(|t| EventKind::TagsAdded {
            tags: vec![Tag::new(&format!("t{t}")).unwrap()]
        }),
        (0u8..4).prop_map(|t| EventKind::TagsRemoved {
            tags: vec![Tag::new(&format!("t{t}")).unwrap()]
        }),
        (0u8..3).prop_map(|v| EventKind::FieldChanged {
            name: "f".into(),
            value: json!(v)
        }),
        Just(EventKind::Merged {
            into: "T-2".parse().unwrap()
        }),
    ];
    (-2i64..30, kind)
}

proptest! {
    /// Whatever is thrown at it, a ticket stays consistent: replaying its
    /// accepted history rebuilds exactly the same ticket, JSON round-trips, and
    /// the summary agrees with the live status.
    #[test]
    fn rebuild_equals_incremental(steps in proptest::collection::vec(any_event(), 0..60)) {
        let mut t = ticket();
        let mut clock = 0i64;
        for (delta, kind) in steps {
            clock += delta;
            let before = t.clone();
            if t.apply(Event::new(ts(clock), kind)).is_err() {
                prop_assert_eq!(&t, &before);
            }
        }
        let rebuilt = Ticket::from_events(t.id().clone(), t.events().to_vec()).unwrap();
        prop_assert_eq!(&rebuilt, &t);
        let json = serde_json::to_string(&t).unwrap();
        prop_assert_eq!(&serde_json::from_str::<Ticket>(&json).unwrap(), &t);
        let s = t.summary();
        if s.awaiting_agent_reply {
            prop_assert!(matches!(t.status(), Status::New | Status::Open | Status::OnHold));
            prop_assert!(s.awaiting_since >= s.last_public_agent_reply_at);
        }
        prop_assert_eq!(s.status_periods.last().map(|p| p.status), Some(t.status()));
        // Splitting the history into two batches changes nothing.
        let events = t.events().to_vec();
        let cut = events.len() / 2;
        let mut split = Ticket::from_events(t.id().clone(), events[..cut.max(1)].to_vec()).unwrap();
        split.apply_all(events[cut.max(1)..].to_vec()).unwrap();
        prop_assert_eq!(&split, &t);
    }

    #[test]
    fn arbitrary_json_never_panics(s in "\\PC{0,200}") {
        let _ = serde_json::from_str::<Ticket>(&s);
        let _ = serde_json::from_str::<Event>(&s);
    }
}
