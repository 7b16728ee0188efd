//! A million tickets in Parquet, their KPIs in SQL on 1, 2 and 8 target
//! partitions, beside DataFusion's built-in aggregates over precomputed
//! columns in the same run.
//!
//! ```text
//! cargo run --release -p frontline-datafusion --example parquet_kpis [-- --tickets 1000000] [--sorted-keys]
//! ```
//!
//! The tickets are frontline's seeded sample histories (a web shop's mix
//! of channels, office-hour arrivals, waits on the customer, reopens,
//! ratings), written to a temporary directory that is removed at the end.
//! Each row holds the ticket's history as JSON (`events`) and, for the
//! built-in aggregates, its first reply and resolution times in seconds,
//! computed by frontline when the file is written. The JSON is written as
//! frontline serialises tickets (`type` before each event's fields);
//! `--sorted-keys` writes every object's keys sorted instead, as Go or
//! PostgreSQL's `jsonb` would, which frontline reads on a slower path.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "an example: failing loudly is the point"
)]

use std::sync::Arc;
use std::time::Instant;

use datafusion::arrow::array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::arrow::util::pretty::pretty_format_batches;
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};
use frontline::calendar::Calendars;
use frontline::metrics::{KpiAccumulator, KpiConfig, sample_tickets};
use frontline::{Ticket, Timestamp};
use frontline_datafusion::{Functions, Settings};

const FROM: &str = "2026-11-02T00:00:00Z";
const TO: &str = "2026-12-02T00:00:00Z";
const FILES: usize = 8;
const ROWS_PER_BATCH: usize = 8_192;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let tickets = arg("--tickets").unwrap_or(1_000_000);
    let dir = std::env::temp_dir().join(format!("frontline-parquet-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let result = run(tickets, &dir).await;
    std::fs::remove_dir_all(&dir)?;
    result
}

fn arg(name: &str) -> Option<usize> {
    let args: Vec<String> = std::env::args().collect();
    let i = args.iter().position(|a| a == name)?;
    args.get(i + 1)?.replace('_', "").parse().ok()
}

async fn run(tickets: usize, dir: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let from: Timestamp = FROM.parse()?;
    let to: Timestamp = TO.parse()?;
    let t = Instant::now();
    let sorted = std::env::args().any(|a| a == "--sorted-keys");
    let bytes = write(tickets, from, to, dir, sorted)?;
    println!(
        "wrote {tickets} tickets to {FILES} Parquet files ({:.0} MB{}) in {:.1} s",
        bytes as f64 / 1e6,
        if sorted { ", sorted keys" } else { "" },
        t.elapsed().as_secs_f64()
    );
    let functions = Functions::new(Settings::new().period(from, to))?;
    let cores = std::thread::available_parallelism().map_or(1, usize::from);

    let kpi_sql = "SELECT channel, frontline_kpis(events) AS k FROM tickets GROUP BY channel ORDER BY channel";
    let builtin_sql = "SELECT channel, count(*) AS tickets, \
        avg(first_reply) AS mean_first_reply, median(first_reply) AS median_first_reply, \
        approx_percentile_cont(0.9) WITHIN GROUP (ORDER BY first_reply) AS p90_first_reply, \
        avg(resolution) AS mean_resolution, median(resolution) AS median_resolution \
        FROM tickets GROUP BY channel ORDER BY channel";
    let show_sql = "SELECT channel, k['tickets'] AS tickets, k['tickets_solved'] AS solved, \
        round(k['resolution_rate'], 3) AS resolved, k['first_reply_time']['count'] AS replies, \
        k['first_reply_time']['mean'] AS mean_frt, k['first_reply_time']['median'] AS median_frt, \
        k['first_reply_time']['p90'] AS p90_frt, k['first_reply_time']['exact'] AS exact, \
        k['full_resolution_time']['median'] AS median_resolution, k['backlog'] AS backlog \
        FROM kpis ORDER BY channel";

    let mut first: Option<String> = None;
    for partitions in [1, 2, 8] {
        let config = SessionConfig::new().with_target_partitions(partitions);
        let ctx = SessionContext::new_with_config(config);
        functions.register(&ctx);
        let path = dir.to_str().ok_or("temporary directory is not UTF-8")?;
        ctx.register_parquet("tickets", path, ParquetReadOptions::default())
            .await?;
        let t = Instant::now();
        let kpis = ctx.sql(kpi_sql).await?.collect().await?;
        let kpi_secs = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let builtin = ctx.sql(builtin_sql).await?.collect().await?;
        let builtin_secs = t.elapsed().as_secs_f64();
        let used = partitions.min(cores);
        println!(
            "\n{partitions} target partition(s) on {used} core(s): frontline_kpis {kpi_secs:.2} s \
             ({:.0} rows/s/core); built-in aggregates {builtin_secs:.2} s ({:.0} rows/s/core)",
            tickets as f64 / kpi_secs / used as f64,
            tickets as f64 / builtin_secs / used as f64,
        );
        let schema = kpis.first().ok_or("no result")?.schema();
        ctx.register_batch(
            "kpis",
            datafusion::arrow::compute::concat_batches(&schema, &kpis)?,
        )?;
        let shown = pretty_format_batches(&ctx.sql(show_sql).await?.collect().await?)?.to_string();
        match &first {
            None => {
                println!("{shown}");
                println!("{}", pretty_format_batches(&builtin)?);
                first = Some(shown);
            }
            Some(one) if *one == shown => println!("identical to 1 partition"),
            Some(one) => {
                return Err(
                    format!("{partitions} partitions differ from 1:\n{one}\n{shown}").into(),
                );
            }
        }
    }
    Ok(())
}

/// Writes `tickets` sample histories to `FILES` Parquet files; returns
/// their size in bytes.
fn write(
    tickets: usize,
    from: Timestamp,
    to: Timestamp,
    dir: &std::path::Path,
    sorted: bool,
) -> Result<u64, Box<dyn std::error::Error>> {
    let schema = Arc::new(Schema::new(vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("channel", DataType::Utf8, false),
        Field::new("events", DataType::Utf8, false),
        Field::new("first_reply", DataType::Int64, true),
        Field::new("resolution", DataType::Int64, true),
    ]));
    let per_file = tickets.div_ceil(FILES).max(1);
    let calendars = Calendars::new();
    let mut all = sample_tickets(2026, from, tickets).peekable();
    let mut bytes = 0;
    for file in 0..FILES {
        let path = dir.join(format!("tickets-{file}.parquet"));
        let mut writer = ArrowWriter::try_new(std::fs::File::create(&path)?, schema.clone(), None)?;
        let mut left = per_file;
        while left > 0 && all.peek().is_some() {
            let batch: Vec<Ticket> = all.by_ref().take(left.min(ROWS_PER_BATCH)).collect();
            left -= batch.len();
            writer.write(&rows(&schema, &batch, from, to, &calendars, sorted)?)?;
        }
        writer.close()?;
        bytes += std::fs::metadata(&path)?.len();
    }
    Ok(bytes)
}

/// One batch of rows, with each ticket's first reply and resolution time
/// as frontline defines them (an accumulator per ticket).
fn rows(
    schema: &Arc<Schema>,
    tickets: &[Ticket],
    from: Timestamp,
    to: Timestamp,
    calendars: &Calendars,
    sorted: bool,
) -> Result<RecordBatch, Box<dyn std::error::Error>> {
    let mut first_reply = Vec::with_capacity(tickets.len());
    let mut resolution = Vec::with_capacity(tickets.len());
    for t in tickets {
        let mut one = KpiAccumulator::new(KpiConfig::new(from, to), calendars)?;
        one.add(t, None)?;
        let k = one.report().total;
        first_reply.push(k.first_reply_time.calendar.max);
        resolution.push(k.full_resolution_time.calendar.max);
    }
    let ids: StringArray = tickets.iter().map(|t| Some(t.id().as_str())).collect();
    let channels: StringArray = tickets.iter().map(|t| Some(t.channel().as_str())).collect();
    let events: StringArray = tickets
        .iter()
        .map(|t| Some(history_json(t, sorted)))
        .collect();
    let columns: Vec<ArrayRef> = vec![
        Arc::new(ids),
        Arc::new(channels),
        Arc::new(events),
        Arc::new(Int64Array::from(first_reply)),
        Arc::new(Int64Array::from(resolution)),
    ];
    Ok(RecordBatch::try_new(schema.clone(), columns)?)
}

/// A ticket's history as JSON: `{"id": …, "events": […]}`, each event as
/// frontline writes it, or with every object's keys sorted.
fn history_json(t: &Ticket, sorted: bool) -> String {
    #[derive(serde::Serialize)]
    struct History<'a> {
        id: &'a frontline::ticket::TicketId,
        events: &'a [frontline::Event],
    }
    let history = History {
        id: t.id(),
        events: t.events(),
    };
    if sorted {
        serde_json::to_value(&history).unwrap().to_string()
    } else {
        serde_json::to_string(&history).unwrap()
    }
}
