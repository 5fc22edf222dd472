# Shared setup of the benchmarks (sourced, from the project root): the packages, the release
# binary, and — for the city-scale benches — the synthetic city in var/bench-$SCALE.db with its
# key file, seeded once and shared between benches.
#   bench_binary                 builds build/release/linli; sets BIN
#   bench_city SCALE             BIN, plus the seeded database: LINLI_KEYS, DB_FILE, DB
bench_binary() {
  bash scripts/setup.sh >/dev/null
  cmake --preset release >/dev/null && cmake --build --preset release --target linli >/dev/null
  BIN=$PWD/build/release/linli
}

bench_city() {
  local scale=$1
  bench_binary
  mkdir -p var
  local keys_file=var/bench-$scale.keys
  [[ -f $keys_file ]] || { (umask 077; "$BIN" keys generate k1 >"$keys_file"); }
  export LINLI_KEYS; LINLI_KEYS=$(cat "$keys_file")
  DB_FILE=var/bench-$scale.db
  DB=sqlite:$DB_FILE
  "$BIN" --db "$DB" migrate >/dev/null
  "$BIN" --db "$DB" import divisions --city 3210 --if-missing >/dev/null
  "$BIN" --db "$DB" seed --scale "$scale" --if-missing | tail -n 1
}
