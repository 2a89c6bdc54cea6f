//! What the user asks for: one Passpoint (and optionally SSID) network with EAP-TLS. Every
//! emitter (Apple, Android, wpa_supplicant) reads the same spec.

use crate::error::{ProfileError, Result};
use crate::pkcs12::Identity;
use crate::secret::Secret;
use hs20_core::x509::CertFacts;

/// TLS versions the profile may pin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TlsVersion {
    V1_2,
    V1_3,
}

impl TlsVersion {
    pub fn as_str(self) -> &'static str {
        match self {
            TlsVersion::V1_2 => "1.2",
            TlsVersion::V1_3 => "1.3",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "1.2" => Some(TlsVersion::V1_2),
            "1.3" => Some(TlsVersion::V1_3),
            _ => None,
        }
    }
}

/// How the PKCS#12 goes into the Apple profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pkcs12Form {
    /// Re-encrypted with 3DES + SHA-1 MAC (P12-02). Default.
    Legacy,
    /// The bytes exactly as given.
    AsGiven,
}

/// A network description.
#[derive(Debug, Clone)]
pub struct ProfileSpec {
    /// Home realm (NAI realm of the users).
    pub realm: String,
    pub identity: Identity,
    /// CA certificates (DER) the device trusts for the RADIUS server.
    pub ca_certs: Vec<Vec<u8>>,
    pub trusted_server_names: Vec<String>,
    /// Hotspot 2.0 home domain; the realm when `None`.
    pub domain_name: Option<String>,
    pub nai_realms: Vec<String>,
    pub roaming_consortium_ois: Vec<String>,
    pub mcc_mnc: Vec<String>,
    pub ssid: Option<String>,
    pub operator_name: Option<String>,
    /// Profile PayloadIdentifier (reverse DNS).
    pub identifier: Option<String>,
    pub tls_min: TlsVersion,
    pub tls_max: TlsVersion,
    /// Put the PKCS#12 password into the profile (otherwise the device prompts for it).
    pub embed_password: bool,
    pub pkcs12_form: Pkcs12Form,
    pub fresh_uuids: bool,
    /// `ServiceProviderRoamingEnabled`.
    pub roaming_enabled: bool,
}

impl ProfileSpec {
    /// A spec with the defaults of `hs20check profile`.
    pub fn new(realm: impl Into<String>, identity: Identity, ca_certs: Vec<Vec<u8>>) -> Self {
        ProfileSpec {
            realm: realm.into(),
            identity,
            ca_certs,
            trusted_server_names: vec![],
            domain_name: None,
            nai_realms: vec![],
            roaming_consortium_ois: vec![],
            mcc_mnc: vec![],
            ssid: None,
            operator_name: None,
            identifier: None,
            tls_min: TlsVersion::V1_2,
            tls_max: TlsVersion::V1_2,
            embed_password: false,
            pkcs12_form: Pkcs12Form::Legacy,
            fresh_uuids: false,
            roaming_enabled: true,
        }
    }

    /// Rejects inputs no emitter can express (the validator judges everything else).
    pub fn check(&self) -> Result<()> {
        let bad = |what: &str, reason: String| {
            Err(ProfileError::Invalid {
                what: what.into(),
                reason,
            })
        };
        if self.realm.trim().is_empty() {
            return bad("--realm", "the realm is empty".into());
        }
        if self.ca_certs.is_empty() {
            return bad("--ca", "at least one CA certificate is needed".into());
        }
        for (i, der) in self.ca_certs.iter().enumerate() {
            if let Err(e) = CertFacts::from_der(der) {
                return bad(&format!("--ca certificate #{}", i + 1), e.0);
            }
        }
        // OIs and MCC/MNCs are not input errors: a bad value is a finding of the checks
        // (settings-oi-invalid, mc-invalid-mcc-mnc, …), the same answer on every path.
        if let Some(ssid) = &self.ssid {
            if ssid.is_empty() || ssid.len() > 32 {
                return bad(
                    "--ssid",
                    format!("an SSID is 1..32 bytes, '{ssid}' has {}", ssid.len()),
                );
            }
        }
        if self.tls_min > self.tls_max {
            return bad(
                "--tls-min",
                "the minimum TLS version is above the maximum".into(),
            );
        }
        Ok(())
    }

    pub fn domain(&self) -> &str {
        self.domain_name.as_deref().unwrap_or(&self.realm)
    }

    /// NAI realms for matching: the given ones, or the realm when no other identifier was given.
    pub fn effective_nai_realms(&self) -> Vec<String> {
        if self.nai_realms.is_empty()
            && self.roaming_consortium_ois.is_empty()
            && self.mcc_mnc.is_empty()
        {
            vec![self.realm.clone()]
        } else {
            self.nai_realms.clone()
        }
    }

    /// RCOIs uppercased (API-07: lowercase OIs failed around iOS 16.3).
    pub fn rcois_upper(&self) -> Vec<String> {
        self.roaming_consortium_ois
            .iter()
            .map(|o| o.to_ascii_uppercase())
            .collect()
    }

    /// The identifier of the profile: the given one or `<reversed realm>.hotspot20`.
    pub fn profile_identifier(&self) -> String {
        self.identifier.clone().unwrap_or_else(|| {
            let mut labels: Vec<&str> = self.realm.split('.').filter(|l| !l.is_empty()).collect();
            labels.reverse();
            format!("{}.hotspot20", labels.join("."))
        })
    }

    pub fn operator(&self) -> String {
        self.operator_name
            .clone()
            .unwrap_or_else(|| self.realm.clone())
    }

    /// The password to write into the profile's pkcs12 payload, if asked to.
    pub fn embedded_password(&self) -> Option<&Secret> {
        self.embed_password.then_some(&self.identity.password)
    }

    /// Outer identity: needed by iOS when TLS 1.3 is the minimum (MC-05); also set when TLS 1.3 is
    /// allowed, where it keeps the user name out of the clear.
    pub fn outer_identity(&self) -> Option<String> {
        (self.tls_max == TlsVersion::V1_3).then(|| format!("anonymous@{}", self.realm))
    }
}
