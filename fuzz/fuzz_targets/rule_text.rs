//! The rule condition text parser: never panics, and what it reads it writes
//! back (`Display`) to text that parses to the same tree (when that text is
//! within the parser's size cap; escapes can make it longer).
#![no_main]

use frontline::rules::Condition;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(condition) = frontline::rules::parse_condition(text) {
        let written = condition.to_string();
        if written.len() > frontline::rules::MAX_RULE_TEXT_BYTES {
            return;
        }
        let again = Condition::parse(&written)
            .unwrap_or_else(|e| panic!("`{text}` wrote `{written}`, which fails: {e}"));
        assert_eq!(again, condition, "`{text}` -> `{written}`");
    }
});
