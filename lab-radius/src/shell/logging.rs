//! Log output: human (default) or JSON lines, on stdout. The engine's events, rendered as lines
//! (`render`), become tracing events inside a span per EAP session.

use std::io::IsTerminal;

use tracing::level_filters::LevelFilter;
use tracing::{debug, info, info_span, warn};

use super::config::LogFormat;
use super::render::{render, Level, Line, Verdict};
use crate::proto::engine::Event;

static JSON: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
/// `--quiet`: only warnings and FAILURE lines; other events are not even formatted.
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub fn init(format: LogFormat, verbose: bool, quiet: bool) {
    JSON.store(
        format == LogFormat::Json,
        std::sync::atomic::Ordering::Relaxed,
    );
    QUIET.store(quiet, std::sync::atomic::Ordering::Relaxed);
    let level = if quiet {
        LevelFilter::WARN
    } else if verbose {
        LevelFilter::DEBUG
    } else {
        LevelFilter::INFO
    };
    let builder = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_target(false)
        .with_writer(std::io::stdout);
    match format {
        LogFormat::Human => builder.with_ansi(std::io::stdout().is_terminal()).init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
}

fn emit(r: &Line) {
    match &r.verdict {
        // Human lines already say everything in the message; JSON gets separate fields.
        Some(Verdict::Failure(_)) if !JSON.load(std::sync::atomic::Ordering::Relaxed) => {
            warn!("{}", r.text)
        }
        Some(Verdict::Failure(d)) => warn!(
            outcome = "failure",
            code = d.code,
            cause = %d.cause,
            fix = %d.fix,
            diagnosis = %d,
            "{}",
            r.text
        ),
        Some(Verdict::Success) if !JSON.load(std::sync::atomic::Ordering::Relaxed) => {
            info!("{}", r.text)
        }
        Some(Verdict::Success) => info!(outcome = "success", "{}", r.text),
        None => match r.level {
            Level::Debug => debug!("{}", r.text),
            Level::Info => info!("{}", r.text),
            Level::Warn => warn!("{}", r.text),
        },
    }
}

pub fn log_line(r: &Line) {
    match &r.session {
        Some(s) => info_span!(
            "eap",
            session = s.id,
            nas = %s.nas,
            station = %s.station,
            identity = %s.identity
        )
        .in_scope(|| emit(r)),
        None => emit(r),
    }
}

/// Logs an engine event (if the log shows it).
pub fn log_event(event: &Event) {
    if QUIET.load(std::sync::atomic::Ordering::Relaxed) && !super::render::is_warning(event) {
        return;
    }
    if let Some(line) = render(event) {
        log_line(&line);
    }
}
