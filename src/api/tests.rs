use serde_json::{Value, json};

use super::*;

fn answer(request: &str) -> Value {
    serde_json::from_str(&call(request)).unwrap()
}

fn error_code(request: &str) -> String {
    let a = answer(request);
    assert_eq!(a["ok"], false, "{a}");
    assert_eq!(a["schema_version"], 1);
    a["error"]["code"].as_str().unwrap().to_owned()
}

#[test]
fn envelope_errors_have_stable_codes() {
    assert_eq!(error_code(""), "request.invalid_json");
    assert_eq!(error_code("[1,2]"), "request.not_an_object");
    assert_eq!(
        error_code(r#"{"op":"ticket.summary"}"#),
        "request.unsupported_schema_version"
    );
    assert_eq!(
        error_code(r#"{"schema_version":"1","op":"ticket.summary"}"#),
        "request.unsupported_schema_version"
    );
    assert_eq!(error_code(r#"{"schema_version":1}"#), "request.unknown_op");
    assert_eq!(
        error_code(r#"{"schema_version":1,"op":"ticket.fly"}"#),
        "request.unknown_op"
    );
    assert_eq!(
        error_code(r#"{"schema_version":1,"op":"ticket.summary"}"#),
        "request.invalid"
    );
    let big = format!("{{\"pad\":\"{}\"}}", "x".repeat(MAX_REQUEST_BYTES));
    assert_eq!(error_code(&big), "request.too_large");
}

#[test]
fn id_is_echoed() {
    let a = answer(r#"{"schema_version":1,"op":"nope","id":"req-7"}"#);
    assert_eq!(a["id"], "req-7");
    let a = answer(r#"{"schema_version":9,"id":3}"#);
    assert_eq!(a["id"], 3);
}

fn create_request() -> Value {
    json!({
        "schema_version": 1, "op": "ticket.apply", "ticket_id": "T-1",
        "events": [
            {"at": "2026-03-02T09:00:00Z", "type": "created", "subject": "Hallo",
             "requester": "c1", "channel": "email"},
            {"at": "2026-03-02T09:00:00Z", "type": "message", "author": "customer", "body": "Hoi"}
        ]
    })
}

#[test]
fn ticket_apply_then_continue() {
    let a = answer(&create_request().to_string());
    assert_eq!(a["ok"], true, "{a}");
    let ticket = a["result"]["ticket"].clone();
    let more = json!({"schema_version": 1, "op": "ticket.apply", "ticket": ticket, "events": [
        {"at": "2026-03-02T10:00:00Z", "type": "status_changed", "to": "solved"},
        {"at": "2026-03-02T09:00:00Z", "type": "status_changed", "to": "open"}
    ]});
    let a = answer(&more.to_string());
    assert_eq!(a["error"]["code"], "ticket.event_out_of_order");
    assert_eq!(a["error"]["index"], 1);
}

#[test]
fn ticket_apply_shape_errors() {
    let mut r = create_request();
    r["events"][1]["bodyy"] = json!("typo");
    let a = answer(&r.to_string());
    assert_eq!(a["error"]["code"], "request.invalid");
    assert_eq!(a["error"]["index"], 1);
    assert!(a["error"]["message"].as_str().unwrap().contains("bodyy"));

    let mut r = create_request();
    r["extra"] = json!(1);
    let a = answer(&r.to_string());
    assert_eq!(
        a["error"]["message"],
        "unknown field `extra` for op `ticket.apply`"
    );

    let mut r = create_request();
    r["ticket"] = json!({});
    assert_eq!(error_code(&r.to_string()), "request.invalid");
}

#[test]
fn tampered_ticket_keeps_its_code() {
    let a = answer(&create_request().to_string());
    let mut ticket = a["result"]["ticket"].clone();
    ticket["priority"] = json!("urgent");
    let r = json!({"schema_version": 1, "op": "ticket.summary", "ticket": ticket});
    assert_eq!(error_code(&r.to_string()), "ticket.state_mismatch");
}

#[test]
fn identity_ops() {
    let customers = json!([
        {"id": "c2", "identities": [{"type": "email", "value": "a@x.nl"}]},
        {"id": "c1", "identities": [{"type": "phone", "value": "+31612345678"}]}
    ]);
    let r = json!({"schema_version": 1, "op": "identity.resolve", "customers": customers,
                   "identity": {"type": "email", "value": "b@x.nl"}});
    assert_eq!(answer(&r.to_string())["result"]["customer"], Value::Null);
    let r = json!({"schema_version": 1, "op": "identity.link", "customers": customers,
                   "a": {"type": "email", "value": "A@x.nl"}, "b": {"type": "email", "value": "new@x.nl"}});
    let a = answer(&r.to_string());
    assert_eq!(a["result"]["outcome"]["kind"], "attached");
    assert_eq!(
        a["result"]["customer"]["identities"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let r = json!({"schema_version": 1, "op": "identity.link", "customers": customers,
                   "a": {"type": "email", "value": "z@x.nl"}, "b": {"type": "email", "value": "y@x.nl"}});
    assert_eq!(error_code(&r.to_string()), "identity.unknown");
    let r = json!({"schema_version": 1, "op": "identity.resolve", "customers": customers,
                   "identity": {"type": "phone", "value": "0612345678"}});
    assert_eq!(error_code(&r.to_string()), "identity.invalid");
    // A shape error after a domain error does not inherit its code.
    let r = json!({"schema_version": 1, "op": "identity.resolve", "customers": customers,
                   "identity": {"type": "phone"}});
    assert_eq!(error_code(&r.to_string()), "request.invalid");
}

#[test]
fn a_bad_faq_build_leaves_the_named_index_alone() {
    let mut session = Session::new();
    let good = json!({"schema_version": 1, "op": "faq.build", "name": "shop",
        "entries": [{"id": "returns", "locales": ["nl"], "question": "Hoe stuur ik iets terug?"}]});
    let a: Value = serde_json::from_str(&session.call(&good.to_string())).unwrap();
    assert_eq!(a["ok"], true);
    let bad =
        json!({"schema_version": 1, "op": "faq.build", "name": "shop", "entries": [], "confg": {}});
    let a: Value = serde_json::from_str(&session.call(&bad.to_string())).unwrap();
    assert_eq!(a["error"]["code"], "request.invalid");
    let search =
        json!({"schema_version": 1, "op": "faq.search", "faq": "shop", "query": "terugsturen"});
    let a: Value = serde_json::from_str(&session.call(&search.to_string())).unwrap();
    assert_eq!(a["result"]["matches"][0]["id"], "returns");
}

#[test]
fn faq_search_takes_the_query_vector() {
    let mut session = Session::new();
    let reply = |r: String| -> Value { serde_json::from_str(&r).unwrap() };
    let build = json!({"schema_version": 1, "op": "faq.build", "name": "bank", "entries": [
        {"id": "card", "locales": ["en"], "question": "Where is my new card?", "vectors": [[1.0, 0.0]]},
        {"id": "rate", "locales": ["en"], "question": "Which exchange rate?", "vectors": [[0.0, 1.0]]}]});
    assert_eq!(reply(session.call(&build.to_string()))["ok"], true);
    let search = |vector: Value| {
        json!({"schema_version": 1, "op": "faq.search", "faq": "bank",
               "query": "still not delivered", "vector": vector})
        .to_string()
    };
    let a = reply(session.call(&search(json!([0.9, 0.1]))));
    assert_eq!(a["result"]["matches"][0]["id"], "card", "{a}");
    let a = reply(session.call(&search(json!([1.0, 0.0, 0.0]))));
    assert_eq!(a["error"]["code"], "faq.invalid_vector", "{a}");
    // A value past f32's range is not a finite vector.
    let a = reply(session.call(&search(json!([1e300, 0.0]))));
    assert_eq!(a["error"]["code"], "faq.invalid_vector", "{a}");
    // Vectors count towards an inline FAQ's bytes.
    let big = json!({"schema_version": 1, "op": "faq.search", "query": "q", "faq": {"entries": [
        {"id": "a", "question": "a", "vectors": [vec![0.5; 30_000]]}]}});
    let a = reply(session.call(&big.to_string()));
    assert_eq!(a["error"]["code"], "request.inline_too_large", "{a}");
}

#[test]
fn triage_ops_build_name_and_analyze() {
    let mut session = Session::new();
    let reply = |r: String| -> Value { serde_json::from_str(&r).unwrap() };
    let angry =
        json!({"text": "Voor de derde keer: mijn app ligt plat! Ik zeg mijn abonnement op."});
    // The default configuration, without `now` (nothing needs it).
    let r = json!({"schema_version": 1, "op": "triage.analyze", "message": angry});
    let a = reply(session.call(&r.to_string()));
    assert_eq!(a["result"]["anger"]["angry"], true, "{a}");
    assert_eq!(a["result"]["urgency"]["level"], "high", "{a}");
    // A named configuration with a host cue.
    let build = json!({"schema_version": 1, "op": "triage.build", "name": "desk",
        "config": {"cues": [{"pattern": "schadevergoeding", "class": "anger", "label": "claim", "weight": 1.0}]}});
    let a = reply(session.call(&build.to_string()));
    assert_eq!(a["result"]["cues"], 1, "{a}");
    let r = json!({"schema_version": 1, "op": "triage.analyze", "config": "desk",
        "message": {"text": "Ik wil een schadevergoeding"}});
    let a = reply(session.call(&r.to_string()));
    let labels: Vec<&str> = a["result"]["cues"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["label"].as_str())
        .collect();
    assert!(labels.contains(&"claim"), "{a}");
    // Recent tickets need `now`; with it, repeat contact is found.
    let tickets = json!([{"id": "T-1", "created_at": "2026-03-01T09:00:00Z",
        "subject": "App ligt plat", "text": "de app ligt plat"}]);
    let r = json!({"schema_version": 1, "op": "triage.analyze", "message": angry,
        "recent_tickets": tickets});
    let a = reply(session.call(&r.to_string()));
    assert_eq!(a["error"]["code"], "request.invalid", "{a}");
    assert!(a["error"]["message"].as_str().unwrap().contains("now"));
    let r = json!({"schema_version": 1, "op": "triage.analyze", "message": angry,
        "recent_tickets": tickets, "now": "2026-03-02T09:00:00Z",
        "reach": {"public": true, "followers": 50000}});
    let a = reply(session.call(&r.to_string()));
    assert_eq!(a["result"]["repeat_contact"]["ticket_id"], "T-1", "{a}");
    assert_eq!(a["result"]["priority"]["priority"], "urgent", "{a}");
    // Errors: an unknown name, a bad inline configuration, a text too long.
    let r =
        json!({"schema_version": 1, "op": "triage.analyze", "config": "nope", "message": angry});
    assert_eq!(
        reply(session.call(&r.to_string()))["error"]["code"],
        "request.unknown_name"
    );
    let r = json!({"schema_version": 1, "op": "triage.analyze", "message": angry,
        "config": {"thresholds": {"anger": 2.0}}});
    assert_eq!(
        reply(session.call(&r.to_string()))["error"]["code"],
        "triage.invalid_thresholds"
    );
    let long = "a".repeat(crate::text::MAX_TEXT_BYTES + 1);
    let r = json!({"schema_version": 1, "op": "triage.analyze", "message": {"text": long}});
    assert_eq!(
        reply(session.call(&r.to_string()))["error"]["code"],
        "text.too_long"
    );
    // A configuration with category conditions needs `now`.
    let r = json!({"schema_version": 1, "op": "triage.analyze", "message": angry,
        "config": {"categories": [{"category": "c", "when": "channel is email"}]}});
    let a = reply(session.call(&r.to_string()));
    assert_eq!(a["error"]["code"], "request.invalid", "{a}");
    // An inline configuration over the inline cap, and an unknown field.
    let cues: Vec<Value> = (0..2_000)
        .map(|i| json!({"pattern": format!("word{i}"), "class": "anger", "label": "l", "weight": 1.0}))
        .collect();
    let r = json!({"schema_version": 1, "op": "triage.analyze", "message": angry,
        "config": {"cues": cues}});
    let a = reply(session.call(&r.to_string()));
    assert_eq!(a["error"]["code"], "request.inline_too_large", "{a}");
    let r = json!({"schema_version": 1, "op": "triage.analyze", "message": angry, "reachh": {}});
    let a = reply(session.call(&r.to_string()));
    assert_eq!(a["error"]["code"], "request.invalid", "{a}");
}

proptest::proptest! {
    #[test]
    fn call_never_panics_and_always_answers_json(s in "\\PC{0,300}") {
        let a: Value = serde_json::from_str(&call(&s)).unwrap();
        proptest::prop_assert_eq!(&a["schema_version"], &json!(1));
        proptest::prop_assert!(a["ok"].is_boolean());
    }

    #[test]
    fn mangled_requests_never_panic(cut in 0usize..400, byte in 0u8..128) {
        let mut r = create_request().to_string().into_bytes();
        let at = cut % r.len();
        r[at] = byte;
        let s = String::from_utf8_lossy(&r);
        let a: Value = serde_json::from_str(&call(&s)).unwrap();
        proptest::prop_assert!(a["ok"].is_boolean());
    }
}

#[test]
fn inline_faqs_are_capped_and_point_to_faq_build() {
    let entry = |i: usize, phrasings: usize, answer: usize| {
        json!({"id": format!("e{i}"), "question": format!("vraag {i}"),
               "phrasings": vec!["hoe werkt dit"; phrasings], "answer": "x".repeat(answer)})
    };
    let search = |entries: Vec<Value>| {
        json!({"schema_version": 1, "op": "faq.search", "query": "werkt",
               "faq": {"entries": entries}})
        .to_string()
    };
    // At the text cap: built and searched.
    let at_cap: Vec<Value> = (0..MAX_INLINE_FAQ_TEXTS / 10)
        .map(|i| entry(i, 9, 10))
        .collect();
    assert_eq!(answer(&search(at_cap.clone()))["ok"], true);
    // One text more: refused, naming the count and the way out.
    let mut over = at_cap;
    over.push(entry(9_999, 0, 10));
    let a = answer(&search(over));
    assert_eq!(a["error"]["code"], "request.inline_too_large", "{a}");
    let message = a["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("1501 questions and phrasings"),
        "{message}"
    );
    assert!(message.contains("faq.build"), "{message}");
    // Few texts but too many bytes.
    let synonyms: Vec<Vec<String>> = (0..2_000).map(|i| vec![format!("woord{i}"); 8]).collect();
    let request = json!({"schema_version": 1, "op": "faq.search", "query": "werkt",
        "faq": {"entries": [entry(0, 1, 10)], "config": {"synonyms": {"nl": synonyms}}}});
    assert_eq!(error_code(&request.to_string()), "request.inline_too_large");
    let long: Vec<Value> = (0..20).map(|i| entry(i, 0, 8_000)).collect();
    assert_eq!(error_code(&search(long)), "request.inline_too_large");
}

#[test]
fn a_panic_is_answered_internal_with_the_op_and_the_session_lives_on() {
    let mut session = Session::new();
    let a: Value =
        serde_json::from_str(&session.call(r#"{"schema_version":1,"op":"test.panic","id":1}"#))
            .unwrap();
    assert_eq!(a["ok"], false);
    assert_eq!(a["error"]["code"], "internal");
    assert_eq!(a["id"], 1);
    let message = a["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("`test.panic`") && message.contains("bug"),
        "{message}"
    );
    let a: Value = serde_json::from_str(
        &session
            .call(r#"{"schema_version":1,"op":"text.analyze","text":"hallo wereld","lang":"nl"}"#),
    )
    .unwrap();
    assert_eq!(a["ok"], true, "{a}");
}

#[test]
fn a_byte_order_mark_before_the_request_is_ignored() {
    let a = answer(
        "\u{feff}{\"schema_version\":1,\"op\":\"text.analyze\",\"text\":\"hi\",\"lang\":\"en\"}",
    );
    assert_eq!(a["ok"], true, "{a}");
    // Only one, and only at the start.
    assert_eq!(error_code("\u{feff}\u{feff}{}"), "request.invalid_json");
}

#[test]
fn every_request_string_and_list_has_a_cap() {
    let faq = json!({"entries": [{"id": "a", "question": "retour"}]});
    let big_locale = "nl-".to_owned() + &"x".repeat(10 * 1024 * 1024);
    let search = json!({"schema_version": 1, "op": "faq.search", "faq": faq,
                        "query": "retour", "context": {"locale": big_locale}});
    // A locale is a checked type: too long a tag fails as a locale.
    assert_eq!(error_code(&search.to_string()), "ticket.invalid_locale");
    let locale_entry = json!({"entries": [{"id": "a", "question": "q", "locales": ["nl-".to_owned() + &"x".repeat(40)]}]});
    let search =
        json!({"schema_version": 1, "op": "faq.search", "faq": locale_entry, "query": "q"});
    assert_eq!(error_code(&search.to_string()), "ticket.invalid_locale");
    // A well-formed locale in a language frontline does not analyse.
    let polish = json!({"entries": [{"id": "a", "question": "q", "locales": ["pl"]}]});
    let search = json!({"schema_version": 1, "op": "faq.search", "faq": polish, "query": "q"});
    assert_eq!(error_code(&search.to_string()), "faq.unknown_locale");

    let agents = json!([{"id": "a1", "presence": {"status": "online"},
                         "capacity": {"per_channel": {"email": 2}}}]);
    let skills: serde_json::Map<String, Value> =
        (0..65).map(|i| (format!("s{i}"), json!(1))).collect();
    let route = |item: Value| {
        json!({"schema_version": 1, "op": "routing.route", "agents": agents, "item": item,
               "now": "2026-03-02T09:00:00Z"})
        .to_string()
    };
    let item = json!({"ticket": "T-1", "channel": "email", "enqueued_at": "2026-03-02T09:00:00Z",
                      "required_skills": skills});
    assert_eq!(error_code(&route(item)), "routing.too_large");
    let item = json!({"ticket": "T-1", "channel": "email", "enqueued_at": "2026-03-02T09:00:00Z",
                      "language": "x".repeat(36)});
    assert_eq!(error_code(&route(item)), "ticket.invalid_locale");
    let backlog = json!({"schema_version": 1, "op": "routing.assign_backlog", "agents": agents,
        "items": [{"ticket": "T-1", "channel": "email", "enqueued_at": "2026-03-02T09:00:00Z"},
                  {"ticket": "T-2", "channel": "email", "enqueued_at": "2026-03-02T09:00:00Z",
                   "preferred_skills": {"x".repeat(129): 1}}],
        "now": "2026-03-02T09:00:00Z"});
    let a = answer(&backlog.to_string());
    assert_eq!(a["error"]["code"], "routing.name_too_long", "{a}");
    assert_eq!(a["error"]["index"], 1, "{a}");

    let customers = json!([{"id": "c1", "segment": "v".repeat(257)}]);
    let resolve = json!({"schema_version": 1, "op": "identity.resolve", "customers": customers,
                         "identity": {"type": "email", "value": "a@b.nl"}});
    assert_eq!(error_code(&resolve.to_string()), "ticket.too_large");

    let mut create = create_request();
    create["events"][0]["fields"] = json!({"order": "x".repeat(20_000)});
    assert_eq!(error_code(&create.to_string()), "ticket.too_large");

    let detect = json!({"schema_version": 1, "op": "text.detect_language",
                        "text": "mijn wachtwoord werkt niet", "candidates": vec!["nl"; 65]});
    assert_eq!(error_code(&detect.to_string()), "request.invalid");
    let detect = json!({"schema_version": 1, "op": "text.detect_language",
                        "text": "mijn wachtwoord werkt niet", "candidates": ["nl", "nl", "en"]});
    let a = answer(&detect.to_string());
    assert_eq!(
        a["result"]["detection"]["scores"].as_array().map(Vec::len),
        Some(2),
        "{a}"
    );
}

#[test]
fn calendar_build_answers_a_summary_a_host_can_use() {
    let mut session = Session::new();
    let a: Value = serde_json::from_str(&session.call(
        r#"{"schema_version":1,"op":"calendar.build","name":"office","calendar":{
            "time_zone":"Europe/Amsterdam",
            "hours":{"mon":[["09:00","12:30"],["13:30","17:30"]],"sat":[["22:00","06:00"]],"sun":[["00:00","08:00"],["20:00","24:00"]]},
            "holidays":["2026-04-27"],"shifts":{"2026-12-24":[["09:00","13:00"]]},
            "public_holidays":[{"country":"NL"}]}}"#,
    ))
    .unwrap();
    assert_eq!(
        a["result"],
        json!({"name": "office", "time_zone": "Europe/Amsterdam",
               "hours": {"mon": [["09:00", "12:30"], ["13:30", "17:30"]],
                         "sat": [["22:00", "06:00"]], "sun": [["00:00", "08:00"], ["20:00", "24:00"]]},
               // 3.5 h + 4 h; Saturday 22:00 to Sunday 08:00 is 10 h, not
               // 8 + 8 (the overnight part and Sunday's morning overlap).
               "weekly_open_seconds": 27_000 + 36_000 + 14_400,
               "holidays": 1, "shifts": 1, "breaks": 0,
               "public_holidays": [{"country": "NL", "include_optional": false}],
               "horizon": {"from": "1970-01-01", "to": "2099-12-31"}}),
        "{a}"
    );
}

#[test]
fn a_misspelt_field_is_named_before_the_missing_one() {
    let a = answer(r#"{"schema_version":1,"op":"holidays.list","country":"NL","yaer":2026}"#);
    assert_eq!(
        a["error"]["message"], "unknown field `yaer`, expected `year`",
        "{a}"
    );
    // A field another part of the request takes is not a misspelling.
    let a = answer(
        r#"{"schema_version":1,"op":"identity.link","customers":[],"b":{"type":"chat","value":"v"}}"#,
    );
    assert_eq!(a["error"]["message"], "missing field `a`", "{a}");
    let a = answer(r#"{"schema_version":1,"op":"holidays.list","country":"NL","month":3}"#);
    assert_eq!(a["error"]["message"], "missing field `year`", "{a}");
    assert!(ops::misspelt("calender", "calendar") && ops::misspelt("agnets", "agents"));
    assert!(!ops::misspelt("now", "name") && !ops::misspelt("year", "year"));
    // Inside a list, the element and field are named.
    let a = answer(
        r#"{"schema_version":1,"op":"routing.route","agents":[
        {"id":"a1","presence":{"status":"online"},"capacity":{"per_channel":{"email":2}}},
        {"id":"a2","presence":{"status":"online"}}],
        "item":{"ticket":"T-1","channel":"email","enqueued_at":"2026-03-02T09:00:00Z"},
        "now":"2026-03-02T09:00:00Z"}"#,
    );
    assert_eq!(
        a["error"]["message"], "field `agents[1]`: missing field `capacity`",
        "{a}"
    );
}

#[test]
fn request_fields_lists_every_field_an_op_reads() {
    let source = include_str!("ops.rs");
    for marker in ["(f, \"", "(fields, \"", ".remove(\""] {
        for piece in source.split(marker).skip(1) {
            let name: String = piece
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !name.is_empty() && piece[name.len()..].starts_with('"') {
                assert!(
                    ops::REQUEST_FIELDS.contains(&name.as_str()),
                    "`{name}` is read but not in REQUEST_FIELDS"
                );
            }
        }
    }
}

#[test]
fn zendesk_imports_keep_position_order() {
    let rule = |title: &str, position: Value| {
        json!({"title": title, "position": position, "conditions": {"all": [
            {"field": "status", "operator": "is", "value": "new"}]},
            "actions": [{"field": "priority", "value": "high"}]})
    };
    let request = json!({"schema_version": 1, "op": "rules.import_zendesk", "rules": [
        rule("third", json!(null)), rule("second", json!(7)), rule("first", json!(2))]});
    let a = answer(&request.to_string());
    let ids: Vec<&str> = a["result"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["first", "second", "third"], "{a}");
}

#[test]
fn every_listed_op_reaches_its_handler() {
    for op in catalogue::OPS.iter().map(|o| o.name) {
        let a = answer(&json!({"schema_version": 1, "op": op}).to_string());
        assert_ne!(a["error"]["code"], "request.unknown_op", "{op}: {a}");
    }
}

#[test]
fn a_session_calendar_is_shared_by_sla_rules_and_routing() {
    let mut session = Session::new();
    let mut call = |request: Value| -> Value {
        serde_json::from_str(&session.call(&request.to_string())).unwrap()
    };
    let built = call(
        json!({"schema_version": 1, "op": "calendar.build", "name": "office",
        "calendar": {"time_zone": "Europe/Amsterdam", "hours": {"mon": [["09:00", "17:00"]]}}}),
    );
    assert_eq!(built["ok"], true, "{built}");
    let sla = call(
        json!({"schema_version": 1, "op": "sla.build", "name": "std",
        "policies": {"policies": [{"name": "Default", "calendar": "office",
            "targets": {"first_reply_time": {"normal": "4h"}}}]}}),
    );
    assert_eq!(sla["ok"], true, "{sla}");
    let rules = call(
        json!({"schema_version": 1, "op": "rules.build", "name": "r",
        "rules": {"rules": [{"id": "after-hours", "kind": {"trigger": ["created"]},
            "when": "not within_business_hours(office)",
            "actions": [{"type": "add_tags", "tags": ["after_hours"]}]}]}}),
    );
    assert_eq!(rules["ok"], true, "{rules}");
    let agents = json!([{"id": "a-1", "presence": {"status": "online"},
        "capacity": {"per_channel": {"chat": 2}}, "shift": "office"}]);
    let item = json!({"ticket": "T-1", "channel": "chat", "enqueued_at": "2026-03-02T09:00:00Z"});
    let routed = call(
        json!({"schema_version": 1, "op": "routing.route", "agents": agents,
        "item": item, "now": "2026-03-02T09:00:00Z"}),
    );
    assert_eq!(routed["ok"], true, "{routed}");
    // A configuration's own calendar of the same name is the one it uses.
    let own = call(
        json!({"schema_version": 1, "op": "sla.build", "name": "own",
        "policies": {"calendars": {"office": {"time_zone": "UTC", "hours": {"tue": [["09:00", "17:00"]]}}},
            "policies": [{"name": "Default", "calendar": "office",
                "targets": {"first_reply_time": {"normal": "4h"}}}]}}),
    );
    assert_eq!(own["ok"], true, "{own}");
    // Without the session's calendar the name is unknown.
    let alone = answer(
        &json!({"schema_version": 1, "op": "sla.build", "name": "std",
        "policies": {"policies": [{"name": "Default", "calendar": "office",
            "targets": {"first_reply_time": {"normal": "4h"}}}]}})
        .to_string(),
    );
    assert_eq!(alone["error"]["code"], "sla.unknown_calendar", "{alone}");
}

#[test]
fn flow_ops_validate_build_and_step() {
    let mut session = Session::new();
    let reply = |r: String| -> Value { serde_json::from_str(&r).unwrap() };
    let flow = json!({"id": "login", "default_locale": "nl", "nodes": [
        {"id": "mail", "kind": "ask", "text": {"nl": "Komt de resetmail aan?"},
         "input": {"type": "yes_no", "yes": "ok", "no": "human"}},
        {"id": "ok", "kind": "end", "outcome": "resolved"},
        {"id": "human", "kind": "end", "outcome": "escalate", "reason": "no reset e-mail", "group": "accounts"}
    ]});
    let r = json!({"schema_version": 1, "op": "flow.validate", "flow": flow});
    let a = reply(session.call(&r.to_string()));
    assert_eq!(
        a["result"],
        json!({"id": "login", "nodes": 3, "subflows": 0}),
        "{a}"
    );
    let mut bad = flow.clone();
    bad["nodes"][0]["input"]["no"] = json!("nowhere");
    let r = json!({"schema_version": 1, "op": "flow.validate", "flow": bad});
    let a = reply(session.call(&r.to_string()));
    assert_eq!(a["error"]["code"], "flow.missing_target", "{a}");
    let r = json!({"schema_version": 1, "op": "flow.build", "name": "login", "flow": flow});
    assert_eq!(reply(session.call(&r.to_string()))["ok"], true);
    // Start by name, then answer with the state returned.
    let now = "2026-03-02T09:00:00Z";
    let r = json!({"schema_version": 1, "op": "flow.step", "flow": "login", "now": now});
    let a = reply(session.call(&r.to_string()));
    assert_eq!(
        a["result"]["prompts"][0]["text"], "Komt de resetmail aan?",
        "{a}"
    );
    assert_eq!(a["result"]["wait"]["input"], "yes_no", "{a}");
    let state = a["result"]["state"].clone();
    let r = json!({"schema_version": 1, "op": "flow.step", "flow": "login", "now": now,
        "state": state, "input": {"type": "answer", "text": "nee"}});
    let a = reply(session.call(&r.to_string()));
    assert_eq!(a["result"]["outcome"]["outcome"], "escalate", "{a}");
    assert_eq!(a["result"]["outcome"]["group"], "accounts", "{a}");
    // An input without a state, and an unknown name, are refused.
    let r = json!({"schema_version": 1, "op": "flow.step", "flow": "login", "now": now,
        "input": {"type": "back"}});
    assert_eq!(
        reply(session.call(&r.to_string()))["error"]["code"],
        "request.invalid"
    );
    let r = json!({"schema_version": 1, "op": "flow.step", "flow": "other", "now": now});
    assert_eq!(
        reply(session.call(&r.to_string()))["error"]["code"],
        "request.unknown_name"
    );
    let r =
        json!({"schema_version": 1, "op": "flow.step", "flow": "login", "now": now, "colour": 1});
    assert_eq!(
        reply(session.call(&r.to_string()))["error"]["code"],
        "request.invalid"
    );
}

#[test]
fn reply_ops_build_render_and_acknowledge() {
    let mut session = Session::new();
    let reply = |r: String| -> Value { serde_json::from_str(&r).unwrap() };
    let now = "2026-11-27T18:00:00Z"; // Friday 19:00 in Amsterdam
    let r = json!({"schema_version": 1, "op": "reply.render", "now": now,
        "template": "Hoi {{ ticket.requester.first_name | default: \"daar\" }}, antwoord {{ reply_by }}.",
        "data": {"locale": "nl", "time_zone": "Europe/Amsterdam", "reply_by": "2026-11-30T09:00:00Z",
                 "customer": {"id": "c1", "name": "Anna de Vries"}}});
    let a = reply(session.call(&r.to_string()));
    assert_eq!(
        a["result"]["text"], "Hoi Anna, antwoord maandag 30 november om 10:00.",
        "{a}"
    );
    let r = json!({"schema_version": 1, "op": "reply.render", "now": now, "template": "{{ ticket.nickname }}"});
    let a = reply(session.call(&r.to_string()));
    assert_eq!(a["error"]["code"], "reply.unknown_placeholder", "{a}");
    let build = json!({"schema_version": 1, "op": "reply.build", "name": "desk",
        "templates": {"default_locale": "nl", "templates": {
            "acknowledge": {"nl": "Dank je! We antwoorden {{ reply_by }}.", "en": "Thanks! We answer {{ reply_by }}."},
            "bye": {"nl": "Doei {{ current_user.first_name }}"}}}});
    let a = reply(session.call(&build.to_string()));
    assert_eq!(
        a["result"]["templates"],
        json!(["acknowledge", "bye"]),
        "{a}"
    );
    let r = json!({"schema_version": 1, "op": "reply.render", "now": now, "set": "desk", "template": "bye",
        "data": {"current_user": {"name": "Sanne de Boer"}}});
    assert_eq!(
        reply(session.call(&r.to_string()))["result"]["text"],
        "Doei Sanne"
    );
    let calendar = json!({"time_zone": "Europe/Amsterdam", "hours": {"mon": [["09:00", "17:00"]], "fri": [["09:00", "17:00"]]}});
    let r = json!({"schema_version": 1, "op": "reply.acknowledge", "now": now, "calendar": calendar,
        "data": {"locale": "en", "reply_by": "2026-11-30T09:00:00Z"}});
    let a = reply(session.call(&r.to_string()));
    assert_eq!(a["result"]["open_now"], false, "{a}");
    assert!(
        a["result"]["text"]
            .as_str()
            .unwrap()
            .contains("we are back Monday 30 November at 09:00"),
        "{a}"
    );
    let r = json!({"schema_version": 1, "op": "reply.acknowledge", "now": now, "set": "desk",
        "data": {"locale": "en", "time_zone": "Europe/Amsterdam", "reply_by": "2026-11-30T09:00:00Z"}});
    let a = reply(session.call(&r.to_string()));
    assert_eq!(
        a["result"]["text"], "Thanks! We answer Monday 30 November at 10:00.",
        "{a}"
    );
}

#[test]
fn escalation_op_summarizes() {
    let r = json!({"schema_version": 1, "op": "escalation.summarize", "now": "2026-11-23T09:00:00Z",
        "input": {"customer": {"id": "c-anna", "name": "Anna de Vries", "locale": "nl-NL", "plan": "plus"},
                  "reason": "resetmail komt niet aan", "agent_locale": "nl"}});
    let a: Value = serde_json::from_str(&Session::new().call(&r.to_string())).unwrap();
    assert_eq!(
        a["result"]["summary"], "Anna de Vries (NL, plus-abonnement): resetmail komt niet aan.",
        "{a}"
    );
    let r = json!({"schema_version": 1, "op": "escalation.summarize", "now": "2026-11-23T09:00:00Z",
        "input": {"colour": "red"}});
    let a: Value = serde_json::from_str(&Session::new().call(&r.to_string())).unwrap();
    assert_eq!(a["error"]["code"], "request.invalid", "{a}");
}

#[test]
fn staffing_ops_answer_the_reference_case() {
    let mut session = Session::new();
    let call = |s: &mut Session, r: Value| -> Value {
        serde_json::from_str(&s.call(&r.to_string())).unwrap()
    };
    let a = call(
        &mut session,
        json!({"schema_version": 1, "op": "staffing.required_agents",
        "arrivals": 100, "interval_seconds": 1800, "aht_seconds": 180,
        "target_service_level": 0.8, "target_seconds": 20, "shrinkage": 0.3}),
    );
    assert_eq!(a["result"]["agents"], 14, "{a}");
    assert_eq!(a["result"]["agents_with_shrinkage"], 20, "{a}");
    let a = call(
        &mut session,
        json!({"schema_version": 1, "op": "staffing.erlang_c",
        "arrivals": 100, "interval_seconds": 1800, "aht_seconds": 180, "agents": 9, "target_seconds": 20}),
    );
    assert_eq!(a["result"]["asa_seconds"], Value::Null, "{a}");
    assert_eq!(a["result"]["p_wait"], 1.0, "{a}");
    let a = call(
        &mut session,
        json!({"schema_version": 1, "op": "staffing.erlang_a",
        "arrivals": 100, "interval_seconds": 1800, "aht_seconds": 180, "agents": 12, "target_seconds": 20,
        "patience_seconds": 120}),
    );
    assert!(a["result"]["p_abandon"].as_f64().unwrap() > 0.0, "{a}");
    let a = call(
        &mut session,
        json!({"schema_version": 1, "op": "staffing.required_agents",
        "arrivals": 100, "interval_seconds": 1800, "aht_seconds": 180,
        "target_service_level": 0.8, "target_seconds": 20, "model": "erlang_a"}),
    );
    assert_eq!(a["error"]["code"], "request.invalid", "{a}");
    // A roster against a flat forecast: 20 needed, 20 scheduled all week.
    let a = call(
        &mut session,
        json!({"schema_version": 1, "op": "staffing.check_roster", "week_of": "2026-11-30",
        "forecast": {"zone": "Europe/Amsterdam", "queues": [{"queue": "chat", "aht_seconds": 180,
            "target_service_level": 0.8, "target_seconds": 20, "arrivals": vec![100.0; 336]}]},
        "roster": {"shrinkage": 0.3, "teams": [{"name": "ams", "zone": "Europe/Amsterdam", "queues": ["chat"],
            "shifts": [{"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                        "start": "00:00", "end": "00:00", "agents": 20}]}]}}),
    );
    assert_eq!(a["result"]["queues"][0]["hours_short"], 0.0, "{a}");
    assert_eq!(
        a["result"]["queues"][0]["intervals"][0]["required"], 20,
        "{a}"
    );
}

#[test]
fn metrics_ops_compute_merge_and_check_goals() {
    let mut session = Session::new();
    let call = |s: &mut Session, r: Value| -> Value {
        serde_json::from_str(&s.call(&r.to_string())).unwrap()
    };
    let config = json!({"from": "2026-11-01T00:00:00Z", "to": "2026-12-01T00:00:00Z", "group_by": ["channel"]});
    let ticket = |id: &str, channel: &str, reply: &str| {
        json!({"id": id, "events": [
            {"at": "2026-11-02T09:00:00Z", "type": "created", "subject": "?", "requester": "c1", "channel": channel},
            {"at": "2026-11-02T09:00:00Z", "type": "message", "author": "customer", "body": "?"},
            {"at": reply, "type": "message", "author": "agent", "body": "!"}]})
    };
    let policies =
        json!({"policies": [{"name": "All", "targets": {"first_reply_time": {"normal": "5m"}}}]});
    let mut states = Vec::new();
    for (id, channel, reply) in [
        ("T-1", "chat", "2026-11-02T09:01:00Z"),
        ("T-2", "chat", "2026-11-02T09:10:00Z"),
    ] {
        let a = call(
            &mut session,
            json!({"schema_version": 1, "op": "metrics.compute", "config": config,
            "tickets": [ticket(id, channel, reply)], "policies": policies, "return_state": true}),
        );
        assert_eq!(a["result"]["table"]["tickets"], 1, "{a}");
        states.push(a["result"]["state"].clone());
    }
    let a = call(
        &mut session,
        json!({"schema_version": 1, "op": "metrics.merge", "states": states}),
    );
    let total = &a["result"]["table"]["total"];
    assert_eq!(
        total["first_reply_time"]["calendar"]["median"], 330.0,
        "{a}"
    );
    assert_eq!(total["sla"][0]["attainment"], 0.5, "{a}");
    let state = a["result"]["state"].clone();
    let a = call(
        &mut session,
        json!({"schema_version": 1, "op": "metrics.check_goals", "state": state,
        "goals": [{"metric": "first_reply_time", "channel": "chat", "stat": "median", "max_seconds": 120}]}),
    );
    let r = &a["result"]["results"][0];
    assert_eq!(
        (r["status"].as_str(), r["gap"].as_f64()),
        (Some("not_met"), Some(210.0)),
        "{a}"
    );
    assert_eq!(r["tickets"][0]["ticket"], "T-2", "{a}");
    // A malformed ticket names its index; merging other configurations is refused.
    let a = call(
        &mut session,
        json!({"schema_version": 1, "op": "metrics.compute", "config": config,
        "tickets": [ticket("T-1", "chat", "2026-11-02T09:01:00Z"), {"id": "T-3", "events": []}]}),
    );
    assert_eq!(a["error"]["index"], 1, "{a}");
    let mut other = state.clone();
    other["config"]["group_by"] = json!([]);
    other["groups"] = json!([]);
    let a = call(
        &mut session,
        json!({"schema_version": 1, "op": "metrics.merge", "states": [state, other]}),
    );
    assert_eq!(a["error"]["code"], "metrics.mismatch", "{a}");
}

#[test]
fn trends_suggest_finds_a_planted_tenure_cluster() {
    let mut records = Vec::new();
    for i in 0..300 {
        records.push(json!({"ticket": format!("T-{i}"), "category": "delivery",
            "created_at": format!("2026-{:02}-{:02}T10:00:00Z", 1 + (i % 12), 1 + (i % 28)),
            "signup_at": "2026-01-01T00:00:00Z"}));
    }
    for i in 0..30 {
        records.push(json!({"ticket": format!("E-{i}"), "category": "export",
            "created_at": format!("2026-03-{:02}T10:00:00Z", 22 + (i % 7)), "signup_at": "2026-01-01T00:00:00Z"}));
    }
    let a: Value = serde_json::from_str(&Session::new().call(
        &json!({"schema_version": 1, "op": "trends.suggest", "records": records}).to_string(),
    ))
    .unwrap();
    assert_eq!(a["result"]["tenure"][0]["category"], "export", "{a}");
    assert_eq!(a["result"]["tenure"][0]["rule"]["kind"], "lifecycle", "{a}");
    let a: Value = serde_json::from_str(&Session::new().call(
        &json!({"schema_version": 1, "op": "trends.suggest", "records": [], "config": {"alpha": 2}}).to_string(),
    ))
    .unwrap();
    assert_eq!(a["error"]["code"], "trends.invalid_config", "{a}");
}
