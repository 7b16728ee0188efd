use proptest::prelude::*;

use super::*;
use crate::Timestamp;
use crate::customer::Customer;
use crate::text::Lang;
use crate::ticket::Priority;

fn triager() -> Triager {
    Triager::new(TriageConfig::default()).unwrap()
}

fn now() -> Timestamp {
    Timestamp::parse("2026-03-02T09:00:00Z").unwrap()
}

fn run(text: &str) -> Triage {
    triager()
        .analyze(&Message::new(text), &TriageContext::default(), now())
        .unwrap()
}

fn labels(t: &Triage) -> Vec<&str> {
    t.cues.iter().map(|c| c.label.as_str()).collect()
}

#[test]
fn tone_follows_words_negation_intensifiers_and_contrast() {
    let good = run("The service was good.").sentiment.score;
    let very = run("The service was very good.").sentiment.score;
    let not = run("The service was not good.").sentiment.score;
    assert!(good > 0.0 && very > good, "{good} {very}");
    assert!(not < 0.0, "{not}");
    // After `but` the clause weighs more: the same words, the other order.
    let but_bad = run("The staff were friendly but the delivery was terrible.").sentiment;
    let but_good = run("The delivery was terrible but the staff were friendly.").sentiment;
    assert!(
        but_bad.score < 0.0 && but_good.score > 0.0,
        "{but_bad:?} {but_good:?}"
    );
    // Dutch: negation, intensifier, an inflected adjective.
    let nl = run("Ik ben niet tevreden over de bezorging.").sentiment;
    assert_eq!(nl.label, SentimentLabel::Negative, "{nl:?}");
    let heel = run("De bezorging van mijn pakket was heel slecht.")
        .sentiment
        .score;
    let plain = run("De bezorging van mijn pakket was slecht.")
        .sentiment
        .score;
    assert!(heel < plain && plain < 0.0, "{heel} {plain}");
    assert!(run("Wat een slechte service.").sentiment.score < 0.0);
}

#[test]
fn a_negation_turns_only_the_next_word_with_a_valence() {
    // `not` belongs to `bad`, not to `great` after it.
    let t = run("Not bad at all, the update is great.");
    assert_eq!(t.sentiment.label, SentimentLabel::Positive, "{t:?}");
    let negations = t
        .cues
        .iter()
        .filter(|c| c.kind == CueKind::Negation)
        .count();
    assert_eq!(negations, 1);
}

#[test]
fn emphasis_emoji_capitals_and_elongation() {
    let plain = run("This is bad").sentiment.score;
    let bangs = run("This is bad!!!").sentiment.score;
    let caps = run("This is BAD").sentiment.score;
    let long = run("This is baaaad").sentiment.score;
    assert!(
        bangs < plain && caps < plain && long < plain,
        "{plain} {bangs} {caps} {long}"
    );
    let angry_face = run("Waar blijft mijn pakket 😡");
    assert!(angry_face.sentiment.score < 0.0);
    assert!(
        angry_face
            .cues
            .iter()
            .any(|c| c.kind == CueKind::Emoji && c.text == "😡")
    );
    assert!(run("Thanks :)").sentiment.score > run("Thanks").sentiment.score);
    let waarom = run("Waarom is de bezorging zo slechhhht");
    assert!(waarom.cues.iter().any(|c| c.kind == CueKind::Elongation));
}

#[test]
fn anger_comes_from_threats_repetition_insults_and_shouting() {
    for text in [
        "Als dit niet wordt opgelost zeg ik mijn abonnement op.",
        "Ik schakel de Consumentenbond in.",
        "Voor de derde keer: waar is mijn geld?",
        "I will leave a bad review on Trustpilot.",
        "I'm going to dispute the charge with my bank.",
        "You are all idiots.",
        "WHERE IS MY ORDER? I PAID THREE WEEKS AGO!!!",
    ] {
        let t = run(text);
        assert!(t.anger.angry, "{text}: {:?}", t.anger);
    }
    for text in [
        "Hoe kan ik mijn adres wijzigen?",
        "The screen flickers a bit, is that normal?",
        "Thanks for the quick help!",
    ] {
        assert!(!run(text).anger.angry, "{text}");
    }
    let t = run("Ik ga naar de ACM en zeg mijn contract op");
    assert!(labels(&t).contains(&"threat.legal") && labels(&t).contains(&"cancel"));
    assert!(t.anger.strength > run("Ik ga naar de ACM").anger.strength);
}

#[test]
fn urgency_levels() {
    let level = |text: &str| run(text).urgency.level;
    assert_eq!(level("Wat zijn jullie openingstijden?"), UrgencyLevel::None);
    assert_eq!(
        level("Kunnen jullie vandaag nog reageren?"),
        UrgencyLevel::Elevated
    );
    assert_eq!(
        level("I can't log in to my account."),
        UrgencyLevel::Elevated
    );
    assert_eq!(
        level("De website ligt plat, niemand kan bestellen."),
        UrgencyLevel::High
    );
    assert_eq!(level("My account was hacked!"), UrgencyLevel::High);
    assert_eq!(level("Er komt rook uit de oplader."), UrgencyLevel::High);
    // A deadline with a problem is more than either.
    let t = run("My order has not arrived and the party is tomorrow.");
    assert_eq!(t.urgency.level, UrgencyLevel::High, "{t:?}");
    assert!(labels(&t).contains(&"deadline_with_problem"));
}

#[test]
fn cue_spans_point_into_the_message() {
    let text = "Voor de derde keer: ik kan niet inloggen. Ik zeg mijn abonnement op!";
    let t = run(text);
    for c in t.cues.iter().filter(|c| c.end > 0) {
        assert_eq!(text.get(c.start..c.end), Some(c.text.as_str()), "{c:?}");
    }
    let leave = t.cues.iter().find(|c| c.label == "cancel").unwrap();
    assert_eq!(leave.text, "zeg mijn abonnement op");
    // With a subject, spans count in the subject, a newline, then the body;
    // a repeated emoji has a span each.
    let message = Message::new("Waar blijft het? 😡😡").with_subject("Pakket kwijt");
    let t = triager()
        .analyze(&message, &TriageContext::default(), now())
        .unwrap();
    let body = "Pakket kwijt\nWaar blijft het? 😡😡";
    let emoji: Vec<(usize, usize)> = t
        .cues
        .iter()
        .filter(|c| c.kind == CueKind::Emoji)
        .map(|c| (c.start, c.end))
        .collect();
    assert_eq!(emoji.len(), 2, "{t:?}");
    assert_ne!(emoji[0], emoji[1]);
    for (a, b) in emoji {
        assert_eq!(body.get(a..b), Some("😡"));
    }
    // Nine emoji in a row all count; an emoticon after a newline too.
    let many = run(&"😡".repeat(9));
    assert_eq!(
        many.cues
            .iter()
            .filter(|c| c.kind == CueKind::Emoji)
            .count(),
        9
    );
    let smile = run("Thanks\n:)");
    assert!(
        smile
            .cues
            .iter()
            .any(|c| c.kind == CueKind::Emoji && c.text == ":)")
    );
}

#[test]
fn a_cancellation_request_is_not_anger_but_a_threat_is() {
    for calm in [
        "Hoe kan ik mijn abonnement opzeggen?",
        "How do I cancel my subscription?",
        "Ik heb via de bank betaald.",
    ] {
        let t = run(calm);
        assert!(!t.anger.angry, "{calm}: {t:?}");
    }
    for threat in [
        "Als dit vandaag niet geregeld is, zeg ik mijn abonnement op.",
        "Fix this today, otherwise I will cancel my subscription.",
    ] {
        let t = run(threat);
        assert!(t.anger.angry, "{threat}: {t:?}");
        assert!(labels(&t).contains(&"threat.leave"), "{threat}");
    }
}

#[test]
fn a_label_counts_once() {
    let once = run("I will write a bad review.").anger.strength;
    let twice = run("I will write a bad review. A really bad review on Trustpilot.")
        .anger
        .strength;
    assert!((once - twice).abs() < 0.2, "{once} {twice}");
    let t = run("vandaag vandaag vandaag");
    assert!((t.urgency.points - 0.7).abs() < 1e-9, "{t:?}");
}

#[test]
fn dutch_inflected_adjectives_find_their_base() {
    for (inflected, base) in [
        ("slechte", "slecht"),
        ("snelle", "snel"),
        ("grote", "groot"),
        ("boze", "boos"),
        ("lieve", "lief"),
        ("vieze", "vies"),
        ("blije", "blij"),
        ("goede", "goed"),
    ] {
        assert_eq!(tone::dutch_base(inflected).as_deref(), Some(base));
    }
    assert!(run("Wat een boze klanten hebben jullie").sentiment.score < 0.0);
}

#[test]
fn the_language_falls_back_to_the_customer_then_the_default() {
    let detected = run("Mijn pakket is nog steeds niet aangekomen, kunnen jullie kijken?");
    assert_eq!(detected.language.lang, Lang::Nl);
    assert_eq!(detected.language.source, LanguageSource::Detected);
    // Too short to tell: the customer's locale decides, and says so.
    let mut customer = Customer::new("c1".parse().unwrap());
    customer.locale = Some("nl-BE".parse().unwrap());
    let context = TriageContext {
        customer: Some(customer),
        ..TriageContext::default()
    };
    let t = triager()
        .analyze(&Message::new("ok"), &context, now())
        .unwrap();
    assert_eq!(t.language.lang, Lang::Nl);
    assert_eq!(t.language.source, LanguageSource::Customer);
    let t = run("ok");
    assert_eq!(t.language.source, LanguageSource::Default);
    assert_eq!(t.language.lang, Lang::En);
    // Unsure of the language, every language's cues apply.
    assert!(run("Kut service").anger.angry);
}

fn recent(id: &str, days_ago: i64, subject: &str) -> RecentTicket {
    RecentTicket {
        id: id.parse().unwrap(),
        created_at: now().saturating_add_seconds(-days_ago * 86_400),
        channel: Some(crate::Channel::Email),
        subject: Some(subject.to_owned()),
        text: String::new(),
    }
}

#[test]
fn repeat_contact_edges() {
    // A ticket dated a little after now (a clock ahead) counts as now; one
    // word in common is not a topic; the window's last second counts.
    let ahead = RecentTicket::new("T-9".parse().unwrap(), now().saturating_add_seconds(30), "")
        .with_subject("pakket 40213 kwijt");
    let edge = RecentTicket::new(
        "T-8".parse().unwrap(),
        now().saturating_add_seconds(-7 * 86_400),
        "",
    )
    .with_subject("factuur 777 klopt niet");
    let context = TriageContext::new().with_recent_tickets(vec![ahead, edge]);
    let t = triager()
        .analyze(&Message::new("Mijn pakket 40213 is kwijt"), &context, now())
        .unwrap();
    let r = t.repeat_contact.unwrap();
    assert_eq!(r.ticket_id.as_str(), "T-9");
    assert_eq!(r.days_ago, 0.0);
    assert_eq!(r.contacts_in_window, 2);
    let t = triager()
        .analyze(
            &Message::new("Is mijn factuur al verstuurd?"),
            &context,
            now(),
        )
        .unwrap();
    assert!(t.repeat_contact.is_none(), "one shared word: {t:?}");
    // Two earlier contacts make anger points even on another topic.
    assert!(t.cues.iter().any(|c| c.kind == CueKind::RepeatContact));
}

#[test]
fn repeat_contact_finds_the_same_topic_within_the_window() {
    let context = TriageContext {
        recent_tickets: vec![
            recent("T-1", 2, "Pakket 40213 niet aangekomen"),
            recent("T-2", 1, "Vraag over mijn factuur"),
            recent("T-3", 30, "Pakket 40213 kwijt"),
        ],
        ..TriageContext::default()
    };
    let message = Message::new("Mijn pakket 40213 is nog steeds niet aangekomen!");
    let t = triager().analyze(&message, &context, now()).unwrap();
    let r = t.repeat_contact.as_ref().unwrap();
    assert_eq!(r.ticket_id.as_str(), "T-1");
    assert!((r.days_ago - 2.0).abs() < 1e-9);
    assert_eq!(r.contacts_in_window, 2);
    assert_eq!(r.channel, Some(crate::Channel::Email));
    // Two contacts in the window count as anger, with a cue that says so.
    assert!(t.cues.iter().any(|c| c.kind == CueKind::RepeatContact));
    assert!(
        t.priority
            .reasons
            .iter()
            .any(|p| p.reason == "repeat_contact")
    );
    // Another topic is no repeat.
    let other = Message::new("Kan ik met PayPal betalen?");
    let t = triager().analyze(&other, &context, now()).unwrap();
    assert!(t.repeat_contact.is_none());
}

#[test]
fn priority_adds_documented_points() {
    let mut config = TriageConfig::default();
    config.priority.segments.insert("vip".into(), 1.0);
    let triager = Triager::new(config).unwrap();
    let mut customer = Customer::new("c1".parse().unwrap());
    customer.segment = Some("VIP".into());
    let viral = TriageContext {
        customer: Some(customer),
        reach: Some(Reach {
            public: true,
            followers: 250_000,
        }),
        sla: Some(TicketSla {
            due_at: Some(now().saturating_add_seconds(600)),
            breached: false,
        }),
        ..TriageContext::default()
    };
    let message = Message::new("Your app has been down all morning and nobody answers. Disgrace.");
    let t = triager.analyze(&message, &viral, now()).unwrap();
    let reasons: Vec<&str> = t
        .priority
        .reasons
        .iter()
        .map(|r| r.reason.as_str())
        .collect();
    for r in [
        "urgency_high",
        "segment",
        "sla_due_soon",
        "public",
        "followers",
    ] {
        assert!(reasons.contains(&r), "{r}: {reasons:?}");
    }
    let sum: f64 = t.priority.reasons.iter().map(|r| r.points).sum();
    assert!((t.priority.points - sum).abs() < 1e-12);
    // The documented amounts.
    let points = |reason: &str| {
        t.priority
            .reasons
            .iter()
            .find(|r| r.reason == reason)
            .map(|r| r.points)
    };
    assert_eq!(points("urgency_high"), Some(2.0));
    assert_eq!(points("segment"), Some(1.0));
    assert_eq!(points("sla_due_soon"), Some(1.0));
    assert_eq!(points("public"), Some(0.5));
    assert_eq!(points("followers"), Some(1.5));
    assert_eq!(t.priority.priority, Priority::Urgent);
    // The same message in private from an unknown customer.
    let t = triager
        .analyze(&message, &TriageContext::default(), now())
        .unwrap();
    assert_eq!(t.priority.priority, Priority::High);
    assert_eq!(
        run("Hoe laat gaan jullie open?").priority.priority,
        Priority::Normal
    );
}

#[test]
fn categories_from_rules_and_the_classifier() {
    let config: TriageConfig = serde_json::from_value(serde_json::json!({
        "categories": [
            {"category": "billing", "keywords": ["factuur*", "invoice*"]},
            {"category": "vat", "regex": "(?i)\\bbtw\\b", "score": 0.8}
        ],
        "training": [
            {"category": "delivery", "text": "waar blijft mijn pakket"},
            {"category": "delivery", "text": "mijn bestelling is nog niet bezorgd"},
            {"category": "delivery", "text": "track and trace werkt niet"},
            {"category": "returns", "text": "hoe stuur ik iets terug"},
            {"category": "returns", "text": "retourlabel aanvragen"},
            {"category": "returns", "text": "ik wil mijn bestelling retourneren"}
        ]
    }))
    .unwrap();
    let triager = Triager::new(config).unwrap();
    let t = triager
        .analyze(
            &Message::new("Op mijn factuur staat geen BTW"),
            &TriageContext::default(),
            now(),
        )
        .unwrap();
    let cats: Vec<(&str, CategorySource)> = t
        .categories
        .iter()
        .map(|c| (c.category.as_str(), c.source))
        .collect();
    assert_eq!(cats[0], ("billing", CategorySource::Rule));
    assert!(cats.contains(&("vat", CategorySource::Rule)));
    let t = triager
        .analyze(
            &Message::new("Mijn pakket is nog niet bezorgd"),
            &TriageContext::default(),
            now(),
        )
        .unwrap();
    assert_eq!(t.categories[0].category, "delivery");
    assert_eq!(t.categories[0].source, CategorySource::Classifier);
    assert!(t.categories[0].score > 0.5);
}

#[test]
fn host_cues_and_lexicon_words_count() {
    let config: TriageConfig = serde_json::from_value(serde_json::json!({
        "cues": [{"pattern": "wil ... schadevergoeding", "class": "anger", "label": "threat.compensation", "weight": 1.0, "lang": "nl", "valence": -1.5}],
        "lexicon": {"nl": {"bagger": -3.0}}
    }))
    .unwrap();
    let triager = Triager::new(config).unwrap();
    let t = triager
        .analyze(
            &Message::new("Ik wil een schadevergoeding, wat een bagger bedrijf"),
            &TriageContext::default(),
            now(),
        )
        .unwrap();
    assert!(labels(&t).contains(&"threat.compensation"));
    assert!(labels(&t).contains(&"bagger"));
    assert!(t.anger.angry);
    assert_eq!(triager.valence(Lang::Nl, "Bagger"), Some(-3.0));
    // Without the built-in cues, the same message has no built-in labels.
    let bare = Triager::new(TriageConfig {
        builtin_cues: false,
        ..TriageConfig::default()
    })
    .unwrap();
    let t = bare
        .analyze(
            &Message::new("Ik zeg mijn abonnement op"),
            &TriageContext::default(),
            now(),
        )
        .unwrap();
    assert!(!labels(&t).contains(&"threat.leave"));
}

#[test]
fn bad_configuration_is_refused_with_a_code() {
    let bad = |json: serde_json::Value| {
        let config: TriageConfig = serde_json::from_value(json).unwrap();
        Triager::new(config).unwrap_err()
    };
    let cases = [
        (
            serde_json::json!({"cues": [{"pattern": "... x", "class": "anger", "label": "l", "weight": 1.0}]}),
            "triage.invalid_pattern",
        ),
        (
            serde_json::json!({"cues": [{"pattern": "x", "class": "anger", "label": "", "weight": 1.0}]}),
            "triage.invalid_label",
        ),
        (
            serde_json::json!({"cues": [{"pattern": "x", "class": "urgency", "label": "l", "weight": -1.0}]}),
            "triage.invalid_weight",
        ),
        (
            serde_json::json!({"categories": [{"category": "c", "regex": "("}]}),
            "triage.invalid_regex",
        ),
        (
            serde_json::json!({"categories": [{"category": "c"}]}),
            "triage.invalid_category",
        ),
        (
            serde_json::json!({"lexicon": {"en": {"two words": 1.0}}}),
            "triage.invalid_lexicon_word",
        ),
        (
            serde_json::json!({"lexicon": {"en": {"word": 9.0}}}),
            "triage.invalid_weight",
        ),
        (
            serde_json::json!({"thresholds": {"urgency_elevated": 2.0, "urgency_high": 1.0}}),
            "triage.invalid_thresholds",
        ),
        (
            serde_json::json!({"repeat_window_days": 0}),
            "triage.invalid_thresholds",
        ),
        (
            serde_json::json!({"priority": {"anger": 11.0}}),
            "triage.invalid_weight",
        ),
    ];
    for (json, code) in cases {
        let err = bad(json.clone());
        assert_eq!(err.code(), code, "{json}: {err}");
        assert_eq!(
            err.to_string(),
            err.to_string().to_lowercase().replace("mib", "MiB")
        );
    }
    // Segment keys are lower case (a `VIP` key would never match).
    let mut config = TriageConfig::default();
    config.priority.segments.insert("VIP".into(), 1.0);
    assert_eq!(
        Triager::new(config).unwrap_err().code(),
        "triage.invalid_label"
    );
    // Empty training texts, and categories the FAQ learner refuses.
    let config = TriageConfig {
        training: vec![
            TrainingExample::new("a", "hallo"),
            TrainingExample::new("a", " "),
        ],
        ..TriageConfig::default()
    };
    assert_eq!(
        Triager::new(config).unwrap_err().code(),
        "triage.invalid_training"
    );
    let config = TriageConfig {
        training: vec![TrainingExample::new("x".repeat(65), "hallo")],
        ..TriageConfig::default()
    };
    assert_eq!(
        Triager::new(config).unwrap_err().code(),
        "triage.invalid_label"
    );
    // Too many keywords.
    let config = TriageConfig {
        categories: vec![CategoryRule::keywords(
            "c",
            (0..=MAX_KEYWORDS).map(|i| format!("word{i}")),
        )],
        ..TriageConfig::default()
    };
    assert_eq!(Triager::new(config).unwrap_err().code(), "triage.too_large");
    // NaN thresholds and weights.
    for t in [
        Thresholds {
            anger: f64::NAN,
            ..Thresholds::default()
        },
        Thresholds {
            urgency_high: f64::NAN,
            ..Thresholds::default()
        },
    ] {
        let config = TriageConfig {
            thresholds: t,
            ..TriageConfig::default()
        };
        assert_eq!(
            Triager::new(config).unwrap_err().code(),
            "triage.invalid_thresholds"
        );
    }
    let mut config = TriageConfig::default();
    config.priority.anger = f64::NAN;
    assert_eq!(
        Triager::new(config).unwrap_err().code(),
        "triage.invalid_weight"
    );
    // NaN weights are refused too (Rust only; JSON has no NaN).
    let mut config = TriageConfig::default();
    config
        .cues
        .push(CueSpec::new("x", CueClass::Anger, "l", f64::NAN));
    assert_eq!(
        Triager::new(config).unwrap_err().code(),
        "triage.invalid_weight"
    );
    // Unknown fields are refused, not ignored.
    assert!(serde_json::from_value::<TriageConfig>(serde_json::json!({"treshold": 1})).is_err());
}

#[test]
fn oversized_input_is_an_error() {
    let long = "a".repeat(crate::text::MAX_TEXT_BYTES + 1);
    let err = triager()
        .analyze(&Message::new(long), &TriageContext::default(), now())
        .unwrap_err();
    assert_eq!(err.code(), "text.too_long");
    // Subject and body together are one text under the cap.
    let half = "a ".repeat(crate::text::MAX_TEXT_BYTES / 4 + 1);
    let message = Message::new(half.clone()).with_subject(half);
    let err = triager()
        .analyze(&message, &TriageContext::default(), now())
        .unwrap_err();
    assert_eq!(err.code(), "text.too_long");
    let context = TriageContext {
        recent_tickets: vec![recent("T-1", 1, "x"); MAX_RECENT_TICKETS + 1],
        ..TriageContext::default()
    };
    let err = triager()
        .analyze(&Message::new("hallo"), &context, now())
        .unwrap_err();
    assert_eq!(err.code(), "triage.too_large");
}

#[test]
fn results_and_configuration_round_trip_through_json() {
    let t = run("Voor de derde keer: mijn app ligt plat! 😡");
    let json = serde_json::to_string(&t).unwrap();
    let back: Triage = serde_json::from_str(&json).unwrap();
    assert_eq!(back, t);
    let config = TriageConfig::default();
    let back: TriageConfig =
        serde_json::from_str(&serde_json::to_string(&config).unwrap()).unwrap();
    assert_eq!(back, config);
}

proptest! {
    /// Any message gives a triage with scores in range and cue spans on
    /// character boundaries inside the text, never a panic.
    #[test]
    fn any_message_triages_cleanly(text in "\\PC{0,200}", subject in proptest::option::of("\\PC{0,40}")) {
        let triager = triager();
        let mut message = Message::new(text.clone());
        message.subject = subject.clone();
        let t = triager.analyze(&message, &TriageContext::default(), now()).unwrap();
        prop_assert!((-1.0..=1.0).contains(&t.sentiment.score));
        prop_assert!((0.0..=1.0).contains(&t.anger.strength));
        prop_assert!(t.urgency.points >= 0.0);
        let body = match subject.as_deref() {
            Some(s) if !s.trim().is_empty() => format!("{s}\n{text}"),
            _ => text.clone(),
        };
        for c in t.cues.iter().filter(|c| c.end > 0) {
            prop_assert!(c.start <= c.end && c.end <= body.len());
            prop_assert!(body.is_char_boundary(c.start) && body.is_char_boundary(c.end));
            prop_assert_eq!(body.get(c.start..c.end), Some(c.text.as_str()));
        }
    }

    /// Any pattern text compiles or is refused with a pattern error.
    #[test]
    fn any_pattern_compiles_or_fails_cleanly(pattern in "[a-z*|. ]{0,40}") {
        let mut config = TriageConfig::default();
        config.cues.push(CueSpec::new(pattern, CueClass::Urgency, "x", 1.0));
        if let Err(e) = Triager::new(config) {
            prop_assert_eq!(e.code(), "triage.invalid_pattern");
        }
    }
}

#[test]
fn category_rules_can_use_the_rules_condition_tree() {
    let config: TriageConfig = serde_json::from_value(serde_json::json!({
        "categories": [
            {"category": "b2b_refund", "when": "message contains_word refund and customer.plan is business", "score": 0.9},
            {"category": "social", "when": "channel is x"}
        ]
    }))
    .unwrap();
    let triager = Triager::new(config).unwrap();
    let mut business = Customer::new("c1".parse().unwrap());
    business.plan = Some("business".into());
    let context = TriageContext::new().with_customer(business);
    let message = Message::new("I want a refund for order 40213").with_channel(crate::Channel::X);
    let t = triager.analyze(&message, &context, now()).unwrap();
    let cats: Vec<(&str, f64)> = t
        .categories
        .iter()
        .map(|c| (c.category.as_str(), c.score))
        .collect();
    assert_eq!(cats, [("social", 1.0), ("b2b_refund", 0.9)]);
    // On e-mail only the refund rule holds: each fired rule maps to its
    // own category.
    let mut business = Customer::new("c1".parse().unwrap());
    business.plan = Some("business".into());
    let email = Message::new("I want a refund").with_channel(crate::Channel::Email);
    let t = triager
        .analyze(&email, &TriageContext::new().with_customer(business), now())
        .unwrap();
    let cats: Vec<&str> = t.categories.iter().map(|c| c.category.as_str()).collect();
    assert_eq!(cats, ["b2b_refund"]);
    // No customer, no channel: neither holds.
    let t = triager
        .analyze(
            &Message::new("I want a refund"),
            &TriageContext::new(),
            now(),
        )
        .unwrap();
    assert!(t.categories.is_empty(), "{t:?}");
    // A keyword rule and a condition rule of one category: listed once, at
    // the better score.
    let both: TriageConfig = serde_json::from_value(serde_json::json!({
        "categories": [
            {"category": "refund", "keywords": ["refund*"], "score": 0.5},
            {"category": "refund", "when": "message contains_word refund", "score": 0.9}
        ]
    }))
    .unwrap();
    let t = Triager::new(both)
        .unwrap()
        .analyze(&Message::new("refund please"), &TriageContext::new(), now())
        .unwrap();
    let cats: Vec<(&str, f64)> = t
        .categories
        .iter()
        .map(|c| (c.category.as_str(), c.score))
        .collect();
    assert_eq!(cats, [("refund", 0.9)]);
    // A condition the rules engine refuses names its category.
    let bad: TriageConfig = serde_json::from_value(serde_json::json!({
        "categories": [{"category": "x", "when": "message matches \"(\""}]
    }))
    .unwrap();
    let err = Triager::new(bad).unwrap_err();
    assert_eq!(err.code(), "triage.invalid_condition");
    assert!(err.to_string().contains("`x`"), "{err}");
}
