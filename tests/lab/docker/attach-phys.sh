#!/usr/bin/env bash
# Host side of the docker-compose lab: moves the first two mac80211_hwsim radios into the network
# namespaces of the running `ap` and `sta` containers (the first into ap's — which is lab-radius's —
# the second into sta's). Run as root from the repository root after `docker-compose up -d`.
# Prerequisite: modprobe mac80211_hwsim radios=2 (and keep NetworkManager/wpa_supplicant off them).
set -euo pipefail
cd "$(dirname "$0")/../../.."
compose=${COMPOSE:-docker-compose}
phys=()
for p in /sys/class/ieee80211/*; do
	[ -e "$p" ] || continue
	case $(readlink -f "$p/device") in *mac80211_hwsim*) phys+=("$(basename "$p")") ;; esac
done
[ ${#phys[@]} -ge 2 ] || { echo "attach-phys: need two mac80211_hwsim radios in this namespace (modprobe mac80211_hwsim radios=2); found: ${phys[*]:-none}" >&2; exit 1; }
pid_of() {
	local id; id=$($compose ps -q "$1")
	[ -n "$id" ] || { echo "attach-phys: service $1 is not running (docker-compose up -d lab-radius ap sta)" >&2; exit 1; }
	docker inspect -f '{{.State.Pid}}' "$id"
}
ap_pid=$(pid_of ap) sta_pid=$(pid_of sta)
iw phy "${phys[0]}" set netns "$ap_pid"
iw phy "${phys[1]}" set netns "$sta_pid"
echo "attach-phys: ${phys[0]} -> ap (pid $ap_pid), ${phys[1]} -> sta (pid $sta_pid)"
