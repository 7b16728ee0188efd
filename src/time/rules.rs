//! A zone's UTC-offset changes as a sorted table, and the DST policy for
//! turning wall-clock times into instants.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use super::Zone;

/// The span [`ZoneRules::for_zone`] covers: 1969-12-25 to 2100-01-08, a
/// margin around the calendar horizon.
const CACHED_FROM: i64 = -7 * 86_400;
const CACHED_TO: i64 = 4_102_444_800 + 7 * 86_400;

/// One change of a zone's UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Transition {
    /// The instant of the change, in Unix seconds.
    pub at: i64,
    /// The offset before the change, in seconds east of UTC.
    pub before: i32,
    /// The offset from the change on.
    pub after: i32,
}

/// The offset changes of one zone over a span of instants, with fast lookups
/// in both directions. Built once per calendar; lookups are binary searches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ZoneRules {
    /// The offset before the first transition.
    initial: i32,
    transitions: Vec<Transition>,
}

const DAY: i64 = 86_400;

impl ZoneRules {
    /// Finds every offset change of `zone` in `[from, to)` (Unix seconds).
    ///
    /// The zone is sampled once a day and each change is located to the second
    /// by bisection. Two changes less than a day apart would be missed; the
    /// tz database has none after 1970 (the closest are weeks apart).
    pub fn scan(zone: Zone, from: i64, to: i64) -> ZoneRules {
        let offset = |t: i64| zone.offset_at_unix(t);
        let initial = offset(from);
        let mut transitions = Vec::new();
        let mut t = from;
        let mut current = initial;
        while t < to {
            let next = (t + DAY).min(to);
            let o = offset(next);
            if o != current {
                // Bisect (t, next] for the first second with the new offset.
                let (mut lo, mut hi) = (t, next);
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2;
                    if offset(mid) == current {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                transitions.push(Transition {
                    at: hi,
                    before: current,
                    after: o,
                });
                current = o;
            }
            t = next;
        }
        ZoneRules {
            initial,
            transitions,
        }
    }

    /// The offset changes of `zone` from 1969-12-25 to 2100-01-08, computed
    /// once per zone and process and then shared. (A memo of a pure function:
    /// the answer never depends on what was cached before.)
    pub fn for_zone(zone: Zone) -> Arc<ZoneRules> {
        static CACHE: OnceLock<Mutex<HashMap<Zone, Arc<ZoneRules>>>> = OnceLock::new();
        let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
        if let Ok(map) = cache.lock()
            && let Some(rules) = map.get(&zone)
        {
            return Arc::clone(rules);
        }
        let rules = Arc::new(ZoneRules::scan(zone, CACHED_FROM, CACHED_TO));
        if let Ok(mut map) = cache.lock() {
            map.insert(zone, Arc::clone(&rules));
        }
        rules
    }

    /// A zone with one fixed offset.
    #[cfg(test)]
    pub fn fixed(offset: i32) -> ZoneRules {
        ZoneRules {
            initial: offset,
            transitions: Vec::new(),
        }
    }

    /// The transitions found, in time order.
    pub fn transitions(&self) -> &[Transition] {
        &self.transitions
    }

    /// The offset in force at instant `t`.
    pub fn offset_at(&self, t: i64) -> i32 {
        let i = self.transitions.partition_point(|tr| tr.at <= t);
        match i.checked_sub(1).and_then(|j| self.transitions.get(j)) {
            Some(tr) => tr.after,
            None => self.initial,
        }
    }

    /// The instant of local wall-clock time `local` (seconds since 1970-01-01
    /// 00:00 on the local wall clock), by frontline's DST policy:
    ///
    /// - a wall time that exists once maps to that instant;
    /// - a wall time inside a gap (spring forward) moves forward by the gap's
    ///   length: it is read with the offset in force before the gap;
    /// - a wall time inside a fold (fall back) takes the earlier instant, which
    ///   is also the reading with the offset in force before the fold.
    ///
    /// This is RFC 5545's rule and Temporal's `"compatible"` disambiguation.
    pub fn resolve(&self, local: i64) -> i64 {
        // The last transition whose ambiguous or missing range starts at or
        // before `local` decides; transitions are far apart compared with the
        // size of an offset change, so these lower bounds are sorted.
        let i = self
            .transitions
            .partition_point(|tr| tr.at + i64::from(tr.before.min(tr.after)) <= local);
        let Some(tr) = i.checked_sub(1).and_then(|j| self.transitions.get(j)) else {
            return local - i64::from(self.initial);
        };
        let upper = tr.at + i64::from(tr.before.max(tr.after));
        if local < upper {
            local - i64::from(tr.before)
        } else {
            local - i64::from(tr.after)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{Date, Timestamp, WallTime};

    fn rules(zone: &str) -> ZoneRules {
        let zone = Zone::parse(zone).unwrap();
        ZoneRules::scan(zone, 1_262_304_000, 1_893_456_000) // 2010 to 2030
    }

    fn resolve(r: &ZoneRules, date: &str, wall: &str) -> String {
        let d = Date::parse(date).unwrap();
        let w = WallTime::parse(wall).unwrap();
        let local = d.days_since_epoch() * DAY + i64::from(w.seconds());
        Timestamp::from_unix_seconds(r.resolve(local))
            .unwrap()
            .to_string()
    }

    #[test]
    fn finds_eu_transitions_to_the_second() {
        let r = rules("Europe/Amsterdam");
        assert_eq!(r.transitions().len(), 40);
        let first = r.transitions()[0];
        assert_eq!(
            Timestamp::from_unix_seconds(first.at).unwrap().to_string(),
            "2010-03-28T01:00:00Z"
        );
        assert_eq!((first.before, first.after), (3600, 7200));
    }

    #[test]
    fn dst_policy() {
        let la = rules("America/Los_Angeles");
        // Normal, gap (moves forward by the gap), fold (earlier instant).
        assert_eq!(
            resolve(&la, "2014-01-04", "12:30:09"),
            "2014-01-04T20:30:09Z"
        );
        assert_eq!(
            resolve(&la, "2014-03-09", "02:30:00"),
            "2014-03-09T10:30:00Z"
        );
        assert_eq!(
            resolve(&la, "2014-11-02", "01:30:00"),
            "2014-11-02T08:30:00Z"
        );
        assert_eq!(
            resolve(&la, "2014-11-02", "02:00:00"),
            "2014-11-02T10:00:00Z"
        );
        // Lord Howe: a 30-minute gap moves a wall time forward by 30 minutes.
        let lh = rules("Australia/Lord_Howe");
        assert_eq!(
            resolve(&lh, "2026-10-04", "02:15:00"),
            "2026-10-03T15:45:00Z"
        );
        assert_eq!(
            resolve(&lh, "2026-10-04", "02:45:00"),
            "2026-10-03T15:45:00Z"
        );
        // Sao Paulo switched at midnight: 24:00 on the eve is 01:00.
        let sp = rules("America/Sao_Paulo");
        assert_eq!(resolve(&sp, "2015-10-17", "24:00"), "2015-10-18T03:00:00Z");
        let utc = ZoneRules::fixed(0);
        assert_eq!(utc.resolve(5), 5);
        assert_eq!(utc.offset_at(5), 0);
    }
}
