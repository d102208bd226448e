package io.arbiter.signals;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a free loopback port whose {@code /health} answers what the test says: a
 * status, or nothing at all (it holds each request until told to let go, or for 30 s). {@code
 * /answer/503}, {@code /answer/hang} tell it from afar.
 */
public final class TestHealthServer implements AutoCloseable {
    /** Hold the request: no answer. */
    public static final int HANG = -1;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger status = new AtomicInteger(200);
    private volatile CountDownLatch release = new CountDownLatch(1);

    public TestHealthServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/health", exchange -> {
            try (exchange) {
                int s = status.get();
                if (s == HANG) {
                    release.await(30, TimeUnit.SECONDS);
                    s = 200;
                }
                exchange.sendResponseHeaders(s, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.createContext("/answer/", exchange -> { // for a test that holds only the URL (another class loader's server)
            try (exchange) {
                String what = exchange.getRequestURI().getPath().substring("/answer/".length());
                answer(what.equals("hang") ? HANG : Integer.parseInt(what));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.start();
    }

    /** {@code path} runs {@code action} when asked, for a test that holds only the URL. */
    public void onRequest(String path, Callable<?> action) {
        server.createContext(path, exchange -> {
            try (exchange) {
                action.call();
                exchange.sendResponseHeaders(204, -1);
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            }
        });
    }

    public String url() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/health";
    }

    /** What {@code /health} answers from now on: a status, or {@link #HANG}. */
    public void answer(int status) {
        if (status == HANG) {
            release = new CountDownLatch(1);
        } else {
            release.countDown();
        }
        this.status.set(status);
    }

    /** Stops listening: connections are refused. */
    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
