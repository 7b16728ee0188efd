//! Terms of a text: word stems (with synonyms, typo correction for queries
//! and compound parts), bigrams of neighbouring stems, and character n-grams
//! of words; their 64-bit keys; and the vocabulary that numbers them while
//! an index is built.

use std::collections::{HashMap, HashSet};

use super::index::Lexicon;
use crate::text::{self, Analyzer, Lang, Token, TokenKind, split_compound};

/// Feature blocks: each is normalised on its own, then weighted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Block {
    Word = 0,
    Bigram = 1,
    Char = 2,
}

/// Character n-gram sizes.
const CHAR_NGRAMS: std::ops::RangeInclusive<usize> = 3..=4;

/// One extracted term of a query.
pub(super) struct Term {
    pub block: Block,
    pub key: u64,
    /// The token it comes from (words only), for highlighting.
    pub token: Option<usize>,
}

/// Where the terms of a text go, in text order: the query's list, or the
/// vocabulary of an index being built (which remembers what it has seen
/// of a word, so that each distinct word is stemmed and cut into n-grams
/// once).
pub(super) trait TermSink {
    /// The stem of word `word` and whether it is a stop word.
    fn analyze_word(&mut self, analyzer: &Analyzer, word: &str) -> (String, bool) {
        (
            analyzer.stemmer().stem(word),
            analyzer.lang().is_stop_word(word),
        )
    }

    /// A correction of a stem unknown to the index (queries only).
    fn correct(&self, _stem: &str) -> Option<String> {
        None
    }

    /// A word or bigram term, from token `token` when it is highlighted.
    fn term(&mut self, block: Block, key: u64, token: Option<usize>);

    /// The character n-grams of word `word`.
    fn grams(&mut self, word: &str);

    /// A word stem of the text (for the typo-correction vocabulary).
    fn stem(&mut self, _stem: &str) {}
}

/// The keys of the character n-grams of `word` (padded with a space on each
/// side), in order.
fn gram_keys(word: &str, mut each: impl FnMut(u64)) {
    let padded: Vec<char> = std::iter::once(' ')
        .chain(word.chars())
        .chain(std::iter::once(' '))
        .collect();
    let mut buf = [0u8; 4];
    for n in CHAR_NGRAMS {
        for w in padded.windows(n) {
            let mut key = KeyBuilder::new(Block::Char);
            for c in w {
                key.write(c.encode_utf8(&mut buf).as_bytes());
            }
            each(key.finish());
        }
    }
}

/// The terms of a query, with its typo corrector.
pub(super) struct QueryTerms<'a> {
    pub terms: Vec<Term>,
    pub corrector: &'a dyn Fn(&str) -> Option<String>,
}

impl TermSink for QueryTerms<'_> {
    fn correct(&self, stem: &str) -> Option<String> {
        (self.corrector)(stem)
    }

    fn term(&mut self, block: Block, key: u64, token: Option<usize>) {
        self.terms.push(Term { block, key, token });
    }

    fn grams(&mut self, word: &str) {
        gram_keys(word, |key| {
            self.terms.push(Term {
                block: Block::Char,
                key,
                token: None,
            });
        });
    }
}

/// Feature ids of an index under construction: each distinct term key gets
/// the next id, with its block and document frequency in entries.
#[derive(Default)]
pub(super) struct Vocabulary {
    pub features: HashMap<u64, u32, KeyHasher>,
    pub block: Vec<Block>,
    pub df: Vec<u32>,
    /// Per feature: the last entry (numbered from 1) that counted in `df`.
    last_entry: Vec<u32>,
    /// Per language: a word's stem and stop-word flag.
    words: [HashMap<String, (String, bool)>; 5],
    /// A word's character n-gram ids.
    grams: HashMap<String, Vec<u32>>,
    /// Per language: the word stems seen.
    pub stems: [HashSet<String>; 5],
    /// The ids of the text being interned (kept to reuse its allocation).
    scratch: Vec<u32>,
}

impl Vocabulary {
    /// The id of `key`, new if unseen, counted for entry `entry`.
    fn id(&mut self, block: Block, key: u64, entry: u32) -> u32 {
        let next = self.features.len() as u32;
        let id = *self.features.entry(key).or_insert(next);
        if id == next {
            self.block.push(block);
            self.df.push(0);
            self.last_entry.push(0);
        }
        count(&mut self.last_entry, &mut self.df, id, entry);
        id
    }

    /// The feature ids of `text` in language `lang`, of entry `entry`
    /// (numbered from 1), sorted, with repeats.
    pub fn intern(
        &mut self,
        text: &str,
        lang: Lang,
        lexicon: Option<&Lexicon>,
        entry: u32,
    ) -> Vec<u32> {
        let ids = std::mem::take(&mut self.scratch);
        let mut sink = Interning {
            vocabulary: self,
            lang,
            entry,
            ids,
        };
        extract(text, lang, lexicon, &mut sink);
        let mut scratch = sink.ids;
        scratch.sort_unstable();
        let ids = scratch.clone();
        scratch.clear();
        self.scratch = scratch;
        ids
    }
}

/// Counts feature `id` in entry `entry` (once per entry): `last_entry` holds,
/// per feature, the last entry counted in `df`.
fn count(last_entry: &mut [u32], df: &mut [u32], id: u32, entry: u32) {
    if let (Some(last), Some(d)) = (last_entry.get_mut(id as usize), df.get_mut(id as usize))
        && *last != entry
    {
        *last = entry;
        *d += 1;
    }
}

/// The vocabulary taking the terms of one text.
struct Interning<'v> {
    vocabulary: &'v mut Vocabulary,
    lang: Lang,
    entry: u32,
    ids: Vec<u32>,
}

impl TermSink for Interning<'_> {
    fn analyze_word(&mut self, analyzer: &Analyzer, word: &str) -> (String, bool) {
        let Some(seen) = self.vocabulary.words.get_mut(self.lang.index()) else {
            return (
                analyzer.stemmer().stem(word),
                analyzer.lang().is_stop_word(word),
            );
        };
        if let Some(known) = seen.get(word) {
            return known.clone();
        }
        let known = (
            analyzer.stemmer().stem(word),
            analyzer.lang().is_stop_word(word),
        );
        seen.insert(word.to_owned(), known.clone());
        known
    }

    fn term(&mut self, block: Block, key: u64, _token: Option<usize>) {
        let id = self.vocabulary.id(block, key, self.entry);
        self.ids.push(id);
    }

    fn grams(&mut self, word: &str) {
        let Vocabulary {
            grams,
            last_entry,
            df,
            ..
        } = &mut *self.vocabulary;
        if let Some(ids) = grams.get(word) {
            for &id in ids {
                count(last_entry, df, id, self.entry);
            }
            self.ids.extend_from_slice(ids);
            return;
        }
        let mut keys = Vec::new();
        gram_keys(word, |key| keys.push(key));
        let ids: Vec<u32> = keys
            .into_iter()
            .map(|key| self.vocabulary.id(Block::Char, key, self.entry))
            .collect();
        self.ids.extend_from_slice(&ids);
        self.vocabulary.grams.insert(word.to_owned(), ids);
    }

    fn stem(&mut self, stem: &str) {
        if let Some(out) = self.vocabulary.stems.get_mut(self.lang.index())
            && !out.contains(stem)
        {
            out.insert(stem.to_owned());
        }
    }
}

/// Extracts the terms of one text into `sink`, in text order, and returns
/// its tokens (for highlighting).
pub(super) fn extract(
    text_in: &str,
    lang: Lang,
    lexicon: Option<&Lexicon>,
    sink: &mut impl TermSink,
) -> Vec<Token> {
    let analyzer = Analyzer::new(lang);
    let tokens = text::tokenize(text_in);
    let mut prev: Option<String> = None;
    for (i, tok) in tokens.iter().enumerate() {
        let (stem, stop) = match tok.kind {
            TokenKind::Word => sink.analyze_word(&analyzer, &tok.text),
            TokenKind::Number => (tok.text.clone(), false),
            _ => continue,
        };
        if stop {
            // Stop words count, weakly (their idf is low), as words and in
            // pairs: "my card" and "a card" are different questions. They
            // are not corrected, split, or highlighted.
            sink.term(Block::Word, word_key(&stem), None);
            pair(sink, prev.as_deref(), &stem);
            prev = Some(stem);
            continue;
        }
        // `e-mail`, `top-up`: the words, and the word they make joined.
        if i > 0
            && let Some(before) = tokens.get(i - 1)
            && before.end + 1 == tok.start
            && text_in.get(before.end..tok.start) == Some("-")
            && before.kind == TokenKind::Word
            && tok.kind == TokenKind::Word
        {
            let joined = format!("{}{}", before.text, tok.text);
            let (joined, _) = sink.analyze_word(&analyzer, &joined);
            sink.term(Block::Word, word_key(&joined), None);
        }
        let mut stem = stem;
        // A synonym is a known word: map it, and never "correct" it.
        if let Some(lex) = lexicon
            && let Some(canon) = lex.synonyms.get(&stem)
        {
            stem = canon.clone();
        } else if tok.kind == TokenKind::Word
            && let Some(fixed) = sink.correct(&stem)
        {
            stem = fixed;
        }
        sink.term(Block::Word, word_key(&stem), Some(i));
        if tok.kind == TokenKind::Word {
            sink.stem(&stem);
            if lang.compounds()
                && let Some(lex) = lexicon
                && tok.text.chars().count() >= 6
                && !lex.known.contains(&tok.text)
                && let Some(parts) = split_compound(&tok.text, |w| lex.known.contains(w))
            {
                for part in parts {
                    let mut s = analyzer.stemmer().stem(part);
                    if let Some(canon) = lex.synonyms.get(&s) {
                        s = canon.clone();
                    }
                    sink.term(Block::Word, word_key(&s), Some(i));
                }
            }
            sink.grams(&tok.text);
        }
        pair(sink, prev.as_deref(), &stem);
        prev = Some(stem);
    }
    tokens
}

/// The word pair of `prev` (if any) and `stem`.
fn pair(sink: &mut impl TermSink, prev: Option<&str>, stem: &str) {
    if let Some(p) = prev {
        sink.term(
            Block::Bigram,
            key_of(Block::Bigram, &[p.as_bytes(), stem.as_bytes()]),
            None,
        );
    }
}

/// Feature keys are 64-bit hashes of the block and the term's text, so that
/// extraction allocates no strings. Two distinct terms share a key with
/// probability about 2⁻⁶⁴ per pair: negligible for indexes of this size.
pub(super) fn key_of(block: Block, parts: &[&[u8]]) -> u64 {
    let mut key = KeyBuilder::new(block);
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            key.write(&[0xff]);
        }
        key.write(part);
    }
    key.finish()
}

/// FNV-1a over a term's bytes, seeded by its block, with a final mix.
struct KeyBuilder(u64);

impl KeyBuilder {
    fn new(block: Block) -> KeyBuilder {
        KeyBuilder(0xcbf2_9ce4_8422_2325 ^ (block as u64))
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// The key; the final mix makes high and low bits both vary (the hash
    /// map uses both).
    fn finish(self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }
}

pub(super) fn word_key(stem: &str) -> u64 {
    key_of(Block::Word, &[stem.as_bytes()])
}

/// A hasher for keys that are already hashes.
#[derive(Default, Clone, Copy)]
pub(super) struct KeyHasher;

impl std::hash::BuildHasher for KeyHasher {
    type Hasher = PassThrough;
    fn build_hasher(&self) -> PassThrough {
        PassThrough(0)
    }
}

/// Passes a `u64` key through unchanged.
#[derive(Default)]
pub(super) struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b) ^ (self.0 >> 56);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl std::fmt::Debug for KeyHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyHasher")
    }
}
