#!/usr/bin/env bash
# MediaWiki 1.43 LTS (Debian trixie's `mediawiki` + `mediawiki-classes`) unpacked into a private
# prefix, for the GrowthExperiments REL1_43 test wikis, WITHOUT installing trixie packages:
# a private apt configuration (its own sources list naming `trixie main` on the mirror the
# system already uses, its own lists and cache) downloads the two .debs, `dpkg-deb -x` unpacks
# them, and the package's symlinks into /etc and /var/lib are replaced by private ones.
# Index signatures are checked with the system's debian-archive-keyring (it holds the trixie
# keys since 2023.3+deb12u2). PHP comes from bookworm (scripts/install-mediawiki.sh).
#
# Prefix: $MENTORWATCH_MW143_DIR, default /var/cache/mentorwatch/mediawiki-1.43; apt's private
# state lives beside it in PREFIX.apt. Idempotent: does nothing when the prefix is complete.
# Needs root (or sudo) for the default prefix; any writable prefix works without it.
set -euo pipefail
PREFIX="${MENTORWATCH_MW143_DIR:-/var/cache/mentorwatch/mediawiki-1.43}"
PREFIX="${PREFIX%/}"
STAMP="$PREFIX/.mentorwatch-installed"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

if [ -f "$STAMP" ] && [ -f "$PREFIX/maintenance/install.php" ]; then
  echo "MediaWiki $(cat "$STAMP") is unpacked in $PREFIX."
  exit 0
fi
command -v php >/dev/null || { echo "PHP is missing: run scripts/install-mediawiki.sh first" >&2; exit 1; }
[ -r "$KEYRING" ] || { echo "$KEYRING is missing (package debian-archive-keyring)" >&2; exit 1; }

SUDO=""
if ! mkdir -p "$(dirname "$PREFIX")" 2>/dev/null || [ ! -w "$(dirname "$PREFIX")" ]; then
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO mkdir -p "$(dirname "$PREFIX")"
fi

# The Debian mirror the system's own sources use for its release (deb822 or one-line format).
MIRROR="$(python3 - <<'EOF'
import glob, re
codename = dict(l.strip().split("=", 1) for l in open("/etc/os-release") if "=" in l).get(
    "VERSION_CODENAME", "").strip('"')
found = []
for path in glob.glob("/etc/apt/sources.list.d/*.sources"):
    for record in re.split(r"\n\s*\n", open(path).read()):
        fields = {}
        for line in record.splitlines():
            if line.startswith("#") or ":" not in line:
                continue
            key, value = line.split(":", 1)
            fields[key.strip().lower()] = value.strip()
        if fields.get("enabled", "yes").lower() == "no" or "deb" not in fields.get("types", "").split():
            continue
        for uri in fields.get("uris", "").split():
            found.append((uri, fields.get("suites", "").split()))
for path in ["/etc/apt/sources.list", *glob.glob("/etc/apt/sources.list.d/*.list")]:
    try:
        lines = open(path).read().splitlines()
    except OSError:
        continue
    for line in lines:
        words = re.sub(r"\[[^]]*\]", "", line.split("#", 1)[0]).split()
        if len(words) >= 3 and words[0] == "deb":
            found.append((words[1], [words[2]]))
for uri, suites in found:
    if codename in suites and "security" not in uri:
        print(uri.rstrip("/"))
        break
else:
    print("http://deb.debian.org/debian")
EOF
)"

APT_DIR="$PREFIX.apt"
$SUDO mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial" "$APT_DIR/debs"
echo "deb [signed-by=$KEYRING] $MIRROR trixie main" | $SUDO tee "$APT_DIR/sources.list" >/dev/null
APT=(
  apt-get -q
  -o "Dir::Etc::sourcelist=$APT_DIR/sources.list" -o "Dir::Etc::sourceparts=-"
  -o "Dir::State::Lists=$APT_DIR/lists" -o "Dir::Cache=$APT_DIR/cache"
)
echo "Fetching trixie's index from $MIRROR (private apt state in $APT_DIR)"
$SUDO "${APT[@]}" update >/dev/null
# apt downloads as the unprivileged _apt user when the target directory lets it.
id _apt >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] && chown _apt "$APT_DIR/debs"
$SUDO rm -f "$APT_DIR"/debs/*.deb
(cd "$APT_DIR/debs" && $SUDO "${APT[@]}" download mediawiki/trixie mediawiki-classes/trixie)

STAGE="$PREFIX.unpack"
$SUDO rm -rf "$STAGE"
$SUDO mkdir -p "$STAGE"
for deb in "$APT_DIR"/debs/*.deb; do
  $SUDO dpkg-deb -x "$deb" "$STAGE"
done
TREE="$STAGE/usr/share/mediawiki"
# The package links these into /etc and /var/lib; every wiki brings its own through
# MW_CONFIG_FILE (LocalSettings.php sets $wgUploadDirectory into the wiki's directory).
$SUDO rm -f "$TREE/LocalSettings.php" "$TREE/extensions" "$TREE/config" "$TREE/images"
$SUDO ln -s extensions-core "$TREE/extensions"  # wfLoadExtension('VisualEditor') etc. as usual
$SUDO mkdir -p "$TREE/config" "$TREE/images"
if dangling="$(find "$TREE" -type l -lname '/*' -print -quit)" && [ -n "$dangling" ]; then
  echo "unexpected absolute symlink in the package: $dangling" >&2
  exit 1
fi
version="$(dpkg-deb -f "$(ls "$APT_DIR"/debs/mediawiki_*.deb)" Version)"
echo "$version" | $SUDO tee "$TREE/.mentorwatch-installed" >/dev/null
$SUDO rm -rf "$PREFIX"
$SUDO mv "$TREE" "$PREFIX"
$SUDO rm -rf "$STAGE" "$APT_DIR/debs" "$APT_DIR/cache"
echo "Unpacked MediaWiki $version into $PREFIX."
