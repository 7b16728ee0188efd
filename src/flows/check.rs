//! Checking a state the host passes back: it is untrusted data.

use super::build::{Flow, Kind};
use super::run::resolve;
use super::state::{FlowState, Position, Waiting};
use super::{FlowError, MAX_ANSWERS, MAX_CHOICES, MAX_JUMP_DEPTH, MAX_PATH, MAX_UNDO};
use crate::util::excerpt;

/// Checks that `state` is one of `flow`'s, in a locale: all `restart`
/// needs.
pub(super) fn identity(flow: &Flow, state: &FlowState) -> Result<(), FlowError> {
    let bad = |why: String| Err(FlowError::InvalidState(why));
    if state.flow != flow.spec.id {
        return bad(format!(
            "a state of flow `{}`, not `{}`",
            excerpt(&state.flow),
            excerpt(&flow.spec.id)
        ));
    }
    if crate::customer::Locale::new(&state.locale).is_err() {
        return bad(format!("locale `{}`", excerpt(&state.locale)));
    }
    Ok(())
}

/// Checks that `state` belongs to `flow` and can go on from where it is;
/// returns the node it waits at.
pub(super) fn state(flow: &Flow, state: &FlowState) -> Result<(usize, usize), FlowError> {
    let bad = |why: String| Err(FlowError::InvalidState(why));
    identity(flow, state)?;
    let sizes = [
        ("answers", state.answers.len(), MAX_ANSWERS),
        ("path steps", state.path.len(), MAX_PATH),
        ("FAQ searches", state.faq.len(), MAX_PATH),
        ("undo records", state.undo.len(), MAX_UNDO),
        ("return points", state.stack.len(), MAX_JUMP_DEPTH),
    ];
    if let Some((what, len, max)) = sizes.iter().find(|(_, len, max)| len > max) {
        return bad(format!("{len} {what}, over {max}"));
    }
    let at = where_(flow, &state.at)?;
    check_waiting(flow, at, &state.waiting, state.outcome.is_some())?;
    for p in &state.stack {
        where_(flow, p)?;
    }
    for u in &state.undo {
        let at = where_(flow, &u.at)?;
        check_waiting(flow, at, &u.waiting, u.outcome.is_some())?;
        let long_name = u.answers.iter().any(|c| c.name.len() > 64);
        if u.stack.len() > MAX_JUMP_DEPTH || u.answers.len() > MAX_ANSWERS || long_name {
            return bad("an undo record over the caps".to_owned());
        }
        for p in &u.stack {
            where_(flow, p)?;
        }
        if u.path_len > state.path.len() || u.faq_len > state.faq.len() {
            return bad("an undo record longer than the state".to_owned());
        }
    }
    Ok(at)
}

fn where_(flow: &Flow, p: &Position) -> Result<(usize, usize), FlowError> {
    resolve(flow, p).ok_or_else(|| {
        FlowError::InvalidState(format!(
            "no node `{}` in flow `{}`",
            excerpt(&p.node),
            excerpt(p.flow.as_deref().unwrap_or(&flow.spec.id))
        ))
    })
}

/// Whether a node can wait so: an `ask` for an answer, an `faq` node for
/// its steps; an ended state at any node, with an outcome.
fn check_waiting(
    flow: &Flow,
    at: (usize, usize),
    waiting: &Waiting,
    ended: bool,
) -> Result<(), FlowError> {
    let kind = flow
        .graphs
        .get(at.0)
        .and_then(|g| g.nodes.get(at.1))
        .map(|n| &n.kind);
    let fits = match (waiting, kind) {
        (Waiting::Ended, _) => ended,
        (_, _) if ended => false,
        (Waiting::Answer, Some(Kind::Ask { .. })) => true,
        (Waiting::FaqQuery, Some(Kind::Faq { .. })) => true,
        (Waiting::FaqPick { entries }, Some(Kind::Faq { .. })) => {
            !entries.is_empty() && entries.len() <= MAX_CHOICES
        }
        (Waiting::FaqHelped { .. }, Some(Kind::Faq { .. })) => true,
        _ => false,
    };
    if fits {
        Ok(())
    } else {
        Err(FlowError::InvalidState(
            "the state waits at a node that cannot wait so".to_owned(),
        ))
    }
}
