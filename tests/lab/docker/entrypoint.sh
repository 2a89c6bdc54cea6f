#!/bin/bash
# Entrypoint of the lab image. ROLE is the first argument:
#   lab [SCENARIO...]   the qemu/mac80211_hwsim matrix under TCG (tests/lab/run.sh; default: every qemu
#                       scenario); results in /lab/tests/lab/results (mounted by docker-compose)
#   pki                 the lab PKI into /lab-certs (tests/lab/mkcerts.sh)
#   lab-radius          lab-radius on UDP 1812: the scenario's PKI from /lab-certs, or your own from
#                       /pki (server-chain.pem or server.pem, server.key, ca.pem) or the environment
#                       (LAB_RADIUS_SERVER_CERT_PEM, LAB_RADIUS_SERVER_KEY_PEM, LAB_RADIUS_CA_PEM)
#   wired-auth          hostapd driver=wired on the interface that does not lead to lab-radius; its
#                       RADIUS server is the lab-radius container (LAB_RADIUS_HOST)
#   wired-supp          wpa_supplicant -Dwired on the container's interface
#   wired-link          (host network) lets the compose bridge forward EAPOL: group_fwd_mask 8
#   radius-loss PCT     (in wired-auth) drops PCT % of the RADIUS packets: tc netem when the kernel has
#                       it, else iptables' statistic match
#   eapol-test          eapol_test (demo identity) against the lab-radius container
#   ap | sta            hostapd / wpa_supplicant on a mac80211_hwsim phy moved in from the host
#   diagnose            the harness's one-line diagnosis of this scenario's logs
# The scenario comes from LAB_SCENARIO; its configs are rendered from the scenario table
# (tests/lab/labkit/scenarios.py) exactly as the qemu harness renders them — one source of truth.
# Logs go to /logs/${LAB_LOG_NAME:-$LAB_SCENARIO}/ under the names the diagnosis reads (as.log,
# hostapd.log, wpas.log).
set -euo pipefail
role=${1:?role: lab | pki | lab-radius | wired-auth | wired-supp | wired-link | radius-loss | eapol-test | ap | sta | diagnose}
shift
S=${LAB_SCENARIO:-wpa3-ent-only}
LAB=${LAB_HOME:-/lab/tests/lab}
CERTS=${LAB_CERTS:-/lab-certs}
L=${LAB_LOGS:-/logs}/${LAB_LOG_NAME:-$S}
RUN=${LAB_RUN:-/run/lab}
mkdir -p "$RUN"
say() { echo "lab-entrypoint: $*" >&2; }

wait_wifi() { # -> name of the wireless interface moved into this container's network namespace
	say "waiting for a wireless interface (move a mac80211_hwsim phy into this container: see README)"
	while :; do
		for d in /sys/class/net/*; do
			[ -e "$d/phy80211" ] && { basename "$d"; return; }
		done
		sleep 1
	done
}
resolve() { # NAME -> its IPv4 address (waits up to 30 s for the container's DNS entry)
	local i ip
	for i in $(seq 60); do
		ip=$(getent ahostsv4 "$1" | awk 'NR==1 {print $1}')
		[ -n "$ip" ] && { echo "$ip"; return; }
		sleep 0.5
	done
	say "cannot resolve '$1' (is the lab-radius service running?)"; exit 1
}
route_dev() { ip -4 route get "$1" | sed -n 's/.* dev \([^ ]*\).*/\1/p' | head -1; }
first_if() { # [EXCEPT] -> first non-loopback interface other than EXCEPT
	local d n
	for d in /sys/class/net/*; do
		n=$(basename "$d")
		[ "$n" = lo ] || [ "$n" = "${1:-}" ] || { echo "$n"; return; }
	done
	return 1
}
render() { python3 "$LAB/lab.py" render "$S" --out "$RUN" --certs "$CERTS" "$@"; }
need_wired() { # the wired roles need a wired scenario (BAND=wired in its scenario.env)
	grep -q '^BAND=wired' "$RUN/scenario.env" || {
		say "LAB_SCENARIO=$S is not a wired scenario: export LAB_SCENARIO=wired-eap-tls (wired scenarios: python3 tests/lab/lab.py list | grep netns)"
		exit 2; }
}
redacted_copy() { sed 's/^\([ \t]*auth_server_shared_secret=\).*/\1[REDACTED]/' "$1" > "$L/$(basename "$1")"; }
sta_monitor() { # IFNAME: event monitor and state dumps while the main process ($$ after exec) lives
	( sleep 3
	  # event monitor: its stdin ends (and it quits) when the main process is gone
	  wpa_cli -i "$1" < <(while kill -0 $$ 2>/dev/null; do sleep 1; done) > "$L/events.log" 2>&1 &
	  while sleep 2 && kill -0 $$ 2>/dev/null; do
		wpa_cli -i "$1" status > "$L/wpa_cli-status.txt" 2>&1 || true
		[ "${2:-}" = wired ] && continue
		wpa_cli -i "$1" scan_results > "$L/wpa_cli-scan_results.txt" 2>&1 || true
		for b in $(awk 'NR>1 {print $1}' "$L/wpa_cli-scan_results.txt"); do wpa_cli -i "$1" bss "$b"; done > "$L/wpa_cli-bss.txt" 2>&1 || true
	done ) &
}
ap_monitor() { # IFNAME
	( while sleep 2 && kill -0 $$ 2>/dev/null; do
		hostapd_cli -i "$1" all_sta > "$L/hostapd_cli-all_sta.txt" 2>&1 || true
		hostapd_cli -i "$1" get_config > "$L/hostapd_cli-get_config.txt" 2>&1 || true
	done ) &
}
AP_EVENTS='(^| )AP-[A-Z]|CTRL-EVENT-|EAPOL-4WAY|Invalid|RADIUS message: code|No response from Authentication|Resending RADIUS'
STA_EVENTS='CTRL-EVENT-|skip RSN IE|No suitable network|SSL3 alert'

case $role in
lab)
	# the harness itself: run.sh builds nothing here (the guest, the certificates and lab-radius are
	# in the image), runs the scenarios and writes results/<stamp>/ and results/latest
	[ $# -gt 0 ] || set -- qemu
	if [ -e "$LAB/.cache/NO-GUEST" ]; then
		say "$(cat "$LAB/.cache/NO-GUEST"): build and run the images for linux/amd64 (DOCKER_DEFAULT_PLATFORM=linux/amd64; see README)"
		exit 2
	fi
	exec "$LAB/run.sh" "$@" ;;
pki)
	# mkcerts.sh replaces its output folder; a volume's mount point cannot be, so make and copy
	stamp=$(sed -n 's|^stamp=\$out/||p' "$LAB/mkcerts.sh")  # mkcerts.sh's own "complete" marker
	[ -n "$stamp" ] && [ -e "$CERTS/$stamp" ] && [ -z "${FRESH:-}" ] && exit 0
	"$LAB/mkcerts.sh" "$RUN/certs" >/dev/null
	find "$CERTS" -mindepth 1 -delete
	cp -a "$RUN/certs/." "$CERTS/"
	say "lab PKI in $CERTS (demo/, suiteb/, rogue/)" ;;
lab-radius)
	mkdir -p "$L"
	render --role as --listen "${LAB_RADIUS_LISTEN:-0.0.0.0}"
	mapfile -t args < "$RUN/as-lab-radius.args"
	set_arg() { # FLAG VALUE: replaces FLAG's value (or appends it)
		local i
		for i in "${!args[@]}"; do
			if [ "${args[$i]}" = "$1" ]; then args[$((i + 1))]=$2; return; fi
		done
		args+=("$1" "$2")
	}
	pki=/pki
	if [ -n "${LAB_RADIUS_SERVER_CERT_PEM:-}" ]; then
		pki=$RUN/pki-env; mkdir -p "$pki"; umask 077
		printf '%s\n' "$LAB_RADIUS_SERVER_CERT_PEM" > "$pki/server-chain.pem"
		printf '%s\n' "${LAB_RADIUS_SERVER_KEY_PEM:?LAB_RADIUS_SERVER_KEY_PEM is needed with LAB_RADIUS_SERVER_CERT_PEM}" > "$pki/server.key"
		printf '%s\n' "${LAB_RADIUS_CA_PEM:?LAB_RADIUS_CA_PEM (the CA of the client certificates) is needed with LAB_RADIUS_SERVER_CERT_PEM}" > "$pki/ca.pem"
		umask 022
	fi
	if [ -s "$pki/server.key" ]; then
		cert=$pki/server-chain.pem; [ -s "$cert" ] || cert=$pki/server.pem
		[ -s "$cert" ] && [ -s "$pki/ca.pem" ] || { say "$pki has server.key but not server-chain.pem (or server.pem) and ca.pem"; exit 2; }
		set_arg --server-cert "$cert"; set_arg --server-key "$pki/server.key"; set_arg --ca "$pki/ca.pem"
		say "PKI from $pki (server certificate $(basename "$cert"), client CA ca.pem)"
	else
		say "PKI of scenario $S from $CERTS (set LAB_SCENARIO to pick another; your own: see README)"
	fi
	set_arg --log-format "${LAB_RADIUS_LOG_FORMAT:-json}"
	LAB_RADIUS_SECRET=$(cat "$RUN/as-secret"); export LAB_RADIUS_SECRET
	say "lab-radius ${args[*]} (shared secret from LAB_RADIUS_SECRET)"
	exec lab-radius "${args[@]}" > >(tee "$L/as.log") 2>&1
	;;
wired-auth)
	mkdir -p "$L"
	rad=$(resolve "${LAB_RADIUS_HOST:-lab-radius}")
	rad_if=$(route_dev "$rad")
	if=${LAB_IFNAME:-$(first_if "$rad_if")}
	render --role ap --ifname "$if" --radius-addr "$rad"
	need_wired
	redacted_copy "$RUN/ap.conf"
	say "hostapd driver=wired on $if; RADIUS server $rad:1812 via $rad_if"
	ap_monitor "$if"
	exec hostapd -dd -t "$RUN/ap.conf" > >(tee "$L/hostapd.log" | grep --line-buffered -E "$AP_EVENTS") 2>&1
	;;
wired-supp)
	mkdir -p "$L"
	if=${LAB_IFNAME:-$(first_if)}
	render --role sta --ifname "$if"
	need_wired
	cp "$RUN/sta.conf" "$L/sta.conf"
	say "wpa_supplicant -Dwired on $if"
	sta_monitor "$if" wired
	exec wpa_supplicant -dd -t -Dwired -i "$if" -c "$RUN/sta.conf" > >(tee "$L/wpas.log" | grep --line-buffered -E "$STA_EVENTS") 2>&1
	;;
wired-link)
	# A Linux bridge never forwards 01-80-C2-00-00-03 (the PAE group address EAPOL goes to) unless
	# bit 3 of its group_fwd_mask is set. Runs in the host's network namespace (network_mode: host).
	br=${LAB_WIRED_BRIDGE:-hs20-wired0}
	for _ in $(seq 60); do ip link show "$br" >/dev/null 2>&1 && break; sleep 0.5; done
	ip link set dev "$br" type bridge group_fwd_mask 8
	say "$br: group_fwd_mask=$(ip -d link show "$br" | grep -o 'group_fwd_mask [^ ]*' | cut -d' ' -f2) (EAPOL to 01:80:c2:00:00:03 crosses the bridge)"
	;;
radius-loss)
	pct=${1:?radius-loss PERCENT}
	rad=$(resolve "${LAB_RADIUS_HOST:-lab-radius}")
	dev=$(route_dev "$rad")
	p=$(awk -v p="$pct" 'BEGIN { printf "%.4f", p / 100 }')
	if tc qdisc replace dev "$dev" root netem loss "$pct%" 2>/dev/null; then
		how="tc netem loss $pct% on $dev (Access-Requests)"
	else
		iptables -A OUTPUT -p udp -d "$rad" --dport 1812 -m statistic --mode random --probability "$p" -j DROP
		how="iptables statistic $pct% on Access-Requests to $rad:1812 (this kernel has no sch_netem)"
	fi
	iptables -A INPUT -p udp -s "$rad" --sport 1812 -m statistic --mode random --probability "$p" -j DROP
	say "loss on the RADIUS link: $how, and $pct% of the replies (iptables statistic)"
	;;
eapol-test)
	rad=$(resolve "${LAB_RADIUS_HOST:-lab-radius}")
	cd /lab
	exec eapol_test -c lab-radius/examples/eapol_test-demo.conf -a "$rad" -p 1812 -s "${LAB_RADIUS_SECRET:-lab-radius-secret}" -t 15 "$@"
	;;
ap)
	mkdir -p "$L"
	if=${LAB_IFNAME:-$(wait_wifi)}
	render --role ap --ifname "$if"
	grep -q '^FLOW=stale-assoc' "$RUN/scenario.env" && say "$S needs the AP restart choreography of the qemu harness (tests/lab/run.sh $S); starting its final AP config only"
	redacted_copy "$RUN/ap.conf"
	ap_monitor "$if"
	exec hostapd -dd -t "$RUN/ap.conf" > >(tee "$L/hostapd.log" | grep --line-buffered -E "$AP_EVENTS") 2>&1
	;;
sta)
	mkdir -p "$L"
	if=${LAB_IFNAME:-$(wait_wifi)}
	render --role sta --ifname "$if"
	cp "$RUN/sta.conf" "$L/sta.conf"
	sta_monitor "$if"
	exec wpa_supplicant -dd -t -Dnl80211 -i "$if" -c "$RUN/sta.conf" > >(tee "$L/wpas.log" | grep --line-buffered -E "$STA_EVENTS") 2>&1
	;;
diagnose)
	exec python3 "$LAB/lab.py" diagnose "$L" "$S" ;;
*)
	say "unknown role '$role' (lab | pki | lab-radius | wired-auth | wired-supp | wired-link | radius-loss | eapol-test | ap | sta | diagnose)"; exit 2 ;;
esac
