//! Fuzz target `dates`: arbitrary bytes into trackaudit::fuzzing::policy_dates.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| trackaudit::fuzzing::policy_dates(data));
