import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { CHROMIUM_ARGS, chromiumPath, requireChromiumPath } from '../../src/render/chromium.js';

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

describe('requireChromiumPath', () => {
  it('returns the browser it finds', () => {
    expect(requireChromiumPath({ KDLAB_CHROMIUM: process.execPath }, [])).toBe(process.execPath);
  });
  it('throws a UsageError saying what to install or set when there is none', () => {
    expect(() => requireChromiumPath({ KDLAB_CHROMIUM: '/nonexistent/chromium' }, ['/nonexistent/other'])).toThrow(
      new UsageError(
        'Chromium not found (KDLAB_CHROMIUM=/nonexistent/chromium does not exist): install it (Debian: apt-get install chromium) or set KDLAB_CHROMIUM to its path',
      ),
    );
    expect(() => requireChromiumPath({}, [])).toThrow(UsageError);
  });
});
