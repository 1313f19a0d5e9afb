#!/usr/bin/env bash
# Debian packages the tests need beyond MediaWiki: PostgreSQL (the tests start throwaway
# clusters on 127.0.0.1 of their own) and Chromium (browser tests, driven by Playwright).
# Idempotent. Needs root (or sudo). No cluster is created or started by the install itself.
set -euo pipefail
packages=(postgresql chromium)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "PostgreSQL and Chromium are installed."
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
  # the tests make their own clusters; the package's default one would only sit on port 5432
  $SUDO mkdir -p /etc/postgresql-common
  echo "create_main_cluster = false" | $SUDO tee /etc/postgresql-common/createcluster.conf >/dev/null
fi
echo "Installing: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
