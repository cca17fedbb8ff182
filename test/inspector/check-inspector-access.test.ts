import { describe, expect, it } from 'vitest';
import { mayInspect } from '../../src/inspector/check-inspector-access.js';

describe('mayInspect', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])(
    'lets %s in when no proxy key is set',
    (address) => {
      expect(mayInspect(false, address)).toBe(true);
    },
  );

  it.each(['10.0.0.5', '192.168.1.20', '::ffff:192.168.1.20', 'fe80::1', '2001:db8::1', '0.0.0.0'])(
    'turns %s away when no proxy key is set',
    (address) => {
      expect(mayInspect(false, address)).toBe(false);
    },
  );

  it('turns away a connection whose address is unknown', () => {
    expect(mayInspect(false, undefined)).toBe(false);
  });

  it('leaves the decision to the proxy key check when keys are set, wherever the client is', () => {
    expect(mayInspect(true, '192.168.1.20')).toBe(true);
  });
});
