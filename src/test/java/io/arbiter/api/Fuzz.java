package io.arbiter.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What the seeded fuzz tests share: the seed ({@code -Dfuzz.seed=N}, else a fresh one, named in
 * every failure with the command that repeats the run), a scale for how many cases run
 * ({@code -Dfuzz.scale=4} runs four times as many), text generators — valid text the audit log must
 * keep exactly, and the bad text and bytes the boundary must refuse — and a plain HTTP client that
 * sends bytes exactly as given.
 */
final class Fuzz {
    /** Bytes that are not UTF-8, each of a kind the boundary must name: overlong, CESU-8, never-used, truncated, stray. */
    static final List<byte[]> BAD_BYTES = List.of(hex("c080"), hex("c1bf"), hex("e080af"), hex("f0808080"), hex("eda080"),
            hex("edb080"), hex("eda080edb080"), hex("f5808080"), hex("f8"), hex("fe"), hex("ff"), hex("f4908080"), hex("e282"),
            hex("80"), hex("bf"), hex("c3"), hex("f09f98"));
    /** JSON escapes that decode to text the audit log cannot keep. */
    static final List<String> BAD_ESCAPES = List.of("\\u0000", "\\ud800", "\\udbff", "\\udc00", "\\udfff", "\\udc00\\ud800",
            "\\ud800\\u0041", "a\\u0000b");
    /** Instants the database cannot hold, or that are no instants. */
    static final List<String> BAD_INSTANTS = List.of("+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
            "+10000-01-01T00:00:00Z", "0000-12-31T23:59:59Z", "-0001-01-01T00:00:00Z", "+1000000000-12-31T23:59:59.999999999Z",
            "2026-02-30T00:00:00Z", "2026-11-22T25:00:00Z", "2026-11-22", "yesterday", "", " ", "1700000000",
            "2026-11-22T10:00:00+25:00", "2026-11-22T10:00:00.1234567890Z", "\u0000");

    final long seed;
    final Random random;
    final int scale;

    Fuzz(String test) {
        String given = System.getProperty("fuzz.seed");
        if (given == null || given.isBlank()) {
            // Quarkus instantiates a test class in two class loaders: one fresh seed per test class and run, not per instance.
            String key = "fuzz.generated-seed." + test;
            synchronized (System.class) {
                given = System.getProperty(key);
                if (given == null) {
                    given = String.valueOf(new SecureRandom().nextLong());
                    System.setProperty(key, given);
                }
            }
        }
        this.seed = Long.parseLong(given.strip());
        this.random = new Random(seed);
        String s = System.getProperty("fuzz.scale");
        this.scale = s == null || s.isBlank() ? 1 : Math.max(1, Integer.parseInt(s.strip()));
        System.out.printf("%s: fuzz.seed=%d fuzz.scale=%d%n", test, seed, scale);
        this.rerun = "fuzz.seed=" + seed + " (repeat: ./mvnw -B test -Dtest=" + test + " -Dfuzz.seed=" + seed
                + (scale == 1 ? "" : " -Dfuzz.scale=" + scale) + ")";
    }

    /** Says how to repeat this run; part of every failure message. */
    final String rerun;

    int cases(int base) {
        return base * scale;
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    int between(int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    // ---- valid text -------------------------------------------------------------------------

    /** Code points the audit log must keep exactly: ASCII, Latin, CJK, RTL, combining marks, astral, noncharacters, controls. */
    private static final int[][] VALID_RANGES = {
            {0x20, 0x7E}, {0x01, 0x1F}, {0x7F, 0x9F}, {0xA0, 0x24F}, {0x300, 0x36F}, {0x590, 0x6FF}, {0x2028, 0x2029},
            {0x4E00, 0x4FFF}, {0xFFF0, 0xFFFD}, {0xFFFE, 0xFFFF}, {0x1F600, 0x1F64F}, {0x10000, 0x1007F}, {0x10FFF0, 0x10FFFF},
            {0xFEFF, 0xFEFF}};

    /** A valid Unicode string of {@code min}..{@code max} code points, without NUL. */
    String validText(int min, int max) {
        int n = between(min, max);
        StringBuilder sb = new StringBuilder(n);
        boolean plain = chance(0.5); // half of all values are ordinary identifiers
        for (int i = 0; i < n; i++) {
            if (plain) {
                sb.append("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:".charAt(random.nextInt(66)));
            } else {
                int[] range = pick(List.of(VALID_RANGES));
                sb.appendCodePoint(between(range[0], range[1]));
            }
        }
        return sb.toString();
    }

    /**
     * {@code s} as a JSON string literal, each character written one of the ways JSON allows
     * (raw, or as a {@code \\uXXXX} escape; surrogate pairs as two escapes): the same text in
     * different bytes.
     */
    String json(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(cp -> {
            if (cp == '"' || cp == '\\') {
                sb.append('\\').appendCodePoint(cp);
            } else if (cp < 0x20 || chance(0.05)) {
                for (char c : Character.toChars(cp)) {
                    sb.append(String.format("\\u%04x", (int) c));
                }
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.append('"').toString();
    }

    /** An instant in range, written in one of the forms {@code Instant.parse} reads. */
    String validInstant() {
        long seconds = chance(0.1) ? pick(List.of(Instants.EARLIEST.getEpochSecond(), Instants.LATEST.getEpochSecond()))
                : 1_600_000_000L + random.nextInt(400_000_000);
        int nanos = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
        };
        Instant instant = Instant.ofEpochSecond(seconds, nanos);
        if (chance(0.7) || seconds >= Instants.LATEST.getEpochSecond() - 86_400 || seconds <= Instants.EARLIEST.getEpochSecond() + 86_400) {
            return instant.toString();
        }
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(pick(List.of(3600, -18000, 19800, 0, 45900)));
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(offset));
    }

    // ---- HTTP -------------------------------------------------------------------------------

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A response body as a tree, read with Jackson. Not RestAssured's JsonPath: it evaluates each
     * path as a Groovy script, several milliseconds apiece — most of a case's time when a loop of a
     * thousand cases reads two paths in each.
     */
    JsonNode tree(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + body + "; " + rerun, e);
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    static URI uri(String pathAndQuery) {
        return URI.create(RestAssured.baseURI + ":" + RestAssured.port + pathAndQuery);
    }

    /** One exchange: what was sent (for the failure message) and what came back. */
    record Exchange(String method, String target, String contentType, byte[] body, int status, String responseType,
                    String response) {
        @Override
        public String toString() {
            return method + " " + target + " [Content-Type: " + contentType + "] body " + preview(body) + " -> " + status + " "
                    + responseType + " " + (response.length() > 600 ? response.substring(0, 600) + "…" : response);
        }
    }

    Exchange send(String method, String target, String token, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(target)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Exchange(method, target, contentType, body, r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                    r.body());
        } catch (IOException e) {
            throw new AssertionError("No answer to " + method + " " + target + " (" + e + "); " + rerun, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * A request line the JDK client refuses to send (a broken percent escape, a raw space or byte),
     * written to a socket as is. The HTTP server answers those itself, before any of Arbiter runs.
     */
    Exchange sendRaw(String method, byte[] target, String token) {
        URI base = uri("/");
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes((method + " ").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(target);
            request.writeBytes((" HTTP/1.1\r\nHost: " + base.getHost() + "\r\nConnection: close\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "Content-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(request.toByteArray());
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int status = response.startsWith("HTTP/1.1 ") ? Integer.parseInt(response.substring(9, 12)) : -1;
            int headersEnd = response.indexOf("\r\n\r\n");
            String headers = headersEnd < 0 ? response : response.substring(0, headersEnd);
            String type = headers.lines().filter(l -> l.toLowerCase().startsWith("content-type:")).map(l -> l.substring(13).strip())
                    .findFirst().orElse("");
            return new Exchange(method, new String(target, StandardCharsets.ISO_8859_1), null, null, status, type,
                    headersEnd < 0 ? "" : response.substring(headersEnd + 4));
        } catch (IOException e) {
            throw new AssertionError("No answer to a raw " + method + " (" + e + "); " + rerun, e);
        }
    }

    // ---- bytes ------------------------------------------------------------------------------

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Printable bytes for a failure message: ASCII as is, everything else as \xNN, cut at 300. */
    static String preview(byte[] body) {
        if (body == null) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(body.length, 300); i++) {
            int b = body[i] & 0xFF;
            sb.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02X", b));
        }
        return body.length > 300 ? sb + "… (" + body.length + " bytes)" : sb.toString();
    }

    /** {@code parts} as one JSON object's text (values already JSON), in the given order. */
    static String object(List<Map.Entry<String, String>> parts) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, String> p : parts) {
            sb.append(sb.length() == 1 ? "" : ",").append(p.getKey()).append(':').append(p.getValue());
        }
        return sb.append('}').toString();
    }
}
