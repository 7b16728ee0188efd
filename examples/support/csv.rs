//! A small RFC 4180 reader, shared by the FAQ and triage evaluation
//! examples and the FAQ benchmark (each uses one of its functions).
#![allow(dead_code, reason = "each includer uses one of the readers")]

/// Reads an RFC 4180 CSV file with a `text,category` header.
pub fn read(path: &str) -> Result<Vec<(String, String)>, String> {
    let rows = table(path, &["text", "category"])?;
    Ok(rows
        .into_iter()
        .map(|mut r| {
            let category = r.pop().unwrap_or_default();
            let text = r.pop().unwrap_or_default();
            (text, category)
        })
        .collect())
}

/// Reads an RFC 4180 CSV file and returns the named columns of every
/// non-empty row, in the order named.
pub fn table(path: &str, columns: &[&str]) -> Result<Vec<Vec<String>>, String> {
    let data = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut records: Vec<Vec<String>> = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = data.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            ',' => record.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            other => field.push(other),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    let mut rows = records.into_iter();
    let header = rows.next().ok_or(format!("{path}: empty file"))?;
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.trim() == name)
            .ok_or(format!("{path}: no `{name}` column"))
    };
    let at: Vec<usize> = columns.iter().map(|c| col(c)).collect::<Result<_, _>>()?;
    rows.filter(|r| r.iter().any(|f| !f.is_empty()))
        .enumerate()
        .map(|(i, r)| {
            at.iter()
                .map(|&a| r.get(a).cloned())
                .collect::<Option<Vec<String>>>()
                .ok_or(format!("{path}: row {} has too few fields", i + 2))
        })
        .collect()
}
