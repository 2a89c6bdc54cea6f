//! Bounds a property list must keep before it is built into a `plist::Value`: the plist crate
//! builds (and drops) values recursively, so a file nested 150,000 deep overflows the stack,
//! and a binary plist may reference one object from many places, so a small file can expand
//! to an enormous tree. The streaming reader checked here is iterative and builds nothing.

use plist::stream::{Event, Reader};

/// Real profiles nest about eight deep (PayloadContent → payload → EAPClientConfiguration →
/// arrays); provisioning profiles about as much.
pub const MAX_DEPTH: usize = 64;
/// Values (every array, dictionary, key and leaf) after expanding shared binary objects.
pub const MAX_VALUES: usize = 1_000_000;
/// String and data bytes after expanding shared binary objects.
pub const MAX_EXPANDED_BYTES: usize = 64 * 1024 * 1024;

/// Ok when the plist stays within the bounds (or is malformed in a way the real parse will
/// name); Err with the reason when it does not.
pub fn check(plist_bytes: &[u8]) -> Result<(), String> {
    let mut depth = 0usize;
    let mut values = 0usize;
    let mut bytes = 0usize;
    for event in Reader::new(std::io::Cursor::new(plist_bytes)) {
        let Ok(event) = event else {
            // The parse that follows reports the syntax error with its position.
            return Ok(());
        };
        values += 1;
        match &event {
            Event::StartArray(_) | Event::StartDictionary(_) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(format!(
                        "arrays and dictionaries nested more than {MAX_DEPTH} deep (real profiles nest under 10); refusing to read further"
                    ));
                }
            }
            Event::EndCollection => depth = depth.saturating_sub(1),
            Event::String(s) => bytes += s.len(),
            Event::Data(d) => bytes += d.len(),
            _ => {}
        }
        if values > MAX_VALUES {
            return Err(format!(
                "more than {MAX_VALUES} values (binary objects referenced many times expand to this); refusing to read further"
            ));
        }
        if bytes > MAX_EXPANDED_BYTES {
            return Err(format!(
                "strings and data expand to more than {MAX_EXPANDED_BYTES} bytes (binary objects referenced many times); refusing to read further"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize) -> Vec<u8> {
        let mut s = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict><key>k</key>"#,
        );
        s.push_str(&"<array>".repeat(depth));
        s.push_str(&"</array>".repeat(depth));
        s.push_str("</dict></plist>");
        s.into_bytes()
    }

    #[test]
    fn ordinary_nesting_passes() {
        assert!(check(&nested(MAX_DEPTH - 1)).is_ok());
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let e = check(&nested(150_000)).unwrap_err();
        assert!(e.contains("nested more than 64 deep"), "{e}");
    }
}
