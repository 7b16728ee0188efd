//! Reply templates: checking never panics, and a template that checks
//! renders with any of a few data sets (none, all) without panicking and
//! without failing, but for a reply over its size cap (`reply.too_large`):
//! never on missing data.
#![no_main]

use std::sync::OnceLock;

use frontline::reply::{ReplyData, Template};
use libfuzzer_sys::fuzz_target;

fn data() -> &'static [ReplyData] {
    static D: OnceLock<Vec<ReplyData>> = OnceLock::new();
    D.get_or_init(|| {
        let mut full: ReplyData = serde_json::from_value(serde_json::json!({
            "customer": {"id": "c1", "name": "Anna de Vries", "locale": "nl-NL", "time_zone": "Europe/Amsterdam"},
            "current_user": {"name": "Sanne"},
            "reply_by": "2026-11-30T09:00:00Z",
            "faq": {"answer": "Klik op vergeten.", "suggestions": ["a", "b"]},
            "flow_answers": {"order": "40213", "n": 3, "list": [1, "x", true], "obj": {"b": 1, "a": [2]}}
        }))
        .expect("data");
        let events: Vec<frontline::Event> = serde_json::from_value(serde_json::json!([
            {"at": "2026-11-27T09:00:00Z", "type": "created", "subject": "Ça ne marche pas & <b>", "requester": "c1",
             "channel": "email", "tags": ["vip", "login", "ünïcode"]},
            {"at": "2026-11-27T09:00:00Z", "type": "message", "author": "customer", "body": "50% & 'quotes' \"é\"\n%FF"}
        ]))
        .expect("events");
        full.ticket = Some(frontline::Ticket::from_events("T-1".parse().expect("id"), events).expect("ticket"));
        vec![ReplyData::new(), full]
    })
}

fuzz_target!(|text: &str| {
    let template = match Template::new(text) {
        Ok(t) => t,
        // What the scanner lets through, Liquid must parse.
        Err(e) => {
            assert!(!e.to_string().contains(": Liquid"), "`{text}`: {e}");
            return;
        }
    };
    let now = "2026-11-27T18:00:00Z".parse().expect("now");
    for d in data() {
        if let Err(e) = template.render(d, None, now) {
            assert_eq!(e.code(), "reply.too_large", "`{text}`: {e}");
        }
    }
});
