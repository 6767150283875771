#!/usr/bin/env bash
# Runs the Windows program under Wine, as a Windows user would, and compares
# it with the Linux program:
#   * `run`, `run --runs 200 --seed 1`, `validate` of a broken file (English
#     and Chinese) and `roster status`: the same standard output, standard
#     error and exit code, byte for byte;
#   * a scenario and a roster written to C:\Users\张三\文档\ and read back;
#   * the app under Xvfb with default settings (a fresh Windows user) and
#     with a scenario from the Chinese path: screenshots, the window's place
#     on the screen, and where the settings were written.
# Builds both programs first (scripts/build-windows.sh, cargo build
# --release). Installs wine64, xvfb and the tools it needs when missing.
#
# Wine 8 (Debian 12) lacks ProcessPrng in bcryptprimitives.dll, which Rust's
# standard library asks Windows for random bytes with. For this check only,
# a stand-in DLL built here with mingw answers it through RtlGenRandom; it is
# placed beside the program in the Wine copy and is never shipped.
#
#   scripts/check-windows.sh [SCREEN_SIZE ...]   (default: 1366x768 1920x1080)
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target_dir=${CARGO_TARGET_DIR:-$root/target}
case $target_dir in /*) ;; *) target_dir=$root/$target_dir ;; esac
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1366x768 1920x1080)

need=()
command -v wine >/dev/null || need+=(wine wine64)
command -v Xvfb >/dev/null || need+=(xvfb)
command -v xwd >/dev/null || need+=(x11-apps)
command -v xdotool >/dev/null || need+=(xdotool)
[ -x /usr/bin/convert ] || need+=(imagemagick)
command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64)
if [ ${#need[@]} -gt 0 ]; then
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${need[@]}" || exit 1
fi

scripts/build-windows.sh >/dev/null || { echo "the Windows build failed" >&2; exit 1; }
cargo build --release --bin talent-planner 2>/dev/null || { echo "the Linux build failed" >&2; exit 1; }
linux_exe=$target_dir/release/talent-planner
win_dir=$target_dir/windows/talent-planner

work=$target_dir/wine-check
rm -rf "$work/out" "$work/app"
mkdir -p "$work/out" "$work/app"
export WINEPREFIX=$work/prefix
export WINEARCH=win64
# No Mono or Gecko install prompts; the stand-in DLL before Wine's own.
export WINEDLLOVERRIDES="mscoree,mshtml=;bcryptprimitives=n,b"
export WINEDEBUG=-all
# Wine turns the command line into UTF-16 with the locale's character set.
export LC_ALL=C.UTF-8
unset LANG

failures=0
pass() { echo "ok    $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }

# --- the stand-in for ProcessPrng ------------------------------------------
cat >"$work/bcryptprimitives.c" <<'EOF'
/* For the Wine check only: Wine 8 has no ProcessPrng. Fills the buffer with
   RtlGenRandom (advapi32's SystemFunction036), in pieces it accepts. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG piece = length > 0x10000 ? 0x10000 : (ULONG)length;
        if (!SystemFunction036(data, piece))
            return FALSE;
        data += piece;
        length -= piece;
    }
    return TRUE;
}
EOF
printf 'LIBRARY bcryptprimitives.dll\nEXPORTS\n    ProcessPrng\n' >"$work/bcryptprimitives.def"
x86_64-w64-mingw32-gcc -O2 -shared -o "$work/app/bcryptprimitives.dll" \
  "$work/bcryptprimitives.c" "$work/bcryptprimitives.def" -ladvapi32 || exit 1
cp "$win_dir/talent-planner.exe" "$work/app/"
cp -r "$win_dir/saves" "$work/app/"

# --- a display for Wine and the app ------------------------------------------
d=90
while [ -e /tmp/.X11-unix/X$d ] || [ -e /tmp/.X$d-lock ]; do d=$((d + 1)); done
start_x() {
  Xvfb :$d -screen 0 "${1}x24" -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  for _ in $(seq 100); do DISPLAY=:$d xdotool getmouselocation >/dev/null 2>&1 && break; sleep 0.1; done
}
stop_x() {
  kill "$xvfb" 2>/dev/null
  wait "$xvfb" 2>/dev/null
}
trap 'stop_x' EXIT
start_x "${sizes[0]}"
export DISPLAY=:$d

if [ ! -d "$WINEPREFIX/drive_c" ]; then
  echo "== creating the Wine prefix"
  wineboot -i >/dev/null 2>&1
  wineserver -w
fi
wine --version

# Runs the Windows program in the app folder: win OUT_NAME ARGS...
win() {
  local name=$1
  shift
  (cd "$work/app" && wine ./talent-planner.exe "$@" >"$work/out/$name.win.out" 2>"$work/out/$name.win.err")
  echo $? >"$work/out/$name.win.code"
}
# Runs the Linux program in the same folder: lin OUT_NAME ARGS...
lin() {
  local name=$1
  shift
  (cd "$work/app" && "$linux_exe" "$@" >"$work/out/$name.lin.out" 2>"$work/out/$name.lin.err")
  echo $? >"$work/out/$name.lin.code"
}
# The two runs gave the same bytes: same NAME
same() {
  local name=$1 what=$2 ok=1
  for part in out err code; do
    cmp -s "$work/out/$name.win.$part" "$work/out/$name.lin.$part" || {
      ok=0
      echo "      $part differs:"
      diff <(head -c 2000 "$work/out/$name.lin.$part") <(head -c 2000 "$work/out/$name.win.$part") | head -n 8 | sed 's/^/      /'
    }
  done
  local summary
  summary="exit $(cat "$work/out/$name.win.code"), $(stat -c %s "$work/out/$name.win.out") bytes out, $(stat -c %s "$work/out/$name.win.err") bytes err"
  if [ $ok = 1 ]; then pass "$what: identical ($summary)"; else fail "$what ($summary)"; fi
}

echo "== the command line, Windows (Wine) against Linux"
win run run
lin run run
same run "run (default county, JSON)"

secs=$(date +%s)
win mc run --runs 200 --seed 1
win_secs=$(($(date +%s) - secs))
secs=$(date +%s)
lin mc run --runs 200 --seed 1
lin_secs=$(($(date +%s) - secs))
same mc "run --runs 200 --seed 1 (Windows ${win_secs} s, Linux ${lin_secs} s)"

win csv run saves\\policy_variant.ron --format csv --by township
lin csv run saves/policy_variant.ron --format csv --by township
same csv "run policy_variant.ron --format csv --by township"

# A broken scenario: a probability above 1, a thirteenth month and a stage
# that does not exist.
sed -e '0,/probability: 0.5,/s//probability: 1.5,/' \
  -e 's/start_month: 1,/start_month: 13,/' \
  -e 's/stage: "g3", count: 4.0/stage: "g9", count: 4.0/' \
  saves/markov_textbook.ron >"$work/app/broken.ron"
win validate validate broken.ron
lin validate validate broken.ron
same validate "validate broken.ron (English)"
LANG=zh_CN.UTF-8 win validate_zh validate broken.ron
LANG=zh_CN.UTF-8 lin validate_zh validate broken.ron
same validate_zh "validate broken.ron (LANG=zh_CN)"
win run_broken run broken.ron
lin run_broken run broken.ron
same run_broken "run broken.ron (refused)"
win missing run no-such-file.ron
lin missing run no-such-file.ron
if [ "$(cat "$work/out/missing.win.code")" = "$(cat "$work/out/missing.lin.code")" ] &&
  cmp -s "$work/out/missing.win.out" "$work/out/missing.lin.out"; then
  pass "run of a missing file: exit $(cat "$work/out/missing.win.code") on both; the system's reason differs:"
  sed 's/^/      /' "$work/out/missing.lin.err" "$work/out/missing.win.err"
else
  fail "run of a missing file"
fi

win roster roster status saves\\example_attempts.csv --people saves\\example_people.csv --format json
lin roster roster status saves/example_attempts.csv --people saves/example_people.csv --format json
same roster "roster status example_attempts.csv --people example_people.csv"
win roster_gbk roster import saves\\example_people_gbk.csv --into gbk.ron --dry-run
lin roster_gbk roster import saves/example_people_gbk.csv --into gbk.ron --dry-run
same roster_gbk "roster import example_people_gbk.csv --dry-run (GBK)"

echo "== files under C:\\Users\\张三\\文档"
docs_unix=$WINEPREFIX/drive_c/users/张三/文档
docs='C:\Users\张三\文档'
rm -rf "$docs_unix"
mkdir -p "$docs_unix"
cp saves/policy_variant.ron "$docs_unix/方案.ron"
(cd "$work/app" && wine ./talent-planner.exe generate --townships 3 --villages-per-township 4 --seed 7 --out "$docs\\生成的方案.ron" >/dev/null 2>&1)
lin gen_lin generate --townships 3 --villages-per-township 4 --seed 7 --out "$work/out/生成的方案.ron"
if cmp -s "$docs_unix/生成的方案.ron" "$work/out/生成的方案.ron"; then
  pass "generate --out $docs\\生成的方案.ron: written, identical to Linux ($(stat -c %s "$docs_unix/生成的方案.ron") bytes)"
else
  fail "generate --out $docs\\生成的方案.ron"
fi
win zh_path run "$docs\\方案.ron"
lin zh_path run saves/policy_variant.ron
same zh_path "run $docs\\方案.ron (as saves/policy_variant.ron)"
win zh_validate validate "$docs\\生成的方案.ron"
[ "$(cat "$work/out/zh_validate.win.code")" = 0 ] &&
  pass "validate $docs\\生成的方案.ron: exit 0" || fail "validate $docs\\生成的方案.ron: $(cat "$work/out/zh_validate.win.err")"
win zh_import roster import saves\\example_people.csv --into "$docs\\名册.ron"
win zh_import2 roster import saves\\example_attempts.csv --into "$docs\\名册.ron"
win zh_export roster export "$docs\\名册.ron" --out "$docs\\名册导出.csv" --table people
mkdir -p "$work/out/名册"
lin zh_import roster import saves/example_people.csv --into "$work/out/名册/名册.ron"
lin zh_import2 roster import saves/example_attempts.csv --into "$work/out/名册/名册.ron"
lin zh_export roster export "$work/out/名册/名册.ron" --out "$work/out/名册/名册导出.csv" --table people
if [ "$(cat "$work/out/zh_export.win.code")" = 0 ] &&
  cmp -s "$docs_unix/名册.ron" "$work/out/名册/名册.ron" &&
  cmp -s "$docs_unix/名册导出.csv" "$work/out/名册/名册导出.csv"; then
  pass "roster import into $docs\\名册.ron, export to 名册导出.csv: identical to Linux ($(stat -c %s "$docs_unix/名册.ron") and $(stat -c %s "$docs_unix/名册导出.csv") bytes)"
else
  fail "roster saved to and read from $docs: $(cat "$work/out/zh_import.win.err" "$work/out/zh_export.win.err")"
fi

# --- the app ------------------------------------------------------------------
appdata=$WINEPREFIX/drive_c/users/$(whoami)/AppData/Roaming/talent-planner
# Shows the app for a while on a SIZE screen and takes a screenshot:
# shot NAME SIZE [VAR=VALUE ...]
shot() {
  local name=$1 size=$2
  shift 2
  stop_x
  start_x "$size"
  (cd "$work/app" && env "$@" wine ./talent-planner.exe >"$work/out/$name.log" 2>&1) &
  local pid=$! w=""
  for _ in $(seq 120); do
    w=$(xdotool search --name "社工人才规划" 2>/dev/null | head -n 1)
    [ -n "$w" ] && break
    sleep 0.5
  done
  sleep 15
  # The window that is up now (a renderer that failed had one for a moment).
  w=$(xdotool search --onlyvisible --name "社工人才规划" 2>/dev/null | tail -n 1)
  xwd -root -silent | /usr/bin/convert xwd:- "$work/$name.png"
  local colours geometry
  colours=$(/usr/bin/convert "$work/$name.png" -format %k info:)
  geometry=$(xdotool getwindowgeometry "$w" 2>/dev/null | tr -s ' \n' ' ')
  if kill -0 $pid 2>/dev/null && [ -n "$w" ] && [ "$colours" -gt 100 ]; then
    pass "app ($name, $size screen): window drawn, $colours colours; $(xdotool getwindowname "$w")"
  else
    fail "app ($name, $size screen): window ${w:-not found}, $colours colours"
  fi
  echo "      window:$geometry"
  echo "      screenshot: $work/$name.png"
  local status
  status=$(grep -i "window could not\|renderer\|error" "$work/out/$name.log" | head -n 5)
  [ -z "$status" ] || echo "$status" | sed 's/^/      log: /'
  # Closing as the window's close button would: the app saves its settings.
  (cd "$work/app" && wine taskkill /im talent-planner.exe >/dev/null 2>&1)
  for _ in $(seq 40); do kill -0 $pid 2>/dev/null || break; sleep 0.5; done
  kill $pid 2>/dev/null
  wineserver -k 2>/dev/null
  wait $pid 2>/dev/null
}

echo "== the app under Xvfb"
rm -rf "$appdata"
first=1
for size in "${sizes[@]}"; do
  # Each size as a first start: no remembered window.
  rm -rf "$appdata"
  shot "first-start-$size" "$size"
  if [ $first = 1 ]; then
    first=0
    if [ -f "$appdata/data/app.ron" ]; then
      pass "settings written to %APPDATA%\\talent-planner\\data\\app.ron ($(stat -c %s "$appdata/data/app.ron") bytes; window kept: $(grep -o '"window"' "$appdata/data/app.ron" | head -n 1))"
    else
      fail "no settings in %APPDATA%\\talent-planner\\data: $(ls -R "$appdata" 2>&1 | head -n 5)"
    fi
  fi
done
# Left at the size of the last screen: the window must come back onto this one.
shot "chinese-path" "${sizes[0]}" "TALENT_PLANNER_FILE=$docs\\方案.ron" LANG=zh_CN.UTF-8
shot "forced-glow" "${sizes[0]}" TALENT_PLANNER_RENDERER=glow

echo
if [ $failures -eq 0 ]; then
  echo "all checks passed"
else
  echo "$failures check(s) failed"
fi
[ $failures -eq 0 ]
