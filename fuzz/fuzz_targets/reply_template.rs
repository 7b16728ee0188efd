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
        let full: ReplyData = serde_json::from_value(serde_json::json!({
            "customer": {"id": "c1", "name": "Anna de Vries", "locale": "nl-NL", "time_zone": "Europe/Amsterdam"},
            "current_user": {"name": "Sanne"},
            "reply_by": "2026-11-30T09:00:00Z",
            "faq": {"answer": "Klik op vergeten.", "suggestions": ["a", "b"]},
            "flow_answers": {"order": "40213", "n": 3}
        }))
        .expect("data");
        vec![ReplyData::new(), full]
    })
}

fuzz_target!(|text: &str| {
    let Ok(template) = Template::new(text) else {
        return;
    };
    let now = "2026-11-27T18:00:00Z".parse().expect("now");
    for d in data() {
        if let Err(e) = template.render(d, None, now) {
            assert_eq!(e.code(), "reply.too_large", "`{text}`: {e}");
        }
    }
});
