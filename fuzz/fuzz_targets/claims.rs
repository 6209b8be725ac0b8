//! Fuzz target `claims`: arbitrary bytes into trackaudit::fuzzing::claims.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| trackaudit::fuzzing::claims(data));
