/** A vector accepted for writing: plain numbers or a `Float32Array`. */
export type VectorInput = ArrayLike<number>;
