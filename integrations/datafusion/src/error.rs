//! The integration's error type.

use datafusion::error::DataFusionError;

/// What went wrong in a frontline function, in its registration or in a
/// plan's codec.
///
/// Every error reaches DataFusion as [`DataFusionError::External`] wrapping
/// this type, so a host can downcast it and read [`code`](Error::code).
/// Messages are lowercase and name the function and the offending value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An argument of the wrong type or shape, or a constant argument
    /// (options, policy set, `now`) that is not a constant.
    #[error("{function}: {reason}")]
    Argument {
        /// The SQL function.
        function: &'static str,
        /// What is wrong, naming the argument.
        reason: String,
    },
    /// A row whose ticket could not be read, or that frontline refused.
    #[error("{function}: row `{excerpt}`: {reason}")]
    MalformedRow {
        /// The SQL function.
        function: &'static str,
        /// The row's first 80 characters.
        excerpt: String,
        /// Why it was refused.
        reason: String,
    },
    /// A calendar or policy set that is not registered.
    #[error("{function}: no {what} called `{name}` is registered")]
    Unknown {
        /// The SQL function.
        function: &'static str,
        /// `calendar` or `policy set`.
        what: &'static str,
        /// The name given.
        name: String,
    },
    /// A partial aggregate state that does not read back: a plan mixing
    /// different registrations, or bytes damaged on the way.
    #[error("{function}: partial state: {reason}")]
    State {
        /// The SQL function.
        function: &'static str,
        /// Why the state was refused.
        reason: String,
    },
    /// A function definition in a serialised plan that does not decode.
    #[error("codec: {reason}")]
    Codec {
        /// Why.
        reason: String,
    },
    /// Building the functions: a calendar or policy set that does not
    /// compile, or a period that ends before it starts.
    #[error(transparent)]
    Frontline(#[from] frontline::Error),
}

impl Error {
    /// A stable code: `datafusion.argument`, `datafusion.malformed_row`,
    /// `datafusion.unknown_name`, `datafusion.state`, `datafusion.codec`,
    /// or frontline's own code for [`Error::Frontline`].
    pub fn code(&self) -> &'static str {
        match self {
            Error::Argument { .. } => "datafusion.argument",
            Error::MalformedRow { .. } => "datafusion.malformed_row",
            Error::Unknown { .. } => "datafusion.unknown_name",
            Error::State { .. } => "datafusion.state",
            Error::Codec { .. } => "datafusion.codec",
            Error::Frontline(e) => e.code(),
        }
    }
}

impl From<Error> for DataFusionError {
    fn from(e: Error) -> DataFusionError {
        DataFusionError::External(Box::new(e))
    }
}

/// The first 80 characters of `s`, on a character boundary.
pub(crate) fn excerpt(s: &str) -> String {
    match s.char_indices().nth(80) {
        Some((end, _)) => format!("{}…", &s[..end]),
        None => s.to_owned(),
    }
}

pub(crate) fn argument(function: &'static str, reason: impl Into<String>) -> DataFusionError {
    Error::Argument {
        function,
        reason: reason.into(),
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_stop_on_a_character_boundary() {
        let long = "é".repeat(100);
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), 81);
        assert!(cut.ends_with('…'));
        assert_eq!(excerpt("short"), "short");
    }

    #[test]
    fn codes_are_stable() {
        let e = Error::Unknown {
            function: "frontline_kpis",
            what: "calendar",
            name: "support".into(),
        };
        assert_eq!(e.code(), "datafusion.unknown_name");
        assert_eq!(
            e.to_string(),
            "frontline_kpis: no calendar called `support` is registered"
        );
    }
}
