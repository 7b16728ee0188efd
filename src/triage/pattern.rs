//! Cue patterns: short word sequences matched against a message's words.
//!
//! A pattern is words separated by spaces, each matched against the
//! normalised words of the message (lower-cased, accents folded):
//!
//! - `word` matches that word; `word*` any word that starts with it (at
//!   least three letters before the `*`);
//! - `a|b|c` matches any of the alternatives, each a word or a prefix;
//! - `...` matches a gap of zero to three words (at most two gaps, never
//!   first or last).
//!
//! `zeg* ... op` matches `zeg mijn abonnement op`; `cancel*|terminate* ...
//! subscription*|contract*` matches `cancel my subscription`.

use std::collections::HashMap;

use super::TriageError;
use crate::util::FastHash;

/// The most words (and gaps) in a pattern.
pub const MAX_PATTERN_WORDS: usize = 8;
/// The most alternatives at one position of a pattern.
pub const MAX_ALTERNATIVES: usize = 16;
/// The most patterns whose first word can be one given word, or start
/// with one given three letters: it bounds the patterns tried at a word.
pub const MAX_PATTERNS_PER_KEY: usize = 64;
/// The longest gap `...` stands for, in words.
const GAP_WORDS: usize = 3;
const MAX_GAPS: usize = 2;
const MIN_PREFIX_CHARS: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Alt {
    Word(String),
    Prefix(String),
}

impl Alt {
    fn matches(&self, word: &str) -> bool {
        match self {
            Alt::Word(w) => w == word,
            Alt::Prefix(p) => word.starts_with(p.as_str()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Any(Vec<Alt>),
    Gap,
}

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Pattern {
    steps: Vec<Step>,
}

impl Pattern {
    /// Compiles a pattern; the error names it and says what is wrong.
    pub(super) fn new(source: &str) -> Result<Pattern, TriageError> {
        let bad = |reason: &str| TriageError::InvalidPattern {
            pattern: crate::util::excerpt(source),
            reason: reason.to_owned(),
        };
        let parts: Vec<&str> = source.split_whitespace().collect();
        if parts.is_empty() {
            return Err(bad("it is empty"));
        }
        if parts.len() > MAX_PATTERN_WORDS {
            return Err(bad("it has more than 8 words"));
        }
        if parts.first() == Some(&"...") || parts.last() == Some(&"...") {
            return Err(bad("it starts or ends with a gap"));
        }
        if parts.iter().filter(|p| **p == "...").count() > MAX_GAPS {
            return Err(bad("it has more than 2 gaps"));
        }
        let mut steps = Vec::with_capacity(parts.len());
        for part in parts {
            if part == "..." {
                if steps.last() == Some(&Step::Gap) {
                    return Err(bad("it has two gaps in a row"));
                }
                steps.push(Step::Gap);
                continue;
            }
            let alts: Vec<&str> = part.split('|').collect();
            if alts.len() > MAX_ALTERNATIVES {
                return Err(bad("a position has more than 16 alternatives"));
            }
            let mut compiled = Vec::with_capacity(alts.len());
            for alt in alts {
                compiled.push(compile_alt(alt).map_err(bad)?);
            }
            steps.push(Step::Any(compiled));
        }
        Ok(Pattern { steps })
    }

    /// The first positions the pattern can start at: exact words and
    /// prefixes, for the index.
    fn firsts(&self) -> &[Alt] {
        match self.steps.first() {
            Some(Step::Any(alts)) => alts,
            _ => &[],
        }
    }

    /// Whether the pattern matches at word `at`; the index just past the
    /// last word matched.
    fn match_at(&self, words: &[&str], at: usize) -> Option<usize> {
        match_steps(&self.steps, words, at)
    }
}

fn compile_alt(alt: &str) -> Result<Alt, &'static str> {
    let folded = crate::text::normalize(alt);
    // An alternative is one word as the tokenizer sees it (`e-mail` is two
    // words to it, `😡` none), or it could never match.
    let word = folded.strip_suffix('*').unwrap_or(&folded);
    let tokens = crate::text::tokenize(word);
    if !word.is_empty()
        && !word.contains('*')
        && (tokens.len() != 1 || tokens.first().is_some_and(|t| t.text != word))
    {
        return Err("an alternative is not one word as messages are split into words");
    }
    if let Some(prefix) = folded.strip_suffix('*') {
        if prefix.contains('*') {
            return Err("an alternative is empty or has a `*` inside");
        }
        if prefix.chars().count() < MIN_PREFIX_CHARS {
            return Err("a prefix needs at least 3 letters before `*`");
        }
        return Ok(Alt::Prefix(prefix.to_owned()));
    }
    if folded.is_empty() || folded.contains('*') || folded == "..." {
        return Err("an alternative is empty or has a `*` inside");
    }
    Ok(Alt::Word(folded))
}

fn match_steps(steps: &[Step], words: &[&str], at: usize) -> Option<usize> {
    let Some((step, rest)) = steps.split_first() else {
        return Some(at);
    };
    match step {
        Step::Any(alts) => {
            let word = words.get(at)?;
            if alts.iter().any(|a| a.matches(word)) {
                match_steps(rest, words, at + 1)
            } else {
                None
            }
        }
        Step::Gap => (0..=GAP_WORDS).find_map(|skip| match_steps(rest, words, at + skip)),
    }
}

/// Patterns indexed by what their first word can be, so that a message's
/// word meets only the patterns that can start at it.
#[derive(Debug, Default)]
pub(super) struct PatternSet {
    patterns: Vec<Pattern>,
    /// The group of each pattern: a group matches once per message.
    group: Vec<usize>,
    groups: usize,
    by_word: HashMap<String, Vec<u32>, FastHash>,
    /// Prefix patterns by their first three characters.
    by_prefix: HashMap<String, Vec<u32>, FastHash>,
}

impl PatternSet {
    /// Adds a pattern to a group (a label, a category); its number in the
    /// set.
    ///
    /// # Errors
    /// [`TriageError::TooLarge`] when more than [`MAX_PATTERNS_PER_KEY`]
    /// patterns can start at one word.
    pub(super) fn push(&mut self, pattern: Pattern, group: usize) -> Result<usize, TriageError> {
        let id = self.patterns.len();
        let key = u32::try_from(id).unwrap_or(u32::MAX);
        for alt in pattern.firsts() {
            let list = match alt {
                Alt::Word(w) => self.by_word.entry(w.clone()).or_default(),
                Alt::Prefix(p) => self
                    .by_prefix
                    .entry(p.chars().take(MIN_PREFIX_CHARS).collect())
                    .or_default(),
            };
            if list.len() >= MAX_PATTERNS_PER_KEY {
                return Err(TriageError::TooLarge {
                    what: "patterns that can start at one word",
                    len: list.len() + 1,
                    max: MAX_PATTERNS_PER_KEY,
                });
            }
            list.push(key);
        }
        self.patterns.push(pattern);
        self.group.push(group);
        self.groups = self.groups.max(group + 1);
        Ok(id)
    }

    /// The number of patterns.
    pub(super) fn len(&self) -> usize {
        self.patterns.len()
    }

    /// The group of pattern `id`.
    pub(super) fn group(&self, id: usize) -> Option<usize> {
        self.group.get(id).copied()
    }

    /// The first match of each group, in word order: (pattern number,
    /// first word, word past the last). Once a group has matched, its
    /// patterns are not tried again.
    pub(super) fn matches(&self, words: &[&str]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let mut done = vec![false; self.groups];
        let mut candidates: Vec<u32> = Vec::new();
        for (at, word) in words.iter().enumerate() {
            candidates.clear();
            if let Some(ids) = self.by_word.get(*word) {
                candidates.extend(ids);
            }
            let head_end = word
                .char_indices()
                .nth(MIN_PREFIX_CHARS)
                .map_or(word.len(), |(i, _)| i);
            let head = word.get(..head_end).unwrap_or(word);
            if let Some(ids) = self.by_prefix.get(head) {
                candidates.extend(ids);
            }
            candidates.sort_unstable();
            candidates.dedup();
            for &id in &candidates {
                let id = id as usize;
                let (Some(p), Some(&g)) = (self.patterns.get(id), self.group.get(id)) else {
                    continue;
                };
                if done.get(g).copied().unwrap_or(true) {
                    continue;
                }
                if let Some(end) = p.match_at(words, at) {
                    out.push((id, at, end));
                    if let Some(d) = done.get_mut(g) {
                        *d = true;
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_matches_once_and_keys_are_capped() {
        let mut set = PatternSet::default();
        set.push(Pattern::new("boos").unwrap(), 0).unwrap();
        set.push(Pattern::new("woedend").unwrap(), 0).unwrap();
        set.push(Pattern::new("boos").unwrap(), 1).unwrap();
        let words: Vec<&str> = "boos woedend boos".split(' ').collect();
        assert_eq!(set.matches(&words), [(0, 0, 1), (2, 0, 1)]);
        let mut full = PatternSet::default();
        for _ in 0..MAX_PATTERNS_PER_KEY {
            full.push(Pattern::new("same").unwrap(), 0).unwrap();
        }
        let err = full.push(Pattern::new("same*").unwrap(), 0).map(|_| ());
        assert!(err.is_ok(), "a prefix has its own key");
        let err = full.push(Pattern::new("same").unwrap(), 0).unwrap_err();
        assert_eq!(err.code(), "triage.too_large");
    }

    fn find(pattern: &str, text: &str) -> Option<(usize, usize)> {
        let mut set = PatternSet::default();
        set.push(Pattern::new(pattern).unwrap(), 0).unwrap();
        let words: Vec<&str> = text.split_whitespace().collect();
        set.matches(&words).first().map(|&(_, a, b)| (a, b))
    }

    #[test]
    fn words_prefixes_alternatives_and_gaps() {
        assert_eq!(
            find("zeg* ... op", "ik zeg mijn abonnement op"),
            Some((1, 5))
        );
        assert_eq!(find("zeg* ... op", "ik zeg op"), Some((1, 3)));
        assert_eq!(find("zeg* ... op", "ik zeg dat echt niet zomaar op"), None);
        assert_eq!(
            find(
                "cancel*|terminate* ... contract*",
                "i will terminate the contract"
            ),
            Some((2, 5))
        );
        assert_eq!(find("still no answer", "still no reply"), None);
        // Accents and case fold as the message's words do.
        assert_eq!(find("Geïrriteerd", "ik ben geirriteerd"), Some((2, 3)));
    }

    #[test]
    fn bad_patterns_are_refused_with_the_reason() {
        for (p, reason) in [
            ("", "empty"),
            ("... x", "gap"),
            ("x ...", "gap"),
            ("x ... ... y", "two gaps"),
            ("x ... y ... z ... w", "more than 2 gaps"),
            ("ab*", "3 letters"),
            ("a b c d e f g h i", "more than 8"),
            ("a||b", "empty"),
            ("a*b*", "inside"),
            ("e-mail", "one word"),
            ("😡", "one word"),
        ] {
            let err = Pattern::new(p).unwrap_err();
            assert!(err.to_string().contains(reason), "{p}: {err}");
            assert_eq!(err.code(), "triage.invalid_pattern");
        }
    }
}
