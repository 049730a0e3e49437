/**
 * Reads a body (a Fetch `Request` or `Response`) up to `maxBytes`, whatever Content-Length says:
 * counted as it comes, and the stream cancelled past the limit (`undefined` then), so a body sent
 * without a length, or with a false one, never takes more memory than that.
 */
export async function readBoundedBody(message: { readonly body: ReadableStream<Uint8Array> | null }, maxBytes: number): Promise<Uint8Array | undefined> {
  if (message.body === null) return new Uint8Array(0);
  const reader = message.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}
