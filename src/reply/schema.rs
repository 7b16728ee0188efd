//! The placeholders a template may use: Zendesk's names for the ticket,
//! its people and links, and frontline's own (`reply_by`, `next_open`,
//! `business_hours`, `faq.*`, `flow.answers.*`).

/// What a placeholder holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A text or number.
    Value,
    /// A list (`for` loops over it; `.size`, `.first`, `.last`).
    List,
}

/// Every fixed placeholder with its kind.
pub(super) const PLACEHOLDERS: &[(&str, Kind)] = &[
    ("ticket.id", Kind::Value),
    ("ticket.title", Kind::Value),
    ("ticket.description", Kind::Value),
    ("ticket.latest_comment", Kind::Value),
    ("ticket.latest_public_comment", Kind::Value),
    ("ticket.status", Kind::Value),
    ("ticket.priority", Kind::Value),
    ("ticket.ticket_type", Kind::Value),
    ("ticket.via", Kind::Value),
    ("ticket.tags", Kind::List),
    ("ticket.created_at", Kind::Value),
    ("ticket.updated_at", Kind::Value),
    ("ticket.url", Kind::Value),
    ("ticket.link", Kind::Value),
    ("ticket.group.name", Kind::Value),
    ("ticket.organization.name", Kind::Value),
    ("ticket.assignee.name", Kind::Value),
    ("ticket.assignee.first_name", Kind::Value),
    ("ticket.assignee.last_name", Kind::Value),
    ("ticket.assignee.email", Kind::Value),
    ("ticket.requester.name", Kind::Value),
    ("ticket.requester.first_name", Kind::Value),
    ("ticket.requester.last_name", Kind::Value),
    ("ticket.requester.email", Kind::Value),
    ("ticket.requester.phone", Kind::Value),
    ("ticket.requester.language", Kind::Value),
    ("ticket.requester.locale", Kind::Value),
    ("current_user.name", Kind::Value),
    ("current_user.first_name", Kind::Value),
    ("current_user.last_name", Kind::Value),
    ("current_user.email", Kind::Value),
    ("current_user.signature", Kind::Value),
    ("satisfaction.rating_url", Kind::Value),
    ("satisfaction.current_rating", Kind::Value),
    ("satisfaction.current_comment", Kind::Value),
    ("reply_by", Kind::Value),
    ("reply_late", Kind::Value),
    ("reply_before", Kind::Value),
    ("closed_now", Kind::Value),
    ("self_service.url", Kind::Value),
    ("next_open", Kind::Value),
    ("business_hours", Kind::Value),
    ("faq.question", Kind::Value),
    ("faq.answer", Kind::Value),
    ("faq.suggestions", Kind::List),
];

/// Placeholders with a name of the host's: a custom field, a flow's answer.
pub(super) const DYNAMIC: &[&str] = &["ticket.ticket_field_", "flow.answers."];

/// The placeholder a path reads (`ticket.tags.size` reads `ticket.tags`),
/// or `None` for a path frontline does not fill. (`.first` and `.last`
/// of an empty list fail in Liquid: the `first` and `last` filters do not.)
pub(super) fn find(path: &str) -> Option<String> {
    if let Some(list) = path.strip_suffix(".size")
        && kind(list) == Some(Kind::List)
    {
        return Some(list.to_owned());
    }
    kind(path).map(|_| path.to_owned())
}

/// The kind of a placeholder path.
pub(super) fn kind(path: &str) -> Option<Kind> {
    if let Some((_, k)) = PLACEHOLDERS.iter().find(|(p, _)| *p == path) {
        return Some(*k);
    }
    DYNAMIC.iter().find_map(|prefix| {
        let name = path.strip_prefix(prefix)?;
        let ok = !name.is_empty() && name.len() <= 64 && !name.contains('.');
        ok.then_some(Kind::Value)
    })
}
