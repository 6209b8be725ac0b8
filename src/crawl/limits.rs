//! Host names in, concurrency permits out: at most `per_host` requests in flight
//! to one host across all sites. Idle entries are pruned so memory stays flat.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Prune idle entries once the map holds this many hosts.
const PRUNE_AT: usize = 4096;

/// Per-host request limits shared by every site of a crawl.
#[derive(Debug)]
pub struct HostLimits {
    per_host: usize,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl HostLimits {
    /// Limits of `per_host` concurrent requests per host (at least 1).
    pub fn new(per_host: usize) -> HostLimits {
        HostLimits {
            per_host: per_host.max(1),
            hosts: Mutex::new(HashMap::new()),
        }
    }

    /// Waits for a permit to send one request to `host`.
    pub async fn acquire(&self, host: &str) -> OwnedSemaphorePermit {
        let sem = {
            let mut map = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
            if map.len() >= PRUNE_AT && !map.contains_key(host) {
                // Only this map holds an idle semaphore: drop those.
                map.retain(|_, s| {
                    Arc::strong_count(s) > 1 || s.available_permits() < self.per_host
                });
            }
            map.entry(host.to_string())
                .or_insert_with(|| Arc::new(Semaphore::new(self.per_host)))
                .clone()
        };
        sem.acquire_owned()
            .await
            .expect("host semaphores are never closed")
    }

    /// Number of hosts currently tracked (for tests and diagnostics).
    pub fn tracked(&self) -> usize {
        self.hosts.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn limits_per_host_and_prunes() {
        let l = HostLimits::new(2);
        let a = l.acquire("a").await;
        let _b = l.acquire("a").await;
        let third =
            tokio::time::timeout(std::time::Duration::from_millis(50), l.acquire("a")).await;
        assert!(third.is_err(), "third permit must wait");
        drop(a);
        let _c = l.acquire("a").await;
        let _other = l.acquire("b").await;
        for i in 0..PRUNE_AT + 10 {
            drop(l.acquire(&format!("h{i}")).await);
        }
        assert!(l.tracked() < PRUNE_AT + 10);
    }
}
