package org.parley.web.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.web.signalling.LocalRoomChannel;
import org.redisson.client.codec.StringCodec;

/** A process with the signalling role only, on the machine's Redis. */
class ClusterNodeTest {

    private final TestRedis redis = new TestRedis();

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    @Test
    void aSignallingOnlyNodeNeverStartsTheMediaBackendAndIsNoPlaceForRooms() {
        String id = redis.node("signalling");
        ClusterNode node = new ClusterNode(redis.client, new Untouchable<>(), new Untouchable<>(), new Untouchable<>(),
                "signalling", Optional.of(id), Optional.of(redis.cluster), Duration.ofSeconds(5), Duration.ofSeconds(30));
        node.start(null);
        try {
            assertInstanceOf(RedisMediaNode.class, node.mediaNode());
            assertEquals("signalling", redis.client.getBucket(ClusterKeys.node(id), StringCodec.INSTANCE).get(),
                    "alive, so media nodes keep its participants' sessions");
            assertFalse(redis.client.getSet(ClusterKeys.mediaNodes(redis.cluster)).contains(id), "never given rooms");
        } finally {
            node.stop(null);
            node.closeMediaNode();
        }
        assertFalse(redis.exists(ClusterKeys.node(id)), "gone at once when it stops");
    }

    @Test
    void roomEventsGoOverRedisOnlyWhenAClusterNameIsSet() {
        for (Optional<String> cluster : List.of(Optional.of(redis.cluster), Optional.<String>empty())) {
            String id = redis.node("signalling");
            ClusterNode node = new ClusterNode(redis.client, new Untouchable<>(), new Untouchable<>(),
                    new Untouchable<>(), "signalling", Optional.of(id), cluster, Duration.ofSeconds(5),
                    Duration.ofSeconds(30));
            node.start(null);
            try {
                assertEquals(cluster.isPresent() ? RedisRoomChannel.class : LocalRoomChannel.class,
                        node.roomChannel().getClass(), "cluster name " + cluster);
            } finally {
                node.stop(null);
                node.closeMediaNode();
            }
        }
    }

    /** Stands for the media beans: a signalling-only node must never ask for them. */
    private static final class Untouchable<T> implements Instance<T> {
        @Override
        public T get() {
            throw new AssertionError("a signalling-only node created a media bean");
        }

        @Override
        public Instance<T> select(Annotation... qualifiers) {
            return this;
        }

        @Override
        public <U extends T> Instance<U> select(Class<U> subtype, Annotation... qualifiers) {
            return new Untouchable<>();
        }

        @Override
        public <U extends T> Instance<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            return new Untouchable<>();
        }

        @Override
        public boolean isUnsatisfied() {
            return false;
        }

        @Override
        public boolean isAmbiguous() {
            return false;
        }

        @Override
        public void destroy(T instance) {
        }

        @Override
        public Handle<T> getHandle() {
            throw new AssertionError("a signalling-only node created a media bean");
        }

        @Override
        public Iterable<? extends Handle<T>> handles() {
            throw new AssertionError("a signalling-only node created a media bean");
        }

        @Override
        public Iterator<T> iterator() {
            throw new AssertionError("a signalling-only node created a media bean");
        }
    }
}
