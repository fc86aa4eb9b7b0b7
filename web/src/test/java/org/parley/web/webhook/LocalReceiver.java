package org.parley.web.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A webhook receiver on 127.0.0.1: keeps every request, then behaves as told (answer a status, or hang first). */
final class LocalReceiver implements AutoCloseable {

    /** One request as the receiver saw it. */
    record Request(String eventId, String eventType, String signature, String contentType, String body) {}

    /** What the receiver does once it has kept a request, before answering. */
    interface Stall {
        void await() throws InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger status;
    private final Stall stall;

    private LocalReceiver(int status, Stall stall) throws IOException {
        this.status = new AtomicInteger(status);
        this.stall = stall;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hooks", this::handle);
        server.setExecutor(threads); // a hanging request must not keep the next one from being read
        server.start();
    }

    static LocalReceiver answering(int status) throws IOException {
        return new LocalReceiver(status, () -> { });
    }

    /** Keeps each request, then answers only once {@code stall} returns. */
    static LocalReceiver hanging(Stall stall) throws IOException {
        return new LocalReceiver(204, stall);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks?token=receiver-own");
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    void answerFromNowOn(int newStatus) {
        status.set(newStatus);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            var headers = exchange.getRequestHeaders();
            requests.add(new Request(headers.getFirst("Parley-Event-Id"), headers.getFirst("Parley-Event-Type"),
                    headers.getFirst("Parley-Signature"), headers.getFirst("Content-Type"),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            try {
                stall.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(status.get(), -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
