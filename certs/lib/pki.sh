# shellcheck shell=bash
# Test-PKI helper: the one place that knows how to make keys, certificates, chains and PKCS#12
# files with the openssl CLI (3.x). Sourced by the four scripts that make test PKIs:
#   certs/make-demo-pki.sh, tests/validator/make-fixtures.sh, lab-radius/tests/make-test-pki.sh,
#   tests/lab/mkcerts.sh.
# It lives in certs/ because that is the repository's PKI home and the lab image copies certs/
# whole (tests/lab/docker/Dockerfile), so mkcerts.sh finds it at ../../certs/lib there as here.
#
# Usage (callers run with `set -euo pipefail`):
#   . certs/lib/pki.sh
#   pki_init "$work"                       # a private scratch directory the caller removes
#   pki_key root.key ec:P-384
#   pki_root root.pem root.key "/O=Example/CN=Root" --days 7300 --md sha384
#   pki_key srv.key ec:P-256
#   pki_server srv.pem srv.key "/O=Example/CN=radius.example.com" root.pem root.key \
#       --days 3650 --dns radius.example.com
#   pki_p12 alice.p12 alice.key alice.pem --enc legacy-3des --password-file pw --chain ca.pem
#
# Every certificate is signed by `openssl ca` with a configuration written here, never the
# distribution's openssl.cnf: Debian's adds an authority key identifier to `req -x509` roots and
# OpenSSL 3.0's `x509 -req` adds key identifiers on its own, so what a certificate contained used
# to depend on the machine. Here each extension is written out, in one order for every profile
# (basicConstraints, keyUsage, extendedKeyUsage, subjectAltName, subjectKeyIdentifier,
# authorityKeyIdentifier), and `openssl ca` is also the only CLI in OpenSSL 3.0 that sets any
# notBefore / notAfter (expired and not-yet-valid certificates).
#
# Functions (each documented where it is defined):
#   pki_init DIR                            scratch state (call first)
#   pki_key OUT SPEC [pkcs8|sec1]           rsa:BITS | ec:P-256|P-384|P-521 | ed25519
#   pki_time WHEN                           a date for --start / --end
#   pki_root OUT KEY SUBJECT [OPTION...]                    self-signed CA
#   pki_ca OUT KEY SUBJECT CA_CERT CA_KEY [OPTION...]       intermediate CA
#   pki_leaf | pki_server | pki_client OUT KEY SUBJECT CA_CERT CA_KEY [OPTION...]
#   pki_chain OUT CERT...                   concatenated PEM chain
#   pki_p12 OUT KEY|none CERT|none [OPTION...]  PKCS#12 export
# Certificate options (all profiles):
#   --days N | --start WHEN --end WHEN      validity: one of the two is required (no hidden default)
#   --md DIGEST                             signature digest (default sha256)
#   --bc V, --ku V, --eku V, --san V, --ski V, --aki V
#                                           replace that extension's openssl value ("critical,..."
#                                           included), or drop it with "none"
#   --dns NAME, --email ADDR                add a subjectAltName entry (repeatable)
#   --pathlen N                             pki_root / pki_ca: basicConstraints path length

# Bad usage is a bug in the calling script: say what is wrong and stop it rather than make a
# certificate that silently differs from what the caller meant.
pki__usage() {
	echo "pki.sh: $*" >&2
	exit 2
}

# Every function that runs openssl needs the scratch directory: its configuration and its log.
pki__need_init() {
	if [ -z "${PKI_DIR:-}" ] || [ ! -f "$PKI_DIR/openssl.cnf" ]; then
		pki__usage "call pki_init DIR before $1"
	fi
}

# Runs openssl with its chatter kept in the scratch directory and shown only when it fails, so
# scripts stay quiet on success but an error is never swallowed.
pki__openssl() {
	local log=$PKI_DIR/openssl.log
	if ! openssl "$@" 2>"$log"; then
		echo "pki.sh: openssl $1 failed:" >&2
		cat "$log" >&2
		return 1
	fi
}

# pki_init DIR: prepares DIR (created if missing, owned and removed by the caller) as the state
# `openssl ca` needs: its configuration, an empty database, a serial file. Call it once before
# issuing certificates. Keeping this out of the output directories means the outputs hold only
# the files callers asked for.
pki_init() {
	[ $# -eq 1 ] || pki__usage "usage: pki_init DIR"
	PKI_DIR=$1
	mkdir -p "$PKI_DIR/issued"
	: >"$PKI_DIR/index.txt"
	# `policy` accepts any subject (-preserveDN keeps it exactly as given, even with no CN);
	# unique_subject = no because test PKIs reuse subjects on purpose (several radius.example.com).
	# serial is required by `openssl ca` even though -rand_serial draws every serial at random.
	cat >"$PKI_DIR/openssl.cnf" <<-CNF
		[ ca ]
		default_ca = pki
		[ pki ]
		database = $PKI_DIR/index.txt
		new_certs_dir = $PKI_DIR/issued
		serial = $PKI_DIR/serial
		policy = pki_policy
		unique_subject = no
		copy_extensions = none
		[ pki_policy ]
		commonName = optional
		[ req ]
		distinguished_name = req_dn
		string_mask = utf8only
		[ req_dn ]
	CNF
}

# pki_key OUT SPEC [FORM]: a new private key. SPEC is rsa:BITS, ec:P-256, ec:P-384, ec:P-521 or
# ed25519. FORM is pkcs8 ("PRIVATE KEY", the default) or sec1 ("EC PRIVATE KEY", EC only): the
# demo and lab PKIs ship SEC1 keys, which is what their consumers (and profiles' tests) expect.
# openssl writes the file owner-readable only.
pki_key() {
	if [ $# -lt 2 ] || [ $# -gt 3 ]; then
		pki__usage "usage: pki_key OUT rsa:BITS|ec:P-256|ec:P-384|ec:P-521|ed25519 [pkcs8|sec1]"
	fi
	pki__need_init pki_key
	local out=$1 spec=$2 form=${3:-pkcs8} alg
	case "$spec" in
	rsa:[0-9]*) alg=(-algorithm RSA -pkeyopt "rsa_keygen_bits:${spec#rsa:}") ;;
	ec:P-256 | ec:P-384 | ec:P-521) alg=(-algorithm EC -pkeyopt "ec_paramgen_curve:${spec#ec:}" -pkeyopt ec_param_enc:named_curve) ;;
	ed25519) alg=(-algorithm ED25519) ;;
	*) pki__usage "pki_key: unknown key spec '$spec' (rsa:BITS, ec:P-256, ec:P-384, ec:P-521, ed25519)" ;;
	esac
	case "$form" in
	pkcs8) pki__openssl genpkey "${alg[@]}" -out "$out" ;;
	sec1)
		[ "${spec%%:*}" = ec ] || pki__usage "pki_key: sec1 is an EC key format, not for '$spec'"
		pki__openssl genpkey "${alg[@]}" -out "$out.pkcs8"
		pki__openssl pkey -in "$out.pkcs8" -traditional -out "$out"
		rm -f "$out.pkcs8"
		;;
	*) pki__usage "pki_key: unknown key format '$form' (pkcs8, sec1)" ;;
	esac
}

# pki_time WHEN: WHEN (anything GNU date -d reads: "-1 hour", "+3650 days", "@EPOCH",
# "2020-01-01") as the UTC GeneralizedTime text --start / --end take. One spelling for dates keeps
# expired / not-yet-valid windows readable in the scripts.
pki_time() {
	[ $# -eq 1 ] || pki__usage "usage: pki_time WHEN"
	date -u -d "$1" +%Y%m%d%H%M%SZ
}

# pki__issue PROFILE OUT KEY SUBJECT CA_CERT|self CA_KEY [OPTION...]: the one recipe that makes
# a certificate (CSR from KEY, then `openssl ca`). The profiles below only choose defaults.
pki__issue() {
	local profile=$1 out=$2 key=$3 subj=$4 ca_cert=$5 ca_key=$6
	shift 6
	pki__need_init "pki_$profile"
	[ -f "$key" ] || pki__usage "pki_$profile: no key file '$key' (make it with pki_key)"
	if [ "$ca_cert" != self ]; then
		[ -f "$ca_cert" ] || pki__usage "pki_$profile: no CA certificate '$ca_cert'"
		[ -f "$ca_key" ] || pki__usage "pki_$profile: no CA key '$ca_key'"
	fi
	local md=sha256 days="" start="" end="" pathlen="" bc ku eku="none" san="" ski=hash aki=keyid
	local alt=()
	case "$profile" in
	root) bc=critical,CA:TRUE ku=critical,keyCertSign,cRLSign aki=none ;; # RFC 5280 lets a self-signed CA omit it
	ca) bc=critical,CA:TRUE ku=critical,keyCertSign,cRLSign ;;
	leaf) bc=critical,CA:FALSE ku=critical,digitalSignature ;;
	server) bc=critical,CA:FALSE ku=critical,digitalSignature eku=serverAuth ;;
	client) bc=critical,CA:FALSE ku=critical,digitalSignature eku=clientAuth ;;
	esac
	while [ $# -gt 0 ]; do
		[ $# -ge 2 ] || pki__usage "pki_$profile: option '$1' needs a value"
		case "$1" in
		--md) md=$2 ;;
		--days) days=$2 ;;
		--start) start=$2 ;;
		--end) end=$2 ;;
		--pathlen)
			case "$profile" in root | ca) pathlen=$2 ;; *) pki__usage "pki_$profile: --pathlen is for CAs" ;; esac ;;
		--bc) bc=$2 ;;
		--ku) ku=$2 ;;
		--eku) eku=$2 ;;
		--san) san=$2 ;;
		--ski) ski=$2 ;;
		--aki) aki=$2 ;;
		--dns) alt+=("DNS:$2") ;;
		--email) alt+=("email:$2") ;;
		*) pki__usage "pki_$profile: unknown option '$1'" ;;
		esac
		shift 2
	done
	local validity
	if [ -n "$days" ] && [ -z "$start$end" ]; then
		validity=(-days "$days")
	elif [ -z "$days" ] && [ -n "$start" ] && [ -n "$end" ]; then
		validity=(-startdate "$start" -enddate "$end")
	else
		pki__usage "pki_$profile $out: give either --days N or both --start and --end"
	fi
	if [ -n "$pathlen" ]; then bc="$bc,pathlen:$pathlen"; fi
	if [ ${#alt[@]} -gt 0 ]; then
		local joined
		joined=$(IFS=, && echo "${alt[*]}")
		san="${san:+$san,}$joined"
	fi
	[ -n "$san" ] || san=none

	local base
	base="$PKI_DIR/$(basename "$out")"
	{
		echo "[ ext ]"
		local name value
		for name in basicConstraints keyUsage extendedKeyUsage subjectAltName subjectKeyIdentifier authorityKeyIdentifier; do
			case "$name" in
			basicConstraints) value=$bc ;;
			keyUsage) value=$ku ;;
			extendedKeyUsage) value=$eku ;;
			subjectAltName) value=$san ;;
			subjectKeyIdentifier) value=$ski ;;
			authorityKeyIdentifier) value=$aki ;;
			esac
			# "none" leaves the extension out; for the key identifiers it also stops OpenSSL 3.0
			# from adding one on its own.
			if [ "$value" != none ] || [ "$name" = subjectKeyIdentifier ] || [ "$name" = authorityKeyIdentifier ]; then
				echo "$name = $value"
			fi
		done
	} >"$base.ext"
	pki__openssl req -config "$PKI_DIR/openssl.cnf" -new -key "$key" -subj "$subj" -out "$base.csr"
	local signer
	if [ "$ca_cert" = self ]; then
		signer=(-selfsign -keyfile "$key")
	else
		signer=(-cert "$ca_cert" -keyfile "$ca_key")
	fi
	# -rand_serial: a random 159-bit serial, as `x509 -CAcreateserial` drew; -preserveDN: the
	# subject exactly as given (order, no CN), not rebuilt from the policy.
	pki__openssl ca -batch -config "$PKI_DIR/openssl.cnf" "${signer[@]}" -in "$base.csr" -out "$out" \
		-preserveDN -rand_serial -notext -md "$md" "${validity[@]}" -extfile "$base.ext" -extensions ext
	rm -f "$base.csr" "$base.ext"
}

# pki_root OUT KEY SUBJECT [OPTION...]: a self-signed CA (CA:TRUE, keyCertSign + cRLSign, subject
# key identifier, no authority key identifier unless --aki keyid:always). Trust anchors of a PKI.
pki_root() {
	[ $# -ge 3 ] || pki__usage "usage: pki_root OUT KEY SUBJECT [OPTION...]"
	pki__issue root "$1" "$2" "$3" self "" "${@:4}"
}

# pki_ca OUT KEY SUBJECT CA_CERT CA_KEY [OPTION...]: an intermediate (issuing) CA signed by CA,
# with key identifiers that link it to its issuer. --pathlen 0 when it only issues leaves.
pki_ca() {
	[ $# -ge 5 ] || pki__usage "usage: pki_ca OUT KEY SUBJECT CA_CERT CA_KEY [OPTION...]"
	pki__issue ca "$@"
}

# pki_leaf OUT KEY SUBJECT CA_CERT CA_KEY [OPTION...]: an end-entity certificate (CA:FALSE,
# digitalSignature) with no extended key usage unless --eku says one: the base of pki_server and
# pki_client, and for leaves that are neither (a profile signer).
pki_leaf() {
	[ $# -ge 5 ] || pki__usage "usage: pki_leaf OUT KEY SUBJECT CA_CERT CA_KEY [OPTION...]"
	pki__issue leaf "$@"
}

# pki_server OUT KEY SUBJECT CA_CERT CA_KEY [OPTION...]: a TLS server (RADIUS) certificate:
# EKU serverAuth; name it with --dns NAME (EAP peers match the server name against dNSName).
pki_server() {
	[ $# -ge 5 ] || pki__usage "usage: pki_server OUT KEY SUBJECT CA_CERT CA_KEY [OPTION...]"
	pki__issue server "$@"
}

# pki_client OUT KEY SUBJECT CA_CERT CA_KEY [OPTION...]: an EAP-TLS client identity: EKU
# clientAuth; --email ADDR puts the NAI in the SAN, --san otherName:msUPN;UTF8:USER@REALM a UPN.
pki_client() {
	[ $# -ge 5 ] || pki__usage "usage: pki_client OUT KEY SUBJECT CA_CERT CA_KEY [OPTION...]"
	pki__issue client "$@"
}

# pki_chain OUT CERT...: the PEM files concatenated in the order given: leaf first, then each
# issuer, which is the order a TLS server sends and `--ca` bundles read.
pki_chain() {
	[ $# -ge 2 ] || pki__usage "usage: pki_chain OUT CERT..."
	local out=$1
	shift
	cat "$@" >"$out"
}

# pki_p12 OUT KEY|none CERT|none [OPTION...]: a PKCS#12 file. KEY none leaves the key out,
# CERT none leaves the leaf certificate out (only --chain certificates are written).
#   --enc legacy-3des     3DES for key and certificates, SHA-1 MAC: the form Apple devices and
#                         older Android releases import (the demo identity, rule P12-02)
#   --enc modern          PBES2 AES-256-CBC, SHA-256 MAC (OpenSSL 3's own choice, spelled out)
#   --enc openssl-legacy  `-legacy`: what OpenSSL 3 writes for old readers (RC2-40 certificates,
#                         3DES key, SHA-1 MAC)
#   --enc openssl-default no algorithm options: whatever this openssl does by default
#   --key-pbe ALG, --cert-pbe ALG, --mac ALG|none   override one part of --enc (odd corpus files)
#   --password-file FILE | --password PW           exactly one (PW may be empty); never on the
#                                                  command line, so it stays out of `ps`
#   --chain FILE          extra certificates (repeatable), e.g. the issuing CA
#   --name NAME           friendlyName of the key and leaf
pki_p12() {
	[ $# -ge 3 ] || pki__usage "usage: pki_p12 OUT KEY|none CERT|none --enc MODE (--password-file FILE | --password PW) [OPTION...]"
	pki__need_init pki_p12
	local out=$1 key=$2 cert=$3
	shift 3
	local enc="" key_pbe="" cert_pbe="" mac="" name="" pass_set="" pass_file="" password=""
	local chain=()
	while [ $# -gt 0 ]; do
		[ $# -ge 2 ] || pki__usage "pki_p12: option '$1' needs a value"
		case "$1" in
		--enc) enc=$2 ;;
		--key-pbe) key_pbe=$2 ;;
		--cert-pbe) cert_pbe=$2 ;;
		--mac) mac=$2 ;;
		--password-file) pass_file=$2 pass_set=x$pass_set ;;
		--password) password=$2 pass_set=x$pass_set ;;
		--chain) chain+=("$2") ;;
		--name) name=$2 ;;
		*) pki__usage "pki_p12: unknown option '$1'" ;;
		esac
		shift 2
	done
	[ "$pass_set" = x ] || pki__usage "pki_p12 $out: give exactly one of --password-file FILE, --password PW"
	local kp="" cp="" macalg="" args=()
	case "$enc" in
	# -iter 2048 is OpenSSL's default, written out because hs20-profiles re-encrypts the demo
	# identity with the same count (profiles/src/pkcs12.rs).
	legacy-3des) kp=PBE-SHA1-3DES cp=PBE-SHA1-3DES macalg=sha1 args=(-iter 2048) ;;
	modern) kp=AES-256-CBC cp=AES-256-CBC macalg=sha256 args=(-iter 2048) ;;
	openssl-legacy) args=(-legacy) ;;
	openssl-default) ;;
	*) pki__usage "pki_p12 $out: --enc legacy-3des|modern|openssl-legacy|openssl-default" ;;
	esac
	kp=${key_pbe:-$kp} cp=${cert_pbe:-$cp} macalg=${mac:-$macalg}
	if [ -n "$kp" ]; then args+=(-keypbe "$kp"); fi
	if [ -n "$cp" ]; then args+=(-certpbe "$cp"); fi
	case "$macalg" in
	"") ;;
	none) args+=(-nomac) ;;
	*) args+=(-macalg "$macalg") ;;
	esac
	if [ "$key" = none ]; then args+=(-nokeys); else args+=(-inkey "$key"); fi
	if [ "$cert" = none ]; then args+=(-nocerts); else args+=(-in "$cert"); fi
	if [ ${#chain[@]} -gt 0 ]; then
		cat "${chain[@]}" >"$PKI_DIR/p12-chain.pem"
		args+=(-certfile "$PKI_DIR/p12-chain.pem")
	fi
	if [ -n "$name" ]; then args+=(-name "$name"); fi
	if [ -n "$pass_file" ]; then
		pki__openssl pkcs12 -export "${args[@]}" -passout "file:$pass_file" -out "$out"
	else
		PKI_P12_PASSWORD=$password pki__openssl pkcs12 -export "${args[@]}" -passout env:PKI_P12_PASSWORD -out "$out"
	fi
}
