// Fault injection shared by the emulators: seeded rules, an injector to consult, an admin endpoint.
export { type AdminResponse, FAULT_ADMIN_PATH, handleFaultAdmin } from './admin.ts';
export { type FaultEvent, FaultInjector, type FaultQuery, faultError } from './injector.ts';
export { deriveSeed, type Random, seededRandom } from './random.ts';
export { FAULT_KINDS, type FaultRule, type FaultRuleInput, faultRuleSchema, parseFaultRule } from './rule.ts';
