//! The app-code lint on Swift source (tree-sitter, then the value tracking).
#![no_main]
use hs20_codelint::{lint_source, LintOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = lint_source("Fuzz.swift", text, &LintOptions::default());
    }
});
