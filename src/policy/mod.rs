//! Policy stage: a site's pages in, its privacy policy's claims out —
//! discovery of the policy link, main-text extraction, sentence splitting,
//! language detection and claim extraction (type, stance, exceptions, hedges,
//! named parties, quotes with byte offsets).
#![deny(clippy::string_slice)]

pub mod claims;
pub(crate) mod dates;
pub mod discover;
mod discover_words;
mod explain;
pub mod lang;
mod lexicon;
mod negation;
mod parties;
mod practice;
mod purpose;
pub mod read;
mod selling;
pub mod sentences;
mod sharing;
mod signals;
pub mod text;
mod tracking;
