//! The Arrow shape of frontline's KPI figures: the struct `frontline_kpis`
//! returns, field by field, and its conversion from a [`KpiTable`].

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Fields};
use datafusion::common::ScalarValue;
use datafusion::common::scalar::ScalarStructBuilder;
use datafusion::error::{DataFusionError, Result};
use frontline::metrics::{AgentKpis, KpiTable, Kpis, SlaAttainment, Stats, TimingStats};

/// The duration figures of [`Kpis`], in the order of the struct.
pub(crate) const TIMINGS: [&str; 7] = [
    "first_reply_time",
    "next_reply_time",
    "full_resolution_time",
    "requester_wait_time",
    "agent_wait_time",
    "on_hold_time",
    "backlog_age",
];

fn u64_field(name: &str) -> Field {
    Field::new(name, DataType::UInt64, false)
}

fn f64_field(name: &str) -> Field {
    Field::new(name, DataType::Float64, true)
}

/// `{count, mean, median, p90, p95, max, exact}`: [`Stats`].
pub(crate) fn stats_fields() -> Fields {
    Fields::from(vec![
        u64_field("count"),
        f64_field("mean"),
        f64_field("median"),
        f64_field("p90"),
        f64_field("p95"),
        Field::new("max", DataType::Int64, true),
        Field::new("exact", DataType::Boolean, false),
    ])
}

/// [`Stats`] in calendar seconds, with `business` (NULL without a
/// calendar): [`TimingStats`].
pub(crate) fn timing_fields() -> Fields {
    let mut fields: Vec<FieldRef> = stats_fields().iter().cloned().collect();
    fields.push(Arc::new(Field::new(
        "business",
        DataType::Struct(stats_fields()),
        true,
    )));
    Fields::from(fields)
}

/// `{metric, achieved, breached, attainment}`: [`SlaAttainment`].
pub(crate) fn sla_fields() -> Fields {
    Fields::from(vec![
        Field::new("metric", DataType::Utf8, false),
        u64_field("achieved"),
        u64_field("breached"),
        f64_field("attainment"),
    ])
}

/// The type of a list of SLA attainments.
pub(crate) fn sla_list_type() -> DataType {
    DataType::new_list(DataType::Struct(sla_fields()), true)
}

/// `{tickets, skipped_null, skipped_malformed, metrics}`: what
/// `frontline_sla_attainment` returns.
pub(crate) fn attainment_fields() -> Fields {
    Fields::from(vec![
        u64_field("tickets"),
        u64_field("skipped_null"),
        u64_field("skipped_malformed"),
        Field::new("metrics", sla_list_type(), false),
    ])
}

/// The struct of `frontline_sla_attainment`.
pub(crate) fn attainment_struct(table: &KpiTable, skipped: Skipped) -> Result<ScalarValue> {
    Row::new(attainment_fields())
        .u64(table.tickets)
        .u64(skipped.null)
        .u64(skipped.malformed)
        .push(sla_list(&table.total.sla)?)
        .build()
}

/// `{agent, handled, replies, handle_seconds, available_seconds,
/// utilisation}`: [`AgentKpis`].
fn agent_fields() -> Fields {
    Fields::from(vec![
        Field::new("agent", DataType::Utf8, false),
        u64_field("handled"),
        u64_field("replies"),
        Field::new("handle_seconds", DataType::Int64, true),
        Field::new("available_seconds", DataType::Int64, true),
        f64_field("utilisation"),
    ])
}

/// Every field of the struct `frontline_kpis` returns.
pub(crate) fn kpi_fields() -> Fields {
    let mut fields = vec![
        u64_field("tickets"),
        u64_field("skipped_null"),
        u64_field("skipped_malformed"),
        u64_field("tickets_created"),
        u64_field("tickets_solved"),
        u64_field("tickets_merged"),
        f64_field("resolution_rate"),
        f64_field("first_contact_resolution"),
        f64_field("one_touch"),
        f64_field("reopen_rate"),
        f64_field("replies_per_ticket"),
        f64_field("csat"),
        u64_field("csat_responses"),
        u64_field("csat_invalid"),
        u64_field("backlog"),
    ];
    fields.extend(
        TIMINGS
            .iter()
            .map(|name| Field::new(*name, DataType::Struct(timing_fields()), false)),
    );
    fields.push(Field::new("sla", sla_list_type(), false));
    fields.push(Field::new(
        "agents",
        DataType::new_list(DataType::Struct(agent_fields()), true),
        false,
    ));
    Fields::from(fields)
}

/// Rows the accumulator saw but did not add.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Skipped {
    /// NULL tickets.
    pub null: u64,
    /// Tickets that did not read (with `skip_malformed`).
    pub malformed: u64,
}

impl Skipped {
    pub fn merge(&mut self, other: Skipped) {
        self.null = self.null.saturating_add(other.null);
        self.malformed = self.malformed.saturating_add(other.malformed);
    }
}

/// A builder that takes the fields of a struct in order.
struct Row {
    fields: Fields,
    next: usize,
    builder: ScalarStructBuilder,
}

impl Row {
    fn new(fields: Fields) -> Row {
        Row {
            fields,
            next: 0,
            builder: ScalarStructBuilder::new(),
        }
    }

    fn push(mut self, value: ScalarValue) -> Row {
        if let Some(field) = self.fields.get(self.next) {
            self.builder = self.builder.with_scalar(field.clone(), value);
        }
        self.next += 1;
        self
    }

    fn u64(self, v: u64) -> Row {
        self.push(ScalarValue::UInt64(Some(v)))
    }

    fn f64(self, v: Option<f64>) -> Row {
        self.push(ScalarValue::Float64(v))
    }

    fn build(self) -> Result<ScalarValue> {
        if self.next != self.fields.len() {
            return Err(DataFusionError::Internal(format!(
                "frontline: {} values for a struct of {} fields",
                self.next,
                self.fields.len()
            )));
        }
        self.builder.build()
    }
}

fn stats(s: &Stats) -> Result<ScalarValue> {
    Row::new(stats_fields())
        .u64(s.count)
        .f64(s.mean)
        .f64(s.median)
        .f64(s.p90)
        .f64(s.p95)
        .push(ScalarValue::Int64(s.max))
        .push(ScalarValue::Boolean(Some(s.exact)))
        .build()
}

fn timing(t: &TimingStats) -> Result<ScalarValue> {
    let business = match &t.business {
        Some(b) => stats(b)?,
        None => ScalarStructBuilder::new_null(stats_fields()),
    };
    let c = &t.calendar;
    Row::new(timing_fields())
        .u64(c.count)
        .f64(c.mean)
        .f64(c.median)
        .f64(c.p90)
        .f64(c.p95)
        .push(ScalarValue::Int64(c.max))
        .push(ScalarValue::Boolean(Some(c.exact)))
        .push(business)
        .build()
}

/// A list of SLA attainments.
pub(crate) fn sla_list(sla: &[SlaAttainment]) -> Result<ScalarValue> {
    let rows = sla
        .iter()
        .map(|s| {
            Row::new(sla_fields())
                .push(ScalarValue::Utf8(Some(s.metric.to_string())))
                .u64(s.achieved)
                .u64(s.breached)
                .f64(Some(s.attainment))
                .build()
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(ScalarValue::List(ScalarValue::new_list(
        &rows,
        &DataType::Struct(sla_fields()),
        true,
    )))
}

fn agent_list(agents: &[AgentKpis]) -> Result<ScalarValue> {
    let rows = agents
        .iter()
        .map(|a| {
            Row::new(agent_fields())
                .push(ScalarValue::Utf8(Some(a.agent.to_string())))
                .u64(a.handled)
                .u64(a.replies)
                .push(ScalarValue::Int64(a.handle_seconds))
                .push(ScalarValue::Int64(a.available_seconds))
                .f64(a.utilisation)
                .build()
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(ScalarValue::List(ScalarValue::new_list(
        &rows,
        &DataType::Struct(agent_fields()),
        true,
    )))
}

/// The struct of `frontline_kpis` for an ungrouped table.
pub(crate) fn kpi_struct(table: &KpiTable, skipped: Skipped) -> Result<ScalarValue> {
    let k: &Kpis = &table.total;
    let mut row = Row::new(kpi_fields())
        .u64(table.tickets)
        .u64(skipped.null)
        .u64(skipped.malformed)
        .u64(k.tickets_created)
        .u64(k.tickets_solved)
        .u64(k.tickets_merged)
        .f64(k.resolution_rate)
        .f64(k.first_contact_resolution)
        .f64(k.one_touch)
        .f64(k.reopen_rate)
        .f64(k.replies_per_ticket)
        .f64(k.csat)
        .u64(k.csat_responses)
        .u64(k.csat_invalid)
        .u64(k.backlog);
    for t in timings(k) {
        row = row.push(timing(t)?);
    }
    row.push(sla_list(&k.sla)?)
        .push(agent_list(&table.agents)?)
        .build()
}

/// The duration figures of `k`, in the order of [`TIMINGS`].
pub(crate) fn timings(k: &Kpis) -> [&TimingStats; 7] {
    [
        &k.first_reply_time,
        &k.next_reply_time,
        &k.full_resolution_time,
        &k.requester_wait_time,
        &k.agent_wait_time,
        &k.on_hold_time,
        &k.backlog_age,
    ]
}
