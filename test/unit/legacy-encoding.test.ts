import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertTcvn3, convertVni, detectLegacyEncoding } from '../../playlists/legacy-encoding.ts';
import { SEED_LETTER_PATH } from '../fixtures/seed.ts';

const LETTER_FILE = SEED_LETTER_PATH;
const letter = () => fs.readFileSync(LETTER_FILE, 'utf8');
const paragraphs = () => letter().split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p.length > 0);

// Reverse encoders, written independently of the module's tables so that a slip in either shows.

// TCVN3 (VN3) code points 0xA1..0xFE in byte order; '_' marks a position VN3 leaves unused.
const TCVN3_A1_TO_FE =
  'ĂÂÊÔƠƯĐăâêôơưđ' + '______' + 'àảãáạ' + '_' + 'ằẳẵắ' + '_______' + 'ặ' + 'ầẩẫấậ' + 'è' + '_' + 'ẻẽ' + 'éẹ' +
  'ềểễếệ' + 'ìỉ' + '___' + 'ĩíị' + 'ò' + '_' + 'ỏõóọ' + 'ồổỗốộ' + 'ờởỡớợ' + 'ù' + '_' + 'ủũúụ' + 'ừửữứự' + 'ỳỷỹýỵ';
const TO_TCVN3 = new Map<string, string>();
[...TCVN3_A1_TO_FE].forEach((u, i) => {
  if (u !== '_') TO_TCVN3.set(u, String.fromCharCode(0xa1 + i));
});

function encodeTcvn3(text: string): string {
  let out = '';
  for (const c of text.normalize('NFC')) {
    // Toned capitals have no VN3 code point: the .VnTimeH fonts draw the lower-case ones as capitals.
    out += TO_TCVN3.get(c) ?? TO_TCVN3.get(c.toLowerCase()) ?? c;
  }
  return out;
}

// Tones in VNI order of the mark tables below: none, sắc, huyền, hỏi, ngã, nặng.
const TONES = ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323'];
const VNI_TONE = ['', 'ù', 'ø', 'û', 'õ', 'ï'];
const VNI_CIRCUMFLEX = ['â', 'á', 'à', 'å', 'ã', 'ä'];
const VNI_BREVE = ['ê', 'é', 'è', 'ú', 'ü', 'ë'];
const VNI_I = ['i', 'í', 'ì', 'æ', 'ó', 'ò'];

function encodeVni(text: string): string {
  let out = '';
  for (const c of text.normalize('NFC')) {
    const lower = c.toLowerCase();
    const cased = (s: string) => (c === lower ? s : s.toUpperCase());
    if (lower === 'đ') {
      out += cased('ñ');
      continue;
    }
    const [base = '', ...marks] = [...lower.normalize('NFD')];
    if (marks.length === 0 || !'aeiouy'.includes(base)) {
      out += c;
      continue;
    }
    const tone = Math.max(0, TONES.findIndex((t) => t !== '' && marks.includes(t)));
    if (marks.includes('\u031b')) out += cased((base === 'o' ? 'ô' : 'ö') + VNI_TONE[tone]);
    else if (marks.includes('\u0302')) out += cased(base + VNI_CIRCUMFLEX[tone]);
    else if (marks.includes('\u0306')) out += cased(base + VNI_BREVE[tone]);
    else if (base === 'i') out += cased(VNI_I[tone]!);
    else if (base === 'y' && tone === 5) out += cased('î');
    else out += cased(base + VNI_TONE[tone]);
  }
  return out;
}

const SLOGAN = 'Toàn dân tích cực hưởng ứng, tham gia Cuộc vận động “Hiến kế xây dựng và phát triển tỉnh Đắk Lắk giàu đẹp, văn minh”';
const SENTENCES = [
  SLOGAN,
  'Đắk Lắk giàu đẹp, văn minh',
  'Cộng hòa xã hội chủ nghĩa Việt Nam',
  'Độc lập - Tự do - Hạnh phúc',
  'Những người đi đường hãy giữ gìn vệ sinh chung, khuyến khích đội ngũ trí thức tham gia.',
  'Thành phố Buôn Ma Thuột chào mừng quý khách; huyện Krông Pắc, Ea Kar, Lắk.',
  'Chiều thứ Bảy ngày 22/6/2020, lúc 14 giờ 30: tuyên truyền về Cuộc vận động.',
  'ĐẢNG CỘNG SẢN VIỆT NAM QUANG VINH MUÔN NĂM',
  'TỈNH ỦY ĐẮK LẮK - BAN TUYÊN GIÁO',
];

const ENGLISH = [
  'LEDGate drives the public LED boards: it schedules playlists, renders slides and reports when a board goes offline.',
  'Please paste the slogan exactly as approved; the preview shows how it will look on a 192×96 panel at night.',
  'The café on the corner served a naïve but charming crème brûlée; Herr Müller admired the façade, déjà vu.',
  'Zoë and Noël flew from São Paulo to Zürich via Reykjavík; the jalapeño salsa was rated 4½ stars © 2024.',
  '“Smart quotes”, ‘single ones’, an en dash – an ellipsis… and «guillemets» or « spaced guillemets » are fine.',
  'Visit https://daklak.gov.vn/hien-ke-xay-dung-tinh or daklak.gov.vn/hien-ke-xay-dung-tinh before 22/6/2020 at 08:30.',
];

// Whole paragraphs in languages dense with Latin-1 letters, the worst case for both tables.
const FOREIGN = [
  'Où est la bibliothèque ? Elle est là-bas, près de la fenêtre. À bientôt, ma chère amie ! Ça va très bien, merci.',
  'Über den Wolken muss die Freiheit wohl grenzenlos sein. Schöne Grüße aus München, Köln und Düsseldorf.',
  '¿Qué hora es? Son las tres y media. El niño comió una piña. Sí, tú tienes razón, también él está aquí. Aún no sé.',
  'Ó pá, não sei. A ação é fácil e você é o único. São Paulo é ótimo, está aí.',
  'où où où où — aún aún aún — naïf maïs Haïti Moïse goût août',
];

describe('convertTcvn3 / convertVni', () => {
  it('converts the two examples exactly', () => {
    expect(convertTcvn3('M\u00ADêng Kh\u00AD¬ng')).toBe('Mường Khương');
    expect(convertVni('Xin chaøo caùc baïn')).toBe('Xin chào các bạn');
  });

  it('converts well-known legacy headers', () => {
    expect(convertTcvn3('Céng hoµ x· héi chñ nghÜa ViÖt Nam')).toBe('Cộng hoà xã hội chủ nghĩa Việt Nam');
    expect(convertTcvn3('§éc lËp - Tù do - H¹nh phóc')).toBe('Độc lập - Tự do - Hạnh phúc');
    expect(convertVni('Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam')).toBe('Cộng hòa xã hội chủ nghĩa Việt Nam');
    expect(convertVni('ÑOÄC LAÄP - TÖÏ DO - HAÏNH PHUÙC')).toBe('ĐỘC LẬP - TỰ DO - HẠNH PHÚC');
    expect(convertVni('ñöôøng')).toBe('đường');
  });

  it('reads an all-caps TCVN3 word as capitals (the .VnTimeH convention)', () => {
    expect(convertTcvn3('§¾K L¾K')).toBe('ĐẮK LẮK');
    expect(convertTcvn3('TØNH ñY')).toBe('TỈNH ỦY');
    expect(convertTcvn3('Th¸i')).toBe('Thái');
  });

  it('covers every Vietnamese letter in both tables', () => {
    const letters = 'aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ';
    expect(convertVni(encodeVni(letters))).toBe(letters);
    expect(convertVni(encodeVni(letters.toUpperCase()))).toBe(letters.toUpperCase());
    expect(convertTcvn3(encodeTcvn3(letters))).toBe(letters);
    expect(TCVN3_A1_TO_FE).toHaveLength(0xfe - 0xa1 + 1);
  });

  it('round-trips realistic sentences', () => {
    for (const s of SENTENCES) {
      expect(convertVni(encodeVni(s))).toBe(s);
      expect(convertTcvn3(encodeTcvn3(s))).toBe(s);
    }
  });

  it('outputs NFC, even from NFD input', () => {
    const nfdVni = 'Xin chaøo caùc baïn'.normalize('NFD');
    expect(nfdVni).not.toBe('Xin chaøo caùc baïn');
    expect(convertVni(nfdVni)).toBe('Xin chào các bạn');
    for (const s of SENTENCES) {
      const v = convertVni(encodeVni(s).normalize('NFD'));
      const t = convertTcvn3(encodeTcvn3(s).normalize('NFD'));
      expect(v).toBe(v.normalize('NFC'));
      expect(t).toBe(t.normalize('NFC'));
    }
  });
});

describe('detectLegacyEncoding', () => {
  it('detects the two examples', () => {
    expect(detectLegacyEncoding('M\u00ADêng Kh\u00AD¬ng')).toEqual({
      encoding: 'tcvn3',
      converted: 'Mường Khương',
      evidence: ['M\u00ADêng', 'Kh\u00AD¬ng'],
    });
    const vni = detectLegacyEncoding('Xin chaøo caùc baïn');
    expect(vni?.encoding).toBe('vni');
    expect(vni?.converted).toBe('Xin chào các bạn');
    expect(vni?.evidence).toContain('chaøo');
  });

  it('detects realistic sentences in each encoding and converts them exactly', () => {
    for (const s of SENTENCES) {
      const vni = detectLegacyEncoding(encodeVni(s));
      expect(vni, s).not.toBeNull();
      expect(vni!.encoding).toBe('vni');
      expect(vni!.converted).toBe(s);
      expect(vni!.evidence.length).toBeGreaterThan(0);

      const tcvn3 = detectLegacyEncoding(encodeTcvn3(s));
      expect(tcvn3, s).not.toBeNull();
      expect(tcvn3!.encoding).toBe('tcvn3');
      expect(tcvn3!.converted).toBe(s);
    }
  });

  it('detects a single strongly garbled word', () => {
    expect(detectLegacyEncoding('L¾k')?.converted).toBe('Lắk');
    expect(detectLegacyEncoding('ñöôøng')?.converted).toBe('đường');
  });

  it('detects every substantial paragraph of the letter once encoded', () => {
    let checked = 0;
    for (const p of paragraphs()) {
      const words = p.split(/\s+/).filter((w) => w !== encodeVni(w)).length;
      if (words < 3) continue;
      checked++;
      const vni = detectLegacyEncoding(encodeVni(p));
      expect(vni?.encoding, p).toBe('vni');
      expect(vni?.converted).toBe(p.normalize('NFC'));
      const tcvn3 = detectLegacyEncoding(encodeTcvn3(p));
      expect(tcvn3?.encoding, p).toBe('tcvn3');
      // TCVN3 cannot tell a toned capital from its lower case in a title-case word ("Ủy").
      expect(tcvn3?.converted.toLowerCase()).toBe(p.normalize('NFC').toLowerCase());
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('never flags the Vietnamese letter, whole or paragraph by paragraph', () => {
    expect(detectLegacyEncoding(letter())).toBeNull();
    expect(detectLegacyEncoding(letter().normalize('NFD'))).toBeNull();
    const ps = paragraphs();
    expect(ps.length).toBeGreaterThan(20);
    for (const p of ps) expect(detectLegacyEncoding(p), p).toBeNull();
    for (const line of letter().split('\n')) expect(detectLegacyEncoding(line), line).toBeNull();
  });

  it('never flags the Unicode sentences themselves', () => {
    for (const s of SENTENCES) expect(detectLegacyEncoding(s), s).toBeNull();
  });

  it('never flags English, foreign accents, punctuation, URLs, numbers or dates', () => {
    for (const s of [...ENGLISH, ...FOREIGN]) expect(detectLegacyEncoding(s), s).toBeNull();
    for (const w of ['café', 'naïve', 'Müller', 'façade', 'Café', 'NAÏVE', 'MÜLLER', 'Façade', 'résumé', 'Zoë', 'aún', 'où', 'goût']) {
      expect(detectLegacyEncoding(w), w).toBeNull();
    }
    for (const s of ['daklak.gov.vn/hien-ke-xay-dung-tinh', 'https://www.facebook.com/hienkephattriendaklak', '22/6/2020', '26/02/2020', '4533', '3,14', '1.000.000 ₫', '“ ” ‘ ’ – — … « » ·', '© ® § ¶ ° ± ½', '']) {
      expect(detectLegacyEncoding(s), s).toBeNull();
    }
  });

  it('never flags any mix of the letter’s words with English and accented foreign words', () => {
    const vietnamese = letter().split(/[\s,.;:()“”"*<>/-]+/).filter((w) => /\p{L}/u.test(w));
    const foreign = ['café', 'naïve', 'Müller', 'façade', 'the', 'board', 'schedule', 'déjà', 'vu', 'São', 'Paulo', 'Zürich', 'Noël', 'piñata'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...vietnamese, ...foreign), { minLength: 1, maxLength: 30 }), (words) => {
        expect(detectLegacyEncoding(words.join(' '))).toBeNull();
      }),
      { numRuns: 500 },
    );
  });
});
