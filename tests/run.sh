#!/usr/bin/env bash
# The whole test suite, on a fresh Debian 12 machine or a developer's:
#   1. installs the real peers the tests talk to (Debian packages; needs root or sudo),
#   2. runs every Rust test in the workspace (unit tests, the validator's fixture corpus,
#      lab-radius against eapol_test / radclient, profiles against openssl / wpa_supplicant),
#   3. validates docker-compose.yml and runs the lab: the wired 802.1X scenarios in network
#      namespaces and the qemu/hwsim matrix (tests/lab/run.sh installs its own host packages),
#   4. builds the container lab without a registry and runs it with docker-compose
#      (tests/lab/docker/test.sh: eapol_test, the wired pair, two fault cases, hwsim in a container),
#   5. measures lab-radius's hardening goals (tests/hardening/goals.py --quick: identity flood,
#      memory, soak with loss, no secret in any log).
#   6. builds every cargo-fuzz target and runs each briefly over its seeds (fuzz/ci.sh).
# Exits non-zero if anything fails. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

# 0. Self-contained: a user's clone has nothing beside it, so no tracked file may name the
#    team's research folder, and the suite runs from a copy of the working tree (tracked and
#    untracked-but-not-ignored files) in an empty temporary folder. Build caches (cargo's target
#    directory, the lab's downloaded packages) and the lab's results stay with the original tree.
if [ -z "${HS20_SUITE_COPY:-}" ]; then
	if git rev-parse --git-dir >/dev/null 2>&1; then
		# The pattern is split so that this file does not match itself.
		if git grep -n -I -e 'shared''/' -- . ':!Cargo.lock'; then
			echo "== FAILED: the files above name the team's research folder, which a user's clone does not have" >&2
			exit 1
		fi
		origin=$(pwd)
		copy=$(mktemp -d "${TMPDIR:-/tmp}/hs20-suite.XXXXXX")
		git ls-files -z --cached --others --exclude-standard |
			while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
			tar --null -T - -cf - | tar -xf - -C "$copy"
		# Caches and results belong to the original tree (results/latest stays where README says).
		for keep in tests/lab/.cache tests/lab/results; do
			mkdir -p "$origin/$keep"
			rm -rf "${copy:?}/$keep"
			ln -s "$origin/$keep" "$copy/$keep"
		done
		echo "== running the suite from a copy of the working tree: $copy"
		export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$origin/target}"
		export LAB_CARGO_TARGET_DIR="${LAB_CARGO_TARGET_DIR:-$CARGO_TARGET_DIR}"
		status=0
		HS20_SUITE_COPY=1 "$copy/tests/run.sh" "$@" || status=$?
		rm -rf "$copy"
		exit "$status"
	fi
fi

# command → Debian package providing it
peers=(
	eapol_test:eapoltest
	radclient:freeradius-utils
	freeradius:freeradius
	hostapd:hostapd
	wpa_supplicant:wpasupplicant
	openssl:openssl
	ip:iproute2
	unshare:util-linux
	python3:python3
	docker-compose:docker-compose
	tcpdump:tcpdump   # the lab records the air and the RADIUS link for hs20check capture
	chromium:chromium # hs20check capture --html is rendered in a real headless browser
)
missing=()
for entry in "${peers[@]}"; do
	command -v "${entry%%:*}" >/dev/null 2>&1 || missing+=("${entry#*:}")
done
if ((${#missing[@]})); then
	echo "== installing test peers: ${missing[*]}"
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	# The freeradius package starts its own service on 1812 where policy-rc.d allows it; the
	# probe tests run private copies on ephemeral ports, so stop it.
	if [[ " ${missing[*]} " == *" freeradius "* ]]; then
		$sudo systemctl disable --now freeradius >/dev/null 2>&1 || $sudo service freeradius stop >/dev/null 2>&1 || true
	fi
fi

passed=0
failed=0
suite() { # name command...
	local name=$1
	shift
	echo "== $name"
	if "$@"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "== $name FAILED"
	fi
}

cargo_log=$(mktemp)
trap 'rm -f "$cargo_log"' EXIT
cargo_tests() {
	cargo test --workspace --locked 2>&1 | tee "$cargo_log"
	return "${PIPESTATUS[0]}"
}
suite "cargo test (workspace)" cargo_tests
suite "cargo build hs20check" cargo build --locked -p hs20check
suite "probe benchmark (smoke: every step once, no timing targets)" python3 bench/probe_bench.py --smoke
suite "hs20check profile/lint end to end" tests/profiles/cli.sh "${CARGO_TARGET_DIR:-target}/debug/hs20check"
# Every cargo-fuzz target for a bounded time (fuzz/README.md: how to run longer).
suite "fuzz (bounded)" env FUZZ_SECONDS="${FUZZ_SECONDS:-10}" fuzz/ci.sh
suite "docker-compose config" docker-compose config -q
suite "lab: wired 802.1X + qemu/hwsim matrix" tests/lab/run.sh
suite "docker-compose: container lab (eapol_test, wired pair, faults, hwsim in qemu)" tests/lab/docker/test.sh
# Last, so that its search for secrets covers the lab's results too.
suite "hardening goals (identity flood, memory, 1,000-authentication soak at 10% loss, secrets in logs; bounded)" python3 tests/hardening/goals.py --quick

echo
awk '/^test result:/ { p += $4; f += $6 } END { printf "cargo tests: %d passed, %d failed\n", p, f }' "$cargo_log"
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
