package dev.referly.testing;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a MaxMind DB (format 2.0, the {@code .mmdb} files GeoIP2, GeoLite2 and DB-IP ship) so
 * tests can build the geo databases they need instead of depending on files outside the
 * repository. IPv6 tree with IPv4 networks under {@code ::/96}, 32-bit records, as the
 * published specification describes.
 *
 * <p>Values map to MaxMind types by their Java type: String to utf8_string, Integer to uint16,
 * Long to uint32, BigInteger to uint64, Boolean, Double, List to array and Map to map.
 */
public final class MmdbWriter {
    private static final byte[] METADATA_MARKER = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF,
            'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'};
    private static final int DATA_SECTION_SEPARATOR = 16;

    private final String databaseType;
    private final Node root = new Node();

    public MmdbWriter(String databaseType) {
        this.databaseType = databaseType;
    }

    /** Maps a network in CIDR notation ({@code 81.2.69.0/24}, {@code 2001:218::/32}) to a record. */
    public MmdbWriter insert(String cidr, Map<String, Object> record) {
        int slash = cidr.indexOf('/');
        byte[] address;
        try {
            address = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(cidr, e);
        }
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        byte[] bits = new byte[16];
        if (address.length == 4) { // IPv4 lives at ::a.b.c.d in an IPv6 tree
            System.arraycopy(address, 0, bits, 12, 4);
            prefix += 96;
        } else {
            bits = address;
        }
        Node node = root;
        for (int i = 0; i < prefix; i++) {
            if (node.record != null) {
                throw new IllegalArgumentException(cidr + " lies inside a network already inserted");
            }
            int bit = (bits[i / 8] >> (7 - i % 8)) & 1;
            if (node.children[bit] == null) {
                node.children[bit] = new Node();
            }
            node = node.children[bit];
        }
        if (node.children[0] != null || node.children[1] != null) {
            throw new IllegalArgumentException(cidr + " contains a network already inserted");
        }
        node.record = record;
        return this;
    }

    public byte[] toBytes() {
        List<Node> internal = numberInternalNodes();
        long nodeCount = internal.size();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        Map<Map<String, Object>, Long> offsets = new IdentityHashMap<>();
        ByteArrayOutputStream tree = new ByteArrayOutputStream();
        for (Node node : internal) {
            for (Node child : node.children) {
                writeUint32(tree, recordValue(child, nodeCount, data, offsets));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(tree.toByteArray());
        out.writeBytes(new byte[DATA_SECTION_SEPARATOR]);
        out.writeBytes(data.toByteArray());
        out.writeBytes(METADATA_MARKER);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("binary_format_major_version", 2);
        metadata.put("binary_format_minor_version", 0);
        metadata.put("build_epoch", BigInteger.valueOf(1_767_225_600L));
        metadata.put("database_type", databaseType);
        metadata.put("description", Map.of("en", "Referly test database"));
        metadata.put("ip_version", 6);
        metadata.put("languages", List.of("en"));
        metadata.put("node_count", nodeCount);
        metadata.put("record_size", 32);
        encode(out, metadata);
        return out.toByteArray();
    }

    /** Internal nodes (no record of their own), breadth first: the root is node 0. */
    private List<Node> numberInternalNodes() {
        List<Node> internal = new java.util.ArrayList<>();
        ArrayDeque<Node> queue = new ArrayDeque<>(List.of(root));
        while (!queue.isEmpty()) {
            Node node = queue.poll();
            node.number = internal.size();
            internal.add(node);
            for (Node child : node.children) {
                if (child != null && child.record == null) {
                    queue.add(child);
                }
            }
        }
        return internal;
    }

    /** A pointer to a node, "no data" (node count), or node count + 16 + the record's data offset. */
    private long recordValue(Node child, long nodeCount, ByteArrayOutputStream data,
            Map<Map<String, Object>, Long> offsets) {
        if (child == null) {
            return nodeCount;
        }
        if (child.record == null) {
            return child.number;
        }
        Long offset = offsets.get(child.record);
        if (offset == null) {
            offset = (long) data.size();
            offsets.put(child.record, offset);
            encode(data, child.record);
        }
        return nodeCount + DATA_SECTION_SEPARATOR + offset;
    }

    private static void encode(ByteArrayOutputStream out, Object value) {
        switch (value) {
            case String s -> {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                control(out, 2, utf8.length);
                out.writeBytes(utf8);
            }
            case Double d -> {
                control(out, 3, 8);
                writeUnsigned(out, Double.doubleToLongBits(d), 8);
            }
            case Integer i -> unsigned(out, 5, i, 2);
            case Long l -> unsigned(out, 6, l, 4);
            case BigInteger b -> unsigned(out, 9, b.longValueExact(), 8);
            case Boolean b -> control(out, 14, b ? 1 : 0);
            case Map<?, ?> m -> {
                control(out, 7, m.size());
                m.forEach((k, v) -> {
                    encode(out, (String) k);
                    encode(out, v);
                });
            }
            case List<?> list -> {
                control(out, 11, list.size());
                list.forEach(v -> encode(out, v));
            }
            default -> throw new IllegalArgumentException("No MaxMind type for " + value.getClass());
        }
    }

    /** Unsigned integers are stored big-endian in as few bytes as they need. */
    private static void unsigned(ByteArrayOutputStream out, int type, long value, int maxBytes) {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        int length = (64 - Long.numberOfLeadingZeros(value) + 7) / 8;
        if (length > maxBytes) {
            throw new IllegalArgumentException(value + " does not fit type " + type);
        }
        control(out, type, length);
        writeUnsigned(out, value, length);
    }

    /** The control byte: type in the top 3 bits (0 and an extra byte for types past 7), then the size. */
    private static void control(ByteArrayOutputStream out, int type, int size) {
        int first = (type <= 7 ? type : 0) << 5;
        byte[] sizeBytes;
        if (size < 29) {
            first |= size;
            sizeBytes = new byte[0];
        } else if (size < 29 + 256) {
            first |= 29;
            sizeBytes = new byte[] {(byte) (size - 29)};
        } else if (size < 285 + 65_536) {
            first |= 30;
            sizeBytes = new byte[] {(byte) ((size - 285) >> 8), (byte) (size - 285)};
        } else {
            first |= 31;
            int rest = size - 65_821;
            sizeBytes = new byte[] {(byte) (rest >> 16), (byte) (rest >> 8), (byte) rest};
        }
        out.write(first);
        if (type > 7) {
            out.write(type - 7);
        }
        out.writeBytes(sizeBytes);
    }

    private static void writeUint32(ByteArrayOutputStream out, long value) {
        writeUnsigned(out, value, 4);
    }

    private static void writeUnsigned(ByteArrayOutputStream out, long value, int length) {
        for (int i = length - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)));
        }
    }

    private static final class Node {
        final Node[] children = new Node[2];
        Map<String, Object> record;
        int number;
    }
}
