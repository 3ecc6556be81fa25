package dev.referly.dashboard;

import dev.referly.shared.ApiException;
import dev.referly.shared.FormEncoding;
import java.util.HashMap;
import java.util.Map;

/** An {@code application/x-www-form-urlencoded} body (what the dashboard's forms post). */
record Form(Map<String, String> values) {
    static final int MAX_BYTES = 64 * 1024;

    /** The request's form; a request without a body is an empty form (reading it would throw). */
    static Form of(io.helidon.webserver.http.ServerRequest req) {
        return parse(req.content().hasEntity() ? req.content().as(String.class) : "");
    }

    static Form parse(String body) {
        Map<String, String> values = new HashMap<>();
        if (body == null || body.isEmpty()) {
            return new Form(values);
        }
        if (body.length() > MAX_BYTES) {
            throw ApiException.badRequest("The form is too large.");
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = FormEncoding.decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : FormEncoding.decode(pair.substring(eq + 1));
            values.putIfAbsent(key, value);
        }
        return new Form(values);
    }


    /** The value, stripped, or null when absent or blank. */
    String text(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** The value exactly as sent (passwords). */
    String raw(String name) {
        return values.get(name);
    }
}
