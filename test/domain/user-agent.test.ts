// The one User-Agent parser: the server's English labels (remembered browsers) and the web
// UI's translated ones (`web/src/lib/format.ts`, test/web/user-agent.test.ts) both read it.
import { describe, expect, it } from 'vitest';
import { describeUserAgent, parseUserAgent } from '../../src/domain/user-agent.js';

const AGENTS = {
  chromeLinux:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36',
  edgeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36 Edg/130.0',
  firefoxMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:131.0) Gecko/20100101 Firefox/131.0',
  safariIPhone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  chromeAndroid:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36',
  curl: 'curl/8.5.0',
  unknown: 'SomeBot/1.0 (+https://bot.example.com/about-this-crawler)',
};

describe('parseUserAgent', () => {
  it('names the browser and system, the more specific first', () => {
    expect(parseUserAgent(AGENTS.chromeLinux)).toEqual({ browser: 'Chrome', os: 'Linux' });
    expect(parseUserAgent(AGENTS.edgeWindows)).toEqual({ browser: 'Edge', os: 'Windows' });
    expect(parseUserAgent(AGENTS.firefoxMac)).toEqual({ browser: 'Firefox', os: 'macOS' });
    expect(parseUserAgent(AGENTS.safariIPhone)).toEqual({ browser: 'Safari', os: 'iOS' });
    expect(parseUserAgent(AGENTS.chromeAndroid)).toEqual({ browser: 'Chrome', os: 'Android' });
    expect(parseUserAgent(AGENTS.curl)).toEqual({ browser: 'apiClient', os: null });
    expect(parseUserAgent(AGENTS.unknown)).toEqual({ browser: null, os: null });
  });
});

describe('describeUserAgent (server, English)', () => {
  it('says "browser on system", what it knows, or the start of the header', () => {
    expect(describeUserAgent(AGENTS.chromeLinux)).toBe('Chrome on Linux');
    expect(describeUserAgent(AGENTS.edgeWindows)).toBe('Edge on Windows');
    expect(describeUserAgent(AGENTS.curl)).toBe('API client');
    expect(describeUserAgent(AGENTS.unknown)).toBe('SomeBot/1.0 (+https://bot.example.com/ab');
    expect(describeUserAgent(null)).toBe('Unknown browser');
    expect(describeUserAgent('')).toBe('Unknown browser');
  });
});
