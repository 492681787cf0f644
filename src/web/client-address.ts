import { isIP } from 'node:net';

/**
 * The address a request came from, for per-client limits (the newsroom's sign-in).
 * `trustedProxies` is how many reverse proxies stand in front of the server
 * (TRUSTED_PROXIES): each adds the address it was reached from to the end of
 * X-Forwarded-For, so the client is that many hops back from the connection's peer. With
 * none, the peer is the client and the header is not read (anyone can write one). A
 * header with fewer hops gives its first address; an entry that is not an IP address
 * (the header written by a client past a proxy that does not add to it) gives the peer.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trustedProxies: number,
): string {
  const connection = peer ?? 'unknown';
  if (trustedProxies <= 0 || forwardedFor === undefined) return connection;
  const hops = [
    ...forwardedFor
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
    connection,
  ];
  const client = hops[Math.max(0, hops.length - 1 - trustedProxies)] ?? connection;
  return isIP(client) === 0 ? connection : client;
}
