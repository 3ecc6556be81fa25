package dev.referly.storage;

import java.util.concurrent.locks.ReentrantLock;

/**
 * SQLite admits one writer at a time. Left to SQLite, the others wait in its busy handler:
 * native sleeps that pin a virtual thread's carrier, so on a small machine a few waiting
 * writers can stall every request, the lock holder's included, until "database is locked".
 * Writers queue here instead, on a lock virtual threads can park on. PostgreSQL locks rows
 * itself and needs no gate. Take a connection before the gate, never the other way round:
 * requests hold connections while they queue here.
 */
public final class WriteGate {
    private final ReentrantLock lock;

    private WriteGate(ReentrantLock lock) {
        this.lock = lock;
    }

    static WriteGate forDialect(Dialect dialect) {
        return new WriteGate(dialect == Dialect.SQLITE ? new ReentrantLock(true) : null);
    }

    public void enter() {
        if (lock != null) {
            lock.lock();
        }
    }

    public void exit() {
        if (lock != null) {
            lock.unlock();
        }
    }
}
