//! Small helpers shared by every area.

/// Cuts user input quoted in an error message to at most 64 bytes, on a char
/// boundary, so that a huge hostile input never becomes a huge error message.
pub(crate) fn excerpt(input: &str) -> String {
    const MAX: usize = 64;
    if input.len() <= MAX {
        return input.to_owned();
    }
    let mut end = MAX;
    while !input.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", input.get(..end).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn excerpt_cuts_on_char_boundary() {
        let long = "é".repeat(100);
        let cut = excerpt(&long);
        assert!(cut.ends_with('…'));
        assert_eq!(cut.trim_end_matches('…').len(), 64);
        assert_eq!(excerpt("short"), "short");
    }
}
