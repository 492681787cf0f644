import { randomInt } from 'node:crypto';

/** Letters and digits that cannot be mistaken for each other when typed (no 0/o, 1/l/i). */
const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
export const PUBLIC_ID_LENGTH = 6;

/** A short id that users type, as in `/related k3x9pq`: 31^6 ≈ 887 million values. */
export function generatePublicId(): string {
  let id = '';
  for (let i = 0; i < PUBLIC_ID_LENGTH; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}

/** Normalizes an id as typed (`#K3X9PQ`, ` k3x9pq `); null when it cannot be one. */
export function parsePublicId(raw: string): string | null {
  const id = raw.trim().replace(/^#/u, '').toLowerCase();
  return new RegExp(`^[${ALPHABET}]{${PUBLIC_ID_LENGTH}}$`, 'u').test(id) ? id : null;
}
