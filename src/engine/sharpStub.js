// transformers.js imports sharp (image decoding) even for text models. Rerank Lens never touches
// images, so the bundle gets this stub instead of a 30 MB native module. A function default export
// (not null) is required: transformers.js checks `typeof sharp` at import time.
module.exports = function sharpUnavailable() {
  throw new Error('Rerank Lens: image processing (sharp) is not bundled; only text models are supported.');
};
module.exports.default = module.exports;
