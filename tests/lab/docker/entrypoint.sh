#!/bin/bash
# Entrypoint of the lab image. ROLE is the first argument: pki | lab-radius | ap | sta | diagnose.
# The scenario comes from LAB_SCENARIO; its configs are rendered from the scenario table
# (tests/lab/labkit/scenarios.py) exactly as the qemu harness renders them — one source of truth.
# Logs go to /logs/$LAB_SCENARIO/ under the names the diagnosis reads (as.log, hostapd.log, wpas.log).
set -euo pipefail
role=${1:?role: pki | lab-radius | ap | sta | diagnose}
S=${LAB_SCENARIO:-wpa3-192-2g4}
LAB=${LAB_HOME:-/lab/tests/lab}
CERTS=${LAB_CERTS:-/lab-certs}
L=${LAB_LOGS:-/logs}/$S
RUN=${LAB_RUN:-/run/lab}
mkdir -p "$RUN"

wait_wifi() { # -> name of the wireless interface moved into this container's network namespace
	echo "lab: waiting for a wireless interface (move a mac80211_hwsim phy into this container: see README)" >&2
	while :; do
		for d in /sys/class/net/*; do
			[ -e "$d/phy80211" ] && { basename "$d"; return; }
		done
		sleep 1
	done
}
render() { python3 "$LAB/lab.py" render "$S" --out "$RUN" --certs "$CERTS" "$@"; }
redacted_copy() { sed 's/^\([ \t]*auth_server_shared_secret=\).*/\1[REDACTED]/' "$1" > "$L/$(basename "$1")"; }

case $role in
pki)
	exec "$LAB/mkcerts.sh" "$CERTS" ;;
lab-radius)
	mkdir -p "$L"
	render --role as --listen "${LAB_RADIUS_LISTEN:-0.0.0.0}"
	LAB_RADIUS_SECRET=$(cat "$RUN/as-secret"); export LAB_RADIUS_SECRET
	# shellcheck disable=SC2046
	exec lab-radius $(cat "$RUN/as-lab-radius.args") > >(tee "$L/as.log") 2>&1
	;;
ap)
	mkdir -p "$L"
	if=${LAB_IFNAME:-$(wait_wifi)}
	render --role ap --ifname "$if"
	grep -q '^FLOW=stale-assoc' "$RUN/scenario.env" && echo "lab: $S needs the AP restart choreography of the qemu harness (tests/lab/run.sh $S); starting its final AP config only" >&2
	redacted_copy "$RUN/ap.conf"
	# helpers live as long as the main process (after `exec`, $$ is hostapd / wpa_supplicant)
	( while sleep 2 && kill -0 $$ 2>/dev/null; do
		hostapd_cli -i "$if" all_sta > "$L/hostapd_cli-all_sta.txt" 2>&1 || true
		hostapd_cli -i "$if" get_config > "$L/hostapd_cli-get_config.txt" 2>&1 || true
	done ) &
	exec hostapd -dd -t "$RUN/ap.conf" > >(tee "$L/hostapd.log" | grep --line-buffered -E 'AP-|CTRL-EVENT-|EAPOL-4WAY|Invalid|RADIUS message: code') 2>&1
	;;
sta)
	mkdir -p "$L"
	if=${LAB_IFNAME:-$(wait_wifi)}
	render --role sta --ifname "$if"
	cp "$RUN/sta.conf" "$L/sta.conf"
	( sleep 3
	  # event monitor: its stdin ends (and it quits) when the main process is gone
	  wpa_cli -i "$if" < <(while kill -0 $$ 2>/dev/null; do sleep 1; done) > "$L/events.log" 2>&1 &
	  while sleep 2 && kill -0 $$ 2>/dev/null; do
		wpa_cli -i "$if" status > "$L/wpa_cli-status.txt" 2>&1 || true
		wpa_cli -i "$if" scan_results > "$L/wpa_cli-scan_results.txt" 2>&1 || true
		for b in $(awk 'NR>1 {print $1}' "$L/wpa_cli-scan_results.txt"); do wpa_cli -i "$if" bss "$b"; done > "$L/wpa_cli-bss.txt" 2>&1 || true
	done ) &
	exec wpa_supplicant -dd -t -Dnl80211 -i "$if" -c "$RUN/sta.conf" > >(tee "$L/wpas.log" | grep --line-buffered -E 'CTRL-EVENT-|skip RSN IE|No suitable network|SSL3 alert') 2>&1
	;;
diagnose)
	exec python3 "$LAB/lab.py" diagnose "$L" "$S" ;;
*)
	echo "lab-entrypoint: unknown role '$role' (pki | lab-radius | ap | sta | diagnose)" >&2; exit 2 ;;
esac
