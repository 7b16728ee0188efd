//! The first answer to a new message: honest about when a person will
//! answer.

use serde::{Deserialize, Serialize};

use super::ReplyError;
use super::set::{TemplateSet, TemplateSetSpec};
use super::template::ReplyData;
use crate::calendar::BusinessCalendar;
use crate::sla::SlaReport;
use crate::time::Timestamp;

/// The name of the acknowledgement in a [`TemplateSet`]: a host's set with
/// a template of this name replaces the built-in one.
pub const ACKNOWLEDGE: &str = "acknowledge";

/// The built-in acknowledgement, Dutch.
const NL: &str = "Bedankt voor je bericht{% if ticket.requester.first_name %}, {{ ticket.requester.first_name }}{% endif %}. \
We hebben het goed ontvangen{% if ticket.id %} (ticket {{ ticket.id }}){% endif %}.\n\
{% if next_open %}We zijn nu gesloten; we zijn er weer {{ next_open }}.\n\
{% elsif closed_now %}We zijn nu gesloten.\n{% endif %}\
{% if reply_late %}Een collega antwoordt zo snel mogelijk.\
{% elsif reply_by %}Een collega antwoordt uiterlijk {{ reply_by }}.\
{% else %}Een collega antwoordt zo snel mogelijk.{% endif %}\
{% if faq.answer %}\n\nMisschien helpt dit je meteen verder:\n{{ faq.answer }}\
{% elsif faq.suggestions.size > 0 %}\n\nMisschien vind je het antwoord hier:{% for s in faq.suggestions %}\n- {{ s }}{% endfor %}{% endif %}\
{% if self_service.url %}\n\nIntussen kun je het ook zelf proberen: {{ self_service.url }}{% endif %}\
{% if ticket.url %}\n\nJe kunt je vraag volgen via {{ ticket.url }}.{% endif %}";

/// The built-in acknowledgement, English.
const EN: &str = "Thank you for your message{% if ticket.requester.first_name %}, {{ ticket.requester.first_name }}{% endif %}. \
We have received it{% if ticket.id %} (ticket {{ ticket.id }}){% endif %}.\n\
{% if next_open %}We are closed now; we are back {{ next_open }}.\n\
{% elsif closed_now %}We are closed now.\n{% endif %}\
{% if reply_late %}A colleague will answer as soon as possible.\
{% elsif reply_by %}A colleague will answer {{ reply_by }} at the latest.\
{% else %}A colleague will answer as soon as possible.{% endif %}\
{% if faq.answer %}\n\nThis may help you right away:\n{{ faq.answer }}\
{% elsif faq.suggestions.size > 0 %}\n\nYou may find the answer here:{% for s in faq.suggestions %}\n- {{ s }}{% endfor %}{% endif %}\
{% if self_service.url %}\n\nMeanwhile you can also try it yourself: {{ self_service.url }}{% endif %}\
{% if ticket.url %}\n\nYou can follow your question at {{ ticket.url }}.{% endif %}";

/// The acknowledgement: its text and the facts it states.
///
/// JSON: `{"text": "...", "locale": "nl", "reply_by": "2026-11-24T09:00:00Z",
/// "reply_late": false, "open_now": false, "next_open": "2026-11-24T08:00:00Z"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Acknowledgement {
    /// What to send.
    pub text: String,
    /// The locale it is written in.
    pub locale: String,
    /// When a person answers at the latest, from the SLA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_by: Option<Timestamp>,
    /// Whether that time has already passed (the text then promises no
    /// time).
    pub reply_late: bool,
    /// Whether the desk is open now; absent without a calendar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_now: Option<bool>,
    /// When it opens next, while it is closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_open: Option<Timestamp>,
}

/// The built-in templates, checked once per process (a test checks they
/// build).
static BUILTIN: std::sync::LazyLock<Option<TemplateSet>> = std::sync::LazyLock::new(|| {
    let nl: crate::customer::Locale = "nl".parse().ok()?;
    let en: crate::customer::Locale = "en".parse().ok()?;
    TemplateSet::new(
        TemplateSetSpec::new(en.clone())
            .with(ACKNOWLEDGE, nl, NL)
            .with(ACKNOWLEDGE, en, EN),
    )
    .ok()
});

/// Composes the first answer to a message: that it arrived; the true time
/// a person will answer, from the SLA report's reply due time (computed
/// on the policy's business hours, so never "within 24 hours" across a
/// weekend), or "as soon as possible" once that time has passed; that the
/// desk is closed and when it opens, from `calendar`; the FAQ's confident
/// answer or its suggestions (`data.faq`); and the link to follow the
/// question (`data.ticket_url`) and a self-service link to try meanwhile
/// (`data.self_service_url`). In the data's locale (its own, then the
/// customer's), Dutch and English built in; a `templates` set with an
/// [`ACKNOWLEDGE`] template replaces them (its templates see
/// `reply_late` beside the usual placeholders).
///
/// `data.reply_by` is taken from `sla` when that has a reply due.
///
/// # Errors
/// `reply.too_large` from a host template (see
/// [`Template::render`](super::Template::render)).
///
/// ```
/// use frontline::reply::{acknowledge, ReplyData};
/// use frontline::{BusinessCalendar, CalendarSpec, Customer, Timestamp};
/// use frontline::time::Weekday::*;
/// let office = BusinessCalendar::new(
///     &CalendarSpec::new("Europe/Amsterdam".parse()?).open(&[Mon, Tue, Wed, Thu, Fri], "09:00", "17:00")?,
/// )?;
/// let mut anna = Customer::new("c-anna".parse()?);
/// anna.name = Some("Anna de Vries".into());
/// anna.locale = Some("nl-NL".parse()?);
/// let mut data = ReplyData::new();
/// data.customer = Some(anna);
/// data.reply_by = Some(Timestamp::parse("2026-11-30T09:00:00Z")?); // Monday 10:00 in Amsterdam
/// let now = Timestamp::parse("2026-11-28T14:00:00Z")?; // Saturday
/// let ack = acknowledge(&data, None, Some(&office), None, now)?;
/// assert_eq!(ack.text, "Bedankt voor je bericht, Anna. We hebben het goed ontvangen.\n\
///     We zijn nu gesloten; we zijn er weer maandag 30 november om 09:00.\n\
///     Een collega antwoordt uiterlijk maandag 30 november om 10:00.");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn acknowledge(
    data: &ReplyData,
    sla: Option<&SlaReport>,
    calendar: Option<&BusinessCalendar>,
    templates: Option<&TemplateSet>,
    now: Timestamp,
) -> Result<Acknowledgement, ReplyError> {
    let mut data = data.clone();
    let due = sla.and_then(SlaReport::reply_due);
    if let Some(due) = &due {
        data.reply_by = Some(due.due_at);
    }
    let reply_late = data.reply_by.is_some_and(|t| t <= now) || due.is_some_and(|d| d.overdue);
    let open_now = calendar.and_then(|c| c.is_open(now).ok());
    let next_open = match (calendar, open_now) {
        (Some(c), Some(false)) => c.next_open(now).ok(),
        _ => None,
    };
    let locale = data
        .locale
        .clone()
        .or_else(|| {
            data.customer
                .as_ref()
                .and_then(|c| c.locale.as_ref())
                .map(|l| l.as_str().to_owned())
        })
        .unwrap_or_else(|| "en".to_owned());
    let set = match templates.filter(|t| t.contains(ACKNOWLEDGE)) {
        Some(set) => set,
        None => BUILTIN.as_ref().ok_or_else(|| {
            ReplyError::Render("the built-in acknowledgement does not build".to_owned())
        })?,
    };
    let (written, template) = set
        .get(ACKNOWLEDGE, Some(&locale))
        .ok_or_else(|| ReplyError::UnknownTemplate(ACKNOWLEDGE.to_owned()))?;
    // Written in the template's locale, times too.
    let locale = written.as_str().to_owned();
    data.locale = Some(locale.clone());
    let text = template.render(&data, calendar, now)?;
    Ok(Acknowledgement {
        text,
        locale,
        reply_by: data.reply_by,
        reply_late,
        open_now,
        next_open,
    })
}
