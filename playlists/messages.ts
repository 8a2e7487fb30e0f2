// Bilingual validation messages. zod carries one message string; schemas write it with bi(vi, en)
// so the English text travels in the issue and the Vietnamese is found again by viFor(en) at the
// edge that reports the error (HTTP error handler, campaign import).
const vietnamese = new Map<string, string>();

export function bi(vi: string, en: string): string {
  vietnamese.set(en, vi);
  return en;
}

/** The Vietnamese text registered for an English message, if any. */
export function viFor(en: string): string | undefined {
  return vietnamese.get(en);
}
