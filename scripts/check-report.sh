#!/usr/bin/env bash
# Checks the county plan report as a reader gets it: makes the report of
# the default county in Chinese and in English (with the policy variant
# compared), converts each .docx to PDF with LibreOffice headless, extracts
# the text with pdftotext and checks that
#   * every heading of the document (its "heading 1" and "heading 2"
#     paragraphs, read from word/document.xml) is in the PDF's text;
#   * no character is a replacement character (U+FFFD) or an empty box;
#   * every character of the text has a glyph in some installed font
#     (fc-list), so LibreOffice drew none as a missing glyph;
#   * the fonts of the PDF are embedded.
# Page images for looking at them are written with pdftoppm.
#
# Needs: soffice (libreoffice-writer-nogui), pdftotext, pdffonts, pdfinfo,
# pdftoppm (poppler-utils), fc-list (fontconfig), a CJK font
# (fonts-noto-cjk), python3. Usage: scripts/check-report.sh [OUT_DIR]
# (default target/report-check); BIN=path/to/talent-planner to use a
# built binary (default: cargo build --release).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-target/report-check}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

missing=()
for tool in soffice pdftotext pdffonts pdfinfo pdftoppm fc-list python3; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
    echo "missing: ${missing[*]}" >&2
    echo "install: apt-get install libreoffice-writer-nogui poppler-utils fontconfig fonts-noto-cjk python3" >&2
    exit 1
fi
if [[ -z "$(fc-list :lang=zh family)" ]]; then
    echo "no Chinese font installed (apt-get install fonts-noto-cjk)" >&2
    exit 1
fi

if [[ -z "${BIN:-}" ]]; then
    cargo build --release --quiet
    BIN=target/release/talent-planner
fi

failed=0
for lang in zh en; do
    docx="$OUT/plan-$lang.docx"
    "$BIN" report --lang "$lang" --runs 1000 --compare saves/policy_variant.ron \
        --charts "$OUT/charts-$lang" --out "$docx"
    # A profile of its own, so a running office does not take the job.
    soffice -env:UserInstallation="file://$OUT/lo-profile" --headless \
        --convert-to pdf --outdir "$OUT" "$docx" >/dev/null 2>&1
    pdf="$OUT/plan-$lang.pdf"
    txt="$OUT/plan-$lang.txt"
    pdftotext -layout "$pdf" "$txt"
    pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
    rm -f "$OUT/page-$lang"-*.png
    pdftoppm -png -r 60 "$pdf" "$OUT/page-$lang"

    python3 - "$docx" "$txt" "$lang" <<'PY' || failed=1
import re, subprocess, sys, zipfile
docx, txt, lang = sys.argv[1:4]
xml = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
headings = []
for p in re.findall(r"<w:p>.*?</w:p>|<w:p .*?</w:p>", xml, re.S):
    m = re.search(r'<w:pStyle w:val="(Heading[12])"', p)
    if m:
        text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p))
        text = (text.replace("&lt;", "<").replace("&gt;", ">")
                    .replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&"))
        headings.append((m.group(1), text))
pdf_text = open(txt, encoding="utf-8").read()
flat = re.sub(r"\s+", "", pdf_text)
bad = 0
for style, h in headings:
    found = re.sub(r"\s+", "", h) in flat
    if style == "Heading1" or not found:
        print(f"  [{lang}] {'ok ' if found else 'MISSING'} {style}: {h}")
    bad += not found
boxes = [c for c in pdf_text if c in "\ufffd\u25a1\u25af\u2610"]
print(f"  [{lang}] replacement or box characters: {len(boxes)}")
bad += len(boxes)
chars = sorted({c for c in pdf_text if not c.isspace() and ord(c) > 0x7e})
uncovered = []
for c in chars:
    out = subprocess.run(["fc-list", f":charset={ord(c):x}", "family"],
                         capture_output=True, text=True).stdout.strip()
    if not out:
        uncovered.append(c)
print(f"  [{lang}] distinct non-ASCII characters: {len(chars)}, without a glyph in any installed font: {len(uncovered)} {''.join(uncovered)}")
bad += len(uncovered)
sys.exit(1 if bad else 0)
PY
    not_embedded=$(pdffonts "$pdf" | awk 'NR > 2 && $(NF-4) != "yes"' | wc -l)
    fonts=$(pdffonts "$pdf" | awk 'NR > 2 {print $1}' | sed 's/^[A-Z]*+//' | sort -u | tr '\n' ' ')
    echo "  [$lang] $pages pages; fonts: $fonts; not embedded: $not_embedded"
    [[ "$not_embedded" == 0 ]] || failed=1
done
if ((failed)); then
    echo "check-report: FAILED"
    exit 1
fi
echo "check-report: every heading found, no missing glyph, fonts embedded (PDF, text and page images in $OUT)"
