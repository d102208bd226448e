package io.arbiter.database;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jboss.logging.Logger;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server run from the binaries that zonky publishes on Maven Central, with its
 * data in a directory that survives restarts.
 *
 * <p>Why not zonky's own {@code EmbeddedPostgres}: PostgreSQL refuses to run as root, and CI and
 * containers here run as root. This launcher drops to the {@code nobody} user with
 * {@code setpriv} when it is root, and otherwise runs the binaries directly. It also stops a
 * postmaster orphaned by a {@code kill -9} of a previous service process on the same data
 * directory before starting, so a crashed service restarts cleanly.
 *
 * <p>As {@code nobody}, the server must be able to enter every directory above its data. A checkout
 * under {@code /root} (mode 0700, the default home in most containers) is not: there the data is
 * kept under {@link #NOBODY_REACHABLE} instead, one directory per Arbiter data directory, and the log
 * says where — rather than changing the permissions of someone's home.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedPostgres.class);
    private static final int NOBODY = 65534;
    /** Where PostgreSQL's data goes when {@code nobody} cannot reach Arbiter's data directory. */
    static final Path NOBODY_REACHABLE = Path.of("/var/lib/arbiter/postgres");

    private final Path binDir;
    private final Path pgData;
    private final int port;
    private volatile boolean stopped;

    private EmbeddedPostgres(Path binDir, Path pgData, int port) {
        this.binDir = binDir;
        this.pgData = pgData;
        this.port = port;
    }

    /**
     * Starts (initialising on first use) a server whose data lives under {@code dataDir/pgdata} —
     * or, as root with {@code dataDir} where {@code nobody} cannot enter, under {@link #NOBODY_REACHABLE}.
     */
    public static EmbeddedPostgres start(Path dataDir, int port) throws IOException {
        return start(dataDir, port, NOBODY_REACHABLE);
    }

    static EmbeddedPostgres start(Path dataDir, int port, Path reachable) throws IOException {
        Path binaries = extractBinaries();
        boolean root = isRoot();
        Path pgData = pgData(dataDir, root, reachable);
        Files.createDirectories(pgData);
        if (root) {
            // The server runs as nobody: it must own pgdata (mode 0700 is checked) and be able to
            // reach it through its parent directory.
            runChecked(List.of("chown", "-R", NOBODY + ":" + NOBODY, pgData.toString()));
            runChecked(List.of("chmod", "o+x", pgData.getParent().toString()));
        }
        Files.setPosixFilePermissions(pgData, PosixFilePermissions.fromString("rwx------"));
        EmbeddedPostgres pg = new EmbeddedPostgres(binaries.resolve("bin"), pgData, port == 0 ? freePort() : port);
        if (!Files.exists(pgData.resolve("PG_VERSION"))) {
            pg.pg(List.of("initdb", "-A", "trust", "-U", "postgres", "-D", pgData.toString(), "-E", "UTF-8", "--locale=C"));
        }
        if (pg.isRunning()) {
            LOG.warnf("A postmaster from an earlier process is still running on %s; stopping it first", pgData);
            pg.pg(List.of("pg_ctl", "-D", pgData.toString(), "stop", "-m", "fast", "-w", "-t", "30"));
        }
        pg.pg(List.of("pg_ctl", "-D", pgData.toString(), "-l", pgData.resolve("postgres.log").toString(),
                "-w", "-t", "60", "-o",
                "-p " + pg.port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200"
                        // PostgreSQL's defaults (128 MB buffers, a checkpoint every 1 GB of WAL) are
                        // sized for a shared machine, not for the audit log's write rate. Without
                        // zero-filling, a new 16 MB WAL segment (one a second at that rate) is not
                        // written out inside a commit: measured, decide's p99 fell from ~40 to ~10 ms.
                        + " -c shared_buffers=512MB -c max_wal_size=4GB -c checkpoint_timeout=15min -c wal_buffers=16MB"
                        + " -c wal_init_zero=off",
                "start"));
        LOG.infof("Embedded PostgreSQL started on 127.0.0.1:%d with data in %s", pg.port, pgData);
        Runtime.getRuntime().addShutdownHook(new Thread(pg::close, "embedded-postgres-stop"));
        return pg;
    }

    /**
     * Where the server's data lives: {@code dataDir/pgdata}, unless the server runs as {@code nobody}
     * ({@code root}) and a directory above {@code dataDir} is closed to others (no o+x): then under
     * {@code reachable}, in a directory named after {@code dataDir}'s absolute path, so a restart
     * finds it again. Said in the log either way it is moved.
     */
    static Path pgData(Path dataDir, boolean root, Path reachable) throws IOException {
        Path data = dataDir.toAbsolutePath().normalize();
        Path closed = root ? closedToOthers(data.getParent()) : null;
        if (closed == null) {
            return data.resolve("pgdata");
        }
        Path moved = reachable.resolve(hash(data.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))).resolve("pgdata");
        LOG.infof("PostgreSQL runs as nobody, who cannot enter %s: its data for %s is kept in %s", closed, data, moved);
        return moved;
    }

    /** The first directory from the root down to {@code dir} that others may not enter, or null when all may be. */
    private static Path closedToOthers(Path dir) throws IOException {
        List<Path> chain = new ArrayList<>();
        for (Path p = dir; p != null; p = p.getParent()) {
            chain.add(0, p);
        }
        for (Path p : chain) {
            if (!Files.exists(p)) {
                return null; // created by Arbiter below here, with the default mode
            }
            if (!Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                return p;
            }
        }
        return null;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public int port() {
        return port;
    }

    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            pg(List.of("pg_ctl", "-D", pgData.toString(), "stop", "-m", "fast", "-w", "-t", "30"));
        } catch (IOException e) {
            LOG.warn("Could not stop embedded PostgreSQL", e);
        }
    }

    private boolean isRunning() throws IOException {
        if (!Files.exists(pgData.resolve("postmaster.pid"))) {
            return false;
        }
        return run(command(List.of("pg_ctl", "-D", pgData.toString(), "status"))).exit() == 0;
    }

    private void pg(List<String> args) throws IOException {
        runChecked(command(args));
    }

    private List<String> command(List<String> args) {
        List<String> cmd = new ArrayList<>();
        if (isRoot()) {
            cmd.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        }
        cmd.add(binDir.resolve(args.get(0)).toString());
        cmd.addAll(args.subList(1, args.size()));
        return cmd;
    }

    private static void runChecked(List<String> cmd) throws IOException {
        Result result = run(cmd);
        if (result.exit() != 0) {
            throw new IOException("Command failed with exit code " + result.exit() + ": " + String.join(" ", cmd)
                    + (result.output().isBlank() ? "" : "\n" + result.output().strip()));
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("Timed out: " + String.join(" ", cmd));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted: " + String.join(" ", cmd), e);
        }
        return new Result(p.exitValue(), output);
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (Exception e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The first 16 hex digits of the SHA-256 of {@code bytes}: a name that is the same for the same content. */
    private static String hash(byte[] bytes) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }

    /** Unpacks the bundled archive once per content hash into the temp directory, shared by every data directory. */
    private static Path extractBinaries() throws IOException {
        String os = System.getProperty("os.name").toLowerCase().contains("mac") ? "Darwin" : "Linux";
        String arch = System.getProperty("os.arch").contains("aarch64") ? "arm_64" : "x86_64";
        byte[] archive;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(os, arch)) {
            archive = in.readAllBytes();
        }
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "arbiter-postgres-" + hash(archive));
        if (Files.exists(target.resolve("bin/pg_ctl"))) {
            return target;
        }
        Path staging = Files.createTempDirectory(target.getParent(), "arbiter-postgres-staging");
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(
                new BufferedInputStream(new java.io.ByteArrayInputStream(archive))))) {
            TarArchiveEntry entry;
            List<String[]> links = new ArrayList<>();
            while ((entry = tar.getNextEntry()) != null) {
                Path out = staging.resolve(entry.getName()).normalize();
                if (!out.startsWith(staging)) {
                    throw new IOException("Archive entry escapes the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    links.add(new String[] {out.toString(), entry.getLinkName()});
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0) {
                        out.toFile().setExecutable(true);
                    }
                }
            }
            for (String[] link : links) {
                Files.deleteIfExists(Path.of(link[0]));
                Files.createSymbolicLink(Path.of(link[0]), Path.of(link[1]));
            }
        }
        // Readable and executable by the unprivileged user the server runs as.
        runChecked(List.of("chmod", "-R", "a+rX", staging.toString()));
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            if (!Files.exists(target.resolve("bin/pg_ctl"))) {
                throw raced;
            }
            runChecked(List.of("rm", "-rf", staging.toString()));
        }
        return target;
    }
}
