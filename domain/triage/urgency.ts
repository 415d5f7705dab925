// From a CTAS level to what the patient is told to do. Levels 2 and 3 share the "urgent" class
// because CTAS expects a physician within 15 and 30 minutes for them, so both need same-day care
// able to start emergency treatment; they still get different actions, because a level 2 cannot
// wait for an urgent care centre while a level 3 can be seen there within a few hours.

import type { Bilingual } from './intake/catalogue';
import type { CtasLevel } from './findings';

export type UrgencyClass = 'critical' | 'urgent' | 'routine' | 'non-urgent';

export type RecommendedAction =
  | 'call-911'
  | 'emergency-department-now'
  | 'urgent-care-within-hours'
  | 'book-primary-care'
  | 'self-care';

export interface Recommendation {
  urgency: UrgencyClass;
  action: RecommendedAction;
  message: Bilingual;
}

const safetyNet: Bilingual = {
  en: 'If you get worse, have trouble breathing, chest pain, confusion or new symptoms, call 911 or Health811 right away.',
  fr: 'Si votre état s\'aggrave, ou si vous avez du mal à respirer, une douleur thoracique, de la confusion ou de nouveaux symptômes, appelez le 911 ou Santé811 immédiatement.',
};

const recommendations: Readonly<Record<CtasLevel, Recommendation>> = {
  1: {
    urgency: 'critical',
    action: 'call-911',
    message: {
      en: 'Call 911 now. Do not drive yourself. Unlock the door and stay on the line with the dispatcher.',
      fr: 'Appelez le 911 maintenant. Ne conduisez pas vous-même. Déverrouillez la porte et restez en ligne avec le répartiteur.',
    },
  },
  2: {
    urgency: 'urgent',
    action: 'emergency-department-now',
    message: {
      en: `Go to the nearest emergency department now. Have someone drive you, or call 911 if you cannot get there safely. ${safetyNet.en}`,
      fr: `Rendez-vous à l'urgence la plus proche maintenant. Faites-vous conduire, ou appelez le 911 si vous ne pouvez pas y aller en sécurité. ${safetyNet.fr}`,
    },
  },
  3: {
    urgency: 'urgent',
    action: 'urgent-care-within-hours',
    message: {
      en: `Get seen today, within a few hours, at an urgent care centre or an emergency department. ${safetyNet.en}`,
      fr: `Consultez aujourd'hui, d'ici quelques heures, dans une clinique de soins urgents ou à l'urgence. ${safetyNet.fr}`,
    },
  },
  4: {
    urgency: 'routine',
    action: 'book-primary-care',
    message: {
      en: `Book an appointment with your family doctor or nurse practitioner in the next 1 to 2 days. ${safetyNet.en}`,
      fr: `Prenez rendez-vous avec votre médecin de famille ou votre infirmière praticienne dans les 1 à 2 prochains jours. ${safetyNet.fr}`,
    },
  },
  5: {
    urgency: 'non-urgent',
    action: 'self-care',
    message: {
      en: `You can likely care for this at home: rest, drink fluids, and ask a pharmacist about over-the-counter treatment. Book with your family doctor if it is not better in a few days. ${safetyNet.en}`,
      fr: `Vous pouvez probablement vous soigner à la maison : reposez-vous, buvez des liquides et demandez conseil à un pharmacien. Consultez votre médecin de famille si ça ne s'améliore pas dans quelques jours. ${safetyNet.fr}`,
    },
  },
};

export function recommendationFor(level: CtasLevel): Recommendation {
  return recommendations[level];
}
