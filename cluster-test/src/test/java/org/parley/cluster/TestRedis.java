package org.parley.cluster;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/** A small Redisson client to the tests' Redis ({@code parley.redisAddress}), for reading what Parley stored. */
final class TestRedis {

    private TestRedis() {}

    static RedissonClient connect() {
        Config config = new Config();
        config.setCodec(StringCodec.INSTANCE);
        config.setThreads(2);
        config.setNettyThreads(2);
        config.useSingleServer().setAddress(System.getProperty("parley.redisAddress")).setConnectionMinimumIdleSize(1)
                .setConnectionPoolSize(2).setSubscriptionConnectionMinimumIdleSize(0);
        return Redisson.create(config);
    }
}
