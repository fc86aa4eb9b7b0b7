package org.parley.web.cluster;

import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/** Publishes envelopes on Redis topics in the order they were given, off the caller's thread. */
final class Outbox implements AutoCloseable {

    private final RedissonClient redis;
    private final EnvelopeCodec codec;
    private final SerialQueue queue;

    Outbox(RedissonClient redis, EnvelopeCodec codec, String nodeId) {
        this.redis = redis;
        this.codec = codec;
        this.queue = new SerialQueue("parley-cluster-outbox-" + nodeId);
    }

    void publish(String topic, Envelope envelope) {
        String text = codec.encode(envelope);
        queue.submit(() -> redis.getTopic(topic, StringCodec.INSTANCE).publish(text));
    }

    @Override
    public void close() {
        queue.close();
    }
}
