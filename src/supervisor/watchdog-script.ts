// The watchdog's program: a POSIX sh script (run by /bin/sh: dash, bash or busybox sh), so the
// process that outlives a killed hdev costs under 2 MiB and starts in a millisecond where a
// second Node process cost ~40 MiB and a visible start-up. No bash-isms; no `set -e` (a failed
// test must never end it early); every loop ends with the pipe or with the grace period.
//
// Arguments: $1 the run's marker as a basic regular expression anchored at the start of an
// environment entry (see markerPattern), $2 the grace period in milliseconds.
// Outside processes: grep (one run per scan of /proc, only once hdev is gone) and sleep.

/** The script, for `sh -c`. */
export const WATCHDOG_SCRIPT = `
pattern=$1
grace=$2
trap '' INT HUP
set -f
groups=' '
marked=''
procfs=''
[ -r /proc/self/stat ] && procfs=1

is_pid() {
  case $1 in '' | *[!0-9]* | ????????*) return 1 ;; esac
  [ "$1" -gt 1 ]
}

# Field 22 of /proc/PID/stat into $start (after "(comm)", which may hold spaces, it is the 20th).
read_stat() {
  stat=''
  { IFS= read -r stat <"/proc/$1/stat"; } 2>/dev/null || [ -n "$stat" ] || return 1
  set -- \${stat##*) }
  state=$1
  start=\${20}
}

forget() {
  kept=' '
  for entry in $groups; do
    [ "\${entry%%:*}" = "$1" ] || kept="$kept$entry "
  done
  groups=$kept
}

# A group id is not reused while any process is in the group: with its leader gone, the group
# holds only the run's processes (or none). A live leader must be the registered one (same
# start time); otherwise the id now names a process that is not the run's. No /proc (macOS):
# the registered group is signalled, as ever.
ours() {
  [ -n "$procfs" ] || return 0
  read_stat "$1" || return 0
  [ -n "$2" ] && [ "$start" = "$2" ]
}

# This user's processes whose environment holds the run's marker (one grep for all of them).
scan() {
  marked=''
  [ -n "$procfs" ] || return 0
  set +f
  found=$(grep -lsz -e "$pattern" /proc/[0-9]*/environ)
  set -f
  for file in $found; do
    pid=\${file#/proc/}
    pid=\${pid%/environ}
    is_pid "$pid" && [ "$pid" != "$$" ] && marked="$marked $pid"
  done
}

# Sends signal $1 to the run's groups and marked processes; $alive says whether any took it.
signal_run() {
  alive=''
  for entry in $groups; do
    id=\${entry%%:*}
    if ours "$id" "\${entry#*:}" && kill -s "$1" -- "-$id" 2>/dev/null; then
      alive=1
    else
      forget "$id" # empty, or not the run's any more: never signalled again
    fi
  done
  kept=''
  for pid in $marked; do
    read_stat "$pid" && [ "$state" != Z ] && [ "$state" != X ] &&
      kill -s "$1" -- "$pid" 2>/dev/null && kept="$kept $pid"
  done
  marked=$kept
  [ -z "$marked" ] || alive=1
}

# Lines from hdev: "+PGID START" when a group appears (START: its leader's start time, when
# known), "-PGID" when it is gone. A last line without its newline is cut short: dropped.
while IFS=' ' read -r word known rest; do
  id=\${word#?}
  is_pid "$id" || continue
  forget "$id"
  case $known in *[!0-9]*) known='' ;; esac
  case $word in +*) groups="$groups$id:$known " ;; esac
done

# The pipe closed without hdev ending the watchdog first: hdev is gone.
scan
signal_run TERM
elapsed=0
step=100
while [ -n "$alive" ] && [ "$elapsed" -lt "$grace" ]; do
  sleep 0.1 2>/dev/null || { sleep 1; step=1000; }
  elapsed=$((elapsed + step))
  signal_run 0
  if [ -z "$alive" ]; then
    scan # one started since the first scan is stopped too
    signal_run TERM
  fi
done
[ -z "$alive" ] || { scan; signal_run KILL; }
exit 0
`;
