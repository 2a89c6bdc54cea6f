"""From the raw logs of one scenario to its outcome and a one-line diagnosis.

Inputs (all optional, by file name in the scenario's log directory): `wpas.log` (wpa_supplicant -dd -t),
`events.log` (wpa_cli monitor: control-interface events that -dd lacks), `hostapd.log` (hostapd -dd -t),
`as.log` (lab-radius, or the hostapd stand-in AS), `wpa_cli-*.txt` / `hostapd_cli-*.txt` (state dumps),
and the `ap.conf` / `sta.conf` the run used. Pure functions over text: unit-tested on recorded excerpts.

Layers, in the order a connection passes them: network-selection (RSNE), association,
eap-tls, radius, 4way-handshake. `none` means connected.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Optional

from . import rsn
from .lab_radius_log import final_failure as lab_radius_failure


@dataclass
class Logs:
    files: dict[str, str]

    @classmethod
    def from_dir(cls, d: str) -> "Logs":
        files = {}
        for name in os.listdir(d):
            p = os.path.join(d, name)
            if os.path.isfile(p):
                with open(p, encoding="utf-8", errors="replace") as f:
                    files[name] = f.read()
        return cls(files)

    def lines(self, name: str) -> list[str]:
        return self.files.get(name, "").replace("\r", "").splitlines()

    def text(self, name: str) -> str:
        return self.files.get(name, "")


@dataclass
class Diagnosis:
    outcome: str  # connect | no-connect
    layer: str
    cause: str  # stable id
    text: str  # one line: what happened, why, the fix
    negotiated: dict[str, str] = field(default_factory=dict)
    evidence: list[str] = field(default_factory=list)  # the raw log lines it rests on


def conf_values(text: str) -> dict[str, str]:
    """key=value pairs of a hostapd config or a wpa_supplicant network block (quotes stripped)."""
    out = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line or line.endswith("{"):
            continue
        k, v = line.split("=", 1)
        out.setdefault(k.strip(), v.strip().strip('"'))
    return out


def _ciphers(v: Optional[str]) -> list[str]:
    return [rsn.CONF_CIPHER.get(c, c) for c in (v or "").split()]


def _kv_file(text: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            out.setdefault(k.strip(), v.strip())
    return out


def _strip_ts(line: str) -> str:
    """Drops the -t timestamps (sometimes two) and the interface prefix."""
    line = re.sub(r"^(\[\w+\] )?(\d+\.\d+: )+", "", line)
    return re.sub(r"^(wlan\d|vsupp|vauth|eth\d|p2p-dev-wlan\d): ", "", line).strip()


def negotiated(logs: Logs) -> dict[str, str]:
    st = _kv_file(logs.text("wpa_cli-status.txt"))
    ap = _kv_file(logs.text("hostapd_cli-all_sta.txt"))
    n = {
        "akm": st.get("key_mgmt", ""),
        "pairwise": st.get("pairwise_cipher", ""),
        "group": st.get("group_cipher", ""),
        # wpa_cli prints BIP-CMAC-128 as plain "BIP"
        "mgmt": {"BIP": "BIP-CMAC-128"}.get(st.get("mgmt_group_cipher", ""), st.get("mgmt_group_cipher", ""))
        or ("none" if st.get("key_mgmt") else ""),
        "pmf": st.get("pmf", "0"),
        "freq": st.get("freq", ""),
        "tls": "/".join(x for x in (st.get("eap_tls_version", ""), st.get("EAP TLS cipher", "")) if x),
        "ap_akm": ap.get("AKMSuiteSelector", ""),
    }
    # from the -dd log when the status dump is missing (e.g. wired)
    for line in logs.lines("wpas.log"):
        m = re.search(r"Key negotiation completed with \S+ \[PTK=(\S+) GTK=(\S+)\]", line)
        if m:
            n["pairwise"] = n["pairwise"] or m.group(1)
            n["group"] = n["group"] or m.group(2)
    return {k: v for k, v in n.items() if v}


# ---- network selection -------------------------------------------------------------------------

def ap_rsne(logs: Logs) -> Optional[rsn.Rsne]:
    """The AP's RSNE as the station saw it (wpa_cli bss ie=), else from the AP's config."""
    for line in logs.lines("wpa_cli-bss.txt"):
        if line.startswith("ie="):
            r = rsn.rsne_from_ies(bytes.fromhex(line[3:].strip()))
            if r:
                return r
    return _ap_rsne_from_config(logs)


def _ap_rsne_from_config(logs: Logs) -> Optional[rsn.Rsne]:
    """The AP's RSNE from `hostapd_cli get_config` (what runs), else from the ap.conf the run used."""
    gc = _kv_file(logs.text("hostapd_cli-get_config.txt"))
    ap = conf_values(logs.text("ap.conf"))
    akm = gc.get("key_mgmt") or ap.get("wpa_key_mgmt")
    if not akm:
        return None
    pw = _ciphers(gc.get("rsn_pairwise_cipher") or ap.get("rsn_pairwise", "CCMP"))
    grp = _ciphers(gc.get("group_cipher") or ap.get("group_cipher"))
    w = ap.get("ieee80211w", "")
    order = ["TKIP", "CCMP-128", "GCMP-128", "GCMP-256", "CCMP-256"]
    return rsn.Rsne(
        group=grp[0] if grp else min(pw, key=lambda c: order.index(c) if c in order else 9),
        pairwise=pw,
        akms=akm.split(),
        mfpr=w == "2",
        mfpc=w in ("1", "2"),
        group_mgmt=(_ciphers(gc.get("group_mgmt_cipher") or ap.get("group_mgmt_cipher")) or [None])[0],
    )


def _sta(logs: Logs) -> dict[str, str]:
    return conf_values(logs.text("sta.conf"))


def _only(xs: list[str]) -> str:
    return ("only " if len(xs) == 1 else "") + " + ".join(xs)


def diagnose_rsn_skip(reason: str, logs: Logs) -> tuple[str, str]:
    ap = ap_rsne(logs)
    sta = _sta(logs)
    sta_pw = _ciphers(sta.get("pairwise", "CCMP"))
    sta_grp = _ciphers(sta.get("group", "CCMP"))
    sta_akm = sta.get("key_mgmt", "?").split()
    prefix = "the station skipped the BSS"
    if reason == "PTK cipher mismatch":
        ap_pw = ap.pairwise if ap else ["?"]
        return "rsn-pairwise-mismatch", (
            f"{prefix}: the AP offers {_only(ap_pw)} as pairwise cipher and the station supports "
            f"{_only(sta_pw)} — add {sta_pw[0]} to the AP (rsn_pairwise) or enable {ap_pw[0]} on the station"
        )
    if reason == "GTK cipher mismatch":
        g = ap.group if ap else "?"
        return "rsn-group-mismatch", (
            f"{prefix}: the AP's group cipher is {g} and the station supports {_only(sta_grp)} as group cipher "
            f"(pairwise would match) — set the AP's group cipher to {sta_grp[0]} (hostapd group_cipher; every "
            f"client must support it) or enable {g} on the station"
        )
    if reason == "key mgmt mismatch":
        aks = ap.akms if ap else ["?"]
        return "rsn-akm-mismatch", (
            f"{prefix}: the AP offers AKM {_only(aks)} and the station allows {_only(sta_akm)} — add a common "
            f"AKM: enable WPA-EAP (transition mode) on the AP (wpa_key_mgmt) or enable WPA-EAP-SHA256 on the station"
        )
    if reason == "no mgmt frame protection enabled but AP requires it":
        return "rsn-pmf-required", (
            f"{prefix}: the AP requires PMF (RSN capabilities MFPR, ieee80211w=2) and the station has PMF "
            f"disabled — set ieee80211w=1 (PMF optional) on the AP or enable PMF on the station"
        )
    if reason == "no mgmt frame protection":
        return "rsn-pmf-not-offered", (
            f"{prefix}: the station requires PMF and the AP does not offer it (no MFPC) — enable PMF on the AP "
            f"(ieee80211w=1 or 2) or make PMF optional on the station"
        )
    if reason == "group mgmt cipher mismatch":
        gm = ap.group_mgmt if ap else "?"
        return "rsn-group-mgmt-mismatch", (
            f"{prefix}: the AP's group management cipher is {gm} and the station's is "
            f"{sta.get('group_mgmt', 'BIP-CMAC-128')} — use the same group_mgmt_cipher on both"
        )
    if reason == "proto mismatch":
        return "rsn-proto-mismatch", f"{prefix}: WPA/RSN protocol mismatch — use RSN (WPA2/WPA3) on both"
    return "rsn-other", f"{prefix}: {reason}"


# ---- association ---------------------------------------------------------------------------------

def _assoc_status_from_ap(logs: Logs) -> Optional[int]:
    for line in logs.lines("hostapd.log"):
        if "CMD_FRAME - hexdump" in line or "send_mlme" in line:
            st = rsn.assoc_resp_status(rsn.hexdump_bytes(line))
            if st:
                return st
    return None


def diagnose_assoc(status: int, logs: Logs) -> tuple[str, str, list[str]]:
    ev = []
    ap_reason = None
    for line in logs.lines("hostapd.log"):
        m = re.search(r"(Invalid [^()]*?(?:cipher|key mgmt)[^()]*) \((0x[0-9a-f]+)\)", line)
        if m:
            ap_reason = f"{m.group(1)} ({m.group(2)} = {rsn.hostapd_bits(int(m.group(2), 16))})"
            ev.append(_strip_ts(line))
            break
        if "Management frame protection required" in line:
            ap_reason = _strip_ts(line)
            ev.append(ap_reason)
            break
    sta_rsne = None
    for line in logs.lines("wpas.log"):
        if "Association Request IEs - hexdump" in line:
            sta_rsne = rsn.rsne_from_ies(rsn.hexdump_bytes(line))
    ap = ap_rsne_current(logs)
    text = f"association rejected with status {status} ({rsn.status_text(status)})"
    if ap_reason:
        text += f": hostapd says '{ap_reason}'"
    if status == 41 and sta_rsne and ap:
        text += (f"; the station asked for group cipher {sta_rsne.group} but the AP now uses {ap.group} — the "
                 f"station associated from a stale scan entry; make the AP's group cipher {sta_rsne.group} "
                 f"(group_cipher) or enable {ap.group} on the station")
    elif status == 42 and sta_rsne and ap:
        text += (f"; the station asked for pairwise {', '.join(sta_rsne.pairwise)} but the AP offers "
                 f"{_only(ap.pairwise)} — the station associated from a stale scan entry; add "
                 f"{sta_rsne.pairwise[0]} to the AP (rsn_pairwise) or enable {ap.pairwise[0]} on the station")
    elif status == 41:
        text += " — the station's group cipher is not the AP's; set the AP's group_cipher to one every client supports"
    elif status == 42:
        text += " — the station's pairwise cipher is not one the AP allows; add it to the AP's rsn_pairwise"
    elif status == 43:
        text += "; no AKM in common — align wpa_key_mgmt (AP) and key_mgmt (station)"
    elif status in (31, 45):
        text += "; PMF policy mismatch — align ieee80211w on both sides"
    return f"assoc-status-{status}", text, ev


def ap_rsne_current(logs: Logs) -> Optional[rsn.Rsne]:
    """The AP's RSNE as configured now, not from the station's possibly stale scan entry."""
    return _ap_rsne_from_config(logs)


# ---- EAP / TLS / RADIUS --------------------------------------------------------------------------

_HOSTAPD_AS_PATTERNS = (
    (re.compile(r"TLS: Certificate verification failed, error (\d+) \(([^)]*)\).*?for '([^']*)'"), "cert"),
    (re.compile(r"OpenSSL: (?:openssl_handshake|tls_connection_handshake).*?(no shared cipher|no suitable signature algorithm|[a-z ]+)$"), "handshake"),
    (re.compile(r"SSL: SSL3 alert: write \(local SSL3 detected an error\):fatal:(.+)$"), "alert-sent"),
    (re.compile(r"RADIUS SRV: Invalid Message-Authenticator from (\S+)"), "radius-bad-secret"),
)


def as_failure(logs: Logs) -> Optional[tuple[str, str, str]]:
    """(kind, what the AS says, the AS's fix or '') for the authentication server's account of the failure."""
    lr = lab_radius_failure(logs.text("as.log"))
    if lr:
        return lr
    found = None
    for line in logs.lines("as.log"):
        for pat, kind in _HOSTAPD_AS_PATTERNS:
            m = pat.search(line)
            if m:
                if kind == "cert":
                    return ("unknown-ca" if m.group(1) in ("2", "19", "20", "21") else "cert",
                            f"hostapd AS: certificate of '{m.group(3)}' rejected: {m.group(2)} (error {m.group(1)})", "")
                if kind == "radius-bad-secret":
                    return (kind, f"hostapd AS: {_strip_ts(line)} (the shared secrets differ)",
                            "use the same RADIUS shared secret on the AP and the AS")
                if found is None:
                    found = ("handshake", "hostapd AS: " + _strip_ts(line), "")
    return found


SUITEB_OFFER = "offers only ECDHE-ECDSA-AES256-GCM-SHA384 with P-384 and signature scheme ecdsa_secp384r1_sha384"
SUITEB_FIX = "give the AS an ECDSA P-384 server certificate signed with SHA-384 (CNSA / Suite B)"


def diagnose_eap(logs: Logs) -> tuple[str, str, str, list[str]]:
    """(layer, cause, text, evidence) after CTRL-EVENT-EAP-FAILURE or a stalled EAP exchange."""
    wl = logs.lines("wpas.log") + logs.lines("events.log")
    suite_b = any("Override ciphers for Suite B" in l for l in wl) or _sta(logs).get("openssl_ciphers") == "SUITEB192"
    alert_rx = next((m.group(1) for l in wl
                     for m in [re.search(r"SSL3 alert: read \(remote end reported an error\):fatal:(.+)$", l)] if m), None)
    cert_err = next((l for l in wl if "CTRL-EVENT-EAP-TLS-CERT-ERROR" in l), None)
    as_fail = as_failure(logs)
    ev = [x for x in (as_fail[1] if as_fail else None, ("station: received TLS alert " + alert_rx) if alert_rx else None,
                      _strip_ts(cert_err) if cert_err else None) if x]
    says = f" — {as_fail[1]}" if as_fail else ""
    as_fix = as_fail[2] if as_fail and as_fail[2] else ""
    alert = f" (the station received TLS alert '{alert_rx}')" if alert_rx else ""

    if cert_err:
        m = re.search(r"reason=(\d+) depth=(\d+) subject='([^']*)' err='([^']*)'", cert_err)
        why = f"'{m.group(4)}' for '{m.group(3)}'" if m else _strip_ts(cert_err)
        return "eap-tls", "tls-server-untrusted", (
            f"EAP-TLS failed: the station rejected the AS's certificate: {why}{says} — fix: give the station the CA "
            f"that issued the AS's certificate (ca_cert) or give the AS a certificate from the CA the station trusts"), ev
    kind = as_fail[0] if as_fail else ""
    if kind.startswith("radius"):
        resent = sum("Resending RADIUS message" in l for l in logs.lines("hostapd.log"))
        ap = f"; the AP got no valid reply and resent its Access-Request {resent} time(s)" if resent else ""
        return "radius", kind, f"RADIUS: the AS dropped the AP's requests{says}{ap}" + (
            f" — fix: {as_fix}" if as_fix else ""), ev
    if kind == "unknown-ca" or (alert_rx or "").lower() in ("unknown ca", "unknown_ca"):
        fix = as_fix or ("add the issuing CA to the AS's client CA list (--ca) or enrol the station with a "
                         "certificate from a trusted CA")
        return "eap-tls", "tls-client-unknown-ca", (
            f"EAP-TLS failed: the AS rejected the station's certificate, issued by a CA it does not trust{says}{alert}"
            f" — fix: {fix}"), ev
    if suite_b and (kind in ("handshake", "no-common-cipher", "no-sigalg", "no-common-group")
                    or (alert_rx or "").lower().replace("_", " ") in ("handshake failure", "insufficient security")):
        return "eap-tls", "tls-suiteb-server-cert", (
            f"EAP-TLS failed: the station is in WPA3-Enterprise 192-bit mode and {SUITEB_OFFER}; the AS's "
            f"certificate cannot satisfy that{says}{alert} — fix: {SUITEB_FIX}"), ev
    if as_fail:
        return "eap-tls", "tls-" + kind, f"EAP-TLS failed{says}{alert}" + (f" — fix: {as_fix}" if as_fix else ""), ev
    if alert_rx:
        return "eap-tls", "tls-alert", f"EAP-TLS failed: the AS sent TLS alert '{alert_rx}' and logged nothing more", ev
    return "", "", "", ev


def diagnose_radius(logs: Logs) -> Optional[tuple[str, str, list[str]]]:
    for line in logs.lines("hostapd.log"):
        s = _strip_ts(line)
        if "did not have correct Authenticator" in s or "Invalid Message-Authenticator" in s or "Message-Authenticator" in s and "invalid" in s.lower():
            return "radius-bad-authenticator", (
                "RADIUS: the AP dropped the AS's replies because their authenticator did not verify — the shared "
                "secret differs between the AP (auth_server_shared_secret) and the AS (--secret)"), [s]
        if "No response from Authentication server" in s or "RADIUS: No server" in s:
            return "radius-no-response", (
                "RADIUS: the AS never answered the AP's Access-Request — check that the AS runs and listens on "
                "auth_server_addr:auth_server_port and knows the AP as a client"), [s]
    hl = logs.lines("hostapd.log")
    requests = sum("(Access-Request)" in l for l in hl)
    replies = sum(re.search(r"code=(2|3|11) \(Access-", l) is not None for l in hl)
    if requests and not replies:
        tail = [l for l in logs.lines("as.log") if l.strip()][-1:]
        return "radius-no-response", (
            f"RADIUS: the AS never answered the AP's {requests} Access-Request(s) — check that it runs, listens on "
            f"auth_server_addr:auth_server_port and shares the AP's secret" +
            (f" (the AS log ends with: {_strip_ts(tail[0])[:200]})" if tail else " (the AS logged nothing)")), []
    if any("Access-Reject" in l for l in hl):
        return "radius-access-reject", "RADIUS: the AS answered Access-Reject without an EAP-TLS failure the logs explain", []
    return None


def diagnose_4way(logs: Logs) -> Optional[tuple[str, str, list[str]]]:
    for line in logs.lines("hostapd.log") + logs.lines("wpas.log"):
        s = _strip_ts(line)
        if re.search(r"invalid MIC in msg 2/4|MIC verification failed|4-Way Handshake failed|PTKSTART: Retry limit|"
                     r"EAPOL-Key timeout|reason=15\b", s):
            return "4way-pmk-mismatch", (
                f"4-way handshake failed ('{s}'): the station and the AP derived different PMKs — the AS's "
                f"MS-MPPE keys (MSK) do not match what the station derived from EAP-TLS; check the AS's key export"), [s]
    return None


# ---- the whole story -----------------------------------------------------------------------------

def _first_event(lines: list[str]) -> Optional[tuple[str, str]]:
    for line in lines:
        if "skip RSN IE - " in line:
            return "skip", line
        if "CTRL-EVENT-ASSOC-REJECT" in line:
            return "assoc-reject", line
        if "CTRL-EVENT-EAP-FAILURE" in line:
            return "eap-failure", line
        if "CTRL-EVENT-CONNECTED" in line:
            return "connected", line
        if "4-Way Handshake failed" in line or re.search(r"CTRL-EVENT-DISCONNECTED .*reason=15\b", line):
            return "4way", line
    return None


def diagnose(logs: Logs, timeout_s: Optional[float] = None) -> Diagnosis:
    wl = logs.lines("wpas.log")
    first = _first_event(wl)
    if first and first[0] == "connected":
        n = negotiated(logs)
        what = " ".join(f"{k}={n[k]}" for k in ("akm", "pairwise", "group", "mgmt") if k in n)
        return Diagnosis("connect", "none", "connected", f"connected: {what}" + (f" (EAP {n['tls']})" if "tls" in n else ""),
                         n, [_strip_ts(first[1])])
    # the AP never came up: nothing below is meaningful
    for name in ("hostapd.log",):
        for line in logs.lines(name):
            if "Interface initialization failed" in line or "Failed to initialize" in line:
                return Diagnosis("no-connect", "harness", "ap-failed", f"hostapd did not start: {_strip_ts(line)}",
                                 evidence=[_strip_ts(line)])
    if "Failed to initialize TLS" in logs.text("wpas.log"):
        return Diagnosis("no-connect", "harness", "sta-failed", "wpa_supplicant could not initialise TLS")
    if first and first[0] == "skip":
        reason = re.search(r"skip RSN IE - (.+?)\s*$", first[1]).group(1)
        cause, text = diagnose_rsn_skip(reason, logs)
        ev = [_strip_ts(first[1])]
        if any("CTRL-EVENT-NETWORK-NOT-FOUND" in l for l in logs.lines("events.log")):
            ev.append("CTRL-EVENT-NETWORK-NOT-FOUND")
        return Diagnosis("no-connect", "network-selection", cause, text, evidence=ev)
    if first and first[0] == "assoc-reject":
        m = re.search(r"status_code=(\d+)", first[1])
        status = int(m.group(1)) if m else (_assoc_status_from_ap(logs) or -1)
        ap_status = _assoc_status_from_ap(logs)
        cause, text, ev = diagnose_assoc(status, logs)
        if ap_status is not None and ap_status != status:
            text += f" (the AP's Association Response frame says status {ap_status})"
        return Diagnosis("no-connect", "association", cause, text, evidence=[_strip_ts(first[1])] + ev)
    if first and first[0] == "eap-failure" or any("CTRL-EVENT-EAP-STARTED" in l for l in wl):
        layer, cause, text, ev = diagnose_eap(logs)
        if layer:
            return Diagnosis("no-connect", layer, cause, text, evidence=ev)
        r = diagnose_radius(logs)
        if r:
            return Diagnosis("no-connect", "radius", r[0], r[1], evidence=r[2])
        fw = diagnose_4way(logs)
        if fw:
            return Diagnosis("no-connect", "4way-handshake", fw[0], fw[1], evidence=fw[2])
        if first and first[0] == "eap-failure":
            return Diagnosis("no-connect", "eap-tls", "eap-failure",
                             "EAP failed and neither the AS nor the station logged why", evidence=[_strip_ts(first[1])])
    if first and first[0] == "4way":
        fw = diagnose_4way(logs)
        if fw:
            return Diagnosis("no-connect", "4way-handshake", fw[0], fw[1], evidence=fw[2])
    if any("No suitable network found" in l for l in wl):
        return Diagnosis("no-connect", "network-selection", "ap-not-found",
                         "the station never saw the AP in its scans (SSID, channel, regulatory domain?)")
    return Diagnosis("no-connect", "unknown", "timeout",
                     f"no connection and no failure event within {timeout_s or '?'} s — fix: if the run was only "
                     "slow, raise LAB_TIMEOUT (wired 802.1X needs more than 2 s: wpa_supplicant waits 2 s before its "
                     "EAPOL-Start); otherwise read hostapd.log, wpas.log and as.log in the scenario's log directory")
