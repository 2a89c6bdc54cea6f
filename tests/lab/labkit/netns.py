"""The wired IEEE 802.1X runner: hostapd driver=wired and wpa_supplicant -Dwired over a veth pair between
two network namespaces it creates (and always deletes), the AS on the authenticator namespace's loopback.
Needs root, iproute2, hostapd and wpa_supplicant on the host; no qemu."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time

from . import render
from .qemu import CACHE
from .scenarios import Scenario


def _sh(*cmd: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(list(cmd), check=check, capture_output=True, text=True)


class Wired:
    def __init__(self, scenario: Scenario, log_dir: str, as_kind: str, timeout_s: int):
        self.s = scenario
        self.log_dir = log_dir
        self.as_kind = as_kind
        self.timeout_s = timeout_s
        tag = f"{os.getpid() % 100000}"
        self.supp_ns, self.auth_ns = f"lab-supp-{tag}", f"lab-auth-{tag}"
        self.procs: list[subprocess.Popen] = []

    def _ns(self, ns: str, *cmd: str) -> list[str]:
        return ["ip", "netns", "exec", ns, *cmd]

    def _spawn(self, ns: str, cmd: list[str], log: str, **kw) -> subprocess.Popen:
        p = subprocess.Popen(self._ns(ns, *cmd), stdout=open(os.path.join(self.log_dir, log), "w"),
                             stderr=subprocess.STDOUT, **kw)
        self.procs.append(p)
        return p

    def _wait(self, log: str, needles: tuple[str, ...], timeout: float,
              also: tuple[tuple[str, str], ...] = ()) -> str | None:
        """First of `needles` seen in `log` (or of the (log, needle) pairs in `also`) before the timeout."""
        end = time.monotonic() + timeout
        watch = [(log, n) for n in needles] + list(also)
        while time.monotonic() < end:
            for name, n in watch:
                try:
                    text = open(os.path.join(self.log_dir, name), errors="replace").read()
                except FileNotFoundError:
                    text = ""
                if n in text:
                    return n
            time.sleep(0.05)
        return None

    def setup(self) -> None:
        self.teardown()
        _sh("ip", "netns", "add", self.supp_ns)
        _sh("ip", "netns", "add", self.auth_ns)
        _sh("ip", "link", "add", "vsupp", "netns", self.supp_ns, "type", "veth", "peer", "name", "vauth",
            "netns", self.auth_ns)
        _sh("ip", "-n", self.supp_ns, "link", "set", "vsupp", "up")
        _sh("ip", "-n", self.auth_ns, "link", "set", "vauth", "up")
        _sh("ip", "-n", self.auth_ns, "link", "set", "lo", "up")
        _sh("ip", "-n", self.supp_ns, "link", "set", "lo", "up")

    def teardown(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=3)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        self.procs = []
        for ns in (self.supp_ns, self.auth_ns):
            _sh("ip", "netns", "del", ns, check=False)

    def _record_air(self) -> None:
        """Records the wire: EAPOL on the veth (air.pcap) and RADIUS on the authenticator's loopback
        (radius.pcap), for `hs20check capture`. Skipped when tcpdump is missing."""
        if not shutil.which("tcpdump"):
            return
        for iface, name, flt in (("vauth", "air.pcap", []), ("lo", "radius.pcap", ["udp", "port", "1812"])):
            self._spawn(self.auth_ns, ["tcpdump", "-i", iface, "-U", "-s", "0", "--immediate-mode", "-w",
                                       os.path.join(self.log_dir, name), *flt], name + ".log")
            self._wait(name + ".log", ("listening on",), 5)

    def run(self) -> str:
        """Runs the scenario; returns why it stopped waiting. Always tears the namespaces down."""
        os.makedirs(self.log_dir, exist_ok=True)
        run = tempfile.mkdtemp(prefix="lab-wired-")
        t = render.Target(certs=os.path.join(CACHE, "certs"), ap_ifname="vauth", sta_ifname="vsupp", scenario_dir=run,
                          hostapd_ctrl=f"{run}/hostapd", wpas_ctrl=f"{run}/wpa_supplicant", as_ctrl=f"{run}/as")
        render.write_scenario(self.s, t, run)
        for name in ("ap.conf", "sta.conf", "scenario.env"):
            with open(os.path.join(run, name)) as f, open(os.path.join(self.log_dir, name), "w") as g:
                g.write(render.redact(f.read()))
        try:
            self.setup()
            self._record_air()
            if self.as_kind == "lab-radius":
                args = open(os.path.join(run, "as-lab-radius.args")).read().split()
                env = {**os.environ, "LAB_RADIUS_SECRET": open(os.path.join(run, "as-secret")).read().strip()}
                self._spawn(self.auth_ns, [os.path.join(CACHE, "lab-radius"), *args], "as.log", env=env)
                end = time.monotonic() + 5
                while time.monotonic() < end and ":0714 " not in _sh(*self._ns(self.auth_ns, "cat", "/proc/net/udp")).stdout:
                    time.sleep(0.05)
            else:
                self._spawn(self.auth_ns, ["hostapd", "-dd", "-t", os.path.join(run, "as-hostapd.conf")], "as.log")
                self._wait("as.log", ("RADIUS server", "ENABLED", "initialization failed"), 10)
            self._spawn(self.auth_ns, ["hostapd", "-dd", "-t", os.path.join(run, "ap.conf")], "hostapd.log")
            self._wait("hostapd.log", ("AP-ENABLED", "EAPOL: ", "initialization failed"), 10)
            self._spawn(self.supp_ns, ["wpa_supplicant", "-Dwired", "-ivsupp", "-dd", "-t", "-c",
                                       os.path.join(run, "sta.conf")], "wpas.log")
            self._wait("wpas.log", ("Added interface vsupp", "Failed"), 10)
            mon = self._spawn(self.supp_ns, ["wpa_cli", "-p", t.wpas_ctrl, "-i", "vsupp"], "events.log",
                              stdin=subprocess.PIPE)
            # a RADIUS retransmission means the AS did not answer within 3 s: no need to wait for the EAP timeout
            why = self._wait("wpas.log", ("CTRL-EVENT-CONNECTED", "CTRL-EVENT-EAP-FAILURE"), self.timeout_s,
                             also=(("hostapd.log", "Resending RADIUS message"),))
            time.sleep(0.5 if why != "CTRL-EVENT-CONNECTED" else 0.2)
            with open(os.path.join(self.log_dir, "wpa_cli-status.txt"), "w") as f:
                f.write(_sh(*self._ns(self.supp_ns, "wpa_cli", "-p", t.wpas_ctrl, "-i", "vsupp", "status"), check=False).stdout)
            with open(os.path.join(self.log_dir, "hostapd_cli-all_sta.txt"), "w") as f:
                f.write(_sh(*self._ns(self.auth_ns, "hostapd_cli", "-p", t.hostapd_ctrl, "-i", "vauth", "all_sta"), check=False).stdout)
            try:
                mon.stdin.write(b"quit\n")
                mon.stdin.close()
            except OSError:
                pass
            return {"CTRL-EVENT-CONNECTED": "connected", "CTRL-EVENT-EAP-FAILURE": "eap-failure",
                    "Resending RADIUS message": "radius-retransmit"}.get(why or "", "timeout")
        finally:
            self.teardown()
            shutil.rmtree(run, ignore_errors=True)
