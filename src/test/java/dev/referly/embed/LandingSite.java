package dev.referly.embed;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The company's website in the browser tests: pages on http://127.0.0.1:PORT (another origin
 * than the Referly server on localhost) that load the attribution script with the options
 * named by their first path segment, and record any script error in {@code window.errs}.
 */
final class LandingSite implements AutoCloseable {
    private final HttpServer http;

    LandingSite(String referlyBase, Map<String, String> attributesByPage) throws IOException {
        this(page -> attributesByPage.containsKey(page) ? html(referlyBase, attributesByPage.get(page)) : null);
    }

    /** A site whose pages are given whole: page name -> HTML, null for 404. */
    LandingSite(java.util.function.Function<String, String> pages) throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", exchange -> {
            String page = exchange.getRequestURI().getPath().replaceAll("^/([^/]*).*", "$1");
            String html = pages.apply(page);
            byte[] body = (html == null ? "not found" : html).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(html == null ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
    }

    String base() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    private static String html(String referlyBase, String attrs) {
        return """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme shop</title>
                <script>window.errs=[];addEventListener('error',e=>errs.push(String(e.message)));
                addEventListener('unhandledrejection',e=>errs.push(String(e.reason)));</script>
                <script src="%s/_/script.js" %s></script></head>
                <body><h1>Acme shop</h1><p id="offer"></p>
                <a id="app" href="http://app.localhost:1/signup?plan=pro">Start your trial</a>
                <a id="deep" href="http://eu.app.localhost:1/">EU app</a>
                <a id="other" href="http://other.localhost:1/">Elsewhere</a>
                <iframe id="frame" title="Signup widget" src="http://app.localhost:1/widget"></iframe>
                <script>addEventListener('referly:ready', () => { const p = window.Referly.partner;
                  document.getElementById('offer').textContent = p ? p.name + ' sent you' : ''; });</script>
                </body></html>""".formatted(referlyBase, attrs);
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
