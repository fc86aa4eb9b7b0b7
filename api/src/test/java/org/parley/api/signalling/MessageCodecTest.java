package org.parley.api.signalling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    private static final MessageCodec CODEC = new MessageCodec();

    @AfterAll
    static void close() throws Exception {
        CODEC.close();
    }

    @Test
    void readsAJoin() throws ProtocolException {
        var message = CODEC.decodeFromClient("{\"type\":\"join\",\"roomId\":\"r1\",\"token\":\"t\",\"displayName\":\"Ada\"}");
        assertEquals(new Join("r1", "t", "Ada", null), message);
    }

    @Test
    void everyMessageABrowserMaySendIsTakenByItsType() {
        for (JsonbSubtype subtype : Message.class.getAnnotation(JsonbTypeInfo.class).value()) {
            if (!Message.FromClient.class.isAssignableFrom(subtype.type())) {
                continue;
            }
            try {
                assertEquals(subtype.type(), CODEC.decodeFromClient("{\"type\":\"" + subtype.alias() + "\"}").getClass());
            } catch (ProtocolException e) {
                assertEquals(ErrorCode.MALFORMED_MESSAGE, e.code(), subtype.alias() + ": " + e.getMessage()); // fields missing
            }
        }
    }

    @Test
    void readsAConnectionReport() throws ProtocolException {
        assertEquals(new ConnectionReport("TCP", 35, 2.5, null), CODEC.decodeFromClient(
                "{\"type\":\"connectionReport\",\"path\":\"TCP\",\"roundTripMs\":35,\"lossPercent\":2.5}"));
    }

    @Test
    void aMessageSentToManyIsEncodedOnceAndOthersStillTheirOwn() {
        Message news = new ParticipantJoined(new Participant("p2", "Bo", false, true, false, false));
        String first = CODEC.encode(news);

        assertTrue(first == CODEC.encode(news), "the same message, the same text");
        assertEquals("{\"type\":\"audience\",\"count\":3}", CODEC.encode(new Audience(3)));
        assertEquals(first, CODEC.encode(new ParticipantJoined(new Participant("p2", "Bo", false, true, false, false))));
        assertTrue(CODEC.encode(new Audience(4)).contains("4"), "an equal-looking but new message is encoded anew");
    }

    @Test
    void writesTheTypeSoBrowsersCanDispatch() throws ProtocolException {
        String json = CODEC.encode(new Joined("r1", "p1", true, List.of(new Participant("p2", "Bo", false, true, false, true)), "secret", false, 7));
        assertTrue(json.contains("\"type\":\"joined\""), json);
        assertEquals(new Joined("r1", "p1", true, List.of(new Participant("p2", "Bo", false, true, false, true)), "secret", false, 7), CODEC.decode(json));
        assertEquals(new Joined("r", "p", false, List.of(), "t", false, 0), CODEC.decode("{\"type\":\"joined\",\"roomId\":\"r\","
                + "\"participantId\":\"p\",\"isHost\":false,\"participants\":[],\"resumeToken\":\"t\",\"resumed\":false}"),
                "from a server before audiences: none");
        assertEquals(new Audience(12), CODEC.decode(CODEC.encode(new Audience(12))));
        assertTrue(CODEC.encode(new Audience(12)).contains("\"type\":\"audience\""));
        assertTrue(CODEC.encode(new ErrorMessage(ErrorCode.ROOM_NOT_FOUND, "No such room")).contains("\"code\":\"ROOM_NOT_FOUND\""));
        assertEquals("{\"type\":\"dominantSpeaker\",\"participantId\":\"p2\"}", CODEC.encode(new DominantSpeaker("p2")));
        assertEquals("{\"type\":\"offer\",\"sdp\":\"v=0\"}", CODEC.encode(new Offer("v=0")), "no screenMid from the server");
    }

    @Test
    void joinedCarriesIceServersWithCredentialsOnlyForTurn() throws ProtocolException {
        Joined joined = new Joined("r", "p", false, List.of(), "t", true, 0, List.of(
                IceServer.stun(List.of("stun:stun.example.com")),
                new IceServer(List.of("turn:turn.example.com:3478?transport=udp"), "1700000000:p", "c2VjcmV0")));

        String json = CODEC.encode(joined);

        assertTrue(json.contains("\"iceServers\":[{\"urls\":[\"stun:stun.example.com\"]},"
                + "{\"credential\":\"c2VjcmV0\",\"urls\":[\"turn:turn.example.com:3478?transport=udp\"],"
                + "\"username\":\"1700000000:p\"}]"), "STUN without credentials, TURN with them: " + json);
        assertEquals(joined, CODEC.decode(json));
        assertEquals(List.of(), ((Joined) CODEC.decode("{\"type\":\"joined\",\"roomId\":\"r\",\"participantId\":\"p\","
                + "\"isHost\":false,\"participants\":[],\"resumeToken\":\"t\",\"resumed\":false}")).iceServers(),
                "from a server before TURN: none");
    }

    @Test
    void anOfferNamesItsScreenSectionOrNot() throws ProtocolException {
        assertEquals(new Offer("v=0", "2"), CODEC.decodeFromClient("{\"type\":\"offer\",\"sdp\":\"v=0\",\"screenMid\":\"2\"}"));
        assertEquals(new Offer("v=0"), CODEC.decodeFromClient("{\"type\":\"offer\",\"sdp\":\"v=0\"}"));
        assertEquals(new ShareScreen(true), CODEC.decodeFromClient("{\"type\":\"shareScreen\",\"sharing\":true}"));
    }

    @Test
    void notJsonIsMalformed() {
        assertCode(ErrorCode.MALFORMED_MESSAGE, "{\"type\":\"join\",");
        assertCode(ErrorCode.MALFORMED_MESSAGE, "[1,2]");
        assertCode(ErrorCode.MALFORMED_MESSAGE, "\"join\"");
    }

    @Test
    void wrongFieldShapeIsMalformed() {
        assertCode(ErrorCode.MALFORMED_MESSAGE, "{\"type\":\"candidate\",\"candidate\":\"x\",\"sdpMLineIndex\":\"not a number\"}");
    }

    @Test
    void unknownOrMissingTypeIsNamed() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> CODEC.decodeFromClient("{\"type\":\"dance\"}"));
        assertEquals(ErrorCode.UNKNOWN_MESSAGE_TYPE, e.code());
        assertTrue(e.getMessage().contains("dance"), e.getMessage());
        assertCode(ErrorCode.UNKNOWN_MESSAGE_TYPE, "{\"sdp\":\"v=0\"}");
        assertCode(ErrorCode.UNKNOWN_MESSAGE_TYPE, "{\"type\":42}");
    }

    @Test
    void clientsCannotSendServerMessages() {
        assertCode(ErrorCode.UNKNOWN_MESSAGE_TYPE, "{\"type\":\"participantLeft\",\"participantId\":\"p\"}");
        assertCode(ErrorCode.UNKNOWN_MESSAGE_TYPE, "{\"type\":\"dominantSpeaker\",\"participantId\":\"p\"}");
    }

    private static void assertCode(ErrorCode expected, String json) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> CODEC.decodeFromClient(json));
        assertEquals(expected, e.code(), e.getMessage());
    }
}
