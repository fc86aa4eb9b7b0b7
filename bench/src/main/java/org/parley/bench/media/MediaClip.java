package org.parley.bench.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Pre-encoded media, read once: VP8 frames from an IVF file and Opus packets from an Ogg file (both made by ffmpeg),
 * played in a loop by the publishers. Nothing is encoded while the benchmark runs.
 */
public record MediaClip(List<byte[]> videoFrames, List<byte[]> audioPackets) {

    public static MediaClip load(Path ivf, Path ogg) throws IOException {
        MediaClip clip = new MediaClip(readIvf(Files.readAllBytes(ivf)), readOggOpus(Files.readAllBytes(ogg)));
        if (clip.videoFrames.isEmpty() || clip.audioPackets.isEmpty()) {
            throw new IOException("empty media clip: " + ivf + ", " + ogg);
        }
        return clip;
    }

    /** VP8's key frame flag: bit 0 of the first byte of the frame is 0 (RFC 6386 §9.1). */
    public static boolean isKeyFrame(byte[] frame) {
        return (frame[0] & 0x01) == 0;
    }

    public long videoBitsPerSecondAt30Fps() {
        long bytes = videoFrames.stream().mapToLong(f -> f.length).sum();
        return bytes * 8 * 30 / videoFrames.size();
    }

    private static List<byte[]> readIvf(byte[] file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < 32 || file[0] != 'D' || file[1] != 'K' || file[2] != 'I' || file[3] != 'F') {
            throw new IOException("not an IVF file");
        }
        int headerLength = b.getShort(6) & 0xFFFF;
        b.position(headerLength);
        List<byte[]> frames = new ArrayList<>();
        while (b.remaining() >= 12) {
            int size = b.getInt();
            b.getLong(); // presentation timestamp
            if (size <= 0 || size > b.remaining()) {
                break;
            }
            byte[] frame = new byte[size];
            b.get(frame);
            frames.add(frame);
        }
        return frames;
    }

    /** Opus packets of the first logical stream, after the OpusHead and OpusTags header packets (RFC 7845). */
    private static List<byte[]> readOggOpus(byte[] file) throws IOException {
        List<byte[]> packets = new ArrayList<>();
        java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();
        int at = 0;
        while (at + 27 <= file.length) {
            if (file[at] != 'O' || file[at + 1] != 'g' || file[at + 2] != 'g' || file[at + 3] != 'S') {
                throw new IOException("bad Ogg page at " + at);
            }
            int segments = file[at + 26] & 0xFF;
            int data = at + 27 + segments;
            for (int s = 0; s < segments; s++) {
                int lacing = file[at + 27 + s] & 0xFF;
                partial.write(file, data, lacing);
                data += lacing;
                if (lacing < 255) {
                    packets.add(partial.toByteArray());
                    partial.reset();
                }
            }
            at = data;
        }
        return packets.size() > 2 ? new ArrayList<>(packets.subList(2, packets.size())) : List.of();
    }
}
