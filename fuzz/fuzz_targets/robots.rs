//! Fuzz target `robots`: arbitrary bytes into trackaudit::fuzzing::robots.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| trackaudit::fuzzing::robots(data));
