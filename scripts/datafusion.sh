#!/usr/bin/env bash
# Builds and checks the DataFusion integration (integrations/datafusion,
# crate frontline-datafusion): clippy, its tests (SQL against frontline's
# accumulators over random partitionings, plan codecs, a Ballista
# standalone cluster on loopback), its docs, and the Parquet example on
# 20,000 tickets (it fails if 2 or 8 partitions answer differently from 1).
#
# usage: scripts/datafusion.sh
#
# It is a workspace member outside the default ones: DataFusion and
# Ballista are about 400 crates, and `cargo test` at the root never
# compiles them.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test -p frontline-datafusion
cargo clippy -p frontline-datafusion --all-targets -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps -p frontline-datafusion
cargo run -q -p frontline-datafusion --example parquet_kpis -- --tickets 20000 >/dev/null
echo "datafusion: tests, clippy, docs and the Parquet example passed"
