//! The formula language: numbers, metric names, `+ - * /`, parentheses, unary minus.
//!
//! Formulas are evaluated on sums, so `spend / qualified_clicks` is the ratio of the
//! sums. An absent metric makes the result "no data" and a zero divisor makes it "n/a";
//! neither ever becomes 0, NaN or infinity.

use std::fmt;

/// Deepest nesting of parentheses and unary minus accepted.
pub const MAX_DEPTH: usize = 64;

/// Most binary operators in one formula. A chain `a + b + c …` is a tree as deep as it
/// is long, and evaluating, printing and dropping it recurse over that depth: the
/// budget keeps every one of them far from the stack's end.
pub const MAX_OPERATORS: usize = 256;

/// A parsed formula.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A constant.
    Number(f64),
    /// A metric's value.
    Metric(String),
    /// `-x`.
    Neg(Box<Expr>),
    /// `a op b`.
    Binary(Op, Box<Expr>, Box<Expr>),
}

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

impl Op {
    fn symbol(self) -> char {
        match self {
            Op::Add => '+',
            Op::Sub => '-',
            Op::Mul => '*',
            Op::Div => '/',
        }
    }

    fn precedence(self) -> u8 {
        match self {
            Op::Add | Op::Sub => 1,
            Op::Mul | Op::Div => 2,
        }
    }
}

/// Why a formula does not parse: the 0-based character offset and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormulaError {
    /// Character offset in the formula text.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

/// The result of evaluating a formula.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A finite value.
    Value(f64),
    /// These metrics have no value here.
    NoData(Vec<String>),
    /// A divisor is zero.
    DivisionByZero,
    /// The result is too large to represent (it overflowed to infinity).
    OutOfRange,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(f64),
    Name(String),
    Op(Op),
    Open,
    Close,
}

fn tokenize(text: &str) -> Result<Vec<(usize, Token)>, FormulaError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let token = match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '+' => Token::Op(Op::Add),
            '-' | '−' => Token::Op(Op::Sub),
            '*' | '×' => Token::Op(Op::Mul),
            '/' | '÷' => Token::Op(Op::Div),
            '(' => Token::Open,
            ')' => Token::Close,
            c if c.is_ascii_digit() || c == '.' => {
                while i < chars.len()
                    && (chars[i].is_ascii_digit() || chars[i] == '.' || chars[i] == '_')
                {
                    i += 1;
                }
                let literal: String = chars[start..i].iter().filter(|c| **c != '_').collect();
                let value = literal
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| FormulaError {
                        offset: start,
                        message: format!("`{}` is not a number", crate::text::quote(&literal)),
                    })?;
                tokens.push((start, Token::Number(value)));
                continue;
            }
            c if c.is_alphabetic() || c == '_' => {
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                tokens.push((start, Token::Name(chars[start..i].iter().collect())));
                continue;
            }
            other => {
                return Err(FormulaError {
                    offset: start,
                    message: format!(
                        "unexpected `{other}`; formulas use metric names, numbers, + - * / and parentheses"
                    ),
                });
            }
        };
        tokens.push((start, token));
        i += 1;
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<(usize, Token)>,
    pos: usize,
    end: usize,
    operators: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos).map(|(_, t)| t)
    }

    fn offset(&self) -> usize {
        self.tokens.get(self.pos).map_or(self.end, |(o, _)| *o)
    }

    fn error(&self, message: impl Into<String>) -> FormulaError {
        FormulaError {
            offset: self.offset(),
            message: message.into(),
        }
    }

    /// Counts a binary operator against [`MAX_OPERATORS`].
    fn operator(&mut self) -> Result<(), FormulaError> {
        self.operators += 1;
        if self.operators > MAX_OPERATORS {
            return Err(self.error(format!(
                "the formula has more than {MAX_OPERATORS} operators; split it into several KPIs"
            )));
        }
        self.pos += 1;
        Ok(())
    }

    fn expression(&mut self, depth: usize) -> Result<Expr, FormulaError> {
        let mut left = self.term(depth)?;
        while let Some(Token::Op(op @ (Op::Add | Op::Sub))) = self.peek() {
            let op = *op;
            self.operator()?;
            let right = self.term(depth)?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn term(&mut self, depth: usize) -> Result<Expr, FormulaError> {
        let mut left = self.unary(depth)?;
        while let Some(Token::Op(op @ (Op::Mul | Op::Div))) = self.peek() {
            let op = *op;
            self.operator()?;
            let right = self.unary(depth)?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self, depth: usize) -> Result<Expr, FormulaError> {
        if depth >= MAX_DEPTH {
            return Err(self.error(format!("the formula nests deeper than {MAX_DEPTH} levels")));
        }
        match self.peek() {
            Some(Token::Op(Op::Sub)) => {
                self.pos += 1;
                Ok(Expr::Neg(Box::new(self.unary(depth + 1)?)))
            }
            Some(Token::Op(Op::Add)) => {
                self.pos += 1;
                self.unary(depth + 1)
            }
            _ => self.primary(depth),
        }
    }

    fn primary(&mut self, depth: usize) -> Result<Expr, FormulaError> {
        match self.peek().cloned() {
            Some(Token::Number(v)) => {
                self.pos += 1;
                Ok(Expr::Number(v))
            }
            Some(Token::Name(name)) => {
                self.pos += 1;
                Ok(Expr::Metric(name))
            }
            Some(Token::Open) => {
                self.pos += 1;
                let inner = self.expression(depth + 1)?;
                if self.peek() != Some(&Token::Close) {
                    return Err(self.error("missing `)`"));
                }
                self.pos += 1;
                Ok(inner)
            }
            Some(Token::Close) => Err(self.error("unexpected `)`")),
            Some(Token::Op(op)) => {
                Err(self.error(format!("`{}` needs a value before it", op.symbol())))
            }
            None => Err(self.error(if self.tokens.is_empty() {
                "the formula is empty"
            } else {
                "the formula ends too early"
            })),
        }
    }
}

impl Expr {
    /// Parses formula text.
    pub fn parse(text: &str) -> Result<Expr, FormulaError> {
        let tokens = tokenize(text)?;
        let mut parser = Parser {
            tokens,
            pos: 0,
            end: text.chars().count(),
            operators: 0,
        };
        let expr = parser.expression(0)?;
        if parser.pos < parser.tokens.len() {
            return Err(parser.error(match parser.peek() {
                Some(Token::Close) => "unexpected `)`".to_owned(),
                _ => "expected an operator (+ - * /) here".to_owned(),
            }));
        }
        Ok(expr)
    }

    /// The metric names used, in order of first use, without repeats.
    pub fn metrics(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.visit(&mut |e| {
            if let Expr::Metric(name) = e
                && !out.contains(&name.as_str())
            {
                out.push(name.as_str());
            }
        });
        out
    }

    fn visit<'a>(&'a self, f: &mut impl FnMut(&'a Expr)) {
        f(self);
        match self {
            Expr::Neg(inner) => inner.visit(f),
            Expr::Binary(_, l, r) => {
                l.visit(f);
                r.visit(f);
            }
            Expr::Number(_) | Expr::Metric(_) => {}
        }
    }

    /// Replaces metric `name` by `with` everywhere.
    pub fn substitute(self, name: &str, with: &Expr) -> Expr {
        match self {
            Expr::Metric(n) if n == name => with.clone(),
            Expr::Neg(inner) => Expr::Neg(Box::new(inner.substitute(name, with))),
            Expr::Binary(op, l, r) => Expr::Binary(
                op,
                Box::new(l.substitute(name, with)),
                Box::new(r.substitute(name, with)),
            ),
            other => other,
        }
    }

    /// Whether the formula accumulates over time: a sum or difference of metrics,
    /// scaled by constants (`signups`, `revenue - spend`), as opposed to a rate.
    pub fn is_cumulative(&self) -> bool {
        match self {
            Expr::Metric(_) => true,
            Expr::Number(_) => false,
            Expr::Neg(inner) => inner.is_cumulative(),
            // Each side is asked once: a long sum is a deep tree, and asking twice per
            // level would take 2^depth steps.
            Expr::Binary(Op::Add | Op::Sub, l, r) => {
                let (left, right) = (l.is_cumulative(), r.is_cumulative());
                (left || matches!(**l, Expr::Number(_)))
                    && (right || matches!(**r, Expr::Number(_)))
                    && (left || right)
            }
            Expr::Binary(Op::Mul, l, r) => match (&**l, &**r) {
                (_, Expr::Number(_)) => l.is_cumulative(),
                (Expr::Number(_), _) => r.is_cumulative(),
                _ => false,
            },
            Expr::Binary(Op::Div, l, r) => l.is_cumulative() && matches!(**r, Expr::Number(_)),
        }
    }

    /// Evaluates with `lookup` giving each metric's value (`None` when absent).
    pub fn eval(&self, lookup: &dyn Fn(&str) -> Option<f64>) -> Outcome {
        let missing: Vec<String> = self
            .metrics()
            .into_iter()
            .filter(|m| lookup(m).is_none())
            .map(str::to_owned)
            .collect();
        if !missing.is_empty() {
            return Outcome::NoData(missing);
        }
        match self.compute(lookup) {
            Some(v) if v.is_finite() => Outcome::Value(if v == 0.0 { 0.0 } else { v }),
            Some(_) => Outcome::OutOfRange,
            None => Outcome::DivisionByZero,
        }
    }

    /// The first divisor that is zero under `lookup`, as written in the formula (`x / y`
    /// with `y` 0 gives `y`): what a division by zero was missing.
    pub fn zero_divisor(&self, lookup: &dyn Fn(&str) -> Option<f64>) -> Option<String> {
        match self {
            Expr::Number(_) | Expr::Metric(_) => None,
            Expr::Neg(inner) => inner.zero_divisor(lookup),
            Expr::Binary(op, l, r) => l
                .zero_divisor(lookup)
                .or_else(|| r.zero_divisor(lookup))
                .or_else(|| {
                    (*op == Op::Div && r.compute(lookup) == Some(0.0)).then(|| r.to_string())
                }),
        }
    }

    /// The exact value, when the formula is sums and differences of metrics and
    /// constants, scaled by whole numbers (`signups`, `revenue - spend`, `clicks * 2`): what JSON and CSV print
    /// to the last digit. `None` for anything with a division or a fraction, and when a
    /// metric is absent or the result overflows.
    pub fn eval_exact(
        &self,
        lookup: &dyn Fn(&str) -> Option<crate::metrics::Fixed>,
    ) -> Option<crate::metrics::Fixed> {
        let whole = |v: f64| (v.fract() == 0.0 && v.abs() < 1e15).then_some(v as i128);
        match self {
            Expr::Metric(name) => lookup(name),
            // A constant as written: its shortest decimal (`0.3` is 0.3 exactly).
            Expr::Number(v) => crate::metrics::Fixed::from_f64(*v),
            Expr::Neg(inner) => inner.eval_exact(lookup).map(crate::metrics::Fixed::negate),
            Expr::Binary(Op::Add, l, r) => l.eval_exact(lookup)?.checked_add(r.eval_exact(lookup)?),
            Expr::Binary(Op::Sub, l, r) => l
                .eval_exact(lookup)?
                .checked_add(r.eval_exact(lookup)?.negate()),
            Expr::Binary(Op::Mul, l, r) => match (&**l, &**r) {
                (e, Expr::Number(k)) | (Expr::Number(k), e) => {
                    e.eval_exact(lookup)?.times(whole(*k)?)
                }
                _ => None,
            },
            Expr::Binary(Op::Div, ..) => None,
        }
    }

    fn compute(&self, lookup: &dyn Fn(&str) -> Option<f64>) -> Option<f64> {
        Some(match self {
            Expr::Number(v) => *v,
            Expr::Metric(name) => lookup(name)?,
            Expr::Neg(inner) => -inner.compute(lookup)?,
            Expr::Binary(op, l, r) => {
                let (a, b) = (l.compute(lookup)?, r.compute(lookup)?);
                match op {
                    Op::Add => a + b,
                    Op::Sub => a - b,
                    Op::Mul => a * b,
                    Op::Div if b == 0.0 => return None,
                    Op::Div => a / b,
                }
            }
        })
    }

    fn fmt_prec(&self, f: &mut fmt::Formatter<'_>, parent: u8, right_side: bool) -> fmt::Result {
        match self {
            Expr::Number(v) => write!(f, "{v}"),
            Expr::Metric(name) => f.write_str(name),
            Expr::Neg(inner) => {
                f.write_str("-")?;
                inner.fmt_prec(f, 3, false)
            }
            Expr::Binary(op, l, r) => {
                let p = op.precedence();
                let paren = p < parent || (p == parent && right_side);
                if paren {
                    f.write_str("(")?;
                }
                l.fmt_prec(f, p, false)?;
                write!(f, " {} ", op.symbol())?;
                r.fmt_prec(f, p, true)?;
                if paren {
                    f.write_str(")")?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for Expr {
    /// The formula with only the parentheses it needs; it parses back to the same tree.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_prec(f, 0, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_sum_is_handled_in_linear_time() {
        // Found by fuzzing: `is_cumulative` asked each side twice per level, so a sum of
        // 40 terms took minutes. A sum at the operator budget must take no time at all.
        let started = std::time::Instant::now();
        let text = (0..=MAX_OPERATORS)
            .map(|i| format!("m{i}"))
            .collect::<Vec<_>>()
            .join(" + ");
        let expr = match Expr::parse(&text) {
            Ok(expr) => expr,
            Err(e) => panic!("{e:?}"),
        };
        assert!(expr.is_cumulative());
        assert_eq!(
            Expr::parse(&expr.to_string()).map(|e| e.to_string()),
            Ok(expr.to_string())
        );
        let _ = expr.eval(&|_| Some(1.0));
        let fuzzed = "qiua+cksiuai+cc+c+sisiuc+ciis+ca-i-uai++c+cc+sisiuc+ciis+ca-i-uai+cc+cc+cc+sisiuc+ciis+ca-i-uai+cc+c+siu+siuiua+cksiua+c-+ic+c+is";
        if let Ok(expr) = Expr::parse(fuzzed) {
            let _ = expr.is_cumulative();
        }
        assert!(
            started.elapsed().as_secs() < 2,
            "took {:?}",
            started.elapsed()
        );
    }

    fn value(text: &str, metrics: &[(&str, f64)]) -> Outcome {
        let expr = Expr::parse(text).expect("parses");
        let lookup = |name: &str| metrics.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
        expr.eval(&lookup)
    }

    #[test]
    fn precedence_parentheses_and_unary_minus() {
        assert_eq!(value("1 + 2 * 3", &[]), Outcome::Value(7.0));
        assert_eq!(value("(1 + 2) * 3", &[]), Outcome::Value(9.0));
        assert_eq!(value("8 / 4 / 2", &[]), Outcome::Value(1.0));
        assert_eq!(value("10 - 4 - 3", &[]), Outcome::Value(3.0));
        assert_eq!(value("-spend + 5", &[("spend", 2.0)]), Outcome::Value(3.0));
        assert_eq!(value("--2", &[]), Outcome::Value(2.0));
        assert_eq!(
            value(
                "spend / clicks * 1000",
                &[("spend", 3.0), ("clicks", 1500.0)]
            ),
            Outcome::Value(2.0)
        );
    }

    #[test]
    fn absent_metrics_are_no_data_and_zero_divisors_are_na() {
        assert_eq!(
            value("spend / clicks", &[("spend", 3.0)]),
            Outcome::NoData(vec!["clicks".into()])
        );
        assert_eq!(
            value("spend / clicks", &[("spend", 3.0), ("clicks", 0.0)]),
            Outcome::DivisionByZero
        );
        assert_eq!(
            value(
                "spend / (clicks - clicks)",
                &[("spend", 3.0), ("clicks", 2.0)]
            ),
            Outcome::DivisionByZero
        );
        assert_eq!(value("0 / 5", &[]), Outcome::Value(0.0));
        assert_eq!(value("x * x", &[("x", 1e300)]), Outcome::OutOfRange);
    }

    #[test]
    fn errors_point_at_the_offending_character() {
        let err = |t: &str| Expr::parse(t).expect_err("fails");
        assert_eq!(err("spend /").offset, 7);
        assert_eq!(err("spend / / x").message, "`/` needs a value before it");
        assert_eq!(err("(spend").message, "missing `)`");
        assert_eq!(err("spend)").offset, 5);
        assert_eq!(
            err("spend clicks").message,
            "expected an operator (+ - * /) here"
        );
        assert_eq!(err("spend % 2").offset, 6);
        assert_eq!(err("").message, "the formula is empty");
        assert_eq!(
            err(&"(".repeat(100)).message,
            format!("the formula nests deeper than {MAX_DEPTH} levels")
        );
        assert_eq!(
            err(&"-".repeat(100)).message,
            format!("the formula nests deeper than {MAX_DEPTH} levels")
        );
    }

    #[test]
    fn long_formulas_fail_cleanly_at_the_operator_budget() {
        // Found by attack: 150,000 `spend+` terms overflowed the stack (SIGABRT).
        let text = "spend+".repeat(150_000) + "spend";
        let e = Expr::parse(&text).expect_err("too long");
        assert_eq!(
            e.message,
            format!(
                "the formula has more than {MAX_OPERATORS} operators; split it into several KPIs"
            )
        );
        assert_eq!(e.offset, MAX_OPERATORS * 6 + 5);
        let at_budget = vec!["x"; MAX_OPERATORS + 1].join(" * ");
        let expr = Expr::parse(&at_budget).expect("at the budget");
        assert_eq!(expr.eval(&|_| Some(1.0)), Outcome::Value(1.0));
        assert_eq!(Expr::parse(&expr.to_string()), Ok(expr));
    }

    #[test]
    fn printing_round_trips() {
        for text in [
            "a - (b - c)",
            "a / (b * c)",
            "(a + b) * c",
            "-(a + b)",
            "a - b - c",
            "a * 1000 / b",
        ] {
            let expr = Expr::parse(text).expect("parses");
            assert_eq!(expr.to_string(), text);
            assert_eq!(Expr::parse(&expr.to_string()).expect("reparses"), expr);
        }
    }

    #[test]
    fn sums_are_cumulative_rates_are_not() {
        let cumulative = |t: &str| Expr::parse(t).expect("parses").is_cumulative();
        assert!(cumulative("signups"));
        assert!(cumulative("revenue - spend"));
        assert!(cumulative("signups * 2"));
        assert!(cumulative("spend / 100"));
        assert!(!cumulative("spend / clicks"));
        assert!(!cumulative("clicks * impressions"));
        assert!(!cumulative("42"));
    }
}
