#!/usr/bin/env bash
# Builds wse-bench and runs the benchmark matrix (see docs/benchmarks.md).
#   wse-bench/run-matrix.sh [--quick] [--peers=a,b] [--scenarios=x,y] [--repeats=n] [--connections=n] [--jfr=dir]
# Servers are pinned to CPU 0 and the generator to the other CPUs when the machine has
# at least 2 CPUs and taskset is available. Writes wse-bench/target/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."

connections=10000
for arg in "$@"; do
	case "$arg" in
		--quick) connections=200 ;;
	esac
done
for arg in "$@"; do
	case "$arg" in
		--connections=*) connections="${arg#--connections=}" ;;
	esac
done

# Each side holds one descriptor per connection plus the JVM's own: raise the soft limit.
needed=$((connections + 2000))
hard=$(ulimit -Hn)
if [ "$hard" != "unlimited" ] && [ "$hard" -lt "$needed" ]; then
	echo "ulimit -n hard limit is $hard, but $connections connections need at least $needed descriptors;" >&2
	echo "raise it (e.g. /etc/security/limits.conf) or pass --connections=<fewer>." >&2
	exit 1
fi
target=$needed
if [ "$hard" = "unlimited" ] || [ "$hard" -ge 65536 ]; then target=65536; else target=$hard; fi
ulimit -Sn "$target"

mvn -q -B -pl wse-bench -am -DskipTests package dependency:build-classpath \
	-Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
classpath="wse-bench/target/classes:$(cat wse-bench/target/classpath.txt)"

cpus=$(nproc --all 2>/dev/null || nproc)
pin=()
server_cpus=()
if [ "$cpus" -ge 2 ] && command -v taskset >/dev/null 2>&1; then
	pin=(taskset -c "1-$((cpus - 1))")
	server_cpus=(--server-cpus=0)
	echo "Pinning: servers on CPU 0, generator on CPUs 1-$((cpus - 1))"
else
	echo "Not pinning (CPUs: $cpus, taskset: $(command -v taskset || echo none))"
fi
exec ${pin[@]+"${pin[@]}"} java -Xms512m -Xmx2g -cp "$classpath" dev.wse.bench.Matrix ${server_cpus[@]+"${server_cpus[@]}"} "$@"
