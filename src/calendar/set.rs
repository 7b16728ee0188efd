//! A named set of compiled calendars, built once and shared by every area.

use std::collections::BTreeMap;

use super::{BusinessCalendar, CalendarError, CalendarSpec};
use crate::Name;

/// The most calendars one [`Calendars`] set holds.
pub const MAX_CALENDARS: usize = 1_000;

/// The longest calendar name, in bytes.
pub const MAX_CALENDAR_NAME_BYTES: usize = 128;

/// Compiled business calendars by name, built once per host and shared.
///
/// Compiling a calendar lays its hours over the whole horizon (about 0.7 ms
/// for an office calendar with public holidays). SLA policy sets, rule sets
/// and routing policies refer to calendars by name; given a `Calendars` set
/// (`PolicySet::with_calendars`, `RuleSet::with_calendars`,
/// `RoutingPolicy::with_calendars`) they take the compiled calendars from
/// it instead of compiling their own copies, so every area uses the same
/// calendar and it is built once. A [`BusinessCalendar`] shares its compiled
/// form, so the set and every area that uses it hold one copy.
///
/// A name is 1 to [`MAX_CALENDAR_NAME_BYTES`] bytes without control
/// characters; a set holds at most [`MAX_CALENDARS`] calendars. A policy
/// set, rule set or routing policy built with a shared set sees all of its
/// calendars besides its own (the caps on a configuration's own
/// `calendars`, such as `MAX_SLA_CALENDARS`, count only those).
///
/// ```
/// use frontline::calendar::{Calendars, Country};
/// use frontline::time::Weekday::*;
/// use frontline::{BusinessCalendar, CalendarSpec};
///
/// let office = CalendarSpec::new("Europe/Amsterdam".parse()?)
///     .open(&[Mon, Tue, Wed, Thu, Fri], "09:00", "17:00")?
///     .public_holidays(Country::Netherlands);
/// let calendars = Calendars::new()
///     .with("office", BusinessCalendar::new(&office)?)?
///     .with("around_the_clock", BusinessCalendar::new(
///         &CalendarSpec::new("UTC".parse()?).open(&[Mon, Tue, Wed, Thu, Fri, Sat, Sun], "00:00", "24:00")?,
///     )?)?;
/// assert_eq!(calendars.len(), 2);
/// assert!(calendars.get("office").is_some());
/// assert_eq!(calendars.names().collect::<Vec<_>>(), ["around_the_clock", "office"]);
/// # Ok::<(), frontline::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Calendars {
    by_name: BTreeMap<Name, BusinessCalendar>,
}

impl Calendars {
    /// An empty set.
    pub fn new() -> Calendars {
        Calendars::default()
    }

    /// Compiles every spec of a name → spec map (the `calendars` object of
    /// the JSON configurations).
    ///
    /// # Errors
    /// [`CalendarError::Named`] naming the first calendar that does not
    /// compile, [`CalendarError::BadName`] for an invalid name, or
    /// [`CalendarError::TooLarge`] past [`MAX_CALENDARS`].
    pub fn compile<'a>(
        specs: impl IntoIterator<Item = (&'a String, &'a CalendarSpec)>,
    ) -> Result<Calendars, CalendarError> {
        let mut set = Calendars::new();
        for (name, spec) in specs {
            let calendar = BusinessCalendar::new(spec).map_err(|e| e.named(name))?;
            set.insert(name.as_str(), calendar)?;
        }
        Ok(set)
    }

    /// Adds (or replaces) the calendar called `name`, returning the one it
    /// replaced.
    ///
    /// # Errors
    /// [`CalendarError::BadName`] for an empty, over-long or
    /// control-character name; [`CalendarError::TooLarge`] for a new name
    /// past [`MAX_CALENDARS`].
    pub fn insert(
        &mut self,
        name: impl Into<Name>,
        calendar: BusinessCalendar,
    ) -> Result<Option<BusinessCalendar>, CalendarError> {
        let name = name.into();
        check_name(&name)?;
        if !self.by_name.contains_key(&name) && self.by_name.len() >= MAX_CALENDARS {
            return Err(CalendarError::TooLarge {
                what: "calendars in a set",
                limit: MAX_CALENDARS,
            });
        }
        Ok(self.by_name.insert(name, calendar))
    }

    /// The set with `calendar` added as `name`: [`insert`](Self::insert) for
    /// building a set in one expression.
    ///
    /// # Errors
    /// As [`insert`](Self::insert).
    pub fn with(
        mut self,
        name: impl Into<Name>,
        calendar: BusinessCalendar,
    ) -> Result<Calendars, CalendarError> {
        self.insert(name, calendar)?;
        Ok(self)
    }

    /// The calendar called `name`.
    pub fn get(&self, name: &str) -> Option<&BusinessCalendar> {
        self.by_name.get(name)
    }

    /// Whether the set has a calendar called `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    /// Removes the calendar called `name`, returning it.
    pub fn remove(&mut self, name: &str) -> Option<BusinessCalendar> {
        self.by_name.remove(name)
    }

    /// The number of calendars.
    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// The names, in byte order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.by_name.keys().map(Name::as_str)
    }

    /// The calendars with their names, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &BusinessCalendar)> {
        self.by_name.iter().map(|(n, c)| (n.as_str(), c))
    }

    /// This set's calendars together with `own` (a configuration's own
    /// `calendars` object), compiled, in name order: what a policy set, rule
    /// set or routing policy built "with calendars" resolves its names in.
    /// A name in both is an error rather than one silently hiding the other.
    pub(crate) fn extended_with(
        &self,
        own: &BTreeMap<String, CalendarSpec>,
    ) -> Result<Vec<(Name, BusinessCalendar)>, (String, CalendarError)> {
        let mut all = self.by_name.clone();
        for (name, spec) in own {
            check_name(name).map_err(|e| (name.clone(), e))?;
            if all.contains_key(name.as_str()) {
                return Err((
                    name.clone(),
                    CalendarError::DefinedTwice { name: name.clone() },
                ));
            }
            let calendar = BusinessCalendar::new(spec).map_err(|e| (name.clone(), e))?;
            all.insert(Name::from(name), calendar);
        }
        Ok(all.into_iter().collect())
    }
}

fn check_name(name: &str) -> Result<(), CalendarError> {
    let reason = if name.is_empty() {
        "is empty"
    } else if name.len() > MAX_CALENDAR_NAME_BYTES {
        "is longer than 128 bytes"
    } else if name.chars().any(char::is_control) {
        "has a control character"
    } else {
        return Ok(());
    };
    Err(CalendarError::BadName {
        name: crate::util::excerpt(name),
        reason,
    })
}

impl<'a> IntoIterator for &'a Calendars {
    type Item = (&'a str, &'a BusinessCalendar);
    type IntoIter = Box<dyn Iterator<Item = (&'a str, &'a BusinessCalendar)> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Weekday;

    fn office() -> BusinessCalendar {
        let spec = CalendarSpec::new(crate::time::Zone::default())
            .open(&[Weekday::Mon], "09:00", "17:00")
            .unwrap_or_else(|_| CalendarSpec::new(crate::time::Zone::default()));
        BusinessCalendar::new(&spec).unwrap_or_else(|e| unreachable!("{e}"))
    }

    #[test]
    fn names_are_checked_and_the_set_is_capped() {
        let mut set = Calendars::new();
        for bad in ["", "a\u{7}b", &"x".repeat(129)] {
            let err = set.insert(bad, office()).unwrap_err();
            assert_eq!(err.code(), "calendar.bad_name", "{bad:?}");
        }
        assert!(
            set.insert("office", office())
                .is_ok_and(|old| old.is_none())
        );
        assert!(
            set.insert("office", office())
                .is_ok_and(|old| old.is_some())
        );
        for i in 1..MAX_CALENDARS {
            set.insert(format!("c{i}"), office())
                .unwrap_or_else(|e| unreachable!("{e}"));
        }
        assert_eq!(set.len(), MAX_CALENDARS);
        let err = set.insert("one_more", office()).unwrap_err();
        assert_eq!(err.code(), "calendar.too_large");
        // Replacing an existing name is still allowed at the cap.
        assert!(set.insert("office", office()).is_ok());
    }

    #[test]
    fn extending_refuses_a_name_defined_twice() {
        let set = Calendars::new()
            .with("office", office())
            .unwrap_or_default();
        let mut own = BTreeMap::new();
        own.insert(
            "office".to_owned(),
            CalendarSpec::new(crate::time::Zone::default()),
        );
        let (name, err) = set.extended_with(&own).unwrap_err();
        assert_eq!(name, "office");
        assert_eq!(err.code(), "calendar.defined_twice");
        let mut own = BTreeMap::new();
        own.insert(
            "shifts".to_owned(),
            CalendarSpec::new(crate::time::Zone::default())
                .open(&[Weekday::Sat], "10:00", "12:00")
                .unwrap_or_else(|e| unreachable!("{e}")),
        );
        let all = set.extended_with(&own).unwrap_or_default();
        let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["office", "shifts"]);
    }

    #[test]
    fn compile_names_the_calendar_that_fails() {
        let mut specs = BTreeMap::new();
        specs.insert(
            "empty".to_owned(),
            CalendarSpec::new(crate::time::Zone::default()),
        );
        let err = Calendars::compile(&specs).unwrap_err();
        assert_eq!(err.code(), "calendar.no_open_time");
        assert_eq!(
            err.to_string(),
            "calendar `empty`: the calendar has no weekly opening hours"
        );
    }
}
