/** Inclusive `[min, max]` of an integer option. */
export type IntegerRange = readonly [min: number, max: number];
