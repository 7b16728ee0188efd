//! FAQ search with arbitrary queries and contexts over a fixed bilingual FAQ
//! (with synonyms and context rules): never panics, and every result is
//! well formed.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use frontline::faq::{FaqConfig, FaqEntry, FaqIndex, SearchContext};
use libfuzzer_sys::fuzz_target;

const ENTRIES: &str = r#"[
  {"id": "returns", "locales": ["nl"], "question": "Hoe stuur ik iets terug?",
   "phrasings": ["retourneren", "retourlabel aanvragen", "artikel terugsturen"],
   "answer": "Binnen 30 dagen, gratis.", "tags": ["retour"]},
  {"id": "delivery", "locales": ["nl", "en"], "question": "Wanneer komt mijn pakket?",
   "phrasings": ["bezorgtijd", "pakket niet ontvangen", "where is my parcel"],
   "answer": "Voor 22:00 besteld, morgen in huis.",
   "context": {"boost": {"page": ["checkout"]}}},
  {"id": "password", "locales": ["en"], "question": "How do I reset my password?",
   "phrasings": ["forgot my password", "can't log in", "new password"],
   "answer": "Click 'Forgot password'.", "context": {"only": {"plan": ["pro", "free"]}}},
  {"id": "invoice", "locales": ["en", "de"], "question": "Where is my invoice?",
   "phrasings": ["download invoice", "Rechnung herunterladen"], "answer": "Under Orders."}
]"#;

fn index() -> &'static FaqIndex {
    static INDEX: OnceLock<FaqIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let entries: Vec<FaqEntry> = serde_json::from_str(ENTRIES).expect("valid entries");
        let config: FaqConfig =
            serde_json::from_str(r#"{"synonyms": {"nl": [["pakket", "zending", "bestelling"]]}}"#)
                .expect("valid config");
        FaqIndex::new(entries, config).expect("the FAQ builds")
    })
}

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    query: &'a str,
    locale: Option<&'a str>,
    plan: Option<&'a str>,
    page: Option<&'a str>,
    k: u8,
}

fuzz_target!(|input: Input<'_>| {
    let mut context = SearchContext::default();
    // A malformed locale fails at the type (and must not panic there).
    context.locale = input.locale.and_then(|l| l.parse().ok());
    context.plan = input.plan.map(str::to_owned);
    context.page = input.page.map(str::to_owned);
    let k = usize::from(input.k % 8);
    let Ok(result) = index().search(input.query, &context, k) else {
        return;
    };
    assert!(result.matches.len() <= k);
    assert!((0.0..=1.0).contains(&result.confidence), "{result:?}");
    for m in &result.matches {
        assert!(
            m.score.is_finite() && (0.0..=1.0).contains(&m.confidence),
            "{m:?}"
        );
    }
    let _ = index().related(input.query, k);
});
