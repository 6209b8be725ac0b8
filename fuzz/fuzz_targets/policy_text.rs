//! Fuzz target `policy_text`: arbitrary bytes into trackaudit::fuzzing::policy_text.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| trackaudit::fuzzing::policy_text(data));
