#!/usr/bin/env bash
# tests/lab/docker/test.sh — the container lab, built and run for real with docker-compose (the commands
# README gives), on a Docker host with no registry. One line per case, PASS or FAIL; exit 0 only when
# every case passes. Cases:
#   build            base image from Debian's packages (base.sh, cached), host-built lab-radius and
#                    hs20check, `docker-compose build lab` (BASE=hs20-debian:bookworm, LAB_BINARIES=host)
#   eapol-test-host  eapol_test on this host against the lab-radius container's published UDP port
#   eapol-test       `docker-compose run --rm eapol-test` over the compose network
#   wired-pair       hostapd driver=wired and wpa_supplicant -Dwired in two containers, EAPOL across
#                    the compose bridge (group_fwd_mask 8), lab-radius in a third
#   radius-stopped   lab-radius stopped while the AP runs: the harness diagnoses the RADIUS timeout
#   radius-loss      20 % loss on the RADIUS link: three authentications still complete
#   hwsim            `docker-compose run --rm lab wpa3-192-2g4 gcmp256-pairwise-mismatch`: the qemu
#                    guest under TCG inside the container
# Environment: COMPOSE (default docker-compose; `docker compose` works too), LAB_BASE_IMAGE (default
# hs20-debian:bookworm, made by base.sh; debian:bookworm-slim on a host with a registry),
# HS20_DOCKER_RESULTS (default /tmp/hs20-docker/<stamp>), HS20_SKIP_DOCKER=1 skips everything (exit 0).
# Every container, network and volume it makes belongs to one compose project and is removed on exit.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
cd "$repo"
if [ -n "${HS20_SKIP_DOCKER:-}" ]; then echo "docker: skipped (HS20_SKIP_DOCKER)"; exit 0; fi
[ "$(id -u)" = 0 ] || { echo "docker/test.sh: needs root (debootstrap, the bridge's group_fwd_mask)" >&2; exit 2; }
docker info >/dev/null 2>&1 || { echo "FAIL docker: no Docker engine answers (docker info)"; exit 1; }

# one run at a time on this engine: runs share the image tag and its build cache
exec 9>/var/lock/hs20-docker-test.lock
flock -w 900 9 || { echo "FAIL docker: another test.sh holds /var/lock/hs20-docker-test.lock"; exit 1; }

read -r -a compose <<<"${COMPOSE:-docker-compose}"
stamp=$(date -u +%Y%m%d-%H%M%S)
export COMPOSE_PROJECT_NAME=hs20t$$
export LAB_WIRED_BRIDGE=hs20t$$             # the wired network's bridge (at most 15 characters)
export LAB_RADIUS_PUBLISH=127.0.0.1:         # a free host port, loopback only
export LAB_RESULTS=${HS20_DOCKER_RESULTS:-/tmp/hs20-docker/$stamp}
export LAB_BASE_IMAGE=${LAB_BASE_IMAGE:-hs20-debian:bookworm}
export LAB_BINARIES=host
export LAB_SCENARIO=wired-eap-tls          # lab-radius with the demo PKI: eapol_test's and the wired pair's
mkdir -p "$LAB_RESULTS/compose"
t_start=$SECONDS
passed=0 failed=0
dc() { timeout "${T:-120}" "${compose[@]}" --profile wired --profile tools --profile lab "$@"; }
cleanup() { dc down -v --remove-orphans -t 2 >/dev/null 2>&1 || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM
result() { # NAME PASS|FAIL DETAIL
	echo "$2 docker/$1 (${SECONDS_CASE:-0}s): $3"
	if [ "$2" = PASS ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}
begin() { case_t0=$SECONDS; export LAB_LOG_NAME=$1; echo "-- docker/$1" >&2; }
end() { SECONDS_CASE=$((SECONDS - case_t0)); }
wait_for() { # FILE PATTERN TIMEOUT [COUNT] -> 0 once PATTERN (ERE) occurs COUNT times in FILE
	local i n
	for ((i = 0; i < $3 * 4; i++)); do
		n=$(grep -c -E "$2" "$1" 2>/dev/null); [ "${n:-0}" -ge "${4:-1}" ] && return 0
		sleep 0.25
	done
	return 1
}
logs() { echo "$LAB_RESULTS/compose/$LAB_LOG_NAME/$1"; }
diagnose() { dc run --rm -T diagnose 2>/dev/null | grep '^scenario=' | head -1; }
# starts lab-radius (after pki) and, with "auth", hostapd; then sets the bridge mask; "supp" adds wpa_supplicant
stack() {
	dc up -d lab-radius "$@" >/dev/null 2>&1 || return 1
	wait_for "$(logs as.log)" 'listening on' 30 || return 1
}
link_and_supp() {
	dc up --no-deps wired-link >"$LAB_RESULTS/$LAB_LOG_NAME-wired-link.txt" 2>&1 || return 1
	dc up -d --no-deps wired-supp >/dev/null 2>&1
}
reset() { dc down -t 2 >/dev/null 2>&1; }   # keeps the lab-certs volume

# ---- build -------------------------------------------------------------------------------------
begin build
ok=1
T=900 "$here/base.sh" "$LAB_BASE_IMAGE" || ok=0
target=${CARGO_TARGET_DIR:-$repo/target}
if [ $ok = 1 ]; then
	cargo build --release --locked -q -p lab-radius -p hs20check || ok=0
fi
if [ $ok = 1 ]; then
	install -m 0755 "$target/release/lab-radius" "$target/release/hs20check" "$here/bin/" || ok=0
fi
if [ $ok = 1 ]; then
	T=900 dc build lab >"$LAB_RESULTS/build.log" 2>&1 || { tail -20 "$LAB_RESULTS/build.log"; ok=0; }
	# earlier builds of the image, untagged by this one (the build cache stays)
	docker image prune -f --filter label=org.hs20check.lab >/dev/null 2>&1 || true
fi
end
if [ $ok = 1 ]; then
	result build PASS "hs20-lab:latest from $LAB_BASE_IMAGE ($(docker image inspect -f '{{.Size}}' hs20-lab:latest | awk '{printf "%d MB", $1/1e6}'))"
else
	result build FAIL "see $LAB_RESULTS/build.log"
	echo "docker: $passed passed, $failed failed (the rest needs the image); wall $((SECONDS - t_start)) s"
	exit 1
fi

# ---- eapol_test against the lab-radius container ------------------------------------------------
begin eapol-test-host
if stack; then
	port=$(dc port --protocol=udp lab-radius 1812 | sed 's/.*://')
	out=$LAB_RESULTS/eapol_test-host.txt
	timeout 30 eapol_test -c lab-radius/examples/eapol_test-demo.conf -a 127.0.0.1 -p "$port" \
		-s lab-radius-secret -t 15 >"$out" 2>&1
	rc=$?; end
	if [ $rc = 0 ] && grep -qx SUCCESS "$out" && grep -q 'SUCCESS identity' "$(logs as.log)"; then
		result eapol-test-host PASS "eapol_test -a 127.0.0.1 -p $port (published 1812/udp): exit 0, $(grep -m1 'MPPE keys OK' "$out"), SUCCESS"
	else
		result eapol-test-host FAIL "eapol_test exit $rc; $(tail -1 "$out"); lab-radius: $(grep -m1 FAILURE "$(logs as.log)")"
	fi
	begin eapol-test
	dc run --rm -T eapol-test >"$LAB_RESULTS/eapol_test-container.txt" 2>&1
	rc=$?; end
	if [ $rc = 0 ] && grep -qx SUCCESS "$LAB_RESULTS/eapol_test-container.txt"; then
		result eapol-test PASS "docker-compose run --rm eapol-test: exit 0, SUCCESS"
	else
		result eapol-test FAIL "exit $rc; $(tail -1 "$LAB_RESULTS/eapol_test-container.txt")"
	fi
else
	end; result eapol-test-host FAIL "lab-radius did not start: $(dc logs --no-color lab-radius pki 2>&1 | tail -3)"
fi
reset

# ---- wired 802.1X between containers -------------------------------------------------------------
begin wired-pair
if stack wired-auth && link_and_supp && wait_for "$(logs wpas.log)" 'CTRL-EVENT-EAP-SUCCESS ' 30; then
	wait_for "$(logs wpas.log)" 'CTRL-EVENT-CONNECTED' 5
	wait_for "$(logs wpa_cli-status.txt)" 'EAP state=SUCCESS' 8  # the state dump the diagnosis reads
	d=$(diagnose); end
	if grep -qE 'outcome=connect(ed)? ' <<<"$d"; then
		result wired-pair PASS "CTRL-EVENT-EAP-SUCCESS in wired-supp; $(grep -o 'group_fwd_mask=[^ ]*' "$LAB_RESULTS/wired-pair-wired-link.txt"); diagnosis: ${d:0:160}"
	else
		result wired-pair FAIL "EAP succeeded but the diagnosis says: $d"
	fi
else
	end; result wired-pair FAIL "no CTRL-EVENT-EAP-SUCCESS within 30 s; $(diagnose)"
fi
reset

# ---- fault: lab-radius stopped while the AP runs -------------------------------------------------
begin radius-stopped
if stack wired-auth && wait_for "$(logs hostapd.log)" 'interface state|EAPOL: ' 20; then
	dc stop -t 2 lab-radius >/dev/null 2>&1
	link_and_supp
	wait_for "$(logs hostapd.log)" 'Resending RADIUS message|No response from Authentication server' 30
	d=$(diagnose); end
	if grep -qE 'outcome=(not|no)-connect' <<<"$d" && grep -q 'layer=radius' <<<"$d" && grep -qE 'cause=[^ ]*radius-(no-response|timeout)' <<<"$d"; then
		result radius-stopped PASS "diagnosis: $(sed -E 's/.*(outcome=[^ ]+ layer=[^ ]+ diagnosis="[^"]*").*(cause=[^ ]+).*/\1 \2/' <<<"$d")"
	else
		result radius-stopped FAIL "expected layer=radius, a no-response cause; got: $d"
	fi
else
	end; result radius-stopped FAIL "the AP did not start: $(tail -3 "$(logs hostapd.log)" 2>/dev/null)"
fi
reset

# ---- fault: 20 % loss on the RADIUS link ---------------------------------------------------------
begin radius-loss
if stack wired-auth; then
	how=$(dc exec -T wired-auth lab-entrypoint radius-loss 20 2>&1 | tail -1)
	link_and_supp
	# Per authentication up to 100 s: a lost final Access-Request, retransmitted on hostapd's 3/6/12 s
	# back-off, can outlive lab-radius's 30 s session state (radius.unknown-state, Access-Reject); the
	# port is then HELD for 60 s and the supplicant starts over, and that authentication completes too.
	w=$(logs wpas.log) got=0
	wait_for "$w" 'CTRL-EVENT-EAP-SUCCESS ' 100 1 && got=1
	for n in 2 3; do
		[ $got = $((n - 1)) ] || break
		dc exec -T wired-supp wpa_cli -i eth0 reauthenticate >/dev/null 2>&1
		wait_for "$w" 'CTRL-EVENT-EAP-SUCCESS ' 100 "$n" && got=$n
	done
	resent=$(grep -c 'Resending RADIUS message' "$(logs hostapd.log)")
	restarts=$(grep -c 'FAILURE ' "$(logs as.log)")
	end
	if [ $got = 3 ]; then
		result radius-loss PASS "3/3 authentications completed, $resent RADIUS retransmission(s), $restarts lab-radius FAILURE(s) retried; ${how#lab-entrypoint: }"
	else
		result radius-loss FAIL "$got/3 authentications completed, $resent retransmission(s), lab-radius: $(grep -m1 'FAILURE ' "$(logs as.log)"); ${how#lab-entrypoint: }"
	fi
else
	end; result radius-loss FAIL "lab-radius/hostapd did not start"
fi
reset

# ---- the hwsim matrix in the lab container (qemu under TCG) ----------------------------------------
begin hwsim
scen=(wpa3-192-2g4 gcmp256-pairwise-mismatch)
T=600 dc run --rm -T lab "${scen[@]}" >"$LAB_RESULTS/hwsim.txt" 2>&1
rc=$?; end
ok=1
for s in "${scen[@]}"; do grep -q "^scenario=$s .*result=PASS" "$LAB_RESULTS/latest/results.txt" 2>/dev/null || ok=0; done
[ -s "$LAB_RESULTS/latest/matrix.html" ] || ok=0
if [ $rc = 0 ] && [ $ok = 1 ]; then
	result hwsim PASS "docker-compose run --rm lab ${scen[*]}: $(head -1 "$LAB_RESULTS/latest/summary.txt")"
	sed 's/^/    /' "$LAB_RESULTS/latest/results.txt"
else
	result hwsim FAIL "exit $rc; $(grep -E '^scenario=|FAIL|rror' "$LAB_RESULTS/hwsim.txt" | tail -4)"
fi

echo "docker: $passed passed, $failed failed; wall $((SECONDS - t_start)) s; results and logs: $LAB_RESULTS"
[ "$failed" = 0 ]
