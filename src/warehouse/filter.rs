//! `warehouse.where`: the rows to keep, in a grammar small enough that a campaign file
//! from a stranger's pull request can hold no SQL of its own. Columns are names,
//! values are text or numbers, and the parts join with `and`, `or`, `not` and
//! parentheses:
//!
//! ```text
//! filter := or
//! or     := and ("or" and)*
//! and    := unary ("and" unary)*
//! unary  := "not" unary | "(" or ")" | test
//! test   := column op value | column ["not"] "in" "(" value ("," value)* ")"
//!         | column "is" ["not"] "null"
//! op     := "=" | "<>" | "!=" | "<" | "<=" | ">" | ">="
//! value  := 'text' ('' is a quote) | -?digits[.digits]
//! column := [A-Za-z_][A-Za-z0-9_]*
//! ```

/// A comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `=`
    Eq,
    /// `<>` (also written `!=`)
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl Op {
    /// The operator in SQL.
    pub fn sql(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "<>",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
        }
    }
}

/// A value in a filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Text, unquoted.
    Text(String),
    /// A number as written.
    Number(String),
}

/// A parsed `warehouse.where`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// Both hold.
    And(Box<Filter>, Box<Filter>),
    /// Either holds.
    Or(Box<Filter>, Box<Filter>),
    /// It does not hold.
    Not(Box<Filter>),
    /// `column op value`.
    Compare(String, Op, Value),
    /// `column [not] in (values)`.
    In(String, bool, Vec<Value>),
    /// `column is [not] null`.
    Null(String, bool),
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Text(String),
    Number(String),
    Op(Op),
    Open,
    Close,
    Comma,
}

/// Why a filter is refused, and the character (0-based) where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Characters into the filter's text.
    pub at: usize,
    /// What is wrong, in words.
    pub message: String,
}

fn problem(at: usize, message: impl Into<String>) -> Problem {
    Problem {
        at,
        message: message.into(),
    }
}

fn tokens(text: &str) -> Result<Vec<(usize, Token)>, Problem> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let token = match c {
            ' ' | '\t' | '\n' | '\r' => {
                i += 1;
                continue;
            }
            '(' => Token::Open,
            ')' => Token::Close,
            ',' => Token::Comma,
            '=' => Token::Op(Op::Eq),
            '<' | '>' | '!' => {
                let next = chars.get(i + 1).copied();
                let (op, wide) = match (c, next) {
                    ('<', Some('=')) => (Op::Le, true),
                    ('<', Some('>')) => (Op::Ne, true),
                    ('>', Some('=')) => (Op::Ge, true),
                    ('!', Some('=')) => (Op::Ne, true),
                    ('<', _) => (Op::Lt, false),
                    ('>', _) => (Op::Gt, false),
                    _ => return Err(problem(i, "`!` stands only in `!=`")),
                };
                i += usize::from(wide);
                Token::Op(op)
            }
            '\'' => {
                let mut value = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(problem(start, "this text is not closed with `'`")),
                        Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                            value.push('\'');
                            i += 1;
                        }
                        Some('\'') => break,
                        Some(c) if c.is_control() || crate::text::is_unsafe_char(*c) => {
                            return Err(problem(
                                i,
                                "text may not hold control or invisible characters",
                            ));
                        }
                        Some(c) => value.push(*c),
                    }
                    i += 1;
                }
                if value.contains("##[") {
                    return Err(problem(start, "text may not hold `##[`"));
                }
                Token::Text(value)
            }
            c if c.is_ascii_digit()
                || (c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) =>
            {
                let mut value = String::from(c);
                while let Some(d) = chars
                    .get(i + 1)
                    .filter(|d| d.is_ascii_digit() || **d == '.')
                {
                    value.push(*d);
                    i += 1;
                }
                if value.matches('.').count() > 1 || value.ends_with('.') {
                    return Err(problem(start, format!("`{value}` is not a number")));
                }
                Token::Number(value)
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut word = String::from(c);
                while let Some(d) = chars
                    .get(i + 1)
                    .filter(|d| d.is_ascii_alphanumeric() || **d == '_')
                {
                    word.push(*d);
                    i += 1;
                }
                Token::Word(word)
            }
            '"' | '`' => {
                return Err(problem(
                    i,
                    "write a column by its name alone (letters, digits and `_`); quote only text, with `'`",
                ));
            }
            ';' => {
                return Err(problem(
                    i,
                    "a filter is one condition; `;` has no place in it",
                ));
            }
            other => {
                return Err(problem(
                    i,
                    format!(
                        "`{}` has no place in a filter",
                        crate::text::quote(&other.to_string())
                    ),
                ));
            }
        };
        out.push((start, token));
        i += 1;
    }
    Ok(out)
}

fn is_keyword(word: &str, keyword: &str) -> bool {
    word.eq_ignore_ascii_case(keyword)
}

const KEYWORDS: [&str; 6] = ["and", "or", "not", "in", "is", "null"];

struct Parser {
    tokens: Vec<(usize, Token)>,
    next: usize,
    end: usize,
    /// `(` and `not` open now.
    depth: usize,
    /// Tests read so far.
    tests: usize,
}

/// The deepest nesting of `(` and `not` a filter may have.
pub const MAX_DEPTH: usize = 32;

/// The most tests (comparisons, `in`, `is null`) a filter may hold.
pub const MAX_TESTS: usize = 256;

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next).map(|(_, t)| t)
    }

    fn at(&self) -> usize {
        self.tokens.get(self.next).map_or(self.end, |(at, _)| *at)
    }

    fn keyword(&mut self, keyword: &str) -> bool {
        if matches!(self.peek(), Some(Token::Word(w)) if is_keyword(w, keyword)) {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn or(&mut self) -> Result<Filter, Problem> {
        let mut left = self.and()?;
        while self.keyword("or") {
            left = Filter::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Filter, Problem> {
        let mut left = self.unary()?;
        while self.keyword("and") {
            left = Filter::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Filter, Problem> {
        if self.depth >= MAX_DEPTH {
            return Err(problem(
                self.at(),
                format!("the filter nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        if self.keyword("not") {
            self.depth += 1;
            let inner = self.unary();
            self.depth -= 1;
            return Ok(Filter::Not(Box::new(inner?)));
        }
        if self.peek() == Some(&Token::Open) {
            self.next += 1;
            self.depth += 1;
            let inner = self.or();
            self.depth -= 1;
            let inner = inner?;
            if self.peek() != Some(&Token::Close) {
                return Err(problem(self.at(), "expected `)` to close the `(`"));
            }
            self.next += 1;
            return Ok(inner);
        }
        self.test()
    }

    fn value(&mut self) -> Result<Value, Problem> {
        let at = self.at();
        let value = match self.peek() {
            Some(Token::Text(t)) => Value::Text(t.clone()),
            Some(Token::Number(n)) => Value::Number(n.clone()),
            _ => {
                return Err(problem(at, "expected a value: text in `'` or a number"));
            }
        };
        self.next += 1;
        Ok(value)
    }

    fn test(&mut self) -> Result<Filter, Problem> {
        let at = self.at();
        self.tests += 1;
        if self.tests > MAX_TESTS {
            return Err(problem(
                at,
                format!("the filter holds more than {MAX_TESTS} tests"),
            ));
        }
        let column = match self.peek() {
            Some(Token::Word(w)) if !KEYWORDS.iter().any(|k| is_keyword(w, k)) => w.clone(),
            _ => return Err(problem(at, "expected a column name")),
        };
        self.next += 1;
        if let Some(Token::Op(op)) = self.peek() {
            let op = *op;
            self.next += 1;
            return Ok(Filter::Compare(column, op, self.value()?));
        }
        if self.keyword("is") {
            let negated = self.keyword("not");
            if !self.keyword("null") {
                return Err(problem(self.at(), "expected `null` after `is`"));
            }
            return Ok(Filter::Null(column, negated));
        }
        let negated = self.keyword("not");
        if self.keyword("in") {
            if self.peek() != Some(&Token::Open) {
                return Err(problem(
                    self.at(),
                    "expected `(` and a list of values after `in`",
                ));
            }
            self.next += 1;
            let mut values = vec![self.value()?];
            while self.peek() == Some(&Token::Comma) {
                self.next += 1;
                values.push(self.value()?);
            }
            if self.peek() != Some(&Token::Close) {
                return Err(problem(
                    self.at(),
                    "expected `,` or `)` in the list of values",
                ));
            }
            self.next += 1;
            return Ok(Filter::In(column, negated, values));
        }
        Err(problem(
            self.at(),
            format!(
                "expected a comparison after `{column}`: `=`, `<>`, `<`, `<=`, `>`, `>=`, `in (…)` or `is null`"
            ),
        ))
    }
}

/// Parses a `warehouse.where` text.
pub fn parse(text: &str) -> Result<Filter, Problem> {
    let tokens = tokens(text)?;
    let mut parser = Parser {
        tokens,
        next: 0,
        end: text.chars().count(),
        depth: 0,
        tests: 0,
    };
    if parser.peek().is_none() {
        return Err(problem(
            0,
            "the filter is empty; leave `where:` out to keep every row",
        ));
    }
    let filter = parser.or()?;
    if parser.peek().is_some() {
        return Err(problem(
            parser.at(),
            "expected `and`, `or` or the end of the filter",
        ));
    }
    Ok(filter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_of_every_form() {
        let f = parse(
            "market = 'US' and (channel in ('ig', 'tt') or not spend >= 0.5) and note is not null",
        )
        .expect("parses");
        assert_eq!(
            f,
            Filter::And(
                Box::new(Filter::And(
                    Box::new(Filter::Compare(
                        "market".into(),
                        Op::Eq,
                        Value::Text("US".into())
                    )),
                    Box::new(Filter::Or(
                        Box::new(Filter::In(
                            "channel".into(),
                            false,
                            vec![Value::Text("ig".into()), Value::Text("tt".into())]
                        )),
                        Box::new(Filter::Not(Box::new(Filter::Compare(
                            "spend".into(),
                            Op::Ge,
                            Value::Number("0.5".into())
                        ))))
                    ))
                )),
                Box::new(Filter::Null("note".into(), true))
            )
        );
        assert_eq!(
            parse("name <> 'it''s'"),
            Ok(Filter::Compare(
                "name".into(),
                Op::Ne,
                Value::Text("it's".into())
            ))
        );
    }

    #[test]
    fn sql_is_not_a_filter() {
        let refused = |text: &str| parse(text).expect_err(text);
        assert_eq!(
            refused("1=1; drop table t"),
            problem(3, "a filter is one condition; `;` has no place in it")
        );
        assert_eq!(refused("1 = 1"), problem(0, "expected a column name"));
        assert_eq!(
            refused("a = 1; drop table t").message,
            "a filter is one condition; `;` has no place in it"
        );
        assert_eq!(refused("a = 'x' -- c").at, 8);
        assert_eq!(
            refused("a = b").message,
            "expected a value: text in `'` or a number"
        );
        assert_eq!(refused("\"a\" = 1").at, 0);
        assert_eq!(
            refused("a = 'open").message,
            "this text is not closed with `'`"
        );
        assert_eq!(
            refused("a in (1, 2").message,
            "expected `,` or `)` in the list of values"
        );
        assert_eq!(
            refused("a = 1 b = 2").message,
            "expected `and`, `or` or the end of the filter"
        );
        assert_eq!(
            refused("").message,
            "the filter is empty; leave `where:` out to keep every row"
        );
        assert_eq!(refused("a like 'x%'").at, 2);
        assert_eq!(refused("a = 1.2.3").message, "`1.2.3` is not a number");
        // Bounded: no stack to exhaust.
        let deep = format!("{}a = 1{}", "(".repeat(40), ")".repeat(40));
        assert_eq!(
            refused(&deep),
            problem(32, "the filter nests deeper than 32 levels")
        );
        let nots = format!("{}a = 1", "not ".repeat(40));
        assert_eq!(
            refused(&nots).message,
            "the filter nests deeper than 32 levels"
        );
        let many = vec!["a = 1"; 300].join(" or ");
        assert_eq!(
            refused(&many).message,
            "the filter holds more than 256 tests"
        );
        assert_eq!(refused("a = '##[x'").message, "text may not hold `##[`");
        assert_eq!(
            refused("a = '\u{202e}x'").message,
            "text may not hold control or invisible characters"
        );
    }
}
