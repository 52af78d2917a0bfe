// Public surface of clearance: statuses, transitions, the lane interface to the risk engine, and the consignment life cycle.
export { transition, isDecided, type Transition } from './status.ts';
export { findingsLane, findingsOnly, WARNING_WEIGHT, type RiskJudge, type Judgement } from './lane.ts';
export { applyFiling, arrive, assess, absorb, newConsignment } from './consignment.ts';
export { statusChange, SYSTEM_ACTOR, type Effect, type ConsignmentState } from './state.ts';
export { basketOf, type Rules, type RevenueLookups } from './basket.ts';
export { pay, release, returnGoods } from './collection.ts';
export { recordInspection, inspectionResults, controlKinds, isHit, type InspectionInput, type InspectionResult, type ControlKind } from './inspection.ts';
export { refer, decideAsAgency, correctAssessment, conclude, agencyHolds, referralsFor, agencyDecisions, type AgencyDecision, type CorrectedAssessment } from './operations.ts';
export { outgoingDeclaration, type Outgoing } from './exchange.ts';
