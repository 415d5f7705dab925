import { preferredLocale, responseLocale } from './locale';

describe('preferred locale from Accept-Language', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['fr-CA', 'fr'],
    ['en-CA,en;q=0.9,fr;q=0.8', 'en'],
    ['de-DE, fr;q=0.5, en;q=0.4', 'fr'],
    ['fr;q=0.2, en;q=0.9', 'en'],
    ['FR-ca', 'fr'],
    ['fr;q=0, en;q=0.1', 'en'],
    ['de, es', undefined],
    ['*', undefined],
  ])('reads %s as %s', (header, expected) => {
    expect(preferredLocale(header)).toBe(expected);
  });
});

describe('response locale', () => {
  it('prefers the query over the header', () => {
    expect(responseLocale('fr', 'en', 'en')).toBe('fr');
  });

  it('prefers the header over the session', () => {
    expect(responseLocale(undefined, 'fr-CA', 'en')).toBe('fr');
  });

  it('falls back to the session language', () => {
    expect(responseLocale(undefined, 'de', 'fr')).toBe('fr');
  });
});
