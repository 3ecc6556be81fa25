package dev.referly.http.front;

import dev.referly.config.HttpLimits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything that is not a short link goes to Helidon on its loopback port, byte for byte, on
 * a connection of its own per client connection. A PROXY protocol (v1) line goes first, so
 * Helidon's handlers see the visitor's address rather than the front's.
 */
final class Tunnel {
    private static final Logger LOG = Logger.getLogger(Tunnel.class.getName());
    private static final int BUFFER = 16 * 1024;

    private final InetSocketAddress backend;
    private final HttpLimits limits;
    private final long idleMillis;

    Tunnel(InetSocketAddress backend, HttpLimits limits, long idleMillis) {
        this.backend = backend;
        this.limits = limits;
        this.idleMillis = idleMillis;
    }

    /**
     * Takes over {@code client} (already in blocking mode): first whatever the front still owed
     * it, then the requests it sent that the front did not answer, then both directions as they
     * come, requests passed on whole by a {@link RequestForwarder}.
     */
    void start(SocketChannel client, ByteBuffer owedToClient, byte[] received) {
        Thread.ofVirtual().name("front-tunnel").start(() -> run(client, owedToClient, received));
    }

    private void run(SocketChannel client, ByteBuffer owedToClient, byte[] received) {
        SocketChannel server = null;
        try {
            if (owedToClient != null) {
                writeFully(client, owedToClient);
            }
            server = SocketChannel.open(backend);
            server.setOption(StandardSocketOptions.TCP_NODELAY, true);
            writeFully(server, ByteBuffer.wrap(proxyLine(client)));
            RequestForwarder requests = new RequestForwarder(client, server, received, limits, idleMillis);
            SocketChannel upstream = server;
            Thread up = Thread.ofVirtual().name("front-tunnel-up").start(() -> forward(requests, client, upstream));
            copy(server, client);
            // Helidon has answered everything it was given and closed. A request the front
            // refused comes after all of those, so its answer goes last.
            byte[] refusal = requests.refusal();
            if (refusal != null) {
                writeFully(client, ByteBuffer.wrap(refusal));
            }
            close(client);
            close(server);
            up.join();
        } catch (IOException e) {
            LOG.log(Level.FINE, "Tunnel to the API server ended", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close(client);
            close(server);
        }
    }

    /**
     * Passes the client's requests on until it is done or one ends the connection, then ends
     * Helidon's input, so Helidon answers what it has and closes. A head too slow, an idle
     * connection or a client gone mid-request cuts both sides at once.
     */
    private static void forward(RequestForwarder requests, SocketChannel client, SocketChannel server) {
        try {
            requests.run();
            server.shutdownOutput();
        } catch (IOException | RuntimeException e) {
            if (e instanceof RuntimeException) {
                LOG.log(Level.SEVERE, "Forwarding a request to the API server failed", e);
            }
            close(client);
            close(server);
        }
    }

    /** Copies until {@code from} ends; a failure closes both, which ends the other direction. */
    private static void copy(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                writeFully(to, buffer);
                buffer.clear();
            }
        } catch (IOException e) {
            close(from);
            close(to);
        }
    }

    private static void writeFully(SocketChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** {@code PROXY TCP4 <client> <front> <client port> <front port>}, or UNKNOWN when the addresses are not IP. */
    static byte[] proxyLine(SocketChannel client) throws IOException {
        if (client.getRemoteAddress() instanceof InetSocketAddress remote
                && client.getLocalAddress() instanceof InetSocketAddress local
                && remote.getAddress() != null && local.getAddress() != null
                && remote.getAddress().getClass() == local.getAddress().getClass()) {
            String family = remote.getAddress() instanceof java.net.Inet4Address ? "TCP4" : "TCP6";
            return ("PROXY " + family + " " + literal(remote.getAddress()) + " " + literal(local.getAddress()) + " "
                    + remote.getPort() + " " + local.getPort() + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
        return "PROXY UNKNOWN\r\n".getBytes(StandardCharsets.US_ASCII);
    }

    /** The address as text, without an IPv6 scope ("%lo"), which neither the PROXY line nor the visitor's IP carries. */
    static String literal(InetAddress address) {
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        return scope < 0 ? text : text.substring(0, scope);
    }

    private static void close(SocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket that already failed
        }
    }
}
