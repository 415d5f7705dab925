// Public surface of the logistics context: transport decisions and costs, rides, medication
// deliveries, equipment orders and the sandbox dispatcher.

export * from './equipment-order';
export { estimatedRoadKm, interpolate, ROAD_DETOUR_FACTOR, straightLineKm } from './geo';
export * from './medication-delivery';
export * from './ride';
export { SANDBOX_PARTNER_ID, simulateSandboxDispatch, type SandboxOptions, type SandboxRideRequest } from './sandbox-dispatcher';
export * from './transport';
