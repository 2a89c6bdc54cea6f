"""Resolves and downloads Debian packages of another suite (the guest's hostapd/wpa_supplicant >= 2.11
come from Debian unstable, "sid") without touching the host's apt state.

A private apt configuration (sources list, lists, cache, an empty dpkg status) lives in STATE_DIR, so
the host's /etc/apt, /var/lib/apt and the dpkg lock stay untouched. Libraries are resolved through ELF
NEEDED, not through the packages' full dependency closure (which would drag in systemd, PAM, debconf):
  1. download the wanted packages and unpack them into ROOT;
  2. collect the NEEDED sonames of every ELF that goes into the guest (the wanted binaries and, in turn,
     the libraries that satisfy them);
  3. a soname that no unpacked package provides is looked for among the direct Depends/Pre-Depends
     of the packages that brought the ELF needing it (dpkg-shlibdeps put exactly those packages there);
     those are downloaded and unpacked, and the loop repeats until every soname is found — or stops
     with the soname and the package that needs it.
The result (package, version, file) is written to DEBS_DIR/resolved.txt; a later build with that file
and its .debs present does not touch the network (unstable's versions move and old ones leave the
mirror: the cache keeps the image reproducible until FRESH=1).

Usage: debsolve.py --suite sid --state STATE_DIR --debs DEBS_DIR --root ROOT PKG... --bin PATH...
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import subprocess
import sys

MIRROR = "http://deb.debian.org/debian"
KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"
LIB_DIRS = ("lib/x86_64-linux-gnu", "usr/lib/x86_64-linux-gnu", "lib64", "usr/lib64")


def log(msg: str) -> None:
    print(f"lab-build: {msg}", file=sys.stderr, flush=True)


def apt_config(state: str, suite: str) -> str:
    """Writes the private apt configuration and returns the path for APT_CONFIG."""
    for d in ("lists/partial", "cache/archives/partial", "etc/apt.conf.d", "etc/preferences.d",
              "etc/sources.list.d"):
        os.makedirs(os.path.join(state, d), exist_ok=True)
    status = os.path.join(state, "dpkg-status")
    if not os.path.exists(status):
        open(status, "w").close()
    with open(os.path.join(state, "sources.list"), "w") as f:
        f.write(f"deb [signed-by={KEYRING}] {MIRROR} {suite} main\n")
    conf = os.path.join(state, "apt.conf")
    with open(conf, "w") as f:
        f.write(f"""// private apt state for the lab guest's {suite} packages (tests/lab/labkit/debsolve.py)
Dir::Etc::SourceList "{state}/sources.list";
Dir::Etc::SourceParts "{state}/etc/sources.list.d";
Dir::Etc::Parts "{state}/etc/apt.conf.d";
Dir::Etc::Preferences "{state}/etc/preferences";
Dir::Etc::PreferencesParts "{state}/etc/preferences.d";
Dir::State::Lists "{state}/lists";
Dir::State::status "{status}";
Dir::Cache "{state}/cache";
APT::Architecture "amd64";
APT::Architectures {{ "amd64"; }};
Acquire::Languages "none";
// The signature is checked (signed-by); the Valid-Until date is not, so a mirror snapshot that
// lags a few days behind still resolves.
Acquire::Check-Valid-Until "false";
""")
    return conf


def run(args: list[str], env: dict, cwd: str | None = None) -> str:
    p = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: exit {p.returncode}: {p.stderr.strip()[-400:]}")
    return p.stdout


def depends(pkg: str, env: dict) -> list[str]:
    """Direct Depends/Pre-Depends of a package (the first alternative of each), library packages."""
    return parse_depends(run(["apt-cache", "depends", "--no-recommends", "--no-suggests", "--no-conflicts",
                              "--no-breaks", "--no-replaces", "--no-enhances", pkg], env))


def parse_depends(out: str) -> list[str]:
    """`apt-cache depends PKG` output -> the first alternative of each (Pre-)Depends that is a real
    library package (libc6, libnl-3-200, zlib1g …; not adduser, debconf, init systems)."""
    deps, alt = [], False
    for line in out.splitlines()[1:]:
        m = re.match(r"^\s*(\|)?(Pre)?Depends: (\S+)$", line)
        if not m:
            continue
        name = m.group(3)
        if not alt and not name.startswith("<") and "lib" in name:
            deps.append(name)
        alt = m.group(1) == "|"
    return deps


def needed(elf: str) -> list[str]:
    p = subprocess.run(["readelf", "-d", elf], capture_output=True, text=True)
    return re.findall(r"\(NEEDED\).*\[(.+?)\]", p.stdout)


def find_lib(root: str, soname: str) -> str | None:
    for d in LIB_DIRS:
        p = os.path.join(root, d, soname)
        if os.path.exists(p):
            return p
    return None


def path_in_root(root: str, path: str) -> str:
    """PATH (a file under ROOT, symlinks followed) relative to ROOT. Both sides are resolved: the
    suite runs from a copy whose tests/lab/.cache is a symlink to the original tree's, and a
    relative path between a resolved file and an unresolved root climbs out of the tree ("../..")."""
    return os.path.relpath(os.path.realpath(path), os.path.realpath(root))


def owner_files(deb: str) -> list[str]:
    return parse_contents(subprocess.run(["dpkg-deb", "-c", deb], capture_output=True, text=True).stdout)


def parse_contents(out: str) -> list[str]:
    """`dpkg-deb -c` output -> absolute paths; a symlink's own path, not its target:
    "lrwxrwxrwx root/root 0 2025-01-01 00:00 ./usr/lib/x/libfoo.so.1 -> libfoo.so.1.2"."""
    return [line.split(" -> ")[0].split()[-1].lstrip(".") for line in out.splitlines() if line.strip()]


def main(argv: list[str]) -> int:
    a = argparse.ArgumentParser()
    a.add_argument("--suite", default="sid")
    a.add_argument("--state", required=True)
    a.add_argument("--debs", required=True)
    a.add_argument("--root", required=True)
    a.add_argument("--bin", action="append", default=[], help="binary (path in ROOT) whose NEEDED must resolve")
    a.add_argument("packages", nargs="+")
    o = a.parse_args(argv)
    # one spelling of every directory: a symlinked cache must not make two (see path_in_root)
    o.debs, o.root, o.state = (os.path.realpath(d) for d in (o.debs, o.root, o.state))
    os.makedirs(o.debs, exist_ok=True)
    os.makedirs(o.root, exist_ok=True)
    resolved = os.path.join(o.debs, "resolved.txt")
    if os.path.exists(resolved):
        files = [line.split()[2] for line in open(resolved) if line.strip()]
        if files and all(os.path.exists(os.path.join(o.debs, f)) for f in files):
            for f in files:
                run(["dpkg-deb", "-x", os.path.join(o.debs, f), o.root], os.environ.copy())
            log(f"{o.suite} packages cached ({len(files)}: {resolved})")
            return 0
    env = dict(os.environ, APT_CONFIG=apt_config(o.state, o.suite))
    log(f"apt-get update ({o.suite}, private state in {o.state})")
    run(["apt-get", "update", "-qq"], env)

    got: dict[str, str] = {}  # package -> .deb file name

    def fetch(pkgs: list[str]) -> None:
        new = [p for p in pkgs if p not in got]
        if not new:
            return
        log(f"downloading from {o.suite}: {' '.join(new)}")
        run(["apt-get", "download", "-qq", *new], env, cwd=o.debs)
        for p in new:
            debs = sorted(glob.glob(os.path.join(o.debs, f"{p}_*.deb")), key=os.path.getmtime)
            if not debs:
                raise RuntimeError(f"apt-get download {p} left no .deb in {o.debs}")
            got[p] = os.path.basename(debs[-1])
            run(["dpkg-deb", "-x", debs[-1], o.root], env)

    fetch(o.packages)
    # which package brought which file (to follow the right package's Depends)
    by_file: dict[str, str] = {}
    for p, f in got.items():
        for path in owner_files(os.path.join(o.debs, f)):
            by_file[path] = p
    # ELF -> the package it came from; the queue holds ELFs whose NEEDED are not checked yet
    queue = [(b, by_file.get("/" + b.lstrip("/"), o.packages[0])) for b in o.bin]
    checked: set[str] = set()
    for _ in range(20):
        missing: dict[str, tuple[str, str]] = {}  # soname -> (needing elf, its package)
        while queue:
            rel, pkg = queue.pop()
            if rel in checked:
                continue
            checked.add(rel)
            path = os.path.join(o.root, rel.lstrip("/"))
            if not os.path.exists(path):
                raise RuntimeError(f"{rel} is not in the {o.suite} packages {' '.join(o.packages)}")
            for so in needed(path):
                lib = find_lib(o.root, so)
                if lib is None:
                    missing.setdefault(so, (rel, pkg))
                else:
                    libpkg = by_file.get("/" + os.path.relpath(lib, o.root), pkg)
                    queue.append((path_in_root(o.root, lib), libpkg))
        if not missing:
            break
        wanted = sorted({d for _, p in missing.values() for d in depends(p, env)} - set(got))
        if not wanted:
            so, (rel, p) = next(iter(missing.items()))
            raise RuntimeError(f"{so} (needed by {rel}) is in none of {p}'s dependencies")
        fetch(wanted)
        for p in wanted:
            for path in owner_files(os.path.join(o.debs, got[p])):
                by_file.setdefault(path, p)
        # re-check the ELFs that had missing sonames
        for so, (rel, p) in missing.items():
            checked.discard(rel)
            queue.append((rel, p))
    else:
        raise RuntimeError("library resolution did not converge")
    with open(resolved + ".new", "w") as f:
        for p, deb in sorted(got.items()):
            ver = run(["dpkg-deb", "-W", "--showformat=${Version}", os.path.join(o.debs, deb)], env)
            f.write(f"{p} {ver} {deb}\n")
    os.replace(resolved + ".new", resolved)
    log(f"{o.suite}: {len(got)} packages resolved through ELF NEEDED ({resolved})")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except RuntimeError as e:
        log(f"debsolve: {e}")
        sys.exit(1)
