package dev.referly.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The page checks the browser tests rely on find what they are meant to find. */
class AccessibilityCheckIT {

    static List<String> problems(String html) throws Exception {
        try (Chromium c = Chromium.start()) {
            c.open("data:text/html;charset=utf-8," + URLEncoder.encode(html, StandardCharsets.UTF_8).replace("+", "%20"));
            List<String> out = new ArrayList<>();
            c.eval(Accessibility.PROBLEMS).forEach(p -> out.add(p.asText()));
            return out;
        }
    }

    @Test
    void aCleanPageHasNoProblemsAndAPoorOneHasEach() throws Exception {
        String head = "<!doctype html><html lang=en><head><title>t</title></head>";
        assertThat(problems(head + "<body><h1>Hello</h1><p style='color:#333'>Readable</p>"
                + "<label for=a>Name</label><input id=a><button>Save</button></body></html>")).isEmpty();

        List<String> poor = problems("<!doctype html><html><head></head><body style='background:#fff'>"
                + "<p style='color:#bbb'>Faint text</p><input name=q><button></button>"
                + "<div style='background:#222'><span style='color:#444'>Dark on dark</span></div>"
                + "<p style='color:#949494;font-size:30px'>Large grey</p></body></html>");
        assertThat(poor).contains("no lang", "no title", "h1 count", "unlabelled q");
        assertThat(poor).anyMatch(p -> p.startsWith("nameless <button"));
        assertThat(poor).anyMatch(p -> p.startsWith("contrast") && p.contains("Faint text"));
        assertThat(poor).anyMatch(p -> p.startsWith("contrast") && p.contains("Dark on dark"));
        // #949494 on white is 3.03:1: enough for large text only.
        assertThat(poor).noneMatch(p -> p.contains("Large grey"));
    }
}
