// Stand-in for the image library sharp, which transformers.js imports eagerly.
// Only text embedding is used, so any call is a programming error.
module.exports = function sharp() {
  throw new Error('Image processing is not available in this build');
};
