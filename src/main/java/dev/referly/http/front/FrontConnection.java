package dev.referly.http.front;

import dev.referly.redirect.RedirectAnswer;
import dev.referly.redirect.RedirectRequest;
import dev.referly.redirect.ShortLinkRedirect;
import dev.referly.shared.ErrorCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection on an event loop. Requests are answered in order: while one waits for
 * its click's commit, whatever else arrives is kept unread. The first request the front does
 * not answer itself hands the whole connection to the {@link Tunnel}. Only its loop's thread
 * touches it.
 */
final class FrontConnection {
    private static final Logger LOG = Logger.getLogger(FrontConnection.class.getName());
    /** Unparsed bytes kept behind a request in flight before the front stops reading. */
    private static final int MAX_UNREAD = 32 * 1024;
    private static final byte[] NOTHING = new byte[0];

    private final EventLoop loop;
    final SocketChannel channel;
    private final SelectionKey key;
    private final String peerIp;
    private byte[] unread = NOTHING;
    private ByteBuffer unwritten;
    private boolean awaiting;
    private boolean inputEnded;
    private boolean closeWhenWritten;
    private boolean closed;
    long lastActive;
    /** When the first bytes of a head still incomplete arrived; 0 when no head is awaited from the client. */
    private long headStartedAt;
    // set when the connection goes to the tunnel
    ByteBuffer owedToClient;
    byte[] forBackend;

    FrontConnection(EventLoop loop, SocketChannel channel, SelectionKey key, long now) {
        this.loop = loop;
        this.channel = channel;
        this.key = key;
        this.peerIp = peerIp(channel);
        this.lastActive = now;
    }

    /** Whether the client has been sending the head it started before {@code cutoff} ever since (slowloris). */
    boolean headStartedBefore(long cutoff) {
        return headStartedAt != 0 && headStartedAt < cutoff;
    }

    boolean idleSince(long cutoff) {
        return !awaiting && unwritten == null && lastActive < cutoff;
    }

    void onReadable() {
        ByteBuffer buffer = loop.readBuffer;
        buffer.clear();
        buffer.put(unread);
        unread = NOTHING;
        try {
            if (channel.read(buffer) < 0) {
                inputEnded = true;
            }
        } catch (IOException e) {
            close();
            return;
        }
        lastActive = loop.now();
        consume(buffer.array(), 0, buffer.position());
    }

    void onWritable() {
        try {
            channel.write(unwritten);
        } catch (IOException e) {
            close();
            return;
        }
        if (unwritten.hasRemaining()) {
            return;
        }
        unwritten = null;
        if (closeWhenWritten) {
            close();
            return;
        }
        continueWithUnread();
    }

    /** Answers every complete request in {@code b[from, to)} it can, and keeps the rest. */
    private void consume(byte[] b, int from, int to) {
        int pos = from;
        while (pos < to && !awaiting && unwritten == null && !closeWhenWritten) {
            int end = RequestHead.end(b, pos, to);
            if ((end < 0 ? to : end) - pos > loop.maxHeadBytes) {
                refuseHead();
                break;
            }
            if (end < 0) {
                break;
            }
            RequestHead head = RequestHead.parse(b, pos, end);
            if (head == null || head.needsBackend || !ShortLinkRedirect.isShortLinkPath(head.rawPath)) {
                handOff(b, pos, to);
                return;
            }
            pos = end;
            answer(head);
        }
        if (closed) {
            return;
        }
        if (!closeWhenWritten && pos < to) {
            unread = Arrays.copyOfRange(b, pos, to);
        }
        boolean headAwaited = !closeWhenWritten && pos < to && !awaiting && unwritten == null;
        headStartedAt = !headAwaited ? 0 : headStartedAt == 0 ? lastActive : headStartedAt;
        if (inputEnded && !awaiting) {
            if (unwritten == null) {
                close();
                return;
            }
            closeWhenWritten = true;
        }
        updateInterest();
    }

    private void answer(RequestHead head) {
        CompletableFuture<RedirectAnswer> answer;
        try {
            answer = loop.redirect.answer(new RedirectRequest(head.head(), head.host, head.rawPath, head.rawQuery,
                    peerIp, head.userAgent, head.referer, head.forwardedFor, head.forwardedProto, head.noTrack),
                    loop::execute);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Redirect failed for " + head.rawPath, e);
            answer = CompletableFuture.completedFuture(RedirectAnswer.unavailable());
        }
        if (answer.isDone()) {
            respond(head, answer.getNow(null));
            return;
        }
        awaiting = true;
        // Completed on this loop's thread (the redirect finishes its answer here), so no hop back is needed.
        answer.whenComplete((done, failure) -> completed(head, done, failure));
    }

    private void completed(RequestHead head, RedirectAnswer answer, Throwable failure) {
        awaiting = false;
        if (closed) {
            return;
        }
        respond(head, failure == null ? answer : RedirectAnswer.unavailable());
        if (!closed && unwritten == null && !closeWhenWritten) {
            continueWithUnread();
        } else if (!closed) {
            updateInterest();
        }
    }

    private void continueWithUnread() {
        byte[] pending = unread;
        unread = NOTHING;
        consume(pending, 0, pending.length);
    }

    private void respond(RequestHead head, RedirectAnswer answer) {
        boolean keepAlive = head.keepAlive() && !inputEnded;
        if (!keepAlive) {
            closeWhenWritten = true;
            unread = NOTHING;
        }
        write(ByteBuffer.wrap(ResponseBytes.encode(answer, head.head(), keepAlive, head.http10)));
    }

    private void write(ByteBuffer bytes) {
        try {
            channel.write(bytes);
        } catch (IOException e) {
            close();
            return;
        }
        if (bytes.hasRemaining()) {
            unwritten = bytes;
            updateInterest();
        } else if (closeWhenWritten) {
            close();
        }
    }

    /** A head past the limit is answered 431 here: passed on, it would cost Helidon as much. */
    private void refuseHead() {
        closeWhenWritten = true;
        unread = NOTHING;
        write(ByteBuffer.wrap(ResponseBytes.refusal(ErrorCode.REQUEST_HEADER_FIELDS_TOO_LARGE,
                "The request head is larger than the limit of " + loop.maxHeadBytes + " bytes.")));
    }

    private void updateInterest() {
        if (closed) {
            return;
        }
        int ops = 0;
        if (!inputEnded && !closeWhenWritten && unread.length <= Math.max(MAX_UNREAD, loop.maxHeadBytes)) {
            ops |= SelectionKey.OP_READ;
        }
        if (unwritten != null) {
            ops |= SelectionKey.OP_WRITE;
        }
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    private void handOff(byte[] b, int from, int to) {
        owedToClient = unwritten;
        unwritten = null;
        forBackend = Arrays.copyOfRange(b, from, to);
        closed = true; // for this loop: the tunnel owns the channel now
        key.cancel();
        loop.handOff(this);
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        key.cancel();
        loop.forget(this);
        try {
            channel.close();
        } catch (IOException ignored) {
            // the peer is gone either way
        }
    }

    private static String peerIp(SocketChannel channel) {
        try {
            if (channel.getRemoteAddress() instanceof InetSocketAddress inet && inet.getAddress() != null) {
                return Tunnel.literal(inet.getAddress());
            }
        } catch (IOException ignored) {
            // a connection already gone: it will fail at its first read
        }
        return null;
    }
}
