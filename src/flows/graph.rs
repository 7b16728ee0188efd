//! The checks over the whole flow: sub-flow calls, reachability, loops that
//! never wait, and nodes that never end.

use super::build::{Flow, Input, Kind};
use super::{FlowError, MAX_JUMP_DEPTH};
use crate::util::excerpt;

/// Every node of every graph, numbered: graph `g`'s node `i` is
/// `offsets[g] + i`.
struct Numbering {
    offsets: Vec<usize>,
    total: usize,
}

impl Numbering {
    fn of(flow: &Flow) -> Numbering {
        let mut offsets = Vec::with_capacity(flow.graphs.len());
        let mut total = 0;
        for g in &flow.graphs {
            offsets.push(total);
            total += g.nodes.len();
        }
        Numbering { offsets, total }
    }

    fn at(&self, g: usize, i: usize) -> usize {
        self.offsets.get(g).copied().unwrap_or(0) + i
    }

    /// The graph and node of a number.
    fn split(&self, n: usize) -> (usize, usize) {
        let g = self.offsets.partition_point(|&o| o <= n).saturating_sub(1);
        (g, n - self.offsets.get(g).copied().unwrap_or(0))
    }
}

/// Runs every whole-flow check.
pub(super) fn check(flow: &Flow) -> Result<(), FlowError> {
    let (order, depth) = call_order(flow)?;
    let num = Numbering::of(flow);
    let auto_return = auto_returns(flow, &order);
    let returns_to = return_targets(flow, &order, &num);
    let name = |n: usize| {
        let (g, i) = num.split(n);
        let graph = flow.graphs.get(g);
        let flow_name = match graph.and_then(|g| g.id.as_deref()) {
            Some(sub) => format!("{}/{sub}", flow.spec.id),
            None => flow.spec.id.clone(),
        };
        let node = graph
            .and_then(|g| g.nodes.get(i))
            .map_or(String::new(), |c| c.id.clone());
        (excerpt(&flow_name), excerpt(&node))
    };
    let mut all: Vec<Vec<usize>> = vec![Vec::new(); num.total];
    let mut auto: Vec<Vec<usize>> = vec![Vec::new(); num.total];
    let mut ends = Vec::new();
    for (g, graph) in flow.graphs.iter().enumerate() {
        for (i, node) in graph.nodes.iter().enumerate() {
            let here = num.at(g, i);
            let (mut every, automatic) = edges(flow, &num, g, &node.kind, &auto_return);
            match node.kind {
                Kind::End { .. } => ends.push(here),
                // A return goes back to the `then` of a call into its flow.
                Kind::Return => every.extend(returns_to.get(g).into_iter().flatten().copied()),
                _ => {}
            }
            if let Some(slot) = all.get_mut(here) {
                *slot = every;
            }
            if let Some(slot) = auto.get_mut(here) {
                *slot = automatic;
            }
        }
    }
    let start = flow.graphs.first().map_or(0, |g| g.start);
    let seen = reach(&all, [start]);
    if let Some(n) = seen.iter().position(|s| !s) {
        let (flow, node) = name(n);
        return Err(FlowError::Unreachable { flow, node });
    }
    if let Some(n) = find_cycle(&auto) {
        let (flow, node) = name(n);
        return Err(FlowError::EndlessLoop { flow, node });
    }
    let mut reverse: Vec<Vec<usize>> = vec![Vec::new(); num.total];
    for (from, targets) in all.iter().enumerate() {
        for &to in targets {
            if let Some(r) = reverse.get_mut(to) {
                r.push(from);
            }
        }
    }
    let ending = reach(&reverse, ends);
    if let Some(n) = ending.iter().position(|s| !s) {
        let (flow, node) = name(n);
        return Err(FlowError::NoEnd { flow, node });
    }
    let worst = worst_step(flow, &order, &auto_return).saturating_mul(depth as u64 + 1);
    if worst > super::MAX_AUTO_STEPS as u64 {
        return Err(FlowError::TooLarge {
            what: "nodes one step may run without waiting (worst case)",
            len: usize::try_from(worst).unwrap_or(usize::MAX),
            max: super::MAX_AUTO_STEPS,
        });
    }
    Ok(())
}

/// Per flow: the nodes its `return` may go back to, the `then` of every
/// call into it (and, for a flow entered without `then`, where its
/// caller returns to).
fn return_targets(flow: &Flow, order: &[usize], num: &Numbering) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); flow.graphs.len()];
    // Callers before callees: the reverse of `order`.
    for &h in order.iter().rev() {
        let Some(graph) = flow.graphs.get(h) else {
            continue;
        };
        for node in &graph.nodes {
            if let Kind::Call { flow: sub, then } = &node.kind {
                let targets: Vec<usize> = match then {
                    Some(t) => vec![num.at(h, *t)],
                    None => out.get(h).cloned().unwrap_or_default(),
                };
                if let Some(slot) = out.get_mut(*sub) {
                    slot.extend(targets);
                }
            }
        }
    }
    out
}

/// The most nodes one step can run in one flow before it waits, returns or
/// ends: the longest path of automatic moves, a call counting its
/// sub-flow's run. Times the nesting of calls plus one, a bound on any step.
fn worst_step(flow: &Flow, order: &[usize], auto_return: &[bool]) -> u64 {
    let mut run = vec![0u64; flow.graphs.len()];
    let mut worst = 0u64;
    for &g in order {
        let Some(graph) = flow.graphs.get(g) else {
            continue;
        };
        let mut cost: Vec<Option<u64>> = vec![None; graph.nodes.len()];
        for root in 0..graph.nodes.len() {
            // Post-order: a node's cost once its successors' are known (the
            // automatic moves form no cycle, checked before).
            let mut stack = vec![(root, false)];
            while let Some((n, expanded)) = stack.pop() {
                if cost.get(n).copied().flatten().is_some() {
                    continue;
                }
                let Some(node) = graph.nodes.get(n) else {
                    continue;
                };
                let (next, extra) = local_moves(&node.kind, &run, auto_return);
                if expanded {
                    let after = next
                        .iter()
                        .filter_map(|m| cost.get(*m).copied().flatten())
                        .max()
                        .unwrap_or(0);
                    if let Some(slot) = cost.get_mut(n) {
                        *slot = Some(1u64.saturating_add(extra).saturating_add(after));
                    }
                } else {
                    stack.push((n, true));
                    stack.extend(
                        next.into_iter()
                            .filter(|m| cost.get(*m).copied().flatten().is_none())
                            .map(|m| (m, false)),
                    );
                }
            }
        }
        let start = cost.get(graph.start).copied().flatten().unwrap_or(0);
        if let Some(slot) = run.get_mut(g) {
            *slot = start;
        }
        worst = worst.max(cost.iter().flatten().copied().max().unwrap_or(0));
    }
    worst
}

/// A node's automatic moves within its flow, and the nodes a call runs in
/// its sub-flow.
fn local_moves(kind: &Kind, run: &[u64], auto_return: &[bool]) -> (Vec<usize>, u64) {
    match kind {
        Kind::Say { next, .. } | Kind::Set { next, .. } | Kind::Goto(next) => (vec![*next], 0),
        Kind::Branch { cases, otherwise } => {
            let mut v: Vec<usize> = cases.iter().map(|(_, t)| *t).collect();
            v.push(*otherwise);
            (v, 0)
        }
        Kind::Faq {
            query: Some(_),
            not_helped,
            ..
        } => (vec![*not_helped], 0),
        Kind::Call { flow: sub, then } => {
            let inner = run.get(*sub).copied().unwrap_or(0);
            match then {
                Some(t) if auto_return.get(*sub).copied().unwrap_or(false) => (vec![*t], inner),
                _ => (Vec::new(), inner),
            }
        }
        _ => (Vec::new(), 0),
    }
}

/// The successors of a node: all of them (a call's `then` comes through
/// its sub-flow's `return`), and those the flow moves to without waiting
/// for the customer.
fn edges(
    flow: &Flow,
    num: &Numbering,
    g: usize,
    kind: &Kind,
    auto_return: &[bool],
) -> (Vec<usize>, Vec<usize>) {
    let at = |i: usize| num.at(g, i);
    match kind {
        Kind::Say { next, .. } | Kind::Set { next, .. } => (vec![at(*next)], vec![at(*next)]),
        Kind::Goto(t) => (vec![at(*t)], vec![at(*t)]),
        Kind::Branch { cases, otherwise } => {
            let mut v: Vec<usize> = cases.iter().map(|(_, t)| at(*t)).collect();
            v.push(at(*otherwise));
            (v.clone(), v)
        }
        Kind::Ask { input, on_fail, .. } => {
            let mut v: Vec<usize> = match input {
                Input::Choice(options) => options.iter().map(|(_, _, t)| at(*t)).collect(),
                Input::YesNo { yes, no } => vec![at(*yes), at(*no)],
                Input::Text { next, .. }
                | Input::Number { next, .. }
                | Input::Email { next }
                | Input::Phone { next }
                | Input::Pattern { next, .. } => vec![at(*next)],
            };
            v.extend(on_fail.map(at));
            (v, Vec::new())
        }
        // An faq node that searches with an answer goes on at once when
        // nothing matches; one that asks first always waits.
        Kind::Faq {
            helped,
            not_helped,
            query,
            ..
        } => {
            let automatic = if query.is_some() {
                vec![at(*not_helped)]
            } else {
                Vec::new()
            };
            (vec![at(*helped), at(*not_helped)], automatic)
        }
        Kind::Call { flow: sub, then } => {
            let entry = flow.graphs.get(*sub).map_or(0, |s| num.at(*sub, s.start));
            let mut automatic = vec![entry];
            if let Some(t) = then
                && auto_return.get(*sub).copied().unwrap_or(false)
            {
                automatic.push(at(*t));
            }
            (vec![entry], automatic)
        }
        Kind::Return => (Vec::new(), Vec::new()),
        Kind::End { resume, .. } => (resume.map(at).into_iter().collect(), Vec::new()),
    }
}

/// Marks every node reachable from `from`.
fn reach(edges: &[Vec<usize>], from: impl IntoIterator<Item = usize>) -> Vec<bool> {
    let mut seen = vec![false; edges.len()];
    let mut stack: Vec<usize> = from.into_iter().collect();
    while let Some(n) = stack.pop() {
        match seen.get_mut(n) {
            Some(s) if !*s => *s = true,
            _ => continue,
        }
        stack.extend(edges.get(n).into_iter().flatten().copied());
    }
    seen
}

/// A node on a cycle, if the graph has one (iterative depth-first search).
fn find_cycle(edges: &[Vec<usize>]) -> Option<usize> {
    // 0: new, 1: on the current path, 2: done.
    let mut color = vec![0u8; edges.len()];
    for root in 0..edges.len() {
        if color.get(root) != Some(&0) {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        if let Some(c) = color.get_mut(root) {
            *c = 1;
        }
        while let Some(&mut (n, ref mut next)) = stack.last_mut() {
            match edges.get(n).and_then(|e| e.get(*next)).copied() {
                Some(m) => {
                    *next += 1;
                    match color.get(m) {
                        Some(0) => {
                            if let Some(c) = color.get_mut(m) {
                                *c = 1;
                            }
                            stack.push((m, 0));
                        }
                        Some(1) => return Some(m),
                        _ => {}
                    }
                }
                None => {
                    if let Some(c) = color.get_mut(n) {
                        *c = 2;
                    }
                    stack.pop();
                }
            }
        }
    }
    None
}

/// The sub-flows in an order where every flow comes after the flows it
/// enters; checks that jumps between flows form no cycle, that calls nest
/// at most [`MAX_JUMP_DEPTH`] deep, and that a flow that may run without a
/// caller never returns.
fn call_order(flow: &Flow) -> Result<(Vec<usize>, usize), FlowError> {
    let n = flow.graphs.len();
    // (callee, whether the call comes back)
    let calls: Vec<Vec<(usize, bool, &str)>> = flow
        .graphs
        .iter()
        .map(|g| {
            g.nodes
                .iter()
                .filter_map(|c| match &c.kind {
                    Kind::Call { flow, then } => Some((*flow, then.is_some(), c.id.as_str())),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let plain: Vec<Vec<usize>> = calls
        .iter()
        .map(|c| c.iter().map(|(to, _, _)| *to).collect())
        .collect();
    if let Some(g) = find_cycle(&plain) {
        let name = flow
            .graphs
            .get(g)
            .and_then(|g| g.id.clone())
            .unwrap_or_else(|| flow.spec.id.clone());
        return Err(FlowError::InvalidJump {
            flow: excerpt(&flow.spec.id),
            node: excerpt(&name),
            reason: "jumps between flows go round in a circle".to_owned(),
        });
    }
    // Post-order: callees first.
    let mut order = Vec::with_capacity(n);
    let mut done = vec![false; n];
    for root in 0..n {
        post_order(root, &plain, &mut done, &mut order);
    }
    // The deepest nesting of calls that come back, from each flow down.
    let mut depth = vec![0usize; n];
    for &g in &order {
        let d = calls
            .get(g)
            .into_iter()
            .flatten()
            .map(|&(to, back, _)| depth.get(to).copied().unwrap_or(0) + usize::from(back))
            .max()
            .unwrap_or(0);
        if let Some(slot) = depth.get_mut(g) {
            *slot = d;
        }
    }
    let deepest = depth.first().copied().unwrap_or(0);
    if deepest > MAX_JUMP_DEPTH {
        return Err(FlowError::InvalidJump {
            flow: excerpt(&flow.spec.id),
            node: "start".to_owned(),
            reason: format!("sub-flow calls nest {deepest} deep, over {MAX_JUMP_DEPTH}"),
        });
    }
    // Flows that may run with no caller to return to: the main flow, and
    // flows entered without `then` from one of those.
    let mut bare = vec![false; n];
    if let Some(b) = bare.first_mut() {
        *b = true;
    }
    for &g in order.iter().rev() {
        if !bare.get(g).copied().unwrap_or(false) {
            continue;
        }
        for &(to, back, node) in calls.get(g).into_iter().flatten() {
            if back {
                continue;
            }
            if let Some(b) = bare.get_mut(to) {
                *b = true;
            }
            let returns = flow
                .graphs
                .get(to)
                .is_some_and(|s| s.nodes.iter().any(|c| matches!(c.kind, Kind::Return)));
            if returns {
                return Err(FlowError::InvalidJump {
                    flow: excerpt(&flow.spec.id),
                    node: excerpt(node),
                    reason: "this sub-flow returns: enter it with `then`".to_owned(),
                });
            }
        }
    }
    Ok((order, deepest))
}

fn post_order(g: usize, calls: &[Vec<usize>], done: &mut [bool], out: &mut Vec<usize>) {
    // Iterative, so a deep chain of sub-flows cannot exhaust the stack.
    let mut stack = vec![(g, 0usize)];
    while let Some(&mut (n, ref mut next)) = stack.last_mut() {
        if *next == 0 {
            match done.get_mut(n) {
                Some(d) if !*d => *d = true,
                _ => {
                    stack.pop();
                    continue;
                }
            }
        }
        match calls.get(n).and_then(|c| c.get(*next)).copied() {
            Some(m) => {
                *next += 1;
                if !done.get(m).copied().unwrap_or(true) {
                    stack.push((m, 0));
                }
            }
            None => {
                out.push(n);
                stack.pop();
            }
        }
    }
}

/// Per flow: whether it can reach `return` from its start without waiting
/// for the customer (so its caller's `then` follows in the same step).
fn auto_returns(flow: &Flow, order: &[usize]) -> Vec<bool> {
    let mut out = vec![false; flow.graphs.len()];
    for &g in order {
        let Some(graph) = flow.graphs.get(g) else {
            continue;
        };
        let local: Vec<Vec<usize>> = graph
            .nodes
            .iter()
            .map(|c| match &c.kind {
                Kind::Say { next, .. } | Kind::Set { next, .. } | Kind::Goto(next) => vec![*next],
                Kind::Branch { cases, otherwise } => {
                    let mut v: Vec<usize> = cases.iter().map(|(_, t)| *t).collect();
                    v.push(*otherwise);
                    v
                }
                Kind::Faq {
                    query: Some(_),
                    not_helped,
                    ..
                } => vec![*not_helped],
                Kind::Call { flow: sub, then } => match then {
                    Some(t) if out.get(*sub).copied().unwrap_or(false) => vec![*t],
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            })
            .collect();
        let seen = reach(&local, [graph.start]);
        // A sub-flow entered without `then` returns to this flow's caller.
        let returns = graph.nodes.iter().zip(&seen).any(|(c, s)| {
            *s && match &c.kind {
                Kind::Return => true,
                Kind::Call {
                    flow: sub,
                    then: None,
                } => out.get(*sub).copied().unwrap_or(false),
                _ => false,
            }
        });
        if let Some(slot) = out.get_mut(g) {
            *slot = returns;
        }
    }
    out
}
