import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CampaignFileError, parseCampaignFile } from '../../controller/services/campaign-import.ts';
import { SEED_CAMPAIGN_FILE } from '../../controller/services/bootstrap.ts';
import { slideText } from '../../playlists/slide.ts';
import { SLOGAN, seedLetter } from '../fixtures/seed.ts';

const seedText = () => fs.readFileSync(SEED_CAMPAIGN_FILE, 'utf8');

function refusal(text: string): CampaignFileError {
  try {
    parseCampaignFile(text, 'bad.yaml');
  } catch (e) {
    if (e instanceof CampaignFileError) return e;
    throw e;
  }
  throw new Error('the file was accepted');
}

describe('the seed campaign file', () => {
  it('is valid and starts with the slogan, verbatim', () => {
    const file = parseCampaignFile(seedText());
    expect(slideText(file.slides[0]!)).toBe(SLOGAN);
    expect(file.slides.length).toBeGreaterThanOrEqual(4);
    expect(file.playlists[0]!.items.map((i) => i.slideId)).toEqual(file.slides.map((s) => s.id));
  });

  it('takes every slide verbatim from the letter (only a first letter capitalised)', () => {
    // The letter marks italics with * and links with <…>; the words are what must match.
    const letter = seedLetter().replace(/[*<>]/g, '').replace(/https?:\/\/(www\.)?/g, '');
    const letterLower = letter.toLowerCase();
    for (const slide of parseCampaignFile(seedText()).slides) {
      for (const line of slideText(slide).split('\n')) {
        expect(letter.includes(line) || letterLower.includes(line.toLowerCase()), `«${line}» is not in the letter`).toBe(true);
      }
    }
    const texts = parseCampaignFile(seedText()).slides.map((s) => slideText(s)).join('\n');
    expect(texts).toContain('Cuộc vận động “Hiến kế xây dựng và phát triển tỉnh Đắk Lắk giàu đẹp, văn minh”');
    expect(texts).toContain('daklak.gov.vn/hien-ke-xay-dung-tinh');
    expect(texts).toMatch(/đóng góp những hiến kế/);
  });

  it('is stored in NFC even when typed in NFD', () => {
    const nfd = seedText().normalize('NFD');
    expect(slideText(parseCampaignFile(nfd).slides[0]!)).toBe(SLOGAN);
  });
});

describe('a bad campaign file', () => {
  it('is refused with the field and the line at fault', () => {
    const text = seedText().replace('durationSeconds: 12', 'durationSeconds: 0.5');
    const line = seedText().split('\n').findIndex((l) => l.includes('durationSeconds: 12')) + 1;
    const e = refusal(text);
    expect(e.problems).toEqual([expect.objectContaining({ path: 'slides.0.durationSeconds', line })]);
    expect(e.messages.en).toContain(`bad.yaml:${line} slides.0.durationSeconds: must be at least 2 seconds`);
    expect(e.messages.vi).toContain('không có gì được ghi');
  });

  it('names a playlist item that points at a missing slide', () => {
    const text = seedText().replace('- slideId: fanpage', '- slideId: khong-co');
    const line = text.split('\n').findIndex((l) => l.includes('khong-co')) + 1;
    const e = refusal(text);
    expect(e.problems).toEqual([expect.objectContaining({ path: 'playlists.0.items.4.slideId', line })]);
    expect(e.messages.en).toContain('no slide with id "khong-co"');
  });

  it('reports broken YAML with its line', () => {
    const e = refusal('campaign:\n  id: x\n  name: [unclosed\n');
    expect(e.problems[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it('refuses a missing field, in both languages', () => {
    const e = refusal('campaign:\n  id: x\n  name: Tên\nslides: []\nplaylists: []\n');
    const paths = e.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['slides', 'playlists']));
    expect(e.problems.every((p) => p.vi.length > 0 && p.en.length > 0)).toBe(true);
  });
});
