# virtiofs-junit process guard: runs one command so that it cannot outlive the JVM that started it.
#   sh -c "$(cat guard.sh)" guard GRACE_TENTHS COMMAND [ARG...]
# The command runs in a session of its own (so its whole process group, including daemons it
# forks, can be signalled) with PR_SET_PDEATHSIG=KILL against this single-threaded shell. When
# the shell's standard input (a pipe from the JVM) reaches end of file, because the JVM closed it
# or died, however hard, the group gets SIGTERM, then SIGKILL after GRACE_TENTHS tenths of a
# second. The shell's exit status is the command's.
grace=$1
shift
# Whether a process of the group still lives. Zombies do not count: they are dead, and their new
# parent may reap them late (a container's init that reaps once a second held every class's
# teardown for a second); without pgrep, any member counts.
alive() {
  pgrep -g "$1" -r D,I,R,S,T,t,W >/dev/null 2>&1
  case $? in
    0) return 0 ;;
    1) return 1 ;;
    *) kill -0 "-$1" 2>/dev/null ;;
  esac
}
# A background list reads /dev/null unless told otherwise: keep the pipe as descriptor 3.
exec 3<&0
setsid setpriv --pdeathsig KILL -- "$@" </dev/null 3<&- &
child=$!
{
  # "keep" on the pipe detaches the command: it then lives on after the JVM, until its guard is
  # sent SIGTERM (see KeptGuestStop), which takes it down through PR_SET_PDEATHSIG.
  while read -r line <&3; do
    [ "$line" = keep ] && exit 0
  done
  # The group exists once setsid has run; before that, the pid alone is the command.
  kill -TERM "-$child" 2>/dev/null || kill -TERM "$child" 2>/dev/null
  i=0
  while [ "$i" -lt "$grace" ] && alive "$child"; do
    sleep 0.1
    i=$((i + 1))
  done
  kill -KILL "-$child" 2>/dev/null || kill -KILL "$child" 2>/dev/null
} &
watcher=$!
wait "$child"
status=$?
# Whatever the command left in its group (a daemon's forked child) goes with it, and is gone
# before this shell exits, so that the JVM's wait for this shell is a wait for all of them.
kill -KILL "-$child" 2>/dev/null
i=0
while [ "$i" -lt 100 ] && alive "$child"; do
  sleep 0.02
  i=$((i + 1))
done
kill "$watcher" 2>/dev/null
wait "$watcher" 2>/dev/null
exit "$status"
