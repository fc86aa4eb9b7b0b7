package org.parley.web.signalling;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.parley.api.signalling.MessageCodec;

/** One thread-safe {@link MessageCodec} for every socket; its JSON-B instance is costly to build. */
@ApplicationScoped
public class CodecProducer {

    private final MessageCodec codec = new MessageCodec();

    @Produces
    MessageCodec codec() {
        return codec;
    }

    @PreDestroy
    void close() {
        try {
            codec.close();
        } catch (Exception e) {
            // Closing JSON-B only drops caches; nothing to recover at undeploy.
        }
    }
}
