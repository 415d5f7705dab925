// A jest environment for tests that run onnxruntime-node. The native binding creates typed
// arrays in Node's own realm, while jest runs each test file in a separate vm context whose
// typed-array constructors differ, so onnxruntime's `instanceof` checks on outputs fail there.
// Sharing the outer realm's constructors makes both sides agree.
const { TestEnvironment } = require('jest-environment-node');

const sharedConstructors = [
  'ArrayBuffer',
  'Float32Array',
  'Float64Array',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'BigInt64Array',
  'BigUint64Array',
];

class OnnxTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of sharedConstructors) {
      this.global[name] = globalThis[name];
    }
  }
}

module.exports = OnnxTestEnvironment;
