//! frontline's KPI and SLA logic as [Apache DataFusion] functions: the
//! analyst keeps tickets in Parquet or a warehouse, writes SQL, and gets
//! the very figures `frontline::metrics` computes, on as many cores (and,
//! with [Ballista], machines) as the engine schedules.
//!
//! [Apache DataFusion]: https://datafusion.apache.org
//! [Ballista]: https://datafusion.apache.org/ballista/
//!
//! # Registering
//!
//! [`register`] adds the functions to a `SessionContext` with the
//! calendars and SLA policy sets queries may name. [`Functions`] does the
//! same with a [`Settings`] value, which also takes a default KPI period
//! and whether malformed rows fail the query:
//!
//! ```
//! use datafusion::prelude::SessionContext;
//! use frontline_datafusion::{Functions, Settings};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let ctx = SessionContext::new();
//! let settings = Settings::new()
//!     .calendar("support", serde_json::from_str(
//!         r#"{"time_zone": "Europe/Amsterdam", "hours": {"mon": [["09:00", "17:00"]]}}"#)?)
//!     .period("2026-11-01T00:00:00Z".parse()?, "2026-12-01T00:00:00Z".parse()?);
//! Functions::new(settings)?.register(&ctx);
//!
//! ctx.sql(r#"CREATE TABLE tickets (channel TEXT, events TEXT) AS VALUES
//!   ('chat', '{"id": "T-1", "events": [
//!      {"at": "2026-11-02T09:00:00Z", "type": "created", "subject": "Hulp", "requester": "c1", "channel": "chat"},
//!      {"at": "2026-11-02T09:00:00Z", "type": "message", "author": "customer", "body": "Hallo?"},
//!      {"at": "2026-11-02T09:01:30Z", "type": "message", "author": "agent", "body": "Hoi!"}]}')"#)
//!     .await?;
//! let batches = ctx
//!     .sql("SELECT channel, frontline_kpis(events)['first_reply_time']['median'] AS median \
//!           FROM tickets GROUP BY channel")
//!     .await?
//!     .collect()
//!     .await?;
//! let text = datafusion::arrow::util::pretty::pretty_format_batches(&batches)?.to_string();
//! assert!(text.contains("| chat    | 90.0   |"), "{text}");
//! # Ok(())
//! # }
//! ```
//!
//! # The functions
//!
//! | function | returns |
//! |---|---|
//! | `frontline_kpis(ticket [, options])` | the KPI struct of the group (below) |
//! | `frontline_median_first_reply(ticket [, options])` | the median first reply time in seconds (business seconds with a calendar) |
//! | `frontline_sla_attainment(policy_set, ticket, now)` | `{tickets, skipped_null, skipped_malformed, metrics}`, `metrics` a list of `{metric, achieved, breached, attainment}` |
//! | `frontline_csat(rating)` | `{csat, good, bad, invalid, unrated}` |
//! | `frontline_sla_state(policy_set, ticket, now)` (scalar) | one ticket's SLA clocks at `now` |
//!
//! The first four are aggregates: `SELECT channel, frontline_kpis(events)
//! FROM tickets GROUP BY channel`. Each keeps one frontline accumulator per
//! group; DataFusion runs them per partition, ships their state (bytes) and
//! merges it, and the merged state is the state one pass would have built,
//! so the answer does not depend on the partitioning (tested). They take
//! no `DISTINCT` (a row is one ticket: deduplicate first); `FILTER
//! (WHERE …)` works as for any aggregate.
//!
//! **A ticket** is a text column holding its JSON, in either shape the
//! `metrics.compute` operation takes: the history `{"id": "T-1", "events":
//! […]}`, or a whole ticket as frontline serialises it. Strings of any
//! Arrow string type are read in place (Parquet's `Utf8View` included);
//! dictionary-encoded columns are decoded first.
//!
//! **Options** (constant): a calendar name, or a JSON object with the
//! fields of frontline's `KpiConfig` that make sense for one group:
//! `{"from": …, "to": …, "calendar": "support", "policies": "standard",
//! "csat_field": "rating_1_5", "handle_time_field": "time_spent_seconds",
//! "agent_available_seconds": {"a1": 28800}}`. The period is `[from, to)`,
//! from the options or else the settings' default; a KPI query without
//! either is refused, since backlog and grouping are defined as of the
//! period's end. With `policies`, each ticket's SLA is evaluated at `to`
//! and the struct's `sla` lists attainment per metric.
//!
//! `frontline_sla_attainment` counts the cycles achieved and breached
//! before `now` (constant), over every ticket of the group.
//! `frontline_sla_state` takes its arguments per row (constants too) and
//! returns `{policy, breached, reply_due_at, reply_overdue, next_change_at,
//! metrics}`, with `metrics` a list of `{metric, state, cycles,
//! target_seconds, elapsed_seconds, remaining_seconds, due_at,
//! breached_at}` for each metric's latest cycle. `now` is a timestamp of
//! any unit (sub-second parts dropped toward the past) or RFC 3339 text.
//!
//! # The KPI struct
//!
//! `frontline_kpis` returns frontline's `Kpis` for the group, field by field
//! (their definitions are frontline's, documented on
//! `frontline::metrics::Kpis`):
//!
//! - counts: `tickets` (rows added), `skipped_null`, `skipped_malformed`,
//!   `tickets_created`, `tickets_solved`, `tickets_merged`,
//!   `csat_responses`, `csat_invalid`, `backlog`;
//! - rates (NULL when undefined): `resolution_rate`,
//!   `first_contact_resolution`, `one_touch`, `reopen_rate`,
//!   `replies_per_ticket`, `csat`;
//! - durations, each `{count, mean, median, p90, p95, max, exact, business}`
//!   in seconds, `business` the same figures in business seconds (NULL
//!   without a calendar): `first_reply_time`, `next_reply_time`,
//!   `full_resolution_time`, `requester_wait_time`, `agent_wait_time`,
//!   `on_hold_time`, `backlog_age`;
//! - lists: `sla` (`{metric, achieved, breached, attainment}`) and `agents`
//!   (`{agent, handled, replies, handle_seconds, available_seconds,
//!   utilisation}`).
//!
//! Percentiles are exact while a duration holds at most 10,000 values
//! (`exact` is true), then come from a DDSketch within 1 % of the value at
//! rank ⌊q·(n−1)⌋; counts, means and maxima are always exact. Exact or
//! not, a merged sketch equals the one-pass sketch, so 1, 2 or 8 partitions
//! give identical answers.
//!
//! # NULL and malformed rows
//!
//! Never a panic, never a silent loss:
//! - a NULL ticket is skipped and counted in `skipped_null` by
//!   `frontline_kpis` and `frontline_sla_attainment`, and ignored by
//!   `frontline_median_first_reply` (as SQL's `median` ignores NULL); a
//!   NULL rating is counted in `unrated`; `frontline_sla_state` returns
//!   NULL for a row with any NULL argument;
//! - a ticket that does not read (bad JSON, an invalid history, instants
//!   outside a calendar's horizon) fails the query with
//!   [`Error::MalformedRow`], naming the function, the row's first 80
//!   characters and the reason. With [`Settings::skip_malformed`],
//!   `frontline_kpis` and `frontline_sla_attainment` count it in
//!   `skipped_malformed` instead and `frontline_sla_state` returns NULL;
//!   `frontline_median_first_reply`, which has nowhere to count it, still
//!   fails;
//! - a cap of frontline's accumulator (100,000 agents in a group) fails the
//!   query with [`Error::Frontline`] and frontline's code, whatever the
//!   settings and whether one partition passes it or the merge of several;
//! - a rating that is neither `good`/`bad` (any case) nor a whole score
//!   from 1 to 5 (any integer or decimal type, read exactly; a float; or
//!   text in digits such as `4` or `4.0`) is counted in `invalid`;
//! - `DISTINCT` fails while the plan is optimised (before DataFusion could
//!   rewrite a lone `f(DISTINCT x)` into a grouping), with
//!   [`Error::Argument`];
//! - options that do not read or are NULL, unknown calendars or policy
//!   sets, and options, policy sets or `now` that are not constants (for
//!   the aggregates) fail at the first batch with [`Error::Argument`] or
//!   [`Error::Unknown`]. Arguments of the wrong type fail at planning:
//!   DataFusion reports them as its own coercion error, with our message.
//!
//! Errors raised while running reach DataFusion as
//! `DataFusionError::External` holding an [`Error`], whose
//! [`code`](Error::code) is stable.
//!
//! # Ballista and other distributed plans
//!
//! Ballista ships logical plans to its scheduler and physical plans to its
//! executors as protobuf. The functions travel in those plans through the
//! codecs of [`codec`]: each frontline function is written with its
//! settings, so an executor rebuilds it from the plan alone. With Ballista
//! ([`ballista`](https://crates.io/crates/ballista) 55, the release line of
//! the DataFusion this crate pins), wrap Ballista's own codecs and register
//! the functions on the state and on the client context:
//!
//! ```ignore
//! use ballista::prelude::{SessionConfigExt, SessionContextExt};
//! use ballista_core::serde::{BallistaLogicalExtensionCodec, BallistaPhysicalExtensionCodec};
//!
//! let config = SessionConfig::new_with_ballista()
//!     .with_ballista_logical_extension_codec(Arc::new(LogicalCodec::new(
//!         Arc::new(BallistaLogicalExtensionCodec::default()))))
//!     .with_ballista_physical_extension_codec(Arc::new(PhysicalCodec::new(
//!         Arc::new(BallistaPhysicalExtensionCodec::default()))));
//! let state = SessionStateBuilder::new().with_config(config).with_default_features().build();
//! let ctx = SessionContext::standalone_with_state(state).await?;
//! functions.register(&ctx);   // the client plans the SQL; the plan carries the functions
//! ```
//!
//! A remote cluster's scheduler and executors must be built with the same
//! codecs (Ballista's `override_logical_codec` and
//! `override_physical_codec`); they need no registration, since the plan
//! carries the functions. `tests/ballista.rs` runs a standalone cluster
//! (scheduler and executor in process, gRPC on loopback) and checks its
//! answer against one DataFusion context.
//!
//! # Cost
//!
//! Per row: reading the ticket's JSON and one frontline accumulator `add`
//! (with `policies`, one SLA evaluation). Reading the JSON dominates.
//! Measured with the `parquet_kpis` example on the sample tickets (about
//! 1.2 kB of JSON and 12 events each, release build, a shared 2-core
//! machine): `frontline_kpis` reads about 140,000 rows per second per core
//! over Parquet when each event's `type` comes before its fields (as
//! frontline writes events), about 100,000 when every object's keys are
//! sorted (as Go or PostgreSQL's `jsonb` write them, which frontline reads
//! on a buffered path), and two partitions scale it to about two cores.
//! DataFusion's built-in `count`, `avg`, `median` and
//! `approx_percentile_cont` over columns precomputed from the same tickets
//! read about 14 million rows per second per core in the same run: the
//! difference is the price of computing the KPIs from the events instead
//! of storing them beforehand. A group's state grows
//! with its tickets up to 10,000 values per duration, then stays fixed;
//! the state a partition ships is that state as JSON (a `LargeBinary`
//! column).
//!
//! As window functions (`OVER (…)`), the aggregates answer for each frame
//! with a report of the accumulator: up to about a millisecond at 10,000
//! values per duration, so a growing frame over n rows costs n reports.
//! The answer is cached while the frame does not change; sliding frames
//! are refused (the accumulators cannot retract a ticket). For KPIs per
//! group, `GROUP BY` is the way.

pub mod codec;
mod csat;
mod error;
mod functions;
mod input;
mod kpis;
mod sla;
mod table;

pub use error::Error;
pub use functions::{Functions, Period, Settings, register};
