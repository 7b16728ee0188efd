//! One function per operation. Each takes the request's fields (envelope
//! removed), consumes the ones it knows, and rejects any left over.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use super::{ApiError, MAX_NAMED_OBJECTS, Session};
use crate::ticket::{TicketParseError, ticket_from_value};
use crate::time::Timestamp;
use crate::{
    BusinessCalendar, CalendarSpec, Customer, Event, Ticket, calendar::Country, customer::Identity,
    customer::IdentityIndex, customer::LinkOutcome, ticket::TicketId,
};

type Fields = Map<String, Value>;

pub(super) fn run(session: &mut Session, op: &str, mut fields: Fields) -> Result<Value, ApiError> {
    let handler = super::catalogue::find(op).ok_or_else(|| unknown_op(op))?;
    let result = (handler.run)(session, op, &mut fields)?;
    if let Some(extra) = fields.keys().min() {
        return Err(invalid(format!(
            "unknown field `{}` for op `{op}`",
            crate::util::excerpt(extra)
        )));
    }
    Ok(result)
}

/// Tickets and identities.
pub(super) fn tickets(_: &mut Session, op: &str, f: &mut Fields) -> Result<Value, ApiError> {
    Ok(match op {
        "ticket.apply" => ticket_apply(f)?,
        "ticket.summary" => ticket_summary(f)?,
        "identity.resolve" => identity_resolve(f)?,
        "identity.link" => identity_link(f)?,
        _ => return Err(unknown_op(op)),
    })
}

/// Calendars and holidays.
pub(super) fn calendars(
    session: &mut Session,
    op: &str,
    f: &mut Fields,
) -> Result<Value, ApiError> {
    Ok(match op {
        "calendar.build" => calendar_build(session, f)?,
        "calendar.add" | "calendar.sub" => {
            let cal = take_calendar(session, f)?;
            let seconds: i64 = take(f, "seconds")?;
            let instant = if op == "calendar.add" {
                cal.add(take(f, "start")?, seconds)?
            } else {
                cal.sub(take(f, "end")?, seconds)?
            };
            json!({ "instant": instant })
        }
        "calendar.between" => {
            let cal = take_calendar(session, f)?;
            json!({ "seconds": cal.between(take(f, "from")?, take(f, "to")?)? })
        }
        "calendar.is_open" => {
            let cal = take_calendar(session, f)?;
            json!({ "open": cal.is_open(take(f, "at")?)? })
        }
        "calendar.next_open" => {
            let cal = take_calendar(session, f)?;
            json!({ "instant": cal.next_open(take(f, "at")?)? })
        }
        "calendar.next_close" => {
            let cal = take_calendar(session, f)?;
            json!({ "instant": cal.next_close(take(f, "at")?)? })
        }
        "calendar.open_intervals" => {
            let cal = take_calendar(session, f)?;
            let from: Timestamp = take(f, "from")?;
            let intervals: Vec<[Timestamp; 2]> = cal
                .open_intervals(from, take(f, "to")?)?
                .into_iter()
                .map(|(s, e)| [s, e])
                .collect();
            json!({ "intervals": intervals })
        }
        "holidays.list" => {
            let code: String = take(f, "country")?;
            let country: Country = code.parse()?;
            let year: i64 = take(f, "year")?;
            let range = i64::from(crate::calendar::FIRST_HOLIDAY_YEAR)
                ..=i64::from(crate::calendar::LAST_HOLIDAY_YEAR);
            let year = i32::try_from(year)
                .ok()
                .filter(|y| range.contains(&i64::from(*y)))
                .ok_or(crate::calendar::CalendarError::YearOutOfRange { year })?;
            json!({ "holidays": crate::calendar::holidays(country, year) })
        }
        _ => return Err(unknown_op(op)),
    })
}

/// SLA policy sets.
pub(super) fn sla(session: &mut Session, op: &str, f: &mut Fields) -> Result<Value, ApiError> {
    Ok(match op {
        "sla.build" => {
            let name: String = take(f, "name")?;
            check_name(&name)?;
            let spec: crate::sla::PolicySetSpec = take(f, "policies")?;
            let set = crate::sla::PolicySet::with_calendars(
                &spec,
                &session_calendars(session, &spec.calendars),
            )?;
            if !session.policy_sets.contains_key(&name)
                && session.policy_sets.len() >= MAX_NAMED_OBJECTS
            {
                return Err(too_many("policy sets"));
            }
            session
                .policy_sets
                .insert(name.clone(), std::sync::Arc::new(set));
            json!({ "name": name })
        }
        "sla.evaluate" => {
            let set = take_policy_set(session, f)?;
            let ticket = take_ticket(f)?;
            let customer: Option<Customer> = take_opt(f, "customer")?;
            if let Some(c) = &customer {
                c.check()?;
            }
            let now: Timestamp = take(f, "now")?;
            let options: crate::sla::SlaOptions = take_opt(f, "options")?.unwrap_or_default();
            let report = crate::sla::evaluate_with(&set, &ticket, customer.as_ref(), now, &options);
            json!({
                "next_change_at": report.next_change_at(),
                "reply_by": report.reply_by(),
                "reply_due": report.reply_due(),
                "report": report,
            })
        }
        _ => return Err(unknown_op(op)),
    })
}

/// Routing.
pub(super) fn routing(session: &mut Session, op: &str, f: &mut Fields) -> Result<Value, ApiError> {
    Ok(match op {
        "routing.route" => {
            let policy = take_routing_policy(session, f)?;
            let roster = take_roster(f, &policy)?;
            let item: crate::routing::WorkItem = take(f, "item")?;
            item.check()?;
            let now: Timestamp = take(f, "now")?;
            let decision = crate::routing::route(&item, &roster, now);
            serde_json::to_value(&decision).map_err(|e| invalid(e.to_string()))?
        }
        "routing.assign_backlog" => {
            let policy = take_routing_policy(session, f)?;
            let roster = take_roster(f, &policy)?;
            let items = take_items(f)?;
            let now: Timestamp = take(f, "now")?;
            json!({ "assignments": crate::routing::assign_backlog(&items, &roster, now) })
        }
        "routing.order_queue" => {
            let policy = take_routing_policy(session, f)?;
            let items = take_items(f)?;
            let now: Timestamp = take(f, "now")?;
            let order: Vec<&TicketId> = crate::routing::order_queue(&items, &policy, now)
                .into_iter()
                .map(|i| &i.ticket)
                .collect();
            json!({ "tickets": order })
        }
        _ => return Err(unknown_op(op)),
    })
}

/// Rules, their text form, imports and exports.
pub(super) fn rules(session: &mut Session, op: &str, f: &mut Fields) -> Result<Value, ApiError> {
    Ok(match op {
        "rules.build" => {
            let name: String = take(f, "name")?;
            check_name(&name)?;
            let spec: crate::rules::RuleSetSpec = take(f, "rules")?;
            let set = crate::rules::RuleSet::with_calendars(
                &spec,
                &session_calendars(session, &spec.calendars),
            )?;
            if !session.rule_sets.contains_key(&name)
                && session.rule_sets.len() >= MAX_NAMED_OBJECTS
            {
                return Err(too_many("rule sets"));
            }
            let count = set.len();
            session
                .rule_sets
                .insert(name.clone(), std::sync::Arc::new(set));
            json!({ "name": name, "rules": count })
        }
        "rules.evaluate" | "rules.next_due_at" => rules_evaluate(session, op, f)?,
        "rules.parse" => {
            let text: String = take(f, "text")?;
            json!({ "condition": crate::rules::parse_condition(&text)? })
        }
        "rules.import_zendesk" => rules_import_zendesk(f)?,
        "rules.export_zendesk" | "rules.export_chatwoot" => {
            let spec: crate::rules::RuleSetSpec = take(f, "rules")?;
            // The same checks as `rules.build`: only a valid rule set exports.
            crate::rules::RuleSet::with_calendars(
                &spec,
                &session_calendars(session, &spec.calendars),
            )?;
            let export = if op == "rules.export_zendesk" {
                crate::rules::export_zendesk
            } else {
                crate::rules::export_chatwoot
            };
            let rules = spec
                .rules
                .iter()
                .map(export)
                .collect::<Result<Vec<_>, _>>()?;
            json!({ "rules": rules })
        }
        "rules.import_chatwoot" => {
            let rules = take_import_list(f)?
                .iter()
                .map(crate::rules::import_chatwoot)
                .collect::<Result<Vec<_>, _>>()?;
            json!({ "rules": rules })
        }
        _ => return Err(unknown_op(op)),
    })
}

/// `rules.evaluate` and `rules.next_due_at`.
fn rules_evaluate(session: &Session, op: &str, f: &mut Fields) -> Result<Value, ApiError> {
    let set = take_rule_set(session, f)?;
    let ticket = if f.contains_key("ticket") {
        Some(take_ticket(f)?)
    } else {
        None
    };
    let customer: Option<Customer> = take_opt(f, "customer")?;
    if let Some(c) = &customer {
        c.check()?;
    }
    let once_keys: Vec<String> = take_opt(f, "once_keys")?.unwrap_or_default();
    if once_keys.len() > crate::rules::MAX_RULES {
        return Err(ApiError::new(
            "request.too_large",
            format!(
                "once_keys: {} exceeds the limit of {}",
                once_keys.len(),
                crate::rules::MAX_RULES
            ),
        ));
    }
    let now: Timestamp = take(f, "now")?;
    // Default: an event when a ticket is given, a wake-up without one
    // (lifecycle rules); next_due_at always looks at time-based rules.
    let run: Option<crate::rules::Run> = take_opt(f, "run")?;
    let run = match (op, run) {
        ("rules.next_due_at", _) => crate::rules::Run::Time,
        (_, Some(run)) => run,
        (_, None) if ticket.is_some() => crate::rules::Run::Event,
        (_, None) => crate::rules::Run::Time,
    };
    let input = crate::rules::RuleInput {
        run,
        ticket: ticket.as_ref(),
        customer: customer.as_ref(),
        once_keys: &once_keys,
    };
    if op == "rules.evaluate" {
        let options: crate::rules::EvalOptions = take_opt(f, "options")?.unwrap_or_default();
        let evaluation = crate::rules::evaluate_with(&set, &input, now, &options);
        serde_json::to_value(&evaluation).map_err(|e| invalid(e.to_string()))
    } else {
        Ok(json!({ "next_due_at": crate::rules::next_due_at(&set, &input, now) }))
    }
}

/// `rules.import_zendesk`, with its options and in Zendesk's position order.
fn rules_import_zendesk(f: &mut Fields) -> Result<Value, ApiError> {
    let mut options = crate::rules::ZendeskImport::triggers();
    options.automation = take_opt(f, "automation")?.unwrap_or(false);
    options.calendar = take_opt(f, "calendar")?;
    options.locales = take_opt(f, "locales")?.unwrap_or_default();
    if options
        .calendar
        .as_ref()
        .is_some_and(|n| n.is_empty() || n.len() > 128)
    {
        return Err(invalid(
            "field `calendar`: must be 1 to 128 bytes".to_owned(),
        ));
    }
    if options.locales.len() > MAX_IMPORT_LOCALES {
        return Err(invalid(format!(
            "`locales` maps {} ids, over the limit of {MAX_IMPORT_LOCALES}",
            options.locales.len()
        )));
    }
    let mut list = take_import_list(f)?;
    // Zendesk runs triggers in `position` order (then as listed):
    // the answer keeps that order, which rule sets run in.
    list.sort_by(|a, b| {
        let position = |r: &Value| {
            r.get("position")
                .and_then(Value::as_f64)
                .unwrap_or(f64::INFINITY)
        };
        position(a).total_cmp(&position(b))
    });
    let rules = list
        .iter()
        .map(|r| crate::rules::import_zendesk(r, &options))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(json!({ "rules": rules }))
}

/// FAQ indexes.
pub(super) fn faq(session: &mut Session, op: &str, f: &mut Fields) -> Result<Value, ApiError> {
    Ok(match op {
        "faq.build" => {
            let name: String = take(f, "name")?;
            check_name(&name)?;
            let (entries, config) = take_faq_spec(f)?;
            // Nothing replaces a named index unless the whole request is valid.
            reject_extra(f, op)?;
            let index = crate::faq::FaqIndex::new(entries, config)?;
            if !session.faqs.contains_key(&name) && session.faqs.len() >= MAX_NAMED_OBJECTS {
                return Err(too_many("FAQ indexes"));
            }
            let result = json!({ "name": name, "entries": index.len(), "langs": index.langs() });
            session.faqs.insert(name, std::sync::Arc::new(index));
            result
        }
        "faq.search" => {
            let index = take_faq(session, f)?;
            let query: String = take(f, "query")?;
            let context: crate::faq::SearchContext = take_opt(f, "context")?.unwrap_or_default();
            let k: usize = take_opt(f, "k")?.unwrap_or(3);
            let vector: Option<Vec<f32>> = take_opt(f, "vector")?;
            let result = match vector {
                Some(v) => index.search_with_vector(&query, &v, &context, k)?,
                None => index.search(&query, &context, k)?,
            };
            serde_json::to_value(&result).map_err(|e| invalid(e.to_string()))?
        }
        "faq.related" => {
            let index = take_faq(session, f)?;
            let id: String = take(f, "entry")?;
            let k: usize = take_opt(f, "k")?.unwrap_or(3);
            let related: Vec<Value> = index
                .related(&id, k)?
                .into_iter()
                .map(|(id, score)| json!({ "id": id, "score": score }))
                .collect();
            json!({ "related": related })
        }
        _ => return Err(unknown_op(op)),
    })
}

/// Triage: named configurations and the analysis of one message.
pub(super) fn triage(session: &mut Session, op: &str, f: &mut Fields) -> Result<Value, ApiError> {
    use crate::triage::{TriageConfig, TriageContext, Triager};
    Ok(match op {
        "triage.build" => {
            let name: String = take(f, "name")?;
            check_name(&name)?;
            let config: TriageConfig = take_opt(f, "config")?.unwrap_or_default();
            reject_extra(f, op)?;
            let triager = Triager::new(config)?;
            if !session.triagers.contains_key(&name) && session.triagers.len() >= MAX_NAMED_OBJECTS
            {
                return Err(too_many("triage configurations"));
            }
            let c = triager.config();
            let result = json!({
                "name": name,
                "cues": c.cues.len(),
                "categories": c.categories.len(),
                "classifier": !c.training.is_empty(),
            });
            session.triagers.insert(name, std::sync::Arc::new(triager));
            result
        }
        "triage.analyze" => {
            let triager = take_triager(session, f)?;
            let message: crate::triage::Message = take(f, "message")?;
            let mut context = TriageContext::new();
            context.customer = take_opt(f, "customer")?;
            context.recent_tickets = take_opt(f, "recent_tickets")?.unwrap_or_default();
            context.reach = take_opt(f, "reach")?;
            context.sla = take_opt(f, "sla")?;
            let now: Option<Timestamp> = take_opt(f, "now")?;
            let now = match now {
                Some(now) => now,
                None if context.recent_tickets.is_empty()
                    && context.sla.is_none()
                    && !triager.has_conditions() =>
                {
                    Timestamp::UNIX_EPOCH
                }
                None => {
                    return Err(invalid(
                        "missing field `now`: `recent_tickets`, `sla` and category conditions are judged at `now`"
                            .to_owned(),
                    ));
                }
            };
            let result = triager.analyze(&message, &context, now)?;
            serde_json::to_value(&result).map_err(|e| invalid(e.to_string()))?
        }
        _ => return Err(unknown_op(op)),
    })
}

/// Guided flows: checked, kept by name, stepped.
pub(super) fn flows(session: &mut Session, op: &str, f: &mut Fields) -> Result<Value, ApiError> {
    use crate::flows::{Flow, FlowContext, FlowSpec, FlowState, Input};
    Ok(match op {
        "flow.validate" | "flow.build" => {
            let name: Option<String> = if op == "flow.build" {
                let name: String = take(f, "name")?;
                check_name(&name)?;
                Some(name)
            } else {
                None
            };
            let spec: FlowSpec = take(f, "flow")?;
            reject_extra(f, op)?;
            let flow = Flow::new(spec)?;
            let result = json!({
                "id": flow.id(),
                "nodes": flow.len(),
                "subflows": flow.spec().subflows.len(),
            });
            if let Some(name) = name {
                if !session.flows.contains_key(&name) && session.flows.len() >= MAX_NAMED_OBJECTS {
                    return Err(too_many("flows"));
                }
                session.flows.insert(name, std::sync::Arc::new(flow));
            }
            result
        }
        "flow.step" => {
            let flow = match f.remove("flow") {
                Some(Value::String(name)) => session
                    .flows
                    .get(&name)
                    .cloned()
                    .ok_or_else(|| unknown_name("flow", "flow.build", &name))?,
                Some(inline @ Value::Object(_)) => {
                    let bytes = serde_json::to_vec(&inline).map_or(usize::MAX, |v| v.len());
                    if bytes > super::MAX_INLINE_FAQ_BYTES {
                        return Err(ApiError::new(
                            "request.inline_too_large",
                            format!(
                                "the inline flow has {bytes} bytes of JSON, over the inline limit of {}; build it once with `flow.build` and name it",
                                super::MAX_INLINE_FAQ_BYTES
                            ),
                        ));
                    }
                    let spec: FlowSpec = from_value(inline).map_err(|(code, path, e)| {
                        ApiError::new(code, format!("field `flow{path}`: {e}"))
                    })?;
                    std::sync::Arc::new(Flow::new(spec)?)
                }
                None => return Err(invalid("missing field `flow`".to_owned())),
                _ => {
                    return Err(invalid(
                        "`flow` must be a name from `flow.build` or a flow".to_owned(),
                    ));
                }
            };
            let state: Option<FlowState> = take_opt(f, "state")?;
            let input: Option<Input> = take_opt(f, "input")?;
            let customer: Option<crate::Customer> = take_opt(f, "customer")?;
            let ticket = if f.contains_key("ticket") {
                Some(take_ticket(f)?)
            } else {
                None
            };
            let faq = if f.contains_key("faq") {
                Some(take_faq(session, f)?)
            } else {
                None
            };
            let locale: Option<String> = take_opt(f, "locale")?;
            let message: Option<String> = take_opt(f, "message")?;
            let now: Timestamp = take(f, "now")?;
            reject_extra(f, op)?;
            let mut context = FlowContext::new();
            context.customer = customer.as_ref();
            context.ticket = ticket.as_ref();
            context.faq = faq.as_deref();
            context.locale = locale.as_deref();
            context.message = message.as_deref();
            let step = match (state, input) {
                (None, None) => crate::flows::start(&flow, &context, now)?,
                (Some(state), Some(input)) => {
                    crate::flows::step(&flow, state, &input, &context, now)?
                }
                (None, Some(_)) => {
                    return Err(invalid("an `input` needs the `state` it moves; without a state, `flow.step` starts".to_owned()));
                }
                (Some(_), None) => return Err(invalid("missing field `input`".to_owned())),
            };
            serde_json::to_value(&step).map_err(|e| invalid(e.to_string()))?
        }
        _ => return Err(unknown_op(op)),
    })
}

/// Reply templates: named sets, rendering, acknowledgements.
pub(super) fn replies(session: &mut Session, op: &str, f: &mut Fields) -> Result<Value, ApiError> {
    use crate::reply::{ReplyData, Template, TemplateSet, TemplateSetSpec};
    Ok(match op {
        "reply.build" => {
            let name: String = take(f, "name")?;
            check_name(&name)?;
            let spec: TemplateSetSpec = take(f, "templates")?;
            reject_extra(f, op)?;
            let set = TemplateSet::new(spec)?;
            if !session.replies.contains_key(&name) && session.replies.len() >= MAX_NAMED_OBJECTS {
                return Err(too_many("template sets"));
            }
            let result = json!({"name": name, "templates": set.names().collect::<Vec<_>>()});
            session.replies.insert(name, std::sync::Arc::new(set));
            result
        }
        "reply.render" | "reply.acknowledge" => {
            let data: ReplyData = take_opt(f, "data")?.unwrap_or_default();
            let calendar = if f.contains_key("calendar") {
                Some(take_calendar(session, f)?)
            } else {
                None
            };
            let set = match take_opt::<String>(f, "set")? {
                Some(name) => Some(
                    session
                        .replies
                        .get(&name)
                        .cloned()
                        .ok_or_else(|| unknown_name("template set", "reply.build", &name))?,
                ),
                None => None,
            };
            if op == "reply.acknowledge" {
                let sla: Option<crate::sla::SlaReport> = take_opt(f, "sla")?;
                let now: Timestamp = take(f, "now")?;
                reject_extra(f, op)?;
                let ack = crate::reply::acknowledge(
                    &data,
                    sla.as_ref(),
                    calendar.as_ref(),
                    set.as_deref(),
                    now,
                )?;
                return serde_json::to_value(&ack).map_err(|e| invalid(e.to_string()));
            }
            let template: String = take(f, "template")?;
            let now: Timestamp = take(f, "now")?;
            reject_extra(f, op)?;
            let text = match &set {
                // A name in the set, in the data's locale.
                Some(set) => set.render(&template, &data, calendar.as_ref(), now)?,
                // The template's own text.
                None => Template::new(&template)?.render(&data, calendar.as_ref(), now)?,
            };
            json!({ "text": text })
        }
        _ => return Err(unknown_op(op)),
    })
}

/// Staffing: Erlang C and A, and the agents required.
pub(super) fn staffing(session: &mut Session, op: &str, f: &mut Fields) -> Result<Value, ApiError> {
    use crate::staffing::{Load, Model, Target};
    if op == "staffing.check_roster" {
        let forecast: crate::staffing::Forecast = take(f, "forecast")?;
        let roster: crate::staffing::ShiftPlan = take(f, "roster")?;
        let week_of: crate::time::Date = take(f, "week_of")?;
        reject_extra(f, op)?;
        let coverage =
            crate::staffing::check_roster(&forecast, &roster, &session.calendars, week_of)?;
        return serde_json::to_value(&coverage).map_err(|e| invalid(e.to_string()));
    }
    let load = Load::new(
        take(f, "arrivals")?,
        take(f, "interval_seconds")?,
        take(f, "aht_seconds")?,
    )?;
    let flat = |p: &crate::staffing::Performance| {
        let mut v = json!({
            "p_wait": p.p_wait,
            "service_level": p.service_level,
            "asa_seconds": if p.asa_seconds.is_finite() { json!(p.asa_seconds) } else { Value::Null },
            "occupancy": p.occupancy,
        });
        if let (Some(a), Some(map)) = (p.p_abandon, v.as_object_mut()) {
            map.insert("p_abandon".to_owned(), json!(a));
        }
        v
    };
    Ok(match op {
        "staffing.erlang_c" => {
            let agents: f64 = take(f, "agents")?;
            let target: f64 = take(f, "target_seconds")?;
            reject_extra(f, op)?;
            flat(&crate::staffing::erlang_c(&load, agents, target)?)
        }
        "staffing.erlang_a" => {
            let agents: u32 = take(f, "agents")?;
            let target: f64 = take(f, "target_seconds")?;
            let patience: f64 = take(f, "patience_seconds")?;
            reject_extra(f, op)?;
            flat(&crate::staffing::erlang_a(&load, agents, target, patience)?)
        }
        "staffing.required_agents" => {
            let mut target =
                Target::new(take(f, "target_service_level")?, take(f, "target_seconds")?);
            if let Some(s) = take_opt::<f64>(f, "shrinkage")? {
                target = target.with_shrinkage(s)?;
            }
            if let Some(m) = take_opt::<f64>(f, "max_occupancy")? {
                target = target.with_max_occupancy(m);
            }
            let model: String = take_opt(f, "model")?.unwrap_or_else(|| "erlang_c".to_owned());
            let patience: Option<f64> = take_opt(f, "patience_seconds")?;
            reject_extra(f, op)?;
            let model = match (model.as_str(), patience) {
                ("erlang_c", None) => Model::ErlangC,
                ("erlang_a", Some(patience_seconds)) => Model::ErlangA { patience_seconds },
                ("erlang_a", None) => {
                    return Err(invalid("`erlang_a` needs `patience_seconds`".to_owned()));
                }
                ("erlang_c", Some(_)) => {
                    return Err(invalid("`patience_seconds` is for `erlang_a`".to_owned()));
                }
                (other, _) => {
                    return Err(invalid(format!(
                        "unknown model `{}`: `erlang_c` or `erlang_a` expected",
                        crate::util::excerpt(other)
                    )));
                }
            };
            let s = crate::staffing::required_agents(&load, &target, model)?;
            let mut v = flat(&s.performance);
            if let Some(map) = v.as_object_mut() {
                map.insert("agents".to_owned(), json!(s.agents));
                map.insert(
                    "agents_with_shrinkage".to_owned(),
                    json!(s.agents_with_shrinkage),
                );
            }
            v
        }
        _ => return Err(unknown_op(op)),
    })
}

/// KPIs: compute, merge, check goals.
pub(super) fn metrics(session: &mut Session, op: &str, f: &mut Fields) -> Result<Value, ApiError> {
    use crate::metrics::{Goal, KpiAccumulator, KpiConfig, KpiState, check_goals};
    let calendars = session.calendars.clone();
    let table = |acc: &KpiAccumulator| {
        serde_json::to_value(acc.report()).map_err(|e| invalid(e.to_string()))
    };
    Ok(match op {
        "metrics.compute" => {
            let mut acc = match (
                take_opt::<KpiConfig>(f, "config")?,
                take_opt::<KpiState>(f, "state")?,
            ) {
                (Some(config), None) => KpiAccumulator::new(config, &calendars)?,
                (None, Some(state)) => KpiAccumulator::from_state(state, &calendars)?,
                _ => return Err(invalid("give either `config` or `state`".to_owned())),
            };
            let policies = if f.contains_key("policies") {
                Some(take_policy_set(session, f)?)
            } else {
                None
            };
            let values: Vec<Value> = take_opt(f, "tickets")?.unwrap_or_default();
            let with_state: bool = take_opt(f, "return_state")?.unwrap_or(false);
            reject_extra(f, op)?;
            let end = acc.config().to;
            for (i, value) in values.into_iter().enumerate() {
                let ticket = history_from_value(value).map_err(|e| {
                    let message = format!("ticket {i}: {}", e.message);
                    ApiError::new(e.code, message).at(i)
                })?;
                let report = policies
                    .as_ref()
                    .map(|set| crate::sla::evaluate(set, &ticket, None, end));
                acc.add(&ticket, report.as_ref())
                    .map_err(|e| ApiError::from(e).at(i))?;
            }
            let mut answer = json!({ "table": table(&acc)? });
            if with_state && let Some(map) = answer.as_object_mut() {
                map.insert(
                    "state".to_owned(),
                    serde_json::to_value(acc.state()).map_err(|e| invalid(e.to_string()))?,
                );
            }
            answer
        }
        "metrics.merge" => {
            let states: Vec<KpiState> = take(f, "states")?;
            reject_extra(f, op)?;
            let mut states = states.into_iter();
            let first = states
                .next()
                .ok_or_else(|| invalid("field `states`: at least one state expected".to_owned()))?;
            let mut acc = KpiAccumulator::from_state(first, &calendars)?;
            for (i, state) in states.enumerate() {
                let other = KpiAccumulator::from_state(state, &calendars)
                    .map_err(|e| ApiError::from(e).at(i + 1))?;
                acc.merge(&other).map_err(|e| ApiError::from(e).at(i + 1))?;
            }
            json!({ "table": table(&acc)?, "state": acc.state() })
        }
        "metrics.check_goals" => {
            let state: KpiState = take(f, "state")?;
            let goals: Vec<Goal> = take(f, "goals")?;
            reject_extra(f, op)?;
            let acc = KpiAccumulator::from_state(state, &calendars)?;
            json!({ "results": check_goals(&acc, &goals)? })
        }
        _ => return Err(unknown_op(op)),
    })
}

/// A ticket given whole (as `ticket.apply` returns it) or as its history
/// alone: `{"id", "events"}`.
fn history_from_value(value: Value) -> Result<Ticket, ApiError> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct History {
        id: TicketId,
        events: Vec<Event>,
    }
    let whole = value.as_object().is_some_and(|o| o.contains_key("subject"));
    crate::util::error_code::clear();
    if whole {
        return ticket_from_value(value).map_err(|e| match e {
            TicketParseError::Shape(e) => ApiError::new(
                crate::util::error_code::take().unwrap_or("request.invalid"),
                e.to_string(),
            ),
            TicketParseError::Ticket(e) => ApiError::new(e.code(), e.to_string()),
        });
    }
    let history: History = serde_json::from_value(value).map_err(|e| {
        ApiError::new(
            crate::util::error_code::take().unwrap_or("request.invalid"),
            e.to_string(),
        )
    })?;
    Ok(Ticket::from_events(history.id, history.events)?)
}

/// Contact-reason trends.
pub(super) fn trends(_: &mut Session, op: &str, f: &mut Fields) -> Result<Value, ApiError> {
    Ok(match op {
        "trends.suggest" => {
            let records: Vec<crate::trends::ContactRecord> = take(f, "records")?;
            let config: crate::trends::TrendConfig = take_opt(f, "config")?.unwrap_or_default();
            reject_extra(f, op)?;
            let s = crate::trends::suggest(&records, &config)?;
            serde_json::to_value(&s).map_err(|e| invalid(e.to_string()))?
        }
        _ => return Err(unknown_op(op)),
    })
}

/// The escalation summary.
pub(super) fn escalation(_: &mut Session, op: &str, f: &mut Fields) -> Result<Value, ApiError> {
    Ok(match op {
        "escalation.summarize" => {
            let input: crate::escalation::EscalationInput =
                take_opt(f, "input")?.unwrap_or_default();
            let now: Timestamp = take(f, "now")?;
            reject_extra(f, op)?;
            let e = crate::escalation::summarize(&input, now)?;
            serde_json::to_value(&e).map_err(|e| invalid(e.to_string()))?
        }
        _ => return Err(unknown_op(op)),
    })
}

/// The triage configuration a request names, gives inline, or the default.
fn take_triager(
    session: &Session,
    fields: &mut Fields,
) -> Result<std::sync::Arc<crate::triage::Triager>, ApiError> {
    use crate::triage::{TriageConfig, Triager};
    static DEFAULT: std::sync::OnceLock<Option<std::sync::Arc<Triager>>> =
        std::sync::OnceLock::new();
    match fields.remove("config") {
        None | Some(Value::Null) => DEFAULT
            .get_or_init(|| {
                Triager::new(TriageConfig::default())
                    .ok()
                    .map(std::sync::Arc::new)
            })
            .clone()
            .ok_or_else(|| {
                ApiError::new(
                    "internal",
                    "the default triage configuration does not build".to_owned(),
                )
            }),
        Some(Value::String(name)) => session
            .triagers
            .get(&name)
            .cloned()
            .ok_or_else(|| unknown_name("triage configuration", "triage.build", &name)),
        Some(inline) => {
            let bytes = serde_json::to_vec(&inline).map_or(usize::MAX, |v| v.len());
            if bytes > super::MAX_INLINE_FAQ_BYTES {
                return Err(ApiError::new(
                    "request.inline_too_large",
                    format!(
                        "the inline triage configuration has {bytes} bytes of JSON, over the inline limit of {}; build it once with `triage.build` and name it",
                        super::MAX_INLINE_FAQ_BYTES
                    ),
                ));
            }
            let config: TriageConfig = serde_path_to_error::deserialize(inline)
                .map_err(|e| invalid(format!("`config`: {e}")))?;
            if config.training.len() > super::MAX_INLINE_FAQ_TEXTS {
                return Err(ApiError::new(
                    "request.inline_too_large",
                    format!(
                        "the inline triage configuration has {} training examples, over the inline limit of {}; build it once with `triage.build` and name it",
                        config.training.len(),
                        super::MAX_INLINE_FAQ_TEXTS
                    ),
                ));
            }
            Ok(std::sync::Arc::new(Triager::new(config)?))
        }
    }
}

/// Text analysis (and, in tests, the deliberate panic); every other op is unknown.
pub(super) fn text(_: &mut Session, op: &str, f: &mut Fields) -> Result<Value, ApiError> {
    Ok(match op {
        "text.detect_language" => {
            let text: String = take(f, "text")?;
            crate::text::check_len(&text)?;
            let candidates: Option<Vec<crate::text::Lang>> = take_opt(f, "candidates")?;
            if candidates.as_ref().is_some_and(|c| c.len() > 64) {
                return Err(invalid(
                    "`candidates` lists more than 64 languages".to_owned(),
                ));
            }
            let detection = match candidates {
                Some(c) => crate::text::detect_language_among(&text, &c),
                None => crate::text::detect_language(&text),
            };
            json!({ "detection": detection })
        }
        "text.analyze" => {
            let text: String = take(f, "text")?;
            let lang: Option<crate::text::Lang> = take_opt(f, "lang")?;
            let analysis = match lang {
                Some(lang) => crate::text::analyze(&text, lang)?,
                None => crate::text::analyze_detected(&text)?,
            };
            serde_json::to_value(&analysis).map_err(|e| invalid(e.to_string()))?
        }
        #[cfg(test)]
        #[allow(clippy::panic, reason = "tests the last line of defence")]
        "test.panic" => panic!("deliberate"),
        _ => return Err(unknown_op(op)),
    })
}

/// The answer to an op no family knows.
fn unknown_op(op: &str) -> ApiError {
    ApiError::new(
        "request.unknown_op",
        format!(
            "unknown op `{}`: known ops are {}",
            crate::util::excerpt(op),
            super::catalogue::names().collect::<Vec<_>>().join(", ")
        ),
    )
}

fn invalid(message: String) -> ApiError {
    ApiError::new("request.invalid", message)
}

/// Removes and parses a required field.
fn take<T: DeserializeOwned>(fields: &mut Fields, name: &str) -> Result<T, ApiError> {
    let value = fields.remove(name).ok_or_else(|| missing(fields, name))?;
    parse(name, value)
}

/// The error for a required field that is absent: when a field the
/// operation does not know is a likely misspelling of it (`yaer` for
/// `year`), that field is named first.
fn missing(fields: &Fields, name: &str) -> ApiError {
    // A field some operation takes is not a misspelling (`b` beside `a`).
    let suspect = |k: &&String| !REQUEST_FIELDS.contains(&k.as_str()) && misspelt(k, name);
    match fields.keys().filter(|k| suspect(k)).min() {
        Some(k) => invalid(format!(
            "unknown field `{}`, expected `{name}`",
            crate::util::excerpt(k)
        )),
        None => invalid(format!("missing field `{name}`")),
    }
}

/// Every field name some operation reads (a test checks the list against
/// this file).
pub(super) const REQUEST_FIELDS: &[&str] = &[
    "a",
    "agents",
    "aht_seconds",
    "arrivals",
    "at",
    "automation",
    "b",
    "calendar",
    "candidates",
    "config",
    "context",
    "country",
    "customer",
    "customers",
    "data",
    "end",
    "entries",
    "entry",
    "events",
    "faq",
    "flow",
    "forecast",
    "from",
    "goals",
    "identity",
    "input",
    "interval_seconds",
    "item",
    "items",
    "k",
    "lang",
    "locale",
    "locales",
    "max_occupancy",
    "message",
    "model",
    "name",
    "now",
    "once_keys",
    "options",
    "patience_seconds",
    "policies",
    "policy",
    "query",
    "reach",
    "recent_tickets",
    "records",
    "return_state",
    "roster",
    "rule",
    "rules",
    "run",
    "seconds",
    "set",
    "shrinkage",
    "sla",
    "start",
    "state",
    "states",
    "target_seconds",
    "target_service_level",
    "template",
    "templates",
    "text",
    "ticket",
    "ticket_id",
    "tickets",
    "to",
    "vector",
    "week_of",
    "year",
];

/// Whether `typed` is `name` with one edit (two for names of 6 bytes or
/// more): an insertion, deletion, substitution or swap of neighbours.
pub(super) fn misspelt(typed: &str, name: &str) -> bool {
    let (a, b) = (typed.as_bytes(), name.as_bytes());
    let max = if b.len() >= 6 { 2 } else { 1 };
    if a == b || a.len().abs_diff(b.len()) > max || a.len() > 64 {
        return false;
    }
    // Optimal string alignment distance, rows of at most 65 cells.
    let mut before: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut row = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut best = (prev.get(j + 1).copied().unwrap_or(usize::MAX) + 1)
                .min(row.get(j).copied().unwrap_or(usize::MAX) + 1)
                .min(prev.get(j).copied().unwrap_or(usize::MAX) + cost);
            if i > 0
                && j > 0
                && a.get(i - 1) == Some(&cb)
                && b.get(j - 1) == Some(&ca)
                && let Some(d) = before.get(j - 1)
            {
                best = best.min(d + 1);
            }
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = best;
            }
        }
        before = std::mem::replace(&mut prev, row);
    }
    prev.last().is_some_and(|&d| d <= max)
}

/// Removes and parses an optional field (absent or `null` is `None`).
fn take_opt<T: DeserializeOwned>(fields: &mut Fields, name: &str) -> Result<Option<T>, ApiError> {
    match fields.remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => parse(name, value).map(Some),
    }
}

fn parse<T: DeserializeOwned>(name: &str, value: Value) -> Result<T, ApiError> {
    from_value(value)
        .map_err(|(code, path, e)| ApiError::new(code, format!("field `{name}{path}`: {e}")))
}

/// Deserializes a value; on failure, the code is the domain error's own code
/// (an invalid phone number is `identity.invalid`) or `request.invalid` for a
/// wrong shape, with the path to the failing part inside the value
/// (`[3].capacity`; empty at the top).
fn from_value<T: DeserializeOwned>(
    value: Value,
) -> Result<T, (&'static str, String, serde_json::Error)> {
    crate::util::error_code::clear();
    serde_path_to_error::deserialize(value).map_err(|e| {
        let code = crate::util::error_code::take().unwrap_or("request.invalid");
        let path = match e.path().to_string() {
            root if root == "." => String::new(),
            index if index.starts_with('[') => index,
            field => format!(".{field}"),
        };
        (code, crate::util::excerpt(&path), e.into_inner())
    })
}

fn take_ticket(fields: &mut Fields) -> Result<Ticket, ApiError> {
    let value = fields
        .remove("ticket")
        .ok_or_else(|| invalid("missing field `ticket`".to_owned()))?;
    crate::util::error_code::clear();
    ticket_from_value(value).map_err(|e| match e {
        TicketParseError::Shape(e) => {
            let code = crate::util::error_code::take().unwrap_or("request.invalid");
            ApiError::new(code, format!("field `ticket`: {e}"))
        }
        TicketParseError::Ticket(e) => {
            let code = e.code();
            ApiError::new(code, format!("field `ticket`: {e}"))
        }
    })
}

/// Parses `events` one by one, so a malformed event reports its index.
fn take_events(fields: &mut Fields) -> Result<Vec<Event>, ApiError> {
    let values: Vec<Value> = take(fields, "events")?;
    values
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            from_value(v).map_err(|(code, path, e)| {
                let at = if path.is_empty() {
                    String::new()
                } else {
                    format!(" (`{}`)", path.trim_start_matches('.'))
                };
                ApiError::new(code, format!("event {i}{at}: {e}")).at(i)
            })
        })
        .collect()
}

fn ticket_apply(fields: &mut Fields) -> Result<Value, ApiError> {
    let has_ticket = fields.contains_key("ticket");
    let new_id: Option<TicketId> = take_opt(fields, "ticket_id")?;
    let events = take_events(fields)?;
    let ticket = match (has_ticket, new_id) {
        (true, None) => {
            let mut ticket = take_ticket(fields)?;
            ticket.apply_all(events)?;
            ticket
        }
        (false, Some(id)) => Ticket::from_events(id, events)?,
        _ => {
            return Err(invalid(
                "give exactly one of `ticket` (an existing ticket) and `ticket_id` (a new one)"
                    .to_owned(),
            ));
        }
    };
    Ok(json!({ "ticket": ticket }))
}

fn ticket_summary(fields: &mut Fields) -> Result<Value, ApiError> {
    let ticket = take_ticket(fields)?;
    serde_json::to_value(ticket.summary()).map_err(|e| invalid(e.to_string()))
}

fn take_index(fields: &mut Fields) -> Result<(Vec<Customer>, IdentityIndex), ApiError> {
    let customers: Vec<Customer> = take(fields, "customers")?;
    if customers.len() > super::MAX_CUSTOMERS {
        return Err(ApiError::new(
            "request.too_large",
            format!(
                "customers: {} exceeds the limit of {}",
                customers.len(),
                super::MAX_CUSTOMERS
            ),
        ));
    }
    for (i, c) in customers.iter().enumerate() {
        c.check().map_err(|e| ApiError::from(e).at(i))?;
    }
    let index = IdentityIndex::from_customers(&customers)?;
    Ok((customers, index))
}

fn identity_resolve(fields: &mut Fields) -> Result<Value, ApiError> {
    let (_, index) = take_index(fields)?;
    let identity: Identity = take(fields, "identity")?;
    Ok(json!({ "customer": index.resolve(&identity) }))
}

fn identity_link(fields: &mut Fields) -> Result<Value, ApiError> {
    let (customers, mut index) = take_index(fields)?;
    let a: Identity = take(fields, "a")?;
    let b: Identity = take(fields, "b")?;
    let outcome = index.link(&a, &b)?;
    let find = |id: &crate::ticket::CustomerId| customers.iter().find(|c| &c.id == id).cloned();
    let customer = match &outcome {
        LinkOutcome::AlreadyLinked { customer } => find(customer),
        LinkOutcome::Attached { customer, identity } => find(customer).map(|mut c| {
            c.identities.insert(identity.clone());
            c
        }),
        LinkOutcome::Merged {
            survivor, absorbed, ..
        } => match (find(survivor), find(absorbed)) {
            (Some(s), Some(a)) => Some(s.merge(a)),
            (s, _) => s,
        },
    };
    Ok(json!({ "outcome": outcome, "customer": customer }))
}

/// The `calendar` field: a calendar object, or the name of one built earlier
/// in the session with `calendar.build`.
fn take_calendar(session: &Session, fields: &mut Fields) -> Result<BusinessCalendar, ApiError> {
    let value = fields
        .remove("calendar")
        .ok_or_else(|| invalid("missing field `calendar`".to_owned()))?;
    if let Value::String(name) = &value {
        return session
            .calendars
            .get(name)
            .cloned()
            .ok_or_else(|| unknown_name("calendar", "calendar.build", name));
    }
    let spec: CalendarSpec = parse("calendar", value)?;
    Ok(BusinessCalendar::new(&spec)?)
}

/// The session's calendars (built with `calendar.build`) that a policy set,
/// rule set or routing policy may name: all but those the configuration
/// defines itself, whose own definition is the one it means.
fn session_calendars(
    session: &Session,
    own: &std::collections::BTreeMap<String, CalendarSpec>,
) -> crate::calendar::Calendars {
    let mut shared = session.calendars.clone();
    for name in own.keys() {
        shared.remove(name);
    }
    shared
}

fn check_name(name: &str) -> Result<(), ApiError> {
    if name.is_empty() || name.len() > 128 {
        return Err(invalid("field `name`: must be 1 to 128 bytes".to_owned()));
    }
    Ok(())
}

fn too_many(kind: &str) -> ApiError {
    ApiError::new(
        "request.too_many_names",
        format!("a session keeps at most {MAX_NAMED_OBJECTS} named {kind}"),
    )
}

fn unknown_name(kind: &str, op: &str, name: &str) -> ApiError {
    ApiError::new(
        "request.unknown_name",
        format!(
            "no {kind} named `{}` in this session: build it with {op}",
            crate::util::excerpt(name)
        ),
    )
}

/// The `policies` field: a policy set object, or the name of one built
/// earlier in the session with `sla.build`.
fn take_policy_set(
    session: &Session,
    fields: &mut Fields,
) -> Result<std::sync::Arc<crate::sla::PolicySet>, ApiError> {
    let value = fields
        .remove("policies")
        .ok_or_else(|| invalid("missing field `policies`".to_owned()))?;
    if let Value::String(name) = &value {
        return session
            .policy_sets
            .get(name)
            .cloned()
            .ok_or_else(|| unknown_name("policy set", "sla.build", name));
    }
    let spec: crate::sla::PolicySetSpec = parse("policies", value)?;
    Ok(std::sync::Arc::new(crate::sla::PolicySet::with_calendars(
        &spec,
        &session_calendars(session, &spec.calendars),
    )?))
}

fn calendar_build(session: &mut Session, fields: &mut Fields) -> Result<Value, ApiError> {
    let name: String = take(fields, "name")?;
    check_name(&name)?;
    let spec: CalendarSpec = take(fields, "calendar")?;
    let calendar = BusinessCalendar::new(&spec)?;
    if !session.calendars.contains(&name) && session.calendars.len() >= MAX_NAMED_OBJECTS {
        return Err(too_many("calendars"));
    }
    session.calendars.insert(name.as_str(), calendar)?;
    Ok(calendar_summary(&name, &spec))
}

/// What `calendar.build` answers: the name, the time zone, the weekly hours
/// as given and the open seconds of a week (their union: an overnight
/// interval may run into the next day's hours), the counts of dated
/// exceptions, the public holiday sets and the horizon the calendar covers.
fn calendar_summary(name: &str, spec: &CalendarSpec) -> Value {
    const WEEK: i64 = 7 * 86_400;
    // Intervals on a circular week; Sunday's overnight part wraps to Monday.
    let mut spans: Vec<(i64, i64)> = Vec::new();
    for (day, ranges) in &spec.hours {
        let base = day.index() as i64 * 86_400;
        for r in ranges {
            let (start, end) = (i64::from(r.0.seconds()), i64::from(r.1.seconds()));
            let end = if end > start { end } else { end + 86_400 };
            let (a, b) = (base + start, base + end);
            if b > WEEK {
                spans.push((a, WEEK));
                spans.push((0, b - WEEK));
            } else {
                spans.push((a, b));
            }
        }
    }
    spans.sort_unstable();
    let (mut open, mut reach) = (0i64, 0i64);
    for (a, b) in spans {
        let a = a.max(reach);
        if b > a {
            open += b - a;
            reach = b;
        }
    }
    json!({
        "name": name,
        "time_zone": spec.time_zone,
        "hours": spec.hours,
        "weekly_open_seconds": open,
        "holidays": spec.holidays.len(),
        "shifts": spec.shifts.len(),
        "breaks": spec.breaks.len(),
        "public_holidays": spec.public_holidays,
        "horizon": {
            "from": format!("{}-01-01", crate::calendar::HORIZON_FIRST_YEAR),
            "to": format!("{}-12-31", crate::calendar::HORIZON_LAST_YEAR),
        },
    })
}

fn take_routing_policy(
    session: &Session,
    fields: &mut Fields,
) -> Result<crate::routing::RoutingPolicy, ApiError> {
    let spec: crate::routing::RoutingPolicySpec = match fields.remove("policy") {
        None | Some(Value::Null) => crate::routing::RoutingPolicySpec::default(),
        Some(v) => parse("policy", v)?,
    };
    Ok(crate::routing::RoutingPolicy::with_calendars(
        &spec,
        &session_calendars(session, &spec.calendars),
    )?)
}

fn take_roster(
    fields: &mut Fields,
    policy: &crate::routing::RoutingPolicy,
) -> Result<crate::routing::Roster, ApiError> {
    let agents: Vec<crate::routing::Agent> = take(fields, "agents")?;
    Ok(crate::routing::Roster::new(agents, policy)?)
}

fn take_items(fields: &mut Fields) -> Result<Vec<crate::routing::WorkItem>, ApiError> {
    let items: Vec<crate::routing::WorkItem> = take(fields, "items")?;
    if items.len() > crate::routing::MAX_ITEMS {
        return Err(ApiError::new(
            "routing.too_large",
            format!("items exceeds the limit of {}", crate::routing::MAX_ITEMS),
        ));
    }
    for (i, item) in items.iter().enumerate() {
        item.check().map_err(|e| ApiError::from(e).at(i))?;
    }
    Ok(items)
}

/// The `rules` field: a rule set object, or the name of one built earlier in
/// the session with `rules.build`.
fn take_rule_set(
    session: &Session,
    fields: &mut Fields,
) -> Result<std::sync::Arc<crate::rules::RuleSet>, ApiError> {
    let value = fields
        .remove("rules")
        .ok_or_else(|| invalid("missing field `rules`".to_owned()))?;
    if let Value::String(name) = &value {
        return session
            .rule_sets
            .get(name)
            .cloned()
            .ok_or_else(|| unknown_name("rule set", "rules.build", name));
    }
    let spec: crate::rules::RuleSetSpec = parse("rules", value)?;
    Ok(std::sync::Arc::new(crate::rules::RuleSet::with_calendars(
        &spec,
        &session_calendars(session, &spec.calendars),
    )?))
}

/// `rule` (one object) or `rules` (a list), for the importers; at most 10,000.
fn take_import_list(fields: &mut Fields) -> Result<Vec<Value>, ApiError> {
    let list = match (fields.remove("rule"), fields.remove("rules")) {
        (Some(one), None) => vec![one],
        (None, Some(Value::Array(many))) => many,
        _ => {
            return Err(invalid(
                "give `rule` (one object) or `rules` (a list)".to_owned(),
            ));
        }
    };
    if list.len() > crate::rules::MAX_RULES {
        return Err(ApiError::new(
            "rules.too_large",
            format!("rules exceeds the limit of {}", crate::rules::MAX_RULES),
        ));
    }
    Ok(list)
}

/// The `entries` and optional `config` of a FAQ index.
fn take_faq_spec(
    fields: &mut Fields,
) -> Result<(Vec<crate::faq::FaqEntry>, crate::faq::FaqConfig), ApiError> {
    let entries = take(fields, "entries")?;
    let config = take_opt(fields, "config")?.unwrap_or_default();
    Ok((entries, config))
}

/// The most Zendesk locale ids `rules.import_zendesk` takes in `locales`.
const MAX_IMPORT_LOCALES: usize = 1_000;

/// Keeps an inline FAQ (built on every call) within the inline caps.
fn check_inline_faq(
    entries: &[crate::faq::FaqEntry],
    config: &crate::faq::FaqConfig,
) -> Result<(), ApiError> {
    let (mut texts, mut bytes) = (0usize, 0usize);
    for e in entries {
        texts = texts.saturating_add(1 + e.phrasings.len());
        let context = e
            .context
            .only
            .values()
            .chain(e.context.boost.values())
            .flatten();
        bytes = [&e.question, &e.answer]
            .into_iter()
            .chain(&e.phrasings)
            .chain(&e.tags)
            .chain(context)
            .map(String::as_str)
            .chain(e.locales.iter().map(|l| l.as_str()))
            .fold(bytes, |sum, t| sum.saturating_add(t.len()));
        // Vectors count at their size in memory (4 bytes a value).
        let values = e
            .vectors
            .iter()
            .map(Vec::len)
            .fold(0usize, usize::saturating_add);
        bytes = bytes.saturating_add(values.saturating_mul(4));
    }
    // Synonyms are analysed on every build too.
    let synonyms = config.synonyms.values().flatten().flatten();
    bytes = synonyms.fold(bytes, |sum, w| sum.saturating_add(w.len()));
    let over = |what: &str, len: usize, max: usize| {
        ApiError::new(
            "request.inline_too_large",
            format!(
                "the inline FAQ has {len} {what}, over the inline limit of {max}; \
                 build it once with `faq.build` and search it by name"
            ),
        )
    };
    if texts > super::MAX_INLINE_FAQ_TEXTS {
        return Err(over(
            "questions and phrasings",
            texts,
            super::MAX_INLINE_FAQ_TEXTS,
        ));
    }
    if bytes > super::MAX_INLINE_FAQ_BYTES {
        return Err(over(
            "bytes of text and vectors",
            bytes,
            super::MAX_INLINE_FAQ_BYTES,
        ));
    }
    Ok(())
}

/// Rejects fields an operation did not take (checked early by operations
/// that change the session, so a bad request changes nothing).
fn reject_extra(fields: &Fields, op: &str) -> Result<(), ApiError> {
    match fields.keys().min() {
        Some(extra) => Err(invalid(format!(
            "unknown field `{}` for op `{op}`",
            crate::util::excerpt(extra)
        ))),
        None => Ok(()),
    }
}

/// The `faq` field: the name of an index built earlier in the session with
/// `faq.build`, or an object `{"entries": [...], "config": {...}}` built for
/// this request only.
fn take_faq(
    session: &Session,
    fields: &mut Fields,
) -> Result<std::sync::Arc<crate::faq::FaqIndex>, ApiError> {
    let value = fields
        .remove("faq")
        .ok_or_else(|| invalid("missing field `faq`".to_owned()))?;
    match value {
        Value::String(name) => session
            .faqs
            .get(&name)
            .cloned()
            .ok_or_else(|| unknown_name("FAQ index", "faq.build", &name)),
        Value::Object(mut inline) => {
            let (entries, config) = take_faq_spec(&mut inline)?;
            if let Some(extra) = inline.keys().min() {
                return Err(invalid(format!(
                    "unknown field `faq.{}`",
                    crate::util::excerpt(extra)
                )));
            }
            check_inline_faq(&entries, &config)?;
            Ok(std::sync::Arc::new(crate::faq::FaqIndex::new(
                entries, config,
            )?))
        }
        _ => Err(invalid(
            "`faq` must be a name or an object with `entries`".to_owned(),
        )),
    }
}
