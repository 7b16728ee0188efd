//! Reads a template's tags before Liquid parses it: every placeholder must
//! be one frontline fills, every filter one it allows, and nothing may make
//! rendering cost more than the data's size allows.

use super::ReplyError;
use super::schema::{self, Kind};

/// Liquid words that are not placeholders.
const KEYWORDS: &[&str] = &[
    "and", "or", "contains", "in", "nil", "null", "true", "false", "empty", "blank", "with", "as",
    "limit", "offset", "reversed", "cols",
];

/// Filters a template may use: Liquid's standard filters but `date`
/// (which reads the clock for `"now"`; times come formatted instead).
pub(super) const FILTERS: &[&str] = &[
    "abs",
    "append",
    "at_least",
    "at_most",
    "capitalize",
    "ceil",
    "compact",
    "concat",
    "default",
    "divided_by",
    "downcase",
    "escape",
    "escape_once",
    "first",
    "floor",
    "join",
    "last",
    "lstrip",
    "map",
    "minus",
    "modulo",
    "newline_to_br",
    "plus",
    "prepend",
    "remove",
    "remove_first",
    "replace",
    "replace_first",
    "reverse",
    "round",
    "rstrip",
    "size",
    "slice",
    "sort",
    "sort_natural",
    "split",
    "strip",
    "strip_html",
    "strip_newlines",
    "times",
    "truncate",
    "truncatewords",
    "uniq",
    "upcase",
    "url_decode",
    "url_encode",
    "where",
];

/// The longest string literal, in bytes: a `replace` can grow a text by at
/// most this much per match.
pub(super) const MAX_LITERAL_BYTES: usize = 256;

/// The most digits of a number literal: 18 fit an i64.
const MAX_NUMBER_DIGITS: usize = 18;

/// What a template reads.
#[derive(Debug, Default)]
pub(super) struct Uses {
    /// Placeholder paths, in order of first use, without duplicates.
    pub paths: Vec<String>,
    /// Names `assign` and `capture` set (seeded as nil before rendering,
    /// so a branch not taken leaves them empty rather than unknown).
    pub locals: Vec<String>,
}

/// A local name and what bound it.
#[derive(Debug, Clone, PartialEq)]
enum Local {
    /// A loop variable, over the placeholder array at this path.
    Loop(String),
    /// `assign` or `capture`.
    Assigned,
    /// `increment` or `decrement`.
    Counter,
}

struct Scanner<'a> {
    source: &'a str,
    uses: Uses,
    /// Locals in scope, innermost last.
    locals: Vec<(String, Local)>,
    /// Loop variables' scope ends: the `locals` length before each open `for`.
    loops: Vec<usize>,
    /// Inside a `capture` body.
    capture: usize,
    /// Open blocks (`if`, `for` ...) and where each opened, innermost last.
    blocks: Vec<(&'static str, usize)>,
}

/// Block tags, which an `end` tag closes.
const BLOCKS: &[&str] = &[
    "if",
    "unless",
    "case",
    "for",
    "capture",
    "ifchanged",
    "comment",
    "raw",
];

/// Scans `source`.
pub(super) fn scan(source: &str) -> Result<Uses, ReplyError> {
    let mut s = Scanner {
        source,
        uses: Uses::default(),
        locals: Vec::new(),
        loops: Vec::new(),
        capture: 0,
        blocks: Vec::new(),
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
            let (line, column) = line_col(source, open);
            return Err(ReplyError::Syntax {
                line,
                column,
                message: format!(
                    "`{}` is never closed with `{close}`",
                    rest.get(..2).unwrap_or("")
                ),
            });
        };
        let inner = rest.get(2..end).unwrap_or("");
        if inner.contains("{{") || inner.contains("{%") {
            let (line, column) = line_col(source, open);
            return Err(ReplyError::Syntax {
                line,
                column,
                message: "a tag inside a tag: close the first with `}}` or `%}`".to_owned(),
            });
        }
        let inner = inner.strip_prefix('-').unwrap_or(inner);
        let inner = inner.strip_suffix('-').unwrap_or(inner);
        pos = open + end + 2;
        if is_tag {
            let inner = inner.trim();
            s.balance(open, inner)?;
            if let Some(skip) = s.tag(open, inner)? {
                // `raw` and `comment`: their bodies are not Liquid.
                pos = match source.get(pos..).and_then(|r| find_end(r, skip)) {
                    Some(i) => pos + i,
                    None => {
                        let (line, column) = line_col(source, open);
                        return Err(ReplyError::Syntax {
                            line,
                            column,
                            message: format!(
                                "`{{% {skip} %}}` must be closed by `{{% end{skip} %}}` before any other tag"
                            ),
                        });
                    }
                };
            }
        } else {
            s.output(open, inner)?;
        }
    }
    if let Some((name, at)) = s.blocks.last() {
        let (line, column) = line_col(source, *at);
        return Err(ReplyError::Syntax {
            line,
            column,
            message: format!("`{{% {name} %}}` is never closed with `{{% end{name} %}}`"),
        });
    }
    Ok(s.uses)
}

/// The offset just before the `{% end<name> %}` tag in `rest`, which must
/// be the first tag there: `None` when it is not (another tag inside `raw`
/// or `comment` is refused, as Liquid reads those unevenly).
fn find_end(rest: &str, name: &str) -> Option<usize> {
    let i = rest.find("{%")?;
    let tail = rest.get(i + 2..)?;
    let body = tail.strip_prefix('-').unwrap_or(tail).trim_start();
    // Exactly `{% endraw %}` (with `-` for whitespace control, if any).
    let closes = body
        .strip_prefix("end")
        .and_then(|b| b.strip_prefix(name))
        .map(|b| b.trim_start())
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

impl Scanner<'_> {
    /// Opens and closes blocks, so an unclosed one is named where it
    /// opened and a stray end tag where it stands.
    fn balance(&mut self, at: usize, inner: &str) -> Result<(), ReplyError> {
        let name = inner.split_whitespace().next().unwrap_or("");
        if let Some(block) = BLOCKS.iter().find(|b| **b == name) {
            self.blocks.push((block, at));
            return Ok(());
        }
        let Some(closed) = name.strip_prefix("end") else {
            return Ok(());
        };
        if !BLOCKS.contains(&closed) {
            return Ok(());
        }
        match self.blocks.last() {
            Some((open, _)) if *open == closed => {
                self.blocks.pop();
                Ok(())
            }
            other => {
                let (line, column) = line_col(self.source, at);
                Err(ReplyError::Syntax {
                    line,
                    column,
                    message: match other {
                        Some((open, _)) => {
                            format!("`{{% {name} %}}` where `{{% end{open} %}}` is expected")
                        }
                        None => format!("`{{% {name} %}}` without an open `{{% {closed} %}}`"),
                    },
                })
            }
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

    /// `{{ value | filter: arg, arg | ... }}`
    fn output(&mut self, at: usize, inner: &str) -> Result<(), ReplyError> {
        let tokens = tokens(inner).map_err(|e| self.unsupported(at, e))?;
        self.expression(at, &tokens, false)
    }

    /// Checks every value in a filtered expression (or a condition); with
    /// `pure`, no local set by `assign` or `capture` may be read.
    fn expression(&mut self, at: usize, tokens: &[Token], pure: bool) -> Result<(), ReplyError> {
        let mut after_pipe = false;
        for t in tokens {
            match t {
                Token::Punct('|') => after_pipe = true,
                Token::Path(p) if after_pipe => {
                    after_pipe = false;
                    if !FILTERS.contains(&p.as_str()) {
                        let why = if p == "date" {
                            "the `date` filter (times come formatted: see the placeholders)"
                                .to_owned()
                        } else {
                            format!("the filter `{}`", crate::util::excerpt(p))
                        };
                        return Err(self.unsupported(at, why));
                    }
                }
                Token::Path(p) => self.value(at, p, pure)?,
                Token::Str(len) if *len > MAX_LITERAL_BYTES => {
                    return Err(self.unsupported(
                        at,
                        format!("a text of {len} bytes (at most {MAX_LITERAL_BYTES})"),
                    ));
                }
                Token::Range => return Err(self.unsupported(at, "ranges `(a..b)`")),
                _ => {}
            }
        }
        Ok(())
    }

    /// A value read: a placeholder, a local, or a keyword.
    fn value(&mut self, at: usize, path: &str, pure: bool) -> Result<(), ReplyError> {
        if KEYWORDS.contains(&path) {
            return Ok(());
        }
        let root = path.split(['.', '[']).next().unwrap_or(path);
        if root == "forloop" {
            if self.loops.is_empty() {
                return Err(self.unknown(at, path));
            }
            return Ok(());
        }
        if let Some((_, local)) = self.locals.iter().rev().find(|(n, _)| n == root) {
            return match local {
                Local::Assigned if pure || self.capture > 0 => Err(self.unsupported(
                    at,
                    format!(
                        "`{}` read while setting a value (a value may be built from placeholders only, so no text can grow without bound)",
                        crate::util::excerpt(root)
                    ),
                )),
                _ => Ok(()),
            };
        }
        match schema::find(path) {
            Some(found) => {
                if !self.uses.paths.contains(&found) {
                    self.uses.paths.push(found);
                }
                Ok(())
            }
            None => Err(self.unknown(at, path)),
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

    fn bind(&mut self, name: &str, local: Local) {
        if local == Local::Assigned && !self.uses.locals.iter().any(|n| n == name) {
            self.uses.locals.push(name.to_owned());
        }
        self.locals.push((name.to_owned(), local));
    }

    /// One `{% ... %}` tag; returns the block whose body to skip (`raw`,
    /// `comment`).
    fn tag(&mut self, at: usize, inner: &str) -> Result<Option<&'static str>, ReplyError> {
        let (name, rest) = inner
            .split_once(char::is_whitespace)
            .map_or((inner, ""), |(n, r)| (n, r.trim()));
        let tokens = tokens(rest).map_err(|e| self.unsupported(at, e))?;
        match name {
            "raw" => return Ok(Some("raw")),
            "comment" => return Ok(Some("comment")),
            "if" | "elsif" | "unless" | "case" | "when" | "cycle" => {
                self.expression(at, &tokens, false)?;
            }
            "else" | "endif" | "endunless" | "endcase" | "break" | "continue" | "ifchanged"
            | "endifchanged" | "endraw" | "endcomment" => {}
            "for" => {
                if !self.loops.is_empty() {
                    return Err(self.unsupported(at, "a loop inside a loop"));
                }
                let (var, source) = match tokens.as_slice() {
                    [Token::Path(v), Token::Path(kw), Token::Path(src), ..] if kw == "in" => {
                        (v.clone(), src.clone())
                    }
                    [_, _, Token::Range, ..] => return Err(self.unsupported(at, "ranges `(a..b)`")),
                    _ => {
                        return Err(self
                            .unsupported(at, "a `for` tag other than `for item in placeholder`"));
                    }
                };
                match schema::find(&source) {
                    Some(found) if schema::kind(&found) == Some(Kind::List) => {
                        if !self.uses.paths.contains(&found) {
                            self.uses.paths.push(found.clone());
                        }
                        self.loops.push(self.locals.len());
                        self.bind(&var, Local::Loop(found));
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
                // `limit:` and `offset:` take numbers or placeholders.
                self.expression(at, tokens.get(3..).unwrap_or_default(), false)?;
            }
            "endfor" => {
                if let Some(len) = self.loops.pop() {
                    self.locals.truncate(len);
                }
            }
            "assign" => {
                let Some((Token::Path(var), rest)) = tokens.split_first() else {
                    return Err(self.unsupported(at, "an `assign` without a name"));
                };
                let value = match rest.split_first() {
                    Some((Token::Punct('='), value)) => value,
                    _ => return Err(self.unsupported(at, "an `assign` without `=`")),
                };
                self.expression(at, value, true)?;
                self.bind(&var.clone(), Local::Assigned);
            }
            "capture" => {
                let Some(Token::Path(var)) = tokens.first() else {
                    return Err(self.unsupported(at, "a `capture` without a name"));
                };
                self.capture += 1;
                self.bind(&var.clone(), Local::Assigned);
            }
            "endcapture" => self.capture = self.capture.saturating_sub(1),
            "increment" | "decrement" => {
                if let Some(Token::Path(var)) = tokens.first() {
                    self.bind(&var.clone(), Local::Counter);
                }
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

/// A token inside a tag.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// A name or dotted path (`ticket.requester.first_name`, `tags[0]`).
    Path(String),
    /// A string literal, by its length.
    Str(usize),
    Number,
    /// `(a..b)`.
    Range,
    Punct(char),
    /// `==`, `!=`, `<=` ...
    Operator,
}

/// Splits a tag's content into tokens.
fn tokens(s: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        match c {
            c if c.is_whitespace() || c == ',' => {
                chars.next();
            }
            '"' | '\'' => {
                chars.next();
                let mut len = 0;
                let mut closed = false;
                for (_, d) in chars.by_ref() {
                    if d == c {
                        closed = true;
                        break;
                    }
                    len += d.len_utf8();
                }
                if !closed {
                    return Err("an unclosed string".to_owned());
                }
                out.push(Token::Str(len));
            }
            '(' => {
                let rest = s.get(i..).unwrap_or("");
                let close = rest.find(')').unwrap_or(rest.len());
                if rest.get(..close).is_some_and(|r| r.contains("..")) {
                    out.push(Token::Range);
                } else {
                    out.push(Token::Punct('('));
                }
                for _ in 0..rest
                    .get(..close.saturating_add(1).min(rest.len()))
                    .map_or(0, |r| r.chars().count())
                {
                    chars.next();
                }
            }
            '=' | '!' | '<' | '>' => {
                chars.next();
                let two = chars
                    .peek()
                    .is_some_and(|&(_, d)| d == '=' || (c == '<' && d == '>'));
                if two {
                    chars.next();
                    out.push(Token::Operator);
                } else if c == '=' {
                    out.push(Token::Punct('='));
                } else {
                    out.push(Token::Operator);
                }
            }
            '-' | '0'..='9' => {
                chars.next();
                let mut digits = usize::from(c != '-');
                while let Some(&(_, d)) = chars
                    .peek()
                    .filter(|&&(_, d)| d.is_ascii_digit() || d == '.')
                {
                    digits += usize::from(d != '.');
                    chars.next();
                }
                // Liquid reads a whole number as an i64 and does not expect
                // one that does not fit.
                if digits > MAX_NUMBER_DIGITS {
                    return Err(format!(
                        "a number of {digits} digits (at most {MAX_NUMBER_DIGITS})"
                    ));
                }
                out.push(Token::Number);
            }
            c if c.is_alphabetic() || c == '_' => {
                let start = i;
                let mut end = i;
                let mut depth = 0usize;
                while let Some(&(j, d)) = chars.peek() {
                    let part = d.is_alphanumeric() || matches!(d, '_' | '-' | '.' | '?');
                    let bracket =
                        d == '[' || (d == ']' && depth > 0) || (depth > 0 && !d.is_whitespace());
                    if !(part || bracket) {
                        break;
                    }
                    if d == '[' {
                        depth += 1;
                    } else if d == ']' {
                        depth = depth.saturating_sub(1);
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                out.push(Token::Path(s.get(start..end).unwrap_or("").to_owned()));
            }
            other => {
                chars.next();
                out.push(Token::Punct(other));
            }
        }
    }
    Ok(out)
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
        let uses = scan("Hoi {{ticket.requester.first_name}}, {{ ticket.id | plus: 1 }}").unwrap();
        assert_eq!(uses.paths, ["ticket.requester.first_name", "ticket.id"]);
        assert_eq!(
            err("Hi\n  {{ ticket.requester.shoe_size }}"),
            "unknown placeholder `ticket.requester.shoe_size` at line 2, column 3"
        );
        assert!(err("{{ ticket.title | date: \"%Y\" }}").contains("`date` filter"));
        assert!(err("{{ ticket.title | frobnicate }}").contains("the filter `frobnicate`"));
        assert!(err("{% for i in (1..100000) %}x{% endfor %}").contains("ranges"));
        assert!(err("{% include 'x' %}").contains("the tag `include`"));
        assert!(err(&format!("{{{{{}}}}}", "2".repeat(30))).contains("a number of 30 digits"));
    }

    #[test]
    fn locals_loops_and_growth() {
        let uses = scan(
            "{% for tag in ticket.tags %}{{ tag }}{% if forloop.last %}.{% endif %}{% endfor %}\
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
            err("{% assign s = ticket.title %}{% assign s = s | append: s %}")
                .contains("read while setting")
        );
        assert!(
            err("{% assign s = ticket.title %}{% capture t %}{{ s }}{{ s }}{% endcapture %}")
                .contains("read while setting")
        );
        assert!(
            err(&format!(
                "{{{{ ticket.title | replace: \"a\", \"{}\" }}}}",
                "x".repeat(300)
            ))
            .contains("300 bytes")
        );
        assert!(err("{% if ticket.id {{ x }} %}").contains("a tag inside a tag"));
        assert!(
            err("{% comment %}x{% endcomment {{ y }}")
                .contains("must be closed by `{% endcomment %}`")
        );
        assert!(err("{% raw %}{% if %}{% endraw %}").contains("must be closed by `{% endraw %}`"));
        // Raw and comment bodies are not read.
        assert_eq!(
            err("{% raw %}{{ nonsense }}{% endraw %}{% comment %}{{ x }}{% endcomment %}"),
            "ok"
        );
    }

    #[test]
    fn positions_count_characters() {
        assert_eq!(line_col("ab\ncé{{", 6), (2, 3));
    }
}
