#!/usr/bin/env bash
# tests/lab/run.sh [SCENARIO...] — builds what it needs (cached in tests/lab/.cache), runs the named
# scenarios (all by default; 'qemu' or 'netns' select by runner), prints one line per scenario and a
# summary, writes results/<stamp>/ (summary.txt, results.txt, summary.json, matrix.html, matrix.svg,
# logs/<scenario>/) and exits 0 only when every outcome (and every diagnosis) matches its expectation.
# Environment: LAB_CARGO_TARGET_DIR=<dir> (cargo target dir for lab-radius; default <repo>/target),
#              LAB_AS=lab-radius|hostapd (the authentication server; default lab-radius),
#              LAB_TIMEOUT=<s> per scenario (default 20), FRESH=1 rebuild the cache, KPKG=<kernel pkg>.
# Needs root (qemu under TCG, and network namespaces for the wired scenarios) on Debian 12.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || { echo "run.sh: needs root (apt-get, network namespaces)" >&2; exit 2; }

want_wired=0 want_qemu=0
if [ $# -eq 0 ] || [ "$1" = all ]; then want_wired=1; want_qemu=1; fi
for s in "$@"; do case $s in wired*|netns) want_wired=1 ;; all) ;; *) want_qemu=1 ;; esac; done

if [ "$want_wired" = 1 ]; then
	missing=()
	command -v hostapd >/dev/null || missing+=(hostapd)
	command -v wpa_supplicant >/dev/null || missing+=(wpasupplicant)
	command -v ip >/dev/null || missing+=(iproute2)
	command -v python3 >/dev/null || missing+=(python3)
	if [ ${#missing[@]} -gt 0 ]; then
		echo "lab: installing ${missing[*]}" >&2
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	fi
	# Debian enables the hostapd/wpa_supplicant services on install; they must not grab our interfaces
	systemctl stop hostapd wpa_supplicant >/dev/null 2>&1 || true
fi
if [ "$want_qemu" = 1 ]; then
	"$here/build.sh"
else
	"$here/mkcerts.sh" "$here/.cache/certs"
	if [ "${LAB_AS:-lab-radius}" = lab-radius ]; then "$here/build.sh" --lab-radius-only; fi
fi
if [ $# -eq 0 ] || [ "$1" = all ]; then
	# the diagnosis's own unit tests over recorded logs (well under a second) before the real runs
	python3 -m unittest discover -s "$here" -p 'test_*.py' -q
fi
exec python3 "$here/lab.py" run "$@"
