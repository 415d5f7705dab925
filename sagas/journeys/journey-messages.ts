// The plain-language messages the journey sends, in English and Canadian French. They name times
// and ids only: the outbox stores bodies unencrypted, so no name, address or clinical detail.

import type { NotificationLanguage } from '../../infra/notifications/notifications.port';

type Bilingual = Record<NotificationLanguage, string>;

export function rideBookedMessage(pickupAt: string): Bilingual {
  return {
    en: `Your ride to your appointment is booked. Be ready for pickup at ${formatTime(pickupAt, 'en')}.`,
    fr: `Votre transport vers votre rendez-vous est réservé. Soyez prêt pour la prise en charge à ${formatTime(pickupAt, 'fr')}.`,
  };
}

export function rebookingMessage(reason: 'cancelled-by-provider' | 'cancelled-by-patient' | 'missed'): Bilingual {
  const cause: Record<typeof reason, Bilingual> = {
    'cancelled-by-provider': { en: 'Your clinic cancelled your appointment.', fr: 'Votre clinique a annulé votre rendez-vous.' },
    'cancelled-by-patient': { en: 'Your appointment was cancelled.', fr: 'Votre rendez-vous a été annulé.' },
    missed: { en: 'We missed you at your appointment.', fr: 'Nous ne vous avons pas vu à votre rendez-vous.' },
  };
  return {
    en: `${cause[reason].en} Open the app to choose a new time.`,
    fr: `${cause[reason].fr} Ouvrez l’application pour choisir une nouvelle heure.`,
  };
}

export const emergencyDepartmentMessage = (journeyId: string): string =>
  `Critical patient on the way by ambulance; care journey ${journeyId}. Prepare to receive them.`;

export const coordinatorTaskMessage = (reason: string, detail: string): string => `Coordinator task (${reason}): ${detail}.`;

export const careTeamMessage = (action: string, priority: string, escalationId: string): string =>
  `Monitoring escalation ${escalationId}: ${action}, priority ${priority}.`;

function formatTime(at: string, language: NotificationLanguage): string {
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-CA' : 'en-CA', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'America/Toronto' }).format(new Date(at));
}
