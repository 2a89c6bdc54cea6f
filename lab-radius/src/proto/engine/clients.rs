//! RADIUS clients (NASes) and their shared secrets, matched by source address prefix.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpPrefix {
    pub addr: IpAddr,
    pub len: u8,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum PrefixError {
    #[error("'{0}' is not an IP address or ADDR/PREFIX")]
    Address(String),
    #[error("prefix length {len} is too long for {addr}")]
    Length { addr: IpAddr, len: u8 },
}

impl FromStr for IpPrefix {
    type Err = PrefixError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (addr, len) = match s.split_once('/') {
            Some((a, l)) => (a, Some(l)),
            None => (s, None),
        };
        let addr: IpAddr = addr
            .trim()
            .parse()
            .map_err(|_| PrefixError::Address(s.to_string()))?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let len = match len {
            Some(l) => l
                .trim()
                .parse::<u8>()
                .map_err(|_| PrefixError::Address(s.to_string()))?,
            None => max,
        };
        if len > max {
            return Err(PrefixError::Length { addr, len });
        }
        // ::ffff:a.b.c.d/96+ is an IPv4 prefix written the IPv6 way; sources are matched in
        // canonical (IPv4) form, so store it as one.
        if let (IpAddr::V6(v6), true) = (addr, len >= 96) {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return Ok(IpPrefix {
                    addr: IpAddr::V4(v4),
                    len: len - 96,
                });
            }
        }
        Ok(IpPrefix { addr, len })
    }
}

impl IpPrefix {
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - self.len as u32).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - self.len as u32).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl fmt::Display for IpPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.len)
    }
}

/// One NAS entry. The secret is never printed (Debug and Display redact it).
#[derive(Clone)]
pub struct Client {
    pub prefix: IpPrefix,
    pub secret: Vec<u8>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Client({} secret=<redacted>)", self.prefix)
    }
}

/// Errors never quote text that may be the secret: a value without `=` (e.g. `ADDR:SECRET`) or
/// with address and secret swapped is shown only as far as it is a valid address.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ClientSpecError {
    /// Holds the value only when it is a bare address (nothing secret in it), else a placeholder.
    #[error("--client {0} must look like ADDR/PREFIX=SECRET, e.g. 127.0.0.0/8=SECRET")]
    Shape(String),
    #[error("--client: {0}")]
    Prefix(#[from] PrefixError),
    #[error("--client: the text before '=' is not an IP address or ADDR/PREFIX (not shown: it may be the secret); use ADDR/PREFIX=SECRET, e.g. 127.0.0.0/8=SECRET")]
    Address,
    #[error("--client for {0}: empty secret")]
    EmptySecret(String),
}

impl Client {
    /// Parses `ADDR[/PREFIX]=SECRET` (what `--client` takes).
    pub fn parse_spec(spec: &str) -> Result<Client, ClientSpecError> {
        let (net, secret) = spec.split_once('=').ok_or_else(|| {
            ClientSpecError::Shape(match spec.parse::<IpPrefix>() {
                Ok(_) => format!("'{spec}' has no secret:"),
                Err(_) => "value (not shown: it may hold the secret)".into(),
            })
        })?;
        let prefix = net.parse().map_err(|e| match e {
            PrefixError::Address(_) => ClientSpecError::Address,
            other => ClientSpecError::Prefix(other),
        })?;
        if secret.is_empty() {
            return Err(ClientSpecError::EmptySecret(net.into()));
        }
        Ok(Client {
            prefix,
            secret: secret.as_bytes().to_vec(),
        })
    }
}

/// Longest-prefix match over the configured clients.
#[derive(Debug, Clone, Default)]
pub struct ClientTable {
    clients: Vec<Client>,
}

impl ClientTable {
    pub fn new(mut clients: Vec<Client>) -> Self {
        clients.sort_by_key(|c| std::cmp::Reverse(c.prefix.len));
        ClientTable { clients }
    }

    pub fn lookup(&self, ip: IpAddr) -> Option<&Client> {
        self.clients.iter().find(|c| c.prefix.contains(ip))
    }

    pub fn prefixes(&self) -> Vec<String> {
        self.clients.iter().map(|c| c.prefix.to_string()).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.clients.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_prefix_wins() {
        let table = ClientTable::new(vec![
            Client::parse_spec("0.0.0.0/0=any").unwrap(),
            Client::parse_spec("127.0.0.0/8=loop").unwrap(),
            Client::parse_spec("127.0.0.2=two").unwrap(),
            Client::parse_spec("::1/128=six").unwrap(),
        ]);
        let secret = |ip: &str| table.lookup(ip.parse().unwrap()).map(|c| c.secret.clone());
        assert_eq!(secret("127.0.0.2"), Some(b"two".to_vec()));
        assert_eq!(secret("127.0.0.1"), Some(b"loop".to_vec()));
        assert_eq!(secret("192.0.2.1"), Some(b"any".to_vec()));
        assert_eq!(secret("::1"), Some(b"six".to_vec()));
        assert_eq!(secret("::ffff:127.0.0.2"), Some(b"two".to_vec()));
        assert_eq!(secret("::2"), None);
    }

    #[test]
    fn ipv4_mapped_prefixes_match_ipv4_sources() {
        // what a dual-stack socket reports for an IPv4 NAS, and what an operator may copy
        let table = ClientTable::new(vec![
            Client::parse_spec("::ffff:127.0.0.2/128=mapped").unwrap(),
            Client::parse_spec("::ffff:10.0.0.0/104=net").unwrap(),
        ]);
        let secret = |ip: &str| table.lookup(ip.parse().unwrap()).map(|c| c.secret.clone());
        assert_eq!(secret("127.0.0.2"), Some(b"mapped".to_vec()));
        assert_eq!(secret("::ffff:127.0.0.2"), Some(b"mapped".to_vec()));
        assert_eq!(secret("10.1.2.3"), Some(b"net".to_vec()));
        assert_eq!(secret("127.0.0.3"), None);
        assert_eq!(table.prefixes(), ["127.0.0.2/32", "10.0.0.0/8"]);
    }

    #[test]
    fn bad_specs_are_explained() {
        assert!(matches!(
            Client::parse_spec("10.0.0.1"),
            Err(ClientSpecError::Shape(_))
        ));
        assert!(matches!(
            Client::parse_spec("10.0.0.1/33=x"),
            Err(ClientSpecError::Prefix(PrefixError::Length { .. }))
        ));
        assert!(matches!(
            Client::parse_spec("10.0.0.1="),
            Err(ClientSpecError::EmptySecret(_))
        ));
        let dbg = format!("{:?}", Client::parse_spec("10.0.0.0/8=hunter2").unwrap());
        assert!(!dbg.contains("hunter2"));
    }

    #[test]
    fn spec_errors_never_quote_the_secret() {
        // ':' instead of '=', address and secret swapped, a bad address: none may echo hunter2
        for spec in [
            "127.0.0.1:hunter2",
            "hunter2=127.0.0.1",
            "hunter2",
            "10.0.0.300/8=hunter2",
        ] {
            let e = Client::parse_spec(spec).unwrap_err().to_string();
            assert!(!e.contains("hunter2"), "{spec}: {e}");
            assert!(e.contains("ADDR/PREFIX=SECRET"), "{spec}: {e}");
        }
        // a bare address holds no secret: name it
        let e = Client::parse_spec("10.0.0.1").unwrap_err().to_string();
        assert!(e.contains("'10.0.0.1' has no secret"), "{e}");
    }
}
