//! The server's shape, checked from its source: no two modules (files) under `server/src` import
//! each other, directly or round a longer loop. State lives in `state.rs`, logic shared by the
//! API and the HTML forms in modules of its own, so each area can be read without the others.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, as (module path, source without its tests).
fn modules(dir: &Path, root: &Path, out: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            modules(&path, root, out);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative: PathBuf = path.strip_prefix(root).unwrap().with_extension("");
        let mut name = relative.to_string_lossy().replace('/', "::");
        if let Some(parent) = name.strip_suffix("::mod") {
            name = parent.to_string();
        }
        if name == "lib" || name == "main" || name.starts_with("bin::") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        let source = source.split("#[cfg(test)]").next().unwrap().to_string();
        out.insert(name, source);
    }
}

/// The paths a source names after `crate::`, including each of `crate::{a, b::c}`.
fn crate_paths(source: &str) -> Vec<String> {
    let path_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == ':';
    let mut found = Vec::new();
    for (at, _) in source.match_indices("crate::") {
        let rest = &source[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for item in group.split(',') {
                let item: String = item.trim().chars().take_while(|c| path_char(*c)).collect();
                found.push(item);
            }
        } else {
            found.push(rest.chars().take_while(|c| path_char(*c)).collect());
        }
    }
    found
}

/// The module a path refers to: its longest prefix that is a module.
fn owner(path: &str, modules: &BTreeMap<String, String>) -> Option<String> {
    let parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join("::"))
        .find(|candidate| modules.contains_key(candidate))
}

fn related(a: &str, b: &str) -> bool {
    a == b || a.starts_with(&format!("{b}::")) || b.starts_with(&format!("{a}::"))
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = BTreeMap::new();
    modules(&root, &root, &mut sources);
    assert!(sources.contains_key("state") && sources.contains_key("api::people"));
    let graph: BTreeMap<String, BTreeSet<String>> = sources
        .iter()
        .map(|(name, source)| {
            let targets = crate_paths(source)
                .iter()
                .filter_map(|p| owner(p, &sources))
                .filter(|t| !related(t, name))
                .collect();
            (name.clone(), targets)
        })
        .collect();
    // A depth-first walk; a module met again while still on the path closes a loop.
    fn walk<'a>(
        at: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
        loops: &mut Vec<String>,
    ) {
        if let Some(start) = path.iter().position(|m| *m == at) {
            let mut cycle = path[start..].to_vec();
            cycle.push(at);
            loops.push(cycle.join(" → "));
            return;
        }
        if !done.insert(at) {
            return;
        }
        path.push(at);
        for next in &graph[at] {
            walk(next, graph, path, done, loops);
        }
        path.pop();
    }
    let mut loops = Vec::new();
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        walk(module, &graph, &mut Vec::new(), &mut done, &mut loops);
    }
    assert!(loops.is_empty(), "import cycles: {loops:#?}");
}

#[test]
fn paths_after_crate_are_read_groups_included() {
    let paths = crate_paths("use crate::{a::B, b};\nfn f() { crate::c::d(); }");
    assert_eq!(paths, ["a::B", "b", "c::d"]);
}

#[test]
fn time_is_read_only_through_the_clock() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = BTreeMap::new();
    modules(&root, &root, &mut sources);
    // `clock` is the seam; the mock push service is another party with a clock of its own.
    let readers: Vec<&String> = sources
        .iter()
        .filter(|(name, source)| {
            !matches!(name.as_str(), "clock" | "push::mock") && source.contains("Utc::now()")
        })
        .map(|(name, _)| name)
        .collect();
    assert!(
        readers.is_empty(),
        "Utc::now() outside the clock: {readers:?}"
    );
}

#[test]
fn sql_is_written_out_never_assembled_at_run_time() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = BTreeMap::new();
    modules(&root, &root, &mut sources);
    // sqlx runs a `String` only when told it is safe: every query here is a `&'static str`.
    let assembled: Vec<&String> = sources
        .iter()
        .filter(|(_, source)| source.contains("AssertSqlSafe"))
        .map(|(name, _)| name)
        .collect();
    assert!(
        assembled.is_empty(),
        "SQL assembled at run time in {assembled:?}"
    );
}

#[test]
fn pages_and_json_share_logic_never_each_others_handlers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = BTreeMap::new();
    modules(&root, &root, &mut sources);
    // What both sides need lives in a module of its own (`calendar_feed`, `review`,
    // `announcements`, `session_changes`, `web`), so a page change cannot break the API or
    // the other way round. `api` may name itself, `html` itself.
    let area = |module: &str| module.split("::").next().unwrap_or("").to_string();
    let crossings: Vec<String> = sources
        .iter()
        .flat_map(|(name, source)| {
            let from = area(name);
            crate_paths(source)
                .into_iter()
                .filter_map(|p| owner(&p, &sources))
                .map(|target| area(&target))
                .filter(move |to| {
                    let forbidden: &[&str] = match from.as_str() {
                        "html" => &["api"],
                        "api" => &["html"],
                        "pwa" => &["api"],
                        _ => &[],
                    };
                    forbidden.contains(&to.as_str())
                })
                .map(move |to| format!("{name} → {to}"))
        })
        .collect();
    assert!(crossings.is_empty(), "crossings: {crossings:#?}");
}
