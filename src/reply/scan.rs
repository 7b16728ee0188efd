//! Reads a template's tags before Liquid parses it, to a grammar stricter
//! than Liquid's: every placeholder must be one frontline fills, every
//! filter one that cannot fail on missing data, and nothing may make
//! rendering cost more than the data's size allows. A template this
//! accepts is one Liquid parses and renders on any data (Liquid's parser
//! asserts on some inputs it should refuse); the `reply_template` fuzz
//! target checks both.

use super::ReplyError;
use super::schema::{self, Kind};

/// Liquid's literal words: values that are not placeholders.
const KEYWORDS: &[&str] = &["nil", "null", "true", "false", "empty", "blank"];

/// Liquid's whitespace inside tags: a space and line breaks (a tab is not).
fn liquid_space(c: char) -> bool {
    matches!(c, ' ' | '\n' | '\r')
}

/// Filters on texts (nil reads as ""), which never fail.
const TEXT_FILTERS: &[&str] = &[
    "append",
    "capitalize",
    "default",
    "downcase",
    "escape",
    "escape_once",
    "lstrip",
    "newline_to_br",
    "prepend",
    "remove",
    "remove_first",
    "replace",
    "replace_first",
    "rstrip",
    "size",
    "strip",
    "strip_html",
    "strip_newlines",
    "truncate",
    "truncatewords",
    "upcase",
    "url_encode",
];

/// Filters on lists that keep a list.
const LIST_FILTERS: &[&str] = &["compact", "reverse", "sort", "sort_natural", "uniq"];

/// Filters on lists that give a text.
const LIST_TO_TEXT: &[&str] = &["first", "join", "last", "size"];

/// Filters that make a text longer: at most one per output.
const GROWING: &[&str] = &[
    "append",
    "prepend",
    "replace",
    "replace_first",
    "escape",
    "escape_once",
    "newline_to_br",
    "url_encode",
];

/// The most lengthening or list filters in a template (their cost grows
/// with the data: this bounds a render's work); none inside a loop.
pub(super) const MAX_COSTLY_FILTERS: usize = 8;
/// The most `elsif` of one `if`, and `and`/`or` of one condition.
pub(super) const MAX_BRANCHES: usize = 32;

/// Every filter a template may use (the parser registers these).
#[cfg(test)]
pub(super) fn filters() -> impl Iterator<Item = &'static str> {
    TEXT_FILTERS
        .iter()
        .chain(LIST_FILTERS)
        .chain(LIST_TO_TEXT)
        .copied()
}

/// The longest string literal, in bytes.
pub(super) const MAX_LITERAL_BYTES: usize = 256;
/// How much longer a `replace` may make each match, in bytes.
pub(super) const MAX_REPLACE_GROWTH: usize = 64;
/// The most digits of a number literal: 18 fit an i64.
const MAX_NUMBER_DIGITS: usize = 18;
/// The deepest nesting of blocks.
pub(super) const MAX_BLOCK_DEPTH: usize = 32;
/// The keys of `forloop`.
const FORLOOP: &[&str] = &[
    "index", "index0", "rindex", "rindex0", "first", "last", "length",
];

/// What a template reads.
#[derive(Debug, Default)]
pub(super) struct Uses {
    /// Placeholder paths, in order of first use, without duplicates.
    pub paths: Vec<String>,
    /// Names `assign` sets (seeded as nil before rendering, so a branch
    /// not taken leaves them empty rather than unknown).
    pub locals: Vec<String>,
}

/// A local name and what bound it.
#[derive(Debug, Clone, PartialEq)]
enum Local {
    /// A loop variable.
    Loop,
    /// `assign`.
    Assigned,
}

struct Scanner<'a> {
    source: &'a str,
    uses: Uses,
    /// Locals in scope, innermost last.
    locals: Vec<(String, Local)>,
    /// The `locals` length before the open loop, if one is open.
    loop_scope: Option<usize>,
    /// Open blocks (`if`, `for` ...) and where each opened, innermost last.
    blocks: Vec<Block>,
    /// Lengthening and list filters so far (see [`MAX_COSTLY_FILTERS`]).
    costly: usize,
}

/// An open block: its tag, where it opened, whether its `else` came, and
/// how many `elsif` or `when` it has.
#[derive(Debug, Clone, Copy)]
struct Block {
    name: &'static str,
    at: usize,
    seen_else: bool,
    branches: usize,
}

/// Block tags, which an `end` tag closes.
const BLOCKS: &[&str] = &["if", "unless", "case", "for", "comment", "raw"];

/// Scans `source`.
pub(super) fn scan(source: &str) -> Result<Uses, ReplyError> {
    let mut s = Scanner {
        source,
        uses: Uses::default(),
        locals: Vec::new(),
        loop_scope: None,
        blocks: Vec::new(),
        costly: 0,
    };
    let mut pos = 0;
    while let Some(open) = source.get(pos..).and_then(|r| r.find('{')).map(|i| pos + i) {
        let rest = source.get(open..).unwrap_or("");
        let (close, is_tag) = if rest.starts_with("{{") {
            ("}}", false)
        } else if rest.starts_with("{%") {
            ("%}", true)
        } else {
            pos = open + 1;
            continue;
        };
        let Some(end) = rest.find(close) else {
            return Err(s.syntax(
                open,
                format!(
                    "`{}` is never closed with `{close}`",
                    rest.get(..2).unwrap_or("")
                ),
            ));
        };
        let inner = rest.get(2..end).unwrap_or("");
        if inner.contains("{{") || inner.contains("{%") {
            return Err(s.syntax(
                open,
                "a tag inside a tag: close the first with `}}` or `%}`",
            ));
        }
        let inner = inner.strip_prefix('-').unwrap_or(inner);
        let inner = inner.strip_suffix('-').unwrap_or(inner);
        pos = open + end + 2;
        if is_tag {
            let inner = inner.trim_matches(liquid_space);
            s.balance(open, inner)?;
            if let Some(skip) = s.tag(open, inner)? {
                // `raw` and `comment`: their bodies are not Liquid.
                pos = match source.get(pos..).and_then(|r| find_end(r, skip)) {
                    Some(i) => pos + i,
                    None => {
                        return Err(s.syntax(
                            open,
                            format!("`{{% {skip} %}}` must be closed by `{{% end{skip} %}}` before any other tag"),
                        ));
                    }
                };
            }
        } else {
            let tokens = tokens(inner).map_err(|e| s.unsupported(open, e))?;
            s.chain(open, &tokens, false)?;
        }
    }
    if let Some(b) = s.blocks.last() {
        let name = b.name;
        return Err(s.syntax(
            b.at,
            format!("`{{% {name} %}}` is never closed with `{{% end{name} %}}`"),
        ));
    }
    Ok(s.uses)
}

/// The offset just before the `{% end<name> %}` tag in `rest`, which must
/// be the first tag there: `None` when it is not (another tag inside `raw`
/// or `comment` is refused, as Liquid reads those unevenly).
fn find_end(rest: &str, name: &str) -> Option<usize> {
    let i = rest.find("{%")?;
    // Liquid reads `{{` in a body as the start of an output, which must
    // close before the end tag, without quotes (a string there may run on
    // past `}}`).
    let body = rest.get(..i)?;
    let mut from = 0;
    while let Some(open) = body.get(from..)?.find("{{").map(|k| from + k) {
        let close = body.get(open + 2..)?.find("}}")?;
        if body.get(open + 2..open + 2 + close)?.contains(['"', '\'']) {
            return None;
        }
        from = open + 2 + close + 2;
    }
    let tail = rest.get(i + 2..)?;
    let body = tail
        .strip_prefix('-')
        .unwrap_or(tail)
        .trim_start_matches(liquid_space);
    // Exactly `{% endraw %}` (with `-` for whitespace control, if any).
    let closes = body
        .strip_prefix("end")
        .and_then(|b| b.strip_prefix(name))
        .map(|b| b.trim_start_matches(liquid_space))
        .is_some_and(|b| b.starts_with("%}") || b.starts_with("-%}"));
    closes.then_some(i)
}

/// 1-based line and column of byte `at`.
pub(super) fn line_col(source: &str, at: usize) -> (usize, usize) {
    let before = crate::util::head(source, at);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// A token inside a tag.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// An identifier or dotted path of identifiers.
    Path(String),
    /// A string literal: its text.
    Str(String),
    /// A number; whether it is a whole number of at least 0.
    Number(bool),
    /// `|`, `:`, `,`, `=`.
    Punct(char),
    /// `==`, `!=`, `<>`, `<`, `>`, `<=`, `>=`.
    Operator,
}

/// Splits a tag's content into tokens, to Liquid's lexical rules but
/// narrower: ASCII identifiers joined by dots, quoted strings, numbers,
/// the punctuation of filters and comparisons; nothing else.
fn tokens(s: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b' ' | b'\n' | b'\r' => i += 1,
            b'"' | b'\'' => {
                let rest = s.get(i + 1..).unwrap_or("");
                let Some(len) = rest.find(b as char) else {
                    return Err("an unclosed string".to_owned());
                };
                let text = rest.get(..len).unwrap_or("");
                if text.len() > MAX_LITERAL_BYTES {
                    return Err(format!(
                        "a text of {} bytes (at most {MAX_LITERAL_BYTES})",
                        text.len()
                    ));
                }
                out.push(Token::Str(text.to_owned()));
                i += len + 2;
            }
            b'0'..=b'9' | b'-' => {
                let start = i;
                i += 1;
                while bytes
                    .get(i)
                    .is_some_and(|c| c.is_ascii_digit() || *c == b'.')
                {
                    i += 1;
                }
                let text = s.get(start..i).unwrap_or("");
                let digits = text.bytes().filter(u8::is_ascii_digit).count();
                if digits == 0 {
                    return Err("a `-` that starts no number".to_owned());
                }
                if digits > MAX_NUMBER_DIGITS {
                    return Err(format!(
                        "a number of {digits} digits (at most {MAX_NUMBER_DIGITS})"
                    ));
                }
                // -?[0-9]+(.[0-9]+)?, as Liquid reads numbers.
                let unsigned = text.strip_prefix('-').unwrap_or(text);
                let well_formed = unsigned
                    .split('.')
                    .all(|part| !part.is_empty() && part.bytes().all(|c| c.is_ascii_digit()));
                if text.matches('.').count() > 1 || !well_formed {
                    return Err(format!("the number `{text}`"));
                }
                out.push(Token::Number(!text.starts_with('-') && !text.contains('.')));
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let start = i;
                loop {
                    // One identifier: [A-Za-z_][A-Za-z0-9_-]*?
                    i += 1;
                    while bytes
                        .get(i)
                        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-')
                    {
                        i += 1;
                    }
                    // `.` and another identifier continue the path.
                    let next = bytes.get(i + 1).copied().unwrap_or(b' ');
                    if bytes.get(i) == Some(&b'.') && (next.is_ascii_alphabetic() || next == b'_') {
                        i += 1;
                        continue;
                    }
                    break;
                }
                if bytes.get(i) == Some(&b'.') || bytes.get(i) == Some(&b'[') {
                    return Err(format!(
                        "`{}{}` (paths are names joined by dots, without brackets)",
                        s.get(start..i).unwrap_or(""),
                        bytes
                            .get(i)
                            .map_or("", |c| if *c == b'.' { "." } else { "[" })
                    ));
                }
                out.push(Token::Path(s.get(start..i).unwrap_or("").to_owned()));
            }
            b'=' | b'!' | b'<' | b'>' => {
                let two = matches!(
                    (b, bytes.get(i + 1)),
                    (b'=', Some(b'='))
                        | (b'!', Some(b'='))
                        | (b'<', Some(b'=' | b'>'))
                        | (b'>', Some(b'='))
                );
                if two {
                    i += 2;
                    out.push(Token::Operator);
                } else if b == b'=' {
                    i += 1;
                    out.push(Token::Punct('='));
                } else if b == b'!' {
                    return Err("`!` without `=`".to_owned());
                } else {
                    i += 1;
                    out.push(Token::Operator);
                }
            }
            b'|' | b':' | b',' => {
                i += 1;
                out.push(Token::Punct(b as char));
            }
            b'(' | b')' => return Err("parentheses and ranges `(a..b)`".to_owned()),
            _ => {
                let c = s.get(i..).and_then(|r| r.chars().next()).unwrap_or('?');
                return Err(format!("the character `{c}`"));
            }
        }
    }
    Ok(out)
}

impl Scanner<'_> {
    fn syntax(&self, at: usize, message: impl Into<String>) -> ReplyError {
        let (line, column) = line_col(self.source, at);
        ReplyError::Syntax {
            line,
            column,
            message: message.into(),
        }
    }

    fn unsupported(&self, at: usize, what: impl Into<String>) -> ReplyError {
        let (line, column) = line_col(self.source, at);
        ReplyError::Unsupported {
            what: what.into(),
            line,
            column,
        }
    }

    fn unknown(&self, at: usize, path: &str) -> ReplyError {
        let (line, column) = line_col(self.source, at);
        ReplyError::UnknownPlaceholder {
            name: crate::util::excerpt(path),
            line,
            column,
        }
    }

    /// Opens and closes blocks, so an unclosed one is named where it
    /// opened and a stray end tag where it stands.
    fn balance(&mut self, at: usize, inner: &str) -> Result<(), ReplyError> {
        let name = inner.split(liquid_space).next().unwrap_or("");
        if let Some(block) = BLOCKS.iter().find(|b| **b == name) {
            if self.blocks.len() == MAX_BLOCK_DEPTH {
                return Err(
                    self.unsupported(at, format!("blocks nested deeper than {MAX_BLOCK_DEPTH}"))
                );
            }
            self.blocks.push(Block {
                name: block,
                at,
                seen_else: false,
                branches: 0,
            });
            return Ok(());
        }
        let Some(closed) = name.strip_prefix("end") else {
            return Ok(());
        };
        if !BLOCKS.contains(&closed) {
            return Ok(());
        }
        match self.blocks.last().map(|b| b.name) {
            Some(open) if open == closed => {
                self.blocks.pop();
                Ok(())
            }
            Some(open) => Err(self.syntax(
                at,
                format!("`{{% {name} %}}` where `{{% end{open} %}}` is expected"),
            )),
            None => Err(self.syntax(
                at,
                format!("`{{% {name} %}}` without an open `{{% {closed} %}}`"),
            )),
        }
    }

    /// `else`, `elsif` and `when` where their block allows them.
    fn branch(&mut self, at: usize, name: &str) -> Result<(), ReplyError> {
        let Some(block) = self.blocks.last_mut() else {
            return Err(self.syntax(at, format!("`{{% {name} %}}` outside a block")));
        };
        let fits = match name {
            "else" => matches!(block.name, "if" | "unless" | "case") && !block.seen_else,
            "elsif" => block.name == "if" && !block.seen_else,
            _ => block.name == "case" && !block.seen_else,
        };
        if !fits {
            let open = block.name;
            return Err(self.syntax(at, format!("`{{% {name} %}}` in this `{{% {open} %}}`")));
        }
        if name == "else" {
            block.seen_else = true;
        } else {
            block.branches += 1;
            if block.branches > MAX_BRANCHES {
                return Err(self.unsupported(
                    at,
                    format!("more than {MAX_BRANCHES} `{name}` in one block"),
                ));
            }
        }
        Ok(())
    }

    /// A value read: a placeholder, a local, `forloop.*` or a keyword;
    /// returns whether it is a list. With `pure`, no assigned local may be
    /// read (a value is built from placeholders only, so none grows from
    /// another).
    fn value(&mut self, at: usize, path: &str, pure: bool) -> Result<bool, ReplyError> {
        if KEYWORDS.contains(&path) {
            return Ok(false);
        }
        if let Some(key) = path.strip_prefix("forloop.") {
            if self.loop_scope.is_none() || !FORLOOP.contains(&key) {
                return Err(self.unknown(at, path));
            }
            return Ok(false);
        }
        if let Some((_, local)) = self.locals.iter().rev().find(|(n, _)| n == path) {
            if *local == Local::Assigned && pure {
                return Err(self.unsupported(
                    at,
                    format!(
                        "`{}` read while setting a value (a value is built from placeholders only)",
                        crate::util::excerpt(path)
                    ),
                ));
            }
            return Ok(false);
        }
        match schema::find(path) {
            Some(found) => {
                let list = schema::kind(&found) == Some(Kind::List);
                if !self.uses.paths.contains(&found) {
                    self.uses.paths.push(found);
                }
                Ok(list && !path.ends_with(".size"))
            }
            None => Err(self.unknown(at, path)),
        }
    }

    /// `value | filter: arg, arg | ...`: the shape Liquid parses, filters
    /// that fit what they are given, at most one that grows a text.
    fn chain(&mut self, at: usize, tokens: &[Token], pure: bool) -> Result<(), ReplyError> {
        let mut rest = tokens;
        // A loop variable, `forloop.*` or a literal is short: filters on
        // it cost little.
        let mut cheap = true;
        let mut list = match rest.split_first() {
            Some((Token::Path(p), tail)) => {
                rest = tail;
                let is_loop = self.locals.iter().any(|(n, l)| n == p && *l == Local::Loop);
                cheap = is_loop || p.starts_with("forloop.") || KEYWORDS.contains(&p.as_str());
                self.value(at, p, pure)?
            }
            Some((Token::Str(_) | Token::Number(_), tail)) => {
                rest = tail;
                false
            }
            _ => return Err(self.unsupported(at, "an output without a value")),
        };
        let mut grown = false;
        while let Some((first, tail)) = rest.split_first() {
            let Token::Punct('|') = first else {
                return Err(self.unsupported(at, "two values in a row (filters come after `|`)"));
            };
            let Some((Token::Path(filter), tail)) = tail.split_first() else {
                return Err(self.unsupported(at, "a `|` without a filter"));
            };
            // Arguments: `: value, value`.
            let mut args: Vec<&Token> = Vec::new();
            let mut tail = tail;
            if let Some((Token::Punct(':'), more)) = tail.split_first() {
                tail = more;
                loop {
                    let Some((arg, more)) = tail.split_first() else {
                        return Err(
                            self.unsupported(at, format!("`{filter}:` without an argument"))
                        );
                    };
                    match arg {
                        Token::Path(p) => {
                            if self.value(at, p, pure)? {
                                return Err(self.unsupported(
                                    at,
                                    format!("a list as an argument of `{filter}`"),
                                ));
                            }
                        }
                        Token::Str(_) | Token::Number(_) => {}
                        _ => return Err(self.unsupported(at, format!("an argument of `{filter}`"))),
                    }
                    args.push(arg);
                    tail = more;
                    match tail.split_first() {
                        Some((Token::Punct(','), more)) => tail = more,
                        _ => break,
                    }
                }
            }
            rest = tail;
            if !cheap
                && (GROWING.contains(&filter.as_str())
                    || (list && !matches!(filter.as_str(), "size" | "first" | "last")))
            {
                if self.loop_scope.is_some() {
                    return Err(self.unsupported(at, format!("`{filter}` on a placeholder inside a loop (its cost grows with the data)")));
                }
                self.costly += 1;
                if self.costly > MAX_COSTLY_FILTERS {
                    return Err(self.unsupported(at, format!("more than {MAX_COSTLY_FILTERS} lengthening or list filters on placeholders")));
                }
            }
            if pure && GROWING.contains(&filter.as_str()) {
                return Err(self.unsupported(
                    at,
                    format!(
                        "`{filter}` in `assign` (a value is not lengthened before it is shown)"
                    ),
                ));
            }
            list = self.filter(at, filter, &args, list, &mut grown)?;
        }
        // A list shown as it is renders as its items run together.
        let _ = list;
        Ok(())
    }

    /// Checks one filter on a list or a text; returns whether its result
    /// is a list.
    fn filter(
        &self,
        at: usize,
        name: &str,
        args: &[&Token],
        list: bool,
        grown: &mut bool,
    ) -> Result<bool, ReplyError> {
        let on_list = if list && LIST_FILTERS.contains(&name) {
            Some(true)
        } else if list && LIST_TO_TEXT.contains(&name) {
            Some(false)
        } else {
            None
        };
        if on_list.is_none() {
            self.text_filter(at, name, args, list, grown)?;
        }
        // The arguments each filter takes, so none fails on them.
        let fits = match name {
            "truncate" | "truncatewords" => matches!(
                args,
                [Token::Number(true)] | [Token::Number(true), Token::Str(_)]
            ),
            "replace" | "replace_first" => args.len() == 2,
            "append" | "prepend" | "remove" | "remove_first" | "default" => args.len() == 1,
            "join" => matches!(args, [] | [Token::Str(_)]),
            _ => args.is_empty(),
        };
        if !fits {
            return Err(self.unsupported(at, format!("these arguments of `{name}`")));
        }
        Ok(on_list.unwrap_or(false))
    }

    /// A filter on a text: allowed, at most one that grows it, `replace`
    /// within bounds.
    fn text_filter(
        &self,
        at: usize,
        name: &str,
        args: &[&Token],
        list: bool,
        grown: &mut bool,
    ) -> Result<(), ReplyError> {
        if !TEXT_FILTERS.contains(&name) {
            let why = match name {
                "date" => "the `date` filter (it reads the clock; times come written out: see the placeholders)".to_owned(),
                "plus" | "minus" | "times" | "divided_by" | "modulo" | "abs" | "ceil" | "floor" | "round" | "at_least" | "at_most" => {
                    format!("the arithmetic filter `{name}` (a reply shows data; it does not compute)")
                }
                _ if LIST_FILTERS.contains(&name) || LIST_TO_TEXT.contains(&name) => {
                    format!("the list filter `{name}` on a text")
                }
                _ => format!("the filter `{}`", crate::util::excerpt(name)),
            };
            return Err(self.unsupported(at, why));
        }
        if list && name != "size" && name != "default" {
            return Err(self.unsupported(
                at,
                format!("the text filter `{name}` on a list (join it first)"),
            ));
        }
        if GROWING.contains(&name) {
            if *grown {
                return Err(
                    self.unsupported(at, "a second filter that lengthens the text in one output")
                );
            }
            *grown = true;
        }
        if name == "replace" || name == "replace_first" {
            let (Some(Token::Str(search)), Some(Token::Str(with))) =
                (args.first().copied(), args.get(1).copied())
            else {
                return Err(self.unsupported(at, format!("`{name}` takes two quoted texts")));
            };
            if search.is_empty() || with.len() > search.len() + MAX_REPLACE_GROWTH {
                return Err(self.unsupported(
                    at,
                    format!("`{name}` with an empty search, or a replacement over {MAX_REPLACE_GROWTH} bytes longer than it"),
                ));
            }
        }
        Ok(())
    }

    /// A condition: values compared with operators, joined by `and`/`or`.
    fn condition(&mut self, at: usize, tokens: &[Token]) -> Result<(), ReplyError> {
        // value [op value] ((`and` | `or`) value [op value])*, at most
        // MAX_BRANCHES joins.
        let shape = |s: &Self| {
            s.unsupported(
                at,
                "a condition other than comparisons joined by `and`/`or`",
            )
        };
        let mut rest = tokens;
        let mut joins = 0;
        loop {
            let Some((left, tail)) = rest.split_first() else {
                return Err(shape(self));
            };
            let left_list = match left {
                Token::Path(p) => self.value(at, p, false)?,
                Token::Str(_) | Token::Number(_) => false,
                _ => return Err(shape(self)),
            };
            rest = tail;
            let op = match rest.split_first() {
                Some((Token::Operator, tail)) => Some((false, tail)),
                Some((Token::Path(w), tail)) if w == "contains" => Some((true, tail)),
                _ => None,
            };
            if let Some((contains, tail)) = op {
                // Liquid fails on `contains` after a missing text; a list
                // is never missing (it is empty).
                if contains && !left_list {
                    return Err(self.unsupported(
                        at,
                        "`contains` after other than a list (`ticket.tags contains \"vip\"`)",
                    ));
                }
                match tail.split_first() {
                    Some((Token::Path(p), more)) => {
                        self.value(at, p, false)?;
                        rest = more;
                    }
                    Some((Token::Str(_) | Token::Number(_), more)) => rest = more,
                    _ => return Err(shape(self)),
                }
            }
            match rest.split_first() {
                None => return Ok(()),
                Some((Token::Path(w), more)) if w == "and" || w == "or" => {
                    joins += 1;
                    if joins > MAX_BRANCHES {
                        return Err(self.unsupported(
                            at,
                            format!("more than {MAX_BRANCHES} `and`/`or` in one condition"),
                        ));
                    }
                    rest = more;
                }
                _ => return Err(shape(self)),
            }
        }
    }

    fn bind(&mut self, at: usize, name: &str, local: Local) -> Result<(), ReplyError> {
        let root = name.split('.').next().unwrap_or(name);
        let clashes = name.contains('.')
            || KEYWORDS.iter().any(|k| name.starts_with(k))
            || matches!(name, "and" | "or" | "contains" | "in")
            || root == "forloop"
            || schema::PLACEHOLDERS
                .iter()
                .any(|(p, _)| p.split('.').next() == Some(root))
            || schema::DYNAMIC
                .iter()
                .any(|p| p.split('.').next() == Some(root));
        if clashes {
            return Err(self.unsupported(
                at,
                format!(
                    "the name `{}` for a value (it is a placeholder's or Liquid's)",
                    crate::util::excerpt(name)
                ),
            ));
        }
        if local == Local::Assigned && !self.uses.locals.iter().any(|n| n == name) {
            self.uses.locals.push(name.to_owned());
        }
        self.locals.push((name.to_owned(), local));
        Ok(())
    }

    /// One `{% ... %}` tag; returns the block whose body to skip (`raw`,
    /// `comment`).
    fn tag(&mut self, at: usize, inner: &str) -> Result<Option<&'static str>, ReplyError> {
        let (name, rest) = inner
            .split_once(liquid_space)
            .map_or((inner, ""), |(n, r)| (n, r.trim_matches(liquid_space)));
        let tokens = tokens(rest).map_err(|e| self.unsupported(at, e))?;
        let bare = |s: &Self| {
            if tokens.is_empty() {
                Ok(())
            } else {
                Err(s.unsupported(at, format!("text after `{name}`")))
            }
        };
        match name {
            "raw" => {
                bare(self)?;
                return Ok(Some("raw"));
            }
            "comment" => {
                bare(self)?;
                return Ok(Some("comment"));
            }
            "if" | "unless" => self.condition(at, &tokens)?,
            "elsif" => {
                self.branch(at, name)?;
                self.condition(at, &tokens)?;
            }
            "case" => {
                let [Token::Path(p)] = tokens.as_slice() else {
                    return Err(self.unsupported(at, "a `case` of other than one placeholder"));
                };
                self.value(at, p, false)?;
            }
            "when" => {
                self.branch(at, name)?;
                // value ((`,` | `or`) value)*
                let mut expect_value = true;
                for t in &tokens {
                    match (t, expect_value) {
                        (Token::Path(p), true) => {
                            self.value(at, p, false)?;
                            expect_value = false;
                        }
                        (Token::Str(_) | Token::Number(_), true) => expect_value = false,
                        (Token::Punct(','), false) => expect_value = true,
                        (Token::Path(p), false) if p == "or" => expect_value = true,
                        _ => {
                            return Err(self.unsupported(
                                at,
                                "a `when` other than values joined by `,` or `or`",
                            ));
                        }
                    }
                }
                if expect_value {
                    return Err(self.unsupported(at, "a `when` that ends without a value"));
                }
            }
            "else" => {
                self.branch(at, name)?;
                bare(self)?;
            }
            "endif" | "endunless" | "endcase" | "break" | "continue" | "endraw" | "endcomment" => {
                bare(self)?;
                if matches!(name, "break" | "continue") && self.loop_scope.is_none() {
                    return Err(self.unsupported(at, format!("`{name}` outside a loop")));
                }
            }
            "for" => {
                if self.loop_scope.is_some() {
                    return Err(self.unsupported(at, "a loop inside a loop"));
                }
                let (var, source, options) = match tokens.as_slice() {
                    [
                        Token::Path(v),
                        Token::Path(kw),
                        Token::Path(src),
                        options @ ..,
                    ] if kw == "in" => (v.clone(), src.clone(), options),
                    _ => return Err(self.unsupported(at, "a `for` other than `for item in list`")),
                };
                match schema::kind(&source) {
                    Some(Kind::List) => {
                        if !self.uses.paths.contains(&source) {
                            self.uses.paths.push(source.clone());
                        }
                    }
                    Some(_) => {
                        return Err(self.unsupported(
                            at,
                            format!(
                                "a loop over `{}`, which is not a list",
                                crate::util::excerpt(&source)
                            ),
                        ));
                    }
                    None => return Err(self.unknown(at, &source)),
                }
                // `limit: 3`, `offset: 1`, `reversed`: numbers only.
                let mut o = options;
                while let Some((t, more)) = o.split_first() {
                    match (t, more) {
                        (Token::Path(k), [Token::Punct(':'), Token::Number(true), tail @ ..])
                            if k == "limit" || k == "offset" =>
                        {
                            o = tail
                        }
                        (Token::Path(k), tail) if k == "reversed" => o = tail,
                        _ => {
                            return Err(self.unsupported(
                                at,
                                "loop options other than `limit: n`, `offset: n`, `reversed`",
                            ));
                        }
                    }
                }
                self.loop_scope = Some(self.locals.len());
                self.bind(at, &var, Local::Loop)?;
            }
            "endfor" => {
                bare(self)?;
                if let Some(len) = self.loop_scope.take() {
                    // The loop variable goes; values assigned inside stay.
                    let mut kept = Vec::new();
                    for (i, l) in self.locals.drain(..).enumerate() {
                        if i < len || l.1 == Local::Assigned {
                            kept.push(l);
                        }
                    }
                    self.locals = kept;
                }
            }
            "assign" => {
                let (var, value) = match tokens.split_first() {
                    Some((Token::Path(var), rest)) => match rest.split_first() {
                        Some((Token::Punct('='), value)) => (var.clone(), value),
                        _ => return Err(self.unsupported(at, "an `assign` without `=`")),
                    },
                    _ => return Err(self.unsupported(at, "an `assign` without a name")),
                };
                self.chain(at, value, true)?;
                self.bind(at, &var, Local::Assigned)?;
            }
            other => {
                return Err(
                    self.unsupported(at, format!("the tag `{}`", crate::util::excerpt(other)))
                );
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(source: &str) -> String {
        scan(source)
            .map(|_| "ok".to_owned())
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn placeholders_are_known_or_refused_with_their_place() {
        let uses =
            scan("Hoi {{ticket.requester.first_name}}, {{ ticket.id | prepend: \"#\" }}").unwrap();
        assert_eq!(uses.paths, ["ticket.requester.first_name", "ticket.id"]);
        assert_eq!(
            err("Hi\n  {{ ticket.requester.shoe_size }}"),
            "unknown placeholder `ticket.requester.shoe_size` at line 2, column 3"
        );
        assert!(err("{{ ticket.title | date: \"%Y\" }}").contains("`date` filter"));
        assert!(err("{{ ticket.title | frobnicate }}").contains("the filter `frobnicate`"));
        assert!(err("{{ ticket.id | plus: 1 }}").contains("arithmetic filter `plus`"));
        assert!(err("{% for i in (1..100000) %}x{% endfor %}").contains("ranges"));
        assert!(err("{% include 'x' %}").contains("the tag `include`"));
        assert!(err(&format!("{{{{{}}}}}", "2".repeat(30))).contains("a number of 30 digits"));
        assert!(err("{{ ticket.tags[99999999999999999999] }}").contains("without brackets"));
        assert!(err("{{ \"éééé\" }}{{ ticket.id ; }}\" }}").contains("the character `;`"));
        assert!(err("{{ -reply_by }}").contains("a `-` that starts no number"));
        assert!(err("{{ ticket.id ticket.title }}").contains("two values in a row"));
    }

    #[test]
    fn filters_fit_what_they_get() {
        assert_eq!(
            err("{{ ticket.tags | sort | join: \", \" | upcase }}"),
            "ok"
        );
        assert_eq!(err("{{ faq.suggestions | first | default: \"-\" }}"), "ok");
        assert!(err("{{ ticket.title | join: \", \" }}").contains("list filter `join` on a text"));
        assert!(err("{{ ticket.tags | upcase }}").contains("on a list"));
        assert!(
            err("{{ ticket.title | append: \"a\" | prepend: \"b\" }}")
                .contains("a second filter that lengthens")
        );
        assert!(err("{{ ticket.title | replace: \"\", \"x\" }}").contains("empty search"));
        assert!(
            err(&format!(
                "{{{{ ticket.title | replace: \"a\", \"{}\" }}}}",
                "x".repeat(100)
            ))
            .contains("replacement over 64")
        );
        assert!(err("{{ ticket.title | replace: ticket.id, \"x\" }}").contains("two quoted texts"));
        assert!(
            err(&format!(
                "{{{{ ticket.title | append: \"{}\" }}}}",
                "x".repeat(300)
            ))
            .contains("300 bytes")
        );
    }

    #[test]
    fn locals_loops_and_growth() {
        let uses = scan(
            "{% for tag in ticket.tags limit: 3 %}{{ tag }}{% if forloop.last %}.{% endif %}{% endfor %}\
             {% assign name = ticket.requester.first_name | default: \"klant\" %}{{ name }}",
        )
        .unwrap();
        assert_eq!(uses.paths, ["ticket.tags", "ticket.requester.first_name"]);
        assert_eq!(uses.locals, ["name"]);
        assert!(
            err("{% for t in ticket.tags %}{% endfor %}{{ t }}")
                .contains("unknown placeholder `t`")
        );
        assert!(
            err("{% for a in ticket.tags %}{% for b in ticket.tags %}{% endfor %}{% endfor %}")
                .contains("a loop inside a loop")
        );
        assert!(err("{% for a in ticket.title %}{% endfor %}").contains("not a list"));
        assert!(
            err("{% for a in ticket.tags %}{% else %}{% endfor %}")
                .contains("`{% else %}` in this `{% for %}`")
        );
        assert!(
            err("{% for a in ticket.tags limit: ticket.id %}{% endfor %}").contains("loop options")
        );
        assert!(
            err("{% assign s = ticket.title %}{% assign s = s | append: s %}")
                .contains("read while setting")
        );
        assert!(err("{% assign faq = \"x\" %}").contains("the name `faq`"));
        assert!(
            err("{% for ticket in faq.suggestions %}{% endfor %}").contains("the name `ticket`")
        );
        assert!(
            err("{% for t in ticket.tags %}{{ forloop.nope }}{% endfor %}")
                .contains("unknown placeholder `forloop.nope`")
        );
        assert!(err("{% capture x %}a{% endcapture %}").contains("the tag `capture`"));
        assert!(err("{% increment n %}").contains("the tag `increment`"));
        // Raw and comment bodies are not read.
        assert_eq!(
            err("{% raw %}{{ nonsense }}{% endraw %}{% comment %}{{ x }}{% endcomment %}"),
            "ok"
        );
        assert!(err("{% if ticket.id {{ x }} %}").contains("a tag inside a tag"));
        assert!(
            err("{% comment %}x{% endcomment {{ y }}")
                .contains("must be closed by `{% endcomment %}`")
        );
        assert!(err("{% raw %}{% if %}{% endraw %}").contains("must be closed by `{% endraw %}`"));
        assert!(err(&"{% if ticket.id %}".repeat(40)).contains("nested deeper than 32"));
    }

    #[test]
    fn the_second_review_cases() {
        // Liquid's whitespace is a space or a line break; `?` ends no name.
        assert!(err("éééé{{ \"x\" }}{{\tticket.id }}\" }}").contains("the character"));
        assert!(err("{{ flow.answers.a? }}").contains("the character `?`"));
        assert!(err("{{ and }}").contains("unknown placeholder `and`"));
        assert!(err("{{ ticket.title | url_decode }}").contains("the filter `url_decode`"));
        assert!(
            err("{% for t in ticket.tags %}{% cycle \"a\", \"b\" %}{% endfor %}")
                .contains("the tag `cycle`")
        );
        assert!(err("{% ifchanged %}x{% endifchanged %}").contains("the tag `ifchanged`"));
        // Lengthening: one per output, not in `assign`, not on a
        // placeholder in a loop, at most eight in all.
        assert!(
            err("{{ ticket.title | escape | escape }}").contains("a second filter that lengthens")
        );
        assert!(err("{% assign x = ticket.title | escape %}").contains("in `assign`"));
        assert!(
            err("{% for t in ticket.tags %}{{ ticket.title | escape }}{% endfor %}")
                .contains("inside a loop")
        );
        assert_eq!(
            err("{% for t in ticket.tags %}{{ t | escape | upcase }}{% endfor %}"),
            "ok"
        );
        assert!(err(&"{{ ticket.title | escape }}".repeat(9)).contains("more than 8"));
        // Block structure and condition shapes.
        assert!(err("{% else %}").contains("outside a block"));
        assert!(
            err("{% case ticket.via %}{% elsif ticket.id %}{% endcase %}")
                .contains("in this `{% case %}`")
        );
        assert!(
            err("{% if ticket.id %}{% else %}{% else %}{% endif %}").contains("in this `{% if %}`")
        );
        assert!(
            err("{% if ticket.id == \"a\" == \"b\" %}{% endif %}").contains("comparisons joined")
        );
        assert!(
            err("{% case ticket.via %}{% when \"a\" \"b\" %}{% endcase %}")
                .contains("joined by `,` or `or`")
        );
        assert!(
            err(&format!(
                "{{% if ticket.id %}}{}{{% endif %}}",
                "{% elsif ticket.id %}".repeat(33)
            ))
            .contains("more than 32 `elsif`")
        );
        assert!(err("{% assign empty_note = \"x\" %}").contains("the name `empty_note`"));
        assert!(err("{% raw %}{{ \"{% endraw %}\" }}").contains("must be closed"));
    }

    #[test]
    fn positions_count_characters() {
        assert_eq!(line_col("ab\ncé{{", 6), (2, 3));
    }
}
