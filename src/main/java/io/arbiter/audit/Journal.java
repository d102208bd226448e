package io.arbiter.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The local append-only journal that holds decisions while PostgreSQL is unreachable.
 *
 * <p>Segments {@code segment-<n>.jnl} of frames {@code [length][crc32][json]}. An append is
 * forced to disk before it returns, so an acknowledged decision survives {@code kill -9} and power
 * loss. A torn last frame (the process died inside an append, so that decision was never
 * answered) is ignored. Used by the audit writer's single thread only.
 */
final class Journal {
    private final Path dir;
    private final ObjectMapper json;
    private FileChannel active;
    private long activeNumber;

    Journal(Path dir, ObjectMapper json) throws IOException {
        this.dir = dir;
        this.json = json;
        Files.createDirectories(dir);
        activeNumber = segments().stream().mapToLong(Journal::number).max().orElse(0) + 1;
    }

    /** {@code arbiter.audit.journal-dir} if set, else {@code <arbiter.embedded.data-dir>/journal}. */
    static Path dir(Optional<String> configured) {
        return configured.map(Path::of).orElseGet(() -> Path.of(ConfigProvider.getConfig()
                .getOptionalValue("arbiter.embedded.data-dir", String.class).orElse(".arbiter")).resolve("journal"));
    }

    /** Appends and forces the entries to disk; on return they are durable. */
    void append(List<AuditEntry> entries) throws IOException {
        if (active == null) {
            active = FileChannel.open(dir.resolve("segment-" + activeNumber + ".jnl"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        List<ByteBuffer> frames = new ArrayList<>(entries.size());
        for (AuditEntry e : entries) {
            byte[] body = json.writeValueAsBytes(e);
            CRC32 crc = new CRC32();
            crc.update(body);
            ByteBuffer frame = ByteBuffer.allocate(8 + body.length);
            frame.putInt(body.length).putInt((int) crc.getValue()).put(body).flip();
            frames.add(frame);
        }
        for (ByteBuffer frame : frames) {
            while (frame.hasRemaining()) {
                active.write(frame);
            }
        }
        active.force(false);
    }

    /** Entries waiting to be drained (reads the segments: for metrics and health, not the hot path). */
    long backlog() throws IOException {
        long n = 0;
        for (Path p : segments()) {
            n += read(p).size();
        }
        return n;
    }

    /**
     * The oldest segment's entries, sealing the active segment first if it is the only one.
     * After they are stored, {@link #delete} the returned segment.
     */
    Segment oldest() throws IOException {
        List<Path> segments = segments();
        if (segments.isEmpty()) {
            return null;
        }
        Path oldest = segments.get(0);
        if (number(oldest) == activeNumber) {
            seal();
        }
        return new Segment(oldest, read(oldest));
    }

    void delete(Segment segment) throws IOException {
        Files.deleteIfExists(segment.path());
    }

    private void seal() throws IOException {
        if (active != null) {
            active.close();
            active = null;
        }
        activeNumber++;
    }

    private List<AuditEntry> read(Path segment) throws IOException {
        List<AuditEntry> entries = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(segment); DataInputStream in = new DataInputStream(raw)) {
            while (true) {
                int length;
                int crc;
                try {
                    length = in.readInt();
                    crc = in.readInt();
                } catch (EOFException end) {
                    break;
                }
                byte[] body = in.readNBytes(Math.max(0, length));
                CRC32 check = new CRC32();
                check.update(body);
                if (length < 0 || body.length != length || (int) check.getValue() != crc) {
                    break; // torn final frame: its append never completed, so it was never acknowledged
                }
                entries.add(json.readValue(body, AuditEntry.class));
            }
        }
        return entries;
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("segment-\\d+\\.jnl"))
                    .sorted(java.util.Comparator.comparingLong(Journal::number)).toList();
        }
    }

    private static long number(Path p) {
        String name = p.getFileName().toString();
        return Long.parseLong(name.substring("segment-".length(), name.length() - ".jnl".length()));
    }

    record Segment(Path path, List<AuditEntry> entries) {
    }
}
