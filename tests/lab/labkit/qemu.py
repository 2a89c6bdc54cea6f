"""Runs scenarios in the qemu guest: stages the per-run overlay (init, rendered configs, certificates,
lab-radius), boots the cached kernel + base initramfs under TCG and streams results back."""

from __future__ import annotations

import base64
import io
import os
import shutil
import subprocess
import tarfile
import time
from typing import Callable

from . import render
from .scenarios import Scenario

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.path.join(HERE, ".cache")
BOOT = os.path.join(CACHE, "boot")


def stage_overlay(scenarios: list[Scenario], workdir: str, lab_radius: str | None) -> str:
    """Writes the overlay tree and returns the path of its gzip'd newc cpio."""
    st = os.path.join(workdir, "overlay")
    shutil.rmtree(st, ignore_errors=True)
    os.makedirs(os.path.join(st, "etc/lab/scenarios"))
    shutil.copy(os.path.join(HERE, "guest", "init"), os.path.join(st, "init"))
    os.chmod(os.path.join(st, "init"), 0o755)
    shutil.copytree(os.path.join(CACHE, "certs"), os.path.join(st, "etc/lab/certs"))
    for s in scenarios:
        render.write_scenario(s, render.GUEST, os.path.join(st, "etc/lab/scenarios", s.name))
    if any(s.sta.passpoint for s in scenarios):
        from . import passpoint
        passpoint.stage_files(os.path.join(st, "etc/lab/certs/passpoint"))
    if lab_radius:
        os.makedirs(os.path.join(st, "usr/sbin"))
        shutil.copy(lab_radius, os.path.join(st, "usr/sbin/lab-radius"))
        os.chmod(os.path.join(st, "usr/sbin/lab-radius"), 0o755)
    out = os.path.join(workdir, "overlay.cpio.gz")
    files = subprocess.run(["find", "."], cwd=st, check=True, capture_output=True).stdout
    with open(out, "wb") as f:
        cpio = subprocess.Popen(["cpio", "-o", "-H", "newc", "--quiet"], cwd=st, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE)
        gz = subprocess.Popen(["gzip", "-1"], stdin=cpio.stdout, stdout=f)
        cpio.stdin.write(files)
        cpio.stdin.close()
        cpio.stdout.close()
        if gz.wait() or cpio.wait():
            raise RuntimeError("packing the overlay initramfs failed")
    shutil.rmtree(st)
    return out


class Guest:
    """One qemu boot running a list of scenarios; calls back as each scenario's logs arrive."""

    def __init__(self, scenarios: list[Scenario], run_dir: str, as_kind: str, timeout_s: int,
                 on_start: Callable[[str], None], on_logs: Callable[[str, str, dict], None], smp: int = 2,
                 tag: str = ""):
        self.scenarios = scenarios
        self.run_dir = run_dir
        self.as_kind = as_kind
        self.timeout_s = timeout_s
        self.on_start = on_start
        self.on_logs = on_logs
        self.smp = smp
        self.tag = tag  # suffix of this guest's files when several guests share a run directory

    def run(self) -> int:
        work = os.path.join(self.run_dir, "guest" + self.tag)
        os.makedirs(work, exist_ok=True)
        lab_radius = os.path.join(CACHE, "lab-radius") if self.as_kind == "lab-radius" else None
        if lab_radius and not os.path.exists(lab_radius):
            raise FileNotFoundError(f"{lab_radius} is missing: run tests/lab/build.sh")
        overlay = stage_overlay(self.scenarios, work, lab_radius)
        initrd = os.path.join(work, "initrd.gz")
        with open(initrd, "wb") as out:
            for part in (os.path.join(BOOT, "base.cpio.gz"), overlay):
                with open(part, "rb") as f:
                    shutil.copyfileobj(f, out)
        os.unlink(overlay)
        console = os.path.join(self.run_dir, f"console{self.tag}.log")
        serial1 = os.path.join(work, "ttyS1.b64")
        names = ",".join(s.name for s in self.scenarios)
        append = (f"console=ttyS0 loglevel=4 panic=-1 mitigations=off lab={names} labas={self.as_kind} "
                  f"labtimeout={self.timeout_s}")
        cmd = ["qemu-system-x86_64", "-accel", "tcg,thread=multi", "-cpu", "max", "-smp", str(self.smp),
               "-m", "512", "-nic", "none", "-no-reboot", "-display", "none", "-monitor", "none",
               "-kernel", os.path.join(BOOT, "vmlinux"), "-initrd", initrd, "-append", append,
               "-serial", f"file:{console}", "-serial", f"file:{serial1}"]
        with open(os.path.join(self.run_dir, f"qemu-cmdline{self.tag}.txt"), "w") as f:
            f.write(" ".join(cmd) + "\n")
        for p in (console, serial1):
            open(p, "w").close()
        deadline = time.monotonic() + 60 + len(self.scenarios) * (self.timeout_s + 20)
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=open(os.path.join(work, "qemu.stderr"), "w"))
        con_pos = 0
        ser_buf = b""
        ser_pos = 0
        ends: dict[str, dict] = {}
        try:
            while True:
                alive = proc.poll() is None
                with open(console, "rb") as f:
                    f.seek(con_pos)
                    chunk = f.read()
                nl = chunk.rfind(b"\n")
                if nl >= 0:
                    for line in chunk[:nl].decode(errors="replace").splitlines():
                        line = line.strip()
                        if line.startswith("LAB-START "):
                            self.on_start(dict(kv.split("=", 1) for kv in line.split()[1:] if "=" in kv)["name"])
                        elif line.startswith("LAB-END "):
                            kv = dict(x.split("=", 1) for x in line.split()[1:] if "=" in x)
                            ends[kv["name"]] = kv
                    con_pos += nl + 1
                with open(serial1, "rb") as f:
                    f.seek(ser_pos)
                    data = f.read()
                ser_pos += len(data)
                ser_buf += data
                while True:
                    b = ser_buf.find(b"LAB-LOGS-BEGIN ")
                    if b < 0:
                        break
                    eol = ser_buf.find(b"\n", b)
                    if eol < 0:
                        break
                    name = ser_buf[b + 15:eol].decode().strip()
                    e = ser_buf.find(f"LAB-LOGS-END {name}".encode(), eol)
                    if e < 0:
                        break
                    payload = base64.b64decode(b"".join(ser_buf[eol + 1:e].split()))
                    ser_buf = ser_buf[e:]
                    dest = os.path.join(self.run_dir, "logs")
                    with tarfile.open(fileobj=io.BytesIO(payload), mode="r:gz") as t:
                        t.extractall(dest, filter="data") if hasattr(tarfile, "data_filter") else t.extractall(dest)
                    if name != "_guest":
                        self.on_logs(name, os.path.join(dest, name), ends.get(name, {}))
                if not alive:
                    break
                if time.monotonic() > deadline:
                    proc.kill()
                    proc.wait()
                    return 2
                time.sleep(0.2)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        return proc.returncode
