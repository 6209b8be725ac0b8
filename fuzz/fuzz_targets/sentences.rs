//! Fuzz target `sentences`: arbitrary bytes into trackaudit::fuzzing::sentence_split.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| trackaudit::fuzzing::sentence_split(data));
