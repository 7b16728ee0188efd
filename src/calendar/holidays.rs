//! Built-in public-holiday rules for NL, BE, DE, GB (England and Wales), FR and US.
//!
//! Computed, not tabulated: Easter-based, fixed, nth-weekday and observed-day
//! rules, each as the country defines it, for every year from
//! [`FIRST_HOLIDAY_YEAR`] to [`LAST_HOLIDAY_YEAR`]. One-off days (royal
//! weddings, jubilees, the millennium) are listed for their years.
//!
//! Where a country moves the day off (US observed days, GB substitute days),
//! the holiday is listed on its own date *and* on the substitute date, marked
//! `substitute`. Where a day is a custom rather than a rule, it is marked
//! `optional` and left out of calendars unless asked for:
//!
//! - NL: Good Friday (many employers, not all) and Liberation Day, 5 May
//!   (a day off by law only in some collective agreements, often every fifth year).
//!
//! Belgium gives a replacement day when a holiday falls on a Sunday, but the
//! employer chooses it, so no substitute date is listed.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::CalendarError;
use crate::time::{Date, Weekday};
use crate::util::excerpt;

/// The first year with built-in holidays.
pub const FIRST_HOLIDAY_YEAR: i32 = 1970;
/// The last year with built-in holidays.
pub const LAST_HOLIDAY_YEAR: i32 = 2199;

/// A country with built-in public holidays (ISO 3166 alpha-2 in JSON: `"NL"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Country {
    /// The Netherlands.
    #[serde(rename = "NL")]
    Netherlands,
    /// Belgium (national holidays).
    #[serde(rename = "BE")]
    Belgium,
    /// Germany (nationwide holidays only; state holidays are not included).
    #[serde(rename = "DE")]
    Germany,
    /// The United Kingdom: bank holidays of England and Wales.
    #[serde(rename = "GB", alias = "UK")]
    UnitedKingdom,
    /// France (metropolitan, without Alsace-Moselle's extra days).
    #[serde(rename = "FR")]
    France,
    /// The United States: federal holidays.
    #[serde(rename = "US")]
    UnitedStates,
}

impl Country {
    /// Every country with built-in holidays.
    pub const ALL: [Country; 6] = [
        Country::Netherlands,
        Country::Belgium,
        Country::Germany,
        Country::UnitedKingdom,
        Country::France,
        Country::UnitedStates,
    ];

    /// The ISO 3166 alpha-2 code (`"NL"`).
    pub fn code(self) -> &'static str {
        match self {
            Country::Netherlands => "NL",
            Country::Belgium => "BE",
            Country::Germany => "DE",
            Country::UnitedKingdom => "GB",
            Country::France => "FR",
            Country::UnitedStates => "US",
        }
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code())
    }
}

impl FromStr for Country {
    type Err = CalendarError;
    fn from_str(s: &str) -> Result<Country, CalendarError> {
        let upper = s.trim().to_ascii_uppercase();
        let upper = if upper == "UK" {
            "GB".to_owned()
        } else {
            upper
        };
        Country::ALL
            .into_iter()
            .find(|c| c.code() == upper)
            .ok_or_else(|| CalendarError::UnknownCountry { code: excerpt(s) })
    }
}

/// One public holiday on one date.
///
/// In JSON: `{"date":"2026-04-27","name":"King's Day","optional":false,"substitute":false}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Holiday {
    /// The date.
    pub date: Date,
    /// The holiday's English name.
    pub name: String,
    /// A custom rather than a rule: left out of calendars unless asked for.
    pub optional: bool,
    /// This date is a day off in place of the holiday, which fell on a weekend.
    pub substitute: bool,
}

/// Easter Sunday (Gregorian) by the anonymous algorithm (Meeus, Jones, Butcher).
pub(crate) fn easter(year: i32) -> Option<Date> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The `n`-th (1-based) `weekday` of a month, or the last one for `n == 0`.
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u32) -> Option<Date> {
    if n == 0 {
        let next_month = if month == 12 {
            Date::new(year + 1, 1, 1)?
        } else {
            Date::new(year, month + 1, 1)?
        };
        let last = next_month.add_days(-1)?;
        let back = (last.weekday().index() + 7 - weekday.index()) % 7;
        return last.add_days(-(back as i64));
    }
    let first = Date::new(year, month, 1)?;
    let forward = (weekday.index() + 7 - first.weekday().index()) % 7;
    first.add_days(forward as i64 + 7 * (i64::from(n) - 1))
}

struct List {
    year: i32,
    days: Vec<Holiday>,
}

impl List {
    fn push(&mut self, date: Option<Date>, name: &str) {
        self.add(date, name, false, false);
    }

    fn optional(&mut self, date: Option<Date>, name: &str) {
        self.add(date, name, true, false);
    }

    fn add(&mut self, date: Option<Date>, name: &str, optional: bool, substitute: bool) {
        if let Some(date) = date {
            self.days.push(Holiday {
                date,
                name: name.to_owned(),
                optional,
                substitute,
            });
        }
    }

    fn fixed(&mut self, month: u32, day: u32, name: &str) -> Option<Date> {
        let date = Date::new(self.year, month, day);
        self.push(date, name);
        date
    }

    fn easter(&mut self, offset: i64, name: &str) {
        let date = easter(self.year).and_then(|e| e.add_days(offset));
        self.push(date, name);
    }

    fn nth(&mut self, month: u32, weekday: Weekday, n: u32, name: &str) {
        let date = nth_weekday(self.year, month, weekday, n);
        self.push(date, name);
    }

    fn substitute(&mut self, date: Option<Date>, name: &str) {
        self.add(date, &format!("{name} (substitute day)"), false, true);
    }
}

/// The public holidays of `country` in `year`, sorted by date; every date lies
/// in `year` (a US New Year's Day observed on 31 December is listed in the
/// year of that 31 December). Empty outside [`FIRST_HOLIDAY_YEAR`] to
/// [`LAST_HOLIDAY_YEAR`].
///
/// ```
/// use frontline::{calendar::holidays, calendar::Country};
/// let nl = holidays(Country::Netherlands, 2025);
/// // King's Day moves to Saturday 26 April when 27 April is a Sunday.
/// assert!(nl.iter().any(|h| h.name == "King's Day" && h.date.to_string() == "2025-04-26"));
/// let us = holidays(Country::UnitedStates, 2026);
/// // Independence Day 2026 is a Saturday: observed on Friday 3 July.
/// assert!(us.iter().any(|h| h.substitute && h.date.to_string() == "2026-07-03"));
/// ```
pub fn holidays(country: Country, year: i32) -> Vec<Holiday> {
    if !(FIRST_HOLIDAY_YEAR..=LAST_HOLIDAY_YEAR).contains(&year) {
        return Vec::new();
    }
    let mut l = List {
        year,
        days: Vec::new(),
    };
    match country {
        Country::Netherlands => netherlands(&mut l),
        Country::Belgium => belgium(&mut l),
        Country::Germany => germany(&mut l),
        Country::UnitedKingdom => england_and_wales(&mut l),
        Country::France => france(&mut l),
        Country::UnitedStates => united_states(&mut l),
    }
    // Stable: a substitute day stays after its holiday on equal dates.
    l.days.sort_by_key(|h| h.date);
    l.days
}

fn netherlands(l: &mut List) {
    let y = l.year;
    l.fixed(1, 1, "New Year's Day");
    let good_friday = easter(y).and_then(|e| e.add_days(-2));
    l.optional(good_friday, "Good Friday");
    l.easter(0, "Easter Sunday");
    l.easter(1, "Easter Monday");
    if y >= 2014 {
        // King's Day: 27 April, or Saturday 26 April when the 27th is a Sunday.
        let day = Date::new(y, 4, 27);
        let moved = match day {
            Some(d) if d.weekday() == Weekday::Sun => d.add_days(-1),
            other => other,
        };
        l.push(moved, "King's Day");
    } else {
        // Queen's Day: 30 April; on a Sunday it moved to Monday 1 May until
        // 1979 and to Saturday 29 April from 1980.
        let day = Date::new(y, 4, 30);
        let moved = match day {
            Some(d) if d.weekday() == Weekday::Sun => d.add_days(if y < 1980 { 1 } else { -1 }),
            other => other,
        };
        l.push(moved, "Queen's Day");
    }
    l.optional(Date::new(y, 5, 5), "Liberation Day");
    l.easter(39, "Ascension Day");
    l.easter(49, "Whit Sunday");
    l.easter(50, "Whit Monday");
    l.fixed(12, 25, "Christmas Day");
    l.fixed(12, 26, "Second Day of Christmas");
}

fn belgium(l: &mut List) {
    l.fixed(1, 1, "New Year's Day");
    l.easter(1, "Easter Monday");
    l.fixed(5, 1, "Labour Day");
    l.easter(39, "Ascension Day");
    l.easter(50, "Whit Monday");
    l.fixed(7, 21, "Belgian National Day");
    l.fixed(8, 15, "Assumption Day");
    l.fixed(11, 1, "All Saints' Day");
    l.fixed(11, 11, "Armistice Day");
    l.fixed(12, 25, "Christmas Day");
}

fn germany(l: &mut List) {
    let y = l.year;
    l.fixed(1, 1, "New Year's Day");
    l.easter(-2, "Good Friday");
    l.easter(1, "Easter Monday");
    l.fixed(5, 1, "Labour Day");
    l.easter(39, "Ascension Day");
    l.easter(50, "Whit Monday");
    if y <= 1990 {
        // West Germany's Day of German Unity, until reunification.
        l.fixed(6, 17, "Day of German Unity (17 June)");
    }
    if y >= 1990 {
        l.fixed(10, 3, "Day of German Unity");
    }
    if y == 2017 {
        l.fixed(10, 31, "Reformation Day (500th anniversary)");
    }
    if y <= 1994 {
        // Repentance and Prayer Day: the Wednesday before 23 November,
        // nationwide until 1994.
        let day = Date::new(y, 11, 23).and_then(|d| {
            let back = (d.weekday().index() + 7 - Weekday::Wed.index()) % 7;
            d.add_days(-(if back == 0 { 7 } else { back as i64 }))
        });
        l.push(day, "Repentance and Prayer Day");
    }
    l.fixed(12, 25, "Christmas Day");
    l.fixed(12, 26, "Second Day of Christmas");
}

/// Moves a weekend date to the next weekday not in `taken`.
fn next_free_weekday(date: Date, taken: &[Date]) -> Option<Date> {
    let mut d = date;
    for _ in 0..7 {
        d = d.add_days(1)?;
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !taken.contains(&d) {
            return Some(d);
        }
    }
    None
}

fn england_and_wales(l: &mut List) {
    let y = l.year;
    if y >= 1974 {
        let day = l.fixed(1, 1, "New Year's Day");
        if let Some(d) = day.filter(|d| matches!(d.weekday(), Weekday::Sat | Weekday::Sun)) {
            l.substitute(next_free_weekday(d, &[]), "New Year's Day");
        }
    }
    l.easter(-2, "Good Friday");
    l.easter(1, "Easter Monday");
    if y >= 1978 {
        match y {
            1995 => l.push(Date::new(1995, 5, 8), "Early May Bank Holiday (VE Day)"),
            2020 => l.push(Date::new(2020, 5, 8), "Early May Bank Holiday (VE Day)"),
            _ => l.nth(5, Weekday::Mon, 1, "Early May Bank Holiday"),
        }
    }
    match y {
        2002 => {
            l.push(Date::new(2002, 6, 3), "Golden Jubilee Bank Holiday");
            l.push(Date::new(2002, 6, 4), "Spring Bank Holiday");
        }
        2012 => {
            l.push(Date::new(2012, 6, 4), "Spring Bank Holiday");
            l.push(Date::new(2012, 6, 5), "Diamond Jubilee Bank Holiday");
        }
        2022 => {
            l.push(Date::new(2022, 6, 2), "Spring Bank Holiday");
            l.push(Date::new(2022, 6, 3), "Platinum Jubilee Bank Holiday");
        }
        _ => l.nth(5, Weekday::Mon, 0, "Spring Bank Holiday"),
    }
    l.nth(8, Weekday::Mon, 0, "Summer Bank Holiday");
    let christmas = l.fixed(12, 25, "Christmas Day");
    let boxing = l.fixed(12, 26, "Boxing Day");
    let mut taken: Vec<Date> = [christmas, boxing].into_iter().flatten().collect();
    for (day, name) in [(christmas, "Christmas Day"), (boxing, "Boxing Day")] {
        if let Some(d) = day.filter(|d| matches!(d.weekday(), Weekday::Sat | Weekday::Sun)) {
            let sub = next_free_weekday(d, &taken);
            if let Some(s) = sub {
                taken.push(s);
            }
            l.substitute(sub, name);
        }
    }
    for (date, name) in [
        ((1973, 11, 14), "Wedding of Princess Anne"),
        ((1977, 6, 7), "Silver Jubilee of Elizabeth II"),
        ((1981, 7, 29), "Wedding of Prince Charles and Lady Diana"),
        ((1999, 12, 31), "Millennium Celebrations"),
        (
            (2011, 4, 29),
            "Wedding of Prince William and Catherine Middleton",
        ),
        ((2022, 9, 19), "State Funeral of Queen Elizabeth II"),
        ((2023, 5, 8), "Coronation of King Charles III"),
    ] {
        if date.0 == y {
            l.push(Date::new(date.0, date.1, date.2), name);
        }
    }
}

fn france(l: &mut List) {
    let y = l.year;
    l.fixed(1, 1, "New Year's Day");
    l.easter(1, "Easter Monday");
    l.fixed(5, 1, "Labour Day");
    if !(1959..=1981).contains(&y) {
        l.fixed(5, 8, "Victory in Europe Day");
    }
    l.easter(39, "Ascension Day");
    l.easter(50, "Whit Monday");
    l.fixed(7, 14, "Bastille Day");
    l.fixed(8, 15, "Assumption Day");
    l.fixed(11, 1, "All Saints' Day");
    l.fixed(11, 11, "Armistice Day");
    l.fixed(12, 25, "Christmas Day");
}

fn united_states(l: &mut List) {
    let y = l.year;
    // Fixed-date federal holidays: a Saturday is observed on the Friday before,
    // a Sunday on the Monday after (5 U.S.C. 6103).
    let observed = |l: &mut List, date: Option<Date>, name: &str| {
        l.push(date, name);
        if let Some(d) = date {
            match d.weekday() {
                Weekday::Sat => l.substitute(d.add_days(-1), name),
                Weekday::Sun => l.substitute(d.add_days(1), name),
                _ => {}
            }
        }
    };
    // New Year's Day: on a Saturday it is observed on 31 December of the year
    // before, so that substitute is listed with the year it falls in.
    let new_year = Date::new(y, 1, 1);
    l.push(new_year, "New Year's Day");
    if new_year.is_some_and(|d| d.weekday() == Weekday::Sun) {
        l.substitute(new_year.and_then(|d| d.add_days(1)), "New Year's Day");
    }
    if Date::new(y + 1, 1, 1).is_some_and(|d| d.weekday() == Weekday::Sat) {
        l.substitute(Date::new(y, 12, 31), "New Year's Day");
    }
    if y >= 1986 {
        l.nth(1, Weekday::Mon, 3, "Birthday of Martin Luther King, Jr.");
    }
    // The Uniform Monday Holiday Act moved these to Mondays from 1971.
    if y >= 1971 {
        l.nth(2, Weekday::Mon, 3, "Washington's Birthday");
        l.nth(5, Weekday::Mon, 0, "Memorial Day");
    } else {
        observed(l, Date::new(y, 2, 22), "Washington's Birthday");
        observed(l, Date::new(y, 5, 30), "Memorial Day");
    }
    if y >= 2021 {
        observed(
            l,
            Date::new(y, 6, 19),
            "Juneteenth National Independence Day",
        );
    }
    observed(l, Date::new(y, 7, 4), "Independence Day");
    l.nth(9, Weekday::Mon, 1, "Labor Day");
    if y >= 1971 {
        l.nth(10, Weekday::Mon, 2, "Columbus Day");
    } else {
        observed(l, Date::new(y, 10, 12), "Columbus Day");
    }
    if (1971..=1977).contains(&y) {
        l.nth(10, Weekday::Mon, 4, "Veterans Day");
    } else {
        observed(l, Date::new(y, 11, 11), "Veterans Day");
    }
    l.nth(11, Weekday::Thu, 4, "Thanksgiving Day");
    observed(l, Date::new(y, 12, 25), "Christmas Day");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(country: Country, year: i32) -> Vec<String> {
        holidays(country, year)
            .into_iter()
            .filter(|h| !h.optional)
            .map(|h| h.date.to_string())
            .collect()
    }

    #[test]
    fn easter_dates() {
        for (y, want) in [
            (1970, "1970-03-29"),
            (2000, "2000-04-23"),
            (2019, "2019-04-21"),
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2038, "2038-04-25"),
            (2285, "2285-03-22"),
        ] {
            assert_eq!(easter(y).unwrap().to_string(), want, "{y}");
        }
    }

    #[test]
    fn netherlands_2026() {
        assert_eq!(
            dates(Country::Netherlands, 2026),
            [
                "2026-01-01",
                "2026-04-05",
                "2026-04-06",
                "2026-04-27",
                "2026-05-14",
                "2026-05-24",
                "2026-05-25",
                "2026-12-25",
                "2026-12-26"
            ]
        );
        let all = holidays(Country::Netherlands, 2026);
        assert!(all.iter().any(|h| h.optional && h.name == "Liberation Day"));
        // Queen's Day 2006 fell on a Sunday and moved to Saturday 29 April.
        assert!(dates(Country::Netherlands, 2006).contains(&"2006-04-29".to_owned()));
        // ... but on Monday 1 May in 1978.
        assert!(dates(Country::Netherlands, 1978).contains(&"1978-05-01".to_owned()));
    }

    #[test]
    fn england_substitute_days() {
        // 2021: Christmas on Saturday, Boxing Day on Sunday: Mon 27 and Tue 28.
        let h = holidays(Country::UnitedKingdom, 2021);
        let subs: Vec<String> = h
            .iter()
            .filter(|h| h.substitute)
            .map(|h| h.date.to_string())
            .collect();
        assert_eq!(subs, ["2021-12-27", "2021-12-28"]);
        // 2022: Christmas on Sunday: Boxing Day Monday 26, Christmas substitute Tuesday 27;
        // New Year's Day 2022 on a Saturday: Monday 3 January.
        let h = holidays(Country::UnitedKingdom, 2022);
        let subs: Vec<String> = h
            .iter()
            .filter(|h| h.substitute)
            .map(|h| h.date.to_string())
            .collect();
        assert_eq!(subs, ["2022-01-03", "2022-12-27"]);
        assert_eq!(
            dates(Country::UnitedKingdom, 2026),
            [
                "2026-01-01",
                "2026-04-03",
                "2026-04-06",
                "2026-05-04",
                "2026-05-25",
                "2026-08-31",
                "2026-12-25",
                "2026-12-26",
                "2026-12-28"
            ]
        );
    }

    #[test]
    fn us_observed_days() {
        assert_eq!(
            dates(Country::UnitedStates, 2026),
            [
                "2026-01-01",
                "2026-01-19",
                "2026-02-16",
                "2026-05-25",
                "2026-06-19",
                "2026-07-03",
                "2026-07-04",
                "2026-09-07",
                "2026-10-12",
                "2026-11-11",
                "2026-11-26",
                "2026-12-25"
            ]
        );
        // New Year's Day 2022 (a Saturday) is observed on Friday 31 December 2021,
        // listed once, with 2021.
        assert!(dates(Country::UnitedStates, 2021).contains(&"2021-12-31".to_owned()));
        assert_eq!(
            dates(Country::UnitedStates, 2022)
                .first()
                .map(String::as_str),
            Some("2022-01-01")
        );
        // Before 1971: fixed dates. Washington's Birthday 1970 was a Sunday.
        let y1970 = dates(Country::UnitedStates, 1970);
        for d in [
            "1970-02-22",
            "1970-02-23",
            "1970-05-30",
            "1970-05-29",
            "1970-10-12",
        ] {
            assert!(y1970.contains(&d.to_owned()), "{d}");
        }
    }

    #[test]
    fn germany_and_france_and_belgium() {
        assert_eq!(dates(Country::Germany, 2026).len(), 9);
        assert!(dates(Country::Germany, 2017).contains(&"2017-10-31".to_owned()));
        assert!(dates(Country::Germany, 1990).contains(&"1990-06-17".to_owned()));
        assert!(dates(Country::Germany, 1994).contains(&"1994-11-16".to_owned()));
        assert_eq!(dates(Country::France, 2026).len(), 11);
        assert!(!dates(Country::France, 1970).contains(&"1970-05-08".to_owned()));
        assert_eq!(dates(Country::Belgium, 2026).len(), 10);
    }

    #[test]
    fn range_and_parsing() {
        assert!(holidays(Country::Netherlands, 1969).is_empty());
        assert!(!holidays(Country::Netherlands, 2199).is_empty());
        assert!(holidays(Country::Netherlands, 2200).is_empty());
        assert_eq!("uk".parse::<Country>().unwrap(), Country::UnitedKingdom);
        assert!("XX".parse::<Country>().is_err());
        for c in Country::ALL {
            for y in FIRST_HOLIDAY_YEAR..=LAST_HOLIDAY_YEAR {
                let h = holidays(c, y);
                assert!(h.windows(2).all(|w| w[0].date <= w[1].date));
                assert!(
                    h.iter().all(|d| d.date.year() == y || d.substitute),
                    "{c} {y}"
                );
            }
        }
    }
}
