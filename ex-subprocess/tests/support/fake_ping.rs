//! The fake `ping` the sp-ping tests share (visible and hidden): a shell script in a
//! temporary folder, no network. Each run of it marks its host as started and waits until
//! every host of the test has started, so it only answers as told when the checks really
//! overlap; checks run one after the other make it give up.
//!
//! Included by `#[path]` from `tests/sp_ping.rs` and from the hidden tests.

use std::time::Duration;

use ex_subprocess::ping::{Checker, HostStatus, check_hosts};
use testkit::{finish_within, seeded_generator, test_seed};

/// Enough for the fake checker's own give-up (about 3 s) and then some.
pub const LIMIT: Duration = Duration::from_secs(8);

/// The fake checker: `sh fake-ping DIR QUORUM HOST`.
const FAKE_PING: &str = r#"#!/bin/sh
# A fake `ping` for the sp-ping tests: no network.
# Usage: fake-ping DIR QUORUM HOST
# Marks HOST as started, waits until QUORUM hosts have started (so the checks must
# overlap), then prints DIR/reply-HOST and exits with the code in DIR/status-HOST.
dir=$1 quorum=$2 host=$3
: > "$dir/started-$host"
tries=0
while :; do
    set -- "$dir"/started-*
    [ "$#" -ge "$quorum" ] && break
    if [ -e "$dir/gave-up" ] || [ "$tries" -ge 150 ]; then
        : > "$dir/gave-up"
        echo "fake ping: only $# of $quorum checks were running at once; giving up" >&2
        echo "2 packets transmitted, 0 received, 100% packet loss"
        exit 1
    fi
    tries=$((tries + 1))
    sleep 0.02
done
[ -f "$dir/delay-$host" ] && sleep "$(cat "$dir/delay-$host")"
[ -f "$dir/reply-$host" ] && cat "$dir/reply-$host"
[ -f "$dir/stderr-$host" ] && cat "$dir/stderr-$host" >&2
exit "$(cat "$dir/status-$host" 2>/dev/null || echo 0)"
"#;

/// A folder with the fake checker and the answers it gives; removed when dropped.
pub struct FakePing {
    /// The folder holding the script and its answers.
    pub dir: testkit::TempDir,
    quorum: usize,
}

impl FakePing {
    /// A fake checker whose runs wait until `quorum` hosts have started.
    pub fn new(quorum: usize) -> FakePing {
        let dir = testkit::temp_dir();
        std::fs::write(dir.path().join("fake-ping"), FAKE_PING)
            .expect("could not write the script");
        FakePing { dir, quorum }
    }

    /// The checker: the script is run by `sh`, not executed directly, so no test
    /// thread can hit "text file busy" on a script another thread is still writing.
    pub fn checker(&self) -> Checker {
        Checker::new(
            "sh",
            [
                self.dir.path().join("fake-ping").display().to_string(),
                self.dir.path().display().to_string(),
                self.quorum.to_string(),
            ],
        )
    }

    /// What the fake prints for `host` on stdout, and its exit status.
    pub fn reply(&self, host: &str, stdout: &str, status: u8) {
        std::fs::write(self.dir.path().join(format!("reply-{host}")), stdout).unwrap();
        std::fs::write(
            self.dir.path().join(format!("status-{host}")),
            status.to_string(),
        )
        .unwrap();
    }

    /// Runs `check_hosts` (with a timeout) and fails if the checks did not overlap.
    pub fn check(&self, hosts: &[String]) -> Vec<(String, HostStatus)> {
        let checker = self.checker();
        let list = hosts.to_vec();
        let results = finish_within(LIMIT, "check_hosts", move || check_hosts(&checker, &list));
        assert!(
            !self.dir.path().join("gave-up").exists(),
            "the fake checker waited for all {} hosts to be checked at the same time, and \
             gave up: the checks ran one after the other (start every thread before joining any)",
            self.quorum
        );
        results
    }
}

/// `n` host names the seed picks.
pub fn seeded_hosts(n: usize) -> Vec<String> {
    let mut next = seeded_generator(test_seed());
    (0..n)
        .map(|k| format!("h{k}-{:06x}.test", next() % 0x100_0000))
        .collect()
}

pub fn linux_summary(transmitted: u32, received: u32) -> String {
    let loss = 100 * (transmitted - received) / transmitted;
    format!(
        "PING x (10.1.2.3) 56(84) bytes of data.\n\n--- x ping statistics ---\n\
         {transmitted} packets transmitted, {received} received, {loss}% packet loss, time 1001ms\n\
         rtt min/avg/max/mdev = 0.041/0.052/0.063/0.011 ms\n"
    )
}
