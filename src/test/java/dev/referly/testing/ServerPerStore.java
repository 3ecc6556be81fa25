package dev.referly.testing;

import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Base of the HTTP tests that run once per store: the class's tests run against a real server
 * on SQLite, then again against a fresh server on PostgreSQL. A subclass's own
 * {@code @BeforeParameterizedClassInvocation} methods run after the server is up.
 */
@ParameterizedClass
@EnumSource(Store.class)
public abstract class ServerPerStore {
    @Parameter
    protected Store store;

    protected static TestServer server;

    @BeforeParameterizedClassInvocation
    static void startServer(Store store) {
        server = TestServer.start(store);
    }

    @AfterParameterizedClassInvocation
    static void stopServer() {
        server.close();
    }

    protected static Http api() {
        return server.api();
    }
}
