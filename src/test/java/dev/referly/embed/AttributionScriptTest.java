package dev.referly.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The attribution script stays small and is the same file as the repository's script/referly.js. */
class AttributionScriptTest {
    static byte[] script() throws Exception {
        try (InputStream in = AttributionScriptTest.class.getResourceAsStream("/script/referly.js")) {
            return in.readAllBytes();
        }
    }

    @Test
    void isUnderFiveKilobytesGzipped() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(script());
        }
        assertThat(out.size()).isLessThan(5 * 1024);
    }

    @Test
    void thePublishedFileIsTheServedOne() throws Exception {
        assertThat(Files.readAllBytes(Path.of("script/referly.js"))).isEqualTo(script());
    }
}
