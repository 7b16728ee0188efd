//! Training of the entries' weights: an averaged margin perceptron over the
//! phrasings.

use std::collections::HashMap;

use super::index::Sparse;

/// Passes of the margin perceptron over the phrasings.
pub(super) const EPOCHS: usize = 3;
/// Its learning rate.
const LEARNING_RATE: f32 = 0.1;
/// The margin it asks between the right entry and the best other one.
const MARGIN: f32 = 0.1;

/// Refines the entries' weights discriminatively: an averaged margin perceptron over
/// the phrasings (each phrasing is labelled training data), starting from the
/// centroids. A phrasing's own share of its entry's centroid is left out when
/// it is scored, so that the model learns from mistakes it would make on new
/// queries. Deterministic: phrasings are visited in a fixed shuffled order.
pub(super) fn train(
    weights: &mut [Vec<(u32, f32)>],
    epochs: usize,
    samples: &[(u32, Sparse)],
    self_weight: &[f32],
    langs: &[u8],
) {
    let (eta, margin) = (LEARNING_RATE, MARGIN);
    let mut order: Vec<usize> = (0..samples.len()).collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in (1..order.len()).rev() {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let j = ((seed >> 33) as usize) % (i + 1);
        order.swap(i, j);
    }
    // Scores are kept only for the entries a phrasing touches (those sharing
    // a trainable feature with it); every other entry scores 0.
    let mut scores = vec![0.0f32; langs.len()];
    let mut touched: Vec<u32> = Vec::new();
    let mut is_touched = vec![false; langs.len()];
    let mut same_lang: HashMap<u8, Vec<u32>> = HashMap::new();
    // Averaged perceptron: `acc` sums step × update, so that the average of
    // the weights over all steps is `w − acc / steps` at the end.
    let mut acc: Vec<Vec<(u32, f32)>> = vec![Vec::new(); weights.len()];
    let mut step = 1.0f32;
    for _ in 0..epochs {
        for &i in &order {
            step += 1.0;
            let Some((gold, x)) = samples.get(i) else {
                continue;
            };
            let g = *gold as usize;
            for &e in &touched {
                if let (Some(s), Some(t)) =
                    (scores.get_mut(e as usize), is_touched.get_mut(e as usize))
                {
                    *s = 0.0;
                    *t = false;
                }
            }
            touched.clear();
            for &(f, w) in x {
                for &(e, pw) in weights.get(f as usize).into_iter().flatten() {
                    if let (Some(s), Some(t)) =
                        (scores.get_mut(e as usize), is_touched.get_mut(e as usize))
                    {
                        if !*t {
                            *t = true;
                            touched.push(e);
                        }
                        *s += w * pw;
                    }
                }
            }
            let gl = langs.get(g).copied().unwrap_or(0);
            let sg =
                scores.get(g).copied().unwrap_or(0.0) - self_weight.get(g).copied().unwrap_or(0.0);
            let compatible = |e: usize| e != g && langs.get(e).is_some_and(|l| l & gl != 0);
            // The best rival: the highest score, the first entry on ties.
            let mut rival: Option<(usize, f32)> = None;
            for &e in &touched {
                let (e, s) = (e as usize, scores.get(e as usize).copied().unwrap_or(0.0));
                if compatible(e) && rival.is_none_or(|(b, bs)| s > bs || (s == bs && e < b)) {
                    rival = Some((e, s));
                }
            }
            // An untouched entry scores 0: the first one may beat the best
            // touched one.
            if rival.is_none_or(|(_, s)| s <= 0.0) {
                let list = same_lang.entry(gl).or_insert_with(|| {
                    (0..langs.len() as u32)
                        .filter(|&e| langs.get(e as usize).is_some_and(|l| l & gl != 0))
                        .collect()
                });
                let first = list
                    .iter()
                    .map(|&e| e as usize)
                    .find(|&e| e != g && !is_touched.get(e).copied().unwrap_or(false));
                if let Some(u) = first
                    && rival.is_none_or(|(b, s)| s < 0.0 || u < b)
                {
                    rival = Some((u, 0.0));
                }
            }
            let Some((p, sp)) = rival else { continue };
            if sg - sp >= margin {
                continue;
            }
            for &(f, w) in x {
                if let Some(list) = weights.get_mut(f as usize) {
                    add_weight(list, g as u32, eta * w);
                    add_weight(list, p as u32, -eta * w);
                }
                if let Some(list) = acc.get_mut(f as usize) {
                    add_weight(list, g as u32, step * eta * w);
                    add_weight(list, p as u32, -step * eta * w);
                }
            }
        }
    }
    for (list, sums) in weights.iter_mut().zip(&acc) {
        for &(e, u) in sums {
            add_weight(list, e, -u / step);
        }
    }
}

fn add_weight(list: &mut Vec<(u32, f32)>, entry: u32, delta: f32) {
    match list.binary_search_by_key(&entry, |p| p.0) {
        Ok(i) => {
            if let Some(p) = list.get_mut(i) {
                p.1 += delta;
            }
        }
        Err(i) => list.insert(i, (entry, delta)),
    }
}
