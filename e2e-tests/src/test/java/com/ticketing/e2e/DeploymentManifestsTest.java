package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files agree with the gateway they deploy: {@code deploy/*.yaml} (Kubernetes),
 * {@code compose.yaml} and the root {@code Dockerfile} are read as data and checked against the
 * gateway's own sources — the environment variables {@code application.yml} reads, the paths its
 * controllers serve, its port, drain time and the exec jar the build makes.
 */
class DeploymentManifestsTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).resolve("..").normalize();
    private static final Path APPLICATION_YML = ROOT.resolve("gateway-app/src/main/resources/application.yml");
    private static final Path GATEWAY_SOURCES = ROOT.resolve("gateway-app/src/main/java");
    private static final Path DEPLOY = ROOT.resolve("deploy");
    private static final Path COMPOSE = ROOT.resolve("compose.yaml");
    private static final Path DOCKERFILE = ROOT.resolve("Dockerfile");

    /** JVM settings the JVM itself reads; every other variable must be one the gateway reads. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");
    /** The only form a secret value may take in the repository. */
    private static final Pattern PLACEHOLDER = Pattern.compile("<[^<>]+>");
    private static final Pattern SETTING = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(SECRET|PASSWORD|TOKEN|PRIVATE).*");
    private static final Pattern MAPPING = Pattern.compile("@(?:Get|Request)Mapping\\(\"([^\"]+)\"\\)");
    private static final String GATEWAY_IMAGE = "ticketing/gateway";

    // ---- the gateway's own facts -------------------------------------------------------------

    /** Every {@code ${NAME:default}} of application.yml, by name, with its default ("" when none). */
    private static Map<String, String> gatewaySettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        Matcher m = SETTING.matcher(read(APPLICATION_YML));
        while (m.find()) {
            settings.put(m.group(1), m.group(2) == null ? "" : m.group(2));
        }
        assertThat(settings).as("settings read by application.yml").containsKeys("PORT", "JWT_SECRET");
        return settings;
    }

    private static int gatewayPort() {
        return Integer.parseInt(gatewaySettings().get("PORT"));
    }

    /** Paths the gateway's controllers map, and the Prometheus endpoint where application.yml puts it. */
    @SuppressWarnings("unchecked")
    private static Set<String> servedPaths() {
        Set<String> paths = new TreeSet<>();
        try (Stream<Path> files = Files.walk(GATEWAY_SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                Matcher m = MAPPING.matcher(read(f));
                while (m.find()) {
                    paths.add(m.group(1));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> web = (Map<String, Object>) path(yaml(APPLICATION_YML).getFirst(),
                "management", "endpoints", "web");
        String base = String.valueOf(web.get("base-path"));
        Object prometheus = ((Map<String, Object>) web.get("path-mapping")).get("prometheus");
        paths.add((base.endsWith("/") ? base : base + "/") + prometheus);
        assertThat(paths).as("paths served by the gateway").contains("/health");
        return paths;
    }

    // ---- the Kubernetes side -----------------------------------------------------------------

    private static List<Map<String, Object>> manifests() {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Path file : deployFiles()) {
            if (!file.getFileName().toString().equals("kustomization.yaml")) {
                all.addAll(yaml(file));
            }
        }
        return all;
    }

    private static Map<String, Object> manifest(String kind, String name) {
        return manifests().stream()
                .filter(d -> kind.equals(d.get("kind")) && name.equals(path(d, "metadata", "name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in deploy/"));
    }

    private static Map<String, Object> deployment() {
        return manifest("Deployment", "gateway");
    }

    private static Map<String, Object> podSpec() {
        return map(path(deployment(), "spec", "template", "spec"));
    }

    private static Map<String, Object> gatewayContainer() {
        return list(podSpec().get("containers")).stream().map(DeploymentManifestsTest::map)
                .filter(c -> "gateway".equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("the Deployment has no container named gateway"));
    }

    /** What the gateway container's environment holds: env entries and every envFrom source's keys. */
    private static Map<String, String> kubernetesEnvironment() {
        Map<String, Object> container = gatewayContainer();
        Map<String, String> env = new LinkedHashMap<>();
        for (Object from : list(container.getOrDefault("envFrom", List.of()))) {
            Map<String, Object> source = map(from);
            if (source.containsKey("configMapRef")) {
                String name = (String) map(source.get("configMapRef")).get("name");
                map(manifest("ConfigMap", name).get("data")).forEach((k, v) -> env.put(k, String.valueOf(v)));
            }
            if (source.containsKey("secretRef")) {
                String name = (String) map(source.get("secretRef")).get("name");
                map(manifest("Secret", name).get("stringData")).keySet().forEach(k -> env.put(k, "(secret)"));
            }
        }
        for (Object entry : list(container.getOrDefault("env", List.of()))) {
            Map<String, Object> e = map(entry);
            env.put((String) e.get("name"), e.containsKey("value") ? String.valueOf(e.get("value")) : "(reference)");
        }
        return env;
    }

    private static int drainMillis(Map<String, String> environment) {
        return Integer.parseInt(environment.getOrDefault("SHUTDOWN_DRAIN_MS",
                gatewaySettings().get("SHUTDOWN_DRAIN_MS")));
    }

    // ---- the compose side --------------------------------------------------------------------

    private static Map<String, Object> composeServices() {
        return map(yaml(COMPOSE).getFirst().get("services"));
    }

    /** The compose services that run the gateway image, by service name. */
    private static Map<String, Map<String, Object>> composeGateways() {
        Map<String, Map<String, Object>> gateways = new LinkedHashMap<>();
        composeServices().forEach((name, service) -> {
            if (String.valueOf(map(service).get("image")).startsWith(GATEWAY_IMAGE + ":")) {
                gateways.put(name, map(service));
            }
        });
        return gateways;
    }

    private static Map<String, String> composeEnvironment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object environment = service.getOrDefault("environment", Map.of());
        if (environment instanceof Map<?, ?> entries) {
            entries.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else {
            for (Object entry : list(environment)) {
                String[] kv = String.valueOf(entry).split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return env;
    }

    // ---- the tests ---------------------------------------------------------------------------

    @Test
    void everyVariableSetForTheGatewayIsOneTheGatewayReads() {
        Set<String> allowed = new TreeSet<>(gatewaySettings().keySet());
        allowed.addAll(JVM_VARIABLES);

        Map<String, String> kubernetes = kubernetesEnvironment();
        assertThat(kubernetes.keySet()).as("variables set by deploy/ for the gateway")
                .contains("JWT_SECRET", "JWT_REFRESH_SECRET", "REDIS_PASSWORD", "REDIS_URL", "GATEWAY_ENV")
                .allSatisfy(name -> assertThat(allowed).as("variables application.yml reads").contains(name));
        assertThat(composeGateways()).as("compose services running " + GATEWAY_IMAGE).hasSizeGreaterThanOrEqualTo(2);
        composeGateways().forEach((service, definition) ->
                assertThat(composeEnvironment(definition).keySet()).as("variables compose sets for " + service)
                        .contains("JWT_SECRET", "JWT_REFRESH_SECRET", "REDIS_URL")
                        .allSatisfy(name -> assertThat(allowed).as("variables application.yml reads").contains(name)));
    }

    @Test
    void everyServiceTargetIsSetAndKubernetesOnesNameHeadlessServicesInTheNamespace() {
        Set<String> targets = new TreeSet<>(gatewaySettings().keySet());
        targets.removeIf(name -> !name.matches("GRPC_[A-Z_]+_URL"));
        assertThat(targets).as("GRPC_*_URL settings of application.yml").isNotEmpty();
        String namespace = (String) path(deployment(), "metadata", "namespace");
        Pattern headless = Pattern.compile("dns:///[a-z0-9-]+\\." + Pattern.quote(namespace)
                + "\\.svc\\.cluster\\.local:\\d{2,5}");

        Map<String, String> kubernetes = kubernetesEnvironment();
        for (String target : targets) {
            assertThat(kubernetes).as("deploy/ sets " + target).containsKey(target);
            assertThat(kubernetes.get(target)).as(target).matches(headless);
            composeGateways().forEach((service, definition) ->
                    assertThat(composeEnvironment(definition)).as(service + " sets " + target).containsKey(target));
        }
    }

    @Test
    void probesAndScrapeAnnotationAskPathsTheGatewayServesOnItsPort() {
        Set<String> served = servedPaths();
        Map<String, Object> container = gatewayContainer();
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            Map<String, Object> httpGet = map(path(container, probe, "httpGet"));
            assertThat((String) httpGet.get("path")).as(probe + " path").isIn(served)
                    // an outage of a service or Redis must neither restart nor unlist every replica
                    .isNotEqualTo("/health/detailed");
            assertThat(containerPort(container, httpGet.get("port"))).as(probe + " port").isEqualTo(gatewayPort());
        }

        Map<String, Object> annotations = map(path(deployment(), "spec", "template", "metadata", "annotations"));
        assertThat((String) annotations.get("prometheus.io/path")).isIn(served);
        assertThat(Integer.parseInt((String) annotations.get("prometheus.io/port"))).isEqualTo(gatewayPort());
    }

    @Test
    void portsAgreeWithThePortSettingTheImageAndTheService() {
        int port = gatewayPort();
        Map<String, String> kubernetes = kubernetesEnvironment();
        assertThat(Integer.parseInt(kubernetes.getOrDefault("PORT", String.valueOf(port)))).isEqualTo(port);
        Map<String, Object> container = gatewayContainer();
        assertThat(containerPort(container, "http")).isEqualTo(port);

        Map<String, Object> service = manifest("Service", "gateway");
        Map<String, Object> servicePort = map(list(path(service, "spec", "ports")).getFirst());
        assertThat(servicePort.get("port")).isEqualTo(80);
        assertThat(containerPort(container, servicePort.get("targetPort"))).isEqualTo(port);
        assertThat(path(service, "spec", "type")).isEqualTo("ClusterIP");
        assertThat(map(path(service, "spec", "selector"))).isEqualTo(podLabelsSelectedByDeployment());

        assertThat(dockerfile().finalStage("EXPOSE")).containsExactly(String.valueOf(port));
        Matcher healthcheck = Pattern.compile("http://127\\.0\\.0\\.1:(?:\\$\\{PORT:-)?(\\d+)}?(/\\S*?)\"")
                .matcher(dockerfile().finalStage("HEALTHCHECK").getFirst());
        assertThat(healthcheck.find()).as("the image's HEALTHCHECK asks the gateway over HTTP").isTrue();
        assertThat(Integer.parseInt(healthcheck.group(1))).isEqualTo(port);
        assertThat(healthcheck.group(2)).isIn(servedPaths());

        Set<Integer> hostPorts = new TreeSet<>();
        composeGateways().forEach((name, definition) -> {
            int inside = Integer.parseInt(composeEnvironment(definition).getOrDefault("PORT", String.valueOf(port)));
            assertThat(inside).as(name + " PORT").isEqualTo(port);
            for (Object mapping : list(definition.get("ports"))) {
                String[] parts = String.valueOf(mapping).split(":");
                assertThat(Integer.parseInt(parts[parts.length - 1])).as(name + " container port").isEqualTo(port);
                hostPorts.add(Integer.parseInt(parts[parts.length - 2]));
            }
        });
        assertThat(hostPorts).containsExactly(3000, 3001);
    }

    @Test
    void secretsInTheRepositoryAreOnlyPlaceholders() {
        List<Map<String, Object>> secrets = manifests().stream().filter(d -> "Secret".equals(d.get("kind"))).toList();
        assertThat(secrets).extracting(s -> path(s, "metadata", "name"))
                .contains("gateway-secrets", "gateway-grpc-certs");
        for (Map<String, Object> secret : secrets) {
            String name = (String) path(secret, "metadata", "name");
            assertThat(map(secret.getOrDefault("data", Map.of()))).as(name + " data (base64 hides values)").isEmpty();
            assertThat(map(secret.get("stringData"))).as(name + " stringData").isNotEmpty()
                    .allSatisfy((key, value) -> assertThat(String.valueOf(value)).as(name + "." + key)
                            .matches(PLACEHOLDER));
        }
        assertThat(map(manifest("Secret", "gateway-secrets").get("stringData")))
                .containsOnlyKeys("JWT_SECRET", "JWT_REFRESH_SECRET", "REDIS_PASSWORD");
        for (Map<String, Object> doc : manifests()) {
            if ("ConfigMap".equals(doc.get("kind"))) {
                assertThat(map(doc.get("data")).keySet()).as("ConfigMap keys").noneMatch(k -> SECRET_NAME.matcher(k).matches());
            }
        }
        composeServices().forEach((service, definition) ->
                composeEnvironment(map(definition)).forEach((key, value) -> {
                    if (SECRET_NAME.matcher(key).matches()) {
                        assertThat(value).as("compose " + service + " " + key + " comes from the environment")
                                .matches("\\$\\{[A-Z_]+:\\?[^}]*}");
                    }
                }));
        Stream.concat(deployFiles().stream(), Stream.of(COMPOSE)).forEach(file ->
                assertThat(read(file)).as(file + " holds no key or certificate").doesNotContain("-----BEGIN"));
    }

    @Test
    void podRunsAsTheImagesNonRootUserOnAReadOnlyRootFilesystem() {
        Map<String, Object> pod = map(podSpec().get("securityContext"));
        assertThat(pod.get("runAsNonRoot")).isEqualTo(true);
        assertThat(path(pod, "seccompProfile", "type")).isEqualTo("RuntimeDefault");
        String user = dockerfile().finalStage("USER").getFirst();
        int uid = Integer.parseInt(user.split(":")[0]);
        assertThat(uid).as("the image's numeric USER").isPositive();
        assertThat(pod.get("runAsUser")).isEqualTo(uid);

        Map<String, Object> container = map(gatewayContainer().get("securityContext"));
        assertThat(container.get("readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(container.get("allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(list(path(container, "capabilities", "drop"))).containsExactly("ALL");

        String tmpVolume = list(gatewayContainer().get("volumeMounts")).stream().map(DeploymentManifestsTest::map)
                .filter(m -> "/tmp".equals(m.get("mountPath"))).map(m -> (String) m.get("name")).findFirst()
                .orElseThrow(() -> new AssertionError("/tmp must be writable: no volume mounted there"));
        assertThat(list(podSpec().get("volumes")).stream().map(DeploymentManifestsTest::map)
                .filter(v -> tmpVolume.equals(v.get("name")))).singleElement()
                .satisfies(v -> assertThat(v).containsKey("emptyDir"));
        assertThat(podSpec().get("automountServiceAccountToken")).isEqualTo(false);
    }

    @Test
    void shutdownGetsThePreStopPauseAndTheWholeDrainBeforeTheKill() {
        int drainSeconds = (int) Math.ceil(drainMillis(kubernetesEnvironment()) / 1000.0);
        List<Object> preStop = list(path(gatewayContainer(), "lifecycle", "preStop", "exec", "command"));
        assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
        int pauseSeconds = Integer.parseInt(String.valueOf(preStop.get(1)));
        assertThat(pauseSeconds).as("preStop pause").isBetween(1, 15);
        assertThat((Integer) podSpec().get("terminationGracePeriodSeconds"))
                .isGreaterThanOrEqualTo(pauseSeconds + drainSeconds);

        composeGateways().forEach((name, definition) -> {
            String grace = String.valueOf(definition.get("stop_grace_period"));
            assertThat(grace).as(name + " stop_grace_period").matches("\\d+s");
            assertThat(Integer.parseInt(grace.replace("s", "")))
                    .isGreaterThanOrEqualTo((int) Math.ceil(drainMillis(composeEnvironment(definition)) / 1000.0));
        });
    }

    @Test
    void threeReplicasScaleToTenOnCpuAndTwoAlwaysStay() {
        assertThat(path(deployment(), "spec", "replicas")).isEqualTo(3);
        Map<String, Object> hpa = manifest("HorizontalPodAutoscaler", "gateway");
        assertThat(path(hpa, "spec", "scaleTargetRef", "kind")).isEqualTo("Deployment");
        assertThat(path(hpa, "spec", "scaleTargetRef", "name")).isEqualTo("gateway");
        assertThat(path(hpa, "spec", "minReplicas")).isEqualTo(3);
        assertThat(path(hpa, "spec", "maxReplicas")).isEqualTo(10);
        Map<String, Object> cpu = map(list(path(hpa, "spec", "metrics")).getFirst());
        assertThat(path(cpu, "resource", "name")).isEqualTo("cpu");
        assertThat(path(cpu, "resource", "target", "averageUtilization")).isEqualTo(70);
        assertThat(path(gatewayContainer(), "resources", "requests", "cpu")).as("utilization is of the request")
                .isNotNull();

        Map<String, Object> pdb = manifest("PodDisruptionBudget", "gateway");
        assertThat(path(pdb, "spec", "minAvailable")).isEqualTo(2);
        assertThat(map(path(pdb, "spec", "selector", "matchLabels"))).isEqualTo(podLabelsSelectedByDeployment());

        Set<String> spreadKeys = new TreeSet<>();
        for (Object c : list(podSpec().get("topologySpreadConstraints"))) {
            spreadKeys.add((String) map(c).get("topologyKey"));
            assertThat(map(path(map(c), "labelSelector", "matchLabels"))).isEqualTo(podLabelsSelectedByDeployment());
        }
        assertThat(spreadKeys).containsExactly("kubernetes.io/hostname", "topology.kubernetes.io/zone");
    }

    @Test
    void kustomizationAppliesEveryManifestButTheSecretTemplates() {
        List<Object> resources = list(yaml(DEPLOY.resolve("kustomization.yaml")).getFirst().get("resources"));
        Set<String> expected = new TreeSet<>();
        for (Path file : deployFiles()) {
            String name = file.getFileName().toString();
            boolean secrets = yaml(file).stream().anyMatch(d -> "Secret".equals(d.get("kind")));
            if (!name.equals("kustomization.yaml") && !secrets) {
                expected.add(name);
            }
        }
        assertThat(new TreeSet<>(resources.stream().map(String::valueOf).toList())).isEqualTo(expected);
    }

    @Test
    void composeStartsTheGatewaysOnceRedisAndTheStubsAreHealthy() {
        Map<String, Object> services = composeServices();
        composeGateways().forEach((name, definition) -> {
            Map<String, Object> dependsOn = map(definition.get("depends_on"));
            assertThat(dependsOn).as(name + " depends_on").containsKeys("redis", "stubs");
            dependsOn.forEach((dependency, condition) -> {
                assertThat(map(condition).get("condition")).isEqualTo("service_healthy");
                Map<String, Object> service = map(services.get(dependency));
                boolean imageChecksItself = service.containsKey("build")
                        && instructionsOf(service).stream().anyMatch(i -> i.startsWith("HEALTHCHECK "));
                assertThat(service.containsKey("healthcheck") || imageChecksItself)
                        .as(dependency + " has a health check").isTrue();
            });
            assertThat(composeEnvironment(definition).get("REDIS_URL")).isEqualTo("redis://redis:6379");
        });
    }

    @Test
    void imageBuildsTheGatewayExecJarAndStartsItAsTheTestsDo() {
        Dockerfile image = dockerfile();
        String build = String.join("\n", image.stage(0, "RUN"));
        assertThat(build).contains("-pl gateway-app", "cp gateway-app/target/gateway-app-*-exec.jar /gateway.jar",
                "-Djarmode=tools -jar /gateway.jar extract --layers --destination /extracted")
                .doesNotContain("--launcher");
        List<String> entrypoint = image.entrypoint();
        assertThat(entrypoint.getFirst()).isEqualTo("java");
        assertThat(entrypoint).contains("-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED",
                        "-XX:AOTCache=/app/gateway.aot", "-XX:+UseParallelGC", "-XX:CICompilerCount=6")
                .anyMatch(a -> a.startsWith("-XX:MaxRAMPercentage="));
        assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size()))
                .as("the extracted jar, started as the tests start the exec jar").containsExactly("-jar", "/app/gateway.jar");
        assertThat(String.join("\n", image.finalStage("RUN")))
                .as("the AOT cache the entrypoint maps is trained in the image, by the same JVM")
                .contains("train-aot-cache /app/gateway.jar /app/gateway.aot 3000 -XX:+UseParallelGC");
        assertThat(image.finalStage("COPY")).contains("scripts/train-aot-cache.sh /usr/local/bin/train-aot-cache");
        assertThat(read(ROOT.resolve("scripts/train-aot-cache.sh")))
                .contains("java \"$@\" -XX:AOTCacheOutput=\"$cache\" -jar \"$jar\"");
        assertThat(image.stages().getFirst().getFirst()).startsWith("FROM eclipse-temurin:25-jdk");
        assertThat(image.stages().getLast().getFirst()).isEqualTo("FROM eclipse-temurin:25-jre");
    }

    @Test
    void imageCopiesEveryLayerOfTheBuiltJarAndStartsItsMainClass() throws IOException {
        Path jar;
        try (Stream<Path> files = Files.list(ROOT.resolve("gateway-app/target"))
                .filter(f -> f.getFileName().toString().matches("gateway-app-.*-exec\\.jar"))) {
            jar = files.findFirst().orElse(null);
        } catch (IOException e) {
            jar = null;
        }
        assumeTrue(jar != null, "gateway-app's exec jar is built by the package phase");
        List<String> layers = new ArrayList<>();
        String mainClass;
        try (JarFile file = new JarFile(jar.toFile())) {
            mainClass = file.getManifest().getMainAttributes().getValue("Main-Class");
            try (InputStream index = file.getInputStream(file.getEntry("BOOT-INF/layers.idx"))) {
                Matcher m = Pattern.compile("(?m)^- \"([^\"]+)\":").matcher(
                        new String(index.readAllBytes(), StandardCharsets.UTF_8));
                while (m.find()) {
                    layers.add(m.group(1));
                }
            }
        }
        List<String> copied = dockerfile().finalStage("COPY").stream()
                .filter(c -> c.startsWith("--from="))
                .map(c -> c.replaceAll("^--from=\\S+\\s+/extracted/([^/]+)/\\s+\\./$", "$1")).toList();
        assertThat(copied).as("layers copied, in the jar's order").isEqualTo(layers);
        assertThat(mainClass).as("the exec jar's launcher, which the extracted jar replaces")
                .isEqualTo("org.springframework.boot.loader.launch.JarLauncher");
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static Map<String, Object> podLabelsSelectedByDeployment() {
        Map<String, Object> selector = map(path(deployment(), "spec", "selector", "matchLabels"));
        assertThat(map(path(deployment(), "spec", "template", "metadata", "labels"))).containsAllEntriesOf(selector);
        return selector;
    }

    /** The containerPort a probe or Service port refers to, by name or number. */
    private static int containerPort(Map<String, Object> container, Object reference) {
        for (Object p : list(container.get("ports"))) {
            Map<String, Object> port = map(p);
            if (reference.equals(port.get("name")) || reference.equals(port.get("containerPort"))) {
                return (Integer) port.get("containerPort");
            }
        }
        throw new AssertionError("the container has no port " + reference);
    }

    private static List<Path> deployFiles() {
        try (Stream<Path> files = Files.list(DEPLOY)) {
            List<Path> yamls = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertThat(yamls).as("deploy/*.yaml").isNotEmpty();
            return yamls;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Map<String, Object>> yaml(Path file) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(read(file))) {
            if (doc != null) {
                docs.add(map(doc));
            }
        }
        return docs;
    }

    private static Object path(Map<String, Object> node, String... keys) {
        Object current = node;
        for (String key : keys) {
            assertThat(current).as("parent of " + key).isInstanceOf(Map.class);
            current = ((Map<?, ?>) current).get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node) {
        assertThat(node).isInstanceOf(List.class);
        return (List<Object>) node;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Dockerfile dockerfile() {
        return Dockerfile.read(DOCKERFILE);
    }

    private static List<String> instructionsOf(Map<String, Object> composeService) {
        Object build = composeService.get("build");
        String dockerfile = build instanceof Map<?, ?> b && b.get("dockerfile") != null
                ? String.valueOf(b.get("dockerfile")) : "Dockerfile";
        return Dockerfile.read(ROOT.resolve(dockerfile)).stages.getLast();
    }

    /** A Dockerfile as instructions ("KEYWORD arguments", continuations joined), stage by stage. */
    private record Dockerfile(List<List<String>> stages) {

        static Dockerfile read(Path file) {
            List<List<String>> stages = new ArrayList<>();
            StringBuilder pending = new StringBuilder();
            for (String line : DeploymentManifestsTest.read(file).split("\n")) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                if (trimmed.endsWith("\\")) {
                    pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                    continue;
                }
                String instruction = pending.append(trimmed).toString().replaceAll("\\s+", " ");
                pending.setLength(0);
                if (instruction.startsWith("FROM ")) {
                    stages.add(new ArrayList<>());
                }
                stages.getLast().add(instruction);
            }
            return new Dockerfile(stages);
        }

        /** The arguments of every {@code keyword} instruction of stage {@code index}. */
        List<String> stage(int index, String keyword) {
            return stages.get(index).stream().filter(i -> i.startsWith(keyword + " "))
                    .map(i -> i.substring(keyword.length() + 1)).toList();
        }

        List<String> finalStage(String keyword) {
            return stage(stages.size() - 1, keyword);
        }

        /** The final stage's exec-form ENTRYPOINT (a JSON array, which is YAML too). */
        List<String> entrypoint() {
            List<String> entrypoints = finalStage("ENTRYPOINT");
            assertThat(entrypoints).hasSize(1);
            List<String> args = new ArrayList<>();
            list(new Yaml().load(entrypoints.getFirst())).forEach(a -> args.add(String.valueOf(a)));
            return args;
        }
    }
}
