import { ValidationError } from '../../domain/shared/errors';

// Stream names of the scheduling process and entry aggregates (the slot stream name comes from
// the domain's slotStreamName).

export function waitlistEntryStream(entryId: string): string {
  return `waitlist-entry-${entryId}`;
}

export function backfillStream(backfillId: string): string {
  return `backfill-${backfillId}`;
}

/** Offer ids are `<backfillId>-offer-<n>` (see the backfill process), so the backfill is found without a lookup. */
export function backfillIdOfOffer(offerId: string): string {
  const match = /^(.+)-offer-\d+$/.exec(offerId);
  if (!match) {
    throw ValidationError.forField('offerId', `must be an offer id such as <backfill id>-offer-1; got ${JSON.stringify(offerId)}`);
  }
  return match[1]!;
}
