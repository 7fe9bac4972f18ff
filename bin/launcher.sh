# Shared by the launchers in this directory (sourced, not run).
# Usage: launch <module> <main class> "$@"
launch() {
  local module="$1" main="$2"
  shift 2
  local here root jar
  here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[1]}")")" && pwd)"
  root="$(dirname "$here")"
  jar="$root/$module/target/$module.jar"
  if [ ! -f "$jar" ]; then
    echo "$(basename "$0"): not built yet; run 'mvn -q -B -DskipTests package' in $root first" >&2
    exit 1
  fi
  # Small, steady footprint for a long-running daemon and a quick start for the CLI. An idle
  # daemon should not wake: no perf-data sampling (50 ms), no guaranteed safepoint every second,
  # idle-monitor deflation checked every 10 s instead of every 250 ms.
  local opts="${JSUPERVISOR_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xms8m -XX:MaxHeapFreeRatio=30 -XX:MinHeapFreeRatio=10 -XX:-UsePerfData -XX:+UnlockDiagnosticVMOptions -XX:GuaranteedSafepointInterval=0 -XX:AsyncDeflationInterval=10000}"
  # The build's class-data sharing archive; if the jars changed since, the JVM ignores it.
  local cds="$root/$module/target/$module.jsa"
  if [ -f "$cds" ]; then
    opts="$opts -XX:SharedArchiveFile=$cds -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"
  fi
  # shellcheck disable=SC2086
  exec java $opts -Djsupervisor.argv0="$0" -cp "$jar:$root/$module/target/lib/*" "$main" "$@"
}
