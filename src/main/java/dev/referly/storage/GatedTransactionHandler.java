package dev.referly.storage;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.transaction.DelegatingTransactionHandler;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/** Every JDBI transaction passes the {@link WriteGate} before it begins. */
final class GatedTransactionHandler extends DelegatingTransactionHandler {
    private final WriteGate gate;

    GatedTransactionHandler(TransactionHandler delegate, WriteGate gate) {
        super(delegate);
        this.gate = gate;
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback) throws X {
        gate.enter();
        try {
            return super.inTransaction(handle, callback);
        } finally {
            gate.exit();
        }
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, TransactionIsolationLevel level,
            HandleCallback<R, X> callback) throws X {
        gate.enter();
        try {
            return super.inTransaction(handle, level, callback);
        } finally {
            gate.exit();
        }
    }
}
