# syntax=docker/dockerfile:1
# The gateway image: docker build -t ticketing/gateway .
# Runs as uid 10001 on a read-only root filesystem (only /tmp must be writable), listens on PORT (3000).

FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
# The Maven repository is a BuildKit cache, so a rebuild after a source change downloads nothing.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -pl gateway-app -am package -DskipTests \
 && java -Djarmode=tools -jar gateway-app/target/gateway-app-*-exec.jar \
        extract --layers --launcher --destination /extracted

FROM eclipse-temurin:21-jre
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
USER 10001:10001
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT:-3000}/health" || exit 1
# Exec form: java is PID 1 and gets SIGTERM itself; the gateway then drains for SHUTDOWN_DRAIN_MS.
# More JVM flags go in JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED", \
            "org.springframework.boot.loader.launch.JarLauncher"]
