package dev.referly.http.front;

import dev.referly.config.HttpLimits;
import dev.referly.shared.ErrorCode;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * The client-to-Helidon direction of a {@link Tunnel}: passes on one whole request at a time,
 * head then body, and reads nothing past a request the connection closes after. So the bytes
 * Helidon sees are always whole requests as the front framed them, and a body can never reach
 * Helidon as a request of its own. Here too the head's size and time, and the declared body's
 * size, are held to the {@link HttpLimits}.
 */
final class RequestForwarder {
    /** Longest chunk-size or trailer line passed on. */
    private static final int MAX_CHUNK_LINE = 4096;
    private static final int CLIENT_ENDED = -1;
    private static final int REFUSED = -2;

    /** How forwarding ended. */
    enum Ending {
        /** The client ended its side between requests. */
        CLIENT_DONE,
        /** A request closed the connection, or the front refused one: Helidon answers what it has, then the end. */
        STOPPED,
    }

    private final SocketChannel client;
    private final InputStream in;
    private final SocketChannel server;
    private final HttpLimits limits;
    private final long idleMillis;
    private byte[] buf;
    private int pos;
    private int lim;
    /** The front's own answer to a request it refused, sent once Helidon has answered those before it. */
    private volatile byte[] refusal;

    RequestForwarder(SocketChannel client, SocketChannel server, byte[] received, HttpLimits limits, long idleMillis)
            throws IOException {
        this.client = client;
        this.in = client.socket().getInputStream();
        this.server = server;
        this.limits = limits;
        this.idleMillis = idleMillis;
        this.buf = Arrays.copyOf(received, Math.max(received.length, limits.maxHeadBytes() + 16 * 1024));
        this.lim = received.length;
    }

    byte[] refusal() {
        return refusal;
    }

    /**
     * Forwards requests until the client is done or a request ends the connection. Throws when
     * it must be cut short: a head that took too long, a connection idle too long, the client
     * gone mid-request.
     */
    Ending run() throws IOException {
        while (true) {
            int end = readHead();
            if (end == CLIENT_ENDED) {
                return Ending.CLIENT_DONE;
            }
            if (end == REFUSED) {
                return Ending.STOPPED;
            }
            RequestFraming framing = RequestFraming.of(buf, pos, end);
            if (framing.refused()) {
                return refuse(ErrorCode.BAD_REQUEST, framing.problem());
            }
            if (framing.contentLength() > limits.maxBodyBytes()) {
                return refuse(ErrorCode.PAYLOAD_TOO_LARGE,
                        "The request body is larger than the limit of " + limits.maxBodyBytes() + " bytes.");
            }
            forward(end - pos);
            boolean whole = framing.chunked() ? forwardChunks() : forwardLength(framing.contentLength());
            if (!whole || framing.closes()) {
                return Ending.STOPPED;
            }
        }
    }

    private Ending refuse(ErrorCode code, String message) {
        refusal = ResponseBytes.refusal(code, message);
        return Ending.STOPPED;
    }

    /**
     * The index just past the next request's head in {@code buf}; {@link #CLIENT_ENDED} when the
     * client ended cleanly before one, {@link #REFUSED} when it is too large.
     */
    private int readHead() throws IOException {
        long deadline = 0;
        int scanned = 0; // relative to pos, which a fill may move
        while (true) {
            if (lim > pos) {
                if (deadline == 0) {
                    deadline = System.currentTimeMillis() + limits.headTimeout().toMillis();
                }
                // Empty lines before a request line are ignored (RFC 9112, 2.2), and not passed on.
                while (pos < lim && scanned == 0 && (buf[pos] == '\r' || buf[pos] == '\n')) {
                    pos++;
                }
                // resume a little before where the last scan stopped: the blank line may straddle reads
                int end = RequestHead.end(buf, pos + Math.max(0, scanned - 3), lim);
                scanned = lim - pos;
                if (end >= 0 ? end - pos > limits.maxHeadBytes() : lim - pos > limits.maxHeadBytes()) {
                    refuse(ErrorCode.REQUEST_HEADER_FIELDS_TOO_LARGE,
                            "The request head is larger than the limit of " + limits.maxHeadBytes() + " bytes.");
                    return REFUSED;
                }
                if (end >= 0) {
                    return end;
                }
            }
            long wait = deadline == 0 ? idleMillis : deadline - System.currentTimeMillis();
            if (wait <= 0) {
                throw new SocketTimeoutException("The request head did not arrive in time");
            }
            if (fill(wait) < 0) {
                if (lim == pos) {
                    return CLIENT_ENDED;
                }
                throw new EOFException("The client ended in the middle of a request head");
            }
        }
    }

    private boolean forwardLength(long length) throws IOException {
        long remaining = length;
        while (remaining > 0) {
            if (lim == pos && fill(idleMillis) < 0) {
                throw new EOFException("The client ended in the middle of a request body");
            }
            int n = (int) Math.min(remaining, lim - pos);
            forward(n);
            remaining -= n;
        }
        return true;
    }

    /**
     * Passes on a chunked body up to and including its last chunk and trailers. A malformed
     * chunk line, or a size that takes the body past the limit, is the last thing passed on:
     * Helidon refuses it, and the front reads no further.
     */
    private boolean forwardChunks() throws IOException {
        long total = 0;
        while (true) {
            int lineEnd = readLine();
            if (lineEnd < 0) {
                return false;
            }
            long size = chunkSize(buf, pos, lineEnd - 2);
            forward(lineEnd - pos);
            if (size < 0) {
                return false;
            }
            total += size;
            if (total > limits.maxBodyBytes()) {
                return false;
            }
            if (size == 0) {
                return forwardTrailers();
            }
            if (!forwardLength(size)) {
                return false;
            }
            int crlf = readLine();
            if (crlf < 0 || crlf - pos != 2) {
                return false;
            }
            forward(2);
        }
    }

    private boolean forwardTrailers() throws IOException {
        while (true) {
            int lineEnd = readLine();
            if (lineEnd < 0) {
                return false;
            }
            boolean last = lineEnd - pos == 2;
            forward(lineEnd - pos);
            if (last) {
                return true;
            }
        }
    }

    /** The index just past the CRLF ending the line at {@code pos}, or -1 when it is too long or ends in a bare LF. */
    private int readLine() throws IOException {
        int scanned = 0; // relative to pos, which a fill may move
        while (true) {
            for (int i = pos + scanned; i < lim; i++) {
                if (buf[i] == '\n') {
                    return i > pos && buf[i - 1] == '\r' ? i + 1 : -1;
                }
            }
            scanned = lim - pos;
            if (lim - pos > MAX_CHUNK_LINE) {
                return -1;
            }
            if (fill(idleMillis) < 0) {
                throw new EOFException("The client ended in the middle of a chunked body");
            }
        }
    }

    /** The hexadecimal size at the start of {@code b[from, to)}, before any extension; -1 when malformed. */
    static long chunkSize(byte[] b, int from, int to) {
        long size = 0;
        int digits = 0;
        int i = from;
        for (; i < to; i++) {
            int d = Character.digit(b[i], 16);
            if (d < 0) {
                break;
            }
            if (++digits > 15) {
                return -1;
            }
            size = size * 16 + d;
        }
        if (digits == 0 || (i < to && b[i] != ';' && b[i] != ' ' && b[i] != '\t')) {
            return -1;
        }
        return size;
    }

    private void forward(int n) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(buf, pos, n);
        while (bytes.hasRemaining()) {
            server.write(bytes);
        }
        pos += n;
    }

    /** Reads more from the client into {@code buf}, waiting at most {@code timeoutMillis}; -1 at its end. */
    private int fill(long timeoutMillis) throws IOException {
        if (pos > 0 && (lim == pos || buf.length - lim < 4096)) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        client.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeoutMillis)));
        int n = in.read(buf, lim, buf.length - lim);
        if (n > 0) {
            lim += n;
        }
        return n;
    }
}
