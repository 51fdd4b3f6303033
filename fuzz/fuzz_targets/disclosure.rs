//! Any text as a caption, checked for disclosure in every jurisdiction.
#![no_main]

use kpi::lint::disclosure::{Jurisdiction, analyse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let caption = String::from_utf8_lossy(data);
    let a = analyse(&caption, &[Jurisdiction::Us, Jurisdiction::Uk, Jurisdiction::Eu]);
    for label in &a.labels {
        assert!(label.offset <= a.length);
    }
    let _ = a.visible_disclosure();
});
