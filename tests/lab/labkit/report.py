"""Per-scenario result lines, the summary table (text + JSON) and a picture of the matrix (SVG in HTML)."""

from __future__ import annotations

import html
import json
from dataclasses import asdict, dataclass, field
from typing import Optional

from .diagnose import Diagnosis
from .scenarios import SaeAp, Scenario


@dataclass
class Result:
    scenario: Scenario
    diagnosis: Diagnosis
    seconds: float = 0.0
    stop: str = ""
    as_kind: str = ""
    log_dir: str = ""
    # `hs20check capture` on the scenario's recorded capture(s): {"layer", "rule", "cause", "file"}
    capture: Optional[dict] = None
    # Passpoint: `hs20check match --capture` on the recorded air (its first AP's prediction)
    match_capture: Optional[dict] = None
    # the daemons that ran the scenario, e.g. "hostapd=2.11 wpa_supplicant=2.11"
    versions: str = ""

    @property
    def ok(self) -> bool:
        s, d = self.scenario, self.diagnosis
        if d.outcome != s.expect:
            return False
        if s.expect_selection is not None:
            # wpa_supplicant's real selection, and match's prediction from the capture, agree with the table
            if d.selection != s.expect_selection:
                return False
            if self.match_capture is not None and self.match_capture.get("selection") != s.expect_selection:
                return False
        if not self.capture_ok:
            return False
        if s.expect == "connected":
            return self.negotiated_ok
        if d.layer != s.expect_layer or d.cause != s.expect_cause:
            return False
        # an EAP-TLS/RADIUS failure with lab-radius as the AS must be explained by lab-radius's own FAILURE line
        if self.as_kind == "lab-radius" and s.expect_layer in ("eap", "radius"):
            return any(e.startswith("lab-radius ") for e in d.evidence)
        return True

    @property
    def negotiated_ok(self) -> bool:
        """A connected scenario negotiated what the table expects (AKM, ciphers, SAE group, MIC length, FT)."""
        n = self.diagnosis.negotiated
        return all(n.get(k) == v for k, v in self.scenario.expect_negotiated)

    @property
    def capture_ok(self) -> bool:
        """The recorded capture, when there is one, gives the expected layer and rule too."""
        if self.capture is None:
            return True
        s = self.scenario
        return (self.capture["layer"], self.capture["rule"]) == (s.expect_layer, s.expect_capture_cause or s.expect_cause)

    def line(self) -> str:
        s, d = self.scenario, self.diagnosis
        text = d.text.replace('"', "'")
        out = (f'scenario={s.name} expected={s.expect} outcome={d.outcome} layer={d.layer} '
               f'diagnosis="{text}"')
        if d.outcome == "connected":
            n = d.negotiated
            out += "".join(f" {k}={n.get(k, '-').replace(' ', '_')}" for k in ("akm", "pairwise", "group", "mgmt"))
            # SAE: the group, H2E, the EAPOL-Key MIC length it implies (AKM 24/25), an FT roam
            out += "".join(f" {k}={n[k]}" for k in ("sae_group", "sae_h2e", "mic_len", "roam") if k in n)
            missing = [f"{k}={v}" for k, v in s.expect_negotiated if n.get(k) != v]
            if missing:
                out += f" expected_negotiated={','.join(missing)}"
        out += f" cause={d.cause}"
        if s.expect_selection is not None:
            out += f" selection={d.selection or '-'}"
            if self.match_capture is not None:
                out += f" match-capture={self.match_capture.get('selection')}/{self.match_capture.get('rule')}"
        if self.capture is not None:
            out += f" capture={self.capture['layer']}/{self.capture['rule']}"
        if self.versions:
            out += f" {self.versions}"
        # WPA3-Personal runs no authentication server
        as_kind = "none" if isinstance(s.ap, SaeAp) else self.as_kind
        out += f" as={as_kind} secs={self.seconds:.1f} result={'PASS' if self.ok else 'FAIL'}"
        return out


def summary_text(results: list[Result]) -> str:
    rows = [("scenario", "expected", "outcome", "layer", "negotiated / cause", "result")]
    for r in results:
        d = r.diagnosis
        n = d.negotiated
        neg = (f"{n.get('akm', '-')} {n.get('pairwise', '-')}/{n.get('group', '-')}/{n.get('mgmt', '-')}"
               if d.outcome == "connected" else d.cause)
        rows.append((r.scenario.name, r.scenario.expect, d.outcome, d.layer, neg, "PASS" if r.ok else "FAIL"))
    w = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = ["  ".join(c.ljust(w[i]) for i, c in enumerate(row)).rstrip() for row in rows]
    out.insert(1, "  ".join("-" * x for x in w))
    passed = sum(r.ok for r in results)
    out.append("")
    for r in results:
        out.append(f"{r.scenario.name}: {r.diagnosis.text}")
    out.append("")
    out.append(f"{passed} passed, {len(results) - passed} failed")
    return "\n".join(out) + "\n"


def summary_json(results: list[Result]) -> str:
    return json.dumps([{
        "scenario": r.scenario.name, "title": r.scenario.title, "expected": r.scenario.expect,
        "expected_layer": r.scenario.expect_layer, "expected_cause": r.scenario.expect_cause,
        "ap": r.scenario.ap.note, "station": r.scenario.sta.note, "server_cert": r.scenario.server.description,
        "as": r.as_kind, "result": "PASS" if r.ok else "FAIL", "seconds": round(r.seconds, 2),
        **{k: v for k, v in asdict(r.diagnosis).items()},
    } for r in results], indent=2) + "\n"


def matrix_svg(results: list[Result]) -> str:
    """One row per scenario: AP | station | expected | outcome (coloured) | layer, cause."""
    row_h, top = 34, 54
    widths = [("scenario", 205), ("AP configuration", 440), ("station", 370), ("AS certificate", 175),
              ("expected", 90), ("outcome", 105), ("layer: cause / negotiated AKM · pairwise/group/mgmt", 440)]
    cols, x = [], 10
    for title, w in widths:
        cols.append((x, title, w))
        x += w
    width, height = x + 10, top + row_h * len(results) + 20
    e = html.escape
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
           '<text x="10" y="22" font-size="16" font-weight="bold">WPA2/WPA3-Enterprise lab matrix '
           f'(hostapd + wpa_supplicant over mac80211_hwsim; AS: {e(results[0].as_kind if results else "")})</text>']
    for x, title, _ in cols:
        out.append(f'<text x="{x}" y="{top - 8}" font-weight="bold">{e(title)}</text>')
    for i, r in enumerate(results):
        y = top + i * row_h
        d = r.diagnosis
        ok = r.ok
        colour = ("#d8f5d0" if d.outcome == "connected" else "#fde2c8") if ok else "#f7b3b3"
        out.append(f'<rect x="5" y="{y}" width="{width - 10}" height="{row_h - 4}" fill="{colour}" rx="3">'
                   f'<title>{e(d.text)}</title></rect>')
        n = d.negotiated
        detail = (f"{n.get('akm', '')} · {n.get('pairwise', '')}/{n.get('group', '')}/{n.get('mgmt', '')}"
                  if d.outcome == "connected" else f"{d.layer}: {d.cause}")
        cells = [r.scenario.name, r.scenario.ap.note, r.scenario.sta.note, r.scenario.server.description,
                 r.scenario.expect,
                 f"{d.outcome} {'✓' if ok else '✗'}", detail]
        for (x, _, w), text in zip(cols, cells):
            maxc = max(8, int((w - 10) / 7.0))
            t = text if len(text) <= maxc else text[: maxc - 1] + "…"
            out.append(f'<text x="{x}" y="{y + 19}"><title>{e(text)}</title>{e(t)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def summary_html(results: list[Result], header: str) -> str:
    e = html.escape
    rows = "\n".join(
        f"<tr class='{'pass' if r.ok else 'fail'}'><td>{e(r.scenario.name)}</td><td>{e(r.scenario.expect)}</td>"
        f"<td>{e(r.diagnosis.outcome)}</td><td>{e(r.diagnosis.layer)}</td><td>{e(r.diagnosis.text)}</td>"
        f"<td><a href='logs/{e(r.scenario.name)}/'>logs</a></td></tr>" for r in results)
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><title>lab matrix</title>
<style>body{{font-family:sans-serif;margin:1em}} table{{border-collapse:collapse}} td,th{{border:1px solid #ccc;
padding:4px 6px;vertical-align:top;font-size:13px}} tr.pass td:nth-child(3){{background:#d8f5d0}}
tr.fail td{{background:#f7b3b3}}</style></head><body>
<p>{e(header)}</p>
{matrix_svg(results)}
<table><tr><th>scenario</th><th>expected</th><th>outcome</th><th>layer</th><th>diagnosis</th><th></th></tr>
{rows}
</table></body></html>
"""
