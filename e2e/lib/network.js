import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Cuts one participant off the network with packet filters in the suite's own network namespace (run.sh's
 * `unshare -n`): real packets are dropped, in both directions, for that participant only.
 *
 * Every participant shares loopback, so the participant to cut reaches the server at a loopback address of its own
 * (127.0.0.2: its signalling socket is told apart from the others' by that address) and its WebRTC traffic is told
 * apart by its own UDP ports, read from its peer connection's candidates.
 */
export class NetworkCut {
  #rules = [];

  /** Whether iptables can be used here (installed by e2e/setup.sh; needs CAP_NET_ADMIN in the namespace). */
  static async available() {
    try {
      await run('iptables', ['-S', 'INPUT']);
      return true;
    } catch {
      return false;
    }
  }

  /** Drops TCP between `address` and the server's `port` (the signalling socket, and any new one). */
  async signalling(address, port) {
    await this.#drop(['-p', 'tcp', '-d', address, '--dport', String(port)]);
    await this.#drop(['-p', 'tcp', '-s', address, '--sport', String(port)]);
  }

  /** Drops UDP from and to each of `ports` (a browser's ICE candidates). */
  async media(ports) {
    for (const port of ports) {
      await this.#drop(['-p', 'udp', '--sport', String(port)]);
      await this.#drop(['-p', 'udp', '--dport', String(port)]);
    }
  }

  /** Drops UDP from and to the server's media `port`, for everyone: a network that lets no UDP reach it. */
  async udpToServer(port) {
    await this.media([port]);
  }

  /**
   * Drops all UDP except where one side is in `keep` (a port range 'first:last', e.g. a TURN server's relay ports, whose
   * UDP to the media server stands for a TURN server outside the firewall): a network that lets no UDP through.
   */
  async allUdpExcept(keep) {
    await this.#drop(['-p', 'udp', '-m', 'multiport', '!', '--ports', keep]);
  }

  /** Drops TCP to and from `port` (e.g. the media server's ICE-TCP port). */
  async tcpPort(port) {
    await this.#drop(['-p', 'tcp', '--dport', String(port)]);
    await this.#drop(['-p', 'tcp', '--sport', String(port)]);
  }

  /**
   * Drops UDP from the server's media `port` whose first payload byte is within `first..last` (RFC 7983: 20-63 DTLS,
   * 128-191 RTP and RTCP), letting the rest (STUN) through: connectivity checks succeed, that kind of traffic does not.
   */
  async fromServer(port, [first, last]) {
    await this.#drop(['-p', 'udp', '--sport', String(port), '-m', 'u32', '--u32', `0>>22&0x3C@8>>24=${first}:${last}`]);
  }

  /** The same for UDP to the server's media `port`. */
  async toServer(port, [first, last]) {
    await this.#drop(['-p', 'udp', '--dport', String(port), '-m', 'u32', '--u32', `0>>22&0x3C@8>>24=${first}:${last}`]);
  }

  /** Drops a random share (`probability`, 0..1) of the UDP arriving at each of `ports`: a lossy downlink. */
  async loseSome(ports, probability) {
    for (const port of ports) {
      await this.#drop(['-p', 'udp', '--dport', String(port), '-m', 'statistic', '--mode', 'random',
        '--probability', String(probability)]);
    }
  }

  /** Lets everything through again. */
  async restore() {
    for (const rule of this.#rules.splice(0)) {
      await run('iptables', ['-D', 'INPUT', ...rule, '-j', 'DROP']);
    }
  }

  async #drop(rule) {
    await run('iptables', ['-I', 'INPUT', ...rule, '-j', 'DROP']);
    this.#rules.push(rule);
  }
}

/** First bytes of UDP payloads by kind (RFC 7983), for {@link NetworkCut#fromServer} and {@link NetworkCut#toServer}. */
export const DTLS = [20, 63];
export const SRTP = [128, 191];

/**
 * Limits one participant's downlink with an htb class on loopback (the kernel here has no netem or tbf; htb with a
 * short pfifo leaf and u32 filters on the destination port work inside the suite's namespace, see the field notes).
 * The leaf holds at most `queuePackets` packets, as a real bottleneck's buffer would: beyond that it drops.
 */
export class DownlinkLimit {
  #active = false;

  async apply(ports, kbit, { queuePackets = 40 } = {}) {
    await tc(['qdisc', 'add', 'dev', 'lo', 'root', 'handle', '1:', 'htb', 'default', '1']);
    this.#active = true;
    await tc(['class', 'add', 'dev', 'lo', 'parent', '1:', 'classid', '1:1', 'htb', 'rate', '10gbit']);
    await tc(['class', 'add', 'dev', 'lo', 'parent', '1:', 'classid', '1:2', 'htb', 'rate', `${kbit}kbit`,
      'ceil', `${kbit}kbit`]);
    await tc(['qdisc', 'add', 'dev', 'lo', 'parent', '1:2', 'handle', '20:', 'pfifo', 'limit', String(queuePackets)]);
    for (const port of ports) {
      await tc(['filter', 'add', 'dev', 'lo', 'parent', '1:', 'protocol', 'ip', 'prio', '1', 'u32',
        'match', 'ip', 'dport', String(port), '0xffff', 'flowid', '1:2']);
    }
  }

  async remove() {
    if (this.#active) {
      this.#active = false;
      await tc(['qdisc', 'del', 'dev', 'lo', 'root']);
    }
  }
}

function tc(args) {
  return run('tc', args);
}

/** The local UDP ports of a page's ICE candidates. */
export function candidatePorts(page) {
  return page.evaluate(async () => {
    const ports = new Set();
    (await window.parley.pc.getStats()).forEach((report) => {
      if (report.type === 'local-candidate' && report.protocol === 'udp' && report.port) {
        ports.add(report.port);
      }
    });
    return [...ports];
  });
}
