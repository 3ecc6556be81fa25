package dev.referly.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No {@code dev.referly.x.Type} written out in code: a dependency belongs on the import lines,
 * where a reader (and review) sees what a class leans on. ArchUnit cannot check this: it reads
 * bytecode, where an inline name and an import look alike (and an inlined constant leaves no trace).
 */
class NoInlineQualifiedNamesTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern QUALIFIED = Pattern.compile("dev\\.referly\\.(?:[a-z][a-z0-9]*\\.)+[A-Z]");
    private static final Pattern IMPORT_OR_PACKAGE = Pattern.compile("^\\s*(?:import|package)\\s");


    @Test
    void mainSourcesNameReferlyTypesThroughImports() throws IOException {
        List<String> inline = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String relative = SOURCES.relativize(file).toString().replace('\\', '/');
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (!IMPORT_OR_PACKAGE.matcher(line).find() && QUALIFIED.matcher(line).find()) {
                        inline.add(relative + ":" + (i + 1) + ": " + line.strip());
                    }
                }
            }
        }
        assertThat(inline).as("inline qualified dev.referly names (import them instead)").isEmpty();
    }

    @Test
    void theScanSeesTheSources() {
        // A wrong working directory would make the rule above pass on nothing.
        assertThat(SOURCES.resolve("dev/referly/App.java")).isRegularFile();
    }
}
