package dev.referly.http.front;

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

    Tunnel(InetSocketAddress backend) {
        this.backend = backend;
    }

    /**
     * Takes over {@code client} (already in blocking mode): first whatever the front still owed
     * it, then the bytes it sent that the front did not answer, then both directions as they come.
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
            writeFully(server, ByteBuffer.wrap(received));
            SocketChannel upstream = server;
            Thread up = Thread.ofVirtual().name("front-tunnel-up").start(() -> pump(client, upstream));
            pump(server, client);
            // Helidon closed its side: nothing the client sends from now on could be answered.
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

    /** Copies until {@code from} ends, then half-closes {@code to}; on a failure it closes both, which ends the other direction. */
    private static void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                writeFully(to, buffer);
                buffer.clear();
            }
            to.shutdownOutput();
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
