//! The versioned JSON contract: one entry point for every operation.
//!
//! Other languages (through the C ABI), the `jsonl` example and any host that
//! prefers JSON to Rust types use frontline through [`call`]: a request string
//! in, an answer string out. It never panics and never fails: every problem is
//! an error answer with a stable code.
//!
//! # Envelope
//!
//! A request is a JSON object with `schema_version` (always `1` for now), `op`
//! (the operation) and the operation's fields. It may carry an `id` (any JSON
//! value), which the answer echoes, so answers can be matched to requests.
//!
//! ```json
//! {"schema_version": 1, "op": "ticket.summary", "id": 7, "ticket": {...}}
//! ```
//!
//! A success answers `{"schema_version":1,"ok":true,"result":...}`; a failure
//! answers `{"schema_version":1,"ok":false,"error":{"code":"...","message":"..."}}`,
//! where `error` may also carry `index` (the position of the failing item in a
//! list, such as an event). Fields unknown to an operation are rejected, so a
//! misspelt field is never silently ignored.
//!
//! # Error codes
//!
//! | code | meaning |
//! |---|---|
//! | `request.invalid_json` | the request is not JSON |
//! | `request.not_an_object` | the request is JSON but not an object |
//! | `request.too_large` | the request is over [`MAX_REQUEST_BYTES`], or a list in it over its cap ([`MAX_CUSTOMERS`] customers, `once_keys` over [`MAX_RULES`](crate::rules::MAX_RULES)) |
//! | `request.unsupported_schema_version` | `schema_version` is missing or not `1` |
//! | `request.unknown_op` | `op` is missing or names no operation |
//! | `request.invalid` | a field is missing, unknown or of the wrong shape |
//! | `request.unknown_name` | a named object (a calendar) was not built in this session |
//! | `internal` | a bug in frontline (see [`Session::call`]); please report it |
//! | `request.too_many_names` | a session already keeps [`MAX_NAMED_OBJECTS`] objects of that kind |
//! | `request.inline_too_large` | an FAQ given inline is over [`MAX_INLINE_FAQ_TEXTS`] or [`MAX_INLINE_FAQ_BYTES`]: build it with `faq.build`; a triage configuration given inline has over [`MAX_INLINE_FAQ_TEXTS`] training examples or [`MAX_INLINE_FAQ_BYTES`] of JSON: build it with `triage.build` |
//! | `time.*`, `ticket.*`, `identity.*`, `calendar.*`, `sla.*`, `routing.*`, `rules.*`, `faq.*`, `text.*`, `triage.*`, `flow.*`, `reply.*`, `escalation.*`, `staffing.*`, `metrics.*`, `trends.*` | the area's own error ([`FaqError::code`](crate::faq::FaqError::code), [`TriageError::code`](crate::triage::TriageError::code), [`FlowError::code`](crate::flows::FlowError::code), [`ReplyError::code`](crate::reply::ReplyError::code), [`EscalationError::code`](crate::escalation::EscalationError::code), [`StaffingError::code`](crate::staffing::StaffingError::code), [`MetricsError::code`](crate::metrics::MetricsError::code), [`TrendError::code`](crate::trends::TrendError::code), [`TextError::code`](crate::text::TextError::code), [`TimeError::code`](crate::time::TimeError::code), [`TicketError::code`](crate::ticket::TicketError::code), [`CalendarError::code`](crate::calendar::CalendarError::code), [`SlaError::code`](crate::sla::SlaError::code), [`RoutingError::code`](crate::routing::RoutingError::code), [`RulesError::code`](crate::rules::RulesError::code)) |
//!
//! Codes are stable: a code, once published, keeps its meaning.
//!
//! The envelope's keys come in the order above (`schema_version`, `id`,
//! `ok`, then `result` or `error`). Inside a result, key order is not part
//! of the contract (JSON objects are unordered, RFC 8259): compare parsed
//! values, not strings.
//!
//! # Operations
//!
//! ## Catalogue
//!
//! Every operation with its request fields and its result. This table is
//! generated from the dispatch table itself (`src/api/catalogue.rs`), so it
//! lists exactly the operations that run.
//!
#![doc = include_str!("catalogue.md")]
//!
//! ## `ticket.apply`
//! Applies events to a ticket, or creates one. Give either `ticket` (a ticket as
//! returned before) or `ticket_id` (a new ticket, whose first event is
//! `created`), and `events`. Answers `{"ticket": ...}`; on a bad event, the
//! error's `index` is its position in `events` and no partial ticket is returned.
//!
//! ```
//! let answer = frontline::api::call(r#"{
//!   "schema_version": 1, "op": "ticket.apply", "ticket_id": "T-1",
//!   "events": [
//!     {"at": "2026-03-02T09:00:00Z", "type": "created", "subject": "Waar blijft mijn pakket?",
//!      "requester": "c-anna", "channel": "whatsapp"},
//!     {"at": "2026-03-02T09:00:00Z", "type": "message", "author": "customer", "body": "Hoi! Bestelling 1234?"},
//!     {"at": "2026-03-02T09:20:00Z", "type": "status_changed", "to": "pending"}
//!   ]}"#);
//! let answer: serde_json::Value = serde_json::from_str(&answer)?;
//! assert_eq!(answer["ok"], true);
//! assert_eq!(answer["result"]["ticket"]["status"], "pending");
//!
//! let bad = frontline::api::call(r#"{"schema_version": 1, "op": "ticket.apply", "ticket_id": "T-2",
//!   "events": [{"at": "2026-03-02T09:00:00Z", "type": "status_changed", "to": "open"}]}"#);
//! assert_eq!(bad, r#"{"schema_version":1,"ok":false,"error":{"code":"ticket.not_created_first","message":"event 0: the first event of a ticket must be `created`, not `status_changed`","index":0}}"#);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## `ticket.summary`
//! Derives the facts of [`TicketSummary`](crate::ticket::TicketSummary) from `ticket`.
//! Answers the summary object.
//!
//! ```
//! let t = frontline::api::call(r#"{"schema_version":1,"op":"ticket.apply","ticket_id":"T-1","events":[
//!   {"at":"2026-03-02T09:00:00Z","type":"created","subject":"Retour","requester":"c1","channel":"email"},
//!   {"at":"2026-03-02T09:00:00Z","type":"message","author":"customer","body":"Hoe retourneer ik?"}]}"#);
//! let t: serde_json::Value = serde_json::from_str(&t)?;
//! let request = serde_json::json!({"schema_version": 1, "op": "ticket.summary",
//!                                  "ticket": t["result"]["ticket"]});
//! let answer: serde_json::Value = serde_json::from_str(&frontline::api::call(&request.to_string()))?;
//! assert_eq!(answer["result"]["awaiting_agent_reply"], true);
//! assert_eq!(answer["result"]["awaiting_since"], "2026-03-02T09:00:00Z");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## `identity.resolve`
//! Finds the customer behind a channel identity among `customers`. Answers
//! `{"customer": "c1"}`, or `{"customer": null}` for a stranger.
//!
//! ```
//! let answer = frontline::api::call(r#"{"schema_version":1,"op":"identity.resolve",
//!   "customers":[{"id":"c1","identities":[{"type":"phone","value":"+31 6 1234 5678"}]}],
//!   "identity":{"type":"phone","value":"0031612345678"}}"#);
//! assert_eq!(answer, r#"{"schema_version":1,"ok":true,"result":{"customer":"c1"}}"#);
//! ```
//!
//! ## `identity.link`
//! Records that identities `a` and `b` are one person ([`IdentityIndex::link`](crate::customer::IdentityIndex::link)).
//! Answers `{"outcome": ..., "customer": ...}`: the [`LinkOutcome`](crate::customer::LinkOutcome)
//! and the customer record to store (for a merge, the survivor merged with the
//! absorbed customer by [`Customer::merge`](crate::Customer::merge); the host
//! removes the absorbed record or marks it merged).
//!
//! ```
//! let answer = frontline::api::call(r#"{"schema_version":1,"op":"identity.link",
//!   "customers":[{"id":"c1","name":"Anna","identities":[{"type":"email","value":"anna@example.nl"}]},
//!                {"id":"c7","plan":"plus","identities":[{"type":"chat","value":"v-42"}]}],
//!   "a":{"type":"chat","value":"v-42"}, "b":{"type":"email","value":"ANNA@example.nl"}}"#);
//! let answer: serde_json::Value = serde_json::from_str(&answer)?;
//! assert_eq!(answer["result"]["outcome"]["kind"], "merged");
//! assert_eq!(answer["result"]["outcome"]["survivor"], "c1");
//! assert_eq!(answer["result"]["customer"]["plan"], "plus");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

//!
//! ## Calendar operations
//!
//! Each takes a `calendar`: a [`CalendarSpec`](crate::CalendarSpec) object, or
//! the name of one built earlier in the session with `calendar.build`
//! (building compiles the calendar, about a millisecond; a named calendar is
//! then reused for free). Instants are RFC 3339 with any offset in requests,
//! UTC with `Z` in answers; durations are whole seconds.
//!
//! Their request fields and results are in the [catalogue](#catalogue).
//!
//! ```
//! let answer = frontline::api::call(r#"{"schema_version":1,"op":"calendar.add",
//!   "calendar":{"time_zone":"Europe/Amsterdam","hours":{"mon":[["09:00","17:00"]],
//!     "tue":[["09:00","17:00"]],"wed":[["09:00","17:00"]],"thu":[["09:00","17:00"]],"fri":[["09:00","17:00"]]}},
//!   "start":"2026-03-27T15:00:00Z","seconds":7200}"#);
//! assert_eq!(answer, r#"{"schema_version":1,"ok":true,"result":{"instant":"2026-03-30T08:00:00Z"}}"#);
//!
//! let mut session = frontline::api::Session::new();
//! session.call(r#"{"schema_version":1,"op":"calendar.build","name":"chat",
//!   "calendar":{"time_zone":"UTC","hours":{"mon":[["00:00","24:00"]],"tue":[["00:00","24:00"]],
//!   "wed":[["00:00","24:00"]],"thu":[["00:00","24:00"]],"fri":[["00:00","24:00"]],
//!   "sat":[["00:00","24:00"]],"sun":[["00:00","24:00"]]}}}"#);
//! let answer = session.call(r#"{"schema_version":1,"op":"calendar.between","calendar":"chat",
//!   "from":"2026-03-28T12:00:00+01:00","to":"2026-03-29T12:00:00+02:00"}"#);
//! assert_eq!(answer, r#"{"schema_version":1,"ok":true,"result":{"seconds":82800}}"#);
//!
//! let answer = frontline::api::call(r#"{"schema_version":1,"op":"holidays.list","country":"NL","year":2026}"#);
//! assert!(answer.contains(r#"{"date":"2026-04-27","name":"King's Day","optional":false,"substitute":false}"#));
//! ```
//!
//! ## SLA operations
//!
//! Their request fields and results are in the [catalogue](#catalogue).
//!
//! ```
//! let mut session = frontline::api::Session::new();
//! let built = session.call(r#"{"schema_version":1,"op":"sla.build","name":"std","policies":{
//!   "policies":[{"name":"Chat","targets":{"first_reply_time":{"normal":"5m"}}}]}}"#);
//! assert!(built.contains(r#""ok":true"#));
//! let ticket = frontline::api::call(r#"{"schema_version":1,"op":"ticket.apply","ticket_id":"T-1","events":[
//!   {"at":"2026-03-02T09:00:00Z","type":"created","subject":"Hulp","requester":"c1","channel":"chat"},
//!   {"at":"2026-03-02T09:00:00Z","type":"message","author":"customer","body":"Hallo?"}]}"#);
//! let ticket: serde_json::Value = serde_json::from_str(&ticket)?;
//! let request = serde_json::json!({"schema_version": 1, "op": "sla.evaluate", "policies": "std",
//!     "ticket": ticket["result"]["ticket"], "now": "2026-03-02T09:02:00Z"});
//! let answer: serde_json::Value = serde_json::from_str(&session.call(&request.to_string()))?;
//! assert_eq!(answer["result"]["reply_by"], "2026-03-02T09:05:00Z");
//! assert_eq!(answer["result"]["next_change_at"], "2026-03-02T09:03:45Z"); // the warning, at 25 % left
//! assert_eq!(answer["result"]["report"]["metrics"][0]["cycles"][0]["state"], "active");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Routing operations
//!
//! Their request fields and results are in the [catalogue](#catalogue).
//!
//! ```
//! let answer = frontline::api::call(r#"{"schema_version":1,"op":"routing.route",
//!   "policy": {"strategy": "least_loaded"},
//!   "agents": [{"id": "a1", "presence": {"status": "online"}, "capacity": {"per_channel": {"chat": 2}}, "load": {"chat": 2}},
//!              {"id": "a2", "presence": {"status": "online"}, "capacity": {"per_channel": {"chat": 2}}}],
//!   "item": {"ticket": "T-9", "channel": "chat", "enqueued_at": "2026-03-02T09:00:00Z"},
//!   "now": "2026-03-02T09:00:03Z"}"#);
//! let answer: serde_json::Value = serde_json::from_str(&answer)?;
//! assert_eq!(answer["result"], serde_json::json!({"ticket": "T-9", "outcome": "assigned",
//!   "agent": "a2", "by": "least_loaded", "relaxation_step": null,
//!   "rejected": [{"agent": "a1", "reason": "at_capacity", "channel": "chat", "load": 2, "capacity": 2}]}));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Rules operations
//!
//! Their request fields and results are in the [catalogue](#catalogue).
//!
//! ```
//! let answer = frontline::api::call(r#"{"schema_version":1,"op":"rules.parse","text":"priority >= high"}"#);
//! assert_eq!(answer, r#"{"schema_version":1,"ok":true,"result":{"condition":{"field":"priority","op":"gte","value":"high"}}}"#);
//! let answer = frontline::api::call(r#"{"schema_version":1,"op":"rules.parse","text":"priority >="}"#);
//! assert!(answer.contains(r#""code":"rules.syntax","message":"line 1, column 12: expected a value""#));
//! ```
//!
//! ## FAQ and text operations
//!
//! Their request fields and results are in the [catalogue](#catalogue).
//!
//! Building an index learns from its entries (about 7 ms for 77 entries of 5
//! phrasings, 90 ms for 1,000 entries of 10); build it once with `faq.build`
//! and search it by name. An FAQ given inline is built on every call, so it
//! is capped at [`MAX_INLINE_FAQ_TEXTS`] texts and [`MAX_INLINE_FAQ_BYTES`]
//! (about 30 ms to build); a larger one is refused with
//! `request.inline_too_large`.
//!
//! ```
//! let mut session = frontline::api::Session::new();
//! let built = session.call(r#"{"schema_version":1,"op":"faq.build","name":"shop","entries":[
//!   {"id":"returns","locales":["nl"],"question":"Hoe stuur ik iets terug?","phrasings":["retourneren","retourlabel"],
//!    "answer":"Binnen 30 dagen, gratis."},
//!   {"id":"delivery","locales":["nl"],"question":"Wanneer komt mijn pakket?","phrasings":["bezorgtijd","pakket niet ontvangen"],
//!    "answer":"Voor 22:00 besteld, morgen in huis."}]}"#);
//! let built: serde_json::Value = serde_json::from_str(&built)?;
//! assert_eq!(built["result"], serde_json::json!({"name": "shop", "entries": 2, "langs": ["nl"]}));
//! let answer = session.call(r#"{"schema_version":1,"op":"faq.search","faq":"shop","query":"Mijn pakket is nog niet ontvangen"}"#);
//! let answer: serde_json::Value = serde_json::from_str(&answer)?;
//! assert_eq!(answer["result"]["matches"][0]["id"], "delivery");
//! assert_eq!(answer["result"]["lang"], "nl");
//!
//! let answer = frontline::api::call(r#"{"schema_version":1,"op":"text.detect_language","text":"mot de passe oublié"}"#);
//! assert!(answer.contains(r#""lang":"fr""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod catalogue;
mod ops;

use serde_json::Value;

/// The schema version this crate speaks.
pub const SCHEMA_VERSION: u64 = 1;

/// The largest request accepted, in bytes (16 MiB).
pub const MAX_REQUEST_BYTES: usize = 16 * 1024 * 1024;

/// The names of every operation this version of the contract knows
/// (`ticket.apply`, `calendar.add`, ...), in the order of the catalogue
/// above. Bindings use it to check or list what they can call.
///
/// ```
/// assert!(frontline::api::operations().any(|op| op == "faq.search"));
/// ```
pub fn operations() -> impl Iterator<Item = &'static str> {
    catalogue::names()
}

/// Runs one JSON request and returns its JSON answer. Never panics.
///
/// Stateless: each call starts from nothing. A stream of requests that keeps
/// named objects (a built FAQ index, a compiled rule set) between calls uses a
/// [`Session`].
///
/// ```
/// let answer = frontline::api::call("{not json");
/// assert!(answer.starts_with(r#"{"schema_version":1,"ok":false,"error":{"code":"request.invalid_json""#));
/// let answer = frontline::api::call(r#"{"schema_version":2,"op":"ticket.summary"}"#);
/// assert!(answer.contains("request.unsupported_schema_version"));
/// ```
pub fn call(request: &str) -> String {
    Session::new().call(request)
}

/// The most texts (questions and phrasings) of an FAQ given inline to
/// `faq.search` or `faq.related`: it is built on every such call, so it is
/// kept to what builds in about 30 ms. Build larger FAQs once with
/// `faq.build` and search them by name.
pub const MAX_INLINE_FAQ_TEXTS: usize = 1_500;

/// The most bytes of text (questions, phrasings, answers, tags, locales,
/// context values and synonyms together, and 4 bytes per value of the
/// entries' vectors) of an FAQ given inline (see [`MAX_INLINE_FAQ_TEXTS`]):
/// 96 KiB.
pub const MAX_INLINE_FAQ_BYTES: usize = 96 * 1024;

/// The most customers `identity.resolve` and `identity.link` take. The
/// identity index is built per call, linear in the identities: 50,000
/// customers of two identities resolve in about 180 ms, most of it reading
/// the 6 MB request (`cargo bench -p frontline-benches --bench ticket -- identity`); keep larger
/// directories in the host and send the candidates.
pub const MAX_CUSTOMERS: usize = 50_000;

/// The most named objects (of each kind) one [`Session`] keeps.
pub const MAX_NAMED_OBJECTS: usize = 64;

/// A sequence of requests that share state, such as the lines of one JSON-lines
/// stream.
///
/// Operations that build something expensive store it in the session under a
/// name the request gives, and later requests use it by that name: a calendar
/// built with `calendar.build` can be passed as `"calendar": "office"`.
/// A calendar built with `calendar.build` may also be named by the policies
/// of `sla.build`, the conditions of `rules.build` and the shifts of a
/// routing policy in later requests, so it is compiled once for all of them;
/// a configuration that defines a calendar of the same name itself uses its
/// own definition (the request says exactly what it means; this differs
/// from the Rust API, where both at once is `calendar.defined_twice`,
/// because a JSON host may have written its configurations before session
/// calendars were shared). A policy set, rule set or FAQ index built earlier
/// keeps the calendar it was built with when `calendar.build` later
/// replaces that name: rebuild it to pick up the new one. Building under an
/// existing name replaces it. A session
/// keeps at most
/// [`MAX_NAMED_OBJECTS`] objects of each kind.
///
/// Cloning a session is cheap: the named objects are shared, not copied, so
/// a host can keep a prepared session and hand out copies.
#[derive(Debug, Default, Clone)]
pub struct Session {
    calendars: crate::calendar::Calendars,
    policy_sets: std::collections::BTreeMap<String, std::sync::Arc<crate::sla::PolicySet>>,
    rule_sets: std::collections::BTreeMap<String, std::sync::Arc<crate::rules::RuleSet>>,
    faqs: std::collections::BTreeMap<String, std::sync::Arc<crate::faq::FaqIndex>>,
    triagers: std::collections::BTreeMap<String, std::sync::Arc<crate::triage::Triager>>,
    flows: std::collections::BTreeMap<String, std::sync::Arc<crate::flows::Flow>>,
    replies: std::collections::BTreeMap<String, std::sync::Arc<crate::reply::TemplateSet>>,
}

impl Session {
    /// An empty session.
    pub fn new() -> Session {
        Session::default()
    }

    /// Runs one JSON request in this session and returns its JSON answer.
    /// Never panics.
    ///
    /// A UTF-8 byte-order mark before the request is ignored (some platforms
    /// write one at the start of every line).
    ///
    /// # `internal` answers
    ///
    /// frontline's code is written and linted not to panic. As a last line
    /// of defence, a panic inside an operation is caught here and answered
    /// with the code `internal` and the operation's name. Such an answer is
    /// a bug in frontline: please report it with the request. The panic's
    /// message still goes to the process's panic hook (by default,
    /// standard error). A host built with `panic = "abort"` gets no such
    /// answer: the process stops. The session stays usable: named objects are
    /// replaced only after a request has built the new one.
    pub fn call(&mut self, request: &str) -> String {
        let request = request.strip_prefix('\u{feff}').unwrap_or(request);
        let mut seen = Seen::default();
        let (id, outcome) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.dispatch(request, &mut seen)
        }))
        .unwrap_or_else(|_| {
            let op = seen.op.as_deref().unwrap_or("none");
            (
                seen.id,
                Err(ApiError::new(
                    "internal",
                    format!(
                        "internal error in op `{}`: this is a bug in frontline; please report it with the request",
                        crate::util::excerpt(op)
                    ),
                )),
            )
        });
        let (result, error) = match outcome {
            Ok(result) => (Some(result), None),
            Err(error) => (None, Some(error)),
        };
        let answer = Answer {
            schema_version: SCHEMA_VERSION,
            id,
            ok: error.is_none(),
            result,
            error: error.as_ref().map(ApiError::to_json),
        };
        // Serialising a tree of JSON values to a string cannot fail.
        serde_json::to_string(&answer).unwrap_or_default()
    }

    /// Runs `request`, noting its id and operation as soon as they are known
    /// (for the `internal` answer should it panic).
    fn dispatch(
        &mut self,
        request: &str,
        seen: &mut Seen,
    ) -> (Option<Value>, Result<Value, ApiError>) {
        if request.len() > MAX_REQUEST_BYTES {
            return (
                None,
                Err(ApiError::new(
                    "request.too_large",
                    format!(
                        "request of {} bytes exceeds the limit of {MAX_REQUEST_BYTES}",
                        request.len()
                    ),
                )),
            );
        }
        let value: Value = match serde_json::from_str(request) {
            Ok(v) => v,
            Err(e) => {
                return (
                    None,
                    Err(ApiError::new(
                        "request.invalid_json",
                        format!("invalid json: {e}"),
                    )),
                );
            }
        };
        let Value::Object(mut fields) = value else {
            return (
                None,
                Err(ApiError::new(
                    "request.not_an_object",
                    "a request must be a json object",
                )),
            );
        };
        let id = fields.remove("id");
        let version = fields.remove("schema_version");
        if version.as_ref().and_then(Value::as_u64) != Some(SCHEMA_VERSION) {
            let shown = version.map_or_else(
                || "none".to_owned(),
                |v| crate::util::excerpt(&v.to_string()),
            );
            return (
                id,
                Err(ApiError::new(
                    "request.unsupported_schema_version",
                    format!(
                        "unsupported schema_version `{shown}`: this crate speaks version {SCHEMA_VERSION}"
                    ),
                )),
            );
        }
        let op = match fields.remove("op") {
            Some(Value::String(op)) => op,
            _ => {
                return (
                    id,
                    Err(ApiError::new(
                        "request.unknown_op",
                        "missing string field `op`",
                    )),
                );
            }
        };
        seen.op = Some(op.clone());
        seen.id.clone_from(&id);
        let outcome = ops::run(self, &op, fields);
        (id, outcome)
    }
}

/// What a request said of itself before it ran.
#[derive(Default)]
struct Seen {
    op: Option<String>,
    id: Option<Value>,
}

/// An error answer: a stable code, a message, and optionally the index of the
/// failing item in a list.
#[derive(Debug)]
pub(crate) struct ApiError {
    code: &'static str,
    message: String,
    index: Option<usize>,
}

impl ApiError {
    fn new(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            index: None,
        }
    }

    fn at(mut self, index: usize) -> ApiError {
        self.index = Some(index);
        self
    }

    fn to_json(&self) -> ErrorJson<'_> {
        ErrorJson {
            code: self.code,
            message: &self.message,
            index: self.index,
        }
    }
}

/// An answer's envelope, its keys in the documented order (a struct, so the
/// order does not depend on serde_json's map type).
#[derive(serde::Serialize)]
struct Answer<'a> {
    schema_version: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<Value>,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    result: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorJson<'a>>,
}

/// An error answer's `error` object.
#[derive(serde::Serialize)]
struct ErrorJson<'a> {
    code: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    index: Option<usize>,
}

impl From<crate::calendar::CalendarError> for ApiError {
    fn from(e: crate::calendar::CalendarError) -> ApiError {
        ApiError::new(e.code(), e.to_string())
    }
}

impl From<crate::sla::SlaError> for ApiError {
    fn from(e: crate::sla::SlaError) -> ApiError {
        ApiError::new(e.code(), e.to_string())
    }
}

impl From<crate::routing::RoutingError> for ApiError {
    fn from(e: crate::routing::RoutingError) -> ApiError {
        ApiError::new(e.code(), e.to_string())
    }
}

impl From<crate::rules::RulesError> for ApiError {
    fn from(e: crate::rules::RulesError) -> ApiError {
        ApiError::new(e.code(), e.to_string())
    }
}

impl From<crate::faq::FaqError> for ApiError {
    fn from(e: crate::faq::FaqError) -> ApiError {
        ApiError::new(e.code(), e.to_string())
    }
}

impl From<crate::triage::TriageError> for ApiError {
    fn from(e: crate::triage::TriageError) -> ApiError {
        ApiError::new(e.code(), e.to_string())
    }
}

impl From<crate::flows::FlowError> for ApiError {
    fn from(e: crate::flows::FlowError) -> ApiError {
        ApiError::new(e.code(), e.to_string())
    }
}

impl From<crate::reply::ReplyError> for ApiError {
    fn from(e: crate::reply::ReplyError) -> ApiError {
        ApiError::new(e.code(), e.to_string())
    }
}

impl From<crate::escalation::EscalationError> for ApiError {
    fn from(e: crate::escalation::EscalationError) -> ApiError {
        ApiError::new(e.code(), e.to_string())
    }
}

impl From<crate::trends::TrendError> for ApiError {
    fn from(e: crate::trends::TrendError) -> ApiError {
        ApiError::new(e.code(), e.to_string())
    }
}

impl From<crate::metrics::MetricsError> for ApiError {
    fn from(e: crate::metrics::MetricsError) -> ApiError {
        ApiError::new(e.code(), e.to_string())
    }
}

impl From<crate::staffing::StaffingError> for ApiError {
    fn from(e: crate::staffing::StaffingError) -> ApiError {
        ApiError::new(e.code(), e.to_string())
    }
}

impl From<crate::text::TextError> for ApiError {
    fn from(e: crate::text::TextError) -> ApiError {
        ApiError::new(e.code(), e.to_string())
    }
}

impl From<crate::ticket::TicketError> for ApiError {
    fn from(e: crate::ticket::TicketError) -> ApiError {
        let index = e.event_index();
        ApiError {
            code: e.code(),
            message: e.to_string(),
            index,
        }
    }
}

#[cfg(test)]
mod tests;
