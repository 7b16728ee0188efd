//! Data-driven contract tests: `tests/data/api_cases.jsonl` holds one case per
//! line, `{"name", "request", "expect": {"ok", "code"?, "index"?, "result"?}}`,
//! where `result`, if given, must be contained in the answer's result.

use serde_json::Value;

/// Whether every key of `want` is in `got` with a matching value (recursively
/// for objects, and element by element for arrays of the same length;
/// scalars must be equal).
fn contains(got: &Value, want: &Value) -> bool {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => w
            .iter()
            .all(|(k, wv)| g.get(k).is_some_and(|gv| contains(gv, wv))),
        (Value::Array(g), Value::Array(w)) => {
            g.len() == w.len() && g.iter().zip(w).all(|(gv, wv)| contains(gv, wv))
        }
        _ => got == want,
    }
}

#[test]
fn api_cases() {
    let cases = include_str!("../data/api_cases.jsonl");
    let mut count = 0;
    for (line_no, line) in cases.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let case: Value = serde_json::from_str(line).expect("case is json");
        let name = case["name"].as_str().unwrap();
        let request = match &case["request"] {
            Value::String(raw) => raw.clone(),
            other => other.to_string(),
        };
        let answer: Value = serde_json::from_str(&frontline::api::call(&request)).unwrap();
        let expect = &case["expect"];
        assert_eq!(answer["schema_version"], 1, "{name}");
        assert_eq!(
            answer["ok"],
            expect["ok"],
            "case {name} (line {}): {answer}",
            line_no + 1
        );
        if let Some(code) = expect.get("code") {
            assert_eq!(&answer["error"]["code"], code, "case {name}: {answer}");
        }
        if let Some(index) = expect.get("index") {
            assert_eq!(&answer["error"]["index"], index, "case {name}: {answer}");
        }
        if let Some(result) = expect.get("result") {
            assert!(contains(&answer["result"], result), "case {name}: {answer}");
        }
        // A session answers exactly like the stateless entry point.
        let mut session = frontline::api::Session::new();
        assert_eq!(
            session.call(&request),
            frontline::api::call(&request),
            "{name}"
        );
        count += 1;
    }
    assert!(count >= 10, "only {count} cases ran");
}
