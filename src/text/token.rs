//! Normalisation and tokenising.

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

/// What a [`Token`] is.
///
/// JSON: `"word"`, `"number"`, `"email"` or `"code"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TokenKind {
    /// A word: letters, possibly with digits or an inner apostrophe.
    Word,
    /// A number: digits, possibly with inner `.` or `,` (`12,50`).
    Number,
    /// An e-mail address, lower-cased.
    Email,
    /// An order number, reference or other code: letters, digits, `-`, `_`
    /// or `/` with at least one digit, as in `#40213`, `NL-4021-77` or
    /// `AB12345` — kept whole, never split or stemmed.
    Code,
}

/// One token of a text: its kind, its normalised form and where it is.
///
/// `start..end` are byte offsets into the original text, for highlighting.
///
/// JSON: `{"kind": "word", "text": "wachtwoord", "start": 4, "end": 14}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Token {
    /// The kind of token.
    pub kind: TokenKind,
    /// The normalised text: lower-cased, accents folded (`Café` → `cafe`).
    pub text: String,
    /// Byte offset of the first byte in the original text.
    pub start: usize,
    /// Byte offset just past the last byte in the original text.
    pub end: usize,
}

/// Normalises text for matching: Unicode lower-casing, accents folded to the
/// base letter (`é` → `e`, `ß` → `ss`, combining marks dropped, so composed
/// and decomposed input normalise alike) and typographic apostrophes made
/// plain. Punctuation is kept; [`tokenize`] is what drops it.
///
/// ```
/// assert_eq!(frontline::text::normalize("Één CAFÉ’s"), "een cafe's");
/// assert_eq!(frontline::text::normalize("Cafe\u{301}"), "cafe");
/// ```
pub fn normalize(text: &str) -> String {
    const QUOTES: [char; 3] = ['\u{2019}', '\u{2018}', '`'];
    let folded = crate::util::fold(text);
    if folded.contains(QUOTES) {
        folded.replace(QUOTES, "'")
    } else {
        folded
    }
}

/// Splits text into tokens: words (Unicode word boundaries, UAX #29),
/// numbers, e-mail addresses and codes such as order numbers, which are kept
/// whole. Punctuation and symbols are dropped. Token texts are normalised
/// with [`normalize`].
///
/// ```
/// use frontline::text::{tokenize, TokenKind};
/// let tokens = tokenize("Bestelling #40213: mail naar Anna@Example.nl, a.u.b.!");
/// let kinds: Vec<_> = tokens.iter().map(|t| (t.kind, t.text.as_str())).collect();
/// assert_eq!(kinds, [
///     (TokenKind::Word, "bestelling"),
///     (TokenKind::Code, "#40213"),
///     (TokenKind::Word, "mail"),
///     (TokenKind::Word, "naar"),
///     (TokenKind::Email, "anna@example.nl"),
///     (TokenKind::Word, "a.u.b"),
/// ]);
/// ```
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, &mut out);
    out
}

pub(crate) fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    tokenize_with(text, out, true);
}

/// The tokeniser, with or without the shortcut for plain ASCII words (the
/// tests compare the two).
fn tokenize_with(text: &str, out: &mut Vec<Token>, shortcut: bool) {
    // About one token in six bytes of prose: one allocation, not several
    // (capped, so a huge text does not reserve for tokens it may lack).
    out.reserve((text.len() / 6).min(4096));
    for (chunk_start, chunk) in whitespace_chunks(text) {
        let trimmed_start = chunk.len() - chunk.trim_start_matches(is_edge_punct).len();
        let inner = chunk.trim_matches(is_edge_punct);
        let start = chunk_start + trimmed_start;
        if inner.is_empty() {
            continue;
        }
        if shortcut && inner.bytes().all(|b| b.is_ascii_alphabetic()) {
            // The common case: one plain word (what the general path below
            // gives too, without the word-boundary rules).
            out.push(Token {
                kind: TokenKind::Word,
                text: inner.to_ascii_lowercase(),
                start,
                end: start + inner.len(),
            });
            continue;
        }
        if is_email(inner) {
            out.push(Token {
                kind: TokenKind::Email,
                text: normalize(inner),
                start,
                end: start + inner.len(),
            });
            continue;
        }
        if is_code(inner) {
            out.push(Token {
                kind: TokenKind::Code,
                text: normalize(inner),
                start,
                end: start + inner.len(),
            });
            continue;
        }
        push_words(inner, start, out);
    }
}

/// The words and numbers of one chunk (Unicode word boundaries).
fn push_words(inner: &str, start: usize, out: &mut Vec<Token>) {
    for (offset, word) in inner.split_word_bound_indices() {
        if !word.chars().any(char::is_alphanumeric) {
            continue;
        }
        let kind = if word
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        out.push(Token {
            kind,
            text: normalize(word),
            start: start + offset,
            end: start + offset + word.len(),
        });
    }
}

/// Splits on whitespace, keeping byte offsets.
fn whitespace_chunks(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(char::is_whitespace)
        .scan(0usize, |pos, piece| {
            let start = *pos;
            // Every piece is followed by one whitespace char (or the end).
            let ws_len = text
                .get(start + piece.len()..)
                .and_then(|rest| rest.chars().next())
                .map_or(0, char::len_utf8);
            *pos = start + piece.len() + ws_len;
            Some((start, piece))
        })
        .filter(|(_, piece)| !piece.is_empty())
}

/// Punctuation trimmed from the edges of a chunk. `#` is kept at the start of
/// codes (`#40213`), so it is not trimmed when a digit follows; that case is
/// handled by [`is_code`] seeing the untrimmed `#`.
fn is_edge_punct(c: char) -> bool {
    !c.is_alphanumeric() && c != '#'
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "._%+-'".contains(c))
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
}

fn is_code(s: &str) -> bool {
    let body = s.strip_prefix('#').unwrap_or(s);
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_/".contains(c))
    {
        return false;
    }
    let digits = body.chars().filter(char::is_ascii_digit).count();
    let letters = body.chars().filter(char::is_ascii_alphabetic).count();
    let marks = body.len() - digits - letters;
    let starts_alnum = body
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let ends_alnum = body
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    if digits == 0 || !starts_alnum || !ends_alnum {
        return false;
    }
    if s.starts_with('#') {
        return true;
    }
    // Letters and digits mixed (AB12345, iphone15) or digits joined by marks
    // (4021-77), at least four characters: a reference, not a word or a
    // plain number. Short mixes like `2-3` or `4e` stay words and numbers.
    body.len() >= 4 && (letters > 0 || marks > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, String)> {
        tokenize(text)
            .into_iter()
            .map(|t| (t.kind, t.text))
            .collect()
    }

    proptest::proptest! {
        /// The shortcut for plain ASCII words gives what the general path
        /// (Unicode word boundaries, then normalising) gives.
        #[test]
        fn plain_words_take_the_general_path_result(text in "[a-zA-Z#'.,@é1 -]{0,60}") {
            let mut general = Vec::new();
            tokenize_with(&text, &mut general, false);
            let mut fast = Vec::new();
            tokenize_with(&text, &mut fast, true);
            proptest::prop_assert_eq!(fast, general);
        }
    }

    #[test]
    fn offsets_point_into_the_original() {
        let text = "  Héllo,\twörld  NL-4021-77!";
        for t in tokenize(text) {
            let original = text.get(t.start..t.end).unwrap_or_default();
            assert_eq!(normalize(original), t.text);
        }
        assert_eq!(
            kinds(text),
            [
                (TokenKind::Word, "hello".into()),
                (TokenKind::Word, "world".into()),
                (TokenKind::Code, "nl-4021-77".into()),
            ]
        );
    }

    #[test]
    fn numbers_codes_and_words() {
        assert_eq!(
            kinds("2-3 dagen, € 12,50 of 4e keer"),
            [
                (TokenKind::Number, "2".into()),
                (TokenKind::Number, "3".into()),
                (TokenKind::Word, "dagen".into()),
                (TokenKind::Number, "12,50".into()),
                (TokenKind::Word, "of".into()),
                (TokenKind::Word, "4e".into()),
                (TokenKind::Word, "keer".into()),
            ]
        );
        assert_eq!(kinds("#12")[0].0, TokenKind::Code);
        assert_eq!(kinds("AB12345")[0].0, TokenKind::Code);
        assert_eq!(kinds("what's up")[0].1, "what's");
        assert_eq!(kinds("what’s")[0].1, "what's");
        assert!(kinds("... !!! ---").is_empty());
        assert!(kinds("").is_empty());
    }

    #[test]
    fn emails_are_whole_and_lower_case() {
        assert_eq!(
            kinds("<Jan.de-Vries+shop@Mail.Example.NL>"),
            [(TokenKind::Email, "jan.de-vries+shop@mail.example.nl".into())]
        );
        // Not an address: words.
        assert_eq!(kinds("@home").len(), 1);
        assert_eq!(kinds("a@b").len(), 2);
    }
}
