//! Fuzz target `html`: arbitrary bytes into trackaudit::fuzzing::html_page.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| trackaudit::fuzzing::html_page(data));
