#!/usr/bin/env bash
# tests/bench-capture.sh [FILE] — hs20check capture against tshark extracting the same frames
# (802.11 management frames, EAPOL, RADIUS) from the same file; prints both wall times, the ratio
# and hs20check's peak memory. Without FILE it builds a ~100 MB radiotap capture by repeating the
# lab's recorded 192-bit join (tests/lab/fixtures/captures/wpa3-192-2g4/air.pcap).
# Not part of tests/run.sh (timing on shared CI machines is noise). Needs tshark (Debian: tshark).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
command -v tshark >/dev/null || { echo "bench-capture: tshark is not installed (apt-get install tshark)" >&2; exit 2; }
exe=${HS20CHECK:-$repo/target/release/hs20check}
[ -x "$exe" ] || (cd "$repo" && cargo build --release -q -p hs20check)
file=${1:-}
tmp=""
if [ -z "$file" ]; then
	tmp=$(mktemp --suffix .pcap)
	python3 - "$repo/tests/lab/fixtures/captures/wpa3-192-2g4/air.pcap" "$tmp" "${BENCH_MB:-100}" <<'PY'
import sys
src = open(sys.argv[1], "rb").read()
with open(sys.argv[2], "wb") as out:
    out.write(src[:24])
    while out.tell() < int(sys.argv[3]) << 20:
        out.write(src[24:])
PY
	file=$tmp
fi
trap '[ -n "$tmp" ] && rm -f "$tmp"' EXIT
now() { date +%s.%N; }
t0=$(now)
tshark -r "$file" -n -Y 'wlan.fc.type == 0 || eapol || radius' -T fields -e frame.number >/dev/null 2>&1
t1=$(now)
/usr/bin/time -f '%M' -o /tmp/bench-capture.rss "$exe" capture "$file" --format json >/dev/null || [ $? -eq 1 ]
t2=$(now)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v f="$(du -h "$file" | cut -f1)" -v rss="$(cat /tmp/bench-capture.rss)" 'BEGIN {
	ts = b - a; hs = c - b
	printf "file %s: tshark %.2f s, hs20check %.2f s (peak %d MB): hs20check is %.1fx %s\n", f, ts, hs, rss / 1024,
		(hs > 0 ? (ts > hs ? ts / hs : hs / ts) : 0), (ts > hs ? "faster" : "slower") }'
