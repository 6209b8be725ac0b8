//! Fuzz target `srcset_refresh`: arbitrary bytes into trackaudit::fuzzing::srcset_refresh.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| trackaudit::fuzzing::srcset_refresh(data));
