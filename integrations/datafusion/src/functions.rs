//! The functions' shared settings: calendars, SLA policy sets, a default
//! period and what to do with malformed rows; compiled once.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use datafusion::error::Result;
use datafusion::execution::FunctionRegistry;
use datafusion::logical_expr::{AggregateUDF, ScalarUDF};
use datafusion::prelude::SessionContext;
use frontline::calendar::Calendars;
use frontline::sla::{PolicySet, PolicySetSpec};
use frontline::{CalendarSpec, Timestamp};
use serde::{Deserialize, Serialize};

use crate::Error;

/// A period `[from, to)`: the default for `frontline_kpis` and
/// `frontline_median_first_reply` when a query names none.
///
/// JSON: `{"from": "2026-11-01T00:00:00Z", "to": "2026-12-01T00:00:00Z"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// The start (inclusive).
    pub from: Timestamp,
    /// The end (exclusive).
    pub to: Timestamp,
}

/// What the functions read besides their arguments: the calendars and SLA
/// policy sets a query may name, a default period, and whether malformed
/// rows fail the query or are counted and skipped.
///
/// This is the data a plan carries to remote executors (see
/// [`codec`](crate::codec)), so it is plain serde. JSON:
///
/// ```json
/// {"calendars": {"support": {"time_zone": "Europe/Amsterdam", "hours": {"mon": [["09:00", "17:00"]]}}},
///  "policies": {"standard": {"policies": [{"name": "Default", "calendar": "support",
///                                         "targets": {"first_reply_time": {"normal": "8h"}}}]}},
///  "period": {"from": "2026-11-01T00:00:00Z", "to": "2026-12-01T00:00:00Z"},
///  "skip_malformed": false}
/// ```
///
/// A policy set may name any registered calendar besides its own.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Settings {
    /// Business calendars by name, for business-time KPIs and for the
    /// policy sets.
    #[serde(default)]
    pub calendars: BTreeMap<String, CalendarSpec>,
    /// SLA policy sets by name.
    #[serde(default)]
    pub policies: BTreeMap<String, PolicySetSpec>,
    /// The KPI period when a query names none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// Count malformed rows (in `skipped_malformed`) instead of failing the
    /// query. Off by default: a row that does not read is an error.
    #[serde(default)]
    pub skip_malformed: bool,
}

impl Settings {
    /// No calendars, no policy sets, no default period, malformed rows fail.
    pub fn new() -> Settings {
        Settings::default()
    }

    /// Adds the calendar `name`.
    pub fn calendar(mut self, name: impl Into<String>, spec: CalendarSpec) -> Settings {
        self.calendars.insert(name.into(), spec);
        self
    }

    /// Adds the SLA policy set `name`.
    pub fn policies(mut self, name: impl Into<String>, spec: PolicySetSpec) -> Settings {
        self.policies.insert(name.into(), spec);
        self
    }

    /// Sets the default KPI period `[from, to)`.
    pub fn period(mut self, from: Timestamp, to: Timestamp) -> Settings {
        self.period = Some(Period { from, to });
        self
    }

    /// Counts malformed rows instead of failing the query.
    pub fn skip_malformed(mut self, skip: bool) -> Settings {
        self.skip_malformed = skip;
        self
    }
}

/// frontline's SQL functions, built once from [`Settings`] and registered
/// on as many contexts as needed.
///
/// Building compiles every calendar and policy set, so a configuration
/// error shows here and never in a query.
///
/// ```
/// use frontline_datafusion::{Functions, Settings};
/// use datafusion::execution::FunctionRegistry;
/// use datafusion::prelude::SessionContext;
///
/// let settings = Settings::new()
///     .calendar("support", serde_json::from_str(
///         r#"{"time_zone": "Europe/Amsterdam", "hours": {"mon": [["09:00", "17:00"]]}}"#)?)
///     .period("2026-11-01T00:00:00Z".parse()?, "2026-12-01T00:00:00Z".parse()?);
/// let functions = Functions::new(settings)?;
/// let ctx = SessionContext::new();
/// functions.register(&ctx);
/// assert!(ctx.udaf("frontline_kpis").is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Functions {
    pub(crate) shared: Shared,
}

impl Functions {
    /// Compiles `settings`.
    ///
    /// # Errors
    /// [`Error::Frontline`] for a calendar or policy set that does not
    /// compile (naming it), or a default period that does not end after it
    /// starts.
    pub fn new(settings: Settings) -> Result<Functions, Error> {
        Ok(Functions {
            shared: Shared(Arc::new(Compiled::new(settings)?)),
        })
    }

    /// The settings the functions were built from.
    pub fn settings(&self) -> &Settings {
        &self.shared.0.settings
    }

    /// The aggregate functions: `frontline_kpis`,
    /// `frontline_median_first_reply`, `frontline_sla_attainment` and
    /// `frontline_csat`.
    pub fn aggregates(&self) -> Vec<AggregateUDF> {
        crate::kpis::udafs(&self.shared)
            .into_iter()
            .chain([
                crate::sla::attainment_udaf(&self.shared),
                crate::csat::udaf(&self.shared),
            ])
            .collect()
    }

    /// The scalar function `frontline_sla_state`.
    pub fn scalars(&self) -> Vec<ScalarUDF> {
        vec![crate::sla::state_udf(&self.shared)]
    }

    /// Registers every function on `ctx`, replacing any of the same name.
    pub fn register(&self, ctx: &SessionContext) {
        for f in self.aggregates() {
            ctx.register_udaf(f);
        }
        for f in self.scalars() {
            ctx.register_udf(f);
        }
    }

    /// Registers every function on a registry: a `SessionState` being
    /// built, or a Ballista executor's.
    ///
    /// # Errors
    /// The registry's own.
    pub fn register_on(&self, registry: &mut dyn FunctionRegistry) -> Result<()> {
        for f in self.aggregates() {
            registry.register_udaf(Arc::new(f))?;
        }
        for f in self.scalars() {
            registry.register_udf(Arc::new(f))?;
        }
        Ok(())
    }
}

/// Registers frontline's functions on `ctx` with these calendars and SLA
/// policy sets, and no default period (a KPI query names its period):
/// [`Functions::new`] then [`Functions::register`].
///
/// # Errors
/// As [`Functions::new`].
pub fn register(
    ctx: &SessionContext,
    calendars: BTreeMap<String, CalendarSpec>,
    policies: BTreeMap<String, PolicySetSpec>,
) -> Result<Functions, Error> {
    let functions = Functions::new(Settings {
        calendars,
        policies,
        ..Settings::default()
    })?;
    functions.register(ctx);
    Ok(functions)
}

/// The compiled settings, with their canonical JSON (the functions'
/// identity, and their definition in a serialised plan).
#[derive(Debug)]
pub(crate) struct Compiled {
    pub settings: Settings,
    pub json: String,
    /// A hash of `json`, computed once: DataFusion hashes expressions often.
    pub json_hash: u64,
    pub calendars: Calendars,
    pub policies: BTreeMap<String, PolicySet>,
}

impl Compiled {
    fn new(settings: Settings) -> Result<Compiled, Error> {
        let calendars = Calendars::compile(&settings.calendars).map_err(frontline::Error::from)?;
        let mut policies = BTreeMap::new();
        for (name, spec) in &settings.policies {
            let mut spec = spec.clone();
            for (calendar, c) in &settings.calendars {
                spec.calendars
                    .entry(calendar.clone())
                    .or_insert_with(|| c.clone());
            }
            let set = PolicySet::new(&spec).map_err(frontline::Error::from)?;
            policies.insert(name.clone(), set);
        }
        if let Some(p) = settings.period {
            // The accumulator checks the period as it checks any.
            let config = frontline::metrics::KpiConfig::new(p.from, p.to);
            frontline::metrics::KpiAccumulator::new(config, &calendars)
                .map_err(frontline::Error::from)?;
        }
        let json = serde_json::to_string(&settings).map_err(|e| Error::Codec {
            reason: e.to_string(),
        })?;
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        json.hash(&mut hasher);
        Ok(Compiled {
            settings,
            json_hash: hasher.finish(),
            json,
            calendars,
            policies,
        })
    }

    /// The policy set `name`.
    pub fn policy_set(&self, function: &'static str, name: &str) -> Result<&PolicySet, Error> {
        self.policies.get(name).ok_or_else(|| Error::Unknown {
            function,
            what: "policy set",
            name: crate::error::excerpt(name),
        })
    }
}

/// The compiled settings as the functions hold them: compared and hashed
/// by their canonical JSON, as DataFusion compares functions.
#[derive(Debug, Clone)]
pub(crate) struct Shared(pub Arc<Compiled>);

impl PartialEq for Shared {
    fn eq(&self, other: &Shared) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0.json == other.0.json
    }
}

impl Eq for Shared {}

impl Hash for Shared {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.json_hash.hash(state);
    }
}
