#!/usr/bin/env bash
# The wired IEEE 802.1X scenarios only (network namespaces + veth, no qemu): hostapd driver=wired and
# wpa_supplicant -Dwired, lab-radius on the authenticator namespace's loopback. Same output and exit
# code contract as run.sh.
exec "$(dirname "$0")/run.sh" netns
