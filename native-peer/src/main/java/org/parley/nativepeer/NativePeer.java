package org.parley.nativepeer;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCBundlePolicy;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtcpMuxPolicy;
import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.MediaType;
import dev.onvoid.webrtc.media.audio.AudioOptions;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.api.signalling.Answer;
import org.parley.api.signalling.Candidate;
import org.parley.api.signalling.ErrorMessage;
import org.parley.api.signalling.Join;
import org.parley.api.signalling.Joined;
import org.parley.api.signalling.Message;
import org.parley.api.signalling.Offer;

/**
 * A participant on real libwebrtc (webrtc-java), standing for native apps in the end-to-end tests: it joins a room
 * from its join URL, sends a synthetic 640x480 camera at 15 fps and the headless audio device's sound, answers the
 * server's offers, and prints one JSON status line every half second: what it decodes from whom.
 *
 * <pre>java -cp … org.parley.nativepeer.NativePeer JOIN_URL vp8|h264 NAME SECONDS
 * java -cp … org.parley.nativepeer.NativePeer --offer vp8|h264     (prints the offer it would make, and exits)</pre>
 *
 * With {@code h264} its video offers H.264 only (as Safari on older iPhones does). libwebrtc ignores loopback
 * addresses: run it where a non-loopback interface exists (the e2e suite's veth namespace).
 */
public final class NativePeer implements PeerConnectionObserver {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;

    private final String codec;
    private final PeerConnectionFactory factory = new PeerConnectionFactory(new HeadlessAudioDeviceModule());
    private final CustomVideoSource camera = new CustomVideoSource();
    private final ScheduledExecutorService cameraClock = Executors.newSingleThreadScheduledExecutor();
    private final ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, AtomicLong> framesFrom = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> audioFrom = new ConcurrentHashMap<>();
    private final CompletableFuture<String> participantId = new CompletableFuture<>();
    private volatile RTCPeerConnection pc;
    private volatile Signalling signalling;
    private volatile String lastError = "";

    private NativePeer(String codec) {
        this.codec = codec;
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--offer")) {
            NativePeer peer = new NativePeer(args.length > 1 ? args[1] : "vp8");
            peer.publish(sdp -> {
                System.out.print(sdp);
                System.exit(0);
            });
            Thread.sleep(10_000);
            System.exit(1);
        }
        URI join = URI.create(args[0]);
        String codec = args.length > 1 ? args[1] : "vp8";
        String name = args.length > 2 ? args[2] : "Native";
        long seconds = args.length > 3 ? Long.parseLong(args[3]) : 60;
        String roomId = join.getPath().substring(join.getPath().lastIndexOf('/') + 1);
        String token = join.getQuery().replaceFirst("^.*?t=", "").replaceFirst("&.*$", "");
        NativePeer peer = new NativePeer(codec);
        peer.signalling = new Signalling(URI.create("ws://" + join.getHost() + ":" + join.getPort() + "/ws"), peer::onSignal);
        peer.signalling.send(new Join(roomId, token, name, null));
        peer.cameraClock.scheduleAtFixedRate(peer::pushFrame, 0, 66, TimeUnit.MILLISECONDS);
        peer.reporter.scheduleAtFixedRate(peer::report, 500, 500, TimeUnit.MILLISECONDS);
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        System.exit(0);
    }

    private void onSignal(Message message) {
        if (message instanceof Joined joined) {
            participantId.complete(joined.participantId());
            publish(sdp -> signalling.send(new Offer(sdp)));
        } else if (message instanceof Answer answer) {
            pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.ANSWER, answer.sdp()), done("answer"));
        } else if (message instanceof Offer offer) {
            pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, offer.sdp()), new SetSessionDescriptionObserver() {
                @Override
                public void onSuccess() {
                    pc.createAnswer(new dev.onvoid.webrtc.RTCAnswerOptions(), created(sdp -> signalling.send(new Answer(sdp))));
                }

                @Override
                public void onFailure(String error) {
                    fail("server offer: " + error);
                }
            });
        } else if (message instanceof ErrorMessage error) {
            fail(error.code() + ": " + error.message());
        }
    }

    /** Microphone and camera, sendonly, in one stream; then the one offer a participant makes. */
    private void publish(java.util.function.Consumer<String> offer) {
        RTCConfiguration configuration = new RTCConfiguration();
        configuration.bundlePolicy = RTCBundlePolicy.MAX_BUNDLE;
        configuration.rtcpMuxPolicy = RTCRtcpMuxPolicy.REQUIRE;
        pc = factory.createPeerConnection(configuration, this);
        AudioTrack microphone = factory.createAudioTrack("microphone", factory.createAudioSource(new AudioOptions()));
        VideoTrack video = factory.createVideoTrack("camera", camera);
        pc.addTransceiver(microphone, sendOnly());
        RTCRtpTransceiver videoTransceiver = pc.addTransceiver(video, sendOnly());
        if (codec.equals("h264")) {
            List<RTCRtpCodecCapability> h264 = factory.getRtpReceiverCapabilities(MediaType.VIDEO).getCodecs().stream()
                    .filter(c -> c.getName().equalsIgnoreCase("H264") || c.getName().equalsIgnoreCase("rtx"))
                    .toList();
            videoTransceiver.setCodecPreferences(h264);
        }
        pc.createOffer(new dev.onvoid.webrtc.RTCOfferOptions(), created(offer));
    }

    private static RTCRtpTransceiverInit sendOnly() {
        RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
        init.direction = RTCRtpTransceiverDirection.SEND_ONLY;
        init.streamIds = List.of("native");
        return init;
    }

    /** Sets a created description locally, then hands its SDP on. */
    private CreateSessionDescriptionObserver created(java.util.function.Consumer<String> then) {
        return new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                pc.setLocalDescription(description, new SetSessionDescriptionObserver() {
                    @Override
                    public void onSuccess() {
                        then.accept(description.sdp);
                    }

                    @Override
                    public void onFailure(String error) {
                        fail("set local " + description.sdpType + ": " + error);
                    }
                });
            }

            @Override
            public void onFailure(String error) {
                fail("create description: " + error);
            }
        };
    }

    private SetSessionDescriptionObserver done(String what) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
            }

            @Override
            public void onFailure(String error) {
                fail(what + ": " + error);
            }
        };
    }

    @Override
    public void onIceCandidate(RTCIceCandidate candidate) {
        signalling.send(new Candidate(candidate.sdp, candidate.sdpMid, candidate.sdpMLineIndex));
    }

    /** The server names each track's stream after its publisher's participant id (a=msid in the track's section). */
    @Override
    public void onTrack(RTCRtpTransceiver transceiver) {
        String from = publisherOf(transceiver.getMid());
        if (transceiver.getReceiver().getTrack() instanceof VideoTrack video) {
            AtomicLong frames = framesFrom.computeIfAbsent(from, k -> new AtomicLong());
            video.addSink(frame -> frames.incrementAndGet());
        } else if (transceiver.getReceiver().getTrack() instanceof AudioTrack audio) {
            AtomicLong samples = audioFrom.computeIfAbsent(from, k -> new AtomicLong());
            audio.addSink((data, bitsPerSample, sampleRate, channels, frames) -> samples.addAndGet(frames));
        }
    }

    /** The stream id of section {@code mid} in the server's last description. */
    private String publisherOf(String mid) {
        String section = null;
        for (String line : pc.getRemoteDescription().sdp.split("\r\n")) {
            if (line.startsWith("m=")) {
                section = null;
            } else if (line.equals("a=mid:" + mid)) {
                section = mid;
            } else if (section != null && line.startsWith("a=msid:")) {
                return line.substring("a=msid:".length()).split(" ")[0];
            }
        }
        return "unknown";
    }

    /** A moving gradient, so every frame differs and the encoder keeps sending. */
    private void pushFrame() {
        try {
            NativeI420Buffer buffer = NativeI420Buffer.allocate(WIDTH, HEIGHT);
            long tick = System.nanoTime() / 66_000_000L;
            ByteBuffer y = buffer.getDataY();
            for (int row = 0; row < HEIGHT; row++) {
                for (int column = 0; column < WIDTH; column++) {
                    y.put(row * buffer.getStrideY() + column, (byte) (column + row + tick * 4));
                }
            }
            fill(buffer.getDataU(), (byte) 128);
            fill(buffer.getDataV(), (byte) 96);
            VideoFrame frame = new VideoFrame(buffer, System.nanoTime());
            camera.pushFrame(frame);
            frame.release();
        } catch (Throwable e) {
            fail("camera: " + e);
        }
    }

    private static void fill(ByteBuffer plane, byte value) {
        for (int i = 0; i < plane.capacity(); i++) {
            plane.put(i, value);
        }
    }

    private void report() {
        try {
            printStatus();
        } catch (Throwable e) {
            fail("report: " + e);
        }
    }

    private void printStatus() {
        RTCPeerConnection connection = pc;
        StringBuilder line = new StringBuilder("{\"participantId\":\"").append(participantId.getNow(""))
                .append("\",\"connection\":\"").append(connection == null ? "none" : connection.getConnectionState())
                .append("\",\"video\":").append(counts(framesFrom)).append(",\"audio\":").append(counts(audioFrom))
                .append(",\"error\":\"").append(lastError.replace("\"", "'")).append("\"}");
        System.out.println(line);
        System.out.flush();
    }

    private static String counts(Map<String, AtomicLong> counts) {
        StringBuilder json = new StringBuilder("{");
        counts.forEach((id, count) -> json.append(json.length() > 1 ? "," : "").append('"').append(id).append("\":")
                .append(count.get()));
        return json.append('}').toString();
    }

    private void fail(String error) {
        lastError = error;
        System.err.println("native-peer: " + error);
    }
}
