//! Who holds a segment in flight (issue 14 §3): the owner of a claim — one scheduler run of one
//! process — and the answer to a claim request. The storage of claims is the store's (a `claims`
//! table in SQLite; row locks or advisory locks in a later PostgreSQL store); what counts as a
//! stale claim is decided here, so every store judges alike.
//!
//! A claim is stale when its lease has expired, or — on the same host — when the process that
//! made it is gone (a `kill -9`ed runner's segments are taken over at once instead of after the
//! lease). The liveness shortcut needs `/proc` (Linux); elsewhere only the lease counts.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use super::Entry;

/// The owner of claims: a run, in a process, on a host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimOwner {
    /// Unique per run: host, process id, start time and a counter.
    pub id: String,
    /// Host name ("" when unknown: then only the lease says when a claim lapses).
    pub host: String,
    pub pid: u32,
}

impl ClaimOwner {
    /// A fresh owner for one run of this process.
    pub fn new() -> ClaimOwner {
        static RUNS: AtomicU64 = AtomicU64::new(0);
        let host = host_name();
        let pid = std::process::id();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let n = RUNS.fetch_add(1, Ordering::Relaxed);
        ClaimOwner {
            id: format!("{host}/{pid}/{nanos:x}/{n}"),
            host,
            pid,
        }
    }

    /// Whether a claim recorded with (`owner`, `host`, `pid`, `expires` in Unix milliseconds)
    /// may be taken by `self` at `now_ms`.
    pub fn may_take(&self, owner: &str, host: &str, pid: u32, expires: i64, now_ms: i64) -> bool {
        owner == self.id
            || expires <= now_ms
            || (!host.is_empty() && host == self.host && pid != self.pid && !process_alive(pid))
    }
}

impl Default for ClaimOwner {
    fn default() -> Self {
        ClaimOwner::new()
    }
}

/// The result of `MemoryStore::claim`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Claimed {
    /// Keys already answered, with their entries: nothing to send.
    pub answered: HashMap<String, Entry>,
    /// Keys the caller now holds: send them.
    pub mine: Vec<String>,
    /// Keys another live runner holds: wait for its answer.
    pub held: Vec<String>,
}

/// A lease as milliseconds for the claims tables (SQLite and PostgreSQL store `INTEGER`/`BIGINT`);
/// an absurd lease saturates far in the future instead of overflowing.
pub fn lease_ms(lease: std::time::Duration) -> i64 {
    i64::try_from(lease.as_millis()).unwrap_or(i64::MAX / 2)
}

/// Unix milliseconds now.
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// The kernel's host name (Linux), else `HOSTNAME`/`COMPUTERNAME`, else "".
fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

/// Whether process `pid` of this host still runs. Without `/proc` it cannot tell and says yes
/// (the lease decides).
fn process_alive(pid: u32) -> bool {
    if !std::path::Path::new("/proc/self").exists() {
        return true;
    }
    std::path::Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_lapses_by_lease_or_dead_process_only() {
        let me = ClaimOwner::new();
        let now = 1_000_000;
        // Another host's claim, lease running: held.
        assert!(!me.may_take("other", "elsewhere", 1, now + 5_000, now));
        // Expired: free.
        assert!(me.may_take("other", "elsewhere", 1, now - 1, now));
        // Own claim: always.
        assert!(me.may_take(&me.id, "elsewhere", 1, now + 5_000, now));
        if cfg!(target_os = "linux") && !me.host.is_empty() {
            // Same host, a process that does not exist: free at once.
            assert!(me.may_take("other", &me.host, u32::MAX - 7, now + 5_000, now));
            // Same host, a live process (pid 1 always exists): held.
            assert!(!me.may_take("other", &me.host, 1, now + 5_000, now));
        }
    }
}
