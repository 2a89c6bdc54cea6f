//! pcap and pcapng files, streamed: the `pcap-parser` crate reads blocks from any `Read` (a file or
//! a pipe) through a fixed buffer, so memory stays bounded whatever the file size.

use pcap_parser::{create_reader, Block, PcapBlockOwned, PcapError};
use std::io::Read;

/// One captured packet.
pub struct Packet<'a> {
    /// 1-based frame number, as Wireshark counts.
    pub number: u64,
    /// Capture time, seconds since the Unix epoch.
    pub time: f64,
    pub linktype: i32,
    pub data: &'a [u8],
    /// The packet was cut short by the capture's snap length.
    pub cut: bool,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ReadSummary {
    pub frames: u64,
    pub bytes: u64,
    pub format: &'static str,
    /// Why reading stopped early (a truncated or damaged file), if it did.
    pub stopped: Option<String>,
    pub first_time: Option<f64>,
    pub last_time: Option<f64>,
}

/// The file could not be read as a capture at all.
#[derive(Debug)]
pub struct ReadError(pub String);

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

const BUFFER: usize = 256 << 10;
/// A single block may be at most this large (a jumbo frame plus headers is far less).
const MAX_BLOCK: usize = 2 << 20;

/// Reads every packet and calls `each`; `progress` gets the bytes consumed so far.
pub fn read<R: Read + Send>(
    input: R,
    mut each: impl FnMut(&Packet),
    mut progress: impl FnMut(u64),
) -> Result<ReadSummary, ReadError> {
    let mut reader = match create_reader(BUFFER, input) {
        Ok(r) => r,
        Err(PcapError::Eof) => return Err(ReadError("the file is empty".into())),
        Err(PcapError::HeaderNotRecognized) => {
            return Err(ReadError(
                "not a pcap or pcapng capture (unknown magic number)".into(),
            ))
        }
        Err(e) => return Err(ReadError(format!("cannot read the capture header: {e:?}"))),
    };
    let mut s = ReadSummary {
        format: "pcap",
        ..ReadSummary::default()
    };
    // pcapng: (linktype, ticks per second) per interface
    let mut ifaces: Vec<(i32, f64)> = Vec::new();
    let mut legacy_link = 0i32;
    let mut legacy_nanos = false;
    let mut size = BUFFER;
    loop {
        match reader.next() {
            Ok((offset, block)) => {
                let mut pkt: Option<(f64, i32, &[u8], bool)> = None;
                match block {
                    PcapBlockOwned::LegacyHeader(h) => {
                        legacy_link = h.network.0;
                        legacy_nanos = h.is_nanosecond_precision();
                    }
                    PcapBlockOwned::Legacy(b) => {
                        let frac = if legacy_nanos { 1e9 } else { 1e6 };
                        pkt = Some((
                            b.ts_sec as f64 + b.ts_usec as f64 / frac,
                            legacy_link,
                            b.data,
                            b.caplen < b.origlen,
                        ));
                    }
                    PcapBlockOwned::NG(Block::SectionHeader(_)) => {
                        s.format = "pcapng";
                        ifaces.clear();
                    }
                    PcapBlockOwned::NG(Block::InterfaceDescription(idb)) => {
                        let res = idb.ts_resolution().unwrap_or(1_000_000) as f64;
                        ifaces.push((idb.linktype.0, res));
                    }
                    PcapBlockOwned::NG(Block::EnhancedPacket(epb)) => {
                        let (link, res) =
                            ifaces.get(epb.if_id as usize).copied().unwrap_or((-1, 1e6));
                        let ticks = ((epb.ts_high as u64) << 32) | epb.ts_low as u64;
                        pkt = Some((ticks as f64 / res, link, epb.data, epb.caplen < epb.origlen));
                    }
                    PcapBlockOwned::NG(Block::SimplePacket(spb)) => {
                        let link = ifaces.first().map(|i| i.0).unwrap_or(-1);
                        pkt = Some((0.0, link, spb.data, false));
                    }
                    PcapBlockOwned::NG(_) => {}
                }
                if let Some((time, linktype, data, cut)) = pkt {
                    s.frames += 1;
                    s.first_time.get_or_insert(time);
                    s.last_time = Some(time);
                    each(&Packet {
                        number: s.frames,
                        time,
                        linktype,
                        data,
                        cut,
                    });
                }
                s.bytes += offset as u64;
                reader.consume(offset);
                progress(s.bytes);
            }
            Err(PcapError::Eof) => break,
            Err(PcapError::Incomplete(_)) => {
                if reader.refill().is_err() {
                    s.stopped = Some(format!("read error after frame {}", s.frames));
                    break;
                }
            }
            Err(PcapError::BufferTooSmall) => {
                if size >= MAX_BLOCK || !reader.grow(size * 2) {
                    s.stopped = Some(format!(
                        "a block after frame {} is larger than {} MB (damaged file?)",
                        s.frames,
                        MAX_BLOCK >> 20
                    ));
                    break;
                }
                size *= 2;
            }
            Err(PcapError::UnexpectedEof) => {
                s.stopped = Some(format!(
                    "the capture ends in the middle of a block after frame {} (truncated file)",
                    s.frames
                ));
                break;
            }
            Err(e) => {
                s.stopped = Some(format!(
                    "unreadable block after frame {}: {} (damaged file?)",
                    s.frames,
                    match e {
                        PcapError::NomError(_, k) => format!("{k:?}"),
                        PcapError::OwnedNomError(_, k) => format!("{k:?}"),
                        PcapError::ReadError => "read error".into(),
                        _ => "unknown".into(),
                    }
                ));
                break;
            }
        }
    }
    if s.frames == 0 && s.stopped.is_some() {
        return Err(ReadError(s.stopped.unwrap_or_default()));
    }
    Ok(s)
}
