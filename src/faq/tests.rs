use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;
use crate::text::Lang;

fn entry(id: &str, locale: &str, question: &str, phrasings: &[&str], answer: &str) -> FaqEntry {
    FaqEntry {
        id: id.into(),
        locales: vec![locale.parse().unwrap()],
        question: question.into(),
        phrasings: phrasings.iter().map(|p| (*p).to_owned()).collect(),
        answer: answer.into(),
        tags: vec![],
        context: EntryContext::default(),
        vectors: vec![],
    }
}

fn shop() -> Vec<FaqEntry> {
    vec![
        entry(
            "password.nl",
            "nl",
            "Hoe herstel ik mijn wachtwoord?",
            &[
                "wachtwoord vergeten",
                "ik kan niet inloggen",
                "nieuw wachtwoord instellen",
            ],
            "Klik op 'Wachtwoord vergeten'.",
        ),
        entry(
            "delivery.nl",
            "nl",
            "Wanneer wordt mijn pakket bezorgd?",
            &[
                "waar blijft mijn bestelling",
                "bezorgtijd",
                "pakket nog niet ontvangen",
            ],
            "Voor 22:00 besteld, morgen in huis.",
        ),
        entry(
            "returns.nl",
            "nl",
            "Hoe stuur ik iets terug?",
            &[
                "retourneren",
                "retourlabel aanvragen",
                "artikel terugsturen",
            ],
            "Binnen 30 dagen, gratis retourlabel.",
        ),
        entry(
            "password.en",
            "en",
            "How do I reset my password?",
            &["forgot my password", "cannot log in", "set a new password"],
            "Click 'Forgot password'.",
        ),
        entry(
            "delivery.en",
            "en",
            "When will my parcel be delivered?",
            &["where is my order", "delivery time", "parcel not received"],
            "Order before 22:00, delivered tomorrow.",
        ),
        entry(
            "invoice.en",
            "en",
            "Where do I find a VAT invoice?",
            &["vat invoice for my company", "business invoice download"],
            "In your business account under Invoices.",
        ),
    ]
}

fn index() -> FaqIndex {
    let mut entries = shop();
    if let Some(e) = entries.iter_mut().find(|e| e.id == "invoice.en") {
        e.context
            .only
            .insert(ContextKey::Plan, vec!["Business".into()]);
    }
    FaqIndex::new(entries, FaqConfig::default()).unwrap()
}

fn top(index: &FaqIndex, query: &str, context: &SearchContext) -> Option<String> {
    index
        .search(query, context, 5)
        .unwrap()
        .matches
        .first()
        .map(|m| m.id.clone())
}

#[test]
fn index_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<FaqIndex>();
}

#[test]
fn an_unreliable_detection_yields_to_the_default_language() {
    let config = FaqConfig {
        default_lang: Lang::En,
        ..FaqConfig::default()
    };
    let index = FaqIndex::new(shop(), config).unwrap();
    let r = index.search("ok", &SearchContext::default(), 3).unwrap();
    let detected = r.detected.as_ref().unwrap();
    assert!(!detected.reliable, "{detected:?}");
    assert_eq!(r.lang, Lang::En);
    // A clear Dutch question still goes Dutch.
    let r = index
        .search("waar blijft mijn pakket", &SearchContext::default(), 3)
        .unwrap();
    assert_eq!(r.lang, Lang::Nl);
}

#[test]
fn language_is_detected_or_taken_from_the_locale() {
    let index = index();
    let none = SearchContext::default();
    let r = index.search("waar blijft mijn pakket", &none, 5).unwrap();
    assert_eq!(r.lang, Lang::Nl);
    assert!(r.detected.is_some());
    assert!(r.matches.iter().all(|m| m.id.ends_with(".nl")));
    assert_eq!(r.matches[0].id, "delivery.nl");
    let en = SearchContext {
        locale: Some("en-GB".parse().unwrap()),
        ..SearchContext::default()
    };
    let r = index.search("password", &en, 5).unwrap();
    assert_eq!(r.lang, Lang::En);
    assert!(r.detected.is_none());
    assert_eq!(r.matches[0].id, "password.en");
    // A locale the index does not have: detection decides.
    let fr = SearchContext {
        locale: Some("fr".parse().unwrap()),
        ..SearchContext::default()
    };
    assert_eq!(
        top(&index, "ik ben mijn wachtwoord vergeten", &fr).as_deref(),
        Some("password.nl")
    );
}

#[test]
fn compounds_typos_and_inflections_match() {
    let index = index();
    let nl = SearchContext {
        locale: Some("nl".parse().unwrap()),
        ..SearchContext::default()
    };
    for q in [
        "wachtwoordherstel",
        "mijn wachtwoorden herstellen",
        "wachtwoord vergetn",
        "wachtwort vergeten",
    ] {
        assert_eq!(top(&index, q, &nl).as_deref(), Some("password.nl"), "{q}");
    }
    assert_eq!(
        top(&index, "retourlabels", &nl).as_deref(),
        Some("returns.nl")
    );
}

#[test]
fn only_context_filters_and_boost_raises() {
    let index = index();
    let en = SearchContext {
        locale: Some("en".parse().unwrap()),
        ..SearchContext::default()
    };
    let r = index.search("vat invoice", &en, 5).unwrap();
    assert!(r.matches.iter().all(|m| m.id != "invoice.en"));
    let business = SearchContext {
        plan: Some(" business ".into()),
        ..en.clone()
    };
    assert_eq!(
        top(&index, "vat invoice", &business).as_deref(),
        Some("invoice.en")
    );

    let mut entries = shop();
    let boosted = entries.iter_mut().find(|e| e.id == "delivery.en").unwrap();
    boosted
        .context
        .boost
        .insert(ContextKey::Page, vec!["checkout".into()]);
    let index = FaqIndex::new(entries, FaqConfig::default()).unwrap();
    let plain = index.search("my order", &en, 5).unwrap();
    let on_page = SearchContext {
        page: Some("checkout".into()),
        ..en
    };
    let raised = index.search("my order", &on_page, 5).unwrap();
    let score = |r: &SearchResult| {
        r.matches
            .iter()
            .find(|m| m.id == "delivery.en")
            .map(|m| m.score)
            .unwrap()
    };
    assert!((score(&raised) - score(&plain) - 0.1).abs() < 1e-6);
}

#[test]
fn synonyms_connect_words_the_entries_do_not_use() {
    let query = "wanneer komt de levering";
    let nl = SearchContext {
        locale: Some("nl".parse().unwrap()),
        ..SearchContext::default()
    };
    let plain = FaqIndex::new(shop(), FaqConfig::default()).unwrap();
    let mut config = FaqConfig::default();
    config.synonyms.insert(
        Lang::Nl,
        vec![vec!["bezorgd".into(), "levering".into(), "leveren".into()]],
    );
    let with = FaqIndex::new(shop(), config).unwrap();
    let conf = |i: &FaqIndex| {
        let r = i.search(query, &nl, 5).unwrap();
        r.matches
            .iter()
            .find(|m| m.id == "delivery.nl")
            .map_or(0.0, |m| m.score)
    };
    assert!(
        conf(&with) > conf(&plain),
        "{} vs {}",
        conf(&with),
        conf(&plain)
    );
    assert_eq!(top(&with, query, &nl).as_deref(), Some("delivery.nl"));
}

#[test]
fn matched_terms_point_into_the_query() {
    let index = index();
    let query = "Hoi! Mijn WACHTWOORD vergeten…";
    let r = index.search(query, &SearchContext::default(), 3).unwrap();
    let m = &r.matches[0];
    assert_eq!(m.id, "password.nl");
    let words: Vec<&str> = m.matched_terms.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(words, ["wachtwoord", "vergeten"]);
    for t in &m.matched_terms {
        assert_eq!(
            crate::text::normalize(&query[t.start..t.end]),
            t.text,
            "offsets"
        );
    }
}

#[test]
fn decisions_follow_the_thresholds() {
    let en = SearchContext {
        locale: Some("en".parse().unwrap()),
        ..SearchContext::default()
    };
    let r = index().search("forgot my password", &en, 5).unwrap();
    assert_eq!(r.decision, Decision::Answer);
    assert!(r.confidence >= DEFAULT_ANSWER_THRESHOLD);
    // Nothing in common: escalate, with no matches or weak ones.
    let r = index().search("qwertyuiop zxcvbnm", &en, 5).unwrap();
    assert_eq!(r.decision, Decision::Escalate);

    let config = FaqConfig {
        answer_threshold: 1.0,
        suggest_threshold: 0.0,
        max_suggestions: 2,
        ..FaqConfig::default()
    };
    let index = FaqIndex::new(shop(), config).unwrap();
    let r = index.search("my password and my order", &en, 5).unwrap();
    assert_eq!(r.decision, Decision::Suggest);
    assert_eq!(r.matches.len(), 2);
    // Confidences fall with rank and stay in [0, 1].
    assert!(r.matches.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(
        r.matches
            .iter()
            .all(|m| (0.0..=1.0).contains(&m.confidence))
    );
}

#[test]
fn related_entries_share_words_and_language() {
    let index = index();
    let related = index.related("password.en", 3).unwrap();
    assert!(related.iter().all(|(id, _)| id.ends_with(".en")));
    assert!(!related.iter().any(|(id, _)| id == "password.en"));
    assert_eq!(
        index.related("nope", 3).unwrap_err().code(),
        "faq.unknown_entry"
    );
}

#[test]
fn invalid_input_is_an_error_with_a_code() {
    let mut dup = shop();
    dup.push(shop().remove(0));
    let code = |r: Result<FaqIndex, FaqError>| r.unwrap_err().code();
    assert_eq!(
        code(FaqIndex::new(dup, FaqConfig::default())),
        "faq.duplicate_id"
    );
    let mut e = shop();
    e[0].question = "  ".into();
    assert_eq!(
        code(FaqIndex::new(e, FaqConfig::default())),
        "faq.empty_question"
    );
    let mut e = shop();
    e[0].locales = vec!["pt-BR".parse().unwrap()];
    let err = FaqIndex::new(e, FaqConfig::default()).unwrap_err();
    assert_eq!(err.code(), "faq.unknown_locale");
    assert!(err.to_string().contains("pt-BR"));
    let mut e = shop();
    e[0].id = String::new();
    assert_eq!(
        code(FaqIndex::new(e, FaqConfig::default())),
        "faq.invalid_id"
    );
    let mut e = shop();
    e[0].phrasings
        .push("x".repeat(crate::text::MAX_TEXT_BYTES + 1));
    assert_eq!(
        code(FaqIndex::new(e, FaqConfig::default())),
        "faq.text_too_long"
    );
    let mut e = shop();
    e[0].tags = vec!["t".into(); MAX_ENTRY_TAGS + 1];
    assert_eq!(
        code(FaqIndex::new(e, FaqConfig::default())),
        "faq.too_large"
    );
    let mut e = shop();
    e[0].context.only.insert(ContextKey::Plan, vec![]);
    assert_eq!(
        code(FaqIndex::new(e, FaqConfig::default())),
        "faq.invalid_context"
    );
    let bad = FaqConfig {
        answer_threshold: 0.3,
        suggest_threshold: 0.5,
        ..FaqConfig::default()
    };
    assert_eq!(code(FaqIndex::new(shop(), bad)), "faq.invalid_thresholds");
    let bad = FaqConfig {
        answer_threshold: f64::NAN,
        ..FaqConfig::default()
    };
    assert_eq!(code(FaqIndex::new(shop(), bad)), "faq.invalid_thresholds");
    let mut synonyms = BTreeMap::new();
    synonyms.insert(Lang::Nl, vec![vec!["alleen".to_owned()]]);
    let bad = FaqConfig {
        synonyms,
        ..FaqConfig::default()
    };
    assert_eq!(code(FaqIndex::new(shop(), bad)), "faq.invalid_synonyms");

    let index = index();
    let none = SearchContext::default();
    assert_eq!(
        index.search("x", &none, MAX_K + 1).unwrap_err().code(),
        "faq.invalid_k"
    );
    let long = "a".repeat(crate::text::MAX_TEXT_BYTES + 1);
    assert_eq!(
        index.search(&long, &none, 3).unwrap_err().code(),
        "text.too_long"
    );
}

/// One enormous word (a hostile query at the size cap) is read in linear
/// time: typo correction and compound splitting skip overlong words.
#[test]
fn overlong_words_are_bounded() {
    let index = index();
    for word in ["a", "wachtwoord", "é"] {
        let query = word.repeat(crate::text::MAX_TEXT_BYTES / word.len());
        let r = index.search(&query, &SearchContext::default(), 3).unwrap();
        assert!(r.matches.len() <= 3);
    }
}

#[test]
fn the_decision_does_not_depend_on_k() {
    let en = SearchContext {
        locale: Some("en".parse().unwrap()),
        ..SearchContext::default()
    };
    let index = index();
    let none = index.search("forgot my password", &en, 0).unwrap();
    let some = index.search("forgot my password", &en, 3).unwrap();
    assert!(none.matches.is_empty());
    assert_eq!(none.decision, Decision::Answer);
    assert_eq!(none.confidence, some.confidence);
}

#[test]
fn a_boost_ranks_but_never_makes_a_match_or_confidence() {
    let mut entries = shop();
    let e = entries.iter_mut().find(|e| e.id == "delivery.en").unwrap();
    e.context
        .boost
        .insert(ContextKey::Page, vec!["checkout".into()]);
    let index = FaqIndex::new(entries, FaqConfig::default()).unwrap();
    let plain = SearchContext {
        locale: Some("en".parse().unwrap()),
        ..SearchContext::default()
    };
    let checkout = SearchContext {
        page: Some("checkout".into()),
        ..plain.clone()
    };
    // No word in common: still nothing to offer, boost or not.
    let r = index.search("qwxz vbnm", &checkout, 5).unwrap();
    assert!(r.matches.is_empty());
    assert_eq!(r.decision, Decision::Escalate);
    // A real match keeps its confidence; only the score moves.
    let a = index.search("my order", &plain, 5).unwrap();
    let b = index.search("my order", &checkout, 5).unwrap();
    let find = |r: &SearchResult| {
        r.matches
            .iter()
            .find(|m| m.id == "delivery.en")
            .cloned()
            .unwrap()
    };
    assert_eq!(find(&a).confidence, find(&b).confidence);
    assert!(find(&b).score > find(&a).score);
    let long = SearchContext {
        page: Some("p".repeat(MAX_CONTEXT_VALUE_BYTES + 1)),
        ..plain
    };
    assert_eq!(
        index.search("my order", &long, 5).unwrap_err().code(),
        "faq.invalid_search_context"
    );
}

#[test]
fn typos_with_a_letter_too_many_and_synonyms_are_kept_apart() {
    let en = SearchContext {
        locale: Some("en".parse().unwrap()),
        ..SearchContext::default()
    };
    let index = index();
    let r = index.search("forgot my passwordd", &en, 3).unwrap();
    let m = &r.matches[0];
    assert_eq!(m.id, "password.en");
    assert!(m.matched_terms.iter().any(|t| t.text == "passwordd"));
    // A synonym is mapped, not "corrected" into a neighbour.
    let mut config = FaqConfig::default();
    config
        .synonyms
        .insert(Lang::En, vec![vec!["parcel".into(), "packet".into()]]);
    let index = FaqIndex::new(shop(), config).unwrap();
    let r = index.search("packet", &en, 3).unwrap();
    assert_eq!(r.matches[0].id, "delivery.en");
}

#[test]
fn matched_terms_are_capped() {
    let query = "password ".repeat(500);
    let r = index()
        .search(&query, &SearchContext::default(), 1)
        .unwrap();
    assert_eq!(r.matches[0].matched_terms.len(), MAX_MATCHED_TERMS);
}

#[test]
fn empty_index_escalates_everything() {
    let index = FaqIndex::new(vec![], FaqConfig::default()).unwrap();
    assert!(index.is_empty());
    let r = index.search("hallo", &SearchContext::default(), 3).unwrap();
    assert_eq!(r.decision, Decision::Escalate);
    assert!(r.matches.is_empty());
    assert_eq!(r.confidence, 0.0);
}

#[test]
fn entries_and_results_round_trip_through_json() {
    let json = serde_json::to_string(&shop()).unwrap();
    let back: Vec<FaqEntry> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, shop());
    let r = index()
        .search("where is my parcel", &SearchContext::default(), 2)
        .unwrap();
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["decision"], serde_json::json!(r.decision));
    let back: SearchResult = serde_json::from_value(v).unwrap();
    assert_eq!(back, r);
    assert!(serde_json::from_str::<FaqEntry>(r#"{"id":"a","question":"q","typo":1}"#).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any query: no panic, at most k matches in score order, confidences
    /// in [0, 1], highlights inside the query, and the same answer twice.
    #[test]
    fn any_query_is_answered_sanely(query in "\\PC{0,80}", k in 0usize..8) {
        let index = index();
        let r = index.search(&query, &SearchContext::default(), k).unwrap();
        prop_assert!(r.matches.len() <= k);
        prop_assert!(r.matches.windows(2).all(|w| w[0].score >= w[1].score));
        for m in &r.matches {
            prop_assert!((0.0..=1.0).contains(&m.confidence));
            for t in &m.matched_terms {
                prop_assert!(query.get(t.start..t.end).is_some());
            }
        }
        prop_assert_eq!(index.search(&query, &SearchContext::default(), k).unwrap(), r);
    }

    /// Any entries: building fails with an error or succeeds, never panics;
    /// a successful index finds each entry by its own question.
    #[test]
    fn any_entries_build_or_fail_cleanly(
        texts in proptest::collection::vec(("[a-z]{1,6}", "\\PC{0,40}", proptest::collection::vec("\\PC{0,30}", 0..4)), 0..6),
        locale in prop_oneof![Just("nl"), Just("en"), Just("xx"), Just("")],
    ) {
        let entries: Vec<FaqEntry> = texts
            .iter()
            .map(|(id, q, p)| FaqEntry {
                id: id.clone(),
                locales: if locale.is_empty() { vec![] } else { vec![locale.parse().unwrap()] },
                question: q.clone(),
                phrasings: p.clone(),
                answer: String::new(),
                tags: vec![],
                context: EntryContext::default(),
                vectors: vec![],
            })
            .collect();
        if let Ok(index) = FaqIndex::new(entries.clone(), FaqConfig::default()) {
            for e in &entries {
                let r = index.search(&e.question, &SearchContext::default(), 3).unwrap();
                prop_assert!(r.matches.len() <= 3);
            }
        }
    }
}

#[test]
fn coverage_says_how_much_of_the_query_an_entry_explains() {
    let entries: Vec<FaqEntry> =
        serde_json::from_str(include_str!("../../examples/desk/faq.json")).unwrap();
    let index = FaqIndex::new(entries.clone(), FaqConfig::default()).unwrap();
    let none = SearchContext::default();
    let search = |index: &FaqIndex, q: &str| index.search(q, &none, 1).unwrap();
    let full = search(&index, "ik ben mijn wachtwoord vergeten");
    assert!((full.matches[0].coverage - 1.0).abs() < 1e-9, "{full:?}");
    // A compound counts once, held through its parts.
    let compound = search(&index, "wachtwoordherstel lukt niet");
    assert!(compound.matches[0].coverage > 0.55, "{compound:?}");
    // Confident, but half the words are about something else.
    let mixed = "where is my parcel with the mortgage quote";
    let r = search(&index, mixed);
    assert_eq!(r.decision, Decision::Answer, "{r:?}");
    assert!(r.matches[0].coverage < 0.6, "{r:?}");
    let strict = FaqIndex::new(
        entries.clone(),
        FaqConfig {
            min_coverage: 0.6,
            ..FaqConfig::default()
        },
    )
    .unwrap();
    assert_eq!(search(&strict, mixed).decision, Decision::Escalate);
    // The question it fully explains still gets its answer.
    assert_eq!(
        search(&strict, "ik ben mijn wachtwoord vergeten").decision,
        Decision::Answer
    );
    // A minimum outside 0 to 1 is refused.
    for bad in [-0.1, 1.5, f64::NAN] {
        let config = FaqConfig {
            min_coverage: bad,
            ..FaqConfig::default()
        };
        let err = FaqIndex::new(shop(), config).unwrap_err();
        assert_eq!(err.code(), "faq.invalid_min_coverage");
    }
}

/// A deterministic toy vector for a text (not an encoder: only a shape for
/// the checks below).
fn toy_vector(text: &str, dims: usize) -> Vec<f32> {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    (0..dims)
        .map(|_| {
            for b in text.bytes() {
                h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
            }
            h = h.rotate_left(17).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            (h >> 40) as f32 / (1u64 << 24) as f32 - 0.5
        })
        .collect()
}

fn with_vectors(mut entries: Vec<FaqEntry>, dims: usize) -> Vec<FaqEntry> {
    for e in &mut entries {
        e.vectors = std::iter::once(&e.question)
            .chain(&e.phrasings)
            .map(|t| toy_vector(t, dims))
            .collect();
    }
    entries
}

#[test]
fn vectors_change_nothing_until_a_search_passes_one() {
    let plain = FaqIndex::new(shop(), FaqConfig::default()).unwrap();
    let embedded = FaqIndex::new(with_vectors(shop(), 8), FaqConfig::default()).unwrap();
    assert_eq!(plain.vector_dims(), None);
    assert_eq!(embedded.vector_dims(), Some(8));
    for q in [
        "wachtwoord vergeten",
        "where is my parcel",
        "retourneren",
        "iets heel anders",
    ] {
        let none = SearchContext::default();
        assert_eq!(
            plain.search(q, &none, 5).unwrap(),
            embedded.search(q, &none, 5).unwrap()
        );
    }
    // Without vectors in the index, a query vector is an error, not ignored.
    let err = plain
        .search_with_vector("x", &[1.0; 8], &SearchContext::default(), 3)
        .unwrap_err();
    assert_eq!(err.code(), "faq.no_vectors");
}

#[test]
fn the_vector_finds_what_no_word_matches_and_the_weight_decides() {
    // Two entries whose toy "meanings" are the first and second axis.
    let mut card = entry(
        "card",
        "en",
        "Where is my new card?",
        &["card not here"],
        "",
    );
    card.vectors = vec![vec![1.0, 0.0, 0.1], vec![0.9, 0.1, 0.0]];
    let mut rate = entry(
        "rate",
        "en",
        "What exchange rate applies?",
        &["fx rate"],
        "",
    );
    rate.vectors = vec![vec![0.0, 1.0, 0.1], vec![0.1, 0.9, 0.0]];
    let none = SearchContext::default();
    let build = |w: f64| {
        let config = FaqConfig {
            vector_weight: w,
            ..FaqConfig::default()
        };
        FaqIndex::new(vec![card.clone(), rate.clone()], config).unwrap()
    };
    // No word in common: lexically nothing matches; the vector ranks both
    // and puts the right one first.
    let index = build(0.3);
    assert!(
        index
            .search("delivery pending", &none, 2)
            .unwrap()
            .matches
            .is_empty()
    );
    let r = index
        .search_with_vector("delivery pending", &[0.95, 0.05, 0.0], &none, 2)
        .unwrap();
    assert_eq!(r.matches.len(), 2);
    assert_eq!(r.matches[0].id, "card");
    assert!(r.matches[0].score > r.matches[1].score);
    // The words say `rate`, the vector says `card`: weight 0 follows the
    // words, weight 1 the vector.
    let q = ("exchange rate", [1.0f32, 0.0, 0.0]);
    let words = build(0.0).search_with_vector(q.0, &q.1, &none, 1).unwrap();
    assert_eq!(words.matches[0].id, "rate");
    let vector = build(1.0).search_with_vector(q.0, &q.1, &none, 1).unwrap();
    assert_eq!(vector.matches[0].id, "card");
    // Length does not matter: a scaled query vector gives the same result.
    let scaled = build(1.0)
        .search_with_vector(q.0, &[7.0, 0.0, 0.0], &none, 1)
        .unwrap();
    assert_eq!(scaled, vector);
}

#[test]
fn bad_vectors_are_refused_naming_whose() {
    let none = SearchContext::default();
    let fail = |entries: Vec<FaqEntry>| FaqIndex::new(entries, FaqConfig::default()).unwrap_err();
    // Some entries with vectors, one without.
    let mut partial = with_vectors(shop(), 4);
    partial[1].vectors.clear();
    let err = fail(partial);
    assert_eq!(err.code(), "faq.invalid_vector");
    let id = &shop()[1].id;
    assert!(err.to_string().contains(&format!("entry `{id}`")), "{err}");
    assert!(err.to_string().contains("has none"), "{err}");
    // Neither one nor one per text.
    let mut count = with_vectors(shop(), 4);
    count[0].vectors.push(vec![1.0; 4]);
    assert!(fail(count).to_string().contains("expected"));
    // Dimensions that differ, a NaN, a zero vector, no dimensions, too many.
    let mut dims = with_vectors(shop(), 4);
    dims[2].vectors[0] = vec![1.0; 5];
    assert!(fail(dims).to_string().contains("5 dimensions"));
    let mut nan = with_vectors(shop(), 4);
    nan[0].vectors[0][2] = f32::NAN;
    let err = fail(nan).to_string();
    assert!(err.contains("vector 0 has value 2"), "{err}");
    let mut zero = with_vectors(shop(), 4);
    zero[0].vectors[0] = vec![0.0; 4];
    assert!(fail(zero).to_string().contains("length 0"));
    let mut empty = with_vectors(shop(), 4);
    for e in &mut empty {
        e.vectors = vec![vec![]];
    }
    assert!(fail(empty).to_string().contains("0 dimensions"));
    let wide = with_vectors(shop(), MAX_VECTOR_DIMS + 1);
    assert_eq!(fail(wide).code(), "faq.invalid_vector");
    // A weight outside 0 to 1.
    for bad in [-0.5, 1.01, f64::NAN] {
        let config = FaqConfig {
            vector_weight: bad,
            ..FaqConfig::default()
        };
        let err = FaqIndex::new(shop(), config).unwrap_err();
        assert_eq!(err.code(), "faq.invalid_vector_weight");
    }
    // The query's vector: wrong dimensions, not finite, zero.
    let index = FaqIndex::new(with_vectors(shop(), 4), FaqConfig::default()).unwrap();
    for bad in [
        vec![1.0; 3],
        vec![1.0, f32::INFINITY, 0.0, 0.0],
        vec![0.0; 4],
    ] {
        let err = index
            .search_with_vector("wachtwoord", &bad, &none, 3)
            .unwrap_err();
        assert_eq!(err.code(), "faq.invalid_vector");
        assert!(err.to_string().contains("the query"), "{err}");
    }
    // More matches than the vectors are compared for.
    let err = index
        .search_with_vector("wachtwoord", &[1.0; 4], &none, MAX_VECTOR_K + 1)
        .unwrap_err();
    assert_eq!(err.code(), "faq.invalid_k");
}

/// Sixty entries of toy vectors in four dimensions.
fn many_with_vectors() -> Vec<FaqEntry> {
    (0..60)
        .map(|i| {
            let mut e = entry(
                &format!("e{i}"),
                "en",
                &format!("question number {i}"),
                &[],
                "",
            );
            e.phrasings = vec![format!("phrasing {i} about topic {}", i % 7)];
            e
        })
        .map(|e| with_vectors(vec![e], 4).remove(0))
        .collect()
}

#[test]
fn the_fused_confidence_is_the_documented_logistic() {
    // Thresholds at 0: every search answers, so no match list is cut.
    let config = FaqConfig {
        answer_threshold: 0.0,
        suggest_threshold: 0.0,
        ..FaqConfig::default()
    };
    let index = FaqIndex::new(many_with_vectors(), config).unwrap();
    let none = SearchContext::default();
    for v in [[1.0, 0.2, -0.3, 0.5], [-0.4, 0.9, 0.1, 0.0]] {
        let r = index.search_with_vector("topic 3", &v, &none, 20).unwrap();
        assert_eq!(r.matches.len(), 20);
        let (s1, s2) = (r.matches[0].score, r.matches[1].score);
        let expected = 1.0 / (1.0 + (-(1.271 * s1 + 6.632 * (s1 - s2) - 0.876)).exp());
        assert!((r.confidence - expected).abs() < 1e-12, "{r:?}");
        // Fused scores can be negative; the runner-up's counts as it is.
        assert!(r.matches.iter().any(|m| m.score < 0.0), "{r:?}");
    }
}

#[test]
fn degenerate_vectors_build_and_search() {
    let none = SearchContext::default();
    let build = |entries: Vec<FaqEntry>| FaqIndex::new(entries, FaqConfig::default()).unwrap();
    // One entry; every vector the same; one vector per entry; vectors that
    // cancel out in an entry's mean.
    let mut one = entry("only", "en", "the only question", &["a phrasing"], "");
    one.vectors = vec![vec![1.0, 0.0], vec![0.0, 1.0]];
    let mut same = shop();
    for e in &mut same {
        e.vectors = vec![vec![0.5, 0.5, 0.5]];
    }
    let mut opposite = entry("x", "en", "question x", &["phrasing x"], "");
    opposite.vectors = vec![vec![1.0, 0.0], vec![-1.0, 0.0]];
    let mut other = entry("y", "en", "question y", &[], "");
    other.vectors = vec![vec![0.0, 1.0]];
    for (index, dims) in [
        (build(vec![one]), 2),
        (build(same), 3),
        (build(vec![opposite, other]), 2),
    ] {
        let q = vec![0.3; dims];
        let r = index.search_with_vector("question", &q, &none, 5).unwrap();
        assert!(r.confidence.is_finite() && (0.0..=1.0).contains(&r.confidence));
        assert!(r.matches.iter().all(|m| m.score.is_finite()), "{r:?}");
    }
}

#[test]
fn too_many_vector_values_are_refused_before_copying() {
    // The total is counted (vectors × the first one's dimensions) before
    // any vector is read, so the others can be empty here.
    let dims = MAX_VECTOR_DIMS;
    let per_entry = MAX_VECTOR_VALUES / dims / 5 + 1;
    let entries: Vec<FaqEntry> = (0..5)
        .map(|i| {
            let mut e = entry(&format!("e{i}"), "en", "question", &[], "");
            e.phrasings = vec!["p".to_owned(); per_entry - 1];
            e.vectors = vec![Vec::new(); per_entry];
            if i == 0 {
                e.vectors[0] = vec![1.0; dims];
            }
            e
        })
        .collect();
    let err = FaqIndex::new(entries, FaqConfig::default()).unwrap_err();
    assert_eq!(err.code(), "faq.too_large");
    assert!(err.to_string().contains("vector values"), "{err}");
}

#[test]
fn vectors_round_trip_and_are_left_out_when_absent() {
    let plain = serde_json::to_value(&shop()[0]).unwrap();
    assert!(plain.get("vectors").is_none());
    let entry = with_vectors(shop(), 3).remove(0);
    let json = serde_json::to_string(&entry).unwrap();
    let back: FaqEntry = serde_json::from_str(&json).unwrap();
    assert_eq!(back, entry);
}

proptest! {
    /// Any query vector of the index's dimensions gives a result whose head
    /// and decision do not depend on `k`.
    #[test]
    fn fused_results_do_not_depend_on_k(
        v in proptest::collection::vec(-1e3f32..1e3, 4),
        query in "[a-z ]{0,30}",
    ) {
        let index = FaqIndex::new(many_with_vectors(), FaqConfig::default()).unwrap();
        let none = SearchContext::default();
        match index.search_with_vector(&query, &v, &none, MAX_VECTOR_K) {
            Ok(all) => {
                let three = index.search_with_vector(&query, &v, &none, 3).unwrap();
                prop_assert_eq!(three.decision, all.decision);
                prop_assert_eq!(three.confidence, all.confidence);
                prop_assert_eq!(&three.matches[..], &all.matches[..3]);
            }
            // Only a vector of length 0 is refused.
            Err(e) => {
                prop_assert_eq!(e.code(), "faq.invalid_vector");
                prop_assert!(v.iter().all(|x| *x == 0.0));
            }
        }
    }

    /// Entries with arbitrary vectors build or fail with a vector error,
    /// never a panic.
    #[test]
    fn any_entry_vectors_build_or_fail_cleanly(
        vectors in proptest::collection::vec(
            proptest::collection::vec(
                proptest::collection::vec(prop_oneof![Just(f32::NAN), Just(0.0f32), -1e30f32..1e30], 0..5),
                0..4),
            1..6),
    ) {
        let entries: Vec<FaqEntry> = vectors
            .into_iter()
            .enumerate()
            .map(|(i, vs)| {
                let mut e = entry(&format!("e{i}"), "en", &format!("question {i}"), &[], "");
                e.phrasings = vec!["a phrasing".to_owned(); vs.len().saturating_sub(1)];
                e.vectors = vs;
                e
            })
            .collect();
        match FaqIndex::new(entries, FaqConfig::default()) {
            Ok(index) => {
                if let Some(d) = index.vector_dims() {
                    let r = index.search_with_vector("question", &vec![1.0; d], &SearchContext::default(), 3);
                    prop_assert!(r.is_ok());
                }
            }
            Err(e) => prop_assert_eq!(e.code(), "faq.invalid_vector"),
        }
    }
}
