package org.parley.web.turn;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One STUN or TURN server URL as browsers accept it in {@code RTCIceServer.urls} (RFC 7064, RFC 7065):
 * {@code stun:host[:port]}, or {@code turn:} / {@code turns:} (TURN over TLS) {@code host[:port][?transport=udp|tcp]}.
 * Checked when Parley starts, because a browser given a URL it cannot parse refuses the whole peer connection.
 *
 * @param url       as configured
 * @param scheme    {@code stun}, {@code turn} or {@code turns}
 * @param host      a DNS name, an IPv4 address or a bracketed IPv6 address
 * @param port      the port, or -1 for the scheme's default (3478; 5349 for turns)
 * @param transport {@code udp}, {@code tcp}, or null (browsers then try UDP, and TCP for turns)
 */
public record TurnUrl(String url, String scheme, String host, int port, String transport) {

    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    /** Whether the server asks for credentials: TURN does, STUN does not. */
    public boolean needsCredentials() {
        return !scheme.equals("stun");
    }

    /** @throws IllegalArgumentException naming the URL and what is wrong with it */
    public static TurnUrl parse(String url) {
        int colon = url.indexOf(':');
        if (colon < 0 || url.substring(0, colon).contains(".")) { // "turn.example.com:3478"
            throw invalid(url, "no scheme; write stun:host, turn:host or turns:host");
        }
        String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("stun") && !scheme.equals("turn") && !scheme.equals("turns")) {
            throw invalid(url, "the scheme must be stun, turn or turns, not '" + url.substring(0, colon) + "'");
        }
        String rest = url.substring(colon + 1);
        if (rest.startsWith("//")) {
            throw invalid(url, "no '//' after the scheme: write " + scheme + ":host:port");
        }
        int question = rest.indexOf('?');
        String authority = question < 0 ? rest : rest.substring(0, question);
        String transport = question < 0 ? null : transport(url, scheme, rest.substring(question + 1));
        if (authority.contains("@")) {
            throw invalid(url, "no user name in the URL: Parley issues the credentials (parley.turn.secret)");
        }
        if (authority.contains("/")) {
            throw invalid(url, "no path after the host and port");
        }
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw invalid(url, "an IPv6 address needs its closing ']'");
            }
            host = authority.substring(0, close + 1);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw invalid(url, "only ':port' may follow the IPv6 address");
                }
                portText = after.substring(1);
            }
            if (!IPV6.matcher(host.substring(1, close)).matches() || !host.contains(":")) {
                throw invalid(url, "'" + host + "' is not an IPv6 address");
            }
        } else {
            int portColon = authority.indexOf(':');
            if (portColon >= 0 && authority.indexOf(':', portColon + 1) >= 0) {
                throw invalid(url, "an IPv6 address must be in brackets, e.g. " + scheme + ":[2001:db8::1]:3478");
            }
            host = portColon < 0 ? authority : authority.substring(0, portColon);
            portText = portColon < 0 ? null : authority.substring(portColon + 1);
            if (host.isEmpty()) {
                throw invalid(url, "no host");
            }
            if (!HOST_NAME.matcher(host).matches()) {
                throw invalid(url, "'" + host + "' is not a host name or IP address");
            }
        }
        return new TurnUrl(url, scheme, host, port(url, portText), transport);
    }

    private static String transport(String url, String scheme, String query) {
        if (scheme.equals("stun")) {
            throw invalid(url, "a stun: URL takes no '?" + query + "' (browsers refuse it)");
        }
        String lower = query.toLowerCase(Locale.ROOT);
        if (!lower.equals("transport=udp") && !lower.equals("transport=tcp")) {
            throw invalid(url, "the only parameter is ?transport=udp or ?transport=tcp, not '?" + query + "'");
        }
        return lower.substring("transport=".length());
    }

    private static int port(String url, String text) {
        if (text == null) {
            return -1;
        }
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)
                || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw invalid(url, "the port must be a number from 1 to 65535, not '" + text + "'");
        }
        return Integer.parseInt(text);
    }

    private static IllegalArgumentException invalid(String url, String problem) {
        return new IllegalArgumentException("'" + url + "': " + problem);
    }
}
