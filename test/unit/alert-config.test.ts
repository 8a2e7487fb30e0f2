// The alert settings from the environment (controller/config.ts): validated, with messages naming
// the variable in both languages, secrets never echoed.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../controller/config.ts';

describe('alert configuration', () => {
  it('has defaults: no mail, no webhook, one mail per alert, 10 minutes', () => {
    expect(loadConfig({}).alerts).toEqual({ smtpUrl: null, emailFrom: null, emailTo: [], webhookUrl: null, digest: 'off', offlineMinutes: 10 });
  });

  it('reads every variable', () => {
    const c = loadConfig({
      SMTP_URL: 'smtp://ledgate:bi-mat@mail.example.vn:587',
      ALERT_EMAIL_FROM: 'LEDGate <ledgate@example.vn>',
      ALERT_EMAIL_TO: 'van-hanh@example.vn, truc-ban@example.vn',
      ALERT_WEBHOOK_URL: 'https://chat.example.vn/hook/abc',
      ALERT_DIGEST: 'daily',
      ALERT_OFFLINE_MINUTES: '15',
    });
    expect(c.alerts).toEqual({
      smtpUrl: 'smtp://ledgate:bi-mat@mail.example.vn:587',
      emailFrom: 'LEDGate <ledgate@example.vn>',
      emailTo: ['van-hanh@example.vn', 'truc-ban@example.vn'],
      webhookUrl: 'https://chat.example.vn/hook/abc',
      digest: 'daily',
      offlineMinutes: 15,
    });
    expect(loadConfig({ SMTP_URL: 'smtps://mail.example.vn:465', ALERT_EMAIL_FROM: 'ledgate@example.vn' }).alerts.emailFrom).toBe('ledgate@example.vn');
  });

  it('stops on a bad value, naming the variable in Vietnamese and English', () => {
    const bad: [Record<string, string>, RegExp][] = [
      [{ SMTP_URL: 'http://mail.example.vn' }, /SMTP_URL=.*smtp:\/\/.*\/ must be an smtp/],
      [{ SMTP_URL: 'smtp://mail.example.vn' }, /ALERT_EMAIL_FROM: cần có khi đặt SMTP_URL/],
      [{ ALERT_EMAIL_FROM: 'ledgate' }, /ALERT_EMAIL_FROM="ledgate": phải là một địa chỉ thư.*must be a mail address/],
      [{ ALERT_EMAIL_TO: 'van-hanh@example.vn, truc-ban' }, /ALERT_EMAIL_TO=.*phải là các địa chỉ thư.*must be mail addresses/],
      [{ ALERT_WEBHOOK_URL: 'ftp://chat.example.vn' }, /ALERT_WEBHOOK_URL=.*must be an http/],
      [{ ALERT_DIGEST: 'weekly' }, /ALERT_DIGEST="weekly": là daily.*is daily/],
      [{ ALERT_OFFLINE_MINUTES: '0' }, /ALERT_OFFLINE_MINUTES="0": ít nhất 1 phút \/ at least 1 minute/],
      [{ ALERT_OFFLINE_MINUTES: 'ten' }, /ALERT_OFFLINE_MINUTES="ten"/],
    ];
    for (const [env, message] of bad) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(message);
    }
  });

  it('never echoes a secret: the SMTP password or the webhook’s token', () => {
    let message = '';
    try {
      loadConfig({ SMTP_URL: 'http://ledgate:bi-mat-lam@mail.example.vn', ALERT_WEBHOOK_URL: 'ftp://chat.example.vn/token-bi-mat' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/SMTP_URL/);
    expect(message).toMatch(/ALERT_WEBHOOK_URL/);
    expect(message).not.toMatch(/bi-mat/);
  });
});
