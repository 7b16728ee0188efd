//! Erlang B and C by the stable recurrence, and Erlang A by its
//! birth–death chain.

use super::{Load, MAX_AGENTS, Performance, StaffingError};

/// Erlang B for `n` servers and traffic `a`: the recurrence
/// `B(0) = 1`, `B(k) = a·B(k−1) / (k + a·B(k−1))`, in [0, 1] at every step
/// (no factorials, no powers).
pub(super) fn erlang_b(n: u32, a: f64) -> f64 {
    let mut b = 1.0;
    for k in 1..=n {
        b = a * b / (f64::from(k) + a * b);
    }
    b
}

/// Erlang C's probability of waiting from Erlang B: `N·B / (N − A(1 − B))`;
/// 1 when the agents cannot keep up (`N ≤ A`).
pub(super) fn c_from_b(n: f64, a: f64, b: f64) -> f64 {
    if n <= a {
        return 1.0;
    }
    (n * b / (n - a * (1.0 - b))).clamp(0.0, 1.0)
}

/// Erlang C's measures for `n` whole agents, given Erlang B at `n`.
pub(super) fn c_measures(n: u32, load: &Load, b: f64, target_seconds: f64) -> Performance {
    let a = load.erlangs();
    let nf = f64::from(n);
    let p_wait = c_from_b(nf, a, b);
    let (service_level, asa_seconds) = if nf <= a {
        (0.0, f64::INFINITY)
    } else {
        (
            1.0 - p_wait * (-(nf - a) * target_seconds / load.aht_seconds).exp(),
            p_wait * load.aht_seconds / (nf - a),
        )
    };
    Performance {
        agents: nf,
        p_wait,
        service_level: service_level.clamp(0.0, 1.0),
        asa_seconds,
        occupancy: (a / nf).min(1.0),
        p_abandon: None,
    }
}

/// Erlang C for a fractional number of agents (a blended queue: an agent
/// giving 40 % of their time is 0.4): the measures of the whole numbers on
/// either side, interpolated linearly. An approximation, documented.
pub(super) fn erlang_c(load: &Load, agents: f64, target_seconds: f64) -> Performance {
    let a = load.erlangs();
    let low = agents.floor();
    let lo = low as u32;
    let b_lo = erlang_b(lo, a);
    let at_lo = c_measures(lo, load, b_lo, target_seconds);
    let frac = agents - low;
    if frac == 0.0 {
        return at_lo;
    }
    // B at lo + 1 from B at lo: one more step of the recurrence.
    let b_hi = a * b_lo / (f64::from(lo + 1) + a * b_lo);
    let at_hi = c_measures(lo + 1, load, b_hi, target_seconds);
    // Too few agents on either side: no finite wait to interpolate.
    let mix = |x: f64, y: f64| {
        if x.is_finite() && y.is_finite() {
            x + (y - x) * frac
        } else {
            f64::INFINITY
        }
    };
    Performance {
        agents,
        p_wait: mix(at_lo.p_wait, at_hi.p_wait),
        service_level: mix(at_lo.service_level, at_hi.service_level),
        asa_seconds: mix(at_lo.asa_seconds, at_hi.asa_seconds),
        occupancy: if agents > 0.0 {
            (a / agents).min(1.0)
        } else {
            1.0
        },
        p_abandon: None,
    }
}

/// The most states of the Erlang A chain beyond the agents: the queue's
/// tail is cut where its probability is below 1e-16 of the largest, or
/// here.
pub const MAX_QUEUE_STATES: u32 = 200_000;

/// The most steps (uniformisation terms × queue positions) one Erlang A
/// service level may take: about a tenth of a second.
pub const MAX_CHAIN_STEPS: usize = 1 << 26;

/// Erlang A (M/M/N+M): arrivals at rate λ, service at rate μ per agent,
/// each waiting customer abandoning at rate θ = 1/patience. The stationary
/// distribution of the number in the system, from the birth–death
/// balance `π(k) = π(k−1)·λ / (min(k, N)·μ + max(k − N, 0)·θ)`, computed
/// with rescaling (no overflow at any size); then, for an arrival who
/// finds `N + j` in the system (position `j + 1`), the chance to be
/// answered within `T` and the mean wait of the answered, from the
/// position's pure-death chain (rates `N·μ + i·θ`, abandonment θ).
pub(super) fn erlang_a(
    load: &Load,
    agents: u32,
    target_seconds: f64,
    patience_seconds: f64,
) -> Result<Performance, StaffingError> {
    let lambda = load.arrivals / load.interval_seconds;
    let mu = 1.0 / load.aht_seconds;
    let theta = 1.0 / patience_seconds;
    let n = agents;
    let nf = f64::from(n);
    // Unnormalised π, rescaled whenever it grows large.
    let mut weights: Vec<f64> = Vec::with_capacity(n as usize + 64);
    let mut p = 1.0f64;
    weights.push(p);
    for k in 1..=n {
        p *= lambda / (f64::from(k) * mu);
        weights.push(p);
        if p > 1e250 {
            for w in &mut weights {
                *w /= p;
            }
            p = 1.0;
        }
    }
    // The queue: beyond N the death rate grows by θ a state, so the tail
    // falls off; stop when it is negligible.
    let mut peak = weights.iter().copied().fold(0.0, f64::max);
    let mut j = 0u32;
    loop {
        j += 1;
        if j > MAX_QUEUE_STATES {
            return Err(StaffingError::TooLarge {
                what: "queue states of the Erlang A chain",
                max: MAX_QUEUE_STATES as usize,
            });
        }
        p *= lambda / (nf * mu + f64::from(j) * theta);
        weights.push(p);
        if p > 1e250 {
            for w in &mut weights {
                *w /= p;
            }
            peak /= p;
            p = 1.0;
        }
        peak = peak.max(p);
        let falling = lambda < nf * mu + f64::from(j) * theta;
        if falling && p < peak * 1e-16 {
            break;
        }
    }
    let total: f64 = weights.iter().sum();
    let pi: Vec<f64> = weights.iter().map(|w| w / total).collect();
    let below: f64 = pi.iter().take(n as usize).sum();
    let p_wait = (1.0 - below).clamp(0.0, 1.0);
    // Abandonment: rate θ·E[queue] over the arrival rate.
    let queue: f64 = pi
        .iter()
        .skip(n as usize + 1)
        .enumerate()
        .map(|(i, q)| (i as f64 + 1.0) * q)
        .sum();
    let p_abandon = (theta * queue / lambda).clamp(0.0, 1.0);
    // An arrival finding N + j (j ≥ 0) waits at position j + 1: j phases
    // of the queue moving up, then one to the front, each at rate
    // N·μ + i·θ (i customers ahead), competing with its own abandonment θ.
    let waiting = pi.get(n as usize..).unwrap_or_default();
    let (within, answered_wait, answered) =
        position_chain(waiting, nf * mu, theta, target_seconds)?;
    let service_level = (below + within).clamp(0.0, 1.0);
    let answered_total = below + answered;
    let asa_seconds = if answered_total > 0.0 {
        answered_wait / answered_total
    } else {
        f64::INFINITY
    };
    Ok(Performance {
        agents: nf,
        p_wait,
        service_level,
        asa_seconds,
        occupancy: ((lambda / mu) * (1.0 - p_abandon) / nf).min(1.0),
        p_abandon: Some(p_abandon),
    })
}

/// For arrivals that find position `k + 1` with probability `start[k]`:
/// the probability to be answered within `t`, the sum of the waits of the
/// answered (weighted), and the probability to be answered at all.
///
/// A customer at position `m` moves to `m − 1` at rate `s + (m − 1)·θ`
/// (service, and abandonments of those ahead) and leaves at rate θ. The
/// chance of being answered within `t` is the transient probability of
/// reaching "answered" by `t` in this chain, computed by uniformisation
/// (a sum of positive terms: stable).
fn position_chain(
    start: &[f64],
    s: f64,
    theta: f64,
    t: f64,
) -> Result<(f64, f64, f64), StaffingError> {
    let positions = start.len();
    // Answered at all, and the mean wait of the answered: each phase's
    // length is independent of its outcome.
    let mut answered = 0.0;
    let mut answered_wait = 0.0;
    let mut survive = 1.0; // Π of advance chances so far
    let mut wait = 0.0; // Σ of phase means so far
    for (m, weight) in start.iter().enumerate() {
        // Phase from position m + 1 to m: ahead are m customers.
        let advance = s + m as f64 * theta;
        survive *= advance / (advance + theta);
        wait += 1.0 / (advance + theta);
        answered += weight * survive;
        answered_wait += weight * survive * wait;
    }
    // Within t: uniformisation over the chain of positions, without the
    // positions whose mass is below 1e-15 of the whole (they cannot move
    // the answer).
    let whole: f64 = start.iter().sum();
    let mut keep = positions;
    let mut tail = 0.0;
    while let Some(&w) = start.get(keep.wrapping_sub(1)) {
        if keep == 0 || tail + w > 1e-15 * whole {
            break;
        }
        tail += w;
        keep -= 1;
    }
    let start = start.get(..keep).unwrap_or_default();
    let positions = start.len();
    let rate_max = s + positions as f64 * theta + theta;
    let lt = rate_max * t;
    // Poisson weights e^{−Λt}(Λt)^k/k!, in logs to stay finite.
    let terms = (lt + 10.0 * lt.sqrt() + 20.0).ceil();
    if terms * positions.max(1) as f64 > MAX_CHAIN_STEPS as f64 {
        return Err(StaffingError::TooLarge {
            what: "Erlang A steps (traffic × target time)",
            max: MAX_CHAIN_STEPS,
        });
    }
    let terms = terms as usize;
    let ln_lt = lt.max(f64::MIN_POSITIVE).ln();
    // v[m]: probability of being at position m + 1 (m < positions).
    let mut v: Vec<f64> = start.to_vec();
    let mut next = vec![0.0; positions];
    let mut reached = 0.0; // probability mass answered so far (per step)
    let mut within = 0.0;
    let mut log_poisson = -lt;
    for k in 0..=terms {
        if k > 0 {
            log_poisson += ln_lt - (k as f64).ln();
        }
        within += log_poisson.exp() * reached;
        // One uniformised step.
        next.fill(0.0);
        let mut gained = 0.0;
        for (m, &mass) in v.iter().enumerate() {
            if mass == 0.0 {
                continue;
            }
            let advance = s + m as f64 * theta;
            let stay = 1.0 - (advance + theta) / rate_max;
            if let Some(slot) = next.get_mut(m) {
                *slot += mass * stay;
            }
            let moved = mass * advance / rate_max;
            if m == 0 {
                gained += moved;
            } else if let Some(slot) = next.get_mut(m - 1) {
                *slot += moved;
            }
        }
        reached += gained;
        std::mem::swap(&mut v, &mut next);
    }
    Ok((within.clamp(0.0, 1.0), answered_wait, answered))
}

/// The fewest whole agents from `from` at which `ok` holds, for an `ok`
/// that, once true, stays true with more agents (service level and
/// occupancy both improve with agents): doubling up to the first success,
/// then bisecting, so O(log N) calls; `None` past [`MAX_AGENTS`].
pub(super) fn smallest(
    from: u32,
    mut ok: impl FnMut(u32) -> Result<bool, StaffingError>,
) -> Result<Option<u32>, StaffingError> {
    let from = from.max(1);
    if from > MAX_AGENTS {
        return Ok(None);
    }
    if ok(from)? {
        return Ok(Some(from));
    }
    // `bad` fails, `good` holds.
    let mut bad = from;
    let mut step = 1u32;
    let mut good = loop {
        let n = bad.saturating_add(step).min(MAX_AGENTS);
        if ok(n)? {
            break n;
        }
        if n >= MAX_AGENTS {
            return Ok(None);
        }
        bad = n;
        step = step.saturating_mul(2);
    };
    while good - bad > 1 {
        let mid = bad + (good - bad) / 2;
        if ok(mid)? {
            good = mid;
        } else {
            bad = mid;
        }
    }
    Ok(Some(good))
}
