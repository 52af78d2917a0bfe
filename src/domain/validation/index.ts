// Public surface of filing validation.
export { validateFiling, toFieldErrors, capErrors, type FieldError, type Validation } from './validate.ts';
export { s10CheckDigit, s10Problem, looksLikeS10 } from './s10.ts';
export { isIossNumber } from './ioss.ts';
export { isCountry, isCurrency, currencyDigits } from './codes.ts';
export { createAjv, isInstant } from './ajv.ts';
