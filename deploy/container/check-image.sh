#!/usr/bin/env bash
# Builds the repository's Dockerfile with podman, runs the image and checks it as a user would:
# /predict, both health probes, the image's HEALTHCHECK, a non-root process, a graceful stop.
# Removes the container and the image it made; keeps, as caches for the next run, the Debian
# root file system under $GROVE_TEST_CACHE, the stand-in base images and Maven's cache mount.
#
# No registry for container images is reachable here, so the public Temurin base images are
# replaced by local stand-ins (Debian minbase + the machine's Temurin 25, as a JDK and as a
# jlink-ed JRE) passed through the Dockerfile's BUILD_IMAGE and RUNTIME_IMAGE arguments: the
# Dockerfile itself is built unchanged. Prints "check-image: PASS" last when everything holds.
#
# Environment: GROVE_TEST_CACHE (default /var/cache/grove-test), JAVA25_HOME (default the
# machine's Temurin 25), GROVE_CHECK_PORT (default a free port), GROVE_CHECK_CPU_HOG (default 0:
# that many busy loops run beside the image build, as another job on a shared builder would, so
# that the build's AOT training run meets admission control's 503s and must ride them out).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/deploy/container"
cache=${GROVE_TEST_CACHE:-/var/cache/grove-test}
jdk=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
rootfs_image=localhost/grove-stand-in/debian:bookworm-minbase
jdk_image=localhost/grove-stand-in/temurin:25-jdk
jre_image=localhost/grove-stand-in/temurin:25-jre
run_id="grove-check-$$"
image="localhost/$run_id:latest"
work=$(mktemp -d)
hogs=()

log() { echo "check-image: $*"; }
fail() { echo "check-image: FAIL: $*" >&2; exit 1; }

cleanup() {
  for hog in "${hogs[@]}"; do kill "$hog" 2>/dev/null || true; done
  podman rm -f --time 0 "$run_id" >/dev/null 2>&1 || true
  podman rmi -f "$image" >/dev/null 2>&1 || true
  # Unnamed stage images this build left behind.
  podman image prune -f --filter "label=io.grove.check=$run_id" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# ---- tools ----
missing=()
for p in podman buildah debootstrap runc uidmap; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || fail "missing packages ${missing[*]}; run as root or install them"
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ -x "$jdk/bin/java" ] || fail "no JDK 25 at $jdk (set JAVA25_HOME)"

# Podman for this machine kind (cgroup v1, no systemd, a capped process limit), set for this
# script only: the machine's own configuration is left alone.
cat >"$work/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=4096:4096"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
export CONTAINERS_CONF="$work/containers.conf"

# ---- stand-in base images (cached) ----
if ! podman image exists "$rootfs_image"; then
  tarball="$cache/bookworm-minbase.tar.gz"
  if [ ! -s "$tarball" ]; then
    log "debootstrap bookworm minbase (cached in $cache)"
    mkdir -p "$cache"
    rm -rf "$cache/rootfs.tmp"
    # The machine's own Debian mirror, as apt is configured.
    mirror=$(awk '/^URIs:/ && !/security/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
    [ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
    [ -n "$mirror" ] || fail "no Debian mirror found in apt's sources"
    debootstrap --variant=minbase bookworm "$cache/rootfs.tmp" "$mirror" >"$work/debootstrap.log" 2>&1 \
      || { tail -20 "$work/debootstrap.log" >&2; fail "debootstrap failed"; }
    rm -rf "$cache"/rootfs.tmp/var/cache/apt/archives/*.deb "$cache"/rootfs.tmp/var/lib/apt/lists/*
    tar -C "$cache/rootfs.tmp" --numeric-owner -czf "$tarball.part" .
    mv "$tarball.part" "$tarball"
    rm -rf "$cache/rootfs.tmp"
  fi
  podman import --quiet "$tarball" "$rootfs_image" >/dev/null
fi
stand_in() { # image, directory holding java/
  # Debian's Temurin links cacerts to /etc/ssl/certs, which the stand-in lacks: copy the store.
  cp --remove-destination -L "$jdk/lib/security/cacerts" "$2/java/lib/security/cacerts"
  podman build --quiet --network none -f "$here/stand-in.Containerfile" \
    --build-arg ROOTFS_IMAGE="$rootfs_image" -t "$1" "$2" >/dev/null
}
if ! podman image exists "$jdk_image"; then
  log "making the JDK stand-in $jdk_image"
  mkdir -p "$work/jdk" && cp -a "$jdk" "$work/jdk/java"
  stand_in "$jdk_image" "$work/jdk"
fi
if ! podman image exists "$jre_image"; then
  log "making the JRE stand-in $jre_image (jlink)"
  mkdir -p "$work/jre"
  # The modules of a Temurin JRE that a server uses, with a default CDS archive like Temurin's.
  "$jdk/bin/jlink" --add-modules java.se,jdk.unsupported,jdk.management,jdk.management.agent,jdk.jfr,jdk.zipfs,jdk.naming.dns,jdk.crypto.cryptoki,jdk.charsets,jdk.localedata,jdk.net,jdk.httpserver,jdk.security.auth,jdk.security.jgss \
    --strip-debug --no-man-pages --no-header-files --generate-cds-archive --output "$work/jre/java" >/dev/null
  stand_in "$jre_image" "$work/jre"
fi

# ---- build the repository's Dockerfile ----
# The host's Maven repository is offered read-only as a second ("tail") local repository so the
# build downloads only what this machine has never fetched; the Dockerfile does not need it.
m2_args=()
if [ -d "$HOME/.m2/repository" ]; then
  m2_args=(-v "$HOME/.m2/repository:/host-m2:ro"
           --build-arg "MAVEN_ARGS=-Dmaven.repo.local.tail=/host-m2 -Dmaven.repo.local.tail.ignoreAvailability=true")
fi
for _ in $(seq 1 "${GROVE_CHECK_CPU_HOG:-0}"); do
  bash -c 'while :; do :; done' &
  hogs+=($!)
done
[ ${#hogs[@]} -eq 0 ] || log "CPU hog: ${#hogs[@]} busy loops beside the build"
log "building $image from $root/Dockerfile"
build_start=$(date +%s)
# Docker format: the OCI format has no HEALTHCHECK.
podman build --format docker --network host --layers=false --label "io.grove.check=$run_id" \
  --build-arg BUILD_IMAGE="$jdk_image" --build-arg RUNTIME_IMAGE="$jre_image" "${m2_args[@]}" \
  -t "$image" -f "$root/Dockerfile" "$root" >"$work/build.log" 2>&1 \
  || { tail -40 "$work/build.log" >&2; fail "podman build failed"; }
log "built in $(( $(date +%s) - build_start )) s"
for hog in "${hogs[@]}"; do kill "$hog" 2>/dev/null || true; done
hogs=()
# The Dockerfile trains the AOT cache on requests Grove serves itself; the run logs its count.
training=$(grep -o 'AOT training run: [0-9]* requests answered as expected in [0-9]* ms' "$work/build.log" | head -1)
[ -n "$training" ] || { tail -40 "$work/build.log" >&2; fail "the build's AOT training run did not report success"; }
log "$training"
size_bytes=$(podman image inspect --format '{{.Size}}' "$image")
log "image size: $(( size_bytes / 1000000 )) MB"

config_user=$(podman image inspect --format '{{.Config.User}}' "$image")
[ -n "$config_user" ] && [ "${config_user%%:*}" != "0" ] && [ "${config_user%%:*}" != "root" ] \
  || fail "the image's USER is '$config_user', expected a non-root user"
podman image inspect --format '{{.Config.ExposedPorts}}' "$image" | grep -q '8000/tcp' \
  || fail "the image does not EXPOSE 8000"

# The AOT cache: -XX:AOTMode=on makes the JVM refuse to start when it cannot use the cache.
# Start-up to a refreshed context (model loaded and warmed up), with and without the cache,
# side by side under the same memory limit.
startup_ms() { # extra JVM options
  local start
  start=$(date +%s%3N)
  podman run --rm --network none --no-healthcheck --memory 512m \
    -e "JAVA_TOOL_OPTIONS=$1 -Dspring.context.exit=onRefresh" "$image" >"$work/startup.log" 2>&1 \
    || { tail -20 "$work/startup.log" >&2; fail "the image did not start with $1"; }
  echo $(( $(date +%s%3N) - start ))
}
with_aot=$(startup_ms -XX:AOTMode=on)
without_aot=$(startup_ms -XX:AOTMode=off)
log "start-up to context refreshed: ${with_aot} ms with the AOT cache, ${without_aot} ms without" \
  "(without/with = $(( without_aot * 100 / with_aot ))%)"

# ---- run it ----
port=${GROVE_CHECK_PORT:-}
if [ -z "$port" ]; then
  for _ in $(seq 50); do
    candidate=$(( 20000 + RANDOM % 20000 ))
    ss -Hltn "sport = :$candidate" | grep -q . || { port=$candidate; break; }
  done
fi
[ -n "$port" ] || fail "no free port"
base="http://127.0.0.1:$port"
log "running $run_id on $base"
run_start=$(date +%s%3N)
# Podman schedules HEALTHCHECKs with systemd timers, which this machine lacks: it is run by hand
# below instead.
podman run -d --name "$run_id" --memory 512m --health-interval disable -p "127.0.0.1:$port:8000" "$image" >/dev/null 2>"$work/run.err" \
  || { cat "$work/run.err" >&2; fail "podman run failed"; }
ready=""
for _ in $(seq 240); do
  if curl -fsS -o /dev/null "$base/actuator/health/readiness" 2>/dev/null; then ready=yes; break; fi
  [ "$(podman inspect --format '{{.State.Running}}' "$run_id")" = true ] \
    || { podman logs "$run_id" | tail -30 >&2; fail "the container exited"; }
  sleep 0.25
done
[ -n "$ready" ] || { podman logs "$run_id" | tail -30 >&2; fail "not ready within 60 s"; }
ready_ms=$(( $(date +%s%3N) - run_start ))
log "ready after $(( ready_ms / 1000 )).$(printf %03d $(( ready_ms % 1000 ))) s (podman run to readiness UP)"
started=$(podman logs "$run_id" 2>&1 | grep -o 'Started [A-Za-z]* in [0-9.]* seconds[^"]*' | head -1 || true)
log "spring: ${started:-no start-up line}"
if podman logs "$run_id" 2>&1 | grep -Ei '\[(warning|error)\]\[(aot|cds)' ; then
  fail "the JVM could not use the AOT cache"
fi

# ---- what a user and an orchestrator see ----
expect() { # name, expected status, curl args...
  local name=$1 want=$2; shift 2
  local got
  got=$(curl -sS -o "$work/body" -w '%{http_code}' "$@")
  [ "$got" = "$want" ] || fail "$name: HTTP $got, expected $want: $(head -c 300 "$work/body")"
  log "$name: HTTP $got $(head -c 200 "$work/body")"
}
expect liveness 200 "$base/actuator/health/liveness"
grep -q '"status":"UP"' "$work/body" || fail "liveness is not UP"
expect readiness 200 "$base/actuator/health/readiness"
grep -q '"status":"UP"' "$work/body" || fail "readiness is not UP"
expect predict 200 -H 'Content-Type: application/json' \
  -d '{"features":[5.1,3.5,1.4,0.2]}' "$base/predict"
grep -q 'setosa' "$work/body" || fail "/predict did not answer setosa for a setosa"
expect predict-invalid 422 -H 'Content-Type: application/json' -d '{"features":[-1,2,3,4]}' "$base/predict"

podman healthcheck run "$run_id" >/dev/null || fail "the image's HEALTHCHECK reports unhealthy"
log "healthcheck: healthy"

uid=$(podman exec "$run_id" awk '/^Uid:/ {print $2}' /proc/1/status)
[ "$uid" != "0" ] || fail "the Java process runs as root"
log "process uid: $uid"
podman stats --no-stream --format '{{.MemUsage}}' "$run_id" 2>/dev/null | sed 's/^/check-image: memory: /' || true

podman stop --time 30 "$run_id" >/dev/null 2>&1
podman logs "$run_id" 2>&1 | grep -q 'Graceful shutdown complete' || fail "no graceful shutdown on SIGTERM"
log "graceful shutdown: complete"
log "PASS"
