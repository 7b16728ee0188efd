//! Helpers shared by the integration tests: sample tickets as rows, tables
//! split into partitions, and results flattened for comparison.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, ListArray, RecordBatch, StringArray, StructArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::common::ScalarValue;
use datafusion::datasource::MemTable;
use datafusion::prelude::SessionContext;
use frontline::metrics::{KpiAccumulator, KpiConfig, sample_tickets};
use frontline::{Ticket, Timestamp};
use frontline_datafusion::{Functions, Settings};
use serde_json::Value;

pub const FROM: &str = "2026-11-02T00:00:00Z";
pub const TO: &str = "2026-12-02T00:00:00Z";

pub fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// A calendar `support` (Amsterdam office hours) and a policy set
/// `standard` on it.
pub fn settings() -> Settings {
    let calendar = serde_json::from_value(serde_json::json!({
        "time_zone": "Europe/Amsterdam",
        "hours": {"mon": [["09:00", "17:00"]], "tue": [["09:00", "17:00"]],
                  "wed": [["09:00", "17:00"]], "thu": [["09:00", "17:00"]],
                  "fri": [["09:00", "17:00"]]}
    }))
    .unwrap();
    let policies = serde_json::from_value(serde_json::json!({
        "policies": [{"name": "Default", "calendar": "support",
                      "targets": {"first_reply_time": {"urgent": "1h", "high": "2h", "normal": "8h", "low": "24h"},
                                  "next_reply_time": {"normal": "8h", "low": "24h"}}}]
    }))
    .unwrap();
    Settings::new()
        .calendar("support", calendar)
        .policies("standard", policies)
        .period(at(FROM), at(TO))
}

/// `n` sample tickets with their channel and their history as JSON.
pub fn rows(seed: u64, n: usize) -> Vec<(String, String, Ticket)> {
    sample_tickets(seed, at(FROM), n)
        .map(|t| {
            let json = serde_json::json!({"id": t.id(), "events": t.events()}).to_string();
            (t.channel().as_str().to_owned(), json, t)
        })
        .collect()
}

/// A table `tickets (channel, events)` of the given texts (`None` is
/// NULL), cut into `parts` partitions of consecutive rows.
pub fn register_table(ctx: &SessionContext, rows: &[(String, Option<String>)], parts: usize) {
    let schema = Arc::new(Schema::new(vec![
        Field::new("channel", DataType::Utf8, false),
        Field::new("events", DataType::Utf8, true),
    ]));
    let parts = parts.max(1);
    let per = rows.len().div_ceil(parts).max(1);
    let partitions: Vec<Vec<RecordBatch>> = rows
        .chunks(per)
        .map(|chunk| {
            let channels: StringArray = chunk.iter().map(|(c, _)| Some(c.as_str())).collect();
            let events: StringArray = chunk.iter().map(|(_, e)| e.as_deref()).collect();
            let columns: Vec<ArrayRef> = vec![Arc::new(channels), Arc::new(events)];
            vec![RecordBatch::try_new(schema.clone(), columns).unwrap()]
        })
        .collect();
    let table = MemTable::try_new(schema, partitions).unwrap();
    ctx.register_table("tickets", Arc::new(table)).unwrap();
}

/// A context with frontline's functions and `target_partitions`.
pub fn context(functions: &Functions, target_partitions: usize) -> SessionContext {
    let config =
        datafusion::prelude::SessionConfig::new().with_target_partitions(target_partitions);
    let ctx = SessionContext::new_with_config(config);
    functions.register(&ctx);
    ctx
}

/// Runs `sql` and returns its batches.
pub async fn query(ctx: &SessionContext, sql: &str) -> datafusion::error::Result<Vec<RecordBatch>> {
    ctx.sql(sql).await?.collect().await
}

/// Row `row` of column `col` of the batches, as one scalar.
pub fn cell(batches: &[RecordBatch], col: usize, mut row: usize) -> ScalarValue {
    for b in batches {
        if row < b.num_rows() {
            return ScalarValue::try_from_array(b.column(col), row).unwrap();
        }
        row -= b.num_rows();
    }
    panic!("no row {row}");
}

pub fn row_count(batches: &[RecordBatch]) -> usize {
    batches.iter().map(RecordBatch::num_rows).sum()
}

/// A scalar flattened to `path → value`, struct fields and list items
/// joined with dots; numbers printed exactly.
pub fn flatten(value: &ScalarValue) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let array = value.to_array().unwrap();
    flatten_array(&array, 0, "", &mut out);
    out
}

fn flatten_array(array: &ArrayRef, i: usize, path: &str, out: &mut BTreeMap<String, String>) {
    if array.is_null(i) {
        return;
    }
    match array.data_type() {
        DataType::Struct(_) => {
            let s = array.as_any().downcast_ref::<StructArray>().unwrap();
            for (field, column) in s.fields().iter().zip(s.columns()) {
                flatten_array(column, i, &join(path, field.name()), out);
            }
        }
        DataType::List(_) => {
            let l = array.as_any().downcast_ref::<ListArray>().unwrap();
            let items = l.value(i);
            for j in 0..items.len() {
                flatten_array(&items, j, &join(path, &j.to_string()), out);
            }
        }
        _ => {
            let v = ScalarValue::try_from_array(array, i).unwrap();
            out.insert(path.to_owned(), number(&v.to_string()));
        }
    }
}

/// JSON flattened the same way, with a timing's `calendar` figures lifted
/// to the timing itself (the struct's shape).
pub fn flatten_json(value: &Value) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    flatten_value(value, "", &mut out);
    out
}

fn flatten_value(value: &Value, path: &str, out: &mut BTreeMap<String, String>) {
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (k, v) in map {
                let p = if k == "calendar" {
                    path.to_owned()
                } else {
                    join(path, k)
                };
                flatten_value(v, &p, out);
            }
        }
        Value::Array(items) => {
            for (j, v) in items.iter().enumerate() {
                flatten_value(v, &join(path, &j.to_string()), out);
            }
        }
        Value::String(s) => {
            out.insert(path.to_owned(), s.clone());
        }
        other => {
            out.insert(path.to_owned(), number(&other.to_string()));
        }
    }
}

/// Numbers in one spelling: `90` and `90.0` are the same figure.
fn number(s: &str) -> String {
    match s.parse::<f64>() {
        Ok(f) => format!("{f:?}"),
        Err(_) => s.to_owned(),
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// frontline's own answer for one group: an ungrouped accumulator fed the
/// tickets in order, as `metrics.compute` does, flattened like the struct
/// (with `tickets` and the skipped counts beside the group's KPIs).
pub fn expected(
    tickets: &[&Ticket],
    calendar: Option<&str>,
    policies: Option<&frontline::sla::PolicySet>,
    functions: &Functions,
    skipped: (u64, u64),
) -> BTreeMap<String, String> {
    let mut config = KpiConfig::new(at(FROM), at(TO));
    config.calendar = calendar.map(Into::into);
    let calendars =
        frontline::calendar::Calendars::compile(&functions.settings().calendars).unwrap();
    let mut acc = KpiAccumulator::new(config, &calendars).unwrap();
    for t in tickets {
        let report = policies.map(|set| frontline::sla::evaluate(set, t, None, at(TO)));
        acc.add(t, report.as_ref()).unwrap();
    }
    let table = acc.report();
    let mut v = serde_json::to_value(&table.total).unwrap();
    let map = v.as_object_mut().unwrap();
    map.insert("tickets".into(), table.tickets.into());
    map.insert("skipped_null".into(), skipped.0.into());
    map.insert("skipped_malformed".into(), skipped.1.into());
    map.insert(
        "agents".into(),
        serde_json::to_value(&table.agents).unwrap(),
    );
    flatten_json(&v)
}

/// Writes `rows` as `files` Parquet files `tickets-<i>.parquet` in `dir`
/// (columns `channel`, `events`).
pub fn write_parquet(dir: &std::path::Path, rows: &[(String, String, Ticket)], files: usize) {
    use datafusion::parquet::arrow::ArrowWriter;
    let schema = Arc::new(Schema::new(vec![
        Field::new("channel", DataType::Utf8, false),
        Field::new("events", DataType::Utf8, true),
    ]));
    let per = rows.len().div_ceil(files.max(1)).max(1);
    for (i, chunk) in rows.chunks(per).enumerate() {
        let channels: StringArray = chunk.iter().map(|(c, _, _)| Some(c.as_str())).collect();
        let events: StringArray = chunk.iter().map(|(_, e, _)| Some(e.as_str())).collect();
        let columns: Vec<ArrayRef> = vec![Arc::new(channels), Arc::new(events)];
        let batch = RecordBatch::try_new(schema.clone(), columns).unwrap();
        let file = std::fs::File::create(dir.join(format!("tickets-{i}.parquet"))).unwrap();
        let mut writer = ArrowWriter::try_new(file, schema.clone(), None).unwrap();
        writer.write(&batch).unwrap();
        writer.close().unwrap();
    }
}

/// The KPI query the plan tests ship: every function, grouped by channel.
pub const PLAN_SQL: &str = "SELECT channel, frontline_kpis(events, 'support') AS kpis, \
     frontline_median_first_reply(events) AS median, \
     frontline_sla_attainment('standard', events, TIMESTAMP '2026-11-20T00:00:00Z') AS sla, \
     count(frontline_sla_state('standard', events, '2026-11-20T00:00:00Z')['policy']) AS with_policy \
     FROM tickets GROUP BY channel ORDER BY channel";
