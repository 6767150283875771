#!/usr/bin/env bash
# Builds the Debian package for Debian-based desktops (Debian, Ubuntu, UOS,
# Kylin) with cargo-deb, from the [package.metadata.deb] section of
# Cargo.toml: the program, a desktop entry named 社工人才规划 in Chinese,
# the icon and the example files. Installs cargo-deb when missing. Prints
# the package's path, size, control fields and contents.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v cargo-deb >/dev/null || cargo install --locked cargo-deb

if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate packaging/linux/talent-planner.desktop
fi

start=$(date +%s)
# cargo-deb builds the release binary and strips it.
deb=$(cargo deb 2>&1 | tee /dev/stderr | tail -n 1)
echo "built in $(($(date +%s) - start)) s"
[ -f "$deb" ] || { echo "no package written" >&2; exit 1; }

echo "$deb: $(stat -c %s "$deb") bytes"
dpkg-deb --info "$deb"
dpkg-deb --contents "$deb"
