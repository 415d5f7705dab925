// Reads the portal's server-sent events over fetch, because EventSource cannot send the bearer
// token. It remembers the id of the last event it handled and resumes after it on reconnect, so
// a dropped connection neither loses nor repeats an item.

const POSITION_KEY = 'ohip.portal.position';

export function lastPosition() {
  return sessionStorage.getItem(POSITION_KEY);
}

export function rememberPosition(position) {
  sessionStorage.setItem(POSITION_KEY, position);
}

export function openLiveStream({ token, onItem, onState }) {
  let stopped = false;
  let controller;
  let delay = 1000;

  async function connect() {
    while (!stopped) {
      controller = new AbortController();
      try {
        const headers = { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' };
        const after = lastPosition();
        if (after) headers['Last-Event-ID'] = after;
        const response = await fetch('/api/v1/portal/stream', { headers, signal: controller.signal });
        if (!response.ok) throw new Error(`the portal stream failed with HTTP ${response.status}`);
        onState('connected');
        delay = 1000;
        await readEvents(response.body, (event) => {
          if (event.type === 'booking' || event.type === 'alert') {
            onItem(event.type, JSON.parse(event.data));
          }
          if (event.id) rememberPosition(event.id);
        });
      } catch (error) {
        if (stopped) return;
        onState('offline', error);
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 15000);
    }
  }

  void connect();
  return () => {
    stopped = true;
    controller?.abort();
  };
}

async function readEvents(body, handle) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error('stream ended');
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = { type: 'message', data: '', id: null };
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const name = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (name === 'event') event.type = value;
        else if (name === 'data') event.data += value;
        else if (name === 'id') event.id = value;
      }
      handle(event);
    }
  }
}
