package io.arbiter.api;

import io.arbiter.text.TextRules;
import io.arbiter.text.StrictUtf8;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ResourceInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.io.ByteArrayOutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Query parameters and the path are read as strictly as bodies, before any resource sees them:
 * each name and value must percent-decode to UTF-8 text without NUL (400 naming the parameter), a
 * parameter the endpoint does not declare is 400 (a misspelt {@code comandId} would otherwise
 * return every decision), and one given twice is 400 (only one of the values would be used). The
 * JAX-RS decoder would have replaced bad bytes silently, and PostgreSQL refuses NUL with a 5xx.
 * Requests without a query and a plain path — every decide — cost two null checks.
 */
public class QueryParameters {
    private final ConcurrentHashMap<Method, Set<String>> declared = new ConcurrentHashMap<>();

    @ServerRequestFilter
    public void check(HttpServerRequest request, ResourceInfo resource) {
        String path = request.path();
        if (path != null && path.indexOf('%') >= 0) {
            for (String segment : path.split("/")) {
                String problem = problem(segment);
                if (problem != null) {
                    throw ProblemException.badField("path", "a path segment " + problem);
                }
            }
        }
        String query = request.query();
        if (query == null || query.isEmpty()) {
            return;
        }
        Set<String> known = declared.computeIfAbsent(resource.getResourceMethod(), QueryParameters::queryParams);
        Set<String> seen = new HashSet<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String rawName = equals < 0 ? pair : pair.substring(0, equals);
            String nameProblem = problem(rawName);
            if (nameProblem != null) {
                throw ProblemException.badField("query", "a parameter name " + nameProblem);
            }
            String name = decode(rawName);
            if (!known.contains(name)) {
                throw ProblemException.badField(TextRules.echo(name), known.isEmpty()
                        ? "unknown query parameter; this endpoint takes none"
                        : "unknown query parameter; known parameters are " + new TreeSet<>(known));
            }
            if (!seen.add(name)) {
                throw ProblemException.badField(name, "given more than once; give each query parameter at most once");
            }
            String valueProblem = equals < 0 ? null : problem(pair.substring(equals + 1));
            if (valueProblem != null) {
                throw ProblemException.badField(name, valueProblem);
            }
        }
    }

    /** Why a raw (percent-encoded) piece of the URI is not text we keep, or null. */
    static String problem(String raw) {
        byte[] bytes = bytes(raw);
        if (bytes == null) {
            return "has a '%' that is not followed by two hex digits";
        }
        StrictUtf8.Malformed malformed = StrictUtf8.check(bytes);
        if (malformed != null) {
            return malformed.message();
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        return TextRules.problem(text);
    }

    private static String decode(String raw) {
        return new String(bytes(raw), StandardCharsets.UTF_8);
    }

    /**
     * The bytes a percent-encoded piece stands for ({@code +} is a space, as in forms), or null when
     * an escape is broken. The HTTP server reads the request line byte by byte into chars, so a char
     * below 256 is the byte the client sent.
     */
    private static byte[] bytes(String raw) {
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
            return raw.getBytes(StandardCharsets.ISO_8859_1);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
                if (lo < 0) {
                    return null;
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+') {
                out.write(' ');
            } else if (c < 256) {
                out.write(c);
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toByteArray();
    }

    private static Set<String> queryParams(Method method) {
        Set<String> names = new HashSet<>();
        for (Annotation[] annotations : method.getParameterAnnotations()) {
            for (Annotation a : annotations) {
                if (a instanceof QueryParam q) {
                    names.add(q.value());
                }
            }
        }
        return Set.copyOf(names);
    }
}
