// Message templates, in English and Canadian French. A message to a patient carries the least
// health information that still lets them act: a check-in reminder names no condition, and a
// ride names the pickup time but not the clinic's specialty. Voice messages are the SMS text read
// aloud, so each template stays short enough to be heard once.

import { assertNever } from '../shared/decider';

export type TemplateLanguage = 'en' | 'fr';

export type MessageTemplate =
  | { template: 'appointment-reminder'; startsAt: string; facilityName: string }
  | { template: 'ride-booked'; pickupAt: string }
  | { template: 'check-in-due'; answerBy: string; link: string }
  | { template: 'escalation'; patientRef: string; action: string; priority: string; link: string }
  | { template: 'rebooking-offer'; startsAt: string; respondBy: string };

export interface RenderedMessage {
  /** For e-mail; SMS and voice ignore it. */
  subject: string;
  body: string;
}

/** Renders a template in a language; times are shown in Ontario time. */
export function renderMessage(message: MessageTemplate, language: TemplateLanguage): RenderedMessage {
  const at = (iso: string) => formatTime(iso, language);
  const fr = language === 'fr';

  switch (message.template) {
    case 'appointment-reminder':
      return fr
        ? { subject: 'Rappel de rendez-vous', body: `Rappel : vous avez un rendez-vous le ${at(message.startsAt)} à ${message.facilityName}.` }
        : { subject: 'Appointment reminder', body: `Reminder: you have an appointment on ${at(message.startsAt)} at ${message.facilityName}.` };
    case 'ride-booked':
      return fr
        ? { subject: 'Transport réservé', body: `Votre transport est réservé. Prise en charge le ${at(message.pickupAt)}.` }
        : { subject: 'Ride booked', body: `Your ride is booked. Pickup is on ${at(message.pickupAt)}` };
    case 'check-in-due':
      return fr
        ? { subject: 'Votre suivi est prêt', body: `Votre suivi de santé est prêt. Répondez avant le ${at(message.answerBy)} : ${message.link}` }
        : { subject: 'Your check-in is ready', body: `Your health check-in is ready. Please answer by ${at(message.answerBy)}: ${message.link}` };
    case 'escalation':
      return fr
        ? {
            subject: `Alerte de suivi à distance (${message.priority})`,
            body: `Le suivi du patient ${message.patientRef} demande ${actionText(message.action, 'fr')} (priorité ${message.priority}). Détails : ${message.link}`,
          }
        : {
            subject: `Remote monitoring alert (${message.priority})`,
            body: `Monitoring of patient ${message.patientRef} calls for ${actionText(message.action, 'en')} (priority ${message.priority}). Details: ${message.link}`,
          };
    case 'rebooking-offer':
      return fr
        ? { subject: 'Nouveau rendez-vous offert', body: `Un rendez-vous est offert le ${at(message.startsAt)}. Répondez avant le ${at(message.respondBy)} dans l’application.` }
        : { subject: 'New appointment offered', body: `An appointment is offered on ${at(message.startsAt)}. Reply by ${at(message.respondBy)} in the app.` };
    default:
      return assertNever(message, 'message template');
  }
}

const ACTION_TEXT: Record<string, { en: string; fr: string }> = {
  ALERT_PROVIDER: { en: 'a provider review', fr: 'un examen par un professionnel' },
  URGENT_CALLBACK: { en: 'an urgent call back', fr: 'un rappel urgent' },
  NURSE_CALLBACK: { en: 'a nurse call back', fr: 'un rappel par une infirmière' },
  PATIENT_EDUCATION_OUTREACH: { en: 'education outreach', fr: 'une démarche d’éducation' },
  EMERGENCY_ADVICE: { en: 'emergency advice', fr: 'des conseils d’urgence' },
};

function actionText(action: string, language: TemplateLanguage): string {
  return ACTION_TEXT[action]?.[language] ?? action;
}

function formatTime(iso: string, language: TemplateLanguage): string {
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-CA' : 'en-CA', {
    timeZone: 'America/Toronto',
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(new Date(iso));
}
