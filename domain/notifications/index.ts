// Public surface of the notifications context: message templates and delivery events.

export * from './notification-events';
export { renderMessage, type MessageTemplate, type RenderedMessage, type TemplateLanguage } from './templates';
export { contactPreferencesDecider, type SetContactPreferences } from './contact-preferences';
export { deliveryReportDecider, twilioOutcome, type DeliveryOutcome, type DeliveryReport } from './delivery-reports';
