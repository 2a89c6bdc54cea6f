//! Text a station, a NAS or the network chose (EAP identity, Calling-Station-Id,
//! NAS-Identifier, User-Name, Reply-Message, certificate names) made safe to print: it can never
//! end a log line, start a new one that looks like ours, or drive the operator's terminal.
//!
//! `field` escapes one value for quoting in a line (backslash and quotes too, so a value cannot
//! close its own quotes); `line` is the last pass over a whole line before it is written and
//! only removes what could break the line or reach the terminal.

use std::fmt::Write;

/// Characters that must never reach a log line raw: C0 and C1 controls (newline, carriage
/// return, ESC, CSI, …), DEL, and the Unicode line/paragraph separators and bidirectional
/// overrides that make a terminal or editor show text other than what is there.
fn dangerous(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if (c as u32) < 0x100 => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// One untrusted value for a log line: dangerous characters, the backslash and both quote
/// characters escaped (`\n`, `\x1b`, `\u{202e}`, `\\`, `\'`, `\"`).
pub fn field(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            c if dangerous(c) => push_escaped(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// Raw bytes (a RADIUS text attribute, an EAP identity) as an escaped field; invalid UTF-8
/// becomes U+FFFD.
pub fn field_bytes(b: &[u8]) -> String {
    field(&String::from_utf8_lossy(b))
}

/// A whole line: every dangerous character escaped, everything else kept. Idempotent on text
/// that `field` already escaped.
pub fn line(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(dangerous) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if dangerous(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_cannot_break_lines_quotes_or_the_terminal() {
        let hostile = "x'\nFAILURE radius.bad-secret: \x1b[2J\u{9b}\u{202e}\\ \"";
        let f = field(hostile);
        assert!(!f.chars().any(dangerous), "{f}");
        assert_eq!(
            f,
            "x\\'\\nFAILURE radius.bad-secret: \\x1b[2J\\x9b\\u{202e}\\\\ \\\""
        );
        assert_eq!(line("ok 'plain' line"), "ok 'plain' line");
        assert_eq!(line("a\r\nb"), "a\\r\\nb");
        assert_eq!(line(&f), f, "line() leaves escaped fields alone");
        assert_eq!(field_bytes(b"a\xffb"), "a\u{fffd}b");
    }
}
