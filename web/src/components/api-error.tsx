// The server's refusal, in the user's language, where they can see what to fix: a block for the
// form, and per field (validation details name the field, e.g. body.text → "text").
import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/index.ts';

export function errorText(error: unknown, lang: string): string {
  if (error instanceof ApiError) return error.text(lang);
  return error instanceof Error ? error.message : String(error);
}

export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const { i18n } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" role="alert" title={title} style={{ whiteSpace: 'pre-line' }}>
      {errorText(error, i18n.language)}
    </Alert>
  );
}

/** The message for one field of a form (its path without the "body." prefix), if the refusal is about it. */
export function useFieldError(error: unknown): (field: string) => string | undefined {
  const { i18n } = useTranslation();
  return (field) => {
    if (!(error instanceof ApiError)) return undefined;
    const p = error.fieldProblems().find((f) => f.field.replace(/^(body|query|params)\./, '') === field || f.field.replace(/^(body|query|params)\./, '').startsWith(`${field}.`));
    return p ? (i18n.language === 'en' ? p.en : p.vi) : undefined;
  };
}
