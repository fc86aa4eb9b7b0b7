package org.parley.api.signalling;

import java.util.List;

/**
 * Server → client: of the simulcast section {@code mid} the browser sends, only the layers {@code rids} are watched;
 * it may stop encoding the others (saving its uplink and processor) until told again. Sent when that changes.
 */
public record ActiveLayers(String mid, List<String> rids) implements Message {
}
