import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from '../../src/render/chromium.js';

describe('chromiumPath', () => {
  it('prefers $KDLAB_CHROMIUM when it exists', () => {
    expect(chromiumPath({ KDLAB_CHROMIUM: process.execPath })).toBe(process.execPath);
  });
  it('ignores a $KDLAB_CHROMIUM that does not exist', () => {
    const found = chromiumPath({ KDLAB_CHROMIUM: '/nonexistent/chromium' });
    expect(found === undefined || found === '/usr/bin/chromium').toBe(true);
  });
});

describe('CHROMIUM_ARGS', () => {
  it('keeps the browser itself off the network', () => {
    for (const flag of [
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ]) {
      expect(CHROMIUM_ARGS).toContain(flag);
    }
  });
});
