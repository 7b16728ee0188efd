//! Reading arguments: string columns of any Arrow string type, constant
//! arguments, instants, and tickets from JSON.

use datafusion::arrow::array::{Array, ArrayRef, LargeStringArray, StringArray, StringViewArray};
use datafusion::arrow::datatypes::{DataType, TimeUnit};
use datafusion::common::ScalarValue;
use datafusion::error::Result;
use datafusion::logical_expr::Expr;
use datafusion::logical_expr::expr::AggregateFunction;
use datafusion::logical_expr::function::{AccumulatorArgs, AggregateFunctionSimplification};
use datafusion::physical_expr::expressions::Literal;
use frontline::ticket::TicketId;
use frontline::{Event, Ticket, Timestamp};
use serde::Deserialize;

use crate::error::{argument, excerpt};

/// Whether `t` is a type a text argument may have (NULL included).
pub(crate) fn is_text(t: &DataType) -> bool {
    matches!(
        t,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null
    )
}

/// `t`, or a dictionary's value type: dictionary-encoded columns (Hive
/// partitions, categories) are read as their values, which DataFusion
/// casts them to.
pub(crate) fn decoded(t: &DataType) -> DataType {
    match t {
        DataType::Dictionary(_, value) => value.as_ref().clone(),
        other => other.clone(),
    }
}

/// Whether `t` is a type an instant argument may have.
pub(crate) fn is_instant(t: &DataType) -> bool {
    matches!(t, DataType::Timestamp(..)) || is_text(t)
}

/// A column of text, whatever its Arrow string type.
pub(crate) enum Texts<'a> {
    Utf8(&'a StringArray),
    Large(&'a LargeStringArray),
    View(&'a StringViewArray),
    /// A column of NULLs (`DataType::Null`).
    Nulls,
}

impl<'a> Texts<'a> {
    pub fn new(function: &'static str, what: &str, array: &'a ArrayRef) -> Result<Texts<'a>> {
        let any = array.as_any();
        let texts = match array.data_type() {
            DataType::Utf8 => any.downcast_ref().map(Texts::Utf8),
            DataType::LargeUtf8 => any.downcast_ref().map(Texts::Large),
            DataType::Utf8View => any.downcast_ref().map(Texts::View),
            DataType::Null => Some(Texts::Nulls),
            _ => None,
        };
        texts.ok_or_else(|| {
            argument(
                function,
                format!("{what} must be text, got {}", array.data_type()),
            )
        })
    }

    /// Row `i`, or `None` for NULL (and past the end).
    pub fn get(&self, i: usize) -> Option<&'a str> {
        match self {
            Texts::Utf8(a) => (i < a.len() && a.is_valid(i)).then(|| a.value(i)),
            Texts::Large(a) => (i < a.len() && a.is_valid(i)).then(|| a.value(i)),
            Texts::View(a) => (i < a.len() && a.is_valid(i)).then(|| a.value(i)),
            Texts::Nulls => None,
        }
    }
}

/// The value of constant argument `i`, which must be a literal (after
/// DataFusion's constant folding, so `now()` and casts of literals count).
/// Argument types as an error message lists them: `Utf8, Int64`.
pub(crate) fn type_list(types: &[DataType]) -> String {
    types
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A simplification hook that refuses `DISTINCT` while the plan is
/// optimised: DataFusion rewrites a lone `f(DISTINCT x)` into a `GROUP BY x`
/// before any accumulator exists, which would silently count each distinct
/// value once (and every NULL row as one).
pub(crate) fn refusing_distinct(
    function: &'static str,
    why: &'static str,
) -> AggregateFunctionSimplification {
    Box::new(move |aggregate: AggregateFunction, _| {
        if aggregate.params.distinct {
            Err(argument(
                function,
                format!("DISTINCT is not supported: {why}"),
            ))
        } else {
            Ok(Expr::AggregateFunction(aggregate))
        }
    })
}

pub(crate) fn constant<'a>(
    function: &'static str,
    what: &str,
    args: &'a AccumulatorArgs,
    i: usize,
) -> Result<&'a ScalarValue> {
    args.exprs
        .get(i)
        .and_then(|e| e.downcast_ref::<Literal>())
        .map(Literal::value)
        .ok_or_else(|| {
            let expr = args
                .exprs
                .get(i)
                .map(ToString::to_string)
                .unwrap_or_default();
            argument(
                function,
                format!(
                    "{what} must be a constant, the same for every row, not `{}`",
                    excerpt(&expr)
                ),
            )
        })
}

/// The text of a constant, `None` for NULL.
pub(crate) fn constant_text(
    function: &'static str,
    what: &str,
    value: &ScalarValue,
) -> Result<Option<String>> {
    match value.try_as_str() {
        Some(s) => Ok(s.map(str::to_owned)),
        None if value.is_null() => Ok(None),
        None => Err(argument(
            function,
            format!("{what} must be text, got {}", value.data_type()),
        )),
    }
}

/// An instant from a timestamp value (any unit; sub-second parts are
/// dropped toward the past) or from RFC 3339 text.
pub(crate) fn instant(
    function: &'static str,
    what: &str,
    value: &ScalarValue,
) -> Result<Option<Timestamp>> {
    let seconds = match value {
        ScalarValue::TimestampSecond(v, _) => v.map(|v| (v, 1)),
        ScalarValue::TimestampMillisecond(v, _) => v.map(|v| (v, 1_000)),
        ScalarValue::TimestampMicrosecond(v, _) => v.map(|v| (v, 1_000_000)),
        ScalarValue::TimestampNanosecond(v, _) => v.map(|v| (v, 1_000_000_000)),
        other => {
            return match constant_text(function, what, other)? {
                Some(text) => Timestamp::parse(&text)
                    .map(Some)
                    .map_err(|e| argument(function, format!("{what} `{}`: {e}", excerpt(&text)))),
                None => Ok(None),
            };
        }
    };
    seconds
        .map(|(v, per_second)| {
            Timestamp::from_unix_seconds(v.div_euclid(per_second))
                .map_err(|e| argument(function, format!("{what}: {e}")))
        })
        .transpose()
}

/// The instant of row `i` of a timestamp or text column.
pub(crate) fn instant_at(
    function: &'static str,
    what: &str,
    array: &ArrayRef,
    i: usize,
) -> Result<Option<Timestamp>> {
    let value = ScalarValue::try_from_array(array, i)?;
    instant(function, what, &value)
}

/// The Arrow type of the instants the functions return: seconds, UTC.
pub(crate) fn instant_type() -> DataType {
    DataType::Timestamp(TimeUnit::Second, Some("UTC".into()))
}

/// A ticket history as `metrics.compute` takes it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct History {
    id: TicketId,
    events: Vec<Event>,
}

/// Reads a ticket from its JSON: the history `{"id": …, "events": […]}`,
/// or a whole ticket as frontline serialises it (its fields are checked
/// against its history).
pub(crate) fn ticket(json: &str) -> std::result::Result<Ticket, String> {
    match serde_json::from_str::<History>(json) {
        Ok(h) => Ticket::from_events(h.id, h.events).map_err(|e| e.to_string()),
        Err(e) if e.to_string().starts_with("unknown field") => {
            serde_json::from_str::<Ticket>(json).map_err(|e| e.to_string())
        }
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HISTORY: &str = r#"{"id": "T-1", "events": [
        {"at": "2026-11-02T09:00:00Z", "type": "created", "subject": "Retour", "requester": "c1", "channel": "email"}]}"#;

    #[test]
    fn tickets_read_as_histories_or_whole() {
        let t = ticket(HISTORY).unwrap();
        assert_eq!(t.id().as_str(), "T-1");
        let whole = serde_json::to_string(&t).unwrap();
        assert_eq!(ticket(&whole).unwrap(), t);
        let err = ticket(r#"{"id": "T-1"}"#).unwrap_err();
        assert!(err.contains("missing field `events`"), "{err}");
        let err = ticket("[1, 2]").unwrap_err();
        assert!(err.contains("invalid type"), "{err}");
    }

    #[test]
    fn instants_from_timestamps_and_text() {
        let f = "frontline_sla_state";
        let ns = ScalarValue::TimestampNanosecond(Some(1_500_000_000), None);
        assert_eq!(
            instant(f, "now", &ns).unwrap().unwrap().as_unix_seconds(),
            1
        );
        let before = ScalarValue::TimestampMillisecond(Some(-1), Some("UTC".into()));
        assert_eq!(
            instant(f, "now", &before)
                .unwrap()
                .unwrap()
                .as_unix_seconds(),
            -1
        );
        let text = ScalarValue::Utf8(Some("2026-11-02T09:00:00Z".into()));
        assert_eq!(
            instant(f, "now", &text).unwrap().unwrap().to_string(),
            "2026-11-02T09:00:00Z"
        );
        let bad = ScalarValue::Utf8(Some("yesterday".into()));
        let err = instant(f, "now", &bad).unwrap_err().to_string();
        assert!(
            err.contains("frontline_sla_state: now `yesterday`"),
            "{err}"
        );
        assert_eq!(instant(f, "now", &ScalarValue::Utf8(None)).unwrap(), None);
        let int = ScalarValue::Int64(Some(3));
        assert!(instant(f, "now", &int).is_err());
    }
}
