// Legacy Vietnamese 8-bit encodings (TCVN3/ABC and VNI-Windows) that arrive pasted as Unicode.
//
// Staff copy slogans out of old Word files set in .VnTime/.VnArial (TCVN3) or VNI-Times (VNI)
// fonts. Those fonts drew Vietnamese letters at Latin-1 code points, so once the text leaves Word
// it reads "M­êng Kh­¬ng" or "Xin chaøo caùc baïn". Such text must never reach a city board: the
// editor calls detectLegacyEncoding() and offers the converted Unicode text instead.
// Pure: no I/O and no imports, so the controller and the player can both use it.

export type LegacyEncoding = 'tcvn3' | 'vni';

export interface LegacyEncodingMatch {
  encoding: LegacyEncoding;
  /** The whole text converted to Unicode (NFC). */
  converted: string;
  /** A few of the original words that gave the encoding away, for the error message. */
  evidence: string[];
}

// ---------------------------------------------------------------------------------------------
// TCVN3 (ABC, TCVN 5712:1993 "VN3")
//
// VN3 is the subset that the .VnTime/.VnArial fonts actually carry: every lower-case Vietnamese
// letter, but of the capitals only Ă Â Ê Ô Ơ Ư Đ. Capitals with a tone mark live in the companion
// ".VnTimeH" fonts, which draw the lower-case code points as capitals, so the code points alone
// cannot tell "ắ" from "Ắ". We decode them as lower case, except inside a word that is otherwise
// written in capitals ("§¾K L¾K" → "ĐẮK LẮK"), which is what an all-caps headline typed in a
// .VnTimeH font looks like once pasted. The full TCVN 5712 "VN1" table also puts toned capitals
// at À Á Â Ã Í Ù Ú ð ÿ and in the C0/C1 ranges; we deliberately leave those alone: the ABC fonts
// never used them, and mapping them would turn ordinary French or German letters into Vietnamese.

// Each row: the Unicode letter plain, then with huyền, hỏi, ngã, sắc, nặng; beside it the TCVN3
// code points in the same order (ASCII a/e/i/o/u/y map to themselves).
const TCVN3_ROWS: ReadonlyArray<readonly [string, string]> = [
  ['aàảãáạ', 'aµ¶·¸¹'],
  ['ăằẳẵắặ', '¨»¼½¾Æ'],
  ['âầẩẫấậ', '©ÇÈÉÊË'],
  ['eèẻẽéẹ', 'eÌÎÏÐÑ'],
  ['êềểễếệ', 'ªÒÓÔÕÖ'],
  ['iìỉĩíị', 'i×ØÜÝÞ'],
  ['oòỏõóọ', 'oßáâãä'],
  ['ôồổỗốộ', '«åæçèé'],
  ['ơờởỡớợ', '¬êëìíî'],
  ['uùủũúụ', 'uïñòóô'],
  // U+00AD is a soft hyphen: invisible in most editors, hence the escape.
  ['ưừửữứự', '\u00ADõö÷øù'],
  ['yỳỷỹýỵ', 'yúûüýþ'],
];
// The letters without a tone that have no row above: the seven VN3 capitals, and đ.
const TCVN3_UNTONED: ReadonlyArray<readonly [string, string]> = [['ĂÂÊÔƠƯĐđ', '¡¢£¤¥¦§®']];

interface Tcvn3Entry {
  char: string;
  /** A toned vowel: VN3 has only one code point for its lower- and upper-case forms. */
  toned: boolean;
}

const TCVN3 = new Map<string, Tcvn3Entry>();
for (const [unicode, legacy] of TCVN3_ROWS) {
  const u = [...unicode];
  const l = [...legacy];
  l.forEach((code, i) => {
    const char = u[i];
    if (char !== undefined && code !== char) TCVN3.set(code, { char, toned: i > 0 });
  });
}
for (const [unicode, legacy] of TCVN3_UNTONED) {
  const u = [...unicode];
  [...legacy].forEach((code, i) => {
    const char = u[i];
    if (char !== undefined) TCVN3.set(code, { char, toned: false });
  });
}

// Runs of "word" characters. Many TCVN3 letters are Latin-1 symbols or punctuation (¸ ¨ « ­ …),
// so they must count as part of a word or "c¸c" would split into "c" and "c".
const WORD_RUN = /[\p{L}\p{M}\u00A1-\u00A9\u00AB-\u00AE\u00B6-\u00B9\u00BB-\u00BE\u00D7\u00F7]+/gu;
const TCVN3_SYMBOL_KEY = /[\u00A1-\u00A9\u00AB-\u00AE\u00B6-\u00B9\u00BB-\u00BE\u00D7\u00F7]/u;

function convertTcvn3Run(run: string): string {
  const out: string[] = [];
  const toned: number[] = [];
  let hasLower = false;
  let upperAfterFirst = false;
  [...run].forEach((ch, i) => {
    const entry = TCVN3.get(ch);
    const r = entry?.char ?? ch;
    if (entry?.toned) toned.push(out.length);
    else if (r !== r.toUpperCase()) hasLower = true;
    else if (r !== r.toLowerCase() && i > 0) upperAfterFirst = true;
    out.push(r);
  });
  // A capital after the first letter and no lower-case letter: an all-caps word (see above).
  if (!hasLower && upperAfterFirst) for (const i of toned) out[i] = out[i]!.toUpperCase();
  return out.join('');
}

/** Converts TCVN3 (ABC) text, as pasted from a .VnTime-family font, to NFC Unicode. */
export function convertTcvn3(text: string): string {
  return text.normalize('NFC').replace(WORD_RUN, convertTcvn3Run).normalize('NFC');
}

// ---------------------------------------------------------------------------------------------
// VNI-Windows
//
// VNI writes a vowel as its ASCII base letter followed by one Latin-1 "mark" character that
// carries the circumflex/breve and the tone together (a+ù = á, a+á = ấ, a+é = ắ). Four letters
// are single code points: ñ = đ, ô = ơ, ö = ư (which then take the tone marks: ô+ù = ớ), and
// i with a tone (í ì æ ó ò = í ì ỉ ĩ ị); ỵ is the single î. Capitals use the capital forms of the
// same characters ("AØ" = "À", "Ñ" = "Đ").

const TONE = { huyen: '\u0300', sac: '\u0301', nga: '\u0303', hoi: '\u0309', nang: '\u0323' } as const;
const VNI_TONE_MARKS: Readonly<Record<string, string>> = { 'ø': TONE.huyen, 'ù': TONE.sac, 'û': TONE.hoi, 'õ': TONE.nga, 'ï': TONE.nang };
const VNI_CIRCUMFLEX_MARKS: Readonly<Record<string, string>> = { 'â': '', 'à': TONE.huyen, 'á': TONE.sac, 'å': TONE.hoi, 'ã': TONE.nga, 'ä': TONE.nang };
const VNI_BREVE_MARKS: Readonly<Record<string, string>> = { 'ê': '', 'è': TONE.huyen, 'é': TONE.sac, 'ú': TONE.hoi, 'ü': TONE.nga, 'ë': TONE.nang };
const VNI_SINGLE_LOWER: Readonly<Record<string, string>> = {
  'ñ': 'đ', 'ô': 'ơ', 'ö': 'ư', 'í': 'í', 'ì': 'ì', 'æ': 'ỉ', 'ó': 'ĩ', 'ò': 'ị', 'î': 'ỵ',
};

const VNI_SINGLE = new Map<string, string>();
for (const [code, char] of Object.entries(VNI_SINGLE_LOWER)) {
  VNI_SINGLE.set(code, char);
  VNI_SINGLE.set(code.toUpperCase(), char.toUpperCase());
}

// Two-character sequences. Bases: the VNI base character and the Unicode letter it stands for.
const VNI_PAIRS = new Map<string, string>();
function addVniPairs(bases: ReadonlyArray<readonly [string, string]>, marks: Readonly<Record<string, string>>, extra: string): void {
  for (const [base, letter] of bases) {
    for (const [mark, tone] of Object.entries(marks)) {
      const lower = (letter + extra + tone).normalize('NFC');
      // The base letter decides the case; a mismatched mark still belongs to that letter.
      for (const m of [mark, mark.toUpperCase()]) {
        VNI_PAIRS.set(base + m, lower);
        VNI_PAIRS.set(base.toUpperCase() + m, lower.toUpperCase());
      }
    }
  }
}
addVniPairs([['a', 'a'], ['e', 'e'], ['o', 'o'], ['u', 'u'], ['y', 'y'], ['ô', 'ơ'], ['ö', 'ư']], VNI_TONE_MARKS, '');
addVniPairs([['a', 'a'], ['e', 'e'], ['o', 'o']], VNI_CIRCUMFLEX_MARKS, '\u0302');
addVniPairs([['a', 'a']], VNI_BREVE_MARKS, '\u0306');

/** Converts VNI-Windows text, as pasted from a VNI-Times-family font, to NFC Unicode. */
export function convertVni(text: string): string {
  const s = text.normalize('NFC');
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const pair = VNI_PAIRS.get(ch + (s[i + 1] ?? ''));
    if (pair !== undefined) {
      out += pair;
      i++;
    } else {
      out += VNI_SINGLE.get(ch) ?? ch;
    }
  }
  return out.normalize('NFC');
}

// ---------------------------------------------------------------------------------------------
// Vietnamese syllable validator
//
// Detection hinges on "after conversion the words are Vietnamese syllables, before they were not".
// The grammar is the standard onset + nucleus + coda with the spelling rules that matter most,
// slightly widened for Central Highlands place names (Đắk, Lắk, Krông, Búk).

const ONSET = '(?:ngh(?=[ieê])|gh(?=[ieê])|ng|nh|ch|gi|kh|ph|qu|th|tr|kr|dr|đr|bl|br|pl|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?';
// Nuclei that end in a glide and so take no final consonant.
const OPEN = 'uôi|ươi|ươu|iêu|yêu|uya|oai|oay|oeo|uây|uyu|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ua|ui|ưa|ưi|ưu|uơ';
// Nuclei that may stand alone or take a final consonant.
const FREE = 'oa|oe|uê|uy|a|e|ê|i|o|ô|ơ|u|ư|y';
// Nuclei that need a final consonant.
const CLOSED = 'uyê|iê|yê|uô|ươ|oă|uâ|oo|ă|â';
const SYLLABLE = new RegExp(`^${ONSET}(?:${OPEN}|${FREE}|(?:${CLOSED}|${FREE})(?:ng|c|k|m|n|p|t)|(?:oa|uê|uy|a|ê|i|y)(?:ch|nh))$`, 'u');
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;
const STOP_CODA = /(?:c|ch|k|p|t)$/u;

function isVietnameseSyllable(word: string): boolean {
  const nfd = word.toLowerCase().normalize('NFD');
  const tones = nfd.match(TONE_MARKS) ?? [];
  if (tones.length > 1) return false;
  const bare = nfd.replace(TONE_MARKS, '').normalize('NFC');
  if (!SYLLABLE.test(bare)) return false;
  // A syllable closed by a stop consonant can only carry the sắc or nặng tone.
  return !STOP_CODA.test(bare) || tones.length === 0 || tones[0] === TONE.sac || tones[0] === TONE.nang;
}

// ---------------------------------------------------------------------------------------------
// Detection

// Marks that also occur after a vowel in French or Spanish (naïf, où, goût, Raúl, aéreo, Noël,
// Saül): on their own they are weak evidence. All the other VNI pairs never occur in European text.
const VNI_WEAK_MARKS = new Set(['ï', 'ú', 'ü', 'ë', 'é']);

function isStrongVni(word: string): boolean {
  const lower = word.toLowerCase();
  if (/^ñ\p{L}/u.test(lower) || lower.includes('öô')) return true;
  for (let i = 0; i + 1 < word.length; i++) {
    if (!VNI_PAIRS.has(word.slice(i, i + 2))) continue;
    const base = lower[i]!;
    const mark = lower[i + 1]!;
    if (mark === 'ù' || mark === 'û' ? base !== 'o' : !VNI_WEAK_MARKS.has(mark)) return true;
  }
  return false;
}

function isStrongTcvn3(word: string): boolean {
  // A symbol glued to letters, or a Latin-1 capital in the middle of a lower-case word ("tØnh").
  return TCVN3_SYMBOL_KEY.test(word) || /\p{Ll}[ÆÇÈÉÊËÌÎÏÐÑÒÓÔÕÖØÜÝÞ]/u.test(word);
}

interface Tally {
  /** Distinct words that were not Vietnamese syllables and became ones. */
  fixed: string[];
  strongFixed: string[];
  /** Changed words that are not syllables either way. */
  unfixed: number;
  /** Valid syllables that the conversion would spoil. */
  broken: number;
  words: number;
  validAfter: number;
}

function tally(text: string, convertWord: (w: string) => string, isStrong: (w: string) => boolean): Tally {
  const t: Tally = { fixed: [], strongFixed: [], unfixed: 0, broken: 0, words: 0, validAfter: 0 };
  // Each distinct word counts once, so that "où où où" stays one accidental match.
  const seen = new Set<string>();
  for (const [word] of text.matchAll(WORD_RUN)) {
    // A run without a letter is punctuation standing alone (« » © §), not a word.
    if (!/\p{L}/u.test(word) || seen.has(word.toLowerCase())) continue;
    seen.add(word.toLowerCase());
    t.words++;
    const converted = convertWord(word);
    const validAfter = isVietnameseSyllable(converted);
    if (validAfter) t.validAfter++;
    if (converted === word) continue;
    const validBefore = isVietnameseSyllable(word);
    if (!validBefore && validAfter) {
      t.fixed.push(word);
      if (isStrong(word)) t.strongFixed.push(word);
    } else if (validBefore && !validAfter) t.broken++;
    else if (!validBefore) t.unfixed++;
    // Valid both ways ("nãi" → "nói") proves nothing either way.
  }
  return t;
}

function isConvincing(t: Tally): boolean {
  const fixed = t.fixed.length;
  return (
    // One garbled word is enough only if it holds a character no real word would contain.
    (fixed >= 2 || t.strongFixed.length >= 1) &&
    fixed > 2 * t.broken &&
    // Most of what the table touches must come out as Vietnamese…
    fixed * 2 >= fixed + t.unfixed + t.broken &&
    // …and so must the text as a whole, which keeps foreign prose with stray accents out.
    t.validAfter * 2 >= t.words
  );
}

/**
 * Recognises TCVN3 or VNI text that was pasted as if it were Unicode. Returns null for ordinary
 * text: Vietnamese Unicode, English, numbers, URLs, the odd accented foreign word, typographic
 * punctuation.
 */
export function detectLegacyEncoding(text: string): LegacyEncodingMatch | null {
  const nfc = text.normalize('NFC');
  // Both encodings live entirely in Latin-1 above ASCII.
  if (!/[\u00A1-\u00FF]/u.test(nfc)) return null;

  const candidates: Array<{ encoding: LegacyEncoding; t: Tally }> = [
    { encoding: 'tcvn3', t: tally(nfc, convertTcvn3Run, isStrongTcvn3) },
    { encoding: 'vni', t: tally(nfc, convertVni, isStrongVni) },
  ];
  const score = (t: Tally) => t.fixed.length - t.broken;
  const best = candidates
    .filter((c) => isConvincing(c.t))
    .sort((a, b) => score(b.t) - score(a.t) || b.t.strongFixed.length - a.t.strongFixed.length)[0];
  if (!best) return null;

  const evidence = [...new Set([...best.t.strongFixed, ...best.t.fixed])].slice(0, 5);
  const converted = best.encoding === 'tcvn3' ? convertTcvn3(nfc) : convertVni(nfc);
  return { encoding: best.encoding, converted, evidence };
}
