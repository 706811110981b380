/**
 * Read a stream to its end, keeping at most `maxBytes` (the rest is drained and dropped so the
 * writer never blocks on a full pipe). The caller's overall time budget bounds how long it waits.
 */
export function readBounded(stream: NodeJS.ReadableStream, maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    const done = () => {
      stream.removeListener('data', onData);
      resolve({ text: Buffer.concat(chunks).toString('utf8'), truncated });
    };
    const onData = (chunk: Buffer | string) => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (size >= maxBytes) {
        truncated = true;
        return;
      }
      const room = maxBytes - size;
      if (buf.length > room) truncated = true;
      chunks.push(buf.length > room ? buf.subarray(0, room) : buf);
      size += Math.min(buf.length, room);
    };
    stream.on('data', onData);
    stream.once('end', done);
    stream.once('error', done);
  });
}
