//! The error of the KPI percentile sketch against exact percentiles, on
//! 1,000,000 skewed durations (log-normal-like: most in minutes, a long
//! tail to days), in one pass and merged from 8 partitions.
//!
//! ```text
//! cargo run --release --example sketch_error [-- --seed 7]
//! ```
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a measurement program"
)]

use frontline::metrics::Distribution;

/// SplitMix64.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A standard normal by Box–Muller.
fn normal(state: &mut u64) -> f64 {
    let u = ((next(state) >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
    let v = ((next(state) >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
    (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let seed = args
        .iter()
        .position(|a| a == "--seed")
        .and_then(|i| args.get(i + 1))
        .map_or(7, |s| s.parse().expect("a number"));
    let mut state = seed;
    // Median about 10 minutes, p99 about 16 hours.
    let values: Vec<i64> = (0..1_000_000)
        .map(|_| (600.0 * (1.9 * normal(&mut state)).exp()).round() as i64)
        .collect();
    let mut one = Distribution::new();
    for &v in &values {
        one.add(v);
    }
    let mut parts: Vec<Distribution> = (0..8).map(|_| Distribution::new()).collect();
    for (i, &v) in values.iter().enumerate() {
        parts[i % 8].add(v);
    }
    let mut merged = parts[0].clone();
    for p in &parts[1..] {
        merged.merge(p);
    }
    let mut sorted = values.clone();
    sorted.sort_unstable();
    println!(
        "1,000,000 durations (seed {seed}); exact = value at rank floor(q·(n−1)); sketch relative accuracy 1 %"
    );
    println!(
        "{:>5} {:>12} {:>12} {:>9} {:>12} {:>9}",
        "q", "exact s", "one pass", "error", "8 merged", "error"
    );
    for q in [0.5, 0.9, 0.95, 0.99] {
        let exact = sorted[(q * (sorted.len() - 1) as f64) as usize] as f64;
        let a = one.quantile(q).unwrap();
        let b = merged.quantile(q).unwrap();
        println!(
            "{q:>5} {exact:>12.0} {a:>12.1} {:>8.3}% {b:>12.1} {:>8.3}%",
            100.0 * (a - exact).abs() / exact,
            100.0 * (b - exact).abs() / exact
        );
    }
    println!(
        "merged sketch identical to the one-pass sketch: {}",
        merged == one
    );
}
