#!/usr/bin/env bash
# A MySQL server for the engine tests, on a Debian machine without one (Debian's own archive
# ships only MariaDB): Debian unstable's mysql-server-core and the libraries it needs are
# downloaded and unpacked (not installed; nothing outside the cache folder changes) and run with
# their own dynamic loader, so the machine's older C library does not matter.
#
#   bash scripts/mysql-server.sh          # start (first run downloads ~60 MB), print MYSQL_URL
#   MYSQL_URL=mysql://root@127.0.0.1:3307/test npm test
#   bash scripts/mysql-server.sh stop
#
# Environment: MYSQL_DIR (cache folder, default ~/.cache/migration-generator/mysql), MYSQL_PORT
# (default 3307). Debian unstable moves on: the version you get is whatever it has that day
# (MySQL 9.7.4 on 2026-12-02). Not part of CI, which tests MySQL syntax on MariaDB.
set -euo pipefail
dir="${MYSQL_DIR:-$HOME/.cache/migration-generator/mysql}"
port="${MYSQL_PORT:-3307}"
root="$dir/root"
loader="$root/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"
libs="$root/usr/lib/x86_64-linux-gnu:$root/lib/x86_64-linux-gnu"
mysqld=("$loader" --library-path "$libs" "$root/usr/sbin/mysqld" --no-defaults --user="$(id -un)"
  --basedir="$root/usr" --datadir="$dir/data" --lc-messages-dir="$root/usr/share/mysql")

if [ "${1:-start}" = stop ]; then
  [ -f "$dir/mysqld.pid" ] && kill "$(cat "$dir/mysqld.pid")" && rm -f "$dir/mysqld.pid"
  exit 0
fi

if [ ! -x "$root/usr/sbin/mysqld" ]; then
  mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial" "$dir/debs" "$root"
  echo "deb http://deb.debian.org/debian sid main" > "$dir/apt/sources.list"
  apt=(-o Dir::Etc::sourcelist="$dir/apt/sources.list" -o Dir::Etc::sourceparts=/nonexistent
    -o Dir::State::Lists="$dir/apt/lists" -o Dir::Cache="$dir/apt/cache")
  apt-get "${apt[@]}" update -qq
  # The server, its client and every library they need (perl only serves scripts not used here).
  packages=$(apt-cache "${apt[@]}" depends --recurse --no-recommends --no-suggests --no-conflicts \
    --no-breaks --no-replaces --no-enhances mysql-server-core mysql-client-core \
    | grep -v '^[ <]' | grep -v perl | sort -u)
  (cd "$dir/debs" && apt-get "${apt[@]}" download $packages)
  for deb in "$dir"/debs/*.deb; do dpkg-deb -x "$deb" "$root"; done
fi

if [ ! -d "$dir/data/mysql" ]; then
  rm -rf "$dir/data"
  "${mysqld[@]}" --initialize-insecure >"$dir/init.log" 2>&1 || { cat "$dir/init.log"; exit 1; }
fi

mkdir -p "$dir/files"
"${mysqld[@]}" --port="$port" --bind-address=127.0.0.1 --socket="$dir/mysqld.sock" --mysqlx=OFF \
  --pid-file="$dir/mysqld.pid" --secure-file-priv="$dir/files" --innodb-buffer-pool-size=64M \
  --performance-schema=OFF >"$dir/mysqld.log" 2>&1 &
for _ in $(seq 1 60); do
  if mysql -h127.0.0.1 -P"$port" -uroot -e 'CREATE DATABASE IF NOT EXISTS test' 2>/dev/null; then
    echo "MYSQL_URL=mysql://root@127.0.0.1:$port/test  ($(mysql -h127.0.0.1 -P"$port" -uroot -N -e 'SELECT VERSION()'))"
    exit 0
  fi
  sleep 1
done
tail -n 20 "$dir/mysqld.log"
exit 1
