#!/usr/bin/env bash
# Debian packages the tests need beyond MediaWiki: PostgreSQL and MariaDB (the tests start
# throwaway servers on 127.0.0.1 of their own; ToolsDB is MariaDB), Chromium (browser tests, driven by Playwright)
# and nginx (a TLS-terminating proxy in front of gunicorn; the test runs its own on 127.0.0.1).
# Idempotent. Needs root (or sudo). No cluster is created or started by the install itself.
set -euo pipefail
packages=(postgresql mariadb-server chromium nginx fonts-nanum)  # fonts-nanum: Hangul in the browser tests' screenshots
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "PostgreSQL, MariaDB, Chromium and nginx are installed."
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
# the tests start their own MariaDB and nginx; do not let the packages start (or enable) the system ones
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
