//! trackaudit: audits websites for tracking (cookies, beacons, third-party
//! requests) and checks what it observes against each site's own privacy policy.
//!
//! Data flow: [`targets`] → [`crawl`] → [`classify`] → [`policy`] → audit →
//! store → [`report`]. The binary (`src/main.rs`) only parses arguments, prints
//! and maps outcomes to exit codes.

pub mod audit;
pub mod classify;
pub mod clock;
pub mod crawl;
pub mod diff;
pub mod dom;
pub mod domain;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod hash;
pub mod model;
pub mod policy;
pub mod report;
pub mod run;
pub mod schedule;
pub mod store;
pub mod targets;
#[cfg(feature = "testweb")]
pub mod testweb;
pub mod text;

pub use error::{Error, Result};
