//! The time rustls checks client certificates against: the time the caller gave the engine,
//! not the operating system's clock. Each EAP-TLS session owns one [`SuppliedTime`], sets it
//! before every call into rustls, and hands it to its ServerConfig as the time provider.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rustls::pki_types::UnixTime;
use rustls::time_provider::TimeProvider;

/// Seconds since the Unix epoch, as last supplied.
#[derive(Debug)]
pub struct SuppliedTime {
    unix_secs: AtomicU64,
}

impl SuppliedTime {
    pub fn new(now: SystemTime) -> SuppliedTime {
        SuppliedTime {
            unix_secs: AtomicU64::new(unix_secs(now)),
        }
    }

    pub fn set(&self, now: SystemTime) {
        self.unix_secs.store(unix_secs(now), Ordering::Relaxed);
    }

    pub fn get(&self) -> UnixTime {
        UnixTime::since_unix_epoch(Duration::from_secs(self.unix_secs.load(Ordering::Relaxed)))
    }
}

impl TimeProvider for SuppliedTime {
    fn current_time(&self) -> Option<UnixTime> {
        Some(self.get())
    }
}

/// Whole seconds since the Unix epoch (0 for a time before it).
pub fn unix_secs(now: SystemTime) -> u64 {
    now.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_the_supplied_time() {
        let t = UNIX_EPOCH + Duration::from_secs(1_735_689_600);
        let clock = SuppliedTime::new(t);
        assert_eq!(clock.current_time().unwrap().as_secs(), 1_735_689_600);
        clock.set(t + Duration::from_secs(86_400));
        assert_eq!(clock.current_time().unwrap().as_secs(), 1_735_776_000);
        clock.set(UNIX_EPOCH - Duration::from_secs(1));
        assert_eq!(clock.get().as_secs(), 0);
    }
}
