//! Checks shared by the targets.

/// Every answer is one JSON object with `schema_version` 1 and `ok`, and no
/// answer is `internal` (a caught panic: a bug).
pub fn check_answer(answer: &str) {
    let value: serde_json::Value = match serde_json::from_str(answer) {
        Ok(v) => v,
        Err(e) => panic!("answer is not JSON ({e}): {answer}"),
    };
    assert_eq!(value["schema_version"], 1, "{answer}");
    assert!(value["ok"].is_boolean(), "{answer}");
    assert_ne!(value["error"]["code"], "internal", "{answer}");
}
