import { launchWithFakeDevices, Participant } from './browser.js';
import { createRoom, onServer } from './server.js';

/**
 * A room with participants who joined and already see each other: `names` of people joining `room`'s participant
 * link (the first one as host). Returns {browser, room, people: [{participant, id}]}.
 */
export async function startMeeting(names, { browser, room, joinOptions = [] } = {}) {
  browser ??= await launchWithFakeDevices();
  room ??= await createRoom(`e2e ${names.join(' ')}`);
  const participants = await Promise.all(names.map((name, index) => Participant.join(browser,
    onServer(index === 0 ? room.hostJoinUrl : room.joinUrl), name, joinOptions[index])));
  const ids = await Promise.all(participants.map((participant) => participant.id()));
  const people = participants.map((participant, index) => ({ participant, id: ids[index] }));
  for (const { participant } of people) {
    await Promise.all(people.filter((other) => other.participant !== participant)
      .map((other) => participant.firstFrameFrom(other.id)));
  }
  return { browser, room, people };
}
