//! Plans with frontline's functions survive serialisation: the codecs
//! carry each function with its settings, so a context that never
//! registered them runs the decoded plan and gets the same answer.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

mod common;

use common::*;
use datafusion::prelude::{ParquetReadOptions, SessionContext};
use datafusion_proto::bytes::{
    logical_plan_from_bytes, logical_plan_from_bytes_with_extension_codec, logical_plan_to_bytes,
    logical_plan_to_bytes_with_extension_codec, physical_plan_from_bytes_with_extension_codec,
    physical_plan_to_bytes_with_extension_codec,
};
use datafusion_proto::logical_plan::LogicalExtensionCodec;
use frontline_datafusion::Functions;
use frontline_datafusion::codec::{LogicalCodec, PhysicalCodec};

async fn parquet_context(functions: Option<&Functions>, dir: &std::path::Path) -> SessionContext {
    let ctx = match functions {
        Some(f) => context(f, 4),
        None => SessionContext::new_with_config(
            datafusion::prelude::SessionConfig::new().with_target_partitions(4),
        ),
    };
    ctx.register_parquet(
        "tickets",
        dir.to_str().unwrap(),
        ParquetReadOptions::default(),
    )
    .await
    .unwrap();
    ctx
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logical_and_physical_plans_round_trip_through_the_codecs() {
    let dir = tempfile::tempdir().unwrap();
    write_parquet(dir.path(), &rows(17, 400), 3);
    let functions = Functions::new(settings()).unwrap();
    let ctx = parquet_context(Some(&functions), dir.path()).await;
    let df = ctx.sql(PLAN_SQL).await.unwrap();
    let plan = df.logical_plan().clone();
    let want = df.clone().collect().await.unwrap();
    assert_eq!(row_count(&want), 4, "one row per channel");

    // A context that never registered the functions.
    let fresh = parquet_context(None, dir.path()).await;
    let codec = LogicalCodec::default();
    let bytes = logical_plan_to_bytes_with_extension_codec(&plan, &codec).unwrap();
    let decoded =
        logical_plan_from_bytes_with_extension_codec(&bytes, &fresh.task_ctx(), &codec).unwrap();
    let got = fresh
        .execute_logical_plan(decoded)
        .await
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(got, want);

    let physical = df.create_physical_plan().await.unwrap();
    let codec = PhysicalCodec::default();
    let bytes = physical_plan_to_bytes_with_extension_codec(physical, &codec).unwrap();
    let decoded =
        physical_plan_from_bytes_with_extension_codec(&bytes, &fresh.task_ctx(), &codec).unwrap();
    let got = datafusion::physical_plan::collect(decoded, fresh.task_ctx())
        .await
        .unwrap();
    assert_eq!(got, want);
}

#[tokio::test]
async fn without_the_codec_a_fresh_context_cannot_decode() {
    let dir = tempfile::tempdir().unwrap();
    write_parquet(dir.path(), &rows(2, 10), 1);
    let functions = Functions::new(settings()).unwrap();
    let ctx = parquet_context(Some(&functions), dir.path()).await;
    let plan = ctx.sql(PLAN_SQL).await.unwrap().logical_plan().clone();
    let bytes = logical_plan_to_bytes(&plan).unwrap();
    let fresh = parquet_context(None, dir.path()).await;
    let err = logical_plan_from_bytes(&bytes, &fresh.task_ctx())
        .unwrap_err()
        .to_string();
    assert!(err.contains("frontline_"), "{err}");
}

#[test]
fn damaged_definitions_are_codec_errors() {
    let codec = LogicalCodec::default();
    let err = codec
        .try_decode_udaf(
            "frontline_kpis",
            b"frontline-datafusion/1\n{\"calendars\": 3}",
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("codec: settings: invalid type"),
        "{err}"
    );
    let good = serde_json::to_vec(&settings()).unwrap();
    let mut buf = b"frontline-datafusion/1\n".to_vec();
    buf.extend_from_slice(&good);
    let err = codec
        .try_decode_udaf("frontline_nothing", &buf)
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("`frontline_nothing` is not a frontline function"),
        "{err}"
    );
    assert!(codec.try_decode_udaf("frontline_kpis", &buf).is_ok());
    // A newer writer's definition names its version; an oversized one is
    // refused before it is parsed.
    let err = codec
        .try_decode_udaf("frontline_kpis", b"frontline-datafusion/2\n{}")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("codec: definition version `2` is not supported"),
        "{err}"
    );
    let mut huge = b"frontline-datafusion/1\n".to_vec();
    huge.resize(
        huge.len() + frontline_datafusion::codec::MAX_DEFINITION_BYTES + 1,
        b' ',
    );
    let err = codec
        .try_decode_udaf("frontline_kpis", &huge)
        .unwrap_err()
        .to_string();
    assert!(err.contains("over the cap of 16777216"), "{err}");
    // Not ours: the inner codec answers.
    let err = codec
        .try_decode_udaf("median", b"")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("LogicalExtensionCodec is not provided"),
        "{err}"
    );
}
