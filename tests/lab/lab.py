#!/usr/bin/env python3
"""The lab's command line (python3 stdlib only). run.sh calls `lab.py run`; the compose containers call
`lab.py render`. Subcommands:
  run [SCENARIO...]         run scenarios (all by default; 'qemu' / 'netns' select by runner)
  list                      the scenario table
  render NAME --role ap|sta|as --out DIR [--certs DIR] [--ifname IF] [--radius-addr A] [--listen A]
                            write one scenario's configs (the docker-compose entrypoints use this)
  diagnose LOGDIR [NAME]    re-diagnose recorded logs of one scenario
  extract-vmlinux BZIMAGE OUT
"""

from __future__ import annotations

import argparse
import datetime
import lzma
import os
import re
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from labkit import render, report  # noqa: E402
from labkit.diagnose import Diagnosis, Logs, capture, diagnose, match  # noqa: E402
from labkit.scenarios import BY_NAME, SCENARIOS, select  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def cmd_list(_a) -> int:
    for s in SCENARIOS:
        exp = s.expect if s.expect == "connected" else f"{s.expect} ({s.expect_layer}: {s.expect_cause})"
        print(f"{s.name:28} {s.runner:6} {exp:55} {s.title}")
    return 0


def cmd_render(a) -> int:
    s = BY_NAME.get(a.name)
    if s is None:
        print(f"lab.py render: unknown scenario '{a.name}'", file=sys.stderr)
        return 2
    t = render.Target(certs=a.certs, ap_ifname=a.ifname, sta_ifname=a.ifname, radius_addr=a.radius_addr,
                      radius_listen=a.listen, scenario_dir=a.out)
    os.makedirs(a.out, exist_ok=True)
    files = render.scenario_files(s, t)
    keep = {"ap": ("ap.conf", "ap-before.conf", "scenario.env"), "sta": ("sta.conf", "scenario.env"),
            "as": ("as-lab-radius.args", "as-hostapd.conf", "as-secret", "eap_user", "radius_clients", "scenario.env")}[a.role]
    for name in keep:
        if name in files:
            text = files[name]
            if a.secret_env and os.environ.get(a.secret_env):
                text = text.replace(render.RADIUS_SECRET, os.environ[a.secret_env])
            with open(os.path.join(a.out, name), "w") as f:
                f.write(text)
    return 0


def cmd_diagnose(a) -> int:
    d = diagnose(Logs.from_dir(a.logdir))
    s = BY_NAME.get(a.name or os.path.basename(os.path.normpath(a.logdir)))
    if s:
        print(report.Result(s, d).line())
    else:
        print(f'outcome={d.outcome} layer={d.layer} cause={d.cause} diagnosis="{d.text}"')
    for ev in d.evidence:
        print(f"  evidence: {ev}")
    return 0


FIXTURE_KEEP = re.compile(
    r"skip RSN IE|   skip - |No suitable network|CTRL-EVENT-|Association Request IEs|CMD_FRAME - hexdump|"
    r"send_mlme|Invalid (WPA|RSN|group)|Management frame protection|SSL3 alert|Override ciphers|"
    r"Key negotiation completed|RADIUS message: code|No response from Authentication|did not have correct|"
    r"TLS: Certificate verification|OpenSSL: |Interface initialization failed|Failed to initialize|"
    r"invalid MIC|4-Way Handshake|EAPOL-Key timeout|selected BSS|WPA: using|AP-STA-|EAPOL-4WAY|AP-ENABLED|"
    r"Trying to associate|Associated with|Invalid Message-Authenticator|Resending RADIUS message|\"outcome\"|\"level\":\"WARN\"|"
    # Passpoint selection (wpa_supplicant interworking)
    r"INTERWORKING-|Interworking: |ANQP-QUERY-DONE|GAS-QUERY-DONE|Starting ANQP fetch|ANQP fetch completed|RX-ANQP|"
    # WPA3-Personal: SAE status, group, H2E, FT
    r"SME: Authentication response|SAE group not supported|SAE: Failed to select group|SAE: Selecting supported|"
    r"SAE: Confirm mismatch|Unsupported finite cyclic group|SAE H2E|rate sets do not match|FT: Prepare Authentication|"
    r"SME: FT |auth_type=2|Using SAE auth_alg|using KEY_MGMT")


def cmd_fixture(a) -> int:
    """Keeps a recorded scenario's small files whole and the lines of its big logs the diagnosis reads."""
    os.makedirs(a.out, exist_ok=True)
    for name in sorted(os.listdir(a.logdir)):
        if name.endswith(".pcap") or name == "tcpdump.log":
            continue  # captures are kept separately (fixtures/captures/<scenario>/)
        src = os.path.join(a.logdir, name)
        text = open(src, errors="replace").read()
        if name.endswith(".log"):
            text = "".join(l for l in text.splitlines(True) if FIXTURE_KEEP.search(l))
        with open(os.path.join(a.out, name), "w") as f:
            f.write(text)
    return 0


def cmd_extract_vmlinux(a) -> int:
    """The bzImage's XZ payload is the ELF vmlinux; qemu boots it through its PVH note."""
    data = open(a.bzimage, "rb").read()
    i = data.find(b"\xfd7zXZ\x00")
    if i < 0:
        print(f"{a.bzimage}: no XZ payload found", file=sys.stderr)
        return 1
    out = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(data[i:])
    if out[:4] != b"\x7fELF":
        print(f"{a.bzimage}: the XZ payload is not an ELF", file=sys.stderr)
        return 1
    with open(a.out + ".new", "wb") as f:
        f.write(out)
    os.replace(a.out + ".new", a.out)
    return 0


def match_capture(pcap: str):
    """`hs20check match --capture` with the Passpoint credential: the prediction for the first AP."""
    from labkit import passpoint
    if not (os.path.exists(pcap) and os.path.getsize(pcap) > 24):
        return None
    aps = match(["--capture", pcap], passpoint.match_args())["aps"]
    return aps[0] if aps else None


def versions(log_dir: str, runner: str) -> str:
    """hostapd/wpa_supplicant versions of a run: the guest writes versions.env per scenario; the wired
    scenarios run the host's daemons."""
    v = {}
    p = os.path.join(log_dir, "versions.env")
    if os.path.exists(p):
        v = dict(line.strip().split("=", 1) for line in open(p) if "=" in line)
    elif runner == "netns":
        for key, exe in (("HOSTAPD_VERSION", "hostapd"), ("WPA_SUPPLICANT_VERSION", "wpa_supplicant")):
            if shutil.which(exe):
                out = subprocess.run([exe, "-v"], capture_output=True, text=True)
                m = re.search(rf"{exe} v(\S+)", out.stdout + out.stderr)
                v[key] = m.group(1) if m else "?"
    if not v:
        return ""
    return f"hostapd={v.get('HOSTAPD_VERSION', '?')} wpa_supplicant={v.get('WPA_SUPPLICANT_VERSION', '?')}"


def cmd_run(a) -> int:
    try:
        chosen = select(a.scenarios)
    except KeyError as e:
        print(f"lab.py run: {e.args[0]}", file=sys.stderr)
        return 2
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    run_dir = os.path.abspath(a.results or os.path.join(HERE, "results", stamp))
    os.makedirs(os.path.join(run_dir, "logs"), exist_ok=True)
    latest = os.path.join(HERE, "results", "latest")
    if not a.results:
        try:
            if os.path.islink(latest):
                os.unlink(latest)
            os.symlink(stamp, latest)
        except OSError:
            pass
    as_kind = a.as_kind
    print(f"lab: {len(chosen)} scenario(s), authentication server: {as_kind}, results: {run_dir}", flush=True)
    results: list[report.Result] = []
    counter = {"i": 0}
    total = len(chosen)
    t_start = {}

    def finish(name: str, log_dir: str, secs: float, stop: str) -> None:
        s = BY_NAME[name]
        mcap = None
        if os.path.isdir(log_dir):
            d = diagnose(Logs.from_dir(log_dir), timeout_s=a.timeout)
            if s.expect_selection is not None:
                # Passpoint: the capture is judged by `hs20check match --capture` (selection), not by `capture`
                cap = None
                mcap = match_capture(os.path.join(log_dir, "air.pcap"))
            else:
                cap = capture([os.path.join(log_dir, n) for n in ("air.pcap", "radius.pcap")])
        else:
            d = Diagnosis("not-connected", "unknown", "air.harness-failed", "the scenario produced no logs")
            cap = None
        r = report.Result(s, d, secs, stop, as_kind, log_dir, cap, mcap, versions(log_dir, s.runner))
        results.append(r)
        print(r.line(), flush=True)

    def on_start(name: str) -> None:
        counter["i"] += 1
        t_start[name] = time.monotonic()
        print(f"[{counter['i']}/{total}] {name} ...", flush=True)

    def on_logs(name: str, log_dir: str, end: dict) -> None:
        finish(name, log_dir, float(end.get("secs", time.monotonic() - t_start.get(name, time.monotonic()))),
               end.get("stop", ""))

    qemu_s = [s for s in chosen if s.runner == "qemu"]
    netns_s = [s for s in chosen if s.runner == "netns"]
    t0 = time.monotonic()
    if netns_s:
        from labkit.netns import Wired
        for s in netns_s:
            on_start(s.name)
            t = time.monotonic()
            log_dir = os.path.join(run_dir, "logs", s.name)
            stop = Wired(s, log_dir, as_kind, a.timeout).run()
            finish(s.name, log_dir, time.monotonic() - t, stop)
    if qemu_s:
        from labkit.qemu import Guest
        # LAB_GUESTS=N (default 2) boots N guests side by side, each with a round-robin share of the
        # scenarios and -smp split between them: a guest mostly waits (daemon start-up, scans,
        # timeouts), so the waits overlap — on a busy 2-core host the 34 qemu scenarios took 79 s
        # with two guests (-smp 1 each) against 185 s with one (-smp 2)
        n = max(1, min(a.guests, len(qemu_s)))
        if n == 1:
            rcs = [Guest(qemu_s, run_dir, as_kind, a.timeout, on_start, on_logs, smp=a.smp).run()]
        else:
            import threading
            lock = threading.Lock()

            def locked(fn):
                def call(*args):
                    with lock:
                        fn(*args)
                return call
            rcs = [0] * n

            def boot(i: int) -> None:
                rcs[i] = Guest(qemu_s[i::n], run_dir, as_kind, a.timeout, locked(on_start), locked(on_logs),
                               smp=max(1, a.smp // n), tag=f"-{i + 1}").run()
            threads = [threading.Thread(target=boot, args=(i,)) for i in range(n)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        for s in qemu_s:
            if s.name not in {r.scenario.name for r in results}:
                finish(s.name, os.path.join(run_dir, "logs", s.name, "__missing__"), 0.0, f"guest exit {rcs}")
    order = {s.name: i for i, s in enumerate(SCENARIOS)}
    results.sort(key=lambda r: order[r.scenario.name])
    wall = time.monotonic() - t0
    header = (f"run {stamp}: {sum(r.ok for r in results)}/{len(results)} as expected, AS={as_kind}, "
              f"wall {wall:.1f} s")
    with open(os.path.join(run_dir, "summary.txt"), "w") as f:
        f.write(header + "\n\n" + report.summary_text(results))
    with open(os.path.join(run_dir, "results.txt"), "w") as f:
        f.write("\n".join(r.line() for r in results) + "\n")
    with open(os.path.join(run_dir, "summary.json"), "w") as f:
        f.write(report.summary_json(results))
    with open(os.path.join(run_dir, "matrix.svg"), "w") as f:
        f.write(report.matrix_svg(results))
    with open(os.path.join(run_dir, "matrix.html"), "w") as f:
        f.write(report.summary_html(results, header))
    print()
    print(report.summary_text(results), end="")
    print(f"lab: wall {wall:.1f} s; summary: {run_dir}/summary.txt, picture: {run_dir}/matrix.html")
    return 0 if results and all(r.ok for r in results) else 1


def main(argv: list[str]) -> int:
    # SIGTERM unwinds like Ctrl-C, so the runners' finally blocks delete namespaces and stop daemons
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `lab.py ... | head` ends quietly
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    p = argparse.ArgumentParser(prog="lab.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("scenarios", nargs="*")
    r.add_argument("--as", dest="as_kind", choices=("lab-radius", "hostapd"),
                   default=os.environ.get("LAB_AS", "lab-radius"))
    r.add_argument("--results")
    r.add_argument("--timeout", type=int, default=int(os.environ.get("LAB_TIMEOUT", "20")))
    r.add_argument("--smp", type=int, default=2)
    r.add_argument("--guests", type=int, default=int(os.environ.get("LAB_GUESTS", "2")))
    r.set_defaults(fn=cmd_run)
    sub.add_parser("list").set_defaults(fn=cmd_list)
    g = sub.add_parser("render")
    g.add_argument("name")
    g.add_argument("--role", choices=("ap", "sta", "as"), required=True)
    g.add_argument("--out", required=True)
    g.add_argument("--certs", default="/lab/certs")
    g.add_argument("--ifname", default="wlan0")
    g.add_argument("--radius-addr", default="127.0.0.1")
    g.add_argument("--listen", default="127.0.0.1")
    g.add_argument("--secret-env", default="LAB_RADIUS_SECRET",
                   help="environment variable whose value replaces the lab's default shared secret")
    g.set_defaults(fn=cmd_render)
    d = sub.add_parser("diagnose")
    d.add_argument("logdir")
    d.add_argument("name", nargs="?")
    d.set_defaults(fn=cmd_diagnose)
    fx = sub.add_parser("fixture")
    fx.add_argument("logdir")
    fx.add_argument("out")
    fx.set_defaults(fn=cmd_fixture)
    x = sub.add_parser("extract-vmlinux")
    x.add_argument("bzimage")
    x.add_argument("out")
    x.set_defaults(fn=cmd_extract_vmlinux)
    a = p.parse_args(argv)
    return a.fn(a)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
