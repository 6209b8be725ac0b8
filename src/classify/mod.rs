//! Observations in, classified observations out: party (eTLD+1), beacons, and
//! (later) tracker rules, companies, categories and cookie purposes.

pub mod beacon;
pub mod party;
