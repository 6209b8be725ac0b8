//! What the binary writes on stderr: the progress bar on a terminal (a real
//! pseudo-terminal) with failures printed above it, plain lines otherwise,
//! `-v` / `RUST_LOG` diagnostics, and option errors that name the flag.

use std::io::Read;
use std::os::fd::{FromRawFd, OwnedFd};
use std::process::Stdio;
use trackaudit::testweb::{Web, WebResponse, WebServer};

use crate::bin;

/// A pseudo-terminal of 40 rows and 160 columns: (master, slave).
fn pty() -> (std::fs::File, OwnedFd) {
    let (mut master, mut slave) = (-1, -1);
    let size = libc::winsize {
        ws_row: 40,
        ws_col: 160,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two descriptors into the given ints and reads the
    // winsize; the name and termios pointers may be null.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
    // SAFETY: both descriptors were just opened and are owned by nobody else.
    unsafe {
        (
            std::fs::File::from_raw_fd(master),
            OwnedFd::from_raw_fd(slave),
        )
    }
}

#[test]
fn progress_bar_on_a_terminal_prints_failures_above_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut master, slave) = pty();
    let mut cmd = bin();
    cmd.args(["demo", "--out"])
        .arg(dir.path())
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::from(slave));
    let child = cmd.spawn().unwrap();
    drop(cmd); // the child holds the only slave descriptor now
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        // Reading the master ends with EIO once the child has exited.
        while let Ok(n) = master.read(&mut buf) {
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        String::from_utf8_lossy(&out).to_string()
    });
    let out = child.wait_with_output().unwrap();
    let term = reader.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{term}");
    // What the terminal shows, piece by piece: the bar redraws itself after a
    // carriage return and an erase-line sequence.
    let pieces: Vec<&str> = term
        .split(['\r', '\n'])
        .map(|p| {
            p.trim_start_matches("\u{1b}[2K")
                .trim_start_matches("\u{1b}[1A")
        })
        .map(|p| p.trim_start_matches("\u{1b}[2K"))
        .collect();
    // The two failing demo sites, each on a line of its own, not glued to a bar.
    for site in ["broken.example", "old-portal.example"] {
        assert!(
            pieces
                .iter()
                .any(|p| p.starts_with("failed: http://") && p.contains(site)),
            "{term:?}"
        );
    }
    for p in pieces.iter().filter(|p| p.contains("failed: http://")) {
        assert!(p.starts_with("failed: "), "{p:?}");
        assert!(!p.contains(" sites "), "bar and failure on one line: {p:?}");
    }
    // The bar: counts, ETA, failures and warnings; it ends at 9 of 9.
    let last_bar = pieces
        .iter()
        .rev()
        .find(|p| p.contains(" sites "))
        .unwrap_or_else(|| panic!("no bar: {term:?}"));
    assert!(
        last_bar.contains("[##############################] 9/9 sites"),
        "{last_bar}"
    );
    assert!(last_bar.contains("ETA"), "{last_bar}");
    assert!(last_bar.contains("2 failed, 0 warnings"), "{last_bar}");
    // Per-site lines are for non-terminals only; the summary is on stdout.
    assert!(!term.contains("[1/9]"), "{term}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Audited 9 sites"));
}

async fn two_site_server() -> WebServer {
    let mut w = Web::new();
    w.page("good.test", "/", "<title>good</title>");
    w.fallback(|_| WebResponse::status(404));
    WebServer::start(w.handler(), 0, false).await.unwrap()
}

/// Crawls good.test and gone.test through `server` with `args` and `rust_log`;
/// returns stderr.
fn crawl_stderr(server: &WebServer, args: &[&str], rust_log: Option<&str>) -> String {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("sites.txt");
    std::fs::write(&list, "http://good.test/\nhttp://gone.test/\n").unwrap();
    let mut cmd = bin();
    cmd.arg("crawl")
        .arg(&list)
        .args(args)
        .args(["--no-db", "--no-downloaded", "--proxy", &server.proxy_url()])
        .arg("--out")
        .arg(dir.path().join("out"))
        .env_remove("RUST_LOG")
        .stdout(Stdio::null());
    if let Some(v) = rust_log {
        cmd.env("RUST_LOG", v);
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    stderr
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_lines_off_a_terminal_and_verbosity() {
    let server = two_site_server().await;
    let s = tokio::task::spawn_blocking(move || {
        let plain = crawl_stderr(&server, &[], None);
        let quiet = crawl_stderr(&server, &["--quiet"], None);
        let verbose = crawl_stderr(&server, &["-v", "--quiet"], None);
        let off = crawl_stderr(&server, &["-v", "--quiet"], Some("off"));
        let bad = crawl_stderr(&server, &["--quiet"], Some("trackaudit=[[["));
        (plain, quiet, verbose, off, bad)
    })
    .await
    .unwrap();
    let (plain, quiet, verbose, off, bad) = s;
    // No terminal: one plain line per site, no bar drawing.
    assert!(plain.contains("http://good.test/ ok"), "{plain}");
    assert!(plain.contains("http://gone.test/ http_error"), "{plain}");
    assert!(plain.contains("[2/2]"), "{plain}");
    assert!(!plain.contains('\r') && !plain.contains("ETA"), "{plain}");
    // --quiet: nothing at the default level.
    assert!(quiet.is_empty(), "{quiet}");
    // -v: this program's info events, one per site.
    assert!(
        verbose
            .lines()
            .any(|l| l.contains("INFO") && l.contains("http://good.test/ ok")),
        "{verbose}"
    );
    // RUST_LOG overrides -v.
    assert!(off.is_empty(), "{off}");
    // A RUST_LOG that does not parse is a warning, and the default applies.
    assert!(bad.starts_with("warning: RUST_LOG="), "{bad}");
    assert_eq!(bad.lines().count(), 1, "{bad}");
}

#[test]
fn schedule_errors_name_the_flags_and_print_drops_schedule_options() {
    let bad = bin()
        .args(["schedule", "targets/example.txt", "--cron", "61 * * * *"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(bad.status.code(), Some(2), "{err}");
    assert!(err.contains("--at/--every/--cron"), "{err}");
    assert!(err.contains("invalid cron expression"), "{err}");
    assert!(err.contains("61 is outside 0-59"), "{err}");

    // -v before the subcommand and --hook-timeout stay out of the crawl line.
    let out = bin()
        .args([
            "-v",
            "schedule",
            "targets/example.txt",
            "--hook-timeout",
            "5",
            "--at",
            "02:30",
            "--print",
            "systemd",
        ])
        .output()
        .unwrap();
    let unit = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let exec = unit
        .lines()
        .find(|l| l.starts_with("ExecStart="))
        .unwrap_or_else(|| panic!("{unit}"));
    assert!(exec.contains(" -v crawl targets/example.txt"), "{exec}");
    assert!(
        !exec.contains("hook-timeout") && !exec.contains("schedule"),
        "{exec}"
    );
}
