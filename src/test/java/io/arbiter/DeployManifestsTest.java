package io.arbiter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hand-written deployment files (deploy/kubernetes/, deploy/compose/, src/main/docker/) agree with
 * the application's configuration: nothing here is generated from it, so this is what keeps them from
 * drifting — a renamed setting, a moved journal, a changed port or probe path fails here, not in a
 * platform team's cluster. Plain files, no cluster and no Docker (neither exists on the build machine).
 */
class DeployManifestsTest {
    private static final Path KUBERNETES = Path.of("deploy/kubernetes");
    private static final Path COMPOSE = Path.of("deploy/compose/docker-compose.yml");
    private static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.jvm");
    private static final Path PROPERTIES = Path.of("src/main/resources/application.properties");
    private static final Path SOURCES = Path.of("src/main/java");
    private static final YAMLMapper YAML = new YAMLMapper();
    /** The run-java.sh variables of the base image, documented in the Dockerfile's header. */
    private static final Pattern IMAGE_VARIABLE = Pattern.compile("^# - ([A-Z_]+):", Pattern.MULTILINE);

    @Test
    void theContainerPortIsTheConfiguredHttpPortEverywhere() throws IOException {
        String port = properties().getProperty("quarkus.http.port");
        JsonNode containerPort = arbiterContainer().at("/ports/0");
        assertEquals("http", containerPort.get("name").asText());
        assertEquals(port, containerPort.get("containerPort").asText());
        for (JsonNode service : kubernetes("Service")) {
            assertEquals("http", service.at("/spec/ports/0/targetPort").asText(), service.at("/metadata/name").asText());
        }
        assertTrue(Files.readString(DOCKERFILE).contains("\nEXPOSE " + port + "\n"), "the Dockerfile exposes " + port);
        assertEquals(port + ":" + port, compose().at("/services/arbiter/ports/0").asText());
    }

    @Test
    void probesAskTheHealthEndpointsSmallRyeHealthServesWithThisConfiguration() throws IOException {
        Properties p = properties();
        // SmallRye Health's defaults, unless application.properties moves them.
        String health = "/" + p.getProperty("quarkus.http.non-application-root-path", "q")
                + "/" + p.getProperty("quarkus.smallrye-health.root-path", "health") + "/";
        JsonNode container = arbiterContainer();
        assertProbe(container.get("readinessProbe"), health + p.getProperty("quarkus.smallrye-health.readiness-path", "ready"));
        assertProbe(container.get("livenessProbe"), health + p.getProperty("quarkus.smallrye-health.liveness-path", "live"));
        assertProbe(container.get("startupProbe"), health + p.getProperty("quarkus.smallrye-health.startup-path", "started"));
    }

    @Test
    void everyEnvironmentVariableGivenToArbiterIsASettingArbiterReads() throws IOException {
        Set<String> settings = new TreeSet<>();
        for (String property : settingsArbiterReads()) {
            settings.add(environmentName(property));
        }
        Map<String, String> given = new LinkedHashMap<>();
        configMap().get("data").fieldNames().forEachRemaining(k -> given.put(k, "ConfigMap arbiter"));
        secret().get("stringData").fieldNames().forEachRemaining(k -> given.put(k, "Secret arbiter"));
        arbiterContainer().path("env").forEach(e -> given.put(e.get("name").asText(), "the StatefulSet"));
        compose().at("/services/arbiter/environment").fieldNames().forEachRemaining(k -> given.put(k, "docker-compose.yml"));
        dockerfileEnvironment().keySet().stream().filter(k -> k.startsWith("ARBITER_") || k.startsWith("QUARKUS_"))
                .forEach(k -> given.put(k, "Dockerfile.jvm"));

        List<String> unknown = new ArrayList<>();
        Set<String> imageVariables = imageVariables();
        given.forEach((name, where) -> {
            if (!settings.contains(name) && !imageVariables.contains(name)) {
                unknown.add(name + " (" + where + ")");
            }
        });
        assertEquals(List.of(), unknown, "environment variables that name no setting Arbiter reads");
        assertTrue(given.keySet().containsAll(List.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_PASSWORD",
                "QUARKUS_OIDC_AUTH_SERVER_URL", "ARBITER_AUDIT_JOURNAL_DIR")), given.keySet().toString());
    }

    @Test
    void passwordsComeFromTheSecretAndNotFromTheConfigMap() throws IOException {
        List<String> keys = new ArrayList<>();
        configMap().get("data").fieldNames().forEachRemaining(keys::add);
        assertTrue(keys.stream().noneMatch(k -> k.contains("PASSWORD") || k.contains("SECRET")), "secrets in the ConfigMap: " + keys);
        assertTrue(secret().get("stringData").has("QUARKUS_DATASOURCE_PASSWORD"));
        List<String> sources = new ArrayList<>();
        arbiterContainer().get("envFrom").forEach(s -> sources.add(s.fieldNames().next() + "/" + s.elements().next().get("name").asText()));
        assertEquals(List.of("configMapRef/" + configMap().at("/metadata/name").asText(),
                "secretRef/" + secret().at("/metadata/name").asText()), sources);
    }

    @Test
    void theJournalIsOnEachPodsOwnClaimMountedWhereTheJournalIsConfigured() throws IOException {
        String journal = configMap().at("/data/ARBITER_AUDIT_JOURNAL_DIR").asText();
        assertFalse(journal.isEmpty(), "the ConfigMap sets the journal directory");
        JsonNode mount = null;
        for (JsonNode m : arbiterContainer().get("volumeMounts")) {
            if (m.get("mountPath").asText().equals(journal)) {
                mount = m;
            }
        }
        assertNotNull(mount, "a volume is mounted at " + journal);
        JsonNode statefulSet = kubernetes("StatefulSet").get(0);
        String volume = mount.get("name").asText();
        for (JsonNode podVolume : statefulSet.at("/spec/template/spec/volumes")) {
            assertFalse(podVolume.get("name").asText().equals(volume), "the journal on a pod-scoped volume, lost with its pod: " + podVolume);
        }
        JsonNode claim = statefulSet.at("/spec/volumeClaimTemplates/0");
        assertEquals(volume, claim.at("/metadata/name").asText());
        assertEquals("ReadWriteOnce", claim.at("/spec/accessModes/0").asText());
        assertEquals("Retain", statefulSet.at("/spec/persistentVolumeClaimRetentionPolicy/whenScaled").asText());
        assertEquals("Retain", statefulSet.at("/spec/persistentVolumeClaimRetentionPolicy/whenDeleted").asText());

        JsonNode arbiter = compose().at("/services/arbiter");
        assertEquals(journal, arbiter.at("/environment/ARBITER_AUDIT_JOURNAL_DIR").asText());
        assertEquals("arbiter-journal:" + journal, arbiter.at("/volumes/0").asText());
        assertTrue(compose().at("/volumes").has("arbiter-journal"), "a named volume, kept across `up`/`down`");

        Map<String, String> image = dockerfileEnvironment();
        assertEquals(journal, image.get("ARBITER_AUDIT_JOURNAL_DIR"));
        assertTrue(journal.startsWith(image.get("ARBITER_EMBEDDED_DATA_DIR") + "/"), "the image's one state directory holds the journal");
        assertTrue(Files.readString(DOCKERFILE).contains("VOLUME " + image.get("ARBITER_EMBEDDED_DATA_DIR") + "\n"));
    }

    @Test
    void replicasAreSeveralAndVoluntaryDisruptionsTakeOneAtATime() throws IOException {
        JsonNode statefulSet = kubernetes("StatefulSet").get(0);
        assertTrue(statefulSet.at("/spec/replicas").asInt() >= 3, "replicas: " + statefulSet.at("/spec/replicas"));
        JsonNode pdb = kubernetes("PodDisruptionBudget").get(0);
        assertEquals(1, pdb.at("/spec/maxUnavailable").asInt());
        JsonNode resources = arbiterContainer().get("resources");
        for (String field : List.of("/requests/cpu", "/requests/memory", "/limits/memory")) {
            assertFalse(resources.at(field).asText().isEmpty(), "resources" + field);
        }
    }

    @Test
    void everySelectorFindsArbitersPods() throws IOException {
        JsonNode statefulSet = kubernetes("StatefulSet").get(0);
        JsonNode labels = statefulSet.at("/spec/template/metadata/labels");
        assertEquals(labels, statefulSet.at("/spec/selector/matchLabels"));
        assertEquals(labels, kubernetes("PodDisruptionBudget").get(0).at("/spec/selector/matchLabels"));
        for (JsonNode service : kubernetes("Service")) {
            assertEquals(labels, service.at("/spec/selector"), service.at("/metadata/name").asText());
        }
        List<String> services = new ArrayList<>();
        kubernetes("Service").forEach(s -> services.add(s.at("/metadata/name").asText()));
        assertTrue(services.contains(statefulSet.at("/spec/serviceName").asText()), "the governing service ships: " + services);
    }

    @Test
    void theKustomizationAppliesEveryManifestButTheExampleSecret() throws IOException {
        Set<String> listed = new TreeSet<>();
        yaml(KUBERNETES.resolve("kustomization.yaml")).get(0).get("resources").forEach(r -> listed.add(r.asText()));
        Set<String> files = new TreeSet<>();
        try (Stream<Path> all = Files.list(KUBERNETES)) {
            all.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml"))
                    .filter(f -> !f.equals("kustomization.yaml") && !f.equals("secret.example.yaml")).forEach(files::add);
        }
        assertEquals(files, listed);
        assertEquals(yaml(KUBERNETES.resolve("kustomization.yaml")).get(0).at("/images/0/name").asText(),
                arbiterContainer().get("image").asText());
    }

    @Test
    void composeConnectsArbiterToItsPostgresAndToKeycloakWithTheRealmThatShips() throws IOException {
        JsonNode services = compose().get("services");
        JsonNode arbiter = services.get("arbiter").get("environment");
        JsonNode postgres = services.get("postgres").get("environment");
        assertEquals("jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB").asText(),
                arbiter.get("QUARKUS_DATASOURCE_JDBC_URL").asText());
        assertEquals(postgres.get("POSTGRES_USER"), arbiter.get("QUARKUS_DATASOURCE_USERNAME"));
        assertEquals(postgres.get("POSTGRES_PASSWORD"), arbiter.get("QUARKUS_DATASOURCE_PASSWORD"));

        String[] mount = services.at("/keycloak/volumes/0").asText().split(":");
        Path realmFile = COMPOSE.getParent().resolve(mount[0]).normalize();
        assertEquals(Path.of("deploy/keycloak/arbiter-realm.json"), realmFile);
        assertTrue(mount[1].startsWith("/opt/keycloak/data/import/"), "imported at start: " + mount[1]);
        assertTrue(services.at("/keycloak/command").toString().contains("--import-realm"));
        JsonNode realm = new ObjectMapper().readTree(realmFile.toFile());

        // The service reaches Keycloak inside the network; browsers reach it on the published port.
        String keycloakPort = services.at("/keycloak/ports/0").asText().split(":")[0];
        String realmPath = "/realms/" + realm.get("realm").asText();
        assertEquals("http://keycloak:8080" + realmPath, arbiter.get("QUARKUS_OIDC_AUTH_SERVER_URL").asText());
        assertEquals("http://localhost:" + keycloakPort + realmPath, arbiter.get("ARBITER_ADMIN_UI_AUTH_SERVER_URL").asText());
        assertEquals("http://localhost:" + keycloakPort, services.at("/keycloak/environment/KC_HOSTNAME").asText());
        assertEquals(realmPath, URI.create(configMap().at("/data/QUARKUS_OIDC_AUTH_SERVER_URL").asText()).getPath(),
                "the ConfigMap names the realm that ships");

        // The admin UI's client lets browsers back to the published Arbiter port.
        String arbiterPort = services.at("/arbiter/ports/0").asText().split(":")[0];
        List<String> redirects = new ArrayList<>();
        for (JsonNode client : realm.get("clients")) {
            if (client.get("clientId").asText().equals("arbiter-admin-ui")) {
                client.get("redirectUris").forEach(u -> redirects.add(u.asText()));
            }
        }
        assertTrue(redirects.contains("http://localhost:" + arbiterPort + "/*"), redirects.toString());
        for (String dependency : List.of("postgres", "keycloak")) {
            assertEquals("service_healthy", services.at("/arbiter/depends_on/" + dependency + "/condition").asText());
            assertFalse(services.at("/" + dependency + "/healthcheck/test").isMissingNode(), dependency + " has a healthcheck");
        }
        assertEquals(DOCKERFILE.toString(), services.at("/arbiter/build/dockerfile").asText());
        assertEquals(Path.of(""), COMPOSE.getParent().resolve(services.at("/arbiter/build/context").asText()).normalize());
    }

    private static void assertProbe(JsonNode probe, String path) {
        assertNotNull(probe, "a probe for " + path);
        assertEquals(path, probe.at("/httpGet/path").asText());
        assertEquals("http", probe.at("/httpGet/port").asText());
    }

    /**
     * Every setting Arbiter reads: the keys of application.properties, the properties of its
     * {@code @ConfigMapping} interfaces, and the names its code reads directly (the datasource and
     * OIDC server settings).
     */
    private static Set<String> settingsArbiterReads() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String key : properties().stringPropertyNames()) {
            names.add(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key);
        }
        Pattern mapping = Pattern.compile("@ConfigMapping\\(prefix = \"[^\"]+\"\\)\\s+public interface (\\w+)");
        Pattern read = Pattern.compile("(?:getValue|getOptionalValue)\\(\"([^\"]+)\"|@ConfigProperty\\(name = \"([^\"]+)\"");
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                Matcher m = mapping.matcher(text);
                if (m.find()) {
                    String className = SOURCES.relativize(f).toString().replace('/', '.').replaceAll("\\.java$", "");
                    Class<?> type = classNamed(className);
                    mappedProperties(type.getAnnotation(ConfigMapping.class).prefix(), type, names);
                }
                Matcher r = read.matcher(text);
                while (r.find()) {
                    names.add(r.group(1) != null ? r.group(1) : r.group(2));
                }
            }
        }
        return names;
    }

    /** SmallRye Config's naming: a method {@code journalDir()} is {@code journal-dir}; groups nest. */
    private static void mappedProperties(String prefix, Class<?> type, Set<String> names) {
        for (Method method : type.getMethods()) {
            if (method.getParameterCount() > 0 || method.isDefault() || Map.class.isAssignableFrom(method.getReturnType())) {
                continue; // maps (declared signals by name) have no fixed names
            }
            String name = method.isAnnotationPresent(WithParentName.class) ? prefix
                    : prefix + "." + (method.isAnnotationPresent(WithName.class) ? method.getAnnotation(WithName.class).value()
                    : method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT));
            Class<?> group = groupType(method.getGenericReturnType());
            if (group != null) {
                mappedProperties(name, group, names);
            } else {
                names.add(name);
            }
        }
    }

    /** The interface of a nested group ({@code TokenCache}, {@code Optional<KafkaLag>}), else null. */
    private static Class<?> groupType(Type type) {
        if (type instanceof ParameterizedType p && p.getRawType() == java.util.Optional.class) {
            type = p.getActualTypeArguments()[0];
        }
        return type instanceof Class<?> c && c.isInterface() && c.getName().startsWith("io.arbiter.") ? c : null;
    }

    /** Quarkus' environment-variable form of a property: every non-alphanumeric character '_', upper case. */
    private static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static Class<?> classNamed(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Properties properties() throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(PROPERTIES)) {
            p.load(in);
        }
        return p;
    }

    private static Map<String, String> dockerfileEnvironment() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        Matcher m = Pattern.compile("^ENV (\\w+)=(\"[^\"]*\"|'[^']*'|\\S+)$", Pattern.MULTILINE).matcher(Files.readString(DOCKERFILE));
        while (m.find()) {
            env.put(m.group(1), m.group(2).replaceAll("^[\"']|[\"']$", ""));
        }
        return env;
    }

    private static Set<String> imageVariables() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = IMAGE_VARIABLE.matcher(Files.readString(DOCKERFILE));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static JsonNode arbiterContainer() throws IOException {
        for (JsonNode c : kubernetes("StatefulSet").get(0).at("/spec/template/spec/containers")) {
            if (c.get("name").asText().equals("arbiter")) {
                return c;
            }
        }
        throw new AssertionError("no container named arbiter in the StatefulSet");
    }

    private static JsonNode configMap() throws IOException {
        return kubernetes("ConfigMap").get(0);
    }

    private static JsonNode secret() throws IOException {
        return yaml(KUBERNETES.resolve("secret.example.yaml")).get(0);
    }

    private static JsonNode compose() throws IOException {
        return yaml(COMPOSE).get(0);
    }

    /** The documents of that kind in the manifests kustomization.yaml applies. */
    private static List<JsonNode> kubernetes(String kind) throws IOException {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode resource : yaml(KUBERNETES.resolve("kustomization.yaml")).get(0).get("resources")) {
            for (JsonNode doc : yaml(KUBERNETES.resolve(resource.asText()))) {
                if (doc.path("kind").asText().equals(kind)) {
                    found.add(doc);
                }
            }
        }
        assertFalse(found.isEmpty(), "no " + kind + " in " + KUBERNETES);
        return found;
    }

    private static List<JsonNode> yaml(Path file) {
        try {
            return YAML.readValues(YAML.createParser(file.toFile()), JsonNode.class).readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is not YAML", e);
        }
    }
}
