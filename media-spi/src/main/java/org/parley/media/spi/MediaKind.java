package org.parley.media.spi;

public enum MediaKind {
    AUDIO, VIDEO
}
