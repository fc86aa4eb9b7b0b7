import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchWithFakeDevices } from '../lib/browser.js';
import { BASE_URL } from '../lib/server.js';

// The page's Call module against a stand-in server made of a second RTCPeerConnection in the same page, for
// orderings the real server does not produce on demand.
describe('the meeting page\'s call', () => {
  let browser;
  let page;

  before(async () => {
    browser = await launchWithFakeDevices();
    page = await (await browser.newContext()).newPage();
    await page.goto(`${BASE_URL}/index.html`);
  });

  after(async () => {
    await browser?.close();
  });

  test('a server offer that arrives before the answer to the first offer waits for it, then is answered', async () => {
    const result = await page.evaluate(async () => {
      const { Call } = await import('/js/parley/call.js');
      const local = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      const sent = [];
      const call = new Call((message) => sent.push(message));
      const remoteIds = [];
      call.addEventListener('track', (event) => remoteIds.push(event.detail.participantId));
      await call.start({ audio: local.getAudioTracks()[0], video: local.getVideoTracks()[0] }, local);

      const server = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
      await server.setRemoteDescription({ type: 'offer', sdp: sent.find((m) => m.type === 'offer').sdp });
      await server.setLocalDescription(await server.createAnswer());
      const answer = server.localDescription.sdp;
      // Someone else's camera, forwarded: the server renegotiates before its answer has reached the browser.
      const forwarded = new MediaStream();
      server.addTransceiver(local.getVideoTracks()[0].clone(), { direction: 'sendonly', streams: [forwarded] });
      await server.setLocalDescription(await server.createOffer());
      const renegotiation = server.localDescription.sdp;

      await call.handle({ type: 'offer', sdp: renegotiation });
      const answersBeforeTheAnswer = sent.filter((m) => m.type === 'answer').length;
      await call.handle({ type: 'answer', sdp: answer });
      const answers = sent.filter((m) => m.type === 'answer');
      if (answers.length === 1) {
        await server.setRemoteDescription({ type: 'answer', sdp: answers[0].sdp });
      }
      const summary = {
        offers: sent.filter((m) => m.type === 'offer').length,
        answersBeforeTheAnswer,
        answers: answers.length,
        signalingState: call.peerConnection.signalingState,
        serverSignalingState: server.signalingState,
        directions: call.peerConnection.getTransceivers().map((t) => t.currentDirection),
        remoteIds,
        forwardedId: forwarded.id,
      };
      call.close();
      server.close();
      local.getTracks().forEach((track) => track.stop());
      return summary;
    });

    assert.equal(result.offers, 1, 'the browser makes exactly one offer');
    assert.equal(result.answersBeforeTheAnswer, 0, 'the early offer waits');
    assert.equal(result.answers, 1, 'then it is answered once');
    assert.equal(result.signalingState, 'stable');
    assert.equal(result.serverSignalingState, 'stable');
    assert.deepEqual(result.directions, ['sendonly', 'sendonly', 'sendonly', 'recvonly'], 'microphone, camera, screen; then the forwarded track');
    assert.deepEqual(result.remoteIds, [result.forwardedId], 'the track is announced under its stream id');
  });
});
