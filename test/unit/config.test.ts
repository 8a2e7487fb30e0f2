import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../controller/config.ts';

describe('config', () => {
  it('has embedded defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.publicUrl).toBe('http://localhost:8080');
    expect(c.dataDir.endsWith('/data')).toBe(true);
  });

  it('stops on a bad value, naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT="eighty"/);
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://x' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('takes PUBLIC_URL without a trailing slash', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://led.example.vn/' }).publicUrl).toBe('https://led.example.vn');
  });

  it('reads whom to trust behind a reverse proxy', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1,10.0.0.0/8' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8']);
    expect(() => loadConfig({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY="yes please"/);
  });

  it('reads when a silent board is stale and offline, refusing offline before stale', () => {
    expect(loadConfig({}).liveThresholds).toEqual({ onlineMs: 45_000, staleMs: 120_000 });
    expect(loadConfig({ LIVE_STALE_SECONDS: '60', LIVE_OFFLINE_SECONDS: '300' }).liveThresholds).toEqual({ onlineMs: 60_000, staleMs: 300_000 });
    expect(() => loadConfig({ LIVE_STALE_SECONDS: '60', LIVE_OFFLINE_SECONDS: '60' })).toThrow(/LIVE_OFFLINE_SECONDS=60: phải lớn hơn LIVE_STALE_SECONDS.*must be more than LIVE_STALE_SECONDS/s);
    expect(() => loadConfig({ LIVE_STALE_SECONDS: '5' })).toThrow(/LIVE_STALE_SECONDS/);
    expect(loadConfig({}).heapGrowthPercent).toBe(100);
    expect(loadConfig({ HEAP_GROWTH_PERCENT: '0' }).heapGrowthPercent).toBe(0);
    expect(() => loadConfig({ HEAP_GROWTH_PERCENT: '-10' })).toThrow(/HEAP_GROWTH_PERCENT/);
  });

  it('reads the session lifetimes', () => {
    expect(loadConfig({ SESSION_IDLE_MINUTES: '30', SESSION_MAX_HOURS: '8' })).toMatchObject({ sessionIdleMs: 1_800_000, sessionMaxMs: 28_800_000 });
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: '0' })).toThrow(/SESSION_IDLE_MINUTES/);
  });

  it('reads the metrics token, refusing a short one without echoing it', () => {
    expect(loadConfig({}).metricsToken).toBeNull();
    expect(loadConfig({ METRICS_TOKEN: 'a1b2c3d4e5f6a7b8c9d0' }).metricsToken).toBe('a1b2c3d4e5f6a7b8c9d0');
    expect(() => loadConfig({ METRICS_TOKEN: 'short-secret' })).toThrow(/METRICS_TOKEN=.*16 ký tự.*16 characters/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short-secret' })).not.toThrow(/short-secret/);
    expect(() => loadConfig({ METRICS_TOKEN: 'has a space in the middle' })).toThrow(/METRICS_TOKEN/);
  });
});
