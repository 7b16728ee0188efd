//! Plan codecs that carry frontline's functions, with their settings, to
//! other processes: what Ballista (or any host shipping DataFusion plans)
//! needs so that executors rebuild the functions from the plan alone.
//!
//! Each frontline function is encoded as its name plus a definition:
//! `frontline-datafusion/1` and the [`Settings`] as JSON. Decoding compiles
//! the settings (once per distinct settings) and picks the function by
//! name. Every other function, node, table and format goes to the inner
//! codec these wrap: DataFusion's defaults, or Ballista's.
//!
//! Plans may come from elsewhere, so decoding checks before it trusts: a
//! definition of another version is refused with a codec error that names
//! the version, and settings longer than [`MAX_DEFINITION_BYTES`] are
//! refused before they are parsed. Compiling a definition costs what
//! [`Functions::new`] costs for its settings, once per distinct settings
//! (the 8 latest are kept).

use std::sync::{Arc, Mutex};

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::TableProvider;
use datafusion::common::TableReference;
use datafusion::datasource::file_format::FileFormatFactory;
use datafusion::error::Result;
use datafusion::execution::TaskContext;
use datafusion::logical_expr::{
    AggregateUDF, Extension, HigherOrderUDF, LogicalPlan, ScalarUDF, WindowUDF,
};
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_expr_common::physical_expr::proto_decode::PhysicalExprDecodeCtx;
use datafusion::physical_expr_common::physical_expr::proto_encode::PhysicalExprEncodeCtx;
use datafusion::physical_plan::ExecutionPlan;
use datafusion_proto::logical_plan::{DefaultLogicalExtensionCodec, LogicalExtensionCodec};
use datafusion_proto::physical_plan::{
    DefaultPhysicalExtensionCodec, PhysicalExtensionCodec, PhysicalProtoConverterExtension,
};

use crate::Error;
use crate::functions::{Functions, Settings, Shared};

/// The first line of every definition this crate writes.
const TAG: &[u8] = b"frontline-datafusion/1\n";

/// What every version's first line starts with.
const FAMILY: &[u8] = b"frontline-datafusion/";

/// The longest settings JSON a definition may hold (16 MiB), checked
/// before it is parsed: plans may come from elsewhere.
pub const MAX_DEFINITION_BYTES: usize = 16 << 20;

/// Writes the definition of a frontline function (its settings) to `buf`;
/// `false` if the function is not one of ours.
fn write_definition(shared: Option<&Shared>, buf: &mut Vec<u8>) -> bool {
    let Some(shared) = shared else {
        return false;
    };
    buf.extend_from_slice(TAG);
    buf.extend_from_slice(shared.0.json.as_bytes());
    true
}

/// Compiled settings, by their JSON: decoding a plan with several frontline
/// functions compiles the calendars and policy sets once.
#[derive(Debug, Default)]
struct Cache(Mutex<Vec<(Vec<u8>, Functions)>>);

impl Cache {
    /// The functions a definition describes, if it is one of ours.
    fn functions(&self, buf: &[u8]) -> Option<Result<Functions>> {
        let version = buf.strip_prefix(FAMILY)?;
        let Some(json) = buf.strip_prefix(TAG) else {
            let version = version.split(|b| *b == b'\n').next().unwrap_or_default();
            return Some(Err(codec_error(format!(
                "definition version `{}` is not supported (this build reads version 1)",
                crate::error::excerpt(&String::from_utf8_lossy(version))
            ))));
        };
        if json.len() > MAX_DEFINITION_BYTES {
            return Some(Err(codec_error(format!(
                "settings of {} bytes are over the cap of {MAX_DEFINITION_BYTES}",
                json.len()
            ))));
        }
        if let Ok(cache) = self.0.lock()
            && let Some((_, f)) = cache.iter().find(|(k, _)| k == json)
        {
            return Some(Ok(f.clone()));
        }
        let built = serde_json::from_slice::<Settings>(json)
            .map_err(|e| Error::Codec {
                reason: format!("settings: {e}"),
            })
            .and_then(Functions::new)
            .map_err(Into::into);
        if let (Ok(f), Ok(mut cache)) = (&built, self.0.lock()) {
            // A handful of registrations at most; keep the 8 latest.
            if cache.len() >= 8 {
                cache.remove(0);
            }
            cache.push((json.to_vec(), f.clone()));
        }
        Some(built)
    }

    fn udaf(&self, name: &str, buf: &[u8]) -> Option<Result<Arc<AggregateUDF>>> {
        Some(self.functions(buf)?.and_then(|f| {
            f.aggregates()
                .into_iter()
                .find(|u| u.name() == name)
                .map(Arc::new)
                .ok_or_else(|| unknown(name))
        }))
    }

    fn udf(&self, name: &str, buf: &[u8]) -> Option<Result<Arc<ScalarUDF>>> {
        Some(self.functions(buf)?.and_then(|f| {
            f.scalars()
                .into_iter()
                .find(|u| u.name() == name)
                .map(Arc::new)
                .ok_or_else(|| unknown(name))
        }))
    }
}

fn unknown(name: &str) -> datafusion::error::DataFusionError {
    codec_error(format!(
        "`{}` is not a frontline function",
        crate::error::excerpt(name)
    ))
}

fn codec_error(reason: String) -> datafusion::error::DataFusionError {
    Error::Codec { reason }.into()
}

/// A [`LogicalExtensionCodec`] that encodes frontline's functions with
/// their settings and hands everything else to `inner`.
///
/// ```
/// use std::sync::Arc;
/// use frontline_datafusion::codec::LogicalCodec;
/// use datafusion_proto::logical_plan::DefaultLogicalExtensionCodec;
///
/// let codec = LogicalCodec::new(Arc::new(DefaultLogicalExtensionCodec {}));
/// # let _ = codec;
/// ```
#[derive(Debug)]
pub struct LogicalCodec {
    inner: Arc<dyn LogicalExtensionCodec>,
    cache: Cache,
}

impl LogicalCodec {
    /// Wraps `inner` (Ballista's `BallistaLogicalExtensionCodec` under
    /// Ballista).
    pub fn new(inner: Arc<dyn LogicalExtensionCodec>) -> LogicalCodec {
        LogicalCodec {
            inner,
            cache: Cache::default(),
        }
    }
}

impl Default for LogicalCodec {
    /// Wraps DataFusion's default codec.
    fn default() -> LogicalCodec {
        LogicalCodec::new(Arc::new(DefaultLogicalExtensionCodec {}))
    }
}

impl LogicalExtensionCodec for LogicalCodec {
    fn try_decode(
        &self,
        buf: &[u8],
        inputs: &[LogicalPlan],
        ctx: &TaskContext,
    ) -> Result<Extension> {
        self.inner.try_decode(buf, inputs, ctx)
    }

    fn try_encode(&self, node: &Extension, buf: &mut Vec<u8>) -> Result<()> {
        self.inner.try_encode(node, buf)
    }

    fn try_decode_table_provider(
        &self,
        buf: &[u8],
        table_ref: &TableReference,
        schema: SchemaRef,
        ctx: &TaskContext,
    ) -> Result<Arc<dyn TableProvider>> {
        self.inner
            .try_decode_table_provider(buf, table_ref, schema, ctx)
    }

    fn try_encode_table_provider(
        &self,
        table_ref: &TableReference,
        node: Arc<dyn TableProvider>,
        buf: &mut Vec<u8>,
    ) -> Result<()> {
        self.inner.try_encode_table_provider(table_ref, node, buf)
    }

    fn try_decode_file_format(
        &self,
        buf: &[u8],
        ctx: &TaskContext,
    ) -> Result<Arc<dyn FileFormatFactory>> {
        self.inner.try_decode_file_format(buf, ctx)
    }

    fn try_encode_file_format(
        &self,
        buf: &mut Vec<u8>,
        node: Arc<dyn FileFormatFactory>,
    ) -> Result<()> {
        self.inner.try_encode_file_format(buf, node)
    }

    fn try_decode_udf(&self, name: &str, buf: &[u8]) -> Result<Arc<ScalarUDF>> {
        match self.cache.udf(name, buf) {
            Some(udf) => udf,
            None => self.inner.try_decode_udf(name, buf),
        }
    }

    fn try_encode_udf(&self, node: &ScalarUDF, buf: &mut Vec<u8>) -> Result<()> {
        if write_definition(crate::sla::shared_of_udf(node), buf) {
            Ok(())
        } else {
            self.inner.try_encode_udf(node, buf)
        }
    }

    fn try_decode_higher_order_function(
        &self,
        name: &str,
        buf: &[u8],
    ) -> Result<Arc<HigherOrderUDF>> {
        self.inner.try_decode_higher_order_function(name, buf)
    }

    fn try_encode_higher_order_function(
        &self,
        node: &HigherOrderUDF,
        buf: &mut Vec<u8>,
    ) -> Result<()> {
        self.inner.try_encode_higher_order_function(node, buf)
    }

    fn try_decode_udaf(&self, name: &str, buf: &[u8]) -> Result<Arc<AggregateUDF>> {
        match self.cache.udaf(name, buf) {
            Some(udaf) => udaf,
            None => self.inner.try_decode_udaf(name, buf),
        }
    }

    fn try_encode_udaf(&self, node: &AggregateUDF, buf: &mut Vec<u8>) -> Result<()> {
        if write_definition(crate::kpis::shared_of_udaf(node), buf) {
            Ok(())
        } else {
            self.inner.try_encode_udaf(node, buf)
        }
    }

    fn try_decode_udwf(&self, name: &str, buf: &[u8]) -> Result<Arc<WindowUDF>> {
        self.inner.try_decode_udwf(name, buf)
    }

    fn try_encode_udwf(&self, node: &WindowUDF, buf: &mut Vec<u8>) -> Result<()> {
        self.inner.try_encode_udwf(node, buf)
    }
}

/// A [`PhysicalExtensionCodec`] that encodes frontline's functions with
/// their settings and hands everything else to `inner`.
#[derive(Debug)]
pub struct PhysicalCodec {
    inner: Arc<dyn PhysicalExtensionCodec>,
    cache: Cache,
}

impl PhysicalCodec {
    /// Wraps `inner` (Ballista's `BallistaPhysicalExtensionCodec` under
    /// Ballista).
    pub fn new(inner: Arc<dyn PhysicalExtensionCodec>) -> PhysicalCodec {
        PhysicalCodec {
            inner,
            cache: Cache::default(),
        }
    }
}

impl Default for PhysicalCodec {
    /// Wraps DataFusion's default codec.
    fn default() -> PhysicalCodec {
        PhysicalCodec::new(Arc::new(DefaultPhysicalExtensionCodec {}))
    }
}

impl PhysicalExtensionCodec for PhysicalCodec {
    fn try_decode(
        &self,
        buf: &[u8],
        inputs: &[Arc<dyn ExecutionPlan>],
        ctx: &TaskContext,
        proto_converter: &dyn PhysicalProtoConverterExtension,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        self.inner.try_decode(buf, inputs, ctx, proto_converter)
    }

    fn try_encode(
        &self,
        node: Arc<dyn ExecutionPlan>,
        buf: &mut Vec<u8>,
        proto_converter: &dyn PhysicalProtoConverterExtension,
    ) -> Result<()> {
        self.inner.try_encode(node, buf, proto_converter)
    }

    fn try_decode_udf(&self, name: &str, buf: &[u8]) -> Result<Arc<ScalarUDF>> {
        match self.cache.udf(name, buf) {
            Some(udf) => udf,
            None => self.inner.try_decode_udf(name, buf),
        }
    }

    fn try_encode_udf(&self, node: &ScalarUDF, buf: &mut Vec<u8>) -> Result<()> {
        if write_definition(crate::sla::shared_of_udf(node), buf) {
            Ok(())
        } else {
            self.inner.try_encode_udf(node, buf)
        }
    }

    fn try_decode_higher_order_function(
        &self,
        name: &str,
        buf: &[u8],
    ) -> Result<Arc<HigherOrderUDF>> {
        self.inner.try_decode_higher_order_function(name, buf)
    }

    fn try_encode_higher_order_function(
        &self,
        node: &HigherOrderUDF,
        buf: &mut Vec<u8>,
    ) -> Result<()> {
        self.inner.try_encode_higher_order_function(node, buf)
    }

    fn try_decode_expr(
        &self,
        buf: &[u8],
        inputs: &[Arc<dyn PhysicalExpr>],
        ctx: &PhysicalExprDecodeCtx<'_>,
    ) -> Result<Arc<dyn PhysicalExpr>> {
        self.inner.try_decode_expr(buf, inputs, ctx)
    }

    fn try_encode_expr(
        &self,
        node: &Arc<dyn PhysicalExpr>,
        buf: &mut Vec<u8>,
        ctx: &PhysicalExprEncodeCtx<'_>,
    ) -> Result<()> {
        self.inner.try_encode_expr(node, buf, ctx)
    }

    fn try_decode_udaf(&self, name: &str, buf: &[u8]) -> Result<Arc<AggregateUDF>> {
        match self.cache.udaf(name, buf) {
            Some(udaf) => udaf,
            None => self.inner.try_decode_udaf(name, buf),
        }
    }

    fn try_encode_udaf(&self, node: &AggregateUDF, buf: &mut Vec<u8>) -> Result<()> {
        if write_definition(crate::kpis::shared_of_udaf(node), buf) {
            Ok(())
        } else {
            self.inner.try_encode_udaf(node, buf)
        }
    }

    fn try_decode_udwf(&self, name: &str, buf: &[u8]) -> Result<Arc<WindowUDF>> {
        self.inner.try_decode_udwf(name, buf)
    }

    fn try_encode_udwf(&self, node: &WindowUDF, buf: &mut Vec<u8>) -> Result<()> {
        self.inner.try_encode_udwf(node, buf)
    }
}
