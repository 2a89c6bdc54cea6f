//! Certificate chains as log text, formatted once per distinct chain: every authentication logs
//! the server chain it sent and the client chain it received, and clients send the same
//! certificates again and again. Keyed by the certificates' SHA-256 fingerprints (a chain's text
//! is a function of its DER bytes); bounded, emptied when full.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::proto::tls::certfacts::{CertFacts, Shown};

/// Distinct chains kept.
pub const CHAIN_TEXT_ENTRIES: usize = 512;

#[derive(Debug)]
pub struct ChainTexts {
    texts: Mutex<HashMap<String, Arc<str>>>,
    capacity: usize,
}

impl ChainTexts {
    pub fn new(capacity: usize) -> Self {
        ChainTexts {
            texts: Mutex::default(),
            capacity: capacity.max(1),
        }
    }

    /// `[leaf] <- [issuer] <- …`, each certificate as [`Shown`] words it.
    pub fn text(&self, chain: &[CertFacts]) -> Arc<str> {
        let key: String = chain.iter().map(|c| c.sha256.as_str()).collect();
        if let Some(text) = self.texts.lock().ok().and_then(|t| t.get(&key).cloned()) {
            return text;
        }
        let text: Arc<str> = chain
            .iter()
            .map(|c| Shown(c).to_string())
            .collect::<Vec<_>>()
            .join("] <- [")
            .into();
        if let Ok(mut texts) = self.texts.lock() {
            if texts.len() >= self.capacity {
                texts.clear();
            }
            texts.insert(key, text.clone());
        }
        text
    }

    pub fn len(&self) -> usize {
        self.texts.lock().map(|t| t.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The process's chain texts (the log is process-wide too).
pub fn chain_text(chain: &[CertFacts]) -> Arc<str> {
    static TEXTS: OnceLock<ChainTexts> = OnceLock::new();
    TEXTS
        .get_or_init(|| ChainTexts::new(CHAIN_TEXT_ENTRIES))
        .text(chain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::tls::certfacts;
    use crate::proto::tls::setup::{pem_certificates, Input};

    fn demo_chain() -> Vec<CertFacts> {
        let pem = include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../certs/server-chain.pem"
        ));
        pem_certificates(pem, Input::ServerChain)
            .unwrap()
            .iter()
            .map(|c| certfacts::parse(c).unwrap())
            .collect()
    }

    #[test]
    fn a_chain_is_formatted_once() {
        let texts = ChainTexts::new(8);
        let chain = demo_chain();
        let first = texts.text(&chain);
        let second = texts.text(&chain);
        assert!(
            Arc::ptr_eq(&first, &second),
            "the second text is the cached one"
        );
        let expected: Vec<String> = chain.iter().map(|c| Shown(c).to_string()).collect();
        assert_eq!(&*first, expected.join("] <- [").as_str());
        assert!(first.contains("radius.example.com"), "{first}");
        // A different chain (the leaf alone) is a different text.
        assert_ne!(&*texts.text(&chain[..1]), &*first);
        assert_eq!(texts.len(), 2);
    }

    #[test]
    fn the_cache_is_bounded() {
        let texts = ChainTexts::new(4);
        let mut chain = demo_chain();
        for i in 0..10 {
            chain[0].sha256 = format!("{i:064x}");
            texts.text(&chain);
            assert!(texts.len() <= 4);
        }
    }
}
