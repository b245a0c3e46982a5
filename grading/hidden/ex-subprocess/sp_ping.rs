//! Hidden tests for sp-ping: sequential checks, results in completion order instead of
//! input order, counts with several digits (the Python regex reads one digit), the exit
//! status taken for the answer, summaries among noise, many hosts, duplicates.

// The fake checker the visible tests use too.
#[path = "../../../ex-subprocess/tests/support/fake_ping.rs"]
mod fake_ping;

use ex_subprocess::ping::{Checker, HostStatus, Summary, check_hosts, parse_summary};
use fake_ping::{FakePing, LIMIT, linux_summary, seeded_hosts};
use testkit::{finish_within, seeded_generator, test_seed};

/// What only the hidden tests make the fake do.
impl FakePing {
    /// Makes the fake sleep `seconds` for `host` after all hosts have started.
    fn delay(&self, host: &str, seconds: f64) {
        std::fs::write(
            self.dir.path().join(format!("delay-{host}")),
            format!("{seconds:.3}"),
        )
        .unwrap();
    }

    /// What the fake prints for `host` on stderr.
    fn stderr(&self, host: &str, text: &str) {
        std::fs::write(self.dir.path().join(format!("stderr-{host}")), text).unwrap();
    }

    /// Raw bytes for the fake's stdout for `host`.
    fn reply_bytes(&self, host: &str, stdout: &[u8]) {
        std::fs::write(self.dir.path().join(format!("reply-{host}")), stdout).unwrap();
    }
}

fn summary(transmitted: u32, received: u32) -> Option<Summary> {
    Some(Summary {
        transmitted,
        received,
    })
}

#[test]
fn results_keep_the_input_order_when_hosts_finish_in_reverse() {
    // The first host answers last: results gathered as they arrive come out reversed.
    let hosts = seeded_hosts(12);
    let fake = FakePing::new(hosts.len());
    let count = hosts.len();
    for (index, host) in hosts.iter().enumerate() {
        let received = 1 + index as u32;
        fake.reply(host, &linux_summary(20, received), 0);
        fake.delay(host, 0.03 * (count - index) as f64);
    }
    let results = fake.check(&hosts);
    let expected: Vec<(String, HostStatus)> = hosts
        .iter()
        .enumerate()
        .map(|(index, host)| {
            let received = 1 + index as u32;
            (
                host.clone(),
                HostStatus::AliveWithLoss {
                    received,
                    transmitted: 20,
                },
            )
        })
        .collect();
    assert_eq!(
        results, expected,
        "results must be in the order of the hosts given, not the order the checks finished"
    );
}

#[test]
fn counts_with_several_digits_are_read_whole() {
    assert_eq!(
        parse_summary(&linux_summary(12, 10)),
        summary(12, 10),
        "the regex of the Python example reads only one digit; read the whole number"
    );
    assert_eq!(parse_summary(&linux_summary(100, 100)), summary(100, 100));
    assert_eq!(
        parse_summary("4000000000 packets transmitted, 3999999999 received, 0% packet loss"),
        summary(4_000_000_000, 3_999_999_999)
    );
    let hosts = seeded_hosts(3);
    let fake = FakePing::new(hosts.len());
    fake.reply(&hosts[0], &linux_summary(10, 10), 0);
    fake.reply(&hosts[1], &linux_summary(15, 12), 0);
    fake.reply(&hosts[2], &linux_summary(30, 0), 1);
    let statuses: Vec<HostStatus> = fake.check(&hosts).into_iter().map(|(_, s)| s).collect();
    assert_eq!(
        statuses,
        [
            HostStatus::Alive,
            HostStatus::AliveWithLoss {
                received: 12,
                transmitted: 15
            },
            HostStatus::NoResponse
        ]
    );
}

#[test]
fn the_summary_decides_not_the_exit_status() {
    let hosts = seeded_hosts(4);
    let fake = FakePing::new(hosts.len());
    fake.reply(&hosts[0], &linux_summary(2, 0), 1);
    fake.stderr(&hosts[0], "no answer\n");
    fake.reply(&hosts[1], &linux_summary(3, 3), 2);
    fake.reply(&hosts[2], "all good, trust me\n", 0);
    fake.reply(&hosts[3], "", 0);
    fake.stderr(&hosts[3], "2 packets transmitted, 2 received\n");
    let statuses: Vec<HostStatus> = fake.check(&hosts).into_iter().map(|(_, s)| s).collect();
    assert_eq!(
        statuses,
        [
            HostStatus::NoResponse,
            HostStatus::Alive,
            HostStatus::NotReachable,
            HostStatus::NotReachable,
        ],
        "a summary on stdout decides, whatever the exit status; no summary on stdout means \
         not reachable"
    );
}

#[test]
fn the_summary_is_found_among_other_lines() {
    let text = "PING transmitted.test (10.0.0.9) 56(84) bytes of data.\n\
                64 bytes from 10.0.0.9: icmp_seq=1 ttl=64 time=0.05 ms\n\
                received nothing unusual\n\
                \n\
                --- transmitted.test ping statistics ---\n\
                7 packets transmitted, 5 received, +2 errors, 28% packet loss, time 6008ms\n";
    assert_eq!(parse_summary(text), summary(7, 5));
    assert_eq!(
        parse_summary("3 packets transmitted, 2 packets received, 33.3% packet loss"),
        summary(3, 2),
        "the macOS / BusyBox form"
    );
    assert_eq!(
        parse_summary("1 packets transmitted, 1 received\n9 packets transmitted, 0 received\n"),
        summary(1, 1),
        "the first summary line counts"
    );
    assert_eq!(parse_summary("packets transmitted, received"), None);
    assert_eq!(parse_summary("two packets transmitted, two received"), None);
}

#[test]
fn loss_is_rounded_to_a_whole_percent() {
    let words = |received, transmitted| {
        HostStatus::AliveWithLoss {
            received,
            transmitted,
        }
        .to_string()
    };
    assert_eq!(words(1, 3), "is alive, but 67 % packet loss");
    assert_eq!(words(2, 3), "is alive, but 33 % packet loss");
    assert_eq!(words(3, 4), "is alive, but 25 % packet loss");
    assert_eq!(words(199, 200), "is alive, but 1 % packet loss");
}

#[test]
fn twenty_four_hosts_of_every_kind_at_once_three_times() {
    let mut next = seeded_generator(test_seed());
    for round in 0..3 {
        let hosts: Vec<String> = (0..24)
            .map(|k| format!("r{round}-h{k}-{:06x}.test", next() % 0x100_0000))
            .collect();
        let fake = FakePing::new(hosts.len());
        let mut expected = Vec::new();
        for host in &hosts {
            let sent = 2 + (next() % 30) as u32;
            let status = match next() % 4 {
                0 => {
                    fake.reply(host, &linux_summary(sent, sent), 0);
                    HostStatus::Alive
                }
                1 => {
                    let received = 1 + (next() % u64::from(sent - 1)) as u32;
                    fake.reply(host, &linux_summary(sent, received), 0);
                    HostStatus::AliveWithLoss {
                        received,
                        transmitted: sent,
                    }
                }
                2 => {
                    fake.reply(host, &linux_summary(sent, 0), 1);
                    HostStatus::NoResponse
                }
                _ => {
                    fake.reply(host, "", 2);
                    fake.stderr(host, "ping: unknown host\n");
                    HostStatus::NotReachable
                }
            };
            expected.push((host.clone(), status));
        }
        assert_eq!(fake.check(&hosts), expected, "round {round}");
    }
}

#[test]
fn a_host_listed_twice_gets_two_results() {
    let hosts = seeded_hosts(3);
    let list = vec![
        hosts[0].clone(),
        hosts[1].clone(),
        hosts[0].clone(),
        hosts[2].clone(),
    ];
    // Three distinct names start a file each; all four checks wait for those three.
    let fake = FakePing::new(3);
    fake.reply(&hosts[0], &linux_summary(2, 1), 0);
    fake.reply(&hosts[1], &linux_summary(2, 2), 0);
    fake.reply(&hosts[2], &linux_summary(2, 0), 1);
    let lossy = HostStatus::AliveWithLoss {
        received: 1,
        transmitted: 2,
    };
    assert_eq!(
        fake.check(&list),
        vec![
            (hosts[0].clone(), lossy),
            (hosts[1].clone(), HostStatus::Alive),
            (hosts[0].clone(), lossy),
            (hosts[2].clone(), HostStatus::NoResponse),
        ]
    );
}

#[test]
fn output_that_is_not_utf8_still_gives_its_summary() {
    let hosts = seeded_hosts(2);
    let fake = FakePing::new(hosts.len());
    fake.reply_bytes(
        &hosts[0],
        b"PING \xff\xfe odd bytes\n4 packets transmitted, 3 received, 25% packet loss\n",
    );
    fake.reply(&hosts[1], &linux_summary(4, 4), 0);
    let statuses: Vec<HostStatus> = fake.check(&hosts).into_iter().map(|(_, s)| s).collect();
    assert_eq!(
        statuses,
        [
            HostStatus::AliveWithLoss {
                received: 3,
                transmitted: 4
            },
            HostStatus::Alive
        ]
    );
}

#[test]
fn a_missing_checker_makes_every_host_not_reachable() {
    let hosts = seeded_hosts(10);
    let checker = Checker::new("/nonexistent/sp-ping-checker", ["-c2"]);
    let list = hosts.clone();
    let results = finish_within(LIMIT, "check_hosts", move || check_hosts(&checker, &list));
    let expected: Vec<(String, HostStatus)> = hosts
        .into_iter()
        .map(|host| (host, HostStatus::NotReachable))
        .collect();
    assert_eq!(results, expected);
}

#[test]
fn the_checker_gets_its_arguments_and_the_host_last() {
    // `echo` prints its arguments: the fixed ones first, then the host.
    let hosts = seeded_hosts(2);
    let checker = Checker::new("echo", ["5 packets transmitted,", "4 received,"]);
    let list = hosts.clone();
    let results = finish_within(LIMIT, "check_hosts", move || check_hosts(&checker, &list));
    let lossy = HostStatus::AliveWithLoss {
        received: 4,
        transmitted: 5,
    };
    assert_eq!(
        results,
        vec![(hosts[0].clone(), lossy), (hosts[1].clone(), lossy)]
    );
}
