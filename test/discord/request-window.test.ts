import { describe, expect, it } from 'vitest';
import { GLOBAL_WINDOW_GUARD_MS } from '../../adapters/discord/limits.ts';
import { RequestWindow } from '../../adapters/discord/request-window.ts';

/** The sender's count of its requests for Discord's global limit (request-window.ts), on a fake clock. */
describe("the Discord sender's request window", () => {
  it('counts a request from when it leaves until a second after its answer, and says how long to wait', () => {
    let now = 0;
    const window = new RequestWindow(2, () => now);
    const first = window.take(1);
    const second = window.take(1);
    if ('wait' in first || 'wait' in second) throw new Error('two requests fit in a window of two');
    // Both still in flight: nobody knows when Discord counted them, so a third waits.
    expect(window.take(1)).toEqual({ wait: 100 });
    now = 10;
    first.requests[0]?.done();
    second.requests[0]?.done();
    now = 500;
    expect(window.take(1)).toEqual({ wait: 10 + 1000 + GLOBAL_WINDOW_GUARD_MS - 500 });
    now = 10 + 1000 + GLOBAL_WINDOW_GUARD_MS;
    const third = window.take(1);
    expect('requests' in third).toBe(true);
    // A first DM takes two requests (opening the DM channel, then the message): one left does not do.
    expect('wait' in window.take(2)).toBe(true);
    expect('requests' in window.take(1)).toBe(true);
  });

  it('stretches the window for a rate below one a second', () => {
    let now = 0;
    const window = new RequestWindow(0.5, () => now);
    const one = window.take(1);
    if ('wait' in one) throw new Error('one request fits');
    one.requests[0]?.done();
    now = 1_500;
    expect(window.take(1)).toEqual({ wait: 2_000 + GLOBAL_WINDOW_GUARD_MS - 1_500 });
  });
});
