# syntax=docker/dockerfile:1
# The gateway image: docker build -t ticketing/gateway .
# Runs as uid 10001 on a read-only root filesystem (only /tmp must be writable), listens on PORT (3000).

# JDK 25 builds (for release 21) and runs it: its AOT cache, trained below, halves the start-up
# (scripts/startup-time.sh measures it; BENCHMARKS.md has the numbers).
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
# The Maven repository is a BuildKit cache, so a rebuild after a source change downloads nothing.
# Extracted without the launcher: a plain jar with its libraries beside it, as the AOT cache needs.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -pl gateway-app -am package -DskipTests \
 && cp gateway-app/target/gateway-app-*-exec.jar /gateway.jar \
 && java -Djarmode=tools -jar /gateway.jar extract --layers --destination /extracted

FROM eclipse-temurin:25-jre
# curl serves only the HEALTHCHECK: one small, well-known binary rather than a second JVM per check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 gateway \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin gateway
WORKDIR /app
# Least to most often changed, so that a code change rebuilds only the last layer.
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
# Training run: starts the gateway once (local defaults; nothing reachable is needed: its JIT
# warm-up runs against sample services inside the JVM), sends it a few requests of every kind and
# records what it loaded, linked and profiled into an AOT cache that every start then maps
# (scripts/startup-time.sh trains and measures it the same way).
COPY scripts/train-aot-cache.sh /usr/local/bin/train-aot-cache
RUN train-aot-cache /app/gateway.jar /app/gateway.aot 3000 -XX:+UseParallelGC && chmod 0444 /app/gateway.aot
USER 10001:10001
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT:-3000}/health" || exit 1
# Exec form: java is PID 1 and gets SIGTERM itself; the gateway then drains for SHUTDOWN_DRAIN_MS.
# More JVM flags go in JAVA_TOOL_OPTIONS.
# ParallelGC: in the pod's 512 MiB and 2 CPUs it sustained 2-2.5x the rate of
# G1 and of the Serial collector the JVM picks by itself there (BENCHMARKS.md, "Heap and GC").
# CICompilerCount=6: on 2 CPUs the JVM starts 2 JIT threads, which under load get a small share of
# the CPUs; up to 6 (started only while the compile queue is long) reach 90% of the steady rate
# about twice as fast after the first request (BENCHMARKS.md, "Warm-up"), for ~55 MiB more RSS
# during that time.
# TrimNativeHeapInterval=5000: the JIT's compilations free their memory into the C library's
# arenas, which keep it; trimming every 5 s gives it back (the warm-up's peak: 477 MiB against 600).
ENTRYPOINT ["java", "-XX:AOTCache=/app/gateway.aot", "-XX:MaxRAMPercentage=65", "-XX:+UseParallelGC", "-XX:CICompilerCount=6", "-XX:TrimNativeHeapInterval=5000", "-XX:+ExitOnOutOfMemoryError", \
            "--enable-native-access=ALL-UNNAMED", "-jar", "/app/gateway.jar"]
