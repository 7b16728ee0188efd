//! The SQL functions against frontline's own accumulators, over random
//! data and random partitionings; NULL, malformed and ill-typed input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

mod common;

use std::collections::BTreeMap;

use common::*;
use frontline::sla::PolicySet;
use frontline_datafusion::{Error, Functions};
use proptest::prelude::*;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap()
}

fn policy_set(functions: &Functions) -> PolicySet {
    let settings = functions.settings();
    let mut spec = settings.policies["standard"].clone();
    spec.calendars = settings.calendars.clone();
    PolicySet::new(&spec).unwrap()
}

/// `frontline_kpis` per channel, flattened, and frontline's answer for
/// the same tickets.
async fn kpis_by_channel(
    seed: u64,
    n: usize,
    parts: usize,
    target_partitions: usize,
    options: &str,
    calendar: Option<&str>,
    with_policies: bool,
) -> (Vec<BTreeMap<String, String>>, Vec<BTreeMap<String, String>>) {
    let functions = Functions::new(settings()).unwrap();
    let rows = rows(seed, n);
    let ctx = context(&functions, target_partitions);
    let table: Vec<_> = rows
        .iter()
        .map(|(c, j, _)| (c.clone(), Some(j.clone())))
        .collect();
    register_table(&ctx, &table, parts);
    let sql = format!(
        "SELECT channel, frontline_kpis(events{options}) FROM tickets GROUP BY channel ORDER BY channel"
    );
    let batches = query(&ctx, &sql).await.unwrap();
    let got: Vec<_> = (0..row_count(&batches))
        .map(|r| flatten(&cell(&batches, 1, r)))
        .collect();
    let set = with_policies.then(|| policy_set(&functions));
    let mut channels: Vec<&str> = rows.iter().map(|(c, _, _)| c.as_str()).collect();
    channels.sort_unstable();
    channels.dedup();
    let want = channels
        .iter()
        .map(|channel| {
            let tickets: Vec<_> = rows
                .iter()
                .filter(|(c, _, _)| c == channel)
                .map(|(_, _, t)| t)
                .collect();
            expected(&tickets, calendar, set.as_ref(), &functions, (0, 0))
        })
        .collect();
    (got, want)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// The struct equals frontline's KPIs for the group, figure for figure,
    /// whatever the partitions of the table and of the plan.
    #[test]
    fn kpis_equal_frontline_for_any_partitioning(
        seed in any::<u64>(),
        n in 1usize..400,
        parts in 1usize..7,
        target_partitions in 1usize..9,
        business in any::<bool>(),
    ) {
        let (options, calendar) = if business {
            (", 'support'", Some("support"))
        } else {
            ("", None)
        };
        let (got, want) = runtime().block_on(kpis_by_channel(
            seed, n, parts, target_partitions, options, calendar, false,
        ));
        prop_assert_eq!(got, want);
    }
}

#[test]
fn kpis_with_sla_policies_and_options_equal_frontline() {
    let options = r#", '{"calendar": "support", "policies": "standard", "from": "2026-11-02T00:00:00Z", "to": "2026-12-02T00:00:00Z"}'"#;
    let (got, want) = runtime().block_on(kpis_by_channel(
        11,
        600,
        3,
        4,
        options,
        Some("support"),
        true,
    ));
    assert_eq!(got, want);
    assert!(
        got.iter().any(|g| g.contains_key("sla.0.attainment")),
        "SLA attainment is listed"
    );
}

/// Past 10,000 values a duration is a sketch: the answer is still the same
/// for one partition and for eight.
#[test]
fn sketched_percentiles_do_not_depend_on_the_partitioning() {
    let rt = runtime();
    let (one, want) = rt.block_on(kpis_by_channel(5, 30_000, 1, 1, "", None, false));
    let (eight, _) = rt.block_on(kpis_by_channel(5, 30_000, 8, 8, "", None, false));
    assert!(
        one.iter()
            .any(|g| g.get("next_reply_time.exact").map(String::as_str) == Some("false")),
        "some duration is sketched: {one:?}"
    );
    assert_eq!(one, want);
    assert_eq!(eight, want);
}

#[test]
fn median_first_reply_is_the_struct_median() {
    let functions = Functions::new(settings()).unwrap();
    let rows = rows(3, 300);
    let ctx = context(&functions, 4);
    let table: Vec<_> = rows
        .iter()
        .map(|(c, j, _)| (c.clone(), Some(j.clone())))
        .collect();
    register_table(&ctx, &table, 3);
    let batches = runtime()
        .block_on(query(
            &ctx,
            "SELECT frontline_median_first_reply(events), frontline_kpis(events)['first_reply_time']['median'], \
                    frontline_median_first_reply(events, 'support'), \
                    frontline_kpis(events, 'support')['first_reply_time']['business']['median'] FROM tickets",
        ))
        .unwrap();
    assert_eq!(cell(&batches, 0, 0), cell(&batches, 1, 0));
    assert_eq!(cell(&batches, 2, 0), cell(&batches, 3, 0));
    assert_ne!(
        cell(&batches, 0, 0),
        cell(&batches, 2, 0),
        "business time differs"
    );
}

#[test]
fn null_rows_are_counted_and_malformed_rows_fail_or_are_counted() {
    let rows = rows(9, 20);
    let mut table: Vec<_> = rows
        .iter()
        .map(|(c, j, _)| (c.clone(), Some(j.clone())))
        .collect();
    table.push(("email".into(), None));
    table.push(("email".into(), Some("not json".into())));
    table.push((
        "email".into(),
        Some(r#"{"id": "T-x", "events": []}"#.into()),
    ));
    table.push((
        "email".into(),
        Some(r#"{"id": "T-y", "events": [], "extra": 1}"#.into()),
    ));
    let rt = runtime();

    let strict = Functions::new(settings()).unwrap();
    let ctx = context(&strict, 2);
    register_table(&ctx, &table, 2);
    let err = rt
        .block_on(query(&ctx, "SELECT frontline_kpis(events) FROM tickets"))
        .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("frontline_kpis: row `"), "{message}");
    let ours = err.find_root().to_string();
    assert!(!ours.is_empty());
    let code = match err.find_root() {
        datafusion::error::DataFusionError::External(e) => {
            e.downcast_ref::<Error>().map(Error::code)
        }
        _ => None,
    };
    assert_eq!(code, Some("datafusion.malformed_row"), "{err:?}");

    let lenient = Functions::new(settings().skip_malformed(true)).unwrap();
    let ctx = context(&lenient, 2);
    register_table(&ctx, &table, 2);
    let batches = rt
        .block_on(query(&ctx, "SELECT frontline_kpis(events) FROM tickets"))
        .unwrap();
    let got = flatten(&cell(&batches, 0, 0));
    let tickets: Vec<_> = rows.iter().map(|(_, _, t)| t).collect();
    assert_eq!(got, expected(&tickets, None, None, &lenient, (1, 3)));
    assert_eq!(got["tickets"], "20.0");
}

#[test]
fn errors_name_the_function_and_the_value() {
    let functions = Functions::new(settings()).unwrap();
    let no_period = Functions::new(frontline_datafusion::Settings::new()).unwrap();
    let rt = runtime();
    let cases = [
        (
            &functions,
            "SELECT frontline_kpis(1) FROM tickets",
            "expected (ticket JSON [, calendar or options JSON]), got (Int64)",
        ),
        (
            &functions,
            "SELECT frontline_kpis(events, 'nowhere') FROM tickets",
            "no calendar called `nowhere` is registered",
        ),
        (
            &functions,
            "SELECT frontline_kpis(events, channel) FROM tickets",
            "the options must be a constant",
        ),
        (
            &functions,
            r#"SELECT frontline_kpis(events, '{"from": "2026-11-02T00:00:00Z"}') FROM tickets"#,
            "give both `from` and `to`",
        ),
        (
            &functions,
            r#"SELECT frontline_kpis(events, '{"form": 1}') FROM tickets"#,
            "unknown field `form`",
        ),
        (
            &no_period,
            "SELECT frontline_kpis(events) FROM tickets",
            "frontline_kpis: no period",
        ),
        (
            &functions,
            "SELECT frontline_sla_attainment('gold', events, now()) FROM tickets",
            "no policy set called `gold` is registered",
        ),
        (
            &functions,
            "SELECT frontline_sla_attainment('standard', events, channel) FROM tickets",
            "now must be a constant",
        ),
        (
            &functions,
            "SELECT frontline_sla_state('standard', events, 'soon') FROM tickets",
            "frontline_sla_state: now `soon`",
        ),
        (
            &functions,
            "SELECT frontline_csat(true) FROM tickets",
            "frontline_csat: expected one rating",
        ),
        (
            &functions,
            "SELECT frontline_kpis(events, CAST(NULL AS TEXT)) FROM tickets",
            "frontline_kpis: the options are NULL",
        ),
    ];
    for (functions, sql, expected) in cases {
        let ctx = context(functions, 2);
        let rows = rows(1, 5);
        let table: Vec<_> = rows
            .iter()
            .map(|(c, j, _)| (c.clone(), Some(j.clone())))
            .collect();
        register_table(&ctx, &table, 1);
        let err = rt.block_on(query(&ctx, sql)).unwrap_err().to_string();
        assert!(err.contains(expected), "{sql}: {err}");
    }
}

#[test]
fn sla_attainment_and_state_equal_frontline() {
    let functions = Functions::new(settings()).unwrap();
    let set = policy_set(&functions);
    let rows = rows(21, 200);
    let ctx = context(&functions, 3);
    let table: Vec<_> = rows
        .iter()
        .map(|(c, j, _)| (c.clone(), Some(j.clone())))
        .collect();
    register_table(&ctx, &table, 2);
    let now = "2026-11-20T12:00:00Z";
    let rt = runtime();

    let batches = rt
        .block_on(query(&ctx, &format!(
            "SELECT frontline_sla_attainment('standard', events, TIMESTAMP '{now}') FROM tickets"
        )))
        .unwrap();
    let got = flatten(&cell(&batches, 0, 0));
    let mut acc = frontline::metrics::KpiAccumulator::new(
        frontline::metrics::KpiConfig::new(frontline::Timestamp::MIN, at(now)),
        &frontline::calendar::Calendars::new(),
    )
    .unwrap();
    for (_, _, t) in &rows {
        acc.add(t, Some(&frontline::sla::evaluate(&set, t, None, at(now))))
            .unwrap();
    }
    let want = flatten_json(&serde_json::json!({
        "tickets": rows.len(), "skipped_null": 0, "skipped_malformed": 0,
        "metrics": acc.report().total.sla,
    }));
    assert!(!want.is_empty());
    assert_eq!(got, want);

    let batches = rt
        .block_on(query(
            &ctx,
            &format!(
                "SELECT events, frontline_sla_state('standard', events, '{now}') FROM tickets"
            ),
        ))
        .unwrap();
    assert_eq!(row_count(&batches), rows.len());
    for r in 0..rows.len() {
        let json = cell(&batches, 0, r).to_string();
        let ticket = rows
            .iter()
            .find(|(_, j, _)| *j == json)
            .map(|(_, _, t)| t)
            .unwrap();
        let report = frontline::sla::evaluate(&set, ticket, None, at(now));
        let got = flatten(&cell(&batches, 1, r));
        assert_eq!(
            got.get("policy").map(String::as_str),
            report.policy.as_deref()
        );
        let due = report.reply_due();
        assert_eq!(
            got.get("reply_due_at").cloned(),
            due.as_ref()
                .map(|d| format!("{:?}", d.due_at.as_unix_seconds() as f64))
        );
        for (i, m) in report.metrics.iter().enumerate() {
            assert_eq!(got[&format!("metrics.{i}.metric")], m.metric.as_str());
            assert_eq!(got[&format!("metrics.{i}.state")], m.state.as_str());
        }
    }
}

#[test]
fn csat_reads_ratings_as_the_kpis_do() {
    let ctx = context(&Functions::new(settings()).unwrap(), 2);
    let rt = runtime();
    let batches = rt
        .block_on(query(
            &ctx,
            "SELECT frontline_csat(r) FROM (VALUES (5), (4), (3), (1), (NULL), (7), (0)) AS t(r)",
        ))
        .unwrap();
    let got = flatten(&cell(&batches, 0, 0));
    assert_eq!(got["csat"], "0.5");
    assert_eq!((got["good"].as_str(), got["bad"].as_str()), ("2.0", "2.0"));
    assert_eq!(
        (got["invalid"].as_str(), got["unrated"].as_str()),
        ("2.0", "1.0")
    );
    let batches = rt
        .block_on(query(
            &ctx,
            "SELECT frontline_csat(r) FROM (VALUES ('good'), ('Bad'), ('4'), ('meh'), (NULL)) AS t(r)",
        ))
        .unwrap();
    let got = flatten(&cell(&batches, 0, 0));
    assert_eq!(got["good"], "2.0");
    assert_eq!(got["bad"], "1.0");
    assert_eq!(got["invalid"], "1.0");
    assert_eq!(got["unrated"], "1.0");
    // Every numeric type reads exactly, without failing the cast.
    let cases = [
        (
            "CAST(r AS BIGINT UNSIGNED)",
            "(5), (2), (18446744073709551615)",
        ),
        ("CAST(r AS DECIMAL(10, 3))", "(5.000), (2), (4.5)"),
        (
            "CAST(r AS DECIMAL(60, 40))",
            "('4'), ('3'), ('4.0000000000000000000000000000000000001')",
        ),
        ("arrow_cast(r, 'Decimal32(5, 2)')", "(5), (1), (6)"),
        ("arrow_cast(r, 'UInt8')", "(4), (3), (200)"),
    ];
    for (rating, values) in cases {
        let sql = format!("SELECT frontline_csat({rating}) FROM (VALUES {values}) AS t(r)");
        let batches = rt.block_on(query(&ctx, &sql)).unwrap();
        let got = flatten(&cell(&batches, 0, 0));
        let counts = [&got["good"], &got["bad"], &got["invalid"]];
        assert_eq!(counts, ["1.0", "1.0", "1.0"], "{sql}");
    }
}

#[test]
fn distinct_is_refused_and_filter_applies() {
    let functions = Functions::new(settings()).unwrap();
    let ctx = context(&functions, 2);
    let rows = rows(4, 30);
    let table: Vec<_> = rows
        .iter()
        .map(|(c, j, _)| (c.clone(), Some(j.clone())))
        .collect();
    register_table(&ctx, &table, 2);
    let rt = runtime();
    let err = rt
        .block_on(query(
            &ctx,
            "SELECT frontline_kpis(DISTINCT events, 'support'), count(*) FROM tickets",
        ))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("frontline_kpis: DISTINCT is not supported"),
        "{err}"
    );
    // Alone, a DISTINCT aggregate would be rewritten into a GROUP BY
    // before any accumulator exists: it is refused while planning.
    for sql in [
        "SELECT frontline_kpis(DISTINCT events) FROM tickets GROUP BY channel",
        "SELECT frontline_csat(DISTINCT length(events) % 6) FROM tickets",
        "SELECT frontline_median_first_reply(DISTINCT events), max(channel) FROM tickets",
    ] {
        let err = rt.block_on(query(&ctx, sql)).unwrap_err().to_string();
        assert!(err.contains(": DISTINCT is not supported"), "{sql}: {err}");
    }
    let batches = rt
        .block_on(query(
            &ctx,
            "SELECT frontline_kpis(events) FILTER (WHERE channel = 'chat')['tickets'],                     count(*) FILTER (WHERE channel = 'chat') FROM tickets",
        ))
        .unwrap();
    assert_eq!(
        cell(&batches, 0, 0).to_string(),
        cell(&batches, 1, 0).to_string()
    );
}

/// A correlated subquery over no rows answers as an empty table does.
#[test]
fn no_rows_answer_like_an_empty_table() {
    let ctx = context(&Functions::new(settings()).unwrap(), 2);
    let rt = runtime();
    rt.block_on(query(
        &ctx,
        "CREATE TABLE shops (shop TEXT) AS VALUES ('a'), ('b')",
    ))
    .unwrap();
    rt.block_on(query(
        &ctx,
        "CREATE TABLE ratings (shop TEXT, r BIGINT, events TEXT) AS VALUES ('a', 5, NULL)",
    ))
    .unwrap();
    let batches = rt
        .block_on(query(
            &ctx,
            "SELECT shop, (SELECT frontline_csat(r) FROM ratings WHERE ratings.shop = shops.shop),                     (SELECT frontline_kpis(events) FROM ratings WHERE ratings.shop = shops.shop)['tickets']              FROM shops ORDER BY shop",
        ))
        .unwrap();
    let empty = rt
        .block_on(query(
            &ctx,
            "SELECT frontline_csat(r), frontline_kpis(events)['tickets'] FROM ratings WHERE false",
        ))
        .unwrap();
    assert_eq!(flatten(&cell(&batches, 1, 0))["good"], "1.0");
    assert_eq!(flatten(&cell(&batches, 1, 1)), flatten(&cell(&empty, 0, 0)));
    assert_eq!(
        cell(&batches, 2, 1).to_string(),
        cell(&empty, 1, 0).to_string()
    );
    assert_eq!(cell(&batches, 2, 1).to_string(), "0");
}

#[test]
fn dictionaries_constants_and_windows() {
    let functions = Functions::new(settings()).unwrap();
    let ctx = context(&functions, 2);
    let rt = runtime();
    let batches = rt
        .block_on(query(
            &ctx,
            "SELECT frontline_csat(arrow_cast(r, 'Dictionary(Int32, Utf8)')) FROM (VALUES ('good'), ('bad'), ('good')) AS t(r)",
        ))
        .unwrap();
    assert_eq!(flatten(&cell(&batches, 0, 0))["good"], "2.0");

    let (_, json, ticket) = rows(8, 1).remove(0);
    let now = "2026-11-20T12:00:00Z";
    let sql = format!(
        "SELECT frontline_sla_state('standard', '{json}', '{now}')['policy'] FROM (VALUES (1), (2), (3)) AS t(x)"
    );
    let batches = rt.block_on(query(&ctx, &sql)).unwrap();
    assert_eq!(row_count(&batches), 3);
    let set = policy_set(&functions);
    let policy = frontline::sla::evaluate(&set, &ticket, None, at(now)).policy;
    for r in 0..3 {
        assert_eq!(
            cell(&batches, 0, r).to_string(),
            policy.as_deref().unwrap_or("NULL")
        );
    }

    let batches = rt
        .block_on(query(
            &ctx,
            "SELECT x, frontline_csat(r) OVER (ORDER BY x)['good'] FROM (VALUES (1, 5), (2, 1), (3, 4)) AS t(x, r) ORDER BY x",
        ))
        .unwrap();
    let running: Vec<String> = (0..3).map(|r| cell(&batches, 1, r).to_string()).collect();
    assert_eq!(running, ["1", "1", "2"]);
}

#[test]
fn skipped_rows_are_counted_where_they_can_be_and_fail_where_not() {
    let lenient = Functions::new(settings().skip_malformed(true)).unwrap();
    let ctx = context(&lenient, 2);
    let mut table: Vec<_> = rows(6, 10)
        .into_iter()
        .map(|(c, j, _)| (c, Some(j)))
        .collect();
    table.push(("chat".into(), None));
    table.push(("chat".into(), Some("{".into())));
    register_table(&ctx, &table, 2);
    let rt = runtime();
    let batches = rt
        .block_on(query(
            &ctx,
            "SELECT frontline_sla_attainment('standard', events, now()) FROM tickets",
        ))
        .unwrap();
    let got = flatten(&cell(&batches, 0, 0));
    assert_eq!(
        (
            got["tickets"].as_str(),
            got["skipped_null"].as_str(),
            got["skipped_malformed"].as_str()
        ),
        ("10.0", "1.0", "1.0")
    );
    let err = rt
        .block_on(query(
            &ctx,
            "SELECT frontline_median_first_reply(events) FROM tickets",
        ))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("frontline_median_first_reply: row `{`"),
        "{err}"
    );
    let batches = rt
        .block_on(query(
            &ctx,
            "SELECT count(frontline_sla_state('standard', events, now())) FROM tickets",
        ))
        .unwrap();
    assert_eq!(
        cell(&batches, 0, 0).to_string(),
        "10",
        "NULL for the NULL and the malformed row"
    );
}
