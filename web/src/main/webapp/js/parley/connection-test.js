/**
 * "Test my connection" before joining: a short media connection to the meeting's media server over /ws/probe (an
 * invitation is needed; nobody joins and nothing reaches anyone), judged as a call's connection is (diagnosis.js).
 */
import { ConnectionReport } from './connection-report.js';
import { diagnose } from './diagnosis.js';
import { SignallingChannel } from './signalling.js';

const SAMPLE_EVERY_MS = 250;

/**
 * @returns {Promise<{outcome: 'ok'|'notice'|'error', cause: string|null, title: string, advice: string,
 *   path: string|null, roundTripMs: number|null, connectMs: number|null, steps: object[]}>}
 */
export async function testConnection({ roomId, token, iceTransportPolicy = 'all',
  probeUrl = `${SignallingChannel.urlFor(location)}/probe` }) {
  const channel = new SignallingChannel(probeUrl);
  try {
    await channel.open({ timeout: 5000 });
  } catch (error) {
    return result('error', 'no-server', 'Parley\'s server cannot be reached.',
      `Check your internet connection, or ask your IT team to allow HTTPS to ${location.host}.`);
  }
  let pc = null;
  try {
    const probing = await reply(channel, { type: 'probe', roomId, token });
    pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require',
      iceServers: probing.iceServers, iceTransportPolicy });
    const report = new ConnectionReport(pc, probing.iceServers);
    await offer(pc, channel);
    const deadline = performance.now() + (probing.seconds - 2) * 1000;
    let sample = null;
    while (performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
      sample = await report.sample(pc);
      const diagnosis = diagnose(report, sample);
      const measured = { path: sample.path, roundTripMs: sample.roundTripMs, steps: report.steps };
      if (sample.connection === 'connected') {
        const connectMs = Math.round(report.elapsedMs - (report.connectedForMs ?? 0));
        return diagnosis
          ? { ...result('notice', diagnosis.cause, diagnosis.title, diagnosis.advice), ...measured, connectMs }
          : { ...result('ok', null, `Your connection works: audio and video reach the meeting over ${sample.path}.`,
            sample.roundTripMs !== null ? `Round trip ${sample.roundTripMs} ms.` : ''), ...measured, connectMs };
      }
      if (diagnosis) {
        return { ...result('error', diagnosis.cause, diagnosis.title, diagnosis.advice), ...measured };
      }
    }
    return { ...result('error', 'unreachable', 'Your browser could not connect to the meeting\'s media server in time.',
      'Try again, or try another network.'), steps: report.steps };
  } catch (error) {
    return result('error', error.code ?? 'failed', 'The connection test could not run.', error.message);
  } finally {
    pc?.close();
    channel.close();
  }
}

function result(outcome, cause, title, advice) {
  return { outcome, cause, title, advice, path: null, roundTripMs: null, connectMs: null, steps: [] };
}

/** Sends `message`; resolves with "probing", rejects with the server's error. */
function reply(channel, message) {
  return new Promise((resolve, reject) => {
    channel.addEventListener('message', (event) => {
      if (event.detail.type === 'probing') {
        resolve(event.detail);
      } else if (event.detail.type === 'error') {
        reject(Object.assign(new Error(event.detail.message), { code: event.detail.code }));
      }
    });
    channel.addEventListener('close', () => reject(new Error('The server closed the connection test.')));
    channel.send(message);
  });
}

/** Offers one send-only audio section with no track (nothing is sent), and trickles candidates after the offer. */
async function offer(pc, channel) {
  let offered = false;
  const pending = [];
  const send = (candidate) => channel.send({ type: 'candidate', candidate: candidate.candidate,
    sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex });
  pc.addEventListener('icecandidate', ({ candidate }) => {
    if (candidate?.candidate) {
      if (offered) {
        send(candidate);
      } else {
        pending.push(candidate);
      }
    }
  });
  channel.addEventListener('message', (event) => {
    const message = event.detail;
    if (message.type === 'answer') {
      pc.setRemoteDescription({ type: 'answer', sdp: message.sdp }).catch(() => {});
    } else if (message.type === 'candidate' && message.candidate) {
      pc.addIceCandidate(message).catch(() => {});
    }
  });
  pc.addTransceiver('audio', { direction: 'sendonly' });
  await pc.setLocalDescription(await pc.createOffer());
  channel.send({ type: 'offer', sdp: pc.localDescription.sdp });
  offered = true;
  pending.splice(0).forEach(send);
}
