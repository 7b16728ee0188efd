use std::fmt;
use std::str::FromStr;

use chrono::{Offset, TimeZone};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::rules::ZoneRules;
use super::{Date, TimeError, Timestamp, WallTime};
use crate::util::excerpt;

/// An IANA time zone such as `Europe/Amsterdam`, with the tz database compiled
/// into the crate (no files are read at run time).
///
/// In JSON it is the zone's name as a string.
///
/// # Example
///
/// ```
/// use frontline::time::{Timestamp, Zone};
///
/// let amsterdam: Zone = "Europe/Amsterdam".parse()?;
/// let summer: Timestamp = "2026-07-01T12:00:00Z".parse()?;
/// assert_eq!(amsterdam.offset_seconds(summer), 2 * 3600);
/// assert_eq!(amsterdam.date_of(summer).to_string(), "2026-07-01");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Zone(Tz);

impl Zone {
    /// Coordinated Universal Time.
    pub const UTC: Zone = Zone(Tz::UTC);

    /// Looks up an IANA zone by name (`Europe/Amsterdam`, `America/New_York`,
    /// `UTC`). Names are case-sensitive, as in the tz database.
    ///
    /// # Errors
    /// [`TimeError::UnknownZone`] if the name is not in the tz database.
    pub fn parse(name: &str) -> Result<Zone, TimeError> {
        name.parse::<Tz>()
            .map(Zone)
            .map_err(|_| TimeError::UnknownZone {
                name: excerpt(name),
            })
    }

    /// The zone's IANA name.
    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// The zone's offset from UTC at `at`, in seconds (east positive).
    pub fn offset_seconds(self, at: Timestamp) -> i32 {
        self.offset_at_unix(at.as_unix_seconds())
    }

    pub(crate) fn offset_at_unix(self, t: i64) -> i32 {
        let utc = chrono::DateTime::from_timestamp(t, 0).unwrap_or_default();
        self.0
            .offset_from_utc_datetime(&utc.naive_utc())
            .fix()
            .local_minus_utc()
    }

    /// The instant at which the wall clock in this zone shows `time` on `date`,
    /// by frontline's DST policy: a wall time inside a gap (spring forward)
    /// moves forward by the gap's length; a wall time inside a fold (fall back)
    /// takes the earlier instant. `24:00` is midnight of the next day.
    ///
    /// ```
    /// use frontline::time::Zone;
    /// let la: Zone = "America/Los_Angeles".parse()?;
    /// let gap = la.instant_at("2014-03-09".parse()?, "02:30".parse()?)?;
    /// assert_eq!(gap.to_string(), "2014-03-09T10:30:00Z"); // 03:30 PDT
    /// let fold = la.instant_at("2014-11-02".parse()?, "01:30".parse()?)?;
    /// assert_eq!(fold.to_string(), "2014-11-02T08:30:00Z"); // the first 01:30, PDT
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`TimeError::OutOfRange`] if the instant falls outside the years 0001 to 9999.
    pub fn instant_at(self, date: Date, time: WallTime) -> Result<Timestamp, TimeError> {
        let local = date.days_since_epoch() * 86_400 + i64::from(time.seconds());
        // Two days either side cover every offset change that can touch `local`.
        let rules = if (0..4_102_444_800).contains(&local) {
            ZoneRules::for_zone(self)
        } else {
            std::sync::Arc::new(ZoneRules::scan(
                self,
                local - 2 * 86_400,
                local + 2 * 86_400,
            ))
        };
        Timestamp::from_unix_seconds(rules.resolve(local))
    }

    /// The chrono zone (inside the time module only).
    #[cfg(feature = "reply")]
    pub(super) fn tz(self) -> Tz {
        self.0
    }

    /// The local calendar date at instant `at` in this zone.
    pub fn date_of(self, at: Timestamp) -> Date {
        let local = at.as_unix_seconds() + i64::from(self.offset_seconds(at));
        Date::from_days_since_epoch(local.div_euclid(86_400))
    }
}

impl Default for Zone {
    fn default() -> Zone {
        Zone::UTC
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Zone({})", self.name())
    }
}

impl FromStr for Zone {
    type Err = TimeError;
    fn from_str(s: &str) -> Result<Zone, TimeError> {
        Zone::parse(s)
    }
}

impl Serialize for Zone {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Zone {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Zone, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Zone::parse(&text).map_err(|e| crate::util::de_error(e.code(), e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_zones() {
        assert_eq!(
            Zone::parse("Europe/Amsterdam").unwrap().name(),
            "Europe/Amsterdam"
        );
        let err = Zone::parse("Mars/Olympus").unwrap_err();
        assert_eq!(err.to_string(), "unknown time zone `Mars/Olympus`");
        assert_eq!(Zone::default(), Zone::UTC);
    }

    #[test]
    fn offsets_follow_dst() {
        let ams = Zone::parse("Europe/Amsterdam").unwrap();
        let winter = Timestamp::parse("2026-01-15T12:00:00Z").unwrap();
        let summer = Timestamp::parse("2026-07-15T12:00:00Z").unwrap();
        assert_eq!(ams.offset_seconds(winter), 3600);
        assert_eq!(ams.offset_seconds(summer), 7200);
        let lord_howe = Zone::parse("Australia/Lord_Howe").unwrap();
        assert_eq!(lord_howe.offset_seconds(winter), 11 * 3600);
        assert_eq!(lord_howe.offset_seconds(summer), 10 * 3600 + 1800);
    }

    #[test]
    fn local_date_crosses_midnight() {
        let tokyo = Zone::parse("Asia/Tokyo").unwrap();
        let t = Timestamp::parse("2026-03-01T20:00:00Z").unwrap();
        assert_eq!(tokyo.date_of(t).to_string(), "2026-03-02");
        let la = Zone::parse("America/Los_Angeles").unwrap();
        assert_eq!(la.date_of(t).to_string(), "2026-03-01");
    }
}
