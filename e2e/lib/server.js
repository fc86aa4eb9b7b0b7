/** The Parley server under test, through its REST API. */

export const BASE_URL = process.env.PARLEY_BASE_URL ?? 'http://127.0.0.1:8080';
const HOST_KEY = process.env.PARLEY_HOST_KEY;

function authorization() {
  if (!HOST_KEY) {
    throw new Error('PARLEY_HOST_KEY is not set: run the suite through e2e/run.sh');
  }
  return { Authorization: `Bearer ${HOST_KEY}` };
}

/** POST /api/rooms → {id, name, joinUrl, hostJoinUrl}. */
export async function createRoom(name) {
  const response = await fetch(`${BASE_URL}/api/rooms`, {
    method: 'POST',
    headers: { ...authorization(), 'Content-Type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  if (response.status !== 201) {
    throw new Error(`POST /api/rooms answered ${response.status}: ${await response.text()}`);
  }
  return response.json();
}

/** GET /api/rooms/{id} → {id, name, occupancyCount, occupants}. */
export async function getRoom(id) {
  const response = await fetch(`${BASE_URL}/api/rooms/${encodeURIComponent(id)}`, { headers: authorization() });
  if (response.status !== 200) {
    throw new Error(`GET /api/rooms/${id} answered ${response.status}: ${await response.text()}`);
  }
  return response.json();
}

/**
 * The join URL as a path on the server under test: the server may build absolute URLs from its public address,
 * but the browser here must reach it on loopback.
 */
export function onServer(joinUrl) {
  const url = new URL(joinUrl, BASE_URL);
  return `${BASE_URL}${url.pathname}${url.search}`;
}

/** The HTTP status of GET /api/rooms/{id}: 200, or 404 / 410 once the room is gone or ended. */
export async function roomStatus(id) {
  const response = await fetch(`${BASE_URL}/api/rooms/${encodeURIComponent(id)}`, { headers: authorization() });
  await response.arrayBuffer();
  return response.status;
}

/** Parley's figures as Payara serves them at /metrics (Prometheus text): name → value. */
export async function metrics() {
  const text = await (await fetch(`${BASE_URL}/metrics`)).text();
  const figures = {};
  for (const match of text.matchAll(/^(?:application_)?(parley_[a-z_]+?)(?:_total)?(?:\{[^}]*\})?\s+([0-9.eE+-]+)\s*$/gm)) {
    figures[match[1]] = Number(match[2]);
  }
  return figures;
}
