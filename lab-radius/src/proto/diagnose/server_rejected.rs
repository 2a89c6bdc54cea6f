//! Peer-alert family: the client sent a fatal alert: after our certificate it rejected us
//! (expired, or trust and name settings), before it the client gave up for its own reasons.

use hs20_core::rules::catalogue;
use rustls::{AlertDescription, Error};

use super::{Diagnosis, TlsContext};
use crate::proto::tls::certfacts::date;
use crate::proto::tls::setup::TlsSetup;

pub(super) fn diagnose(error: &Error, ctx: &TlsContext<'_>) -> Option<Diagnosis> {
    let Error::AlertReceived(alert) = error else {
        return None;
    };
    Some(match alert {
        // Not a trust or name problem: the client read our validity dates (or has a wrong clock).
        AlertDescription::CertificateExpired if ctx.server_certificate_sent => {
            rejected_as_expired(ctx.setup)
        }
        _ if ctx.server_certificate_sent => rejected(alert, ctx.setup),
        _ => aborted(alert),
    })
}

fn rejected_as_expired(setup: &TlsSetup) -> Diagnosis {
    Diagnosis::new(
        &catalogue::TLS_CLIENT_REJECTED_SERVER,
        format!(
            "the client rejected our certificate as expired (alert certificate_expired); we sent {}",
            setup
                .server_chain
                .iter()
                .map(|c| format!(
                    "'{}' valid {} .. {}",
                    c.subject,
                    date(c.not_before),
                    date(c.not_after)
                ))
                .collect::<Vec<_>>()
                .join(" <- ")
        ),
        "if a date is past, reissue the server certificate (lab-radius check-config shows it); if not, set the client's clock right",
    )
}

fn rejected(alert: &AlertDescription, setup: &TlsSetup) -> Diagnosis {
    Diagnosis::new(
        &catalogue::TLS_CLIENT_REJECTED_SERVER,
        format!(
            "the client rejected our certificate (alert {}); we sent {}",
            alert_name(alert),
            chain_text(setup)
        ),
        format!(
            "check the client's CA and server-name settings: it must trust the root that issued our chain and expect one of our names ({})",
            setup
                .server_chain
                .first()
                .map(|c| c.dns_names.join(", "))
                .unwrap_or_default()
        ),
    )
}

fn aborted(alert: &AlertDescription) -> Diagnosis {
    Diagnosis::new(
        &catalogue::TLS_CLIENT_ABORTED,
        format!(
            "the client aborted the handshake with alert {}",
            alert_name(alert)
        ),
        "read the supplicant's log for why it gave up",
    )
}

fn chain_text(setup: &TlsSetup) -> String {
    setup
        .server_chain
        .iter()
        .map(|c| format!("'{}'", c.subject))
        .collect::<Vec<_>>()
        .join(" <- ")
}

fn alert_name(alert: &AlertDescription) -> String {
    let debug = format!("{alert:?}");
    // CamelCase -> snake_case, the name TLS specs and OpenSSL logs use.
    let mut out = String::new();
    let mut previous_lower = false;
    for ch in debug.chars() {
        if ch.is_uppercase() && previous_lower {
            out.push('_');
        }
        previous_lower = ch.is_lowercase();
        out.push(ch.to_ascii_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alert_names_are_snake_case() {
        assert_eq!(alert_name(&AlertDescription::UnknownCA), "unknown_ca");
        assert_eq!(
            alert_name(&AlertDescription::BadCertificate),
            "bad_certificate"
        );
    }
}
