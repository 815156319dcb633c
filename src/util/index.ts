export {
  type AtomicData,
  isAtomicTempName,
  makeDir,
  tempPathFor,
  type WriteAtomicOptions,
  type WriteJsonOptions,
  writeFileAtomic,
  writeFileAtomicSync,
  writeJsonAtomic,
  writeJsonAtomicSync,
} from './fs.js';
