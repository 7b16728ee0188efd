//! Small helpers shared by every area.

/// Cuts user input quoted in an error message to at most 64 bytes, on a char
/// boundary, so that a huge hostile input never becomes a huge error message.
pub(crate) fn excerpt(input: &str) -> String {
    const MAX: usize = 64;
    if input.len() <= MAX {
        return input.to_owned();
    }
    format!("{}…", head(input, MAX))
}

/// The longest prefix of `text` of at most `max` bytes that ends on a
/// character boundary.
pub(crate) fn head(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn excerpt_cuts_on_char_boundary() {
        let long = "é".repeat(100);
        let cut = excerpt(&long);
        assert!(cut.ends_with('…'));
        assert_eq!(cut.trim_end_matches('…').len(), 64);
        assert_eq!(excerpt("short"), "short");
    }

    /// The hasher reads the bytes as little-endian words, the last one
    /// zero-padded: the same words as `from_le_bytes` would give.
    #[test]
    fn fast_hash_reads_little_endian_words() {
        use std::hash::Hasher;
        let bytes: Vec<u8> = (1..=20u8).map(|b| b.wrapping_mul(37)).collect();
        for len in 0..=bytes.len() {
            let data = bytes.get(..len).unwrap_or_default();
            let mut hasher = super::FastHasher::default();
            hasher.write(data);
            let mut expected = super::FastHasher::default();
            for chunk in data.chunks(8) {
                let mut word = [0u8; 8];
                word.get_mut(..chunk.len())
                    .unwrap_or_default()
                    .copy_from_slice(chunk);
                expected.add(u64::from_le_bytes(word));
            }
            assert_eq!(hasher.finish(), expected.finish(), "{len} bytes");
        }
    }
}

/// Carries the stable code of a domain error out of serde.
///
/// serde turns a `TryFrom` or custom-deserializer failure into a message
/// string, losing the error's code. Deserializers of domain values note the
/// code here (per thread) just before failing, and the JSON API reads it back
/// when it reports the failure, so an invalid phone number answers
/// `identity.invalid` rather than a generic shape error.
pub(crate) mod error_code {
    use std::cell::Cell;

    thread_local! {
        static LAST: Cell<Option<&'static str>> = const { Cell::new(None) };
    }

    /// Notes the code of the error about to be reported through serde.
    pub(crate) fn note(code: &'static str) {
        LAST.with(|c| c.set(Some(code)));
    }

    /// Notes a code unless one is noted already (an inner value failed first).
    pub(crate) fn note_unless_noted(code: &'static str) {
        LAST.with(|c| {
            if c.get().is_none() {
                c.set(Some(code));
            }
        });
    }

    /// Forgets any noted code (before a parse whose failure will be read).
    pub(crate) fn clear() {
        LAST.with(|c| c.set(None));
    }

    /// Takes the code noted by the most recent failing domain deserializer.
    pub(crate) fn take() -> Option<&'static str> {
        LAST.with(Cell::take)
    }
}

/// A serde error from a domain error, with its code noted for the JSON API.
pub(crate) fn de_error<E: serde::de::Error>(
    code: &'static str,
    message: impl std::fmt::Display,
) -> E {
    error_code::note(code);
    E::custom(message)
}

/// Folds text for case- and accent-insensitive comparison: lower-case, the
/// common Latin accented letters to their base letter (`é` → `e`, `ß` → `ss`),
/// and combining marks dropped (so decomposed input folds like composed).
pub(crate) fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        let base = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'ď' => 'd',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
            'ñ' | 'ń' | 'ň' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
            'ý' | 'ÿ' => 'y',
            'ś' | 'š' | 'ş' => 's',
            'ź' | 'ż' | 'ž' => 'z',
            'ł' => 'l',
            'ř' => 'r',
            'ť' => 't',
            'ß' => {
                out.push_str("ss");
                continue;
            }
            'æ' => {
                out.push_str("ae");
                continue;
            }
            'œ' => {
                out.push_str("oe");
                continue;
            }
            other => other,
        };
        out.push(base);
    }
    out
}

#[cfg(test)]
mod fold_tests {
    use super::fold;

    #[test]
    fn folds_case_accents_and_combining_marks() {
        assert_eq!(fold("Één Café"), "een cafe");
        assert_eq!(fold("Cafe\u{301}"), "cafe");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("BELACHELIJK!"), "belachelijk!");
    }
}

/// A fast, non-cryptographic hasher for maps whose keys are fixed when
/// they are built (language profiles, lexicons, pattern indexes): lookups
/// of untrusted text cannot lengthen their probe chains. Eight bytes at a
/// time, multiply and rotate (the FxHash scheme).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FastHash;

impl std::hash::BuildHasher for FastHash {
    type Hasher = FastHasher;
    fn build_hasher(&self) -> FastHasher {
        FastHasher(0)
    }
}

/// The hasher of [`FastHash`].
#[derive(Debug, Default)]
pub(crate) struct FastHasher(u64);

impl FastHasher {
    const K: u64 = 0x517c_c1b7_2722_0a95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // Little-endian, as `from_le_bytes` of the zero-padded bytes,
            // without a call to `memcpy` for a few bytes.
            let word = rest
                .iter()
                .rev()
                .fold(0u64, |w, &b| (w << 8) | u64::from(b));
            self.add(word);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

/// A string from a deserializer, borrowed from the input when it can be
/// (serde's own `Cow<str>` always copies).
pub(crate) struct Text<'de>(pub std::borrow::Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Text<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Text<'de>, D::Error> {
        use std::borrow::Cow;
        struct TextVisitor;
        impl<'de> serde::de::Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, s: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(s)))
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s.to_owned())))
            }
            fn visit_string<E: serde::de::Error>(self, s: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s)))
            }
            // Formats with byte strings (CBOR, MessagePack): UTF-8 only.
            fn visit_borrowed_bytes<E: serde::de::Error>(
                self,
                b: &'de [u8],
            ) -> Result<Text<'de>, E> {
                std::str::from_utf8(b)
                    .map(|s| Text(Cow::Borrowed(s)))
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Bytes(b), &self))
            }
            fn visit_bytes<E: serde::de::Error>(self, b: &[u8]) -> Result<Text<'de>, E> {
                std::str::from_utf8(b)
                    .map(|s| Text(Cow::Owned(s.to_owned())))
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Bytes(b), &self))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}

#[cfg(test)]
mod text_tests {
    use serde::Deserialize;
    use serde::de::value::{BorrowedBytesDeserializer, BytesDeserializer, Error};
    use std::borrow::Cow;

    use super::Text;

    #[test]
    fn text_borrows_when_it_can_and_reads_utf8_bytes() {
        let Text(t) = serde_json::from_str::<Text>(r#""2026-11-02""#).unwrap();
        assert!(matches!(t, Cow::Borrowed("2026-11-02")));
        let Text(t) = serde_json::from_str::<Text>(r#""a\"b""#).unwrap();
        assert!(matches!(t, Cow::Owned(ref s) if s == "a\"b"));
        let Text(t) = Text::deserialize(BorrowedBytesDeserializer::<Error>::new(b"ok")).unwrap();
        assert!(matches!(t, Cow::Borrowed("ok")));
        assert!(Text::deserialize(BytesDeserializer::<Error>::new(&[0xff])).is_err());
        assert!(serde_json::from_str::<Text>("12").is_err());
    }
}
