//! The cost of the JSON contract itself: `calendar.add` on a named calendar
//! through `api::Session::call`, beside the same addition on the compiled
//! calendar in Rust. The C ABI and the Python package add their own
//! boundary on top (scripts/overhead.sh measures those).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "benchmark set-up")]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use frontline::api::Session;
use frontline::{BusinessCalendar, CalendarSpec};

const OFFICE: &str = r#"{"time_zone":"Europe/Amsterdam","hours":{"mon":[["09:00","17:00"]],"fri":[["09:00","17:00"]]}}"#;
const ADD: &str = r#"{"schema_version":1,"op":"calendar.add","calendar":"office","start":"2026-03-27T15:00:00Z","seconds":7200}"#;

fn api(c: &mut Criterion) {
    let mut session = Session::new();
    let built = session.call(&format!(
        r#"{{"schema_version":1,"op":"calendar.build","name":"office","calendar":{OFFICE}}}"#
    ));
    assert!(built.contains(r#""ok":true"#));
    c.bench_function("api/calendar.add/json", |b| {
        b.iter(|| session.call(black_box(ADD)))
    });
    let spec: CalendarSpec = serde_json::from_str(OFFICE).unwrap();
    let office = BusinessCalendar::new(&spec).unwrap();
    let start = "2026-03-27T15:00:00Z".parse().unwrap();
    c.bench_function("api/calendar.add/rust", |b| {
        b.iter(|| office.add(black_box(start), black_box(7200)))
    });
}

criterion_group!(benches, api);
criterion_main!(benches);
