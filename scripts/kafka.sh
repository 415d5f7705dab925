#!/usr/bin/env bash
# Install and run a single-node Apache Kafka broker in KRaft mode (one process is both broker and
# controller), bound to 127.0.0.1, for the integration-event relay and its tests.
#
#   scripts/kafka.sh start     install if missing, format the storage once, start, wait until it serves requests
#   scripts/kafka.sh stop      stop the broker this script started
#   scripts/kafka.sh restart   stop, then start
#
# The broker jars come from Maven Central (org.apache.kafka:kafka_2.13 and its runtime dependencies,
# resolved by Maven) and are kept under /var/cache/ohip-forward/kafka-<version>, so only the first
# start downloads anything. Kafka 3.9.1 runs on Java 17 and is the version the relay's tests run
# against with kafkajs 2.2.4. Kafka 4 drops older protocol versions and has not been tried here.
#
# Settings (environment): OHIP_SERVICES_DIR (data and logs, default /var/lib/ohip-forward),
# OHIP_KAFKA_PORT (default 9092), OHIP_KAFKA_CONTROLLER_PORT (default 9093).
set -euo pipefail

kafka_version=3.9.1
slf4j_version=1.7.36
services_dir=${OHIP_SERVICES_DIR:-/var/lib/ohip-forward}
broker_port=${OHIP_KAFKA_PORT:-9092}
controller_port=${OHIP_KAFKA_CONTROLLER_PORT:-9093}
cache_dir=/var/cache/ohip-forward/kafka-$kafka_version
libs_dir=$cache_dir/libs
kafka_dir=$services_dir/kafka
data_dir=$kafka_dir/data
logs_dir=$kafka_dir/logs
config_file=$kafka_dir/server.properties
log4j_file=$kafka_dir/log4j.properties
pid_file=$kafka_dir/kafka.pid
console_log=$logs_dir/console.log
# A broker on two cores needs 10 to 20 seconds to start; 60 leaves room for a busy machine.
start_timeout_seconds=60

log() { printf '[kafka] %s\n' "$*"; }

install_jars() {
  if [ -f "$libs_dir/.complete" ]; then
    return
  fi
  command -v mvn >/dev/null || { log "mvn is missing; install Maven (apt-get install maven) and retry"; exit 1; }
  command -v java >/dev/null || { log "java is missing; install Java 17 (apt-get install openjdk-17-jre-headless) and retry"; exit 1; }
  log "downloading Kafka $kafka_version jars from Maven Central into $libs_dir"
  mkdir -p "$cache_dir"
  # slf4j-reload4j is the logging binding the Kafka 3.9 distribution ships. The kafka_2.13 pom
  # leaves the binding to the application, and without one the broker logs nothing.
  cat > "$cache_dir/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>ohip-forward</groupId>
  <artifactId>kafka-broker</artifactId>
  <version>$kafka_version</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_2.13</artifactId>
      <version>$kafka_version</version>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-reload4j</artifactId>
      <version>$slf4j_version</version>
    </dependency>
  </dependencies>
</project>
POM
  rm -rf "$libs_dir"
  mvn -q -B -Dstyle.color=never -f "$cache_dir/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$libs_dir"
  touch "$libs_dir/.complete"
}

write_config() {
  mkdir -p "$data_dir" "$logs_dir"
  cat > "$config_file" <<CONF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$broker_port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$broker_port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$data_dir
# The relay creates its topics with the partition count from its configuration, so a typo in a
# topic name fails instead of creating a topic that no consumer reads.
auto.create.topics.enable=false
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
# One consumer group member at a time in tests: waiting for more members only slows every join.
group.initial.rebalance.delay.ms=0
CONF
  cat > "$log4j_file" <<LOG4J
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File=$logs_dir/server.log
log4j.appender.file.MaxFileSize=20MB
log4j.appender.file.MaxBackupIndex=3
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.request.logger=WARN
LOG4J
}

run_java() {
  java -Xms64m -Xmx256m -Dlog4j.configuration="file:$log4j_file" -cp "$libs_dir/*" "$@"
}

format_storage() {
  if [ -f "$data_dir/meta.properties" ]; then
    return
  fi
  local cluster_id
  # A KRaft cluster id is 16 random bytes in URL-safe base64 without padding.
  cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
  log "formatting the KRaft storage in $data_dir (cluster $cluster_id)"
  run_java kafka.tools.StorageTool format -t "$cluster_id" -c "$config_file" >"$logs_dir/format.log" 2>&1 || {
    log "formatting the storage failed; see $logs_dir/format.log"
    exit 1
  }
}

is_running() {
  [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

broker_answers() {
  (exec 3<>"/dev/tcp/127.0.0.1/$broker_port") 2>/dev/null || return 1
  # The API versions request goes through the Kafka protocol, so it proves the broker has joined
  # its own KRaft quorum and serves requests, not only that the port is open.
  timeout 20 java -Xmx128m -Dlog4j.configuration="file:$log4j_file" -cp "$libs_dir/*" \
    kafka.admin.BrokerApiVersionsCommand --bootstrap-server "127.0.0.1:$broker_port" >/dev/null 2>&1
}

start_broker() {
  install_jars
  write_config
  format_storage

  if is_running; then
    log "Kafka already running on 127.0.0.1:$broker_port (pid $(cat "$pid_file"))"
    return
  fi

  log "starting Kafka $kafka_version on 127.0.0.1:$broker_port"
  KAFKA_LOG_DIR=$logs_dir nohup java -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true -Dlog4j.configuration="file:$log4j_file" -Dkafka.logs.dir="$logs_dir" \
    -cp "$libs_dir/*" kafka.Kafka "$config_file" >"$console_log" 2>&1 &
  echo $! > "$pid_file"

  local deadline=$((SECONDS + start_timeout_seconds))
  while [ $SECONDS -lt $deadline ]; do
    if ! is_running; then
      log "Kafka exited during start-up; see $logs_dir/server.log and $console_log"
      exit 1
    fi
    if broker_answers; then
      log "Kafka serves requests on 127.0.0.1:$broker_port"
      log "KAFKA_BROKERS=127.0.0.1:$broker_port"
      return
    fi
    sleep 1
  done
  log "Kafka did not answer on 127.0.0.1:$broker_port within ${start_timeout_seconds}s; see $logs_dir/server.log"
  exit 1
}

stop_broker() {
  if ! is_running; then
    rm -f "$pid_file"
    log "Kafka is not running"
    return
  fi
  local pid
  pid=$(cat "$pid_file")
  kill "$pid"
  # A controlled shutdown flushes the logs; after 30 seconds the broker is killed, and the next
  # start recovers its log segments.
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "Kafka (pid $pid) did not stop within 30s; killing it"
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
  log "stopped"
}

case "${1:-start}" in
  start) start_broker ;;
  stop) stop_broker ;;
  restart)
    stop_broker
    start_broker
    ;;
  *) echo "usage: $0 start|stop|restart" >&2; exit 2 ;;
esac
