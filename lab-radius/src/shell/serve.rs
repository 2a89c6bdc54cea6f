//! The tokio shell: one UDP socket, a 1-second timer for expiry, Ctrl-C/SIGTERM to stop.
//! It moves datagrams and the clock's time into the engine and logs the engine's events.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use tokio::net::UdpSocket;
use tracing::{info, warn};

use super::config::Settings;
use super::logging::EventLog;
use crate::proto::eap::SessionLimits;
use crate::proto::engine::{Engine, EngineConfig, RandomSource};
use crate::proto::tls::setup::TlsSetup;

pub async fn serve(settings: Settings, setup: Arc<TlsSetup>) -> std::io::Result<()> {
    let socket = UdpSocket::bind(settings.listen)
        .await
        .map_err(|e| std::io::Error::new(e.kind(), bind_error_text(settings.listen, &e)))?;
    let local = socket.local_addr()?;
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
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            received = socket.recv_from(&mut buf) => {
                let (len, source) = match received {
                    Ok(r) => r,
                    Err(e) => {
                        // ICMP port unreachable from an earlier reply etc.: keep serving.
                        warn!("receive error: {e}");
                        continue;
                    }
                };
                let handled = engine.handle(SystemTime::now(), source, &buf[..len]);
                log.events(Instant::now(), Some(source), &handled.events);
                if let Some(reply) = handled.reply {
                    if let Err(e) = socket.send_to(&reply, source).await {
                        warn!("cannot send reply to {source}: {e}");
                    }
                }
            }
            _ = tick.tick() => {
                let expired = engine.expire(SystemTime::now());
                log.events(Instant::now(), None, &expired);
                log.tick(Instant::now(), engine.stats());
            }
            _ = &mut shutdown => {
                info!("shutting down");
                return Ok(());
            }
        }
    }
}

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

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
        tokio::select! {
            _ = ctrl_c => {}
            _ = async {
                match term.as_mut() {
                    Some(t) => { t.recv().await; }
                    None => std::future::pending::<()>().await,
                }
            } => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
