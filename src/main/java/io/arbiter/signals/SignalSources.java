package io.arbiter.signals;

import io.arbiter.decision.SignalType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each declared signal's value comes from: pushed ({@code PUT /v1/signals/{name}}), polled
 * from a Kafka consumer group's lag or an HTTP health URL, or derived from another signal by a
 * latch ({@link SignalLatch}). A signal has one source, so a polled value is never overwritten by a
 * push nor a push by a poll. Checked at start like the
 * declarations: every mistake is named with its key and stops the service.
 */
@ApplicationScoped
public class SignalSources {
    /** The {@code source} of a Kafka-lag observation. */
    public static final String KAFKA = "kafka";
    /** The {@code source} of an HTTP-health observation. */
    public static final String HTTP = "http";

    private final Map<String, KafkaLagPoller.Settings> kafka;
    private final Map<String, HttpHealthPoller.Settings> http;
    private final Map<String, SignalLatch> latches;

    @Inject
    public SignalSources(SignalsConfig config) {
        List<String> problems = new ArrayList<>();
        Map<String, KafkaLagPoller.Settings> k = new TreeMap<>();
        Map<String, HttpHealthPoller.Settings> h = new TreeMap<>();
        Map<String, SignalLatch> l = new TreeMap<>();
        config.declared().forEach((name, d) -> {
            String key = "arbiter.signals.declared.\"" + name + "\"";
            if (d.kafka().isPresent() && d.http().isPresent()) {
                problems.add(key + ": a signal has one source; both .kafka and .http are set");
                return;
            }
            if (d.hysteresis().isPresent() && (d.kafka().isPresent() || d.http().isPresent())) {
                problems.add(key + ": a latch (.hysteresis) is derived from its signal and has no source of its own; "
                        + (d.kafka().isPresent() ? ".kafka" : ".http") + " is set too");
                return;
            }
            d.kafka().ifPresent(c -> kafka(name, key + ".kafka", d.type(), c, problems).forEach(s -> k.put(name, s)));
            d.http().ifPresent(c -> http(name, key + ".http", d.type(), c, problems).forEach(s -> h.put(name, s)));
            d.hysteresis().ifPresent(c -> latch(name, key + ".hysteresis", d.type(), c, config.declared(), problems).forEach(s -> l.put(name, s)));
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Signal sources are wrong: " + String.join("; ", problems));
        }
        this.kafka = Collections.unmodifiableMap(k);
        this.http = Collections.unmodifiableMap(h);
        this.latches = Collections.unmodifiableMap(l);
    }

    /** The signals polled from Kafka consumer-group lag, by name. */
    public Map<String, KafkaLagPoller.Settings> kafka() {
        return kafka;
    }

    /** The signals polled from HTTP health URLs, by name. */
    public Map<String, HttpHealthPoller.Settings> http() {
        return http;
    }

    /** The latches (derived BOOLEAN signals), by name. */
    public Map<String, SignalLatch> latches() {
        return latches;
    }

    /** The latches of signal {@code name}, to be recomputed on each of its newer observations. */
    public List<SignalLatch> latchesOf(String name) {
        return latches.values().stream().filter(l -> l.of().equals(name)).toList();
    }

    /** Whether {@code name} takes pushes (it is declared, polled from nowhere and derived from nothing). */
    public boolean pushed(String name) {
        return !kafka.containsKey(name) && !http.containsKey(name) && !latches.containsKey(name);
    }

    /**
     * Whether {@code name}'s latest value is kept in PostgreSQL for every replica to reload: a pushed
     * signal, or a latch of one (computed with the push, under its row's lock — never recomputed by
     * a replica, which could see the pushes in another order). A latch of a polled signal is per
     * replica, like its source.
     */
    public boolean stored(String name) {
        SignalLatch latch = latches.get(name);
        return latch == null ? pushed(name) : pushed(latch.of());
    }

    /** Refuses a push to a polled or derived signal, naming where its values come from. */
    public void requirePushed(String name) {
        SignalLatch latch = latches.get(name);
        if (latch != null) {
            throw new SignalDerivedException(latch);
        }
        KafkaLagPoller.Settings k = kafka.get(name);
        if (k != null) {
            throw new SignalPolledException(name, KAFKA, "the lag of consumer group '" + k.group() + "' on " + String.join(", ", k.topics()));
        }
        HttpHealthPoller.Settings h = http.get(name);
        if (h != null) {
            throw new SignalPolledException(name, HTTP, "the health of " + h.url());
        }
    }

    private static List<KafkaLagPoller.Settings> kafka(String name, String key, SignalType type, SignalsConfig.KafkaLag c, List<String> problems) {
        int before = problems.size();
        if (type != SignalType.NUMBER) {
            problems.add(key + ": a consumer group's lag is a number; this signal is " + type);
        }
        if (c.bootstrapServers().isBlank()) {
            problems.add(key + ".bootstrap-servers: required (host:port[,host:port…])");
        }
        if (c.group().isBlank()) {
            problems.add(key + ".group: required (the consumer group)");
        }
        if (c.topics().isEmpty() || c.topics().stream().anyMatch(String::isBlank)) {
            problems.add(key + ".topics: one topic or more, none blank");
        }
        positive(key + ".interval", c.interval(), problems);
        positive(key + ".timeout", c.timeout(), problems);
        if (c.properties().containsKey("bootstrap.servers")) {
            problems.add(key + ".properties.\"bootstrap.servers\": set .bootstrap-servers instead");
        }
        return problems.size() > before ? List.of() : List.of(new KafkaLagPoller.Settings(name, c.bootstrapServers().strip(), c.group(),
                c.topics().stream().map(String::strip).distinct().toList(), c.interval(), c.timeout(), new TreeMap<>(c.properties())));
    }

    private static List<SignalLatch> latch(String name, String key, SignalType type, SignalsConfig.Hysteresis c,
                                           Map<String, SignalsConfig.Declared> declared, List<String> problems) {
        int before = problems.size();
        if (type != SignalType.BOOLEAN) {
            problems.add(key + ": a latch is true or false; this signal is " + type);
        }
        String of = c.of().map(String::strip).orElse("");
        SignalsConfig.Declared source = declared.get(of);
        if (of.isEmpty()) {
            problems.add(key + ".of: required (the NUMBER signal it latches on)");
        } else if (source == null) {
            problems.add(key + ".of: no signal '" + of + "' is declared");
        } else if (source.hysteresis().isPresent()) {
            problems.add(key + ".of: '" + of + "' is itself a latch; a latch is of a NUMBER signal");
        } else if (source.type() != SignalType.NUMBER) {
            problems.add(key + ".of: '" + of + "' is " + source.type() + "; a latch is of a NUMBER signal");
        }
        if (c.onAbove().isEmpty()) {
            problems.add(key + ".on-above: required (above it the latch turns true)");
        }
        if (c.offBelow().isEmpty()) {
            problems.add(key + ".off-below: required (below it the latch turns false)");
        }
        if (c.onAbove().isPresent() && c.offBelow().isPresent() && c.onAbove().get().compareTo(c.offBelow().get()) <= 0) {
            problems.add(key + ".on-above: must be above .off-below (e.g. 5000 and 1000); " + c.onAbove().get().toPlainString()
                    + " is not above " + c.offBelow().get().toPlainString());
        }
        if (c.dwell().isNegative()) {
            problems.add(key + ".dwell: must not be negative");
        }
        return problems.size() > before ? List.of() : List.of(new SignalLatch(name, of, c.onAbove().get(), c.offBelow().get(), c.dwell()));
    }

    private static List<HttpHealthPoller.Settings> http(String name, String key, SignalType type, SignalsConfig.HttpHealth c, List<String> problems) {
        int before = problems.size();
        if (type != SignalType.BOOLEAN) {
            problems.add(key + ": an HTTP health check is UP (true) or DOWN (false); this signal is " + type);
        }
        URI url = url(key + ".url", c.url(), problems);
        positive(key + ".interval", c.interval(), problems);
        positive(key + ".timeout", c.timeout(), problems);
        HttpHealthPoller.UpStatuses up = upStatuses(key + ".up-statuses", c.upStatuses(), problems);
        return problems.size() > before ? List.of() : List.of(new HttpHealthPoller.Settings(name, url, c.interval(), c.timeout(), up));
    }

    private static URI url(String key, String text, List<String> problems) {
        try {
            URI url = new URI(text.strip());
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && url.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // reported below, as any other URL that is not an absolute http(s) one
        }
        problems.add(key + ": an absolute http:// or https:// URL with a host; '" + text + "' is not one");
        return null;
    }

    private static HttpHealthPoller.UpStatuses upStatuses(String key, List<String> items, List<String> problems) {
        List<int[]> ranges = new ArrayList<>();
        for (String item : items) {
            String[] ends = item.strip().split("-", -1);
            try {
                int low = Integer.parseInt(ends[0].strip());
                int high = ends.length == 2 ? Integer.parseInt(ends[1].strip()) : low;
                if (ends.length <= 2 && low >= 100 && high <= 599 && low <= high) {
                    ranges.add(new int[] {low, high});
                    continue;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(key + ": statuses are codes (204) or ranges (200-299) between 100 and 599; '" + item + "' is not one");
        }
        if (items.isEmpty()) {
            problems.add(key + ": at least one status or range");
        }
        return new HttpHealthPoller.UpStatuses(ranges);
    }

    private static void positive(String key, Duration d, List<String> problems) {
        if (d.isNegative() || d.isZero()) {
            problems.add(key + ": must be positive");
        }
    }
}
