//! The one PKCS#12 reader of the workspace (RFC 7292): PFX → MacData and AuthenticatedSafe →
//! ContentInfo (data / encryptedData) → SafeContents → bags. BER is normalised at every level
//! (the PFX, the AuthenticatedSafe, each SafeContents, each decrypted plaintext), the MAC is
//! checked with SHA-1/SHA-2 or PBMAC1 (RFC 9579), and decryption covers the PKCS#12 PBE
//! schemes and PBES2 with PBKDF2. An empty password is tried in both encodings (two zero bytes,
//! then zero-length) and the one that matched is reported. Nothing here echoes the password.

use super::crypto::{self, bmp_password, Budget, Hash};
use super::inventory::{
    digest_name, hmac_name, parse_scheme, EmptyPassword, Inventory, KeyInfo, MacInfo, PbeInfo,
    Scheme, OID_PBMAC1,
};
use super::{CertEntry, KeyEntry, P12Error};
use crate::der::ber;
use crate::der::reader::{
    Asn1Error, Reader, Tlv, TAG_CONTEXT_0, TAG_INTEGER, TAG_OCTET_STRING, TAG_OID, TAG_SEQUENCE,
    TAG_SET,
};

const OID_DATA: &str = "1.2.840.113549.1.7.1";
const OID_ENCRYPTED_DATA: &str = "1.2.840.113549.1.7.6";
const OID_ENVELOPED_DATA: &str = "1.2.840.113549.1.7.3";
const OID_KEY_BAG: &str = "1.2.840.113549.1.12.10.1.1";
const OID_SHROUDED_KEY_BAG: &str = "1.2.840.113549.1.12.10.1.2";
const OID_CERT_BAG: &str = "1.2.840.113549.1.12.10.1.3";
const OID_CRL_BAG: &str = "1.2.840.113549.1.12.10.1.4";
const OID_SECRET_BAG: &str = "1.2.840.113549.1.12.10.1.5";
const OID_SAFE_CONTENTS_BAG: &str = "1.2.840.113549.1.12.10.1.6";
const OID_X509_CERT: &str = "1.2.840.113549.1.9.22.1";
const OID_FRIENDLY_NAME: &str = "1.2.840.113549.1.9.20";
const OID_LOCAL_KEY_ID: &str = "1.2.840.113549.1.9.21";
const OID_PBKDF2: &str = "1.2.840.113549.1.5.12";
const TAG_BMP_STRING: u8 = 0x1e;
const TAG_CONTEXT_PRIM_0: u8 = 0x80;
/// Nested safeContentsBags followed (real files use none).
const MAX_BAG_DEPTH: usize = 4;

/// What the walk produced.
pub(crate) struct Walked {
    pub der: Vec<u8>,
    pub inventory: Inventory,
    pub keys: Vec<KeyEntry>,
    pub certs: Vec<CertEntry>,
}

struct Walk<'p> {
    /// None: inventory only.
    password: Option<&'p str>,
    /// The PKCS#12-KDF password form that proved right (MAC or first decryption).
    chosen: Option<Vec<u8>>,
    mac_verified: bool,
    budget: Budget,
    inv: Inventory,
    keys: Vec<KeyEntry>,
    certs: Vec<CertEntry>,
}

fn asn1(e: Asn1Error) -> P12Error {
    match e {
        Asn1Error::Unsupported(what) => P12Error::Unsupported(what.to_string()),
        other => P12Error::NotPkcs12(other.to_string()),
    }
}

fn ber_err(where_: &str) -> impl Fn(ber::BerError) -> P12Error + '_ {
    move |e| P12Error::NotPkcs12(format!("{where_}: {e}"))
}

fn too_much(needed: u64, limit: u64) -> P12Error {
    P12Error::TooMuchWork { needed, limit }
}

/// Walks `bytes` (BER or DER); decrypts and verifies when `password` is given.
pub(crate) fn walk(
    bytes: &[u8],
    password: Option<&str>,
    max_kdf_iterations: u64,
) -> Result<Walked, P12Error> {
    let der = ber::to_der(bytes).map_err(ber_err("PFX"))?;
    let mut w = Walk {
        password,
        chosen: None,
        mac_verified: false,
        budget: Budget::new(max_kdf_iterations),
        inv: Inventory {
            ber_encoded: der != bytes,
            ..Inventory::default()
        },
        keys: Vec::new(),
        certs: Vec::new(),
    };
    w.pfx(&der)?;
    w.inv.kdf_work = w.budget.spent;
    Ok(Walked {
        der,
        inventory: w.inv,
        keys: w.keys,
        certs: w.certs,
    })
}

/// Normalises BER inside an OCTET STRING's content; notes when it was BER.
fn normalise(bytes: &[u8], what: &str, inv: &mut Inventory) -> Result<Vec<u8>, P12Error> {
    let der = ber::to_der(bytes).map_err(ber_err(what))?;
    if der != bytes {
        inv.ber_encoded = true;
    }
    Ok(der)
}

impl Walk<'_> {
    fn pfx(&mut self, der: &[u8]) -> Result<(), P12Error> {
        let pfx = Reader::new(der)
            .next_expect(TAG_SEQUENCE, "PFX SEQUENCE")
            .map_err(asn1)?;
        let mut fields = pfx.children();
        let version = fields
            .next_expect(TAG_INTEGER, "PFX version")
            .map_err(asn1)?;
        if version.as_u64().map_err(asn1)? != 3 {
            return Err(P12Error::NotPkcs12("PFX version is not 3".into()));
        }
        let auth_safe = fields
            .next_expect(TAG_SEQUENCE, "authSafe ContentInfo")
            .map_err(asn1)?;
        let mac_data = if fields.is_empty() {
            None
        } else {
            Some(fields.next_expect(TAG_SEQUENCE, "MacData").map_err(asn1)?)
        };
        let mut ci = auth_safe.children();
        let content_type = ci
            .next_expect(TAG_OID, "content type")
            .map_err(asn1)?
            .as_oid()
            .map_err(asn1)?;
        if content_type != OID_DATA {
            return Err(P12Error::Unsupported(
                "public-key integrity mode (authSafe is signed, not password-MACed); Apple's importer accepts password integrity only".into(),
            ));
        }
        let content = ci
            .next_expect(TAG_CONTEXT_0, "[0] content")
            .map_err(asn1)?
            .children()
            .next_expect(TAG_OCTET_STRING, "authSafe OCTET STRING")
            .map_err(asn1)?
            .value;
        if let Some(mac_data) = mac_data {
            self.mac(mac_data, content)?;
        }
        let safes = normalise(content, "AuthenticatedSafe", &mut self.inv)?;
        let safes = Reader::new(&safes)
            .next_expect(TAG_SEQUENCE, "AuthenticatedSafe")
            .map_err(asn1)?;
        let mut safes = safes.children();
        while !safes.is_empty() {
            let info = safes
                .next_expect(TAG_SEQUENCE, "ContentInfo")
                .map_err(asn1)?;
            self.content_info(info)?;
        }
        Ok(())
    }

    fn mac(&mut self, mac_data: Tlv<'_>, content: &[u8]) -> Result<(), P12Error> {
        let mut fields = mac_data.children();
        let digest_info = fields
            .next_expect(TAG_SEQUENCE, "DigestInfo")
            .map_err(asn1)?;
        let mut di = digest_info.children();
        let alg = di
            .next_expect(TAG_SEQUENCE, "digestAlgorithm")
            .map_err(asn1)?;
        let digest = di
            .next_expect(TAG_OCTET_STRING, "MAC digest")
            .map_err(asn1)?
            .value;
        let mut alg_fields = alg.children();
        let oid = alg_fields
            .next_expect(TAG_OID, "digest OID")
            .map_err(asn1)?
            .as_oid()
            .map_err(asn1)?;
        let salt = fields
            .next_expect(TAG_OCTET_STRING, "macSalt")
            .map_err(asn1)?
            .value;
        let iterations = if fields.peek_tag() == Some(TAG_INTEGER) {
            fields.next_tlv().map_err(asn1)?.as_u64().map_err(asn1)?
        } else {
            1
        };
        if oid == OID_PBMAC1 {
            let params = alg_fields
                .next_expect(TAG_SEQUENCE, "PBMAC1 parameters")
                .map_err(asn1)?;
            return self.pbmac1(params, digest, content);
        }
        let hash = Hash::from_digest_oid(&oid);
        self.inv.mac = Some(MacInfo {
            algorithm: digest_name(&oid),
            iterations,
            salt_len: salt.len(),
            prf: None,
            hmac: None,
        });
        let Some(password) = self.password else {
            return Ok(());
        };
        let Some(hash) = hash else {
            // A digest hs20check does not implement (MD5, SHA-512/224…): the MAC stays
            // unverified, the contents are still decrypted and the report names the digest.
            return Ok(());
        };
        for (form, encoded) in password_forms(password) {
            let key = crypto::pkcs12_kdf(
                hash,
                &encoded,
                salt,
                iterations,
                3,
                hash.output_len(),
                &mut self.budget,
            )
            .map_err(|n| too_much(n, self.budget.limit))?;
            if crypto::hmac_verify(hash, &key, content, digest) {
                self.inv.empty_password_encoding = form;
                self.chosen = Some(encoded);
                self.mac_verified = true;
                return Ok(());
            }
        }
        Err(P12Error::WrongPassword)
    }

    fn pbmac1(&mut self, params: Tlv<'_>, digest: &[u8], content: &[u8]) -> Result<(), P12Error> {
        let mut p = params.children();
        let kdf = p
            .next_expect(TAG_SEQUENCE, "PBMAC1 keyDerivationFunc")
            .map_err(asn1)?;
        let mac_alg = p
            .next_expect(TAG_SEQUENCE, "PBMAC1 messageAuthScheme")
            .map_err(asn1)?;
        let hmac_oid = mac_alg
            .children()
            .next_expect(TAG_OID, "HMAC OID")
            .map_err(asn1)?
            .as_oid()
            .map_err(asn1)?;
        let mut kdf = kdf.children();
        let kdf_oid = kdf
            .next_expect(TAG_OID, "KDF OID")
            .map_err(asn1)?
            .as_oid()
            .map_err(asn1)?;
        if kdf_oid != OID_PBKDF2 {
            return Err(P12Error::Unsupported(format!(
                "PBMAC1 with key derivation {kdf_oid} (RFC 9579 requires PBKDF2)"
            )));
        }
        let kp = kdf
            .next_expect(TAG_SEQUENCE, "PBKDF2 parameters")
            .map_err(asn1)?;
        let mut kp = kp.children();
        let salt = kp
            .next_expect(TAG_OCTET_STRING, "PBKDF2 salt")
            .map_err(asn1)?
            .value;
        let iterations = kp
            .next_expect(TAG_INTEGER, "iterationCount")
            .map_err(asn1)?
            .as_u64()
            .map_err(asn1)?;
        let key_len = kp
            .next_expect(TAG_INTEGER, "keyLength (RFC 9579 requires it)")
            .map_err(asn1)?
            .as_u64()
            .map_err(asn1)?;
        let (prf_name, prf) = if kp.peek_tag() == Some(TAG_SEQUENCE) {
            let oid = kp
                .next_tlv()
                .map_err(asn1)?
                .children()
                .next_expect(TAG_OID, "PRF OID")
                .map_err(asn1)?
                .as_oid()
                .map_err(asn1)?;
            (hmac_name(&oid), Hash::from_hmac_oid(&oid))
        } else {
            ("HMAC-SHA1".to_string(), Some(Hash::Sha1))
        };
        let hmac = Hash::from_hmac_oid(&hmac_oid);
        self.inv.mac = Some(MacInfo {
            algorithm: "PBMAC1".into(),
            iterations,
            salt_len: salt.len(),
            prf: Some(prf_name.clone()),
            hmac: Some(hmac_name(&hmac_oid)),
        });
        let Some(password) = self.password else {
            return Ok(());
        };
        let (Some(prf), Some(hmac)) = (prf, hmac) else {
            return Err(P12Error::Unsupported(format!(
                "PBMAC1 with PBKDF2-{prf_name} and {}",
                hmac_name(&hmac_oid)
            )));
        };
        if key_len == 0 || key_len > 256 {
            return Err(P12Error::NotPkcs12(format!(
                "PBMAC1 keyLength {key_len} is not a usable HMAC key length"
            )));
        }
        let key = crypto::pbkdf2(
            prf,
            password.as_bytes(),
            salt,
            iterations,
            key_len as usize,
            &mut self.budget,
        )
        .map_err(|n| too_much(n, self.budget.limit))?;
        if !crypto::hmac_verify(hmac, &key, content, digest) {
            return Err(P12Error::WrongPassword);
        }
        self.mac_verified = true;
        if password.is_empty() {
            // PBKDF2 takes the password's bytes: an empty one has a single form.
            self.inv.empty_password_encoding = Some(EmptyPassword::ZeroLength);
        }
        Ok(())
    }

    fn content_info(&mut self, info: Tlv<'_>) -> Result<(), P12Error> {
        let mut fields = info.children();
        let kind = fields
            .next_expect(TAG_OID, "content type")
            .map_err(asn1)?
            .as_oid()
            .map_err(asn1)?;
        let body = fields
            .next_expect(TAG_CONTEXT_0, "[0] content")
            .map_err(asn1)?;
        match kind.as_str() {
            OID_DATA => {
                let octets = body
                    .children()
                    .next_expect(TAG_OCTET_STRING, "SafeContents OCTET STRING")
                    .map_err(asn1)?;
                let der = normalise(octets.value, "SafeContents", &mut self.inv)?;
                self.safe_contents(&der, 0)
            }
            OID_ENCRYPTED_DATA => {
                let enc = body
                    .children()
                    .next_expect(TAG_SEQUENCE, "EncryptedData")
                    .map_err(asn1)?;
                let mut enc = enc.children();
                enc.next_expect(TAG_INTEGER, "EncryptedData version")
                    .map_err(asn1)?;
                let eci = enc
                    .next_expect(TAG_SEQUENCE, "EncryptedContentInfo")
                    .map_err(asn1)?;
                let mut eci = eci.children();
                eci.next_expect(TAG_OID, "content type").map_err(asn1)?;
                let alg = eci
                    .next_expect(TAG_SEQUENCE, "contentEncryptionAlgorithm")
                    .map_err(asn1)?;
                let (info, scheme) = parse_scheme(alg).map_err(asn1)?;
                self.inv.certificate_encryption.push(info.clone());
                if self.password.is_none() {
                    return Ok(());
                }
                if matches!(scheme, Scheme::Unsupported) {
                    self.inv.undecrypted.push(format!(
                        "an encrypted SafeContents ({}: {})",
                        info.name, info.unsupported
                    ));
                    return Ok(());
                }
                let ciphertext = match eci.next_tlv().map_err(asn1)? {
                    t if t.tag == TAG_CONTEXT_PRIM_0 => t.value.to_vec(),
                    // BER: constructed [0] of OCTET STRING segments (after normalisation
                    // the segments are definite-length OCTET STRINGs).
                    t if t.tag == TAG_CONTEXT_0 => {
                        let mut out = Vec::new();
                        let mut r = t.children();
                        while !r.is_empty() {
                            out.extend_from_slice(
                                r.next_expect(TAG_OCTET_STRING, "encryptedContent segment")
                                    .map_err(asn1)?
                                    .value,
                            );
                        }
                        out
                    }
                    _ => {
                        return Err(P12Error::NotPkcs12(
                            "EncryptedData has no encryptedContent".into(),
                        ))
                    }
                };
                let plain = self.decrypt(&scheme, &info, &ciphertext, "certificates")?;
                let der = normalise(&plain, "decrypted SafeContents", &mut self.inv)?;
                self.safe_contents(&der, 0)
            }
            OID_ENVELOPED_DATA => Err(P12Error::Unsupported(
                "public-key privacy mode (EnvelopedData); Apple's importer reads password-encrypted content only".into(),
            )),
            other => Err(P12Error::NotPkcs12(format!(
                "ContentInfo of unknown type {other}"
            ))),
        }
    }

    fn safe_contents(&mut self, der: &[u8], depth: usize) -> Result<(), P12Error> {
        let contents = Reader::new(der)
            .next_expect(TAG_SEQUENCE, "SafeContents")
            .map_err(asn1)?;
        let mut bags = contents.children();
        while !bags.is_empty() {
            let bag = bags.next_expect(TAG_SEQUENCE, "SafeBag").map_err(asn1)?;
            self.bag(bag, depth)?;
        }
        Ok(())
    }

    fn bag(&mut self, bag: Tlv<'_>, depth: usize) -> Result<(), P12Error> {
        let mut fields = bag.children();
        let bag_id = fields
            .next_expect(TAG_OID, "bagId")
            .map_err(asn1)?
            .as_oid()
            .map_err(asn1)?;
        let value = fields
            .next_expect(TAG_CONTEXT_0, "[0] bagValue")
            .map_err(asn1)?;
        let (friendly_name, local_key_id) = if fields.peek_tag() == Some(TAG_SET) {
            attributes(fields.next_tlv().map_err(asn1)?)
        } else {
            (None, None)
        };
        let inner = value.children().next_tlv().map_err(asn1)?;
        match bag_id.as_str() {
            OID_KEY_BAG => {
                self.inv.plain_key_bags += 1;
                let pkcs8 = inner_der(inner);
                self.push_key(pkcs8, "keyBag", friendly_name, local_key_id);
            }
            OID_SHROUDED_KEY_BAG => {
                let mut epki = inner.children();
                let alg = epki
                    .next_expect(TAG_SEQUENCE, "encryptionAlgorithm")
                    .map_err(asn1)?;
                let data = epki
                    .next_expect(TAG_OCTET_STRING, "encryptedData")
                    .map_err(asn1)?;
                let (info, scheme) = parse_scheme(alg).map_err(asn1)?;
                self.inv.key_encryption.push(info.clone());
                if self.password.is_none() {
                    self.inv.keys.push(KeyInfo {
                        bag: "pkcs8ShroudedKeyBag",
                        algorithm: None,
                        apple_key_type: true,
                    });
                    return Ok(());
                }
                if matches!(scheme, Scheme::Unsupported) {
                    self.inv.undecrypted.push(format!(
                        "a shrouded private key ({}: {})",
                        info.name, info.unsupported
                    ));
                    self.inv.keys.push(KeyInfo {
                        bag: "pkcs8ShroudedKeyBag",
                        algorithm: None,
                        apple_key_type: true,
                    });
                    return Ok(());
                }
                let plain = self.decrypt(&scheme, &info, data.value, "private key")?;
                let pkcs8 = normalise(&plain, "decrypted private key", &mut self.inv)?;
                self.push_key(pkcs8, "pkcs8ShroudedKeyBag", friendly_name, local_key_id);
            }
            OID_CERT_BAG => {
                let mut cb = inner.children();
                let cert_id = cb
                    .next_expect(TAG_OID, "certId")
                    .map_err(asn1)?
                    .as_oid()
                    .map_err(asn1)?;
                if cert_id != OID_X509_CERT {
                    self.inv
                        .other_bags
                        .push(format!("certBag of type {cert_id}"));
                    return Ok(());
                }
                let cert = cb
                    .next_expect(TAG_CONTEXT_0, "[0] certValue")
                    .map_err(asn1)?
                    .children()
                    .next_expect(TAG_OCTET_STRING, "x509Certificate OCTET STRING")
                    .map_err(asn1)?;
                self.inv.plain_cert_bags += 1;
                self.certs.push(CertEntry {
                    der: cert.value.to_vec(),
                    friendly_name,
                    local_key_id,
                });
            }
            OID_SAFE_CONTENTS_BAG => {
                self.inv.other_bags.push("safeContentsBag".into());
                if depth < MAX_BAG_DEPTH {
                    let der = inner_der(inner);
                    self.safe_contents(&der, depth + 1)?;
                }
            }
            OID_CRL_BAG => self.inv.other_bags.push("crlBag".into()),
            OID_SECRET_BAG => self.inv.other_bags.push("secretBag".into()),
            other => self.inv.other_bags.push(format!("bag {other}")),
        }
        Ok(())
    }

    fn push_key(
        &mut self,
        pkcs8_der: Vec<u8>,
        bag: &'static str,
        friendly_name: Option<String>,
        local_key_id: Option<Vec<u8>>,
    ) {
        let (algorithm, apple_key_type) = key_algorithm(&pkcs8_der);
        if let Some(slot) = self
            .inv
            .keys
            .iter_mut()
            .find(|k| k.bag == bag && k.algorithm.is_none())
        {
            slot.algorithm = Some(algorithm);
            slot.apple_key_type = apple_key_type;
        } else {
            self.inv.keys.push(KeyInfo {
                bag,
                algorithm: Some(algorithm),
                apple_key_type,
            });
        }
        self.keys.push(KeyEntry {
            pkcs8_der,
            friendly_name,
            local_key_id,
            shrouded: bag == "pkcs8ShroudedKeyBag",
        });
    }

    /// Decrypts with the password form proved by the MAC, or (no MAC, empty password) each
    /// form in turn until one gives a well-formed plaintext.
    fn decrypt(
        &mut self,
        scheme: &Scheme,
        info: &PbeInfo,
        data: &[u8],
        what: &str,
    ) -> Result<Vec<u8>, P12Error> {
        let password = self.password.unwrap_or_default();
        match scheme {
            Scheme::Unsupported => Err(P12Error::Unsupported(format!(
                "the {what} are encrypted with {} ({}); hs20check cannot decrypt it",
                info.name, info.unsupported
            ))),
            Scheme::Pkcs12 {
                cipher,
                salt,
                iterations,
            } => {
                let forms: Vec<(Option<EmptyPassword>, Vec<u8>)> = match &self.chosen {
                    Some(c) => vec![(self.inv.empty_password_encoding, c.clone())],
                    None => password_forms(password),
                };
                for (form, encoded) in forms {
                    let limit = self.budget.limit;
                    let key = crypto::pkcs12_kdf(
                        Hash::Sha1,
                        &encoded,
                        salt,
                        *iterations,
                        1,
                        cipher.key_len(),
                        &mut self.budget,
                    )
                    .map_err(|n| too_much(n, limit))?;
                    let iv = if cipher.iv_len() > 0 {
                        crypto::pkcs12_kdf(
                            Hash::Sha1,
                            &encoded,
                            salt,
                            *iterations,
                            2,
                            cipher.iv_len(),
                            &mut self.budget,
                        )
                        .map_err(|n| too_much(n, limit))?
                    } else {
                        Vec::new()
                    };
                    if let Some(plain) = cipher.decrypt(&key, &iv, data) {
                        if well_formed(&plain) {
                            if self.chosen.is_none() {
                                self.inv.empty_password_encoding = form;
                                self.chosen = Some(encoded);
                            }
                            return Ok(plain);
                        }
                    }
                }
                Err(self.decrypt_failed(what, info))
            }
            Scheme::Pbes2 {
                prf,
                salt,
                iterations,
                cipher,
                iv,
            } => {
                let limit = self.budget.limit;
                let key = crypto::pbkdf2(
                    *prf,
                    password.as_bytes(),
                    salt,
                    *iterations,
                    cipher.key_len(),
                    &mut self.budget,
                )
                .map_err(|n| too_much(n, limit))?;
                match cipher.decrypt(&key, iv, data) {
                    Some(plain) if well_formed(&plain) => Ok(plain),
                    _ => Err(self.decrypt_failed(what, info)),
                }
            }
        }
    }

    fn decrypt_failed(&self, what: &str, info: &PbeInfo) -> P12Error {
        if self.mac_verified {
            P12Error::NotPkcs12(format!(
                "the MAC verified but the {what} do not decrypt with {}: damaged encrypted content, or an exporter that encrypted with a different password than it MACed with",
                info.name
            ))
        } else {
            P12Error::DecryptionFailed(format!("the {what} ({})", info.name))
        }
    }
}

/// The password as the PKCS#12 KDF may take it: the standard form, and for an empty password
/// also the zero-length one.
fn password_forms(password: &str) -> Vec<(Option<EmptyPassword>, Vec<u8>)> {
    if password.is_empty() {
        vec![
            (Some(EmptyPassword::TwoZeroBytes), bmp_password("", false)),
            (Some(EmptyPassword::ZeroLength), bmp_password("", true)),
        ]
    } else {
        vec![(None, bmp_password(password, false))]
    }
}

/// A decrypted plaintext is one BER/DER SEQUENCE and nothing else (RC4 has no padding to
/// tell a wrong key).
fn well_formed(plain: &[u8]) -> bool {
    plain.first() == Some(&TAG_SEQUENCE) && ber::to_der(plain).is_ok()
}

/// The DER of a bag value element (re-encoded from the parsed TLV).
fn inner_der(t: Tlv<'_>) -> Vec<u8> {
    let mut out = Vec::with_capacity(t.value.len() + 6);
    ber::write_tlv(&mut out, &[t.tag], t.value);
    out
}

fn attributes(set: Tlv<'_>) -> (Option<String>, Option<Vec<u8>>) {
    let mut name = None;
    let mut id = None;
    let mut attrs = set.children();
    while let Ok(attr) = attrs.next_tlv() {
        let mut f = attr.children();
        let Ok(oid) = f.next_tlv().and_then(|t| t.as_oid()) else {
            continue;
        };
        let Ok(values) = f.next_tlv() else { continue };
        let Ok(first) = values.children().next_tlv() else {
            continue;
        };
        match oid.as_str() {
            OID_FRIENDLY_NAME if first.tag == TAG_BMP_STRING => {
                let units: Vec<u16> = first
                    .value
                    .chunks_exact(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                name = Some(String::from_utf16_lossy(&units));
            }
            OID_LOCAL_KEY_ID if first.tag == TAG_OCTET_STRING => id = Some(first.value.to_vec()),
            _ => {}
        }
    }
    (name, id)
}

/// The key's algorithm as a report names it, and whether a SecIdentity can hold it (RSA, EC).
pub fn key_algorithm(pkcs8: &[u8]) -> (String, bool) {
    let kind = crate::x509::keymatch::public_half(pkcs8).map(|h| h.kind);
    match kind {
        Some(k @ crate::x509::KeyKind::Rsa { .. }) => (k.to_string(), true),
        Some(crate::x509::KeyKind::Ec { curve }) => (format!("EC {curve}"), true),
        Some(k) => (k.to_string(), false),
        None => ("unreadable PKCS#8 key".into(), false),
    }
}
