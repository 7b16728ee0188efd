//! A Ballista standalone cluster (scheduler and executor in this process,
//! gRPC and Flight on loopback) runs frontline's functions, rebuilt on the
//! executor from the plan by the codecs, and answers as DataFusion does.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

mod common;

use std::sync::Arc;

use ballista::prelude::{SessionConfigExt, SessionContextExt};
use ballista_core::serde::{BallistaLogicalExtensionCodec, BallistaPhysicalExtensionCodec};
use common::*;
use datafusion::execution::SessionStateBuilder;
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};
use frontline_datafusion::Functions;
use frontline_datafusion::codec::{LogicalCodec, PhysicalCodec};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_standalone_cluster_answers_as_datafusion_does() {
    let dir = tempfile::tempdir().unwrap();
    write_parquet(dir.path(), &rows(29, 600), 4);
    let path = dir.path().to_str().unwrap();
    let functions = Functions::new(settings()).unwrap();

    let local = context(&functions, 4);
    local
        .register_parquet("tickets", path, ParquetReadOptions::default())
        .await
        .unwrap();
    let want = local.sql(PLAN_SQL).await.unwrap().collect().await.unwrap();

    let config = SessionConfig::new_with_ballista()
        .with_target_partitions(4)
        .with_ballista_logical_extension_codec(Arc::new(LogicalCodec::new(Arc::new(
            BallistaLogicalExtensionCodec::default(),
        ))))
        .with_ballista_physical_extension_codec(Arc::new(PhysicalCodec::new(Arc::new(
            BallistaPhysicalExtensionCodec::default(),
        ))));
    // The scheduler and the executor get no registration: only the codecs.
    let state = SessionStateBuilder::new()
        .with_config(config)
        .with_default_features()
        .build();
    let ctx = SessionContext::standalone_with_state(state).await.unwrap();
    // The client plans the SQL, so it knows the functions.
    functions.register(&ctx);
    ctx.register_parquet("tickets", path, ParquetReadOptions::default())
        .await
        .unwrap();
    let got = ctx.sql(PLAN_SQL).await.unwrap().collect().await.unwrap();
    assert_eq!(row_count(&got), 4);
    for row in 0..4 {
        // Ballista reads Parquet strings as Utf8, DataFusion as Utf8View.
        assert_eq!(
            cell(&got, 0, row).to_string(),
            cell(&want, 0, row).to_string()
        );
        for col in 1..5 {
            assert_eq!(
                cell(&got, col, row),
                cell(&want, col, row),
                "row {row}, column {col}"
            );
        }
    }
}
