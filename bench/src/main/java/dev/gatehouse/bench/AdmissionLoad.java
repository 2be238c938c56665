package dev.gatehouse.bench;

import dev.gatehouse.policy.review.Decision;
import dev.gatehouse.policy.review.Engine;
import dev.gatehouse.server.GatehouseServer;
import dev.gatehouse.server.tls.SelfSignedCertificates;
import dev.gatehouse.server.tls.TlsSource;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP load driver for the admission webhook: posts one AdmissionReview over N HTTPS keep-alive connections,
 * closed loop (each connection sends its next request when the previous answer arrives), first to
 * {@code /v1/noop} (decode + encode, no evaluation) then to {@code /v1/admit}, and prints throughput, p50 and p99
 * for both and their ratio: the engine's share of a webhook call.
 *
 * <p>Bounded: each phase stops at its duration or its request cap, whichever comes first, and only loopback
 * targets are accepted (this is a measuring tool, not a load generator for other people's servers).
 *
 * <pre>
 * java -cp ... dev.gatehouse.bench.AdmissionLoad --connections 16 --duration 10
 * java -cp ... dev.gatehouse.bench.AdmissionLoad --url https://127.0.0.1:8443 --ca ca.crt --review review.json
 * </pre>
 *
 * <p>In-process mode (no {@code --url}) starts a {@link GatehouseServer} on 127.0.0.1 with a self-signed
 * certificate and the engine given to {@link #run}; {@link #main} has no real engine to give (the policy engine is
 * wired by the lead) and uses an allow-all engine, which it says in its output: those figures measure transport,
 * TLS and codec only. The server then runs in this JVM: start it with {@code -XX:+UseParallelGC}
 * ({@link ServerJvm#GC}) to measure the collector {@code gatehouse serve} runs with.
 */
public final class AdmissionLoad {

    private static final int MAX_CONNECTIONS = 256;
    private static final int MAX_SECONDS = 300;
    private static final long DEFAULT_MAX_REQUESTS = 5_000_000;
    private static final int SLICES = 4;

    /** Parsed command line. */
    public record Options(URI url, Path ca, Path review, int connections, Duration duration, Duration warmup,
            long maxRequests, boolean engineOnEventLoop) {}

    /** One phase's result. */
    public record Result(String path, long requests, long errors, double seconds, long p50Nanos, long p99Nanos) {
        double throughput() {
            return requests / seconds;
        }
    }

    private AdmissionLoad() {}

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("AdmissionLoad: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        run(options, review -> Decision.allow(), "allow-all placeholder (no policy engine wired into the driver: "
                + "figures measure transport, TLS and codec only)", System.out);
        System.exit(0);
    }

    /** Runs both phases and prints the table; starts and stops an in-process server unless a URL was given. */
    public static List<Result> run(Options options, Engine engine, String engineDescription, PrintStream out)
            throws Exception {
        Buffer body = Buffer.buffer(readReview(options.review()));
        GatehouseServer server = null;
        URI target = options.url();
        String caPem;
        if (target == null) {
            SelfSignedCertificates.Bundle pki = SelfSignedCertificates.generate(List.of("localhost", "127.0.0.1"),
                    Clock.systemUTC(), Duration.ofDays(1));
            server = GatehouseServer.builder()
                    .listen(new InetSocketAddress("127.0.0.1", 0))
                    .tls(TlsSource.fixed(pki.serving()))
                    .engine(engine)
                    .evaluateOnEventLoop(options.engineOnEventLoop())
                    .build();
            server.start().get(30, TimeUnit.SECONDS);
            target = URI.create("https://127.0.0.1:" + server.port());
            caPem = pki.caPem();
            out.println("server: in-process on " + target + ", engine: " + engineDescription
                    + (options.engineOnEventLoop() ? ", evaluated on the event loop" : ", evaluated on worker threads"));
        } else {
            caPem = options.ca() == null ? null : Files.readString(options.ca());
            out.println("server: " + target);
        }
        Vertx vertx = Vertx.vertx();
        try {
            HttpClientOptions clientOptions = new HttpClientOptions().setSsl(true).setKeepAlive(true)
                    .setTcpNoDelay(true).setVerifyHost(caPem != null);
            if (caPem != null) {
                clientOptions.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(caPem)));
            } else {
                clientOptions.setTrustAll(true);
            }
            HttpClient client = vertx.createHttpClient(clientOptions,
                    new PoolOptions().setHttp1MaxSize(options.connections()));
            out.printf(Locale.ROOT, "load: %d connections, %d s per endpoint after %d s warm-up, at most %d requests "
                    + "per phase, body %d bytes%n", options.connections(), options.duration().toSeconds(),
                    options.warmup().toSeconds(), options.maxRequests(), body.length());
            String host = target.getHost();
            int port = target.getPort();
            phase(vertx, client, host, port, "/v1/noop", body, options.connections(), options.warmup(), options.maxRequests());
            phase(vertx, client, host, port, "/v1/admit", body, options.connections(), options.warmup(), options.maxRequests());
            // Alternate short slices so that JIT warm-up, GC and neighbours' load fall on both endpoints alike.
            Duration slice = options.duration().dividedBy(SLICES);
            long sliceCap = Math.max(1, options.maxRequests() / SLICES);
            List<Slice> noopSlices = new java.util.ArrayList<>();
            List<Slice> admitSlices = new java.util.ArrayList<>();
            for (int i = 0; i < SLICES; i++) {
                noopSlices.add(phase(vertx, client, host, port, "/v1/noop", body, options.connections(), slice, sliceCap));
                admitSlices.add(phase(vertx, client, host, port, "/v1/admit", body, options.connections(), slice, sliceCap));
            }
            Result noop = merge("/v1/noop", noopSlices);
            Result admit = merge("/v1/admit", admitSlices);
            print(out, noop, admit);
            client.close().await(10, TimeUnit.SECONDS);
            return List.of(noop, admit);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
            if (server != null) {
                server.stop().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** One measured slice of one endpoint. */
    private record Slice(long requests, long errors, double seconds, long[] latencies) {}

    private static Result merge(String path, List<Slice> slices) {
        long requests = 0;
        long errors = 0;
        double seconds = 0;
        int samples = 0;
        for (Slice slice : slices) {
            requests += slice.requests();
            errors += slice.errors();
            seconds += slice.seconds();
            samples += slice.latencies().length;
        }
        long[] all = new long[samples];
        int at = 0;
        for (Slice slice : slices) {
            System.arraycopy(slice.latencies(), 0, all, at, slice.latencies().length);
            at += slice.latencies().length;
        }
        Arrays.sort(all);
        return new Result(path, requests, errors, seconds, percentile(all, 0.50), percentile(all, 0.99));
    }

    private static Slice phase(Vertx vertx, HttpClient client, String host, int port, String path, Buffer body, int connections,
            Duration duration, long maxRequests) throws InterruptedException {
        int capacity = (int) Math.min(maxRequests, Integer.MAX_VALUE - 8);
        long[] latencies = new long[Math.min(capacity, 1 << 20)];
        AtomicLong issued = new AtomicLong();
        AtomicInteger recorded = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(connections);
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port)
                .setURI(path).putHeader("Content-Type", "application/json")
                // A lost answer must cost one error, not hang the phase.
                .setIdleTimeout(10_000).setConnectTimeout(10_000);
        Runnable[] loop = new Runnable[1];
        loop[0] = () -> {
            if (System.nanoTime() >= deadline || issued.incrementAndGet() > maxRequests) {
                done.countDown();
                return;
            }
            long sent = System.nanoTime();
            client.request(request)
                    .compose(req -> req.send(body))
                    .compose(response -> response.body().map(answer -> response.statusCode() == 200
                            && answer.length() > 0))
                    // Whatever happens below, a chain never stalls: an answer that does not come is an error.
                    .timeout(15, TimeUnit.SECONDS)
                    .onComplete(answered -> {
                        long took = System.nanoTime() - sent;
                        if (answered.succeeded() && answered.result()) {
                            int slot = recorded.getAndIncrement();
                            latencies[slot % latencies.length] = took;
                        } else if (errors.incrementAndGet() <= 3) {
                            System.err.println(path + ": request failed: "
                                    + (answered.failed() ? answered.cause() : "unexpected status or empty body"));
                        }
                        loop[0].run();
                    });
        };
        // Each chain lives on one event-loop context, so its callbacks never hop threads between a response
        // arriving and its body being read.
        for (int i = 0; i < connections; i++) {
            vertx.getOrCreateContext().runOnContext(ignored -> loop[0].run());
        }
        if (!done.await(duration.toMillis() + 60_000, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(path + ": requests did not finish within 60 s of the phase end");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int n = Math.min(recorded.get(), latencies.length);
        return new Slice(recorded.get(), errors.get(), seconds, Arrays.copyOf(latencies, n));
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static void print(PrintStream out, Result noop, Result admit) {
        out.printf(Locale.ROOT, "%-10s %10s %7s %12s %9s %9s%n", "endpoint", "requests", "errors", "req/s", "p50 ms", "p99 ms");
        for (Result r : List.of(noop, admit)) {
            out.printf(Locale.ROOT, "%-10s %10d %7d %12.0f %9.3f %9.3f%n", r.path(), r.requests(), r.errors(),
                    r.throughput(), r.p50Nanos() / 1e6, r.p99Nanos() / 1e6);
        }
        out.printf(Locale.ROOT, "admit/noop: throughput %.2fx, p50 %.2fx, p99 %.2fx%n",
                admit.throughput() / noop.throughput(), ratio(admit.p50Nanos(), noop.p50Nanos()),
                ratio(admit.p99Nanos(), noop.p99Nanos()));
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

    private static byte[] readReview(Path file) throws IOException {
        if (file != null) {
            return Files.readAllBytes(file);
        }
        try (InputStream in = AdmissionLoad.class.getResourceAsStream("pod-review.json")) {
            if (in == null) {
                throw new IOException("the built-in pod-review.json is missing from the class path");
            }
            return in.readAllBytes();
        }
    }

    static Options parse(String[] args) {
        URI url = null;
        Path ca = null;
        Path review = null;
        int connections = 8;
        int seconds = 10;
        int warmup = 3;
        long maxRequests = DEFAULT_MAX_REQUESTS;
        boolean onEventLoop = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--url" -> url = loopbackUrl(value(args, ++i, arg));
                case "--ca" -> ca = Path.of(value(args, ++i, arg));
                case "--review" -> review = Path.of(value(args, ++i, arg));
                case "--connections" -> connections = bounded(value(args, ++i, arg), arg, 1, MAX_CONNECTIONS);
                case "--duration" -> seconds = bounded(value(args, ++i, arg), arg, 1, MAX_SECONDS);
                case "--warmup" -> warmup = bounded(value(args, ++i, arg), arg, 0, MAX_SECONDS);
                case "--max-requests" -> maxRequests = bounded(value(args, ++i, arg), arg, 1, 100_000_000);
                case "--engine-on-event-loop" -> onEventLoop = true;
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        if (ca != null && url == null) {
            throw new IllegalArgumentException("--ca only applies with --url");
        }
        return new Options(url, ca, review, connections, Duration.ofSeconds(seconds), Duration.ofSeconds(warmup),
                maxRequests, onEventLoop);
    }

    private static URI loopbackUrl(String value) {
        URI uri = URI.create(value);
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("--url must be https://HOST:PORT, got " + value);
        }
        try {
            InetAddress address = InetAddress.getByName(uri.getHost());
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException("--url must point at this machine (loopback), got " + uri.getHost());
            }
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("--url host " + uri.getHost() + " does not resolve");
        }
        return uri;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int bounded(String value, String option, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number, got " + value);
        }
    }

    private static String usage() {
        return "usage: AdmissionLoad [--url https://127.0.0.1:PORT [--ca CA.pem]] [--review FILE] [--connections N]"
                + " [--duration S] [--warmup S] [--max-requests N] [--engine-on-event-loop]";
    }

}
