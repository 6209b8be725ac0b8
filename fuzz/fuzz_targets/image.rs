//! Fuzz target `image`: arbitrary bytes into trackaudit::fuzzing::image.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| trackaudit::fuzzing::image(data));
