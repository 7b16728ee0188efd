//! `frontline_kpis`, `frontline_median_first_reply` and
//! `frontline_sla_attainment`: aggregate functions over ticket rows, each
//! backed by one [`KpiAccumulator`] per group.

use std::collections::BTreeMap;
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, BinaryArray, BinaryViewArray, LargeBinaryArray};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::ScalarValue;
use datafusion::error::Result;
use datafusion::logical_expr::function::{
    AccumulatorArgs, AggregateFunctionSimplification, StateFieldsArgs,
};
use datafusion::logical_expr::utils::{AggregateOrderSensitivity, format_state_name};
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, Signature, Volatility,
};
use frontline::Name;
use frontline::Timestamp;
use frontline::calendar::Calendars;
use frontline::metrics::{KpiAccumulator, KpiConfig, KpiState, MetricsError};
use frontline::ticket::AgentId;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::error::{argument, excerpt};
use crate::functions::Shared;
use crate::input::{
    Texts, constant, constant_text, decoded, instant, is_instant, is_text, refusing_distinct,
    ticket, type_list,
};
use crate::table::{Skipped, attainment_fields, attainment_struct, kpi_fields, kpi_struct};

/// Why `DISTINCT` is refused.
const ONE_TICKET: &str = "each row is one ticket; deduplicate the tickets first";

/// Which figure a KPI aggregate returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Output {
    /// `frontline_kpis`: the whole struct.
    Table,
    /// `frontline_median_first_reply`: seconds (business seconds with a
    /// calendar).
    MedianFirstReply,
    /// `frontline_sla_attainment`: the list of SLA attainments.
    SlaAttainment,
}

impl Output {
    fn name(self) -> &'static str {
        match self {
            Output::Table => "frontline_kpis",
            Output::MedianFirstReply => "frontline_median_first_reply",
            Output::SlaAttainment => "frontline_sla_attainment",
        }
    }

    /// The argument holding the ticket.
    fn ticket_arg(self) -> usize {
        match self {
            Output::Table | Output::MedianFirstReply => 0,
            Output::SlaAttainment => 1,
        }
    }
}

/// One of the KPI aggregates.
#[derive(Debug, PartialEq, Eq, Hash)]
struct KpiUdaf {
    output: Output,
    shared: Shared,
    signature: Signature,
}

/// `frontline_kpis` and `frontline_median_first_reply`.
pub(crate) fn udafs(shared: &Shared) -> Vec<AggregateUDF> {
    [Output::Table, Output::MedianFirstReply]
        .into_iter()
        .map(|output| udaf(output, shared))
        .collect()
}

/// `frontline_sla_attainment`.
pub(crate) fn attainment_udaf(shared: &Shared) -> AggregateUDF {
    udaf(Output::SlaAttainment, shared)
}

/// The settings of `udaf`, if it is one of frontline's aggregates.
pub(crate) fn shared_of_udaf(udaf: &AggregateUDF) -> Option<&Shared> {
    let inner = udaf.inner().as_ref();
    inner
        .downcast_ref::<KpiUdaf>()
        .map(|u| &u.shared)
        .or_else(|| crate::csat::shared_of(inner))
}

fn udaf(output: Output, shared: &Shared) -> AggregateUDF {
    AggregateUDF::from(KpiUdaf {
        output,
        shared: shared.clone(),
        signature: Signature::user_defined(Volatility::Immutable),
    })
}

impl AggregateUDFImpl for KpiUdaf {
    fn name(&self) -> &str {
        self.output.name()
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let f = self.output.name();
        let arg_types: Vec<DataType> = arg_types.iter().map(decoded).collect();
        let arg_types = arg_types.as_slice();
        let fits = match self.output {
            Output::Table | Output::MedianFirstReply => {
                matches!(arg_types.len(), 1 | 2) && arg_types.iter().all(is_text)
            }
            Output::SlaAttainment => match arg_types {
                [policies, ticket, now] => is_text(policies) && is_text(ticket) && is_instant(now),
                _ => false,
            },
        };
        if !fits {
            let expected = match self.output {
                Output::SlaAttainment => "(policy set, ticket JSON, now)",
                _ => "(ticket JSON [, calendar or options JSON])",
            };
            return Err(argument(
                f,
                format!("expected {expected}, got ({})", type_list(arg_types)),
            ));
        }
        Ok(arg_types.to_vec())
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(match self.output {
            Output::Table => DataType::Struct(kpi_fields()),
            Output::MedianFirstReply => DataType::Float64,
            Output::SlaAttainment => DataType::Struct(attainment_fields()),
        })
    }

    fn accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        let f = self.output.name();
        if args.is_distinct {
            return Err(argument(
                f,
                format!("DISTINCT is not supported: {ONE_TICKET}"),
            ));
        }
        let (config, policies) = match self.output {
            Output::Table | Output::MedianFirstReply => {
                let options = match args.exprs.len() {
                    2 => Some(
                        constant_text(f, "the options", constant(f, "the options", &args, 1)?)?
                            .ok_or_else(|| {
                                argument(f, "the options are NULL; leave them out for the defaults")
                            })?,
                    ),
                    _ => None,
                };
                self.kpi_config(options.as_deref())?
            }
            Output::SlaAttainment => {
                let set = constant_text(
                    f,
                    "the policy set",
                    constant(f, "the policy set", &args, 0)?,
                )?
                .ok_or_else(|| argument(f, "the policy set is NULL"))?;
                self.shared.0.policy_set(f, &set)?;
                let now = instant(f, "now", constant(f, "now", &args, 2)?)?
                    .ok_or_else(|| argument(f, "now is NULL"))?;
                (KpiConfig::new(Timestamp::MIN, now), Some(set))
            }
        };
        let acc = KpiAccumulator::new(config, &self.shared.0.calendars)
            .map_err(|e| argument(f, e.to_string()))?;
        Ok(Box::new(TicketKpis {
            output: self.output,
            shared: self.shared.clone(),
            policies,
            acc,
            skipped: Skipped::default(),
            report: None,
        }))
    }

    /// The answer over no rows (a correlated subquery that matches
    /// nothing, an empty window frame): the same as an ungrouped query over
    /// an empty table.
    fn default_value(&self, data_type: &DataType) -> Result<ScalarValue> {
        let Some(end) = Timestamp::MIN.checked_add_seconds(1) else {
            return ScalarValue::try_from(data_type);
        };
        let empty = KpiAccumulator::new(KpiConfig::new(Timestamp::MIN, end), &Calendars::new())
            .map_err(|e| argument(self.output.name(), e.to_string()))?
            .report();
        match self.output {
            Output::Table => kpi_struct(&empty, Skipped::default()),
            Output::MedianFirstReply => Ok(ScalarValue::Float64(None)),
            Output::SlaAttainment => attainment_struct(&empty, Skipped::default()),
        }
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        Ok(vec![Arc::new(Field::new(
            format_state_name(args.name, "frontline_kpi_state"),
            DataType::LargeBinary,
            true,
        ))])
    }

    /// Refuses `DISTINCT` before DataFusion can rewrite it away.
    fn simplify(&self) -> Option<AggregateFunctionSimplification> {
        Some(refusing_distinct(self.output.name(), ONE_TICKET))
    }

    fn order_sensitivity(&self) -> AggregateOrderSensitivity {
        AggregateOrderSensitivity::Insensitive
    }
}

impl KpiUdaf {
    /// The accumulator's configuration from the options argument (a
    /// calendar name, or a JSON object) and the default period.
    fn kpi_config(&self, options: Option<&str>) -> Result<(KpiConfig, Option<String>)> {
        let f = self.output.name();
        let options_text = options;
        let options = match options.map(str::trim) {
            None => KpiOptions::default(),
            Some(json) if json.starts_with('{') => serde_json::from_str(json)
                .map_err(|e| argument(f, format!("options `{}`: {e}", excerpt(json))))?,
            Some(calendar) => KpiOptions {
                calendar: Some(calendar.into()),
                ..KpiOptions::default()
            },
        };
        let period = match (options.from, options.to) {
            (Some(from), Some(to)) => (from, to),
            (None, None) => match self.shared.0.settings.period {
                Some(p) => (p.from, p.to),
                None => {
                    return Err(argument(
                        f,
                        "no period: give `from` and `to` in the options, or a default period in the settings",
                    ));
                }
            },
            _ => {
                return Err(argument(
                    f,
                    format!(
                        "options `{}`: give both `from` and `to`, or neither",
                        excerpt(options_text.unwrap_or_default())
                    ),
                ));
            }
        };
        if let Some(name) = &options.calendar
            && self.shared.0.calendars.get(name).is_none()
        {
            return Err(Error::Unknown {
                function: f,
                what: "calendar",
                name: excerpt(name),
            }
            .into());
        }
        if let Some(set) = &options.policies {
            self.shared.0.policy_set(f, set)?;
        }
        let mut config = KpiConfig::new(period.0, period.1);
        config.calendar = options.calendar;
        config.csat_field = options.csat_field;
        config.handle_time_field = options.handle_time_field;
        config.agent_available_seconds = options.agent_available_seconds;
        Ok((config, options.policies))
    }
}

/// The options of `frontline_kpis` and `frontline_median_first_reply`: the
/// fields of frontline's `KpiConfig` that make sense for one group, and a
/// policy set to evaluate SLA attainment with.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct KpiOptions {
    #[serde(default)]
    from: Option<Timestamp>,
    #[serde(default)]
    to: Option<Timestamp>,
    #[serde(default)]
    calendar: Option<Name>,
    #[serde(default)]
    policies: Option<String>,
    #[serde(default)]
    csat_field: Option<String>,
    #[serde(default)]
    handle_time_field: Option<String>,
    #[serde(default)]
    agent_available_seconds: BTreeMap<AgentId, i64>,
}

/// One group's accumulator.
#[derive(Debug)]
struct TicketKpis {
    output: Output,
    shared: Shared,
    /// The policy set to evaluate each ticket's SLA with, at the period's end.
    policies: Option<String>,
    acc: KpiAccumulator,
    skipped: Skipped,
    /// The last answer, until a row or a state is added: a window frame
    /// asks after every row, and a report sorts every exact value.
    report: Option<ScalarValue>,
}

/// The partial state a partition hands on: the accumulator's state and
/// the rows skipped, as JSON bytes.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PartialState {
    skipped: Skipped,
    kpis: KpiState,
}

impl TicketKpis {
    fn add(&mut self, json: &str) -> Result<()> {
        let f = self.output.name();
        let compiled = Arc::clone(&self.shared.0);
        let ticket = match ticket(json) {
            Ok(ticket) => ticket,
            Err(reason) => return self.malformed(json, reason),
        };
        let report = match &self.policies {
            Some(name) => Some(frontline::sla::evaluate(
                compiled.policy_set(f, name)?,
                &ticket,
                None,
                self.acc.config().to,
            )),
            None => None,
        };
        match self.acc.add(&ticket, report.as_ref()) {
            Ok(()) => Ok(()),
            // Business time outside the calendar's horizon: this row's
            // instants are out of reach, as a malformed row's are.
            Err(e @ MetricsError::Calendar { .. }) => self.malformed(json, e.to_string()),
            // A cap of the accumulator: never a row's fault, never skipped.
            Err(e) => Err(Error::Frontline(e.into()).into()),
        }
    }

    /// A row that does not read: counted when the settings skip malformed
    /// rows and the function reports what it skipped, an error otherwise.
    fn malformed(&mut self, json: &str, reason: String) -> Result<()> {
        let counts = self.output != Output::MedianFirstReply;
        if counts && self.shared.0.settings.skip_malformed {
            self.skipped.malformed = self.skipped.malformed.saturating_add(1);
            return Ok(());
        }
        Err(Error::MalformedRow {
            function: self.output.name(),
            excerpt: excerpt(json),
            reason,
        }
        .into())
    }

    /// The function's answer from the accumulator's report.
    fn answer(&self) -> Result<ScalarValue> {
        let table = self.acc.report();
        match self.output {
            Output::Table => kpi_struct(&table, self.skipped),
            Output::MedianFirstReply => {
                let first = &table.total.first_reply_time;
                let stats = match (&self.acc.config().calendar, &first.business) {
                    (Some(_), Some(business)) => business,
                    _ => &first.calendar,
                };
                Ok(ScalarValue::Float64(stats.median))
            }
            Output::SlaAttainment => attainment_struct(&table, self.skipped),
        }
    }

    fn state_error(&self, reason: impl ToString) -> datafusion::error::DataFusionError {
        Error::State {
            function: self.output.name(),
            reason: reason.to_string(),
        }
        .into()
    }
}

impl Accumulator for TicketKpis {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let f = self.output.name();
        let column = values
            .get(self.output.ticket_arg())
            .ok_or_else(|| argument(f, "the ticket argument is missing"))?;
        let texts = Texts::new(f, "the ticket", column)?;
        self.report = None;
        for i in 0..column.len() {
            match texts.get(i) {
                Some(json) => self.add(json)?,
                None => self.skipped.null = self.skipped.null.saturating_add(1),
            }
        }
        Ok(())
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let Some(column) = states.first() else {
            return Err(self.state_error("no state column"));
        };
        let any = column.as_any();
        let states: Vec<Option<&[u8]>> = if let Some(a) = any.downcast_ref::<LargeBinaryArray>() {
            a.iter().collect()
        } else if let Some(a) = any.downcast_ref::<BinaryArray>() {
            a.iter().collect()
        } else if let Some(a) = any.downcast_ref::<BinaryViewArray>() {
            a.iter().collect()
        } else {
            return Err(self.state_error(format!("bytes expected, got {}", column.data_type())));
        };
        self.report = None;
        // A NULL state holds no rows.
        for state in states.into_iter().flatten() {
            let partial: PartialState =
                serde_json::from_slice(state).map_err(|e| self.state_error(e))?;
            let other = KpiAccumulator::from_state(partial.kpis, &self.shared.0.calendars)
                .map_err(|e| self.state_error(e))?;
            self.acc
                .merge(&other)
                .map_err(|e| merge_error(self.output.name(), e))?;
            self.skipped.merge(partial.skipped);
        }
        Ok(())
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        let partial = PartialState {
            skipped: self.skipped,
            kpis: self.acc.state(),
        };
        let bytes = serde_json::to_vec(&partial).map_err(|e| self.state_error(e))?;
        Ok(vec![ScalarValue::LargeBinary(Some(bytes))])
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        if let Some(report) = &self.report {
            return Ok(report.clone());
        }
        let answer = self.answer()?;
        self.report = Some(answer.clone());
        Ok(answer)
    }

    /// The accumulator's own estimate ([`KpiAccumulator::memory_size`]:
    /// exact values, sketches, agents, SLA metrics) plus the cached answer.
    fn size(&self) -> usize {
        std::mem::size_of_val(self) - std::mem::size_of_val(&self.acc)
            + self.acc.memory_size()
            + self.report.as_ref().map_or(0, ScalarValue::size)
            + self.policies.as_ref().map_or(0, String::capacity)
    }
}

/// A merge that fails: a cap passed by the union is the same error as one
/// partition passing it (so the code does not depend on the
/// partitioning); anything else is a partial state that does not fit.
fn merge_error(function: &'static str, e: MetricsError) -> datafusion::error::DataFusionError {
    match e {
        MetricsError::TooLarge { .. } => Error::Frontline(e.into()).into(),
        e => Error::State {
            function,
            reason: e.to_string(),
        }
        .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_passed_in_a_merge_keep_frontline_code() {
        let code = |e| match merge_error("frontline_kpis", e) {
            datafusion::error::DataFusionError::External(e) => {
                e.downcast_ref::<Error>().map(Error::code)
            }
            _ => None,
        };
        let too_large = MetricsError::TooLarge {
            what: "agents",
            max: 100_000,
        };
        assert_eq!(code(too_large), Some("metrics.too_large"));
        assert_eq!(code(MetricsError::Mismatch), Some("datafusion.state"));
    }
}
