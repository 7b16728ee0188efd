//! The condition text parser; the language is described in the
//! [module documentation](super).

use super::RulesError;
use super::condition::{Cmp, Condition, Field, Op, Operand, Scalar, Since};
use super::spec::MAX_DEPTH;

/// The longest rule text accepted, in bytes.
pub const MAX_RULE_TEXT_BYTES: usize = 64 * 1024;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    /// `@field`: another field's value.
    Ref(String),
    Text(String),
    Number(String),
    Sym(&'static str),
    End,
}

type Chars<'t> = std::iter::Peekable<std::str::Chars<'t>>;

/// The rest of a name in backticks (the opening one read), or `None` if it
/// is not closed.
fn quoted_name(
    chars: &mut Chars<'_>,
    bump: &mut impl FnMut(&mut Chars<'_>) -> Option<char>,
) -> Option<String> {
    let mut name = String::new();
    loop {
        match bump(chars)? {
            '`' => return Some(name),
            c => name.push(c),
        }
    }
}

struct Lexer {
    toks: Vec<(Tok, usize, usize)>,
}

fn err(line: usize, column: usize, message: impl Into<String>) -> RulesError {
    RulesError::Syntax {
        line,
        column,
        message: message.into(),
    }
}

fn lex(text: &str) -> Result<Lexer, RulesError> {
    let mut toks = Vec::new();
    let mut chars = text.chars().peekable();
    let (mut line, mut col) = (1usize, 1usize);
    while let Some(&c) = chars.peek() {
        let (l, k) = (line, col);
        let mut bump = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>| -> Option<char> {
            let c = chars.next()?;
            if c == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
            Some(c)
        };
        if c.is_whitespace() {
            bump(&mut chars);
        } else if c.is_alphabetic() || c == '_' {
            let mut w = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_alphanumeric() || c == '_' || c == '.' || c == '-' {
                    w.push(c);
                    bump(&mut chars);
                } else {
                    break;
                }
            }
            toks.push((Tok::Word(w), l, k));
        } else if c.is_ascii_digit()
            || (c == '-' && {
                let mut ahead = chars.clone();
                ahead.next();
                ahead.peek().is_some_and(char::is_ascii_digit)
            })
        {
            // A number, perhaps negative; a token that starts with digits but
            // goes on with letters is a word (`2fa`).
            let mut n = String::new();
            n.push(c);
            bump(&mut chars);
            let mut word = false;
            while let Some(&c) = chars.peek() {
                if c.is_ascii_digit() || c == '.' {
                    n.push(c);
                    bump(&mut chars);
                } else if c.is_alphanumeric() || c == '_' || c == '-' {
                    word = true;
                    n.push(c);
                    bump(&mut chars);
                } else {
                    break;
                }
            }
            toks.push((if word { Tok::Word(n) } else { Tok::Number(n) }, l, k));
        } else if c == '`' {
            // A name in backticks: a field or calendar name of any characters.
            bump(&mut chars);
            let name = quoted_name(&mut chars, &mut bump)
                .ok_or_else(|| err(l, k, "unterminated name: add the closing backtick"))?;
            toks.push((Tok::Word(name), l, k));
        } else if c == '@' {
            bump(&mut chars);
            let w = if chars.peek() == Some(&'`') {
                bump(&mut chars);
                quoted_name(&mut chars, &mut bump)
                    .ok_or_else(|| err(l, k, "unterminated name: add the closing backtick"))?
            } else {
                let mut w = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_alphanumeric() || c == '_' || c == '.' || c == '-' {
                        w.push(c);
                        bump(&mut chars);
                    } else {
                        break;
                    }
                }
                w
            };
            if w.is_empty() {
                return Err(err(l, k, "expected a field name after `@`"));
            }
            toks.push((Tok::Ref(w), l, k));
        } else if c == '"' || c == '\'' {
            let quote = c;
            bump(&mut chars);
            let mut s = String::new();
            loop {
                match bump(&mut chars) {
                    None => return Err(err(l, k, "unterminated text: add the closing quote")),
                    Some('\\') => match bump(&mut chars) {
                        // `\'` and `\\` escape; any other backslash is kept (regexes).
                        Some(e) if e == quote || e == '\\' => s.push(e),
                        Some(e) => {
                            s.push('\\');
                            s.push(e);
                        }
                        None => return Err(err(l, k, "unterminated text: add the closing quote")),
                    },
                    Some(e) if e == quote => break,
                    Some(e) => s.push(e),
                }
            }
            toks.push((Tok::Text(s), l, k));
        } else {
            bump(&mut chars);
            let following = chars.peek().copied();
            let two = |next: char| following == Some(next);
            let sym = match c {
                '(' => "(",
                ')' => ")",
                '[' => "[",
                ']' => "]",
                ',' => ",",
                '=' if two('=') => {
                    bump(&mut chars);
                    "=="
                }
                '=' => "==",
                '!' if two('=') => {
                    bump(&mut chars);
                    "!="
                }
                '<' if two('=') => {
                    bump(&mut chars);
                    "<="
                }
                '<' => "<",
                '>' if two('=') => {
                    bump(&mut chars);
                    ">="
                }
                '>' => ">",
                other => return Err(err(l, k, format!("unexpected `{other}`"))),
            };
            toks.push((Tok::Sym(sym), l, k));
        }
    }
    toks.push((Tok::End, line, col));
    Ok(Lexer { toks })
}

struct Parser {
    toks: Vec<(Tok, usize, usize)>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> &Tok {
        self.toks.get(self.pos).map_or(&Tok::End, |t| &t.0)
    }

    fn here(&self) -> (usize, usize) {
        self.toks
            .get(self.pos)
            .or(self.toks.last())
            .map_or((1, 1), |t| (t.1, t.2))
    }

    fn fail(&self, message: impl Into<String>) -> RulesError {
        let (l, c) = self.here();
        err(l, c, message)
    }

    fn next(&mut self) -> Tok {
        let t = self.peek().clone();
        self.pos += 1;
        t
    }

    fn keyword(&self, k: &str) -> bool {
        matches!(self.peek(), Tok::Word(w) if w.eq_ignore_ascii_case(k))
    }

    fn expect(&mut self, sym: &'static str) -> Result<(), RulesError> {
        if self.peek() == &Tok::Sym(sym) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.fail(format!("expected `{sym}`")))
        }
    }

    fn or(&mut self, depth: usize) -> Result<Condition, RulesError> {
        let mut items = vec![self.and(depth)?];
        while self.keyword("or") {
            self.pos += 1;
            items.push(self.and(depth)?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Condition::Any(items)
        })
    }

    fn and(&mut self, depth: usize) -> Result<Condition, RulesError> {
        let mut items = vec![self.unary(depth)?];
        while self.keyword("and") {
            self.pos += 1;
            items.push(self.unary(depth)?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Condition::All(items)
        })
    }

    fn unary(&mut self, depth: usize) -> Result<Condition, RulesError> {
        if depth > MAX_DEPTH {
            return Err(self.fail(format!("nested deeper than {MAX_DEPTH} levels")));
        }
        if self.keyword("not") {
            self.pos += 1;
            return Ok(Condition::Not(Box::new(self.unary(depth + 1)?)));
        }
        if self.peek() == &Tok::Sym("(") {
            self.pos += 1;
            let inner = self.or(depth + 1)?;
            self.expect(")")?;
            return Ok(inner);
        }
        if (self.keyword("all") || self.keyword("any"))
            && self.toks.get(self.pos + 1).map(|t| &t.0) == Some(&Tok::Sym("("))
        {
            // `all()`, `any()`, `all(x)`: groups of fewer than two.
            let all = self.keyword("all");
            self.pos += 2;
            let mut items = Vec::new();
            if self.peek() != &Tok::Sym(")") {
                items.push(self.or(depth + 1)?);
            }
            self.expect(")")?;
            return Ok(if all {
                Condition::All(items)
            } else {
                Condition::Any(items)
            });
        }
        self.leaf()
    }

    fn word(&mut self, what: &str) -> Result<String, RulesError> {
        match self.next() {
            Tok::Word(w) => Ok(w),
            _ => {
                self.pos -= 1;
                Err(self.fail(format!("expected {what}")))
            }
        }
    }

    fn number(&mut self) -> Result<f64, RulesError> {
        match self.next() {
            Tok::Number(n) => number_value(&n).ok_or_else(|| {
                self.pos -= 1;
                self.fail(format!("`{n}` is not a number"))
            }),
            _ => {
                self.pos -= 1;
                Err(self.fail("expected a number"))
            }
        }
    }

    fn integer(&mut self) -> Result<i64, RulesError> {
        match self.next() {
            Tok::Number(n) => n.parse::<i64>().map_err(|_| {
                self.pos -= 1;
                self.fail("expected a whole number")
            }),
            _ => {
                self.pos -= 1;
                Err(self.fail("expected a whole number"))
            }
        }
    }

    fn scalar(&mut self) -> Result<Scalar, RulesError> {
        match self.next() {
            Tok::Text(s) => Ok(Scalar::Text(s)),
            Tok::Number(n) => number_value(&n).map(Scalar::Number).ok_or_else(|| {
                self.pos -= 1;
                self.fail(format!("`{n}` is not a number"))
            }),
            Tok::Word(w) if w == "true" => Ok(Scalar::Bool(true)),
            Tok::Word(w) if w == "false" => Ok(Scalar::Bool(false)),
            Tok::Word(w) => Ok(Scalar::Text(w)),
            _ => {
                self.pos -= 1;
                Err(self.fail("expected a value"))
            }
        }
    }

    fn value(&mut self) -> Result<Operand, RulesError> {
        if let Tok::Ref(name) = self.peek().clone() {
            let field = name.parse::<Field>().map_err(|_| {
                self.fail(format!("unknown field `{}`", crate::util::excerpt(&name)))
            })?;
            self.pos += 1;
            return Ok(Operand::Field(field));
        }
        if self.peek() != &Tok::Sym("[") {
            return self.scalar().map(Operand::One);
        }
        self.pos += 1;
        let mut items = Vec::new();
        if self.peek() != &Tok::Sym("]") {
            loop {
                items.push(self.scalar()?);
                if self.peek() == &Tok::Sym(",") {
                    self.pos += 1;
                } else {
                    break;
                }
            }
        }
        self.expect("]")?;
        Ok(Operand::List(items))
    }

    fn cmp(&mut self) -> Result<Cmp, RulesError> {
        match self.next() {
            Tok::Sym("<") => Ok(Cmp::Lt),
            Tok::Sym("<=") => Ok(Cmp::Lte),
            Tok::Sym(">") => Ok(Cmp::Gt),
            Tok::Sym(">=") => Ok(Cmp::Gte),
            _ => {
                self.pos -= 1;
                Err(self.fail("expected `<`, `<=`, `>` or `>=`"))
            }
        }
    }

    /// A leaf that is not a field comparison, if `name` starts one.
    fn special(&mut self, name: &str) -> Result<Option<Condition>, RulesError> {
        Ok(Some(match name {
            "hours_since" | "business_hours_since" => {
                self.expect("(")?;
                let at = self.pos;
                let time = self.word("a time such as `created`")?;
                let since = time.parse::<Since>().map_err(|_| {
                    self.pos = at;
                    self.fail(format!("unknown time `{}`", crate::util::excerpt(&time)))
                })?;
                let calendar = if name == "business_hours_since" {
                    self.expect(",")?;
                    Some(self.word("a calendar name")?)
                } else {
                    None
                };
                self.expect(")")?;
                let cmp = self.cmp()?;
                let hours = self.number()?;
                Condition::HoursSince {
                    since,
                    cmp,
                    hours,
                    calendar,
                }
            }
            "within_business_hours" => {
                self.expect("(")?;
                let calendar = self.word("a calendar name")?;
                self.expect(")")?;
                Condition::WithinBusinessHours { calendar }
            }
            "days_since_signup" => {
                if !self.keyword("in") {
                    return Err(self.fail("expected `in [min, max]`"));
                }
                self.pos += 1;
                self.expect("[")?;
                let min = self.integer()?;
                self.expect(",")?;
                let max = self.integer()?;
                self.expect("]")?;
                Condition::DaysSinceSignup { min, max }
            }
            _ => return Ok(None),
        }))
    }

    fn leaf(&mut self) -> Result<Condition, RulesError> {
        let at = self.pos;
        let name = self.word("a field or a condition")?;
        if let Some(c) = self.special(&name)? {
            return Ok(c);
        }
        let field: Field = name.parse().map_err(|_| {
            self.pos = at;
            self.fail(format!("unknown field `{}`", crate::util::excerpt(&name)))
        })?;
        let op = match self.next() {
            Tok::Sym("==") => Op::Is,
            Tok::Sym("!=") => Op::IsNot,
            Tok::Sym("<") => Op::Lt,
            Tok::Sym("<=") => Op::Lte,
            Tok::Sym(">") => Op::Gt,
            Tok::Sym(">=") => Op::Gte,
            Tok::Word(w) => match w.parse::<Op>() {
                Ok(op) if !matches!(op, Op::Lt | Op::Lte | Op::Gt | Op::Gte) => op,
                _ => {
                    self.pos -= 1;
                    return Err(self.fail(format!("expected an operator after `{name}`")));
                }
            },
            _ => {
                self.pos -= 1;
                return Err(self.fail(format!("expected an operator after `{name}`")));
            }
        };
        let value = if op.takes_no_value() {
            None
        } else {
            Some(self.value()?)
        };
        Ok(Condition::Compare { field, op, value })
    }
}

fn number_value(n: &str) -> Option<f64> {
    n.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Parses condition text into a [`Condition`], and checks it
/// ([`Condition::check`]).
///
/// ```
/// use frontline::rules::{parse_condition, Condition, Field, Since, Cmp};
/// use frontline::{Channel, Priority};
///
/// let tree = parse_condition(
///     "priority >= high and channel in [email, chat] and business_hours_since(last_customer_message, office) > 4")?;
/// assert_eq!(tree, Condition::all([
///     Field::Priority.gte(Priority::High),
///     Field::Channel.is_in([Channel::Email, Channel::Chat]),
///     Condition::business_hours_since(Since::LastCustomerMessage, "office", Cmp::Gt, 4.0),
/// ]));
/// let err = parse_condition("priority >= high and\n  channel in [email, chat").unwrap_err();
/// assert_eq!(err.to_string(), "line 2, column 26: expected `]`");
/// let err = parse_condition("priority >= hihg").unwrap_err();
/// assert_eq!(err.to_string(), "invalid value `\"hihg\"` for `priority`: not a priority");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`RulesError::Syntax`] with the line and column of the problem (an
/// unknown field or operator included); the errors of [`Condition::check`]
/// for values that do not fit their field; [`RulesError::TooLarge`] past
/// [`MAX_RULE_TEXT_BYTES`].
pub fn parse_condition(text: &str) -> Result<Condition, RulesError> {
    if text.len() > MAX_RULE_TEXT_BYTES {
        return Err(RulesError::TooLarge {
            what: "rule text bytes".into(),
            limit: MAX_RULE_TEXT_BYTES,
        });
    }
    let lexer = lex(text)?;
    let mut p = Parser {
        toks: lexer.toks,
        pos: 0,
    };
    let tree = p.or(0)?;
    if p.peek() != &Tok::End {
        return Err(p.fail("expected `and`, `or` or the end"));
    }
    tree.check()?;
    Ok(tree)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_whole_language() {
        let t = parse_condition(
            "not (status is closed or tags contains spam) and message contains_word 'nog steeds' \
             and field.order_total > 100.5 and assignee absent and days_since_signup in [85, 86] \
             and within_business_hours(office) and hours_since(created) <= 2 and field.delta is -3",
        )
        .unwrap();
        assert_eq!(
            serde_json::to_value(&t).unwrap(),
            serde_json::json!({"all": [
                {"not": {"any": [{"field": "status", "op": "is", "value": "closed"},
                                 {"field": "tags", "op": "contains", "value": "spam"}]}},
                {"field": "message", "op": "contains_word", "value": "nog steeds"},
                {"field": "field.order_total", "op": "gt", "value": 100.5},
                {"field": "assignee", "op": "absent"},
                {"days_since_signup": {"min": 85, "max": 86}},
                {"within_business_hours": "office"},
                {"hours_since": "created", "op": "lte", "value": 2},
                {"field": "field.delta", "op": "is", "value": -3}]})
        );
    }

    #[test]
    fn errors_point_at_the_problem() {
        let at = |s: &str| match parse_condition(s).unwrap_err() {
            RulesError::Syntax {
                line,
                column,
                message,
            } => (line, column, message),
            other => panic!("{other}"),
        };
        assert_eq!(at("priority >="), (1, 12, "expected a value".into()));
        assert_eq!(at("priority ~ high"), (1, 10, "unexpected `~`".into()));
        assert_eq!(
            at("status is 'open"),
            (1, 11, "unterminated text: add the closing quote".into())
        );
        assert_eq!(at("(status is open"), (1, 16, "expected `)`".into()));
        assert_eq!(
            at("status open"),
            (1, 8, "expected an operator after `status`".into())
        );
        assert_eq!(
            at("status is open or"),
            (1, 18, "expected a field or a condition".into())
        );
        assert_eq!(
            at("status is open and prioirty is high"),
            (1, 20, "unknown field `prioirty`".into())
        );
        assert_eq!(
            at("hours_since(creatd) > 2"),
            (1, 13, "unknown time `creatd`".into())
        );
        let deep = format!("{}status is open", "not ".repeat(40));
        assert!(parse_condition(&deep).is_err());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,200}") {
            let _ = parse_condition(&s);
        }
    }
}
