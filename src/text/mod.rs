//! Text analysis: normalisation, tokens, stems, stop words, compounds and
//! language detection, for Dutch and English first (German, French and
//! Spanish too).
//!
//! Everything here is a pure function of the text; nothing is loaded at run
//! time. The language profiles are built from small texts compiled into the
//! crate, the first time one is needed.
//!
//! # Pipeline
//!
//! 1. [`normalize`]: Unicode lower-casing and accent folding, so `Café`,
//!    `CAFÉ` and a decomposed `cafe\u{301}` all read `cafe`.
//! 2. [`tokenize`]: words by Unicode word boundaries (UAX #29); numbers,
//!    e-mail addresses and order numbers (`#40213`, `NL-4021-77`) kept whole.
//! 3. [`Analyzer`]: stems by the Snowball algorithm of the language
//!    ([`Stemmer`]), marks stop words ([`Lang::is_stop_word`]) and, for Dutch
//!    and German, splits compounds against a vocabulary
//!    ([`split_compound`]), so `wachtwoordherstel` meets `wachtwoord
//!    herstellen`.
//! 4. [`detect_language`] when the language is not known.
//!
//! Every function here is linear in the text, which is capped at
//! [`MAX_TEXT_BYTES`] (64 KiB): a one-line message analyses in about 2 µs
//! and a 64 KiB text in 1.7 ms; detection reads at most its first
//! [`MAX_DETECT_BYTES`] and takes about 1 µs for a message, 60 µs at the cap
//! (`cargo bench -p frontline-benches --bench text`).
//!
//! ```
//! use frontline::text::{analyze, Lang};
//! let analysis = analyze("Mijn bestellingen zijn nog niet bezorgd!", Lang::Nl)?;
//! let stems: Vec<_> = analysis.tokens.iter().filter(|t| !t.stop).map(|t| t.stem.as_str()).collect();
//! assert_eq!(stems, ["bestell", "niet", "bezorgd"]);
//! # Ok::<(), frontline::text::TextError>(())
//! ```

mod detect;
mod lang;
mod token;

pub(crate) use detect::corpus_words;
pub use detect::{
    Detection, MAX_DETECT_BYTES, MIN_RELIABLE_LETTERS, RELIABLE_CONFIDENCE, detect_language,
    detect_language_among,
};
pub use lang::{Lang, MAX_STEM_WORD_BYTES, Stemmer, stop_words};
pub use token::{Token, TokenKind, normalize, tokenize};

use serde::{Deserialize, Serialize};

/// The longest text (in bytes) [`analyze`] and the FAQ take; longer text is
/// an error rather than silently cut.
pub const MAX_TEXT_BYTES: usize = 64 * 1024;

/// An error of text analysis.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TextError {
    /// The text is longer than [`MAX_TEXT_BYTES`].
    #[error("text of {len} bytes is over the limit of {max} bytes")]
    TooLong {
        /// The text's length in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
}

impl TextError {
    /// The stable error code, for the JSON API and the C ABI.
    pub fn code(&self) -> &'static str {
        match self {
            TextError::TooLong { .. } => "text.too_long",
        }
    }
}

/// A token with its stem and stop-word flag, as [`analyze`] returns it.
///
/// JSON: `{"kind": "word", "text": "bestellingen", "stem": "bestell", "stop": false, "start": 5, "end": 17}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AnalyzedToken {
    /// The kind of token.
    pub kind: TokenKind,
    /// The normalised text.
    pub text: String,
    /// The stem (for words); numbers, e-mail addresses and codes are their
    /// own stem.
    pub stem: String,
    /// Whether the word is a stop word of the language.
    pub stop: bool,
    /// Byte offset of the token in the original text.
    pub start: usize,
    /// Byte offset just past the token.
    pub end: usize,
}

/// The analysis of one text.
///
/// JSON: `{"lang": "nl", "detected": {...} | null, "tokens": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Analysis {
    /// The language analysed in.
    pub lang: Lang,
    /// The detection, when the language was not given.
    pub detected: Option<Detection>,
    /// The tokens, in text order.
    pub tokens: Vec<AnalyzedToken>,
}

/// Analyses a text in a known language: tokens with stems and stop-word
/// flags.
///
/// # Errors
/// [`TextError::TooLong`] for text over [`MAX_TEXT_BYTES`].
pub fn analyze(text: &str, lang: Lang) -> Result<Analysis, TextError> {
    check_len(text)?;
    Ok(Analysis {
        lang,
        detected: None,
        tokens: Analyzer::new(lang).analyze(text),
    })
}

/// Analyses a text in the language [`detect_language`] finds, English when
/// the text has no letters.
///
/// # Errors
/// [`TextError::TooLong`] for text over [`MAX_TEXT_BYTES`].
pub fn analyze_detected(text: &str) -> Result<Analysis, TextError> {
    check_len(text)?;
    let detected = detect_language(text);
    let lang = detected.as_ref().map_or(Lang::En, |d| d.lang);
    Ok(Analysis {
        lang,
        tokens: Analyzer::new(lang).analyze(text),
        detected,
    })
}

pub(crate) fn check_len(text: &str) -> Result<(), TextError> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(TextError::TooLong {
            len: text.len(),
            max: MAX_TEXT_BYTES,
        });
    }
    Ok(())
}

/// Analyses texts of one language: tokens, stems, stop words.
///
/// ```
/// use frontline::text::{Analyzer, Lang};
/// let en = Analyzer::new(Lang::En);
/// let stems: Vec<_> = en.analyze("My refunds haven't arrived").into_iter().map(|t| t.stem).collect();
/// assert_eq!(stems, ["my", "refund", "haven't", "arriv"]);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Analyzer {
    stemmer: Stemmer,
}

impl Analyzer {
    /// The analyzer of a language.
    pub fn new(lang: Lang) -> Analyzer {
        Analyzer {
            stemmer: Stemmer::new(lang),
        }
    }

    /// The language analysed.
    pub fn lang(&self) -> Lang {
        self.stemmer.lang()
    }

    /// The stemmer used.
    pub fn stemmer(&self) -> &Stemmer {
        &self.stemmer
    }

    /// Tokens of `text` with stems and stop-word flags. The text is not
    /// length-checked here; callers with untrusted text check it against
    /// [`MAX_TEXT_BYTES`] first (as [`analyze`] does).
    pub fn analyze(&self, text: &str) -> Vec<AnalyzedToken> {
        let lang = self.lang();
        tokenize(text)
            .into_iter()
            .map(|t| {
                let (stem, stop) = match t.kind {
                    TokenKind::Word => (self.stemmer.stem(&t.text), lang.is_stop_word(&t.text)),
                    _ => (t.text.clone(), false),
                };
                AnalyzedToken {
                    kind: t.kind,
                    text: t.text,
                    stem,
                    stop,
                    start: t.start,
                    end: t.end,
                }
            })
            .collect()
    }
}

/// Splits a compound word into known parts, longest head first: `known`
/// says whether a piece is a word of the vocabulary. Parts are at least
/// three characters; a linking `s`, `e` or `en` between parts is allowed
/// (`veiligheidsinstelling` → `veiligheid` + `instelling`). A compound of up
/// to four parts is split; `None` when no split into known parts exists, or
/// when the word is longer than [`MAX_COMPOUND_BYTES`] (which bounds the
/// search).
///
/// ```
/// use frontline::text::split_compound;
/// let vocab = ["wachtwoord", "herstel", "veiligheid", "instelling", "bezorg", "tijd"];
/// let known = |w: &str| vocab.contains(&w);
/// assert_eq!(split_compound("wachtwoordherstel", known), Some(vec!["wachtwoord", "herstel"]));
/// assert_eq!(split_compound("veiligheidsinstelling", known), Some(vec!["veiligheid", "instelling"]));
/// assert_eq!(split_compound("bezorgtijd", known), Some(vec!["bezorg", "tijd"]));
/// assert_eq!(split_compound("wachtwoord", known), None);
/// ```
pub fn split_compound(word: &str, known: impl Fn(&str) -> bool) -> Option<Vec<&str>> {
    if word.len() > MAX_COMPOUND_BYTES {
        return None;
    }
    let mut parts = Vec::new();
    let mut budget = MAX_COMPOUND_LOOKUPS;
    let mut known = |w: &str| {
        budget = budget.saturating_sub(1);
        budget > 0 && known(w)
    };
    split_rec(word, &mut known, 4, &mut parts).then_some(parts)
}

const MIN_PART_CHARS: usize = 3;

/// The longest word (in bytes) [`split_compound`] takes apart; the longest
/// real compounds are well under it.
pub const MAX_COMPOUND_BYTES: usize = 64;

/// The most vocabulary lookups one [`split_compound`] makes before it gives
/// up (a real compound needs a few dozen; a hostile vocabulary of nested
/// prefixes could otherwise ask for hundreds of thousands).
pub const MAX_COMPOUND_LOOKUPS: usize = 2_000;

fn split_rec<'a>(
    word: &'a str,
    known: &mut impl FnMut(&str) -> bool,
    max_parts: usize,
    parts: &mut Vec<&'a str>,
) -> bool {
    if max_parts < 2 || word.chars().count() < 2 * MIN_PART_CHARS {
        return false;
    }
    let bounds: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
    // Longest known head first, leaving room for a tail.
    for &cut in bounds.iter().skip(MIN_PART_CHARS).rev().filter(|&&cut| {
        word.get(cut..)
            .is_some_and(|t| t.chars().count() >= MIN_PART_CHARS)
    }) {
        let (Some(head), Some(tail)) = (word.get(..cut), word.get(cut..)) else {
            continue;
        };
        if !known(head) {
            continue;
        }
        let mut tails = vec![tail];
        for link in ["s", "en", "e"] {
            if let Some(t) = tail.strip_prefix(link)
                && t.chars().count() >= MIN_PART_CHARS
            {
                tails.push(t);
            }
        }
        for t in tails {
            let mark = parts.len();
            parts.push(head);
            if known(t) {
                parts.push(t);
                return true;
            }
            if split_rec(t, known, max_parts - 1, parts) {
                return true;
            }
            parts.truncate(mark);
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_long_text_is_an_error_naming_its_size() {
        let text = "a".repeat(MAX_TEXT_BYTES + 1);
        let err = analyze(&text, Lang::En).unwrap_err();
        assert_eq!(err.code(), "text.too_long");
        assert!(err.to_string().contains(&(MAX_TEXT_BYTES + 1).to_string()));
    }

    #[test]
    fn compound_of_three_parts_and_none() {
        let vocab = ["klant", "service", "medewerker"];
        let known = |w: &str| vocab.contains(&w);
        assert_eq!(
            split_compound("klantenservicemedewerker", known),
            Some(vec!["klant", "service", "medewerker"])
        );
        assert_eq!(split_compound("klantbonus", known), None);
        assert_eq!(
            split_compound("klantservicemedewerker", known),
            Some(vec!["klant", "service", "medewerker"])
        );
        assert_eq!(split_compound("", known), None);
        // A vocabulary of every run of `e` makes the search explode; the
        // lookup budget stops it.
        let word = format!("{}x", "e".repeat(60));
        assert_eq!(
            split_compound(&word, |w: &str| w.bytes().all(|b| b == b'e')),
            None
        );
        let long = "klant".repeat(20);
        assert_eq!(split_compound(&long, |w: &str| w == "klant"), None);
        assert_eq!(split_compound("ééééééé", known), None);
    }

    #[test]
    fn analyze_detected_falls_back_to_english() {
        let a = analyze_detected("12345").unwrap();
        assert_eq!(a.lang, Lang::En);
        assert!(a.detected.is_none());
        let a = analyze_detected("waar blijft mijn bestelling").unwrap();
        assert_eq!(a.lang, Lang::Nl);
        assert!(a.detected.is_some());
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any text: tokens lie in order inside the text, on char
        /// boundaries, and their text is the normalised original.
        #[test]
        fn tokens_point_into_any_text(text in "\\PC{0,120}") {
            let tokens = tokenize(&text);
            let mut last = 0;
            for t in &tokens {
                prop_assert!(t.start >= last && t.start < t.end);
                let original = text.get(t.start..t.end);
                prop_assert!(original.is_some());
                if t.kind != TokenKind::Code && t.kind != TokenKind::Email {
                    prop_assert_eq!(normalize(original.unwrap_or_default()), t.text.clone());
                }
                last = t.end;
            }
            let analysis = analyze(&text, Lang::Nl).unwrap();
            prop_assert_eq!(analysis.tokens.len(), tokens.len());
        }

        /// Normalising twice changes nothing.
        #[test]
        fn normalize_is_idempotent(text in "\\PC{0,80}") {
            let once = normalize(&text);
            prop_assert_eq!(normalize(&once), once);
        }

        /// Detection answers a distribution over the candidates, or nothing
        /// for text without letters.
        #[test]
        fn detection_is_a_distribution(text in "\\PC{0,200}") {
            match detect_language(&text) {
                Some(d) => {
                    let total: f64 = d.scores.iter().map(|s| s.1).sum();
                    prop_assert!((total - 1.0).abs() < 1e-6);
                    prop_assert!(d.scores.iter().all(|s| s.1.is_finite() && s.1 >= 0.0));
                    prop_assert_eq!(d.scores.len(), Lang::ALL.len());
                }
                None => prop_assert!(!text.chars().any(char::is_alphabetic)),
            }
        }

        /// A split's parts, with linking letters, spell the word.
        #[test]
        fn compound_parts_spell_the_word(a in "[a-z]{3,8}", b in "[a-z]{3,8}", link in prop_oneof![Just(""), Just("s"), Just("en")]) {
            let word = format!("{a}{link}{b}");
            let known = |w: &str| w == a || w == b;
            if let Some(parts) = split_compound(&word, known) {
                prop_assert!(parts.iter().all(|p| known(p)));
                let letters: usize = parts.iter().map(|p| p.len()).sum();
                prop_assert!(letters <= word.len() && word.len() - letters <= 2 * (parts.len() - 1));
                prop_assert!(word.starts_with(parts[0]) && word.ends_with(parts[parts.len() - 1]));
            }
        }
    }
}
