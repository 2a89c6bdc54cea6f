//! The shell around the engine: one blocking UDP socket on one thread, a once-a-second tick for
//! expiry, SIGINT/SIGTERM to stop. It moves datagrams and the clock's time into the engine and
//! logs the engine's events.
//!
//! Why blocking and no async runtime: the engine is single-threaded and there is one socket, so
//! the only other thing to wait for is the clock, and a receive timeout covers it. Per
//! datagram the loop makes one `recvfrom` and one `sendto` (P-256 EAP-TLS 1.3: four of each per
//! authentication).

use std::net::UdpSocket;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use tracing::{info, warn};

use super::config::Settings;
use super::logging::EventLog;
use crate::proto::eap::SessionLimits;
use crate::proto::engine::{Engine, EngineConfig, RandomSource};
use crate::proto::tls::setup::TlsSetup;

/// How often expiry runs and the status line is considered.
const TICK: Duration = Duration::from_secs(1);
/// The longest a receive waits before the loop looks at the clock and the stop flag again.
const RECEIVE_WAIT: Duration = Duration::from_millis(200);

pub fn serve(settings: Settings, setup: Arc<TlsSetup>) -> std::io::Result<()> {
    let socket = UdpSocket::bind(settings.listen)
        .map_err(|e| std::io::Error::new(e.kind(), bind_error_text(settings.listen, &e)))?;
    let local = socket.local_addr()?;
    enlarge_receive_buffer(&socket);
    socket.set_read_timeout(Some(RECEIVE_WAIT))?;
    stop_signal::install();
    let config = EngineConfig {
        limits: SessionLimits {
            fragment_size: settings.fragment_size,
            max_message: settings.max_tls_message,
            ..SessionLimits::default()
        },
        session_timeout: settings.session_timeout,
        max_sessions: settings.max_sessions,
        tls_memory_budget: settings.tls_memory_budget,
        duplicate_ttl: settings.retry_window,
        ..EngineConfig::default()
    };
    let mut log = EventLog::new(config.tls_memory_budget);
    let mut engine = Engine::new(config, setup, settings.clients, system_random());
    info!("listening on {local}");
    let mut buf = vec![0u8; 65536];
    let mut next_tick = Instant::now() + TICK;
    let mut last = engine.stats();
    loop {
        match socket.recv_from(&mut buf) {
            Ok((len, source)) => {
                let handled = engine.handle(SystemTime::now(), source, &buf[..len]);
                log.events(Instant::now(), Some(source), &handled.events);
                if let Some(reply) = handled.reply {
                    if let Err(e) = socket.send_to(&reply, source) {
                        warn!("cannot send reply to {source}: {e}");
                    }
                }
            }
            // The receive timeout, or a signal: look at the clock and the stop flag.
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock
                        | std::io::ErrorKind::TimedOut
                        | std::io::ErrorKind::Interrupted
                ) => {}
            // ICMP port unreachable from an earlier reply etc.: keep serving.
            Err(e) => warn!("receive error: {e}"),
        }
        if stop_signal::received() {
            info!("shutting down");
            return Ok(());
        }
        let now = Instant::now();
        if now >= next_tick {
            next_tick = now + TICK;
            let expired = engine.expire(SystemTime::now());
            log.events(now, None, &expired);
            let stats = engine.stats();
            log.tick(now, stats);
            // The last session ended, or the last cached reply expired.
            if (last.sessions > 0 && stats.sessions == 0)
                || (last.cached_replies > 0 && stats.cached_replies == 0)
            {
                return_freed_memory();
            }
            last = stats;
        }
    }
}

/// Retransmissions of many NASes (or of many sessions of one) come in bursts: a receive buffer
/// larger than the usual 208 KiB default (the kernel caps it at net.core.rmem_max) drops fewer
/// of them before the engine reads them. Best effort: a smaller buffer still works.
#[cfg(unix)]
fn enlarge_receive_buffer(socket: &UdpSocket) {
    use std::os::fd::AsRawFd;
    let size: libc::c_int = RECEIVE_BUFFER;
    // SAFETY: a valid socket descriptor and a c_int option value of the size given.
    unsafe {
        libc::setsockopt(
            socket.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_RCVBUF,
            (&size as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        );
    }
}

#[cfg(not(unix))]
fn enlarge_receive_buffer(_socket: &UdpSocket) {}

const RECEIVE_BUFFER: i32 = 4 * 1024 * 1024;

/// When the last session has ended (and again when the last cached reply expired), hand the memory the sessions freed back to the OS, so that
/// the RSS after a burst or a flood returns towards the idle figure (glibc keeps freed heap
/// otherwise).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn return_freed_memory() {
    // SAFETY: malloc_trim only releases free heap pages; it has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn return_freed_memory() {}

/// The OS random source, for State values and MPPE salts.
pub fn system_random() -> RandomSource {
    let rng = ring::rand::SystemRandom::new();
    Box::new(move |buf: &mut [u8]| {
        ring::rand::SecureRandom::fill(&rng, buf).expect("the OS random source works")
    })
}

/// Why the socket could not be bound, and what to do about it.
pub fn bind_error_text(listen: std::net::SocketAddr, e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let fix = match e.kind() {
        ErrorKind::AddrInUse => format!(
            "another process (FreeRADIUS? another lab-radius?) already uses UDP port {0}; `ss -ulpn 'sport = :{0}'` shows which: stop it, or pick a free port with --listen {1}:PORT",
            listen.port(),
            listen.ip()
        ),
        ErrorKind::PermissionDenied => format!(
            "ports below 1024 need root or CAP_NET_BIND_SERVICE: run as root or use --listen {}:PORT with a port of 1024 or more",
            listen.ip()
        ),
        ErrorKind::AddrNotAvailable => format!(
            "{} is not an address of this host: use 127.0.0.1, 0.0.0.0 (every address) or one that `ip addr` lists",
            listen.ip()
        ),
        _ => "check --listen".to_string(),
    };
    format!("cannot listen on {listen}: {e}: {fix}")
}

/// SIGINT and SIGTERM set a flag the loop reads after every receive. The handler is installed
/// without SA_RESTART, so a signal also ends a receive in progress (EINTR) and the server stops
/// at once rather than at the next receive timeout.
#[cfg(unix)]
mod stop_signal {
    use std::sync::atomic::{AtomicBool, Ordering};

    static STOP: AtomicBool = AtomicBool::new(false);

    extern "C" fn on_signal(_: libc::c_int) {
        // Only an atomic store: async-signal-safe.
        STOP.store(true, Ordering::SeqCst);
    }

    pub fn install() {
        for signal in [libc::SIGINT, libc::SIGTERM] {
            // SAFETY: a zeroed sigaction with an empty mask and a handler that only stores to an
            // atomic; sigaction has no other preconditions.
            unsafe {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as usize;
                libc::sigemptyset(&mut action.sa_mask);
                action.sa_flags = 0;
                libc::sigaction(signal, &action, std::ptr::null_mut());
            }
        }
    }

    pub fn received() -> bool {
        STOP.load(Ordering::SeqCst)
    }
}

#[cfg(not(unix))]
mod stop_signal {
    pub fn install() {}
    pub fn received() -> bool {
        false
    }
}
