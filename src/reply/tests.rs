#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use proptest::prelude::*;
use serde_json::json;

use super::schema::{DYNAMIC, Kind, PLACEHOLDERS};
use super::*;
use crate::time::{Timestamp, WordsLang, WordsStyle, Zone, in_words};
use crate::{BusinessCalendar, CalendarSpec, Customer, Ticket};

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn office() -> BusinessCalendar {
    use crate::time::Weekday::*;
    BusinessCalendar::new(
        &CalendarSpec::new("Europe/Amsterdam".parse().unwrap())
            .open(&[Mon, Tue, Wed, Thu, Fri], "09:00", "17:00")
            .unwrap()
            .open(&[Sat], "10:00", "14:00")
            .unwrap(),
    )
    .unwrap()
}

fn anna() -> Customer {
    let mut c = Customer::new("c-anna".parse().unwrap());
    c.name = Some("Anna de Vries".into());
    c.locale = Some("nl-NL".parse().unwrap());
    c.time_zone = Some(Zone::parse("Europe/Amsterdam").unwrap());
    c.identities
        .insert(crate::customer::Identity::email("Anna@Example.nl").unwrap());
    c
}

fn ticket() -> Ticket {
    let events: Vec<crate::Event> = serde_json::from_value(json!([
        {"at": "2026-11-23T08:00:00Z", "type": "created", "subject": "Kan niet inloggen",
         "requester": "c-anna", "channel": "email", "tags": ["login", "app"]},
        {"at": "2026-11-23T08:00:00Z", "type": "message", "author": "customer", "body": "Mijn wachtwoord werkt niet."},
        {"at": "2026-11-23T08:30:00Z", "type": "message", "author": "agent",
         "actor": {"kind": "agent", "id": "a-sanne"}, "body": "Intern: reset gestuurd", "public": false}
    ]))
    .unwrap();
    Ticket::from_events("T-1001".parse().unwrap(), events).unwrap()
}

fn data() -> ReplyData {
    let mut d = ReplyData::new();
    d.ticket = Some(ticket());
    d.customer = Some(anna());
    d.current_user = Some(Person::named("Sanne de Boer"));
    d
}

const NOW: &str = "2026-11-23T09:00:00Z"; // Monday 10:00 in Amsterdam

#[test]
fn a_zendesk_macro_renders() {
    let macro_ = "Hoi {{ticket.requester.first_name}},\n\n\
        {% if ticket.status == \"new\" %}We hebben je vraag over \"{{ ticket.title }}\" ontvangen.\
        {% elsif ticket.status == \"open\" %}We werken aan \"{{ ticket.title }}\".\
        {% else %}Je vraag staat op {{ ticket.status }}.{% endif %}\n\
        {% case ticket.via %}{% when \"email\" %}Je mailde ons.{% when \"chat\" %}Je chatte.{% else %}Hoi.{% endcase %}\n\
        {% unless ticket.assignee.name %}Nog niemand heeft je vraag opgepakt.{% endunless %}\n\
        Labels: {% for tag in ticket.tags %}{{ tag | upcase }}{% unless forloop.last %}, {% endunless %}{% endfor %}\n\
        {{ ticket.requester.email }} / {{ current_user.first_name }} / {{ ticket.id | prepend: \"#\" }}";
    let t = Template::new(macro_).unwrap();
    let out = t.render(&data(), None, at(NOW)).unwrap();
    assert_eq!(
        out,
        "Hoi Anna,\n\nWe hebben je vraag over \"Kan niet inloggen\" ontvangen.\nJe mailde ons.\n\
         Nog niemand heeft je vraag opgepakt.\nLabels: APP, LOGIN\n\
         anna@example.nl / Sanne / #T-1001"
    );
    assert!(t.placeholders().contains(&"ticket.tags".to_owned()));
}

#[test]
fn missing_data_renders_as_nothing_for_every_placeholder() {
    let mut source = String::new();
    for (p, kind) in PLACEHOLDERS {
        match kind {
            Kind::Value => source.push_str(&format!("[{{{{ {p} }}}}]{{% if {p} %}}!{{% endif %}}")),
            Kind::List => source.push_str(&format!(
                "[{{{{ {p}.size }}}}{{% for x in {p} %}}{{{{ x }}}}{{% endfor %}}]"
            )),
        }
    }
    for prefix in DYNAMIC {
        source.push_str(&format!("[{{{{ {prefix}anything }}}}]"));
    }
    let t = Template::new(&source).unwrap();
    let empty = t.render(&ReplyData::new(), None, at(NOW)).unwrap();
    // `reply_late` is false, not missing; every other value is empty.
    assert_eq!(
        empty.matches("[]").count(),
        PLACEHOLDERS.len() + DYNAMIC.len() - 3,
        "{empty}"
    );
    assert_eq!(empty.matches("[0]").count(), 2, "{empty}");
    assert!(!empty.contains('!'), "{empty}");
    // With everything given, nothing fails either.
    let mut full = data();
    full.reply_by = Some(at("2026-11-24T09:00:00Z"));
    full.faq = Some(FaqReply {
        question: Some("Wachtwoord?".into()),
        answer: Some("Klik op vergeten.".into()),
        suggestions: vec!["A".into(), "B".into()],
    });
    full.flow_answers.insert("anything".into(), json!(42));
    let out = t.render(&full, Some(&office()), at(NOW)).unwrap();
    assert!(out.contains("[morgen om 10:00]"), "{out}");
    assert!(out.contains("[42]"), "{out}");
}

#[test]
fn checking_names_the_place() {
    let code = |s: &str| {
        Template::new(s)
            .map(|_| String::new())
            .unwrap_or_else(|e| format!("{}: {e}", e.code()))
    };
    assert_eq!(
        code("Hoi\n{{ ticket.requester.nickname }}"),
        "reply.unknown_placeholder: unknown placeholder `ticket.requester.nickname` at line 2, column 1"
    );
    assert_eq!(
        code("Hoi\n  {% if ticket.id %}\nopen"),
        "reply.syntax: template syntax at line 2, column 3: `{% if %}` is never closed with `{% endif %}`"
    );
    assert_eq!(
        code("a {% endif %}"),
        "reply.syntax: template syntax at line 1, column 3: `{% endif %}` without an open `{% if %}`"
    );
    assert_eq!(
        code("{% for t in ticket.tags %}{% endif %}"),
        "reply.syntax: template syntax at line 1, column 27: `{% endif %}` where `{% endfor %}` is expected"
    );
    assert_eq!(
        code("{{ ticket.id "),
        "reply.syntax: template syntax at line 1, column 1: `{{` is never closed with `}}`"
    );
    assert_eq!(
        code("ok\n{{ ticket.id | }}"),
        "reply.unsupported: not supported: a `|` without a filter, at line 2, column 1"
    );
    assert!(code("{{ ticket.title | date: \"%Y\" }}").starts_with("reply.unsupported"));
    assert_eq!(
        code(&"x".repeat(MAX_TEMPLATE_BYTES + 1)).split(':').next(),
        Some("reply.too_large")
    );
}

#[test]
fn times_in_words_by_language_and_zone() {
    let zone = Zone::parse("Europe/Amsterdam").unwrap();
    let now = at("2026-11-24T07:00:00Z"); // Tuesday 08:00
    let w = |t: &str, lang, style| in_words(at(t), now, zone, lang, style);
    assert_eq!(
        w("2026-11-24T15:00:00Z", WordsLang::Nl, WordsStyle::At),
        "vandaag om 16:00"
    );
    assert_eq!(
        w("2026-11-25T11:00:00Z", WordsLang::Nl, WordsStyle::Before),
        "morgen vóór 12:00"
    );
    assert_eq!(
        w("2026-11-26T09:00:00Z", WordsLang::Nl, WordsStyle::At),
        "donderdag 26 november om 10:00"
    );
    assert_eq!(
        w("2026-11-26T09:00:00Z", WordsLang::En, WordsStyle::At),
        "Thursday 26 November at 10:00"
    );
    assert_eq!(
        w("2027-01-05T09:00:00Z", WordsLang::En, WordsStyle::At),
        "Tuesday 5 January 2027 at 10:00"
    );
    assert_eq!(
        w("2026-11-26T09:00:00Z", WordsLang::De, WordsStyle::At),
        "Donnerstag, 26. November um 10:00"
    );
    // Late evening in UTC is already tomorrow in Amsterdam.
    assert_eq!(
        w("2026-11-24T23:30:00Z", WordsLang::En, WordsStyle::At),
        "tomorrow at 00:30"
    );
}

#[test]
fn business_hours_and_next_open_come_from_the_calendar() {
    let t = Template::new("{{ business_hours }}|{{ next_open }}").unwrap();
    let mut d = data();
    let open = t.render(&d, Some(&office()), at(NOW)).unwrap();
    assert_eq!(open, "maandag–vrijdag 09:00–17:00; zaterdag 10:00–14:00|");
    d.locale = Some("en".into());
    let closed = t
        .render(&d, Some(&office()), at("2026-11-23T17:30:00Z"))
        .unwrap();
    assert_eq!(
        closed,
        "Monday–Friday 09:00–17:00; Saturday 10:00–14:00|tomorrow at 09:00"
    );
}

#[test]
fn the_acknowledgement_is_honest_about_time() {
    let mut d = data();
    d.reply_by = Some(at("2026-11-24T09:00:00Z"));
    d.ticket_url = Some("https://shop.nl/t/1001".into());
    // Friday evening: closed, a person answers Monday.
    let friday = at("2026-11-27T18:00:00Z");
    d.reply_by = Some(at("2026-11-30T09:00:00Z"));
    let ack = acknowledge(&d, None, Some(&office()), None, friday).unwrap();
    assert_eq!(
        ack.text,
        "Bedankt voor je bericht, Anna. We hebben het goed ontvangen (ticket T-1001).\n\
         We zijn nu gesloten; we zijn er weer morgen om 10:00.\n\
         Een collega antwoordt uiterlijk maandag 30 november om 10:00.\n\n\
         Je kunt je vraag volgen via https://shop.nl/t/1001."
    );
    assert_eq!(ack.open_now, Some(false));
    assert_eq!(ack.next_open, Some(at("2026-11-28T09:00:00Z")));
    // Past the due time: no promise that is already broken.
    let late = acknowledge(&d, None, Some(&office()), None, at("2026-11-30T10:00:00Z")).unwrap();
    assert!(late.reply_late);
    assert!(
        late.text
            .contains("Een collega antwoordt zo snel mogelijk."),
        "{}",
        late.text
    );
    // English, with the FAQ's suggestions and a self-service link.
    d.locale = Some("en-GB".into());
    d.faq = Some(FaqReply {
        question: None,
        answer: None,
        suggestions: vec!["How do I reset my password?".into()],
    });
    d.self_service_url = Some("https://shop.nl/help".into());
    let en = acknowledge(&d, None, None, None, at("2026-11-27T12:00:00Z")).unwrap();
    assert!(
        en.text
            .contains("A colleague will answer Monday 30 November at 10:00 at the latest."),
        "{}",
        en.text
    );
    assert!(
        en.text
            .contains("You may find the answer here:\n- How do I reset my password?"),
        "{}",
        en.text
    );
    assert!(
        en.text
            .contains("Meanwhile you can also try it yourself: https://shop.nl/help"),
        "{}",
        en.text
    );
    assert_eq!(en.open_now, None);
}

#[test]
fn the_acknowledgement_reads_the_sla_and_a_host_template() {
    use crate::sla::{PolicySet, PolicySetSpec, evaluate};
    let spec: PolicySetSpec = serde_json::from_value(json!({
        "calendars": {"office": {"time_zone": "Europe/Amsterdam",
            "hours": {"mon": [["09:00","17:00"]], "tue": [["09:00","17:00"]], "wed": [["09:00","17:00"]],
                      "thu": [["09:00","17:00"]], "fri": [["09:00","17:00"]]}}},
        "policies": [{"name": "E-mail", "calendar": "office",
                      "targets": {"first_reply_time": {"normal": "8h"}}}]
    }))
    .unwrap();
    let set = PolicySet::new(&spec).unwrap();
    let events: Vec<crate::Event> = serde_json::from_value(json!([
        {"at": "2026-11-27T15:00:00Z", "type": "created", "subject": "Factuur", "requester": "c-anna", "channel": "email"},
        {"at": "2026-11-27T15:00:00Z", "type": "message", "author": "customer", "body": "Waar is mijn factuur?"}
    ]))
    .unwrap();
    let t = Ticket::from_events("T-7".parse().unwrap(), events).unwrap();
    let now = at("2026-11-27T15:00:05Z"); // Friday 16:00
    let report = evaluate(&set, &t, None, now);
    let mut d = ReplyData::new();
    d.customer = Some(anna());
    // 8 business hours from Friday 16:00: one hour Friday, seven Monday.
    let ack = acknowledge(&d, Some(&report), None, None, now).unwrap();
    assert_eq!(ack.reply_by, Some(at("2026-11-30T15:00:00Z")));
    assert!(
        ack.text.contains("uiterlijk maandag 30 november om 16:00"),
        "{}",
        ack.text
    );
    // A host's own acknowledgement replaces the built-in one.
    let own = TemplateSet::new(TemplateSetSpec::new("nl".parse().unwrap()).with(
        ACKNOWLEDGE,
        "nl".parse().unwrap(),
        "Dank! Antwoord {{ reply_by }}.",
    ))
    .unwrap();
    let ack = acknowledge(&d, Some(&report), None, Some(&own), now).unwrap();
    assert_eq!(ack.text, "Dank! Antwoord maandag 30 november om 16:00.");
}

#[test]
fn a_set_falls_back_by_language_then_default() {
    let set = TemplateSet::new(
        TemplateSetSpec::new("nl".parse().unwrap())
            .with("hi", "nl".parse().unwrap(), "Hoi")
            .with("hi", "en-US".parse().unwrap(), "Howdy"),
    )
    .unwrap();
    let get = |l: Option<&str>| {
        set.get("hi", l)
            .map(|(locale, t)| (locale.as_str(), t.source()))
    };
    assert_eq!(get(Some("nl-BE")), Some(("nl", "Hoi")));
    assert_eq!(get(Some("en-us")), Some(("en-US", "Howdy")));
    assert_eq!(
        get(Some("en-GB")),
        Some(("en-US", "Howdy")),
        "any of the language"
    );
    assert_eq!(get(Some("de")), Some(("nl", "Hoi")));
    assert_eq!(get(None), Some(("nl", "Hoi")));
    let err = TemplateSet::new(TemplateSetSpec::new("nl".parse().unwrap()).with(
        "x",
        "en".parse().unwrap(),
        "Hi",
    ))
    .unwrap_err();
    assert_eq!(err.code(), "reply.missing_locale");
    let err = TemplateSet::new(TemplateSetSpec::new("nl".parse().unwrap()).with(
        "x",
        "nl".parse().unwrap(),
        "{{ nope }}",
    ))
    .unwrap_err();
    assert_eq!(err.code(), "reply.unknown_placeholder");
    assert!(
        err.to_string()
            .starts_with("template `x` (nl): unknown placeholder `nope`"),
        "{err}"
    );
}

#[test]
fn a_template_is_its_source_in_json() {
    let t = Template::new("Hoi {{ ticket.requester.first_name }}").unwrap();
    let json = serde_json::to_string(&t).unwrap();
    assert_eq!(json, "\"Hoi {{ ticket.requester.first_name }}\"");
    let back: Template = serde_json::from_str(&json).unwrap();
    assert_eq!(back, t);
    assert!(serde_json::from_str::<Template>("\"{{ nope }}\"").is_err());
}

#[test]
fn the_built_in_acknowledgements_build() {
    let d = ReplyData::new();
    let ack = acknowledge(&d, None, None, None, at(NOW)).unwrap();
    assert_eq!(ack.locale, "en");
    assert_eq!(
        ack.text,
        "Thank you for your message. We have received it.\nA colleague will answer as soon as possible."
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the data, a template of every placeholder renders.
    #[test]
    fn any_data_renders(name in "[^\\p{C}]{0,30}", tags in prop::collection::vec("[a-z]{1,8}", 0..5),
                        answer in any::<i64>(), offset in -400_000i64..400_000) {
        let mut source = String::new();
        for (p, kind) in PLACEHOLDERS {
            if *kind == Kind::Value {
                source.push_str(&format!("{{{{ {p} | default: \"-\" }}}}"));
            }
        }
        source.push_str("{{ flow.answers.x | append: \"!\" }}{% for t in faq.suggestions %}{{ t | upcase }}{% endfor %}{{ ticket.tags | sort | join: \", \" }}");
        let t = Template::new(&source).unwrap();
        let mut d = data();
        d.customer.as_mut().unwrap().name = Some(name);
        d.faq = Some(FaqReply { question: None, answer: None, suggestions: tags });
        d.flow_answers.insert("x".into(), json!(answer / 2));
        d.reply_by = at(NOW).checked_add_seconds(offset);
        prop_assert!(t.render(&d, Some(&office()), at(NOW)).is_ok());
    }
}

#[test]
fn the_review_cases_render() {
    // Times follow the template's language when the set falls back.
    let mut d = ReplyData::new();
    d.locale = Some("de-DE".into());
    d.time_zone = Some(Zone::parse("Europe/Berlin").unwrap());
    d.reply_by = Some(at("2026-11-30T09:00:00Z"));
    let ack = acknowledge(&d, None, None, None, at("2026-11-27T18:00:00Z")).unwrap();
    assert_eq!(ack.locale, "en");
    assert!(
        ack.text
            .contains("Monday 30 November at 10:00 at the latest"),
        "{}",
        ack.text
    );
    // Spanish and French dates.
    let zone = Zone::parse("Europe/Madrid").unwrap();
    let now = at("2026-11-24T07:00:00Z");
    assert_eq!(
        in_words(
            at("2026-11-26T09:00:00Z"),
            now,
            zone,
            WordsLang::Es,
            WordsStyle::At
        ),
        "jueves 26 de noviembre a las 10:00"
    );
    assert_eq!(
        in_words(
            at("2026-11-26T09:00:00Z"),
            now,
            zone,
            WordsLang::Fr,
            WordsStyle::Before
        ),
        "jeudi 26 novembre avant 10:00"
    );
    // A host's object reads the same every time.
    let t = Template::new("{{ flow.answers.address }}").unwrap();
    let mut d = ReplyData::new();
    d.flow_answers.insert(
        "address".into(),
        json!({"street": "Keizersgracht 12", "city": "Amsterdam", "zip": "1015"}),
    );
    let out = t.render(&d, None, at(NOW)).unwrap();
    assert_eq!(
        out,
        r#"{"city":"Amsterdam","street":"Keizersgracht 12","zip":"1015"}"#
    );
    // A long text is cut; a reply past the cap is refused.
    let mut d = ReplyData::new();
    d.flow_answers
        .insert("long".into(), json!("x".repeat(MAX_PLACEHOLDER_BYTES + 10)));
    let out = Template::new("{{ flow.answers.long }}")
        .unwrap()
        .render(&d, None, at(NOW))
        .unwrap();
    assert_eq!(out.len(), MAX_PLACEHOLDER_BYTES + '…'.len_utf8());
    let big = "{{ flow.answers.long }}".repeat(20);
    let err = Template::new(&big)
        .unwrap()
        .render(&d, None, at(NOW))
        .unwrap_err();
    assert_eq!(err.code(), "reply.too_large");
}

#[test]
fn business_hours_with_an_overnight_shift() {
    let spec: CalendarSpec = serde_json::from_value(json!({"time_zone": "Europe/Amsterdam",
        "hours": {"mon": [["22:00", "24:00"]], "tue": [["00:00", "06:00"], ["22:00", "24:00"]],
                  "wed": [["00:00", "06:00"]]}}))
    .unwrap();
    let night = BusinessCalendar::new(&spec).unwrap();
    let t = Template::new("{{ business_hours }}").unwrap();
    let out = t.render(&ReplyData::new(), Some(&night), at(NOW)).unwrap();
    assert_eq!(out, "Monday–Tuesday 22:00–06:00");
    let always: CalendarSpec = serde_json::from_value(json!({"time_zone": "Europe/Amsterdam",
        "hours": {"mon": [["00:00", "24:00"]], "tue": [["00:00", "24:00"]], "wed": [["00:00", "24:00"]],
                  "thu": [["00:00", "24:00"]], "fri": [["00:00", "24:00"]], "sat": [["00:00", "24:00"]],
                  "sun": [["00:00", "24:00"]]}}))
    .unwrap();
    let always = BusinessCalendar::new(&always).unwrap();
    let out = t.render(&ReplyData::new(), Some(&always), at(NOW)).unwrap();
    assert_eq!(out, "Monday–Sunday 00:00–24:00");
}
