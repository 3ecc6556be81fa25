package dev.referly.rewards;

import org.commonmark.parser.Parser;
import java.util.List;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Renders a reward's tooltip markdown to HTML that is safe to put in a partner's page: raw
 * HTML in the markdown is escaped, not passed through, and link or image URLs with unsafe
 * schemes (javascript:, vbscript:, and data:, which commonmark's default sanitizer allows) are emptied.
 */
public final class TooltipMarkdown {
    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true)
            .urlSanitizer(new DefaultUrlSanitizer(List.of("http", "https", "mailto"))).build();

    private TooltipMarkdown() {}

    /** The HTML of {@code markdown}, or null for null. */
    public static String toHtml(String markdown) {
        if (markdown == null) {
            return null;
        }
        return RENDERER.render(PARSER.parse(markdown));
    }
}
