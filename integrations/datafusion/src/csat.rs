//! `frontline_csat(rating)`: good ÷ (good + bad) over a column of ratings:
//! scores from 1 to 5 split as frontline's KPIs split them (4 and 5 are
//! good), or `good`/`bad` as a `satisfaction_rated` event gives them.

use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, Decimal128Array, Decimal256Array, Float64Array, Int64Array, UInt64Array,
};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Fields, i256};
use datafusion::common::ScalarValue;
use datafusion::common::scalar::ScalarStructBuilder;
use datafusion::error::Result;
use datafusion::logical_expr::function::{
    AccumulatorArgs, AggregateFunctionSimplification, StateFieldsArgs,
};
use datafusion::logical_expr::utils::{AggregateOrderSensitivity, format_state_name};
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, Signature, Volatility,
};
use frontline::ticket::Rating;

use crate::error::argument;
use crate::functions::Shared;
use crate::input::{Texts, decoded, is_text, refusing_distinct, type_list};

const CSAT: &str = "frontline_csat";

/// Why `DISTINCT` is refused.
const ONE_RATING: &str = "each row is one rating";

/// `frontline_csat`.
pub(crate) fn udaf(shared: &Shared) -> AggregateUDF {
    AggregateUDF::from(CsatUdaf {
        shared: shared.clone(),
        signature: Signature::user_defined(Volatility::Immutable),
    })
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct CsatUdaf {
    /// The registration's settings: unused by the function itself, but
    /// they are its identity and its definition in a serialised plan.
    shared: Shared,
    signature: Signature,
}

/// The settings of `udaf`, if it is `frontline_csat`.
pub(crate) fn shared_of(udaf: &dyn AggregateUDFImpl) -> Option<&Shared> {
    udaf.downcast_ref::<CsatUdaf>().map(|u| &u.shared)
}

/// The counts, in the order of the struct after `csat`.
const COUNTS: [&str; 4] = ["good", "bad", "invalid", "unrated"];

/// `{csat, good, bad, invalid, unrated}`.
pub(crate) fn csat_fields() -> Fields {
    let mut fields = vec![Field::new("csat", DataType::Float64, true)];
    fields.extend(COUNTS.map(|name| Field::new(name, DataType::UInt64, false)));
    Fields::from(fields)
}

impl AggregateUDFImpl for CsatUdaf {
    fn name(&self) -> &str {
        CSAT
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    /// Text stays text (dictionaries are decoded); signed integers become
    /// `Int64` and unsigned ones `UInt64` (no value fails the cast),
    /// floats `Float64`; decimals widen to `Decimal128` (or stay
    /// `Decimal256`) with their precision and scale, exactly.
    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let decoded: Vec<DataType> = arg_types.iter().map(decoded).collect();
        let coerced = match decoded.as_slice() {
            [t] if is_text(t) => t.clone(),
            [t] if t.is_signed_integer() => DataType::Int64,
            [t] if t.is_unsigned_integer() => DataType::UInt64,
            [
                DataType::Decimal32(p, s) | DataType::Decimal64(p, s) | DataType::Decimal128(p, s),
            ] => DataType::Decimal128(*p, *s),
            [t @ DataType::Decimal256(..)] => t.clone(),
            [t] if t.is_floating() => DataType::Float64,
            _ => {
                return Err(argument(
                    CSAT,
                    format!(
                        "expected one rating (`good`/`bad` or a score from 1 to 5), got ({})",
                        type_list(arg_types)
                    ),
                ));
            }
        };
        Ok(vec![coerced])
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Struct(csat_fields()))
    }

    fn accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        if args.is_distinct {
            return Err(argument(
                CSAT,
                format!("DISTINCT is not supported: {ONE_RATING}"),
            ));
        }
        Ok(Box::<Csat>::default())
    }

    /// Over no rows: no ratings.
    fn default_value(&self, _data_type: &DataType) -> Result<ScalarValue> {
        Csat::default().evaluate()
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        Ok(COUNTS
            .iter()
            .map(|name| {
                Arc::new(Field::new(
                    format_state_name(args.name, name),
                    DataType::UInt64,
                    true,
                ))
            })
            .collect())
    }

    /// Refuses `DISTINCT` before DataFusion can rewrite it away.
    fn simplify(&self) -> Option<AggregateFunctionSimplification> {
        Some(refusing_distinct(CSAT, ONE_RATING))
    }

    fn order_sensitivity(&self) -> AggregateOrderSensitivity {
        AggregateOrderSensitivity::Insensitive
    }
}

/// good, bad, invalid and unrated counts.
#[derive(Debug, Default, Clone, Copy)]
struct Csat([u64; 4]);

impl Csat {
    fn count(&mut self, rating: Result<Option<Rating>, ()>) {
        let slot = match rating {
            Ok(Some(Rating::Good)) => 0,
            Ok(Some(Rating::Bad)) => 1,
            Err(()) => 2,
            Ok(None) => 3,
        };
        if let Some(n) = self.0.get_mut(slot) {
            *n = n.saturating_add(1);
        }
    }
}

/// A rating from text: `good` or `bad` (any case, trimmed), as a
/// `satisfaction_rated` event gives it, or a whole score from 1 to 5
/// written in digits, with an optional fraction of zeros (`4`, `4.0`),
/// read exactly.
fn from_text(text: &str) -> Result<Option<Rating>, ()> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("good") {
        return Ok(Some(Rating::Good));
    }
    if text.eq_ignore_ascii_case("bad") {
        return Ok(Some(Rating::Bad));
    }
    let (whole, fraction) = text.split_once('.').unwrap_or((text, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(fraction) || fraction.bytes().any(|b| b != b'0') {
        return Err(());
    }
    // More than one digit after leading zeros is past 5 (or overflows).
    let whole = whole.trim_start_matches('0');
    whole
        .parse::<i64>()
        .ok()
        .and_then(Rating::from_score)
        .map(Some)
        .ok_or(())
}

/// A rating from a decimal `value` with `scale` digits after the point:
/// a whole score from 1 to 5, exactly (a negative scale multiplies by
/// at least ten, so it is never one).
fn from_decimal(value: i256, scale: i8) -> Result<Option<Rating>, ()> {
    let one = u32::try_from(scale)
        .ok()
        .and_then(|s| i256::from_i128(10).checked_pow(s))
        .ok_or(())?;
    if value.checked_rem(one) != Some(i256::ZERO) {
        return Err(());
    }
    value
        .checked_div(one)
        .and_then(i256::to_i128)
        .and_then(|score| i64::try_from(score).ok())
        .and_then(Rating::from_score)
        .map(Some)
        .ok_or(())
}

fn from_float(score: f64) -> Result<Option<Rating>, ()> {
    if score.fract() == 0.0 && (1.0..=5.0).contains(&score) {
        Ok(Rating::from_score(score as i64))
    } else {
        Err(())
    }
}

impl Accumulator for Csat {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let Some(column) = values.first() else {
            return Err(argument(CSAT, "the rating argument is missing"));
        };
        let any = column.as_any();
        if let Some(scores) = any.downcast_ref::<Int64Array>() {
            for score in scores {
                self.count(score.map_or(Ok(None), |s| Rating::from_score(s).map(Some).ok_or(())));
            }
        } else if let Some(scores) = any.downcast_ref::<Float64Array>() {
            for score in scores {
                self.count(score.map_or(Ok(None), from_float));
            }
        } else if let Some(scores) = any.downcast_ref::<UInt64Array>() {
            for score in scores {
                let score = score.map(|s| i64::try_from(s).unwrap_or(i64::MAX));
                self.count(score.map_or(Ok(None), |s| Rating::from_score(s).map(Some).ok_or(())));
            }
        } else if let Some(scores) = any.downcast_ref::<Decimal128Array>() {
            let scale = scores.scale();
            for score in scores {
                self.count(score.map_or(Ok(None), |s| from_decimal(i256::from_i128(s), scale)));
            }
        } else if let Some(scores) = any.downcast_ref::<Decimal256Array>() {
            let scale = scores.scale();
            for score in scores {
                self.count(score.map_or(Ok(None), |s| from_decimal(s, scale)));
            }
        } else {
            let texts = Texts::new(CSAT, "the rating", column)?;
            for i in 0..column.len() {
                self.count(texts.get(i).map_or(Ok(None), from_text));
            }
        }
        Ok(())
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        if states.len() != COUNTS.len() {
            return Err(crate::Error::State {
                function: CSAT,
                reason: format!(
                    "{} count columns expected, got {}",
                    COUNTS.len(),
                    states.len()
                ),
            }
            .into());
        }
        for (slot, column) in self.0.iter_mut().zip(states) {
            let Some(counts) = column.as_any().downcast_ref::<UInt64Array>() else {
                return Err(crate::Error::State {
                    function: CSAT,
                    reason: format!("UInt64 counts expected, got {}", column.data_type()),
                }
                .into());
            };
            for n in counts.iter().flatten() {
                *slot = slot.saturating_add(n);
            }
        }
        Ok(())
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(self
            .0
            .iter()
            .map(|n| ScalarValue::UInt64(Some(*n)))
            .collect())
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        let [good, bad, ..] = self.0;
        let rated = good.saturating_add(bad);
        let csat = (rated > 0).then(|| good as f64 / rated as f64);
        let fields = csat_fields();
        let mut values = vec![ScalarValue::Float64(csat)];
        values.extend(self.0.iter().map(|n| ScalarValue::UInt64(Some(*n))));
        fields
            .iter()
            .zip(values)
            .fold(ScalarStructBuilder::new(), |b, (f, v)| {
                b.with_scalar(f.clone(), v)
            })
            .build()
    }

    fn size(&self) -> usize {
        std::mem::size_of_val(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_read_as_the_kpis_read_them() {
        assert_eq!(from_text(" Good "), Ok(Some(Rating::Good)));
        assert_eq!(from_text("bad"), Ok(Some(Rating::Bad)));
        assert_eq!(from_text("5"), Ok(Some(Rating::Good)));
        assert_eq!(from_text("3"), Ok(Some(Rating::Bad)));
        assert_eq!(from_text("6"), Err(()));
        assert_eq!(from_text("4.0"), Ok(Some(Rating::Good)));
        assert_eq!(from_text("004.000"), Ok(Some(Rating::Good)));
        assert_eq!(from_text("4.5"), Err(()));
        assert_eq!(from_text("4.9999999999999999"), Err(()));
        assert_eq!(from_text("99999999999999999999999"), Err(()));
        assert_eq!(from_text("4."), Err(()));
        assert_eq!(from_text(".0"), Err(()));
        assert_eq!(from_text("-4"), Err(()));
        assert_eq!(from_text("4e0"), Err(()));
        assert_eq!(from_text("meh"), Err(()));
        let d = |v: i128, s| from_decimal(i256::from_i128(v), s);
        assert_eq!(d(400, 2), Ok(Some(Rating::Good)));
        assert_eq!(d(399, 2), Err(()));
        assert_eq!(d(4, -1), Err(()));
        assert_eq!(d(0, -1), Err(()));
        let four = i256::from_i128(4)
            .checked_mul(i256::from_i128(10).checked_pow(70).unwrap())
            .unwrap();
        assert_eq!(from_decimal(four, 70), Ok(Some(Rating::Good)));
        assert_eq!(from_decimal(i256::MAX, 0), Err(()));
        assert_eq!(from_decimal(i256::MIN, 76), Err(()));
        assert_eq!(from_float(4.0), Ok(Some(Rating::Good)));
        assert_eq!(from_float(4.5), Err(()));
        assert_eq!(from_float(f64::NAN), Err(()));
    }
}
