package dev.referly.links;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * QR code images, kept once drawn: the route is public and the same few images (a link's code
 * in a page or a print run) are asked for again and again, each costing tens of ms of CPU.
 */
public final class QrCodes {
    private static final long MAX_CACHED_BYTES = 32L * 1024 * 1024;

    private record Request(String text, int size, String foreground, String background) {}

    private final Cache<Request, byte[]> images = Caffeine.newBuilder().maximumWeight(MAX_CACHED_BYTES)
            .weigher((Request r, byte[] png) -> png.length + r.text().length() * 2).build();

    public byte[] png(String text, int size, String foreground, String background) {
        return images.get(new Request(text, size, foreground, background),
                r -> QrCode.png(r.text(), r.size(), r.foreground(), r.background()));
    }
}
