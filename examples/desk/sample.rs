#![allow(
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "sample data for an example: known to be valid"
)]

//! Built-in sample data for the desk: a Dutch and English web shop.
//!
//! Everything is generated from a seed with a small SplitMix64 generator, so a
//! run is reproducible: the same seed gives the same day.

use frontline::time::Timestamp;
use frontline::time::Weekday::*;
use frontline::{
    BusinessCalendar, CalendarSpec, Channel, Customer, customer::Identity, customer::Locale,
    ticket::SocialNetwork,
};

/// SplitMix64: a tiny, well-known, seedable generator (good enough for sample data).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

pub struct SampleCustomer {
    pub customer: Customer,
    /// Channels this customer likes to use, with the identity they write from.
    pub reach: Vec<(Channel, Identity)>,
}

fn customer(
    id: &str,
    name: &str,
    locale: &str,
    zone: &str,
    plan: &str,
    signup: &str,
    reach: Vec<(Channel, Identity)>,
) -> SampleCustomer {
    let mut c = Customer::new(id.parse().expect("sample id"));
    c.name = Some(name.into());
    c.locale = Some(Locale::new(locale).expect("sample locale"));
    c.time_zone = Some(zone.parse().expect("sample zone"));
    c.plan = Some(plan.into());
    c.segment = Some(
        if plan == "business" {
            "vip"
        } else {
            "standard"
        }
        .into(),
    );
    c.signup_at = Some(signup.parse().expect("sample signup"));
    // A customer's record knows only some of the identities they will write from:
    // the rest are discovered during the day.
    for (_, identity) in reach.iter().take(1) {
        c.identities.insert(identity.clone());
    }
    SampleCustomer { customer: c, reach }
}

fn email(s: &str) -> Identity {
    Identity::email(s).expect("sample email")
}
fn phone(s: &str) -> Identity {
    Identity::phone(s).expect("sample phone")
}
fn social(n: SocialNetwork, s: &str) -> Identity {
    Identity::social(n, s).expect("sample handle")
}
fn visitor(s: &str) -> Identity {
    Identity::chat_visitor(s).expect("sample visitor")
}

/// The shop's customers, in alphabetical order of first name. The order is
/// part of a seed's day: the generator picks customers by position.
pub fn customers() -> Vec<SampleCustomer> {
    let mut all = customers_a_to_d();
    all.extend(customers_e_to_h());
    all
}

/// Anna, Bram, Claire and Daan.
fn customers_a_to_d() -> Vec<SampleCustomer> {
    use Channel::*;
    vec![
        customer(
            "c-anna",
            "Anna de Vries",
            "nl-NL",
            "Europe/Amsterdam",
            "plus",
            "2025-12-07T10:00:00Z",
            vec![
                (Email, email("anna.devries@example.nl")),
                (Whatsapp, phone("+31 6 1234 5678")),
            ],
        ),
        customer(
            "c-bram",
            "Bram Jansen",
            "nl-NL",
            "Europe/Amsterdam",
            "basic",
            "2026-01-15T19:30:00Z",
            vec![
                (Chat, visitor("v-7f3a")),
                (Email, email("bram.jansen@example.nl")),
            ],
        ),
        customer(
            "c-claire",
            "Claire Dubois",
            "nl-BE",
            "Europe/Brussels",
            "business",
            "2024-06-01T08:00:00Z",
            vec![
                (Email, email("claire@dubois-design.be")),
                (Phone, phone("+32 470 12 34 56")),
            ],
        ),
        customer(
            "c-daan",
            "Daan Visser",
            "nl-NL",
            "Europe/Amsterdam",
            "basic",
            "2026-02-20T12:00:00Z",
            vec![
                (Instagram, social(SocialNetwork::Instagram, "@daan.visser")),
                (Chat, visitor("v-19bc")),
            ],
        ),
    ]
}

/// Emma, Frank, Greet and Hugo.
fn customers_e_to_h() -> Vec<SampleCustomer> {
    use Channel::*;
    vec![
        customer(
            "c-emma",
            "Emma Thompson",
            "en-GB",
            "Europe/London",
            "plus",
            "2025-09-12T09:00:00Z",
            vec![
                (Email, email("emma.t@example.co.uk")),
                (X, social(SocialNetwork::X, "@emmat")),
            ],
        ),
        customer(
            "c-frank",
            "Frank Miller",
            "en-US",
            "America/New_York",
            "business",
            "2023-11-30T15:00:00Z",
            vec![
                (Phone, phone("+1 (415) 555-0100")),
                (Email, email("frank@millerco.com")),
            ],
        ),
        customer(
            "c-greet",
            "Greet Peeters",
            "nl-BE",
            "Europe/Brussels",
            "plus",
            "2025-12-06T11:00:00Z",
            vec![
                (WebForm, email("greet.peeters@example.be")),
                (Whatsapp, phone("+32 478 98 76 54")),
            ],
        ),
        customer(
            "c-hugo",
            "Hugo Bakker",
            "nl-NL",
            "Europe/Amsterdam",
            "basic",
            "2026-02-27T07:45:00Z",
            vec![
                (Chat, visitor("v-a001")),
                (Facebook, social(SocialNetwork::Facebook, "hugo.bakker")),
            ],
        ),
    ]
}

/// What a customer writes about: a subject and a first message, in Dutch and English.
pub struct Topic {
    pub key: &'static str,
    pub nl: (&'static str, &'static str),
    pub en: (&'static str, &'static str),
    /// Followers of the author when the topic is posted publicly on a
    /// social network (0: a private message).
    pub followers: u64,
}

pub const TOPICS: &[Topic] = &[
    Topic {
        key: "where_is_my_order",
        nl: (
            "Waar blijft mijn bestelling?",
            "Ik heb vorige week bestelling {order} geplaatst en nog steeds niets ontvangen.",
        ),
        en: (
            "Where is my order?",
            "I ordered {order} last week and it still hasn't arrived.",
        ),
        followers: 0,
    },
    Topic {
        key: "return",
        nl: (
            "Retour aanvragen",
            "De schoenen uit bestelling {order} zijn te klein, hoe stuur ik ze terug?",
        ),
        en: (
            "Return request",
            "The shoes from order {order} are too small, how do I send them back?",
        ),
        followers: 0,
    },
    Topic {
        key: "payment_failed",
        nl: (
            "Betaling mislukt maar wel afgeschreven",
            "Mijn iDEAL-betaling voor {order} is mislukt, maar het geld is wel van mijn rekening af! Belachelijk.",
        ),
        en: (
            "Charged but payment failed",
            "My card was charged for {order} but the order says payment failed. This is ridiculous!",
        ),
        followers: 0,
    },
    Topic {
        key: "password",
        nl: (
            "Kan niet inloggen",
            "Ik ben mijn wachtwoord vergeten en de herstelmail komt niet aan.",
        ),
        en: (
            "Can't log in",
            "I forgot my password and the reset e-mail never arrives.",
        ),
        followers: 0,
    },
    Topic {
        key: "wrong_item",
        nl: (
            "Verkeerd artikel ontvangen",
            "In pakket {order} zat een blauwe trui in plaats van de groene.",
        ),
        en: (
            "Wrong item received",
            "Parcel {order} contained a blue jumper instead of the green one.",
        ),
        followers: 0,
    },
    Topic {
        key: "delete_account",
        nl: (
            "Account verwijderen",
            "Verwijder alstublieft mijn account en mijn gegevens (AVG).",
        ),
        en: (
            "Delete my account",
            "Please delete my account and all my data (GDPR).",
        ),
        followers: 0,
    },
    Topic {
        key: "damaged",
        nl: (
            "Pakket beschadigd",
            "Het pakket {order} kwam kapot aan, de lamp is gebroken. Ik ben hier echt boos over.",
        ),
        en: (
            "Parcel damaged",
            "Parcel {order} arrived broken, the lamp is shattered. I'm really angry about this.",
        ),
        followers: 0,
    },
];

/// The topics the day forces (see [`forced_topic`]), not drawn at random.
pub const FORCED_TOPICS: &[Topic] = &[
    Topic {
        key: "cancel_threat",
        nl: (
            "Voor de derde keer: waar is mijn pakket?",
            "Voor de derde keer: pakket {order} is nog steeds niet bezorgd en niemand reageert op mijn mails. Als het vandaag niet geregeld is, zeg ik mijn abonnement op en stap ik naar de Consumentenbond!",
        ),
        en: (
            "Third time: where is my parcel?",
            "For the third time: parcel {order} still hasn't been delivered and nobody answers my e-mails. If this isn't sorted today I'm cancelling my subscription!",
        ),
        followers: 0,
    },
    Topic {
        key: "public_outage",
        nl: (
            "App ligt plat",
            "@webshop jullie app ligt al de hele ochtend plat, ik kan niet betalen en niemand reageert. Schandalig! 😡",
        ),
        en: (
            "App down",
            "@webshop your app has been down all morning, I can't pay and nobody answers. Disgraceful! 😡",
        ),
        followers: 48_000,
    },
];

/// Topics the day forces at a given arrival, so that every day has an
/// angry Dutch customer (the third arrival) and a public complaint on a
/// social network by an account with many followers (the sixth).
pub fn forced_topic(n: u64) -> Option<&'static Topic> {
    let key = match n {
        2 => "cancel_threat",
        5 => "public_outage",
        _ => return None,
    };
    FORCED_TOPICS.iter().find(|t| t.key == key)
}

/// The desk's triage: the built-in cues; a VIP customer is high priority
/// (2 points) and a business customer a little ahead.
pub fn triager() -> frontline::triage::Triager {
    let mut config = frontline::triage::TriageConfig::default();
    config.priority.segments.insert("vip".into(), 2.0);
    config.priority.segments.insert("business".into(), 0.5);
    frontline::triage::Triager::new(config).expect("valid triage configuration")
}

/// The office: Amsterdam, weekdays 09:00-17:30 with a lunch break, closed on
/// Dutch public holidays. E-mail, web forms and social media run on it.
pub fn office_calendar() -> BusinessCalendar {
    let spec: CalendarSpec = serde_json::from_str(
        r#"{
        "time_zone": "Europe/Amsterdam",
        "hours": {
            "mon": [["09:00","12:30"],["13:30","17:30"]], "tue": [["09:00","12:30"],["13:30","17:30"]],
            "wed": [["09:00","12:30"],["13:30","17:30"]], "thu": [["09:00","12:30"],["13:30","17:30"]],
            "fri": [["09:00","12:30"],["13:30","17:30"]]
        },
        "shifts": {"2026-12-24": [["09:00","13:00"]]},
        "public_holidays": [{"country": "NL"}]
    }"#,
    )
    .expect("sample office calendar");
    BusinessCalendar::new(&spec).expect("valid office calendar")
}

/// Live channels (chat, phone, WhatsApp) are staffed around the clock.
pub fn live_calendar() -> BusinessCalendar {
    let all = [Mon, Tue, Wed, Thu, Fri, Sat, Sun];
    let spec = CalendarSpec::new("Europe/Amsterdam".parse().expect("zone"))
        .open(&all, "00:00", "24:00")
        .expect("valid hours");
    BusinessCalendar::new(&spec).expect("valid live calendar")
}

/// The shop's SLA policies: VIP customers first, then live channels on
/// calendar hours, then everything else on office hours.
pub fn sla_policies() -> frontline::sla::PolicySet {
    let spec: frontline::sla::PolicySetSpec = serde_json::from_str(
        r#"{
        "calendars": {"office": {
            "time_zone": "Europe/Amsterdam",
            "hours": {
                "mon": [["09:00","12:30"],["13:30","17:30"]], "tue": [["09:00","12:30"],["13:30","17:30"]],
                "wed": [["09:00","12:30"],["13:30","17:30"]], "thu": [["09:00","12:30"],["13:30","17:30"]],
                "fri": [["09:00","12:30"],["13:30","17:30"]]
            },
            "public_holidays": [{"country": "NL"}]}},
        "policies": [
            {"name": "VIP", "when": {"segments": ["vip"]}, "calendar": "office",
             "targets": {"first_reply_time": {"urgent": "15m", "high": "30m", "normal": "1h", "low": "2h"},
                         "next_reply_time": {"urgent": "15m", "high": "30m", "normal": "1h", "low": "2h"},
                         "resolution_time": {"urgent": "4h", "high": "8h", "normal": "16h", "low": "24h"}}},
            {"name": "Live channels", "when": {"channels": ["chat", "phone", "whatsapp"]},
             "targets": {"first_reply_time": {"urgent": "2m", "high": "5m", "normal": "10m", "low": "30m"},
                         "next_reply_time": {"urgent": "2m", "high": "5m", "normal": "10m", "low": "30m"}}},
            {"name": "Standard", "calendar": "office", "warn": {"remaining_share": 0.2},
             "targets": {"first_reply_time": {"urgent": "1h", "high": "2h", "normal": "4h", "low": "8h"},
                         "next_reply_time": {"urgent": "1h", "high": "2h", "normal": "4h", "low": "8h"},
                         "requester_wait_time": {"urgent": "8h", "high": "16h", "normal": "24h", "low": "40h"},
                         "resolution_time": {"urgent": "8h", "high": "24h", "normal": "40h", "low": "80h"}}}
        ]
    }"#,
    )
    .expect("sample policies");
    frontline::sla::PolicySet::new(&spec).expect("valid policies")
}

/// The team on duty: languages, skills (1-5) and what each can hold.
pub fn team() -> Vec<frontline::routing::Agent> {
    serde_json::from_value(serde_json::json!([
        {"id": "a-sanne", "presence": {"status": "online"}, "languages": ["nl", "en"],
         "skills": {"orders": 4, "returns": 3, "payments": 4, "account": 3},
         "capacity": {"per_channel": {"email": 8, "web_form": 8, "chat": 2, "whatsapp": 2, "phone": 1,
                                      "instagram": 3, "facebook": 3, "x": 3}}},
        {"id": "a-joris", "presence": {"status": "online"}, "languages": ["nl"],
         "skills": {"orders": 3, "returns": 4, "privacy": 2},
         "capacity": {"per_channel": {"email": 8, "web_form": 8, "chat": 2, "whatsapp": 2, "instagram": 3, "facebook": 3}}},
        {"id": "a-lucy", "presence": {"status": "online"}, "languages": ["en"],
         "skills": {"orders": 3, "payments": 3, "account": 4, "privacy": 4},
         "capacity": {"per_channel": {"email": 8, "web_form": 8, "chat": 2, "phone": 1, "x": 3}}},
        {"id": "a-pieter", "presence": {"status": "online"}, "languages": ["nl", "en"],
         "skills": {"returns": 2, "payments": 2, "privacy": 3, "account": 2},
         "capacity": {"per_channel": {"email": 8, "web_form": 8, "chat": 3, "whatsapp": 3, "phone": 1}}}
    ]))
    .expect("sample team")
}

/// The skill a topic needs.
pub fn skill_for(topic: &str) -> &'static str {
    match topic {
        "where_is_my_order" | "cancel_threat" => "orders",
        "return" | "wrong_item" | "damaged" => "returns",
        "payment_failed" | "public_outage" => "payments",
        "password" => "account",
        _ => "privacy",
    }
}

/// How the desk routes: the least loaded (as a share of capacity) agent who
/// speaks the customer's language and has the skill at level 3, relaxing to
/// level 2 after five minutes; the last agent stays on a returning customer.
pub fn routing_policy() -> frontline::routing::RoutingPolicy {
    let spec: frontline::routing::RoutingPolicySpec = serde_json::from_value(serde_json::json!({
        "strategy": "least_loaded_share", "sticky": true, "require_language": true,
        "relaxation": [{"after_seconds": 300, "max_required_level": 2}],
        "queue_order": "sla_due"
    }))
    .expect("sample routing policy");
    frontline::routing::RoutingPolicy::new(&spec).expect("valid routing policy")
}

/// The shop's rules: VIP to priority, angry words escalate, a reminder after
/// two business days pending, auto-close seven days after solved, and the
/// day-85 export campaign ("answer the question just before customers ask it").
pub fn rules() -> frontline::rules::RuleSet {
    let spec: frontline::rules::RuleSetSpec = serde_json::from_value(serde_json::json!({
        "calendars": {"office": {"time_zone": "Europe/Amsterdam", "hours": {
            "mon": [["09:00","17:30"]], "tue": [["09:00","17:30"]], "wed": [["09:00","17:30"]],
            "thu": [["09:00","17:30"]], "fri": [["09:00","17:30"]]}, "public_holidays": [{"country": "NL"}]}},
        "rules": [
            {"id": "vip-priority", "kind": {"trigger": ["created"]},
             "when": {"field": "customer.segment", "op": "is", "value": "vip"},
             "actions": [{"type": "set_priority", "priority": "high"}]},
            {"id": "angry-escalation", "kind": {"trigger": ["customer_message"]},
             "when": {"any": [
                 {"field": "message", "op": "contains_word", "value": "belachelijk"},
                 {"field": "message", "op": "contains_word", "value": "boos"},
                 {"field": "message", "op": "contains_word", "value": "ridiculous"},
                 {"field": "message", "op": "contains_word", "value": "angry"}]},
             "actions": [{"type": "set_priority", "priority": "urgent"},
                         {"type": "escalate", "group": "team-leads", "reason": "upset customer"}]},
            {"id": "pending-reminder", "kind": "automation", "once": "once_per_ticket",
             "when": {"all": [{"field": "status", "op": "is", "value": "pending"},
                              {"hours_since": "status_changed", "op": "gte", "value": 17, "calendar": "office"}]},
             "actions": [{"type": "send_template", "template": "still-need-help", "to": "requester"}]},
            {"id": "auto-close", "kind": "automation",
             "when": {"all": [{"field": "status", "op": "is", "value": "solved"},
                              {"hours_since": "solved", "op": "gte", "value": 168}]},
             "actions": [{"type": "set_status", "status": "closed"}]},
            {"id": "day-85-export", "kind": "lifecycle", "once": "once_per_customer",
             "when": {"all": [{"days_since_signup": {"min": 85, "max": 85}},
                              {"field": "customer.plan", "op": "in", "value": ["plus", "business"]}]},
             "actions": [{"type": "send_template", "template": "export-data", "to": "requester"}]}
        ]
    }))
    .expect("sample rules");
    frontline::rules::RuleSet::new(&spec).expect("valid rules")
}

pub fn start_of_day() -> Timestamp {
    "2026-03-02T07:00:00Z".parse().expect("sample day")
}
