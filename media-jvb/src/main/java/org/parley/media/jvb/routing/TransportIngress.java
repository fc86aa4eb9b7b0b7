package org.parley.media.jvb.routing;

import org.parley.media.jvb.rtp.RtpHeader;
import org.parley.media.jvb.transport.TransportHandler;
import org.parley.media.spi.TransportState;

/**
 * Where a transport's decrypted packets enter routing: RTP → its producer (by SSRC) → every connected consumer;
 * RTCP → {@link RtcpRouting}. Runs on the transport's receive thread; takes no lock and allocates nothing.
 */
final class TransportIngress implements TransportHandler {

    private final JvbWebRtcTransport transport;

    TransportIngress(JvbWebRtcTransport transport) {
        this.transport = transport;
    }

    @Override
    public void onStateChange(TransportState state) {
        transport.moveTo(state);
    }

    @Override
    public void onRtp(byte[] buffer, int offset, int length) {
        if (!RtpHeader.isValid(buffer, offset, length)) {
            transport.countMalformed();
            return;
        }
        JvbProducer producer = transport.producerOf(RtpHeader.ssrc(buffer, offset));
        if (producer == null) {
            transport.countUnknownSsrc();
            return;
        }
        producer.forwardRtp(buffer, offset, length);
    }

    @Override
    public void onRtcp(byte[] buffer, int offset, int length) {
        RtcpRouting.route(transport, buffer, offset, length);
    }
}
