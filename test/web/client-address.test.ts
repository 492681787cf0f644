import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../src/web/client-address.ts';

describe('the client address behind reverse proxies', () => {
  it('is the connection peer when no proxy is trusted, whatever the header says', () => {
    expect(clientAddress('10.0.0.1', '203.0.113.9', 0)).toBe('10.0.0.1');
    expect(clientAddress(undefined, undefined, 0)).toBe('unknown');
  });

  it('is the address the trusted proxies added, not one a client wrote in front of them', () => {
    // The client wrote "1.2.3.4" itself; the one proxy added the address it saw.
    expect(clientAddress('10.0.0.1', '1.2.3.4, 203.0.113.9', 1)).toBe('203.0.113.9');
    // Two proxies: the second added the first's address.
    expect(clientAddress('10.0.0.2', '1.2.3.4, 203.0.113.9, 10.0.0.1', 2)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.1', '2001:db8::7', 1)).toBe('2001:db8::7');
  });

  it('falls back sensibly on a short, missing or malformed header', () => {
    expect(clientAddress('10.0.0.1', '203.0.113.9', 3)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.1', undefined, 1)).toBe('10.0.0.1');
    expect(clientAddress('10.0.0.1', ' , ', 1)).toBe('10.0.0.1');
    expect(clientAddress('10.0.0.1', 'evil<script>', 1)).toBe('10.0.0.1');
  });
});
