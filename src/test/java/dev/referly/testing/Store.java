package dev.referly.testing;

/** The two stores every storage-touching test runs against. */
public enum Store {
    SQLITE,
    POSTGRES
}
