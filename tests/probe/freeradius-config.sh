#!/usr/bin/env bash
# Writes a private FreeRADIUS 3.x configuration for EAP-TLS into DIR (Debian's package tree is
# copied, never edited): one virtual server on 127.0.0.1:PORT, EAP-TLS only, reject_delay 0,
# no proxying, no TLS session cache, the client 127.0.0.0/8 with SECRET.
#   tests/probe/freeradius-config.sh DIR PORT SECRET SERVER_CHAIN_PEM SERVER_KEY_PEM CA_PEM [TLS_MAX]
# Run it: freeradius -d DIR -f -l stdout   (-X for a single-threaded debug log)
set -euo pipefail
dir=${1:?DIR}; port=${2:?PORT}; secret=${3:?SECRET}; chain=${4:?SERVER_CHAIN}; key=${5:?SERVER_KEY}; ca=${6:?CA}
tls_max=${7:-1.3}
src=/etc/freeradius/3.0
[ -f "$src/radiusd.conf" ] || { echo "no $src: apt-get install freeradius" >&2; exit 1; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
cp -r "$src/." "$dir/"
rm -f "$dir"/sites-enabled/* "$dir"/mods-enabled/*
for m in always expr eap; do ln -s ../mods-available/$m "$dir/mods-enabled/$m"; done
mkdir -p "$dir/run" "$dir/log" "$dir/tls"
cp "$chain" "$dir/tls/server.pem"; cp "$key" "$dir/tls/server.key"; cp "$ca" "$dir/tls/ca.pem"
sed -i \
	-e "s|^prefix = .*|prefix = /usr|" \
	-e "s|^confdir = .*|confdir = $dir|" \
	-e "s|^raddbdir = .*|raddbdir = $dir|" \
	-e "s|^logdir = .*|logdir = $dir/log|" \
	-e "s|^run_dir = .*|run_dir = $dir/run|" \
	-e "s|^\(\s*\)user = freerad|\1#user = freerad|" \
	-e "s|^\(\s*\)group = freerad|\1#group = freerad|" \
	-e "s|^\(\s*\)reject_delay = .*|\1reject_delay = 0|" \
	-e "s|^proxy_requests  = yes|proxy_requests = no|" \
	-e "s|^\$INCLUDE proxy.conf|#\$INCLUDE proxy.conf|" \
	"$dir/radiusd.conf"
cat >"$dir/clients.conf" <<CONF
client lab {
	ipaddr = 127.0.0.0/8
	secret = $secret
	require_message_authenticator = yes
}
CONF
cat >"$dir/mods-enabled/eap" <<CONF
eap {
	default_eap_type = tls
	timer_expire = 60
	ignore_unknown_eap_types = no
	max_sessions = 20000
	tls-config tls-common {
		private_key_file = $dir/tls/server.key
		certificate_file = $dir/tls/server.pem
		ca_file = $dir/tls/ca.pem
		tls_min_version = "1.2"
		tls_max_version = "$tls_max"
		fragment_size = 1024
		cipher_list = "DEFAULT"
		ecdh_curve = ""
		cache { enable = no }
		verify { }
	}
	tls { tls = tls-common }
}
CONF
rm -f "$dir/mods-enabled/eap.tmp"
cat >"$dir/sites-enabled/lab" <<CONF
server lab {
	listen {
		type = auth
		ipaddr = 127.0.0.1
		port = $port
	}
	authorize {
		eap {
			ok = return
		}
	}
	authenticate {
		eap
	}
	post-auth {
		Post-Auth-Type REJECT {
			eap
		}
	}
}
CONF
