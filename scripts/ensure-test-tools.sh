#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real (a browser, Prometheus, podman...),
# so that `./mvnw verify` works on a fresh machine. Idempotent and quick when all are present.
# Run by Maven before the tests; skipped with -DskipTests.
set -euo pipefail

packages=(
  chromium chromium-driver          # Swagger UI in a real browser
  prometheus                        # promtool for the alert rules; a real Prometheus scraping Grove
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-test-tools: missing packages ${missing[*]}; run as root or install them" >&2
  exit 1
fi
echo "ensure-test-tools: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
