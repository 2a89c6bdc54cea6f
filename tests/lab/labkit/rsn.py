"""Decoders for what the logs only give as hex: RSN elements and 802.11 status codes.

References: IEEE 802.11-2020 9.4.2.24 (RSNE), Table 9-149 (cipher suite selectors), Table 9-151 (AKM
suite selectors), Table 9-50 (status codes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

CIPHERS = {
    1: "WEP-40", 2: "TKIP", 4: "CCMP-128", 5: "WEP-104", 6: "BIP-CMAC-128", 7: "group addressed traffic not allowed",
    8: "GCMP-128", 9: "GCMP-256", 10: "CCMP-256", 11: "BIP-GMAC-128", 12: "BIP-GMAC-256", 13: "BIP-CMAC-256",
}
AKMS = {
    1: "802.1X (WPA-EAP)", 2: "PSK", 3: "FT-802.1X", 4: "FT-PSK", 5: "802.1X-SHA256 (WPA-EAP-SHA256)",
    6: "PSK-SHA256", 8: "SAE", 9: "FT-SAE", 11: "802.1X Suite-B", 12: "802.1X Suite-B-192 (WPA-EAP-SUITE-B-192)",
    13: "FT-802.1X-SHA384", 18: "OWE", 24: "SAE-EXT-KEY",
}
# IEEE 802.11 status codes that show up in this lab's association/authentication failures.
STATUS = {
    0: "success",
    1: "unspecified failure",
    10: "cannot support all requested capabilities",
    12: "association denied for another reason",
    17: "AP is unable to handle additional associated STAs",
    30: "association rejected temporarily (PMF SA Query in progress)",
    31: "robust management frame policy violation",
    40: "invalid information element",
    41: "invalid group cipher",
    42: "invalid pairwise cipher",
    43: "invalid AKMP",
    44: "unsupported RSNE version",
    45: "invalid RSNE capabilities",
    46: "cipher suite rejected because of security policy",
    53: "invalid PMKID",
    72: "invalid RSNE (SAE/OWE)",
    77: "unsupported finite cyclic group",
}

# hostapd/wpa_supplicant configuration names -> the names used in diagnoses
CONF_CIPHER = {"CCMP": "CCMP-128", "GCMP": "GCMP-128", "GCMP-256": "GCMP-256", "CCMP-256": "CCMP-256",
               "TKIP": "TKIP", "AES-128-CMAC": "BIP-CMAC-128", "BIP-GMAC-256": "BIP-GMAC-256",
               "BIP-GMAC-128": "BIP-GMAC-128", "BIP-CMAC-256": "BIP-CMAC-256"}
# hostapd's internal WPA_CIPHER_* bitmask, printed as "(0x10)" in "Invalid ... cipher" lines
HOSTAPD_CIPHER_BITS = {0x1: "none", 0x2: "WEP-40", 0x4: "WEP-104", 0x8: "TKIP", 0x10: "CCMP-128", 0x40: "GCMP-128",
                       0x100: "GCMP-256", 0x200: "CCMP-256"}


def cipher_name(sel: int) -> str:
    return CIPHERS.get(sel, f"00-0f-ac:{sel}")


def akm_name(sel: int) -> str:
    return AKMS.get(sel, f"00-0f-ac:{sel}")


def status_text(code: int) -> str:
    return STATUS.get(code, "see IEEE 802.11 Table 9-50")


def hostapd_bits(mask: int) -> str:
    names = [n for b, n in HOSTAPD_CIPHER_BITS.items() if mask & b]
    return "+".join(names) if names else hex(mask)


@dataclass
class Rsne:
    group: Optional[str] = None
    pairwise: list[str] = field(default_factory=list)
    akms: list[str] = field(default_factory=list)
    mfpr: bool = False
    mfpc: bool = False
    group_mgmt: Optional[str] = None


def _suite(b: bytes, i: int) -> tuple[bytes, int]:
    return b[i:i + 3], b[i + 3]


def parse_rsne_body(body: bytes) -> Rsne:
    """Parses the body of an RSN element (after id and length)."""
    r = Rsne()
    i = 2  # version
    if len(body) >= i + 4:
        _, t = _suite(body, i)
        r.group = cipher_name(t)
        i += 4
    if len(body) >= i + 2:
        n = int.from_bytes(body[i:i + 2], "little")
        i += 2
        for _ in range(n):
            r.pairwise.append(cipher_name(body[i + 3]))
            i += 4
    if len(body) >= i + 2:
        n = int.from_bytes(body[i:i + 2], "little")
        i += 2
        for _ in range(n):
            r.akms.append(akm_name(body[i + 3]))
            i += 4
    if len(body) >= i + 2:
        caps = int.from_bytes(body[i:i + 2], "little")
        r.mfpr = bool(caps & 0x40)
        r.mfpc = bool(caps & 0x80)
        i += 2
    if len(body) >= i + 2:
        n = int.from_bytes(body[i:i + 2], "little")
        i += 2 + 16 * n
    if len(body) >= i + 4:
        r.group_mgmt = cipher_name(body[i + 3])
    return r


def find_element(ies: bytes, eid: int) -> Optional[bytes]:
    i = 0
    while i + 2 <= len(ies):
        e, n = ies[i], ies[i + 1]
        if e == eid:
            return ies[i + 2:i + 2 + n]
        i += 2 + n
    return None


def rsne_from_ies(ies: bytes) -> Optional[Rsne]:
    body = find_element(ies, 0x30)
    return parse_rsne_body(body) if body is not None else None


def hexdump_bytes(line: str) -> bytes:
    """Bytes of a hostapd/wpa_supplicant 'hexdump(len=N): aa bb ..' line."""
    m = re.search(r"hexdump\(len=\d+\):((?: [0-9a-f]{2})+)", line)
    return bytes.fromhex(m.group(1).replace(" ", "")) if m else b""


def assoc_resp_status(frame: bytes) -> Optional[int]:
    """Status code of an (Re)Association Response frame: frame control 0x0010/0x0030, status at 26..27."""
    if len(frame) >= 28 and frame[0] in (0x10, 0x30) and frame[1] == 0:
        return int.from_bytes(frame[26:28], "little")
    return None


def describe_rsne(r: Rsne) -> str:
    pmf = "required" if r.mfpr else ("capable" if r.mfpc else "off")
    s = f"AKM {', '.join(r.akms) or '?'}; pairwise {', '.join(r.pairwise) or '?'}; group {r.group or '?'}; PMF {pmf}"
    if r.group_mgmt:
        s += f"; group mgmt {r.group_mgmt}"
    return s
