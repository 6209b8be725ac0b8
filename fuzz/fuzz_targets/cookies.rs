//! Fuzz target `cookies`: arbitrary bytes into trackaudit::fuzzing::cookies.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| trackaudit::fuzzing::cookies(data));
