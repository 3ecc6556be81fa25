package dev.referly.storage;

import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Values the whole installation shares (e.g. the visitor-hash salt). The first process to
 * store a value wins; every other process reads that one, so they agree without coordination.
 */
public final class InstanceSettings {
    private final Jdbi jdbi;

    public InstanceSettings(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public String getOrCreate(String name, Supplier<String> initial) {
        return jdbi.withHandle(h -> {
            h.createUpdate("INSERT INTO instance_settings (name, value) VALUES (:name, :value) ON CONFLICT (name) DO NOTHING")
                    .bind("name", name)
                    .bind("value", initial.get())
                    .execute();
            return h.createQuery("SELECT value FROM instance_settings WHERE name = :name")
                    .bind("name", name)
                    .mapTo(String.class)
                    .one();
        });
    }

    /** True for exactly one caller across all processes: a once-only claim on {@code name}. */
    public boolean claim(String name, String value) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "INSERT INTO instance_settings (name, value) VALUES (:name, :value) ON CONFLICT (name) DO NOTHING")
                .bind("name", name)
                .bind("value", value)
                .execute()) == 1;
    }
}
