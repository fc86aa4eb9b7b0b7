package org.parley.web.signin;

import java.util.List;

/** What checking a sign-in token came to: a host, or a refusal saying exactly why. */
public sealed interface SignInVerdict {

    /** Signed by the issuer, in force, and in the hosts' group. */
    record Host(String subject, List<String> groups) implements SignInVerdict {}

    /** A genuine token whose groups do not include the hosts' group: known, but not allowed to create rooms. */
    record NotAHost(String subject, String hostsGroup) implements SignInVerdict {
        public String reason() {
            return "Signed in as '" + subject + "', who is not in the group '" + hostsGroup + "' that may create rooms.";
        }
    }

    /** Not a token Parley accepts: malformed, unsigned, wrongly signed, expired, from another issuer or audience. */
    record Refused(String reason) implements SignInVerdict {}
}
