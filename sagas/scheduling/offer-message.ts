import type { LocalizedText } from '../../domain/scheduling';

// The text of a waitlist offer, in English and Canadian French. Times are shown on the Ontario
// clock, as the reminders show them.

const ONTARIO_TIME_ZONE = 'America/Toronto';

export interface OfferedSlot {
  startsAt: string;
  respondBy: string;
  mode: 'in-person' | 'telemedicine';
  facilityName: LocalizedText;
}

export function offerMessage(slot: OfferedSlot): LocalizedText {
  const starts = { en: formatInstant('en-CA', slot.startsAt), fr: formatInstant('fr-CA', slot.startsAt) };
  const respondBy = { en: formatInstant('en-CA', slot.respondBy), fr: formatInstant('fr-CA', slot.respondBy) };
  const place =
    slot.mode === 'telemedicine'
      ? { en: 'by video', fr: 'par vidéo' }
      : { en: `at ${slot.facilityName.en}`, fr: `à ${slot.facilityName.fr}` };

  return {
    en: `An earlier appointment is available ${place.en} on ${starts.en}. Accept or decline it in OHIP Forward before ${respondBy.en}; after that it is offered to the next patient.`,
    fr: `Un rendez-vous plus tôt est disponible ${place.fr} le ${starts.fr}. Acceptez-le ou refusez-le dans OHIP Forward avant le ${respondBy.fr}; ensuite, il sera offert au patient suivant.`,
  };
}

function formatInstant(locale: string, instant: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: ONTARIO_TIME_ZONE, dateStyle: 'full', timeStyle: 'short' }).format(new Date(instant));
}
