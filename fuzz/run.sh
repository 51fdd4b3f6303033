#!/usr/bin/env bash
# Run every fuzz target for SECONDS (default 600) each, one after the other.
# Needs cargo-fuzz (`cargo install cargo-fuzz`); on a stable toolchain RUSTC_BOOTSTRAP=1
# lets it use the sanitizer flags it needs.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH=${SECONDS:-600}
export RUSTC_BOOTSTRAP=1
for target in campaign_load csv_ingest formula threshold link disclosure; do
  echo "== $target for ${SECONDS_EACH}s"
  mkdir -p "work/$target"
  cargo fuzz run "$target" "work/$target" "corpus/$target" -- -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -max_len=65536 -timeout=5 2>&1 | tail -3
done
