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
 * Where each declared signal's value comes from: pushed ({@code PUT /v1/signals/{name}}), or polled
 * from a Kafka consumer group's lag or an HTTP health URL. A signal has one source, so a polled
 * value is never overwritten by a push nor a push by a poll. Checked at start like the
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

    @Inject
    public SignalSources(SignalsConfig config) {
        List<String> problems = new ArrayList<>();
        Map<String, KafkaLagPoller.Settings> k = new TreeMap<>();
        Map<String, HttpHealthPoller.Settings> h = new TreeMap<>();
        config.declared().forEach((name, d) -> {
            String key = "arbiter.signals.declared.\"" + name + "\"";
            if (d.kafka().isPresent() && d.http().isPresent()) {
                problems.add(key + ": a signal has one source; both .kafka and .http are set");
                return;
            }
            d.kafka().ifPresent(c -> kafka(name, key + ".kafka", d.type(), c, problems).forEach(s -> k.put(name, s)));
            d.http().ifPresent(c -> http(name, key + ".http", d.type(), c, problems).forEach(s -> h.put(name, s)));
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Signal sources are wrong: " + String.join("; ", problems));
        }
        this.kafka = Collections.unmodifiableMap(k);
        this.http = Collections.unmodifiableMap(h);
    }

    /** The signals polled from Kafka consumer-group lag, by name. */
    public Map<String, KafkaLagPoller.Settings> kafka() {
        return kafka;
    }

    /** The signals polled from HTTP health URLs, by name. */
    public Map<String, HttpHealthPoller.Settings> http() {
        return http;
    }

    /** Whether {@code name} takes pushes (it is declared and polled from nowhere). */
    public boolean pushed(String name) {
        return !kafka.containsKey(name) && !http.containsKey(name);
    }

    /** Refuses a push to a polled signal, naming where its values come from. */
    public void requirePushed(String name) {
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
