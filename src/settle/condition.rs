//! A bonus or penalty condition: `formula OP formula`, e.g. `qualified_clicks >= 20000`.
//!
//! Each side is the KPI formula language (metrics, KPI ids, `+ - * /`); the comparison
//! is one of `>=`, `>`, `<=`, `<`, `==` (or `=`), `!=`. Values are compared exactly
//! when both sides are sums of metrics, as floats otherwise.

use std::fmt;

use crate::kpi::formula::{Expr, Op, Outcome};
use crate::metrics::Fixed;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compare {
    /// `>=`
    AtLeast,
    /// `>`
    Above,
    /// `<=`
    AtMost,
    /// `<`
    Below,
    /// `==`
    Equal,
    /// `!=`
    NotEqual,
}

impl Compare {
    fn symbol(self) -> &'static str {
        match self {
            Compare::AtLeast => ">=",
            Compare::Above => ">",
            Compare::AtMost => "<=",
            Compare::Below => "<",
            Compare::Equal => "==",
            Compare::NotEqual => "!=",
        }
    }

    fn holds(self, ordering: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        match self {
            Compare::AtLeast => ordering != Less,
            Compare::Above => ordering == Greater,
            Compare::AtMost => ordering != Greater,
            Compare::Below => ordering == Less,
            Compare::Equal => ordering == Equal,
            Compare::NotEqual => ordering != Equal,
        }
    }
}

/// A parsed condition.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The left side.
    pub left: Expr,
    /// The comparison.
    pub compare: Compare,
    /// The right side.
    pub right: Expr,
}

/// What a condition comes to on some metrics.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// It holds.
    Holds,
    /// It does not.
    Fails,
    /// These names have no value.
    NoData(Vec<String>),
    /// A side divides by zero or overflows.
    Undefined,
}

impl Condition {
    /// Parses `text`; the error says what is wrong in words.
    pub fn parse(text: &str) -> Result<Condition, String> {
        const OPS: [(&str, Compare); 7] = [
            (">=", Compare::AtLeast),
            ("<=", Compare::AtMost),
            ("==", Compare::Equal),
            ("!=", Compare::NotEqual),
            (">", Compare::Above),
            ("<", Compare::Below),
            ("=", Compare::Equal),
        ];
        let found = text.char_indices().find_map(|(i, _)| {
            OPS.iter()
                .find(|(op, _)| text[i..].starts_with(op))
                .map(|&(op, compare)| (i, op.len(), compare))
        });
        for (typo, meant) in [("=>", ">="), ("=<", "<=")] {
            if text.contains(typo) {
                return Err(format!(
                    "`{typo}` is not a comparison; did you mean `{meant}`?"
                ));
            }
        }
        let Some((at, len, compare)) = found else {
            return Err(
                "it has no comparison; write it as `metric >= number`, e.g. `qualified_clicks >= 20000`"
                    .to_owned(),
            );
        };
        let (left, right) = (&text[..at], &text[at + len..]);
        if OPS.iter().any(|(op, _)| right.contains(op)) {
            return Err("it has more than one comparison; a condition compares once".to_owned());
        }
        let side = |part: &str, which: &str| {
            if part.trim().is_empty() {
                return Err(format!("nothing is {which} `{}`", compare.symbol()));
            }
            Expr::parse(part).map_err(|e| {
                format!(
                    "{} (in `{}`, {which} `{}`)",
                    e.message,
                    crate::text::quote(part.trim()),
                    compare.symbol()
                )
            })
        };
        Ok(Condition {
            left: side(left, "before")?,
            compare,
            right: side(right, "after")?,
        })
    }

    /// The names the condition reads, in order, without repeats.
    pub fn names(&self) -> Vec<&str> {
        let mut names = self.left.metrics();
        for name in self.right.metrics() {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    /// Whether the condition can only go from failing to holding as rows are added: a
    /// sum of counters that never go down (`growing` says which: views and clicks, not
    /// revenue, which refunds lower), with positive factors, at least (or above) a
    /// constant. Once it holds, it is earned.
    pub fn locks_in(&self, growing: &dyn Fn(&str) -> bool) -> bool {
        fn only_grows(e: &Expr, growing: &dyn Fn(&str) -> bool) -> bool {
            match e {
                Expr::Metric(name) => growing(name),
                Expr::Binary(Op::Add, l, r) => only_grows(l, growing) && only_grows(r, growing),
                Expr::Binary(Op::Mul, l, r) => match (&**l, &**r) {
                    (e, Expr::Number(k)) | (Expr::Number(k), e) => {
                        *k > 0.0 && only_grows(e, growing)
                    }
                    _ => false,
                },
                _ => false,
            }
        }
        matches!(self.compare, Compare::AtLeast | Compare::Above)
            && only_grows(&self.left, growing)
            && self.right.metrics().is_empty()
    }

    /// Judges the condition with `exact` values of each name (sums), exactly where both
    /// sides are sums, else on floats.
    pub fn judge(&self, exact: &dyn Fn(&str) -> Option<Fixed>) -> Verdict {
        let float = |name: &str| exact(name).map(Fixed::to_f64);
        let (l, r) = (self.left.eval(&float), self.right.eval(&float));
        let (l, r) = match (l, r) {
            (Outcome::Value(l), Outcome::Value(r)) => (l, r),
            (Outcome::NoData(mut a), other) | (other, Outcome::NoData(mut a)) => {
                if let Outcome::NoData(b) = other {
                    a.extend(b.into_iter().filter(|n| !a.contains(n)).collect::<Vec<_>>());
                }
                return Verdict::NoData(a);
            }
            _ => return Verdict::Undefined,
        };
        let ordering = match (self.left.eval_exact(exact), self.right.eval_exact(exact)) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => match l.partial_cmp(&r) {
                Some(o) => o,
                None => return Verdict::Undefined,
            },
        };
        if self.compare.holds(ordering) {
            Verdict::Holds
        } else {
            Verdict::Fails
        }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.left, self.compare.symbol(), self.right)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judge(text: &str, values: &[(&str, &str)]) -> Verdict {
        let condition = Condition::parse(text).expect("parses");
        condition.judge(&|name| {
            values
                .iter()
                .find(|(n, _)| *n == name)
                .and_then(|(_, v)| Fixed::parse(v))
        })
    }

    #[test]
    fn conditions_compare_exactly() {
        assert_eq!(
            judge("clicks >= 20000", &[("clicks", "20000")]),
            Verdict::Holds
        );
        assert_eq!(
            judge("clicks > 20000", &[("clicks", "20000")]),
            Verdict::Fails
        );
        assert_eq!(
            judge("revenue >= 0.3", &[("revenue", "0.30")]),
            Verdict::Holds
        );
        // 0.1 + 0.2 is 0.30000000000000004 in floats: exact sums say equal.
        assert_eq!(
            judge("a + b == 0.3", &[("a", "0.1"), ("b", "0.2")]),
            Verdict::Holds
        );
        assert_eq!(
            judge(
                "spend / clicks <= 2",
                &[("spend", "300"), ("clicks", "150")]
            ),
            Verdict::Holds
        );
        assert_eq!(
            judge("spend / clicks <= 2", &[("spend", "300"), ("clicks", "0")]),
            Verdict::Undefined
        );
        assert_eq!(
            judge("views < 10000", &[]),
            Verdict::NoData(vec!["views".to_owned()])
        );
    }

    #[test]
    fn only_growing_sums_over_a_constant_lock_in() {
        let growing = |n: &str| n != "revenue" && n != "ctr";
        let locks = |t: &str| Condition::parse(t).expect("parses").locks_in(&growing);
        assert!(locks("qualified_clicks >= 20000"));
        assert!(locks("signups + trials > 10"));
        assert!(locks("2 * clicks >= 10"));
        assert!(!locks("spend / clicks <= 2"));
        assert!(!locks("views < 10000"));
        assert!(!locks("clicks >= spend"));
        // Refunds lower revenue; a KPI id may be a ratio; a difference can fall.
        assert!(!locks("revenue >= 100"));
        assert!(!locks("ctr >= 0.05"));
        assert!(!locks("signups - spend >= 50"));
        assert!(!locks("-views >= -1000"));
        assert!(!locks("-1 * views >= -1000"));
    }

    #[test]
    fn a_bad_condition_says_what_is_wrong() {
        let error = |t: &str| Condition::parse(t).expect_err(t);
        assert_eq!(
            error("qualified_clicks"),
            "it has no comparison; write it as `metric >= number`, e.g. `qualified_clicks >= 20000`"
        );
        assert_eq!(error(">= 5"), "nothing is before `>=`");
        assert_eq!(
            error("1 < clicks < 5"),
            "it has more than one comparison; a condition compares once"
        );
        assert!(error("clicks >= 2 +").starts_with("the formula ends too early"));
        assert_eq!(
            error("clicks => 5"),
            "`=>` is not a comparison; did you mean `>=`?"
        );
    }
}
