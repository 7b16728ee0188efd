//! One error type over every area, for hosts that just want `?`.

use thiserror::Error;

/// Any error of the crate: each area's own error, wrapped.
///
/// Every area keeps its own error type (with [`code`](Error::code)s stable
/// for the JSON API); this enum lets a host that calls several areas use `?`
/// on all of them and still match or log the area's error.
///
/// ```
/// # #[cfg(feature = "calendar")] {
/// fn setup() -> Result<frontline::BusinessCalendar, frontline::Error> {
///     let zone = "Europe/Amsterdam".parse()?; // a time error
///     let spec = frontline::CalendarSpec::new(zone).open(&[frontline::time::Weekday::Mon], "09:00", "17:00")?;
///     Ok(frontline::BusinessCalendar::new(&spec)?) // a calendar error
/// }
/// assert!(setup().is_ok());
/// let err: frontline::Error = "Mars/Base".parse::<frontline::time::Zone>().unwrap_err().into();
/// assert_eq!(err.code(), "time.unknown_zone");
/// assert_eq!(err.to_string(), "unknown time zone `Mars/Base`");
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum Error {
    /// Parsing or converting a time value.
    #[error(transparent)]
    Time(#[from] crate::time::TimeError),
    /// Tickets, customers and identities.
    #[error(transparent)]
    Ticket(#[from] crate::ticket::TicketError),
    #[cfg(feature = "calendar")]
    /// Business calendars.
    #[error(transparent)]
    Calendar(#[from] crate::calendar::CalendarError),
    #[cfg(feature = "sla")]
    /// SLA policies.
    #[error(transparent)]
    Sla(#[from] crate::sla::SlaError),
    #[cfg(feature = "routing")]
    /// Routing.
    #[error(transparent)]
    Routing(#[from] crate::routing::RoutingError),
    #[cfg(feature = "rules")]
    /// Rules.
    #[error(transparent)]
    Rules(#[from] crate::rules::RulesError),
    #[cfg(feature = "text")]
    /// Text analysis.
    #[error(transparent)]
    Text(#[from] crate::text::TextError),
    #[cfg(feature = "faq")]
    /// FAQ matching.
    #[error(transparent)]
    Faq(#[from] crate::faq::FaqError),
    #[cfg(feature = "triage")]
    /// Triage.
    #[error(transparent)]
    Triage(#[from] crate::triage::TriageError),
    #[cfg(feature = "flows")]
    /// Guided flows.
    #[error(transparent)]
    Flow(#[from] crate::flows::FlowError),
    #[cfg(feature = "reply")]
    /// Reply templates.
    #[error(transparent)]
    Reply(#[from] crate::reply::ReplyError),
    #[cfg(feature = "escalation")]
    /// Escalation summaries.
    #[error(transparent)]
    Escalation(#[from] crate::escalation::EscalationError),
    #[cfg(feature = "staffing")]
    /// Staffing.
    #[error(transparent)]
    Staffing(#[from] crate::staffing::StaffingError),
    #[cfg(feature = "metrics")]
    /// KPIs and goals.
    #[error(transparent)]
    Metrics(#[from] crate::metrics::MetricsError),
    #[cfg(feature = "trends")]
    /// Contact-reason trends.
    #[error(transparent)]
    Trends(#[from] crate::trends::TrendError),
}

impl Error {
    /// The stable code of the wrapped error (`calendar.overlap`,
    /// `time.unknown_zone`, ...), as the JSON API reports it.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Time(e) => e.code(),
            Error::Ticket(e) => e.code(),
            #[cfg(feature = "calendar")]
            Error::Calendar(e) => e.code(),
            #[cfg(feature = "sla")]
            Error::Sla(e) => e.code(),
            #[cfg(feature = "routing")]
            Error::Routing(e) => e.code(),
            #[cfg(feature = "rules")]
            Error::Rules(e) => e.code(),
            #[cfg(feature = "text")]
            Error::Text(e) => e.code(),
            #[cfg(feature = "faq")]
            Error::Faq(e) => e.code(),
            #[cfg(feature = "triage")]
            Error::Triage(e) => e.code(),
            #[cfg(feature = "flows")]
            Error::Flow(e) => e.code(),
            #[cfg(feature = "reply")]
            Error::Reply(e) => e.code(),
            #[cfg(feature = "escalation")]
            Error::Escalation(e) => e.code(),
            #[cfg(feature = "staffing")]
            Error::Staffing(e) => e.code(),
            #[cfg(feature = "metrics")]
            Error::Metrics(e) => e.code(),
            #[cfg(feature = "trends")]
            Error::Trends(e) => e.code(),
        }
    }
}
