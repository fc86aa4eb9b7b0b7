/**
 * What went wrong with a call's connection, in words a person can act on, from a {@link ConnectionReport} and one of
 * its samples. Each cause is one the stats can tell apart:
 *
 * - "unreachable": nothing answered any connectivity check, and no TURN server helped;
 * - "turn-refused": a TURN server refused the credentials (401) and nothing else got through;
 * - "dtls-failed": connectivity checks got through, but the secure connection (DTLS) never came up;
 * - "no-incoming-media": connected, the others send, but nothing arrives;
 * - "no-outgoing-media": connected and sending, but the server reports receiving nothing;
 * - "udp-blocked": connected, but over TCP or a relay (it works; quality may suffer). Not an error: a notice.
 */

/** A call that has not connected this long (or whose ICE failed) is diagnosed. */
export const FAIL_AFTER_MS = 8000;
/** A connected call with no media one way for this long is diagnosed. */
export const ONE_WAY_AFTER_MS = 6000;

/**
 * @param report {ConnectionReport}
 * @param sample the report's latest sample
 * @param expectsIncoming whether someone else's unmuted media should be arriving
 * @returns {{cause: string, severity: 'error'|'notice', title: string, advice: string} | null}
 */
export function diagnose(report, sample, { expectsIncoming = false } = {}) {
  const connectedFor = report.connectedForMs;
  const server = mediaServer(sample);
  if (sample.connection === 'connected' && connectedFor !== null) {
    if (connectedFor >= ONE_WAY_AFTER_MS && expectsIncoming && sample.inboundPackets === 0) {
      return error('no-incoming-media', 'You are connected, but no audio or video from the others reaches you.',
        `Your network may let traffic out but not back in. Ask your IT team to allow UDP from ${server.address}`
        + `${server.udp ? ` port ${server.udp}` : ''} back in, or try another network.`);
    }
    if (connectedFor >= ONE_WAY_AFTER_MS && sample.outboundPackets > 0 && sample.serverReports === 0) {
      return error('no-outgoing-media', 'You are connected, but your audio and video do not reach the meeting.',
        `Your network may block what you send. Ask your IT team to allow ${server.udpTo}, or try another network.`);
    }
    if (sample.path && sample.path !== 'UDP') {
      const relayed = sample.path.startsWith('TURN') ? ' through a relay server' : '';
      return {
        cause: 'udp-blocked', severity: 'notice',
        title: `Your network blocks UDP, so audio and video take a slower path (${sample.path}${relayed}).`,
        advice: `It works, but may stutter on a weak connection. For the best quality, ask your IT team to allow ${server.udpTo}.`,
      };
    }
    return null;
  }
  if (report.elapsedMs < FAIL_AFTER_MS && sample.ice !== 'failed') {
    return null;
  }
  if (sample.pairs.answered > 0 && (sample.ice === 'connected' || sample.ice === 'completed')) {
    return error('dtls-failed', 'Your browser reached the meeting, but could not set up a secure audio and video connection.',
      'Something on your network may be inspecting or changing traffic (a security proxy or VPN). Try another '
      + `network, or ask your IT team to let DTLS through on ${server.udpTo}.`);
  }
  if (sample.pairs.answered === 0 && report.turnErrors.some((e) => e.code === 401) && !report.gathered['relay/udp']
    && !report.gathered['relay/tcp']) {
    return error('turn-refused', 'The relay server refused to connect you: its sign-in failed.',
      'Reload the page to get a new pass. If it keeps happening, tell the meeting\'s organiser: the relay (TURN) '
      + 'server and Parley may not share the same secret.');
  }
  if (sample.pairs.answered === 0) {
    const turn = turnAdvice(report.turnUrls);
    return error('unreachable', 'Your network blocks the ports Parley uses for audio and video.',
      `Ask your IT team to allow ${server.anyTo}${turn ? `, or ${turn}` : ''}, or try another network.`);
  }
  return null;
}

function error(cause, title, advice) {
  return { cause, severity: 'error', title, advice };
}

/**
 * The media server as the browser knows it from its candidates (a public address first): its address, its UDP and
 * TCP ports, and "UDP 10000 to 203.0.113.10" / "UDP 10000 or TCP 10000 to 203.0.113.10" for advice.
 */
function mediaServer(sample) {
  const address = (sample.server.find((c) => !isPrivate(c.address)) ?? sample.server[0])?.address;
  const port = (protocol) => sample.server.find((c) => c.address === address && c.protocol === protocol)?.port ?? null;
  const udp = port('udp');
  const tcp = port('tcp');
  const name = address ?? 'the meeting server';
  const any = [udp && `UDP ${udp}`, tcp && `TCP ${tcp}`].filter(Boolean).join(' or ');
  return { address: name, udp, udpTo: udp ? `UDP ${udp} to ${name}` : `UDP to ${name}`,
    anyTo: any ? `${any} to ${name}` : `audio and video to ${name}` };
}

function isPrivate(address = '') {
  return /^(10\.|127\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.|::1$|f[cd])/.test(address);
}

/** "TCP 443 to turn.example.com", from the TCP or TLS TURN URL given, if any. */
function turnAdvice(urls) {
  for (const url of urls) {
    const match = /^(turns?):([^:?]+|\[[^\]]+\])(?::(\d+))?(?:\?transport=(\w+))?/.exec(url);
    if (match && (match[1] === 'turns' || match[4] === 'tcp')) {
      const port = match[3] ?? (match[1] === 'turns' ? '5349' : '3478');
      return `TCP ${port} to ${match[2]}`;
    }
  }
  return null;
}
