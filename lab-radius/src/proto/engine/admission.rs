//! Admission rules: which datagrams the engine answers at all. A configured client, a code we
//! answer, and a Message-Authenticator that verifies with that client's secret.

use std::net::SocketAddr;

use super::clients::{Client, ClientTable};
use super::event::DropReason;
use crate::proto::diagnose::{self, Diagnosis};
use crate::proto::radius::attr::{ACCESS_REQUEST, STATUS_SERVER};
use crate::proto::radius::auth::{self, MessageAuthenticator};
use crate::proto::radius::Packet;

/// Why a request gets no answer: silently, or with a diagnosis for the log.
#[derive(Debug)]
pub(super) enum Refusal {
    Drop(DropReason),
    Fail(Diagnosis),
}

/// The client a request comes from, if it may be answered.
pub(super) fn admit<'a>(
    clients: &'a ClientTable,
    source: SocketAddr,
    datagram: &[u8],
    request: &Packet,
) -> Result<&'a Client, Refusal> {
    let client = known_client(clients, source, request)?;
    answered_code(request)?;
    authenticated(client, source, datagram, request)?;
    Ok(client)
}

fn known_client<'a>(
    clients: &'a ClientTable,
    source: SocketAddr,
    request: &Packet,
) -> Result<&'a Client, Refusal> {
    clients.lookup(source.ip()).ok_or_else(|| {
        Refusal::Fail(diagnose::radius::unknown_client(
            request.code,
            source,
            &clients.prefixes(),
        ))
    })
}

/// lab-radius answers Access-Request and Status-Server, nothing else.
fn answered_code(request: &Packet) -> Result<(), Refusal> {
    match request.code {
        ACCESS_REQUEST | STATUS_SERVER => Ok(()),
        code => Err(Refusal::Drop(DropReason::NotAnswered { code })),
    }
}

/// Message-Authenticator is required (Blast-RADIUS) and must verify with the client's secret.
fn authenticated(
    client: &Client,
    source: SocketAddr,
    datagram: &[u8],
    request: &Packet,
) -> Result<(), Refusal> {
    let (code, id) = (request.code, request.identifier);
    match auth::verify_request(datagram, &client.secret) {
        MessageAuthenticator::Valid => Ok(()),
        MessageAuthenticator::Missing => Err(Refusal::Fail(
            diagnose::radius::no_message_authenticator(code, id, source),
        )),
        // Malformed attributes are named exactly: rotating the secret would not help.
        MessageAuthenticator::Duplicate => Err(Refusal::Fail(
            diagnose::radius::duplicate_message_authenticator(code, id, source),
        )),
        MessageAuthenticator::WrongLength(length) => Err(Refusal::Fail(
            diagnose::radius::message_authenticator_length(code, id, source, length),
        )),
        MessageAuthenticator::Invalid | MessageAuthenticator::Malformed => Err(Refusal::Fail(
            diagnose::radius::bad_secret(code, id, source, &client.prefix),
        )),
    }
}
