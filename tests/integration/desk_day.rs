//! A whole support conversation through the public API, across channels.

use frontline::{
    Customer, Event, Status, Ticket, customer::Identity, customer::IdentityIndex,
    customer::LinkOutcome, ticket::Rating,
};

#[test]
fn a_conversation_that_changes_channel_keeps_its_customer_and_history() {
    // Anna is known by e-mail; she first writes on WhatsApp.
    let mut anna = Customer::new("c-anna".parse().unwrap());
    anna.identities
        .insert(Identity::email("anna@example.nl").unwrap());
    let mut index = IdentityIndex::from_customers([&anna]).unwrap();
    let whatsapp = Identity::phone("+31 6 1234 5678").unwrap();
    assert_eq!(index.resolve(&whatsapp), None);
    let outcome = index
        .link(&Identity::email("Anna@Example.nl").unwrap(), &whatsapp)
        .unwrap();
    assert!(matches!(outcome, LinkOutcome::Attached { .. }));
    let requester = index.resolve(&whatsapp).unwrap().clone();

    let events: Vec<Event> = serde_json::from_value(serde_json::json!([
        {"at": "2026-03-02T09:00:00Z", "type": "created", "subject": "Pakket kwijt",
         "requester": requester, "channel": "whatsapp"},
        {"at": "2026-03-02T09:00:00Z", "type": "message", "author": "customer", "body": "Waar is 4021?"},
        {"at": "2026-03-02T09:30:00Z", "type": "message", "author": "agent", "channel": "email",
         "body": "Ik mail u de track & trace."},
        {"at": "2026-03-02T09:30:00Z", "type": "status_changed", "to": "solved"},
        {"at": "2026-03-03T08:00:00Z", "type": "message", "author": "customer", "channel": "email",
         "body": "De link werkt niet."},
        {"at": "2026-03-03T08:45:00Z", "type": "message", "author": "agent", "body": "Nieuwe link!"},
        {"at": "2026-03-03T08:45:00Z", "type": "status_changed", "to": "solved"},
        {"at": "2026-03-03T09:00:00Z", "type": "satisfaction_rated", "rating": "good"},
        {"at": "2026-03-10T09:00:00Z", "type": "status_changed", "to": "closed"}
    ]))
    .unwrap();
    let ticket = Ticket::from_events("T-1".parse().unwrap(), events).unwrap();
    assert_eq!(ticket.status(), Status::Closed);
    let s = ticket.summary();
    assert_eq!(s.reopens, 1);
    assert_eq!(s.public_agent_replies, 2);
    assert_eq!(s.satisfaction, Some(Rating::Good));
    assert_eq!(
        s.first_solved_at,
        Some("2026-03-02T09:30:00Z".parse().unwrap())
    );
    assert_eq!(
        s.last_solved_at,
        Some("2026-03-03T08:45:00Z".parse().unwrap())
    );
    assert_eq!(s.closed_at, Some("2026-03-10T09:00:00Z".parse().unwrap()));
    assert!(!s.awaiting_agent_reply);
    // Five periods: new, solved, open (reopened), solved, closed.
    let statuses: Vec<Status> = s.status_periods.iter().map(|p| p.status).collect();
    assert_eq!(
        statuses,
        [
            Status::New,
            Status::Solved,
            Status::Open,
            Status::Solved,
            Status::Closed
        ]
    );
}
