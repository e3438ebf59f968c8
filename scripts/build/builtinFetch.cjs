// Stands in for cross-fetch in the Node bundles: Node 20 has fetch built in, and cross-fetch would bring node-fetch,
// whatwg-url and tr46 (a sixth of the server). Looked up at each call, so that a replaced global is used.
function fetch(input, init) {
  return globalThis.fetch(input, init);
}
module.exports = exports = fetch;
exports.fetch = fetch;
exports.default = fetch;
Object.defineProperties(exports, {
  Headers: { get: () => globalThis.Headers, enumerable: true },
  Request: { get: () => globalThis.Request, enumerable: true },
  Response: { get: () => globalThis.Response, enumerable: true },
});
