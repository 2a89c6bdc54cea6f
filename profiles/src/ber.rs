//! BER → DER normalisation for signed containers. Apple's tools and some exporters write CMS with
//! indefinite lengths and constructed OCTET STRINGs; the `cms`/`der` crates read DER only. The
//! signature survives: signed attributes are DER already and the message digest covers the
//! content octets, which concatenation preserves.

const MAX_DEPTH: usize = 64;

/// Re-encodes `input` (one BER element) as DER-length encoding; DER input comes back unchanged.
pub fn to_der(input: &[u8]) -> Result<Vec<u8>, String> {
    let (out, used) = element(input, 0)?;
    if used != input.len() {
        return Err(format!(
            "{} trailing bytes after the outer element",
            input.len() - used
        ));
    }
    Ok(out)
}

/// Parses one element at the start of `input`; returns its DER encoding and the bytes consumed.
fn element(input: &[u8], depth: usize) -> Result<(Vec<u8>, usize), String> {
    if depth > MAX_DEPTH {
        return Err("nesting too deep".into());
    }
    let (tag, tag_len) = read_tag(input)?;
    let constructed = input[0] & 0x20 != 0;
    let rest = &input[tag_len..];
    let first = *rest.first().ok_or("truncated length")?;
    let (content_out, consumed) = if first == 0x80 {
        if !constructed {
            return Err("indefinite length on a primitive element".into());
        }
        let mut pos = 1;
        let mut children = Vec::new();
        loop {
            let r = &rest[pos..];
            if r.len() < 2 {
                return Err("missing end-of-contents".into());
            }
            if r[0] == 0 && r[1] == 0 {
                pos += 2;
                break;
            }
            let (child, used) = element(r, depth + 1)?;
            children.push(child);
            pos += used;
        }
        (children, pos)
    } else {
        let (len, len_len) = read_length(rest)?;
        let body = rest
            .get(len_len..len_len + len)
            .ok_or("length runs past the end")?;
        if constructed {
            let mut pos = 0;
            let mut children = Vec::new();
            while pos < body.len() {
                let (child, used) = element(&body[pos..], depth + 1)?;
                children.push(child);
                pos += used;
            }
            (children, len_len + len)
        } else {
            let mut out = tag.clone();
            write_length(&mut out, body.len());
            out.extend_from_slice(body);
            return Ok((out, tag_len + len_len + len));
        }
    };
    // Constructed OCTET STRING (0x24) → primitive OCTET STRING holding the concatenated segments.
    if tag == [0x24] {
        let mut data = Vec::new();
        for c in &content_out {
            let (_, tl) = read_tag(c)?;
            let (len, ll) = read_length(&c[tl..])?;
            data.extend_from_slice(&c[tl + ll..tl + ll + len]);
        }
        let mut out = vec![0x04];
        write_length(&mut out, data.len());
        out.extend(data);
        return Ok((out, tag_len + consumed));
    }
    let body: Vec<u8> = content_out.concat();
    let mut out = tag;
    write_length(&mut out, body.len());
    out.extend(body);
    Ok((out, tag_len + consumed))
}

fn read_tag(input: &[u8]) -> Result<(Vec<u8>, usize), String> {
    let first = *input.first().ok_or("truncated tag")?;
    if first & 0x1f != 0x1f {
        return Ok((vec![first], 1));
    }
    let mut i = 1;
    while *input.get(i).ok_or("truncated tag")? & 0x80 != 0 {
        i += 1;
        if i > 5 {
            return Err("tag number too large".into());
        }
    }
    Ok((input[..=i].to_vec(), i + 1))
}

fn read_length(input: &[u8]) -> Result<(usize, usize), String> {
    let first = *input.first().ok_or("truncated length")?;
    if first < 0x80 {
        return Ok((first as usize, 1));
    }
    let n = (first & 0x7f) as usize;
    if n == 0 || n > 4 {
        return Err("unsupported length encoding".into());
    }
    let bytes = input.get(1..=n).ok_or("truncated length")?;
    Ok((
        bytes.iter().fold(0usize, |acc, b| (acc << 8) | *b as usize),
        n + 1,
    ))
}

fn write_length(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
        return;
    }
    let bytes: Vec<u8> = len
        .to_be_bytes()
        .into_iter()
        .skip_while(|b| *b == 0)
        .collect();
    out.push(0x80 | bytes.len() as u8);
    out.extend(bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_passes_through_unchanged() {
        let der = [0x30, 0x06, 0x02, 0x01, 0x05, 0x04, 0x01, 0xaa];
        assert_eq!(to_der(&der).unwrap(), der);
    }

    #[test]
    fn indefinite_lengths_and_constructed_octet_strings_are_normalised() {
        // SEQUENCE (indefinite) { OCTET STRING constructed (indefinite) { "ab", "c" } }
        let ber = [
            0x30, 0x80, 0x24, 0x80, 0x04, 0x02, b'a', b'b', 0x04, 0x01, b'c', 0x00, 0x00, 0x00,
            0x00,
        ];
        assert_eq!(
            to_der(&ber).unwrap(),
            [0x30, 0x05, 0x04, 0x03, b'a', b'b', b'c']
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(to_der(&[0x30, 0x80, 0x04]).is_err());
        assert!(to_der(&[0x30, 0x85, 1, 1, 1, 1, 1]).is_err());
        assert!(to_der(&[]).is_err());
    }
}
