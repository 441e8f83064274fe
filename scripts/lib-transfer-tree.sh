# shellcheck shell=bash
# Part (c) of scripts/bench-transfer, sourced by it (its helpers and variables are in scope): a folder of many small
# files from one seeder namespace of the LAN test bed to another, unshaped, iwant beside rsync from an rsync daemon
# and tar piped over TCP, best of $runs each, into tmpfs and onto this machine's disk (`sync` timed in there).
"$lan" up 2 >/dev/null
address=$("$lan" ip 1)
files=$(find "$tmp/data/tree" -type f | wc -l)
tree_bytes=$(find "$tmp/data/tree" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')

start_seeder 1 "$address" 7378 open
cat >"$tmp/rsyncd.conf" <<CONF
pid file = $tmp/rsyncd.pid
use chroot = no
reverse lookup = no
uid = root
gid = root
[tree]
path = $tmp/data/tree
read only = yes
CONF
in_ns 1 rsync --daemon --config="$tmp/rsyncd.conf" --address="$address" --port=8730
wait_seeder 1 open
hash=$(awk '/^folder/ {print $2}' "$tmp/seed1.out")
downloader=2
disk_out="$tmp/disk-out"
mkdir -p "$disk_out"
start_fetcher open "$address:7378" "$out"
start_fetcher disk "$address:7378" "$disk_out"
trap 'kill "$(cat "$tmp/rsyncd.pid" 2>/dev/null)" 2>/dev/null || true; cleanup' EXIT

# tar_serve PORT: one tar of the tree, sent to the first client of ADDRESS:PORT in the seeder's namespace
tar_serve() {
  in_ns 1 python3 -c 'import socket, subprocess, sys
s = socket.create_server((sys.argv[1], int(sys.argv[2])))
print("listening", flush=True)
c, _ = s.accept()
subprocess.run(["tar", "-C", sys.argv[3], "-cf", "-", "."], stdout=c.fileno(), check=True)
c.close()' "$address" "$1" "$tmp/data/tree"
}
# tar_fetch PORT DEST: unpacks what the tar server on ADDRESS:PORT sends into DEST, from the downloader's namespace
tar_fetch() {
  in_ns 2 python3 -c 'import socket, subprocess, sys
c = socket.create_connection((sys.argv[1], int(sys.argv[2])))
subprocess.run(["tar", "-C", sys.argv[3], "-xf", "-"], stdin=c.fileno(), check=True)' "$address" "$1" "$2"
}

# one_run TOOL PLACE: fetches the tree with TOOL (iwant, rsync, tar) into PLACE (tmpfs, disk), checks the copy and
# deletes it; prints the milliseconds it took (on disk, with sync)
one_run() {
  local tool=$1 place=$2 into=$out mode=open t0 t1 target port
  [ "$place" = disk ] && { into=$disk_out; mode=disk; }
  find "$tmp/data/tree" -type f -exec cat {} + >/dev/null   # the seeder's page cache warm for everyone
  sync
  case "$tool" in
    iwant)
      t0=$(now_ns)
      echo "$hash:$tree_bytes:dir" >&"${fetch_in[$mode]}"
      read -r line <&"${fetch_out[$mode]}" || { echo "the iwant downloader ($place) died:" >&2; cat "$tmp/$(role "$mode" fetch).err" >&2; exit 1; }
      [ "$place" = disk ] && sync
      t1=$(now_ns)
      case "$line" in iwant:*) ;; *) echo "iwant ($place) failed: $line" >&2; exit 1 ;; esac
      target=${line##*-> } ;;
    rsync)
      target="$into/rsync"
      t0=$(now_ns)
      in_ns 2 rsync -a "rsync://$address:8730/tree/" "$target/"
      [ "$place" = disk ] && sync
      t1=$(now_ns) ;;
    tar)
      target="$into/tar"; mkdir -p "$target"
      port=$((9000 + RANDOM % 1000))
      exec {srv}< <(tar_serve "$port")
      read -r _ <&"$srv"
      t0=$(now_ns)
      tar_fetch "$port" "$target"
      [ "$place" = disk ] && sync
      t1=$(now_ns)
      exec {srv}<&- ;;
  esac
  diff -r "$tmp/data/tree" "$target" >/dev/null || { echo "$tool's copy ($place) differs from the original" >&2; exit 1; }
  rm -rf "$target"
  echo $(((t1 - t0) / 1000000))
}

echo "warming up iwant..." >&2
for _ in 1 2 3; do one_run iwant tmpfs >/dev/null; one_run iwant disk >/dev/null; done
declare -A best_ms=()
loads=()
for run in $(seq "$runs"); do
  said=""
  for place in tmpfs disk; do
    for tool in iwant rsync tar; do
      ms=$(one_run "$tool" "$place")
      key="$tool-$place"
      if [ -z "${best_ms[$key]:-}" ] || [ "$ms" -lt "${best_ms[$key]}" ]; then best_ms[$key]=$ms; fi
      said+="$tool/$place $ms ms, "
    done
  done
  loads+=("$(cut -d' ' -f1 /proc/loadavg)")
  echo "run $run: ${said%, }" >&2
done

tree_mbps() { mbps "$tree_bytes" $(($1 * 1000000)); }
echo "transfer (c): a folder of $files files, $tree_bytes bytes (${tree:-a copy of /usr/share/doc}), one seeder to one"
echo "  downloader on the LAN test bed, unshaped, page cache warm, best of $runs, MB = 10^6 bytes, $(nproc) cores,"
echo "  load average during the runs: ${loads[*]}"
for place in tmpfs disk; do
  if [ "$place" = tmpfs ]; then
    echo "  into tmpfs ($out_fs):"
  else
    echo "  onto the disk ($(df --output=fstype "$disk_out" | tail -1 | tr -d ' ')), sync included for every tool:"
  fi
  for tool in iwant rsync tar; do
    ms=${best_ms[$tool-$place]}
    printf '    %-6s %6d ms  %7s MB/s\n' "$tool" "$ms" "$(tree_mbps "$ms")"
  done
  echo "    iwant / rsync: $(awk -v r="${best_ms[rsync-$place]}" -v i="${best_ms[iwant-$place]}" \
    'BEGIN { printf "%.2f", r / i }')   (target >= 0.5)"
done
