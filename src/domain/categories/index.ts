// Public surface of IRG categorisation.
export { categorise } from './categorise.ts';
