package org.parley.media.spi;

/** Told which simulcast layers of a producer anyone watches. Called on a backend thread: do not block. */
@FunctionalInterface
public interface LayerDemandListener {

    /**
     * Nobody watches {@code producer}'s layers above {@code highestWatched} (0 is the lowest, which is always kept): its
     * publisher may stop encoding them until this is called again with a higher layer.
     */
    void onLayerDemand(Producer producer, int highestWatched);
}
