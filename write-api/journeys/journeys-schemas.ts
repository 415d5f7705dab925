import { z } from 'zod';

const place = z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).strict();
const id = z.string().regex(/^[A-Za-z0-9\-_.:]{1,200}$/, 'must be 1 to 200 letters, digits, "-", "_", "." or ":"');

export const journeyIdParam = id;

export const transportNeedsBody = z
  .object({
    patientId: id,
    mobility: z.enum(['independent', 'needs-assistance', 'wheelchair', 'stretcher']),
    pickup: place,
    destination: place.nullable().default(null),
  })
  .strict();
export type TransportNeedsBody = z.infer<typeof transportNeedsBody>;

export const attendanceBody = z.object({ patientId: id, attended: z.boolean() }).strict();
export type AttendanceBody = z.infer<typeof attendanceBody>;

export const emergencyVisitBody = z.object({ patientId: id, facilityId: id, outcome: z.enum(['handed-over', 'admitted', 'discharged']) }).strict();
export type EmergencyVisitBody = z.infer<typeof emergencyVisitBody>;

export const journeyRideBody = z
  .object({
    rideId: id.optional(),
    mode: z.enum(['ambulance', 'non-urgent-transfer', 'accessible-vehicle', 'assisted-ride', 'standard-ride', 'public-transit', 'self']),
    pickup: place,
    dropoff: place,
    arriveBy: z.string().datetime({ offset: true, message: 'must be an ISO 8601 timestamp' }),
    partnerId: id.optional(),
  })
  .strict();
export type JourneyRideBody = z.infer<typeof journeyRideBody>;

export const partnerUpdateBody = z
  .object({
    partnerId: id,
    status: z.string().min(1).max(50),
    occurredAt: z.string().datetime({ offset: true, message: 'must be an ISO 8601 timestamp' }),
    driverName: z.string().max(100).optional(),
    vehicle: z.string().max(100).optional(),
    etaAt: z.string().optional(),
    position: place.optional(),
    reason: z.string().max(500).optional(),
  })
  .strict();
export type PartnerUpdateBody = z.infer<typeof partnerUpdateBody>;
