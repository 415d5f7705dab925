#!/usr/bin/env bash
# Assemble and run a single-node OpenSearch for provider search, bound to 127.0.0.1.
#
#   scripts/opensearch.sh start     assemble if needed, start, wait for cluster health yellow
#   scripts/opensearch.sh stop      stop the node this script started
#   scripts/opensearch.sh restart
#
# No OpenSearch distribution archive can be downloaded here, so the node is put together from the
# modules OpenSearch publishes on Maven Central: the server (org.opensearch:opensearch) with its
# libraries, the HTTP transport (transport-netty4) and the language analyzers (analysis-common).
# Neither the security plugin nor the other modules of the full distribution are present: the
# node is meant for 127.0.0.1 only.
#
# The assembled tree is cached in /var/cache/ohip-forward/opensearch-<version>, so a second start
# downloads nothing. Data and logs live in ${OHIP_SERVICES_DIR:-/var/lib/ohip-forward}/opensearch.
# OpenSearch refuses to run as root; the script runs it as the system user "opensearch", which it
# creates when needed.
#
# Settings (environment): OHIP_SERVICES_DIR, OHIP_OPENSEARCH_PORT (default 9200),
# OHIP_OPENSEARCH_HEAP (default 512m).
set -euo pipefail

version=2.19.6
port=${OHIP_OPENSEARCH_PORT:-9200}
heap=${OHIP_OPENSEARCH_HEAP:-512m}
home=/var/cache/ohip-forward/opensearch-$version
state_dir=${OHIP_SERVICES_DIR:-/var/lib/ohip-forward}/opensearch
pid_file=$state_dir/opensearch.pid
log_file=$state_dir/logs/console.log
run_user=opensearch
start_timeout_seconds=90

log() { printf '[opensearch] %s\n' "$*"; }

healthy() {
  curl -fsS "http://127.0.0.1:$port/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null | grep -q '"status":"\(yellow\|green\)"'
}

running_pid() {
  [ -s "$pid_file" ] || return 1
  local pid
  pid=$(cat "$pid_file")
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

install_tools() {
  local missing=()
  command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if [ ${#missing[@]} -eq 0 ]; then
    return
  fi
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# A pom whose only purpose is to let Maven resolve the server's and the modules' jars.
write_pom() {
  local dir=$1 artifacts=$2
  local dependencies=''
  for artifact in $artifacts; do
    IFS=: read -r group name artifact_version <<<"$artifact"
    dependencies+="<dependency><groupId>$group</groupId><artifactId>$name</artifactId><version>$artifact_version</version></dependency>"
  done
  cat >"$dir/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>ohip.forward</groupId><artifactId>opensearch-assembly</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>$dependencies</dependencies>
</project>
POM
}

copy_jars() {
  local into=$1 artifacts=$2 excluding=${3:-}
  local work
  work=$(mktemp -d)
  write_pom "$work" "$artifacts"
  (cd "$work" && mvn -q -B -Dstyle.color=never dependency:copy-dependencies -DoutputDirectory="$into" -DincludeScope=runtime >"$work/maven.log" 2>&1) ||
    { tail -n 20 "$work/maven.log" >&2; log "Maven could not resolve $artifacts; check that Maven Central is reachable"; rm -rf "$work"; exit 1; }
  rm -rf "$work"
  # A jar the server already has on its class path must not be loaded a second time by a module.
  if [ -n "$excluding" ]; then
    for jar in "$into"/*.jar; do
      [ -e "$excluding/$(basename "$jar")" ] && rm -f "$jar"
    done
  fi
  return 0
}

# The distribution's archive carries each module's descriptor; the Maven jars do not, so they are
# written here with the values the 2.19 distribution uses.
write_module() {
  local name=$1 classname=$2 description=$3 artifacts=$4
  local dir=$assembly/modules/$name
  mkdir -p "$dir"
  copy_jars "$dir" "$artifacts" "$assembly/lib"
  cat >"$dir/plugin-descriptor.properties" <<PROPS
description=$description
version=$version
name=$name
classname=$classname
java.version=17
opensearch.version=$version
extended.plugins=
has.native.controller=false
PROPS
}

assemble() {
  if [ -f "$home/.assembled" ]; then
    return
  fi
  install_tools
  log "assembling OpenSearch $version from Maven Central into $home"
  assembly=$home.partial
  rm -rf "$assembly"
  # bin/ stays empty: the node starts from java directly, but its security policy names the folder.
  mkdir -p "$assembly/bin" "$assembly/lib" "$assembly/config" "$assembly/plugins"

  copy_jars "$assembly/lib" "org.opensearch:opensearch:$version org.opensearch:opensearch-plugin-classloader:$version org.apache.logging.log4j:log4j-core:2.25.4"
  write_module transport-netty4 org.opensearch.transport.Netty4Plugin 'Netty 4 based transport implementation' \
    "org.opensearch.plugin:transport-netty4-client:$version"
  # Netty reads its buffers' internals reflectively and opens sockets; the distribution grants the same.
  cat >"$assembly/modules/transport-netty4/plugin-security.policy" <<'POLICY'
grant {
  permission java.lang.RuntimePermission "accessDeclaredMembers";
  permission java.lang.RuntimePermission "accessClassInPackage.sun.misc";
  permission java.lang.reflect.ReflectPermission "suppressAccessChecks";
  permission java.util.PropertyPermission "*", "read";
  permission java.net.SocketPermission "*", "accept,connect,listen,resolve";
};
POLICY
  write_module analysis-common org.opensearch.analysis.common.CommonAnalysisPlugin \
    'Adds "built in" analyzers to OpenSearch.' "org.opensearch.plugin:analysis-common:$version"

  write_config "$assembly/config"
  touch "$assembly/.assembled"
  rm -rf "$home"
  mv "$assembly" "$home"
}

write_config() {
  local config=$1
  cat >"$config/jvm.options" <<'OPTIONS'
-XX:+UseG1GC
-XX:+HeapDumpOnOutOfMemoryError
-Djava.awt.headless=true
-Dfile.encoding=UTF-8
-Djna.nosys=true
-Dio.netty.noUnsafe=true
-Dio.netty.noKeySetOptimization=true
-Dio.netty.recycler.maxCapacityPerThread=0
-Dlog4j.shutdownHookEnabled=false
-Dlog4j2.disable.jmx=true
-Djava.locale.providers=SPI,COMPAT
-Djava.security.manager=allow
OPTIONS
  cat >"$config/log4j2.properties" <<'LOG4J'
status = error
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] [%node_name]%marker %m%n
rootLogger.level = info
rootLogger.appenderRef.console.ref = console
logger.deprecation.name = org.opensearch.deprecation
logger.deprecation.level = error
LOG4J
}

# The node's own settings; they name this machine's folders, so they are written at each start.
write_node_config() {
  local config=$state_dir/config
  mkdir -p "$config"
  cp "$home/config/jvm.options" "$home/config/log4j2.properties" "$config/"
  cat >"$config/opensearch.yml" <<YAML
cluster.name: ohip-forward
node.name: ohip-forward-1
network.host: 127.0.0.1
http.port: $port
transport.port: $((port + 100))
discovery.type: single-node
path.data: $state_dir/data
path.logs: $state_dir/logs
# A single node has no replica to allocate; a full disk on a small test machine should not block writes.
cluster.routing.allocation.disk.threshold_enabled: false
action.auto_create_index: false
YAML
}

ensure_user() {
  if ! id "$run_user" >/dev/null 2>&1; then
    log "creating the system user $run_user"
    useradd --system --no-create-home --shell /usr/sbin/nologin "$run_user"
  fi
}

start() {
  if running_pid >/dev/null && healthy; then
    log "already running on http://127.0.0.1:$port"
    return
  fi
  assemble
  ensure_user
  mkdir -p "$state_dir/data" "$state_dir/logs"
  write_node_config
  chown -R "$run_user:" "$state_dir"

  if ! running_pid >/dev/null; then
    log "starting OpenSearch $version on http://127.0.0.1:$port"
    local started=$SECONDS
    local java_options
    java_options=$(grep -v '^#' "$state_dir/config/jvm.options" | tr '\n' ' ')
    # shellcheck disable=SC2086 # the options are one word each
    runuser -u "$run_user" -- env OPENSEARCH_PATH_CONF="$state_dir/config" \
      setsid java -Xms"$heap" -Xmx"$heap" $java_options \
      -Dopensearch.path.home="$home" -Dopensearch.path.conf="$state_dir/config" \
      -Dopensearch.distribution.type=tar -Dopensearch.bundled_jdk=false \
      -cp "$home/lib/*" org.opensearch.bootstrap.OpenSearch -p "$pid_file" \
      >"$log_file" 2>&1 </dev/null &
    wait_healthy "$started" $!
  else
    wait_healthy "$SECONDS" "$(running_pid)"
  fi
}

wait_healthy() {
  local started=$1 launcher=$2
  while ((SECONDS - started < start_timeout_seconds)); do
    if ! kill -0 "$launcher" 2>/dev/null && ! running_pid >/dev/null; then
      log "OpenSearch exited during start-up; see $log_file"
      tail -n 20 "$log_file" >&2 || true
      exit 1
    fi
    if healthy; then
      log "cluster health yellow or better after $((SECONDS - started)) s; OPENSEARCH_URL=http://127.0.0.1:$port"
      return
    fi
    sleep 1
  done
  log "OpenSearch did not reach cluster health yellow within $start_timeout_seconds s; see $log_file"
  tail -n 20 "$log_file" >&2 || true
  exit 1
}

stop() {
  local pid
  if ! pid=$(running_pid); then
    log "not running"
    return
  fi
  kill "$pid"
  # The node waits for running requests on shutdown, which takes over 30 s on a busy machine.
  for _ in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || { log "stopped"; rm -f "$pid_file"; return; }
    sleep 0.5
  done
  log "OpenSearch (pid $pid) did not stop within 60 s; killing it. See $log_file"
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pid_file"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  *) echo "usage: $0 start|stop|restart" >&2; exit 2 ;;
esac
