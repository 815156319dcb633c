/** Node-only parts of nn/ (file input and output). */
export { loadMlp, loadModel, modelPaths, readModelFiles, saveModel } from './io.js';
