#!/bin/sh
# The cgroup lab's packages: the main lab's (lab/setup.sh: gunicorn, wrk, …) and uvicorn, from
# Debian, installed only when missing. The lab itself needs root (it writes under /sys/fs/cgroup).
set -e
dir=$(dirname "$0")
"$dir/../setup.sh"
if ! command -v uvicorn >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "lab/cgroup: installing uvicorn"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends uvicorn >/dev/null
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "lab/cgroup: run as root (it makes cgroups under /sys/fs/cgroup)" >&2
  exit 1
fi
