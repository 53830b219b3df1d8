#!/usr/bin/env bash
# The floor for rawBootToSshMs: starts a guest with the very command lines the extension logged for
# a class (its log directory), from this shell, with no Java, and prints the milliseconds from the
# start to the first `true` run in the guest through the same exec port the extension uses (the
# clients are in perl, which every Debian has). A guest the extension restored from a snapshot
# (its QEMU waits with -incoming defer) is restored the same way (restore.pl); a booted one boots
# (exec-true.pl).
#
#   raw-boot.sh LOG_DIR RUN_DIR SHARE_DIR FILES_DIR [SNAPSHOT_DIR]
#
# LOG_DIR holds qemu.cmdline and virtiofsd-share0.cmdline; RUN_DIR and SHARE_DIR are the run and
# share directories those name (gone by now); FILES_DIR holds copies of the guest's per-VM files;
# SNAPSHOT_DIR is the snapshot the guest was restored from.
set -euo pipefail
logs=$1 old_run=$2 old_share=$3 files=$4 snapshot=${5:-}
here=$(cd "$(dirname "$0")" && pwd)
new=$(mktemp -d /tmp/virtiofs-raw-XXXXXX)
memory=/dev/shm/$(basename "$new").mem
pids=()
cleanup() {
  # QEMU first; virtiofsd then ends with it (and is told to, as well)
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; wait "${pids[i]}" 2>/dev/null || true; done
  rm -rf "$new" "$memory"
}
trap cleanup EXIT
mkdir "$new/share"
cp "$files"/hostkey "$files"/authorized_keys "$files"/guest.conf "$new/"
qemu=$(sed -e "s|$old_run|$new|g" -e "s|$logs/console.log|$new/console.log|g" \
  -e "s|/dev/shm/$(basename "$old_run").mem|$memory|g" "$logs/qemu.cmdline")
virtiofsd=$(sed -e "s|$old_run|$new|g" -e "s|$old_share|$new/share|g" "$logs/virtiofsd-share0.cmdline")

start=$(date +%s%N)
if [ -n "$snapshot" ]; then
  cp --sparse=always "$snapshot/memory" "$memory"
fi
eval "exec $virtiofsd" >"$new/virtiofsd.log" 2>&1 &
pids+=($!)
until [ -S "$new/share0.sock" ]; do sleep 0.001; done
eval "exec $qemu" >"$new/qemu.log" 2>&1 &
pids+=($!)
if [ -n "$snapshot" ]; then
  perl "$here/restore.pl" "$new/qmp.sock" "$new/exec.sock" "$snapshot/state" share0 "$new"
else
  until grep -qs 'virtiofs-junit: guest ready' "$new/console.log"; do sleep 0.005; done
  perl "$here/exec-true.pl" "$new/exec.sock"
fi
end=$(date +%s%N)
echo $(( (end - start) / 1000000 ))
