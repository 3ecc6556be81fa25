package dev.referly.http;

import dev.referly.shared.ApiException;
import io.helidon.webserver.http.ServerRequest;
import java.util.ArrayList;
import java.util.List;

/** Typed access to query parameters, with validation errors that name the parameter. */
final class Params {
    private final ServerRequest req;

    Params(ServerRequest req) {
        this.req = req;
    }

    String text(String name) {
        if (!req.query().contains(name)) {
            return null;
        }
        String value = req.query().get(name);
        return value.isEmpty() ? null : value;
    }

    /** Repeated or comma-separated values: {@code ?ids=a,b&ids=c}. */
    List<String> list(String name) {
        List<String> values = new ArrayList<>();
        if (req.query().contains(name)) {
            for (String v : req.query().all(name)) {
                for (String part : v.split(",")) {
                    if (!part.isBlank()) {
                        values.add(part.strip());
                    }
                }
            }
        }
        return values;
    }

    int integer(String name, int fallback) {
        String value = text(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, "must be an integer");
        }
    }

    boolean bool(String name, boolean fallback) {
        String value = text(name);
        if (value == null) {
            return fallback;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.invalid(name, "must be true or false");
        };
    }

    boolean ascending(String name) {
        String value = text(name);
        if (value == null || value.equals("desc")) {
            return false;
        }
        if (value.equals("asc")) {
            return true;
        }
        throw ApiException.invalid(name, "must be asc or desc");
    }
}
