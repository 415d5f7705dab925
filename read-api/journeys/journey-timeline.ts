// A journey's timeline in plain words, in English or French: what the journey observed, what it
// did about it, and the tracking of its rides. Built from the journey stream and the ride
// streams, which are the source of truth, so it is never behind a projection.

import type { JourneyCommand, JourneyEvent, RecordedStep } from '../../domain/journeys';
import type { Locale } from '../../domain/triage';

export interface TimelineEntry {
  at: string;
  kind: string;
  text: string;
}

type Words = Record<Locale, string>;

/** Formats an instant as Ontario wall-clock time for a patient, or returns the value as given when it is not a date. */
function ontarioTime(value: unknown, locale: Locale): string {
  const instant = new Date(String(value));
  if (Number.isNaN(instant.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'America/Toronto' }).format(instant);
}

export function observedEntry(step: RecordedStep, locale: Locale): TimelineEntry | undefined {
  const words = observedWords(step.observed);
  return words ? { at: step.recordedAt, kind: step.observed.type, text: words[locale] } : undefined;
}

export function commandEntry(command: JourneyCommand, at: string, locale: Locale): TimelineEntry | undefined {
  const words = commandWords(command);
  return words ? { at, kind: command.type, text: words[locale] } : undefined;
}

export function rideEntry(type: string, data: Record<string, unknown>, locale: Locale): TimelineEntry | undefined {
  const at = String(data.bookedAt ?? data.assignedAt ?? data.updatedAt ?? data.arrivedAt ?? data.completedAt ?? data.cancelledAt ?? data.failedAt ?? data.requestedAt ?? '');
  const words: Words | undefined = (() => {
    switch (type) {
      case 'RideRequested':
        return { en: `Ride requested (${String(data.mode)}), pickup planned at ${ontarioTime(data.pickupAt, 'en')}`, fr: `Transport demandé (${String(data.mode)}), prise en charge prévue à ${ontarioTime(data.pickupAt, 'fr')}` };
      case 'RideBooked':
        return { en: `Ride booked with ${String(data.partnerId)}`, fr: `Transport réservé auprès de ${String(data.partnerId)}` };
      case 'DriverAssigned':
        return { en: `Driver assigned: ${String(data.vehicle)}`, fr: `Chauffeur assigné : ${String(data.vehicle)}` };
      case 'RideEtaUpdated':
        return { en: `Driver expected at ${ontarioTime(data.etaAt, 'en')}`, fr: `Chauffeur attendu à ${ontarioTime(data.etaAt, 'fr')}` };
      case 'RideArrived':
        return { en: 'Driver arrived at the pickup', fr: 'Le chauffeur est arrivé au point de prise en charge' };
      case 'RideCompleted':
        return { en: 'Ride completed', fr: 'Transport terminé' };
      case 'RideCancelled':
        return { en: 'Ride cancelled', fr: 'Transport annulé' };
      case 'RideFailed':
        return { en: `Ride could not be booked: ${String(data.reason)}`, fr: `Le transport n’a pas pu être réservé : ${String(data.reason)}` };
      default:
        return undefined;
    }
  })();
  return words ? { at, kind: type, text: words[locale] } : undefined;
}

function observedWords(event: JourneyEvent): Words | undefined {
  switch (event.type) {
    case 'TriageAssessed':
      return { en: `Triage assessed the need as ${event.data.acuity}`, fr: `Le triage a évalué le besoin comme ${acuityFr(event.data.acuity)}` };
    case 'PatientHandedOver':
      return { en: 'Patient handed over to the emergency department', fr: 'Patient confié au service des urgences' };
    case 'EmergencyVisitEnded':
      return event.data.disposition === 'admitted'
        ? { en: 'Admitted to hospital', fr: 'Admis à l’hôpital' }
        : { en: 'Discharged from the emergency department', fr: 'Sorti du service des urgences' };
    case 'AppointmentBooked':
      return { en: `Appointment booked for ${ontarioTime(event.data.startsAt, 'en')}`, fr: `Rendez-vous réservé pour ${ontarioTime(event.data.startsAt, 'fr')}` };
    case 'AppointmentCancelled':
      return { en: `Appointment cancelled by the ${event.data.cancelledBy}`, fr: `Rendez-vous annulé par ${event.data.cancelledBy === 'provider' ? 'la clinique' : 'le patient'}` };
    case 'AppointmentAttended':
      return { en: 'Appointment attended', fr: 'Présent au rendez-vous' };
    case 'AppointmentMissed':
      return { en: 'Appointment missed', fr: 'Rendez-vous manqué' };
    case 'TransportRequested':
      return { en: 'Transport requested', fr: 'Transport demandé' };
    case 'EscalationRaised':
      return { en: `Monitoring raised an escalation (${event.data.priority})`, fr: `Le suivi a déclenché une alerte (${event.data.priority})` };
    case 'CheckInAnswered':
      return { en: 'Check-in answered', fr: 'Suivi répondu' };
    case 'RideBooked':
    case 'RideFailed':
    case 'RideCompleted':
    case 'TimerFired':
      return undefined;
  }
}

function commandWords(command: JourneyCommand): Words | undefined {
  switch (command.type) {
    case 'RequestAmbulance':
      return { en: 'Ambulance requested', fr: 'Ambulance demandée' };
    case 'NotifyEmergencyDepartment':
      return { en: 'Receiving emergency department notified', fr: 'Service des urgences prévenu' };
    case 'OfferProviderOptions':
      return { en: 'Providers offered to choose from', fr: 'Choix de fournisseurs de soins proposé' };
    case 'ArrangeTransport':
      return { en: `Transport arranged with ${command.partnerId}`, fr: `Transport organisé avec ${command.partnerId}` };
    case 'RetryRideWithBackoff':
      return { en: `Ride requested again from ${command.partnerId} (attempt ${command.attempt})`, fr: `Transport redemandé à ${command.partnerId} (essai ${command.attempt})` };
    case 'TryNextPartner':
      return { en: `Ride handed to the next partner, ${command.partnerId}`, fr: `Transport confié au partenaire suivant, ${command.partnerId}` };
    case 'CancelRide':
      return { en: 'Ride cancelled because the appointment will not take place', fr: 'Transport annulé car le rendez-vous n’aura pas lieu' };
    case 'CreateCoordinatorTask':
      return { en: `A coordinator was asked to help (${command.reason})`, fr: `Un coordonnateur a été sollicité (${command.reason})` };
    case 'NotifyCareTeam':
      return { en: 'Care team notified', fr: 'Équipe soignante prévenue' };
    case 'OfferRebooking':
      return { en: 'A new appointment time was offered', fr: 'Une nouvelle heure de rendez-vous a été proposée' };
    case 'StartFollowUpPlan':
      return { en: 'Follow-up monitoring started', fr: 'Suivi à distance commencé' };
    case 'CloseJourney':
      return { en: `Journey closed: ${command.outcome}, score ${command.score}`, fr: `Parcours terminé : ${command.outcome}, score ${command.score}` };
    case 'ScheduleReminder':
    case 'CancelReminder':
    case 'ScheduleTimer':
    case 'CancelTimer':
      return undefined;
  }
}

function acuityFr(acuity: string): string {
  return acuity === 'critical' ? 'critique' : acuity === 'urgent' ? 'urgent' : 'courant';
}
