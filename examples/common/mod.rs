//! What the benchmark examples share: numeric options and /proc memory readings.
// Each example uses a part of this module.
#![allow(dead_code)]

/// The number after `name` on the command line, else `default`.
pub fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A kB field (`VmHWM:`, `VmRSS:` ...) of `/proc/PID/status`; `pid` may be `self`.
pub fn status_kb(pid: &str, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse().ok())
        })
        .unwrap_or(0)
}

/// Proportional set size (kB) of one process.
pub fn pss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse().ok())
        })
        .unwrap_or(0)
}

/// Summed RSS and PSS (kB) of `roots` and all their descendants. RSS counts
/// pages the zygote-forked renderers share once per process; PSS splits them.
pub fn tree_mem_kb(roots: &[u32]) -> (u64, u64) {
    let mut parent = Vec::new();
    if let Ok(dir) = std::fs::read_dir("/proc") {
        for e in dir.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            let Ok(pid) = name.parse::<u32>() else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
                continue;
            };
            let Some(rest) = stat.rsplit_once(") ").map(|(_, r)| r) else {
                continue;
            };
            let ppid = rest
                .split_whitespace()
                .nth(1)
                .and_then(|p| p.parse::<u32>().ok())
                .unwrap_or(0);
            parent.push((pid, ppid));
        }
    }
    let mut set: Vec<u32> = roots.to_vec();
    loop {
        let before = set.len();
        for (pid, ppid) in &parent {
            if set.contains(ppid) && !set.contains(pid) {
                set.push(*pid);
            }
        }
        if set.len() == before {
            break;
        }
    }
    set.iter().fold((0, 0), |(rss, pss), p| {
        (rss + status_kb(&p.to_string(), "VmRSS:"), pss + pss_kb(*p))
    })
}
