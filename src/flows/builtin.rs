//! The texts a flow may leave out, built in for Dutch and English, and the
//! words of a yes or a no.

/// A built-in text (`retry`, `reminder`, `ask_helped`, `none_of_these`,
/// `yes`, `no`) in the language of `locale`, for Dutch and English.
pub(super) fn text(what: &str, locale: &str) -> Option<&'static str> {
    let language = locale.split(['-', '_']).next().unwrap_or(locale);
    let dutch = language.eq_ignore_ascii_case("nl");
    let english = language.eq_ignore_ascii_case("en");
    if !dutch && !english {
        return None;
    }
    Some(match (what, dutch) {
        ("retry", true) => "Sorry, dat begreep ik niet.",
        ("retry", false) => "Sorry, I did not understand that.",
        ("reminder", true) => "Ben je er nog?",
        ("reminder", false) => "Are you still there?",
        ("ask_helped", true) => "Heeft dit je geholpen?",
        ("ask_helped", false) => "Did this help?",
        ("none_of_these", true) => "Geen van deze",
        ("none_of_these", false) => "None of these",
        ("suggestions", true) => "Bedoel je een van deze?",
        ("suggestions", false) => "Did you mean one of these?",
        ("yes", true) => "Ja",
        ("yes", false) => "Yes",
        ("no", true) => "Nee",
        ("no", false) => "No",
        _ => return None,
    })
}

/// Whether a normalised answer means yes (`Some(true)`), no
/// (`Some(false)`) or neither, in Dutch or English (customers mix them).
pub(super) fn yes_no(answer: &str) -> Option<bool> {
    // Skin tones and emoji variation selectors aside; words joined by one
    // space; trailing punctuation dropped.
    let kept: String = answer
        .chars()
        .filter(|c| !('\u{1F3FB}'..='\u{1F3FF}').contains(c) && *c != '\u{FE0F}')
        .collect();
    let words: Vec<&str> = kept.split_whitespace().collect();
    let joined = words.join(" ");
    let a = joined.trim_end_matches(['.', '!', '?', ',', ';']).trim();
    const YES: &[&str] = &[
        "ja",
        "j",
        "jazeker",
        "zeker",
        "klopt",
        "ja hoor",
        "jawel",
        "graag",
        "ok",
        "oke",
        "yes",
        "y",
        "yeah",
        "yep",
        "sure",
        "correct",
        "of course",
        "yes please",
        "👍",
    ];
    const NO: &[&str] = &[
        "nee",
        "n",
        "neen",
        "nope",
        "no",
        "nah",
        "niet",
        "nee hoor",
        "no thanks",
        "nee dank je",
        "helaas niet",
        "not really",
        "👎",
    ];
    // The options' numbers, as for a choice: 1 is yes, 2 is no.
    if YES.contains(&a) || a == "1" {
        Some(true)
    } else if NO.contains(&a) || a == "2" {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::yes_no;

    #[test]
    fn yes_and_no_as_customers_write_them() {
        for yes in ["ja", "ja hoor!", "Yes.", "👍🏽", "👍", "1", "yes  please"] {
            assert_eq!(yes_no(&crate::util::fold(yes)), Some(true), "{yes}");
        }
        for no in ["nee,", "nope", "2", "👎", "nee   hoor"] {
            assert_eq!(yes_no(&crate::util::fold(no)), Some(false), "{no}");
        }
        assert_eq!(yes_no("misschien"), None);
    }
}
