//! Fuzz target `sitemap`: arbitrary bytes into trackaudit::fuzzing::sitemap.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| trackaudit::fuzzing::sitemap(data));
