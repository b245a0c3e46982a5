//! Visible tests for sp-ping: `cargo test -p ex-subprocess --test sp_ping`.
//!
//! No real `ping` and no network: the checker is the fake in `support/fake_ping.rs`, a
//! shell script whose runs wait until every host of the test has started, so it only
//! answers as told when the checks really overlap.

#[path = "support/fake_ping.rs"]
mod fake_ping;

use ex_subprocess::ping::{Checker, HostStatus, Summary, check_hosts, parse_summary};
use fake_ping::{FakePing, LIMIT, linux_summary, seeded_hosts};
use testkit::{finish_within, test_seed};

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
