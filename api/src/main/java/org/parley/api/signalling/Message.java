package org.parley.api.signalling;

import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;

/**
 * A signalling message on the WebSocket. Every message is a JSON object whose {@code type} names the record.
 * The protocol, including which side may send which type, is described in docs/protocol.md.
 */
@JsonbTypeInfo(key = "type", value = {
        @JsonbSubtype(alias = "join", type = Join.class),
        @JsonbSubtype(alias = "joined", type = Joined.class),
        @JsonbSubtype(alias = "offer", type = Offer.class),
        @JsonbSubtype(alias = "answer", type = Answer.class),
        @JsonbSubtype(alias = "candidate", type = Candidate.class),
        @JsonbSubtype(alias = "leave", type = Leave.class),
        @JsonbSubtype(alias = "participantJoined", type = ParticipantJoined.class),
        @JsonbSubtype(alias = "participantLeft", type = ParticipantLeft.class),
        @JsonbSubtype(alias = "error", type = ErrorMessage.class),
        @JsonbSubtype(alias = "mute", type = Mute.class),
        @JsonbSubtype(alias = "muteParticipant", type = MuteParticipant.class),
        @JsonbSubtype(alias = "mutedByHost", type = MutedByHost.class),
        @JsonbSubtype(alias = "participantUpdated", type = ParticipantUpdated.class),
        @JsonbSubtype(alias = "restartIce", type = RestartIce.class),
        @JsonbSubtype(alias = "endMeeting", type = EndMeeting.class),
        @JsonbSubtype(alias = "removeParticipant", type = RemoveParticipant.class),
        @JsonbSubtype(alias = "meetingEnded", type = MeetingEnded.class),
        @JsonbSubtype(alias = "removed", type = Removed.class),
        @JsonbSubtype(alias = "dominantSpeaker", type = DominantSpeaker.class),
        @JsonbSubtype(alias = "shareScreen", type = ShareScreen.class),
        @JsonbSubtype(alias = "activeLayers", type = ActiveLayers.class),
        @JsonbSubtype(alias = "audience", type = Audience.class),
        @JsonbSubtype(alias = "connectionReport", type = ConnectionReport.class),
        @JsonbSubtype(alias = "probe", type = Probe.class),
        @JsonbSubtype(alias = "probing", type = Probing.class)
})
public sealed interface Message
        permits Join, Joined, Offer, Answer, Candidate, Leave, ParticipantJoined, ParticipantLeft, ErrorMessage,
        Mute, MuteParticipant, MutedByHost, ParticipantUpdated, RestartIce, EndMeeting, RemoveParticipant,
        MeetingEnded, Removed, DominantSpeaker, ShareScreen, ActiveLayers, Audience, ConnectionReport,
        Probe, Probing {

    /** Messages a browser may send to the server. */
    sealed interface FromClient permits Join, Offer, Answer, Candidate, Leave, Mute, MuteParticipant, RestartIce,
            EndMeeting, RemoveParticipant, ShareScreen, ConnectionReport, Probe {}
}
