//! Fuzz target `targets`: arbitrary bytes into trackaudit::fuzzing::targets.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| trackaudit::fuzzing::targets(data));
