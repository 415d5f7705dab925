// The language of a triage response: `?lang=` when given, else the best of English and French in
// Accept-Language, else the language the session was started in.

import { z } from 'zod';

import type { Locale } from '../../domain/triage';

export const languageQuery = z.object({ lang: z.enum(['en', 'fr'], { message: 'must be en or fr' }).optional() }).strict();

export type LanguageQuery = z.infer<typeof languageQuery>;

export function responseLocale(lang: Locale | undefined, acceptLanguage: string | undefined, fallback: Locale): Locale {
  return lang ?? preferredLocale(acceptLanguage) ?? fallback;
}

/** Picks en or fr from an Accept-Language header by quality value (RFC 9110), or undefined. */
export function preferredLocale(header: string | undefined): Locale | undefined {
  if (!header) return undefined;

  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...parameters] = part.trim().split(';');
      const quality = parameters.map((parameter) => parameter.trim()).find((parameter) => parameter.startsWith('q='));
      return { language: tag.split('-')[0]!.toLowerCase(), quality: quality ? Number(quality.slice(2)) : 1, index };
    })
    .filter((entry) => (entry.language === 'en' || entry.language === 'fr') && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranked[0]?.language as Locale | undefined;
}
