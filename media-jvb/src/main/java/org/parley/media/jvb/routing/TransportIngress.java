package org.parley.media.jvb.routing;

import org.parley.media.jvb.rtp.RtpHeader;
import org.parley.media.jvb.transport.TransportHandler;
import org.parley.media.spi.TransportState;

/**
 * Where a transport's decrypted packets enter routing: RTP → its producer (by SSRC) → its consumers;
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
        long now = transport.router().nanoClock().getAsLong();
        if (!transport.ingressBudget().take(length, now)) {
            transport.countOverIngressBudget();
            return;
        }
        transport.noteArrival(buffer, offset, length, now);
        int ssrc = RtpHeader.ssrc(buffer, offset);
        JvbProducer producer = transport.producerOf(ssrc);
        if (producer == null) {
            transport.dropUnknownSsrc(ssrc);
            return;
        }
        producer.forwardRtp(ssrc, buffer, offset, length, now);
    }

    @Override
    public void onRtcp(byte[] buffer, int offset, int length) {
        RtcpRouting.route(transport, buffer, offset, length);
    }

    @Override
    public boolean claims(byte[] buffer, int offset, int length) {
        return transport.claimsUnannounced(buffer, offset, length);
    }

    @Override
    public boolean learn(byte[] buffer, int offset, int length) {
        return transport.learnUnannounced(buffer, offset, length);
    }
}
