// A patient's contact preferences: the channel messages use, the language, and the addresses.
// Setting the same preferences again records nothing.

import type { Decider } from '../shared/decider';
import { ValidationError } from '../shared/errors';
import type { ContactChannel, ContactPreferencesSet } from './notification-events';

export type SetContactPreferences = ContactPreferencesSet['data'];

type Preferences = ContactPreferencesSet['data'] | null;

const E164 = /^\+[1-9]\d{6,14}$/;

export const contactPreferencesDecider: Decider<Preferences, SetContactPreferences, ContactPreferencesSet> = {
  initialState: () => null,
  decide: (current, command) => {
    requireAddressFor(command.channel, command);
    if (command.phone !== null && !E164.test(command.phone)) {
      throw ValidationError.forField('phone', 'must be an E.164 number such as +16135550100');
    }
    if (current && sameChoice(current, command)) {
      return [];
    }
    return [{ type: 'ContactPreferencesSet', data: command }];
  },
  evolve: (_state, event) => event.data,
};

function requireAddressFor(channel: ContactChannel, command: SetContactPreferences): void {
  if (channel === 'email' && !command.email) {
    throw ValidationError.forField('email', 'is required when the channel is email');
  }
  if ((channel === 'sms' || channel === 'voice') && !command.phone) {
    throw ValidationError.forField('phone', `is required when the channel is ${channel}`);
  }
}

function sameChoice(a: SetContactPreferences, b: SetContactPreferences): boolean {
  return a.channel === b.channel && a.language === b.language && a.phone === b.phone && a.email === b.email;
}
