package dev.referly.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.referly.testing.Http;
import dev.referly.testing.Store;
import dev.referly.testing.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A failure nobody planned for answers 500 in Dub's shape, with a request id and no internals. */
class InternalErrorIT {
    @ParameterizedTest
    @EnumSource(Store.class)
    void aBrokenDatabaseAnswers500WithoutLeakingInternals(Store store) {
        try (TestServer server = TestServer.start(store)) {
            server.app().database().jdbi().useHandle(h -> h.execute("DROP TABLE links"));
            Http.Response r = server.api().get("/links");
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.json().at("/error/code").asText()).isEqualTo("internal_server_error");
            String message = r.json().at("/error/message").asText();
            assertThat(message).startsWith("An internal error occurred (request id ");
            assertThat(r.body()).doesNotContainIgnoringCase("sql").doesNotContainIgnoringCase("links")
                    .doesNotContain("Exception").doesNotContain("dev.referly");
        }
    }
}
