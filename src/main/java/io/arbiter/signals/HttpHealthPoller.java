package io.arbiter.signals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An HTTP health check: GET the URL; a status in {@code up-statuses} is UP (true), any other status
 * DOWN (false). No answer within the timeout, or no connection, is DOWN too, observed at that
 * moment — not "no observation": the service cannot be reached from here, which is what routing
 * needs to know, at once rather than after {@code max-age}. Redirects are not followed (a 3xx is
 * the answer).
 */
final class HttpHealthPoller implements SignalPoller {

    /** One HTTP-health signal's configuration, checked ({@link SignalSources}). */
    record Settings(String signal, URI url, Duration interval, Duration timeout, UpStatuses up) {
    }

    /** The statuses that mean UP, as inclusive ranges. */
    record UpStatuses(List<int[]> ranges) {
        boolean up(int status) {
            return ranges.stream().anyMatch(r -> status >= r[0] && status <= r[1]);
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final HttpClient client;
    private final HttpRequest request;

    HttpHealthPoller(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.client = HttpClient.newBuilder().connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.request = HttpRequest.newBuilder(settings.url()).timeout(settings.timeout()).GET()
                .header("User-Agent", "arbiter-signal/" + settings.signal()).build();
    }

    @Override
    public String signal() {
        return settings.signal();
    }

    @Override
    public String source() {
        return SignalSources.HTTP;
    }

    @Override
    public Duration interval() {
        return settings.interval();
    }

    @Override
    public Reading read() throws InterruptedException {
        // The request's own timeout ends at the status line; the whole exchange (a body that never ends included) is bounded here.
        CompletableFuture<HttpResponse<Void>> answer = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            int status = answer.get(settings.timeout().toNanos(), TimeUnit.NANOSECONDS).statusCode();
            return new Reading(settings.up().up(status), clock.instant(), null);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return noAnswer();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return noAnswer(); // the request's own timeout (connecting, or to the status line) fired first: the same time is up
            }
            String why = cause instanceof IOException && cause.getMessage() == null ? cause.getClass().getSimpleName()
                    : String.valueOf(cause.getMessage() == null ? cause : cause.getMessage());
            return new Reading(false, clock.instant(), settings.url() + " could not be asked: " + why);
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        }
    }

    private Reading noAnswer() {
        return new Reading(false, clock.instant(), "no answer from " + settings.url() + " within " + settings.timeout());
    }

    @Override
    public void close() {
        // The JDK client of Java 17 has nothing to close: its connections go when it is no longer referenced.
    }
}
