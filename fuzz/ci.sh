#!/usr/bin/env bash
# The bounded fuzz stage of tests/run.sh: builds every cargo-fuzz target (libFuzzer, no
# sanitizer: the one stable toolchain) and runs each for FUZZ_SECONDS over its committed seeds.
# A crash fails the stage and prints the input (base64) to turn into a regression test.
#   FUZZ_SECONDS=600 fuzz/ci.sh          # longer: every target ten minutes
#   FUZZ_TARGETS="engine pkcs12" fuzz/ci.sh
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v cargo-fuzz >/dev/null 2>&1; then
	echo "== installing cargo-fuzz (once; it stays in ~/.cargo/bin)"
	cargo install cargo-fuzz --locked --quiet
fi

# Outside the working tree so that a fresh copy (tests/run.sh) reuses the build.
target_dir=${FUZZ_TARGET_DIR:-${CARGO_TARGET_DIR:+$CARGO_TARGET_DIR/fuzz}}
target_dir=${target_dir:-$PWD/target}
seconds=${FUZZ_SECONDS:-10}
targets=${FUZZ_TARGETS:-$(cargo fuzz list)}
start=$(date +%s)
cargo fuzz build -s none --target-dir "$target_dir" >/dev/null
echo "== built $(echo "$targets" | wc -w) targets in $(($(date +%s) - start)) s"
triple=$(rustc -vV | sed -n 's/^host: //p')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

failed=0
for t in $targets; do
	mkdir -p "$work/$t/new"
	log="$work/$t/log"
	status=0
	# New inputs go to a scratch directory: the committed seeds stay as they are.
	"$target_dir/$triple/release/$t" "$work/$t/new" "corpus/$t" \
		-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$work/$t/" >"$log" 2>&1 || status=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	if [ "$status" -ne 0 ]; then
		failed=$((failed + 1))
		echo "fuzz $t: CRASH after ${execs:-?} executions"
		grep -E -A12 "panicked|ERROR: libFuzzer|Base64:" "$log" | head -n 40
	else
		printf 'fuzz %-18s %10s executions in %s s, no crash\n' "$t" "$execs" "$seconds"
	fi
done
echo "== fuzz stage: $failed target(s) crashed, $(($(date +%s) - start)) s in all"
[ "$failed" -eq 0 ]
