//! Any text as a formula: parsing, printing, re-parsing and evaluating never panic, and a
//! printed formula parses back to the same tree.
#![no_main]

use kpi::kpi::formula::Expr;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(expr) = Expr::parse(&text) {
        let printed = expr.to_string();
        let again = Expr::parse(&printed).expect("a printed formula parses");
        assert_eq!(again.to_string(), printed);
        let lookup = |name: &str| (name.len() % 3 != 0).then_some(name.len() as f64 - 2.0);
        let _ = expr.eval(&lookup);
        let _ = expr.is_cumulative();
    }
});
