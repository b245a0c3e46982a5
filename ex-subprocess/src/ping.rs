//! # sp-ping: Check many hosts at once
//!
//! Run a checker program (normally `ping -q -c2`) for every host, all at the same time
//! on their own threads, read the summary line the checker prints
//! (`2 packets transmitted, 1 received, 50% packet loss`) and sort each host into
//! alive, alive with loss, no response, or not reachable.
//!
//! After `004_1ba7af3fe02a6a86.txt`, "Threading" (the `ip_check` thread class that runs
//! `ping -q -c2` per host, means to find the number received with a regex, and prints a
//! status; its regex in fact reads the first digit of the number transmitted).
//! The statement is the `sp-ping` section of `ex-subprocess/README.md`.

use std::fmt;
use std::path::PathBuf;

/// The program that checks one host: run as `program args... host`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checker {
    /// The program to run, looked up in `PATH` if it has no `/`.
    pub program: PathBuf,
    /// Arguments that come before the host name.
    pub args: Vec<String>,
}

impl Checker {
    /// A checker that runs `program` with `args`, then the host.
    ///
    /// ```
    /// use ex_subprocess::ping::Checker;
    ///
    /// let checker = Checker::new("/tmp/fake-ping", ["-c", "3"]);
    /// assert_eq!(checker.program, std::path::Path::new("/tmp/fake-ping"));
    /// assert_eq!(checker.args, ["-c", "3"]);
    /// ```
    pub fn new<S: Into<String>>(
        program: impl Into<PathBuf>,
        args: impl IntoIterator<Item = S>,
    ) -> Self {
        Checker {
            program: program.into(),
            args: args.into_iter().map(Into::into).collect(),
        }
    }

    /// The real thing: `ping -q -c2 <host>` (two packets, summary only). The tests
    /// never use it: they have no network.
    ///
    /// ```
    /// use ex_subprocess::ping::Checker;
    ///
    /// assert_eq!(Checker::ping(), Checker::new("ping", ["-q", "-c2"]));
    /// ```
    pub fn ping() -> Self {
        Checker::new("ping", ["-q", "-c2"])
    }
}

/// The counts of a checker's summary line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// How many packets were sent.
    pub transmitted: u32,
    /// How many answers came back.
    pub received: u32,
}

/// What a check found out about one host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostStatus {
    /// Every packet was answered.
    Alive,
    /// Some packets were answered, not all.
    AliveWithLoss {
        /// How many answers came back (at least one).
        received: u32,
        /// How many packets were sent (more than `received`).
        transmitted: u32,
    },
    /// The checker ran and reported that nothing came back.
    NoResponse,
    /// No summary: the checker could not be started, or it gave up without one (an
    /// unknown host name, for example).
    NotReachable,
}

/// Finds the summary line in a checker's output and reads its two counts.
///
/// The line looks like `N packets transmitted, M received, ...` (Linux) or
/// `N packets transmitted, M packets received, ...` (macOS, BusyBox); it may be
/// anywhere in `text`, and the first such line counts. Counts can have several digits.
///
/// ```no_run
/// use ex_subprocess::ping::{Summary, parse_summary};
///
/// let text = "PING a.test (10.0.0.1) 56(84) bytes of data.\n\n\
///             --- a.test ping statistics ---\n\
///             12 packets transmitted, 11 received, 8.33333% packet loss, time 11015ms\n";
/// assert_eq!(parse_summary(text), Some(Summary { transmitted: 12, received: 11 }));
/// assert_eq!(parse_summary("ping: a.test: Name or service not known"), None);
/// ```
pub fn parse_summary(text: &str) -> Option<Summary> {
    todo!(
        "sp-ping: find the line `N packets transmitted, M [packets] received` in {text:?} \
         and return Summary {{ transmitted: N, received: M }}, or None"
    )
}

impl Summary {
    /// The status these counts mean: all received is alive, none is no response,
    /// anything between is alive with loss.
    ///
    /// ```no_run
    /// use ex_subprocess::ping::{HostStatus, Summary};
    ///
    /// let status = |transmitted, received| Summary { transmitted, received }.status();
    /// assert_eq!(status(2, 2), HostStatus::Alive);
    /// assert_eq!(status(2, 1), HostStatus::AliveWithLoss { received: 1, transmitted: 2 });
    /// assert_eq!(status(2, 0), HostStatus::NoResponse);
    /// ```
    pub fn status(self) -> HostStatus {
        todo!(
            "sp-ping: classify {self:?}: every packet back is Alive, none is NoResponse, \
             some is AliveWithLoss"
        )
    }
}

/// The words of the Python example after `Status of HOST`: `is alive`,
/// `is alive, but 50 % packet loss` (the loss rounded to a whole percent),
/// `has no response`, `is not reachable`.
///
/// ```no_run
/// use ex_subprocess::ping::HostStatus;
///
/// let lossy = HostStatus::AliveWithLoss { received: 1, transmitted: 3 };
/// assert_eq!(lossy.to_string(), "is alive, but 67 % packet loss");
/// assert_eq!(HostStatus::NotReachable.to_string(), "is not reachable");
/// ```
impl fmt::Display for HostStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let _ = f;
        todo!(
            "sp-ping: write the words for {self:?}: is alive / is alive, but N % packet loss \
             / has no response / is not reachable"
        )
    }
}

/// Runs `checker` for one host and classifies it from the summary in its stdout.
///
/// The exit status does not matter (real `ping` exits with 1 when nothing came back,
/// and that is still "no response"); only a missing summary, or a checker that cannot
/// be started, makes the host [`HostStatus::NotReachable`]. The checker gets an empty
/// stdin.
///
/// ```no_run
/// use ex_subprocess::ping::{Checker, HostStatus, check_host};
///
/// // `echo` as a checker prints its arguments, the host last.
/// let checker = Checker::new("echo", ["3 packets transmitted, 3 received,"]);
/// assert_eq!(check_host(&checker, "a.test"), HostStatus::Alive);
/// let missing = Checker::new("/nonexistent/ping", Vec::<String>::new());
/// assert_eq!(check_host(&missing, "a.test"), HostStatus::NotReachable);
/// ```
pub fn check_host(checker: &Checker, host: &str) -> HostStatus {
    todo!(
        "sp-ping: run {checker:?} with the host {host:?} appended, parse the summary in its \
         stdout; no summary or no start means NotReachable"
    )
}

/// Checks every host at the same time, one thread per host, and returns each host with
/// its status, in the order of `hosts`.
///
/// A check spends nearly all its time waiting for answers, so the threads overlap that
/// waiting: the whole list takes about as long as the slowest host, not the sum.
///
/// ```no_run
/// use ex_subprocess::ping::{Checker, HostStatus, check_hosts};
///
/// let checker = Checker::new("echo", ["2 packets transmitted, 0 received,"]);
/// let hosts = vec!["a.test".to_string(), "b.test".to_string()];
/// assert_eq!(
///     check_hosts(&checker, &hosts),
///     [
///         ("a.test".to_string(), HostStatus::NoResponse),
///         ("b.test".to_string(), HostStatus::NoResponse),
///     ]
/// );
/// ```
pub fn check_hosts(checker: &Checker, hosts: &[String]) -> Vec<(String, HostStatus)> {
    todo!(
        "sp-ping: check each of {hosts:?} with {checker:?} on its own thread, all at the \
         same time, and return (host, status) in input order"
    )
}
