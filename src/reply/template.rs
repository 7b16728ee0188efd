//! A reply template: Liquid with Zendesk's placeholders, checked once and
//! rendered with whatever data there is.

use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

use liquid::model::{ObjectView, Value as LValue, ValueView};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::scan::{self, Uses, line_col};
use super::{MAX_PLACEHOLDER_BYTES, MAX_REPLY_BYTES, MAX_TEMPLATE_BYTES, ReplyError};
use crate::calendar::BusinessCalendar;
use crate::customer::IdentityKind;
use crate::time::{Timestamp, WordsLang, WordsStyle, Zone, in_words};
use crate::{Customer, EventKind, Ticket};

/// A person a reply names: the assignee, or the agent sending it.
///
/// JSON: `{"name": "Sanne de Boer", "email": "sanne@shop.nl", "signature": "Sanne, klantenservice"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Person {
    /// The full name; the first word is the first name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The e-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

impl Person {
    /// A person by name.
    pub fn named(name: impl Into<String>) -> Person {
        Person {
            name: Some(name.into()),
            ..Person::default()
        }
    }
}

/// What self-service found, for `faq.*`.
///
/// JSON: `{"question": "Hoe herstel ik mijn wachtwoord?", "answer": "...", "suggestions": ["..."]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct FaqReply {
    /// The question of the answer given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// The answer given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// Questions suggested instead (at most 20).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<String>,
}

/// Everything a template can show; all optional. What is missing renders
/// as nothing (and is false in `{% if %}`).
///
/// JSON: `{"ticket": {...}, "customer": {...}, "assignee": {"name": "Sanne"},
/// "current_user": {...}, "group": "Accounts", "ticket_url": "https://...",
/// "satisfaction_url": "https://...", "reply_by": "2026-11-24T09:00:00Z",
/// "faq": {...}, "flow_answers": {"order": "40213"}, "locale": "nl-BE",
/// "time_zone": "Europe/Brussels"}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ReplyData {
    /// The ticket (`ticket.*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<Ticket>,
    /// The requester (`ticket.requester.*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<Customer>,
    /// The assignee (`ticket.assignee.*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<Person>,
    /// The agent sending the reply (`current_user.*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_user: Option<Person>,
    /// The group's display name (`ticket.group.name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The ticket's link for the customer (`ticket.url`, `ticket.link`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket_url: Option<String>,
    /// Where the customer can help themselves meanwhile: an FAQ page or a
    /// guided flow (`self_service.url`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_service_url: Option<String>,
    /// Where the customer rates the answer (`satisfaction.rating_url`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction_url: Option<String>,
    /// When a person will answer at the latest (`reply_by`), from the SLA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_by: Option<Timestamp>,
    /// What the FAQ found (`faq.*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faq: Option<FaqReply>,
    /// A flow's answers (`flow.answers.<name>`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub flow_answers: BTreeMap<String, Value>,
    /// The locale to write in, before the customer's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The time zone to show times in, before the customer's (then the
    /// calendar's, then UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<Zone>,
}

impl ReplyData {
    /// No data.
    pub fn new() -> ReplyData {
        ReplyData::default()
    }

    /// The language times are written in: `locale`, the customer's, or
    /// English.
    pub(super) fn lang(&self) -> WordsLang {
        self.locale
            .as_deref()
            .and_then(WordsLang::of_locale)
            .or_else(|| {
                self.customer
                    .as_ref()
                    .and_then(|c| c.locale.as_ref())
                    .and_then(|l| WordsLang::of_locale(l.as_str()))
            })
            .unwrap_or(WordsLang::En)
    }

    /// The zone times are shown in.
    pub(super) fn zone(&self, calendar: Option<&BusinessCalendar>) -> Zone {
        self.time_zone
            .or_else(|| self.customer.as_ref().and_then(|c| c.time_zone))
            .or_else(|| calendar.map(BusinessCalendar::zone))
            .unwrap_or(Zone::UTC)
    }
}

/// The Liquid parser: the standard tags, blocks and filters the scanner
/// allows (a test checks the two lists agree).
static PARSER: LazyLock<Option<liquid::Parser>> = LazyLock::new(|| {
    use liquid_lib::stdlib as s;
    liquid::ParserBuilder::new()
        .tag(s::AssignTag)
        .tag(s::BreakTag)
        .tag(s::ContinueTag)
        .block(s::RawBlock)
        .block(s::IfBlock)
        .block(s::UnlessBlock)
        .block(s::ForBlock)
        .block(s::CommentBlock)
        .block(s::CaseBlock)
        .filter(s::Append)
        .filter(s::Capitalize)
        .filter(s::Compact)
        .filter(s::Default)
        .filter(s::Downcase)
        .filter(s::Escape)
        .filter(s::EscapeOnce)
        .filter(s::First)
        .filter(s::Join)
        .filter(s::Last)
        .filter(s::Lstrip)
        .filter(s::NewlineToBr)
        .filter(s::Prepend)
        .filter(s::Remove)
        .filter(s::RemoveFirst)
        .filter(s::Replace)
        .filter(s::ReplaceFirst)
        .filter(s::Reverse)
        .filter(s::Rstrip)
        .filter(s::Size)
        .filter(s::Sort)
        .filter(s::SortNatural)
        .filter(s::Strip)
        .filter(s::StripHtml)
        .filter(s::StripNewlines)
        .filter(s::Truncate)
        .filter(s::TruncateWords)
        .filter(s::Uniq)
        .filter(s::Upcase)
        .filter(s::UrlEncode)
        .build()
        .ok()
});

/// A checked reply template.
///
/// Placeholders are Zendesk's (`{{ticket.requester.first_name}}`,
/// `{{current_user.name}}`, `{{satisfaction.rating_url}}` ...) and
/// frontline's own (`{{reply_by}}`, `{{next_open}}`, `{{business_hours}}`,
/// `{{faq.answer}}`, `{{flow.answers.order}}`); the logic is Liquid's
/// (`if`/`elsif`/`else`, `unless`, `case`, `for`, `assign`, and the
/// standard filters that cannot fail on missing data). See the [module
/// docs](super) for the table and the limits.
///
/// ```
/// use frontline::reply::{ReplyData, Template, Person};
/// let t = Template::new("Hoi {{ticket.requester.first_name | default: \"daar\"}}, {{current_user.first_name}} hier.")?;
/// let mut data = ReplyData::new();
/// data.current_user = Some(Person::named("Sanne de Boer"));
/// let now = frontline::Timestamp::parse("2026-11-23T08:00:00Z")?;
/// assert_eq!(t.render(&data, None, now)?, "Hoi daar, Sanne hier.");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Template {
    source: String,
    uses: Arc<Uses>,
    compiled: Arc<liquid::Template>,
}

impl std::fmt::Debug for Template {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Template")
            .field("source", &self.source)
            .finish()
    }
}

impl PartialEq for Template {
    fn eq(&self, other: &Template) -> bool {
        self.source == other.source
    }
}

impl Serialize for Template {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.source)
    }
}

impl<'de> Deserialize<'de> for Template {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Template, D::Error> {
        let source = String::deserialize(d)?;
        Template::new(&source).map_err(serde::de::Error::custom)
    }
}

impl Template {
    /// Checks and parses a template.
    ///
    /// # Errors
    /// `reply.too_large` over [`MAX_TEMPLATE_BYTES`];
    /// `reply.unknown_placeholder` and `reply.unsupported` (a `date`
    /// filter, a range, `include`, a loop in a loop, a value built from
    /// another assigned value, a literal over 256 bytes), and `reply.syntax`
    /// (an unclosed block, a stray `endif` ...), each with its line and
    /// column.
    pub fn new(source: &str) -> Result<Template, ReplyError> {
        if source.len() > MAX_TEMPLATE_BYTES {
            return Err(ReplyError::TooLarge {
                what: "template bytes",
                len: source.len(),
                max: MAX_TEMPLATE_BYTES,
            });
        }
        let uses = scan::scan(source)?;
        let parser = PARSER
            .as_ref()
            .ok_or_else(|| ReplyError::Render("the Liquid parser does not build".to_owned()))?;
        // The scanner accepts only what Liquid parses; should Liquid's
        // parser still assert on something, it is an error, not a crash
        // (where panics unwind).
        let parsed =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parser.parse(source)));
        let compiled = match parsed {
            Ok(Ok(t)) => t,
            Ok(Err(e)) => return Err(syntax(source, &e.to_string())),
            Err(_) => {
                let (line, column) = line_col(source, source.len());
                return Err(ReplyError::Syntax {
                    line,
                    column,
                    message: "Liquid: it cannot read this template".to_owned(),
                });
            }
        };
        Ok(Template {
            source: source.to_owned(),
            uses: Arc::new(uses),
            compiled: Arc::new(compiled),
        })
    }

    /// The template's text.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The placeholders it uses, in order of first use.
    pub fn placeholders(&self) -> &[String] {
        &self.uses.paths
    }

    /// Renders with `data` at `now` (times are written relative to it:
    /// "vandaag", "morgen"); `calendar` gives `next_open` and
    /// `business_hours`. Missing data renders as nothing.
    ///
    /// Cost: linear in the template times the longest list a loop shows
    /// (see the module docs); the output is at most [`MAX_REPLY_BYTES`].
    ///
    /// # Errors
    /// `reply.too_large` past [`MAX_REPLY_BYTES`]. Never for missing data:
    /// `reply.render_failed` would be a bug (the check admits only what
    /// renders; a fuzz target holds it to that).
    pub fn render(
        &self,
        data: &ReplyData,
        calendar: Option<&BusinessCalendar>,
        now: Timestamp,
    ) -> Result<String, ReplyError> {
        let globals = globals(&self.uses, data, calendar, now);
        // Sized once: most of a reply is the template's own text.
        let mut out = Capped {
            bytes: Vec::with_capacity(self.source.len() + self.source.len() / 2),
            over: false,
        };
        let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.compiled.render_to(&mut out, &globals)
        }));
        if out.over {
            return Err(ReplyError::TooLarge {
                what: "bytes of a rendered reply",
                len: MAX_REPLY_BYTES + 1,
                max: MAX_REPLY_BYTES,
            });
        }
        match rendered {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                return Err(ReplyError::Render(crate::util::excerpt(&first_line(
                    &e.to_string(),
                ))));
            }
            Err(_) => {
                return Err(ReplyError::Render(
                    "Liquid failed on this template".to_owned(),
                ));
            }
        }
        String::from_utf8(out.bytes).map_err(|e| ReplyError::Render(e.to_string()))
    }
}

/// The output, refused past [`MAX_REPLY_BYTES`] (Liquid stops rendering
/// at the first write that fails).
struct Capped {
    bytes: Vec<u8>,
    over: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_REPLY_BYTES {
            self.over = true;
            return Err(std::io::Error::other("reply too long"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn first_line(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// A Liquid parse error with its position (`--> 3:1` in Liquid's message).
fn syntax(source: &str, message: &str) -> ReplyError {
    let position = message.split("--> ").nth(1).and_then(|rest| {
        let (line, rest) = rest.split_once(':')?;
        let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some((line.trim().parse().ok()?, column.parse().ok()?))
    });
    let (line, column) = position.unwrap_or_else(|| line_col(source, source.len()));
    let reason = message
        .lines()
        .filter_map(|l| l.trim().strip_prefix("= "))
        .collect::<Vec<_>>()
        .join(" ");
    let reason = if reason.is_empty() {
        first_line(message)
    } else {
        reason
    };
    ReplyError::Syntax {
        line,
        column,
        message: format!("Liquid: {}", crate::util::excerpt(&reason)),
    }
}

/// A placeholder's value, or a level of the tree (`ticket`,
/// `ticket.requester`): ordered maps of a few keys, which Liquid reads as
/// objects (cheaper to build and search than its own hashed objects).
#[derive(Debug)]
enum Node {
    Leaf(LValue),
    Map(Tree),
}

type Tree = BTreeMap<liquid::model::KString, Node>;

impl ValueView for Node {
    fn as_debug(&self) -> &dyn std::fmt::Debug {
        self
    }
    fn render(&self) -> liquid::model::DisplayCow<'_> {
        match self {
            Node::Leaf(v) => v.render(),
            Node::Map(m) => m.render(),
        }
    }
    fn source(&self) -> liquid::model::DisplayCow<'_> {
        match self {
            Node::Leaf(v) => v.source(),
            Node::Map(m) => m.source(),
        }
    }
    fn type_name(&self) -> &'static str {
        match self {
            Node::Leaf(v) => v.type_name(),
            Node::Map(m) => m.type_name(),
        }
    }
    fn query_state(&self, state: liquid::model::State) -> bool {
        match self {
            Node::Leaf(v) => v.query_state(state),
            Node::Map(m) => m.query_state(state),
        }
    }
    fn to_kstr(&self) -> liquid::model::KStringCow<'_> {
        match self {
            Node::Leaf(v) => v.to_kstr(),
            Node::Map(m) => m.to_kstr(),
        }
    }
    fn to_value(&self) -> LValue {
        match self {
            Node::Leaf(v) => v.to_value(),
            Node::Map(m) => m.to_value(),
        }
    }
    fn as_scalar(&self) -> Option<liquid::model::ScalarCow<'_>> {
        match self {
            Node::Leaf(v) => v.as_scalar(),
            Node::Map(_) => None,
        }
    }
    fn as_array(&self) -> Option<&dyn liquid::model::ArrayView> {
        match self {
            Node::Leaf(v) => v.as_array(),
            Node::Map(_) => None,
        }
    }
    fn as_object(&self) -> Option<&dyn ObjectView> {
        match self {
            Node::Leaf(v) => v.as_object(),
            Node::Map(m) => Some(m),
        }
    }
    fn as_state(&self) -> Option<liquid::model::State> {
        match self {
            Node::Leaf(v) => v.as_state(),
            Node::Map(_) => None,
        }
    }
    fn is_nil(&self) -> bool {
        matches!(self, Node::Leaf(v) if v.is_nil())
    }
}

/// The values of the placeholders a template uses, nested as Liquid reads
/// them; every one present (nil when missing).
fn globals(
    uses: &Uses,
    data: &ReplyData,
    calendar: Option<&BusinessCalendar>,
    now: Timestamp,
) -> Tree {
    let mut root = Tree::new();
    let ctx = Fill {
        data,
        calendar,
        now,
        lang: data.lang(),
        zone: data.zone(calendar),
    };
    for path in &uses.paths {
        insert(&mut root, path, ctx.value(path));
    }
    for local in &uses.locals {
        if !root.contains_key(local.as_str()) {
            root.insert(local.clone().into(), Node::Leaf(LValue::Nil));
        }
    }
    root
}

/// Sets `path` (dotted) in `root`, making the levels on the way.
fn insert(root: &mut Tree, path: &str, value: LValue) {
    let mut parts = path.split('.').peekable();
    let mut at = root;
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            at.insert(part.to_owned().into(), Node::Leaf(value));
            return;
        }
        // Most levels exist already (`ticket.` prefixes many paths): look
        // up before making a key.
        if !matches!(at.get(part), Some(Node::Map(_))) {
            at.insert(part.to_owned().into(), Node::Map(Tree::new()));
        }
        let Some(slot) = at.get_mut(part) else {
            return;
        };
        if !matches!(slot, Node::Map(_)) {
            *slot = Node::Map(Tree::new());
        }
        let Node::Map(next) = slot else {
            return;
        };
        at = next;
    }
}

/// What the values are computed from.
struct Fill<'a> {
    data: &'a ReplyData,
    calendar: Option<&'a BusinessCalendar>,
    now: Timestamp,
    lang: WordsLang,
    zone: Zone,
}

/// A text, cut to [`MAX_PLACEHOLDER_BYTES`] (with `…`) so that no filter
/// can make much of a long message.
fn text(s: Option<impl Into<String>>) -> LValue {
    s.map_or(LValue::Nil, |s| {
        let s: String = s.into();
        if s.len() > MAX_PLACEHOLDER_BYTES {
            LValue::scalar(format!("{}…", crate::util::head(&s, MAX_PLACEHOLDER_BYTES)))
        } else {
            LValue::scalar(s)
        }
    })
}

fn first_name(name: Option<&str>) -> Option<&str> {
    name.and_then(|n| n.split_whitespace().next())
}

fn last_name(name: Option<&str>) -> Option<&str> {
    name.and_then(|n| n.trim().split_once(char::is_whitespace))
        .map(|(_, rest)| rest.trim())
}

/// A host's JSON value: texts, numbers and booleans as themselves, a list
/// of those as a list, anything else as its JSON text (keys sorted, so the
/// same value always reads the same).
fn json(v: &Value) -> LValue {
    match v {
        Value::Null => LValue::Nil,
        Value::String(s) => text(Some(s.clone())),
        Value::Bool(b) => LValue::scalar(*b),
        Value::Number(n) => n
            .as_i64()
            .map(LValue::scalar)
            .or_else(|| n.as_f64().map(LValue::scalar))
            .unwrap_or(LValue::Nil),
        Value::Array(items) if items.iter().all(|i| !i.is_array() && !i.is_object()) => {
            LValue::Array(
                items
                    .iter()
                    .take(crate::ticket::MAX_TAGS)
                    .map(json)
                    .collect(),
            )
        }
        other => text(Some(other.to_string())),
    }
}

impl Fill<'_> {
    fn words(&self, at: Timestamp) -> LValue {
        LValue::scalar(in_words(at, self.now, self.zone, self.lang, WordsStyle::At))
    }

    fn value(&self, path: &str) -> LValue {
        let d = self.data;
        let ticket = d.ticket.as_ref();
        let customer = d.customer.as_ref();
        if let Some(name) = path.strip_prefix("ticket.ticket_field_") {
            return ticket
                .and_then(|t| t.fields().get(name))
                .map_or(LValue::Nil, json);
        }
        if let Some(name) = path.strip_prefix("flow.answers.") {
            return d.flow_answers.get(name).map_or(LValue::Nil, json);
        }
        let identity = |kind: IdentityKind| {
            customer.and_then(|c| {
                c.identities
                    .iter()
                    .find(|i| i.kind() == kind)
                    .map(|i| i.value().to_owned())
            })
        };
        let assignee = d.assignee.as_ref().and_then(|p| p.name.as_deref());
        let user = d.current_user.as_ref();
        let requester = customer.and_then(|c| c.name.as_deref());
        match path {
            "ticket.id" => text(ticket.map(|t| t.id().as_str().to_owned())),
            "ticket.title" => text(ticket.map(|t| t.subject().to_owned())),
            "ticket.description" => text(ticket.and_then(|t| message(t, false, true))),
            "ticket.latest_comment" => text(ticket.and_then(|t| message(t, false, false))),
            "ticket.latest_public_comment" => text(ticket.and_then(|t| message(t, true, false))),
            "ticket.status" => text(ticket.map(|t| t.status().as_str())),
            "ticket.priority" => text(ticket.map(|t| t.priority().as_str())),
            "ticket.ticket_type" => text(ticket.and_then(|t| t.ticket_type()).map(|t| t.as_str())),
            "ticket.via" => text(ticket.map(|t| t.channel().as_str())),
            // A missing list is empty, so `.size` is 0 and a loop does not run.
            "ticket.tags" => LValue::Array(
                ticket
                    .map(|t| {
                        t.tags()
                            .iter()
                            .map(|tag| LValue::scalar(tag.as_str().to_owned()))
                            .collect()
                    })
                    .unwrap_or_default(),
            ),
            "ticket.created_at" => ticket.map_or(LValue::Nil, |t| self.words(t.created_at())),
            "ticket.updated_at" => ticket
                .and_then(|t| t.events().last())
                .map_or(LValue::Nil, |e| self.words(e.at)),
            "ticket.url" | "ticket.link" => text(d.ticket_url.clone()),
            "ticket.group.name" => text(d.group.clone()),
            "ticket.organization.name" => text(customer.and_then(|c| c.organization.clone())),
            "ticket.assignee.name" => text(assignee),
            "ticket.assignee.first_name" => text(first_name(assignee)),
            "ticket.assignee.last_name" => text(last_name(assignee)),
            "ticket.assignee.email" => text(d.assignee.as_ref().and_then(|p| p.email.clone())),
            "ticket.requester.name" => text(requester),
            "ticket.requester.first_name" => text(first_name(requester)),
            "ticket.requester.last_name" => text(last_name(requester)),
            "ticket.requester.email" => text(identity(IdentityKind::Email)),
            "ticket.requester.phone" => text(identity(IdentityKind::Phone)),
            "ticket.requester.language" => text(
                customer
                    .and_then(|c| c.locale.as_ref())
                    .map(|l| l.language().to_owned()),
            ),
            "ticket.requester.locale" => text(
                customer
                    .and_then(|c| c.locale.as_ref())
                    .map(|l| l.as_str().to_owned()),
            ),
            "current_user.name" => text(user.and_then(|p| p.name.as_deref())),
            "current_user.first_name" => text(first_name(user.and_then(|p| p.name.as_deref()))),
            "current_user.last_name" => text(last_name(user.and_then(|p| p.name.as_deref()))),
            "current_user.email" => text(user.and_then(|p| p.email.clone())),
            "current_user.signature" => text(user.and_then(|p| p.signature.clone())),
            "satisfaction.rating_url" => text(d.satisfaction_url.clone()),
            "satisfaction.current_rating" => text(
                ticket
                    .and_then(|t| t.summary().satisfaction)
                    .map(|r| match r {
                        crate::ticket::Rating::Good => "good",
                        crate::ticket::Rating::Bad => "bad",
                    }),
            ),
            "satisfaction.current_comment" => LValue::Nil,
            "reply_by" => d.reply_by.map_or(LValue::Nil, |t| self.words(t)),
            "reply_late" => LValue::scalar(d.reply_by.is_some_and(|t| t <= self.now)),
            "reply_before" => d.reply_by.map_or(LValue::Nil, |t| {
                LValue::scalar(in_words(
                    t,
                    self.now,
                    self.zone,
                    self.lang,
                    WordsStyle::Before,
                ))
            }),
            "closed_now" => self
                .calendar
                .and_then(|c| c.is_open(self.now).ok())
                .map_or(LValue::Nil, |open| LValue::scalar(!open)),
            "self_service.url" => text(d.self_service_url.clone()),
            "next_open" => self
                .calendar
                .filter(|c| !c.is_open(self.now).unwrap_or(true))
                .and_then(|c| c.next_open(self.now).ok())
                .map_or(LValue::Nil, |t| self.words(t)),
            "business_hours" => text(
                self.calendar
                    .and_then(|c| super::hours::describe(c, self.now, self.zone, self.lang)),
            ),
            "faq.question" => text(d.faq.as_ref().and_then(|f| f.question.clone())),
            "faq.answer" => text(d.faq.as_ref().and_then(|f| f.answer.clone())),
            "faq.suggestions" => LValue::Array(
                d.faq
                    .as_ref()
                    .map(|f| {
                        f.suggestions
                            .iter()
                            .take(20)
                            .map(|s| text(Some(s.clone())))
                            .collect()
                    })
                    .unwrap_or_default(),
            ),
            _ => LValue::Nil,
        }
    }
}

/// The body of the first (`first`) or latest message, public only or any.
fn message(t: &Ticket, public_only: bool, first: bool) -> Option<String> {
    let mut bodies = t.events().iter().filter_map(|e| match &e.kind {
        EventKind::Message { body, public, .. } if *public || !public_only => Some(body.clone()),
        _ => None,
    });
    if first {
        bodies.next()
    } else {
        bodies.next_back()
    }
}

#[cfg(test)]
mod tests {
    /// The parser knows exactly the filters the scanner allows.
    #[test]
    fn the_parser_has_the_scanners_filters() {
        let parser = super::PARSER.as_ref().unwrap();
        let err = match parser.parse("{{ x | no_such_filter }}") {
            Ok(_) => panic!("an unknown filter parsed"),
            Err(e) => e.to_string(),
        };
        let listed = err
            .lines()
            .find_map(|l| l.trim().strip_prefix("available filters="))
            .unwrap();
        let mut have: Vec<&str> = listed.split(", ").collect();
        have.sort_unstable();
        let mut want: Vec<&str> = super::scan::filters().collect();
        want.sort_unstable();
        want.dedup();
        assert_eq!(have, want);
    }
}
