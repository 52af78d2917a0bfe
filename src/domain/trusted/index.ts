// Public surface of the trusted-trader registry: AEO authorisations, their lookup on a day, and the benefits they give.
export {
  aeoScopes,
  aeoStatuses,
  authorisationProblems,
  type AeoAuthorisation,
  type AeoAuthority,
  type AeoIdentifiers,
  type AeoScope,
  type AeoStatus,
  type MutualRecognition,
  type Problem,
} from './authorisation.ts';
export { covering, inForceOn, keysOf, registryOn, type RegistryEntry } from './registry.ts';
export { benefitProblems, DEFAULT_BENEFITS, type AeoBenefits } from './benefits.ts';
