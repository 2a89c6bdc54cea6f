//! CMS SignedData (RFC 5652) for profiles: signing with attached `id-data` content, DER, with the
//! signer chain (what `openssl smime -sign -nodetach -outform der` makes; MC-SIGN in docs/apple-rules.md),
//! and opening + verifying signed profiles and provisioning profiles.

use cms::builder::{create_signing_time_attribute, SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::ContentInfo;
use cms::signed_data::{EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo};
use der::asn1::OctetString;
use der::oid::ObjectIdentifier;
use der::{Any, Decode, Encode, Tag};
use sha2::Digest;
use signature::hazmat::PrehashVerifier;
use spki::{AlgorithmIdentifierOwned, DecodePublicKey, EncodePublicKey};
use x509_cert::Certificate;

use crate::error::{ProfileError, Result};

const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const ID_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const ID_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.14.3.2.26");
const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const ID_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
const ID_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const SHA1_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.5");
const SHA256_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
const SHA384_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.12");
const SHA512_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13");
const ID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const ECDSA_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.1");
const ECDSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const ECDSA_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3");
const ECDSA_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.4");

enum SigningKey {
    Rsa(Box<rsa::RsaPrivateKey>),
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
}

/// A certificate, its private key and the chain to send along.
pub struct Signer {
    cert: Certificate,
    chain: Vec<Certificate>,
    key: SigningKey,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("subject", &self.cert.tbs_certificate.subject.to_string())
            .finish()
    }
}

impl Signer {
    /// Loads a signer from PEM (or DER) certificate, unencrypted PEM key and optional PEM chain.
    pub fn load(
        cert: &[u8],
        cert_name: &str,
        key: &[u8],
        key_name: &str,
        chain: &[u8],
        chain_name: &str,
    ) -> Result<Self> {
        let cert_der = crate::error::read_certificates(cert, cert_name)?.remove(0);
        let cert = Certificate::from_der(&cert_der).map_err(|e| ProfileError::BadCertificate {
            what: cert_name.into(),
            reason: e.to_string(),
        })?;
        let chain = if chain.is_empty() {
            vec![]
        } else {
            crate::error::read_certificates(chain, chain_name)?
                .iter()
                .map(|d| Certificate::from_der(d))
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(|e| ProfileError::BadCertificate {
                    what: chain_name.into(),
                    reason: e.to_string(),
                })?
        };
        let key = read_key(key, key_name)?;
        let spki_of_key = match &key {
            SigningKey::Rsa(k) => k.to_public_key().to_public_key_der().map(|d| d.into_vec()),
            SigningKey::P256(k) => k.verifying_key().to_public_key_der().map(|d| d.into_vec()),
            SigningKey::P384(k) => k.verifying_key().to_public_key_der().map(|d| d.into_vec()),
        }
        .map_err(|e| ProfileError::BadPrivateKey {
            what: key_name.into(),
            reason: e.to_string(),
        })?;
        let spki_of_cert = cert
            .tbs_certificate
            .subject_public_key_info
            .to_der()
            .map_err(|e| ProfileError::BadCertificate {
                what: cert_name.into(),
                reason: e.to_string(),
            })?;
        if spki_of_key != spki_of_cert {
            return Err(ProfileError::KeyCertMismatch {
                subject: cert.tbs_certificate.subject.to_string(),
            });
        }
        Ok(Signer { cert, chain, key })
    }

    pub fn subject(&self) -> String {
        self.cert.tbs_certificate.subject.to_string()
    }

    /// CMS SignedData, DER, with `content` attached as id-data.
    pub fn sign(&self, content: &[u8]) -> Result<Vec<u8>> {
        let err = |e: &dyn std::fmt::Display| ProfileError::Sign(e.to_string());
        let econtent = Any::new(Tag::OctetString, content.to_vec()).map_err(|e| err(&e))?;
        let eci = EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: Some(econtent),
        };
        let digest_oid = match &self.key {
            SigningKey::P384(_) => ID_SHA384,
            _ => ID_SHA256,
        };
        let digest = AlgorithmIdentifierOwned {
            oid: digest_oid,
            parameters: None,
        };
        let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: self.cert.tbs_certificate.issuer.clone(),
            serial_number: self.cert.tbs_certificate.serial_number.clone(),
        });
        let mut builder = SignedDataBuilder::new(&eci);
        builder
            .add_digest_algorithm(digest.clone())
            .map_err(|e| err(&e))?;
        builder
            .add_certificate(CertificateChoices::Certificate(self.cert.clone()))
            .map_err(|e| err(&e))?;
        for c in &self.chain {
            if c != &self.cert {
                builder
                    .add_certificate(CertificateChoices::Certificate(c.clone()))
                    .map_err(|e| err(&e))?;
            }
        }
        let time = create_signing_time_attribute().map_err(|e| err(&e))?;
        match &self.key {
            SigningKey::Rsa(k) => {
                let signer = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new((**k).clone());
                let mut si = SignerInfoBuilder::new(&signer, sid, digest, &eci, None)
                    .map_err(|e| err(&e))?;
                si.add_signed_attribute(time).map_err(|e| err(&e))?;
                builder
                    .add_signer_info::<_, rsa::pkcs1v15::Signature>(si)
                    .map_err(|e| err(&e))?;
            }
            SigningKey::P256(k) => {
                let mut si =
                    SignerInfoBuilder::new(k, sid, digest, &eci, None).map_err(|e| err(&e))?;
                si.add_signed_attribute(time).map_err(|e| err(&e))?;
                builder
                    .add_signer_info::<_, p256::ecdsa::DerSignature>(si)
                    .map_err(|e| err(&e))?;
            }
            SigningKey::P384(k) => {
                let mut si =
                    SignerInfoBuilder::new(k, sid, digest, &eci, None).map_err(|e| err(&e))?;
                si.add_signed_attribute(time).map_err(|e| err(&e))?;
                builder
                    .add_signer_info::<_, p384::ecdsa::DerSignature>(si)
                    .map_err(|e| err(&e))?;
            }
        }
        let ci = builder.build().map_err(|e| err(&e))?;
        ci.to_der().map_err(|e| err(&e))
    }
}

fn read_key(bytes: &[u8], what: &str) -> Result<SigningKey> {
    use p256::pkcs8::DecodePrivateKey;
    use rsa::pkcs1::DecodeRsaPrivateKey;
    let bad = |reason: String| ProfileError::BadPrivateKey {
        what: what.into(),
        reason,
    };
    let blocks: Vec<(String, Vec<u8>)> = if bytes.starts_with(&[0x30]) {
        vec![("PRIVATE KEY".into(), bytes.to_vec())]
    } else {
        x509_parser::pem::Pem::iter_from_buffer(bytes)
            .map(|p| p.map(|p| (p.label, p.contents)))
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| bad(e.to_string()))?
    };
    for (label, der) in blocks {
        match label.as_str() {
            "PRIVATE KEY" => {
                if let Ok(k) = p256::ecdsa::SigningKey::from_pkcs8_der(&der) {
                    return Ok(SigningKey::P256(k));
                }
                if let Ok(k) = p384::ecdsa::SigningKey::from_pkcs8_der(&der) {
                    return Ok(SigningKey::P384(k));
                }
                return rsa::RsaPrivateKey::from_pkcs8_der(&der)
                    .map(|k| SigningKey::Rsa(Box::new(k)))
                    .map_err(|_| bad("PKCS#8 key is not RSA, P-256 or P-384".into()));
            }
            "EC PRIVATE KEY" => {
                if let Ok(k) = p256::SecretKey::from_sec1_der(&der) {
                    return Ok(SigningKey::P256(k.into()));
                }
                return p384::SecretKey::from_sec1_der(&der)
                    .map(|k| SigningKey::P384(k.into()))
                    .map_err(|_| bad("EC key is not on P-256 or P-384".into()));
            }
            "RSA PRIVATE KEY" => {
                return rsa::RsaPrivateKey::from_pkcs1_der(&der)
                    .map(|k| SigningKey::Rsa(Box::new(k)))
                    .map_err(|e| bad(e.to_string()));
            }
            "ENCRYPTED PRIVATE KEY" => {
                return Err(bad(
                    "the key is encrypted; decrypt it first (openssl pkey)".into()
                ))
            }
            _ => {}
        }
    }
    Err(bad("no PEM private key block found".into()))
}

/// Why a signature was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureProblem {
    /// The signature or digest does not match: content or signature altered, or wrong certificate.
    Invalid(String),
    /// An algorithm this tool cannot verify (it is not necessarily wrong).
    Unsupported(String),
}

/// One SignerInfo and what verification found.
#[derive(Debug, Clone)]
pub struct SignerCheck {
    /// The signer's certificate, when the container carries it.
    pub certificate: Option<Vec<u8>>,
    pub result: std::result::Result<(), SignatureProblem>,
}

/// A decoded SignedData.
#[derive(Debug, Clone)]
pub struct SignedEnvelope {
    /// The encapsulated content (the plist).
    pub content: Vec<u8>,
    /// Every certificate in the container.
    pub certificates: Vec<Vec<u8>>,
    pub signers: Vec<SignerCheck>,
}

/// True when `bytes` looks like a DER/BER SEQUENCE (a CMS ContentInfo) rather than a plist.
pub fn looks_like_cms(bytes: &[u8]) -> bool {
    bytes.first() == Some(&0x30)
}

/// Decodes a CMS SignedData with attached content and verifies each signer.
pub fn open(bytes: &[u8]) -> std::result::Result<SignedEnvelope, String> {
    let der_bytes = crate::ber::to_der(bytes).map_err(|e| format!("not DER/BER: {e}"))?;
    let ci = ContentInfo::from_der(&der_bytes).map_err(|e| e.to_string())?;
    if ci.content_type != ID_SIGNED_DATA {
        return Err(format!(
            "content type {} is not SignedData",
            ci.content_type
        ));
    }
    let sd: SignedData = ci.content.decode_as().map_err(|e| e.to_string())?;
    let econtent = sd
        .encap_content_info
        .econtent
        .as_ref()
        .ok_or("detached signature: no content inside")?;
    let content = OctetString::from_der(&econtent.to_der().map_err(|e| e.to_string())?)
        .map(|o| o.as_bytes().to_vec())
        .unwrap_or_else(|_| econtent.value().to_vec());
    let mut certs: Vec<Certificate> = Vec::new();
    if let Some(set) = &sd.certificates {
        for c in set.0.iter() {
            if let CertificateChoices::Certificate(c) = c {
                certs.push(c.clone());
            }
        }
    }
    let mut signers = Vec::new();
    for si in sd.signer_infos.0.iter() {
        let cert = find_signer_cert(si, &certs);
        let result = match cert {
            None => Err(SignatureProblem::Invalid(
                "the signer's certificate is not in the container".into(),
            )),
            Some(c) => verify_signer(si, c, &content),
        };
        signers.push(SignerCheck {
            certificate: cert.and_then(|c| c.to_der().ok()),
            result,
        });
    }
    let certificates = certs.iter().filter_map(|c| c.to_der().ok()).collect();
    Ok(SignedEnvelope {
        content,
        certificates,
        signers,
    })
}

fn find_signer_cert<'a>(si: &SignerInfo, certs: &'a [Certificate]) -> Option<&'a Certificate> {
    certs.iter().find(|c| match &si.sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => {
            c.tbs_certificate.issuer == ias.issuer
                && c.tbs_certificate.serial_number == ias.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => {
            let der = c.to_der().unwrap_or_default();
            x509_parser::parse_x509_certificate(&der)
                .ok()
                .and_then(|(_, x)| {
                    x.extensions()
                        .iter()
                        .find_map(|e| match e.parsed_extension() {
                            x509_parser::extensions::ParsedExtension::SubjectKeyIdentifier(k) => {
                                Some(k.0.to_vec())
                            }
                            _ => None,
                        })
                })
                .is_some_and(|k| k == ski.0.as_bytes())
        }
    })
}

fn hash(oid: &ObjectIdentifier, data: &[u8]) -> Option<Vec<u8>> {
    Some(match *oid {
        ID_SHA1 => sha1::Sha1::digest(data).to_vec(),
        ID_SHA256 => sha2::Sha256::digest(data).to_vec(),
        ID_SHA384 => sha2::Sha384::digest(data).to_vec(),
        ID_SHA512 => sha2::Sha512::digest(data).to_vec(),
        _ => return None,
    })
}

fn verify_signer(
    si: &SignerInfo,
    cert: &Certificate,
    content: &[u8],
) -> std::result::Result<(), SignatureProblem> {
    use SignatureProblem::*;
    let digest_oid = si.digest_alg.oid;
    let content_digest = hash(&digest_oid, content)
        .ok_or_else(|| Unsupported(format!("digest algorithm {digest_oid}")))?;
    let signed_bytes = match &si.signed_attrs {
        Some(attrs) => {
            let md = attrs
                .iter()
                .find(|a| a.oid == ID_MESSAGE_DIGEST)
                .and_then(|a| a.values.iter().next())
                .and_then(|v| v.decode_as::<OctetString>().ok())
                .ok_or_else(|| Invalid("signed attributes lack a message digest".into()))?;
            if md.as_bytes() != content_digest.as_slice() {
                return Err(Invalid(
                    "the content does not match the signed message digest (content altered)".into(),
                ));
            }
            attrs.to_der().map_err(|e| Invalid(e.to_string()))?
        }
        None => content.to_vec(),
    };
    let sig_oid = si.signature_algorithm.oid;
    let (kind, sig_digest) = match sig_oid {
        RSA_ENCRYPTION => ("rsa", digest_oid),
        SHA1_WITH_RSA => ("rsa", ID_SHA1),
        SHA256_WITH_RSA => ("rsa", ID_SHA256),
        SHA384_WITH_RSA => ("rsa", ID_SHA384),
        SHA512_WITH_RSA => ("rsa", ID_SHA512),
        ID_EC_PUBLIC_KEY => ("ec", digest_oid),
        ECDSA_SHA1 => ("ec", ID_SHA1),
        ECDSA_SHA256 => ("ec", ID_SHA256),
        ECDSA_SHA384 => ("ec", ID_SHA384),
        ECDSA_SHA512 => ("ec", ID_SHA512),
        other => return Err(Unsupported(format!("signature algorithm {other}"))),
    };
    let prehash = hash(&sig_digest, &signed_bytes)
        .ok_or_else(|| Unsupported(format!("digest algorithm {sig_digest}")))?;
    let spki = cert
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .map_err(|e| Invalid(e.to_string()))?;
    let sig = si.signature.as_bytes();
    let bad = || Invalid("the signature does not verify with the signer's public key".into());
    if kind == "rsa" {
        let key = rsa::RsaPublicKey::from_public_key_der(&spki).map_err(|_| {
            Invalid("signature algorithm is RSA but the certificate key is not".into())
        })?;
        let scheme = match sig_digest {
            ID_SHA1 => rsa::Pkcs1v15Sign::new::<sha1::Sha1>(),
            ID_SHA256 => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
            ID_SHA384 => rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
            _ => rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
        };
        return key.verify(scheme, &prehash, sig).map_err(|_| bad());
    }
    if let Ok(key) = p256::ecdsa::VerifyingKey::from_public_key_der(&spki) {
        let s = p256::ecdsa::Signature::from_der(sig).map_err(|_| bad())?;
        return key.verify_prehash(&prehash, &s).map_err(|_| bad());
    }
    if let Ok(key) = p384::ecdsa::VerifyingKey::from_public_key_der(&spki) {
        let s = p384::ecdsa::Signature::from_der(sig).map_err(|_| bad())?;
        return key.verify_prehash(&prehash, &s).map_err(|_| bad());
    }
    Err(Unsupported(
        "ECDSA key on a curve other than P-256/P-384".into(),
    ))
}
