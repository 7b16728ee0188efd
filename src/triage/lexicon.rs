//! The built-in word lists: sentiment lexicons, negations, intensifiers,
//! contrast words, emoticons and emoji.
//!
//! The English valences are the VADER lexicon's, the Dutch ones Pattern's
//! adjective lexicon (both in `data/lexicons/`, credited in NOTICE). The
//! function-word lists, the support vocabulary and the emoji valences below
//! are frontline's own.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::text::Lang;
use crate::util::FastHash;

const EN_VADER: &str = include_str!("../../data/lexicons/en_vader.tsv");
const NL_PATTERN: &str = include_str!("../../data/lexicons/nl_pattern.tsv");

/// Words of customer support that the general lexicons miss or weigh
/// otherwise (valence on VADER's scale, −4 to 4). Ours.
const EN_SUPPORT: &[(&str, f32)] = &[
    ("broken", -2.0),
    ("faulty", -2.0),
    ("defective", -2.0),
    ("useless", -2.5),
    ("unacceptable", -2.8),
    ("ridiculous", -2.5),
    ("disgrace", -3.0),
    ("shambles", -2.8),
    ("scam", -3.0),
    ("incompetent", -2.8),
    ("unreachable", -1.5),
    ("delayed", -1.2),
    ("overcharged", -2.0),
    ("refund", 0.0),
    ("resolved", 1.5),
    ("quick", 1.2),
    ("helpful", 2.0),
    ("thanks", 1.9),
    // Polite or transactional words the general lexicon counts as tone.
    ("please", 0.0),
    ("like", 0.0),
    ("help", 0.0),
    ("pay", 0.0),
    ("credit", 0.0),
    ("free", 0.0),
    ("gift", 0.0),
    ("holiday", 0.0),
    ("save", 0.0),
    ("share", 0.0),
    ("l", 0.0),
    ("thank", 1.5),
    ("cheers", 1.2),
];

/// The same for Dutch. Ours.
const NL_SUPPORT: &[(&str, f32)] = &[
    ("kapot", -2.0),
    ("stuk", -1.5),
    ("defect", -2.0),
    ("waardeloos", -3.0),
    ("waardeloze", -3.0),
    ("belachelijk", -2.8),
    ("schandalig", -3.0),
    ("schande", -3.0),
    ("onacceptabel", -2.8),
    ("onbereikbaar", -1.5),
    ("oplichters", -3.2),
    ("oplichting", -3.0),
    ("klantonvriendelijk", -2.5),
    ("teleurgesteld", -2.2),
    ("teleurstellend", -2.2),
    ("teleurstelling", -2.2),
    ("boos", -2.5),
    ("woedend", -3.2),
    ("kwaad", -2.5),
    ("geïrriteerd", -2.0),
    ("geirriteerd", -2.0),
    ("balen", -1.8),
    ("jammer", -1.2),
    ("vervelend", -1.8),
    ("irritant", -2.0),
    ("frustrerend", -2.2),
    ("gefrustreerd", -2.2),
    ("ontevreden", -2.2),
    ("slecht", -2.5),
    ("slechte", -2.5),
    ("slechter", -2.5),
    ("slechtste", -3.0),
    ("traag", -1.5),
    ("probleem", -1.0),
    ("problemen", -1.0),
    ("klacht", -1.5),
    ("fout", -1.5),
    ("vertraging", -1.2),
    ("helaas", -1.0),
    ("bedankt", 2.0),
    ("dank", 1.8),
    ("dankjewel", 2.2),
    ("dankuwel", 2.2),
    ("dankzij", 0.0),
    ("top", 2.2),
    ("geweldig", 3.0),
    ("fantastisch", 3.0),
    ("prima", 1.6),
    ("fijn", 1.8),
    ("blij", 2.2),
    ("tevreden", 2.0),
    ("opgelost", 1.5),
    ("snel", 1.2),
    ("vriendelijk", 2.0),
    ("behulpzaam", 2.0),
    ("perfect", 2.8),
    ("hartelijk", 1.8),
    ("chapeau", 2.5),
    // Common words whose Pattern sense is not the one customers mean
    // (`waar` is also "where", `naar` also "to").
    ("waar", 0.0),
    ("naar", 0.0),
    ("direct", 0.0),
    ("open", 0.0),
    ("nieuw", 0.0),
    ("nieuwe", 0.0),
    ("mogelijk", 0.0),
    ("klaar", 0.0),
    ("geldig", 0.0),
    ("gratis", 0.0),
    ("vrij", 0.0),
    ("precies", 0.0),
    ("eens", 0.0),
    ("hele", 0.0),
    ("lang", 0.0),
    ("nodig", 0.0),
    ("normaal", 0.0),
    ("ongelooflijk", 0.0),
    ("echt", 0.0),
];

/// Words that turn the valence of the next three words.
pub(super) fn is_negation(lang: Lang, word: &str) -> bool {
    match lang {
        Lang::De | Lang::Fr | Lang::Es => false,
        Lang::Nl => matches!(
            word,
            "niet" | "geen" | "nooit" | "niets" | "niks" | "nergens" | "noch" | "zonder"
        ),
        _ => {
            matches!(
                word,
                "not"
                    | "no"
                    | "never"
                    | "nothing"
                    | "nobody"
                    | "none"
                    | "nor"
                    | "neither"
                    | "without"
                    | "cannot"
                    | "hardly"
                    | "barely"
            ) || word.ends_with("n't")
        }
    }
}

/// Intensifiers (positive) and dampeners (negative): the scalar added to
/// the magnitude of the next word's valence (VADER's 0.293).
pub(super) fn booster(lang: Lang, word: &str) -> Option<f32> {
    const UP: f32 = 0.293;
    let up = match lang {
        Lang::De | Lang::Fr | Lang::Es => false,
        Lang::Nl => matches!(
            word,
            "heel"
                | "erg"
                | "echt"
                | "zeer"
                | "enorm"
                | "ontzettend"
                | "vreselijk"
                | "verschrikkelijk"
                | "ontzettende"
                | "hartstikke"
                | "super"
                | "extreem"
                | "totaal"
                | "volledig"
                | "compleet"
                | "absoluut"
                | "bijzonder"
                | "uiterst"
                | "zo"
                | "veel"
                | "te"
        ),
        _ => matches!(
            word,
            "very"
                | "really"
                | "so"
                | "extremely"
                | "incredibly"
                | "totally"
                | "completely"
                | "absolutely"
                | "utterly"
                | "truly"
                | "highly"
                | "seriously"
                | "super"
                | "too"
                | "most"
                | "deeply"
                | "hugely"
                | "terribly"
                | "awfully"
                | "insanely"
        ),
    };
    let down = match lang {
        Lang::De | Lang::Fr | Lang::Es => false,
        Lang::Nl => matches!(
            word,
            "beetje" | "enigszins" | "redelijk" | "vrij" | "wat" | "nogal" | "ietwat" | "best"
        ),
        _ => matches!(
            word,
            "slightly"
                | "somewhat"
                | "bit"
                | "little"
                | "fairly"
                | "rather"
                | "kinda"
                | "marginally"
                | "partly"
                | "almost"
        ),
    };
    if up {
        Some(UP)
    } else if down {
        Some(-UP)
    } else {
        None
    }
}

/// Words after which a clause weighs more (and before which less).
pub(super) fn is_contrast(lang: Lang, word: &str) -> bool {
    match lang {
        Lang::De | Lang::Fr | Lang::Es => false,
        Lang::Nl => matches!(word, "maar" | "echter"),
        _ => matches!(word, "but" | "however" | "although" | "though"),
    }
}

/// Emoji with a valence (−4 to 4). Ours.
pub(super) const EMOJI: &[(&str, f32)] = &[
    ("😀", 2.0),
    ("😃", 2.0),
    ("😄", 2.2),
    ("😁", 2.0),
    ("😊", 2.2),
    ("🙂", 1.5),
    ("😉", 1.2),
    ("😍", 3.0),
    ("🥰", 3.0),
    ("😘", 2.5),
    ("❤", 2.5),
    ("💙", 2.2),
    ("👍", 1.8),
    ("👏", 1.5),
    ("🙏", 1.2),
    ("🎉", 2.2),
    ("⭐", 1.2),
    ("✅", 0.8),
    ("😂", 1.0),
    ("😐", -0.5),
    ("😕", -1.2),
    ("🙁", -1.5),
    ("☹", -1.8),
    ("😞", -2.0),
    ("😟", -1.8),
    ("😒", -1.8),
    ("🙄", -1.8),
    ("😩", -2.2),
    ("😫", -2.2),
    ("😢", -2.2),
    ("😭", -2.5),
    ("😤", -2.5),
    ("😠", -2.8),
    ("😡", -3.2),
    ("🤬", -3.6),
    ("👎", -2.0),
    ("💔", -2.5),
    ("🤦", -1.8),
    ("🤡", -2.0),
    ("💩", -2.5),
    ("😱", -1.5),
    ("❌", -1.2),
];

/// A language's lexicon: word → valence, the general one overlaid with the
/// support vocabulary. Built once per process.
pub(super) fn valences(lang: Lang) -> Option<&'static HashMap<String, f32, FastHash>> {
    static EN: OnceLock<HashMap<String, f32, FastHash>> = OnceLock::new();
    static NL: OnceLock<HashMap<String, f32, FastHash>> = OnceLock::new();
    match lang {
        Lang::En => Some(EN.get_or_init(|| parse(EN_VADER, EN_SUPPORT))),
        Lang::Nl => Some(NL.get_or_init(|| parse(NL_PATTERN, NL_SUPPORT))),
        _ => None,
    }
}

fn parse(tsv: &str, own: &[(&str, f32)]) -> HashMap<String, f32, FastHash> {
    let mut map: HashMap<String, f32, FastHash> = tsv
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (word, value) = l.split_once('\t')?;
            // Keys as messages' words are: lower case, accents folded.
            Some((crate::text::normalize(word), value.trim().parse().ok()?))
        })
        .collect();
    for &(word, value) in own {
        if value == 0.0 {
            map.remove(word);
        } else {
            map.insert(word.to_owned(), value);
        }
    }
    map
}

/// The valence of an emoticon or emoji written as one chunk of symbols
/// (`:)`, `:-(`, `😡`), from the English lexicon's emoticons and the emoji
/// table.
pub(super) fn symbol_valence(chunk: &str) -> Option<f32> {
    if let Some(&(_, v)) = EMOJI.iter().find(|(e, _)| chunk.starts_with(e)) {
        return Some(v);
    }
    if chunk.chars().any(char::is_alphanumeric) && !chunk.starts_with([':', ';', '=', 'x', 'X']) {
        return None;
    }
    valences(Lang::En).and_then(|m| m.get(chunk).copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_load_with_our_words_on_top() {
        let en = valences(Lang::En).unwrap();
        assert!(en.len() > 7_000);
        assert!(en["terrible"] < -2.0 && en["great"] > 2.0);
        assert!(en[":)"] > 0.0 && en[":("] < 0.0);
        // A support word the general lexicon weighs otherwise.
        assert_eq!(en.get("refund"), None);
        let nl = valences(Lang::Nl).unwrap();
        assert!(nl.len() > 2_000);
        assert!(nl["teleurgesteld"] < -2.0 && nl["geweldig"] > 2.0);
        assert_eq!(valences(Lang::De), None);
    }

    #[test]
    fn symbols_are_emoji_or_emoticons_only() {
        assert!(symbol_valence("😡").unwrap() < -3.0);
        assert!(symbol_valence(":-)").unwrap() > 0.0);
        assert_eq!(symbol_valence("good"), None);
        assert_eq!(symbol_valence("..."), None);
    }
}
