//! Reading a customer's answer as the question's input type.

use serde_json::Value;

use super::build::Input;
use super::builtin;
use super::spec::Text;
use crate::customer::Identity;
use crate::util::fold;

/// The value an answer stores and where it goes, or `None` when it does
/// not fit the question.
pub(super) fn read(
    input: &Input,
    answer: &str,
    locale: &str,
    default: &str,
) -> Option<(Value, usize)> {
    let trimmed = answer.trim();
    if trimmed.is_empty() {
        return None;
    }
    match input {
        Input::Choice(options) => {
            let i = pick(
                trimmed,
                options
                    .iter()
                    .map(|(value, label, _)| (value.as_str(), label)),
                locale,
                default,
            )?;
            let (value, _, next) = options.get(i)?;
            Some((Value::String(value.clone()), *next))
        }
        Input::YesNo { yes, no } => {
            let folded = fold(trimmed);
            let said = builtin::yes_no(&folded).or_else(|| {
                let label = |what| builtin::text(what, locale).map(fold);
                if label("yes").as_deref() == Some(folded.as_str()) {
                    Some(true)
                } else if label("no").as_deref() == Some(folded.as_str()) {
                    Some(false)
                } else {
                    None
                }
            })?;
            Some((Value::Bool(said), if said { *yes } else { *no }))
        }
        Input::Text { max_bytes, next } => {
            (trimmed.len() <= *max_bytes).then(|| (Value::String(trimmed.to_owned()), *next))
        }
        Input::Number {
            min,
            max,
            integer,
            next,
        } => {
            let n = number(trimmed)?;
            let fits = (!*integer || n.fract() == 0.0)
                && min.is_none_or(|m| n >= m)
                && max.is_none_or(|m| n <= m);
            if !fits {
                return None;
            }
            let value = if n.fract() == 0.0 && n.abs() < 9.0e15 {
                Value::from(n as i64)
            } else {
                serde_json::Number::from_f64(n).map(Value::Number)?
            };
            Some((value, *next))
        }
        Input::Email { next } => Identity::email(trimmed)
            .ok()
            .map(|id| (Value::String(id.value().to_owned()), *next)),
        Input::Phone { next } => Identity::phone(trimmed)
            .ok()
            .map(|id| (Value::String(id.value().to_owned()), *next)),
        Input::Pattern { regex, next } => regex
            .find(trimmed)
            .filter(|m| !m.as_str().is_empty())
            .map(|m| (Value::String(m.as_str().to_owned()), *next)),
    }
}

/// Which option an answer names: its value, its label in the locale, or
/// its number (`2`), compared without case or accents.
pub(super) fn pick<'a>(
    answer: &str,
    options: impl Iterator<Item = (&'a str, &'a Text)> + Clone,
    locale: &str,
    default: &str,
) -> Option<usize> {
    let folded = fold(answer.trim().trim_end_matches(['.', '!']));
    if let Some(i) = options.clone().position(|(value, _)| fold(value) == folded) {
        return Some(i);
    }
    if let Some(i) = options.clone().position(|(_, label)| {
        label
            .get(locale, default)
            .is_some_and(|l| fold(l) == folded)
    }) {
        return Some(i);
    }
    let n: usize = folded.parse().ok()?;
    (n >= 1 && n <= options.count()).then(|| n - 1)
}

/// A number as customers write it: `12`, `-3`, `12,5`, `12.5`, `1.250,00`
/// is not taken (ambiguous); at most 32 bytes.
fn number(s: &str) -> Option<f64> {
    if s.len() > 32 {
        return None;
    }
    let commas = s.matches(',').count();
    let dots = s.matches('.').count();
    let plain = match (commas, dots) {
        (0, 0 | 1) => s.to_owned(),
        (1, 0) => s.replace(',', "."),
        _ => return None,
    };
    // "1.250" and "1,250" are a thousand and a quarter to different
    // readers: three digits after one separator are not taken.
    if let Some((whole, fraction)) = plain.split_once('.')
        && fraction.len() == 3
        && !whole
            .trim_start_matches(['-', '+'])
            .trim_start_matches('0')
            .is_empty()
    {
        return None;
    }
    let ok = plain
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && (c == '-' || c == '+')));
    if !ok {
        return None;
    }
    plain.parse::<f64>().ok().filter(|n| n.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_written() {
        assert_eq!(number("12"), Some(12.0));
        assert_eq!(number("12,5"), Some(12.5));
        assert_eq!(number("-3.25"), Some(-3.25));
        assert_eq!(number("1.250,00"), None);
        assert_eq!(number("1.250"), None);
        assert_eq!(number("1,250"), None);
        assert_eq!(number("0,125"), Some(0.125));
        assert_eq!(number("12 euro"), None);
        assert_eq!(number("1e300"), None);
        assert_eq!(number("inf"), None);
    }

    #[test]
    fn options_by_value_label_or_number() {
        let a = Text::new("nl", "In de app");
        let b = Text::new("nl", "Op de website");
        let options = [("app", &a), ("web", &b)];
        let pick = |s| pick(s, options.iter().copied(), "nl", "nl");
        assert_eq!(pick("APP"), Some(0));
        assert_eq!(pick("op de website"), Some(1));
        assert_eq!(pick("2"), Some(1));
        assert_eq!(pick("3"), None);
        assert_eq!(pick("telefoon"), None);
    }
}
