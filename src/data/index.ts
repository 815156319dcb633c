/**
 * data/: datasets as typed arrays, the IDX format, MNIST and Fashion-MNIST,
 * synthetic sets, normalisation, splits and minibatch samplers.
 *
 * `./core.js` is browser-safe; `./node/index.js` needs Node (fs, zlib, crypto).
 */
export * from './core.js';
export * from './node/index.js';
