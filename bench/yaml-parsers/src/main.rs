//! Parses every `*.yaml` file of a folder with each parser, twice, and prints the time:
//! saphyr-parser and granit-parser (serde-saphyr's parser) to events, yaml-rust2 to its
//! document tree, serde-saphyr through serde (into `IgnoredAny`, so every node is visited).
//!
//! Usage: cargo run --release -- FOLDER   (one core; the files are read first)

use std::time::{Duration, Instant};

fn timed(files: &[String], parse: impl Fn(&str) -> usize) -> (Duration, usize) {
    let start = Instant::now();
    let n = files.iter().map(|f| parse(f)).sum();
    (start.elapsed(), n)
}

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: yaml-parsers FOLDER");
        std::process::exit(2);
    };
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("a readable folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    paths.sort();
    let files: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("UTF-8 YAML"))
        .collect();
    let bytes: usize = files.iter().map(String::len).sum();
    println!("{} files, {:.1} MB", files.len(), bytes as f64 / 1e6);
    for round in 1..=2 {
        let saphyr = timed(&files, |f| {
            saphyr_parser::Parser::new_from_str(f)
                .map(|e| e.expect("valid YAML"))
                .count()
        });
        let granit = timed(&files, |f| {
            granit_parser::Parser::new_from_str(f)
                .map(|e| e.expect("valid YAML"))
                .count()
        });
        let rust2 = timed(&files, |f| {
            yaml_rust2::YamlLoader::load_from_str(f)
                .expect("valid YAML")
                .len()
        });
        let serde = timed(&files, |f| {
            let _: serde::de::IgnoredAny = serde_saphyr::from_str(f).expect("valid YAML");
            1
        });
        println!(
            "round {round}: saphyr-parser events {:.0?} ({} events) · granit-parser events {:.0?} ({}) · yaml-rust2 tree {:.0?} · serde-saphyr via serde {:.0?}",
            saphyr.0, saphyr.1, granit.0, granit.1, rust2.0, serde.0
        );
    }
}
