export {
  type AtomicData,
  isAtomicTempName,
  tempPathFor,
  type WriteAtomicOptions,
  type WriteJsonOptions,
  writeFileAtomic,
  writeFileAtomicSync,
  writeJsonAtomic,
  writeJsonAtomicSync,
} from './fs.js';
