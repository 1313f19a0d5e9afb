#!/usr/bin/env bash
# Install Debian's MediaWiki (1.39 LTS) and PHP for the local test wiki, without apache.
# Idempotent: does nothing when everything is already installed. Needs root (or sudo).
set -euo pipefail
packages=(mediawiki php-cli php-sqlite3 php-intl php-mbstring php-xml php8.2-cgi micro-httpd)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "MediaWiki and PHP are installed."
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing: ${missing[*]}"
$SUDO apt-get update -qq
# php8.2-cgi and micro-httpd satisfy the 'httpd' and PHP SAPI dependencies without apache.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "Installed MediaWiki $(dpkg-query -W -f='${Version}' mediawiki)."
