#!/usr/bin/env bash
# tests/lab/docker/base.sh [IMAGE] — makes the lab's base image from Debian's own packages, for a Docker
# host that has no container registry: `debootstrap --variant=minbase bookworm` into a cache folder,
# packed once into a tarball, then `docker import`ed as IMAGE (default hs20-debian:bookworm).
# Pass it to the build as BASE (LAB_BASE_IMAGE=hs20-debian:bookworm docker-compose build); an
# ordinary host keeps the default BASE, the official debian:bookworm-slim.
#
# Cached: nothing is done while IMAGE exists; a missing image is re-imported from the cached tarball
# (seconds); a missing tarball is rebuilt with debootstrap (a few minutes, Debian mirror needed).
# Environment: HS20_DOCKER_CACHE (default /var/cache/hs20-lab; outside the repository, so every clone on
# the machine shares it), DEBIAN_MIRROR (default http://deb.debian.org/debian), LAB_ARCH (default: the
# host's dpkg architecture), FRESH=1 rebuilds the tarball and the image. Needs root (debootstrap).
set -euo pipefail
image=${1:-hs20-debian:bookworm}
cache=${HS20_DOCKER_CACHE:-/var/cache/hs20-lab}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
arch=${LAB_ARCH:-$(dpkg --print-architecture)}
tarball=$cache/debian-bookworm-minbase-$arch.tar
log() { echo "lab-base: $*" >&2; }

if [ -z "${FRESH:-}" ] && docker image inspect "$image" >/dev/null 2>&1; then
	log "$image present ($(docker image inspect -f '{{.Created}}' "$image"))"
	exit 0
fi
[ "$(id -u)" = 0 ] || { log "needs root (debootstrap)"; exit 2; }

if [ -n "${FRESH:-}" ] || [ ! -s "$tarball" ]; then
	command -v debootstrap >/dev/null || {
		log "installing debootstrap"
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
	}
	mkdir -p "$cache"
	root=$(mktemp -d "$cache/rootfs.XXXXXX")
	trap 'rm -rf "$root"' EXIT
	log "debootstrap --variant=minbase bookworm ($arch, $mirror)"
	debootstrap --variant=minbase --arch="$arch" bookworm "$root" "$mirror" >"$cache/debootstrap.log" 2>&1 || {
		tail -20 "$cache/debootstrap.log" >&2; log "debootstrap failed (full log: $cache/debootstrap.log)"; exit 1; }
	# the same apt sources as the official image: the release, its updates and security
	rm -f "$root/etc/apt/sources.list"
	cat >"$root/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
	# as in debian:bookworm-slim: no package cache kept in image layers, no docs or translations
	cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";
EOF
	printf 'Acquire::GzipIndexes "true";\n' >"$root/etc/apt/apt.conf.d/docker-gzip-indexes"
	printf 'path-exclude /usr/share/doc/*\npath-include /usr/share/doc/*/copyright\npath-exclude /usr/share/man/*\npath-exclude /usr/share/info/*\npath-exclude /usr/share/locale/*\n' \
		>"$root/etc/dpkg/dpkg.cfg.d/docker"
	rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/dev/* "$root"/proc/* "$root"/sys/* "$root"/tmp/*
	tar --numeric-owner -C "$root" -cf "$tarball.new" .
	mv "$tarball.new" "$tarball"
	rm -rf "$root"
	trap - EXIT
	log "rootfs cached: $tarball ($(du -h "$tarball" | cut -f1))"
fi

docker import \
	--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
	--change 'CMD ["bash"]' \
	--message "debootstrap --variant=minbase bookworm ($arch) by tests/lab/docker/base.sh" \
	"$tarball" "$image" >/dev/null
log "$image imported from $tarball"
