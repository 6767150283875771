#!/usr/bin/env bash
# Builds the Windows program on Linux (x86_64-pc-windows-gnu, with mingw) and
# packs it to send by e-mail: target/windows/talent-planner-windows.zip holds
# talent-planner/ with talent-planner.exe (symbols stripped; the fonts, the
# default county and the help are inside it), the example files of saves/ and
# README.txt in Chinese and English. Installs the Rust target and mingw when
# missing. Prints the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."

target=x86_64-pc-windows-gnu
target_dir=${CARGO_TARGET_DIR:-target}

apt_install() {
  if command -v apt-get >/dev/null; then
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$@"
  else
    echo "missing: $* (install them with the system's package manager)" >&2
    exit 1
  fi
}

rustup target list --installed | grep -qx "$target" || rustup target add "$target"
need=()
command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64)
command -v zip >/dev/null || need+=(zip)
[ ${#need[@]} -eq 0 ] || apt_install "${need[@]}"

out=$target_dir/windows
stage=$out/talent-planner
rm -rf "$stage" "$out/talent-planner-windows.zip"
mkdir -p "$stage/saves"

# The program's icon and name in Explorer: a Windows resource linked into it.
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
IFS=. read -r major minor patch <<<"$version"
cat >"$out/talent-planner.rc" <<RC
#pragma code_page(65001)
1 ICON "assets/icon/talent-planner.ico"
1 VERSIONINFO
FILEVERSION $major,$minor,$patch,0
PRODUCTVERSION $major,$minor,$patch,0
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "080404B0"
    BEGIN
      VALUE "FileDescription", "社工人才规划 talent-planner"
      VALUE "ProductName", "社工人才规划 talent-planner"
      VALUE "FileVersion", "$version"
      VALUE "ProductVersion", "$version"
      VALUE "OriginalFilename", "talent-planner.exe"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x0804, 1200
  END
END
RC
x86_64-w64-mingw32-windres -c 65001 -O coff -i "$out/talent-planner.rc" -o "$out/talent-planner-res.o"

echo "== cargo build --release --target $target (stripped, with the resource)"
start=$(date +%s)
# `cargo rustc` passes the resource to the program's link only, so the
# dependencies stay built.
CARGO_PROFILE_RELEASE_STRIP=symbols cargo rustc --release --target "$target" --bin talent-planner \
  -- -C "link-arg=$(realpath "$out/talent-planner-res.o")"
echo "built in $(($(date +%s) - start)) s"
cp "$target_dir/$target/release/talent-planner.exe" "$stage/"
cp saves/*.ron saves/*.csv "$stage/saves/"
# Notepad on older Windows wants CRLF line ends; the byte-order mark tells it UTF-8.
{ printf '\xef\xbb\xbf'; sed 's/$/\r/' packaging/windows/README.txt; } >"$stage/README.txt"

(cd "$out" && zip -q -r -9 -X talent-planner-windows.zip talent-planner)

exe_bytes=$(stat -c %s "$stage/talent-planner.exe")
zip_bytes=$(stat -c %s "$out/talent-planner-windows.zip")
echo "talent-planner.exe: $exe_bytes bytes ($((exe_bytes / 1024 / 1024)) MiB)"
echo "$out/talent-planner-windows.zip: $zip_bytes bytes ($((zip_bytes / 1024 / 1024)) MiB)"
unzip -l "$out/talent-planner-windows.zip"
