// Vietnamese first, English second. Every string goes through i18next; each page has its own
// namespace (locales/<lang>/<page>.json), loaded with the page. A key missing in the language shown
// is recorded (window.__missingKeys) — the test that walks every page in both languages fails on it.
import i18next from 'i18next';
import resourcesToBackend from 'i18next-resources-to-backend';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import 'dayjs/locale/en-gb';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import relativeTime from 'dayjs/plugin/relativeTime';
import customParseFormat from 'dayjs/plugin/customParseFormat';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(relativeTime);
dayjs.extend(customParseFormat);

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'ledgate.lang';

declare global {
  interface Window {
    __missingKeys?: string[];
  }
}

export function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'vi';
}

export function setLanguage(lang: Language): void {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  dayjs.locale(lang === 'vi' ? 'vi' : 'en-gb');
  void i18next.changeLanguage(lang);
}

export const i18nReady = i18next
  .use(initReactI18next)
  .use(resourcesToBackend((lng: string, ns: string) => import(`../locales/${lng}/${ns}.json`)))
  .init({
    lng: initialLanguage(),
    fallbackLng: false,
    ns: ['common'],
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
    saveMissing: true,
    missingKeyHandler: (lngs, ns, key) => {
      (window.__missingKeys ??= []).push(`${lngs.join(',')}:${ns}:${key}`);
      console.warn(`missing translation ${lngs.join(',')}:${ns}:${key}`);
    },
    react: { useSuspense: true },
  })
  .then(() => {
    document.documentElement.lang = i18next.language;
    dayjs.locale(i18next.language === 'vi' ? 'vi' : 'en-gb');
  });

export default i18next;
