package org.parley.web.cluster;

/** No process playing the media role is alive: nobody can host a room's media. */
public final class NoMediaNodeException extends RuntimeException {

    public NoMediaNodeException() {
        super("No media node is alive (is any process running with parley.roles including media?)");
    }
}
