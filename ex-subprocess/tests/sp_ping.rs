//! Visible tests for sp-ping: `cargo test -p ex-subprocess --test sp_ping`.
//!
//! No real `ping` and no network: the checker is a small shell script written to a
//! temporary folder. Each run of it marks its host as started and waits until every
//! host of the test has started, so it only answers as told when the checks really
//! overlap; checks run one after the other make it give up.

use std::time::Duration;

use ex_subprocess::ping::{Checker, HostStatus, Summary, check_hosts, parse_summary};
use testkit::{finish_within, seeded_generator, test_seed};

/// Enough for the fake checker's own give-up (about 3 s) and then some.
const LIMIT: Duration = Duration::from_secs(8);

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
struct FakePing {
    dir: testkit::TempDir,
    quorum: usize,
}

impl FakePing {
    /// A fake checker whose runs wait until `quorum` hosts have started.
    fn new(quorum: usize) -> FakePing {
        let dir = testkit::temp_dir();
        std::fs::write(dir.path().join("fake-ping"), FAKE_PING)
            .expect("could not write the script");
        FakePing { dir, quorum }
    }

    /// The checker: the script is run by `sh`, not executed directly, so no test
    /// thread can hit "text file busy" on a script another thread is still writing.
    fn checker(&self) -> Checker {
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
    fn reply(&self, host: &str, stdout: &str, status: u8) {
        std::fs::write(self.dir.path().join(format!("reply-{host}")), stdout).unwrap();
        std::fs::write(
            self.dir.path().join(format!("status-{host}")),
            status.to_string(),
        )
        .unwrap();
    }

    /// Runs `check_hosts` (with a timeout) and fails if the checks did not overlap.
    fn check(&self, hosts: &[String]) -> Vec<(String, HostStatus)> {
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
fn seeded_hosts(n: usize) -> Vec<String> {
    let mut next = seeded_generator(test_seed());
    (0..n)
        .map(|k| format!("h{k}-{:06x}.test", next() % 0x100_0000))
        .collect()
}

fn linux_summary(transmitted: u32, received: u32) -> String {
    let loss = 100 * (transmitted - received) / transmitted;
    format!(
        "PING x (10.1.2.3) 56(84) bytes of data.\n\n--- x ping statistics ---\n\
         {transmitted} packets transmitted, {received} received, {loss}% packet loss, time 1001ms\n\
         rtt min/avg/max/mdev = 0.041/0.052/0.063/0.011 ms\n"
    )
}

#[test]
fn parse_summary_reads_linux_and_macos_lines() {
    let summary = |transmitted, received| {
        Some(Summary {
            transmitted,
            received,
        })
    };
    assert_eq!(parse_summary(&linux_summary(2, 1)), summary(2, 1));
    assert_eq!(
        parse_summary(
            "PING google.com (216.58.192.14): 56 data bytes\n\n--- google.com ping statistics ---\n\
             2 packets transmitted, 2 packets received, 0.0% packet loss\n\
             round-trip min/avg/max/stddev = 3.812/3.827/3.841/0.014 ms\n"
        ),
        summary(2, 2),
        "the macOS form from the Python example"
    );
    assert_eq!(
        parse_summary("ping: nowhere.test: Name or service not known\n"),
        None
    );
    assert_eq!(parse_summary(""), None);
}

#[test]
fn the_counts_decide_the_status() {
    let status = |transmitted, received| {
        Summary {
            transmitted,
            received,
        }
        .status()
    };
    assert_eq!(status(2, 2), HostStatus::Alive);
    assert_eq!(
        status(2, 1),
        HostStatus::AliveWithLoss {
            received: 1,
            transmitted: 2
        }
    );
    assert_eq!(status(2, 0), HostStatus::NoResponse);
    assert_eq!(
        status(5, 3),
        HostStatus::AliveWithLoss {
            received: 3,
            transmitted: 5
        }
    );
}

#[test]
fn statuses_read_like_the_python_example() {
    assert_eq!(HostStatus::Alive.to_string(), "is alive");
    assert_eq!(
        HostStatus::AliveWithLoss {
            received: 1,
            transmitted: 2
        }
        .to_string(),
        "is alive, but 50 % packet loss"
    );
    assert_eq!(HostStatus::NoResponse.to_string(), "has no response");
    assert_eq!(HostStatus::NotReachable.to_string(), "is not reachable");
}

#[test]
fn every_kind_of_host_is_recognised() {
    let hosts = seeded_hosts(4);
    let fake = FakePing::new(hosts.len());
    let sent = 2 + (test_seed() % 8) as u32;
    fake.reply(&hosts[0], &linux_summary(sent, sent), 0);
    fake.reply(&hosts[1], &linux_summary(sent, 1), 0);
    // Real ping exits with 1 when nothing came back; that is still "no response".
    fake.reply(&hosts[2], &linux_summary(sent, 0), 1);
    // An unknown host: no summary at all, an error on stderr, exit status 2.
    fake.reply(&hosts[3], "", 2);
    let results = fake.check(&hosts);
    let expected = vec![
        (hosts[0].clone(), HostStatus::Alive),
        (
            hosts[1].clone(),
            HostStatus::AliveWithLoss {
                received: 1,
                transmitted: sent,
            },
        ),
        (hosts[2].clone(), HostStatus::NoResponse),
        (hosts[3].clone(), HostStatus::NotReachable),
    ];
    assert_eq!(
        results, expected,
        "one (host, status) per host, in input order"
    );
}

#[test]
fn eight_hosts_are_checked_at_the_same_time() {
    let hosts = seeded_hosts(8);
    let fake = FakePing::new(hosts.len());
    for host in &hosts {
        fake.reply(host, &linux_summary(2, 2), 0);
    }
    let results = fake.check(&hosts);
    let names: Vec<&String> = results.iter().map(|(host, _)| host).collect();
    assert_eq!(
        names,
        hosts.iter().collect::<Vec<_>>(),
        "results in input order"
    );
    for (host, status) in &results {
        assert_eq!(*status, HostStatus::Alive, "{host}");
    }
}

#[test]
fn a_checker_that_cannot_start_means_not_reachable() {
    let hosts = seeded_hosts(3);
    let checker = Checker::new("/nonexistent/sp-ping-checker", Vec::<String>::new());
    let results = finish_within(LIMIT, "check_hosts", move || check_hosts(&checker, &hosts));
    assert_eq!(results.len(), 3);
    for (host, status) in results {
        assert_eq!(
            status,
            HostStatus::NotReachable,
            "{host}: the checker program does not exist"
        );
    }
}

#[test]
fn no_hosts_no_results() {
    let fake = FakePing::new(1);
    let checker = fake.checker();
    let results = finish_within(LIMIT, "check_hosts", move || check_hosts(&checker, &[]));
    assert!(results.is_empty());
}
