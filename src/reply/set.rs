//! Named templates in several locales: a desk's macros.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::template::{ReplyData, Template};
use super::{MAX_SET_TEMPLATES, ReplyError};
use crate::calendar::BusinessCalendar;
use crate::customer::Locale;
use crate::time::Timestamp;

/// Templates by name, each in one or more locales.
///
/// JSON: `{"default_locale": "nl", "templates": {"acknowledge": {"nl": "Bedankt, {{...}}", "en": "Thanks, {{...}}"}}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct TemplateSetSpec {
    /// The locale used when the reader's has no template (every template
    /// must have it).
    pub default_locale: Locale,
    /// Sources by name, then by locale.
    pub templates: BTreeMap<String, BTreeMap<Locale, String>>,
}

impl TemplateSetSpec {
    /// An empty set with this default locale.
    pub fn new(default_locale: Locale) -> TemplateSetSpec {
        TemplateSetSpec {
            default_locale,
            templates: BTreeMap::new(),
        }
    }

    /// With one template in one locale.
    pub fn with(
        mut self,
        name: impl Into<String>,
        locale: Locale,
        source: impl Into<String>,
    ) -> TemplateSetSpec {
        self.templates
            .entry(name.into())
            .or_default()
            .insert(locale, source.into());
        self
    }
}

/// A checked [`TemplateSetSpec`].
///
/// ```
/// use frontline::reply::{ReplyData, TemplateSet, TemplateSetSpec};
/// let spec = TemplateSetSpec::new("nl".parse()?)
///     .with("thanks", "nl".parse()?, "Bedankt!")
///     .with("thanks", "en".parse()?, "Thank you!");
/// let set = TemplateSet::new(spec)?;
/// let mut data = ReplyData::new();
/// data.locale = Some("en-GB".into());
/// let now = frontline::Timestamp::parse("2026-11-23T08:00:00Z")?;
/// assert_eq!(set.render("thanks", &data, None, now)?, "Thank you!");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateSet {
    default_locale: Locale,
    templates: BTreeMap<String, BTreeMap<Locale, Template>>,
}

impl TemplateSet {
    /// Checks every template.
    ///
    /// # Errors
    /// The template's error (its name and locale said), `reply.too_large`
    /// over [`MAX_SET_TEMPLATES`] templates, `reply.missing_locale` for a
    /// template without the default locale.
    pub fn new(spec: TemplateSetSpec) -> Result<TemplateSet, ReplyError> {
        let count: usize = spec.templates.values().map(BTreeMap::len).sum();
        if count > MAX_SET_TEMPLATES {
            return Err(ReplyError::TooLarge {
                what: "templates in a set",
                len: count,
                max: MAX_SET_TEMPLATES,
            });
        }
        let mut templates = BTreeMap::new();
        for (name, by_locale) in spec.templates {
            if name.trim().is_empty() || name.len() > 64 || name.chars().any(char::is_control) {
                return Err(ReplyError::InvalidName(crate::util::excerpt(&name)));
            }
            if !by_locale.contains_key(&spec.default_locale) {
                return Err(ReplyError::MissingLocale {
                    template: crate::util::excerpt(&name),
                    locale: spec.default_locale.as_str().to_owned(),
                });
            }
            let mut compiled = BTreeMap::new();
            for (locale, source) in by_locale {
                let t = Template::new(&source).map_err(|e| ReplyError::InTemplate {
                    template: crate::util::excerpt(&name),
                    locale: locale.as_str().to_owned(),
                    source: Box::new(e),
                })?;
                compiled.insert(locale, t);
            }
            templates.insert(name, compiled);
        }
        Ok(TemplateSet {
            default_locale: spec.default_locale,
            templates,
        })
    }

    /// The template `name` for `locale` and the locale it is written in:
    /// exactly, then by the language alone (`nl-BE` → `nl`), then any of
    /// that language (`nl-NL`), then the default locale.
    pub fn get(&self, name: &str, locale: Option<&str>) -> Option<(&Locale, &Template)> {
        let by_locale = self.templates.get(name)?;
        let find = |tag: &str| {
            by_locale
                .iter()
                .find(|(l, _)| l.as_str().eq_ignore_ascii_case(tag))
        };
        let found = locale.and_then(|l| {
            let language = l.split(['-', '_']).next().unwrap_or(l);
            find(l).or_else(|| find(language)).or_else(|| {
                by_locale
                    .iter()
                    .find(|(k, _)| k.language().eq_ignore_ascii_case(language))
            })
        });
        found.or_else(|| by_locale.get_key_value(&self.default_locale))
    }

    /// Whether the set has a template `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.templates.contains_key(name)
    }

    /// The names of the templates.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.templates.keys().map(String::as_str)
    }

    /// Renders `name` in the data's locale (its own, then the customer's),
    /// or the nearest the set has; times are written in the language of
    /// the template chosen.
    ///
    /// # Errors
    /// `reply.unknown_template`; `reply.too_large` as
    /// [`Template::render`].
    pub fn render(
        &self,
        name: &str,
        data: &ReplyData,
        calendar: Option<&BusinessCalendar>,
        now: Timestamp,
    ) -> Result<String, ReplyError> {
        let locale = data.locale.clone().or_else(|| {
            data.customer
                .as_ref()
                .and_then(|c| c.locale.as_ref())
                .map(|l| l.as_str().to_owned())
        });
        let (written, template) = self
            .get(name, locale.as_deref())
            .ok_or_else(|| ReplyError::UnknownTemplate(crate::util::excerpt(name)))?;
        // Times in the language the template is written in.
        let mut data = data.clone();
        data.locale = Some(written.as_str().to_owned());
        template.render(&data, calendar, now)
    }
}
