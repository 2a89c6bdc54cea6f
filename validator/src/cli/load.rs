//! `hs20check probe … --count N --concurrency C [--rate R] [--loss P] [--nas-count K]
//! [--stop-after STAGE]`: many independent authentications from one thread. Each UDP socket
//! carries up to 32 sessions, each with its own window of 8 RADIUS identifiers; sockets are
//! spread over K loopback source addresses (127.0.0.1 … 127.0.0.K, K NASes to the server);
//! every session has its own Calling-Station-Id. `--loss` drops datagrams inside the client,
//! both ways, so retransmission is exercised. Prints throughput, latency percentiles, failures
//! by cause, retransmissions and the generator's own CPU per authentication.

use super::probe::{system_random, Format, ProbeArgs, Setup};
use super::{EXIT_FINDINGS, EXIT_INPUT, EXIT_OK};
use lab_radius::proto::client::{Exchange, NasSettings, NoAnswer, Outcome};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, UdpSocket};
use std::os::fd::AsRawFd;
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

const SESSIONS_PER_SOCKET: usize = 32;
const IDS_PER_SESSION: u16 = 8;

struct Slot {
    exchange: Exchange,
    started: Instant,
}

/// A tiny xorshift for the loss decisions (not for anything secret).
struct Dice(u64);

impl Dice {
    fn chance(&mut self, p: f64) -> bool {
        if p <= 0.0 {
            return false;
        }
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

#[derive(Debug, Serialize)]
pub struct LoadSummary {
    pub count: u64,
    pub concurrency: usize,
    pub nas_count: u8,
    pub loss: f64,
    pub elapsed_s: f64,
    pub authentications_per_s: f64,
    pub outcomes: BTreeMap<String, u64>,
    pub failures: u64,
    pub latency_ms: Latency,
    pub retransmissions: u64,
    /// The generator's own CPU (user + system) per authentication.
    pub client_cpu_ms_per_auth: f64,
}

#[derive(Debug, Serialize)]
pub struct Latency {
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
}

/// CPU time of this process (user + system).
pub fn process_cpu() -> Duration {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes into the struct we own.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn outcome_name(o: &Outcome) -> &'static str {
    match o {
        Outcome::Accepted { mppe, .. } if mppe.present && mppe.matches => "accepted",
        Outcome::Accepted { .. } => "accepted-bad-mppe",
        Outcome::Rejected { .. } => "rejected",
        Outcome::NoAnswer(NoAnswer::Silent) => "no-answer",
        Outcome::NoAnswer(NoAnswer::Refused) => "unreachable",
        Outcome::NoAnswer(NoAnswer::BadAuthenticator) => "bad-authenticator",
        Outcome::Stopped => "stopped",
        Outcome::ProtocolError(_) => "protocol-error",
    }
}

pub fn run(args: &ProbeArgs, setup: Setup) -> ExitCode {
    let count = args.count.unwrap_or(1);
    let concurrency = args.concurrency.max(1);
    let k = args.nas_count.max(1);
    if !(0.0..1.0).contains(&args.loss) {
        return super::input_error("--loss: give a fraction from 0 up to (not including) 1");
    }
    // At least one socket per NAS address; sessions are dealt round-robin over the sockets.
    let sockets_needed = concurrency.div_ceil(SESSIONS_PER_SOCKET).max(k as usize);
    let mut sockets = Vec::with_capacity(sockets_needed);
    let mut sources = Vec::with_capacity(sockets_needed);
    for i in 0..sockets_needed {
        let source = if setup.server.is_ipv4() {
            IpAddr::V4(Ipv4Addr::new(127, 0, 0, 1 + (i % k as usize) as u8))
        } else {
            IpAddr::V6(std::net::Ipv6Addr::UNSPECIFIED)
        };
        let socket = match UdpSocket::bind(SocketAddr::new(source, 0))
            .and_then(|s| s.connect(setup.server).map(|_| s))
            .and_then(|s| s.set_nonblocking(true).map(|_| s))
        {
            Ok(s) => s,
            Err(e) => return super::input_error(format!("UDP socket from {source}: {e}")),
        };
        sockets.push(socket);
        sources.push(source);
    }
    let mut slots: Vec<Option<Slot>> = (0..sockets_needed * SESSIONS_PER_SOCKET)
        .map(|_| None)
        .collect();
    let mut free: Vec<usize> = (0..concurrency)
        .rev()
        .map(|i| (i % sockets_needed) * SESSIONS_PER_SOCKET + i / sockets_needed)
        .collect();
    let mut dice = Dice(0x9E37_79B9_7F4A_7C15 ^ std::process::id() as u64);
    let judged_at = match super::now() {
        Ok(t) => hs20check::time::to_system_time(t),
        Err(e) => return super::input_error(e),
    };
    // One rustls ClientConfig for every session: the judge still rules on each server chain.
    let peers = setup.prepared.setup.shared(judged_at);
    let progress = std::io::stderr().is_terminal();
    let mut started = 0u64;
    let mut done = 0u64;
    let mut outcomes: BTreeMap<String, u64> = BTreeMap::new();
    let mut latencies: Vec<f64> = Vec::with_capacity(count as usize);
    let mut retransmissions = 0u64;
    let mut buf = vec![0u8; 4096];
    let cpu0 = process_cpu();
    let t0 = Instant::now();
    let mut last_draw = t0;
    let mut pollfds: Vec<libc::pollfd> = sockets
        .iter()
        .map(|s| libc::pollfd {
            fd: s.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        })
        .collect();

    while done < count {
        let now_i = Instant::now();
        // Start sessions (rate-limited).
        while started < count {
            if let Some(rate) = args.rate {
                let allowed = (now_i.duration_since(t0).as_secs_f64() * rate) as u64 + 1;
                if started >= allowed {
                    break;
                }
            }
            let Some(index) = free.pop() else { break };
            let n = started;
            let nas = NasSettings {
                calling_station_id: format!(
                    "02-00-{:02X}-{:02X}-{:02X}-{:02X}",
                    (n >> 24) as u8,
                    (n >> 16) as u8,
                    (n >> 8) as u8,
                    n as u8
                ),
                // The NAS-Identifier names the source address the session uses.
                nas_identifier: format!("hs20check-{}", sources[index / SESSIONS_PER_SOCKET]),
                status_server: false,
                identifiers: (
                    ((index % SESSIONS_PER_SOCKET) as u16 * IDS_PER_SESSION) as u8,
                    IDS_PER_SESSION,
                ),
                ..setup.nas.clone()
            };
            let peer = peers.peer();
            let exchange = Exchange::new(nas, peer, system_random(), SystemTime::now());
            slots[index] = Some(Slot {
                exchange,
                started: Instant::now(),
            });
            started += 1;
        }
        // Send, time out, collect.
        let mut next_deadline: Option<SystemTime> = None;
        for index in 0..slots.len() {
            let Some(slot) = slots[index].as_mut() else {
                continue;
            };
            let socket = &sockets[index / SESSIONS_PER_SOCKET];
            let now = SystemTime::now();
            slot.exchange.handle_timeout(now);
            while let Some(datagram) = slot.exchange.poll_transmit() {
                if dice.chance(args.loss) {
                    continue;
                }
                if let Err(e) = socket.send(&datagram) {
                    if e.kind() == std::io::ErrorKind::ConnectionRefused {
                        slot.exchange.handle_unreachable(now);
                    }
                }
            }
            if let Some(outcome) = slot.exchange.outcome() {
                *outcomes.entry(outcome_name(outcome).into()).or_default() += 1;
                latencies.push(slot.started.elapsed().as_secs_f64() * 1000.0);
                retransmissions += slot.exchange.retransmissions as u64;
                slots[index] = None;
                free.push(index);
                done += 1;
                continue;
            }
            if let Some(d) = slot.exchange.poll_timeout() {
                next_deadline = Some(next_deadline.map_or(d, |n: SystemTime| n.min(d)));
            }
        }
        if done >= count {
            break;
        }
        if progress && last_draw.elapsed() > Duration::from_millis(100) {
            last_draw = Instant::now();
            draw(done, count, t0.elapsed());
        }
        // Wait for datagrams, the next timer or the next start.
        let mut wait = next_deadline
            .map(|d| d.duration_since(SystemTime::now()).unwrap_or_default())
            .unwrap_or(Duration::from_millis(50));
        if started < count && !free.is_empty() {
            wait = match args.rate {
                Some(rate) => wait.min(Duration::from_secs_f64(1.0 / rate)),
                None => Duration::ZERO,
            };
        }
        let ms = wait.as_millis().min(100) as i32;
        for p in pollfds.iter_mut() {
            p.revents = 0;
        }
        // SAFETY: pollfds is a live, correctly sized array of pollfd.
        let ready = unsafe { libc::poll(pollfds.as_mut_ptr(), pollfds.len() as libc::nfds_t, ms) };
        if ready <= 0 {
            continue;
        }
        for (si, socket) in sockets.iter().enumerate() {
            if pollfds[si].revents == 0 {
                continue;
            }
            loop {
                match socket.recv(&mut buf) {
                    Ok(n) => {
                        if n < 20 || dice.chance(args.loss) {
                            continue;
                        }
                        let id = buf[1] as usize;
                        let index = si * SESSIONS_PER_SOCKET + id / IDS_PER_SESSION as usize;
                        if let Some(slot) = slots[index].as_mut() {
                            slot.exchange.handle_datagram(SystemTime::now(), &buf[..n]);
                        }
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                    Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                        let now = SystemTime::now();
                        for slot in slots[si * SESSIONS_PER_SOCKET..(si + 1) * SESSIONS_PER_SOCKET]
                            .iter_mut()
                            .flatten()
                        {
                            slot.exchange.handle_unreachable(now);
                        }
                        break;
                    }
                    Err(_) => break,
                }
            }
        }
    }
    let elapsed = t0.elapsed().as_secs_f64();
    let cpu = process_cpu().saturating_sub(cpu0);
    if progress {
        draw(done, count, t0.elapsed());
        eprintln!();
    }
    latencies.sort_by(|a, b| a.total_cmp(b));
    let good = ["accepted", "stopped"];
    let failures: u64 = outcomes
        .iter()
        .filter(|(k, _)| !good.contains(&k.as_str()))
        .map(|(_, v)| v)
        .sum();
    let summary = LoadSummary {
        count,
        concurrency,
        nas_count: k,
        loss: args.loss,
        elapsed_s: elapsed,
        authentications_per_s: done as f64 / elapsed.max(1e-9),
        outcomes,
        failures,
        latency_ms: Latency {
            p50: percentile(&latencies, 0.50),
            p95: percentile(&latencies, 0.95),
            p99: percentile(&latencies, 0.99),
            max: latencies.last().copied().unwrap_or(0.0),
        },
        retransmissions,
        client_cpu_ms_per_auth: cpu.as_secs_f64() * 1000.0 / done.max(1) as f64,
    };
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&summary).expect("summary serialises")
        ),
        Format::Human => print!("{}", human(&summary, setup.server)),
    }
    ExitCode::from(if summary.failures > 0 {
        EXIT_FINDINGS
    } else if done == 0 {
        EXIT_INPUT
    } else {
        EXIT_OK
    })
}

fn draw(done: u64, count: u64, elapsed: Duration) {
    let width = 30usize;
    let filled = (done as f64 / count.max(1) as f64 * width as f64) as usize;
    let rate = done as f64 / elapsed.as_secs_f64().max(1e-9);
    let mut err = std::io::stderr();
    let _ = write!(
        err,
        "\r[{}{}] {done}/{count} {rate:.0} auth/s",
        "#".repeat(filled),
        ".".repeat(width - filled)
    );
    let _ = err.flush();
}

fn human(s: &LoadSummary, server: SocketAddr) -> String {
    let outcomes: Vec<String> = s.outcomes.iter().map(|(k, v)| format!("{k} {v}")).collect();
    format!(
        "load against {server}: {} authentications, concurrency {}, {} NAS address(es), loss {}\n  \
         authentications/s: {:.1} ({:.2} s)\n  \
         latency: p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms\n  \
         outcomes: {}\n  \
         failures: {}\n  \
         retransmissions: {}\n  \
         generator CPU: {:.3} ms per authentication\n",
        s.count,
        s.concurrency,
        s.nas_count,
        s.loss,
        s.authentications_per_s,
        s.elapsed_s,
        s.latency_ms.p50,
        s.latency_ms.p95,
        s.latency_ms.p99,
        s.latency_ms.max,
        outcomes.join(", "),
        s.failures,
        s.retransmissions,
        s.client_cpu_ms_per_auth
    )
}
