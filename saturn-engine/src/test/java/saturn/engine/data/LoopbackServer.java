package saturn.engine.data;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/** An HTTP server on 127.0.0.1 (ephemeral port) serving fixed bytes per path, 404 otherwise. */
final class LoopbackServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();

    LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(path);
            byte[] body = files.get(path);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    void serve(String path, byte[] body) {
        files.put(path, body);
    }

    /** Serves the four standard files gzipped under {@code /<file>.gz}. */
    void serveFolder(int base) {
        for (String f : MnistFiles.NAMES) serve("/" + f + ".gz", IdxFixtures.gzip(IdxFixtures.payload(f, base)));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
