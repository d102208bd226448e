package io.arbiter.database;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Where the embedded PostgreSQL keeps its data, and that it starts from a checkout nobody else may enter. */
class EmbeddedPostgresTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void openTheTemporaryDirectory() throws Exception {
        // JUnit makes it 0700; the tests decide which directories are closed.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A checkout inside a directory like /root: mode 0700. */
    Path lockedCheckout() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        return home.resolve("arbiter/.arbiter");
    }

    @Test
    void theDataStaysInTheDataDirectoryWhenNobodyCanReachItOrTheServerDoesNotRunAsNobody() throws Exception {
        Path open = tmp.resolve("srv/arbiter/.arbiter");
        assertEquals(open.resolve("pgdata"), EmbeddedPostgres.pgData(open, true, tmp.resolve("reachable")));
        Path locked = lockedCheckout();
        assertEquals(locked.resolve("pgdata"), EmbeddedPostgres.pgData(locked, false, tmp.resolve("reachable")),
                "not root: the server runs as the same user, who can enter its own directories");
    }

    @Test
    void asRootUnderADirectoryClosedToOthersTheDataMovesToOnePlaceAndStaysThere() throws Exception {
        Path locked = lockedCheckout();
        Path moved = EmbeddedPostgres.pgData(locked, true, tmp.resolve("reachable"));
        assertTrue(moved.startsWith(tmp.resolve("reachable")), moved.toString());
        assertEquals(moved, EmbeddedPostgres.pgData(locked, true, tmp.resolve("reachable")), "a restart finds it again");
        assertNotEquals(moved, EmbeddedPostgres.pgData(tmp.resolve("home/other/.arbiter"), true, tmp.resolve("reachable")),
                "one place per data directory");
    }

    @Test
    void asRootACheckoutUnderAClosedHomeStartsAndLeavesNothingOfNobodysThere() throws Exception {
        assumeTrue(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0,
                "only root runs PostgreSQL as nobody; CI and the containers here run as root");
        Path locked = lockedCheckout();
        Path reachable = tmp.resolve("reachable");
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(locked, 0, reachable);
             Connection c = DriverManager.getConnection(pg.jdbcUrl(), "postgres", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
            assertTrue(rs.next());
        }
        try (Stream<Path> inside = Files.walk(tmp.resolve("home"))) {
            assertFalse(inside.anyMatch(p -> p.getFileName().toString().equals("pgdata")), "no pgdata left in the closed home");
        }
        try (Stream<Path> moved = Files.walk(reachable)) {
            assertTrue(moved.anyMatch(p -> p.getFileName().toString().equals("PG_VERSION")), "the data is where the log says");
        }
    }
}
