//! The operations of the JSON contract as data: each name with its handler
//! and its row in the documentation. Dispatch looks the name up here, and the
//! catalogue in the [module docs](super) (`catalogue.md`) is generated from
//! this table by a test, so the docs cannot list an operation that does not
//! run or miss one that does.

use serde_json::{Map, Value};

use super::ops;
use super::{ApiError, Session};

/// A handler: the request's fields (envelope removed) in, the result out.
pub(super) type Handler =
    fn(&mut Session, &str, &mut Map<String, Value>) -> Result<Value, ApiError>;

/// One operation.
pub(super) struct Op {
    /// `family.verb`.
    pub name: &'static str,
    /// The function that runs it (one per family; it dispatches on `name`).
    pub run: Handler,
    /// The request's fields, as the docs list them (Markdown; read by the
    /// test that generates the docs).
    #[cfg_attr(not(test), allow(dead_code))]
    pub fields: &'static str,
    /// The result, as the docs describe it (Markdown).
    #[cfg_attr(not(test), allow(dead_code))]
    pub result: &'static str,
    /// The error codes it may answer besides the envelope's `request.*`
    /// (Markdown; an area's codes are listed on its error type).
    #[cfg_attr(not(test), allow(dead_code))]
    pub errors: &'static str,
}

/// Every operation this version knows, in the order the docs list them.
pub(super) const OPS: &[Op] = &[
    Op {
        name: "ticket.apply",
        errors: "`ticket.*`, `time.*`",
        run: ops::tickets,
        fields: r##"`ticket` (a ticket as returned before) or `ticket_id` (a new ticket), `events`"##,
        result: r#"`{"ticket"}`; on a bad event the error's `index` is its position in `events`"#,
    },
    Op {
        name: "ticket.summary",
        errors: "`ticket.*`, `time.*`",
        run: ops::tickets,
        fields: r##"`ticket`"##,
        result: r##"a [`TicketSummary`](crate::ticket::TicketSummary)"##,
    },
    Op {
        name: "identity.resolve",
        errors: "`ticket.*`",
        run: ops::tickets,
        fields: r##"`customers`, `identity`"##,
        result: r#"`{"customer"}`: the id, or null for a stranger"#,
    },
    Op {
        name: "identity.link",
        errors: "`ticket.*`",
        run: ops::tickets,
        fields: r##"`customers`, `a`, `b` (identities)"##,
        result: r#"`{"outcome", "customer"}`: the [`LinkOutcome`](crate::customer::LinkOutcome) and the customer record to store"#,
    },
    Op {
        name: "calendar.build",
        errors: "`calendar.*`, `time.*`",
        run: ops::calendars,
        fields: r##"`name`, `calendar`"##,
        result: r#"`{"name", "time_zone", "hours", "weekly_open_seconds", "holidays", "shifts", "breaks", "public_holidays", "horizon": {"from", "to"}}`: the weekly hours as given, the open seconds of a week (their union), counts of dated entries"#,
    },
    Op {
        name: "calendar.add",
        errors: "`calendar.*`, `time.*`",
        run: ops::calendars,
        fields: r##"`calendar`, `start`, `seconds`"##,
        result: r#"`{"instant"}`"#,
    },
    Op {
        name: "calendar.sub",
        errors: "`calendar.*`, `time.*`",
        run: ops::calendars,
        fields: r##"`calendar`, `end`, `seconds`"##,
        result: r#"`{"instant"}`"#,
    },
    Op {
        name: "calendar.between",
        errors: "`calendar.*`, `time.*`",
        run: ops::calendars,
        fields: r##"`calendar`, `from`, `to`"##,
        result: r#"`{"seconds"}`"#,
    },
    Op {
        name: "calendar.is_open",
        errors: "`calendar.*`, `time.*`",
        run: ops::calendars,
        fields: r##"`calendar`, `at`"##,
        result: r#"`{"open": bool}`"#,
    },
    Op {
        name: "calendar.next_open",
        errors: "`calendar.*`, `time.*`",
        run: ops::calendars,
        fields: r##"`calendar`, `at`"##,
        result: r#"`{"instant"}`"#,
    },
    Op {
        name: "calendar.next_close",
        errors: "`calendar.*`, `time.*`",
        run: ops::calendars,
        fields: r##"`calendar`, `at`"##,
        result: r#"`{"instant"}`"#,
    },
    Op {
        name: "calendar.open_intervals",
        errors: "`calendar.*`, `time.*`",
        run: ops::calendars,
        fields: r##"`calendar`, `from`, `to`"##,
        result: r#"`{"intervals": [[start, end], ...]}`"#,
    },
    Op {
        name: "holidays.list",
        errors: "`calendar.year_out_of_range`, `calendar.unknown_country`",
        run: ops::calendars,
        fields: r##"`country` (ISO 3166 alpha-2), `year`"##,
        result: r#"`{"holidays": [{"date", "name", "optional", "substitute"}]}`"#,
    },
    Op {
        name: "sla.build",
        errors: "`sla.*`, `rules.*` (policy conditions), `calendar.*`, `ticket.*`, `time.*`",
        run: ops::sla,
        fields: r##"`name`, `policies` ([`PolicySetSpec`](crate::sla::PolicySetSpec))"##,
        result: r#"`{"name"}`"#,
    },
    Op {
        name: "sla.evaluate",
        errors: "`sla.*`, `rules.*` (policy conditions), `calendar.*`, `ticket.*`, `time.*`",
        run: ops::sla,
        fields: r#"`policies` (an object or a name), `ticket`, `now`, optional `customer`, optional `options` (`{"off_hours_periods": true}`)"#,
        result: r#"`{"next_change_at", "reply_by", "reply_due", "report"}` ([`SlaReport`](crate::sla::SlaReport); `reply_due` is [`ReplyDue`](crate::sla::ReplyDue) or null)"#,
    },
    Op {
        name: "routing.route",
        errors: "`routing.*`, `calendar.*`, `ticket.*`, `time.*`",
        run: ops::routing,
        fields: r##"`policy` (optional), `agents`, `item`, `now`"##,
        result: r##"a [`Decision`](crate::routing::Decision)"##,
    },
    Op {
        name: "routing.assign_backlog",
        errors: "`routing.*`, `calendar.*`, `ticket.*`, `time.*`",
        run: ops::routing,
        fields: r##"`policy` (optional), `agents`, `items`, `now`"##,
        result: r#"`{"assignments": [{"ticket", "agent"}]}`"#,
    },
    Op {
        name: "routing.order_queue",
        errors: "`routing.*`, `calendar.*`, `ticket.*`, `time.*`",
        run: ops::routing,
        fields: r##"`policy` (optional), `items`, `now`"##,
        result: r#"`{"tickets": [...]}` in serving order"#,
    },
    Op {
        name: "rules.build",
        errors: "`rules.*`, `calendar.*`, `ticket.*`, `time.*`",
        run: ops::rules,
        fields: r##"`name`, `rules` ([`RuleSetSpec`](crate::rules::RuleSetSpec))"##,
        result: r#"`{"name", "rules"}`"#,
    },
    Op {
        name: "rules.evaluate",
        errors: "`rules.*`, `calendar.*`, `ticket.*`, `time.*`",
        run: ops::rules,
        fields: r#"`rules` (object or name), `run` (`"event"` or `"time"`; default `"event"` with a ticket, `"time"` without), optional `ticket`, `customer`, `once_keys`, `options` (`{"trace": false}`), `now`"#,
        result: r##"an [`Evaluation`](crate::rules::Evaluation)"##,
    },
    Op {
        name: "rules.next_due_at",
        errors: "`rules.*`, `calendar.*`, `ticket.*`, `time.*`",
        run: ops::rules,
        fields: r##"as `rules.evaluate`"##,
        result: r#"`{"next_due_at"}`"#,
    },
    Op {
        name: "rules.parse",
        errors: "`rules.*`, `calendar.*`, `ticket.*`, `time.*`",
        run: ops::rules,
        fields: r##"`text`"##,
        result: r#"`{"condition"}`"#,
    },
    Op {
        name: "rules.import_zendesk",
        errors: "`rules.*`, `calendar.*`, `ticket.*`, `time.*`",
        run: ops::rules,
        fields: r##"`rule` or `rules`, optional `automation`, `calendar` (a name of 1 to 128 bytes), `locales` (at most 1,000 ids) ([`ZendeskImport`](crate::rules::ZendeskImport))"##,
        result: r#"`{"rules": [...]}`, in Zendesk's `position` order (rules without one last, as listed)"#,
    },
    Op {
        name: "rules.import_chatwoot",
        errors: "`rules.*`, `calendar.*`, `ticket.*`, `time.*`",
        run: ops::rules,
        fields: r##"`rule` or `rules`"##,
        result: r#"`{"rules": [...]}`"#,
    },
    Op {
        name: "rules.export_zendesk",
        errors: "`rules.*`, `calendar.*`, `ticket.*`, `time.*`",
        run: ops::rules,
        fields: r##"`rules` (a [`RuleSetSpec`](crate::rules::RuleSetSpec))"##,
        result: r#"`{"rules": [...]}` in the other system's JSON"#,
    },
    Op {
        name: "rules.export_chatwoot",
        errors: "`rules.*`, `calendar.*`, `ticket.*`, `time.*`",
        run: ops::rules,
        fields: r##"`rules` (a [`RuleSetSpec`](crate::rules::RuleSetSpec))"##,
        result: r#"`{"rules": [...]}` in the other system's JSON"#,
    },
    Op {
        name: "faq.build",
        errors: "`faq.*`, `text.*`, `ticket.invalid_locale`",
        run: ops::faq,
        fields: r##"`name`, `entries` ([`FaqEntry`](crate::faq::FaqEntry) list), optional `config` ([`FaqConfig`](crate::faq::FaqConfig))"##,
        result: r#"`{"name", "entries", "langs"}`"#,
    },
    Op {
        name: "faq.search",
        errors: "`faq.*`, `text.*`, `ticket.invalid_locale`",
        run: ops::faq,
        fields: r#"`faq` (a name, or `{"entries", "config"}` built for this request), `query`, optional `context` ([`SearchContext`](crate::faq::SearchContext)), optional `k` (default 3), optional `vector` (the query's sentence vector, for an index whose entries have vectors: [`FaqIndex::search_with_vector`](crate::faq::FaqIndex::search_with_vector))"#,
        result: r##"a [`SearchResult`](crate::faq::SearchResult)"##,
    },
    Op {
        name: "faq.related",
        errors: "`faq.*`, `text.*`, `ticket.invalid_locale`",
        run: ops::faq,
        fields: r##"`faq`, `entry` (an id), optional `k` (default 3)"##,
        result: r#"`{"related": [{"id", "score"}]}`"#,
    },
    Op {
        name: "text.detect_language",
        errors: "`text.*`",
        run: ops::text,
        fields: r##"`text`, optional `candidates` (at most 64 language codes; a repeat counts once)"##,
        result: r#"`{"detection": {"lang", "confidence", "scores", "reliable"} | null}`"#,
    },
    Op {
        name: "triage.build",
        errors: "`triage.*`, `rules.*` (a category condition that does not parse)",
        run: ops::triage,
        fields: r##"`name`, optional `config` ([`TriageConfig`](crate::triage::TriageConfig); the default when absent)"##,
        result: r#"`{"name", "cues", "categories", "classifier"}`"#,
    },
    Op {
        name: "triage.analyze",
        errors: "`triage.*`, `text.*`, `ticket.*`, `time.*`, `request.unknown_name`, `request.inline_too_large`",
        run: ops::triage,
        fields: r#"`message` ([`Message`](crate::triage::Message)), optional `customer` ([`Customer`](crate::Customer)), `recent_tickets` ([`RecentTicket`](crate::triage::RecentTicket) list), `reach` ([`Reach`](crate::triage::Reach)), `sla` ([`TicketSla`](crate::triage::TicketSla)), `config` (a name from `triage.build`, or a [`TriageConfig`](crate::triage::TriageConfig) built for this request; the default when absent), `now` (required with `recent_tickets`, `sla` or a configuration with category conditions)"#,
        result: r##"a [`Triage`](crate::triage::Triage)"##,
    },
    Op {
        name: "flow.validate",
        errors: "`flow.*`, `rules.*`",
        run: ops::flows,
        fields: r##"`flow` ([`FlowSpec`](crate::flows::FlowSpec))"##,
        result: r#"`{"id", "nodes", "subflows"}`"#,
    },
    Op {
        name: "flow.build",
        errors: "`flow.*`, `rules.*`, `request.too_many_names`",
        run: ops::flows,
        fields: r##"`name`, `flow` ([`FlowSpec`](crate::flows::FlowSpec))"##,
        result: r#"`{"id", "nodes", "subflows"}`"#,
    },
    Op {
        name: "flow.step",
        errors: "`flow.*`, `rules.*`, `faq.*`, `ticket.*`, `time.*`, `request.unknown_name`, `request.inline_too_large`",
        run: ops::flows,
        fields: r##"`flow` (a name from `flow.build`, or a [`FlowSpec`](crate::flows::FlowSpec)), `now`, optional `state` ([`FlowState`](crate::flows::FlowState); without it the flow starts) and `input` ([`Input`](crate::flows::Input), required with `state`), `customer`, `ticket`, `faq` (a name or an inline index, for `faq` nodes), `locale`, `message` (to detect the language at the start)"##,
        result: r##"a [`Step`](crate::flows::Step)"##,
    },
    Op {
        name: "reply.build",
        errors: "`reply.*`, `request.too_many_names`",
        run: ops::replies,
        fields: r##"`name`, `templates` ([`TemplateSetSpec`](crate::reply::TemplateSetSpec))"##,
        result: r#"`{"name", "templates"}`: the names"#,
    },
    Op {
        name: "reply.render",
        errors: "`reply.*`, `calendar.*`, `ticket.*`, `time.*`, `request.unknown_name`",
        run: ops::replies,
        fields: r##"`template` (the template's text, or with `set` a name in the set built with `reply.build`), `now`, optional `set`, `data` ([`ReplyData`](crate::reply::ReplyData)), `calendar` (a name or a calendar, for `next_open` and `business_hours`)"##,
        result: r#"`{"text"}`"#,
    },
    Op {
        name: "reply.acknowledge",
        errors: "`reply.*`, `calendar.*`, `ticket.*`, `time.*`, `request.unknown_name`",
        run: ops::replies,
        fields: r##"`now`, optional `data` ([`ReplyData`](crate::reply::ReplyData)), `sla` (the `report` of `sla.evaluate`), `calendar` (a name or a calendar), `set` (a set from `reply.build` with an `acknowledge` template to use instead of the built-in one)"##,
        result: r##"an [`Acknowledgement`](crate::reply::Acknowledgement)"##,
    },
    Op {
        name: "escalation.summarize",
        errors: "`escalation.*`, `flow.*`, `ticket.*`, `time.*`",
        run: ops::escalation,
        fields: r##"`now`, `input` ([`EscalationInput`](crate::escalation::EscalationInput): the ticket, customer, other tickets, a flow's state, FAQ shown, triage, SLA report, reason, skills, agent locale)"##,
        result: r##"an [`Escalation`](crate::escalation::Escalation)"##,
    },
    Op {
        name: "metrics.compute",
        errors: "`metrics.*`, `sla.*`, `ticket.*`, `time.*`, `request.unknown_name`",
        run: ops::metrics,
        fields: r##"`config` ([`KpiConfig`](crate::metrics::KpiConfig); its `calendar` names one built with `calendar.build`) or `state` (a [`KpiState`](crate::metrics::KpiState) to continue), `tickets` (histories), optional `policies` (an object or a name: each ticket's SLA is evaluated at the period's end for attainment), `return_state` (default false)"##,
        result: r##"`{"table", "state"}`: a [`KpiTable`](crate::metrics::KpiTable), and the state when asked for"##,
    },
    Op {
        name: "metrics.merge",
        errors: "`metrics.*`, `request.unknown_name`",
        run: ops::metrics,
        fields: r##"`states` (one or more [`KpiState`](crate::metrics::KpiState)s with the same configuration)"##,
        result: r##"`{"table", "state"}` of the merged accumulator"##,
    },
    Op {
        name: "metrics.check_goals",
        errors: "`metrics.*`, `request.unknown_name`",
        run: ops::metrics,
        fields: r##"`state` (a [`KpiState`](crate::metrics::KpiState)), `goals` ([`Goal`](crate::metrics::Goal)s)"##,
        result: r##"`{"results"}`: a [`GoalResult`](crate::metrics::GoalResult) per goal"##,
    },
    Op {
        name: "staffing.erlang_c",
        errors: "`staffing.*`",
        run: ops::staffing,
        fields: r##"`arrivals` (per interval), `interval_seconds`, `aht_seconds`, `agents` (may be fractional), `target_seconds`"##,
        result: r#"`{"p_wait", "service_level", "asa_seconds", "occupancy"}` (`asa_seconds` null when the agents cannot keep up)"#,
    },
    Op {
        name: "staffing.erlang_a",
        errors: "`staffing.*`",
        run: ops::staffing,
        fields: r##"as `staffing.erlang_c` with whole `agents`, and `patience_seconds`"##,
        result: r#"as `staffing.erlang_c`, and `"p_abandon"`"#,
    },
    Op {
        name: "staffing.required_agents",
        errors: "`staffing.*`",
        run: ops::staffing,
        fields: r##"`arrivals`, `interval_seconds`, `aht_seconds`, `target_service_level`, `target_seconds`, optional `shrinkage`, `max_occupancy`, `model` (`"erlang_c"`, the default, or `"erlang_a"` with `patience_seconds`)"##,
        result: r#"`{"agents", "agents_with_shrinkage", "p_wait", "service_level", "asa_seconds", "occupancy"}`"#,
    },
    Op {
        name: "staffing.check_roster",
        errors: "`staffing.*`",
        run: ops::staffing,
        fields: r##"`forecast` ([`Forecast`](crate::staffing::Forecast)), `roster` ([`ShiftPlan`](crate::staffing::ShiftPlan); team calendars are names built with `calendar.build`), `week_of` (the Monday, in the forecast's zone)"##,
        result: r##"a [`Coverage`](crate::staffing::Coverage): per queue, the hours short and over, the intervals below target, and every interval"##,
    },
    Op {
        name: "trends.suggest",
        errors: "`trends.*`",
        run: ops::trends,
        fields: r##"`records` ([`ContactRecord`](crate::trends::ContactRecord)s), optional `config` ([`TrendConfig`](crate::trends::TrendConfig))"##,
        result: r##"[`Suggestions`](crate::trends::Suggestions): tenure trends with a lifecycle rule each, repetitive work with an FAQ entry or automation each"##,
    },
    Op {
        name: "text.analyze",
        errors: "`text.*`",
        run: ops::text,
        fields: r##"`text`, optional `lang` (detected when absent)"##,
        result: r##"an [`Analysis`](crate::text::Analysis)"##,
    },
];

/// The names of every operation, in catalogue order.
pub(super) fn names() -> impl Iterator<Item = &'static str> {
    OPS.iter().map(|op| op.name)
}

/// The operation called `name`.
pub(super) fn find(name: &str) -> Option<&'static Op> {
    #[cfg(test)]
    if name == TEST_PANIC.name {
        return Some(&TEST_PANIC);
    }
    OPS.iter().find(|op| op.name == name)
}

/// An operation that panics, in test builds only: it checks the API's last
/// line of defence (a caught panic answers `internal`).
#[cfg(test)]
const TEST_PANIC: Op = Op {
    name: "test.panic",
    errors: "",
    run: ops::text,
    fields: "",
    result: "",
};

/// The catalogue table of the module docs, from [`OPS`].
#[cfg(test)]
fn render() -> String {
    let mut out = String::from(
        "| op | request fields | result | errors (besides `request.*`) |\n|---|---|---|---|\n",
    );
    for op in OPS {
        let cell = |s: &str| s.replace('|', "\\|");
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            op.name,
            cell(op.fields),
            cell(op.result),
            cell(op.errors)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The docs' catalogue is what [`render`] makes of the table. After
    /// changing the table, regenerate it with
    /// `FRONTLINE_BLESS=1 cargo test --lib api::catalogue`.
    #[test]
    fn the_docs_catalogue_is_generated_from_the_table() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/api/catalogue.md");
        let rendered = render();
        if std::env::var_os("FRONTLINE_BLESS").is_some() {
            std::fs::write(path, &rendered).unwrap();
            return; // the docs compiled into this run are the old ones
        }
        assert_eq!(
            include_str!("catalogue.md"),
            rendered,
            "src/api/catalogue.md is stale: run FRONTLINE_BLESS=1 cargo test --lib api::catalogue"
        );
    }

    #[test]
    fn names_are_unique_and_well_formed() {
        let mut seen = std::collections::BTreeSet::new();
        for op in OPS {
            assert!(seen.insert(op.name), "{} twice", op.name);
            let (family, verb) = op.name.split_once('.').unwrap();
            assert!(!family.is_empty() && !verb.is_empty() && !verb.contains('.'));
            assert!(
                !op.fields.is_empty() && !op.result.is_empty(),
                "{}",
                op.name
            );
        }
    }
}
