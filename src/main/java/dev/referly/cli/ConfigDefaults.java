package dev.referly.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;

/**
 * Where an option not given on the command line comes from: the environment
 * ({@code REFERLY_SHORT_DOMAIN} for {@code --short-domain}, {@code DATABASE_URL} too), then a
 * properties file ({@code REFERLY_CONFIG}, else {@code ./referly.properties}), then the
 * option's own default.
 */
final class ConfigDefaults implements CommandLine.IDefaultValueProvider {
    private final Map<String, String> env;
    private final Properties file;

    ConfigDefaults(Map<String, String> env) {
        this.env = env;
        this.file = load(Path.of(env.getOrDefault("REFERLY_CONFIG", "referly.properties")));
    }

    private static Properties load(Path path) {
        Properties properties = new Properties();
        if (Files.isRegularFile(path)) {
            try (InputStream in = Files.newInputStream(path)) {
                properties.load(in);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read config file " + path, e);
            }
        }
        return properties;
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec argSpec) {
        if (!(argSpec instanceof CommandLine.Model.OptionSpec option)) {
            return argSpec.defaultValue();
        }
        String name = option.longestName().replaceFirst("^--", "");
        String envName = "REFERLY_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
        if (env.get(envName) != null) {
            return env.get(envName);
        }
        if (name.equals("database-url") && env.get("DATABASE_URL") != null) {
            return env.get("DATABASE_URL");
        }
        if (file.getProperty(name) != null) {
            return file.getProperty(name);
        }
        return option.defaultValue();
    }
}
