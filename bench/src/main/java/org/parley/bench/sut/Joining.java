package org.parley.bench.sut;

import java.util.concurrent.CompletableFuture;

/** One participant being connected to a system under test; closing it leaves. */
public interface Joining extends AutoCloseable {

    /** Completes when the participant's media transport is up. */
    CompletableFuture<Void> connected();

    @Override
    void close();
}
