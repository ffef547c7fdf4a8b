#!/bin/sh
# Regenerates the pictures in this folder from the samples, so the README shows generated output,
# never hand-made images. Needs ffmpeg built with libass and the Noto fonts (as .ci/run installs).
#
#   preview-instagram_reels-fa.png: samples/ep01.srt translated into Persian for Instagram Reels
#   with the offline pseudo backend, then `subloc preview` of the written track, the cue picked
#   for having the most lines, on the blank 1080 x 1920 canvas (covered zones shaded red, safe
#   area outlined in yellow).
set -eu
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
subloc="cargo run --quiet --"
# Exit code 1 only means the track has findings (it is written all the same).
$subloc translate samples/ep01.srt --backend pseudo --to fa --platform instagram_reels \
    --out "$tmp/out" --memory "$tmp/memory.sqlite" >/dev/null || [ $? -eq 1 ]
$subloc preview "$tmp/out/fa/instagram_reels/ep01.ass" --platform instagram_reels \
    --count 1 -o "$tmp/preview"
cp "$tmp"/preview/ep01-cue*.png docs/img/preview-instagram_reels-fa.png
