"""From the raw logs of one scenario to its outcome and a one-line diagnosis — by calling
`hs20check logs DIR --format json`: the diagnosis lives in the product (crate hs20-air, src/logs.rs),
one implementation for the lab, `hs20check logs` users and the Rust tests over tests/lab/fixtures.

Inputs (by file name in the scenario's log directory): `wpas.log` (wpa_supplicant -dd -t),
`events.log` (wpa_cli monitor), `hostapd.log` (hostapd -dd -t), `as.log` (lab-radius, or the hostapd
stand-in AS), `wpa_cli-*.txt` / `hostapd_cli-*.txt` (state dumps), `ap.conf` / `sta.conf`.

Vocabulary (the same as `hs20check capture`): outcome `connected` | `not-connected`; layer one of
network-selection, authentication, association, eap, 4way-handshake, radius, none, unknown; the cause
is a rule id from the one catalogue (core/rules/air.toml), e.g. air.rsn-pairwise-mismatch.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from typing import Optional

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))


@dataclass
class Logs:
    files: dict[str, str]
    dir: Optional[str] = None

    @classmethod
    def from_dir(cls, d: str) -> "Logs":
        files = {}
        for name in os.listdir(d):
            p = os.path.join(d, name)
            if os.path.isfile(p) and not name.endswith(".pcap"):
                with open(p, encoding="utf-8", errors="replace") as f:
                    files[name] = f.read()
        return cls(files, d)

    def lines(self, name: str) -> list[str]:
        return self.files.get(name, "").replace("\r", "").splitlines()

    def text(self, name: str) -> str:
        return self.files.get(name, "")


@dataclass
class Diagnosis:
    outcome: str  # connected | not-connected
    layer: str
    cause: str  # the rule id
    text: str  # one line: what happened, why, the fix
    negotiated: dict[str, str] = field(default_factory=dict)
    evidence: list[str] = field(default_factory=list)  # the raw log lines it rests on
    selection: Optional[str] = None  # Passpoint: wpa_supplicant's selection (home | roaming | unknown | no-match)


def hs20check() -> str:
    """The hs20check binary: $LAB_HS20CHECK, else the workspace's debug build (built when missing)."""
    exe = os.environ.get("LAB_HS20CHECK")
    if exe:
        return exe
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target"))
    exe = os.path.join(target, "debug", "hs20check")
    if not os.path.exists(exe) and shutil.which("cargo"):
        subprocess.run(["cargo", "build", "-q", "-p", "hs20check"], cwd=REPO, check=True)
    if not os.path.exists(exe) and shutil.which("hs20check"):
        return shutil.which("hs20check")
    return exe


def run_json(args: list[str]) -> dict:
    p = subprocess.run([hs20check(), *args, "--format", "json"], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        raise RuntimeError(f"hs20check {' '.join(args)}: exit {p.returncode}: {p.stderr.strip()}")
    return json.loads(p.stdout)


def from_report(r: dict) -> Diagnosis:
    s = r["stations"][0]
    text = s["cause"] if s["outcome"] == "connected" else f"{s['cause']} — fix: {s['fix']}"
    return Diagnosis(s["outcome"], s["layer"], s["rule"], text.replace("\n", " "), r.get("negotiated", {}),
                     [e["what"] for e in s["evidence"]], r.get("selection"))


def diagnose(logs: Logs, timeout_s: Optional[float] = None) -> Diagnosis:
    extra = ["--timeout", str(timeout_s)] if timeout_s is not None else []
    if logs.dir and Logs.from_dir(logs.dir).files == logs.files:
        return from_report(run_json(["logs", logs.dir, *extra]))
    with tempfile.TemporaryDirectory(prefix="lab-logs-") as d:  # logs edited in memory (tests)
        for name, text in logs.files.items():
            with open(os.path.join(d, name), "w") as f:
                f.write(text)
        return from_report(run_json(["logs", d, *extra]))


def capture(pcaps: list[str]) -> Optional[dict]:
    """`hs20check capture` on a scenario's recorded captures: the first station's diagnosis."""
    for p in pcaps:
        if os.path.exists(p) and os.path.getsize(p) > 24:
            r = run_json(["capture", p])
            if r["stations"]:
                return r["stations"][0]
    return None


def match(ap_source: list[str], cred_args: list[str]) -> dict:
    """`hs20check match` (JSON): ap_source is ["--ap-config", FILE] or ["--capture", FILE]."""
    return run_json(["match", *ap_source, *cred_args])
