"""Reads lab-radius's log. Its last line on a failed authentication is, with --log-format json (what
the lab uses), a JSON object with fields outcome="failure", code, cause, fix, diagnosis; in the human
format it is '... FAILURE <code>: <cause>: <fix>'."""

from __future__ import annotations

import json
import re
from typing import Optional

# lab-radius diagnosis codes -> the lab's failure kinds (see diagnose.diagnose_eap)
KINDS = {
    "tls.client-cert-unknown-ca": "unknown-ca",
    "tls.no-common-cipher-suite": "no-common-cipher",
    "tls.no-common-signature-scheme": "no-sigalg",
    "tls.no-common-group": "no-common-group",
    "tls.client-rejected-server": "client-rejected-server",
    "radius.bad-secret": "radius-bad-secret",
}


def _field(line: str, name: str, following: tuple[str, ...]) -> Optional[str]:
    m = re.search(rf'\b{name}=("((?:[^"\\]|\\.)*)"|(.*?))(?=\s+(?:{"|".join(following)})=|$)', line)
    if not m:
        return None
    return m.group(2) if m.group(2) is not None else m.group(3).strip()


def parse_failure_line(line: str) -> Optional[dict[str, str]]:
    line = line.strip()
    if line.startswith("{"):
        try:
            obj = json.loads(line)
        except ValueError:
            return None
        flat = {**obj, **(obj.get("fields") or {})} if isinstance(obj, dict) else {}
        if str(flat.get("event", flat.get("msg", flat.get("message", "")))).upper().startswith("FAILURE") or (
            "code" in flat and "cause" in flat and "fix" in flat
        ):
            return {"code": str(flat.get("code", "")), "cause": str(flat.get("cause", "")), "fix": str(flat.get("fix", ""))}
        return None
    if "FAILURE" not in line:
        return None
    if "code=" not in line:
        m = re.search(r"FAILURE (\S+): (.*)$", line)
        return {"code": m.group(1), "cause": m.group(2), "fix": ""} if m else None
    code = _field(line, "code", ("cause", "fix"))
    return {
        "code": code or "",
        "cause": _field(line, "cause", ("fix",)) or "",
        "fix": _field(line, "fix", ()) or "",
    }


def final_failure(text: str) -> Optional[tuple[str, str, str]]:
    """(kind, 'lab-radius <code>: <cause>', fix) from the last FAILURE line, if any."""
    last = None
    for line in text.replace("\r", "").splitlines():
        f = parse_failure_line(line)
        if f:
            last = f
    if not last:
        return None
    kind = KINDS.get(last["code"], last["code"] or "failure")
    return kind, f"lab-radius {last['code']}: {last['cause']}", last["fix"]
