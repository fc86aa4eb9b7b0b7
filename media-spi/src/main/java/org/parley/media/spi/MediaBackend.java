package org.parley.media.spi;

/** A running media backend. Closing it closes every router and releases every socket and thread. */
public interface MediaBackend extends AutoCloseable {

    /** Creates the media side of one room. Routers never exchange media with each other. */
    Router createRouter(String roomId);

    /** Routers currently open, for load reporting. */
    int routerCount();

    @Override
    void close();
}
