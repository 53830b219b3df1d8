#!/usr/bin/env bash
# Runs a command in a Debian 13 (trixie) root on this machine, so CI can check the project on
# Debian 13 without a Debian 13 machine (issue 12):
#
#   bash .ci/debian13-root.sh bash host/setup-host.sh
#   bash .ci/debian13-root.sh ./mvnw -B -pl it -am verify -Dit.test=QuickStartIT -Dinvoker.skip
#   bash .ci/debian13-root.sh            (an interactive shell)
#
# Run as root. The root is made once with debootstrap and kept in $DEBIAN13_ROOT (default
# /var/cache/virtiofs-junit/debian13-root); it is made in a temporary directory beside it and
# renamed into place only when complete, and made again when ROOT_PACKAGES below or the recipe
# (make_root) change. It is a machine of its own, kept between runs: what setup-host.sh installs
# in it and the Maven repository in its /root/.m2 stay, as they would on a real Debian 13 CI
# machine. The Maven repository is the root's own, not the host's ~/.m2 bind-mounted: a build in
# here installs its own 0.1.0-SNAPSHOT artifacts (a guest image made on Debian 13), which must not
# replace the host's under a build running there; the price is one download of Maven and the
# dependencies on the first run (about a minute).
#
# The command runs as root in the repository (bind-mounted at its own path, so log paths read the
# same inside and out), with /dev (and so /dev/kvm, if present) from the host, a fresh /proc, /sys,
# /tmp and /dev/shm, and a clean environment (PATH, HOME=/root, JAVA_HOME, the proxy variables).
#
# Why not chroot: virtiofsd's sandbox pivots its own root and fails in a chroot with
# "Error entering sandbox: CleanMount(EINVAL)": the root must be a mount point of a mount namespace
# of its own. So the root is entered with a private mount namespace and pivot_root.
# Why a PID namespace too: when the command ends, the kernel kills whatever it left running there
# (a QEMU or a virtiofsd included), so nothing started inside outlives it, even after kill -9.
set -euo pipefail

# Only what a build needs before setup-host.sh runs: setup-host.sh itself installs QEMU, virtiofsd
# and the tools on first use, as it would on a user's fresh Debian 13, so CI checks it too.
# procps: pgrep and pkill, which the process guard and NonRootIT use (setup-host.sh has it too).
ROOT_PACKAGES=(ca-certificates openjdk-21-jdk-headless git procps)
SUITE=trixie
MIRROR=http://deb.debian.org/debian
ROOT=${DEBIAN13_ROOT:-/var/cache/virtiofs-junit/debian13-root}
JAVA_HOME_INSIDE=/usr/lib/jvm/java-21-openjdk-amd64

say() { printf 'debian13-root: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "run me as root (debootstrap, mount namespaces and pivot_root need it): sudo bash $0 $*"
repo=$(cd "$(dirname "$0")/.." && pwd -P)
case "$repo" in
  /) die "the repository cannot be the host's root directory" ;;
esac

make_root() {
  if ! command -v debootstrap >/dev/null; then
    if command -v apt-get >/dev/null; then
      apt-get install -y -qq --no-install-recommends debootstrap >/dev/null ||
        die "cannot install debootstrap (apt-get install debootstrap)"
      say "installed debootstrap"
    else
      die "debootstrap is missing: install it with your distribution's package manager"
    fi
  fi
  local tmp started
  tmp=$(mktemp -d "$ROOT.new.XXXXXX")
  # it becomes /: mktemp's 0700 would shut every user but root out (apt's _apt, NonRootIT's user)
  chmod 755 "$tmp"
  # a failed or interrupted debootstrap leaves a half-made root: never keep it
  trap 'rm -rf --one-file-system "$tmp"' EXIT
  say "making a Debian 13 root in $ROOT with debootstrap (a few minutes, once)"
  started=$SECONDS
  local pkgs
  pkgs=$(IFS=,; echo "${ROOT_PACKAGES[*]}")
  if ! debootstrap --variant=minbase --include="$pkgs" "$SUITE" "$tmp" "$MIRROR" >"$tmp.log" 2>&1; then
    tail -n 20 "$tmp.log" >&2
    die "debootstrap of $SUITE from $MIRROR failed (whole log: $tmp.log)"
  fi
  rm -f "$tmp.log"
  # the downloaded packages are of no more use: a third of the root
  chroot "$tmp" apt-get clean
  printf '%s\n' "$stamp" >"$tmp/.virtiofs-junit-root"
  if [ -e "$ROOT" ]; then
    rm -rf --one-file-system "$ROOT.old" && mv "$ROOT" "$ROOT.old"
  fi
  mv "$tmp" "$ROOT"
  trap - EXIT
  rm -rf --one-file-system "$ROOT.old"
  say "made the Debian 13 root in $((SECONDS - started)) s"
}

# The stamp names what the root was made from: other packages, or another recipe (make_root
# itself, its code as bash prints it: comments do not count), make another root.
stamp="suite=$SUITE mirror=$MIRROR packages=${ROOT_PACKAGES[*]} recipe=$(declare -f make_root | sha256sum | cut -c1-16)"

mkdir -p "$(dirname "$ROOT")"
# Exclusive while the root is checked or made; then shared, so runs can share one root but the
# root is never replaced under a running command.
exec 9>"$ROOT.lock"
flock 9
if [ "$(cat "$ROOT/.virtiofs-junit-root" 2>/dev/null)" != "$stamp" ]; then
  make_root
fi
flock -s 9

# The environment inside: nothing of the caller's but what a build needs.
envs=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root USER=root
  LOGNAME=root LANG=C.UTF-8 "JAVA_HOME=$JAVA_HOME_INSIDE" "TERM=${TERM:-dumb}")
for v in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY MAVEN_OPTS; do
  [ -n "${!v:-}" ] && envs+=("$v=${!v}")
done

# Git: a worktree's .git points into its main repository's .git; bind that too, or git fails.
git_common=$(git -C "$repo" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
case "$git_common" in
  "" | "$repo"/*) git_common= ;;
esac

[ $# -gt 0 ] || set -- bash -i

# Stage two runs in the new namespaces, as their PID 1; its arguments are the command.
# It runs the command as a child, in the foreground, rather than exec'ing it: PID 1 ignores the
# signals it has no handler for, and the command should get Ctrl-C and kill as anywhere else.
# shellcheck disable=SC2016
inner='
set -euo pipefail
root=$1 repo=$2 git_common=$3; shift 3
mount --rbind "$root" "$root"
# a fresh /tmp first: a repository under /tmp (a CI clone) is then mounted on top of it, not hidden
mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
mkdir -p "$root$repo" && mount --rbind "$repo" "$root$repo"
if [ -n "$git_common" ]; then
  mkdir -p "$root$git_common" && mount --rbind "$git_common" "$root$git_common"
fi
mount --rbind /dev "$root/dev"
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
# The machine'"'"'s own certificate authorities (a TLS-inspecting proxy'"'"'s, a company'"'"'s), so that
# ./mvnw, git and apt reach inside what they reach outside; refreshed below, with /proc, as
# ca-certificates-java'"'"'s hook runs Java to update its keystore.
cas=/usr/local/share/ca-certificates new_cas=
if [ -d $cas ] && ! diff -qr $cas "$root$cas" >/dev/null 2>&1; then
  rm -rf "$root$cas" && cp -a $cas "$root$cas" && new_cas=1
fi
cd "$root"
mkdir -p .oldroot
pivot_root . .oldroot
# umount reads /proc/self/mountinfo: the new /proc first
mount -t proc proc /proc
umount -l /.oldroot
mount -t sysfs sysfs /sys
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
if [ -n "$new_cas" ]; then
  if ! out=$(update-ca-certificates 2>&1); then
    rm -rf $cas  # so that the next run tries again
    echo "debian13-root: error: update-ca-certificates failed in the root: $out" >&2
    exit 1
  fi
  echo "debian13-root: gave the root this machine'"'"'s certificate authorities ($cas)" >&2
fi
cd "$repo"
status=0
"$@" || status=$?
exit "$status"
'
# The namespaces' PID 1 runs as a child of this script, not in its place: unshare holds off
# SIGTERM while it waits, so `kill` of this script would do nothing until the command ended.
# A TERM or HUP here kills the namespace instead, at once and whole (unshare's --kill-child kills
# its PID 1, and the kernel everything else in it); so does this script's own death, even by kill
# -9 (setpriv --pdeathsig: unshare gets SIGKILL when this shell dies). Ctrl-C goes to the command itself, as the terminal's signal reaches the whole process group.
# stdin is given explicitly (a background job would get /dev/null), and SIGINT set back to its
# default (a background job has it ignored, and Java keeps an ignored SIGINT ignored).
setpriv --pdeathsig KILL env --default-signal=INT,QUIT unshare --mount --propagation private --pid --fork --kill-child \
  env -i "${envs[@]}" /bin/bash -c "$inner" debian13-root "$ROOT" "$repo" "$git_common" "$@" <&0 &
ns=$!
stopped=
trap 'stopped=1; kill -KILL "$ns" 2>/dev/null; say "stopped: everything in the root was killed"' TERM HUP
trap : INT
status=0
wait "$ns" || status=$?
# wait returns early when a trapped signal arrives: wait for the namespace itself to end
while kill -0 "$ns" 2>/dev/null; do wait "$ns" || status=$?; done
[ -z "$stopped" ] || status=143
exit "$status"
