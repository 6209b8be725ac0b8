//! Fuzz target `css`: arbitrary bytes into trackaudit::fuzzing::css.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| trackaudit::fuzzing::css(data));
