# syntax=docker/dockerfile:1
# Grove's container image: `docker build -t grove .` then `docker run -p 8000:8000 grove`.
#
# The base images are build arguments so that a machine without a registry can stand in its own
# (deploy/container/check-image.sh does); their defaults are the public Eclipse Temurin images.
ARG BUILD_IMAGE=eclipse-temurin:25-jdk
ARG RUNTIME_IMAGE=eclipse-temurin:25-jre

# ---- build: the Maven wrapper on a JDK 25, then the jar split into Spring Boot's layers ----
FROM ${BUILD_IMAGE} AS build
# Extra Maven arguments (Maven reads MAVEN_ARGS itself), e.g. a mirror; empty by default.
ARG MAVEN_ARGS=""
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY src/ src/
COPY models/ models/
# The cache mount keeps downloaded dependencies between builds without putting them in a layer.
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    ./mvnw -B -q -DskipTests package \
 && java -Djarmode=tools -jar target/grove-*.jar extract --layers --destination /layers \
 && mv /layers/application/grove-*.jar /layers/application/grove.jar

# ---- runtime: a JRE 25, the layers from the least to the most often changed, an AOT cache ----
FROM ${RUNTIME_IMAGE}
# A fixed numeric user, so Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
RUN groupadd --system --gid 10001 grove \
 && useradd --system --uid 10001 --gid grove --home-dir /app --no-create-home --shell /usr/sbin/nologin grove
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
COPY models/ models/
# Training run (JEP 514/515): Grove starts, loads the model, sends itself 30,000 requests of the
# mix it serves (io.grove.aot.AotTrainingRun) and exits, leaving the classes it loaded and linked,
# with their method profiles, in app.aot: profiles of served requests, not only of start-up
# (why: loadtest/REPORT.md). A wrong answer fails the build. The cache must be made by the very
# JVM and class path that run it, hence here and not in the build stage.
# --enable-native-access: ONNX Runtime loads its native library (the same flag in training and serving).
RUN java -XX:AOTCacheOutput=app.aot --enable-native-access=ALL-UNNAMED -jar grove.jar --server.port=0 \
      --grove.aot-training.requests=30000 --grove.shutdown.drain-delay=0s
USER 10001:10001
EXPOSE 8000
# Container-aware heap: a share of the container's memory limit, not of the host's. 50%, not
# the usual 75%: at a 512 MiB limit the ~220 MB outside the heap must still fit (measured under
# load, deploy/README.md: the AOT cache's ~90 MB, code, native libraries, metaspace, threads), so
# that a full heap ends in the JVM's own OutOfMemoryError, logged, rather than the kernel's silent
# OOM kill. Grove's heap in use stays near 100 MB. Die on OOM so the orchestrator restarts it.
# Add more flags with -e JAVA_TOOL_OPTIONS=...
ENTRYPOINT ["java", "-XX:AOTCache=app.aot", "--enable-native-access=ALL-UNNAMED", "-XX:MaxRAMPercentage=50", "-XX:+ExitOnOutOfMemoryError", "-jar", "grove.jar"]
# The JRE image has no curl: bash's /dev/tcp asks the liveness probe (on SERVER_PORT if set).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT:-8000} && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '\"status\":\"UP\"' <&3"]
