//! `frontline_kpis` against DataFusion's built-in aggregates in the same
//! run: 100,000 sample tickets in memory, one target partition (one core),
//! grouped by channel. frontline reads each ticket's history (JSON) and
//! computes every KPI; the built-ins read columns precomputed from those
//! histories (`count`, `avg`, `median` and `approx_percentile_cont` of the
//! first reply and resolution times).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "benchmark set-up"
)]

use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use datafusion::arrow::array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::datasource::MemTable;
use datafusion::prelude::{SessionConfig, SessionContext};
use frontline::Timestamp;
use frontline::calendar::Calendars;
use frontline::metrics::{KpiAccumulator, KpiConfig, sample_tickets};
use frontline_datafusion::{Functions, Settings};

const TICKETS: usize = 100_000;

fn table(from: Timestamp, to: Timestamp) -> MemTable {
    let schema = Arc::new(Schema::new(vec![
        Field::new("channel", DataType::Utf8, false),
        Field::new("events", DataType::Utf8, false),
        Field::new("first_reply", DataType::Int64, true),
        Field::new("resolution", DataType::Int64, true),
    ]));
    let tickets: Vec<_> = sample_tickets(7, from, TICKETS).collect();
    let batches = tickets
        .chunks(8_192)
        .map(|chunk| {
            let mut first_reply = Vec::new();
            let mut resolution = Vec::new();
            for t in chunk {
                let mut one =
                    KpiAccumulator::new(KpiConfig::new(from, to), &Calendars::new()).unwrap();
                one.add(t, None).unwrap();
                let k = one.report().total;
                first_reply.push(k.first_reply_time.calendar.max);
                resolution.push(k.full_resolution_time.calendar.max);
            }
            let channels: StringArray = chunk.iter().map(|t| Some(t.channel().as_str())).collect();
            let events: StringArray = chunk.iter().map(|t| Some(history_json(t))).collect();
            let columns: Vec<ArrayRef> = vec![
                Arc::new(channels),
                Arc::new(events),
                Arc::new(Int64Array::from(first_reply)),
                Arc::new(Int64Array::from(resolution)),
            ];
            RecordBatch::try_new(schema.clone(), columns).unwrap()
        })
        .collect();
    MemTable::try_new(schema, vec![batches]).unwrap()
}

fn sql(c: &mut Criterion) {
    let from: Timestamp = "2026-11-02T00:00:00Z".parse().unwrap();
    let to: Timestamp = "2026-12-02T00:00:00Z".parse().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let ctx = SessionContext::new_with_config(SessionConfig::new().with_target_partitions(1));
    Functions::new(Settings::new().period(from, to))
        .unwrap()
        .register(&ctx);
    ctx.register_table("tickets", Arc::new(table(from, to)))
        .unwrap();

    let mut group = c.benchmark_group("sql");
    group.sample_size(10);
    group.throughput(Throughput::Elements(TICKETS as u64));
    let queries = [
        (
            "frontline_kpis",
            "SELECT channel, frontline_kpis(events) FROM tickets GROUP BY channel",
        ),
        (
            "builtin_aggregates",
            "SELECT channel, count(*), avg(first_reply), median(first_reply), \
             approx_percentile_cont(0.9) WITHIN GROUP (ORDER BY first_reply), \
             avg(resolution), median(resolution) FROM tickets GROUP BY channel",
        ),
        (
            "count_only",
            "SELECT channel, count(*) FROM tickets GROUP BY channel",
        ),
    ];
    for (name, query) in queries {
        group.bench_function(name, |b| {
            b.iter(|| rt.block_on(async { ctx.sql(query).await.unwrap().collect().await.unwrap() }))
        });
    }
    group.finish();
}

criterion_group!(benches, sql);
criterion_main!(benches);

/// A ticket's history as frontline writes it: `{"id": …, "events": […]}`.
fn history_json(t: &frontline::Ticket) -> String {
    #[derive(serde::Serialize)]
    struct History<'a> {
        id: &'a frontline::ticket::TicketId,
        events: &'a [frontline::Event],
    }
    serde_json::to_string(&History {
        id: t.id(),
        events: t.events(),
    })
    .unwrap()
}
