import { z } from 'zod';

/** Page numbers start at 1; 100 rows a page keeps a response small enough for a phone. */
export const pagingQuery = z.object({
  page: z.coerce.number().int().min(1, 'must be 1 or more').default(1),
  pageSize: z.coerce.number().int().min(1, 'must be 1 or more').max(100, 'must be 100 or less').default(20),
});

export interface Page<Item> {
  items: Item[];
  page: number;
  pageSize: number;
  total: number;
}
