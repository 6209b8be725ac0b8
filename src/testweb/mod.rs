//! The demo web and the multi-host loopback test server, behind the `testweb`
//! cargo feature (on by default: the binary's `demo` command, the tests and the
//! benchmarks use it). Handlers and a [`Web`] of hosts go in; a running
//! loopback [`WebServer`] comes out. Not part of the auditing pipeline: nothing
//! below this module uses it.

pub mod behave;
mod behave_more;
pub mod consent;
pub mod demo;
pub mod server;
pub mod tcf;

pub use server::{gzip_bomb, Body, Handler, Web, WebRequest, WebResponse, WebServer};
