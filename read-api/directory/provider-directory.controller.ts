import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { z } from 'zod';

import { isSpecialty, SPECIALTIES } from '../../domain/providers/specialties';
import { NotFoundError } from '../../domain/shared/errors';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import {
  PROVIDER_SEARCH,
  type DirectoryProvider,
  type FacetCount,
  type ProviderSearch,
  type ProviderSearchResult,
} from '../../infra/search/provider-search.port';
import { providerSearchQuerySchema, toProviderSearchQuery, type ProviderSearchParameters } from './provider-search.query';
import { Public } from '../../infra/auth/route-access';

const providerIdParam = z.string().regex(/^[A-Za-z0-9\-_.]{1,128}$/, 'providerId must be 1 to 128 letters, digits, "-", "_" or "."');

/** Provider search and one provider. Demo practitioners carry demo: true in every response. */
@Public()
@Controller('api/v1/providers')
export class ProviderDirectoryController {
  constructor(@Inject(PROVIDER_SEARCH) private readonly search: ProviderSearch) {}

  @Get()
  async list(@Query(new ZodValidationPipe(providerSearchQuerySchema)) parameters: ProviderSearchParameters) {
    const result = await this.search.search(toProviderSearchQuery(parameters));
    return presentResult(result);
  }

  @Get(':providerId')
  async get(@Param('providerId', new ZodValidationPipe(providerIdParam)) providerId: string) {
    const provider = await this.search.get(providerId);
    if (!provider) {
      throw new NotFoundError(`provider ${providerId} was not found; search GET /api/v1/providers for valid ids`);
    }
    return presentProvider(provider);
  }
}

function presentResult(result: ProviderSearchResult) {
  const { items, total, page, pageSize, facets } = result;
  const presented = {
    items: items.map((item) => ({ ...presentProvider(item), distanceKm: item.distanceKm === null ? null : Math.round(item.distanceKm * 100) / 100 })),
    page,
    pageSize,
    total,
  };
  if (!facets) return presented;
  return {
    ...presented,
    facets: { specialty: facets.specialty.map(withSpecialtyLabel), language: facets.language, providerType: facets.providerType },
  };
}

// Patients read specialties in English or French, so each code goes out with both labels.
function presentProvider(provider: DirectoryProvider) {
  return { ...provider, specialties: provider.specialties.map((code) => ({ code, label: specialtyLabel(code) })) };
}

function withSpecialtyLabel(facet: FacetCount) {
  return { ...facet, label: specialtyLabel(facet.value) };
}

function specialtyLabel(code: string): { en: string; fr: string } {
  return isSpecialty(code) ? SPECIALTIES[code].label : { en: code, fr: code };
}
