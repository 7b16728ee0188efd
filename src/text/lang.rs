//! Languages, stemming and stop words.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A language frontline analyses: Dutch and English first, German, French
/// and Spanish beside them.
///
/// JSON: the ISO 639-1 code, `"nl"`, `"en"`, `"de"`, `"fr"` or `"es"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Lang {
    /// Dutch.
    Nl,
    /// English.
    En,
    /// German.
    De,
    /// French.
    Fr,
    /// Spanish.
    Es,
}

impl Lang {
    /// Every language, in a fixed order.
    pub const ALL: [Lang; 5] = [Lang::Nl, Lang::En, Lang::De, Lang::Fr, Lang::Es];

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Es => "es",
        }
    }

    /// The language of a code or a BCP 47 locale (`nl`, `nl-BE`, `EN_gb`),
    /// by its primary subtag; `None` for a language frontline does not
    /// analyse.
    ///
    /// ```
    /// use frontline::text::Lang;
    /// assert_eq!(Lang::from_locale("nl-BE"), Some(Lang::Nl));
    /// assert_eq!(Lang::from_locale("EN_gb"), Some(Lang::En));
    /// assert_eq!(Lang::from_locale("pt"), None);
    /// ```
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let primary = locale.split(['-', '_']).next()?;
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(primary))
    }

    pub(crate) fn index(self) -> usize {
        match self {
            Lang::Nl => 0,
            Lang::En => 1,
            Lang::De => 2,
            Lang::Fr => 3,
            Lang::Es => 4,
        }
    }

    /// Whether words of this language are written as compounds
    /// (`wachtwoordherstel`), so that the FAQ index splits them ([`split_compound`](super::split_compound)).
    pub fn compounds(self) -> bool {
        matches!(self, Lang::Nl | Lang::De)
    }

    /// Whether `word` (normalised) is a stop word of this language.
    ///
    /// ```
    /// use frontline::text::Lang;
    /// assert!(Lang::Nl.is_stop_word("het"));
    /// assert!(!Lang::Nl.is_stop_word("pakket"));
    /// ```
    pub fn is_stop_word(self, word: &str) -> bool {
        stop_words(self).binary_search(&word).is_ok()
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Reduces words of one language to their stems with the Snowball algorithms
/// (through the `frostem` crate, which tracks Snowball).
///
/// Dutch uses the Dutch Porter variant, which keeps plurals and their
/// singulars together (`wachtwoorden` and `wachtwoord` → `wachtwoord`), where
/// the newer Snowball Dutch splits some of them. Words are normalised first,
/// so accents never reach the stemmer.
///
/// ```
/// use frontline::text::{Lang, Stemmer};
/// let nl = Stemmer::new(Lang::Nl);
/// assert_eq!(nl.stem("bestellingen"), nl.stem("bestelling"));
/// assert_eq!(nl.stem("wachtwoorden"), "wachtwoord");
/// let en = Stemmer::new(Lang::En);
/// assert_eq!(en.stem("refunds"), "refund");
/// ```
#[derive(Clone, Copy)]
pub struct Stemmer {
    inner: frostem::Stemmer,
    lang: Lang,
}

impl fmt::Debug for Stemmer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stemmer").field("lang", &self.lang).finish()
    }
}

impl Stemmer {
    /// The stemmer of a language.
    pub fn new(lang: Lang) -> Stemmer {
        let algorithm = match lang {
            Lang::Nl => frostem::Algorithm::DutchPorter,
            Lang::En => frostem::Algorithm::English,
            Lang::De => frostem::Algorithm::German,
            Lang::Fr => frostem::Algorithm::French,
            Lang::Es => frostem::Algorithm::Spanish,
        };
        Stemmer {
            inner: frostem::Stemmer::new(algorithm),
            lang,
        }
    }

    /// The language stemmed.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The stem of one normalised word. Words longer than
    /// [`MAX_STEM_WORD_BYTES`] are returned unchanged.
    pub fn stem(&self, word: &str) -> String {
        if word.len() > MAX_STEM_WORD_BYTES {
            return word.to_owned();
        }
        self.inner.stem(word).into_owned()
    }
}

/// Words longer than this (in bytes) are not stemmed: no real word is, and
/// it bounds the stemmer's work on hostile input.
pub const MAX_STEM_WORD_BYTES: usize = 64;

/// The stop words of a language, sorted, normalised (accents folded).
///
/// The lists are short on purpose: function words only (articles, pronouns,
/// auxiliaries, prepositions, conjunctions), never words that carry intent in
/// a support question (`niet`, `not`, `geen`, `how`, `waar`, `when`).
pub fn stop_words(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Nl => NL,
        Lang::En => EN,
        Lang::De => DE,
        Lang::Fr => FR,
        Lang::Es => ES,
    }
}

const NL: &[&str] = &[
    "aan", "af", "al", "als", "ben", "bij", "dan", "dat", "de", "deze", "die", "dit", "door",
    "dus", "een", "en", "er", "erg", "had", "heb", "hebben", "heeft", "heel", "het", "hij", "hoi",
    "ik", "in", "is", "je", "jij", "jullie", "maar", "me", "met", "mij", "mijn", "na", "naar",
    "nog", "nu", "of", "om", "ons", "onze", "ook", "op", "over", "te", "toch", "tot", "u", "uit",
    "uw", "van", "voor", "want", "was", "we", "wel", "wij", "ze", "zij", "zijn", "zo",
];

const EN: &[&str] = &[
    "a", "am", "an", "and", "are", "as", "at", "be", "been", "by", "did", "do", "does", "for",
    "from", "had", "has", "have", "he", "hello", "hi", "i", "i'm", "in", "is", "it", "it's", "its",
    "me", "my", "of", "on", "or", "our", "she", "so", "that", "the", "their", "them", "there",
    "they", "this", "to", "us", "was", "we", "were", "you", "your",
];

const DE: &[&str] = &[
    "am", "an", "auf", "bei", "bin", "das", "dass", "dem", "den", "der", "des", "die", "du", "ein",
    "eine", "einen", "einer", "er", "es", "fur", "hallo", "hat", "ich", "ihr", "im", "in", "ist",
    "mein", "meine", "mich", "mir", "mit", "sie", "und", "uns", "von", "war", "wir", "zu", "zum",
    "zur",
];

const FR: &[&str] = &[
    "a", "au", "aux", "avec", "bonjour", "ce", "ces", "dans", "de", "des", "du", "elle", "en",
    "est", "et", "il", "j'ai", "je", "la", "le", "les", "leur", "ma", "mes", "mon", "nous", "on",
    "par", "pour", "sa", "se", "ses", "son", "sur", "un", "une", "vos", "votre", "vous",
];

const ES: &[&str] = &[
    "al", "con", "de", "del", "el", "ella", "en", "es", "esta", "este", "hola", "la", "las", "le",
    "lo", "los", "me", "mi", "mis", "nos", "para", "por", "se", "su", "sus", "te", "tu", "un",
    "una", "y", "yo",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_word_lists_are_sorted_normalised_and_unique() {
        for lang in Lang::ALL {
            let list = stop_words(lang);
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{lang} not sorted");
            for w in list {
                assert_eq!(crate::text::normalize(w), *w);
            }
        }
    }

    #[test]
    fn intent_words_are_never_stop_words() {
        for (lang, w) in [(Lang::Nl, "niet"), (Lang::En, "not"), (Lang::En, "how")] {
            assert!(!lang.is_stop_word(w));
        }
    }

    #[test]
    fn stemming_is_bounded() {
        let long = "a".repeat(1000);
        assert_eq!(Stemmer::new(Lang::En).stem(&long), long);
        assert_eq!(Stemmer::new(Lang::Fr).stem("commandes"), "command");
    }
}
