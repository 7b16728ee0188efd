//! Instants written out for people, in their time zone and language:
//! "dinsdag 24 november om 10:00", "tomorrow at 10:00". Weekday and month
//! names come from chrono's locale data (CLDR, through `pure-rust-locales`).

use super::{Timestamp, Zone};

/// The languages instants are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WordsLang {
    /// Dutch.
    Nl,
    /// English (British order: "Tuesday 24 November").
    En,
    /// German.
    De,
    /// French.
    Fr,
    /// Spanish.
    Es,
}

impl WordsLang {
    /// The language of a BCP 47 locale (`nl-BE` → Dutch), if one of these.
    pub fn of_locale(locale: &str) -> Option<WordsLang> {
        let language = locale.split(['-', '_']).next().unwrap_or(locale);
        Some(match language.to_ascii_lowercase().as_str() {
            "nl" => WordsLang::Nl,
            "en" => WordsLang::En,
            "de" => WordsLang::De,
            "fr" => WordsLang::Fr,
            "es" => WordsLang::Es,
            _ => return None,
        })
    }

    fn chrono(self) -> chrono::Locale {
        match self {
            WordsLang::Nl => chrono::Locale::nl_NL,
            WordsLang::En => chrono::Locale::en_GB,
            WordsLang::De => chrono::Locale::de_DE,
            WordsLang::Fr => chrono::Locale::fr_FR,
            WordsLang::Es => chrono::Locale::es_ES,
        }
    }

    /// (today, tomorrow, at, before, the date pattern)
    fn words(
        self,
    ) -> (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    ) {
        match self {
            WordsLang::Nl => ("vandaag", "morgen", "om", "vóór", "%A %-d %B"),
            WordsLang::En => ("today", "tomorrow", "at", "before", "%A %-d %B"),
            WordsLang::De => ("heute", "morgen", "um", "vor", "%A, %-d. %B"),
            WordsLang::Fr => ("aujourd'hui", "demain", "à", "avant", "%A %-d %B"),
            WordsLang::Es => ("hoy", "mañana", "a las", "antes de las", "%A %-d de %B"),
        }
    }
}

/// Whether an instant is the moment something happens ("om 10:00") or a
/// deadline ("vóór 10:00").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WordsStyle {
    /// "om 10:00", "at 10:00".
    At,
    /// "vóór 10:00", "before 10:00".
    Before,
}

/// `at` written out as seen at `now` in `zone`: "vandaag om 16:00" on the
/// same local day, "morgen om 10:00" the next, else the weekday and date,
/// "dinsdag 24 november om 10:00" (with the year when it is not `now`'s).
///
/// ```
/// use frontline::time::{Timestamp, Zone, WordsLang, WordsStyle, in_words};
/// let zone = Zone::parse("Europe/Amsterdam")?;
/// let now = Timestamp::parse("2026-11-23T08:00:00Z")?; // Monday
/// let at = Timestamp::parse("2026-11-24T09:00:00Z")?;
/// assert_eq!(in_words(at, now, zone, WordsLang::Nl, WordsStyle::At), "morgen om 10:00");
/// let later = Timestamp::parse("2026-11-26T09:00:00Z")?;
/// assert_eq!(in_words(later, now, zone, WordsLang::En, WordsStyle::Before), "Thursday 26 November before 10:00");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn in_words(
    at: Timestamp,
    now: Timestamp,
    zone: Zone,
    lang: WordsLang,
    style: WordsStyle,
) -> String {
    let (today, tomorrow, at_word, before_word, date_pattern) = lang.words();
    // One zone lookup for each instant.
    let local_at = at.as_unix_seconds() + i64::from(zone.offset_seconds(at));
    let local_now = now.as_unix_seconds() + i64::from(zone.offset_seconds(now));
    let days = local_at.div_euclid(86_400) - local_now.div_euclid(86_400);
    let minutes = local_at.rem_euclid(86_400) / 60;
    let clock = format!("{:02}:{:02}", minutes / 60, minutes % 60);
    let day = match days {
        0 => today.to_owned(),
        1 => tomorrow.to_owned(),
        _ => {
            let local = at.to_chrono().with_timezone(&zone.tz());
            let same_year = zone.date_of(at).year() == zone.date_of(now).year();
            let pattern = if same_year {
                date_pattern.to_owned()
            } else {
                format!("{date_pattern} %Y")
            };
            local.format_localized(&pattern, lang.chrono()).to_string()
        }
    };
    let word = match style {
        WordsStyle::At => at_word,
        WordsStyle::Before => before_word,
    };
    format!("{day} {word} {clock}")
}

/// The weekday of `date` in `lang`, in lower case as the language writes
/// it mid-sentence ("maandag", "Monday").
pub fn day_name(date: super::Date, lang: WordsLang) -> String {
    date.naive()
        .format_localized("%A", lang.chrono())
        .to_string()
}

/// The local clock time of `at` in `zone`, `HH:MM`.
pub fn clock(at: Timestamp, zone: Zone) -> String {
    let seconds = (at.as_unix_seconds() + i64::from(zone.offset_seconds(at))).rem_euclid(86_400);
    format!("{:02}:{:02}", seconds / 3600, seconds % 3600 / 60)
}
