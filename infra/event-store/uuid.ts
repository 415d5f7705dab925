import { createHash } from 'node:crypto';

// RFC 9562 name-based UUIDs (version 5, SHA-1). The product derives event ids from a command's id
// with them, so a command retried with the same id produces the same event ids and the store's
// idempotent append keeps one copy.

const PRODUCT_NAMESPACE = '5f7c0b8e-3c1e-4b7a-9a55-1d0c6f3e2a41';

export function uuidFromName(name: string, namespace = PRODUCT_NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();

  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
