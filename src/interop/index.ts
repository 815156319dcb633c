/** Models out of optlab and back: safetensors with PyTorch names, ONNX for inference. */
export { describeOnnx, exportOnnx, type OnnxOptions } from './onnx.js';
export {
  decodeSafetensors,
  encodeSafetensors,
  type SafeDType,
  type SafeTensor,
} from './safetensors.js';
export { loadStateDict, toStateDict } from './stateDict.js';
