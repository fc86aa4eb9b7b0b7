package org.parley.web.media;

import java.util.Locale;
import java.util.Optional;

/**
 * The H.264 profile a {@code profile-level-id} names (RFC 6184 §8.1: profile_idc, then the constraint flags, then the
 * level). Parley matches H.264 by profile, not by the literal string: Safari writes constrained baseline as
 * {@code 42e01f}, others as {@code 42c01f} or {@code 4d801f}, and the level says only how large a picture may be.
 */
enum H264Profile {
    CONSTRAINED_BASELINE, BASELINE, MAIN, EXTENDED, HIGH, CONSTRAINED_HIGH;

    /** The profile of a {@code profile-level-id}; empty when it is malformed or names one Parley does not know. */
    static Optional<H264Profile> of(String profileLevelId) {
        if (profileLevelId.length() != 6) {
            return Optional.empty();
        }
        int idc;
        int flags;
        try {
            idc = Integer.parseInt(profileLevelId.substring(0, 2), 16);
            flags = Integer.parseInt(profileLevelId.substring(2, 4), 16);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        boolean set0 = (flags & 0x80) != 0;
        boolean set1 = (flags & 0x40) != 0;
        return Optional.ofNullable(switch (idc) {
            // A stream that meets Main's constraints too (constraint_set1) is constrained baseline.
            case 0x42 -> set1 ? CONSTRAINED_BASELINE : BASELINE;
            case 0x4D -> set0 ? CONSTRAINED_BASELINE : MAIN;
            case 0x58 -> set0 && set1 ? CONSTRAINED_BASELINE : set0 ? BASELINE : EXTENDED;
            // constraint_set4 and 5 together: no B slices, progressive only.
            case 0x64 -> (flags & 0x0C) == 0x0C ? CONSTRAINED_HIGH : HIGH;
            default -> null;
        });
    }

    /** The default when an offer has no profile-level-id (RFC 6184: 420010, baseline). */
    static Optional<H264Profile> ofFmtp(String profileLevelId) {
        return of(profileLevelId.isEmpty() ? "420010" : profileLevelId.toLowerCase(Locale.ROOT));
    }

    /**
     * Whether a decoder of {@code decoder}'s profile decodes a stream of this one: constrained baseline is the
     * common subset of all the others, baseline a subset of extended, constrained high a subset of high.
     */
    boolean decodableBy(H264Profile decoder) {
        return this == decoder || this == CONSTRAINED_BASELINE
                || this == BASELINE && decoder == EXTENDED
                || this == CONSTRAINED_HIGH && decoder == HIGH;
    }
}
