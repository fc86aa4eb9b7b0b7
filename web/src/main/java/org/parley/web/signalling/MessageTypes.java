package org.parley.web.signalling;

/** A message's wire type, for error messages: its record's name, lower camel case ({@code Offer} → "offer"). */
final class MessageTypes {

    private MessageTypes() {}

    static String of(Object message) {
        String name = message.getClass().getSimpleName();
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
