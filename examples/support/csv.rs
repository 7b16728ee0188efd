//! A small RFC 4180 reader for `text,category` files, shared by the FAQ
//! evaluation example and the FAQ benchmark.

/// Reads an RFC 4180 CSV file with a `text,category` header.
pub fn read(path: &str) -> Result<Vec<(String, String)>, String> {
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
    let (t, c) = (col("text")?, col("category")?);
    rows.filter(|r| r.iter().any(|f| !f.is_empty()))
        .enumerate()
        .map(|(i, r)| match (r.get(t), r.get(c)) {
            (Some(text), Some(cat)) => Ok((text.clone(), cat.clone())),
            _ => Err(format!("{path}: row {} has too few fields", i + 2)),
        })
        .collect()
}
