#!/usr/bin/env bash
# What `make bench` needs beyond the build: Redis, ffmpeg (to make the clip once) and, unless "smoke", Janus.
set -euo pipefail
missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
[[ ${1:-full} == smoke ]] || command -v janus >/dev/null || missing+=(janus)
command -v taskset >/dev/null || missing+=(util-linux)
if ((${#missing[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
