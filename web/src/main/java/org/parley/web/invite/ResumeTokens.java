package org.parley.web.invite;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Resume tokens: {@code base64url(participantId) . base64url(HMAC-SHA256("resume:" roomId "|" participantId)) . keyId}
 * (the {@link TokenSecret} key; a token without one, from before key ids, uses the current key).
 * Given only to the participant in {@code joined}, a token proves "I am this participant of this room" after a lost
 * connection. It needs no expiry of its own: it is honoured only while the room still keeps the participant (during
 * the reconnect grace period), and participant ids are never reused.
 */
@ApplicationScoped
public class ResumeTokens {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** Longer than any token this class issues; anything longer is not worth decoding. */
    private static final int MAX_LENGTH = 256;

    private final TokenSecret secret;

    protected ResumeTokens() {
        this.secret = null; // for CDI proxies only
    }

    @Inject
    public ResumeTokens(TokenSecret secret) {
        this.secret = secret;
    }

    public String issue(String roomId, String participantId) {
        return ENCODER.encodeToString(participantId.getBytes(StandardCharsets.UTF_8)) + "."
                + ENCODER.encodeToString(secret.sign(signed(roomId, participantId))) + "." + secret.keyId();
    }

    /** The participant the token names in {@code roomId}; empty when it is forged or for another room. */
    public Optional<String> verify(String token, String roomId) {
        if (token == null || roomId == null || token.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 2 && parts.length != 3) {
            return Optional.empty();
        }
        String participantId;
        byte[] signature;
        try {
            participantId = new String(DECODER.decode(parts[0]), StandardCharsets.UTF_8);
            signature = DECODER.decode(parts[1]);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        return secret.verifies(parts.length == 3 ? parts[2] : null, signed(roomId, participantId), signature)
                ? Optional.of(participantId) : Optional.empty();
    }

    /** ':' never occurs in a room id, so this text can never be an invitation's signed text. */
    private static String signed(String roomId, String participantId) {
        return "resume:" + roomId + "|" + participantId;
    }
}
