//! Sentiment: the lexicon's valences with VADER's rules (Hutto and
//! Gilbert, 2014), re-implemented for Dutch and English.

use super::lexicon::{booster, is_contrast, is_negation, symbol_valence, valences};
use super::spec::{Cue, CueKind};
use crate::text::{Lang, Token, TokenKind};

/// VADER's constants: a booster's step, the negation factor, the
/// emphasis of a word in capitals, and the normaliser α.
const NEGATION: f64 = -0.74;
const CAPS: f64 = 0.733;
const ALPHA: f64 = 15.0;
const EXCLAMATION: f64 = 0.292;
const QUESTION: f64 = 0.18;
const ELONGATION: f64 = 0.293;
/// Before a contrast word a clause weighs half, after it one and a half.
const BEFORE_CONTRAST: f64 = 0.5;
const AFTER_CONTRAST: f64 = 1.5;

/// One word's contribution.
struct Item {
    token: usize,
    valence: f64,
}

/// What the tone reader needs to know about a message.
pub(super) struct Words<'a> {
    pub lang: Lang,
    pub text: &'a str,
    pub tokens: &'a [Token],
    /// Whether most letters are capitals (then capitals are not emphasis).
    pub shouting: bool,
    /// A word's valence from the host's lexicon, before the built-in one.
    pub extra: &'a dyn Fn(&str) -> Option<f64>,
}

/// The sentiment score in [−1, 1] and its cues; `tone` holds tone-phrase
/// cues as (first token, valence).
pub(super) fn sentiment(w: &Words<'_>, tone: &[(usize, f64)], cues: &mut Vec<Cue>) -> f64 {
    let contrast = w
        .tokens
        .iter()
        .rposition(|t| t.kind == TokenKind::Word && is_contrast(w.lang, &t.text));
    if let Some(c) = contrast.and_then(|c| w.tokens.get(c)) {
        cues.push(cue(w, c, CueKind::Contrast, c.text.clone(), AFTER_CONTRAST));
    }
    // Each word's own valence, looked up once.
    let own: Vec<Option<(f64, bool)>> = w.tokens.iter().map(|t| valence_of(w, t)).collect();
    let mut items: Vec<Item> = Vec::new();
    for (i, t) in w.tokens.iter().enumerate() {
        if t.kind != TokenKind::Word {
            continue;
        }
        if let Some(v) = word_valence(w, &own, i, cues) {
            items.push(Item {
                token: i,
                valence: v,
            });
        }
    }
    items.extend(tone.iter().map(|&(token, valence)| Item { token, valence }));
    let mut sum: f64 = items
        .iter()
        .map(|it| match contrast {
            Some(c) if it.token < c => it.valence * BEFORE_CONTRAST,
            Some(c) if it.token > c => it.valence * AFTER_CONTRAST,
            _ => it.valence,
        })
        .sum();
    sum += symbols(w, cues);
    if sum != 0.0 {
        sum += sum.signum() * emphasis(w, cues);
    }
    sum / (sum * sum + ALPHA).sqrt()
}

/// The valence of word `i` with its boosters, negation, capitals and
/// elongation, or `None` for a word without one.
fn word_valence(
    w: &Words<'_>,
    own: &[Option<(f64, bool)>],
    i: usize,
    cues: &mut Vec<Cue>,
) -> Option<f64> {
    let t = w.tokens.get(i)?;
    let (mut v, elongated) = own.get(i).copied().flatten()?;
    cues.push(cue(w, t, CueKind::Sentiment, t.text.clone(), v));
    if elongated {
        v += v.signum() * ELONGATION;
        cues.push(cue(w, t, CueKind::Elongation, t.text.clone(), ELONGATION));
    }
    let raw = w.text.get(t.start..t.end).unwrap_or("");
    if !w.shouting && is_capitals(raw) {
        v += v.signum() * CAPS;
        cues.push(cue(w, t, CueKind::Capitals, raw.to_owned(), CAPS));
    }
    let mut negated = false;
    for back in 1..=3 {
        let Some(p) = i.checked_sub(back).and_then(|j| w.tokens.get(j)) else {
            break;
        };
        if p.kind != TokenKind::Word {
            continue;
        }
        if let Some(b) = booster(w.lang, &p.text) {
            let decay = [1.0, 0.95, 0.9].get(back - 1).copied().unwrap_or(0.9);
            let step = f64::from(b) * decay;
            v += v.signum() * step;
            let kind = if b > 0.0 {
                CueKind::Intensifier
            } else {
                CueKind::Dampener
            };
            cues.push(cue(w, p, kind, p.text.clone(), step));
        }
        if !negated && is_negation(w.lang, &p.text) {
            negated = true;
            cues.push(cue(w, p, CueKind::Negation, p.text.clone(), NEGATION));
        }
        // A negation turns the first word with a valence after it only.
        if own.get(i - back).copied().flatten().is_some() {
            break;
        }
    }
    if negated {
        v *= NEGATION;
    }
    Some(v)
}

/// A token's valence, or `None`: stop words and intensifiers have none.
fn valence_of(w: &Words<'_>, t: &Token) -> Option<(f64, bool)> {
    if t.kind != TokenKind::Word {
        return None;
    }
    // Most words have no valence: look up first, exclude after (so
    // most words are then rejected by one hash lookup).
    let found = lookup(w, &t.text)?;
    let excluded = w.lang.is_stop_word(&t.text)
        || booster(w.lang, &t.text).is_some()
        || is_negation(w.lang, &t.text);
    (!excluded).then_some(found)
}

/// A word's valence: the host's lexicon, then the built-in one; a word with
/// a letter drawn out (three or more in a row) is looked up shortened to
/// two and to one; a Dutch inflected adjective (`slechte`, `snelle`)
/// without its ending.
fn lookup(w: &Words<'_>, word: &str) -> Option<(f64, bool)> {
    let find = |s: &str| -> Option<f64> {
        (w.extra)(s).or_else(|| valences(w.lang)?.get(s).map(|&v| f64::from(v)))
    };
    let found = |s: &str| -> Option<f64> {
        find(s).or_else(|| match w.lang {
            Lang::Nl => dutch_base(s).and_then(|b| find(&b)),
            _ => None,
        })
    };
    if let Some(v) = found(word) {
        return (v != 0.0).then_some((v, false));
    }
    if !has_run(word, 3) {
        return None;
    }
    let two = squeeze(word, 2);
    let one = squeeze(word, 1);
    let v = found(&two).or_else(|| found(&one))?;
    (v != 0.0).then_some((v, true))
}

/// The base form of a Dutch inflected adjective: `slechte` → `slecht`,
/// `snelle` → `snel`, `grote` → `groot`, `boze` → `boos`, `lieve` → `lief`,
/// `blije` → `blij`.
pub(super) fn dutch_base(word: &str) -> Option<String> {
    let stem = word.strip_suffix('e')?;
    let mut chars: Vec<char> = stem.chars().collect();
    let ends_ij = stem.ends_with("ij");
    match chars.as_slice() {
        _ if ends_ij => {}
        // A doubled consonant is single again: `snell` → `snel`.
        [.., a, b] if a == b && !is_vowel(*a) => {
            chars.pop();
        }
        // An open syllable had a long vowel: `grot` → `groot`, and a
        // voiced ending was voiceless: `boz` → `boos`, `liev` → `lief`.
        [.., c, v, last] if !is_vowel(*c) && is_vowel(*v) && !is_vowel(*last) => {
            let (v, last) = (*v, *last);
            chars.pop();
            chars.push(v);
            chars.push(voiceless(last));
        }
        [.., last] if !is_vowel(*last) => {
            let last = voiceless(*last);
            chars.pop();
            chars.push(last);
        }
        _ => {}
    }
    Some(chars.into_iter().collect())
}

fn voiceless(c: char) -> char {
    match c {
        'z' => 's',
        'v' => 'f',
        other => other,
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Whether a letter occurs `n` or more times in a row.
pub(super) fn has_run(word: &str, n: usize) -> bool {
    let mut run = 0;
    let mut last = None;
    for c in word.chars() {
        run = if Some(c) == last { run + 1 } else { 1 };
        last = Some(c);
        if run >= n && c.is_alphabetic() {
            return true;
        }
    }
    false
}

/// Runs of one letter cut to at most `keep`.
fn squeeze(word: &str, keep: usize) -> String {
    let mut out = String::with_capacity(word.len());
    let (mut run, mut last) = (0, None);
    for c in word.chars() {
        run = if Some(c) == last { run + 1 } else { 1 };
        last = Some(c);
        if run <= keep {
            out.push(c);
        }
    }
    out
}

/// Whether a word is written in capitals (two letters or more).
pub(super) fn is_capitals(raw: &str) -> bool {
    raw.chars().filter(|c| c.is_alphabetic()).count() >= 2 && raw.chars().all(|c| !c.is_lowercase())
}

/// Emoji anywhere, and emoticons written as a chunk of their own between
/// whitespace (trailing commas and full stops aside).
fn symbols(w: &Words<'_>, cues: &mut Vec<Cue>) -> f64 {
    let mut sum = 0.0;
    for (start, chunk) in chunks(w.text) {
        for (i, c) in chunk.char_indices().filter(|(_, c)| !c.is_ascii()) {
            let Some(v) = chunk.get(i..).and_then(symbol_valence) else {
                continue;
            };
            sum += f64::from(v);
            cues.push(Cue {
                kind: CueKind::Emoji,
                label: c.to_string(),
                weight: f64::from(v),
                start: start + i,
                end: start + i + c.len_utf8(),
                text: c.to_string(),
            });
        }
        let trimmed = chunk.trim_end_matches([',', '.']);
        let emoticon =
            trimmed.len() <= 8 && trimmed.is_ascii() && !trimmed.chars().all(char::is_alphanumeric);
        if let Some(v) = emoticon.then(|| symbol_valence(trimmed)).flatten() {
            sum += f64::from(v);
            cues.push(Cue {
                kind: CueKind::Emoji,
                label: trimmed.to_owned(),
                weight: f64::from(v),
                start,
                end: start + trimmed.len(),
                text: trimmed.to_owned(),
            });
        }
    }
    sum
}

/// The chunks of a text between whitespace, with their byte offsets.
fn chunks(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    text.split(char::is_whitespace).filter_map(move |chunk| {
        let start = at;
        // The separator is one whitespace character.
        at += chunk.len();
        at += text
            .get(at..)
            .and_then(|r| r.chars().next())
            .map_or(0, char::len_utf8);
        (!chunk.is_empty()).then_some((start, chunk))
    })
}

/// Exclamation marks (up to four), question marks (two or more, up to
/// three) and drawn-out words add to the tone's magnitude.
fn emphasis(w: &Words<'_>, cues: &mut Vec<Cue>) -> f64 {
    let bangs = w.text.matches('!').count().min(4);
    let questions = w.text.matches('?').count();
    let mut e = bangs as f64 * EXCLAMATION;
    if questions > 1 {
        e += questions.min(3) as f64 * QUESTION;
    }
    if e > 0.0 {
        let at = w.text.find(['!', '?']).unwrap_or(0);
        cues.push(Cue {
            kind: CueKind::Punctuation,
            label: format!("{bangs} × !, {questions} × ?"),
            weight: e,
            start: at,
            end: at + 1,
            text: w.text.get(at..at + 1).unwrap_or("").to_owned(),
        });
    }
    let counted: std::collections::HashSet<usize> = cues
        .iter()
        .filter(|c| c.kind == CueKind::Elongation)
        .map(|c| c.start)
        .collect();
    let drawn = w
        .tokens
        .iter()
        .find(|t| t.kind == TokenKind::Word && has_run(&t.text, 3) && !counted.contains(&t.start));
    if let Some(t) = drawn {
        e += ELONGATION;
        cues.push(cue(w, t, CueKind::Elongation, t.text.clone(), ELONGATION));
    }
    e
}

fn cue(w: &Words<'_>, t: &Token, kind: CueKind, label: String, weight: f64) -> Cue {
    Cue {
        kind,
        label,
        weight,
        start: t.start,
        end: t.end,
        text: w.text.get(t.start..t.end).unwrap_or("").to_owned(),
    }
}
