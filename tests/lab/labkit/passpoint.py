"""The Passpoint station's credential: what `hs20check profile --format wpa-supplicant` writes for the
demo identity (certs/alice.p12, realm and OI from PASSPOINT_CRED). The generator's output is the
station's configuration as written; only its file paths are moved to where the runner puts the CA and
the PKCS#12 (`<certs>/passpoint/`). Generated once per process into a private temporary directory.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import tempfile

from .diagnose import REPO, hs20check
from .scenarios import PASSPOINT_CRED

FILES = ("cred-ca.pem", "cred-client.p12")  # the generator's sibling files of cred.conf


@functools.lru_cache(maxsize=1)
def generated() -> tuple[str, str]:
    """(the generated configuration text, the directory holding it and FILES)."""
    out = tempfile.mkdtemp(prefix="lab-passpoint-")
    # the generated configuration holds the (demo) PKCS#12 password: gone when the process ends
    atexit.register(shutil.rmtree, out, True)
    certs = os.path.join(REPO, "certs")
    cmd = [hs20check(), "profile", os.path.join(certs, "alice.p12"),
           "--password-file", os.path.join(certs, "alice.p12.password"),
           "--realm", PASSPOINT_CRED["realm"], "--ca", os.path.join(certs, "ca-chain.pem"),
           "--roaming-consortium", PASSPOINT_CRED["roaming_consortium"],
           "--trusted-server-name", PASSPOINT_CRED["trusted_server_name"],
           "--embed-password", "--format", "wpa-supplicant", "-o", os.path.join(out, "cred.conf")]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"hs20check profile --format wpa-supplicant failed ({p.returncode}): {p.stdout}{p.stderr}")
    with open(os.path.join(out, "cred.conf"), encoding="utf-8") as f:
        return f.read(), out


def cred_conf(certs_dir: str) -> str:
    """The generated text with its CA / PKCS#12 paths pointing into `<certs_dir>/passpoint/`."""
    text, out = generated()
    for name in FILES:
        text = text.replace(os.path.join(out, name), f"{certs_dir}/passpoint/{name}")
    return text


def stage_files(dest: str) -> None:
    """Copies the generator's CA and PKCS#12 into `dest` (a runner's `<certs>/passpoint`)."""
    _, out = generated()
    os.makedirs(dest, exist_ok=True)
    for name in FILES:
        shutil.copy(os.path.join(out, name), os.path.join(dest, name))


def match_args() -> list[str]:
    """`hs20check match`'s credential flags for the same settings (roamingEnabled false)."""
    return ["--realm", PASSPOINT_CRED["realm"], "--roaming-consortium", PASSPOINT_CRED["roaming_consortium"]]
