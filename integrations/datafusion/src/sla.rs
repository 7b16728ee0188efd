//! `frontline_sla_state`: each ticket's SLA clocks at an instant, and the
//! aggregate `frontline_sla_attainment` (in [`kpis`](crate::kpis)).

use datafusion::arrow::array::ArrayRef;
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::common::ScalarValue;
use datafusion::common::scalar::ScalarStructBuilder;
use datafusion::error::Result;
use datafusion::logical_expr::{
    AggregateUDF, ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};
use frontline::Timestamp;
use frontline::sla::{MetricReport, SlaReport, SlaState};

use crate::Error;
use crate::error::{argument, excerpt};
use crate::functions::Shared;
use crate::input::{
    Texts, decoded, instant_at, instant_type, is_instant, is_text, ticket, type_list,
};

const STATE: &str = "frontline_sla_state";

/// `frontline_sla_attainment`.
pub(crate) fn attainment_udaf(shared: &Shared) -> AggregateUDF {
    crate::kpis::attainment_udaf(shared)
}

/// `frontline_sla_state`.
pub(crate) fn state_udf(shared: &Shared) -> ScalarUDF {
    ScalarUDF::from(SlaStateUdf {
        shared: shared.clone(),
        signature: Signature::user_defined(Volatility::Immutable),
    })
}

/// The settings of `udf`, if it is `frontline_sla_state`.
pub(crate) fn shared_of_udf(udf: &ScalarUDF) -> Option<&Shared> {
    udf.inner()
        .as_ref()
        .downcast_ref::<SlaStateUdf>()
        .map(|u| &u.shared)
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct SlaStateUdf {
    shared: Shared,
    signature: Signature,
}

/// `{metric, state, cycles, target_seconds, elapsed_seconds,
/// remaining_seconds, due_at, breached_at}`: a metric and its latest cycle.
fn metric_fields() -> Fields {
    Fields::from(vec![
        Field::new("metric", DataType::Utf8, false),
        Field::new("state", DataType::Utf8, false),
        Field::new("cycles", DataType::UInt64, false),
        Field::new("target_seconds", DataType::Int64, true),
        Field::new("elapsed_seconds", DataType::Int64, true),
        Field::new("remaining_seconds", DataType::Int64, true),
        Field::new("due_at", instant_type(), true),
        Field::new("breached_at", instant_type(), true),
    ])
}

/// The struct `frontline_sla_state` returns per ticket.
pub(crate) fn state_fields() -> Fields {
    Fields::from(vec![
        Field::new("policy", DataType::Utf8, true),
        Field::new("breached", DataType::Boolean, false),
        Field::new("reply_due_at", instant_type(), true),
        Field::new("reply_overdue", DataType::Boolean, true),
        Field::new("next_change_at", instant_type(), true),
        Field::new(
            "metrics",
            DataType::new_list(DataType::Struct(metric_fields()), true),
            false,
        ),
    ])
}

fn at(t: Option<Timestamp>) -> ScalarValue {
    ScalarValue::TimestampSecond(t.map(Timestamp::as_unix_seconds), Some("UTC".into()))
}

fn metric(m: &MetricReport) -> Result<ScalarValue> {
    let latest = m.cycles.last();
    let fields = metric_fields();
    let values = [
        ScalarValue::Utf8(Some(m.metric.to_string())),
        ScalarValue::Utf8(Some(m.state.as_str().to_owned())),
        ScalarValue::UInt64(Some(m.cycles.len() as u64)),
        ScalarValue::Int64(latest.and_then(|c| c.target_seconds)),
        ScalarValue::Int64(latest.map(|c| c.elapsed_seconds)),
        ScalarValue::Int64(latest.and_then(|c| c.remaining_seconds)),
        at(latest.and_then(|c| c.due_at)),
        at(latest.and_then(|c| c.breached_at)),
    ];
    struct_of(&fields, values)
}

fn struct_of<const N: usize>(fields: &Fields, values: [ScalarValue; N]) -> Result<ScalarValue> {
    fields
        .iter()
        .zip(values)
        .fold(ScalarStructBuilder::new(), |b, (field, value)| {
            b.with_scalar(field.clone(), value)
        })
        .build()
}

/// One ticket's report as the struct.
fn report_struct(report: &SlaReport) -> Result<ScalarValue> {
    let metrics = report
        .metrics
        .iter()
        .map(metric)
        .collect::<Result<Vec<_>>>()?;
    let due = report.reply_due();
    let values = [
        ScalarValue::Utf8(report.policy.as_ref().map(ToString::to_string)),
        ScalarValue::Boolean(Some(
            report.metrics.iter().any(|m| m.state == SlaState::Breached),
        )),
        at(due.as_ref().map(|d| d.due_at)),
        ScalarValue::Boolean(due.as_ref().map(|d| d.overdue)),
        at(report.next_change_at()),
        ScalarValue::List(ScalarValue::new_list(
            &metrics,
            &DataType::Struct(metric_fields()),
            true,
        )),
    ];
    struct_of(&state_fields(), values)
}

impl ScalarUDFImpl for SlaStateUdf {
    fn name(&self) -> &str {
        STATE
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let decoded: Vec<DataType> = arg_types.iter().map(decoded).collect();
        match decoded.as_slice() {
            [policies, ticket, now] if is_text(policies) && is_text(ticket) && is_instant(now) => {
                Ok(decoded)
            }
            _ => Err(argument(
                STATE,
                format!(
                    "expected (policy set, ticket JSON, now), got ({})",
                    type_list(arg_types)
                ),
            )),
        }
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Struct(state_fields()))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let constant = args
            .args
            .iter()
            .all(|a| matches!(a, ColumnarValue::Scalar(_)));
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let [policies, tickets, now] = arrays.as_slice() else {
            return Err(argument(STATE, "three arguments expected"));
        };
        if constant {
            // One answer for every row.
            return Ok(ColumnarValue::Scalar(self.row(policies, tickets, now, 0)?));
        }
        if arrays.iter().any(|a| a.len() != args.number_rows) {
            return Err(argument(
                STATE,
                format!("arguments of {} rows expected", args.number_rows),
            ));
        }
        let rows = (0..args.number_rows)
            .map(|i| self.row(policies, tickets, now, i))
            .collect::<Result<Vec<_>>>()?;
        if rows.is_empty() {
            return Ok(ColumnarValue::Array(
                datafusion::arrow::array::new_empty_array(&DataType::Struct(state_fields())),
            ));
        }
        Ok(ColumnarValue::Array(ScalarValue::iter_to_array(rows)?))
    }
}

impl SlaStateUdf {
    /// Row `i`: NULL when any argument is NULL, or when the ticket is
    /// malformed and the settings skip malformed rows.
    fn row(
        &self,
        policies: &ArrayRef,
        tickets: &ArrayRef,
        now: &ArrayRef,
        i: usize,
    ) -> Result<ScalarValue> {
        let null = || Ok(ScalarStructBuilder::new_null(state_fields()));
        let set = Texts::new(STATE, "the policy set", policies)?.get(i);
        let json = Texts::new(STATE, "the ticket", tickets)?.get(i);
        let now = instant_at(STATE, "now", now, i)?;
        let (Some(set), Some(json), Some(now)) = (set, json, now) else {
            return null();
        };
        let set = self.shared.0.policy_set(STATE, set)?;
        match ticket(json) {
            Ok(ticket) => report_struct(&frontline::sla::evaluate(set, &ticket, None, now)),
            Err(_) if self.shared.0.settings.skip_malformed => null(),
            Err(reason) => Err(Error::MalformedRow {
                function: STATE,
                excerpt: excerpt(json),
                reason,
            }
            .into()),
        }
    }
}
