package io.arbiter.database;

import io.quarkus.runtime.ExecutionMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Supplies {@code quarkus.datasource.jdbc.url} from an embedded PostgreSQL when none is configured.
 *
 * <p>The server starts lazily, the first time Quarkus asks for the URL at run time. The source is
 * silent during the build (and static init): otherwise the build would start a server and Quarkus
 * would record its URL as a default baked into the application. One server per data directory per JVM: a test
 * suite that restarts Quarkus several times keeps talking to the same server.
 *
 * <p>Settings (all optional): {@code arbiter.embedded.data-dir} (default {@code .arbiter}),
 * {@code arbiter.embedded.port} (default 0 = a free port).
 */
public class EmbeddedDatabaseConfigSourceFactory implements ConfigSourceFactory {
    static final String URL = "quarkus.datasource.jdbc.url";
    private static final Map<Path, EmbeddedPostgres> RUNNING = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (isSet(context.getValue(URL)) || isSet(context.getValue("quarkus.datasource.reactive.url"))) {
            return List.of();
        }
        ConfigValue dir = context.getValue("arbiter.embedded.data-dir");
        ConfigValue port = context.getValue("arbiter.embedded.port");
        Path dataDir = Path.of(isSet(dir) ? dir.getValue() : ".arbiter").toAbsolutePath().normalize();
        int fixedPort = isSet(port) ? Integer.parseInt(port.getValue()) : 0;
        return List.of(new Source(dataDir, fixedPort));
    }

    @Override
    public java.util.OptionalInt getPriority() {
        return java.util.OptionalInt.of(50);
    }

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    /** The running server for a data directory, starting it on first use. */
    static EmbeddedPostgres server(Path dataDir, int port) {
        return RUNNING.computeIfAbsent(dataDir, dir -> {
            try {
                return EmbeddedPostgres.start(dir, port);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir + ": " + e.getMessage(), e);
            }
        });
    }

    private static boolean atRuntime() {
        ExecutionMode mode = ExecutionMode.current();
        return mode == ExecutionMode.RUNTIME_INIT || mode == ExecutionMode.RUNNING;
    }

    private static final class Source implements ConfigSource {
        private final Path dataDir;
        private final int port;

        Source(Path dataDir, int port) {
            this.dataDir = dataDir;
            this.port = port;
        }

        @Override
        public Set<String> getPropertyNames() {
            return atRuntime() ? Set.of(URL, "quarkus.datasource.username") : Set.of();
        }

        @Override
        public String getValue(String name) {
            if (!atRuntime()) {
                return null;
            }
            if (URL.equals(name)) {
                return server(dataDir, port).jdbcUrl();
            }
            if ("quarkus.datasource.username".equals(name)) {
                return "postgres";
            }
            return null;
        }

        @Override
        public int getOrdinal() {
            // Below application.properties (250) so any explicit setting wins.
            return 50;
        }

        @Override
        public String getName() {
            return "arbiter-embedded-postgres";
        }
    }
}
