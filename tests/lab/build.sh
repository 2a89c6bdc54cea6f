#!/usr/bin/env bash
# Builds (and caches under tests/lab/.cache/) what the qemu harness boots:
#   .cache/boot/vmlinux        Debian's kernel (via the linux-image-amd64 meta-package), unpacked to its
#                              ELF so qemu boots it through the PVH entry (≈3 s faster under TCG)
#   .cache/boot/base.cpio.gz   busybox-static, hostapd, wpa_supplicant, iw, their libraries, OpenSSL's
#                              legacy provider, the kernel modules mac80211_hwsim needs and regulatory.db
#   .cache/debs/, debs-sid/    the .debs: kernel, iw, tcpdump, regdb from Debian 12 (bookworm); hostapd and
#                              wpa_supplicant 2.11 with the libraries they NEED from Debian unstable (sid),
#                              resolved by labkit/debsolve.py (private apt state in .cache/sid-apt/)
#   .cache/certs/              the lab PKI (mkcerts.sh)
#   .cache/lab-radius          the lab-radius binary (built from this workspace)
# The per-run overlay (init, scenario configs, certificates, lab-radius) is packed by labkit.stage at run
# time and concatenated after base.cpio.gz. Everything is reused while present; FRESH=1 rebuilds.
# Installs the Debian packages it needs when they are missing (CI is a clean Debian 12 as root).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=$here/.cache
debs=$cache/debs root=$cache/root boot=$cache/boot
log() { echo "lab-build: $*" >&2; }
only_lab_radius=0; [ "${1:-}" = --lab-radius-only ] && only_lab_radius=1

# ---- host tools ------------------------------------------------------------------------------
need_pkgs=()
have() { command -v "$1" >/dev/null 2>&1; }
if [ "$only_lab_radius" = 0 ]; then
have qemu-system-x86_64 || need_pkgs+=(qemu-system-x86)
dpkg -s busybox-static >/dev/null 2>&1 || need_pkgs+=(busybox-static)
have cpio || need_pkgs+=(cpio)
have depmod || need_pkgs+=(kmod)
have readelf || need_pkgs+=(binutils)
have openssl || need_pkgs+=(openssl)
have python3 || need_pkgs+=(python3)
have dpkg-deb || need_pkgs+=(dpkg)
have gzip || need_pkgs+=(gzip)
fi
have openssl || need_pkgs+=(openssl)
if [ ${#need_pkgs[@]} -gt 0 ]; then
	log "installing ${need_pkgs[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi

[ -n "${FRESH:-}" ] && rm -rf "$root" "$boot" "$cache/certs" "$cache/lab-radius"
mkdir -p "$debs" "$boot"

# ---- certificates ----------------------------------------------------------------------------
"$here/mkcerts.sh" "$cache/certs" >/dev/null

# ---- lab-radius ------------------------------------------------------------------------------
# Built from the workspace in its own target dir; rebuilt when its sources are newer than the copy.
if [ "${LAB_SKIP_LAB_RADIUS:-0}" != 1 ]; then
	src_newest=$(find "$repo/lab-radius" "$repo/Cargo.lock" -newer "$cache/lab-radius" -print -quit 2>/dev/null || true)
	if [ ! -x "$cache/lab-radius" ] || [ -n "$src_newest" ]; then
		have cargo || { log "cargo is required to build lab-radius"; exit 1; }
		log "building lab-radius (cargo build --release -p lab-radius)"
		(cd "$repo" && CARGO_TARGET_DIR=${LAB_CARGO_TARGET_DIR:-$repo/target} cargo build --release -p lab-radius -q)
		cp "${LAB_CARGO_TARGET_DIR:-$repo/target}/release/lab-radius" "$cache/lab-radius.new"
		mv "$cache/lab-radius.new" "$cache/lab-radius"
	fi
fi

[ "$only_lab_radius" = 1 ] && exit 0

# ---- Debian packages for the guest -----------------------------------------------------------
# (an image built before the monitor capture, without tcpdump, or with hostapd 2.10 is rebuilt)
if [ -f "$boot/base.cpio.gz" ] && [ -f "$boot/vmlinux" ] && grep -q '^  tcpdump ' "$boot/build-info.txt" 2>/dev/null \
	&& grep -q '^hostapd 2\.1[1-9]' "$boot/build-info.txt" 2>/dev/null; then
	log "guest image cached ($(grep '^kernel' "$boot/build-info.txt"))"
	exit 0
fi

kpkg=${KPKG:-}
if [ -z "$kpkg" ]; then
	kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9].*\)$/\1/p' | head -1)
	if [ -z "$kpkg" ]; then apt-get update -qq; kpkg=$(apt-cache depends linux-image-amd64 | sed -n 's/^ *Depends: \(linux-image-[0-9].*\)$/\1/p' | head -1); fi
fi
[ -n "$kpkg" ] || { log "cannot resolve linux-image-amd64 to a kernel package"; exit 1; }
pkgs=("$kpkg" iw wireless-regdb libc6 libgcc-s1 libnl-3-200 libnl-genl-3-200 libnl-route-3-200
	libssl3 libdbus-1-3 libpcsclite1 libreadline8 libtinfo6 libsystemd0 libcap2 libgcrypt20 liblz4-1 liblzma5
	libzstd1 libgpg-error0 tcpdump libpcap0.8 libibverbs1)
missing=()
for p in "${pkgs[@]}"; do ls "$debs/${p}_"*.deb >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
	log "downloading ${#missing[@]} Debian packages (${missing[*]})"
	(cd "$debs" && apt-get download "${missing[@]}" >/dev/null 2>&1) || {
		apt-get update -qq
		(cd "$debs" && apt-get download "${missing[@]}" >/dev/null)
	}
fi
rm -rf "$root"; mkdir -p "$root"
for p in "${pkgs[@]}"; do
	f=$(ls -t "$debs/${p}_"*.deb | head -1)
	dpkg-deb -x "$f" "$root"
done
kver=${kpkg#linux-image-}
# hostapd/wpa_supplicant >= 2.11 (SAE-EXT-KEY, AKM 24/25) come from Debian unstable: bookworm and trixie
# ship 2.10. sid's builds need sid's glibc (>= 2.38) and libnl (>= 3.11), so its libc6, libnl, libssl …
# are unpacked over bookworm's and the guest has ONE library set, sid's: bookworm's iw and tcpdump and
# the host-built lab-radius run on the newer glibc (glibc keeps old symbol versions), whereas a second
# library path would need a second dynamic loader and per-binary wrappers.
sid_debs=$cache/debs-sid
[ -n "${FRESH:-}" ] && rm -rf "$sid_debs"
# resolved in a tree of sid's packages alone (bookworm's libraries must not satisfy a NEEDED), then
# copied over the bookworm tree
sid_root=$cache/root-sid
rm -rf "$sid_root"
python3 "$here/labkit/debsolve.py" --suite sid --state "$cache/sid-apt" --debs "$sid_debs" --root "$sid_root" \
	--bin usr/sbin/hostapd --bin usr/sbin/hostapd_cli --bin usr/sbin/wpa_supplicant --bin usr/sbin/wpa_cli \
	--bin usr/lib/x86_64-linux-gnu/ossl-modules/legacy.so \
	hostapd wpasupplicant openssl-provider-legacy
cp -a "$sid_root"/. "$root"/
rm -rf "$sid_root"

# ---- staging tree ----------------------------------------------------------------------------
st=$cache/staging
rm -rf "$st"; mkdir -p "$st"/{bin,sbin,usr/bin,usr/sbin,lib64,lib/x86_64-linux-gnu,etc,proc,sys,dev,tmp,run,var/run,lib/firmware}
cp /bin/busybox "$st/bin/busybox"
for a in $("$st/bin/busybox" --list); do [ -e "$st/bin/$a" ] || ln -s busybox "$st/bin/$a"; done
for b in usr/sbin/hostapd usr/sbin/hostapd_cli usr/sbin/wpa_supplicant usr/sbin/wpa_cli usr/sbin/iw usr/bin/tcpdump; do
	src=$root/$b; [ -e "$src" ] || src=$(find "$root" -name "$(basename "$b")" -type f | head -1)
	cp "$src" "$st/usr/sbin/"
done
# sid's packages install under /usr/lib (merged /usr), bookworm's under /lib: both trees are in $root,
# and a library is taken from /usr/lib first, so sid's libc, libm, libnl, libssl … win
rootlib() { # soname -> its path in $root (sid's before bookworm's)
	local d
	for d in usr/lib/x86_64-linux-gnu lib/x86_64-linux-gnu; do
		[ -e "$root/$d/$1" ] && { echo "$root/$d/$1"; return 0; }
	done
	return 1
}
copy_libs() { # elf... -> copies NEEDED libraries (recursively) from the unpacked packages
	local queue=("$@") seen=" " f lib path
	while [ ${#queue[@]} -gt 0 ]; do
		f=${queue[0]}; queue=("${queue[@]:1}")
		for lib in $(readelf -d "$f" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
			case $seen in *" $lib "*) continue ;; esac
			seen="$seen$lib "
			path=$(rootlib "$lib" || true)
			[ -n "$path" ] || { log "library $lib (needed by $(basename "$f")) is in none of the downloaded packages"; exit 1; }
			cp -L "$path" "$st/lib/x86_64-linux-gnu/$lib"
			queue+=("$path")
		done
	done
}
copy_libs "$st"/usr/sbin/*
cp -L "$(rootlib libgcc_s.so.1)" "$st/lib/x86_64-linux-gnu/"  # Rust binaries (lab-radius) need it
cp -L "$(rootlib libm.so.6)" "$st/lib/x86_64-linux-gnu/"
# the dynamic loader must be the one of the libc copied above (sid's)
cp -L "$(rootlib ld-linux-x86-64.so.2)" "$st/lib64/ld-linux-x86-64.so.2"
cp -L "$(rootlib ld-linux-x86-64.so.2)" "$st/lib/x86_64-linux-gnu/"
# hostapd/wpa_supplicant (2.10, 2.11) load OpenSSL 3's legacy provider in tls_init(); without it: "Failed to initialize TLS"
mkdir -p "$st/usr/lib/x86_64-linux-gnu/ossl-modules"
cp "$root"/usr/lib/x86_64-linux-gnu/ossl-modules/legacy.so "$st/usr/lib/x86_64-linux-gnu/ossl-modules/"
# regulatory database (signed by a key built into Debian's kernel): needed for 6 GHz
cp "$root"/lib/firmware/regulatory.db-upstream "$st/lib/firmware/regulatory.db"
cp "$root"/lib/firmware/regulatory.db.p7s-upstream "$st/lib/firmware/regulatory.db.p7s"
# kernel modules (uncompressed in Debian 6.1), loaded by /init in dependency order
mods=(crypto/gf128mul crypto/ghash-generic crypto/ctr crypto/gcm crypto/ccm crypto/cmac lib/crypto/libarc4
	net/rfkill/rfkill net/wireless/cfg80211 net/mac80211/mac80211 drivers/virtio/virtio_ring drivers/virtio/virtio
	drivers/net/wireless/mac80211_hwsim)
md=lib/modules/$kver
for m in "${mods[@]}"; do
	src=$(ls "$root/$md/kernel/$m.ko"* | head -1)
	mkdir -p "$st/$md/kernel/$(dirname "$m")"
	case $src in
	*.xz) xz -dc "$src" >"$st/$md/kernel/$m.ko" ;;
	*.zst) zstd -qdc "$src" >"$st/$md/kernel/$m.ko" ;;
	*) cp "$src" "$st/$md/kernel/$m.ko" ;;
	esac
done
cp "$root/$md"/modules.{order,builtin,builtin.modinfo} "$st/$md/" 2>/dev/null || true
depmod -b "$st" "$kver"
echo "$kver" >"$st/etc/lab-kernel"

# the guest's daemons must run on the staged userland (catches a library from the wrong suite)
for d in hostapd wpa_supplicant; do
	v=$(chroot "$st" /usr/sbin/$d -v 2>&1 | sed -n "s/^$d v\([0-9.]*\).*/\1/p" | head -1 || true)
	case $v in 2.1[1-9]*|2.[2-9]*|[3-9].*) log "staged $d $v" ;;
	*) log "staged $d does not run: $(chroot "$st" /usr/sbin/$d -v 2>&1 | head -3)"; exit 1 ;; esac
done
log "packing base.cpio.gz"
(cd "$st" && find . | cpio -o -H newc --quiet | gzip -6 >"$boot/base.cpio.gz.new")
mv "$boot/base.cpio.gz.new" "$boot/base.cpio.gz"
python3 "$here/lab.py" extract-vmlinux "$root/boot/vmlinuz-$kver" "$boot/vmlinux"

{
	echo "kernel $kpkg"
	echo "hostapd $(sed -n 's/^hostapd [0-9]*:\{0,1\}\([0-9.]*\).*/\1/p' "$sid_debs/resolved.txt") wpa_supplicant $(sed -n 's/^wpasupplicant [0-9]*:\{0,1\}\([0-9.]*\).*/\1/p' "$sid_debs/resolved.txt")"
	echo "built $(date -u +%FT%TZ) on $(. /etc/os-release && echo "$PRETTY_NAME")"
	echo "bookworm:"
	for f in "$debs"/*.deb; do dpkg-deb -W --showformat='${Package} ${Version}\n' "$f"; done | sort -u | sed 's/^/  /'
	echo "sid (unpacked over bookworm's):"
	awk '{print "   " $1 " " $2}' "$sid_debs/resolved.txt"
	echo "host qemu: $(qemu-system-x86_64 --version | head -1)"
	echo "base.cpio.gz: $(stat -c %s "$boot/base.cpio.gz") bytes; staging: $(du -sh "$st" | cut -f1)"
} >"$boot/build-info.txt"
rm -rf "$st" "$root"  # the unpacked packages are not needed once the boot artefacts exist
log "guest image ready: $(head -1 "$boot/build-info.txt")"
